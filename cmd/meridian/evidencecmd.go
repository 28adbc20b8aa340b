package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	nethttp "net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"meridian"
	"meridian/evidence"
)

// runEvidence runs `meridian evidence export|verify|ca|import-key`.
func runEvidence(ctx context.Context, what string, args []string, stdout, stderr io.Writer) error {
	switch what {
	case "export":
		return runEvidenceExport(ctx, args, stdout, stderr)
	case "verify":
		return runEvidenceVerify(args, stdout, stderr)
	case "ca":
		return runEvidenceCA(ctx, args, stdout, stderr)
	case "import-key":
		return runEvidenceImportKey(args, stdout, stderr)
	}
	return usageError("usage: meridian evidence export|verify|ca|import-key ...")
}

func idList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// runEvidenceExport asks the server for a package and writes it to --out
// only once it is whole and verifies: a package cut short leaves no file.
func runEvidenceExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("evidence export", stderr)
	server := fs.String("server", envOr("MERIDIAN_SERVER", "http://localhost:8080"), "Meridian server")
	tokenFlag := secretVar(fs, "token", "MERIDIAN_TOKEN", "API token")
	caseID := fs.String("case", "", "the case")
	out := fs.String("out", "", "the package file to write (.asice)")
	records := fs.String("records", "", "ids of records of the case, comma-separated")
	messages := fs.String("messages", "", "ids of messages of the case, comma-separated (default: all, when nothing is chosen)")
	files := fs.String("files", "", "ids of files of the case, comma-separated (default: all, when nothing is chosen)")
	purpose := fs.String("purpose", "", "why, for the audit log and the package (e.g. the court's reference)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	if *caseID == "" || *out == "" {
		return usageError("--case and --out are required")
	}
	c, err := newAPIClient(*server, tokenFlag.Value(), 0)
	if err != nil {
		return err
	}
	c.purpose = *purpose
	sel := meridian.EvidenceSelection{Records: idList(*records), Messages: idList(*messages), Files: idList(*files)}
	if len(sel.Records)+len(sel.Messages)+len(sel.Files) == 0 {
		if sel.Messages, sel.Files, err = caseItems(ctx, c, *caseID); err != nil {
			return err
		}
	}
	dir := filepath.Dir(*out)
	tmp, err := os.CreateTemp(dir, ".evidence-*.part")
	if err != nil {
		return &meridian.Error{Kind: meridian.EInvalid, Op: "cli", Message: "cannot write in " + dir, Err: err}
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	n, err := c.stream(ctx, "POST", "/api/v1/cases/"+url.PathEscape(*caseID)+"/evidence", sel, tmp)
	if err != nil {
		return err
	}
	rep, err := evidence.Verify(tmp, n, nil)
	if err != nil {
		return meridian.Internal("cli", err)
	}
	if !rep.OK {
		return &meridian.Error{Kind: meridian.EUnavailable, Op: "cli", Message: "the package arrived broken (" + rep.Problems[0].String() + "): nothing written"}
	}
	if err := tmp.Close(); err != nil {
		return meridian.Internal("cli", err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return meridian.Internal("cli", err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d files signed by %s\n", *out, len(rep.Files), rep.Signer)
	return nil
}

// caseItems lists every message and file of a case.
func caseItems(ctx context.Context, c *apiClient, caseID string) (msgs, files []string, err error) {
	for _, what := range []string{"messages", "files"} {
		cursor := ""
		for {
			var page struct {
				Items []struct {
					ID string `json:"id"`
				} `json:"items"`
				Next string `json:"next_cursor"`
			}
			path := "/api/v1/cases/" + url.PathEscape(caseID) + "/" + what + "?limit=1000&cursor=" + url.QueryEscape(cursor)
			if err := c.call(ctx, "GET", path, nil, &page); err != nil {
				return nil, nil, err
			}
			for _, it := range page.Items {
				if what == "messages" {
					msgs = append(msgs, it.ID)
				} else {
					files = append(files, it.ID)
				}
			}
			if page.Next == "" {
				break
			}
			cursor = page.Next
		}
	}
	return msgs, files, nil
}

// stream sends body as JSON and copies a 2xx answer into w.
func (c *apiClient) stream(ctx context.Context, method, path string, body any, w io.Writer) (int64, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, meridian.Internal("cli", err)
		}
		rd = strings.NewReader(string(b))
	}
	req, err := nethttp.NewRequestWithContext(ctx, method, c.server+path, rd)
	if err != nil {
		return 0, usageError("--server (or $MERIDIAN_SERVER): want http://HOST:PORT or https://HOST:PORT")
	}
	if rd != nil {
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
		return 0, &meridian.Error{Kind: meridian.EUnavailable, Message: "cannot reach " + c.shown(), Err: err}
	}
	defer res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		data, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		return 0, serverError(res.StatusCode, data)
	}
	n, err := io.Copy(w, res.Body)
	if err != nil {
		return 0, &meridian.Error{Kind: meridian.EUnavailable, Message: "the answer of " + c.shown() + " broke off: nothing written", Err: err}
	}
	return n, nil
}

