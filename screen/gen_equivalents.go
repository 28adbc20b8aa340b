//go:build ignore

// gen_equivalents writes screen/equivalents.txt, the table of given-name
// equivalents across languages that screening reads (see equivalents.go),
// from open data in Debian's packages:
//
//   - the WikDict dictionaries of FreeDict (packages dict-freedict-*,
//     CC BY-SA 3.0, drawn from Wiktionary): every proper noun (<pn>) of one
//     word translated by one word, taken as a given name when its sense is
//     glossed as one ("male given name", "imię męskie") or, in the
//     dictionaries that give no gloss, when one side is a given name
//     attested by a glossed sense or by Text::Names;
//   - Text::Names 0.46 (package libtext-names-perl, Artistic or GPL-1+):
//     its table of English nicknames and the full names they stand for
//     (Bill, William; Peggy, Margaret), and its lists of common US male
//     and female first names, read only to tell a name's sex and to
//     attest that a word is a given name.
//
// Names are written as Normalize writes them. A pair whose names are
// common for opposite sexes (Jean for a woman in English, for a man in
// French, is not dropped: it is common for both) is dropped. Run from the
// repository's root (see screen/equivalents.README.md for the packages):
//
//	go run screen/gen_equivalents.go -dicts DIR -textnames Names.pm > screen/equivalents.txt
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"meridian/screen"
)

func main() {
	dicts := flag.String("dicts", "", "directory holding the FreeDict WikDict dictionaries (*.index and *.dict.dz)")
	textNames := flag.String("textnames", "", "Text/Names.pm of libtext-names-perl")
	hops = flag.Int("hops", 2, "translation steps joining two names")
	minSrcs = flag.Int("minsrcs", 2, "dictionaries that must give a pair not otherwise corroborated")
	flag.Parse()
	if *dicts == "" || *textNames == "" {
		flag.Usage()
		os.Exit(2)
	}
	g := newGraph()
	g.readTextNames(*textNames)
	idx, err := filepath.Glob(filepath.Join(*dicts, "*.index"))
	if err != nil || len(idx) == 0 {
		log.Fatalf("no dictionaries in %s", *dicts)
	}
	sort.Strings(idx)
	var entries []dictEntry
	for _, f := range idx {
		for _, e := range readDict(f) {
			e.src = filepath.Base(f)
			entries = append(entries, e)
		}
	}
	// Glossed senses first: they attest given names for the others.
	for _, e := range entries {
		if e.glossed {
			for _, t := range e.trans {
				g.given[e.head], g.given[t] = true, true
			}
		}
	}
	for _, e := range entries {
		for _, t := range e.trans {
			if e.glossed || g.given[e.head] || g.given[t] {
				g.translate(e.head, t, e.src, e.glossed)
			}
		}
	}
	g.corroborate()
	g.write(os.Stdout)
}

var hops, minSrcs *int

type graph struct {
	given          map[string]bool            // attested given names
	male, fem      map[string]bool            // common US first names by sex (Text::Names)
	trans          map[string]map[string]bool // translation pairs, both ways
	nick           map[string]map[string]bool // nickname -> full names
	dropped        int
	srcs           map[[2]string]map[string]bool // the dictionaries giving each pair
	glossed        map[[2]string]bool            // pairs glossed as given names
	uncorroborated int
}

func newGraph() *graph {
	return &graph{given: map[string]bool{}, male: map[string]bool{}, fem: map[string]bool{},
		trans: map[string]map[string]bool{}, nick: map[string]map[string]bool{},
		srcs: map[[2]string]map[string]bool{}, glossed: map[[2]string]bool{}}
}

func add(m map[string]map[string]bool, a, b string) {
	if m[a] == nil {
		m[a] = map[string]bool{}
	}
	m[a][b] = true
}

// oppositeSex reports whether a is a common name of one sex only and b of
// the other only.
func (g *graph) oppositeSex(a, b string) bool {
	am, af := g.male[a], g.fem[a]
	bm, bf := g.male[b], g.fem[b]
	return am && !af && bf && !bm || af && !am && bm && !bf
}

