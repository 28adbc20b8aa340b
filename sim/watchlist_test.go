package sim_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"meridian"
	"meridian/sim"
)

// readCSV reads a whole file with encoding/csv, which also checks that
// every row has as many fields as the header.
func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return rows
}

func mustWrite(t testing.TB, o sim.WatchlistOptions) (sim.WatchlistFiles, time.Duration) {
	t.Helper()
	start := time.Now()
	files, err := sim.WriteWatchlist(t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	return files, time.Since(start)
}

// script tells the script of a name by its letters.
func script(s string) string {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			return "cyrillic"
		case unicode.Is(unicode.Greek, r):
			return "greek"
		case unicode.Is(unicode.Arabic, r):
			return "arabic"
		}
	}
	return "latin"
}

func validDate(s string) bool {
	if s == "" {
		return true
	}
	d, ok := meridian.ParseDate(s)
	return ok && d.Year() >= 1900 && d.Year() <= 2100
}

func TestWriteWatchlist(t *testing.T) {
	const persons, documents = 1000, 10000
	files, took := mustWrite(t, sim.WatchlistOptions{Persons: persons, Documents: documents, Seed: 42})
	// Speed is measured by BenchmarkWriteWatchlist, not asserted here.
	t.Logf("1,000 persons, 10,000 documents, 2,000 queries: %v", took)

	t.Run("Watchlist", func(t *testing.T) {
		rows := readCSV(t, files.Watchlist)
		if !slices.Equal(rows[0], sim.WatchlistHeader) {
			t.Fatalf("header %q", rows[0])
		}
		if got := len(rows) - 1; got != persons+documents {
			t.Fatalf("%d rows, want %d", got, persons+documents)
		}
		refs := map[string]bool{}
		docs := map[string]bool{}
		scripts := map[string]int{}
		var np, nd int
		for i, r := range rows[1:] {
			line := i + 2
			if refs[r[1]] {
				t.Errorf("line %d: duplicate ref %q", line, r[1])
			}
			refs[r[1]] = true
			for _, f := range r {
				if !utf8Clean(f) {
					t.Errorf("line %d: field %q has control characters", line, f)
				}
			}
			switch r[0] {
			case "person":
				np++
				if !strings.HasPrefix(r[1], "P") || !slices.Contains([]string{"wanted", "missing", "victim", "suspect"}, r[2]) {
					t.Errorf("line %d: ref %q category %q", line, r[1], r[2])
				}
				if r[3] == "" || strings.Contains(r[3], ";") {
					t.Errorf("line %d: name %q", line, r[3])
				}
				scripts[script(r[3])]++
				if r[4] != "" {
					for _, a := range strings.Split(r[4], ";") {
						if a == "" || a == r[3] {
							t.Errorf("line %d: alias %q of %q", line, a, r[3])
						}
					}
				}
				if !validDate(r[5]) {
					t.Errorf("line %d: birth_date %q", line, r[5])
				}
				if !slices.Contains([]string{"M", "F", ""}, r[6]) {
					t.Errorf("line %d: sex %q", line, r[6])
				}
				if r[7] == "" {
					t.Errorf("line %d: no nationality", line)
				}
				for _, c := range strings.Split(r[7], ";") {
					if !meridian.IsCountry(c) {
						t.Errorf("line %d: nationality %q", line, c)
					}
				}
				if r[8] != "" && (!meridian.IsCountry(r[9]) || !slices.Contains([]string{"passport", "id_card"}, r[10])) {
					t.Errorf("line %d: document %q %q %q", line, r[8], r[9], r[10])
				}
				if r[11] != "" {
					t.Errorf("line %d: doc_status %q on a person", line, r[11])
				}
			case "document":
				nd++
				if !strings.HasPrefix(r[1], "D") || strings.Join(r[2:8], "") != "" {
					t.Errorf("line %d: document row with person fields: %q", line, r)
				}
				if !meridian.IsCountry(r[9]) {
					t.Errorf("line %d: doc_state %q", line, r[9])
				}
				if !slices.Contains([]string{"passport", "id_card", "visa", "residence_permit", "travel_document"}, r[10]) {
					t.Errorf("line %d: doc_type %q", line, r[10])
				}
				if !slices.Contains([]string{"stolen", "lost", "revoked", "invalidated"}, r[11]) {
					t.Errorf("line %d: doc_status %q", line, r[11])
				}
			default:
				t.Errorf("line %d: kind %q", line, r[0])
			}
			if r[8] != "" {
				if meridian.NormalizeDocumentNumber(r[8]) == "" || len(r[8]) > 50 {
					t.Errorf("line %d: doc_number %q", line, r[8])
				}
				docs[r[0]+r[9]+r[10]+r[8]] = true
			}
		}
		if np != persons || nd != documents {
			t.Errorf("%d persons, %d documents", np, nd)
		}
		if len(docs) < nd*99/100 {
			t.Errorf("only %d distinct document numbers among %d documents", len(docs), nd)
		}
		for _, s := range []string{"latin", "cyrillic", "greek", "arabic"} {
			if scripts[s] == 0 {
				t.Errorf("no primary name in %s script", s)
			}
		}
		t.Logf("primary names by script: %v", scripts)
	})

	wl := readCSV(t, files.Watchlist)
	byRef := map[string][]string{}
	for _, r := range wl[1:] {
		byRef[r[1]] = r
	}

	t.Run("Queries", func(t *testing.T) {
		rows := readCSV(t, files.Queries)
		if !slices.Equal(rows[0], sim.QueriesHeader) {
			t.Fatalf("header %q", rows[0])
		}
		if got := len(rows) - 1; got != sim.DefaultQueries {
			t.Fatalf("%d queries, want %d", got, sim.DefaultQueries)
		}
		kinds := map[string]int{}
		var matches, cross int
		for i, q := range rows[1:] {
			line := i + 2
			if q[1] == "" {
				t.Errorf("line %d: empty name", line)
			}
			if !validDate(q[2]) {
				t.Errorf("line %d: birth_date %q", line, q[2])
			}
			if q[4] != "" && !meridian.IsCountry(q[4]) {
				t.Errorf("line %d: nationality %q", line, q[4])
			}
			kinds[q[6]]++
			isMatch := slices.Contains(sim.MatchVariants, q[6])
			if !isMatch && !slices.Contains(sim.NonmatchVariants, q[6]) {
				t.Errorf("line %d: unknown variant %q", line, q[6])
			}
			if isMatch != (q[5] != "") {
				t.Errorf("line %d: variant %q with expected_ref %q", line, q[6], q[5])
			}
			if q[5] == "" {
				continue
			}
			matches++
			e, ok := byRef[q[5]]
			if !ok || e[0] != "person" {
				t.Errorf("line %d: expected_ref %q is not a watchlist person", line, q[5])
				continue
			}
			if script(q[1]) != script(e[3]) {
				cross++
			}
		}
		for _, k := range append(slices.Clone(sim.MatchVariants), sim.NonmatchVariants...) {
			if kinds[k] == 0 {
				t.Errorf("no %s query", k)
			}
		}
		n := len(rows) - 1
		if share := float64(matches) / float64(n); share < 0.55 || share > 0.65 {
			t.Errorf("match share %.2f, want about 0.6", share)
		}
		if share := float64(cross) / float64(n); share < 0.10 {
			t.Errorf("cross-script share %.3f, want at least 0.10", share)
		}
		t.Logf("variants: %v; cross-script %d of %d", kinds, cross, n)
	})

	t.Run("NonmatchesHitNobody", func(t *testing.T) {
		// An independent check of the labels, narrower than the
		// generator's (exact names only): no non-matching query carries the
		// name of a watchlist person whose date of birth a screening
		// engine could take for the query's.
		dobs := map[string][]string{}
		for _, r := range wl[1:] {
			if r[0] != "person" {
				continue
			}
			for _, n := range append([]string{r[3]}, strings.Split(r[4], ";")...) {
				if n != "" {
					k := strings.ToLower(n)
					dobs[k] = append(dobs[k], r[5])
				}
			}
		}
		for _, q := range readCSV(t, files.Queries)[1:] {
			if q[5] != "" {
				continue
			}
			for _, e := range dobs[strings.ToLower(q[1])] {
				if datesCompatible(e, q[2]) {
					t.Errorf("non-match %s %q born %s hits a watchlist person born %q", q[6], q[1], q[2], e)
				}
			}
		}
	})

	t.Run("Pairs", func(t *testing.T) {
		rows := readCSV(t, files.Pairs)
		if !slices.Equal(rows[0], sim.PairsHeader) {
			t.Fatalf("header %q", rows[0])
		}
		if n := len(rows) - 1; n < 2000 {
			t.Fatalf("%d pairs, want a few thousand", n)
		}
		var yes, no int
		for i, p := range rows[1:] {
			switch p[2] {
			case "true":
				yes++
			case "false":
				no++
			default:
				t.Errorf("line %d: is_match %q", i+2, p[2])
			}
			if p[0] == "" || p[1] == "" || !validDate(p[3]) || !validDate(p[4]) {
				t.Errorf("line %d: %q", i+2, p)
			}
		}
		if yes < len(rows)/4 || no < len(rows)/4 {
			t.Errorf("%d matching and %d non-matching pairs", yes, no)
		}
	})
}

