package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

// Follow-up over months (issue 13, point 5): a case's stage and outcomes,
// and the follow-up figures of an operation.

// StageInput changes a case's stage.
type StageInput struct {
	Stage string        `json:"stage" enum:"investigation,prosecution,trial,judgment,appeal"`
	Date  meridian.Date `json:"date" doc:"when the case entered the stage (YYYY-MM-DD)"`
	Note  string        `json:"note,omitempty"`
}

// OutcomeInput records an outcome; which fields a kind takes is in
// meridian.Outcome.
type OutcomeInput struct {
	Kind           string        `json:"kind" enum:"charge,indictment,conviction,acquittal,victims_assisted,assets_seized"`
	Date           meridian.Date `json:"date" doc:"YYYY-MM-DD"`
	PersonID       string        `json:"person_id,omitempty" doc:"the suspect's person record (a person the case lists), for charges, indictments, convictions and acquittals; never a victim"`
	LegalBasis     string        `json:"legal_basis,omitempty" doc:"required for charges and indictments"`
	SentenceMonths int           `json:"sentence_months,omitempty" doc:"convictions"`
	Fine           int64         `json:"fine,omitempty" doc:"convictions, in whole units of currency"`
	Service        string        `json:"service,omitempty" doc:"required for victims assisted: the service they were referred to"`
	Count          int           `json:"count,omitempty" doc:"required for victims assisted"`
	AssetKind      string        `json:"asset_kind,omitempty" doc:"required for assets seized"`
	Value          int64         `json:"value,omitempty" doc:"required for assets seized, in whole units of currency"`
	Currency       string        `json:"currency,omitempty" doc:"ISO 4217, with a fine or a value"`
	Note           string        `json:"note,omitempty"`
}

type followupInput struct {
	OperationID string `query:"operation_id" required:"true" doc:"the operation whose cases to count"`
}

func (s *Server) followupRoutes() {
	if s.Followup == nil {
		return
	}
	const tag = "cases"
	register(s, s.op("list-case-stages", nethttp.MethodGet, "/cases/{id}/stages", tag, "A case's stage changes, oldest first; the last is its stage"),
		func(ctx context.Context, in *idInput) (*bodyOutput[[]*meridian.CaseStage], error) {
			return one(s.Followup.FindCaseStages(ctx, in.ID))
		})
	op := s.op("set-case-stage", nethttp.MethodPost, "/cases/{id}/stages", tag, "Move a case to a stage")
	op.Description = "Writers of the lead or of a participant that is not an observer."
	op.DefaultStatus = nethttp.StatusCreated
	register(s, op, func(ctx context.Context, in *updateInput[StageInput]) (*bodyOutput[*meridian.CaseStage], error) {
		st := &meridian.CaseStage{Stage: in.Body.Stage, Date: in.Body.Date, Note: in.Body.Note}
		return one(st, s.Followup.SetCaseStage(ctx, in.ID, st))
	})
	register(s, s.op("list-case-outcomes", nethttp.MethodGet, "/cases/{id}/outcomes", tag, "What came of a case"),
		func(ctx context.Context, in *idInput) (*bodyOutput[[]*meridian.Outcome], error) {
			return one(s.Followup.FindOutcomes(ctx, in.ID))
		})
	op = s.op("create-case-outcome", nethttp.MethodPost, "/cases/{id}/outcomes", tag, "Record an outcome of a case")
	op.Description = "Writers of the lead or of a participant that is not an observer. A charge, indictment, conviction or acquittal names a person the case lists, never a victim."
	register(s, op, func(ctx context.Context, in *updateInput[OutcomeInput]) (*createdOutput[*meridian.Outcome], error) {
		b := in.Body
		o := &meridian.Outcome{Kind: b.Kind, Date: b.Date, PersonID: b.PersonID, LegalBasis: b.LegalBasis, SentenceMonths: b.SentenceMonths,
			Fine: b.Fine, Service: b.Service, Count: b.Count, AssetKind: b.AssetKind, Value: b.Value, Currency: b.Currency, Note: b.Note}
		if err := s.Followup.CreateOutcome(ctx, in.ID, o); err != nil {
			return nil, err
		}
		return created(o, "/cases/"+in.ID+"/outcomes")
	})
	op = s.op("get-followup", nethttp.MethodGet, "/followup", tag, "Follow-up figures of an operation's cases")
	op.Description = "Of the operation's cases the caller reads: how many at each stage, prosecuted, with a conviction, and their requests sent, answered, refused and overdue, by country. Figures under 11 are suppressed unless the caller's agency leads every case counted."
	register(s, op, func(ctx context.Context, in *followupInput) (*bodyOutput[*meridian.Followup], error) {
		return one(s.Followup.Followup(ctx, in.OperationID))
	})
}
