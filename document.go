package meridian

import (
	"context"
	"slices"
	"strings"
)

// DocumentType is a kind of identity or travel document.
type DocumentType string

// DocumentTypes lists the valid document types.
var DocumentTypes = []DocumentType{"passport", "id_card", "visa", "residence_permit", "travel_document", "driving_licence", "other"}

// DocumentStatuses lists the valid document statuses.
var DocumentStatuses = []string{"valid", "stolen", "lost", "revoked", "invalidated", "fraudulent", "unknown"}

// Document is an identity or travel document, held by a person or reported
// stolen, lost or revoked on its own.
type Document struct {
	Meta
	Type         DocumentType `json:"type"`
	Number       string       `json:"number"`
	NumberNorm   string       `json:"number_norm" doc:"number normalised for matching"`
	IssuingState string       `json:"issuing_state" doc:"ISO 3166-1 alpha-2"`
	Status       string       `json:"status"`
	PersonID     string       `json:"person_id,omitempty"`
	IssuedOn     Date         `json:"issued_on,omitempty"`
	ExpiresOn    Date         `json:"expires_on,omitempty"`
}

// Validate checks a document and fills NumberNorm.
func (d *Document) Validate() error {
	f := Fields{Op: "document"}
	ValidateMeta(&f, &d.Meta)
	if !slices.Contains(DocumentTypes, d.Type) {
		f.Add("type", "unknown document type %q", d.Type)
	}
	d.NumberNorm = NormalizeDocumentNumber(d.Number)
	if d.NumberNorm == "" || len(d.Number) > 50 || !validText(d.Number) {
		f.Add("number", "must hold 1 to 50 letters or digits")
	}
	if !IsCountry(d.IssuingState) {
		f.Add("issuing_state", "unknown ISO 3166-1 alpha-2 country code %q", d.IssuingState)
	}
	if d.Status == "" {
		d.Status = "valid"
	}
	if !slices.Contains(DocumentStatuses, d.Status) {
		f.Add("status", "unknown status %q (want valid, stolen, lost, revoked, invalidated, fraudulent or unknown)", d.Status)
	}
	if d.PersonID != "" && !IsID(d.PersonID) {
		f.Add("person_id", "malformed id %q", d.PersonID)
	}
	for _, x := range []struct {
		field string
		d     Date
	}{{"issued_on", d.IssuedOn}, {"expires_on", d.ExpiresOn}} {
		if x.d != "" {
			if _, ok := ParseDate(string(x.d)); !ok || x.d.Partial() {
				f.Add(x.field, "must be a date YYYY-MM-DD, got %q", x.d)
			}
		}
	}
	return f.Err()
}

// NormalizeDocumentNumber returns the matching form of a document number:
// upper-case letters and digits only, with the letters O, Q and D read as
// the digit 0 and I and L as 1, which OCR and people confuse.
func NormalizeDocumentNumber(n string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(n) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == 'O' || r == 'Q' || r == 'D':
			b.WriteByte('0')
		case r == 'I' || r == 'L':
			b.WriteByte('1')
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// DocumentFilter selects documents.
type DocumentFilter struct {
	OperationID  string
	PersonID     string
	Number       string // matched on the normalised number
	IssuingState string
	Page
}

// DocumentService manages document records. Every read and write is audited.
type DocumentService interface {
	// CreateDocument returns EInvalid, EForbidden, ENotFound (person).
	CreateDocument(ctx context.Context, d *Document) error
	// FindDocumentByID returns ENotFound.
	FindDocumentByID(ctx context.Context, id string) (*Document, error)
	// FindDocuments returns a page of documents and the next cursor.
	FindDocuments(ctx context.Context, f DocumentFilter) ([]*Document, string, error)
	// UpdateDocument returns EInvalid, ENotFound, EForbidden, EConflict.
	UpdateDocument(ctx context.Context, d *Document) error
	// DeleteDocument returns ENotFound, EForbidden.
	DeleteDocument(ctx context.Context, id string) error
}
