package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"meridian"
)

// alterEntry rewrites a package with one byte of the named file changed.
func alterEntry(t *testing.T, pkg []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		body := b.Bytes()
		if f.Name == name {
			body[len(body)/2] ^= 1
		}
		fw, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		fw.Write(body)
	}
	zw.Close()
	return buf.Bytes()
}

// TestBrowserCaseWork drives the three screens of a case's work as the
// Serbian prosecutor: a message with an attached file, an upload with its
// progress and the list, an export refused for an H0 record without
// consent and then made of the files, and the verify page naming the file
// altered in a dropped package. Each screen is checked on a phone and a
// desktop by axe-core, and in Arabic.
func TestBrowserCaseWork(t *testing.T) {
	bctx := browser(t)
	w := mustEvidenceWorld(t)
	m := w.m
	const password = "correct horse battery"
	mustUser(t, m, w.rsAg, "pros.rs", password, meridian.RoleProsecutor)
	dir := t.TempDir()
	doc := filepath.Join(dir, "zapisnik.pdf")
	os.WriteFile(doc, append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("записник "), 20000)...), 0o600)

	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
	desktop := chromedp.EmulateViewport(1280, 900)
	ctx := session(t, bctx)
	do(t, ctx, "desktop screen", desktop)
	count := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return n
	}
	screens := func(what string, ready chromedp.CSS) {
		t.Helper()
		for _, v := range []struct {
			name string
			vp   chromedp.Action[chromedp.Void]
		}{{"phone", phone}, {"desktop", desktop}} {
			do(t, ctx, what+" on a "+v.name, v.vp, chromedp.WaitVisible(ready))
			if v.name == "phone" {
				fitsPhone(t, ctx, what)
			}
			axeClean(t, ctx, what+" ("+v.name+")")
		}
	}
	inArabic := func(what string, ready chromedp.CSS) {
		t.Helper()
		do(t, ctx, what+" in Arabic", choose(`[data-testid="lang"]`, "ar"), chromedp.WaitVisible(css(`html[dir="rtl"]`)), chromedp.WaitVisible(ready))
		screens(what+" in Arabic", ready)
		do(t, ctx, "back to English", choose(`[data-testid="lang"]`, "en"), chromedp.WaitVisible(css(`html[dir="ltr"]`)))
	}
	base := m.URL + "/cases/" + w.kase.ID

	login(t, ctx, m.URL, "pros.rs", password)
	do(t, ctx, "write a message with a file",
		chromedp.Navigate(base+"/messages"),
		chromedp.WaitVisible(testid("composer")),
		chromedp.SendKeys(testid("msg-body"), "Молимо вас за записнике претреса."),
		chromedp.SetUploadFiles(testid("msg-file"), []string{doc}),
		chromedp.Click(testid("msg-send")),
		chromedp.WaitVisible(css(`[data-testid="message"] a[download]`)),
	)
	screens("messages", testid("message"))
	inArabic("messages", testid("message"))

	do(t, ctx, "upload a file",
		chromedp.Navigate(base+"/files"),
		chromedp.WaitVisible(testid("file-row")),
		chromedp.SetUploadFiles(testid("file-input"), []string{doc}),
		chromedp.Click(testid("upload")),
		chromedp.WaitVisible(testid("upload-done")),
		chromedp.WaitVisible(css(`[data-testid="file-row"]:nth-child(2)`)),
	)
	if n := count(`document.querySelectorAll('[data-testid="file-row"]').length`); n != 2 {
		t.Fatalf("%d files listed, want 2", n)
	}
	screens("files", testid("file-row"))
	inArabic("files", testid("file-row"))

	do(t, ctx, "an H0 record without consent is refused, named",
		chromedp.Navigate(base+"/evidence"),
		chromedp.WaitVisible(testid("choose-records")),
		chromedp.Click(css(`[data-testid="choose-records"] input[type="checkbox"]`)),
		chromedp.Click(testid("export")),
		chromedp.WaitVisible(testid("refused")),
	)
	do(t, ctx, "export the files",
		chromedp.Click(css(`[data-testid="choose-records"] input[type="checkbox"]`)),
		chromedp.Click(css(`[data-testid="choose-files"] button`)),
		chromedp.Click(testid("export")),
		chromedp.WaitVisible(testid("export-done")),
	)
	screens("evidence", testid("export-form"))

	// A package altered in one file: the verify page names it.
	var files list[meridian.CaseFile]
	w.rs.must(200, "GET", "/api/v1/cases/"+w.kase.ID+"/files", nil).decode(t, &files)
	f := files.Items[0]
	pkg := w.rs.must(200, "POST", "/api/v1/cases/"+w.kase.ID+"/evidence", map[string]any{"files": []string{f.ID}}).body
	altered := filepath.Join(dir, "altered.asice")
	os.WriteFile(altered, alterEntry(t, pkg, "files/"+f.ID+"/"+f.Name), 0o600)
	do(t, ctx, "verify an altered package",
		chromedp.SetUploadFiles(testid("verify-input"), []string{altered}),
		chromedp.WaitVisible(css(`[data-testid="verify-report"][data-ok="false"] [data-kind="altered"]`)),
	)
	name, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-kind="altered"]').textContent`))
	if err != nil || !bytes.Contains([]byte(name), []byte("files/"+f.ID)) {
		t.Fatalf("the report says %q (%v), want the altered file named", name, err)
	}
	screens("verify", testid("verify-report"))
	inArabic("evidence", testid("verify-report"))
}
