package http

import (
	"bytes"
	"context"
	nethttp "net/http"

	"meridian"
)

// MaxManifestBody bounds a passenger message: a PNRGOV push for a wide-body
// flight with booking histories runs to a few megabytes.
const MaxManifestBody = 16 << 20

type manifestInput struct {
	OperationID string `query:"operation_id" doc:"count the flights as monitored in this operation"`
	Country     string `query:"country" doc:"destination country for the alerts when the message does not say; default the caller's"`
	RawBody     []byte `contentType:"application/edifact" doc:"one UN/EDIFACT interchange: PAXLST or PNRGOV, as the airline sent it"`
}

// ingestOutput is 201 when a message was stored, 200 when every message
// had been stored before.
type ingestOutput struct {
	Status int
	Body   List[*meridian.IngestResult]
}

type manifestListInput struct {
	meridian.Page
	OperationID string `query:"operation_id"`
}

type alertListInput struct {
	meridian.Page
	Country     string `query:"country" doc:"ISO 3166-1 alpha-2"`
	Status      string `query:"status" enum:"open,closed"`
	OperationID string `query:"operation_id"`
	ManifestID  string `query:"manifest_id"`
}

type outcomeInput struct {
	ID   string `path:"id"`
	Body meridian.AlertOutcome
}

func (s *Server) passengerRoutes() {
	const tag = "passengers"
	if s.Manifests != nil {
		op := s.op("ingest-manifest", nethttp.MethodPost, "/manifests", tag, "Ingest a passenger message")
		op.Description = "A PAXLST or PNRGOV interchange as the airline sent it (Content-Type application/edifact or text/plain). " +
			"Each message is stored whole or not at all; every traveller is screened as a person and by their documents; " +
			"watchlist and rule hits become alerts for the destination country; the flight counts as monitored in the operation."
		op.Metadata = map[string]any{rawBodyKey: true}
		op.MaxBodyBytes = MaxManifestBody + 1
		op.Description += " An interchange sent again (same sender, interchange reference and content) answers 200 with the manifests " +
			"already stored, each marked duplicate, and stores nothing; other content under a reference already used is 409."
		register(s, op, func(ctx context.Context, in *manifestInput) (*ingestOutput, error) {
			res, err := s.Manifests.IngestManifests(ctx, bytes.NewReader(in.RawBody), meridian.IngestOptions{OperationID: in.OperationID, Country: in.Country})
			out, err := page(res, "", err)
			if err != nil {
				return nil, err
			}
			status := nethttp.StatusOK
			for _, r := range res {
				if !r.Duplicate {
					status = nethttp.StatusCreated
				}
			}
			return &ingestOutput{Status: status, Body: out.Body}, nil
		})
		register(s, s.op("list-manifests", nethttp.MethodGet, "/manifests", tag, "List passenger messages"),
			func(ctx context.Context, in *manifestListInput) (*listOutput[*meridian.ManifestInfo], error) {
				return page(s.Manifests.FindManifests(ctx, in.OperationID, in.Page))
			})
		register(s, s.op("get-manifest", nethttp.MethodGet, "/manifests/{id}", tag, "Get a passenger message with its travellers"),
			func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.StoredManifest], error) {
				return one(s.Manifests.FindManifestByID(ctx, in.ID))
			})
	}
	if s.Alerts != nil {
		register(s, s.op("list-alerts", nethttp.MethodGet, "/alerts", tag, "List alerts"),
			func(ctx context.Context, in *alertListInput) (*listOutput[*meridian.Alert], error) {
				return page(s.Alerts.FindAlerts(ctx, meridian.AlertFilter{Country: in.Country, Status: in.Status,
					OperationID: in.OperationID, ManifestID: in.ManifestID, Page: in.Page}))
			})
		register(s, s.op("get-alert", nethttp.MethodGet, "/alerts/{id}", tag, "Get an alert"),
			func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Alert], error) {
				return one(s.Alerts.FindAlertByID(ctx, in.ID))
			})
		op := s.op("record-outcome", nethttp.MethodPost, "/alerts/{id}/outcome", tag, "Record what came of an alert")
		op.DefaultStatus = nethttp.StatusOK
		register(s, op, func(ctx context.Context, in *outcomeInput) (*bodyOutput[*meridian.Alert], error) {
			return one(s.Alerts.RecordOutcome(ctx, in.ID, in.Body))
		})
	}
}
