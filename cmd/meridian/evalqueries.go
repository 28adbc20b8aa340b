package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"meridian"
	"meridian/screen"
	"meridian/watchlist"
)

// queryEval is what `screen eval --watchlist --queries` prints: the
// engine as a checking officer meets it, a query against a whole list.
type queryEval struct {
	Watchlist      string                `json:"watchlist"`
	Persons        int                   `json:"persons"`
	Queries        int                   `json:"queries"`
	Threshold      float64               `json:"threshold"`
	Precision      float64               `json:"precision"`
	Recall         float64               `json:"recall"`
	F1             float64               `json:"f1"`
	CrossScript    float64               `json:"cross_script_recall"`
	CrossScriptN   int                   `json:"cross_script_queries"`
	ByVariant      map[string]*variantEv `json:"by_variant"`
	MissedExamples []string              `json:"missed_examples,omitempty"`
	FalseExamples  []string              `json:"false_examples,omitempty"`
}

type variantEv struct {
	N       int     `json:"n"`
	Correct int     `json:"correct"`
	Rate    float64 `json:"rate"`
}

// evalQueries indexes the persons of a watchlist file and runs labelled
// queries against it. A query expecting an entry counts as found when that
// entry is the best hit at the threshold; a query expecting none counts as
// a false alarm when anything is hit.
func evalQueries(wlPath, qPath string, threshold float64, stdout io.Writer) error {
	wf, err := os.Open(wlPath)
	if err != nil {
		return usageError(err.Error())
	}
	defer wf.Close()
	ix := screen.NewPersonIndex()
	refOf := map[string]string{}
	var batch []screen.PersonEntry
	lineErrs, err := watchlist.ReadCSV(wf, meridian.CategorySuspect, func(e watchlist.Entry) error {
		if e.Person == nil {
			return nil
		}
		id := meridian.NewID()
		refOf[id] = e.Person.Ref
		pe := screen.PersonEntry{ID: id, BirthDate: string(e.Person.BirthDate), Sex: string(e.Person.Sex), Nationalities: e.Person.Nationalities}
		for _, n := range e.Person.Names {
			pe.Names = append(pe.Names, n.Full)
		}
		batch = append(batch, pe)
		if len(batch) == 50000 {
			ix.AddBatch(batch)
			batch = batch[:0]
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(lineErrs) > 0 {
		return fmt.Errorf("%s: %s", wlPath, lineErrs[0].Error())
	}
	ix.AddBatch(batch)
	qf, err := os.Open(qPath)
	if err != nil {
		return usageError(err.Error())
	}
	defer qf.Close()
	r := csv.NewReader(qf)
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", qPath, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, need := range []string{"name", "birth_date", "sex", "nationality", "expected_ref", "variant"} {
		if _, ok := col[need]; !ok {
			return fmt.Errorf("%s: no %s column", qPath, need)
		}
	}
	ev := queryEval{Watchlist: wlPath, Persons: ix.Len(), Threshold: threshold, ByVariant: map[string]*variantEv{}}
	var tp, fp, fn int
	var xsN, xsOK int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", qPath, err)
		}
		q := screen.PersonQuery{Name: rec[col["name"]], BirthDate: rec[col["birth_date"]], Sex: rec[col["sex"]], Nationality: rec[col["nationality"]]}
		want, variant := rec[col["expected_ref"]], rec[col["variant"]]
		ms := ix.Search(q, threshold, 5)
		got := ""
		if len(ms) > 0 {
			got = refOf[ms[0].ID]
		}
		ok := got == want
		ev.Queries++
		v := ev.ByVariant[variant]
		if v == nil {
			v = &variantEv{}
			ev.ByVariant[variant] = v
		}
		v.N++
		if ok {
			v.Correct++
		}
		switch {
		case want != "" && ok:
			tp++
		case want != "" && got == "":
			fn++
		case want != "":
			fn++
			fp++
		case got != "":
			fp++
		}
		// Cross-script: a query in another script than Latin, or a
		// transliteration (which the generator writes across scripts).
		if want != "" && (variant == "transliteration" || screen.Script(q.Name) != "latin") {
			xsN++
			if ok {
				xsOK++
			}
		}
		if !ok && len(ev.MissedExamples)+len(ev.FalseExamples) < 40 {
			ex := fmt.Sprintf("%s %q (%s) want %s got %s", variant, q.Name, q.BirthDate, want, got)
			if want != "" {
				ev.MissedExamples = append(ev.MissedExamples, ex)
			} else {
				ev.FalseExamples = append(ev.FalseExamples, ex)
			}
		}
	}
	if tp+fp > 0 {
		ev.Precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		ev.Recall = float64(tp) / float64(tp+fn)
	}
	if ev.Precision+ev.Recall > 0 {
		ev.F1 = 2 * ev.Precision * ev.Recall / (ev.Precision + ev.Recall)
	}
	if xsN > 0 {
		ev.CrossScript, ev.CrossScriptN = float64(xsOK)/float64(xsN), xsN
	}
	for _, v := range ev.ByVariant {
		v.Rate = float64(v.Correct) / float64(v.N)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(ev)
}
