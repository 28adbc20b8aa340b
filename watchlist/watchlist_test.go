package watchlist_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/watchlist"
)

// readFunc is ReadCSV or ReadFtM.
type readFunc func(io.Reader, string, func(watchlist.Entry) error) ([]watchlist.LineError, error)

// validate is fn as the importer calls it: the entry marked like a new
// record, then validated by the domain.
func validate(e watchlist.Entry) error {
	var m meridian.Marking
	if e.Person != nil {
		m.Apply(&e.Person.Meta)
		return e.Person.Validate()
	}
	m.Apply(&e.Document.Meta)
	return e.Document.Validate()
}

var errStore = errors.New("store unavailable")

// errCase is one bad input and what reading it must report.
type errCase struct {
	name  string
	in    string
	fn    func(watchlist.Entry) error // nil: validate
	want  []watchlist.LineError       // Message: a part of the message
	fatal string                      // a part of the fatal error; "" for none
	lines []int                       // lines of the entries fn accepted
}

func runErrCases(t *testing.T, read readFunc, tests []errCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := tt.fn
			if fn == nil {
				fn = validate
			}
			var lines []int
			errs, err := read(strings.NewReader(tt.in), meridian.CategorySuspect, func(e watchlist.Entry) error {
				if err := fn(e); err != nil {
					return err
				}
				lines = append(lines, e.Line)
				return nil
			})
			checkErrs(t, errs, tt.want)
			checkFatal(t, err, tt.fatal)
			if !slices.Equal(lines, tt.lines) {
				t.Errorf("entries accepted on lines %v, want %v", lines, tt.lines)
			}
		})
	}
}

func checkErrs(t *testing.T, got, want []watchlist.LineError) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = got[i].Line == want[i].Line && got[i].Field == want[i].Field && strings.Contains(got[i].Message, want[i].Message)
	}
	if !ok {
		t.Errorf("line errors:\n%s\nwant (messages in part):\n%s", errList(got), errList(want))
	}
}

func errList(es []watchlist.LineError) string {
	if len(es) == 0 {
		return "\t(none)"
	}
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "\t%d %q %q\n", e.Line, e.Field, e.Message)
	}
	return b.String()
}

func checkFatal(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("fatal error %v, want none", err)
	case want != "" && err == nil:
		t.Errorf("no fatal error, want one with %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Errorf("fatal error %q, want one with %q", err, want)
	}
}

func checkEntries(t *testing.T, got, want []watchlist.Entry) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("entries:\n%s\nwant:\n%s", g, w)
	}
}

// names is one person's names in many scripts, as agencies send them: they
// must reach the store byte for byte, NFD accents and RTL text included.
var names = []string{
	"Иван Петрович Сидоров",
	"أحمد علي حسن",
	"王小明",
	"สมชาย ใจดี",
	"Γιώργος Παπαδόπουλος",
	"Nguye\u0302\u0303n Va\u0306n An", // decomposed (NFD)
	"Nguyễn Văn An",                   // composed (NFC)
	"राम कुमार",
	"דוד כהן",
	"Ṣàngó Adébáyọ̀",
	"김민준",
	"O'Brien-Ní Dhomhnaill",
}

func TestLineError_Error(t *testing.T) {
	for _, tt := range []struct {
		e    watchlist.LineError
		want string
	}{
		{watchlist.LineError{Line: 12, Field: "birth_date", Message: "must be YYYY, YYYY-MM or YYYY-MM-DD"}, "line 12: birth_date: must be YYYY, YYYY-MM or YYYY-MM-DD"},
		{watchlist.LineError{Line: 3, Message: "has 2 fields, want 12 as in the header"}, "line 3: has 2 fields, want 12 as in the header"},
	} {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	b, err := json.Marshal(watchlist.LineError{Line: 3, Message: "m"})
	if err != nil || string(b) != `{"line":3,"message":"m"}` {
		t.Errorf("JSON = %s, %v", b, err)
	}
}

func TestMultiScriptNames(t *testing.T) {
	var csvIn, ftmIn strings.Builder
	csvIn.WriteString("kind,name,aliases\n")
	fmt.Fprintf(&csvIn, "person,%s,%s\n", names[0], strings.Join(names[1:], ";"))
	props, _ := json.Marshal(map[string][]string{"name": names[:1], "alias": names[1:]})
	fmt.Fprintf(&ftmIn, `{"id":"x","schema":"Person","properties":%s}`+"\n", props)

	for _, tt := range []struct {
		name string
		read readFunc
		in   string
	}{
		{"CSV", watchlist.ReadCSV, csvIn.String()},
		{"FtM", watchlist.ReadFtM, ftmIn.String()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			errs, err := tt.read(strings.NewReader(tt.in), meridian.CategoryWanted, func(e watchlist.Entry) error {
				if err := validate(e); err != nil {
					return err
				}
				for _, n := range e.Person.Names {
					got = append(got, n.Full)
				}
				return nil
			})
			if errs != nil || err != nil {
				t.Fatalf("errors %v, %v", errs, err)
			}
			if !slices.Equal(got, names) {
				t.Errorf("names %q,\nwant %q", got, names)
			}
		})
	}
}

func TestMaxErrors(t *testing.T) {
	bad := map[string]struct {
		read         readFunc
		header, line string
	}{
		"CSV": {watchlist.ReadCSV, "kind,name\n", "vehicle,x\n"},
		"FtM": {watchlist.ReadFtM, "", `{"schema":"Person"}` + "\n"},
	}
	for name, b := range bad {
		t.Run(name, func(t *testing.T) {
			for _, tt := range []struct {
				n        int
				wantErrs int
				fatal    string
			}{
				{watchlist.MaxErrors - 1, watchlist.MaxErrors - 1, ""},
				{watchlist.MaxErrors + 500, watchlist.MaxErrors, "after 1000 errors"},
			} {
				in := b.header + strings.Repeat(b.line, tt.n)
				errs, err := b.read(strings.NewReader(in), "wanted", validate)
				if len(errs) != tt.wantErrs {
					t.Errorf("%d bad lines: %d line errors, want %d", tt.n, len(errs), tt.wantErrs)
				}
				checkFatal(t, err, tt.fatal)
				if err != nil && meridian.KindOf(err) != meridian.EInvalid {
					t.Errorf("kind %s, want invalid", meridian.KindOf(err))
				}
			}
		})
	}
	t.Run("LastLineTrimmed", func(t *testing.T) {
		// Each line has three errors: the 334th line's last two are too many.
		in := "kind,name,doc_state,doc_type,doc_status\n" + strings.Repeat("person,x,DE,passport,stolen\n", 600)
		errs, err := watchlist.ReadCSV(strings.NewReader(in), "wanted", validate)
		if len(errs) != watchlist.MaxErrors {
			t.Errorf("%d line errors, want %d", len(errs), watchlist.MaxErrors)
		}
		checkFatal(t, err, "stopped at line 335 after 1000 errors")
	})
}
