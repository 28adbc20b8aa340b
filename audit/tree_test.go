package audit_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"meridian"
	"meridian/audit"
)

// TestLeafExample is the worked example of docs/audit-format.md.
func TestLeafExample(t *testing.T) {
	e := &meridian.AuditEntry{Seq: 1, At: time.UnixMicro(1700000000000000), UserID: "u1", Username: "ana", AgencyID: "A",
		Action: "list", RecordKind: "person", Purpose: "case 7", Addr: "10.0.0.1", PrevHash: audit.Genesis,
		Records: []meridian.AuditRecord{{ID: "p1", Owner: "A"}, {ID: "p2", Owner: "B"}}}
	leaf := audit.Leaf(e)
	want := "0131103137303030303030303030303030303002753103616e610141046c69737406706572736f6e0000066361736520370831302e302e302e3140" +
		strings.Repeat("30", 64) + "0b0202703101410270320142"
	if hex.EncodeToString(leaf) != want {
		t.Fatalf("leaf\n got %x\nwant %s", leaf, want)
	}
	if h := audit.Hash(e); h != "f8e1a6911a266f2f6b5d8688930c4ac6ec7d29385827a17857006492ce0674ca" {
		t.Fatalf("hash %s", h)
	}
	d, err := audit.DecodeLeaf(leaf)
	if err != nil || !bytes.Equal(audit.Leaf(d), leaf) || len(d.Records) != 2 || d.Records[1].Owner != "B" {
		t.Fatalf("decode: %+v %v", d, err)
	}
	// Anything Leaf would not write is rejected.
	for _, bad := range [][]byte{leaf[:len(leaf)-1], append(bytes.Clone(leaf), 0), append([]byte{0x02, '0', '1'}, leaf[2:]...)} {
		if _, err := audit.DecodeLeaf(bad); err == nil {
			t.Fatalf("decoded %x", bad)
		}
	}
}

// treeLog is a log signed with notes, as sqldb writes it: a checkpoint
// every `every` entries, each naming the one before.
type treeLog struct {
	memSource
	leaves  []tlog.Hash
	hashes  []tlog.Hash
	lastCp  int64
	witness []audit.WitnessNote
}

func (l *treeLog) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		out[i] = l.hashes[x]
	}
	return out, nil
}

func mustTreeLog(tb testing.TB, k *audit.Key, n, every int) *treeLog {
	tb.Helper()
	l := &treeLog{}
	l.head = meridian.AuditCheckpoint{Hash: audit.Genesis}
	for i := range n {
		e := &meridian.AuditEntry{Seq: int64(i + 1), At: t0.Add(time.Duration(i) * time.Second), Username: fmt.Sprintf("u%d", i%3),
			Action: meridian.AuditRead, RecordKind: "person", RecordID: fmt.Sprintf("p%d", i), PrevHash: l.head.Hash}
		if i%5 == 4 {
			e.Action, e.RecordID = meridian.AuditList, ""
			e.Records = []meridian.AuditRecord{{ID: "p1", Owner: "A"}, {ID: "p2", Owner: "B"}}
		}
		e.Hash = audit.Hash(e)
		l.entries = append(l.entries, e)
		hs, err := tlog.StoredHashes(int64(i), audit.Leaf(e), l)
		if err != nil {
			tb.Fatal(err)
		}
		l.hashes = append(l.hashes, hs...)
		root, err := tlog.TreeHash(int64(i+1), l)
		if err != nil {
			tb.Fatal(err)
		}
		if l.head, err = k.SignTree(e.Seq, e.Hash, root, l.lastCp, e.At); err != nil {
			tb.Fatal(err)
		}
		if (i+1)%every == 0 {
			l.cps = append(l.cps, l.head)
			l.witness = append(l.witness, audit.WitnessNote{Where: fmt.Sprintf("w%d", i+1), Note: l.head.Note})
			l.lastCp = e.Seq
		}
	}
	return l
}

