package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

// AgencyInput is what an administrator sets on a new agency.
type AgencyInput struct {
	Country string              `json:"country" doc:"ISO 3166-1 alpha-2"`
	Kind    meridian.AgencyKind `json:"kind" doc:"police, ncb, border, prosecution, international or ngo"`
	Name    string              `json:"name"`
}

// AgencyEdit is what an administrator changes of an agency: its name and
// kind. Its country does not change (see meridian.AgencyService).
type AgencyEdit struct {
	Kind    meridian.AgencyKind `json:"kind" doc:"police, ncb, border, prosecution, international or ngo"`
	Name    string              `json:"name"`
	Country string              `json:"country,omitempty" doc:"if given, must be the agency's country"`
}

type agencyListInput struct {
	meridian.Page
	Country string `query:"country" doc:"ISO 3166-1 alpha-2"`
	Kind    string `query:"kind"`
}

func (s *Server) agencyRoutes() {
	const tag = "agencies"
	register(s, s.op("list-agencies", nethttp.MethodGet, "/agencies", tag, "List agencies"),
		func(ctx context.Context, in *agencyListInput) (*listOutput[*meridian.Agency], error) {
			return page(s.Agencies.FindAgencies(ctx, meridian.AgencyFilter{
				Country: in.Country, Kind: meridian.AgencyKind(in.Kind), Page: in.Page}))
		})
	register(s, s.op("create-agency", nethttp.MethodPost, "/agencies", tag, "Create an agency"),
		func(ctx context.Context, in *createInput[AgencyInput]) (*createdOutput[*meridian.Agency], error) {
			a := &meridian.Agency{Country: in.Body.Country, Kind: in.Body.Kind, Name: in.Body.Name}
			if err := s.Agencies.CreateAgency(ctx, a); err != nil {
				return nil, err
			}
			return created(a, "/agencies/"+a.ID)
		})
	register(s, s.op("get-agency", nethttp.MethodGet, "/agencies/{id}", tag, "Get an agency"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Agency], error) {
			return one(s.Agencies.FindAgencyByID(ctx, in.ID))
		})
	register(s, s.op("update-agency", nethttp.MethodPut, "/agencies/{id}", tag, "Rename an agency or change its kind (administrators)"),
		func(ctx context.Context, in *updateInput[AgencyEdit]) (*bodyOutput[*meridian.Agency], error) {
			a := &meridian.Agency{ID: in.ID, Country: in.Body.Country, Kind: in.Body.Kind, Name: in.Body.Name}
			return one(a, s.Agencies.UpdateAgency(ctx, a))
		})
}
