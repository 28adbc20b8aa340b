package meridian

import (
	"context"
	"io"
)

// WatchlistFormats are the forms a watchlist file may come in: the flat
// CSV and FollowTheMoney JSON lines.
var WatchlistFormats = []string{"csv", "ftm"}

// WatchlistImport says how to read a watchlist file and how to mark every
// entry in it.
type WatchlistImport struct {
	Format   string // csv or ftm
	Category string // of persons whose line does not say
	Marking  Marking
	// DryRun reads and validates the whole file and stores nothing.
	DryRun bool
}

// ImportLineError is what is wrong on one line of a watchlist file, named
// as the file names it (a CSV column, an FtM property).
type ImportLineError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// ImportTally counts what an import attached to persons or skipped, by
// what it was, with the first line it was seen on.
type ImportTally struct {
	What      string `json:"what"`
	Count     int    `json:"count"`
	FirstLine int    `json:"first_line"`
}

// WatchlistImportReport is the answer to an import: stored whole, or
// refused whole with the error of every offending line.
type WatchlistImportReport struct {
	Imported bool              `json:"imported" doc:"true when the entries were stored; false on a dry run or when a line is wrong"`
	DryRun   bool              `json:"dry_run,omitempty"`
	ImportID string            `json:"import_id,omitempty"`
	Entries  int               `json:"entries" doc:"entries stored, or that would be on a dry run"`
	Errors   []ImportLineError `json:"errors,omitempty" doc:"one per offending line and field; nothing is stored when there is any"`
	// Stopped says why reading ended before the file's end (too many
	// errors, a broken header), when it did.
	Stopped  string        `json:"stopped,omitempty"`
	Attached []ImportTally `json:"attached,omitempty" doc:"FtM: what was attached to persons"`
	Skipped  []ImportTally `json:"skipped,omitempty" doc:"FtM: what was not imported, by what it was"`
}

// WatchlistImporter imports watchlist files whole or not at all.
type WatchlistImporter interface {
	// ImportWatchlistFile reads r and stores its entries, owned by the
	// caller's agency, in one transaction. A file with wrong lines is
	// answered with a report naming them, not an error. EInvalid (the
	// import's own fields), EForbidden.
	ImportWatchlistFile(ctx context.Context, r io.Reader, in WatchlistImport) (*WatchlistImportReport, error)
}