// datesCompatible says whether a watchlist date of birth e could be taken
// for a query's full date q: e unknown, or within a year and, as far as e
// goes, sharing the month or the day (or swapping them in the same year).
func datesCompatible(e, q string) bool {
	if e == "" {
		return true
	}
	dy := atoi(e[:4]) - atoi(q[:4])
	if dy < -1 || dy > 1 {
		return false
	}
	switch len(e) {
	case 4:
		return true
	case 7:
		return e[5:7] == q[5:7]
	}
	return e[5:7] == q[5:7] || e[8:] == q[8:] || dy == 0 && e[5:7] == q[8:] && e[8:] == q[5:7]
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func utf8Clean(s string) bool {
	for _, r := range s {
		if r == unicode.ReplacementChar || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func TestWriteWatchlist_Deterministic(t *testing.T) {
	read := func(f sim.WatchlistFiles) [3][]byte {
		var out [3][]byte
		for i, p := range []string{f.Watchlist, f.Queries, f.Pairs} {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out[i] = b
		}
		return out
	}
	o := sim.WatchlistOptions{Persons: 500, Documents: 2000, Seed: 7, Queries: 300}
	a, _ := mustWrite(t, o)
	b, _ := mustWrite(t, o)
	o.Seed = 8
	c, _ := mustWrite(t, o)
	fa, fb, fc := read(a), read(b), read(c)
	for i, name := range []string{"watchlist", "queries", "pairs"} {
		if !bytes.Equal(fa[i], fb[i]) {
			t.Errorf("%s: same seed, different bytes", name)
		}
		if bytes.Equal(fa[i], fc[i]) {
			t.Errorf("%s: different seeds, same bytes", name)
		}
	}
}

func TestWriteWatchlist_Sizes(t *testing.T) {
	t.Run("NoPersons", func(t *testing.T) {
		f, _ := mustWrite(t, sim.WatchlistOptions{Documents: 100, Seed: 1, Queries: 50})
		qs := readCSV(t, f.Queries)
		if len(qs) != 51 {
			t.Fatalf("%d queries", len(qs)-1)
		}
		for _, q := range qs[1:] {
			if q[5] != "" || q[6] != sim.VariantRandom {
				t.Errorf("query %q without persons", q)
			}
		}
	})
	t.Run("FewPersons", func(t *testing.T) {
		f, _ := mustWrite(t, sim.WatchlistOptions{Persons: 3, Seed: 1, Queries: 100})
		if n := len(readCSV(t, f.Queries)) - 1; n != 100 {
			t.Errorf("%d queries, want 100", n)
		}
	})
	t.Run("NoQueries", func(t *testing.T) {
		f, _ := mustWrite(t, sim.WatchlistOptions{Persons: 10, Seed: 1, Queries: -1})
		if n := len(readCSV(t, f.Queries)); n != 1 {
			t.Errorf("%d rows, want the header only", n)
		}
	})
	t.Run("ErrNegative", func(t *testing.T) {
		_, err := sim.WriteWatchlist(t.TempDir(), sim.WatchlistOptions{Persons: -1})
		var e *meridian.Error
		if !errors.As(err, &e) || e.Kind != meridian.EInvalid {
			t.Errorf("negative persons: got %v, want an EInvalid error", err)
		}
	})
}

// BenchmarkWriteWatchlist writes 100,000 persons and 1,000,000 documents
// (and the 2,000 queries, whose check regenerates the persons).
func BenchmarkWriteWatchlist(b *testing.B) {
	const persons, documents = 100_000, 1_000_000
	dir := b.TempDir()
	for b.Loop() {
		if _, err := sim.WriteWatchlist(dir, sim.WatchlistOptions{Persons: persons, Documents: documents, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(persons+documents)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
