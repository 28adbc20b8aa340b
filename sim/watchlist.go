package sim

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"meridian"
)

// WatchlistOptions says how much to generate.
type WatchlistOptions struct {
	Persons   int   // watchlist persons
	Documents int   // watchlist documents (stolen/lost/revoked), beside the documents persons carry
	Seed      int64 // the same seed writes the same files
	Queries   int   // labelled queries to generate; 0 means 2,000, negative none
	// Hard is how many matching and how many non-matching pairs of each
	// hard-case class (HardClasses) to write to hard_pairs.csv, the
	// matching ones of listed persons also as hard_queries.csv; 0 none.
	// It draws from a stream of its own: the other files do not change.
	Hard int
}

// WatchlistFiles are the paths written.
type WatchlistFiles struct{ Watchlist, Queries, Pairs, HardPairs, HardQueries string }

// DefaultQueries is the number of queries when WatchlistOptions.Queries is 0.
const DefaultQueries = 2000

// Headers of the files, the contract with the importer and the evaluators.
// All three are standard CSV (encoding/csv quoting), UTF-8, one header row.
//
// watchlist.csv holds persons, then documents:
//
//	person:   kind=person, ref P0000001..., category wanted|missing|victim|suspect,
//	          name (primary, in its script), aliases (';'-separated),
//	          birth_date YYYY-MM-DD, YYYY-MM, YYYY or empty, sex M|F (rarely
//	          empty), nationalities (';'-separated ISO 3166-1 alpha-2),
//	          doc_number, doc_state, doc_type (passport|id_card) of a document
//	          the person holds, or empty; doc_status empty.
//	document: kind=document, ref D0000001..., doc_number, doc_state (ISO2),
//	          doc_type passport|id_card|visa|residence_permit|travel_document,
//	          doc_status stolen|lost|revoked|invalidated; the rest empty.
//
// Refs have seven digits at least and grow beyond (D10000000).
//
// queries.csv: query_id Q000001..., name, birth_date (as above), sex,
// nationality (one ISO2 or empty), expected_ref (the person the query
// should hit, empty for a true non-match) and variant (MatchVariants,
// NonmatchVariants).
//
// pairs.csv: name_a, name_b, is_match (true|false), dob_a, dob_b.
var (
	WatchlistHeader = []string{"kind", "ref", "category", "name", "aliases", "birth_date", "sex", "nationalities", "doc_number", "doc_state", "doc_type", "doc_status"}
	QueriesHeader   = []string{"query_id", "name", "birth_date", "sex", "nationality", "expected_ref", "variant"}
	PairsHeader     = []string{"name_a", "name_b", "is_match", "dob_a", "dob_b"}
)

// reservoirSize is how many persons are remembered for deriving queries.
func reservoirSize(queries int) int { return 2*queries + 500 }

