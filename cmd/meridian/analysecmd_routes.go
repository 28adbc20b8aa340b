package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"

	"meridian"
	"meridian/analysis"
	"meridian/report"
	"meridian/sqldb"
)

// brief wires the analytical brief to the store, its trends section to
// the trends analysis.
func (m *Main) brief() *analysis.Brief {
	return briefOf(m.DB)
}

func briefOf(db *sqldb.DB) *analysis.Brief {
	return &analysis.Brief{Operations: db, Routes: &analysis.RouteService{Store: db},
		Network: &analysis.NetworkService{Store: db}, Trends: &analysis.BriefTrendsOf{Events: db, Operations: db}}
}

// analyseSubject is the caller of the analyse commands: whoever can open
// the store's files, as an analyst of no agency, so that every figure of
// any agency is suppressed as it would be for an outsider.
func analyseSubject() *meridian.Subject {
	s := cliSubject()
	s.Roles = []meridian.Role{meridian.RoleAnalyst}
	s.Purpose = "analysis"
	return s
}

// runAnalyse runs `meridian analyse routes|network|brief`.
func runAnalyse(ctx context.Context, what string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("analyse "+what, stderr)
	var sf storeFlags
	sf.register(fs)
	opID := fs.String("operation", "", "the operation's id")
	out := fs.String("out", "", "write to this file instead of stdout")
	format := fs.String("format", "json", "routes, network: json (network also graphml or ftm); brief: html or pdf")
	lang := fs.String("lang", "en", "the brief's language: en, fr, es or ar")
	if what == "brief" {
		*format = "html"
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	f := meridian.Fields{Op: "analyse"}
	if *opID == "" {
		f.Add("operation", "is required")
	} else if !meridian.IsID(*opID) {
		f.Add("operation", "malformed id %q", *opID)
	}
	formats := map[string][]string{"routes": {"json"}, "network": {"json", "graphml", "ftm"}, "brief": {"html", "pdf"}}[what]
	if !slices.Contains(formats, *format) {
		f.Add("format", "unknown format %q (want %s)", *format, strings.Join(formats, " or "))
	}
	if !slices.Contains(analysis.BriefLanguages, *lang) {
		f.Add("lang", "unknown language %q (want en, fr, es or ar)", *lang)
	}
	if err := f.Err(); err != nil {
		return usageError(describe(err))
	}
	db, err := sf.open(ctx, true, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	cctx := meridian.WithSubject(ctx, analyseSubject())
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	switch what {
	case "routes":
		r, err := (&analysis.RouteService{Store: db}).Routes(cctx, meridian.RouteFilter{OperationID: *opID})
		if err != nil {
			return err
		}
		if err := enc.Encode(r); err != nil {
			return meridian.Internal("analyse", err)
		}
	case "network":
		n, err := (&analysis.NetworkService{Store: db}).Network(cctx, meridian.NetworkFilter{OperationID: *opID}, "", "")
		if err != nil {
			return err
		}
		switch *format {
		case "graphml":
			err = analysis.WriteGraphML(&b, n)
		case "ftm":
			err = analysis.WriteFtM(&b, n)
		default:
			err = enc.Encode(n)
		}
		if err != nil {
			return meridian.Internal("analyse", err)
		}
	case "brief":
		if err := briefOf(db).HTML(cctx, &b, *opID, *lang); err != nil {
			return err
		}
		db.Close()
		if *format == "pdf" {
			pdf, err := report.PDF(ctx, b.Bytes())
			if err != nil {
				return err
			}
			b.Reset()
			b.Write(pdf)
		}
	}
	return writeOut(*out, b.Bytes(), stdout)
}
