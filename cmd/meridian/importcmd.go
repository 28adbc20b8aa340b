package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"meridian"
	"meridian/sqldb"
	"meridian/watchlist"
)

func runImportWatchlist(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import watchlist", stderr)
	var sf storeFlags
	sf.register(fs)
	format := fs.String("format", "csv", "csv or ftm (FollowTheMoney JSON lines)")
	agency := fs.String("agency", "", "the owner agency's id")
	category := fs.String("category", meridian.CategorySuspect, "category of persons whose line does not say")
	tlp := fs.String("tlp", "AMBER", "TLP label of every entry")
	release := fs.String("release", "owner", "releasability: owner, or all (participants of --operation)")
	countries := fs.String("release-countries", "", "with --release listed: comma-separated ISO2 countries")
	operation := fs.String("operation", "", "operation the entries belong to")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("usage: meridian import watchlist --format csv|ftm --agency ID FILE")
	}
	var report *watchlist.Report
	read := watchlist.ReadCSV
	switch *format {
	case "csv":
	case "ftm":
		read = func(r io.Reader, def string, fn func(watchlist.Entry) error) ([]watchlist.LineError, error) {
			var errs []watchlist.LineError
			var err error
			report, errs, err = watchlist.ReadFtMReport(r, def, fn)
			return errs, err
		}
	default:
		return usageError(fmt.Sprintf("--format: want csv or ftm, got %q", *format))
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return usageError(err.Error())
	}
	defer f.Close()
	db, err := sf.open(ctx, true, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	subj := cliSubject()
	a, err := db.FindAgencyByID(meridian.WithSubject(ctx, subj), *agency)
	if err != nil {
		return &meridian.Error{Kind: meridian.EInvalid, Field: "agency", Message: "unknown agency " + *agency}
	}
	subj.AgencyID, subj.Country = a.ID, a.Country
	mark := meridian.Marking{OperationID: *operation, TLP: meridian.TLP(*tlp), Release: &meridian.Release{Scope: meridian.Scope(*release)}}
	if *countries != "" {
		mark.Release.Countries = strings.Split(strings.ToUpper(*countries), ",")
	}
	var lineErrs []watchlist.LineError
	n, id, err := db.ImportWatchlist(meridian.WithSubject(ctx, subj), func(imp *sqldb.Importer) error {
		var rerr error
		lineErrs, rerr = read(f, *category, func(e watchlist.Entry) error {
			switch {
			case e.Person != nil:
				mark.Apply(&e.Person.Meta)
				return imp.AddPerson(e.Person)
			case e.Document != nil:
				mark.Apply(&e.Document.Meta)
				return imp.AddDocument(e.Document)
			}
			return nil
		})
		if rerr != nil {
			return rerr
		}
		if len(lineErrs) > 0 {
			return watchlist.Rejected("import watchlist", lineErrs)
		}
		return nil
	})
	for _, le := range lineErrs {
		fmt.Fprintln(stdout, le.Error())
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d entries (import %s)\n", n, id)
	if report != nil {
		for _, t := range report.Attached {
			fmt.Fprintf(stdout, "attached %d: %s (first line %d)\n", t.Count, t.What, t.FirstLine)
		}
		for _, t := range report.Skipped {
			fmt.Fprintf(stdout, "skipped %d: %s (first line %d)\n", t.Count, t.What, t.FirstLine)
		}
	}
	return nil
}
