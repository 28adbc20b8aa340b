package evidence

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
)

// The CMS verifier checks what the signature covers (the signed
// attributes, and through them the manifest) but not the rest of the
// SignedData: a byte changed in, say, its list of digest algorithms would
// leave a valid signature in an altered file. strictCMS holds the whole
// file to the one shape Meridian writes, in DER, so that any change to it
// is named.

var (
	oidSignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidData       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSHA256     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
)

type cmsContentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,tag:0"`
}

type cmsSignedData struct {
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
	EncapContent     cmsEncap
	Certificates     asn1.RawValue   `asn1:"optional,tag:0"`
	CRLs             asn1.RawValue   `asn1:"optional,tag:1"`
	SignerInfos      []cmsSignerInfo `asn1:"set"`
}

type cmsEncap struct {
	ContentType asn1.ObjectIdentifier
}

type cmsSignerInfo struct {
	Version            int
	SID                asn1.RawValue
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

func sha256Alg(a pkix.AlgorithmIdentifier) bool {
	p := a.Parameters.FullBytes
	return a.Algorithm.Equal(oidSHA256) && (len(p) == 0 || bytes.Equal(p, []byte{5, 0}))
}

func strictCMS(der []byte) error {
	var ci cmsContentInfo
	rest, err := asn1.Unmarshal(der, &ci)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return errors.New("bytes after the signature")
	}
	if !ci.ContentType.Equal(oidSignedData) {
		return errors.New("not CMS SignedData")
	}
	var sd cmsSignedData
	if rest, err = asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return err
	}
	if len(rest) > 0 {
		return errors.New("bytes after the SignedData")
	}
	switch {
	case sd.Version != 1:
		return fmt.Errorf("version %d, want 1", sd.Version)
	case len(sd.DigestAlgorithms) != 1 || !sha256Alg(sd.DigestAlgorithms[0]):
		return errors.New("digest algorithms other than SHA-256 alone")
	case !sd.EncapContent.ContentType.Equal(oidData):
		return errors.New("the signed content is not of type data")
	case len(sd.CRLs.FullBytes) > 0:
		return errors.New("unexpected CRLs")
	case len(sd.SignerInfos) != 1:
		return errors.New("not exactly one signer")
	}
	si := sd.SignerInfos[0]
	switch {
	case si.Version != 1:
		return fmt.Errorf("signer version %d, want 1", si.Version)
	case !sha256Alg(si.DigestAlgorithm):
		return errors.New("signer digest algorithm is not SHA-256")
	case len(si.SignedAttrs.FullBytes) == 0:
		return errors.New("no signed attributes")
	case len(si.UnsignedAttrs.FullBytes) > 0:
		return errors.New("unexpected unsigned attributes")
	}
	// Re-encoded, it must be the very bytes read: DER has one encoding.
	inner, err := asn1.Marshal(sd)
	if err != nil {
		return err
	}
	ci.Content = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner}
	again, err := asn1.Marshal(ci)
	if err != nil {
		return err
	}
	if !bytes.Equal(again, der) {
		return errors.New("not in DER")
	}
	return nil
}
