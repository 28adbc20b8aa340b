// Package evidence makes and checks evidence packages (issue 13): ASiC-E
// containers (ETSI EN 319 162-1) that a court checks without Meridian,
// signed with the exporting agency's key under the installation's own
// certificate authority; and it keeps case files, streamed into a
// content-addressed blob store.
package evidence

import (
	"archive/zip"
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/smallstep/pkcs7"
)

// The names ASiC-E fixes.
const (
	MimeType      = "application/vnd.etsi.asic-e+zip"
	MimeTypeName  = "mimetype"
	ManifestName  = "META-INF/ASiCManifest.xml"
	SignatureName = "META-INF/signature.p7s"
	SumsName      = "SHA256SUMS"
)

const (
	nsASiC    = "http://uri.etsi.org/02918/v1.2.1#"
	nsDSig    = "http://www.w3.org/2000/09/xmldsig#"
	algSHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
)

// ref is one data object of the manifest.
type ref struct {
	name, mediaType string
	sum             []byte
}

// Writer writes a package to w as it goes: mimetype first and stored,
// each data object streamed and hashed, then SHA256SUMS, the manifest and
// the signature over it. Nothing is held whole in memory but the
// manifest.
type Writer struct {
	zw    *zip.Writer
	refs  []ref
	names map[string]bool
}

// NewWriter starts a package on w.
func NewWriter(w io.Writer) (*Writer, error) {
	zw := zip.NewWriter(w)
	body := []byte(MimeType)
	// Raw, with sizes and CRC in the local header and no extra field, so
	// that the media type sits at byte 38 as the standard wants.
	hw, err := zw.CreateRaw(&zip.FileHeader{Name: MimeTypeName, Method: zip.Store,
		CRC32: crc32.ChecksumIEEE(body), CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body))})
	if err != nil {
		return nil, err
	}
	if _, err := hw.Write(body); err != nil {
		return nil, err
	}
	return &Writer{zw: zw, names: map[string]bool{}}, nil
}

// Add streams a data object into the package. With want set (hex), the
// content must hash to it, or Add fails and the package is unusable.
func (w *Writer) Add(name, mediaType string, r io.Reader, want string, compress bool) error {
	if name == "" || name == MimeTypeName || strings.HasPrefix(name, "META-INF/") || name == SumsName || w.names[name] {
		return fmt.Errorf("evidence: name %q taken or reserved", name)
	}
	return w.add(name, mediaType, r, want, compress)
}

func (w *Writer) add(name, mediaType string, r io.Reader, want string, compress bool) error {
	w.names[name] = true
	method := zip.Store
	if compress {
		method = zip.Deflate
	}
	fw, err := w.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: time.Now().UTC()})
	if err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(fw, h), r); err != nil {
		return err
	}
	sum := h.Sum(nil)
	if want != "" && hex.EncodeToString(sum) != want {
		return fmt.Errorf("evidence: %s: content does not match its stored SHA-256", name)
	}
	w.refs = append(w.refs, ref{name: name, mediaType: mediaType, sum: sum})
	return nil
}

// Close writes SHA256SUMS, the manifest and its detached CMS signature
// (SHA-256, ECDSA or RSA, with the signing time and the ESS
// signing-certificate-v2 attribute CAdES-BES asks for) and ends the ZIP.
func (w *Writer) Close(cert *x509.Certificate, key crypto.Signer) error {
	var sums bytes.Buffer
	for _, r := range w.refs {
		fmt.Fprintf(&sums, "%x  %s\n", r.sum, r.name)
	}
	if err := w.add(SumsName, "text/plain", bytes.NewReader(sums.Bytes()), "", true); err != nil {
		return err
	}
	manifest := Manifest(w.refs)
	sig, err := sign(manifest, cert, key)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		body []byte
	}{{ManifestName, manifest}, {SignatureName, sig}} {
		fw, err := w.zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Now().UTC()})
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.body); err != nil {
			return err
		}
	}
	return w.zw.Close()
}

