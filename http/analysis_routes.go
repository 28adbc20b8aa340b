package http

import (
	"bytes"
	"context"
	"io"
	nethttp "net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"meridian"
	"meridian/analysis"
	"meridian/report"
)

// NetworkAnalyser computes the network analysis (analysis.NetworkService).
type NetworkAnalyser interface {
	Network(ctx context.Context, f meridian.NetworkFilter, from, to string) (*analysis.Network, error)
}

// Briefer writes analytical briefs (analysis.Brief).
type Briefer interface {
	HTML(ctx context.Context, w io.Writer, operationID, lang string) error
}

type routesInput struct {
	OperationID  string `query:"operation_id" doc:"an operation you take part in; empty: every record you may read"`
	From         string `query:"from" doc:"first day, YYYY-MM-DD"`
	To           string `query:"to" doc:"last day, YYYY-MM-DD"`
	Region       string `query:"region" maxLength:"100" doc:"a UN sub-region one of the flow's countries lies in"`
	Exploitation string `query:"exploitation" doc:"a form of exploitation (victims)"`
	Sex          string `query:"sex" enum:"F,M,X,U,"`
	AgeBand      string `query:"age_band" doc:"an age band (migrants: minors or adults)"`
	Kind         string `query:"kind" enum:"victims,migrants,interceptions,alerts,"`
}

// period reads a from/to pair of days into [from, to+1 day).
func period(op, from, to string) (time.Time, time.Time, error) {
	var a, z time.Time
	f := meridian.Fields{Op: op}
	if from != "" {
		d, ok := meridian.ParseDate(from)
		if !ok {
			f.Add("from", "%q is not a day (YYYY-MM-DD)", from)
		}
		a = d.Time()
	}
	if to != "" {
		d, ok := meridian.ParseDate(to)
		if !ok {
			f.Add("to", "%q is not a day (YYYY-MM-DD)", to)
		}
		z = d.Time().AddDate(0, 0, 1)
	}
	return a, z, f.Err()
}

func (in *routesInput) filter() (meridian.RouteFilter, error) {
	from, to, err := period("routes", in.From, in.To)
	return meridian.RouteFilter{OperationID: in.OperationID, From: from, To: to, Region: in.Region,
		Exploitation: in.Exploitation, Sex: in.Sex, AgeBand: in.AgeBand, Kind: in.Kind}, err
}

type networkInput struct {
	OperationID string `query:"operation_id" doc:"an operation you take part in (or case_id)"`
	CaseID      string `query:"case_id" doc:"a case you may read (or operation_id)"`
	Country     string `query:"country" doc:"records owned in this country"`
	Role        string `query:"role" enum:"suspect,victim,witness,irregular_migrant," doc:"persons of this role (other records stay)"`
	TLP         string `query:"tlp" enum:"RED,AMBER+STRICT,AMBER,GREEN,CLEAR,"`
	Handling    string `query:"handling" enum:"H0,H1,H2,H3,"`
	From        string `query:"from" doc:"links found from this day, YYYY-MM-DD (only links whose both ends you may read)"`
	To          string `query:"to" doc:"links found up to this day"`
	PathFrom    string `query:"path_from" doc:"with path_to: the shortest path between two records of the network"`
	PathTo      string `query:"path_to"`
}

func (in *networkInput) filter() (meridian.NetworkFilter, error) {
	from, to, err := period("network", in.From, in.To)
	return meridian.NetworkFilter{OperationID: in.OperationID, CaseID: in.CaseID, Country: in.Country,
		Role: meridian.PersonRole(in.Role), TLP: meridian.TLP(in.TLP), Handling: meridian.HandlingCode(in.Handling), From: from, To: to}, err
}

type networkExportInput struct {
	OperationID string `query:"operation_id" doc:"an operation you take part in (or case_id)"`
	CaseID      string `query:"case_id" doc:"a case you may read (or operation_id)"`
	Country     string `query:"country" doc:"records owned in this country"`
	Role        string `query:"role" enum:"suspect,victim,witness,irregular_migrant,"`
	TLP         string `query:"tlp" enum:"RED,AMBER+STRICT,AMBER,GREEN,CLEAR,"`
	Handling    string `query:"handling" enum:"H0,H1,H2,H3,"`
	From        string `query:"from" doc:"links found from this day, YYYY-MM-DD"`
	To          string `query:"to" doc:"links found up to this day"`
	Format      string `query:"format" enum:"graphml,ftm" default:"graphml"`
}

type briefInput struct {
	OperationID string `query:"operation_id" required:"true"`
	Format      string `query:"format" enum:"html,pdf" default:"html"`
	Lang        string `query:"lang" enum:"en,fr,es,ar" default:"en"`
}

