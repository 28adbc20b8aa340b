package audit

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"

	"meridian"
)

// The key files in the data directory.
const (
	keyFile = "audit.key"
	pubFile = "audit.pub"
)

// Key signs checkpoints. It lives in the data directory, outside the
// database, so that whoever can write the database cannot sign.
type Key struct {
	priv ed25519.PrivateKey
	id   string

	signerOnce sync.Once
	signer     note.Signer // the note signer, made once: it costs a scalar multiplication
	signerErr  error
}

func newKey(priv ed25519.PrivateKey) *Key {
	return &Key{priv: priv, id: keyID(priv.Public().(ed25519.PublicKey))}
}

// keyID names a public key in checkpoints so that old checkpoints still
// verify after the key is rotated.
func keyID(pub ed25519.PublicKey) string {
	s := sha256.Sum256(pub)
	return hex.EncodeToString(s[:8])
}

// ID returns the first 16 hex characters of the SHA-256 of the public key.
func (k *Key) ID() string { return k.id }

// Public returns the public key that verifies k's signatures.
func (k *Key) Public() ed25519.PublicKey { return k.priv.Public().(ed25519.PublicKey) }

// Sign returns a checkpoint stating that the chain up to seq ends in hash.
// At is truncated to microseconds, the precision stores keep.
func (k *Key) Sign(seq int64, hash string, at time.Time) meridian.AuditCheckpoint {
	cp := meridian.AuditCheckpoint{Seq: seq, Hash: hash, At: at.UTC().Truncate(time.Microsecond), KeyID: k.id}
	cp.Signature = hex.EncodeToString(ed25519.Sign(k.priv, message(cp)))
	return cp
}

// message is what a checkpoint's signature covers; the prefix keeps these
// signatures from being valid for anything else signed with the same key.
func message(cp meridian.AuditCheckpoint) []byte {
	b := []byte("meridian-audit-v1\n")
	b = strconv.AppendInt(b, cp.Seq, 10)
	b = append(b, '\n')
	b = append(b, cp.Hash...)
	b = append(b, '\n')
	return strconv.AppendInt(b, cp.At.UnixMicro(), 10)
}

// VerifyCheckpoint reports whether cp's signature is valid under keys:
// its signed note when it has one, else its legacy signature.
func VerifyCheckpoint(keys map[string]ed25519.PublicKey, cp meridian.AuditCheckpoint) bool {
	if cp.Note != "" || cp.Root != "" {
		return verifyNote(keys, cp)
	}
	pub, ok := keys[cp.KeyID]
	if !ok || len(pub) != ed25519.PublicKeySize {
		return false
	}
	sig, err := hex.DecodeString(cp.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	return ed25519.Verify(pub, message(cp), sig)
}

// LoadOrCreateKey reads DIR/audit.key (PEM, PKCS#8 ed25519, mode 0600) or
// creates it (and DIR/audit.pub, PEM PKIX public key, 0644) if missing.
// Creates DIR if needed. An audit.pub that does not hold the key's public
// key is an error: verification would fail on every checkpoint.
func LoadOrCreateKey(dir string) (*Key, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("audit: load key: %w", err)
	}
	path := filepath.Join(dir, keyFile)
	k, err := readKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		k, err = createKey(path)
		if errors.Is(err, fs.ErrExist) { // another process created it first
			k, err = readKey(path)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("audit: load key: %w", err)
	}
	pubPath := filepath.Join(dir, pubFile)
	keys, err := readPublicKeys(pubPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := writePublicKey(pubPath, k.Public()); err != nil {
			return nil, fmt.Errorf("audit: load key: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("audit: load key: %w", err)
	case !k.Public().Equal(keys[k.id]):
		return nil, fmt.Errorf("audit: load key: %s does not hold the public key of %s (key id %s)", pubPath, path, k.id)
	}
	return k, nil
}

// LoadPublicKeys reads the public key from DIR/audit.pub (or derives it
// from DIR/audit.key when only that exists) and returns it keyed by ID.
// Error if neither exists. audit.pub may hold several PEM blocks, so that
// checkpoints signed by a retired key still verify after rotation.
func LoadPublicKeys(dir string) (map[string]ed25519.PublicKey, error) {
	keys, err := readPublicKeys(filepath.Join(dir, pubFile))
	if errors.Is(err, fs.ErrNotExist) {
		var k *Key
		if k, err = readKey(filepath.Join(dir, keyFile)); err == nil {
			keys = map[string]ed25519.PublicKey{k.id: k.Public()}
		} else if errors.Is(err, fs.ErrNotExist) {
			err = fmt.Errorf("no %s or %s in %s: %w", pubFile, keyFile, dir, fs.ErrNotExist)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("audit: load public keys: %w", err)
	}
	return keys, nil
}

// ReadPublicKeys reads a public key file like audit.pub (PEM PKIX
// Ed25519 public keys) and returns the keys by ID.
func ReadPublicKeys(path string) (map[string]ed25519.PublicKey, error) {
	keys, err := readPublicKeys(path)
	if err != nil {
		return nil, fmt.Errorf("audit: load public keys: %w", err)
	}
	return keys, nil
}

func readKey(path string) (*Key, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("%s: no PEM PRIVATE KEY block", path)
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	priv, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: not an ed25519 key", path)
	}
	return newKey(priv), nil
}

// createKey writes a new key with O_EXCL, so that two processes starting
// at once cannot each create a key and overwrite the other's.
func createKey(path string) (*Key, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	err = errors.Join(
		f.Chmod(0o600), // whatever the umask
		pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}),
		f.Sync(),
	)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // ours, half written: let the next start try again
		return nil, err
	}
	return newKey(priv), nil
}

func writePublicKey(path string, pub ed25519.PublicKey) error {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return err
	}
	data := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	return os.Chmod(path, 0o644)
}

func readPublicKeys(path string) (map[string]ed25519.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	keys := make(map[string]ed25519.PublicKey)
	for rest := bytes.TrimSpace(data); len(rest) > 0; rest = bytes.TrimSpace(rest) {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, fmt.Errorf("%s: malformed PEM", path)
		}
		if block.Type != "PUBLIC KEY" {
			return nil, fmt.Errorf("%s: unexpected PEM block %q", path, block.Type)
		}
		key, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		pub, ok := key.(ed25519.PublicKey)
		if !ok {
			return nil, fmt.Errorf("%s: not an ed25519 key", path)
		}
		keys[keyID(pub)] = pub
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no public key", path)
	}
	return keys, nil
}
