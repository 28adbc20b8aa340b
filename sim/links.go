package sim

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
)

// LinksOptions shape a labelled file for the linking engine.
type LinksOptions struct {
	Persons int   // distinct persons (each written as one to four records)
	Seed    int64 // the same seed writes the same files
}

// LinksFiles are the files WriteLinks wrote.
type LinksFiles struct {
	Entities string // FollowTheMoney Person entities, one JSON line each
	Truth    string // id,cluster,network
}

// streamLinks is the links generator's own stream (after sim's others).
const streamLinks = 101

// linkPerson is one true person behind the records, with what its records
// may show.
type linkPerson struct {
	*person
	cluster string
	network string
	role    string // recruiter, exploiter, victim or "" outside a network
	phones  []string
	emails  []string
	address string
	forged  string // a forged document number the person's records may carry
	records int
}

// WriteLinks writes entities.ftm.jsonl and truth.csv to dir: persons
// drawn as the watchlist generator draws them (names of many cultures and
// scripts), each written as one to four records by agencies of several
// countries, with what records of one person differ by (another script or
// romanisation, a typo, first and last name swapped or given apart, a
// part dropped, a partial, slipped or missing date of birth, a document
// number mistyped or with O for 0, no sex or nationality), and networks:
// recruiters, exploiters and victims whose records share phones,
// e-mails, an address and reused forged documents, though they are
// different persons. Namesakes (the same name, another date of birth) and
// sisters (one family name, address and phone) are planted as the hard
// non-matches. truth.csv labels each record with its person (cluster) and
// network ("" outside one).
func WriteLinks(dir string, o LinksOptions) (LinksFiles, error) {
	if o.Persons < 0 {
		return LinksFiles{}, fmt.Errorf("sim: links: persons must not be negative")
	}
	files := LinksFiles{Entities: filepath.Join(dir, "entities.ftm.jsonl"), Truth: filepath.Join(dir, "truth.csv")}
	recs, truth := generateLinks(o)
	if err := writeLines(files.Entities, recs); err != nil {
		return LinksFiles{}, err
	}
	if err := writeLines(files.Truth, truth); err != nil {
		return LinksFiles{}, err
	}
	return files, nil
}

func writeLines(path string, lines []string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriter(f)
	for _, l := range lines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	return w.Flush()
}

var (
	linkOwners   = []string{"AL", "RS", "MK", "UA", "RU", "CO", "GR", "IT", "DE", "FR", "ES", "NL", "TR", "BG", "RO"}
	phonePrefix  = []string{"355", "381", "389", "380", "7", "57", "30", "39", "49", "33", "34", "31", "90", "359", "40"}
	mailDomains  = []string{"gmail.com", "yahoo.com", "mail.ru", "outlook.com", "proton.me", "yandex.ru", "hotmail.com"}
	linkStreets  = []string{"Rruga e Durresit", "Bulevar Oslobodjenja", "Partizanska", "Via Roma", "Hauptstrasse", "Calle Mayor", "Odos Egnatia"}
	linkCities   = []string{"Tirana", "Novi Sad", "Skopje", "Kyiv", "Milano", "Berlin", "Madrid", "Thessaloniki", "Bitola"}
	swapDayMonth = 0.04
)

// GenerateLinks returns what WriteLinks writes: the entity lines and the
// truth lines (the first a header).
func GenerateLinks(o LinksOptions) (entities, truth []string) { return generateLinks(o) }

