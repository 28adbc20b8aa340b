package screen_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"meridian"
	"meridian/screen"
)

// docID returns a canonical UUID for test entry i.
func docID(i int) string {
	return fmt.Sprintf("0190a5b2-%04x-7000-8000-%012x", (i>>48)&0xffff, i&0xffffffffffff)
}

// mustDocIndex returns an index holding es.
func mustDocIndex(tb testing.TB, es ...screen.DocumentEntry) *screen.DocumentIndex {
	tb.Helper()
	ix := screen.NewDocumentIndex()
	for _, e := range es {
		ix.Add(e)
	}
	if got := ix.Len(); got != len(es) {
		tb.Fatalf("Len = %d, want %d", got, len(es))
	}
	return ix
}

// docHit is the part of a match the tests compare.
type docHit struct {
	ID    string
	Kind  string
	Score float64
}

func docHits(ms []screen.DocumentMatch) []docHit {
	var hs []docHit
	for _, m := range ms {
		hs = append(hs, docHit{m.ID, m.Kind, m.Score})
	}
	return hs
}

func docExactHit(id string, score float64) docHit { return docHit{id, screen.DocumentExact, score} }
func docEditHit(id string) docHit                 { return docHit{id, screen.DocumentOneEdit, 0.75} }

func TestDocumentIndex_Search(t *testing.T) {
	var (
		gb    = docID(1) // P1234567, GB
		fr    = docID(2) // X98765432, FR
		nost  = docID(3) // Z55512345, unknown state
		short = docID(4) // AB12, GB
		five  = docID(5) // AB123, GB
		zero  = docID(6) // K0123456, DE: confusable letters
	)
	ix := mustDocIndex(t,
		screen.DocumentEntry{ID: gb, Number: "P1234567", IssuingState: "GB", Type: "passport"},
		screen.DocumentEntry{ID: fr, Number: "X98765432", IssuingState: "FR", Type: "id_card"},
		screen.DocumentEntry{ID: nost, Number: "Z55512345"},
		screen.DocumentEntry{ID: short, Number: "AB12", IssuingState: "GB"},
		screen.DocumentEntry{ID: five, Number: "AB123", IssuingState: "GB"},
		screen.DocumentEntry{ID: zero, Number: "K0I23456", IssuingState: "DE"},
	)
	for _, tt := range []struct {
		name, number, state string
		want                []docHit
	}{
		{"Exact", "P1234567", "GB", []docHit{docExactHit(gb, 1)}},
		{"ExactLowerCaseState", "P1234567", "gb", []docHit{docExactHit(gb, 1)}},
		{"LetterOForZero", "KO123456", "DE", []docHit{docExactHit(zero, 1)}},
		{"LetterQAndDForZero", "kq123456", "DE", []docHit{docExactHit(zero, 1)}},
		{"LetterIForOne", "PI234567", "GB", []docHit{docExactHit(gb, 1)}},
		{"LetterLForOne", "pl234567", "GB", []docHit{docExactHit(gb, 1)}},
		{"SpacesAndDashes", " p 123-456 7 ", "GB", []docHit{docExactHit(gb, 1)}},
		{"Punctuation", "P.123/456_7", "GB", []docHit{docExactHit(gb, 1)}},
		{"Substitution", "P1234568", "GB", []docHit{docEditHit(gb)}},
		{"SubstitutionFirst", "R1234567", "GB", []docHit{docEditHit(gb)}},
		{"Insertion", "P12345967", "GB", []docHit{docEditHit(gb)}},
		{"InsertionFirst", "9P1234567", "GB", []docHit{docEditHit(gb)}},
		{"Deletion", "P123567", "GB", []docHit{docEditHit(gb)}},
		{"DeletionLast", "P123456", "GB", []docHit{docEditHit(gb)}},
		{"Transposition", "P1243567", "GB", []docHit{docEditHit(gb)}},
		{"TranspositionFirst", "1P234567", "GB", []docHit{docEditHit(gb)}},
		{"TwoSubstitutions", "P1234578", "GB", nil},
		{"TwoDeletions", "P12345", "GB", nil},
		{"SubstitutionAndTransposition", "P1243568", "GB", nil},
		{"OtherState", "P1234567", "FR", nil},
		{"OtherStateOneEdit", "P1234568", "FR", nil},
		{"StateNoEntryHas", "P1234567", "XK", nil},
		{"QueryStateUnknown", "P1234567", "", []docHit{docExactHit(gb, 0.9)}},
		{"QueryStateUnknownOneEdit", "P1234568", "", []docHit{docEditHit(gb)}},
		{"QueryStateUnknownTransposition", "P1234576", "", []docHit{docEditHit(gb)}},
		{"QueryStateUnknownInsertion", "P12345678", " ", []docHit{docEditHit(gb)}},
		{"EntryStateUnknown", "Z55512345", "DE", []docHit{docExactHit(nost, 0.9)}},
		{"EntryStateUnknownOneEdit", "Z55512845", "DE", []docHit{docEditHit(nost)}},
		{"EntryStateUnknownQueryStateOdd", "Z55512345", "Utopia", []docHit{docExactHit(nost, 0.9)}},
		{"BothStatesUnknown", "Z555I2345", "", []docHit{docExactHit(nost, 0.9)}},
		{"ShortExact", "AB12", "GB", []docHit{docExactHit(short, 1)}},
		{"ShortSubstitution", "AB13", "GB", nil},
		{"ShortInsertion", "AB142", "GB", nil},    // a 5-character query, but the entry is short
		{"ShortQueryDeletion", "B123", "GB", nil}, // the query is short
		{"FiveSubstitution", "AB723", "GB", []docHit{docEditHit(five)}},
		{"FiveUnknownState", "AB723", "", []docHit{docEditHit(five)}},
		{"Empty", "", "GB", nil},
		{"PunctuationOnly", " -./- ", "GB", nil},
		{"InvalidUTF8", "\xff\xfe\xfd", "GB", nil},
		{"InvalidUTF8Inside", "P123\xff4567", "GB", []docHit{docExactHit(gb, 1)}},
		{"Long", strings.Repeat("P1234567", 125), "GB", nil},
		{"LongUnknownState", strings.Repeat("P1234567", 125), "", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := ix.Search(tt.number, tt.state)
			if !slices.Equal(docHits(got), tt.want) {
				t.Fatalf("Search(%q, %q) = %+v, want %+v", tt.number, tt.state, got, tt.want)
			}
		})
	}

	t.Run("MatchFields", func(t *testing.T) {
		got := ix.Search("k-o-1-2-3-4-5-6", "DE")
		want := []screen.DocumentMatch{{ID: zero, Kind: "exact", Score: 1, Number: "K0123456", IssuingState: "DE"}}
		if !slices.Equal(got, want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	})

	// Every single edit at every position, across the cuts between thirds
	// and for each length the one-edit keys are built for.
	t.Run("EveryEdit", func(t *testing.T) {
		for n := 5; n <= 14; n++ {
			num := "7ABCEFGHJKMNPRSTUV"[:n]
			ix := mustDocIndex(t, screen.DocumentEntry{ID: docID(n), Number: num, IssuingState: "NL"})
			var edits []string
			for i := range n {
				edits = append(edits, num[:i]+num[i+1:], num[:i]+"9"+num[i+1:], num[:i]+"9"+num[i:])
				if i+1 < n {
					edits = append(edits, num[:i]+num[i+1:i+2]+num[i:i+1]+num[i+2:])
				}
			}
			edits = append(edits, num+"9")
			for _, q := range edits {
				if len(q) < 5 {
					continue
				}
				for _, st := range []string{"NL", ""} {
					if got := docHits(ix.Search(q, st)); !slices.Equal(got, []docHit{docEditHit(docID(n))}) {
						t.Errorf("Search(%q, %q) for %q = %+v, want one edit", q, st, num, got)
					}
				}
			}
		}
	})

	t.Run("BestFirst", func(t *testing.T) {
		ix := mustDocIndex(t,
			screen.DocumentEntry{ID: docID(1), Number: "C01X00T48", IssuingState: "DE"},
			screen.DocumentEntry{ID: docID(2), Number: "C01X00T47"},
			screen.DocumentEntry{ID: docID(3), Number: "C01X00T47", IssuingState: "DE"},
			screen.DocumentEntry{ID: docID(4), Number: "C01X00T47", IssuingState: "AT"},
		)
		want := []docHit{docExactHit(docID(3), 1), docExactHit(docID(2), 0.9), docEditHit(docID(1))}
		if got := docHits(ix.Search("C01X00T47", "DE")); !slices.Equal(got, want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		want = []docHit{docExactHit(docID(2), 0.9), docExactHit(docID(4), 0.9), docExactHit(docID(3), 0.9), docEditHit(docID(1))}
		if got := docHits(ix.Search("C01X00T47", "")); !slices.Equal(got, want) {
			t.Fatalf("unknown state: got %+v, want %+v", got, want)
		}
	})
}

func TestDocumentIndex_Entries(t *testing.T) {
	t.Run("RemoveAndReplace", func(t *testing.T) {
		a, b := docID(1), docID(2)
		ix := mustDocIndex(t,
			screen.DocumentEntry{ID: a, Number: "P1234567", IssuingState: "GB"},
			screen.DocumentEntry{ID: b, Number: "P7654321", IssuingState: "GB"},
		)
		if !ix.Remove(a) {
			t.Fatal("Remove = false, want true")
		}
		if ix.Remove(a) {
			t.Fatal("second Remove = true, want false")
		}
		if ix.Remove(docID(99)) {
			t.Fatal("Remove of an unknown id = true")
		}
		if got := ix.Search("P1234567", "GB"); got != nil {
			t.Fatalf("removed entry found: %+v", got)
		}
		if got := ix.Len(); got != 1 {
			t.Fatalf("Len = %d, want 1", got)
		}
		ix.Add(screen.DocumentEntry{ID: b, Number: "P1111111", IssuingState: "FR"})
		if got := ix.Search("P7654321", "GB"); got != nil {
			t.Fatalf("replaced number found: %+v", got)
		}
		if got := docHits(ix.Search("P1111111", "FR")); !slices.Equal(got, []docHit{docExactHit(b, 1)}) {
			t.Fatalf("replacement: got %+v", got)
		}
		ix.Add(screen.DocumentEntry{ID: a, Number: "P1234567", IssuingState: "GB"})
		if got := docHits(ix.Search("P1234567", "GB")); !slices.Equal(got, []docHit{docExactHit(a, 1)}) {
			t.Fatalf("re-added: got %+v", got)
		}
		if got := ix.Len(); got != 2 {
			t.Fatalf("Len = %d, want 2", got)
		}
	})

	t.Run("BatchLaterReplacesEarlier", func(t *testing.T) {
		ix := screen.NewDocumentIndex()
		ix.AddBatch([]screen.DocumentEntry{
			{ID: docID(1), Number: "A1111111", IssuingState: "GB"},
			{ID: docID(2), Number: "A2222222", IssuingState: "GB"},
			{ID: docID(1), Number: "A3333333", IssuingState: "GB"},
		})
		if got := ix.Len(); got != 2 {
			t.Fatalf("Len = %d, want 2", got)
		}
		if got := ix.Search("A1111111", "GB"); got != nil {
			t.Fatalf("replaced entry found: %+v", got)
		}
		if got := docHits(ix.Search("A3333333", "GB")); !slices.Equal(got, []docHit{docExactHit(docID(1), 1)}) {
			t.Fatalf("got %+v", got)
		}
	})

	t.Run("IDThatIsNoUUID", func(t *testing.T) {
		ix := mustDocIndex(t,
			screen.DocumentEntry{ID: "interpol:sltd:42", Number: "P1234567", IssuingState: "GB"},
			screen.DocumentEntry{ID: strings.ToUpper(docID(1)), Number: "P1234568", IssuingState: "GB"},
		)
		want := []docHit{docExactHit("interpol:sltd:42", 1), docEditHit(strings.ToUpper(docID(1)))}
		if got := docHits(ix.Search("P1234567", "GB")); !slices.Equal(got, want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		ix.Add(screen.DocumentEntry{ID: "interpol:sltd:42", Number: "P7777777", IssuingState: "GB"})
		if !ix.Remove("interpol:sltd:42") || ix.Remove("interpol:sltd:42") || ix.Len() != 1 {
			t.Fatal("Remove of an id that is no UUID")
		}
		if got := ix.Search("P7777777", "GB"); got != nil {
			t.Fatalf("removed entry found: %+v", got)
		}
	})

	t.Run("OddNumbers", func(t *testing.T) {
		long := strings.Repeat("AB12", 250)
		ix := mustDocIndex(t,
			screen.DocumentEntry{ID: docID(1), Number: "", IssuingState: "GB"},
			screen.DocumentEntry{ID: docID(2), Number: "--", IssuingState: "GB"},
			screen.DocumentEntry{ID: docID(3), Number: long, IssuingState: "GB"},
			screen.DocumentEntry{ID: docID(4), Number: "ABC1234567890XYZ", IssuingState: "GB"}, // past the inline 12
			screen.DocumentEntry{ID: docID(5), Number: "\xffP1234567\xfe", IssuingState: "GB"},
		)
		for _, tt := range []struct {
			number, state string
			want          []docHit
		}{
			{"", "GB", nil},
			{"--", "GB", nil},
			{long, "GB", []docHit{docExactHit(docID(3), 1)}},
			{long, "", []docHit{docExactHit(docID(3), 0.9)}},
			{long[1:], "GB", nil}, // one edit, but longer than 64 characters
			{"abc-1234567890-xyz", "GB", []docHit{docExactHit(docID(4), 1)}},
			{"ABC1234567890XY", "GB", []docHit{docEditHit(docID(4))}},
			{"ABC1234567809XYZ", "GB", []docHit{docEditHit(docID(4))}},
			{"ABC1234567890XY", "", []docHit{docEditHit(docID(4))}},
			{"P1234567", "GB", []docHit{docExactHit(docID(5), 1)}},
		} {
			if got := docHits(ix.Search(tt.number, tt.state)); !slices.Equal(got, tt.want) {
				t.Errorf("Search(%.20q, %q) = %+v, want %+v", tt.number, tt.state, got, tt.want)
			}
		}
		if !ix.Remove(docID(1)) || ix.Len() != 4 {
			t.Fatal("an entry with an empty number is still an entry")
		}
	})

	t.Run("ZeroValue", func(t *testing.T) {
		var ix screen.DocumentIndex
		if got := ix.Search("P1234567", "GB"); got != nil || ix.Len() != 0 || ix.Remove(docID(1)) {
			t.Fatalf("empty index: %+v", got)
		}
		ix.Add(screen.DocumentEntry{ID: docID(1), Number: "P1234567", IssuingState: "GB"})
		if got := docHits(ix.Search("P1234568", "GB")); !slices.Equal(got, []docHit{docEditHit(docID(1))}) {
			t.Fatalf("got %+v", got)
		}
	})

	// Thousands of entries of one state sharing two thirds of their
	// number: every one is still found exactly, and one-edit matching
	// finds no entry it should not (it may miss some: the key is capped).
	t.Run("PathologicalKey", func(t *testing.T) {
		ix := screen.NewDocumentIndex()
		ref := map[string]screen.DocumentEntry{}
		for i := range 1500 {
			e := screen.DocumentEntry{ID: docID(i), Number: fmt.Sprintf("X12345%04d", i), IssuingState: "GB"}
			ix.Add(e)
			ref[e.ID] = e
		}
		refs := docRefs(ref)
		for i := 0; i < 1500; i += 13 {
			num := fmt.Sprintf("X12345%04d", i)
			got := ix.Search(num, "GB")
			if !slices.ContainsFunc(got, func(m screen.DocumentMatch) bool { return m.ID == docID(i) && m.Kind == screen.DocumentExact }) {
				t.Fatalf("Search(%q) lost its entry", num)
			}
			want := docReference(refs, num[:9]+"Z", "GB")
			for _, m := range ix.Search(num[:9]+"Z", "GB") {
				if !slices.Contains(want, m) {
					t.Fatalf("Search(%q): %+v is no match", num[:9]+"Z", m)
				}
			}
		}
	})

	t.Run("States", func(t *testing.T) {
		ix := mustDocIndex(t,
			screen.DocumentEntry{ID: docID(1), Number: "P1234567", IssuingState: "gb"},
			screen.DocumentEntry{ID: docID(2), Number: "P1234567", IssuingState: "D"},
			screen.DocumentEntry{ID: docID(3), Number: "P1234567", IssuingState: " GB "},
		)
		got := ix.Search("P1234567", "GB")
		if len(got) != 2 || got[0].IssuingState != "GB" || got[1].IssuingState != "GB" {
			t.Fatalf("GB: got %+v", got)
		}
		if got := docHits(ix.Search("P1234568", "D")); !slices.Equal(got, []docHit{docEditHit(docID(2))}) {
			t.Fatalf("D: got %+v", got)
		}
	})
}

// TestDocumentIndex_MatchesReference checks the index against a search of
// every entry, over numbers from a tiny alphabet (so that many are one edit
// apart) through adds, replacements, removals, growth and compaction.
func TestDocumentIndex_MatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"0", "1", "2", "A", "B", "O", "l"}
	states := []string{"GB", "FR", ""}
	number := func() string {
		var b strings.Builder
		for range 3 + rng.IntN(8) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	ix := screen.NewDocumentIndex()
	ref := map[string]screen.DocumentEntry{}
	var ids []string
	add := func(e screen.DocumentEntry) {
		if _, ok := ref[e.ID]; !ok {
			ids = append(ids, e.ID)
		}
		ref[e.ID] = e
	}
	check := func(round int) {
		t.Helper()
		if ix.Len() != len(ref) {
			t.Fatalf("round %d: Len = %d, want %d", round, ix.Len(), len(ref))
		}
		refs := docRefs(ref)
		for range 200 {
			q := number()
			if len(ids) > 0 && rng.IntN(2) == 0 { // near an entry
				q = docEdit(rng, ref[ids[rng.IntN(len(ids))]].Number)
			}
			st := states[rng.IntN(len(states))]
			got, want := ix.Search(q, st), docReference(refs, q, st)
			if !docSameMatches(got, want) {
				t.Fatalf("round %d: Search(%q, %q) = %+v, want %+v", round, q, st, got, want)
			}
		}
	}
	next := 0
	for round := range 12 {
		switch round % 4 {
		case 0: // a batch (the first one builds the index)
			batch := make([]screen.DocumentEntry, 1500+rng.IntN(1500))
			for i := range batch {
				id := docID(next)
				if len(ids) > 0 && rng.IntN(10) == 0 {
					id = ids[rng.IntN(len(ids))] // a replacement
				}
				next++
				batch[i] = screen.DocumentEntry{ID: id, Number: number(), IssuingState: states[rng.IntN(len(states))]}
			}
			ix.AddBatch(batch)
			for _, e := range batch {
				add(e)
			}
		case 1: // one by one, with replacements
			for range 3000 {
				id := docID(next)
				next++
				if rng.IntN(4) == 0 {
					id = ids[rng.IntN(len(ids))]
				}
				e := screen.DocumentEntry{ID: id, Number: number(), IssuingState: states[rng.IntN(len(states))]}
				ix.Add(e)
				add(e)
			}
		default: // removals, enough to compact now and then
			for range len(ids) * 2 / 3 {
				i := rng.IntN(len(ids))
				id := ids[i]
				_, ok := ref[id]
				if got := ix.Remove(id); got != ok {
					t.Fatalf("Remove(%s) = %v, want %v", id, got, ok)
				}
				delete(ref, id)
			}
			ids = slices.DeleteFunc(ids, func(id string) bool { _, ok := ref[id]; return !ok })
		}
		check(round)
	}
}

// docEdit returns s with a random edit or two, or none.
func docEdit(rng *rand.Rand, s string) string {
	for range rng.IntN(3) {
		i := rng.IntN(len(s) + 1)
		c := string("0129AZ"[rng.IntN(6)])
		switch rng.IntN(4) {
		case 0:
			s = s[:i] + c + s[i:]
		case 1:
			if i < len(s) {
				s = s[:i] + s[i+1:]
			}
		case 2:
			if i < len(s) {
				s = s[:i] + c + s[i+1:]
			}
		default:
			if i+1 < len(s) {
				s = s[:i] + s[i+1:i+2] + s[i:i+1] + s[i+2:]
			}
		}
	}
	return s
}

// docRef is an entry as the reference search reads it.
type docRef struct{ id, number, state string }

func docRefs(entries map[string]screen.DocumentEntry) []docRef {
	var rs []docRef
	for _, e := range entries {
		rs = append(rs, docRef{e.ID, meridian.NormalizeDocumentNumber(e.Number), docCanonState(e.IssuingState)})
	}
	return rs
}

// docReference searches every entry, by the definitions alone.
func docReference(entries []docRef, number, state string) []screen.DocumentMatch {
	q, qs := meridian.NormalizeDocumentNumber(number), docCanonState(state)
	if q == "" {
		return nil
	}
	var out []screen.DocumentMatch
	for _, e := range entries {
		n, es := e.number, e.state
		if n == "" || (es != qs && es != "" && qs != "") || len(n) > len(q)+1 || len(q) > len(n)+1 {
			continue
		}
		m := screen.DocumentMatch{ID: e.id, Number: n, IssuingState: es}
		switch {
		case n == q:
			m.Kind, m.Score = screen.DocumentExact, 0.9
			if es == qs && es != "" {
				m.Score = 1
			}
		case len(n) >= 5 && len(q) >= 5 && len(n) <= 64 && len(q) <= 64 && docOSA(n, q) == 1:
			m.Kind, m.Score = screen.DocumentOneEdit, 0.75
		default:
			continue
		}
		out = append(out, m)
	}
	return out
}

// docCanonState is a state as the index reads it: two letters in either
// case, anything else as written, trimmed.
func docCanonState(s string) string {
	s = strings.TrimSpace(s)
	letter := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
	if len(s) == 2 && letter(s[0]) && letter(s[1]) {
		return strings.ToUpper(s)
	}
	return s
}

// docOSA is the optimal string alignment distance, by dynamic programming
// over three rows.
func docOSA(a, b string) int {
	rows := make([]int, 3*(len(b)+1))
	pp, p, c := rows[:len(b)+1], rows[len(b)+1:2*len(b)+2], rows[2*len(b)+2:]
	for j := range p {
		p[j] = j
	}
	for i := 1; i <= len(a); i++ {
		c[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c[j] = min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c[j] = min(c[j], pp[j-2]+1)
			}
		}
		pp, p, c = p, c, pp
	}
	return p[len(b)]
}

