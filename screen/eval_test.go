package screen_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"meridian/screen"
)

// evalPair is a labelled pair: the same person written two ways, or two
// different persons.
type evalPair struct {
	kind string
	a, b screen.PersonQuery
	same bool
}

// evalPairs draws n true and n false pairs from the synthetic generator. The
// true pairs are what a check meets in the field; the false pairs are the
// hard ones (namesakes, shared parts), not random strangers.
func evalPairs(n int, seed uint64) []evalPair {
	g := newPersonGen(seed)
	r := rand.New(rand.NewPCG(seed, 77))
	var out []evalPair
	persons := make([]synthPerson, 0, 4*n)
	for i := 0; i < 4*n; i++ {
		persons = append(persons, g.person())
	}
	asQuery := func(p synthPerson, name string) screen.PersonQuery {
		return screen.PersonQuery{Name: name, BirthDate: p.entry.BirthDate, Sex: p.entry.Sex}
	}
	// True pairs.
	for i := 0; i < n; i++ {
		p := persons[i]
		reg := personRegions[p.region]
		a := asQuery(p, p.entry.Names[0])
		b := a
		kind := ""
		switch k := r.IntN(9); k {
		case 0:
			kind = "script"
			if reg.script != "" {
				b.Name = toScript(p.parts, reg.script)
			} else {
				b.Name = strings.ToUpper(b.Name)
			}
		case 1:
			kind = "romanised"
			parts := append([]string(nil), p.parts...)
			for j := range parts {
				parts[j] = romanise(r, parts[j])
			}
			b.Name = titleName(parts)
		case 2:
			kind = "typo"
			parts := append([]string(nil), p.parts...)
			j := r.IntN(len(parts))
			parts[j] = typo(r, parts[j])
			b.Name = titleName(parts)
		case 3:
			kind = "reordered"
			parts := append([]string(nil), p.parts...)
			parts[0], parts[len(parts)-1] = parts[len(parts)-1], parts[0]
			b.Name = titleName(parts)
		case 4:
			kind = "middle"
			if len(p.parts) > 2 {
				b.Name = titleName(append([]string{p.parts[0]}, p.parts[2:]...))
			} else {
				b.Name = titleName(append([]string{p.parts[0], "Lee"}, p.parts[1:]...))
			}
		case 5:
			kind = "joined"
			b.Name = strings.ReplaceAll(b.Name, " ", "")
			if len(p.parts) > 2 {
				b.Name = titleName(p.parts[:1]) + " " + strings.ReplaceAll(titleName(p.parts[1:]), " ", "")
			}
		case 6:
			kind = "date-partial"
			b.BirthDate = ""
			if len(a.BirthDate) >= 4 && r.IntN(2) == 0 {
				b.BirthDate = a.BirthDate[:4]
			}
		case 7:
			kind = "date-slip"
			if len(a.BirthDate) == 10 {
				if r.IntN(2) == 0 {
					b.BirthDate = a.BirthDate[:5] + a.BirthDate[8:10] + "-" + a.BirthDate[5:7]
				} else {
					y := a.BirthDate[:4]
					b.BirthDate = fmt.Sprint(atoi(y)+1) + a.BirthDate[4:]
				}
			}
		case 8:
			kind = "initial"
			if len(p.parts) >= 2 {
				b.Name = strings.ToUpper(p.parts[0][:1]) + ". " + titleName(p.parts[1:])
			}
			b.BirthDate = a.BirthDate
		}
		if b.BirthDate != "" && r.IntN(3) == 0 && kind != "date-slip" && kind != "date-partial" {
			b.BirthDate = "" // the officer does not know it
		}
		out = append(out, evalPair{kind, a, b, true})
	}
	// False pairs.
	for i := 0; i < n; i++ {
		p := persons[n+i]
		a := asQuery(p, p.entry.Names[0])
		var b screen.PersonQuery
		kind := ""
		switch k := r.IntN(5); k {
		case 0: // a namesake: same name, another date of birth
			kind = "namesake"
			o := persons[2*n+i]
			b = asQuery(o, p.entry.Names[0])
			if a.BirthDate == "" {
				a.BirthDate = "1971-08-02"
			}
			// at least three years apart: a year or two could be one person
			if ya, yb := atoi(firstN(a.BirthDate, 4)), atoi(firstN(b.BirthDate, 4)); b.BirthDate == "" || (ya-yb < 3 && yb-ya < 3) {
				b.BirthDate = fmt.Sprintf("%d-03-15", ya+3+r.IntN(20))
			}
		case 1, 2: // another person of the same region, sharing a part
			kind = "shared-part"
			for _, o := range persons[2*n:] {
				if o.region == p.region && o.entry.Names[0] != p.entry.Names[0] && sharesPart(o.parts, p.parts) {
					b = asQuery(o, o.entry.Names[0])
					break
				}
			}
		case 3: // another person of the same region
			kind = "same-region"
			for _, o := range persons[2*n+r.IntN(n):] {
				if o.region == p.region && o.entry.Names[0] != p.entry.Names[0] {
					b = asQuery(o, o.entry.Names[0])
					break
				}
			}
		case 4: // a name one part away: another given name
			kind = "other-given"
			for _, o := range persons[2*n:] {
				if o.region == p.region && o.parts[0] != p.parts[0] && o.entry.Sex == p.entry.Sex {
					parts := append([]string{o.parts[0]}, p.parts[1:]...)
					b = asQuery(o, titleName(parts))
					break
				}
			}
		}
		if b.Name == "" {
			continue
		}
		out = append(out, evalPair{kind, a, b, false})
	}
	return out
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func firstN(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}

func sharesPart(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y && x != "al" {
				return true
			}
		}
	}
	return false
}

