package audit_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
)

func TestLoadOrCreateKey(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		k1, err := audit.LoadOrCreateKey(dir)
		if err != nil {
			t.Fatal(err)
		}
		k2, err := audit.LoadOrCreateKey(dir)
		if err != nil {
			t.Fatal(err)
		}
		if k1.ID() != k2.ID() || !k1.Public().Equal(k2.Public()) {
			t.Fatal("reloaded key differs")
		}
		if len(k1.ID()) != 16 {
			t.Fatalf("ID = %q", k1.ID())
		}
		for name, mode := range map[string]os.FileMode{"audit.key": 0o600, "audit.pub": 0o644} {
			fi, err := os.Stat(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != mode {
				t.Errorf("%s mode = %v, want %v", name, fi.Mode().Perm(), mode)
			}
		}
		keys, err := audit.LoadPublicKeys(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) != 1 || !keys[k1.ID()].Equal(k1.Public()) {
			t.Fatalf("keys = %v", keys)
		}
	})

	t.Run("PublicRecreated", func(t *testing.T) {
		dir := t.TempDir()
		k, err := audit.LoadOrCreateKey(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(dir, "audit.pub")); err != nil {
			t.Fatal(err)
		}
		keys, err := audit.LoadPublicKeys(dir) // derived from audit.key
		if err != nil || !keys[k.ID()].Equal(k.Public()) {
			t.Fatalf("keys = %v, err = %v", keys, err)
		}
		if _, err := audit.LoadOrCreateKey(dir); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "audit.pub")); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ErrPublicMismatch", func(t *testing.T) {
		dir, other := t.TempDir(), t.TempDir()
		if _, err := audit.LoadOrCreateKey(dir); err != nil {
			t.Fatal(err)
		}
		if _, err := audit.LoadOrCreateKey(other); err != nil {
			t.Fatal(err)
		}
		pub, err := os.ReadFile(filepath.Join(other, "audit.pub"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "audit.pub"), pub, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := audit.LoadOrCreateKey(dir); err == nil {
			t.Fatal("mismatched audit.pub accepted")
		}
	})

	t.Run("ErrMalformed", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "audit.key"), []byte("not a key"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := audit.LoadOrCreateKey(dir); err == nil {
			t.Fatal("malformed key accepted")
		}
	})
}

func TestLoadPublicKeys(t *testing.T) {
	t.Run("ErrMissingDir", func(t *testing.T) {
		if _, err := audit.LoadPublicKeys(filepath.Join(t.TempDir(), "nope")); err == nil {
			t.Fatal("missing dir accepted")
		}
	})
	t.Run("ErrEmptyDir", func(t *testing.T) {
		if _, err := audit.LoadPublicKeys(t.TempDir()); err == nil {
			t.Fatal("empty dir accepted")
		}
	})
	t.Run("Rotated", func(t *testing.T) {
		dir, old := t.TempDir(), t.TempDir()
		k, _ := audit.LoadOrCreateKey(dir)
		ko, _ := audit.LoadOrCreateKey(old)
		a, _ := os.ReadFile(filepath.Join(dir, "audit.pub"))
		b, _ := os.ReadFile(filepath.Join(old, "audit.pub"))
		if err := os.WriteFile(filepath.Join(dir, "audit.pub"), append(a, b...), 0o644); err != nil {
			t.Fatal(err)
		}
		keys, err := audit.LoadPublicKeys(dir)
		if err != nil || len(keys) != 2 || !keys[ko.ID()].Equal(ko.Public()) {
			t.Fatalf("keys = %v, err = %v", keys, err)
		}
		if _, err := audit.LoadOrCreateKey(dir); err != nil {
			t.Fatalf("current key among several: %v", err)
		}
		cp := ko.Sign(3, audit.Genesis, time.Now())
		if !audit.VerifyCheckpoint(keys, cp) {
			t.Fatal("old key's checkpoint rejected")
		}
		_ = k
	})
}

func TestVerifyCheckpoint(t *testing.T) {
	k, keys := MustOpenKey(t)
	at := time.Date(2025, 3, 1, 8, 0, 0, 123456100, time.FixedZone("CET", 3600))
	cp := k.Sign(42, audit.Genesis, at)
	if cp.KeyID != k.ID() || cp.Seq != 42 || cp.Hash != audit.Genesis {
		t.Fatalf("cp = %+v", cp)
	}
	if !cp.At.Equal(at.Truncate(time.Microsecond)) {
		t.Fatalf("At = %v, want microseconds", cp.At)
	}
	if !audit.VerifyCheckpoint(keys, cp) {
		t.Fatal("valid checkpoint rejected")
	}
	tests := []struct {
		name   string
		change func(*meridian.AuditCheckpoint)
	}{
		{"Seq", func(c *meridian.AuditCheckpoint) { c.Seq++ }},
		{"Hash", func(c *meridian.AuditCheckpoint) { c.Hash = "1" + c.Hash[1:] }},
		{"At", func(c *meridian.AuditCheckpoint) { c.At = c.At.Add(time.Microsecond) }},
		{"KeyID", func(c *meridian.AuditCheckpoint) { c.KeyID = "0000000000000000" }},
		{"Signature", func(c *meridian.AuditCheckpoint) { c.Signature = c.Signature[:10] }},
		{"SignatureHex", func(c *meridian.AuditCheckpoint) { c.Signature = "zz" + c.Signature[2:] }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cp
			tt.change(&c)
			if audit.VerifyCheckpoint(keys, c) {
				t.Fatal("changed checkpoint accepted")
			}
		})
	}
	if cp2 := k.Sign(42, audit.Genesis, at.Add(300*time.Nanosecond)); !audit.VerifyCheckpoint(keys, cp2) || cp2.Signature != cp.Signature {
		t.Fatal("sub-microsecond time changed the signature")
	}
}
