package audit_test

import (
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
)

func TestGenesis(t *testing.T) {
	if audit.Genesis != strings.Repeat("0", 64) {
		t.Fatalf("Genesis = %q", audit.Genesis)
	}
}

func TestHash(t *testing.T) {
	e := meridian.AuditEntry{Seq: 7, At: time.Date(2025, 3, 1, 8, 0, 0, 123456000, time.UTC), Username: "officer", Action: meridian.AuditRead, PrevHash: audit.Genesis}
	h := audit.Hash(&e)
	if len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Fatalf("Hash = %q", h)
	}
	t.Run("Deterministic", func(t *testing.T) {
		if audit.Hash(&e) != h {
			t.Fatal("hash changed")
		}
	})
	t.Run("IgnoresHash", func(t *testing.T) {
		c := e
		c.Hash = "anything"
		if audit.Hash(&c) != h {
			t.Fatal("Hash covers the Hash field")
		}
	})
	t.Run("Microseconds", func(t *testing.T) {
		c := e
		c.At = e.At.Add(999 * time.Nanosecond).In(time.FixedZone("X", 7200))
		if audit.Hash(&c) != h {
			t.Fatal("hash depends on nanoseconds or location")
		}
	})
	t.Run("FieldBoundaries", func(t *testing.T) {
		a := e
		a.UserID, a.Username = "ab", "c"
		b := e
		b.UserID, b.Username = "a", "bc"
		if audit.Hash(&a) == audit.Hash(&b) {
			t.Fatal("moving a byte between fields kept the hash")
		}
	})
}

func FuzzHash(f *testing.F) {
	f.Add(int64(1), int64(1740816000000000), "u1", "officer1", "NCB-DE", "read", "person", "p-1", "NCB-FR", "case 17", "10.0.0.7", audit.Genesis)
	f.Fuzz(func(t *testing.T, seq, at int64, userID, username, agencyID, action, recordKind, recordID, recordOwner, purpose, addr, prevHash string) {
		e := meridian.AuditEntry{Seq: seq, At: time.UnixMicro(at), UserID: userID, Username: username, AgencyID: agencyID,
			Action: action, RecordKind: recordKind, RecordID: recordID, RecordOwner: recordOwner, Purpose: purpose,
			Addr: addr, PrevHash: prevHash}
		h := audit.Hash(&e)
		c := e
		if audit.Hash(&c) != h {
			t.Fatal("Hash is not deterministic")
		}
		changes := []func(*meridian.AuditEntry){
			func(e *meridian.AuditEntry) { e.Seq++ },
			func(e *meridian.AuditEntry) { e.At = e.At.Add(time.Microsecond) },
			func(e *meridian.AuditEntry) { e.UserID += "x" },
			func(e *meridian.AuditEntry) { e.Username += "x" },
			func(e *meridian.AuditEntry) { e.AgencyID += "x" },
			func(e *meridian.AuditEntry) { e.Action += "x" },
			func(e *meridian.AuditEntry) { e.RecordKind += "x" },
			func(e *meridian.AuditEntry) { e.RecordID += "x" },
			func(e *meridian.AuditEntry) { e.RecordOwner += "x" },
			func(e *meridian.AuditEntry) { e.Purpose += "x" },
			func(e *meridian.AuditEntry) { e.Addr += "x" },
			func(e *meridian.AuditEntry) { e.PrevHash += "x" },
			func(e *meridian.AuditEntry) { // a byte moved across a field boundary
				if e.Username != "" {
					e.UserID, e.Username = e.UserID+e.Username[:1], e.Username[1:]
				} else {
					e.Username = "x"
				}
			},
		}
		for i, change := range changes {
			c := e
			change(&c)
			if audit.Hash(&c) == h {
				t.Errorf("change %d kept the hash", i)
			}
		}
	})
}

func BenchmarkHash(b *testing.B) {
	e := meridian.AuditEntry{Seq: 123456, At: time.Now(), UserID: "0195f3c2-7a1e-7c3a-9b2d-1f2e3d4c5b6a", Username: "officer1",
		AgencyID: "NCB-DE", Action: meridian.AuditRead, RecordKind: "person", RecordID: "0195f3c2-7a1e-7c3a-9b2d-1f2e3d4c5b6b",
		RecordOwner: "NCB-FR", Purpose: "case 2025/17", Addr: "10.0.0.7", PrevHash: audit.Genesis}
	b.ReportAllocs()
	for b.Loop() {
		audit.Hash(&e)
	}
}
