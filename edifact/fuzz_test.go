package edifact_test

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"meridian"
	"meridian/edifact"
)

// addGTAS adds the real messages of one folder of the GTAS fixtures to the
// seeds when they are beside the repository; the committed corpus
// (testdata/fuzz) holds the project's own messages.
func addGTAS(f *testing.F, dir string) {
	files, _ := filepath.Glob(filepath.Join(gtasDir, dir, "*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
}

// checkParse parses data and checks what every input must give: manifests
// that encode as JSON, or an EInvalid error and nothing else; never a
// panic.
func checkParse(t *testing.T, data []byte) {
	ms, err := edifact.Parse(strings.NewReader(string(data)))
	if err != nil {
		var e *meridian.Error
		if !errors.As(err, &e) || e.Kind != meridian.EInvalid || ms != nil {
			t.Fatalf("error %v (%T) with %d manifests", err, err, len(ms))
		}
		if !strings.Contains(e.Message, "segment ") || !strings.Contains(e.Message, " at byte ") {
			t.Fatalf("error without a position: %v", err)
		}
		return
	}
	for _, m := range ms {
		if _, err := json.Marshal(m); err != nil {
			t.Fatal(err)
		}
		for _, w := range m.Warnings {
			if w.Offset < 0 || w.Offset > int64(len(data)) {
				t.Fatalf("warning outside the input: %v", w)
			}
		}
	}
}

func FuzzReader(f *testing.F) {
	addGTAS(f, "apis-messages")
	addGTAS(f, "pnr-messages")
	f.Fuzz(func(t *testing.T, data []byte) {
		r := edifact.NewReader(strings.NewReader(string(data)))
		last := int64(-1)
		for range 100000 {
			s, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				if meridian.KindOf(err) != meridian.EInvalid {
					t.Fatalf("%v", err)
				}
				return
			}
			if s.Offset <= last || s.Offset >= int64(len(data)) || len(s.Tag) != 3 {
				t.Fatalf("segment %d %q at %d after %d", s.Number, s.Tag, s.Offset, last)
			}
			last = s.Offset
			for e := -1; e <= s.Len(); e++ {
				for c := -1; c <= s.Components(e); c++ {
					_ = s.Value(e, c)
				}
			}
			_ = s.String()
		}
		t.Fatal("more than 100000 segments")
	})
}

func FuzzPAXLST(f *testing.F) {
	addGTAS(f, "apis-messages")
	f.Fuzz(checkParse)
}

func FuzzPNRGOV(f *testing.F) {
	addGTAS(f, "pnr-messages")
	f.Fuzz(checkParse)
}