// runEvidenceVerify checks a package offline: exit 0 when it verifies,
// 1 with every problem named when it does not.
func runEvidenceVerify(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("evidence verify", stderr)
	caFile := fs.String("ca", "", "the certificate authority (PEM) the signer must be certified by")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	name, err := oneArg(fs, args, "usage: meridian evidence verify [--ca CERT] FILE")
	if err != nil {
		return err
	}
	var ca *x509.Certificate
	if *caFile != "" {
		b, err := os.ReadFile(*caFile)
		if err != nil {
			return usageError("--ca: cannot read " + *caFile)
		}
		cert, err := evidence.ParseCertPEM(b)
		if err != nil {
			return usageError("--ca: not a PEM certificate: " + err.Error())
		}
		ca = cert
	}
	f, err := os.Open(name)
	if err != nil {
		return usageError("cannot open " + name)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return meridian.Internal("cli", err)
	}
	rep, err := evidence.Verify(f, st.Size(), ca)
	if err != nil {
		return &meridian.Error{Kind: meridian.EInvalid, Op: "cli", Message: "cannot read " + name, Err: err}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(stdout, p.String())
		}
		if rep.Signer != "" {
			fmt.Fprintf(stdout, "signer: %s (signed %s)\n", rep.Signer, rep.SignedAt.Format(time.RFC3339))
		}
		switch {
		case ca == nil && rep.OK:
			fmt.Fprintf(stdout, "OK: %d files match the signed manifest; the signer was not checked against an authority (give --ca)\n", len(rep.Files))
		case rep.OK:
			fmt.Fprintf(stdout, "OK: %d files match the signed manifest; the signer is certified by %s\n", len(rep.Files), ca.Subject)
		}
	}
	if !rep.OK {
		return &meridian.Error{Kind: meridian.EInvalid, Op: "cli", Message: fmt.Sprintf("%s does not verify: %d problems", name, len(rep.Problems))}
	}
	return nil
}

// runEvidenceCA writes the server's authority, for a court.
func runEvidenceCA(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("evidence ca", stderr)
	server := fs.String("server", envOr("MERIDIAN_SERVER", "http://localhost:8080"), "Meridian server")
	tokenFlag := secretVar(fs, "token", "MERIDIAN_TOKEN", "API token")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	c, err := newAPIClient(*server, tokenFlag.Value(), time.Minute)
	if err != nil {
		return err
	}
	_, err = c.stream(ctx, "GET", "/api/v1/evidence/ca", nil, stdout)
	return err
}

// runEvidenceImportKey installs an agency's own key and certificate in
// the data directory, offline.
func runEvidenceImportKey(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("evidence import-key", stderr)
	var sf storeFlags
	sf.register(fs)
	evKey := secretVar(fs, "evidence-key", "MERIDIAN_EVIDENCE_KEY", "the key sealing the evidence signing keys, as serve has it (default: DATA/evidence/sealing.key)")
	agency := fs.String("agency", "", "agency id")
	certFile := fs.String("cert", "", "the agency's certificate (PEM)")
	keyFile := fs.String("key", "", "its private key (PEM)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if *agency == "" || *certFile == "" || *keyFile == "" {
		return usageError("--agency, --cert and --key are required")
	}
	cb, err := os.ReadFile(*certFile)
	if err != nil {
		return usageError("--cert: cannot read " + *certFile)
	}
	kb, err := os.ReadFile(*keyFile)
	if err != nil {
		return usageError("--key: cannot read " + *keyFile)
	}
	ctx := context.Background()
	db, err := sf.open(ctx, true, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	k, err := openEvidenceKeys(ctx, db, sf.Data, evKey.Value())
	if err != nil {
		return err
	}
	if err := k.Import(*agency, cb, kb); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported the signing key of agency %s\n", *agency)
	return nil
}
