package sim

import "strings"

// A Korean name as the hard cases write it: in Hangul, in the Revised
// Romanisation, in McCune-Reischauer and in the spellings passports and
// people use. The tables are written from the romanisation systems'
// published rules, syllable by syllable, independently of how screen
// reads Hangul.
type koSyllable struct {
	hangul, rr, mr string
	popular        []string // usual spellings beside RR
}

var koSurnames = []koSyllable{
	{"김", "Gim", "Kim", []string{"Kim"}}, {"이", "I", "Yi", []string{"Lee", "Yi", "Rhee"}},
	{"박", "Bak", "Pak", []string{"Park", "Pak"}}, {"최", "Choe", "Ch'oe", []string{"Choi"}},
	{"정", "Jeong", "Chŏng", []string{"Jung", "Chung"}}, {"강", "Gang", "Kang", []string{"Kang"}},
	{"조", "Jo", "Cho", []string{"Cho"}}, {"윤", "Yun", "Yun", []string{"Yoon"}},
	{"장", "Jang", "Chang", []string{"Jang", "Chang"}}, {"임", "Im", "Im", []string{"Lim"}},
	{"한", "Han", "Han", []string{"Han"}}, {"오", "O", "O", []string{"Oh"}},
	{"서", "Seo", "Sŏ", []string{"Suh", "Seo"}}, {"신", "Sin", "Sin", []string{"Shin"}},
	{"권", "Gwon", "Kwŏn", []string{"Kwon"}}, {"황", "Hwang", "Hwang", []string{"Hwang"}},
	{"안", "An", "An", []string{"Ahn"}}, {"송", "Song", "Song", []string{"Song"}},
	{"홍", "Hong", "Hong", []string{"Hong"}}, {"전", "Jeon", "Chŏn", []string{"Jeon", "Jun"}},
	{"고", "Go", "Ko", []string{"Ko", "Koh"}}, {"문", "Mun", "Mun", []string{"Moon"}},
	{"배", "Bae", "Pae", []string{"Bae"}}, {"류", "Ryu", "Ryu", []string{"Ryu", "Yoo"}},
}

// koGiven are syllables of given names; mr is the form at the start of a
// word (McCune-Reischauer voices k, t, p, ch after a vowel or a nasal).
var koGiven = []koSyllable{
	{"영", "yeong", "yŏng", []string{"young"}}, {"희", "hui", "hŭi", []string{"hee"}},
	{"민", "min", "min", []string{"min"}}, {"준", "jun", "chun", []string{"joon", "jun"}},
	{"지", "ji", "chi", []string{"ji"}}, {"성", "seong", "sŏng", []string{"sung"}},
	{"현", "hyeon", "hyŏn", []string{"hyun"}}, {"수", "su", "su", []string{"soo"}},
	{"윤", "yun", "yun", []string{"yoon"}}, {"우", "u", "u", []string{"woo"}},
	{"진", "jin", "chin", []string{"jin"}}, {"혜", "hye", "hye", []string{"hye"}},
	{"은", "eun", "ŭn", []string{"eun"}}, {"동", "dong", "tong", []string{"dong"}},
	{"석", "seok", "sŏk", []string{"suk", "seok"}}, {"철", "cheol", "ch'ŏl", []string{"chul"}},
	{"호", "ho", "ho", []string{"ho"}}, {"재", "jae", "chae", []string{"jae"}},
	{"원", "won", "wŏn", []string{"won"}}, {"경", "gyeong", "kyŏng", []string{"kyung"}},
	{"미", "mi", "mi", []string{"mi"}}, {"태", "tae", "t'ae", []string{"tae"}},
	{"상", "sang", "sang", []string{"sang"}}, {"주", "ju", "chu", []string{"joo"}},
	{"연", "yeon", "yŏn", []string{"yeon"}}, {"정", "jeong", "chŏng", []string{"jung"}},
	{"선", "seon", "sŏn", []string{"sun"}}, {"혁", "hyeok", "hyŏk", []string{"hyuk"}},
}

// mrVoiced voices the first consonant of a second syllable as
// McCune-Reischauer writes it after a vowel or a nasal.
func mrVoiced(prev, s string) string {
	last := prev[len(prev)-1]
	if !strings.ContainsRune("aeiouŏŭnmg", rune(last)) && !strings.HasSuffix(prev, "ŏ") && !strings.HasSuffix(prev, "ŭ") {
		return s
	}
	for _, v := range [][2]string{{"ch'", "ch'"}, {"ch", "j"}, {"k", "g"}, {"t'", "t'"}, {"t", "d"}, {"p", "b"}} {
		if strings.HasPrefix(s, v[0]) {
			return v[1] + s[len(v[0]):]
		}
	}
	return s
}

// koName is a drawn Korean name: a surname and two given syllables.
type koName struct {
	fam koSyllable
	giv [2]koSyllable
}

func (g *qgen) koName() koName {
	r := g.r
	n := koName{fam: koSurnames[r.IntN(len(koSurnames))]}
	for i := range n.giv {
		n.giv[i] = koGiven[r.IntN(len(koGiven))]
	}
	return n
}

func (n koName) hangul() string { return n.fam.hangul + n.giv[0].hangul + n.giv[1].hangul }

// roman writes the name in one of the ways it is met: RR (joined or
// hyphenated), MR, a passport's usual spelling (spaced, hyphenated or
// joined), the given name first or last.
func (n koName) roman(r *Rand) string {
	title := func(s string) string {
		if s == "" {
			return s
		}
		rs := []rune(s)
		return strings.ToUpper(string(rs[0])) + string(rs[1:])
	}
	var fam, g1, g2, sep string
	switch r.IntN(3) {
	case 0:
		fam, g1, g2 = n.fam.rr, n.giv[0].rr, n.giv[1].rr
		sep = r.Pick([]string{"", "-"})
	case 1:
		fam, g1 = n.fam.mr, n.giv[0].mr
		g2 = mrVoiced(g1, n.giv[1].mr)
		sep = "-"
	default:
		fam, g1, g2 = r.Pick(n.fam.popular), r.Pick(n.giv[0].popular), r.Pick(n.giv[1].popular)
		sep = r.Pick([]string{" ", "-", ""})
	}
	given := title(g1) + sep + g2
	if sep == " " {
		given = title(g1) + " " + title(g2)
	}
	if r.Chance(0.2) {
		return given + " " + title(fam)
	}
	return title(fam) + " " + given
}

func (g *qgen) hardHangul(match bool) (hardPair, bool) {
	a := g.koName()
	b := a
	if !match {
		// the same surname, another given name: one or both syllables
		for b.giv[0].hangul == a.giv[0].hangul && b.giv[1].hangul == a.giv[1].hangul {
			b.giv[g.r.IntN(2)] = koGiven[g.r.IntN(len(koGiven))]
			if g.r.Chance(0.5) {
				b.giv[0] = koGiven[g.r.IntN(len(koGiven))]
			}
		}
	}
	return hardPair{pair: pair{a: a.hangul(), b: b.roman(g.r)}}, true
}
