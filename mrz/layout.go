package mrz

// pos is one character of an MRZ, 0-based.
type pos struct{ line, col int }

// span is a field: columns [start, end) of one line, 0-based.
type span struct{ line, start, end int }

func (s span) positions() []pos {
	p := make([]pos, 0, s.end-s.start)
	for c := s.start; c < s.end; c++ {
		p = append(p, pos{s.line, c})
	}
	return p
}

// none marks a check digit or field a format does not have.
var none = pos{-1, -1}

// layout is where each field sits in one format, from Doc 9303 parts 4
// (TD3), 5 (TD1), 6 (TD2) and 7 (visas).
type layout struct {
	format        Format
	lines, width  int
	code, state   span
	name          span
	number        span
	numberCheck   pos
	optional      span // the field a long document number overflows into
	optionalCheck pos  // TD3 only: the personal number's check digit
	optional2     span // TD1 only: line 2's optional data
	nationality   span
	birth         span
	birthCheck    pos
	sex           pos
	expiry        span
	expiryCheck   pos
	composite     []span
	compositeAt   pos
}

var (
	layoutTD3 = layout{
		format: TD3, lines: 2, width: 44,
		code: span{0, 0, 2}, state: span{0, 2, 5}, name: span{0, 5, 44},
		number: span{1, 0, 9}, numberCheck: pos{1, 9},
		nationality: span{1, 10, 13},
		birth:       span{1, 13, 19}, birthCheck: pos{1, 19},
		sex:    pos{1, 20},
		expiry: span{1, 21, 27}, expiryCheck: pos{1, 27},
		optional: span{1, 28, 42}, optionalCheck: pos{1, 42},
		optional2:   span{-1, 0, 0},
		composite:   []span{{1, 0, 10}, {1, 13, 20}, {1, 21, 43}},
		compositeAt: pos{1, 43},
	}
	layoutMRVA = layout{
		format: MRVA, lines: 2, width: 44,
		code: span{0, 0, 2}, state: span{0, 2, 5}, name: span{0, 5, 44},
		number: span{1, 0, 9}, numberCheck: pos{1, 9},
		nationality: span{1, 10, 13},
		birth:       span{1, 13, 19}, birthCheck: pos{1, 19},
		sex:    pos{1, 20},
		expiry: span{1, 21, 27}, expiryCheck: pos{1, 27},
		optional: span{1, 28, 44}, optionalCheck: none,
		optional2:   span{-1, 0, 0},
		compositeAt: none,
	}
	layoutTD2 = layout{
		format: TD2, lines: 2, width: 36,
		code: span{0, 0, 2}, state: span{0, 2, 5}, name: span{0, 5, 36},
		number: span{1, 0, 9}, numberCheck: pos{1, 9},
		nationality: span{1, 10, 13},
		birth:       span{1, 13, 19}, birthCheck: pos{1, 19},
		sex:    pos{1, 20},
		expiry: span{1, 21, 27}, expiryCheck: pos{1, 27},
		optional: span{1, 28, 35}, optionalCheck: none,
		optional2:   span{-1, 0, 0},
		composite:   []span{{1, 0, 10}, {1, 13, 20}, {1, 21, 35}},
		compositeAt: pos{1, 35},
	}
	layoutMRVB = layout{
		format: MRVB, lines: 2, width: 36,
		code: span{0, 0, 2}, state: span{0, 2, 5}, name: span{0, 5, 36},
		number: span{1, 0, 9}, numberCheck: pos{1, 9},
		nationality: span{1, 10, 13},
		birth:       span{1, 13, 19}, birthCheck: pos{1, 19},
		sex:    pos{1, 20},
		expiry: span{1, 21, 27}, expiryCheck: pos{1, 27},
		optional: span{1, 28, 36}, optionalCheck: none,
		optional2:   span{-1, 0, 0},
		compositeAt: none,
	}
	layoutTD1 = layout{
		format: TD1, lines: 3, width: 30,
		code: span{0, 0, 2}, state: span{0, 2, 5},
		number: span{0, 5, 14}, numberCheck: pos{0, 14},
		optional: span{0, 15, 30}, optionalCheck: none,
		birth: span{1, 0, 6}, birthCheck: pos{1, 6},
		sex:    pos{1, 7},
		expiry: span{1, 8, 14}, expiryCheck: pos{1, 14},
		nationality: span{1, 15, 18},
		optional2:   span{1, 18, 29},
		composite:   []span{{0, 5, 30}, {1, 0, 7}, {1, 8, 15}, {1, 18, 29}},
		compositeAt: pos{1, 29},
		name:        span{2, 0, 30},
	}
)
