package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"meridian"
	"meridian/evidence"
	"meridian/postgres/pgtest"
)

// TestEvidenceKeysTwoInstances: two instances on one PostgreSQL store,
// each with its own data directory and the same --evidence-key: a package
// exported through each verifies against the same authority (which each
// serves), named as signed by the same agency certificate, whichever
// instance made the agency's key. A third instance given another key
// refuses to start, naming --evidence-key; the store holds no private key
// in clear.
func TestEvidenceKeysTwoInstances(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	natsURL := mustSharedNATS(t)
	key := hex.EncodeToString(bytes.Repeat([]byte{7}, 32))
	start := func(key string) (*Main, error) {
		m := &Main{Config: Config{Data: t.TempDir(), Postgres: pg, NATS: natsURL, Addr: "127.0.0.1:0", AdminCountry: "FR",
			LogLevel: "error", EvidenceKey: key}}
		err := m.Run(context.Background())
		if err == nil {
			t.Cleanup(func() { m.Close() })
		}
		return m, err
	}
	m1, err := start(key)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := start(key)
	if err != nil {
		t.Fatal(err)
	}
	rs := mustAgency(t, m1, "RS", "Republic Public Prosecutor's Office of Serbia")
	tok := mustToken(t, m1, rs, "prosecutor.rs", meridian.RoleProsecutor)
	c1, c2 := &client{t, m1.URL, tok}, &client{t, m2.URL, tok}
	var kase meridian.Case
	c1.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Skopje nightclubs"}).decode(t, &kase)
	var f meridian.CaseFile
	c1.upload(kase.ID, "note.txt", []byte("a note for the court")).decode(t, &f)
	if a, b := c1.must(200, "GET", "/api/v1/evidence/ca", nil).body, c2.must(200, "GET", "/api/v1/evidence/ca", nil).body; !bytes.Equal(a, b) {
		t.Fatal("the two instances serve different authorities")
	}
	// The second instance exports first: it makes the agency's key.
	var signers []string
	for _, c := range []*client{c2, c1, c2} {
		pkg := c.must(200, "POST", "/api/v1/cases/"+kase.ID+"/evidence", map[string]any{"files": []string{f.ID}}).body
		rep, err := evidence.Verify(bytes.NewReader(pkg), int64(len(pkg)), m1.Keys.CA())
		if err != nil || !rep.OK || !rep.Trusted {
			t.Fatalf("package from %s: %+v (%v)", c.base, rep, err)
		}
		signers = append(signers, rep.Signer)
	}
	if signers[0] != signers[1] || signers[1] != signers[2] || !strings.Contains(signers[0], rs.ID) {
		t.Fatalf("signers %v", signers)
	}
	c1Cert, _, err := m1.Keys.Signer(evidence.Agency{ID: rs.ID, Name: rs.Name, Country: rs.Country})
	if err != nil {
		t.Fatal(err)
	}
	c2Cert, _, err := m2.Keys.Signer(evidence.Agency{ID: rs.ID, Name: rs.Name, Country: rs.Country})
	if err != nil || !bytes.Equal(c1Cert.Raw, c2Cert.Raw) {
		t.Fatalf("the instances hold different certificates for the agency (%v)", err)
	}
	// Nothing in clear in the store; nothing in the data directories.
	var n int
	if err := m1.DB.SQL().QueryRow(`SELECT COUNT(*) FROM evidence_keys WHERE position('PRIVATE KEY' in encode(key_sealed, 'escape')) > 0`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d keys in clear (%v)", n, err)
	}
	for _, m := range []*Main{m1, m2} {
		if keys, _ := filepath.Glob(filepath.Join(m.Config.Data, "evidence", "*.key")); len(keys) != 0 {
			t.Fatalf("keys in a data directory: %v", keys)
		}
	}
	// Another sealing key: refused, said why.
	_, err = start(hex.EncodeToString(bytes.Repeat([]byte{8}, 32)))
	if err == nil || !strings.Contains(err.Error(), "--evidence-key") {
		t.Fatalf("an instance with another sealing key: %v", err)
	}
}

// TestEvidenceKeysFromDirectory: an installation whose keyring was a
// directory (DATA/evidence, before the store kept the keys) keeps its
// authority and its agencies' keys: the first start takes them into the
// store, and packages still verify against the authority a court holds.
func TestEvidenceKeysFromDirectory(t *testing.T) {
	data := t.TempDir()
	old, err := evidence.OpenKeyring(filepath.Join(data, "evidence"))
	if err != nil {
		t.Fatal(err)
	}
	ag := evidence.Agency{ID: meridian.NewID(), Name: "Old agency", Country: "RS"}
	oldCert, _, err := old.Signer(ag)
	if err != nil {
		t.Fatal(err)
	}
	m := MustRunMain(t, Config{Data: data})
	if !bytes.Equal(m.Keys.CA().Raw, old.CA().Raw) {
		t.Fatal("a new authority replaced the installation's")
	}
	cert, _, err := m.Keys.Signer(ag)
	if err != nil || !bytes.Equal(cert.Raw, oldCert.Raw) {
		t.Fatalf("the agency's certificate changed (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(data, "evidence", "sealing.key")); err != nil {
		t.Fatalf("no sealing key made: %v", err)
	}
}
