package mrz

import (
	"fmt"
	"strings"
)

// digitFor holds the letters OCR readers take for digits in the OCR-B
// font, and letterFor the digits taken for letters.
var digitFor, letterFor [256]byte

func init() {
	for _, pair := range []string{"O0", "Q0", "D0", "I1", "Z2", "S5", "G6", "B8"} {
		digitFor[pair[0]] = pair[1]
	}
	for _, pair := range []string{"0O", "1I", "2Z", "5S", "6G", "8B"} {
		letterFor[pair[0]] = pair[1]
	}
}

// swapFor is the look-alike tried in an alphanumeric field, where either
// could be right: only the closest pairs, so that a failing check digit
// does not produce a guess for every character.
func swapFor(c byte) byte {
	switch c {
	case 'O', 'I', 'Z', 'S', 'G', 'B':
		return digitFor[c]
	}
	return letterFor[c]
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// confusions looks at every character for a likely misreading. A letter
// in a numeric field and a digit in an alphabetic one are misreadings
// whatever the check digits say; in an alphanumeric field a look-alike is
// reported only where swapping it makes a failing check digit valid and
// breaks none that holds.
func (p *parser) confusions() {
	valid := make([]bool, len(p.checks))
	for i := range p.checks {
		valid[i] = p.m.Checks[i].Valid
	}
	var guesses []int // confusions found only through the check digits
	for line := range p.lines {
		for col := 0; col < len(p.lines[line]); col++ {
			q := pos{line, col}
			c := p.char(q)
			field := fieldNames[p.field[line][col]]
			switch p.class[line][col] {
			case classNumeric:
				if !isLetter(c) {
					continue
				}
				d := digitFor[c]
				if d == 0 {
					p.warn(field, q, "letter %q in a numeric field", c)
					continue
				}
				fixes, _ := p.effect(valid, subst{q, d})
				p.confusion(field, q, c, d, fixes, "a letter in a numeric field")
			case classAlpha:
				if !isDigit(c) || field == "sex" {
					if isDigit(c) {
						p.warn(field, q, "digit %q in an alphabetic field", c)
					}
					continue
				}
				a := letterFor[c]
				if a == 0 {
					p.warn(field, q, "digit %q in an alphabetic field", c)
					continue
				}
				reason := "a digit in an alphabetic field"
				if field == "issuing_state" || field == "nationality" {
					s := p.l.state
					if field == "nationality" {
						s = p.l.nationality
					}
					code := strings.Map(func(r rune) rune {
						if r < 0x80 && letterFor[r] != 0 {
							return rune(letterFor[r])
						}
						return r
					}, p.text(s))
					if ct, ok := LookupCountry(code); ok {
						reason += fmt.Sprintf(" (read as letters the code is %s, %s)", ct.Code, ct.Name)
					}
				}
				p.confusion(field, q, c, a, nil, reason)
			case classAlnum:
				alt := swapFor(c)
				if alt == 0 || p.m.Valid {
					continue
				}
				fixes, all := p.effect(valid, subst{q, alt})
				if len(fixes) > 0 && all {
					p.confusion(field, q, c, alt, fixes, "")
					guesses = append(guesses, len(p.m.Confusions)-1)
				}
			}
		}
	}
	p.explain(guesses)
}

// explain says how sure a guess from the check digits is: a mod-10 check
// digit is made valid by about one swap in ten, so several guesses are
// alternatives the check digits cannot choose between.
func (p *parser) explain(guesses []int) {
	for _, i := range guesses {
		if len(guesses) == 1 {
			p.m.Confusions[i].Reason = "the look-alike makes the failing check digits valid"
		} else {
			p.m.Confusions[i].Reason = fmt.Sprintf("one of %d look-alikes that would each make the failing check digits valid", len(guesses))
		}
	}
}

// effect reports which failing check digits s makes valid, and whether
// every check digit covering s's position holds with it.
func (p *parser) effect(valid []bool, s subst) (fixes []string, all bool) {
	all = true
	for i := range p.checks {
		ck := &p.checks[i]
		if !ck.covers(s.p) {
			continue
		}
		v := ck.valid(p.lines, &s)
		if v && !valid[i] {
			fixes = append(fixes, ck.field)
		}
		all = all && v
	}
	return fixes, all
}

func (ck *check) covers(q pos) bool {
	if ck.at == q {
		return true
	}
	for _, d := range ck.data {
		if d == q {
			return true
		}
	}
	return false
}

func (p *parser) confusion(field string, q pos, found, likely byte, fixes []string, reason string) {
	p.m.Confusions = append(p.m.Confusions, Confusion{
		Field: field, Line: q.line + 1, Column: q.col + 1,
		Found: string(found), Likely: string(likely),
		Fixes: fixes, Reason: reason,
	})
}
