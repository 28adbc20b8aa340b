package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"meridian"
	"meridian/edifact"
)

// runManifestParse prints the manifests of PAXLST and PNRGOV files as one
// JSON array: flights, travellers with their documents, bookings and the
// warnings of each. Any file with a malformed envelope fails the command
// and nothing is printed, as ingest would reject it. "-" reads stdin.
func runManifestParse(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("manifest parse", stderr)
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError("usage: meridian manifest parse FILE... (- for stdin)")
	}
	all := []*meridian.Manifest{}
	for _, name := range fs.Args() {
		var r io.Reader = stdin
		if name != "-" {
			f, err := os.Open(name)
			if err != nil {
				return usageError(err.Error()) // names the file
			}
			defer f.Close()
			r = f
		}
		ms, err := edifact.Parse(r)
		if err != nil {
			if meridian.KindOf(err) == meridian.EInvalid {
				return &meridian.Error{Kind: meridian.EInvalid, Op: "manifest parse", Message: name + ": " + meridian.MessageOf(err)}
			}
			return fmt.Errorf("%s: %w", name, err)
		}
		all = append(all, ms...)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(all)
}