// Manifest writes the ASiCManifest of the data objects.
func Manifest(refs []ref) []byte {
	var b bytes.Buffer
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s))
		return strings.ReplaceAll(e.String(), `"`, "&quot;")
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<asic:ASiCManifest xmlns:asic="` + nsASiC + `" xmlns:ds="` + nsDSig + `">` + "\n")
	b.WriteString(`  <asic:SigReference URI="` + SignatureName + `" MimeType="application/pkcs7-signature"/>` + "\n")
	for _, r := range refs {
		mt := r.mediaType
		if mt == "" {
			mt = "application/octet-stream"
		}
		fmt.Fprintf(&b, "  <asic:DataObjectReference URI=\"%s\" MimeType=\"%s\">\n", esc(r.name), esc(mt))
		b.WriteString(`    <ds:DigestMethod Algorithm="` + algSHA256 + `"/>` + "\n")
		b.WriteString(`    <ds:DigestValue>` + base64.StdEncoding.EncodeToString(r.sum) + `</ds:DigestValue>` + "\n")
		b.WriteString("  </asic:DataObjectReference>\n")
	}
	b.WriteString("</asic:ASiCManifest>\n")
	return b.Bytes()
}

// oidSigningCertificateV2 is id-aa-signingCertificateV2 (RFC 5035).
var oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}

type essCertIDv2 struct {
	// The hash algorithm defaults to SHA-256 and is then left out.
	CertHash []byte
}

type signingCertificateV2 struct {
	Certs []essCertIDv2
}

func sign(content []byte, cert *x509.Certificate, key crypto.Signer) ([]byte, error) {
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		return nil, err
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	h := sha256.Sum256(cert.Raw)
	attrs := []pkcs7.Attribute{{Type: oidSigningCertificateV2, Value: signingCertificateV2{Certs: []essCertIDv2{{CertHash: h[:]}}}}}
	if err := sd.AddSigner(cert, key, pkcs7.SignerInfoConfig{ExtraSignedAttributes: attrs}); err != nil {
		return nil, err
	}
	sd.Detach()
	return sd.Finish()
}

// Problem is one thing wrong with a package, naming the file.
type Problem struct {
	Name   string `json:"name" doc:"the file of the package concerned"`
	Kind   string `json:"kind" doc:"altered, added, removed, renamed, manifest, signature, untrusted or format"`
	Detail string `json:"detail"`
}

func (p Problem) String() string { return p.Kind + ": " + p.Name + ": " + p.Detail }

// Report is what Verify found.
type Report struct {
	OK bool `json:"ok" doc:"true when the signature, the manifest and every file verified"`
	// Signer is the signing certificate's subject; Trusted whether it
	// chains to the authority given.
	Signer   string    `json:"signer,omitempty"`
	SignedAt time.Time `json:"signed_at,omitzero"`
	Trusted  bool      `json:"trusted" doc:"the signer's certificate was issued by the authority given"`
	Files    []string  `json:"files,omitempty" doc:"the data objects that verified"`
	Problems []Problem `json:"problems,omitempty"`
}

// MaxMetaSize bounds the manifest and the signature a verifier reads.
const MaxMetaSize = 16 << 20

// Verify checks a package: the ZIP, mimetype first and stored, the CMS
// signature over the manifest (and, with ca, that the signer's
// certificate was issued by it), each data object against its SHA-256,
// and that no file was added, removed or renamed. It names every problem
// it finds; the error is only for failing to read r.
func Verify(r io.ReaderAt, size int64, ca *x509.Certificate) (*Report, error) {
	rep := &Report{}
	bad := func(name, kind, format string, args ...any) {
		rep.Problems = append(rep.Problems, Problem{Name: name, Kind: kind, Detail: fmt.Sprintf(format, args...)})
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		bad("package", "format", "not a ZIP container: %v", err)
		return rep, nil
	}
	entries := map[string]*zip.File{}
	for i, f := range zr.File {
		if _, dup := entries[f.Name]; dup {
			bad(f.Name, "added", "the name appears more than once in the container")
			continue
		}
		entries[f.Name] = f
		if i == 0 && f.Name != MimeTypeName {
			bad(MimeTypeName, "format", "the first file is %q, not mimetype", f.Name)
		}
	}
	if f := entries[MimeTypeName]; f == nil {
		bad(MimeTypeName, "removed", "missing")
	} else {
		body, err := readAll(f, 1024)
		switch {
		case err != nil:
			bad(MimeTypeName, "altered", "unreadable: %v", err)
		case string(body) != MimeType:
			bad(MimeTypeName, "altered", "is %q, not %s", truncate(string(body)), MimeType)
		case f.Method != zip.Store:
			bad(MimeTypeName, "format", "is compressed; it must be stored")
		}
	}
	var manifest, sig []byte
	for _, m := range []struct {
		name string
		into *[]byte
	}{{ManifestName, &manifest}, {SignatureName, &sig}} {
		f := entries[m.name]
		if f == nil {
			bad(m.name, "removed", "missing")
			continue
		}
		b, err := readAll(f, MaxMetaSize)
		if err != nil {
			bad(m.name, "altered", "unreadable: %v", err)
			continue
		}
		*m.into = b
	}
	if manifest != nil && sig != nil {
		checkSignature(rep, manifest, sig, ca, bad)
	}
	listed := map[string]bool{}
	if manifest != nil {
		refs, err := parseManifest(manifest)
		if err != nil {
			bad(ManifestName, "manifest", "malformed: %v", err)
		}
		var removed []ref
		for _, rf := range refs {
			if listed[rf.name] {
				bad(ManifestName, "manifest", "lists %q twice", rf.name)
				continue
			}
			listed[rf.name] = true
			f := entries[rf.name]
			if f == nil || strings.HasSuffix(rf.name, "/") {
				removed = append(removed, rf)
				continue
			}
			sum, err := hashEntry(f)
			switch {
			case err != nil:
				bad(rf.name, "altered", "unreadable: %v", err)
			case !bytes.Equal(sum, rf.sum):
				bad(rf.name, "altered", "SHA-256 %x, the manifest says %x", sum, rf.sum)
			default:
				rep.Files = append(rep.Files, rf.name)
			}
		}
		// Files the manifest does not list: added, or renamed when one
		// holds the content of a file listed and missing.
		var extra []string
		for name := range entries {
			if !listed[name] && name != MimeTypeName && name != ManifestName && name != SignatureName {
				extra = append(extra, name)
			}
		}
		sort.Strings(extra)
		for _, name := range extra {
			sum, err := hashEntry(entries[name])
			if err == nil {
				if i := indexSum(removed, sum); i >= 0 {
					bad(removed[i].name, "renamed", "renamed to %q", name)
					bad(name, "renamed", "was %q in the manifest", removed[i].name)
					removed = append(removed[:i], removed[i+1:]...)
					continue
				}
			}
			bad(name, "added", "not in the manifest")
		}
		for _, rf := range removed {
			bad(rf.name, "removed", "listed in the manifest but missing")
		}
	}
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Name < rep.Problems[j].Name })
	rep.OK = len(rep.Problems) == 0 && (ca == nil || rep.Trusted)
	return rep, nil
}

func checkSignature(rep *Report, manifest, sig []byte, ca *x509.Certificate, bad func(name, kind, format string, args ...any)) {
	p7, err := pkcs7.Parse(sig)
	if err != nil {
		bad(SignatureName, "signature", "not a CMS signature: %v", err)
		return
	}
	if err := strictCMS(sig); err != nil {
		bad(SignatureName, "signature", "altered: %v", err)
		return
	}
	p7.Content = manifest
	signer := p7.GetOnlySigner()
	if signer == nil {
		bad(SignatureName, "signature", "must have exactly one signer")
		return
	}
	rep.Signer = signer.Subject.String()
	var at time.Time
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &at); err == nil {
		rep.SignedAt = at.UTC()
	}
	if err := p7.Verify(); err != nil {
		if _, ok := errors.AsType[*pkcs7.MessageDigestMismatchError](err); ok {
			bad(ManifestName, "manifest", "does not match the signature: the manifest or %s was altered or swapped", SignatureName)
			bad(SignatureName, "signature", "signs another manifest: the signature or %s was altered or swapped", ManifestName)
			return
		}
		bad(SignatureName, "signature", "does not verify: %v", err)
		return
	}
	if ca == nil {
		return
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	if _, err := signer.Verify(x509.VerifyOptions{Roots: pool, CurrentTime: signTime(rep.SignedAt),
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		bad(SignatureName, "untrusted", "the signer %q was not certified by the authority given: %v", rep.Signer, err)
		return
	}
	rep.Trusted = true
}

func signTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}

type xmlManifest struct {
	XMLName xml.Name `xml:"ASiCManifest"`
	Refs    []struct {
		URI       string `xml:"URI,attr"`
		MimeType  string `xml:"MimeType,attr"`
		Algorithm struct {
			Algorithm string `xml:"Algorithm,attr"`
		} `xml:"DigestMethod"`
		Value string `xml:"DigestValue"`
	} `xml:"DataObjectReference"`
}

func parseManifest(b []byte) ([]ref, error) {
	var m xmlManifest
	if err := xml.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if m.XMLName.Space != nsASiC {
		return nil, fmt.Errorf("not an ASiCManifest of namespace %s", nsASiC)
	}
	var out []ref
	for i, r := range m.Refs {
		if r.Algorithm.Algorithm != algSHA256 {
			return out, fmt.Errorf("reference %d (%q): digest algorithm %q, want SHA-256", i+1, r.URI, r.Algorithm.Algorithm)
		}
		sum, err := base64.StdEncoding.DecodeString(strings.TrimSpace(r.Value))
		if err != nil || len(sum) != sha256.Size {
			return out, fmt.Errorf("reference %d (%q): malformed digest", i+1, r.URI)
		}
		out = append(out, ref{name: r.URI, mediaType: r.MimeType, sum: sum})
	}
	return out, nil
}

func readAll(f *zip.File, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("larger than %d bytes", max)
	}
	return b, nil
}

func hashEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

func indexSum(refs []ref, sum []byte) int {
	for i, r := range refs {
		if bytes.Equal(r.sum, sum) {
			return i
		}
	}
	return -1
}

func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}
