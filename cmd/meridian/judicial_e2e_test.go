package main

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"meridian"
	"meridian/evidence"
)

// TestJudicialEndToEnd is issue 13's scenario whole, across the requests
// and the case's files: a Serbian prosecutor sends an EIO to North
// Macedonia inside a case; the Macedonian prosecutor acknowledges and
// executes it with a file attached in the request's thread; an evidence
// package of the case verifies with meridian evidence verify and with
// openssl, and a changed byte is named. The request's thread is read by
// the request's two agencies only, not by the case's observer.
func TestJudicialEndToEnd(t *testing.T) {
	w := newCaseWorld(t, Config{})
	r := w.draft(t, meridian.RequestEIO, eioFields())
	transit(t, w.rsPro, 200, &r, "send", "")
	transit(t, w.mkPro, 200, &r, "acknowledge", "")
	transit(t, w.mkPro, 200, &r, "accept", "")

	// The answer: a record of the hearing, attached in the request's thread.
	hearing := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("записник о саслушању сведока "), 2000)...)
	var file meridian.CaseFile
	w.mkPro.upload(w.caseID, "saslusanje.pdf", hearing).decode(t, &file)
	var answer meridian.CaseMessage
	w.mkPro.must(201, "POST", "/api/v1/cases/"+w.caseID+"/messages", map[string]any{"body": "The witness was heard; the record is attached.",
		"request_id": r.ID, "files": []string{file.ID}}).decode(t, &answer)
	transit(t, w.mkPro, 200, &r, "execute", "")
	if r.State != meridian.RequestExecuted {
		t.Fatalf("state %s, want executed", r.State)
	}

	// The thread: both agencies of the request read it; the observer of
	// the case does not, and may not post in the case at all.
	for _, c := range []*client{w.rsPro, w.mkPro} {
		var thread list[meridian.CaseMessage]
		c.must(200, "GET", "/api/v1/cases/"+w.caseID+"/messages?request_id="+r.ID, nil).decode(t, &thread)
		if len(thread.Items) != 1 || thread.Items[0].ID != answer.ID {
			t.Fatalf("the request's thread reads %+v", thread.Items)
		}
	}
	var seen list[meridian.CaseMessage]
	w.frObs.must(200, "GET", "/api/v1/cases/"+w.caseID+"/messages", nil).decode(t, &seen)
	if len(seen.Items) != 0 {
		t.Fatalf("the case's observer reads the request's thread: %+v", seen.Items)
	}
	w.frObs.must(403, "POST", "/api/v1/cases/"+w.caseID+"/messages", map[string]any{"body": "May I?"})
	// A request of the case the poster does not read, or of no case: refused, naming the field.
	mustProblem(t, w.frObs.do("POST", "/api/v1/cases/"+w.caseID+"/messages", map[string]any{"body": "x", "request_id": r.ID}), 403, "")
	mustProblem(t, w.rsPro.do("POST", "/api/v1/cases/"+w.caseID+"/messages", map[string]any{"body": "x", "request_id": meridian.NewID()}), 422, "body.request_id")

	// The package, exported by Serbia from the command line.
	dir := t.TempDir()
	pkg, caPEM := filepath.Join(dir, "vardar.asice"), filepath.Join(dir, "ca.pem")
	out, stderr, code := runMain(t, "", "evidence", "export", "--server", w.m.URL, "--token", w.rsPro.token, "--case", w.caseID,
		"--out", pkg, "--messages", answer.ID, "--files", file.ID, "--purpose", "Higher Court in Belgrade")
	if code != 0 {
		t.Fatalf("export: %d %s %s", code, out, stderr)
	}
	out, stderr, code = runMain(t, "", "evidence", "ca", "--server", w.m.URL, "--token", w.rsPro.token)
	if code != 0 {
		t.Fatalf("ca: %d %s", code, stderr)
	}
	os.WriteFile(caPEM, []byte(out), 0o600)
	if out, stderr, code = runMain(t, "", "evidence", "verify", "--ca", caPEM, pkg); code != 0 || !strings.Contains(out, "OK: ") {
		t.Fatalf("verify: %d %s %s", code, out, stderr)
	}

	// openssl and sha256sum, on the package unpacked.
	data, _ := os.ReadFile(pkg)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	ex := t.TempDir()
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		p := filepath.Join(ex, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o700)
		os.WriteFile(p, b.Bytes(), 0o600)
	}
	cmd := exec.Command("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", evidence.SignatureName,
		"-content", evidence.ManifestName, "-CAfile", caPEM, "-purpose", "any", "-out", os.DevNull)
	cmd.Dir = ex
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl: %v %s", err, b)
	}
	cmd = exec.Command("sha256sum", "-c", "SHA256SUMS")
	cmd.Dir = ex
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum: %v %s", err, b)
	}

	// One byte of the hearing's record changed: named.
	filePath := "files/" + file.ID + "/saslusanje.pdf"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		body := b.Bytes()
		if f.Name == filePath {
			body[200] ^= 0x01
		}
		fw, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method})
		fw.Write(body)
	}
	zw.Close()
	bad := filepath.Join(dir, "changed.asice")
	os.WriteFile(bad, buf.Bytes(), 0o600)
	out, _, code = runMain(t, "", "evidence", "verify", "--ca", caPEM, bad)
	if code == 0 || !strings.Contains(out, filePath) {
		t.Fatalf("a changed byte of %s is not named: %d %s", filePath, code, out)
	}
}
