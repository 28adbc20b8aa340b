package main

// An outside verifier of an audit export, written from docs/audit-format.md
// alone: outsideVerify uses the standard library,
// golang.org/x/mod/sumdb/tlog and golang.org/x/mod/sumdb/note, and nothing
// of Meridian's (the test around it runs a server to make the export).
// If the format or the docs drift from what Meridian writes, this test
// fails.

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"meridian"
)

type outsideCheckpoint struct {
	size     int64
	root     tlog.Hash
	chain    string
	head     bool
	previous int64
}

type outsideEntry struct {
	seq     int64
	at      int64
	fields  []string // user_id, username, agency_id, action, record_kind, record_id, record_owner, purpose, addr, prev_hash
	records [][2]string
	times   int64 // field 14, 0 when absent
}

// outsideVerify checks the export at path with the PEM public key pub and
// returns the number of entries it vouches for.
func outsideVerify(path string, pub []byte) (int64, error) {
	// The note verifier key: name "meridian/audit", Ed25519 public key.
	block, _ := pem.Decode(pub)
	if block == nil || block.Type != "PUBLIC KEY" {
		return 0, errors.New("no PUBLIC KEY")
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return 0, err
	}
	vkey, err := note.NewEd25519VerifierKey("meridian/audit", k.(ed25519.PublicKey))
	if err != nil {
		return 0, err
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return 0, err
	}
	verifiers := note.VerifierList(v)

	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 16<<20)
	var (
		line     int
		cps      []outsideCheckpoint
		hashes   []tlog.Hash // stored hashes of the tree, in memory
		n        int64       // entries read
		prevHash = strings.Repeat("0", 64)
	)
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			if x >= int64(len(hashes)) {
				return nil, fmt.Errorf("hash %d not yet computed", x)
			}
			out[i] = hashes[x]
		}
		return out, nil
	})
	for sc.Scan() {
		line++
		var l struct {
			Format     string          `json:"format"`
			Origin     string          `json:"origin"`
			Checkpoint string          `json:"checkpoint"`
			Head       bool            `json:"head"`
			Leaf       string          `json:"leaf"`
			Entry      json.RawMessage `json:"entry"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return 0, fmt.Errorf("line %d: %v", line, err)
		}
		switch {
		case line == 1:
			if l.Format != "meridian-audit-export/1" || l.Origin != "meridian/audit" {
				return 0, fmt.Errorf("not an export: %q %q", l.Format, l.Origin)
			}
		case l.Checkpoint != "":
			if n > 0 {
				return 0, fmt.Errorf("line %d: checkpoint after the entries", line)
			}
			nt, err := note.Open([]byte(l.Checkpoint), verifiers)
			if err != nil {
				return 0, fmt.Errorf("line %d: checkpoint does not verify: %v", line, err)
			}
			cp, err := outsideParseCheckpoint(nt.Text)
			if err != nil {
				return 0, fmt.Errorf("line %d: %v", line, err)
			}
			cp.head = l.Head
			cps = append(cps, cp)
		case l.Leaf != "":
			leaf, err := base64.StdEncoding.DecodeString(l.Leaf)
			if err != nil {
				return 0, fmt.Errorf("line %d: %v", line, err)
			}
			e, err := outsideDecodeLeaf(leaf)
			if err != nil {
				return 0, fmt.Errorf("line %d: %v", line, err)
			}
			if e.seq != n+1 {
				return 0, fmt.Errorf("line %d: entry %d where entry %d was due", line, e.seq, n+1)
			}
			if e.fields[9] != prevHash {
				return 0, fmt.Errorf("entry %d does not link to entry %d", e.seq, n)
			}
			sum := sha256.Sum256(leaf)
			prevHash = hex.EncodeToString(sum[:])
			// The readable copy must say what the leaf says.
			var r struct {
				Seq      int64     `json:"seq"`
				At       time.Time `json:"at"`
				Username string    `json:"username"`
				Action   string    `json:"action"`
				RecordID string    `json:"record_id"`
				Records  []struct {
					ID    string `json:"id"`
					Owner string `json:"owner"`
				} `json:"records"`
				Times int64  `json:"times"`
				Hash  string `json:"hash"`
			}
			if err := json.Unmarshal(l.Entry, &r); err != nil {
				return 0, fmt.Errorf("line %d: %v", line, err)
			}
			if r.Seq != e.seq || r.At.UnixMicro() != e.at || r.Username != e.fields[1] || r.Action != e.fields[3] ||
				r.RecordID != e.fields[5] || len(r.Records) != len(e.records) || r.Times != e.times || r.Hash != prevHash {
				return 0, fmt.Errorf("line %d: the readable entry differs from its leaf", line)
			}
			for i, rec := range e.records {
				if r.Records[i].ID != rec[0] || r.Records[i].Owner != rec[1] {
					return 0, fmt.Errorf("line %d: the readable records differ from the leaf", line)
				}
			}
			hs, err := tlog.StoredHashes(n, leaf, reader)
			if err != nil {
				return 0, err
			}
			hashes = append(hashes, hs...)
			n++
			for _, cp := range cps {
				if cp.size != n {
					continue
				}
				root, err := tlog.TreeHash(n, reader)
				if err != nil {
					return 0, err
				}
				if root != cp.root {
					return 0, fmt.Errorf("the entries up to %d do not produce the signed root", n)
				}
				if cp.chain != prevHash {
					return 0, fmt.Errorf("entry %d does not end the signed chain", n)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	heads := 0
	for _, cp := range cps {
		if cp.size > n {
			return 0, fmt.Errorf("a checkpoint vouches for %d entries, the export holds %d: truncated or rolled back", cp.size, n)
		}
		if cp.head {
			heads++
			if cp.size != n {
				return 0, fmt.Errorf("the signed head vouches for %d entries, the export holds %d", cp.size, n)
			}
		}
	}
	if heads != 1 {
		return 0, fmt.Errorf("%d signed heads", heads)
	}
	return n, nil
}

func outsideParseCheckpoint(text string) (outsideCheckpoint, error) {
	var cp outsideCheckpoint
	l := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(l) != 6 || l[0] != "meridian/audit" {
		return cp, fmt.Errorf("checkpoint text %q", text)
	}
	size, err1 := strconv.ParseInt(l[1], 10, 64)
	root, err2 := tlog.ParseHash(l[2])
	chain, ok1 := strings.CutPrefix(l[3], "chain ")
	_, ok2 := strings.CutPrefix(l[4], "time ")
	prev, ok3 := strings.CutPrefix(l[5], "previous ")
	p, err3 := strconv.ParseInt(prev, 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil || !ok1 || !ok2 || !ok3 {
		return cp, fmt.Errorf("checkpoint text %q", text)
	}
	return outsideCheckpoint{size: size, root: root, chain: chain, previous: p}, nil
}

// outsideDecodeLeaf decodes the canonical encoding: fields, each a uvarint
// length then that many bytes; seq and at in decimal; then ten strings;
// then, only for a list entry, one field holding a uvarint count and
// (id, owner) pairs of fields; then, only for an entry folding n > 1
// alike checks, one field holding a 0 byte and n in decimal.
func outsideDecodeLeaf(b []byte) (outsideEntry, error) {
	var e outsideEntry
	field := func(b *[]byte) (string, error) {
		n, k := binary.Uvarint(*b)
		if k <= 0 || n > uint64(len(*b)-k) {
			return "", errors.New("truncated leaf")
		}
		s := string((*b)[k : k+int(n)])
		*b = (*b)[k+int(n):]
		return s, nil
	}
	var fs []string
	for len(b) > 0 && len(fs) < 14 {
		s, err := field(&b)
		if err != nil {
			return e, err
		}
		fs = append(fs, s)
	}
	if len(b) > 0 || len(fs) < 12 {
		return e, fmt.Errorf("leaf has %d fields", len(fs))
	}
	var err1, err2 error
	e.seq, err1 = strconv.ParseInt(fs[0], 10, 64)
	e.at, err2 = strconv.ParseInt(fs[1], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return e, err
	}
	e.fields = fs[2:12]
	// Field 14 (times) starts with a 0 byte; field 13 (records) never
	// does, and comes first when both are present.
	if last := fs[len(fs)-1]; len(fs) > 12 && len(last) > 0 && last[0] == 0 {
		n, err := strconv.ParseInt(last[1:], 10, 64)
		if err != nil || n < 2 {
			return e, errors.New("times")
		}
		e.times = n
		fs = fs[:len(fs)-1]
	}
	if len(fs) == 14 {
		return e, errors.New("leaf has 14 fields and no times")
	}
	if len(fs) == 13 {
		rb := []byte(fs[12])
		count, k := binary.Uvarint(rb)
		if k <= 0 {
			return e, errors.New("records count")
		}
		rb = rb[k:]
		for range count {
			id, err1 := field(&rb)
			owner, err2 := field(&rb)
			if err := errors.Join(err1, err2); err != nil {
				return e, err
			}
			e.records = append(e.records, [2]string{id, owner})
		}
		if len(rb) > 0 {
			return e, errors.New("trailing bytes in records")
		}
	}
	return e, nil
}

// TestAuditExportOutsideVerifier exports a log holding a list page (one
// entry naming its records) and checks the export with the verifier
// above; then checks that it rejects a truncated export.
func TestAuditExportOutsideVerifier(t *testing.T) {
	m := MustRunMain(t, Config{})
	m.DB.Checkpoint = 4
	a := mustAgency(t, m, "MK", "Agency A")
	c := &client{t, m.URL, mustToken(t, m, a, "officer.a", meridian.RoleOfficer)}
	for _, name := range []string{"Dritan Leka", "Arben Hoxha", "Ilir Berisha"} {
		c.must(201, "POST", "/api/v1/persons", personBody(name, map[string]any{"scope": "owner"}))
	}
	if ids := listIDs(t, c.must(200, "GET", "/api/v1/persons", nil)); len(ids) != 3 {
		t.Fatalf("listed %d persons", len(ids))
	}
	data := m.Config.Data
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(t.TempDir(), "audit.export")
	if out, stderr, code := cli(t, "", "audit", "export", "--data", data, "--out", export); code != 0 {
		t.Fatalf("export: %q %q", out, stderr)
	}
	pub, err := os.ReadFile(filepath.Join(data, "audit.pub"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := outsideVerify(export, pub)
	if err != nil {
		t.Fatalf("outside verifier: %v", err)
	}
	raw, _ := os.ReadFile(export)
	if !bytes.Contains(raw, []byte(`"records":[`)) {
		t.Fatal("the export holds no list entry naming its records")
	}
	// Truncated: the last entry dropped.
	lines := bytes.Split(bytes.TrimSuffix(raw, []byte("\n")), []byte("\n"))
	cut := filepath.Join(t.TempDir(), "cut.export")
	os.WriteFile(cut, append(bytes.Join(lines[:len(lines)-1], []byte("\n")), '\n'), 0o600)
	if _, err := outsideVerify(cut, pub); err == nil {
		t.Fatalf("outside verifier accepts an export truncated from %d entries", n)
	}
}