func (g *graph) translate(a, b, src string, glossed bool) {
	if a == b || a == "" || b == "" {
		return
	}
	if g.oppositeSex(a, b) {
		g.dropped++
		return
	}
	k := edgeKey(a, b)
	if g.srcs[k] == nil {
		g.srcs[k] = map[string]bool{}
	}
	g.srcs[k][src] = true
	if glossed {
		g.glossed[k] = true
	}
	add(g.trans, a, b)
	add(g.trans, b, a)
}

func commonPrefix(a, b string) int {
	a, b = strings.ReplaceAll(a, "ph", "f"), strings.ReplaceAll(b, "ph", "f")
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func edgeKey(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

// corroborate drops the translation pairs that rest on one dictionary's
// word alone: a pair is kept when its sense is glossed as a given name,
// when two dictionaries give it, or when a third name is a translation
// of both (Ioannis, John and Juan), or when the two begin alike
// (Georgios, George). Wiktionary's translations hold slips
// (Δημήτριος: Demetrius, James) that would otherwise join other names.
func (g *graph) corroborate() {
	keep := map[[2]string]bool{}
	for a, ts := range g.trans {
		for b := range ts {
			k := edgeKey(a, b)
			if g.glossed[k] || len(g.srcs[k]) >= *minSrcs || commonPrefix(a, b) >= 3 {
				keep[k] = true
				continue
			}
			for c := range ts {
				if c != b && g.trans[b][c] {
					keep[k] = true
					break
				}
			}
		}
	}
	for a, ts := range g.trans {
		for b := range ts {
			if !keep[edgeKey(a, b)] {
				delete(ts, b)
				g.uncorroborated++
			}
		}
	}
}

var pairRe = regexp.MustCompile(`^'([^']+)'\s*=>\s*'([^']+)',?\s*$`)

// readTextNames reads the nickname pairs (@ABBREVIATIONS) and the common
// first names of Text::Names.
func (g *graph) readTextNames(path string) {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	section := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "our @ABBREVIATIONS"):
			section = "abbr"
			continue
		case strings.HasPrefix(line, "$COMMON_MALE_FIRSTNAMES"):
			section = "male"
			continue
		case strings.HasPrefix(line, "$COMMON_FEMALE_FIRSTNAMES"):
			section = "female"
			continue
		case strings.HasPrefix(line, "$COMMON_SURNAMES"), strings.HasPrefix(line, ");"), line == "ENDNAMES":
			section = ""
			continue
		}
		switch section {
		case "abbr":
			if m := pairRe.FindStringSubmatch(line); m != nil {
				n, full := word(m[1]), word(m[2])
				if n != "" && full != "" && n != full {
					add(g.nick, n, full)
					g.given[n], g.given[full] = true, true
				}
			}
		case "male", "female":
			fs := strings.Fields(line)
			if len(fs) != 4 {
				continue
			}
			n := word(fs[0])
			if n == "" {
				continue
			}
			if section == "male" {
				g.male[n] = true
			} else {
				g.fem[n] = true
			}
			g.given[n] = true
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	if len(g.nick) == 0 || len(g.male) == 0 || len(g.fem) == 0 {
		log.Fatalf("%s: no nicknames or first names read (sections moved?)", path)
	}
}

// word returns the normalised form of s when it is one name part of
// Latin, Greek or Cyrillic letters, else "".
func word(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " ()[]/0123456789.") {
		return ""
	}
	switch screen.Script(s) {
	case "latin", "greek", "cyrillic":
	default:
		return ""
	}
	n := screen.Normalize(s)
	if len(n) < 2 || strings.Contains(n, " ") {
		return ""
	}
	return n
}

type dictEntry struct {
	src     string // the dictionary
	head    string
	trans   []string
	glossed bool // the sense is glossed as a given name
}

var (
	senseNum   = regexp.MustCompile(`^\s*\d+\.\s*`)
	senseTail  = regexp.MustCompile(`\s+\d+\.\s*$`)
	givenGloss = regexp.MustCompile(`(?i)given name|pet form|diminutive|nickname|imię (męskie|żeńskie)|prénom|nome proprio di persona|nombre de pila|Vorname|όνομα`)
)

