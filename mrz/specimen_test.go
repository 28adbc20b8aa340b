package mrz_test

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"meridian"
	"meridian/mrz"
)

// specimens is the project's file of ICAO specimens: comment lines (#),
// then blocks of a description line and the MRZ lines, separated by blank
// lines.
const specimens = "../../shared/testdata/mrz/icao-9303-specimens.txt"

type specimen struct {
	line        int
	description string
	mrz         string
}

func readSpecimens(t *testing.T) (header string, blocks []specimen) {
	t.Helper()
	f, err := os.Open(specimens)
	if err != nil {
		t.Fatalf("the specimens belong beside the repository: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var cur *specimen
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#"):
			header += strings.TrimPrefix(line, "#") + " "
		case strings.TrimSpace(line) == "":
			cur = nil
		case cur == nil:
			blocks = append(blocks, specimen{line: n, description: line})
			cur = &blocks[len(blocks)-1]
		default:
			cur.mrz += line + "\n"
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(header), " "), blocks
}

// TestSpecimens parses every specimen and checks it against what the file
// says: the holder in its header, the format, number and personal number
// in each description, and every check digit valid unless a description
// calls its specimen invalid.
func TestSpecimens(t *testing.T) {
	header, blocks := readSpecimens(t)
	if len(blocks) == 0 {
		t.Fatal("no specimens")
	}
	holder := regexp.MustCompile(`surname (\w+), given names ([A-Z ]+), issuing state and nationality (\w+), born (\d{4}-\d\d-\d\d), sex (\w), expires (\d{4}-\d\d-\d\d)`).FindStringSubmatch(header)
	if holder == nil {
		t.Fatalf("header says no expected holder: %q", header)
	}
	number := regexp.MustCompile(`document number (\w+)`)
	personal := regexp.MustCompile(`personal number (\w+)`)
	for _, s := range blocks {
		kind, _, _ := strings.Cut(s.description, " ")
		t.Run(kind, func(t *testing.T) {
			m, err := mrz.ParseAt(s.mrz, today)
			if err != nil {
				t.Fatalf("line %d: %v", s.line, err)
			}
			if string(m.Format) != kind {
				t.Errorf("format %s, file says %s", m.Format, kind)
			}
			if m.Name.Primary != holder[1] || m.Name.Secondary != holder[2] {
				t.Errorf("name %+v", m.Name)
			}
			if m.IssuingState.Code != holder[3] || m.Nationality.Code != holder[3] {
				t.Errorf("state %+v nationality %+v", m.IssuingState, m.Nationality)
			}
			if m.BirthDate.Date != meridian.Date(holder[4]) || string(m.Sex) != holder[5] || m.ExpiryDate.Date != meridian.Date(holder[6]) {
				t.Errorf("born %s sex %s expires %s", m.BirthDate.Date, m.Sex, m.ExpiryDate.Date)
			}
			if want := number.FindStringSubmatch(s.description); want == nil || m.DocumentNumber != want[1] {
				t.Errorf("number %q, file says %q", m.DocumentNumber, s.description)
			}
			if want := personal.FindStringSubmatch(s.description); want != nil && m.OptionalData != want[1] {
				t.Errorf("personal number %q, file says %q", m.OptionalData, want[1])
			}
			wantValid := !strings.Contains(strings.ToLower(s.description), "invalid")
			if m.Valid != wantValid {
				t.Errorf("valid %v, file says %v: %s", m.Valid, wantValid, verdicts(m))
			}
			if wantValid && (len(m.Confusions) > 0 || len(m.Warnings) > 0) {
				t.Errorf("confusions %+v warnings %+v", m.Confusions, m.Warnings)
			}
		})
	}
}
