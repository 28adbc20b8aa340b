package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"meridian"
)

type checkResults struct {
	Results []meridian.CheckResult `json:"results"`
}

func runCheck(ctx context.Context, what string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check "+what, stderr)
	server := fs.String("server", envOr("MERIDIAN_SERVER", "http://localhost:8080"), "Meridian server")
	tokenFlag := secretVar(fs, "token", "MERIDIAN_TOKEN", "API token (POST /api/v1/me/tokens, or meridian user add --token)")
	var cc meridian.CheckContext
	fs.StringVar(&cc.OperationID, "operation", "", "operation the check counts toward")
	fs.StringVar(&cc.PlaceKind, "place-kind", "", "border_point, airport, seaport, flight, raid, hotspot, patrol, office or other")
	fs.StringVar(&cc.Place, "place", "", "where, e.g. a border crossing or a flight")
	fs.StringVar(&cc.Reason, "reason", "", "why: shown to the owner of a record hit")
	var pq meridian.PersonQuery
	var dq meridian.DocumentQuery
	switch what {
	case "person":
		fs.StringVar(&pq.Name, "name", "", "the name, in any script")
		fs.Func("dob", "date of birth: YYYY, YYYY-MM or YYYY-MM-DD", func(s string) error { pq.BirthDate = meridian.Date(s); return nil })
		fs.StringVar(&pq.Nationality, "nationality", "", "ISO 3166-1 alpha-2")
		fs.Func("sex", "M or F", func(s string) error { pq.Sex = meridian.Sex(strings.ToUpper(s)); return nil })
	case "document":
		fs.StringVar(&dq.Number, "number", "", "document number")
		fs.StringVar(&dq.IssuingState, "country", "", "issuing state, ISO 3166-1 alpha-2")
	}
	if err := parseArgs(fs, args); err != nil {
		return err
	}

	c, err := newAPIClient(*server, tokenFlag.Value(), 2*time.Minute)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	switch what {
	case "person", "document":
		if fs.NArg() > 0 {
			return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
		}
		if what == "person" && pq.Name == "" {
			return usageError("--name is required")
		}
		if what == "document" && dq.Number == "" {
			return usageError("--number is required")
		}
		pq.Nationality, dq.IssuingState = strings.ToUpper(pq.Nationality), strings.ToUpper(dq.IssuingState)
		var out checkResults
		path, body := "/api/v1/checks/persons", any(struct {
			meridian.CheckContext
			meridian.PersonQuery
		}{cc, pq})
		if what == "document" {
			path, body = "/api/v1/checks/documents", struct {
				meridian.CheckContext
				meridian.DocumentQuery
			}{cc, dq}
		}
		if err := c.postJSON(ctx, path, body, &out); err != nil {
			return err
		}
		if len(out.Results) != 1 {
			return &meridian.Error{Kind: meridian.EUnavailable, Message: fmt.Sprintf("the server answered %d results to one check", len(out.Results))}
		}
		enc.SetIndent("", "  ")
		return enc.Encode(out.Results[0])
	}
	// batch: CSV in (a person file has a name column, a document file a
	// number column), JSON lines out in the same order.
	if fs.NArg() != 1 {
		return usageError("usage: meridian check batch FILE")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return usageError(err.Error())
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: no header: %w", fs.Arg(0), err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	_, persons := col["name"]
	_, docs := col["number"]
	if !persons && !docs {
		return fmt.Errorf("%s: the header needs a name column (persons) or a number column (documents)", fs.Arg(0))
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	type row struct {
		Row   int `json:"row"`
		Query any `json:"query"`
		meridian.CheckResult
	}
	line := 1
	for done := false; !done; {
		var pqs []meridian.PersonQuery
		var dqs []meridian.DocumentQuery
		first := line + 1
		for len(pqs)+len(dqs) < meridian.MaxBatch {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				done = true
				break
			}
			if err != nil {
				return fmt.Errorf("%s: %w", fs.Arg(0), err)
			}
			line++
			if persons {
				pqs = append(pqs, meridian.PersonQuery{Name: get(rec, "name"), BirthDate: meridian.Date(get(rec, "birth_date")),
					Sex: meridian.Sex(strings.ToUpper(get(rec, "sex"))), Nationality: strings.ToUpper(get(rec, "nationality"))})
			} else {
				dqs = append(dqs, meridian.DocumentQuery{Number: get(rec, "number"), IssuingState: strings.ToUpper(get(rec, "issuing_state"))})
			}
		}
		if len(pqs)+len(dqs) == 0 {
			break
		}
		var out checkResults
		if persons {
			err = c.postJSON(ctx, "/api/v1/checks/persons", struct {
				meridian.CheckContext
				Checks []meridian.PersonQuery `json:"checks"`
			}{cc, pqs}, &out)
		} else {
			err = c.postJSON(ctx, "/api/v1/checks/documents", struct {
				meridian.CheckContext
				Checks []meridian.DocumentQuery `json:"checks"`
			}{cc, dqs}, &out)
		}
		if err != nil {
			return fmt.Errorf("rows %d-%d: %w", first, line, err)
		}
		for i, res := range out.Results {
			var q any
			if persons {
				q = pqs[i]
			} else {
				q = dqs[i]
			}
			enc.Encode(row{Row: first + i, Query: q, CheckResult: res})
		}
	}
	return nil
}
