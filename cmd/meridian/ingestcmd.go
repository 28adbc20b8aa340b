package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	nethttp "net/http"
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
	if err := parse(fs, args); err != nil {
		return err
	}
	token := new(string)
	*token = tokenFlag.Value()
	if fs.NArg() == 0 {
		return usageError("usage: meridian ingest manifest [--server URL --token T] [--operation ID] [--country ISO2] FILE...")
	}
	if *token == "" {
		return usageError("--token (or $MERIDIAN_TOKEN) is required: create one with meridian user add --token")
	}
	q := url.Values{}
	if *operation != "" {
		q.Set("operation_id", *operation)
	}
	if *country != "" {
		q.Set("country", *country)
	}
	hc := &nethttp.Client{Timeout: 5 * time.Minute}
	enc := json.NewEncoder(stdout)
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		u := strings.TrimRight(*server, "/") + "/api/v1/manifests"
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		req, err := nethttp.NewRequestWithContext(ctx, "POST", u, bytes.NewReader(data))
		if err != nil {
			return usageError("--server: " + err.Error())
		}
		req.Header.Set("Content-Type", "application/edifact")
		req.Header.Set("Authorization", "Bearer "+*token)
		res, err := hc.Do(req)
		if err != nil {
			return &meridian.Error{Kind: meridian.EUnavailable, Message: "cannot reach " + *server, Err: err}
		}
		body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<20))
		res.Body.Close()
		if res.StatusCode != nethttp.StatusCreated && res.StatusCode != nethttp.StatusOK { // 200: sent before
			return fmt.Errorf("%s: %s", name, problemText(res.StatusCode, body))
		}
		var out struct {
			Items []*meridian.IngestResult `json:"items"`
		}
		if err := json.Unmarshal(body, &out); err != nil {
			return fmt.Errorf("%s: unreadable answer: %w", name, err)
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

// problemText is a server's problem answer as one line.
func problemText(status int, body []byte) string {
	var p struct {
		Detail string `json:"detail"`
		Errors []struct {
			Location string `json:"location"`
			Message  string `json:"message"`
		} `json:"errors"`
	}
	json.Unmarshal(body, &p)
	msg := fmt.Sprintf("server answered %d: %s", status, p.Detail)
	for _, e := range p.Errors {
		if e.Message != p.Detail {
			msg += "; " + e.Location + ": " + e.Message
		}
	}
	return msg
}
