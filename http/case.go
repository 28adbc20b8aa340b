package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

// CaseInput is what the owner agency sets on a cross-border case.
type CaseInput struct {
	meridian.Marking
	Title     string   `json:"title"`
	Status    string   `json:"status,omitempty" doc:"open (default), suspended or closed"`
	Summary   string   `json:"summary,omitempty"`
	Countries []string `json:"countries,omitempty" doc:"countries of origin, transit and destination involved"`
	Records   []string `json:"records,omitempty" doc:"ids of linked persons, documents and events"`
}

// CaseUpdate replaces a case at the version read.
type CaseUpdate struct {
	CaseInput
	Version int `json:"version" doc:"the version read"`
}

func (in *CaseInput) kase(id string, version int) *meridian.Case {
	c := &meridian.Case{
		Meta:      meridian.Meta{ID: id, Version: version},
		Title:     in.Title,
		Status:    in.Status,
		Summary:   in.Summary,
		Countries: in.Countries,
		Records:   in.Records,
	}
	in.Marking.Apply(&c.Meta)
	return c
}

type caseListInput struct {
	meridian.Page
	OperationID string `query:"operation_id"`
	Status      string `query:"status" doc:"open, suspended or closed"`
	RecordID    string `query:"record_id" doc:"only cases that link this record"`
}

func (s *Server) caseRoutes() {
	const tag = "cases"
	register(s, s.op("list-cases", nethttp.MethodGet, "/cases", tag, "List cases"),
		func(ctx context.Context, in *caseListInput) (*listOutput[*meridian.Case], error) {
			return page(s.Cases.FindCases(ctx, meridian.CaseFilter{OperationID: in.OperationID, Status: in.Status, RecordID: in.RecordID, Page: in.Page}))
		})
	register(s, s.op("create-case", nethttp.MethodPost, "/cases", tag, "Open a case"),
		func(ctx context.Context, in *createInput[CaseInput]) (*createdOutput[*meridian.Case], error) {
			c := in.Body.kase("", 0)
			if err := s.Cases.CreateCase(ctx, c); err != nil {
				return nil, err
			}
			return created(c, "/cases/"+c.ID)
		})
	register(s, s.op("get-case", nethttp.MethodGet, "/cases/{id}", tag, "Get a case"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Case], error) {
			return one(s.Cases.FindCaseByID(ctx, in.ID))
		})
	register(s, s.op("update-case", nethttp.MethodPut, "/cases/{id}", tag, "Replace a case"),
		func(ctx context.Context, in *updateInput[CaseUpdate]) (*bodyOutput[*meridian.Case], error) {
			c := in.Body.kase(in.ID, in.Body.Version)
			return one(c, s.Cases.UpdateCase(ctx, c))
		})
	register(s, s.op("delete-case", nethttp.MethodDelete, "/cases/{id}", tag, "Delete a case"),
		func(ctx context.Context, in *idInput) (*noOutput, error) {
			return deleted(s.Cases.DeleteCase(ctx, in.ID))
		})
}
