package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

// WatchPersonInput is what an owner sets on a listed person.
type WatchPersonInput struct {
	meridian.Marking
	Category      string            `json:"category" enum:"wanted,missing,victim,suspect"`
	Ref           string            `json:"ref,omitempty" maxLength:"100"`
	Names         []meridian.Name   `json:"names" doc:"the first is the primary name"`
	BirthDate     meridian.Date     `json:"birth_date,omitempty"`
	Sex           meridian.Sex      `json:"sex,omitempty"`
	Nationalities []string          `json:"nationalities,omitempty"`
	Documents     []meridian.DocRef `json:"documents,omitempty"`
	Notes         string            `json:"notes,omitempty"`
	// Sanctions and Addresses are kept on replace only if sent again.
	Sanctions []meridian.WatchSanction `json:"sanctions,omitempty"`
	Addresses []string                 `json:"addresses,omitempty"`
}

// WatchPersonUpdate replaces a listed person.
type WatchPersonUpdate struct {
	WatchPersonInput
	Version int `json:"version"`
}

func (in *WatchPersonInput) watchPerson(id string, version int) *meridian.WatchPerson {
	w := &meridian.WatchPerson{Meta: meridian.Meta{ID: id, Version: version}, Category: in.Category, Ref: in.Ref,
		Names: in.Names, BirthDate: in.BirthDate, Sex: in.Sex, Nationalities: in.Nationalities, Documents: in.Documents, Notes: in.Notes,
		Sanctions: in.Sanctions, Addresses: in.Addresses}
	in.Marking.Apply(&w.Meta)
	return w
}

// WatchDocumentInput is what an owner sets on a listed document.
type WatchDocumentInput struct {
	meridian.Marking
	Ref          string                `json:"ref,omitempty" maxLength:"100"`
	Type         meridian.DocumentType `json:"type,omitempty" doc:"default passport"`
	Number       string                `json:"number"`
	IssuingState string                `json:"issuing_state"`
	Status       string                `json:"status" enum:"stolen,lost,revoked,invalidated"`
}

// WatchDocumentUpdate replaces a listed document.
type WatchDocumentUpdate struct {
	WatchDocumentInput
	Version int `json:"version"`
}

func (in *WatchDocumentInput) watchDocument(id string, version int) *meridian.WatchDocument {
	w := &meridian.WatchDocument{Meta: meridian.Meta{ID: id, Version: version}, Ref: in.Ref, Type: in.Type,
		Number: in.Number, IssuingState: in.IssuingState, Status: in.Status}
	in.Marking.Apply(&w.Meta)
	return w
}

type watchListInput struct {
	meridian.Page
	OperationID string `query:"operation_id"`
	Category    string `query:"category"`
}

func (s *Server) watchlistRoutes() {
	if s.Watchlist == nil {
		return
	}
	const tag = "watchlist"
	register(s, s.op("list-watch-persons", nethttp.MethodGet, "/watchlist/persons", tag, "List listed persons"),
		func(ctx context.Context, in *watchListInput) (*listOutput[*meridian.WatchPerson], error) {
			return page(s.Watchlist.FindWatchPersons(ctx, meridian.WatchFilter{OperationID: in.OperationID, Category: in.Category, Page: in.Page}))
		})
	register(s, s.op("create-watch-person", nethttp.MethodPost, "/watchlist/persons", tag, "List a person"),
		func(ctx context.Context, in *createInput[WatchPersonInput]) (*createdOutput[*meridian.WatchPerson], error) {
			w := in.Body.watchPerson("", 0)
			if err := s.Watchlist.CreateWatchPerson(ctx, w); err != nil {
				return nil, err
			}
			return created(w, "/watchlist/persons/"+w.ID)
		})
	register(s, s.op("get-watch-person", nethttp.MethodGet, "/watchlist/persons/{id}", tag, "Get a listed person"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.WatchPerson], error) {
			return one(s.Watchlist.FindWatchPersonByID(ctx, in.ID))
		})
	register(s, s.op("update-watch-person", nethttp.MethodPut, "/watchlist/persons/{id}", tag, "Replace a listed person"),
		func(ctx context.Context, in *updateInput[WatchPersonUpdate]) (*bodyOutput[*meridian.WatchPerson], error) {
			w := in.Body.watchPerson(in.ID, in.Body.Version)
			return one(w, s.Watchlist.UpdateWatchPerson(ctx, w))
		})
	register(s, s.op("delete-watch-person", nethttp.MethodDelete, "/watchlist/persons/{id}", tag, "Delist a person"),
		func(ctx context.Context, in *idInput) (*noOutput, error) {
			return deleted(s.Watchlist.DeleteWatchPerson(ctx, in.ID))
		})
	register(s, s.op("list-watch-documents", nethttp.MethodGet, "/watchlist/documents", tag, "List listed documents"),
		func(ctx context.Context, in *watchListInput) (*listOutput[*meridian.WatchDocument], error) {
			return page(s.Watchlist.FindWatchDocuments(ctx, meridian.WatchFilter{OperationID: in.OperationID, Page: in.Page}))
		})
	register(s, s.op("create-watch-document", nethttp.MethodPost, "/watchlist/documents", tag, "List a document"),
		func(ctx context.Context, in *createInput[WatchDocumentInput]) (*createdOutput[*meridian.WatchDocument], error) {
			w := in.Body.watchDocument("", 0)
			if err := s.Watchlist.CreateWatchDocument(ctx, w); err != nil {
				return nil, err
			}
			return created(w, "/watchlist/documents/"+w.ID)
		})
	register(s, s.op("get-watch-document", nethttp.MethodGet, "/watchlist/documents/{id}", tag, "Get a listed document"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.WatchDocument], error) {
			return one(s.Watchlist.FindWatchDocumentByID(ctx, in.ID))
		})
	register(s, s.op("update-watch-document", nethttp.MethodPut, "/watchlist/documents/{id}", tag, "Replace a listed document"),
		func(ctx context.Context, in *updateInput[WatchDocumentUpdate]) (*bodyOutput[*meridian.WatchDocument], error) {
			w := in.Body.watchDocument(in.ID, in.Body.Version)
			return one(w, s.Watchlist.UpdateWatchDocument(ctx, w))
		})
	register(s, s.op("delete-watch-document", nethttp.MethodDelete, "/watchlist/documents/{id}", tag, "Delist a document"),
		func(ctx context.Context, in *idInput) (*noOutput, error) {
			return deleted(s.Watchlist.DeleteWatchDocument(ctx, in.ID))
		})
}