// docSameMatches reports whether got holds want's matches, best first.
func docSameMatches(got, want []screen.DocumentMatch) bool {
	for i := 1; i < len(got); i++ {
		if got[i].Score > got[i-1].Score {
			return false
		}
	}
	key := func(a, b screen.DocumentMatch) int { return strings.Compare(a.ID, b.ID) }
	got, want = slices.Clone(got), slices.Clone(want)
	slices.SortFunc(got, key)
	slices.SortFunc(want, key)
	return slices.Equal(got, want)
}

func TestDocumentIndex_Concurrent(t *testing.T) {
	ix := screen.NewDocumentIndex()
	var stable []screen.DocumentEntry
	for i := range 200 {
		stable = append(stable, screen.DocumentEntry{ID: docID(i), Number: fmt.Sprintf("S%08d", i*7919), IssuingState: "GB"})
	}
	ix.AddBatch(stable)
	var stop atomic.Bool
	var readers, writers sync.WaitGroup
	for r := range 3 {
		readers.Go(func() {
			for i := 0; !stop.Load(); i++ {
				e := stable[(i*31+r)%len(stable)]
				got := ix.Search(e.Number, e.IssuingState)
				if !slices.ContainsFunc(got, func(m screen.DocumentMatch) bool { return m.ID == e.ID && m.Kind == screen.DocumentExact }) {
					t.Errorf("Search(%q) = %+v: lost %s", e.Number, got, e.ID)
					return
				}
				if i%8 == 0 {
					ix.Search(e.Number[:6]+"9"+e.Number[7:], "")
				}
				ix.Len()
			}
		})
	}
	for w := range 2 {
		writers.Go(func() {
			for i := range 600 {
				id := docID(1000 + w*100000 + i%300) // replaced and removed over and over
				switch i % 3 {
				case 0, 1:
					ix.Add(screen.DocumentEntry{ID: id, Number: fmt.Sprintf("W%d%07d", w, i), IssuingState: []string{"GB", ""}[i%2]})
				default:
					ix.Remove(id)
				}
				if i%300 == 299 {
					batch := make([]screen.DocumentEntry, 500)
					for j := range batch {
						batch[j] = screen.DocumentEntry{ID: docID(5000000 + w*100000 + i + j), Number: fmt.Sprintf("B%d%07d", w, j), IssuingState: "FR"}
					}
					ix.AddBatch(batch)
				}
			}
		})
	}
	writers.Wait()
	stop.Store(true)
	readers.Wait()
}

