package main

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

const (
	mrzTD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
	mrzTD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\n"
)

// mrzOut is the part of `meridian mrz parse` output the tests look at.
type mrzOut struct {
	InputLine      int      `json:"input_line"`
	Format         string   `json:"format"`
	Lines          []string `json:"lines"`
	DocumentNumber string   `json:"document_number"`
	DocumentType   string   `json:"document_type"`
	Name           struct{ Primary, Secondary string }
	BirthDate      struct{ Raw, Date string }  `json:"birth_date"`
	Sex            string                      `json:"sex"`
	IssuingState   struct{ Code, Kind string } `json:"issuing_state"`
	Checks         []struct {
		Field string
		Valid bool
	} `json:"checks"`
	Valid      bool `json:"valid"`
	Confusions []struct {
		Field, Found, Likely string
		Line, Column         int
		Fixes                []string
	} `json:"confusions"`
}

func decodeMRZs(t *testing.T, out string) []mrzOut {
	t.Helper()
	var all []mrzOut
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var m mrzOut
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			return all
		}
		if err != nil {
			t.Fatalf("output is not a stream of JSON objects: %v\n%s", err, out)
		}
		all = append(all, m)
	}
}

func TestMRZParse(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		out, stderr, code := cli(t, mrzTD3, "mrz", "parse")
		ms := decodeMRZs(t, out)
		if code != 0 || stderr != "" || len(ms) != 1 {
			t.Fatalf("%q %q %d", out, stderr, code)
		}
		m := ms[0]
		if m.Format != "TD3" || m.DocumentNumber != "L898902C3" || m.DocumentType != "passport" || m.Name.Primary != "ERIKSSON" ||
			m.Name.Secondary != "ANNA MARIA" || m.BirthDate.Date != "1974-08-12" || m.Sex != "F" || m.IssuingState.Kind != "specimen" ||
			!m.Valid || len(m.Checks) != 5 || m.InputLine != 1 {
			t.Errorf("%+v", m)
		}
		for _, c := range m.Checks {
			if !c.Valid || c.Field == "" {
				t.Errorf("check %+v", c)
			}
		}
		// Fillers stay readable, not escaped as \u003c.
		if !strings.Contains(out, `"P<UTOERIKSSON<<ANNA<MARIA`) {
			t.Errorf("fillers escaped: %s", out)
		}
	})
	t.Run("Several", func(t *testing.T) {
		in := "\r\n" + strings.ReplaceAll(strings.ToLower(mrzTD3), "\n", "  \r\n") + "\r\n\r\n" + mrzTD1 + "\n\n\n" +
			strings.Replace(mrzTD3, "L898902C3", "L8989O2C3", 1)
		out, stderr, code := cli(t, in, "mrz", "parse")
		ms := decodeMRZs(t, out)
		if code != 0 || stderr != "" || len(ms) != 3 {
			t.Fatalf("%q %q %d", out, stderr, code)
		}
		if ms[0].InputLine != 2 || ms[1].InputLine != 6 || ms[2].InputLine != 12 || ms[0].Format != "TD3" || ms[1].Format != "TD1" || !ms[0].Valid || !ms[1].Valid {
			t.Errorf("%+v", ms)
		}
		// The misread O is reported, with the digit it should be, and not
		// corrected.
		m := ms[2]
		if m.Valid || m.DocumentNumber != "L8989O2C3" || len(m.Confusions) != 1 {
			t.Fatalf("%+v", m)
		}
		if c := m.Confusions[0]; c.Field != "document_number" || c.Line != 2 || c.Column != 6 || c.Found != "O" || c.Likely != "0" ||
			strings.Join(c.Fixes, ",") != "document_number,composite" {
			t.Errorf("%+v", c)
		}
	})
	t.Run("Today", func(t *testing.T) {
		in := strings.Replace(mrzTD1, "7408122F", "2606015F", 1)
		for _, tc := range []struct{ today, want string }{{"2026-06-01", "2026-06-01"}, {"2026-05-31", "1926-06-01"}} {
			out, _, code := cli(t, in, "mrz", "parse", "--today", tc.today)
			if ms := decodeMRZs(t, out); code != 0 || len(ms) != 1 || ms[0].BirthDate.Date != tc.want {
				t.Errorf("--today %s: %q %d", tc.today, out, code)
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		in := mrzTD3 + "\n" + "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<\n\n" + mrzTD1
		out, stderr, code := cli(t, in, "mrz", "parse")
		ms := decodeMRZs(t, out)
		if code != 1 || len(ms) != 2 || ms[1].InputLine != 7 {
			t.Fatalf("%q %d", out, code)
		}
		for _, want := range []string{"1 of 3 MRZs unreadable", "line 5 (MRZ line 2): has 35 characters, want 36"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr %q lacks %q", stderr, want)
			}
		}
		if strings.Count(stderr, "\n") != 1 {
			t.Errorf("stderr not one line: %q", stderr)
		}
		for _, tc := range []struct{ in, want string }{
			{"", "no MRZ on standard input"},
			{" \n\n", "no MRZ on standard input"},
			{mrzTD3 + mrzTD3, "MRZ at line 1: 4 lines, want 2"},
			{"P<UTO%\nL898", "line 1 (MRZ line 1): column 6"},
		} {
			_, stderr, code := cli(t, tc.in, "mrz", "parse")
			if code != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("%q: %q %d", tc.in, stderr, code)
			}
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		for _, args := range [][]string{{"mrz"}, {"mrz", "read"}, {"mrz", "parse", "--today", "1 May"}, {"mrz", "parse", "extra"}} {
			if _, _, code := cli(t, mrzTD3, args...); code != 2 {
				t.Errorf("%q: exit %d", args, code)
			}
		}
	})
}
