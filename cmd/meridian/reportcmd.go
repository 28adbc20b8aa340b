package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"meridian"
	"meridian/report"
)

// reportSubject is the caller of the report commands: whoever can open the
// store's files, acting as the operation's coordinator (statistics are for
// coordinators, analysts and observers).
func reportSubject() *meridian.Subject {
	s := cliSubject()
	s.Roles = []meridian.Role{meridian.RoleCoordinator}
	s.Purpose = "results report"
	return s
}

// runReport runs `meridian report results|statistics`.
func runReport(ctx context.Context, what string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report "+what, stderr)
	var sf storeFlags
	sf.register(fs)
	opID := fs.String("operation", "", "the operation's id")
	out := fs.String("out", "", "write to this file instead of stdout")
	format, lang := new(string), new(string)
	if what == "results" {
		format = fs.String("format", "json", "json (the figures), html (the report) or pdf (the report, printed by headless Chromium)")
		lang = fs.String("lang", "en", "the report's language: en, fr, es or ar")
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	f := meridian.Fields{Op: "report"}
	if *opID == "" {
		f.Add("operation", "is required")
	} else if !meridian.IsID(*opID) {
		f.Add("operation", "malformed id %q", *opID)
	}
	if what == "results" {
		if !slices.Contains([]string{"json", "html", "pdf"}, *format) {
			f.Add("format", "unknown format %q (want json, html or pdf)", *format)
		}
		if !slices.Contains(report.Languages, *lang) {
			f.Add("lang", "unknown language %q (want %s)", *lang, strings.Join(report.Languages, ", "))
		}
	}
	if err := f.Err(); err != nil {
		return usageError(describe(err)) // a mistake on the command line
	}

	// Writable, like the server: the store audits the reads it chooses
	// to, and a report must not fail for want of the signing key.
	db, err := sf.open(ctx, true, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	cctx := meridian.WithSubject(ctx, reportSubject())

	var b bytes.Buffer
	if what == "statistics" {
		rows, err := db.OperationStatistics(cctx, *opID)
		if err != nil {
			return err
		}
		if err := report.CSV(&b, rows); err != nil {
			return err
		}
		return writeOut(*out, b.Bytes(), stdout)
	}
	r, err := db.OperationResults(cctx, *opID)
	if err != nil {
		return err
	}
	// The results are in hand: the store is not needed for rendering,
	// which for a PDF takes a browser's start.
	db.Close()
	switch *format {
	case "json":
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return meridian.Internal("report", err)
		}
	case "html", "pdf":
		if err := report.HTML(&b, r, report.Options{Lang: *lang}); err != nil {
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

// writeOut writes data to stdout, or to the file path and then its name to
// stdout. The file appears whole or not at all: it is written beside its
// final name and renamed.
func writeOut(path string, data []byte, stdout io.Writer) error {
	if path == "" {
		_, err := stdout.Write(data)
		return err
	}
	fail := func(err error) error {
		return &meridian.Error{Kind: meridian.EInvalid, Op: "report", Field: "out", Message: "cannot write " + path, Err: err}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name()) // after the rename, a no-op
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fail(err)
	}
	fmt.Fprintln(stdout, path)
	return nil
}