func TestDocumentIndex_SearchMissAllocs(t *testing.T) {
	ix := screen.NewDocumentIndex()
	ix.AddBatch(docSynthetic(10000, 1))
	for _, st := range []string{"GB", ""} {
		if n := testing.AllocsPerRun(100, func() { ix.Search("Q 987 654 321", st) }); n != 0 {
			t.Errorf("Search miss (state %q) allocates %v times", st, n)
		}
	}
}

func FuzzDocumentSearch(f *testing.F) {
	f.Add("P1234567", "GB", "P1234568")
	f.Add("k-o-1-2-3", "", "K0123")
	f.Add("", "GB", "")
	f.Add("\xff\xfe", "\x00", "\xff")
	f.Add("ıſ12345", "fr", "IS12345")
	f.Add(strings.Repeat("9", 70), "XK", strings.Repeat("9", 69))
	f.Fuzz(func(t *testing.T, number, state, query string) {
		ix := screen.NewDocumentIndex()
		entries := map[string]screen.DocumentEntry{}
		for i, e := range []screen.DocumentEntry{
			{ID: docID(1), Number: "P1234567", IssuingState: "GB"},
			{ID: docID(2), Number: "X9876543", IssuingState: ""},
			{ID: docID(3), Number: query, IssuingState: "GB"},
			{ID: docID(4), Number: docFuzzVariant(number, 0), IssuingState: state},
			{ID: docID(5), Number: docFuzzVariant(number, 1), IssuingState: ""},
			{ID: docID(6), Number: docFuzzVariant(query, 2), IssuingState: state},
			{ID: "fuzzed", Number: number, IssuingState: state},
		} {
			if i%2 == 0 {
				ix.Add(e)
			} else {
				ix.AddBatch([]screen.DocumentEntry{e})
			}
			entries[e.ID] = e
		}
		if norm := meridian.NormalizeDocumentNumber(number); norm != "" {
			got := ix.Search(number, state)
			if !slices.ContainsFunc(got, func(m screen.DocumentMatch) bool {
				return m.ID == "fuzzed" && m.Kind == screen.DocumentExact && m.Number == norm
			}) {
				t.Fatalf("Search(%q, %q) = %+v: the entry numbered so is not there as %q", number, state, got, norm)
			}
		}
		refs := docRefs(entries)
		for _, st := range []string{state, "", "GB"} {
			if got, want := ix.Search(query, st), docReference(refs, query, st); !docSameMatches(got, want) {
				t.Fatalf("Search(%q, %q) = %+v, want %+v", query, st, got, want)
			}
		}
	})
}