// generateLinks returns the entity lines and the truth lines.
func generateLinks(o LinksOptions) (entities, truth []string) {
	r := NewRand(o.Seed, streamLinks)
	pg := newPersonGen(o.Seed)
	var ps []*linkPerson
	for i := 0; i < o.Persons; i++ {
		p := &linkPerson{person: pg.next()}
		p.cluster = "p" + strconv.Itoa(i+1)
		ps = append(ps, p)
	}
	// Namesakes: the same name as another person, another date of birth.
	for i := range ps {
		if i > 0 && r.Chance(0.03) {
			other := ps[r.IntN(i)]
			ps[i].pn = other.pn.clone()
			ps[i].primary, ps[i].conv, ps[i].aliases, ps[i].alts = other.primary, other.conv, nil, nil
			ps[i].sex = other.sex
			for ps[i].y == other.y {
				ps[i].y = other.y + r.Between(-12, 12)
			}
			ps[i].dob = Date(ps[i].y, ps[i].m, ps[i].d)
		}
	}
	// Own phones and e-mails.
	for _, p := range ps {
		if r.Chance(0.5) {
			p.phones = append(p.phones, newPhone(r))
		}
		if r.Chance(0.35) {
			p.emails = append(p.emails, newEmail(r, p.person))
		}
		if r.Chance(0.2) {
			p.address = newAddress(r)
		}
	}
	// Networks over a third of the persons, in groups of 4 to 12.
	n := 0
	for i := 0; i+4 <= len(ps)/3; {
		size := r.Between(4, 12)
		if i+size > len(ps)/3 {
			size = len(ps)/3 - i
		}
		n++
		plantNetwork(r, ps[i:i+size], "n"+strconv.Itoa(n))
		i += size
	}
	// Records.
	type rec struct {
		line          map[string]any
		cluster, netw string
	}
	var recs []rec
	for _, p := range ps {
		k := 1
		switch x := r.Float64(); {
		case x < 0.3:
			k = 2
		case x < 0.45:
			k = 3
		case x < 0.5:
			k = 4
		}
		if p.network != "" && k == 1 && r.Chance(0.7) {
			k = 2
		}
		for j := 0; j < k; j++ {
			recs = append(recs, rec{line: linkRecord(r, p, j), cluster: p.cluster, netw: p.network})
		}
	}
	// Shuffle (Fisher-Yates on the generator's stream) and number.
	for i := len(recs) - 1; i > 0; i-- {
		j := r.IntN(i + 1)
		recs[i], recs[j] = recs[j], recs[i]
	}
	truth = append(truth, "id,cluster,network")
	for i, x := range recs {
		// six digits at least (the same ids as before below a million
		// records), more above: a million persons write 1.9 million.
		id := fmt.Sprintf("r%06d", i)
		props := x.line
		b, _ := json.Marshal(map[string]any{"id": id, "schema": "Person", "properties": props})
		entities = append(entities, string(b))
		truth = append(truth, id+","+x.cluster+","+x.netw)
	}
	return entities, truth
}

// plantNetwork makes ps one network: recruiters in countries of origin,
// exploiters in countries of destination, victims; the recruiters' phones
// and e-mails shared with the exploiters and found in victims' records,
// the exploitation address, forged documents reused by several victims,
// and sisters.
func plantNetwork(r *Rand, ps []*linkPerson, name string) {
	nr := r.Between(1, 2)
	ne := r.Between(1, 2)
	shared := newPhone(r)
	mail := newEmail(r, ps[0].person)
	addr := newAddress(r)
	var forged []string
	for k := r.Between(1, 2); k > 0; k-- {
		forged = append(forged, forgedNumber(r))
	}
	for i, p := range ps {
		p.network = name
		switch {
		case i < nr:
			p.role = "recruiter"
			p.phones = append(p.phones, shared)
			if r.Chance(0.6) {
				p.emails = append(p.emails, mail)
			}
		case i < nr+ne:
			p.role = "exploiter"
			if r.Chance(0.7) {
				p.phones = append(p.phones, shared)
			} else {
				p.emails = append(p.emails, mail)
			}
			p.address = addr
		default:
			p.role = "victim"
			if r.Chance(0.6) {
				p.phones = append(p.phones, shared) // the recruiter's number in the victim's phone
			}
			if r.Chance(0.5) {
				p.address = addr
			}
			if r.Chance(0.3) {
				p.forged = forged[r.IntN(len(forged))]
			}
			// A sister of the victim before: the same family name,
			// another given name and date of birth.
			if prev := ps[i-1]; prev.role == "victim" && r.Chance(0.15) && prev.pn.c == p.pn.c {
				fam := -1
				for k, pt := range prev.pn.parts {
					if pt.role == roleFamily {
						fam = k
					}
				}
				for k := range p.pn.parts {
					if p.pn.parts[k].role == roleFamily && fam >= 0 {
						p.pn.parts[k] = prev.pn.parts[fam]
					}
				}
				p.primary, p.aliases, p.alts = p.pn.render(p.conv), nil, nil
				p.address = prev.address
				if len(prev.phones) > 0 {
					p.phones = append(p.phones, prev.phones[0])
				}
			}
		}
	}
}

