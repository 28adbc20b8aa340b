package evidence

import (
	"context"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"meridian"
)

// KeyStore is where a served keyring keeps its pairs (the store, shared by
// every instance): the certificate in PEM and the private key sealed.
// EvidenceKey answers ENotFound for none; AddEvidenceKey stores a pair
// unless one is there (replace: whatever is there).
type KeyStore interface {
	EvidenceKey(ctx context.Context, id string) (certPEM, sealed []byte, err error)
	AddEvidenceKey(ctx context.Context, id string, certPEM, sealed []byte, replace bool) error
}

// SealingKeySize is the size of the key that seals the private keys in the
// store (AES-256).
const SealingKeySize = 32

// ParseSealingKey reads a sealing key written in hex (64 digits).
func ParseSealingKey(s string) ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != SealingKeySize {
		return nil, meridian.Invalidf("evidence.ParseSealingKey", "evidence-key", "not %d bytes in hex (%d digits)", SealingKeySize, 2*SealingKeySize)
	}
	return b, nil
}

// LoadOrCreateSealingKey reads the sealing key from file, making a new one
// (0600) if there is none: one instance needs nothing more; several take
// the same key (docs/evidence.md).
func LoadOrCreateSealingKey(file string) ([]byte, error) {
	const op = "evidence.LoadOrCreateSealingKey"
	b, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		key := make([]byte, SealingKeySize)
		rand.Read(key)
		if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
			return nil, meridian.Internal(op, err)
		}
		if err := writeFile(file, []byte(hex.EncodeToString(key)+"\n")); err != nil {
			return nil, meridian.Internal(op, err)
		}
		return key, nil
	}
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	return ParseSealingKey(string(b))
}

// OpenStoredKeyring opens the keyring kept in st, its private keys sealed
// with sealingKey, creating the authority on first use. The keys of an
// older keyring in legacyDir (ca.*, agencies/*), if any, are taken into
// the store first, unless it holds its own. A store whose keys were sealed
// with another key is refused, saying so.
func OpenStoredKeyring(ctx context.Context, st KeyStore, sealingKey []byte, legacyDir string) (*Keyring, error) {
	const op = "evidence.OpenStoredKeyring"
	block, err := aes.NewCipher(sealingKey)
	if err != nil {
		return nil, meridian.Invalidf(op, "evidence-key", "not a %d-byte key", SealingKeySize)
	}
	aead, _ := cipher.NewGCM(block)
	back := &storeKeys{ctx: context.WithoutCancel(ctx), st: st, aead: aead}
	if legacyDir != "" {
		if err := back.adopt(legacyDir); err != nil {
			return nil, keyError(op, err)
		}
	}
	return openKeyring(op, back)
}

type storeKeys struct {
	ctx  context.Context
	st   KeyStore
	aead cipher.AEAD
}

// aad binds a sealed key to its row: a key moved to another agency's row
// does not open.
func aad(id string) []byte { return []byte("meridian evidence key " + id) }

func (s *storeKeys) load(id string) (*x509.Certificate, crypto.Signer, error) {
	cb, sealed, err := s.st.EvidenceKey(s.ctx, id)
	if meridian.KindOf(err) == meridian.ENotFound {
		return nil, nil, os.ErrNotExist
	}
	if err != nil {
		return nil, nil, err
	}
	cert, err := parseCert(cb)
	if err != nil {
		return nil, nil, fmt.Errorf("evidence key %s: %w", id, err)
	}
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return nil, nil, fmt.Errorf("evidence key %s: sealed key too short", id)
	}
	der, err := s.aead.Open(nil, sealed[:n], sealed[n:], aad(id))
	if err != nil {
		return nil, nil, meridian.Errorf(meridian.EUnavailable, "evidence.Keyring",
			"the evidence signing keys in the store were sealed with another key: give this instance the same --evidence-key as the others (docs/evidence.md)")
	}
	key, err := parseKey(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	if err != nil {
		return nil, nil, fmt.Errorf("evidence key %s: %w", id, err)
	}
	return cert, key, nil
}

func (s *storeKeys) seal(id string, cert *x509.Certificate, key crypto.Signer) (cb, sealed []byte, err error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), s.aead.Seal(nonce, nonce, der, aad(id)), nil
}

func (s *storeKeys) add(id string, cert *x509.Certificate, key crypto.Signer) (*x509.Certificate, crypto.Signer, error) {
	cb, sealed, err := s.seal(id, cert, key)
	if err != nil {
		return nil, nil, err
	}
	if err := s.st.AddEvidenceKey(s.ctx, id, cb, sealed, false); err != nil {
		return nil, nil, err
	}
	// Another instance may have stored its own first: that one it is.
	return s.load(id)
}

func (s *storeKeys) put(id string, cert *x509.Certificate, key crypto.Signer) error {
	cb, sealed, err := s.seal(id, cert, key)
	if err != nil {
		return err
	}
	return s.st.AddEvidenceKey(s.ctx, id, cb, sealed, true)
}

// adopt takes the pairs of a keyring directory into the store, unless the
// store has an authority of its own.
func (s *storeKeys) adopt(dir string) error {
	if _, _, err := s.load("ca"); !errors.Is(err, os.ErrNotExist) {
		return err
	}
	d := dirKeys(dir)
	cert, key, err := d.load("ca")
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	names, _ := filepath.Glob(filepath.Join(dir, "agencies", "*.pem"))
	for _, n := range names {
		id := strings.TrimSuffix(filepath.Base(n), ".pem")
		if !meridian.IsID(id) {
			continue
		}
		c, k, err := d.load(id)
		if err != nil {
			return err
		}
		if _, _, err := s.add(id, c, k); err != nil {
			return err
		}
	}
	_, _, err = s.add("ca", cert, key)
	return err
}
