package http

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// jsonFlaw walks a body that json.Valid accepted and finds what
// encoding/json would accept silently but a person did not mean: an
// object key given twice (or twice but for case, since encoding/json
// matches a field's name without regard to case), of which only the last
// counts, so that a schema check and a reader can see different values;
// and a lone UTF-16 surrogate escape (\ud800), which it turns into U+FFFD,
// storing something no one wrote. It returns where (as "body.names[0].full")
// and what, or "" when the body is sound.
func jsonFlaw(b []byte) (where, what string) {
	s := jsonScan{b: b}
	defer func() {
		if r := recover(); r != nil {
			if f, ok := r.(jsonFlawErr); ok {
				where, what = f.where, f.what
				return
			}
			panic(r)
		}
	}()
	s.value("body")
	return "", ""
}

type jsonFlawErr struct{ where, what string }

type jsonScan struct {
	b []byte
	i int
}

func (s *jsonScan) fail(where, format string, args ...any) {
	panic(jsonFlawErr{where, fmt.Sprintf(format, args...)})
}

func (s *jsonScan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScan) value(path string) {
	s.ws()
	if s.i >= len(s.b) {
		return
	}
	switch s.b[s.i] {
	case '{':
		s.i++
		seen := map[string]string{}
		for {
			s.ws()
			if s.b[s.i] == '}' {
				s.i++
				return
			}
			if s.b[s.i] == ',' {
				s.i++
				s.ws()
			}
			key := s.str(path)
			at := path + "." + shortKey(key)
			fk := foldKey(key)
			if prev, dup := seen[fk]; dup {
				if prev == key {
					s.fail(at, "duplicate key %q: give each key once", shortKey(key))
				}
				s.fail(at, "key %q repeats key %q but for case: give each key once", shortKey(key), shortKey(prev))
			}
			seen[fk] = key
			s.ws()
			s.i++ // ':'
			s.value(at)
			s.ws()
		}
	case '[':
		s.i++
		for n := 0; ; n++ {
			s.ws()
			if s.b[s.i] == ']' {
				s.i++
				return
			}
			if s.b[s.i] == ',' {
				s.i++
			}
			s.value(path + "[" + strconv.Itoa(n) + "]")
			s.ws()
			if s.b[s.i] == ']' {
				s.i++
				return
			}
		}
	case '"':
		s.str(path)
	default: // a number, true, false or null
		for s.i < len(s.b) && !strings.ContainsRune(",]} \t\r\n", rune(s.b[s.i])) {
			s.i++
		}
	}
}

// str reads a string at s.i and returns it decoded, refusing a lone
// surrogate escape.
func (s *jsonScan) str(path string) string {
	s.i++ // opening quote
	var out strings.Builder
	for {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return out.String()
		case c != '\\':
			out.WriteByte(c)
			s.i++
			continue
		}
		e := s.b[s.i+1]
		s.i += 2
		switch e {
		case 'u':
			r := s.hex4()
			switch {
			case r >= 0xDC00 && r <= 0xDFFF:
				s.fail(path, "a lone UTF-16 surrogate escape \\u%04x: not a character", r)
			case r >= 0xD800 && r <= 0xDBFF:
				if s.i+6 > len(s.b) || s.b[s.i] != '\\' || s.b[s.i+1] != 'u' {
					s.fail(path, "a lone UTF-16 surrogate escape \\u%04x: not a character", r)
				}
				s.i += 2
				lo := s.hex4()
				if lo < 0xDC00 || lo > 0xDFFF {
					s.fail(path, "a lone UTF-16 surrogate escape \\u%04x: not a character", r)
				}
				out.WriteRune(0x10000 + (r-0xD800)<<10 + (lo - 0xDC00))
			default:
				out.WriteRune(r)
			}
		case 'b':
			out.WriteByte('\b')
		case 'f':
			out.WriteByte('\f')
		case 'n':
			out.WriteByte('\n')
		case 'r':
			out.WriteByte('\r')
		case 't':
			out.WriteByte('\t')
		default: // " \ /
			out.WriteByte(e)
		}
	}
}

func (s *jsonScan) hex4() rune {
	n, _ := strconv.ParseUint(string(s.b[s.i:s.i+4]), 16, 32)
	s.i += 4
	return rune(n)
}

// foldKey maps a key to one spelling of all the keys equal to it under
// Unicode simple case folding, as encoding/json matches field names.
func foldKey(k string) string {
	var b strings.Builder
	for _, r := range k {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(m)
	}
	return b.String()
}

// shortKey keeps a key short enough to name in a problem.
func shortKey(k string) string {
	if len(k) <= 64 {
		return k
	}
	n := 64
	for n > 0 && !utf8.RuneStart(k[n]) {
		n--
	}
	return k[:n] + "…"
}
