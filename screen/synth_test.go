package screen_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"

	"meridian/screen"
)

// A small deterministic generator of watchlist persons with realistic name
// distributions: per region, a head of real common names and a tail of
// names built from the region's syllables, drawn Zipf-like (the commonest
// family name of a region is borne by a few percent of it), plus rare parts
// no one else bears, aliases in other scripts and romanisations, typos and
// partial dates of birth. Package sim writes the full synthetic operation;
// this one only has to exercise the index as real watchlists would.

type personRegion struct {
	name          string
	share         float64
	nats          []string
	male, female  []string
	family        []string
	syllables     []string
	script        string // other script aliases may be written in: "cyrillic", "arabic", "greek"
	threeParts    float64
	familyParticl string
}

var personRegions = []*personRegion{
	{
		name: "arab", share: 0.25, nats: []string{"SY", "IQ", "EG", "MA", "DZ", "TN", "LY", "SD", "JO", "LB", "YE", "SA"},
		male:      strings.Fields("mohammed ahmed ali omar hassan hussein ibrahim khalid youssef mahmoud mustafa abdullah abdulrahman karim said tariq samir adel jamal nabil walid hamza bilal anwar amin salim yasser faisal majid rami marwan ziad osama sami fadi ayman nasser tamer hisham"),
		female:    strings.Fields("fatima aisha mariam zainab layla noor huda salma amina khadija rania dina hana iman leila lina maha mona nadia rana reem samira sara yasmin zahra asma ghada hiba"),
		family:    strings.Fields("hassan ali ibrahim mahmoud mansour saleh nassar haddad khoury darwish hamdan odeh masri khalil abbas said yousef najjar qasim rashid hamad aziz sultan farouk shami halabi tamimi zoubi"),
		syllables: strings.Fields("ab al am an ar as ba da fa ha ja ka kha la ma na qa ra sa sha ta wa ya za mu hu bu ru su di hi ki li mi ni ri si"),
		script:    "arabic", threeParts: 0.6, familyParticl: "al",
	},
	{
		name: "slavic", share: 0.2, nats: []string{"RU", "UA", "BY", "RS", "BG", "MK", "MD", "PL"},
		male:      strings.Fields("ivan sergey aleksandr dmitry andrey alexey vladimir nikolai yuri mikhail pavel oleg igor viktor maxim oleksandr volodymyr mykola andriy taras bohdan dragan milan zoran nikola stefan goran boris petr"),
		female:    strings.Fields("olga tatiana natalia irina svetlana ekaterina elena anastasia maria anna yulia oksana daria kateryna jelena milica ivana vesna nadezhda lyudmila galina"),
		family:    strings.Fields("ivanov smirnov kuznetsov popov vasiliev petrov sokolov mikhailov novikov fedorov morozov volkov lebedev semenov pavlov kozlov shevchenko kovalenko bondarenko tkachenko kravchenko boyko melnyk jovanovic petrovic nikolic markovic djordjevic stojanovic ilic ivanova petrova"),
		syllables: strings.Fields("ko va lo ne mi ra sto bo go dra vi le ni ku zne so pe tro mo ro ze du ba"),
		script:    "cyrillic", threeParts: 0.5,
	},
	{
		name: "western", share: 0.15, nats: []string{"FR", "DE", "GB", "IT", "NL", "BE", "GR", "AT"},
		male:      strings.Fields("john david james michael robert william richard thomas paul mark peter jean pierre michel hans klaus stefan giuseppe marco luca georgios dimitrios nikolaos"),
		female:    strings.Fields("mary elizabeth sarah anna marie anne catherine nathalie julia laura sophie giulia francesca maria eleni"),
		family:    strings.Fields("smith jones williams brown taylor wilson martin bernard dubois durand moreau muller schmidt schneider fischer weber meyer rossi russo ferrari bianchi papadopoulos georgiou dimitriou nikolaou janssen devries"),
		syllables: strings.Fields("ber ton ley son mar tin wal ker ham ford ric hard lan gen dor fer bach ell ini etti os ou"),
		script:    "greek", threeParts: 0.3,
	},
	{
		name: "hispanic", share: 0.1, nats: []string{"CO", "MX", "VE", "PE", "ES", "EC", "DO"},
		male:       strings.Fields("jose juan carlos luis jorge pedro miguel antonio manuel francisco javier alejandro fernando ricardo roberto eduardo"),
		female:     strings.Fields("maria ana carmen rosa lucia isabel teresa laura sofia elena patricia gabriela valentina camila daniela"),
		family:     strings.Fields("garcia rodriguez martinez lopez gonzalez hernandez perez sanchez ramirez torres flores rivera gomez diaz cruz morales reyes ortiz gutierrez castillo jimenez moreno romero alvarez"),
		syllables:  strings.Fields("ca ro mi lo ve ga rez ta na sa lin do ra mo que"),
		threeParts: 0.7,
	},
	{
		name: "southasia", share: 0.1, nats: []string{"IN", "PK", "BD", "NP", "LK", "AF"},
		male:       strings.Fields("mohammad ali ahmed raj ram amit rahul sanjay vijay imran asif tariq arjun ravi sunil anil rakesh"),
		female:     strings.Fields("sunita anita priya lakshmi devi fatima ayesha nasreen pooja neha kavita"),
		family:     strings.Fields("kumar singh sharma patel khan gupta verma yadav reddy rao das mishra jain shah mehta joshi begum akter uddin hossain islam rahman chowdhury"),
		syllables:  strings.Fields("ra ja shan kar van pra kash deep indra man jit pal nath"),
		threeParts: 0.4,
	},
	{
		name: "eastasia", share: 0.1, nats: []string{"CN", "VN", "KR", "TH", "PH", "MM"},
		male:       strings.Fields("wei jun ming hao tuan minh hung duc anh jin sung hyun somchai"),
		female:     strings.Fields("li mei hua lan thi linh huong mai yuna jiyeon"),
		family:     strings.Fields("wang li zhang liu chen yang huang zhao wu zhou nguyen tran le pham hoang vo kim lee park choi"),
		syllables:  strings.Fields("xi zhi qing tian hong ngoc thanh quang yong chul"),
		threeParts: 0.5,
	},
	{
		name: "africa", share: 0.1, nats: []string{"NG", "GH", "ER", "ET", "SO", "SN", "ML", "CM", "CI"},
		male:       strings.Fields("emmanuel joseph samuel daniel mohamed abdi ibrahim moussa mamadou amadou tesfaye yonas kwame kofi chinedu"),
		female:     strings.Fields("blessing grace mercy esther ruth aminata fatoumata hawa amina selam abeba ifeoma"),
		family:     strings.Fields("okafor okeke adeyemi mensah osei boateng diallo traore keita coulibaly toure kone camara sow ndiaye diop bekele tesfaye haile kebede mohamud hussen"),
		syllables:  strings.Fields("ba ko nde ola chi nwa ade kwa fa tou ma di se ge"),
		threeParts: 0.5,
	},
}