// docFuzzVariant returns s with one edit (or, for short s, unchanged).
func docFuzzVariant(s string, kind int) string {
	if len(s) < 2 {
		return s
	}
	i := len(s) / 2
	switch kind {
	case 0:
		return s[:i] + s[i+1:]
	case 1:
		return s[:i] + s[i:i+1] + s[i:]
	}
	return s[:i-1] + s[i:i+1] + s[i-1:i] + s[i+1:]
}

// docSynthetic returns n entries like a stolen and lost document list:
// about 150 issuing states, a few of them much larger than the rest, each
// with its own number format (1 or 2 letters and 7 or 8 digits, or 9
// digits) and prefix letters.
func docSynthetic(n int, seed uint64) []screen.DocumentEntry {
	g := newDocGen(seed)
	es := make([]screen.DocumentEntry, n)
	for i := range es {
		st := g.state()
		es[i] = screen.DocumentEntry{ID: docID(i), Number: g.number(st), IssuingState: g.states[st], Type: "passport"}
	}
	return es
}

type docGen struct {
	rng     *rand.Rand
	states  []string
	cum     []float64 // cumulative weights of states
	formats []int
	letters []string
}

func newDocGen(seed uint64) *docGen {
	g := &docGen{rng: rand.New(rand.NewPCG(seed, 7))}
	var total float64
	for i, c := range meridian.Countries()[:150] {
		g.states = append(g.states, c.Alpha2)
		total += 1 / float64(i+10)
		g.cum = append(g.cum, total)
		g.formats = append(g.formats, g.rng.IntN(5))
		var l []byte
		for range 3 {
			l = append(l, byte('A'+g.rng.IntN(26)))
		}
		g.letters = append(g.letters, string(l))
	}
	for i := range g.cum {
		g.cum[i] /= total
	}
	return g
}

