package sim

import (
	"math/bits"

	"meridian"
)

// Document numbers follow each issuer's format (German passports
// "C01X00T47", French "12AB34567", Spanish ID cards with their check
// letter ...) and are unique per issuing state and type: the n-th number
// of a format is a keyed permutation of n, so numbers look random, never
// repeat, and need no memory. The last sixteenth of each format's space is
// kept for series of blank documents stolen in one batch, which are
// consecutive.
//
// Pattern letters: a = A-Z, l = A-Z without I O Q, 9 = digit, x = the
// alphanumerics of German documents, k = check letter of a Spanish DNI;
// anything else is written as is.

var passportFormats = map[string]string{
	"DE": "Cxxxxxxxx", "AT": "a9999999", "CH": "a9999999", "FR": "99aa99999", "BE": "aa9999999", "LU": "aa999999",
	"IT": "aa9999999", "ES": "aaa999999", "PT": "a999999", "GB": "999999999", "IE": "aa9999999", "NL": "llxxxxxx9",
	"SE": "99999999", "NO": "99999999", "DK": "999999999", "FI": "aa9999999", "PL": "aa9999999", "CZ": "99999999",
	"RO": "99999999", "BG": "999999999", "GR": "aa9999999", "CY": "a99999999", "HR": "999999999", "SI": "PA9999999",
	"RS": "999999999", "BA": "a9999999", "ME": "99a99999", "MK": "a9999999", "AL": "aa9999999", "UA": "aa999999",
	"RU": "999999999", "BY": "aa9999999", "MD": "a99999999", "TR": "a99999999", "US": "999999999", "CA": "aa999999",
	"MX": "a99999999", "CO": "aa999999", "VE": "999999999", "BR": "aa999999", "AR": "aaa999999", "PE": "999999999",
	"NG": "a99999999", "GH": "G9999999", "SN": "a99999999", "ER": "a9999999", "ET": "EP9999999", "SO": "P99999999",
	"AF": "P99999999", "PK": "aa9999999", "BD": "aa9999999", "IN": "a9999999", "NP": "99999999", "VN": "C9999999",
	"CN": "E99999999", "TH": "aa9999999", "PH": "P9999999a", "SY": "999999999", "IQ": "a9999999", "EG": "a99999999",
	"MA": "aa9999999", "DZ": "999999999", "TN": "a999999", "LB": "LR9999999", "IR": "a99999999",
}

var idCardFormats = map[string]string{
	"DE": "Lxxxxxxxx", "FR": "999999999999", "IT": "CAa99999aa", "ES": "99999999k", "PT": "99999999", "RO": "aa999999",
	"BG": "999999999", "GR": "aa999999", "PL": "aaa999999", "BE": "999999999999", "NL": "llxxxxxx9", "UA": "999999999",
	"RS": "999999999", "AL": "a99999999a", "TR": "a99a99999",
}

const (
	defaultPassport = "a99999999"
	defaultID       = "999999999"
)

// noIDCard lists states without a national identity card: their nationals
// carry passports.
var noIDCard = map[string]bool{"US": true, "GB": true, "AU": true, "CA": true, "NZ": true, "IE": true, "DK": true, "JP": true}

// docFormat returns the number pattern of a document type of a state.
func docFormat(state, typ string) string {
	switch typ {
	case "passport":
		if f, ok := passportFormats[state]; ok {
			return f
		}
		return defaultPassport
	case "id_card":
		if f, ok := idCardFormats[state]; ok {
			return f
		}
		return defaultID
	case "visa":
		c, _ := meridian.LookupCountry(state)
		return c.Alpha3 + "99999999"
	case "residence_permit":
		if state == "DE" {
			return "Yxxxxxxxx"
		}
		return "Ra9999999"
	case "travel_document":
		return "T9999999"
	}
	return defaultPassport
}

const (
	alphaUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	alphaL     = "ABCDEFGHJKLMNPRSTUVWXYZ"
	alphaX     = "CFGHJKLMNPRTVWXYZ0123456789"
	dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"
)

func radix(c byte) uint64 {
	switch c {
	case 'a':
		return 26
	case 'l':
		return uint64(len(alphaL))
	case '9':
		return 10
	case 'x':
		return uint64(len(alphaX))
	}
	return 1
}

func space(pattern string) uint64 {
	s := uint64(1)
	for i := 0; i < len(pattern); i++ {
		s *= radix(pattern[i])
	}
	return s
}

// format writes v (< space(pattern)) in pattern.
func format(pattern string, v uint64) string {
	b := make([]byte, len(pattern))
	for i := len(pattern) - 1; i >= 0; i-- {
		c := pattern[i]
		n := radix(c)
		if n == 1 {
			b[i] = c
			continue
		}
		d := v % n
		v /= n
		switch c {
		case 'a':
			b[i] = alphaUpper[d]
		case 'l':
			b[i] = alphaL[d]
		case 'x':
			b[i] = alphaX[d]
		default:
			b[i] = byte('0' + d)
		}
	}
	for i := 0; i < len(b); i++ {
		if b[i] == 'k' {
			n := 0
			for _, c := range b[:i] {
				if c >= '0' && c <= '9' {
					n = n*10 + int(c-'0')
				}
			}
			b[i] = dniLetters[n%23]
		}
	}
	return string(b)
}

