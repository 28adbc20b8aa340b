package evidence_test

import (
	"archive/zip"
	"bytes"
	"crypto/x509"
	"flag"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"meridian"
	"meridian/evidence"
)

var tamperN = flag.Int("tamper.n", 600, "tamperings TestTamperings generates (docs/benchmarks.md runs 10000)")

// mustPackage writes a small package signed by a new agency of k.
func mustPackage(tb testing.TB, k *evidence.Keyring, files map[string]string) []byte {
	tb.Helper()
	cert, key, err := k.Signer(evidence.Agency{ID: meridian.NewID(), Name: "Tužilaštvo Beograd", Country: "RS"})
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := evidence.NewWriter(&buf)
	if err != nil {
		tb.Fatal(err)
	}
	for _, name := range []string{"case.json", "records/a.json", "files/x/photo.jpg", "custody.json"} {
		body, ok := files[name]
		if !ok {
			body = name + " content"
		}
		if err := w.Add(name, "application/octet-stream", strings.NewReader(body), "", name != "files/x/photo.jpg"); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(cert, key); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func verify(tb testing.TB, pkg []byte, ca *x509.Certificate) *evidence.Report {
	tb.Helper()
	rep, err := evidence.Verify(bytes.NewReader(pkg), int64(len(pkg)), ca)
	if err != nil {
		tb.Fatal(err)
	}
	return rep
}

func TestPackage(t *testing.T) {
	k, err := evidence.OpenKeyring(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pkg := mustPackage(t, k, nil)
	t.Run("OK", func(t *testing.T) {
		rep := verify(t, pkg, k.CA())
		if !rep.OK || !rep.Trusted || len(rep.Files) != 5 {
			t.Fatalf("report %+v", rep)
		}
		if !strings.Contains(rep.Signer, "Tužilaštvo Beograd") {
			t.Errorf("signer %q", rep.Signer)
		}
	})
	t.Run("MimetypeFirstStored", func(t *testing.T) {
		if string(pkg[30:38]) != "mimetype" || string(pkg[38:38+len(evidence.MimeType)]) != evidence.MimeType {
			t.Fatalf("header %q", pkg[:80])
		}
	})
	t.Run("ErrOtherAuthority", func(t *testing.T) {
		other, err := evidence.OpenKeyring(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		rep := verify(t, pkg, other.CA())
		if rep.OK || rep.Trusted || len(rep.Problems) != 1 || rep.Problems[0].Kind != "untrusted" {
			t.Fatalf("report %+v", rep)
		}
	})
	t.Run("ErrNotZip", func(t *testing.T) {
		rep := verify(t, []byte("not a zip"), k.CA())
		if rep.OK || rep.Problems[0].Name != "package" {
			t.Fatalf("report %+v", rep)
		}
	})
	t.Run("OpenSSL", func(t *testing.T) {
		openssl(t, k, pkg)
	})
}

// openssl checks the package as the docs tell a court to: the CMS
// signature over the manifest with openssl, and the files with sha256sum.
func openssl(t *testing.T, k *evidence.Keyring, pkg []byte) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatal("openssl is required")
	}
	dir := t.TempDir()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o700)
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		os.WriteFile(p, b.Bytes(), 0o600)
	}
	os.WriteFile(filepath.Join(dir, "ca.pem"), k.CAPEM(), 0o600)
	cmd := exec.Command("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "META-INF/signature.p7s",
		"-content", "META-INF/ASiCManifest.xml", "-CAfile", "ca.pem", "-purpose", "any", "-out", os.DevNull)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Verification successful") {
		t.Fatalf("openssl cms -verify: %v\n%s", err, out)
	}
	cmd = exec.Command("sha256sum", "-c", "SHA256SUMS")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, out)
	}
	// A changed byte fails openssl.
	os.WriteFile(filepath.Join(dir, "META-INF/ASiCManifest.xml"), []byte("<x/>"), 0o600)
	cmd = exec.Command("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "META-INF/signature.p7s",
		"-content", "META-INF/ASiCManifest.xml", "-CAfile", "ca.pem", "-purpose", "any", "-out", os.DevNull)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("openssl verified an altered manifest:\n%s", out)
	}
}

// TestTamperings generates tamperings of every kind (byte flipped, file
// added, removed, renamed, manifest or signature swapped) and requires
// each detected and the tampered file named.
func TestTamperings(t *testing.T) {
	k, err := evidence.OpenKeyring(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pkg := mustPackage(t, k, nil)
	other := mustPackage(t, k, map[string]string{"case.json": "another case"})
	rnd := rand.New(rand.NewPCG(13, 2026))
	named := map[string]int{}
	for i := range *tamperN {
		kind := evidence.TamperKinds[i%len(evidence.TamperKinds)]
		tm, err := evidence.Tamper(pkg, other, kind, rnd)
		if err != nil {
			t.Fatal(err)
		}
		rep := verify(t, tm.Data, k.CA())
		if !tm.Named(rep) {
			t.Fatalf("tampering %d (%s of %s) not named: %+v", i, kind, tm.Name, rep)
		}
		named[kind]++
	}
	t.Logf("%d tamperings, each detected and named: %v", *tamperN, named)
}