// personNames is a region's name lists extended to their Zipf length.
type personNames struct {
	male, female, family []string
	zm, zf, zfam         *zipf
}

type zipf struct{ cdf []float64 }

func newZipf(n int, s float64) *zipf {
	z := &zipf{cdf: make([]float64, n)}
	sum := 0.0
	for i := 0; i < n; i++ {
		sum += 1 / math.Pow(float64(i+1), s)
		z.cdf[i] = sum
	}
	for i := range z.cdf {
		z.cdf[i] /= sum
	}
	return z
}

func (z *zipf) draw(r *rand.Rand) int {
	u := r.Float64()
	lo, hi := 0, len(z.cdf)-1
	for lo < hi {
		m := (lo + hi) / 2
		if z.cdf[m] < u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func syllableName(r *rand.Rand, syl []string, min, max int) string {
	n := min + r.IntN(max-min+1)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(syl[r.IntN(len(syl))])
	}
	return b.String()
}

var (
	personListsOnce sync.Once
	personLists     []personNames
)

// regionLists builds, once, 250 given names per sex and 800 family names per
// region: the real ones first (the head of the distribution), then
// syllable-built ones.
func regionLists() []personNames {
	personListsOnce.Do(func() {
		r := rand.New(rand.NewPCG(7, 7))
		for _, reg := range personRegions {
			extend := func(head []string, n int, lo, hi int) []string {
				out := append([]string(nil), head...)
				seen := map[string]bool{}
				for _, s := range out {
					seen[s] = true
				}
				for len(out) < n {
					s := syllableName(r, reg.syllables, lo, hi)
					if len(s) >= 3 && !seen[s] {
						seen[s] = true
						out = append(out, s)
					}
				}
				return out
			}
			pn := personNames{
				male:   extend(reg.male, 250, 2, 3),
				female: extend(reg.female, 250, 2, 3),
				family: extend(reg.family, 800, 2, 4),
			}
			pn.zm, pn.zf, pn.zfam = newZipf(len(pn.male), 1.0), newZipf(len(pn.female), 1.0), newZipf(len(pn.family), 0.9)
			personLists = append(personLists, pn)
		}
	})
	return personLists
}

// personGen draws synthetic persons.
type personGen struct {
	r     *rand.Rand
	lists []personNames
	cum   []float64
	n     int
}

func newPersonGen(seed uint64) *personGen {
	g := &personGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), lists: regionLists()}
	sum := 0.0
	for _, reg := range personRegions {
		sum += reg.share
		g.cum = append(g.cum, sum)
	}
	return g
}

