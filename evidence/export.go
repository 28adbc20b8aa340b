package evidence

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"meridian"
)

// Exporter makes evidence packages of cases.
type Exporter struct {
	Store    meridian.EvidenceStore
	Blobs    meridian.BlobStore
	Keys     *Keyring
	Agencies meridian.AgencyService
	Now      func() time.Time
}

// Package is an export read and ready to write: the items passed the
// handling codes, their export is audited, the signer is known.
type Package struct {
	items *meridian.EvidenceItems
	cert  *x509.Certificate
	key   crypto.Signer
	index Index
	blobs meridian.BlobStore
}

// Index is package.json: what the package holds and who made it.
type Index struct {
	Format     string      `json:"format"`
	CaseID     string      `json:"case_id"`
	CaseTitle  string      `json:"case_title"`
	ExportedAt time.Time   `json:"exported_at"`
	ExportedBy string      `json:"exported_by"`
	Agency     string      `json:"agency"`
	AgencyID   string      `json:"agency_id"`
	Country    string      `json:"country"`
	Purpose    string      `json:"purpose,omitempty"`
	Items      []IndexItem `json:"items"`
}

// IndexItem is one item of the package.
type IndexItem struct {
	Kind     string `json:"kind"`
	ID       string `json:"id"`
	Path     string `json:"path"`
	Owner    string `json:"owner_agency"`
	Handling string `json:"handling,omitempty"`
	Name     string `json:"name,omitempty"`
	Type     string `json:"media_type,omitempty"`
	SHA256   string `json:"sha256,omitempty"`
}

// Prepare reads what the package will hold, failing (naming the item)
// before a byte is written: a case the caller cannot read is ENotFound.
func (e *Exporter) Prepare(ctx context.Context, caseID string, sel meridian.EvidenceSelection) (*Package, error) {
	const op = "evidence.Export"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	items, err := e.Store.EvidenceItems(ctx, caseID, sel)
	if err != nil {
		return nil, err
	}
	ag, err := e.Agencies.FindAgencyByID(ctx, subj.AgencyID)
	if err != nil {
		return nil, err
	}
	cert, key, err := e.Keys.Signer(Agency{ID: ag.ID, Name: ag.Name, Country: ag.Country})
	if err != nil {
		return nil, err
	}
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	p := &Package{items: items, cert: cert, key: key, blobs: e.Blobs, index: Index{
		Format: "meridian evidence package 1", CaseID: items.Case.ID, CaseTitle: items.Case.Title,
		ExportedAt: now().UTC().Truncate(time.Second), ExportedBy: subj.Username, Agency: ag.Name, AgencyID: ag.ID,
		Country: ag.Country, Purpose: subj.Purpose,
	}}
	for _, r := range items.Records {
		p.index.Items = append(p.index.Items, IndexItem{Kind: r.Kind, ID: r.ID, Path: "records/" + r.ID + ".json",
			Owner: r.OwnerAgency, Handling: string(r.Handling)})
	}
	for _, m := range items.Messages {
		p.index.Items = append(p.index.Items, IndexItem{Kind: meridian.KindCaseMessage, ID: m.ID,
			Path: "messages/" + m.ID + ".json", Owner: m.AgencyID})
	}
	for _, f := range items.Files {
		p.index.Items = append(p.index.Items, IndexItem{Kind: meridian.KindCaseFile, ID: f.ID,
			Path: "files/" + f.ID + "/" + f.Name, Owner: f.AgencyID, Name: f.Name, Type: f.MediaType, SHA256: f.SHA256})
	}
	return p, nil
}

// FileName is a name for the package file.
func (p *Package) FileName() string {
	return fmt.Sprintf("evidence-%s-%s.asice", p.items.Case.ID, p.index.ExportedAt.Format("20060102T150405Z"))
}

// Write streams the package to w. A file whose content no longer has its
// SHA-256 stops the package short, so that it cannot verify.
func (p *Package) Write(ctx context.Context, w io.Writer) error {
	zw, err := NewWriter(w)
	if err != nil {
		return err
	}
	addJSON := func(name string, v any) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		return zw.Add(name, "application/json", bytes.NewReader(append(b, '\n')), "", true)
	}
	if err := addJSON("package.json", p.index); err != nil {
		return err
	}
	if err := addJSON("case.json", p.items.Case); err != nil {
		return err
	}
	for _, r := range p.items.Records {
		var v any
		if err := json.Unmarshal(r.Body, &v); err != nil {
			return err
		}
		if err := addJSON("records/"+r.ID+".json", v); err != nil {
			return err
		}
	}
	for _, m := range p.items.Messages {
		if err := addJSON("messages/"+m.ID+".json", m); err != nil {
			return err
		}
	}
	if err := addJSON("consents.json", nonNil(p.items.Consents)); err != nil {
		return err
	}
	if err := addJSON("custody.json", nonNil(p.items.Custody)); err != nil {
		return err
	}
	for _, f := range p.items.Files {
		rc, err := p.blobs.Open(ctx, f.SHA256)
		if err != nil {
			return err
		}
		err = zw.Add("files/"+f.ID+"/"+f.Name, f.MediaType, rc, f.SHA256, false)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return zw.Close(p.cert, p.key)
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
