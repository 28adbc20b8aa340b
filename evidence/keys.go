package evidence

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"time"

	"meridian"
)

// Keyring holds the installation's certificate authority and each
// agency's signing key and certificate. An agency's pair is made on its
// first export, or imported (Import).
//
// Served (OpenStoredKeyring), the pairs live in the store, each private
// key sealed (AES-256-GCM, bound to its row) with a key from the
// instance's configuration (docs/evidence.md): every instance of a
// deployment signs with the same authority and the same key an agency,
// whichever instance made it first; a thief of the database without the
// sealing key holds no usable key. OpenKeyring keeps them in a directory
// instead (mode 0700, keys 0600: ca.key and ca.pem, agencies/<agency
// id>.key and .pem), for tools and tests; the stored keyring takes such a
// directory's keys into the store on first start.
type Keyring struct {
	back  keyBackend
	mu    sync.Mutex
	ca    *x509.Certificate
	caKey crypto.Signer
	now   func() time.Time
}

// keyBackend is where a keyring keeps its pairs: load returns
// os.ErrNotExist for none; add stores a pair unless one is there and
// returns the one stored (the first made wins, across instances); put
// replaces.
type keyBackend interface {
	load(id string) (*x509.Certificate, crypto.Signer, error)
	add(id string, cert *x509.Certificate, key crypto.Signer) (*x509.Certificate, crypto.Signer, error)
	put(id string, cert *x509.Certificate, key crypto.Signer) error
}

// OpenKeyring opens the keyring in dir, creating the authority on first
// use.
func OpenKeyring(dir string) (*Keyring, error) {
	const op = "evidence.OpenKeyring"
	if err := os.MkdirAll(filepath.Join(dir, "agencies"), 0o700); err != nil {
		return nil, meridian.Internal(op, err)
	}
	return openKeyring(op, dirKeys(dir))
}

func openKeyring(op string, back keyBackend) (*Keyring, error) {
	k := &Keyring{back: back, now: time.Now}
	cert, key, err := back.load("ca")
	if errors.Is(err, os.ErrNotExist) {
		cert, key, err = k.newCA()
	}
	if err != nil {
		return nil, keyError(op, err)
	}
	k.ca, k.caKey = cert, key
	return k, nil
}

// keyError passes a meridian error (the sealing key is wrong) as it is.
func keyError(op string, err error) error {
	var me *meridian.Error
	if errors.As(err, &me) {
		return err
	}
	return meridian.Internal(op, err)
}

// CA is the installation's authority: what a court is given to check
// packages with (meridian evidence verify --ca, openssl cms -CAfile).
func (k *Keyring) CA() *x509.Certificate { return k.ca }

// CAPEM is the authority's certificate in PEM.
func (k *Keyring) CAPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.ca.Raw})
}

