package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"meridian"
	"meridian/link"
	"meridian/sim"
)

// runLink runs `meridian link pairs|eval`: the linking engine as a batch
// over a file of FollowTheMoney Person entities.
func runLink(ctx context.Context, sub string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("link "+sub, stderr)
	threshold := fs.Float64("threshold", link.DefaultThreshold, "the score a pair must reach to be proposed")
	inOrder := fs.Bool("in-order", false, "propose each record against those before it in the file, one at a time, as the live worker meets records arriving (default: every record against the whole file, on every core)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	want := 1
	if sub == "eval" {
		want = 2
	}
	if fs.NArg() != want {
		if sub == "eval" {
			return usageError("usage: meridian link eval [--threshold X] [--in-order] FILE TRUTH")
		}
		return usageError("usage: meridian link pairs [--threshold X] [--in-order] FILE")
	}
	if *threshold <= 0 || *threshold > 1 {
		return usageError(fmt.Sprintf("link %s: --threshold must be in (0, 1], got %g", sub, *threshold))
	}
	recs, err := readFtMFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("link %s: %w", sub, err)
	}
	warnSkipped(stderr, sub, recs)
	var truth *link.Truth
	if sub == "eval" {
		f, err := os.Open(fs.Arg(1))
		if err != nil {
			return fmt.Errorf("link eval: %w", err)
		}
		truth, err = link.ReadTruth(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("link eval: %s: %w", fs.Arg(1), err)
		}
	}
	// Every record against all the others, on every core (Engine.Relink):
	// a pair's score is the record's proposed alone against the whole
	// file. --in-order: each against those before it (link.Pairs).
	var ps []meridian.LinkProposal
	if *inOrder {
		ps, err = link.Pairs(ctx, recs, link.Options{Threshold: *threshold})
	} else {
		ps, _, err = link.RelinkRecords(ctx, recs, link.Options{Threshold: *threshold})
	}
	if err != nil {
		return fmt.Errorf("link %s: %w", sub, err)
	}
	if sub == "pairs" {
		// Written whole only once every line was read and scored: a
		// malformed line writes nothing.
		var buf bytes.Buffer
		if err := link.WritePairs(&buf, ps); err != nil {
			return err
		}
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	ev := link.Evaluate(recs, ps, truth)
	fmt.Fprintf(stdout, "records %d, threshold %.3f\n", len(recs), *threshold)
	fmt.Fprintf(stdout, "same person: %s\n", ev.SamePerson)
	if ev.Networks {
		fmt.Fprintf(stdout, "all links (same person or same network): %s\n", ev.Links)
	}
	return nil
}

func readFtMFile(path string) ([]link.Record, error) {
	var r io.Reader
	if path == "-" {
		r = os.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = bufio.NewReader(f)
	}
	recs, err := link.ReadFtM(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return recs, nil
}

// warnSkipped says on stderr how many unreadable values were left out.
func warnSkipped(stderr io.Writer, cmd string, recs []link.Record) {
	n, first := 0, ""
	for i := range recs {
		if len(recs[i].Skipped) > 0 && first == "" {
			first = recs[i].Skipped[0]
		}
		n += len(recs[i].Skipped)
	}
	if n > 0 {
		fmt.Fprintf(stderr, "link %s: %d unreadable value(s) left out; the first: %s\n", cmd, n, first)
	}
}

// runSimLinks writes a labelled FtM file for the linking engine.
func runSimLinks(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sim links", stderr)
	persons := fs.Int("persons", 5000, "distinct persons (each one to four records)")
	seed := fs.Int64("seed", 1, "random seed: the same seed writes the same files")
	out := fs.String("out", ".", "directory to write entities.ftm.jsonl and truth.csv to")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *persons < 0 || *persons > 5_000_000 {
		return usageError("--persons must be between 0 and 5000000")
	}
	files, err := sim.WriteLinks(*out, sim.LinksOptions{Persons: *persons, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, files.Entities)
	fmt.Fprintln(stdout, files.Truth)
	return nil
}