func TestVerifyTree(t *testing.T) {
	k, keys := MustOpenKey(t)
	ctx := context.Background()
	type want struct {
		seq  int64
		kind string
	}
	tests := []struct {
		name   string
		tamper func(l *treeLog)
		want   []want
	}{
		{"Untouched", func(l *treeLog) {}, nil},
		{"Rollback", func(l *treeLog) {
			// Back to checkpoint 20: entries, checkpoints and head.
			l.entries, l.cps, l.head = l.entries[:20], l.cps[:2], l.cps[1]
		}, []want{{20, audit.KindRollback}, {21, audit.KindTruncated}, {30, audit.KindCheckpointDeleted}}},
		{"DeletedCheckpoints", func(l *treeLog) { l.cps = nil; l.witness = nil },
			[]want{{40, audit.KindCheckpointDeleted}}},
		{"DeletedOneCheckpoint", func(l *treeLog) { l.cps = append(l.cps[:1], l.cps[2:]...); l.witness = nil },
			[]want{{20, audit.KindCheckpointDeleted}}},
		{"TamperedCheckpointRoot", func(l *treeLog) { l.cps[1].Root = l.cps[0].Root },
			[]want{{20, audit.KindBadSignature}}},
		{"TamperedCheckpointNote", func(l *treeLog) { l.cps[1].Note = l.cps[0].Note },
			[]want{{20, audit.KindBadSignature}}},
		{"ListRecordsAltered", func(l *treeLog) { l.entry(t, 15).Records[0].ID = "p9" },
			[]want{{15, audit.KindAltered}}},
		{"ForgedWitness", func(l *treeLog) { l.witness[0].Note = l.witness[0].Note[:20] + "x" + l.witness[0].Note[21:] },
			[]want{{0, audit.KindBadWitness}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mustTreeLog(t, k, 43, 10)
			tt.tamper(l)
			r, err := audit.VerifyWith(ctx, l, keys, audit.Options{Witness: l.witness})
			if err != nil {
				t.Fatal(err)
			}
			if len(tt.want) == 0 {
				if !r.OK() {
					t.Fatalf("untouched log: %+v", r.Problems)
				}
				return
			}
			for _, w := range tt.want {
				found := false
				for _, p := range r.Problems {
					found = found || p.Kind == w.kind && (p.Seq == w.seq || w.kind == audit.KindBadWitness)
				}
				if !found {
					t.Errorf("no %s at %d: %+v", w.kind, w.seq, r.Problems)
				}
			}
		})
	}
}

// TestExportRoundTrip exports a log and verifies the export.
func TestExportRoundTrip(t *testing.T) {
	k, keys := MustOpenKey(t)
	l := mustTreeLog(t, k, 23, 10)
	path := filepath.Join(t.TempDir(), "x.export")
	var buf bytes.Buffer
	if n, err := audit.Export(context.Background(), &buf, l, l.witness); err != nil || n != 23 {
		t.Fatal(n, err)
	}
	os.WriteFile(path, buf.Bytes(), 0o600)
	x, err := audit.OpenExport(path, keys)
	if err != nil {
		t.Fatal(err)
	}
	r, err := audit.VerifyWith(context.Background(), x, keys, audit.Options{Witness: x.Witness})
	if err != nil || !r.OK() || r.Entries != 23 || r.Witnessed != 2 {
		t.Fatalf("%+v %v", r, err)
	}
}

// TestFrontier checks the frontier against tlog: its root is tlog's tree
// hash, the hashes it stores are tlog's stored hashes in index order, and
// a frontier rebuilt from stored hashes carries on alike.
func TestFrontier(t *testing.T) {
	var stored []tlog.Hash
	r := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = stored[x]
		}
		return out, nil
	})
	var f audit.Frontier
	var mine []tlog.Hash
	for n := int64(0); n < 70; n++ {
		leaf := []byte(fmt.Sprint("leaf ", n))
		hs, err := tlog.StoredHashes(n, leaf, r)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, hs...)
		f.Add(tlog.RecordHash(leaf), func(h tlog.Hash) { mine = append(mine, h) })
		want, err := tlog.TreeHash(n+1, r)
		if err != nil {
			t.Fatal(err)
		}
		if f.Root() != want || len(mine) != len(stored) || mine[len(mine)-1] != stored[len(stored)-1] {
			t.Fatalf("size %d: frontier differs from tlog", n+1)
		}
		roots, err := r.ReadHashes(audit.FrontierIndexes(n + 1))
		if err != nil {
			t.Fatal(err)
		}
		g, err := audit.NewFrontier(n+1, roots)
		if err != nil || g.Root() != want {
			t.Fatalf("size %d: rebuilt frontier differs: %v", n+1, err)
		}
	}
}