func (k *Keyring) newCA() (*x509.Certificate, crypto.Signer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	now := k.now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "Meridian evidence authority", Organization: []string{"Meridian"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(20, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		MaxPathLenZero:        true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, nil, err
	}
	cert, _ := x509.ParseCertificate(der)
	return k.back.add("ca", cert, key)
}

// Agency names the signer of a package.
type Agency struct {
	ID, Name, Country string
}

// Signer returns the agency's certificate and key, making them on first
// use: a certificate of the authority naming the agency (O), its country
// (C) and its id (serialNumber), for signing only.
func (k *Keyring) Signer(a Agency) (*x509.Certificate, crypto.Signer, error) {
	const op = "evidence.Signer"
	if !meridian.IsID(a.ID) {
		return nil, nil, meridian.Invalidf(op, "agency", "malformed agency id")
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	cert, key, err := k.back.load(a.ID)
	if err == nil {
		return cert, key, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, keyError(op, err)
	}
	ekey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, meridian.Internal(op, err)
	}
	now := k.now()
	subj := pkix.Name{CommonName: a.Name, Organization: []string{a.Name}, SerialNumber: a.ID}
	if a.Country != "" {
		subj.Country = []string{a.Country}
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               subj,
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(5, 0, 0),
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, k.ca, ekey.Public(), k.caKey)
	if err != nil {
		return nil, nil, meridian.Internal(op, err)
	}
	cert, _ = x509.ParseCertificate(der)
	if cert, key, err = k.back.add(a.ID, cert, ekey); err != nil {
		return nil, nil, keyError(op, err)
	}
	return cert, key, nil
}

// Import installs an agency's own key and certificate (PEM), issued by
// an authority of its own: packages it signs then verify against that
// authority. The key must match the certificate.
func (k *Keyring) Import(agencyID string, certPEM, keyPEM []byte) error {
	const op = "evidence.Import"
	if !meridian.IsID(agencyID) {
		return meridian.Invalidf(op, "agency", "malformed agency id")
	}
	cert, err := parseCert(certPEM)
	if err != nil {
		return meridian.Invalidf(op, "cert", "not a PEM certificate: %v", err)
	}
	key, err := parseKey(keyPEM)
	if err != nil {
		return meridian.Invalidf(op, "key", "not a PEM private key: %v", err)
	}
	if !publicEqual(cert.PublicKey, key.Public()) {
		return meridian.Invalidf(op, "key", "the key does not match the certificate")
	}
	if cert.KeyUsage != 0 && cert.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return meridian.Invalidf(op, "cert", "the certificate is not for signing")
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := k.back.put(agencyID, cert, key); err != nil {
		return keyError(op, err)
	}
	return nil
}

func publicEqual(a, b crypto.PublicKey) bool {
	ea, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && ea.Equal(b)
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
	return n.Add(n, big.NewInt(1))
}

// dirKeys keeps pairs in a directory: ca.*, agencies/<id>.*.
type dirKeys string

func (d dirKeys) base(id string) string {
	if id == "ca" {
		return filepath.Join(string(d), "ca")
	}
	return filepath.Join(string(d), "agencies", id)
}

func (d dirKeys) load(id string) (*x509.Certificate, crypto.Signer, error) {
	return readPair(d.base(id))
}

func (d dirKeys) add(id string, cert *x509.Certificate, key crypto.Signer) (*x509.Certificate, crypto.Signer, error) {
	return cert, key, writePair(d.base(id), cert, key)
}

func (d dirKeys) put(id string, cert *x509.Certificate, key crypto.Signer) error {
	return writePair(d.base(id), cert, key)
}

func readPair(base string) (*x509.Certificate, crypto.Signer, error) {
	cb, err := os.ReadFile(base + ".pem")
	if err != nil {
		return nil, nil, err
	}
	kb, err := os.ReadFile(base + ".key")
	if err != nil {
		return nil, nil, err
	}
	cert, err := parseCert(cb)
	if err != nil {
		return nil, nil, fmt.Errorf("%s.pem: %w", base, err)
	}
	key, err := parseKey(kb)
	if err != nil {
		return nil, nil, fmt.Errorf("%s.key: %w", base, err)
	}
	return cert, key, nil
}

// writePair writes the key first (0600, created new) and the
// certificate after it, each through a temporary file renamed into place.
func writePair(base string, cert *x509.Certificate, key crypto.Signer) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := writeFile(base+".key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err != nil {
		return err
	}
	return writeFile(base+".pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}))
}

func writeFile(name string, b []byte) error {
	tmp := name + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

func parseCert(b []byte) (*x509.Certificate, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "CERTIFICATE" {
		return nil, errors.New("no CERTIFICATE block")
	}
	return x509.ParseCertificate(blk.Bytes)
}

func parseKey(b []byte) (crypto.Signer, error) {
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, errors.New("no PEM block")
	}
	var k any
	var err error
	switch blk.Type {
	case "PRIVATE KEY":
		k, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(blk.Bytes)
	case "RSA PRIVATE KEY":
		k, err = x509.ParsePKCS1PrivateKey(blk.Bytes)
	default:
		return nil, fmt.Errorf("unexpected PEM block %q", blk.Type)
	}
	if err != nil {
		return nil, err
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, errors.New("not a signing key")
	}
	return s, nil
}

// ParseCertPEM reads a PEM certificate (the authority, for verify --ca).
func ParseCertPEM(b []byte) (*x509.Certificate, error) { return parseCert(b) }
