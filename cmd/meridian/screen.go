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
	// Without a header, rows are name_a,name_b[,dob_a,dob_b]; a header
	// naming name_a and name_b may add dob_a, dob_b, is_match and class in
	// any order (pairs.csv, hard_pairs.csv), and class and is_match are
	// passed through, so that scores can be told apart by them.
	col := map[string]int{"name_a": 0, "name_b": 1, "dob_a": 2, "dob_b": 3}
	headed := false
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("stdin: %w", err)
		}
		if line == 1 && len(rec) >= 2 && strings.EqualFold(rec[0], "name_a") {
			headed = true
			col = map[string]int{}
			for i, h := range rec {
				col[strings.ToLower(strings.TrimSpace(h))] = i
			}
			if _, ok := col["name_b"]; !ok {
				return fmt.Errorf("stdin line 1: no name_b column")
			}
			head := []string{"score", "match"}
			for _, extra := range []string{"is_match", "class"} {
				if _, ok := col[extra]; ok {
					head = append(head, extra)
				}
			}
			w.Write(head)
			continue
		}
		if !headed && len(rec) != 2 && len(rec) != 4 {
			return fmt.Errorf("stdin line %d: want name_a,name_b or name_a,name_b,dob_a,dob_b (or a header naming the columns), got %d fields", line, len(rec))
		}
		a := screen.PersonQuery{Name: get(rec, "name_a"), BirthDate: get(rec, "dob_a")}
		b := screen.PersonQuery{Name: get(rec, "name_b"), BirthDate: get(rec, "dob_b")}
		score, _ := screen.Compare(a, b)
		out := []string{strconv.FormatFloat(score, 'f', 4, 64), strconv.FormatBool(score >= *threshold)}
		for _, extra := range []string{"is_match", "class"} {
			if _, ok := col[extra]; ok {
				out = append(out, get(rec, extra))
			}
		}
		w.Write(out)
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
	// ByClass is the same for each class of a file that names them (a
	// sixth column, as hard_pairs.csv): recall on its matching pairs,
	// false-positive rate on its non-matching ones.
	ByClass map[string]*classEv `json:"by_class,omitempty"`
}

type classEv struct {
	Pairs             int      `json:"pairs"`
	Recall            float64  `json:"recall"`
	FalsePositiveRate float64  `json:"false_positive_rate"`
	TP                int      `json:"tp"`
	FP                int      `json:"fp"`
	FN                int      `json:"fn"`
	TN                int      `json:"tn"`
	Missed            []string `json:"missed_examples,omitempty"`
	False             []string `json:"false_examples,omitempty"`
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
		class string
		a, b  string
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
		if len(rec) != 3 && len(rec) != 5 && len(rec) != 6 {
			return fmt.Errorf("%s line %d: want name_a,name_b,is_match[,dob_a,dob_b[,class]], got %d fields", fs.Arg(0), line, len(rec))
		}
		m, err := strconv.ParseBool(strings.TrimSpace(rec[2]))
		if err != nil {
			return fmt.Errorf("%s line %d: is_match: want true or false, got %q", fs.Arg(0), line, rec[2])
		}
		a, b := screen.PersonQuery{Name: rec[0]}, screen.PersonQuery{Name: rec[1]}
		if len(rec) >= 5 {
			a.BirthDate, b.BirthDate = rec[3], rec[4]
		}
		score, _ := screen.Compare(a, b)
		p := pair{score: score, match: m, a: rec[0], b: rec[1]}
		if len(rec) == 6 {
			p.class = rec[5]
			if p.a != "" && a.BirthDate+b.BirthDate != "" {
				p.a += " (" + a.BirthDate + ")"
				p.b += " (" + b.BirthDate + ")"
			}
		}
		pairs = append(pairs, p)
	}
	at := func(t float64) evalReport {
		rep := evalReport{File: fs.Arg(0), Pairs: len(pairs), Threshold: t}
		for _, p := range pairs {
			var c *classEv
			if p.class != "" {
				if rep.ByClass == nil {
					rep.ByClass = map[string]*classEv{}
				}
				if c = rep.ByClass[p.class]; c == nil {
					c = &classEv{}
					rep.ByClass[p.class] = c
				}
				c.Pairs++
			} else {
				c = &classEv{}
			}
			ex := fmt.Sprintf("%.3f %q / %q", p.score, p.a, p.b)
			switch got := p.score >= t; {
			case got && p.match:
				rep.TP++
				c.TP++
			case got && !p.match:
				rep.FP++
				c.FP++
				if len(c.False) < 5 {
					c.False = append(c.False, ex)
				}
			case !got && p.match:
				rep.FN++
				c.FN++
				if len(c.Missed) < 5 {
					c.Missed = append(c.Missed, ex)
				}
			default:
				rep.TN++
				c.TN++
			}
		}
		for _, c := range rep.ByClass {
			if c.TP+c.FN > 0 {
				c.Recall = float64(c.TP) / float64(c.TP+c.FN)
			}
			if c.FP+c.TN > 0 {
				c.FalsePositiveRate = float64(c.FP) / float64(c.FP+c.TN)
			}
			if *sweep {
				c.Missed, c.False = nil, nil
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
	hard := fs.Int("hard", 0, "matching and non-matching pairs of each hard-case class to write to hard_pairs.csv (and hard_queries.csv)")
	out := fs.String("out", ".", "directory to write watchlist.csv, queries.csv and pairs.csv to")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *persons < 0 || *documents < 0 || *queries < 0 || *hard < 0 {
		return usageError("--persons, --documents, --queries and --hard must not be negative")
	}
	files, err := sim.WriteWatchlist(*out, sim.WatchlistOptions{Persons: *persons, Documents: *documents, Seed: *seed, Queries: *queries, Hard: *hard})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, files.Watchlist)
	fmt.Fprintln(stdout, files.Queries)
	fmt.Fprintln(stdout, files.Pairs)
	if files.HardPairs != "" {
		fmt.Fprintln(stdout, files.HardPairs)
		fmt.Fprintln(stdout, files.HardQueries)
	}
	return nil
}
