package edifact_test

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"meridian"
	"meridian/edifact"
)

// segments reads every segment of in, rendered with the default
// delimiters, which shows how each was split and unescaped.
func segments(t *testing.T, in string) []string {
	t.Helper()
	r := edifact.NewReader(strings.NewReader(in))
	var out []string
	for {
		s, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		out = append(out, s.String())
	}
}

func TestReader(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"NoUNA", "UNB+UNOA:4+S+R+240929:1200+1'UNZ+0+1'",
			[]string{"UNB+UNOA:4+S+R+240929:1200+1'", "UNZ+0+1'"}},
		{"CustomUNA", "UNA|*.#^!UNB*UNOA|4*S*R*240929|1200*1!FTX*AAI***A:B+C'D!UNZ*0*1!",
			[]string{"UNA'", "UNB+UNOA:4+S+R+240929:1200+1'", "FTX+AAI+++A?:B?+C?'D'", "UNZ+0+1'"}},
		{"ReleaseBeforeEachDelimiter", "UNB+UNOA:4+S+R+1+1'FTX+A?:B+C?+D+E?'F+G??+H?.I'",
			[]string{"UNB+UNOA:4+S+R+1+1'", "FTX+A?:B+C?+D+E?'F+G??+H.I'"}},
		{"ReleaseBeforeTerminatorAtEnd", "UNB+UNOA:4+S+R+1+1'FTX+A??'FTX+B?''",
			[]string{"UNB+UNOA:4+S+R+1+1'", "FTX+A??'", "FTX+B?''"}},
		{"CustomRelease", "UNA:+.\\*'UNB+IATA:1+S+R+1+1'LTS+0/O/SS/SQ \\*1A/E\\* /14\\:30\\+X\\'Y\\\\'",
			[]string{"UNA'", "UNB+IATA:1+S+R+1+1'", "LTS+0/O/SS/SQ *1A/E* /14?:30?+X?'Y\\'"}},
		{"NoReleaseCharacter", "UNA:+. *'UNB+UNOA:4+S+R+1+1'FTX+A?B'",
			[]string{"UNA'", "UNB+UNOA:4+S+R+1+1'", "FTX+A??B'"}},
		{"CRLFAndIndentation", "UNA:+.? '\r\n  UNB+UNOA:4+S+R+1+1'\r\n\tUNH+1+PAXLST:D:05B:UN'\n    BGM+745'\n",
			[]string{"UNA'", "UNB+UNOA:4+S+R+1+1'", "UNH+1+PAXLST:D:05B:UN'", "BGM+745'"}},
		{"LineWrapInsideSegment", "UNB+UNOA:4+S+R+1+1'SSR+DOCS:HK::DL:::::/P/GBR/1/GBR/12JUL64/M/23AUG19/SMITHJ\r\nR/JOHN'",
			[]string{"UNB+UNOA:4+S+R+1+1'", "SSR+DOCS:HK::DL:::::/P/GBR/1/GBR/12JUL64/M/23AUG19/SMITHJR/JOHN'"}},
		{"BlankAfterTag", "UNB+UNOA:4+S+R+1+1'UNG +X'", []string{"UNB+UNOA:4+S+R+1+1'", "UNG+X'"}},
		{"EmptySegmentAndElements", "UNB+UNOA:4+S+R+1+1'SRC'TVL+++++474:U'", []string{"UNB+UNOA:4+S+R+1+1'", "SRC'", "TVL+++++474:U'"}},
		{"ByteOrderMark", "\xEF\xBB\xBFUNA:+.? 'UNB+UNOA:4+S+R+1+1'", []string{"UNA'", "UNB+UNOA:4+S+R+1+1'"}},
		{"TwoInterchanges", "UNA*|.? $UNB|UNOA*4|S|R|1|1$UNZ|0|1$\nUNB+UNOA:4+S+R+1+2'UNZ+0+2'",
			[]string{"UNA'", "UNB+UNOA:4+S+R+1+1'", "UNZ+0+1'", "UNB+UNOA:4+S+R+1+2'", "UNZ+0+2'"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := segments(t, tc.in)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestSegmentValues(t *testing.T) {
	r := edifact.NewReader(strings.NewReader("UNB+UNOC:3+S+R+1+1'NAD+FL+++M\xdcLLER: J\xd6RG :ANDREAS+STRA\xdfE 1'"))
	r.Next()
	s, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if s.Tag != "NAD" || s.Number != 2 || s.Offset != 19 || s.Len() != 5 || s.Components(3) != 3 {
		t.Fatalf("%s %d %d %d %d", s.Tag, s.Number, s.Offset, s.Len(), s.Components(3))
	}
	// UNOC is ISO 8859-1; values are trimmed; absent ones are "".
	for _, c := range []struct {
		e, c int
		want string
	}{{0, 0, "FL"}, {3, 0, "MÜLLER"}, {3, 1, "JÖRG"}, {3, 2, "ANDREAS"}, {4, 0, "STRAßE 1"}, {1, 0, ""}, {3, 3, ""}, {9, 0, ""}} {
		if got := s.Value(c.e, c.c); got != c.want {
			t.Errorf("Value(%d, %d) = %q, want %q", c.e, c.c, got, c.want)
		}
	}
	if !s.Is(0, 0, "FL") || s.Is(0, 0, "FM") {
		t.Error("Is")
	}
	c := s.Clone()
	r.Next()
	if c.Value(3, 0) != "MÜLLER" {
		t.Error("a clone must outlive the reader's buffer")
	}
}

// checkErr asserts an EInvalid error with exactly the message want.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	var e *meridian.Error
	if !errors.As(err, &e) || e.Kind != meridian.EInvalid {
		t.Fatalf("got %v (%T), want an EInvalid error", err, err)
	}
	if err.Error() != want {
		t.Errorf("got  %s\nwant %s", err.Error(), want)
	}
}

const (
	unb  = "UNB+UNOA:4+SENDER+RECEIVER+240929:1200+IC1'"
	body = "BGM+745'TDT+20+TK1883+++TK'LOC+125+IST'LOC+87+SKP'NAD+FL+++PETROVIC:DRAGAN'CNT+42:1'"
	msg1 = "UNH+M1+PAXLST:D:05B:UN:IATA'" + body + "UNT+8+M1'"
	unz  = "UNZ+1+IC1'"
)

// at returns the byte offset of the n-th (from 1) occurrence of sub.
func at(s, sub string, n int) int {
	off := 0
	for ; n > 1; n-- {
		off += strings.Index(s[off:], sub) + 1
	}
	return off + strings.Index(s[off:], sub)
}

func TestEnvelopeErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want func(in string) string
	}{
		{"Empty", "", func(string) string { return "edifact: segment 1 at byte 0: no interchange: the input holds no UNB" }},
		{"BlankOnly", " \r\n ", func(string) string { return "edifact: segment 1 at byte 0: no interchange: the input holds no UNB" }},
		{"BadUNAShort", "UNA:+.'", func(string) string {
			return `edifact: segment 1 (UNA) at byte 0: malformed service string advice "UNA:+.'": the input ends after 4 of its 6 service characters`
		}},
		{"BadUNAFiveCharacters", "UNA:+?*'\nUNB+UNOA:4+S+R+1+1'UNZ+0+1'", func(string) string {
			return `edifact: segment 1 (UNA) at byte 0: malformed service string advice "UNA:+?*'\n": service character 6 (segment terminator) is a line break: the advice has fewer than 6 characters`
		}},
		{"BadUNALetter", "UNA:+.? UNB+UNOA:4+S+R+1+1'", func(string) string {
			return `edifact: segment 1 (UNA) at byte 0: malformed service string advice "UNA:+.? U": service character 6 (segment terminator) is the letter or digit 'U': the advice has fewer than 6 characters`
		}},
		{"BadUNADuplicate", "UNA::.? 'UNB+UNOA:4+S+R+1+1'", func(string) string {
			return `edifact: segment 1 (UNA) at byte 0: malformed service string advice "UNA::.? '": component separator and element separator are both ':'`
		}},
		{"BadUNADecimal", "UNA:+?? 'UNB+UNOA:4+S+R+1+1'", func(string) string {
			return `edifact: segment 1 (UNA) at byte 0: malformed service string advice "UNA:+?? '": service character 3 (decimal mark) is '?', not . or ,`
		}},
		{"BadUNAUnicode", "UNA:+.\\*\u00e9 UNB+UNOA:4+S+R+1+1'", func(string) string {
			return `edifact: segment 1 (UNA) at byte 0: malformed service string advice "UNA:+.\\*\xc3": service character 6 (segment terminator) is not a single ASCII character (byte 0xC3); UNA takes one byte each`
		}},
		{"NoUNB", "UNH+1+PAXLST:D:05B:UN'", func(string) string {
			return "edifact: segment 1 (UNH) at byte 0: the input begins with UNH, not UNA or UNB"
		}},
		{"BinaryJunk", "\x00\x01\xfe\xff'UNB+UNOA:4+S+R+1+1'", func(string) string {
			return `edifact: segment 1 at byte 0: malformed segment tag "\x00\x01\xfe\xff": a tag is three letters or digits followed by '+' or '\''`
		}},
		{"BinaryJunkInMessage", unb + "UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'\x89PNG\r\n\x1a\x00'" + "UNT+4+M1'" + unz, func(in string) string {
			return "edifact: segment 4 at byte " + itoa(at(in, "\x89", 1)) + `: malformed segment tag "\x89PNG\r\n\x1a\x00": a tag is three letters or digits followed by '+' or '\''`
		}},
		{"TruncatedSegment", unb + "UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++PETRO", func(in string) string {
			return "edifact: segment 4 (NAD) at byte " + itoa(at(in, "NAD", 1)) + ": truncated segment: the input ends before its terminator '\\''"
		}},
		{"MissingUNZ", unb + msg1, func(in string) string {
			return "edifact: segment 10 at byte " + itoa(len(in)) + `: interchange "IC1" (UNB at segment 1) has no UNZ: the input ends inside it`
		}},
		{"UNHWithoutUNTAtEnd", unb + "UNH+M1+PAXLST:D:05B:UN:IATA'" + body, func(in string) string {
			return "edifact: segment 2 (UNH) at byte " + itoa(at(in, "UNH", 1)) + `: message "M1" has no UNT: the input ends inside it`
		}},
		{"UNHWithoutUNT", unb + "UNH+M1+PAXLST:D:05B:UN:IATA'" + body + msg1 + unz, func(in string) string {
			return "edifact: segment 9 (UNH) at byte " + itoa(at(in, "UNH", 2)) + `: UNH inside message "M1" (UNH at segment 2): the message has no UNT`
		}},
		{"UNZInsideMessage", unb + "UNH+M1+PAXLST:D:05B:UN:IATA'" + body + unz, func(in string) string {
			return "edifact: segment 9 (UNZ) at byte " + itoa(at(in, "UNZ", 1)) + `: UNZ inside message "M1" (UNH at segment 2): the message has no UNT`
		}},
		{"UNTWithoutUNH", unb + body + "UNT+7+M1'" + unz, func(in string) string {
			return "edifact: segment 2 (BGM) at byte " + itoa(at(in, "BGM", 1)) + ": BGM outside a message: no UNH before it"
		}},
		{"UNBInsideInterchange", unb + msg1 + unb + unz, func(in string) string {
			return "edifact: segment 10 (UNB) at byte " + itoa(at(in, "UNB", 2)) + `: UNB inside interchange "IC1" (UNB at segment 1): the interchange has no UNZ`
		}},
		{"UNEWithoutUNG", unb + msg1 + "UNE+1+G1'" + unz, func(in string) string {
			return "edifact: segment 10 (UNE) at byte " + itoa(at(in, "UNE", 1)) + ": UNE without a UNG before it"
		}},
		{"UNGWithoutUNE", unb + "UNG+PAXLST+S+R+240929:1200+G1+UN+D:05B'" + msg1 + unz, func(in string) string {
			return "edifact: segment 11 (UNZ) at byte " + itoa(at(in, "UNZ", 1)) + `: UNZ inside group "G1" (UNG at segment 2): the group has no UNE`
		}},
		{"UNHWithoutReference", unb + "UNH++PAXLST:D:05B:UN'UNT+2+'" + unz, func(in string) string {
			return "edifact: segment 2 (UNH) at byte " + itoa(at(in, "UNH", 1)) + ": UNH without a message reference number"
		}},
		{"NotAPassengerMessage", unb + "UNH+M1+INVOIC:D:96A:UN'BGM+380'UNT+3+M1'" + unz, func(in string) string {
			return "edifact: segment 2 (UNH) at byte " + itoa(at(in, "UNH", 1)) + `: message "M1" is of type INVOIC, not PAXLST or PNRGOV`
		}},
	} {
		t.Run("ErrInvalid/"+tc.name, func(t *testing.T) {
			ms, err := edifact.ParseString(tc.in)
			if ms != nil {
				t.Errorf("a rejected interchange returned %d manifests", len(ms))
			}
			checkErr(t, err, tc.want(tc.in))
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestEnvelopeWarnings(t *testing.T) {
	grp := "UNG+PAXLST+S+R+240929:1200+G1+UN+D:05B'"
	for _, tc := range []struct {
		name string
		in   string
		want func(in string) []string
	}{
		{"Clean", unb + msg1 + unz, func(string) []string { return nil }},
		{"WrongUNTCount", unb + strings.Replace(msg1, "UNT+8", "UNT+0000152", 1) + unz, func(in string) []string {
			return []string{"segment 9 at byte " + itoa(at(in, "UNT", 1)) + `: UNT counts "0000152" segments, the message has 8`}
		}},
		{"MismatchedUNTReference", unb + strings.Replace(msg1, "UNT+8+M1", "UNT+8+M 1", 1) + unz, func(in string) []string {
			return []string{"segment 9 at byte " + itoa(at(in, "UNT", 1)) + `: UNT reference "M 1" differs from the UNH reference "M1"`}
		}},
		{"WrongUNZ", unb + msg1 + "UNZ+2+IC2'", func(in string) []string {
			o := itoa(at(in, "UNZ", 1))
			return []string{"segment 10 at byte " + o + `: UNZ counts "2" messages, the interchange has 1`,
				"segment 10 at byte " + o + `: UNZ reference "IC2" differs from the UNB reference "IC1"`}
		}},
		{"Group", unb + grp + msg1 + "UNE+2+G9'" + unz, func(in string) []string {
			o := itoa(at(in, "UNE", 1))
			return []string{"segment 11 at byte " + o + `: UNE counts "2" messages, the group has 1`,
				"segment 11 at byte " + o + `: UNE reference "G9" differs from the UNG reference "G1"`}
		}},
		{"JunkAfterUNZ", unb + msg1 + unz + "\r\n13Nov09\x00\x00", func(in string) []string {
			return []string{"segment 11 at byte " + itoa(at(in, "13Nov", 1)) + ": 9 bytes after UNZ ignored: they do not begin an interchange"}
		}},
		{"BlankAfterUNZ", unb + msg1 + unz + "\r\n\r\n  ", func(string) []string { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms, err := edifact.ParseString(tc.in)
			if err != nil || len(ms) != 1 {
				t.Fatalf("%v %d", err, len(ms))
			}
			var got []string
			for _, w := range ms[0].Warnings {
				got = append(got, w.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want(tc.in), "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want(tc.in), "\n"))
			}
		})
	}
}

// TestMessageReader checks the envelope details a message carries.
func TestMessageReader(t *testing.T) {
	in := "UNA:+.? '" + unb + "UNG+PAXLST+S:ZZ+R:ZZ+240929:1200+G1+UN+D:05B'" +
		"UNH+M1+PAXLST:D:05B:UN:IATA+ABC01+02:F'BGM+745'UNT+3+M1'UNE+1+G1'" + unz
	mr := edifact.NewMessageReader(strings.NewReader(in))
	m, err := mr.Next()
	if err != nil {
		t.Fatal(err)
	}
	ic, g := m.Interchange, m.Group
	if ic.Syntax != "UNOA" || ic.SyntaxVersion != "4" || ic.Sender != "SENDER" || ic.Recipient != "RECEIVER" ||
		ic.Prepared != "2024-09-29T12:00" || ic.Control != "IC1" || ic.Number != 2 || ic.Offset != 9 {
		t.Errorf("interchange %+v", ic)
	}
	if g == nil || g.Type != "PAXLST" || g.Sender != "S" || g.Control != "G1" || g.Agency != "UN" || g.Version != "D:05B" {
		t.Errorf("group %+v", g)
	}
	if m.Ref != "M1" || m.Type != "PAXLST" || m.Version != "D" || m.Release != "05B" || m.Agency != "UN" || m.Assoc != "IATA" ||
		m.CommonRef != "ABC01" || m.Sequence != 2 || m.Position != "F" || m.Number != 4 || len(m.Segments) != 1 || m.Segments[0].Tag != "BGM" {
		t.Errorf("message %+v", m)
	}
	if _, err := mr.Next(); err != io.EOF {
		t.Errorf("after the last message: %v", err)
	}
}
