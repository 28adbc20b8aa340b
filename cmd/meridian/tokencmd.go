package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"time"

	"meridian"
)

// runToken lists, creates and revokes the caller's own API tokens on a
// server: the same routes as My account in the web UI, signed in with the
// token of --token (or $MERIDIAN_TOKEN). Nobody mints or revokes another
// user's tokens this way; the operator at the store has `user disable`.
func runToken(ctx context.Context, what string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("token "+what, stderr)
	server := fs.String("server", envOr("MERIDIAN_SERVER", "http://localhost:8080"), "Meridian server")
	tokenFlag := secretVar(fs, "token", "MERIDIAN_TOKEN", "your API token")
	name := fs.String("name", "", "with create: what the new token is for")
	days := fs.Int("days", 0, "with create: days until it expires (default 90, at most 366)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	c, err := newAPIClient(*server, tokenFlag.Value(), time.Minute)
	if err != nil {
		return err
	}
	switch what {
	case "list":
		if fs.NArg() > 0 {
			return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
		}
		var out struct {
			Items []meridian.Token `json:"items"`
		}
		if err := c.call(ctx, "GET", "/api/v1/me/tokens", nil, &out); err != nil {
			return err
		}
		for _, t := range out.Items {
			fmt.Fprintf(stdout, "%s\t%s\tcreated %s\texpires %s\n", t.ID, t.Name,
				t.CreatedAt.Format(time.DateOnly), t.ExpiresAt.Format(time.DateOnly))
		}
		return nil
	case "create":
		if fs.NArg() > 0 {
			return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
		}
		if *name == "" {
			return usageError("--name is required: say what the token is for")
		}
		var out struct {
			Secret    string    `json:"token"`
			ID        string    `json:"id"`
			ExpiresAt time.Time `json:"expires_at"`
		}
		if err := c.call(ctx, "POST", "/api/v1/me/tokens", map[string]any{"name": *name, "expires_in_days": *days}, &out); err != nil {
			return err
		}
		fmt.Fprintln(stdout, out.Secret)
		fmt.Fprintf(stderr, "token %s expires %s; it is shown once.\n", out.ID, out.ExpiresAt.Format(time.DateOnly))
		return nil
	case "revoke":
		if fs.NArg() != 1 {
			return usageError("usage: meridian token revoke ID")
		}
		id := fs.Arg(0)
		if err := c.call(ctx, "DELETE", "/api/v1/me/tokens/"+url.PathEscape(id), nil, nil); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked %s\n", id)
		return nil
	}
	return usageError("usage: meridian token list|create|revoke")
}
