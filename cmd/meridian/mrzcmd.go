package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"meridian"
	"meridian/mrz"
)

// mrzResult is one MRZ as `meridian mrz parse` prints it: where it began
// in the input, so that a batch's output leads back to its lines.
type mrzResult struct {
	InputLine int `json:"input_line"`
	*mrz.MRZ
}

// runMRZParse reads MRZs from stdin, separated by blank lines, and prints
// each as one JSON object as soon as it is read, so that a long batch
// streams. An MRZ that cannot be read is named on stderr with its input
// line; the others are still printed.
func runMRZParse(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("mrz parse", stderr)
	today := fs.String("today", "", "decide the centuries of dates as on this day (YYYY-MM-DD) instead of today")
	if err := parse(fs, args); err != nil {
		return err
	}
	now := time.Now()
	if *today != "" {
		t, err := time.Parse("2006-01-02", *today)
		if err != nil {
			return usageError(fmt.Sprintf("--today: want YYYY-MM-DD, got %q", *today))
		}
		now = t
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // keep the fillers as "<", not "\u003c"

	var failed []string
	count := 0
	var block strings.Builder
	start, n := 0, 0
	flush := func() error {
		if block.Len() == 0 {
			return nil
		}
		count++
		m, err := mrz.ParseAt(block.String(), now)
		block.Reset()
		if err != nil {
			failed = append(failed, mrzProblem(start, err))
			return nil
		}
		return enc.Encode(mrzResult{start, m})
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		if block.Len() == 0 {
			start = n
		}
		block.WriteString(line)
		block.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return meridian.Invalidf("mrz parse", "", "input line %d is longer than 1 MiB", n+1)
		}
		return fmt.Errorf("mrz parse: read stdin: %w", err)
	}
	if err := flush(); err != nil {
		return err
	}
	switch {
	case len(failed) > 0:
		return meridian.Invalidf("mrz parse", "", "%d of %d MRZs unreadable: %s", len(failed), count, strings.Join(failed, "; "))
	case count == 0:
		return meridian.Invalidf("mrz parse", "", "no MRZ on standard input")
	}
	return nil
}

// mrzProblem names what is wrong with the MRZ starting on input line
// start, turning its MRZ line numbers into input line numbers.
func mrzProblem(start int, err error) string {
	var parts []string
	for _, f := range meridian.FieldErrors(err) {
		var k int
		if _, scanErr := fmt.Sscanf(f.Field, "line %d", &k); scanErr == nil {
			parts = append(parts, fmt.Sprintf("line %d (MRZ line %d): %s", start+k-1, k, f.Message))
		} else {
			parts = append(parts, fmt.Sprintf("MRZ at line %d: %s", start, f.Message))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("MRZ at line %d: %s", start, meridian.MessageOf(err)))
	}
	return strings.Join(parts, "; ")
}