// readDict reads the one-word proper nouns of a dictd dictionary and
// their one-word translations.
func readDict(index string) []dictEntry {
	data := readDictData(strings.TrimSuffix(index, ".index") + ".dict.dz")
	f, err := os.Open(index)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var out []dictEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 3 || strings.HasPrefix(fs[0], "00") {
			continue
		}
		off, n := b64(fs[1]), b64(fs[2])
		if off < 0 || n < 0 || off+n > len(data) {
			continue
		}
		lines := strings.Split(strings.TrimRight(string(data[off:off+n]), "\n"), "\n")
		if len(lines) < 2 {
			continue
		}
		headText := lines[0]
		pn := strings.Contains(headText, "<pn")
		if i := strings.IndexAny(headText, "/<"); i >= 0 {
			headText = headText[:i]
		}
		head := word(headText)
		if head == "" || !upper(headText) {
			continue
		}
		// A sense is a line of translations and, in the dictionaries made
		// from English and German, a gloss on the line after it. Senses
		// numbered "1. ..." are each read; an entry without numbers is
		// read for its first line only, since the lines after it may be
		// glosses ("Ville", after Madrid) the format does not mark.
		body := lines[1:]
		numbered := false
		for _, l := range body {
			if senseNum.MatchString(l) && strings.TrimSpace(senseNum.ReplaceAllString(l, "")) != "" {
				numbered = true
			}
		}
		for i := 0; i < len(body); i++ {
			if numbered && !senseNum.MatchString(body[i]) {
				continue
			}
			l := senseTail.ReplaceAllString(senseNum.ReplaceAllString(body[i], ""), "")
			if strings.TrimSpace(l) == "" || givenGloss.MatchString(l) {
				continue
			}
			var trans []string
			for _, t := range strings.Split(l, ",") {
				t = strings.TrimSuffix(strings.TrimSpace(t), ";")
				if w := word(t); w != "" && w != head && upper(t) {
					trans = append(trans, w)
				}
			}
			glossed := false
			if i+1 < len(body) && !senseNum.MatchString(body[i+1]) && givenGloss.MatchString(body[i+1]) {
				glossed = true
			}
			if len(trans) > 0 && (pn || glossed) {
				out = append(out, dictEntry{head: head, trans: trans, glossed: glossed})
			}
			if !numbered {
				break
			}
		}
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	return out
}

// upper reports whether s starts with a capital letter: a proper noun.
func upper(s string) bool {
	for _, r := range strings.TrimSpace(s) {
		return unicode.IsUpper(r)
	}
	return false
}

func readDictData(path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	return b
}

// b64 decodes dictd's base-64 numbers.
func b64(s string) int {
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	n := 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(alpha, s[i])
		if d < 0 {
			return -1
		}
		n = n*64 + d
	}
	return n
}

// write prints one line per name: the name, a tab, and its equivalents
// separated by spaces. A name's equivalents are its translations and
// their translations (Juan, Ioannis, John: two steps, no further, so that
// one name read two ways does not join unrelated ones), the full names a
// nickname stands for and their translations, and the other way round.
// A nickname does not join the full names it may stand for (Nick:
// Nicholas, Dominic).
func (g *graph) write(w io.Writer) {
	eq := map[string]map[string]bool{}
	link := func(a, b string) {
		if a != b && !g.oppositeSex(a, b) {
			add(eq, a, b)
			add(eq, b, a)
		}
	}
	for a, ts := range g.trans {
		for b := range ts {
			link(a, b)
			for c := range g.trans[b] {
				link(a, c)
				if *hops >= 3 {
					for d := range g.trans[c] {
						link(a, d)
					}
				}
			}
		}
	}
	for n, fulls := range g.nick {
		for f := range fulls {
			link(n, f)
			for t := range g.trans[f] {
				link(n, t)
			}
		}
	}
	names := make([]string, 0, len(eq))
	for n := range eq {
		names = append(names, n)
	}
	sort.Strings(names)
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	fmt.Fprintf(bw, "# Given-name equivalents, generated by screen/gen_equivalents.go; see equivalents.README.md.\n")
	for _, n := range names {
		es := make([]string, 0, len(eq[n]))
		for e := range eq[n] {
			es = append(es, e)
		}
		slices.Sort(es)
		fmt.Fprintf(bw, "%s\t%s\n", n, strings.Join(es, " "))
	}
	log.Printf("%d names, %d translation pairs dropped as of opposite sexes, %d (directed) as uncorroborated", len(names), g.dropped, g.uncorroborated)
}
