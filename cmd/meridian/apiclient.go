package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	nethttp "net/http"
	"net/url"
	"strings"
	"time"

	"meridian"
)

// apiClient calls a Meridian server for the commands that need its
// screening index (check, ingest). Its errors are one line each, of the
// kind the server's status says, and never carry the token.
type apiClient struct {
	server, token string
	purpose       string // the Meridian-Purpose of do's requests, if any
	hc            *nethttp.Client
}

// newAPIClient checks --server and --token before any request: a mistake
// in either is a usage error (exit 2), named without its value, which may
// hold a secret.
func newAPIClient(server, token string, timeout time.Duration) (*apiClient, error) {
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageError("--server (or $MERIDIAN_SERVER): want http://HOST:PORT or https://HOST:PORT")
	}
	if token == "" {
		return nil, usageError("--token (or $MERIDIAN_TOKEN) is required: an API token, from meridian user add --token or the web UI's My account")
	}
	if strings.ContainsAny(token, " \t\r\n") {
		return nil, usageError("--token (or $MERIDIAN_TOKEN): an API token has no spaces or line breaks")
	}
	return &apiClient{server: strings.TrimRight(server, "/"), token: token, hc: &nethttp.Client{Timeout: timeout}}, nil
}

// shown is the server's URL as it may be printed: without a password.
func (c *apiClient) shown() string {
	if u, err := url.Parse(c.server); err == nil {
		return u.Redacted()
	}
	return "the server"
}

// postJSON sends body as JSON to path and decodes a 2xx answer into out.
func (c *apiClient) postJSON(ctx context.Context, path string, body, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return meridian.Internal("cli", err)
	}
	return c.post(ctx, path, "application/json", b, out)
}

// post sends data to path and decodes a 2xx answer into out.
func (c *apiClient) post(ctx context.Context, path, contentType string, data []byte, out any) error {
	req, err := nethttp.NewRequestWithContext(ctx, "POST", c.server+path, bytes.NewReader(data))
	if err != nil {
		return usageError("--server (or $MERIDIAN_SERVER): want http://HOST:PORT or https://HOST:PORT")
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := c.hc.Do(req)
	if err != nil {
		// The url.Error repeats the method and URL; its cause says why.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return &meridian.Error{Kind: meridian.EUnavailable, Message: "cannot reach " + c.shown(), Err: err}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return &meridian.Error{Kind: meridian.EUnavailable, Message: "the answer of " + c.shown() + " broke off", Err: err}
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return serverError(res.StatusCode, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &meridian.Error{Kind: meridian.EUnavailable, Message: fmt.Sprintf("unreadable answer from %s (status %d)", c.shown(), res.StatusCode)}
	}
	return nil
}

// serverError is a server's problem answer as an error of the kind its
// status says: a refused token is not an "internal error".
func serverError(status int, body []byte) error {
	kind := meridian.EUnavailable
	hint := ""
	switch {
	case status == nethttp.StatusBadRequest || status == nethttp.StatusUnprocessableEntity || status == nethttp.StatusRequestEntityTooLarge:
		kind = meridian.EInvalid
	case status == nethttp.StatusUnauthorized:
		kind, hint = meridian.EUnauthenticated, " (check --token or $MERIDIAN_TOKEN)"
	case status == nethttp.StatusForbidden:
		kind = meridian.EForbidden
	case status == nethttp.StatusNotFound:
		kind = meridian.ENotFound
	case status == nethttp.StatusConflict:
		kind = meridian.EConflict
	case status == nethttp.StatusTooManyRequests:
		kind = meridian.ERateLimited
	}
	return &meridian.Error{Kind: kind, Op: "cli", Message: problemText(status, body) + hint}
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
	detail := oneLine(p.Detail)
	if detail == "" {
		detail = strings.ToLower(nethttp.StatusText(status))
	}
	msg := fmt.Sprintf("server answered %d: %s", status, detail)
	for _, e := range p.Errors {
		if e.Message != p.Detail {
			msg += "; " + oneLine(e.Location) + ": " + oneLine(e.Message)
		}
	}
	return msg
}

// oneLine keeps a server's text to one line of bounded length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "..."
	}
	return s
}

// do makes one request and reads the whole answer; err is only a failure
// to get one.
func (c *apiClient) do(ctx context.Context, method, path string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, meridian.Internal("cli", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := nethttp.NewRequestWithContext(ctx, method, c.server+path, rd)
	if err != nil {
		return 0, nil, usageError("--server (or $MERIDIAN_SERVER): want http://HOST:PORT or https://HOST:PORT")
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if c.purpose != "" {
		req.Header.Set("Meridian-Purpose", c.purpose)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, nil, &meridian.Error{Kind: meridian.EUnavailable, Message: "cannot reach " + c.shown(), Err: err}
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return 0, nil, &meridian.Error{Kind: meridian.EUnavailable, Message: "the answer of " + c.shown() + " broke off"}
	}
	return res.StatusCode, data, nil
}

// call makes one request with do and decodes a 2xx answer into out (if
// not nil); any other status is the server's error, of its kind.
func (c *apiClient) call(ctx context.Context, method, path string, body, out any) error {
	status, data, err := c.do(ctx, method, path, body)
	if err != nil {
		return err
	}
	if status < 200 || status > 299 {
		return serverError(status, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &meridian.Error{Kind: meridian.EUnavailable, Message: fmt.Sprintf("unreadable answer from %s (status %d)", c.shown(), status)}
	}
	return nil
}
