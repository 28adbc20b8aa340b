package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

// DocumentInput is what the owner agency sets on a document record.
type DocumentInput struct {
	meridian.Marking
	Type         meridian.DocumentType `json:"type" doc:"passport, id_card, visa, residence_permit, travel_document, driving_licence or other"`
	Number       string                `json:"number"`
	IssuingState string                `json:"issuing_state" doc:"ISO 3166-1 alpha-2"`
	Status       string                `json:"status,omitempty" doc:"valid (default), stolen, lost, revoked, invalidated, fraudulent or unknown"`
	PersonID     string                `json:"person_id,omitempty" doc:"the holder's person record"`
	IssuedOn     meridian.Date         `json:"issued_on,omitempty" doc:"YYYY-MM-DD"`
	ExpiresOn    meridian.Date         `json:"expires_on,omitempty" doc:"YYYY-MM-DD"`
}

// DocumentUpdate replaces a document record at the version read.
type DocumentUpdate struct {
	DocumentInput
	Version int `json:"version" doc:"the version read"`
}

func (in *DocumentInput) document(id string, version int) *meridian.Document {
	d := &meridian.Document{
		Meta:         meridian.Meta{ID: id, Version: version},
		Type:         in.Type,
		Number:       in.Number,
		IssuingState: in.IssuingState,
		Status:       in.Status,
		PersonID:     in.PersonID,
		IssuedOn:     in.IssuedOn,
		ExpiresOn:    in.ExpiresOn,
	}
	in.Marking.Apply(&d.Meta)
	return d
}

type documentListInput struct {
	meridian.Page
	OperationID  string `query:"operation_id"`
	PersonID     string `query:"person_id"`
	Number       string `query:"number" doc:"matched on the normalised number"`
	IssuingState string `query:"issuing_state" doc:"ISO 3166-1 alpha-2"`
}

func (s *Server) documentRoutes() {
	const tag = "documents"
	register(s, s.op("list-documents", nethttp.MethodGet, "/documents", tag, "List documents"),
		func(ctx context.Context, in *documentListInput) (*listOutput[*meridian.Document], error) {
			return page(s.Documents.FindDocuments(ctx, meridian.DocumentFilter{OperationID: in.OperationID,
				PersonID: in.PersonID, Number: in.Number, IssuingState: in.IssuingState, Page: in.Page}))
		})
	register(s, s.op("create-document", nethttp.MethodPost, "/documents", tag, "Create a document"),
		func(ctx context.Context, in *createInput[DocumentInput]) (*createdOutput[*meridian.Document], error) {
			d := in.Body.document("", 0)
			if err := s.Documents.CreateDocument(ctx, d); err != nil {
				return nil, err
			}
			return created(d, "/documents/"+d.ID)
		})
	register(s, s.op("get-document", nethttp.MethodGet, "/documents/{id}", tag, "Get a document"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Document], error) {
			return one(s.Documents.FindDocumentByID(ctx, in.ID))
		})
	register(s, s.op("update-document", nethttp.MethodPut, "/documents/{id}", tag, "Replace a document"),
		func(ctx context.Context, in *updateInput[DocumentUpdate]) (*bodyOutput[*meridian.Document], error) {
			d := in.Body.document(in.ID, in.Body.Version)
			return one(d, s.Documents.UpdateDocument(ctx, d))
		})
	register(s, s.op("delete-document", nethttp.MethodDelete, "/documents/{id}", tag, "Delete a document"),
		func(ctx context.Context, in *idInput) (*noOutput, error) {
			return deleted(s.Documents.DeleteDocument(ctx, in.ID))
		})
}
