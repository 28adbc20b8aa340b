package http

import (
	"bytes"
	"context"
	nethttp "net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"meridian"
	"meridian/live"
	"meridian/report"
)

// Watcher streams the live picture of an operation to one viewer.
type Watcher interface {
	Watch(ctx context.Context, subj *meridian.Subject, operationID string) (<-chan live.Message, error)
}

type resultsInput struct {
	ID      string `path:"id"`
	Country string `query:"country" doc:"only this country (ISO 3166-1 alpha-2)"`
	Region  string `query:"region" doc:"only this region, as by_region names it"`
}

func (s *Server) resultsRoutes() {
	const tag = "operations"
	if s.Results != nil {
		op := s.op("get-results", nethttp.MethodGet, "/operations/{id}/results", tag, "Get an operation's results")
		op.Description = "Participating countries, victims rescued, irregular migrants identified, arrests (and on THB or SOM charges), flights monitored and checks performed: overall and by country, region and day. Aggregates, naming no one."
		register(s, op, func(ctx context.Context, in *resultsInput) (*bodyOutput[*meridian.Results], error) {
			return one(s.Results.OperationResultsFor(ctx, in.ID, meridian.ResultsFilter{Country: in.Country, Region: in.Region}))
		})
		op = s.op("get-statistics", nethttp.MethodGet, "/operations/{id}/statistics", tag, "Get an operation's anonymised statistics")
		op.Description = "Victims by profile and exploitation, migrants by nationality and route; every cell under 11 people is suppressed, and as many others as it takes that none can be worked out from the rest and the results. Coordinators, analysts and observers."
		register(s, op, func(ctx context.Context, in *idInput) (*listOutput[meridian.StatRow], error) {
			rows, err := s.Results.OperationStatistics(ctx, in.ID)
			return page(rows, "", err)
		})
	}
	for _, t := range []struct {
		path, summary string
		to            meridian.OperationStatus
	}{
		{"activate", "Activate an operation: it takes field reports", meridian.OperationActive},
		{"close", "Close an operation: its results are final", meridian.OperationClosed},
	} {
		op := s.op(t.path+"-operation", nethttp.MethodPost, "/operations/{id}/"+t.path, tag, t.summary)
		op.DefaultStatus = nethttp.StatusOK
		register(s, op, func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Operation], error) {
			// The store decides who may (the lead's coordinators) before
			// whether the move is allowed: an outsider, who reads only a
			// summary, is told 403, not what the status is.
			o, err := s.Operations.FindOperationByID(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			o.Status = t.to
			return one(o, s.Operations.UpdateOperation(ctx, o))
		})
	}
	if s.Live != nil {
		op := s.op("stream-operation", nethttp.MethodGet, "/operations/{id}/stream", tag, "Follow an operation live")
		op.Description = "Server-Sent Events: `results` with the operation's results on connect and whenever they change (at most about once a second), " +
			"and `report` with each new field report the viewer may read (what, where, when, how many; never a name)."
		op.Responses = map[string]*huma.Response{"200": {Description: "an event stream",
			Content: map[string]*huma.MediaType{"text/event-stream": {Schema: &huma.Schema{Type: huma.TypeString}}}}}
		register(s, op, s.stream)
	}
}

// stream answers errors (unknown operation, not signed in) as problems
// before the stream starts, then writes events until the viewer leaves.
func (s *Server) stream(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, "http", "not signed in")
	}
	if _, err := s.Operations.FindOperationByID(ctx, in.ID); err != nil {
		return nil, err
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	msgs, err := s.Live.Watch(sctx, subj, in.ID)
	if err != nil {
		cancel()
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		defer cancel()
		r, w := humago.Unwrap(hctx)
		// The viewer's credential is checked again at each ping and before
		// each event (results come at most about once a second): a session
		// ended, a token revoked or an account disabled ends the stream.
		writeEvents(r, w, msgs, func() bool {
			_, err := s.subject(r)
			return err == nil
		})
	}}, nil
}

type reportInput struct {
	ID     string `path:"id"`
	Format string `query:"format" enum:"html,pdf,csv" default:"html" doc:"html or pdf: the results report; csv: the anonymised statistics"`
	Lang   string `query:"lang" enum:"en,fr,es,ar" default:"en"`
}

type reportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CSP                string `header:"Content-Security-Policy"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

func (s *Server) reportRoutes() {
	if s.Results == nil {
		return
	}
	op := s.op("get-report", nethttp.MethodGet, "/operations/{id}/report", "operations", "Download an operation's report")
	op.Description = "The results report as self-contained HTML or as PDF (rendered by headless Chromium), or the anonymised statistics as CSV (cells under 11 people suppressed, and others so that none can be worked out)."
	op.Responses = map[string]*huma.Response{"200": {Description: "the report", Content: map[string]*huma.MediaType{
		"text/html": {}, "application/pdf": {}, "text/csv": {}}}}
	register(s, op, func(ctx context.Context, in *reportInput) (*reportOutput, error) {
		name := "operation-" + in.ID
		out := &reportOutput{CacheControl: "no-store", CSP: report.ContentSecurityPolicy}
		if in.Format == "csv" {
			rows, err := s.Results.OperationStatistics(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			var b bytes.Buffer
			if err := report.CSV(&b, rows); err != nil {
				return nil, err
			}
			out.ContentType, out.ContentDisposition, out.Body = "text/csv; charset=utf-8", `attachment; filename="`+name+`-statistics.csv"`, b.Bytes()
			return out, nil
		}
		r, err := s.Results.OperationResults(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := report.HTML(&b, r, report.Options{Lang: in.Lang}); err != nil {
			return nil, err
		}
		if in.Format == "pdf" {
			pdf, err := report.PDF(ctx, b.Bytes())
			if err != nil {
				return nil, err
			}
			out.ContentType, out.ContentDisposition, out.Body = "application/pdf", `attachment; filename="`+name+`-results.pdf"`, pdf
			return out, nil
		}
		out.ContentType, out.ContentDisposition, out.Body = "text/html; charset=utf-8", `inline; filename="`+name+`-results.html"`, b.Bytes()
		return out, nil
	})
}