// synthPerson is a generated person with the parts of its primary name.
type synthPerson struct {
	entry  screen.PersonEntry
	region int
	parts  []string
}

func personUUID(i int) string {
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", i, i>>16&0xffff, i&0xfff, (i>>4)&0xfff, uint64(i)*2654435761)
}

func (g *personGen) regionIndex() int {
	u := g.r.Float64() * g.cum[len(g.cum)-1]
	for i, c := range g.cum {
		if u <= c {
			return i
		}
	}
	return len(g.cum) - 1
}

// person draws one person; about half have an alias.
func (g *personGen) person() synthPerson {
	ri := g.regionIndex()
	reg, l := personRegions[ri], g.lists[ri]
	r := g.r
	sex := "M"
	given := l.male[l.zm.draw(r)]
	if r.IntN(2) == 0 {
		sex = "F"
		given = l.female[l.zf.draw(r)]
	}
	family := l.family[l.zfam.draw(r)]
	if r.Float64() < 0.12 {
		family = syllableName(r, reg.syllables, 3, 4) + syllableName(r, personRegions[r.IntN(len(personRegions))].syllables, 1, 1)
	}
	parts := []string{given}
	if r.Float64() < reg.threeParts {
		if r.IntN(2) == 0 {
			parts = append(parts, l.male[l.zm.draw(r)])
		} else {
			parts = append(parts, l.family[l.zfam.draw(r)])
		}
	}
	if reg.familyParticl != "" && r.Float64() < 0.2 {
		parts = append(parts, reg.familyParticl)
	}
	parts = append(parts, family)
	g.n++
	e := screen.PersonEntry{
		ID:            personUUID(g.n),
		Names:         []string{titleName(parts)},
		Sex:           sex,
		Nationalities: []string{reg.nats[r.IntN(len(reg.nats))]},
		BirthDate:     g.birthDate(),
	}
	if r.IntN(2) == 0 {
		e.Names = append(e.Names, g.variant(parts, reg))
	}
	return synthPerson{entry: e, region: ri, parts: parts}
}

func titleName(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		if p == "al" || p == "van" || p == "de" {
			out[i] = p
			continue
		}
		out[i] = strings.ToUpper(p[:1]) + p[1:]
	}
	return strings.Join(out, " ")
}

func (g *personGen) birthDate() string {
	r := g.r
	y := 1950 + r.IntN(60)
	switch u := r.Float64(); {
	case u < 0.12:
		return ""
	case u < 0.27:
		return fmt.Sprint(y)
	case u < 0.32:
		return fmt.Sprintf("%d-%02d", y, 1+r.IntN(12))
	}
	return fmt.Sprintf("%d-%02d-%02d", y, 1+r.IntN(12), 1+r.IntN(28))
}

// variant writes the same name another way: in the region's other script,
// another romanisation, with a typo, reordered, or without its middle part.
func (g *personGen) variant(parts []string, reg *personRegion) string {
	r := g.r
	p := append([]string(nil), parts...)
	switch k := r.IntN(6); {
	case k <= 1 && reg.script != "":
		return toScript(p, reg.script)
	case k == 2:
		for i := range p {
			p[i] = romanise(r, p[i])
		}
	case k == 3 && len(p) > 1:
		i := r.IntN(len(p))
		p[i] = typo(r, p[i])
	case k == 4 && len(p) > 1:
		p[0], p[len(p)-1] = p[len(p)-1], p[0]
	default:
		if len(p) > 2 {
			p = append(p[:1], p[2:]...)
		} else {
			p[len(p)-1] = romanise(r, p[len(p)-1])
		}
	}
	return titleName(p)
}

// romanise swaps one spelling convention for another.
func romanise(r *rand.Rand, s string) string {
	swaps := [][2]string{
		{"ou", "u"}, {"u", "ou"}, {"ee", "i"}, {"i", "ee"}, {"mm", "m"}, {"ss", "s"},
		{"y", "i"}, {"iy", "y"}, {"kh", "h"}, {"ch", "tch"}, {"ic", "ich"}, {"v", "w"},
		{"k", "c"}, {"e", "a"}, {"o", "u"}, {"ph", "f"},
	}
	for _, k := range r.Perm(len(swaps)) {
		sw := swaps[k]
		if i := strings.Index(s, sw[0]); i > 0 {
			return s[:i] + sw[1] + s[i+len(sw[0]):]
		}
	}
	return s
}

