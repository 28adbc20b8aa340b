package mrz

// weights of Doc 9303 part 3, 4.9: 7, 3, 1 repeated from the first
// character of the checked data.
var weights = [3]int{7, 3, 1}

// value is a character's value in a check digit: digits their own, A-Z
// 10-35, the filler 0. Anything else is -1.
func value(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c == '<':
		return 0
	}
	return -1
}

// CheckDigit returns the Doc 9303 check digit of data ('0' to '9'), and
// false if data holds a character that is not A-Z, 0-9 or <.
func CheckDigit(data string) (byte, bool) {
	sum := 0
	for i := 0; i < len(data); i++ {
		v := value(data[i])
		if v < 0 {
			return 0, false
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10), true
}

// check is one check digit: the characters it covers, in order, and where
// it is printed.
type check struct {
	field string
	data  []pos
	at    pos
	// fillerOK: the digit may be a filler when every character it covers is
	// one (the TD3 personal number, Doc 9303 part 4, 4.2.2.3).
	fillerOK bool
}

// subst is one character read differently, to test what an OCR confusion
// would change.
type subst struct {
	p pos
	c byte
}

func (s *subst) at(lines []string, p pos) byte {
	if s != nil && s.p == p {
		return s.c
	}
	return lines[p.line][p.col]
}

// digit computes the check digit over ck's data with s applied.
func (ck *check) digit(lines []string, s *subst) byte {
	sum := 0
	for i, p := range ck.data {
		sum += value(s.at(lines, p)) * weights[i%3]
	}
	return byte('0' + sum%10)
}

// valid reports whether the printed digit matches, with s applied.
func (ck *check) valid(lines []string, s *subst) bool {
	got := s.at(lines, ck.at)
	if got == ck.digit(lines, s) {
		return true
	}
	if ck.fillerOK && got == '<' {
		for _, p := range ck.data {
			if s.at(lines, p) != '<' {
				return false
			}
		}
		return true
	}
	return false
}