func newPhone(r *Rand) string {
	i := r.IntN(len(phonePrefix))
	var b strings.Builder
	b.WriteString("+" + phonePrefix[i])
	for k := 0; k < 9; k++ {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

// writePhone writes a number as people do: with spaces, a 00 prefix.
func writePhone(r *Rand, s string) string {
	switch x := r.Float64(); {
	case x < 0.2:
		return "00" + s[1:]
	case x < 0.4:
		return s[:4] + " " + s[4:7] + " " + s[7:]
	}
	return s
}

func asciiWord(s string) string {
	var b strings.Builder
	for _, c := range foldLatin(s) {
		if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			b.WriteRune(unicode.ToLower(c))
		}
	}
	return b.String()
}

func newEmail(r *Rand, p *person) string {
	name := p.pn.render(passportConv(p.pn.c))
	parts := strings.Fields(name)
	local := "user"
	if len(parts) > 0 {
		local = asciiWord(parts[0])
		if len(parts) > 1 && r.Chance(0.6) {
			local += "." + asciiWord(parts[len(parts)-1])
		}
	}
	if local == "" {
		local = "user"
	}
	return local + strconv.Itoa(r.Between(1, 999)) + "@" + mailDomains[r.IntN(len(mailDomains))]
}

func newAddress(r *Rand) string {
	return linkStreets[r.IntN(len(linkStreets))] + " " + strconv.Itoa(r.Between(1, 200)) + ", " + linkCities[r.IntN(len(linkCities))]
}

func forgedNumber(r *Rand) string {
	var b strings.Builder
	b.WriteByte(byte('A' + r.IntN(26)))
	b.WriteByte(byte('A' + r.IntN(26)))
	for k := 0; k < 7; k++ {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

// docSlip mistypes a document number: one character changed, dropped or
// two swapped, or a 0 written as O (or 1 as I).
func docSlip(r *Rand, s string) string {
	b := []byte(s)
	if r.Chance(0.4) {
		for i, c := range b {
			if c == '0' {
				b[i] = 'O'
				return string(b)
			}
			if c == '1' {
				b[i] = 'I'
				return string(b)
			}
		}
	}
	i := r.Between(1, len(b)-1)
	switch x := r.Float64(); {
	case x < 0.5:
		c := b[i]
		for c == b[i] {
			if c >= '0' && c <= '9' {
				c = byte('0' + r.IntN(10))
			} else {
				c = byte('A' + r.IntN(26))
			}
		}
		b[i] = c
	case x < 0.75 && len(b) > 6:
		b = append(b[:i], b[i+1:]...)
	default:
		b[i-1], b[i] = b[i], b[i-1]
	}
	return string(b)
}

// linkRecord writes the j-th record of p as an agency would.
func linkRecord(r *Rand, p *linkPerson, j int) map[string]any {
	props := map[string]any{}
	pn := &p.pn
	c := pn.c
	// The convention: the first record keeps the primary's, others may
	// write the name in another script or romanisation.
	conv := p.conv
	if j > 0 && r.Chance(0.6) {
		var convs []string
		if c.script != "latin" {
			convs = append([]string{convNative, passportConv(c)}, c.latinConvs...)
		} else {
			convs = []string{convNative, convASCII, convICAO}
			if c.foreignCyr > 0 {
				convs = append(convs, convCyr)
			}
			if c.foreignAr > 0 {
				convs = append(convs, convAra)
			}
		}
		conv = r.Pick(convs)
	}
	var given, family []string
	var all []string
	drop := -1
	if j > 0 && len(pn.parts) > 2 && r.Chance(0.12) {
		// a second given name, a patronymic or a second family name left out
		for k, pt := range pn.parts {
			if pt.role == roleGiven2 || pt.role == rolePatronymic || pt.role == roleMiddle || pt.role == roleFamily2 {
				drop = k
			}
		}
	}
	for k := range pn.parts {
		if k == drop {
			continue
		}
		t := stripMarks(pn.partIn(k, conv))
		all = append(all, t)
		if pn.parts[k].role == roleFamily || pn.parts[k].role == roleFamily2 {
			family = append(family, t)
		} else {
			given = append(given, t)
		}
	}
	full := strings.Join(all, " ")
	first, last := strings.Join(given, " "), strings.Join(family, " ")
	if j > 0 && r.Chance(0.2) {
		// one slip in the name as this record writes it
		full = typo(r, full)
		if r.Chance(0.5) && last != "" {
			last = typo(r, last)
		} else if first != "" {
			first = typo(r, first)
		}
	}
	switch x := r.Float64(); {
	case x < 0.5:
		props["name"] = []string{full}
	case x < 0.8 && first != "" && last != "":
		if j > 0 && r.Chance(0.25) {
			first, last = last, first // swapped fields
		}
		props["firstName"], props["lastName"] = []string{first}, []string{last}
	default:
		props["name"] = []string{full}
		if first != "" && last != "" {
			props["firstName"], props["lastName"] = []string{first}, []string{last}
		}
	}
	// Date of birth.
	y, m, d := p.y, p.m, p.d
	if p.dob != "" || r.Chance(0.5) {
		switch x := r.Float64(); {
		case j == 0 && p.dob != "" && x < 0.9:
			props["birthDate"] = []string{p.dob}
		case x < 0.72:
			props["birthDate"] = []string{Date(y, m, d)}
		case x < 0.8:
			props["birthDate"] = []string{strconv.Itoa(y)}
		case x < 0.8+swapDayMonth && d <= 12:
			props["birthDate"] = []string{Date(y, d, m)}
		case x < 0.88:
			// one digit of the day or the year mistyped
			if nd := d - d%10 + (d%10+1)%10; r.Chance(0.5) && d >= 10 && d%10 != 0 && nd <= daysIn(y, m) {
				props["birthDate"] = []string{Date(y, m, nd)}
			} else {
				ny := y + sign(r)
				props["birthDate"] = []string{Date(ny, m, min(d, daysIn(ny, m)))}
			}
		case x < 0.95:
			props["birthDate"] = []string{Date(y, m, d)}
		}
	}
	if p.sex != "" && r.Chance(0.9) {
		props["gender"] = []string{map[string]string{"M": "male", "F": "female"}[p.sex]}
	}
	if len(p.nats) > 0 && r.Chance(0.85) {
		props["nationality"] = []string{strings.ToLower(p.nats[0])}
	}
	if p.docNum != "" && r.Chance(0.6) {
		num := p.docNum
		if j > 0 && r.Chance(0.12) {
			num = docSlip(r, num)
		}
		key := "passportNumber"
		if p.docType == "id_card" {
			key = "idNumber"
		}
		props[key] = []string{num}
	}
	if p.forged != "" && r.Chance(0.7) {
		props["passportNumber"] = []string{p.forged}
	}
	var phones, emails []string
	for _, ph := range p.phones {
		if r.Chance(0.6) {
			phones = append(phones, writePhone(r, ph))
		}
	}
	for _, e := range p.emails {
		if r.Chance(0.5) {
			emails = append(emails, e)
		}
	}
	if len(phones) > 0 {
		props["phone"] = phones
	}
	if len(emails) > 0 {
		props["email"] = emails
	}
	if p.address != "" && r.Chance(0.4) {
		props["address"] = []string{p.address}
	}
	props["country"] = []string{linkOwners[r.IntN(len(linkOwners))]}
	return props
}