// typo makes one keyboard slip: a letter dropped, doubled, swapped or
// replaced.
func typo(r *rand.Rand, s string) string {
	if len(s) < 5 {
		return s
	}
	i := 1 + r.IntN(len(s)-2)
	switch r.IntN(4) {
	case 0:
		return s[:i] + s[i+1:]
	case 1:
		return s[:i] + s[i:i+1] + s[i:]
	case 2:
		return s[:i-1] + s[i:i+1] + s[i-1:i] + s[i+1:]
	}
	return s[:i] + string(rune('a'+r.IntN(26))) + s[i+1:]
}

// toScript writes a romanised name in another script, letter by letter, as
// a clerk would: Arabic without short vowels.
func toScript(parts []string, script string) string {
	var table map[string]string
	switch script {
	case "cyrillic":
		table = cyrOf
	case "greek":
		table = grOf
	case "arabic":
		table = arOf
	}
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if script == "arabic" && p == "al" {
			out = append(out, "ال")
			continue
		}
		var b strings.Builder
		for i := 0; i < len(p); {
			if i+2 <= len(p) {
				if t, ok := table[p[i:i+2]]; ok {
					b.WriteString(t)
					i += 2
					continue
				}
			}
			t := table[p[i:i+1]]
			if script == "arabic" && strings.ContainsAny(p[i:i+1], "aeio") && i > 0 && i < len(p)-1 {
				t = "" // short vowels are not written
			}
			b.WriteString(t)
			i++
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	return strings.Join(out, " ")
}

var cyrOf = map[string]string{
	"a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "zh": "ж", "z": "з", "i": "и",
	"y": "й", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
	"t": "т", "u": "у", "f": "ф", "kh": "х", "h": "х", "ts": "ц", "ch": "ч", "sh": "ш",
	"yu": "ю", "ya": "я", "c": "ц", "j": "й", "x": "кс", "w": "в", "q": "к",
}

var grOf = map[string]string{
	"a": "α", "b": "μπ", "v": "β", "g": "γ", "d": "δ", "e": "ε", "z": "ζ", "i": "ι", "th": "θ",
	"k": "κ", "l": "λ", "m": "μ", "n": "ν", "x": "ξ", "o": "ο", "p": "π", "r": "ρ", "s": "σ",
	"t": "τ", "y": "υ", "f": "φ", "ch": "χ", "ps": "ψ", "ou": "ου", "h": "χ", "u": "ου",
	"c": "κ", "j": "τζ", "w": "β", "q": "κ",
}

var arOf = map[string]string{
	"a": "ا", "b": "ب", "t": "ت", "th": "ث", "j": "ج", "h": "ح", "kh": "خ", "d": "د", "dh": "ذ",
	"r": "ر", "z": "ز", "s": "س", "sh": "ش", "f": "ف", "q": "ق", "k": "ك", "l": "ل", "m": "م",
	"n": "ن", "w": "و", "y": "ي", "ou": "و", "u": "و", "ee": "ي", "i": "ي", "o": "و", "e": "ي",
	"g": "ج", "v": "ف", "p": "ب", "c": "ك", "x": "كس",
}

// entries draws n persons.
func (g *personGen) entries(n int) []screen.PersonEntry {
	out := make([]screen.PersonEntry, n)
	for i := range out {
		out[i] = g.person().entry
	}
	return out
}

// personQueryFor writes what an officer might type for e: a variant of one of
// its names, with the date of birth as known or not.
func personQueryFor(r *rand.Rand, e screen.PersonEntry) screen.PersonQuery {
	name := e.Names[r.IntN(len(e.Names))]
	fields := strings.Fields(name)
	switch r.IntN(5) {
	case 0:
		if len(fields) > 1 {
			i := r.IntN(len(fields))
			fields[i] = typo(r, fields[i])
		}
	case 1:
		if len(fields) > 1 {
			fields[0], fields[len(fields)-1] = fields[len(fields)-1], fields[0]
		}
	case 2:
		for i := range fields {
			fields[i] = romanise(r, strings.ToLower(fields[i]))
		}
	}
	q := screen.PersonQuery{Name: strings.Join(fields, " "), Sex: e.Sex}
	if r.IntN(3) > 0 {
		q.BirthDate = e.BirthDate
	}
	if len(e.Nationalities) > 0 && r.IntN(2) == 0 {
		q.Nationality = e.Nationalities[0]
	}
	return q
}
