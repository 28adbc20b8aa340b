package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"meridian/screen"
	"meridian/sim"
)

// runScreenCompare scores name pairs read as CSV on stdin, one output row
// per input row, for calibrating thresholds on labelled data.
func runScreenCompare(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("screen compare", stderr)
	threshold := fs.Float64("threshold", screen.DefaultThreshold, "score from which a pair is a match")
	if err := parse(fs, args); err != nil {
		return err
	}
	r := csv.NewReader(stdin)
	r.FieldsPerRecord = -1
	w := csv.NewWriter(stdout)
	defer w.Flush()
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("stdin: %w", err)
		}
		if line == 1 && len(rec) >= 2 && strings.EqualFold(rec[0], "name_a") {
			w.Write([]string{"score", "match"})
			continue
		}
		if len(rec) != 2 && len(rec) != 4 {
			return fmt.Errorf("stdin line %d: want name_a,name_b or name_a,name_b,dob_a,dob_b, got %d fields", line, len(rec))
		}
		a, b := screen.PersonQuery{Name: rec[0]}, screen.PersonQuery{Name: rec[1]}
		if len(rec) == 4 {
			a.BirthDate, b.BirthDate = rec[2], rec[3]
		}
		score, _ := screen.Compare(a, b)
		w.Write([]string{strconv.FormatFloat(score, 'f', 4, 64), strconv.FormatBool(score >= *threshold)})
	}
}

// evalReport is what `screen eval` prints.
type evalReport struct {
	File      string  `json:"file"`
	Pairs     int     `json:"pairs"`
	Threshold float64 `json:"threshold"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	TN        int     `json:"tn"`
}

func (r *evalReport) finish() {
	if r.TP+r.FP > 0 {
		r.Precision = float64(r.TP) / float64(r.TP+r.FP)
	}
	if r.TP+r.FN > 0 {
		r.Recall = float64(r.TP) / float64(r.TP+r.FN)
	}
	if r.Precision+r.Recall > 0 {
		r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
	}
}

// runScreenEval reports precision, recall and F1 on a labelled pair file
// (name_a,name_b,is_match[,dob_a,dob_b]).
func runScreenEval(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("screen eval", stderr)
	threshold := fs.Float64("threshold", screen.DefaultThreshold, "score from which a pair is a match")
	sweep := fs.Bool("sweep", false, "report every threshold from 0.50 to 0.99 instead")
	wl := fs.String("watchlist", "", "with --queries: a watchlist.csv to index (instead of a pair file)")
	qf := fs.String("queries", "", "with --watchlist: labelled queries (query_id,name,birth_date,sex,nationality,expected_ref,variant)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if *wl != "" || *qf != "" {
		if *wl == "" || *qf == "" || fs.NArg() != 0 {
			return usageError("usage: meridian screen eval --watchlist FILE --queries FILE [--threshold T]")
		}
		return evalQueries(*wl, *qf, *threshold, stdout)
	}
	if fs.NArg() != 1 {
		return usageError("usage: meridian screen eval FILE")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return usageError(err.Error())
	}
	defer f.Close()
	type pair struct {
		score float64
		match bool
	}
	var pairs []pair
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", fs.Arg(0), err)
		}
		if line == 1 && strings.EqualFold(rec[0], "name_a") {
			continue
		}
		if len(rec) != 3 && len(rec) != 5 {
			return fmt.Errorf("%s line %d: want name_a,name_b,is_match[,dob_a,dob_b], got %d fields", fs.Arg(0), line, len(rec))
		}
		m, err := strconv.ParseBool(strings.TrimSpace(rec[2]))
		if err != nil {
			return fmt.Errorf("%s line %d: is_match: want true or false, got %q", fs.Arg(0), line, rec[2])
		}
		a, b := screen.PersonQuery{Name: rec[0]}, screen.PersonQuery{Name: rec[1]}
		if len(rec) == 5 {
			a.BirthDate, b.BirthDate = rec[3], rec[4]
		}
		score, _ := screen.Compare(a, b)
		pairs = append(pairs, pair{score, m})
	}
	at := func(t float64) evalReport {
		rep := evalReport{File: fs.Arg(0), Pairs: len(pairs), Threshold: t}
		for _, p := range pairs {
			switch got := p.score >= t; {
			case got && p.match:
				rep.TP++
			case got && !p.match:
				rep.FP++
			case !got && p.match:
				rep.FN++
			default:
				rep.TN++
			}
		}
		rep.finish()
		return rep
	}
	enc := json.NewEncoder(stdout)
	if *sweep {
		for t := 50; t < 100; t++ {
			enc.Encode(at(float64(t) / 100))
		}
		return nil
	}
	enc.SetIndent("", "  ")
	return enc.Encode(at(*threshold))
}

func runSimWatchlist(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sim watchlist", stderr)
	persons := fs.Int("persons", 10000, "watchlist persons")
	documents := fs.Int("documents", 100000, "watchlist documents")
	seed := fs.Int64("seed", 1, "random seed: the same seed writes the same files")
	queries := fs.Int("queries", 2000, "labelled queries")
	out := fs.String("out", ".", "directory to write watchlist.csv, queries.csv and pairs.csv to")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *persons < 0 || *documents < 0 || *queries < 0 {
		return usageError("--persons, --documents and --queries must not be negative")
	}
	files, err := sim.WriteWatchlist(*out, sim.WatchlistOptions{Persons: *persons, Documents: *documents, Seed: *seed, Queries: *queries})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, files.Watchlist)
	fmt.Fprintln(stdout, files.Queries)
	fmt.Fprintln(stdout, files.Pairs)
	return nil
}
