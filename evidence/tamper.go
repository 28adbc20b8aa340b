package evidence

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
)

// Tampering is one altered copy of a package and the file a verifier
// must name for it.
type Tampering struct {
	Kind string // flip, add, remove, rename, manifest, signature
	Name string // the file to be named
	Data []byte
}

// TamperKinds are the tamperings the generator makes.
var TamperKinds = []string{"flip", "add", "remove", "rename", "manifest", "signature"}

type entry struct {
	name   string
	method uint16
	body   []byte
}

func entriesOf(pkg []byte) ([]entry, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, err
	}
	var out []entry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, entry{name: f.Name, method: f.Method, body: b})
	}
	return out, nil
}

// Tamper makes one tampering of pkg of the given kind, taking a swapped
// manifest or signature from other (another valid package), choosing
// files and bytes with rnd.
func Tamper(pkg, other []byte, kind string, rnd *rand.Rand) (Tampering, error) {
	es, err := entriesOf(pkg)
	if err != nil {
		return Tampering{}, err
	}
	t := Tampering{Kind: kind}
	pick := func() int { return rnd.IntN(len(es)) }
	switch kind {
	case "flip":
		i := pick()
		for len(es[i].body) == 0 {
			i = pick()
		}
		b := bytes.Clone(es[i].body)
		b[rnd.IntN(len(b))] ^= byte(1 + rnd.IntN(255))
		es[i].body, t.Name = b, es[i].name
	case "add":
		t.Name = fmt.Sprintf("files/added-%d.bin", rnd.Uint32())
		body := make([]byte, 1+rnd.IntN(64))
		for j := range body {
			body[j] = byte(rnd.Uint32())
		}
		es = append(es, entry{name: t.Name, method: zip.Deflate, body: body})
	case "remove":
		i := pick()
		t.Name = es[i].name
		es = append(es[:i], es[i+1:]...)
	case "rename":
		i := pick()
		t.Name = es[i].name
		es[i].name = fmt.Sprintf("renamed-%d/%s", rnd.Uint32(), es[i].name)
	case "manifest", "signature":
		name := ManifestName
		if kind == "signature" {
			name = SignatureName
		}
		os, err := entriesOf(other)
		if err != nil {
			return Tampering{}, err
		}
		var swap []byte
		for _, o := range os {
			if o.name == name {
				swap = o.body
			}
		}
		for i := range es {
			if es[i].name == name {
				if bytes.Equal(es[i].body, swap) {
					return Tampering{}, fmt.Errorf("evidence: the other package has the same %s", name)
				}
				es[i].body = swap
			}
		}
		t.Name = name
	default:
		return Tampering{}, fmt.Errorf("evidence: unknown tampering %q", kind)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range es {
		hw, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Store,
			CRC32: crc32.ChecksumIEEE(e.body), CompressedSize64: uint64(len(e.body)), UncompressedSize64: uint64(len(e.body))})
		if err != nil {
			return Tampering{}, err
		}
		if _, err := hw.Write(e.body); err != nil {
			return Tampering{}, err
		}
	}
	if err := zw.Close(); err != nil {
		return Tampering{}, err
	}
	t.Data = buf.Bytes()
	return t, nil
}

// Named reports whether the report names the tampered file.
func (t Tampering) Named(rep *Report) bool {
	if rep.OK {
		return false
	}
	for _, p := range rep.Problems {
		if p.Name == t.Name {
			return true
		}
	}
	return false
}