// permute is a keyed bijection on [0, n): a four-round Feistel network on
// the smallest even number of bits that holds n, cycle-walking back into
// range.
func permute(x, n, key uint64) uint64 {
	w := bits.Len64(n - 1)
	if w < 2 {
		w = 2
	}
	if w%2 == 1 {
		w++
	}
	h := uint(w / 2)
	mask := uint64(1)<<h - 1
	for {
		l, r := x>>h, x&mask
		for round := uint64(0); round < 4; round++ {
			l, r = r, l^(Mix64(r^key^(round*0x9e3779b97f4a7c15))&mask)
		}
		x = l<<h | r
		if x < n {
			return x
		}
	}
}

type docKey struct{ state, typ string }

type docCounter struct {
	pattern     string
	space, main uint64 // main: the part of the space drawn at random
	next, blank uint64
	key         uint64
}

// docNumbers hands out numbers; it holds one counter per issuing state
// and type, a few hundred at most.
type docNumbers struct {
	seed     uint64
	counters map[docKey]*docCounter
}

func newDocNumbers(seed int64) *docNumbers {
	return &docNumbers{seed: Mix64(uint64(seed) ^ 0x5851f42d4c957f2d), counters: map[docKey]*docCounter{}}
}

func (d *docNumbers) counter(state, typ string) *docCounter {
	k := docKey{state, typ}
	c := d.counters[k]
	if c == nil {
		p := docFormat(state, typ)
		s := space(p)
		h := d.seed
		for _, b := range []byte(state + typ) {
			h = Mix64(h ^ uint64(b))
		}
		c = &docCounter{pattern: p, space: s, main: s - s/16, key: h}
		c.blank = c.main + h%(s/32+1)
		d.counters[k] = c
	}
	return c
}

// number returns the next number of a state's documents of a type.
func (d *docNumbers) number(state, typ string) string {
	c := d.counter(state, typ)
	v := permute(c.next%c.main, c.main, c.key)
	c.next++
	return format(c.pattern, v)
}

// blankSeries returns the next number of a series of blank documents: a
// stolen batch is consecutive.
func (d *docNumbers) blankSeries(state, typ string) string {
	c := d.counter(state, typ)
	v := c.blank
	c.blank++
	if c.blank >= c.space {
		c.blank = c.main
	}
	return format(c.pattern, v)
}

// Issuing states of reported stolen, lost and revoked documents: the
// operation's participants and the countries of origin on its routes.
var docStates = ParseCountries("DE:9 FR:7 IT:7 ES:6 GB:6 US:5 TR:4 UA:4 RU:3 PL:3 RO:3 BG:2 GR:2 NL:2 BE:2 AT:1.5 SE:1.5 CH:1 PT:1 CZ:1 " +
	"HR:0.8 RS:1 BA:0.8 MK:0.6 AL:0.8 ME:0.3 MD:0.6 BY:0.5 GE:0.5 AM:0.3 AZ:0.3 KZ:0.5 UZ:0.5 KG:0.3 TJ:0.3 " +
	"CN:3 IN:3 PK:2 BD:1.5 AF:1 IR:1 IQ:1.5 SY:1.5 LB:0.5 JO:0.5 EG:2 LY:0.5 TN:0.8 DZ:1 MA:1.5 SD:0.5 " +
	"NG:2.5 GH:0.8 SN:0.8 ML:0.5 GN:0.5 CI:0.6 BF:0.3 GM:0.2 SL:0.3 ER:0.4 ET:0.8 SO:0.4 KE:0.6 CM:0.5 CD:0.5 " +
	"VN:1.5 TH:1 PH:1.5 ID:1.5 MY:0.8 KH:0.4 LA:0.3 MM:0.5 LK:0.5 NP:0.5 " +
	"BR:2 CO:1.5 VE:1.5 MX:1.5 AR:0.8 PE:0.8 EC:0.5 DO:0.5 HN:0.3 GT:0.3 SV:0.3 BO:0.3 PY:0.3 CU:0.3 NI:0.2 CL:0.5 " +
	"CA:1 AU:0.8 NZ:0.2 IE:0.5 DK:0.5 NO:0.5 FI:0.4 HU:0.8 SK:0.5 SI:0.3 LT:0.4 LV:0.3 EE:0.2 LU:0.1 CY:0.3 MT:0.1 " +
	"SA:0.5 AE:0.5 IL:0.5 ZA:0.6")

// IssuingState draws the issuing state of a reported document.
func IssuingState(r *Rand) string { return docStates.Pick(r) }

// RandomDocument draws a document of the state as a traveller carries
// one: a passport, or an identity card where the state issues them, its
// number drawn at random in the issuer's format outside the blank series,
// so that it is a listed document's number only by chance.
func RandomDocument(r *Rand, state string) (typ, number string) {
	typ = "passport"
	if r.Chance(0.3) && !noIDCard[state] {
		typ = "id_card"
	}
	p := docFormat(state, typ)
	s := space(p)
	return typ, format(p, r.Uint64()%(s-s/16))
}

var (
	docTypes     = []string{"passport", "id_card", "residence_permit", "visa", "travel_document"}
	docTypeCum   = Cumulate([]float64{55, 32, 6, 4, 3})
	docStatuses  = []string{"lost", "stolen", "revoked", "invalidated"}
	docStatusCum = Cumulate([]float64{52, 38, 6, 4})
)

// linkedStatus is how a watchlisted person's own document comes to be
// reported: a wanted person's passport revoked, a missing person's lost,
// a victim's stolen (traffickers confiscate them).
func linkedStatus(category string, r *Rand) string {
	switch category {
	case "wanted", "suspect":
		if r.Chance(0.7) {
			return "revoked"
		}
		return "invalidated"
	case "victim":
		return "stolen"
	}
	if r.Chance(0.5) {
		return "lost"
	}
	return "stolen"
}
