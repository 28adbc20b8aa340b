package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/evidence"
	"meridian/postgres/pgtest"
)

// evidenceWorld is a case of the Serbian prosecution, shared with North
// Macedonia, with a record of each; Albania is not in it.
type evidenceWorld struct {
	m             *Main
	rs, mk, mkObs *client
	al            *client
	kase          meridian.Case
	rsRec, mkRec  meridian.Person
	rsAg, mkAg    *meridian.Agency
	rsTok, alTok  string
}

func mustEvidenceWorld(t *testing.T) *evidenceWorld { return mustEvidenceWorldOn(t, Config{}) }

func mustEvidenceWorldOn(t *testing.T, cfg Config) *evidenceWorld {
	t.Helper()
	w := &evidenceWorld{m: MustRunMain(t, cfg)}
	w.rsAg = mustAgency(t, w.m, "RS", "Republic Public Prosecutor's Office of Serbia")
	w.mkAg = mustAgency(t, w.m, "MK", "Public Prosecutor's Office of North Macedonia")
	al := mustAgency(t, w.m, "AL", "Albanian State Police")
	w.rsTok = mustToken(t, w.m, w.rsAg, "prosecutor.rs", meridian.RoleProsecutor)
	w.alTok = mustToken(t, w.m, al, "prosecutor.al", meridian.RoleProsecutor)
	w.rs = &client{t, w.m.URL, w.rsTok}
	w.mk = &client{t, w.m.URL, mustToken(t, w.m, w.mkAg, "prosecutor.mk", meridian.RoleProsecutor)}
	w.mkObs = &client{t, w.m.URL, mustToken(t, w.m, w.mkAg, "observer.mk", meridian.RoleObserver)}
	w.al = &client{t, w.m.URL, w.alTok}
	// The Serbian suspect is H0 (the default); the Macedonian one H1,
	// released to Serbia.
	w.rs.must(201, "POST", "/api/v1/persons", personBody("Marko Petrović", map[string]any{"scope": "listed", "countries": []string{"MK"}})).decode(t, &w.rsRec)
	mk := personBody("Petar Stojanovski", map[string]any{"scope": "listed", "countries": []string{"RS"}})
	mk["handling"] = "H1"
	w.mk.must(201, "POST", "/api/v1/persons", mk).decode(t, &w.mkRec)
	w.rs.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Skopje nightclubs", "records": []string{w.rsRec.ID, w.mkRec.ID},
		"release": map[string]any{"scope": "listed", "countries": []string{"MK"}}}).decode(t, &w.kase)
	// North Macedonia prosecutes with Serbia: a participant acts in the
	// case (posts, attaches, exports); a reader by release alone does not.
	w.rs.must(200, "PUT", "/api/v1/cases/"+w.kase.ID+"/participants/"+w.mkAg.ID, map[string]any{"role": "prosecuting"})
	return w
}

func (c *client) upload(caseID, name string, body []byte) response {
	c.tb.Helper()
	return c.raw("POST", "/api/v1/cases/"+caseID+"/files?name="+url.QueryEscape(name), "application/octet-stream", body)
}

func objectNames(t *testing.T, m *Main) []string {
	t.Helper()
	names, err := m.Blobs.Names(sys())
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestEvidenceEndToEnd is the scenario: the Macedonian prosecutor
// answers in the case's thread with a file; the Serbian prosecutor exports
// an evidence package of the case; it verifies with meridian evidence
// verify and with openssl; a changed byte is named. Handling codes bind
// on the way: H0 needs its owner's consent, H1 stays with its owner.
func TestEvidenceEndToEnd(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { evidenceEndToEnd(t, mustEvidenceWorld(t)) })
	t.Run("PostgreSQL", func(t *testing.T) {
		evidenceEndToEnd(t, mustEvidenceWorldOn(t, Config{Postgres: pgtest.NewDatabase(t)}))
	})
}