// TestThresholdEvaluation measures how DefaultThreshold separates the
// labelled pairs; with SCREEN_EVAL=1 it prints the precision and recall of
// every threshold, the measurement DefaultThreshold was chosen by.
func TestThresholdEvaluation(t *testing.T) {
	n := 1000
	verbose := os.Getenv("SCREEN_EVAL") != ""
	if verbose {
		n = 3000
	}
	pairs := evalPairs(n, 2024)
	scores := make([]float64, len(pairs))
	for i, p := range pairs {
		scores[i], _ = screen.Compare(p.a, p.b)
	}
	rates := func(th float64) (recall, fpr, f1 float64) {
		var tp, fp, fn, tn float64
		for i, p := range pairs {
			hit := scores[i] >= th
			switch {
			case p.same && hit:
				tp++
			case p.same:
				fn++
			case hit:
				fp++
			default:
				tn++
			}
		}
		recall, fpr = tp/(tp+fn), fp/(fp+tn)
		prec := tp / max(1, tp+fp)
		return recall, fpr, 2 * prec * recall / max(1e-9, prec+recall)
	}
	if verbose {
		for th := 0.60; th <= 0.951; th += 0.01 {
			r, f, f1 := rates(th)
			fmt.Printf("threshold %.2f  recall %.3f  false-positive rate %.3f  F1 %.3f\n", th, r, f, f1)
		}
		byKind := map[string][2]int{}
		for i, p := range pairs {
			k := byKind[fmt.Sprint(p.same, " ", p.kind)]
			k[0]++
			if scores[i] >= screen.DefaultThreshold {
				k[1]++
			}
			byKind[fmt.Sprint(p.same, " ", p.kind)] = k
		}
		kinds := make([]string, 0, len(byKind))
		for k := range byKind {
			kinds = append(kinds, k)
		}
		slices.Sort(kinds)
		for _, k := range kinds {
			v := byKind[k]
			fmt.Printf("%-22s %5d pairs, %5.1f%% at or above the default\n", k, v[0], 100*float64(v[1])/float64(v[0]))
		}
		for i, p := range pairs {
			if (scores[i] >= screen.DefaultThreshold) != p.same && (i%7 == 0 || p.kind == "namesake") {
				fmt.Printf("  wrong: %v %s %.3f %q %s | %q %s\n", p.same, p.kind, scores[i], p.a.Name, p.a.BirthDate, p.b.Name, p.b.BirthDate)
			}
		}
	}
	recall, fpr, _ := rates(screen.DefaultThreshold)
	if recall < 0.9 || fpr > 0.05 {
		t.Errorf("at the default threshold: recall %.3f (want >= 0.90), false-positive rate %.3f (want <= 0.05)", recall, fpr)
	}
}