// WriteWatchlist writes DIR/watchlist.csv, DIR/queries.csv and
// DIR/pairs.csv, creating DIR if need be. It streams: persons and
// documents are written as they are drawn, and only a fixed-size sample of
// persons (reservoir sampling) is kept for deriving the queries, so memory
// does not grow with the watchlist (under 50 MB for a million persons and
// ten million documents). Giving non-matching queries a date of birth no
// namesake on the watchlist shares needs every person's name, so the
// persons are drawn a second time from the seed rather than remembered.
func WriteWatchlist(dir string, o WatchlistOptions) (WatchlistFiles, error) {
	switch {
	case o.Persons < 0:
		return WatchlistFiles{}, meridian.Invalidf("sim.WriteWatchlist", "persons", "must not be negative, got %d", o.Persons)
	case o.Documents < 0:
		return WatchlistFiles{}, meridian.Invalidf("sim.WriteWatchlist", "documents", "must not be negative, got %d", o.Documents)
	}
	if o.Queries == 0 {
		o.Queries = DefaultQueries
	}
	if o.Queries < 0 {
		o.Queries = 0
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return WatchlistFiles{}, fmt.Errorf("sim: %w", err)
	}
	files := WatchlistFiles{
		Watchlist: filepath.Join(dir, "watchlist.csv"),
		Queries:   filepath.Join(dir, "queries.csv"),
		Pairs:     filepath.Join(dir, "pairs.csv"),
	}
	sample, err := writeWatchlist(files.Watchlist, o)
	if err != nil {
		return WatchlistFiles{}, err
	}
	qs, pairs := makeQueries(sample, o)
	if err := writeCSV(files.Queries, QueriesHeader, func(w *csv.Writer) error {
		rec := make([]string, len(QueriesHeader))
		for i, q := range qs {
			rec[0] = fmt.Sprintf("Q%06d", i+1)
			rec[1], rec[2], rec[3], rec[4], rec[5], rec[6] = q.name, q.dob, q.sex, q.nat, q.ref, q.variant
			if err := w.Write(rec); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return WatchlistFiles{}, err
	}
	if err := writeCSV(files.Pairs, PairsHeader, func(w *csv.Writer) error {
		rec := make([]string, len(PairsHeader))
		for _, p := range pairs {
			rec[0], rec[1], rec[3], rec[4] = p.a, p.b, p.dobA, p.dobB
			rec[2] = "false"
			if p.match {
				rec[2] = "true"
			}
			if err := w.Write(rec); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return WatchlistFiles{}, err
	}
	if o.Hard > 0 {
		files.HardPairs = filepath.Join(dir, "hard_pairs.csv")
		files.HardQueries = filepath.Join(dir, "hard_queries.csv")
		hps, hqs := makeHard(sample, o.Hard, o.Seed)
		if err := writeCSV(files.HardPairs, HardPairsHeader, func(w *csv.Writer) error {
			for _, p := range hps {
				if err := w.Write([]string{p.a, p.b, strconv.FormatBool(p.match), p.dobA, p.dobB, p.class}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return WatchlistFiles{}, err
		}
		if err := writeCSV(files.HardQueries, QueriesHeader, func(w *csv.Writer) error {
			for i, q := range hqs {
				if err := w.Write([]string{fmt.Sprintf("H%06d", i+1), q.name, q.dob, q.sex, q.nat, q.ref, q.variant}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return WatchlistFiles{}, err
		}
	}
	return files, nil
}

func writeCSV(path string, header []string, body func(*csv.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("sim: %w", cerr)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	if err := w.Write(header); err != nil {
		return fmt.Errorf("sim: write %s: %w", filepath.Base(path), err)
	}
	if err := body(w); err != nil {
		return fmt.Errorf("sim: write %s: %w", filepath.Base(path), err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("sim: write %s: %w", filepath.Base(path), err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("sim: write %s: %w", filepath.Base(path), err)
	}
	return nil
}

// linkedDoc is a watchlisted person's own document, remembered so that a
// few of them also appear as reported documents.
type linkedDoc struct{ num, state, typ, category string }

// writeWatchlist writes the persons, then the documents, and returns the
// sample of persons the queries are derived from.
func writeWatchlist(path string, o WatchlistOptions) ([]*person, error) {
	var sample []*person
	err := writeCSV(path, WatchlistHeader, func(w *csv.Writer) error {
		rec := make([]string, len(WatchlistHeader))
		gen := newPersonGen(o.Seed)
		res := NewRand(o.Seed, streamReservoir)
		size := reservoirSize(o.Queries)
		var linked []linkedDoc
		const linkedMax = 4096
		rec[0] = "person"
		for i := 0; i < o.Persons; i++ {
			p := gen.next()
			rec[1] = p.ref()
			rec[2] = p.category
			rec[3] = p.primary
			rec[4] = strings.Join(p.aliases, ";")
			rec[5] = p.dob
			rec[6] = p.sex
			rec[7] = strings.Join(p.nats, ";")
			rec[8], rec[9], rec[10], rec[11] = p.docNum, p.docState, p.docType, ""
			if err := w.Write(rec); err != nil {
				return err
			}
			// Reservoir sampling (algorithm R): every person is equally
			// likely to be remembered, whatever the count.
			if len(sample) < size {
				sample = append(sample, p)
			} else if j := res.IntN(i + 1); j < size {
				sample[j] = p
			}
			if p.docNum != "" {
				if len(linked) < linkedMax {
					linked = append(linked, linkedDoc{p.docNum, p.docState, p.docType, p.category})
				} else if j := res.IntN(i + 1); j < linkedMax {
					linked[j] = linkedDoc{p.docNum, p.docState, p.docType, p.category}
				}
			}
		}
		return writeDocuments(w, rec, o, gen.docs, linked)
	})
	return sample, err
}

func writeDocuments(w *csv.Writer, rec []string, o WatchlistOptions, nums *docNumbers, linked []linkedDoc) error {
	r := NewRand(o.Seed, streamDocuments)
	for i := range rec {
		rec[i] = ""
	}
	rec[0] = "document"
	var series struct {
		left       int
		state, typ string
	}
	for i := 1; i <= o.Documents; i++ {
		rec[1] = refOf('D', i)
		switch {
		case series.left > 0:
			rec[8] = nums.blankSeries(series.state, series.typ)
			rec[9], rec[10], rec[11] = series.state, series.typ, "stolen"
			series.left--
		case len(linked) > 0 && r.Chance(0.003):
			d := linked[len(linked)-1]
			linked = linked[:len(linked)-1]
			rec[8], rec[9], rec[10], rec[11] = d.num, d.state, d.typ, linkedStatus(d.category, r)
		case r.Chance(0.0003):
			// A batch of blank documents stolen from an issuing office or
			// a consulate: consecutive numbers.
			series.state = docStates.Pick(r)
			series.typ = [...]string{"passport", "passport", "id_card", "visa"}[r.IntN(4)]
			series.left = r.Between(20, 150)
			rec[8] = nums.blankSeries(series.state, series.typ)
			rec[9], rec[10], rec[11] = series.state, series.typ, "stolen"
			series.left--
		default:
			state := docStates.Pick(r)
			typ := docTypes[docTypeCum.Pick(r)]
			if typ == "id_card" && noIDCard[state] {
				typ = "passport"
			}
			rec[8] = nums.number(state, typ)
			rec[9], rec[10], rec[11] = state, typ, docStatuses[docStatusCum.Pick(r)]
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	return nil
}