func evidenceEndToEnd(t *testing.T, w *evidenceWorld) {
	m, kase := w.m, w.kase

	// A thread: Serbia asks, North Macedonia answers with a file.
	var ask, answer meridian.CaseMessage
	w.rs.must(201, "POST", "/api/v1/cases/"+kase.ID+"/messages", map[string]any{"body": "Молимо вас за записнике претреса."}).decode(t, &ask)
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("записник о претресу "), 5000)...)
	var file meridian.CaseFile
	w.mk.upload(kase.ID, "zapisnik.txt", pdf).decode(t, &file)
	if file.MediaType != "application/pdf" || file.Size != int64(len(pdf)) {
		t.Fatalf("file %+v: type from the content, size as sent", file)
	}
	if sum := sha256.Sum256(pdf); file.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("sha256 %s", file.SHA256)
	}
	w.mk.must(201, "POST", "/api/v1/cases/"+kase.ID+"/messages", map[string]any{"body": "Record attached.", "parent_id": ask.ID,
		"files": []string{file.ID}}).decode(t, &answer)
	var thread list[meridian.CaseMessage]
	w.rs.must(200, "GET", "/api/v1/cases/"+kase.ID+"/messages", nil).decode(t, &thread)
	if len(thread.Items) != 2 || thread.Items[1].ParentID != ask.ID || thread.Items[1].Files[0] != file.ID {
		t.Fatalf("thread %+v", thread.Items)
	}

	// The same bytes attached again: a second attachment, stored once.
	var again meridian.CaseFile
	w.rs.upload(kase.ID, "copy.pdf", pdf).decode(t, &again)
	if again.ID == file.ID || again.SHA256 != file.SHA256 || again.AgencyID != w.rsAg.ID {
		t.Fatalf("second attachment %+v", again)
	}
	if n := len(objectNames(t, m)); n != 1 {
		t.Fatalf("%d objects stored for one content", n)
	}

	// Downloaded as sent, audited.
	r := w.rs.must(200, "GET", "/api/v1/files/"+file.ID+"/content", nil)
	if !bytes.Equal(r.body, pdf) || r.header.Get("Content-Type") != "application/octet-stream" {
		t.Fatalf("download: %d bytes, type %q", len(r.body), r.header.Get("Content-Type"))
	}

	export := func(sel map[string]any) response {
		return w.rs.do("POST", "/api/v1/cases/"+kase.ID+"/evidence", sel)
	}
	t.Run("ErrH0WithoutConsent", func(t *testing.T) {
		mustProblem(t, export(map[string]any{"records": []string{w.rsRec.ID}}), 422, "body.records[0]")
	})
	t.Run("ErrConsentByOther", func(t *testing.T) {
		w.mk.must(403, "POST", "/api/v1/cases/"+kase.ID+"/consents", map[string]any{"record_id": w.rsRec.ID})
	})
	w.rs.must(201, "POST", "/api/v1/cases/"+kase.ID+"/consents", map[string]any{"record_id": w.rsRec.ID})
	t.Run("ErrH1OfAnother", func(t *testing.T) {
		mustProblem(t, export(map[string]any{"records": []string{w.rsRec.ID, w.mkRec.ID}}), 422, "body.records[1]")
	})

	// The package, through the command line.
	dir := t.TempDir()
	pkg := filepath.Join(dir, "skopje.asice")
	caPEM := filepath.Join(dir, "ca.pem")
	out, stderr, code := runMain(t, "", "evidence", "export", "--server", m.URL, "--token", w.rsTok, "--case", kase.ID,
		"--out", pkg, "--records", w.rsRec.ID, "--messages", ask.ID+","+answer.ID, "--files", file.ID, "--purpose", "court of Belgrade K-123/26")
	if code != 0 {
		t.Fatalf("export: %d %s %s", code, out, stderr)
	}
	out, stderr, code = runMain(t, "", "evidence", "ca", "--server", m.URL, "--token", w.rsTok)
	if code != 0 || !strings.HasPrefix(out, "-----BEGIN CERTIFICATE-----") {
		t.Fatalf("ca: %d %s", code, stderr)
	}
	os.WriteFile(caPEM, []byte(out), 0o600)
	out, stderr, code = runMain(t, "", "evidence", "verify", "--ca", caPEM, pkg)
	if code != 0 || !strings.Contains(out, "OK: ") || !strings.Contains(out, "Republic Public Prosecutor") {
		t.Fatalf("verify: %d %s %s", code, out, stderr)
	}

	// Inside: the items, the consent, the chain of custody.
	data, _ := os.ReadFile(pkg)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		names[f.Name] = b.Bytes()
	}
	filePath := "files/" + file.ID + "/zapisnik.txt"
	for _, n := range []string{"mimetype", "package.json", "case.json", "records/" + w.rsRec.ID + ".json", "messages/" + ask.ID + ".json",
		"messages/" + answer.ID + ".json", filePath, "consents.json", "custody.json", "SHA256SUMS", evidence.ManifestName, evidence.SignatureName} {
		if _, ok := names[n]; !ok {
			t.Errorf("the package lacks %s", n)
		}
	}
	if !bytes.Equal(names[filePath], pdf) {
		t.Errorf("the file in the package differs from the upload")
	}
	var custody []meridian.CustodyEntry
	json.Unmarshal(names["custody.json"], &custody)
	var actions []string
	for _, c := range custody {
		if c.Item == file.ID {
			actions = append(actions, strings.Join(strings.Fields(c.Action+" "+c.Username+" "+c.AgencyID), " "))
		}
	}
	// Another agency's staff are named by their agency only.
	for _, want := range []string{"create " + w.mkAg.ID, "download prosecutor.rs " + w.rsAg.ID} {
		if !slices.Contains(actions, want) {
			t.Errorf("custody of the file %v lacks %q", actions, want)
		}
	}
	if strings.Contains(string(names["package.json"]), w.mkRec.ID) {
		t.Errorf("the H1 record of North Macedonia entered the package")
	}

	t.Run("OpenSSL", func(t *testing.T) {
		ex := t.TempDir()
		for n, b := range names {
			p := filepath.Join(ex, filepath.FromSlash(n))
			os.MkdirAll(filepath.Dir(p), 0o700)
			os.WriteFile(p, b, 0o600)
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
	})

	t.Run("ChangedByteNamed", func(t *testing.T) {
		names[filePath][100] ^= 0x20
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zr.File {
			fw, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
			fw.Write(names[f.Name])
		}
		zw.Close()
		bad := filepath.Join(dir, "altered.asice")
		os.WriteFile(bad, buf.Bytes(), 0o600)
		out, _, code := runMain(t, "", "evidence", "verify", "--ca", caPEM, bad)
		if code != 1 || !strings.Contains(out, "altered: "+filePath) {
			t.Fatalf("verify of an altered package: %d %s", code, out)
		}
		// The web's verify page asks the server, which says the same.
		var rep evidence.Report
		w.mk.raw("POST", "/api/v1/evidence/verify", "application/octet-stream", buf.Bytes()).decode(t, &rep)
		if rep.OK || len(rep.Problems) != 1 || rep.Problems[0].Name != filePath {
			t.Fatalf("server verify: %+v", rep)
		}
	})
}

