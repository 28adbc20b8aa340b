package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"

	"meridian"
	"meridian/report"
)

// runReportFollowup runs `meridian report followup`: the follow-up of an
// operation's cases (issue 13, point 5). A report leaves Meridian: its
// figures under 11 are always suppressed, whoever runs it.
func runReportFollowup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report followup", stderr)
	var sf storeFlags
	sf.register(fs)
	opID := fs.String("operation", "", "the operation's id")
	out := fs.String("out", "", "write to this file instead of stdout")
	format := fs.String("format", "json", "json (the figures), html (the report) or pdf (the report, printed by headless Chromium)")
	lang := fs.String("lang", "en", "the report's language: en, fr, es or ar")
	if err := parse(fs, args); err != nil {
		return err
	}
	f := meridian.Fields{Op: "report"}
	if *opID == "" {
		f.Add("operation", "is required")
	} else if !meridian.IsID(*opID) {
		f.Add("operation", "malformed id %q", *opID)
	}
	if !slices.Contains([]string{"json", "html", "pdf"}, *format) {
		f.Add("format", "unknown format %q (want json, html or pdf)", *format)
	}
	if !slices.Contains(report.Languages, *lang) {
		f.Add("lang", "unknown language %q (want %s)", *lang, strings.Join(report.Languages, ", "))
	}
	if err := f.Err(); err != nil {
		return usageError(describe(err))
	}
	db, err := sf.open(ctx, true, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	s := reportSubject()
	s.Purpose = "follow-up report"
	fu, err := db.Followup(meridian.WithSubject(ctx, s), *opID)
	if err != nil {
		return err
	}
	db.Close()
	if !fu.Suppressed && fu.Total.Cases > 0 {
		meridian.SuppressFollowup(fu)
	}
	var b bytes.Buffer
	switch *format {
	case "json":
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(fu); err != nil {
			return meridian.Internal("report", err)
		}
	case "html", "pdf":
		if err := report.FollowupHTML(&b, fu, *lang); err != nil {
			return err
		}
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