func (s *Server) analysisRoutes() {
	const tag = "analysis"
	if s.Routes != nil {
		op := s.op("get-routes", nethttp.MethodGet, "/analysis/routes", tag, "Get the routes analysis")
		op.Description = "Flows of victims (recruitment to exploitation, by nationality), irregular migrants (origin, transit, destination), " +
			"interceptions and alerted travellers, computed from the records you may read. A flow counting other agencies' records " +
			"is suppressed when they count fewer than 11 people, or when a view with fewer filters would tell it by subtraction; " +
			"legs and totals sum the flows shown. Analysts, coordinators, observers and prosecutors. Each request writes one " +
			"audit entry (action analyse, kind routes) naming the query, before the answer is sent."
		register(s, op, func(ctx context.Context, in *routesInput) (*bodyOutput[*meridian.Routes], error) {
			f, err := in.filter()
			if err != nil {
				return nil, err
			}
			return one(s.Routes.Routes(ctx, f))
		})
	}
	if s.Network != nil {
		op := s.op("get-network", nethttp.MethodGet, "/analysis/network", tag, "Get the network analysis")
		op.Description = "The records you may read that an operation's or a case's links join, with communities (Louvain), " +
			"brokers between countries (betweenness), identifiers several records hold, and the shortest path between two records " +
			"when asked. A link of which you may read one end shows its other end only as \"a record of <owner>\" with a " +
			"reference, exactly as the links list does (and that owner is told). Above 400 nodes a summary collapses communities."
		register(s, op, func(ctx context.Context, in *networkInput) (*bodyOutput[*analysis.Network], error) {
			f, err := in.filter()
			if err != nil {
				return nil, err
			}
			return one(s.Network.Network(ctx, f, in.PathFrom, in.PathTo))
		})
		ex := s.op("export-network", nethttp.MethodGet, "/analysis/network/export", tag, "Export the network")
		ex.Description = "GraphML (for Gephi, yEd, i2) or FollowTheMoney JSON lines, of the records you may read and the links between two of them; " +
			"nothing of a record you may not read."
		ex.Responses = map[string]*huma.Response{"200": {Description: "the network", Content: map[string]*huma.MediaType{
			"application/graphml+xml": {}, "application/x-ndjson": {}}}}
		register(s, ex, func(ctx context.Context, in *networkExportInput) (*ftmOutput, error) {
			f, err := (&networkInput{OperationID: in.OperationID, CaseID: in.CaseID, Country: in.Country, Role: in.Role,
				TLP: in.TLP, Handling: in.Handling, From: in.From, To: in.To}).filter()
			if err != nil {
				return nil, err
			}
			n, err := s.Network.Network(ctx, f, "", "")
			if err != nil {
				return nil, err
			}
			var b bytes.Buffer
			out := &ftmOutput{CacheControl: "no-store"}
			if in.Format == "ftm" {
				err = analysis.WriteFtM(&b, n)
				out.ContentType, out.ContentDisposition = "application/x-ndjson; charset=utf-8", `attachment; filename="network.ftm.json"`
			} else {
				err = analysis.WriteGraphML(&b, n)
				out.ContentType, out.ContentDisposition = "application/graphml+xml; charset=utf-8", `attachment; filename="network.graphml"`
			}
			if err != nil {
				return nil, err
			}
			out.Body = b.Bytes()
			return out, nil
		})
	}
	if s.Brief != nil {
		op := s.op("get-brief", nethttp.MethodGet, "/analysis/brief", tag, "Download an operation's analytical brief")
		op.Description = "Routes, networks, forms of exploitation and trends of an operation, as self-contained HTML or as PDF, " +
			"computed for you as the analysis screens are; it names no one."
		op.Responses = map[string]*huma.Response{"200": {Description: "the brief", Content: map[string]*huma.MediaType{
			"text/html": {}, "application/pdf": {}}}}
		register(s, op, func(ctx context.Context, in *briefInput) (*reportOutput, error) {
			var b bytes.Buffer
			if err := s.Brief.HTML(ctx, &b, in.OperationID, in.Lang); err != nil {
				return nil, err
			}
			name := "brief-" + in.OperationID + "-" + in.Lang
			out := &reportOutput{CacheControl: "no-store", CSP: analysis.BriefCSP}
			if in.Format == "pdf" {
				pdf, err := report.PDF(ctx, b.Bytes())
				if err != nil {
					return nil, err
				}
				out.ContentType, out.ContentDisposition, out.Body = "application/pdf", `attachment; filename="`+name+`.pdf"`, pdf
				return out, nil
			}
			out.ContentType, out.ContentDisposition, out.Body = "text/html; charset=utf-8", `inline; filename="`+name+`.html"`, b.Bytes()
			return out, nil
		})
	}
}
