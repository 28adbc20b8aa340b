package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"meridian"
)

// runIngestManifest sends passenger message files to a server, which
// screens and stores each: the screening index lives in the server.
func runIngestManifest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("ingest manifest", stderr)
	server := fs.String("server", envOr("MERIDIAN_SERVER", "http://localhost:8080"), "Meridian server")
	tokenFlag := secretVar(fs, "token", "MERIDIAN_TOKEN", "API token (POST /api/v1/me/tokens, or meridian user add --token)")
	operation := fs.String("operation", "", "operation the flights count toward as monitored")
	country := fs.String("country", "", "destination country for alerts when a message does not say; default the token user's")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError("usage: meridian ingest manifest [--server URL --token T] [--operation ID] [--country ISO2] FILE...")
	}
	c, err := newAPIClient(*server, tokenFlag.Value(), 5*time.Minute)
	if err != nil {
		return err
	}
	q := url.Values{}
	if *operation != "" {
		q.Set("operation_id", *operation)
	}
	if *country != "" {
		q.Set("country", strings.ToUpper(*country))
	}
	path := "/api/v1/manifests"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	// Every file must open before the first is sent: a mistyped name
	// does not leave half the batch ingested.
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			return usageError(err.Error())
		}
		f.Close()
	}
	enc := json.NewEncoder(stdout)
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		var out struct {
			Items []*meridian.IngestResult `json:"items"`
		}
		// 201: ingested now; 200: the same message was ingested before.
		if err := c.post(ctx, path, "application/edifact", data, &out); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, r := range out.Items {
			line := struct {
				File string `json:"file"`
				*meridian.IngestResult
			}{name, r}
			if err := enc.Encode(line); err != nil {
				return err
			}
		}
	}
	return nil
}
