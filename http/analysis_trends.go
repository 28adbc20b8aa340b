package http

import (
	"bytes"
	"context"
	"encoding/csv"
	nethttp "net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"meridian"
	"meridian/analysis"
)

type trendsInput struct {
	Operation string `query:"operation" doc:"only this operation's records; empty: every record you may read"`
	From      string `query:"from" doc:"first day, YYYY-MM-DD; default a year before to"`
	To        string `query:"to" doc:"last day, YYYY-MM-DD; default the operation's last day, or today"`
}

type trendsCSV struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

// trendsRoutes serves the analysis' series and flagged changes. The
// store decides who may (policy.CanSeeTrends) and audits the records
// read; analysis.Build suppresses what the viewer does not own.
func (s *Server) trendsRoutes() {
	if s.Analysis == nil {
		return
	}
	op := s.op("get-trends", nethttp.MethodGet, "/analysis/trends", "analysis", "Get the trends of the records you may read")
	op.Description = "Daily and weekly series of victims, migrants, arrests (and on THB or SOM charges), raids, interceptions and flights, " +
		"in all and by country, route, form of exploitation, recruitment method and means of control, computed only from the records you may read; " +
		"counts of people under 11 that include a record of another agency are suppressed (null), with the cells that would give them away. " +
		"Flags are the rises a change-point detector found, with the levels before and after. A year and a week at most."
	op.Errors = append(op.Errors, nethttp.StatusUnprocessableEntity)
	register(s, op, func(ctx context.Context, in *trendsInput) (*bodyOutput[*analysis.Trends], error) {
		q, err := s.trendsQuery(ctx, in)
		if err != nil {
			return nil, err
		}
		return one(analysis.Compute(ctx, s.Analysis, q, time.Now()))
	})
	op = s.op("get-trends-table", nethttp.MethodGet, "/analysis/trends/table", "analysis", "Download the trends' series as CSV")
	op.Description = "The series of get-trends as a table: metric, dimension, key, interval, then one column a day (or week); suppressed cells are empty."
	op.Errors = append(op.Errors, nethttp.StatusUnprocessableEntity)
	op.Responses = map[string]*huma.Response{"200": {Description: "the series", Content: map[string]*huma.MediaType{"text/csv": {}}}}
	register(s, op, func(ctx context.Context, in *trendsInput) (*trendsCSV, error) {
		q, err := s.trendsQuery(ctx, in)
		if err != nil {
			return nil, err
		}
		t, err := analysis.Compute(ctx, s.Analysis, q, time.Now())
		if err != nil {
			return nil, err
		}
		return &trendsCSV{CacheControl: "no-store", ContentType: "text/csv; charset=utf-8",
			ContentDisposition: `attachment; filename="trends.csv"`, Body: trendsTable(t)}, nil
	})
}

// trendsQuery fills the period's defaults: up to the operation's last day
// (or today), from a year before.
func (s *Server) trendsQuery(ctx context.Context, in *trendsInput) (analysis.Query, error) {
	const op = "http.Trends"
	q := analysis.Query{OperationID: in.Operation}
	parse := func(field, v string) (meridian.Date, error) {
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			return "", meridian.Invalidf(op, field, "%q is not a date (YYYY-MM-DD)", v)
		}
		return meridian.DateOf(t), nil
	}
	var err error
	switch {
	case in.To != "":
		if q.To, err = parse("to", in.To); err != nil {
			return q, err
		}
	case in.Operation != "":
		o, err := s.Operations.FindOperationByID(ctx, in.Operation)
		if err != nil {
			return q, err
		}
		q.To = o.End
	default:
		q.To = meridian.DateOf(time.Now())
	}
	if in.From != "" {
		if q.From, err = parse("from", in.From); err != nil {
			return q, err
		}
	} else if to := q.To.Time(); !to.IsZero() {
		q.From = meridian.DateOf(to.AddDate(-1, 0, 0))
	}
	return q, nil
}

// trendsTable writes the series as CSV: metric, dimension, key, interval,
// then one column a day (or week), empty where suppressed.
func trendsTable(t *analysis.Trends) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"metric", "dimension", "key", "interval"}
	for _, d := range t.Days {
		head = append(head, string(d))
	}
	w.Write(head)
	for _, s := range t.Series {
		row := []string{s.Metric, s.Dimension, s.Key, "day"}
		for _, v := range s.Daily {
			row = append(row, cellText(v))
		}
		w.Write(row)
	}
	head = []string{"metric", "dimension", "key", "interval"}
	for _, d := range t.Weeks {
		head = append(head, "week of "+string(d))
	}
	w.Write(head)
	for _, s := range t.Series {
		row := []string{s.Metric, s.Dimension, s.Key, "week"}
		for _, v := range s.Weekly {
			row = append(row, cellText(v))
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

func cellText(v *int64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(*v, 10)
}
