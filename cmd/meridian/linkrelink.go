package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"meridian/link"
	"meridian/worker"
)

// runLinkRelink runs `meridian link relink`: every person and document of
// the store proposed again against all the others (a full relink, after
// the linking engine changed), stored as the linking worker stores its
// proposals. An administrator's command rather than something an instance
// does on its own at start: it takes every core for minutes at a million
// records, so the operator chooses when (after an upgrade that changes the
// engine, out of hours), one process runs it whatever the number of
// instances, and its end is visible; the live worker goes on linking new
// records meanwhile. It may run beside a serving instance on the same
// store: the instance's relay publishes the notices it stores.
func runLinkRelink(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("link relink", stderr)
	var sf storeFlags
	sf.register(fs)
	workers := fs.Int("workers", 0, "goroutines proposing (0: every core)")
	verbose := fs.Bool("v", false, "log each step on stderr")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *workers < 0 {
		return usageError(fmt.Sprintf("link relink: --workers must be 0 or more, got %d", *workers))
	}
	logger := quietLogger()
	if *verbose {
		logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	db, err := sf.open(ctx, true, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	// The engine the linking worker runs, reading the store's keys.
	res, err := worker.Relink(ctx, db, link.New(db, link.Options{}), *workers, logger)
	if err != nil {
		return fmt.Errorf("link relink: %w", err)
	}
	fmt.Fprintf(stdout, "relink %s: %d records indexed in %s, %d proposed in %s: %d pairs proposed (%d runs stored); "+
		"%d pending pairs not found again scored anew in %s: %d kept, %d withdrawn\n",
		res.ID, res.Indexed, res.IndexTime.Round(time.Millisecond), res.Records, res.LinkTime.Round(time.Millisecond),
		res.Proposals, res.Runs, res.Rescored, res.SettleTime.Round(time.Millisecond), res.Kept, res.Withdrawn)
	return nil
}
