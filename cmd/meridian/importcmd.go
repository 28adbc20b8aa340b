package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"meridian"
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
	switch *format {
	case "csv", "ftm":
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
	// The same reading, marking and all-or-nothing store as the browser's
	// import (POST /watchlist/imports).
	rep, err := db.ImportWatchlistFile(meridian.WithSubject(ctx, subj), f, meridian.WatchlistImport{Format: *format, Category: *category, Marking: mark})
	if err != nil {
		return err
	}
	lines := make([]watchlist.LineError, 0, len(rep.Errors))
	for _, e := range rep.Errors {
		le := watchlist.LineError{Line: e.Line, Field: e.Field, Message: e.Message}
		lines = append(lines, le)
		fmt.Fprintln(stdout, le.Error())
	}
	switch {
	case rep.Stopped != "":
		return meridian.Errorf(meridian.EInvalid, "import watchlist", "%s", rep.Stopped)
	case len(lines) > 0:
		return watchlist.Rejected("import watchlist", lines)
	}
	fmt.Fprintf(stdout, "imported %d entries (import %s)\n", rep.Entries, rep.ImportID)
	for _, t := range rep.Attached {
		fmt.Fprintf(stdout, "attached %d: %s (first line %d)\n", t.Count, t.What, t.FirstLine)
	}
	for _, t := range rep.Skipped {
		fmt.Fprintf(stdout, "skipped %d: %s (first line %d)\n", t.Count, t.What, t.FirstLine)
	}
	return nil
}
