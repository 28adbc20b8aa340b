package audit_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"slices"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
)

// memSource is an audit.Source over slices, appended to the way a store
// appends, so that tests can tamper with it as an attacker with write
// access to the database would.
type memSource struct {
	entries []*meridian.AuditEntry
	cps     []meridian.AuditCheckpoint
	head    meridian.AuditCheckpoint
}

func (m *memSource) Entries(ctx context.Context, fn func(*meridian.AuditEntry) error) error {
	es := slices.Clone(m.entries)
	slices.SortFunc(es, func(a, b *meridian.AuditEntry) int { return int(a.Seq - b.Seq) })
	for _, e := range es {
		c := *e // a store hands out fresh entries
		if err := fn(&c); err != nil {
			return err
		}
	}
	return nil
}

func (m *memSource) Checkpoints(ctx context.Context) ([]meridian.AuditCheckpoint, error) {
	return slices.Clone(m.cps), nil
}

func (m *memSource) Head(ctx context.Context) (meridian.AuditCheckpoint, error) { return m.head, nil }

var t0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

// MustOpenKey returns a new key in a temporary directory and its public keys.
func MustOpenKey(tb testing.TB) (*audit.Key, map[string]ed25519.PublicKey) {
	tb.Helper()
	dir := tb.TempDir()
	k, err := audit.LoadOrCreateKey(dir)
	if err != nil {
		tb.Fatal(err)
	}
	keys, err := audit.LoadPublicKeys(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return k, keys
}

// MustBuildLog returns a log of n entries with a checkpoint every 10.
func MustBuildLog(tb testing.TB, k *audit.Key, n int) *memSource {
	return MustBuildLogEvery(tb, k, n, 10)
}

// MustBuildLogEvery returns a log of n entries with a checkpoint every
// `every` entries.
func MustBuildLogEvery(tb testing.TB, k *audit.Key, n, every int) *memSource {
	tb.Helper()
	m := &memSource{head: meridian.AuditCheckpoint{Hash: audit.Genesis}}
	for i := range n {
		m.append(k, &meridian.AuditEntry{
			At:          t0.Add(time.Duration(i) * 1500 * time.Millisecond),
			UserID:      fmt.Sprintf("u%d", i%7),
			Username:    fmt.Sprintf("officer%d", i%7),
			AgencyID:    "NCB-" + []string{"DE", "FR", "RO", "NG"}[i%4],
			Action:      meridian.AuditRead,
			RecordKind:  "person",
			RecordID:    fmt.Sprintf("p-%04d", i*31%997),
			RecordOwner: "NCB-DE",
			Purpose:     "case 2025/17",
			Addr:        "10.0.0.7",
		})
		if (i+1)%every == 0 {
			m.cps = append(m.cps, m.head)
		}
	}
	return m
}

func (m *memSource) append(k *audit.Key, e *meridian.AuditEntry) {
	e.Seq = m.head.Seq + 1
	e.PrevHash = m.head.Hash
	e.Hash = audit.Hash(e)
	m.entries = append(m.entries, e)
	m.head = k.Sign(e.Seq, e.Hash, e.At)
}

// entry returns the entry stored with seq.
func (m *memSource) entry(tb testing.TB, seq int64) *meridian.AuditEntry {
	tb.Helper()
	for _, e := range m.entries {
		if e.Seq == seq {
			return e
		}
	}
	tb.Fatalf("no entry %d", seq)
	return nil
}

func (m *memSource) remove(tb testing.TB, seq int64) {
	e := m.entry(tb, seq)
	m.entries = slices.DeleteFunc(m.entries, func(x *meridian.AuditEntry) bool { return x == e })
}

func (m *memSource) checkpoint(tb testing.TB, seq int64) *meridian.AuditCheckpoint {
	tb.Helper()
	for i := range m.cps {
		if m.cps[i].Seq == seq {
			return &m.cps[i]
		}
	}
	tb.Fatalf("no checkpoint %d", seq)
	return nil
}

func TestVerify(t *testing.T) {
	ctx := context.Background()
	k, keys := MustOpenKey(t)

	t.Run("OK", func(t *testing.T) {
		m := MustBuildLog(t, k, 50)
		r, err := audit.Verify(ctx, m, keys)
		if err != nil {
			t.Fatal(err)
		}
		if !r.OK() {
			t.Fatalf("untouched log: %+v", r.Problems)
		}
		if r.Entries != 50 || r.Checkpoints != 5 || r.HeadSeq != 50 {
			t.Fatalf("report = %+v", r)
		}
	})

	t.Run("Empty", func(t *testing.T) {
		m := MustBuildLog(t, k, 0)
		r, err := audit.Verify(ctx, m, keys)
		if err != nil {
			t.Fatal(err)
		}
		if !r.OK() || r.Entries != 0 || r.HeadSeq != 0 {
			t.Fatalf("empty log: %+v", r)
		}
	})

	other, _ := MustOpenKey(t)
	type want struct {
		seq  int64
		kind string
	}
	tests := []struct {
		name   string
		tamper func(t *testing.T, m *memSource)
		want   []want // each must be among the problems
	}{
		{"Altered", func(t *testing.T, m *memSource) {
			m.entry(t, 25).Purpose = "curiosity"
		}, []want{{25, audit.KindAltered}}},
		{"AlteredFirst", func(t *testing.T, m *memSource) {
			m.entry(t, 1).Username = "someone"
		}, []want{{1, audit.KindAltered}}},
		{"AlteredPrevHash", func(t *testing.T, m *memSource) {
			m.entry(t, 25).PrevHash = m.entry(t, 3).Hash
		}, []want{{25, audit.KindAltered}}},
		{"AlteredAt", func(t *testing.T, m *memSource) {
			e := m.entry(t, 25)
			e.At = e.At.Add(time.Microsecond)
		}, []want{{25, audit.KindAltered}}},
		{"AlteredRehashed", func(t *testing.T, m *memSource) {
			e := m.entry(t, 25)
			e.RecordID = "p-0001"
			e.Hash = audit.Hash(e)
		}, []want{{25, audit.KindAltered}}},
		{"AlteredRehashedCheckpoint", func(t *testing.T, m *memSource) {
			e := m.entry(t, 30)
			e.RecordID = "p-0001"
			e.Hash = audit.Hash(e)
		}, []want{{30, audit.KindAltered}, {30, audit.KindCheckpointMismatch}}},
		{"AlteredRehashedPrevHash", func(t *testing.T, m *memSource) {
			e := m.entry(t, 25)
			e.PrevHash = audit.Genesis
			e.Hash = audit.Hash(e)
		}, []want{{25, audit.KindAltered}}},
		{"AlteredRehashedLast", func(t *testing.T, m *memSource) {
			e := m.entry(t, 50)
			e.Addr = "192.0.2.1"
			e.Hash = audit.Hash(e)
		}, []want{{50, audit.KindAltered}, {50, audit.KindHeadMismatch}}},
		{"AlteredHash", func(t *testing.T, m *memSource) {
			m.entry(t, 25).Hash = m.entry(t, 26).Hash
		}, []want{{25, audit.KindAltered}}},
		{"Deleted", func(t *testing.T, m *memSource) {
			m.remove(t, 25)
		}, []want{{25, audit.KindDeleted}}},
		{"DeletedFirst", func(t *testing.T, m *memSource) {
			m.remove(t, 1)
		}, []want{{1, audit.KindDeleted}}},
		{"DeletedLast", func(t *testing.T, m *memSource) {
			m.remove(t, 50)
		}, []want{{50, audit.KindDeleted}}},
		{"DeletedRenumbered", func(t *testing.T, m *memSource) {
			m.remove(t, 25)
			for _, e := range m.entries {
				if e.Seq > 25 {
					e.Seq--
				}
			}
		}, []want{{25, audit.KindDeleted}}},
		{"Truncated", func(t *testing.T, m *memSource) {
			m.entries = m.entries[:44]
		}, []want{{45, audit.KindTruncated}}},
		{"TruncatedAll", func(t *testing.T, m *memSource) {
			m.entries = nil
		}, []want{{1, audit.KindTruncated}}},
		{"InsertedAtEnd", func(t *testing.T, m *memSource) {
			e := *m.entry(t, 50)
			e.Seq, e.PrevHash, e.RecordID = 51, e.Hash, "p-0002"
			e.Hash = audit.Hash(&e)
			m.entries = append(m.entries, &e)
		}, []want{{51, audit.KindInserted}}},
		{"InsertedRenumbered", func(t *testing.T, m *memSource) {
			for _, e := range m.entries {
				if e.Seq >= 25 {
					e.Seq++
				}
			}
			e := *m.entry(t, 24)
			e.Seq, e.PrevHash, e.RecordID = 25, e.Hash, "p-0003"
			e.Hash = audit.Hash(&e)
			m.entries = append(m.entries, &e)
		}, []want{{25, audit.KindInserted}}},
		{"InsertedRenumberedUnhashed", func(t *testing.T, m *memSource) {
			for _, e := range m.entries {
				if e.Seq >= 25 {
					e.Seq++
				}
			}
			e := *m.entry(t, 24)
			e.Seq, e.RecordID = 25, "p-0003"
			m.entries = append(m.entries, &e)
		}, []want{{25, audit.KindInserted}}},
		{"InsertedFirst", func(t *testing.T, m *memSource) {
			for _, e := range m.entries {
				e.Seq++
			}
			e := *m.entry(t, 2)
			e.Seq, e.PrevHash, e.RecordID = 1, audit.Genesis, "p-0004"
			e.Hash = audit.Hash(&e)
			m.entries = append(m.entries, &e)
		}, []want{{1, audit.KindInserted}}},
		{"Renumbered", func(t *testing.T, m *memSource) {
			for _, e := range m.entries {
				if e.Seq >= 25 {
					e.Seq++
				}
			}
		}, []want{{25, audit.KindReordered}}},
		{"SwappedAdjacent", func(t *testing.T, m *memSource) {
			a, b := m.entry(t, 25), m.entry(t, 26)
			a.Seq, b.Seq = b.Seq, a.Seq
		}, []want{{25, audit.KindReordered}, {26, audit.KindReordered}}},
		{"SwappedDistant", func(t *testing.T, m *memSource) {
			a, b := m.entry(t, 13), m.entry(t, 37)
			a.Seq, b.Seq = b.Seq, a.Seq
		}, []want{{13, audit.KindReordered}, {37, audit.KindReordered}}},
		{"SwappedCheckpoints", func(t *testing.T, m *memSource) {
			a, b := m.entry(t, 10), m.entry(t, 40)
			a.Seq, b.Seq = b.Seq, a.Seq
		}, []want{{10, audit.KindReordered}, {40, audit.KindReordered}}},
		{"SwappedFirstLast", func(t *testing.T, m *memSource) {
			a, b := m.entry(t, 1), m.entry(t, 50)
			a.Seq, b.Seq = b.Seq, a.Seq
		}, []want{{1, audit.KindReordered}, {50, audit.KindReordered}}},
		{"SwappedContents", func(t *testing.T, m *memSource) {
			// Every column but seq, prev_hash and hash.
			a, b := m.entry(t, 13), m.entry(t, 37)
			a2, b2 := *b, *a
			a2.Seq, a2.PrevHash, a2.Hash = a.Seq, a.PrevHash, a.Hash
			b2.Seq, b2.PrevHash, b2.Hash = b.Seq, b.PrevHash, b.Hash
			*a, *b = a2, b2
		}, []want{{13, audit.KindReordered}, {37, audit.KindReordered}}},
		{"RotatedThree", func(t *testing.T, m *memSource) {
			a, b, c := m.entry(t, 20), m.entry(t, 21), m.entry(t, 22)
			a.Seq, b.Seq, c.Seq = 21, 22, 20
		}, []want{{20, audit.KindReordered}, {21, audit.KindReordered}, {22, audit.KindReordered}}},
		{"ForgedCheckpoint", func(t *testing.T, m *memSource) {
			cp := m.checkpoint(t, 30)
			forged := other.Sign(cp.Seq, cp.Hash, cp.At)
			cp.Signature = forged.Signature
		}, []want{{30, audit.KindBadSignature}}},
		{"ForgedCheckpointHash", func(t *testing.T, m *memSource) {
			m.checkpoint(t, 30).Hash = m.entry(t, 29).Hash
		}, []want{{30, audit.KindBadSignature}, {30, audit.KindCheckpointMismatch}}},
		{"UnknownKey", func(t *testing.T, m *memSource) {
			cp := m.checkpoint(t, 30)
			*cp = other.Sign(cp.Seq, cp.Hash, cp.At)
		}, []want{{30, audit.KindBadSignature}}},
		{"ChangedHead", func(t *testing.T, m *memSource) {
			m.head.Hash = m.entry(t, 49).Hash
		}, []want{{50, audit.KindBadSignature}, {50, audit.KindHeadMismatch}}},
		{"ChangedHeadSeq", func(t *testing.T, m *memSource) {
			m.remove(t, 50)
			m.head.Seq, m.head.Hash = 49, m.entry(t, 49).Hash
		}, []want{{49, audit.KindBadSignature}, {50, audit.KindDeleted}}},
		{"RolledBackHead", func(t *testing.T, m *memSource) {
			e := m.entry(t, 45)
			m.head = k.Sign(e.Seq, e.Hash, e.At)
		}, []want{{45, audit.KindHeadMismatch}}},
		{"EmptiedHead", func(t *testing.T, m *memSource) {
			m.head = meridian.AuditCheckpoint{Hash: audit.Genesis}
		}, []want{{0, audit.KindHeadMismatch}}},
		{"DeletedCheckpointed", func(t *testing.T, m *memSource) {
			m.remove(t, 30)
		}, []want{{30, audit.KindDeleted}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := MustBuildLog(t, k, 50)
			tt.tamper(t, m)
			r, err := audit.Verify(ctx, m, keys)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK() {
				t.Fatal("tampered log verified")
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(r.Problems, func(p audit.Problem) bool { return p.Seq == w.seq && p.Kind == w.kind }) {
					t.Errorf("no %s problem for %d in %+v", w.kind, w.seq, r.Problems)
				}
			}
			t.Logf("%+v", r.Problems)
		})
	}
}

// TestVerifyTamperAny tampers with every entry of a log in turn, every
// way, and requires that the entries concerned are named with the right
// kind and that nothing else is named.
func TestVerifyTamperAny(t *testing.T) {
	ctx := context.Background()
	k, keys := MustOpenKey(t)
	const n = 23
	type want struct {
		seq  int64
		kind string
	}
	ways := []struct {
		name   string
		tamper func(m *memSource, seq int64) []want // nil: not applicable to seq
	}{
		{"Altered", func(m *memSource, seq int64) []want {
			m.entry(t, seq).Action = meridian.AuditDelete
			return []want{{seq, audit.KindAltered}}
		}},
		{"AlteredRehashed", func(m *memSource, seq int64) []want {
			e := m.entry(t, seq)
			e.Action = meridian.AuditDelete
			e.Hash = audit.Hash(e)
			return []want{{seq, audit.KindAltered}}
		}},
		{"Deleted", func(m *memSource, seq int64) []want {
			m.remove(t, seq)
			return []want{{seq, audit.KindDeleted}}
		}},
		{"Swapped", func(m *memSource, seq int64) []want {
			if seq == n {
				return nil
			}
			a, b := m.entry(t, seq), m.entry(t, seq+1)
			a.Seq, b.Seq = b.Seq, a.Seq
			return []want{{seq, audit.KindReordered}, {seq + 1, audit.KindReordered}}
		}},
		{"SwappedFar", func(m *memSource, seq int64) []want {
			other := (seq+7)%n + 1 // every distance, both directions
			a, b := m.entry(t, seq), m.entry(t, other)
			a.Seq, b.Seq = b.Seq, a.Seq
			return []want{{seq, audit.KindReordered}, {other, audit.KindReordered}}
		}},
		{"Moved", func(m *memSource, seq int64) []want {
			m.entry(t, seq).Seq = 100
			if seq == n { // the log still ends with it
				return []want{{seq, audit.KindReordered}}
			}
			return []want{{seq, audit.KindDeleted}, {100, audit.KindInserted}}
		}},
		{"Inserted", func(m *memSource, seq int64) []want {
			for _, e := range m.entries {
				if e.Seq >= seq {
					e.Seq++
				}
			}
			e := *m.entry(t, seq+1)
			e.Seq, e.Purpose = seq, "cover story"
			e.Hash = audit.Hash(&e)
			m.entries = append(m.entries, &e)
			return []want{{seq, audit.KindInserted}}
		}},
	}
	for _, w := range ways {
		t.Run(w.name, func(t *testing.T) {
			for seq := int64(1); seq <= n; seq++ {
				m := MustBuildLog(t, k, n)
				wants := w.tamper(m, seq)
				if wants == nil {
					continue
				}
				r, err := audit.Verify(ctx, m, keys)
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range wants {
					if !slices.ContainsFunc(r.Problems, func(p audit.Problem) bool { return p.Seq == w.seq && p.Kind == w.kind }) {
						t.Errorf("tampered with %d: no %s problem naming %d in %+v", seq, w.kind, w.seq, r.Problems)
					}
				}
				for _, p := range r.Problems {
					if !slices.ContainsFunc(wants, func(w want) bool { return w.seq == p.Seq }) {
						t.Errorf("tampered with %d: unexpected problem %+v", seq, p)
					}
				}
			}
		})
	}
}

// liveSource appends an entry after the head was read, as a store does
// while it is being verified.
type liveSource struct {
	*memSource
	k     *audit.Key
	heads int
}

func (l *liveSource) Head(ctx context.Context) (meridian.AuditCheckpoint, error) {
	l.heads++
	h := l.head
	if l.heads == 1 {
		l.append(l.k, &meridian.AuditEntry{At: t0.Add(time.Hour), Username: "late", Action: meridian.AuditLogin})
	}
	return h, nil
}

func TestVerifyConcurrentAppend(t *testing.T) {
	k, keys := MustOpenKey(t)
	l := &liveSource{memSource: MustBuildLog(t, k, 30), k: k}
	r, err := audit.Verify(context.Background(), l, keys)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Entries != 31 || r.HeadSeq != 31 {
		t.Fatalf("report = %+v", r)
	}
}

func TestVerifyManyProblems(t *testing.T) {
	k, keys := MustOpenKey(t)
	m := MustBuildLog(t, k, 3000)
	for _, e := range m.entries {
		e.Username = "x"
	}
	r, err := audit.Verify(context.Background(), m, keys)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || len(r.Problems) > 1000 || r.Omitted == 0 {
		t.Fatalf("problems = %d, omitted = %d", len(r.Problems), r.Omitted)
	}
}

// BenchmarkVerify verifies 10,000 entries. Checking a checkpoint's
// signature costs about a hundred entries' hashes, hence the two densities.
func BenchmarkVerify(b *testing.B) {
	k, keys := MustOpenKey(b)
	ctx := context.Background()
	for _, every := range []int{10, 1000} {
		b.Run(fmt.Sprintf("Checkpoint%d", every), func(b *testing.B) {
			m := MustBuildLogEvery(b, k, 10000, every)
			b.ReportAllocs()
			for b.Loop() {
				r, err := audit.Verify(ctx, m, keys)
				if err != nil || !r.OK() {
					b.Fatal(err, r)
				}
			}
		})
	}
}
