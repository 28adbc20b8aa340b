package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

// PersonChecks is one or many person checks made in one context: either
// the fields of a single check, or checks for a batch (up to 1,000).
type PersonChecks struct {
	meridian.CheckContext
	Name        string                 `json:"name,omitempty" doc:"a single check: the name, any script"`
	BirthDate   meridian.Date          `json:"birth_date,omitempty" doc:"YYYY, YYYY-MM or YYYY-MM-DD"`
	Sex         meridian.Sex           `json:"sex,omitempty"`
	Nationality string                 `json:"nationality,omitempty" doc:"ISO 3166-1 alpha-2"`
	Checks      []meridian.PersonQuery `json:"checks,omitempty" maxItems:"1000" doc:"a batch; leave name empty"`
}

// DocumentChecks is one or many document checks made in one context.
type DocumentChecks struct {
	meridian.CheckContext
	Number       string                   `json:"number,omitempty" doc:"a single check: the document number"`
	IssuingState string                   `json:"issuing_state,omitempty" doc:"ISO 3166-1 alpha-2"`
	Type         string                   `json:"type,omitempty"`
	Checks       []meridian.DocumentQuery `json:"checks,omitempty" maxItems:"1000" doc:"a batch; leave number empty"`
}

// CheckResults answers checks in the order asked.
type CheckResults struct {
	Results []meridian.CheckResult `json:"results"`
}

type checkOutput struct {
	Body CheckResults
}

type hitListInput struct {
	meridian.Page
	Status string `query:"status" doc:"new, acknowledged, confirmed, rejected or action_taken"`
	Made   bool   `query:"made" doc:"the hits of checks you made, instead of your agency's inbox"`
	Order  string `query:"order" enum:"oldest,newest" default:"oldest" doc:"newest: the newest first"`
}

// HitResponse is the owner's answer to a hit.
type HitResponse struct {
	Status   string `json:"status" enum:"acknowledged,confirmed,rejected,action_taken" doc:"rejected: not the person"`
	Response string `json:"response,omitempty" maxLength:"2000"`
}

type countsInput struct {
	OperationID string `query:"operation_id" doc:"empty for checks outside any operation"`
}

type countsOutput struct {
	Body struct {
		Items []meridian.CheckCount `json:"items"`
	}
}

// batchOf returns the batch, or the single check as a batch of one.
func batchOf[T any](batch []T, one T) []T {
	if len(batch) > 0 {
		return batch
	}
	return []T{one}
}

func (s *Server) checkRoutes() {
	if s.Checks == nil {
		return
	}
	const tag = "checks"
	op := s.op("check-persons", nethttp.MethodPost, "/checks/persons", tag, "Check people against the watchlists")
	op.DefaultStatus = nethttp.StatusOK
	register(s, op, func(ctx context.Context, in *createInput[PersonChecks]) (*checkOutput, error) {
		b := in.Body
		if len(b.Checks) > 0 && b.Name != "" {
			return nil, meridian.Invalidf("http.checkPersons", "name", "give either one check (name, ...) or a batch (checks), not both")
		}
		rs, err := s.Checks.CheckPersons(ctx, b.CheckContext, batchOf(b.Checks, meridian.PersonQuery{Name: b.Name, BirthDate: b.BirthDate, Sex: b.Sex, Nationality: b.Nationality}))
		if err != nil {
			return nil, err
		}
		return &checkOutput{Body: CheckResults{Results: rs}}, nil
	})
	op = s.op("check-documents", nethttp.MethodPost, "/checks/documents", tag, "Check travel documents against the watchlists")
	op.DefaultStatus = nethttp.StatusOK
	register(s, op, func(ctx context.Context, in *createInput[DocumentChecks]) (*checkOutput, error) {
		b := in.Body
		if len(b.Checks) > 0 && b.Number != "" {
			return nil, meridian.Invalidf("http.checkDocuments", "number", "give either one check (number, ...) or a batch (checks), not both")
		}
		rs, err := s.Checks.CheckDocuments(ctx, b.CheckContext, batchOf(b.Checks, meridian.DocumentQuery{Number: b.Number, IssuingState: b.IssuingState, Type: b.Type}))
		if err != nil {
			return nil, err
		}
		return &checkOutput{Body: CheckResults{Results: rs}}, nil
	})
	if s.Hits == nil {
		return
	}
	register(s, s.op("list-hits", nethttp.MethodGet, "/hits", tag, "The inbox of hits on your agency's records"),
		func(ctx context.Context, in *hitListInput) (*listOutput[*meridian.Hit], error) {
			return page(s.Hits.FindHits(ctx, meridian.HitFilter{Status: in.Status, Made: in.Made, Newest: in.Order == "newest", Page: in.Page}))
		})
	register(s, s.op("get-hit", nethttp.MethodGet, "/hits/{id}", tag, "Get a hit"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Hit], error) {
			return one(s.Hits.FindHitByID(ctx, in.ID))
		})
	op = s.op("respond-to-hit", nethttp.MethodPost, "/hits/{id}/response", tag, "Answer a hit on your agency's record")
	op.DefaultStatus = nethttp.StatusOK
	register(s, op, func(ctx context.Context, in *updateInput[HitResponse]) (*bodyOutput[*meridian.Hit], error) {
		return one(s.Hits.RespondToHit(ctx, in.ID, in.Body.Status, in.Body.Response))
	})
	if s.CheckCounts != nil {
		register(s, s.op("check-counts", nethttp.MethodGet, "/checks/counts", tag, "How many checks were made"),
			func(ctx context.Context, in *countsInput) (*countsOutput, error) {
				cs, err := s.CheckCounts(ctx, in.OperationID)
				if err != nil {
					return nil, err
				}
				out := &countsOutput{}
				out.Body.Items = cs
				if out.Body.Items == nil {
					out.Body.Items = []meridian.CheckCount{}
				}
				return out, nil
			})
	}
}