func (g *docGen) state() int {
	i, _ := slices.BinarySearch(g.cum, g.rng.Float64())
	return min(i, len(g.states)-1)
}

func (g *docGen) number(st int) string {
	var b [10]byte
	letters, digits := [5]int{1, 2, 1, 2, 0}[g.formats[st]], [5]int{7, 7, 8, 8, 9}[g.formats[st]]
	n := 0
	for range letters {
		b[n] = g.letters[st][g.rng.IntN(3)]
		n++
	}
	for range digits {
		b[n] = byte('0' + g.rng.IntN(10))
		n++
	}
	return string(b[:n])
}

// docQuery is a check as the benchmark makes it.
type docQuery struct{ number, state string }

// docQueries returns a realistic mix of n checks against es: 90% misses
// (numbers of the same states and formats), 5% exact hits and 5% one
// edit away; a quarter typed in lower case with spaces.
func docQueries(es []screen.DocumentEntry, n int, seed uint64, unknownState bool) []docQuery {
	g := newDocGen(seed)
	qs := make([]docQuery, n)
	for i := range qs {
		var q docQuery
		switch r := g.rng.IntN(100); {
		case r < 90:
			st := g.state()
			q = docQuery{g.number(st), g.states[st]}
		case r < 95:
			e := es[g.rng.IntN(len(es))]
			q = docQuery{e.Number, e.IssuingState}
		default:
			e := es[g.rng.IntN(len(es))]
			for q.number = e.Number; q.number == e.Number || len(q.number) < 5; {
				q.number = docEdit1(g.rng, e.Number)
			}
			q.state = e.IssuingState
		}
		if g.rng.IntN(4) == 0 {
			q.number = strings.ToLower(q.number[:3] + " " + q.number[3:])
		}
		if unknownState {
			q.state = ""
		}
		qs[i] = q
	}
	return qs
}

