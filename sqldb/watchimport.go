package sqldb

import (
	"context"
	"errors"
	"io"
	"slices"

	"meridian"
	"meridian/policy"
	"meridian/watchlist"
)

var _ meridian.WatchlistImporter = (*DB)(nil)

// errKeepNothing rolls an import back on purpose: a dry run, or a file
// with wrong lines, whose report is the answer.
var errKeepNothing = errors.New("sqldb: import rolled back")

// ImportWatchlistFile reads a watchlist file and stores its entries, each
// marked as in says, in one transaction: all of them, or none when any
// line is wrong (the report names every such line) or on a dry run. The
// marking is checked once, before the file is read, so that a wrong
// marking is one error at its field rather than one per line. Every entry
// stored is audited as a creation, as one created through the API is.
func (s *DB) ImportWatchlistFile(ctx context.Context, r io.Reader, in meridian.WatchlistImport) (*meridian.WatchlistImportReport, error) {
	const op = "sqldb.ImportWatchlistFile"
	if err := policy.CanCreate(meridian.SubjectFrom(ctx), "watchlist"); err != nil {
		return nil, err
	}
	f := meridian.Fields{Op: op}
	if !slices.Contains(meridian.WatchlistFormats, in.Format) {
		f.Add("format", "unknown format %q (want csv or ftm)", in.Format)
	}
	if in.Category == "" {
		in.Category = meridian.CategorySuspect
	}
	if !slices.Contains(meridian.WatchCategories, in.Category) {
		f.Add("category", "unknown category %q (want wanted, missing, victim or suspect)", in.Category)
	}
	var m meridian.Meta
	in.Marking.Apply(&m)
	meridian.ValidateMeta(&f, &m)
	if err := f.Err(); err != nil {
		return nil, err
	}
	rep := &meridian.WatchlistImportReport{DryRun: in.DryRun}
	n, id, err := s.ImportWatchlist(ctx, func(imp *Importer) error {
		if err := checkMetaRefs(ctx, imp.tx, &m); err != nil {
			return err
		}
		add := func(e watchlist.Entry) error {
			switch {
			case e.Person != nil:
				in.Marking.Apply(&e.Person.Meta)
				return imp.AddPerson(e.Person)
			case e.Document != nil:
				in.Marking.Apply(&e.Document.Meta)
				return imp.AddDocument(e.Document)
			}
			return nil
		}
		var lines []watchlist.LineError
		var fatal error
		switch in.Format {
		case "csv":
			lines, fatal = watchlist.ReadCSV(r, in.Category, add)
		case "ftm":
			var wr *watchlist.Report
			wr, lines, fatal = watchlist.ReadFtMReport(r, in.Category, add)
			if wr != nil {
				rep.Attached, rep.Skipped = tallies(wr.Attached), tallies(wr.Skipped)
			}
		}
		for _, le := range lines {
			rep.Errors = append(rep.Errors, meridian.ImportLineError{Line: le.Line, Field: le.Field, Message: le.Message})
		}
		if fatal != nil {
			if meridian.KindOf(fatal) != meridian.EInvalid {
				return fatal
			}
			rep.Stopped = meridian.MessageOf(fatal)
			if fld := meridian.FieldOf(fatal); fld != "" {
				rep.Stopped = fld + ": " + rep.Stopped
			}
			return errKeepNothing
		}
		if len(lines) > 0 {
			return errKeepNothing
		}
		if in.DryRun {
			rep.Entries = imp.Count()
			return errKeepNothing
		}
		return nil
	})
	if errors.Is(err, errKeepNothing) {
		return rep, nil
	}
	if err != nil {
		return nil, err
	}
	rep.Imported, rep.ImportID, rep.Entries = true, id, n
	return rep, nil
}

func tallies(ts []watchlist.Tally) []meridian.ImportTally {
	out := make([]meridian.ImportTally, 0, len(ts))
	for _, t := range ts {
		out = append(out, meridian.ImportTally{What: t.What, Count: t.Count, FirstLine: t.FirstLine})
	}
	return out
}