// TestEvidenceAccessMatrix: an agency that cannot read the case learns
// nothing of its messages, files or packages: every route answers as for
// a case that does not exist, and nothing it sends is stored. A reader
// of the case who writes nothing (an observer) reads but cannot post.
func TestEvidenceAccessMatrix(t *testing.T) {
	w := mustEvidenceWorld(t)
	kase := w.kase
	var msg meridian.CaseMessage
	w.rs.must(201, "POST", "/api/v1/cases/"+kase.ID+"/messages", map[string]any{"body": "hello"}).decode(t, &msg)
	var file meridian.CaseFile
	w.rs.upload(kase.ID, "a.bin", []byte("evidence bytes")).decode(t, &file)
	w.rs.must(201, "POST", "/api/v1/cases/"+kase.ID+"/consents", map[string]any{"record_id": w.rsRec.ID})
	missing := meridian.NewID()

	type call struct {
		name, method, path string
		body               any
		raw                []byte
	}
	calls := func(id string) []call {
		return []call{
			{"ListMessages", "GET", "/api/v1/cases/" + id + "/messages", nil, nil},
			{"PostMessage", "POST", "/api/v1/cases/" + id + "/messages", map[string]any{"body": "x"}, nil},
			{"ListFiles", "GET", "/api/v1/cases/" + id + "/files", nil, nil},
			{"Upload", "POST", "/api/v1/cases/" + id + "/files?name=x.bin", nil, []byte("planted bytes")},
			{"Export", "POST", "/api/v1/cases/" + id + "/evidence", map[string]any{"files": []string{file.ID}}, nil},
			{"Consents", "GET", "/api/v1/cases/" + id + "/consents", nil, nil},
			{"Consent", "POST", "/api/v1/cases/" + id + "/consents", map[string]any{"record_id": w.rsRec.ID}, nil},
		}
	}
	do := func(c *client, x call) response {
		if x.raw != nil {
			return c.raw(x.method, x.path, "application/octet-stream", x.raw)
		}
		return c.do(x.method, x.path, x.body)
	}
	before := countRows(t, w.m, "case_files")
	for i, x := range calls(kase.ID) {
		t.Run("Outsider/"+x.name, func(t *testing.T) {
			got := do(w.al, x)
			want := do(w.al, calls(missing)[i])
			if got.status != 404 || !sameProblem(t, got, want) {
				t.Fatalf("%s: %d %s; a missing case: %d %s", x.name, got.status, got.body, want.status, want.body)
			}
		})
	}
	t.Run("Outsider/Download", func(t *testing.T) {
		got := w.al.do("GET", "/api/v1/files/"+file.ID+"/content", nil)
		want := w.al.do("GET", "/api/v1/files/"+missing+"/content", nil)
		if got.status != 404 || !sameProblem(t, got, want) {
			t.Fatalf("download: %d %s", got.status, got.body)
		}
	})
	if n := countRows(t, w.m, "case_files"); n != before {
		t.Fatalf("an outsider's upload left %d rows", n-before)
	}
	if n := len(objectNames(t, w.m)); n != 1 {
		t.Fatalf("an outsider's upload left content: %d objects", n)
	}
	t.Run("Observer", func(t *testing.T) {
		w.mkObs.must(200, "GET", "/api/v1/cases/"+kase.ID+"/messages", nil)
		w.mkObs.must(200, "GET", "/api/v1/files/"+file.ID+"/content", nil)
		w.mkObs.must(403, "POST", "/api/v1/cases/"+kase.ID+"/messages", map[string]any{"body": "x"})
		if r := w.mkObs.upload(kase.ID, "x.bin", []byte("x")); r.status != 403 {
			t.Fatalf("observer upload: %d", r.status)
		}
		w.mkObs.must(403, "POST", "/api/v1/cases/"+kase.ID+"/evidence", map[string]any{"files": []string{file.ID}})
	})
	t.Run("OtherCasesItems", func(t *testing.T) {
		// A message or file of another case cannot be smuggled in.
		var other meridian.Case
		w.al.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Tirana"}).decode(t, &other)
		var alFile meridian.CaseFile
		w.al.upload(other.ID, "b.bin", []byte("albanian bytes")).decode(t, &alFile)
		mustProblem(t, w.rs.do("POST", "/api/v1/cases/"+kase.ID+"/evidence", map[string]any{"files": []string{alFile.ID}}), 422, "body.files[0]")
		mustProblem(t, w.rs.do("POST", "/api/v1/cases/"+kase.ID+"/messages", map[string]any{"body": "x", "files": []string{alFile.ID}}), 422, "body.files[0]")
		w.rs.must(404, "GET", "/api/v1/files/"+alFile.ID+"/content", nil)
	})
	t.Run("Audited", func(t *testing.T) {
		var n int
		if err := w.m.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = 'download' AND record_id = ?`, file.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("%d download entries, want the observer's one", n)
		}
	})
}

// TestEvidenceBadInput: an oversized or interrupted upload leaves nothing
// stored and says why, naming the field; a malformed package is named.
func TestEvidenceBadInput(t *testing.T) {
	w := mustEvidenceWorld(t)
	kase := w.kase
	w.m.Server.Files.(*evidence.Files).Max = 1 << 20
	before := countRows(t, w.m, "case_files")

	t.Run("ErrOversized", func(t *testing.T) {
		p := mustProblem(t, w.rs.upload(kase.ID, "big.bin", make([]byte, 1<<20+1)), 422, "body.file")
		if !strings.Contains(p.Detail+fmt.Sprint(p.Errors), "larger than") {
			t.Fatalf("problem %+v", p)
		}
	})
	t.Run("ErrDeclaredOversized", func(t *testing.T) {
		r := rawUpload(t, w.m.URL, w.rsTok, kase.ID, 3<<30, nil)
		if !strings.HasPrefix(r, "HTTP/1.1 413") {
			t.Fatalf("answer %q", r)
		}
	})
	t.Run("ErrInterrupted", func(t *testing.T) {
		rawUpload(t, w.m.URL, w.rsTok, kase.ID, 500000, bytes.Repeat([]byte("x"), 200000))
		// The chunks arrived (more than a 128 KiB chunk was sent) ...
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		mustProblem(t, w.rs.upload(kase.ID, "empty.bin", []byte{}), 422, "body.file")
	})
	t.Run("ErrName", func(t *testing.T) {
		mustProblem(t, w.rs.upload(kase.ID, "", []byte("x")), 422, "query.name")
		mustProblem(t, w.rs.upload(kase.ID, "a\x01b", []byte("x")), 422, "query.name")
	})
	t.Run("ErrMessage", func(t *testing.T) {
		mustProblem(t, w.rs.do("POST", "/api/v1/cases/"+kase.ID+"/messages", map[string]any{"body": " "}), 422, "body.body")
		mustProblem(t, w.rs.do("POST", "/api/v1/cases/"+kase.ID+"/messages", map[string]any{"body": "x", "parent_id": meridian.NewID()}), 422, "body.parent_id")
		mustProblem(t, w.rs.do("POST", "/api/v1/cases/"+kase.ID+"/messages", map[string]any{"body": "x", "request_id": "nope"}), 422, "body.request_id")
	})
	t.Run("ErrEmptyExport", func(t *testing.T) {
		mustProblem(t, w.rs.do("POST", "/api/v1/cases/"+kase.ID+"/evidence", map[string]any{}), 422, "body.records")
	})
	t.Run("ErrMalformedPackage", func(t *testing.T) {
		var rep evidence.Report
		w.rs.raw("POST", "/api/v1/evidence/verify", "application/octet-stream", []byte("PK\x03\x04 not really")).decode(t, &rep)
		if rep.OK || rep.Problems[0].Name != "package" {
			t.Fatalf("report %+v", rep)
		}
		bad := filepath.Join(t.TempDir(), "bad.asice")
		os.WriteFile(bad, []byte("not a zip"), 0o600)
		out, _, code := runMain(t, "", "evidence", "verify", bad)
		if code != 1 || !strings.Contains(out, "package: not a ZIP") {
			t.Fatalf("cli: %d %s", code, out)
		}
	})
	// Nothing half-stored: no row, no object (uploads under way are
	// named upload.*; an interrupted one is removed when it fails).
	eventually(t, "no byte stored", func() bool {
		n, err := w.m.Blobs.Size(sys())
		return err == nil && n == 0 && len(objectNames(t, w.m)) == 0
	})
	if n := countRows(t, w.m, "case_files"); n != before {
		t.Fatalf("bad uploads left %d rows", n-before)
	}
}

// rawUpload sends an upload declaring length bytes and sending only body,
// then closes the connection; it returns the status line, if any came.
func rawUpload(t *testing.T, base, token, caseID string, length int64, body []byte) string {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/cases/%s/files?name=cut.bin HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n", caseID, u.Host, token, length)
	conn.Write(body)
	if body != nil {
		// Cut short: the client goes away mid-upload.
		conn.(*net.TCPConn).CloseWrite()
		time.Sleep(100 * time.Millisecond)
		return ""
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, _ := bufio.NewReader(conn).ReadString('\n')
	return line
}