// docEdit1 returns s with exactly one random edit.
func docEdit1(rng *rand.Rand, s string) string {
	i := rng.IntN(len(s))
	c := string(byte('0' + rng.IntN(10)))
	switch rng.IntN(4) {
	case 0:
		return s[:i] + c + s[i:]
	case 1:
		return s[:i] + s[i+1:]
	case 2:
		return s[:i] + c + s[i+1:]
	}
	if i+1 < len(s) {
		return s[:i] + s[i+1:i+2] + s[i:i+1] + s[i+2:]
	}
	return s[:i] + c
}

var (
	docBenchEntries = sync.OnceValue(func() []screen.DocumentEntry { return docSynthetic(10_000_000, 1) })
	docBenchIndex   = sync.OnceValue(func() *screen.DocumentIndex {
		ix := screen.NewDocumentIndex()
		ix.AddBatch(docBenchEntries())
		return ix
	})
)

// BenchmarkDocumentBuild10M builds the index of ten million entries, as at
// start, and reports the heap it keeps and the most the heap held while
// building (beyond the entries themselves).
func BenchmarkDocumentBuild10M(b *testing.B) {
	es := docBenchEntries()
	var kept, peak float64
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		base := docHeap()
		stop := docWatchHeap()
		b.StartTimer()
		ix := screen.NewDocumentIndex()
		ix.AddBatch(es)
		b.StopTimer()
		peak = float64(stop()-base) / 1e6
		runtime.GC()
		kept = float64(docHeap()-base) / 1e6
		if ix.Len() != len(es) {
			b.Fatalf("Len = %d", ix.Len())
		}
		runtime.KeepAlive(ix)
		b.StartTimer()
	}
	b.ReportMetric(kept, "heap-MB")
	b.ReportMetric(peak, "peak-heap-MB")
}

// docHeap returns the bytes of live and not yet swept heap objects.
func docHeap() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// docWatchHeap samples the heap until the function it returns is called,
// which returns the largest sample.
func docWatchHeap() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			if h := docHeap(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}

// BenchmarkDocumentSearch10M checks a realistic mix against ten million
// entries on every core; UnknownState is the same mix with no state given.
func BenchmarkDocumentSearch10M(b *testing.B) {
	ix := docBenchIndex()
	for _, bb := range []struct {
		name    string
		unknown bool
	}{{"Mix", false}, {"UnknownState", true}} {
		b.Run(bb.name, func(b *testing.B) {
			qs := docQueries(docBenchEntries(), 1<<20, 2, bb.unknown)
			var next, hits atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i, h := int(next.Add(1)*7919), 0
				for pb.Next() {
					q := qs[i&(len(qs)-1)]
					if len(ix.Search(q.number, q.state)) > 0 {
						h++
					}
					i++
				}
				hits.Add(int64(h))
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checks/s")
			b.ReportMetric(float64(hits.Load())/float64(b.N)*100, "hit-%")
		})
	}
}
