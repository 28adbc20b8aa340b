package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"meridian"
	"meridian/evidence"
	mhttp "meridian/http"
)

// TestEvidenceDownloadTicket: a browser downloads a package through a
// ticket (POST /cases/{id}/evidence/tickets, then GET the address it
// answers). Someone who reads the address from a log or a history, signed
// in as another user of the case, gets 404; the user it was issued to
// gets the package once; a second GET is 404; a selection refused is
// refused at the ticket, each item named; the address carries no
// credential.
func TestEvidenceDownloadTicket(t *testing.T) {
	w := mustEvidenceWorld(t)
	var f meridian.CaseFile
	w.rs.upload(w.kase.ID, "note.txt", []byte("a note for the court")).decode(t, &f)
	var tk mhttp.EvidenceTicket
	w.rs.must(200, "POST", "/api/v1/cases/"+w.kase.ID+"/evidence/tickets", map[string]any{"files": []string{f.ID}}).decode(t, &tk)
	if !strings.HasPrefix(tk.URL, "/api/v1/evidence/downloads/") || strings.Contains(tk.URL, w.rsTok) || !strings.HasSuffix(tk.FileName, ".asice") {
		t.Fatalf("ticket %+v", tk)
	}
	path := strings.TrimPrefix(tk.URL, "/api/v1")
	w.mk.must(404, "GET", "/api/v1"+path, nil)
	(&client{t, w.m.URL, ""}).must(401, "GET", "/api/v1"+path, nil)
	r := w.rs.must(200, "GET", "/api/v1"+path, nil)
	if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, tk.FileName) {
		t.Fatalf("Content-Disposition %q", cd)
	}
	rep, err := evidence.Verify(bytes.NewReader(r.body), int64(len(r.body)), w.m.Keys.CA())
	if err != nil || !rep.OK || !rep.Trusted {
		t.Fatalf("downloaded package: %+v (%v)", rep, err)
	}
	if p := w.rs.must(404, "GET", "/api/v1"+path, nil); !strings.Contains(string(p.body), "already used or expired") {
		t.Fatalf("second download: %s", p.body)
	}
	// The H0 record without consent: refused at the ticket, named.
	p := w.rs.must(422, "POST", "/api/v1/cases/"+w.kase.ID+"/evidence/tickets", map[string]any{"records": []string{w.rsRec.ID}})
	if fs := problemFields(t, p); len(fs) != 1 || fs[0] != "body.records[0]" {
		t.Fatalf("refusal names %v: %s", fs, p.body)
	}
	// An observer exports nothing, so gets no ticket.
	w.mkObs.must(403, "POST", "/api/v1/cases/"+w.kase.ID+"/evidence/tickets", map[string]any{"files": []string{f.ID}})
}

// TestBrowserEvidenceDownload: the evidence page has the browser save the
// package to disk from the server (a link to a single-use download), not
// through a Blob held in the page: no object URL is made, the file saved
// verifies against the installation's authority, signed by the
// exporter's agency.
func TestBrowserEvidenceDownload(t *testing.T) {
	bctx := browser(t)
	w := mustEvidenceWorld(t)
	const password = "correct horse battery"
	mustUser(t, w.m, w.rsAg, "pros.rs", password, meridian.RoleProsecutor)
	w.rs.upload(w.kase.ID, "zapisnik.txt", bytes.Repeat([]byte("записник о претресу "), 50000))
	dir := t.TempDir()
	ctx := session(t, bctx)
	do(t, ctx, "allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		c := chromedp.FromContext(ctx)
		_, err := cdp.Call(ctx, c.Browser, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, BrowserContextID: c.BrowserContextID, DownloadPath: dir})
		return err
	}))
	login(t, ctx, w.m.URL, "pros.rs", password)
	do(t, ctx, "export the files",
		chromedp.Navigate(w.m.URL+"/cases/"+w.kase.ID+"/evidence"),
		chromedp.WaitVisible(testid("choose-files")),
		chromedp.Evaluate[chromedp.Void](`window.__blobs = 0; { const o = URL.createObjectURL; URL.createObjectURL = function (...a) { window.__blobs++; return o.apply(this, a); }; }`),
		chromedp.Click(css(`[data-testid="choose-files"] button`)),
		chromedp.Click(testid("export")),
		chromedp.WaitVisible(testid("export-done")),
	)
	var saved string
	eventuallyWithin(t, time.Minute, "the package saved", func() bool {
		es, _ := os.ReadDir(dir)
		for _, e := range es {
			if !strings.HasSuffix(e.Name(), ".crdownload") {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					continue
				}
				rep, err := evidence.Verify(bytes.NewReader(b), int64(len(b)), w.m.Keys.CA())
				if err == nil && rep.OK {
					saved = rep.Signer
					return rep.Trusted
				}
			}
		}
		return false
	})
	if !strings.Contains(saved, w.rsAg.Name) {
		t.Fatalf("signed by %q", saved)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.__blobs`)); err != nil || n != 0 {
		t.Fatalf("the page made %d object URLs (%v)", n, err)
	}
}
