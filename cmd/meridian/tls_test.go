package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	nethttp "net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"meridian"
)

// selfSigned writes a throwaway certificate for 127.0.0.1.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "meridian test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	return certFile, keyFile
}

// TestTLS serves over TLS and checks that the session cookie is Secure,
// HttpOnly and SameSite=Strict.
func TestTLS(t *testing.T) {
	cert, key := selfSigned(t)
	m := MustRunMain(t, Config{TLSCert: cert, TLSKey: key})
	if !strings.HasPrefix(m.URL, "https://") {
		t.Fatalf("URL %s", m.URL)
	}
	a := mustAgency(t, m, "MK", "Agency A")
	u := &meridian.User{AgencyID: a.ID, Username: "tls.user", Name: "TLS", Roles: []meridian.Role{meridian.RoleOfficer}}
	if err := m.DB.CreateUser(sys(), u, "a long enough password"); err != nil {
		t.Fatal(err)
	}
	hc := &nethttp.Client{Transport: &nethttp.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} // the test's own certificate
	res, err := hc.Post(m.URL+"/api/v1/login", "application/json", strings.NewReader(`{"username":"tls.user","password":"a long enough password"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("login status %d", res.StatusCode)
	}
	var c *nethttp.Cookie
	for _, x := range res.Cookies() {
		if x.Name == "meridian_session" {
			c = x
		}
	}
	if c == nil || !c.Secure || !c.HttpOnly || c.SameSite != nethttp.SameSiteStrictMode {
		t.Fatalf("session cookie %+v: want Secure, HttpOnly, SameSite=Strict", c)
	}
	t.Run("ErrHalfConfigured", func(t *testing.T) {
		m := &Main{Config: Config{Data: t.TempDir(), Addr: "127.0.0.1:0", TLSCert: cert}}
		if err := m.Run(t.Context()); err == nil || !strings.Contains(err.Error(), "--tls-key") {
			m.Close()
			t.Fatalf("want an error naming --tls-key, got %v", err)
		}
	})
}
