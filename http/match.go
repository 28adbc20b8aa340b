package http

import (
	"context"
	"fmt"
	"maps"
	nethttp "net/http"
	"slices"
	"sort"
	"strings"

	"meridian"
)

// The yente-compatible matching API (OpenSanctions yente's POST
// /match/{dataset}), so that existing screening clients work against
// Meridian. Every query is a check like any other: counted, audited, and
// answered with only "hit: contact the owner" for records the caller may
// not read.

// MatchEntity is a FollowTheMoney entity example: a query, or a result's
// echo of it.
type MatchEntity struct {
	ID         string         `json:"id,omitempty"`
	Schema     string         `json:"schema" doc:"Person (and other people-like schemata), Passport or Identification"`
	Properties map[string]any `json:"properties" doc:"FtM properties: a string or a list of strings each"`
}

// MatchRequest is yente's EntityMatchQuery.
type MatchRequest struct {
	Weights map[string]float64     `json:"weights,omitempty" doc:"accepted for compatibility; Meridian's matcher has its own weights"`
	Queries map[string]MatchEntity `json:"queries" maxProperties:"1000"`
}

// ScoredEntity is yente's ScoredEntityResponse.
type ScoredEntity struct {
	ID         string              `json:"id"`
	Caption    string              `json:"caption"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets"`
	Referents  []string            `json:"referents"`
	Target     bool                `json:"target"`
	Score      float64             `json:"score"`
	Features   map[string]float64  `json:"features"`
	Match      bool                `json:"match"`
	FirstSeen  string              `json:"first_seen,omitempty" doc:"when the entry was listed; absent for a restricted hit"`
	LastSeen   string              `json:"last_seen,omitempty" doc:"when the entry was last confirmed by its owner; absent for a restricted hit"`
	LastChange string              `json:"last_change,omitempty" doc:"when the entry last changed; absent for a restricted hit"`
}

// MatchTotal is yente's TotalSpec.
type MatchTotal struct {
	Value    int    `json:"value"`
	Relation string `json:"relation"`
}

// EntityMatches is the answer to one query.
type EntityMatches struct {
	Status  int            `json:"status"`
	Results []ScoredEntity `json:"results"`
	Total   MatchTotal     `json:"total"`
	Query   MatchEntity    `json:"query"`
	Detail  string         `json:"detail,omitempty"`
}

// MatchResponse is yente's EntityMatchResponse.
type MatchResponse struct {
	Responses map[string]EntityMatches `json:"responses"`
	Matcher   map[string]any           `json:"matcher"`
	Limit     int                      `json:"limit"`
}

type matchInput struct {
	Dataset   string  `path:"dataset" doc:"default, meridian or watchlist: all watchlists the caller may check against"`
	Threshold float64 `query:"threshold" doc:"score from which a result is a match; default Meridian's"`
	Limit     int     `query:"limit" doc:"results per query, default 5"`
	Algorithm string  `query:"algorithm" doc:"one of yente's algorithm names (best, logic-v1, logic-v2, name-based, name-qualified, regression-v1, regression-v2) or meridian-v1; all use Meridian's matcher"`
	Operation string  `query:"operation_id" doc:"the operation the checks count toward"`
	Body      MatchRequest
}

type matchOutput struct {
	Body MatchResponse
}

// personSchemata are the FtM schemata screened as people.
var personSchemata = []string{"Person", "LegalEntity", "Thing"}

// algorithms are the names yente accepts; an unknown one is refused as
// yente refuses it, so that a client's typo does not go unnoticed.
var algorithms = []string{"", "best", "logic-v1", "logic-v2", "name-based", "name-qualified",
	"regression-v1", "regression-v2", "ofac-249", "meridian-v1"}

// ftmSchemata are FollowTheMoney's schemata: one of them that Meridian does
// not match is answered per query; a name that is none is refused whole,
// as yente refuses it.
var ftmSchemata = []string{"Address", "Airplane", "Article", "Assessment", "Asset", "Associate", "Audio",
	"BankAccount", "Call", "CallForTenders", "Company", "Contract", "ContractAward", "CourtCase",
	"CourtCaseParty", "CryptoWallet", "Debt", "Directorship", "Document", "Email", "Employment", "Event",
	"Family", "Folder", "HyperText", "Identification", "Image", "Interest", "Interval", "LegalEntity",
	"License", "Membership", "Mention", "Message", "Note", "Occupancy", "Organization", "Ownership",
	"Package", "Page", "Pages", "Passport", "Payment", "Person", "PlainText", "Position", "Project",
	"ProjectParticipant", "PublicBody", "RealEstate", "Representation", "Sanction", "Security", "Similar",
	"Succession", "Table", "TaxRoll", "Thing", "Trip", "UnknownLink", "UserAccount", "Value", "Vehicle",
	"Vessel", "Video", "Workbook"}

// countries reads FtM country values as yente does: codes or names
// ("Russia") to ISO alpha-2; values that name no country are dropped.
func countries(vs []string) []string {
	var out []string
	for _, v := range vs {
		if c, ok := meridian.NormalizeCountry(v); ok && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func props(p map[string]any, name string) []string {
	switch v := p[name].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func first(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}

func (s *Server) matchRoutes() {
	if s.Checks == nil {
		return
	}
	op := s.op("match", nethttp.MethodPost, "/match/{dataset}", "yente", "Match entities (yente-compatible)")
	op.Path = "/match/{dataset}"
	op.DefaultStatus = nethttp.StatusOK
	op.Description = "OpenSanctions yente's match API. Each query is a check: counted, audited, and for records you may not read answered only with a match naming the owner to contact."
	register(s, op, s.match)
}

func (s *Server) match(ctx context.Context, in *matchInput) (*matchOutput, error) {
	const fn = "http.match"
	switch in.Dataset {
	case "default", "meridian", "watchlist":
	default:
		return nil, meridian.NotFound(fn, "dataset "+in.Dataset)
	}
	limit := in.Limit
	if limit <= 0 {
		limit = 5
	}
	if limit > 50 {
		return nil, meridian.Invalidf(fn, "limit", "at most 50")
	}
	if len(in.Body.Queries) > meridian.MaxBatch {
		return nil, meridian.Invalidf(fn, "queries", "at most %d queries", meridian.MaxBatch)
	}
	if !slices.Contains(algorithms, in.Algorithm) {
		// 400, not 422, as yente answers it.
		return nil, meridian.Errorf(meridian.EInvalid, fn, "unknown algorithm %q", in.Algorithm)
	}
	for _, k := range slices.Sorted(maps.Keys(in.Body.Queries)) {
		if q := in.Body.Queries[k]; !slices.Contains(ftmSchemata, q.Schema) {
			return nil, meridian.Errorf(meridian.EInvalid, fn, "query %q: unknown schema %q", k, q.Schema)
		}
	}
	cc := meridian.CheckContext{OperationID: in.Operation, PlaceKind: "other", Reason: "yente match API", Threshold: in.Threshold, Limit: limit}
	keys := make([]string, 0, len(in.Body.Queries))
	for k := range in.Body.Queries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := MatchResponse{Responses: map[string]EntityMatches{}, Limit: limit, Matcher: map[string]any{
		"name_score":  map[string]any{"description": "How well the names match, across scripts", "coefficient": 1.0},
		"birth_date":  map[string]any{"description": "Agreement of the dates of birth", "coefficient": 1.0},
		"document":    map[string]any{"description": "Document number match: exact or one edit", "coefficient": 1.0},
		"restricted":  map[string]any{"description": "The record's owner shares only that it matched", "coefficient": 0.0},
		"meridian_v1": map[string]any{"description": "Meridian's matcher"},
	}}
	var pkeys, dkeys []string
	var pqs []meridian.PersonQuery
	var dqs []meridian.DocumentQuery
	for _, k := range keys {
		q := in.Body.Queries[k]
		p := q.Properties
		switch {
		case slices.Contains(personSchemata, q.Schema):
			name := first(props(p, "name"))
			if name == "" {
				out.Responses[k] = EntityMatches{Status: 400, Query: q, Results: []ScoredEntity{}, Detail: "a query needs a name property"}
				continue
			}
			pq := meridian.PersonQuery{Name: name, BirthDate: meridian.Date(first(props(p, "birthDate"))),
				Nationality: first(countries(append(append(props(p, "nationality"), props(p, "citizenship")...), props(p, "country")...)))}
			if len(pq.BirthDate) > 10 {
				pq.BirthDate = pq.BirthDate[:10]
			}
			switch strings.ToLower(first(props(p, "gender"))) {
			case "male":
				pq.Sex = "M"
			case "female":
				pq.Sex = "F"
			}
			var f meridian.Fields
			pq.Validate(&f, "")
			if err := f.Err(); err != nil {
				out.Responses[k] = EntityMatches{Status: 400, Query: q, Results: []ScoredEntity{}, Detail: err.Error()}
				continue
			}
			pkeys, pqs = append(pkeys, k), append(pqs, pq)
		case q.Schema == "Passport" || q.Schema == "Identification":
			dq := meridian.DocumentQuery{Number: first(props(p, "number")), IssuingState: first(countries(props(p, "country")))}
			var f meridian.Fields
			dq.Validate(&f, "")
			if err := f.Err(); err != nil || meridian.NormalizeDocumentNumber(dq.Number) == "" {
				out.Responses[k] = EntityMatches{Status: 400, Query: q, Results: []ScoredEntity{}, Detail: "a document query needs a number property and an ISO country"}
				continue
			}
			dkeys, dqs = append(dkeys, k), append(dqs, dq)
		default:
			out.Responses[k] = EntityMatches{Status: 400, Query: q, Results: []ScoredEntity{}, Detail: fmt.Sprintf("schema %q cannot be matched here", q.Schema)}
		}
	}
	if len(pqs) > 0 {
		rs, err := s.Checks.CheckPersons(ctx, cc, pqs)
		if err != nil {
			return nil, err
		}
		for i, r := range rs {
			out.Responses[pkeys[i]] = entityMatches(in.Body.Queries[pkeys[i]], r)
		}
	}
	if len(dqs) > 0 {
		dc := cc
		dc.Threshold = 0
		rs, err := s.Checks.CheckDocuments(ctx, dc, dqs)
		if err != nil {
			return nil, err
		}
		for i, r := range rs {
			out.Responses[dkeys[i]] = entityMatches(in.Body.Queries[dkeys[i]], r)
		}
	}
	return &matchOutput{Body: out}, nil
}

func entityMatches(q MatchEntity, r meridian.CheckResult) EntityMatches {
	em := EntityMatches{Status: 200, Query: q, Results: []ScoredEntity{}}
	for _, h := range r.Hits {
		e := ScoredEntity{Datasets: []string{"meridian"}, Referents: []string{}, Target: true, Match: true,
			Properties: map[string][]string{}, Features: map[string]float64{}}
		switch {
		case h.Restricted:
			// Only that there is a match and whom to contact: no name, no
			// record id, and a score of 0 whatever the threshold asked
			// (yente's score is required; Match says it is one).
			e.ID, e.Schema, e.Caption = h.Ref, q.Schema, h.Message
			e.Properties["notes"] = []string{h.Message}
			e.Features["restricted"] = 1
		case h.Person != nil:
			w := h.Person
			e.ID, e.Schema, e.Caption, e.Score = h.RecordID, "Person", w.PrimaryName(), h.Score
			if w.Ref != "" {
				// The source's own id (an FtM export's entity id): yente
				// clients look their results up by it.
				e.Referents = append(e.Referents, w.Ref)
			}
			seen(&e, w.Meta)
			for _, n := range w.Names {
				e.Properties["name"] = append(e.Properties["name"], n.Full)
			}
			if w.BirthDate != "" {
				e.Properties["birthDate"] = []string{string(w.BirthDate)}
			}
			for _, c := range w.Nationalities {
				e.Properties["nationality"] = append(e.Properties["nationality"], strings.ToLower(c))
			}
			e.Properties["topics"] = []string{topic(w.Category)}
			if h.Explanation != nil {
				e.Features["name_score"] = h.Explanation.NameScore
			}
		case h.Document != nil:
			d := h.Document
			e.ID, e.Schema, e.Caption, e.Score = h.RecordID, "Passport", d.Number, h.Score
			if d.Ref != "" {
				e.Referents = append(e.Referents, d.Ref)
			}
			seen(&e, d.Meta)
			e.Properties["number"] = []string{d.Number}
			e.Properties["country"] = []string{strings.ToLower(d.IssuingState)}
			e.Features["document"] = h.Score
		}
		em.Results = append(em.Results, e)
	}
	// Best first; a restricted hit, shown without a score, after every
	// visible one, so that it never stands ahead of a better one and its
	// place tells nothing of its score.
	slices.SortStableFunc(em.Results, func(a, b ScoredEntity) int {
		ra, rb := a.Features["restricted"] == 1, b.Features["restricted"] == 1
		switch {
		case ra != rb && ra:
			return 1
		case ra != rb:
			return -1
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	em.Total = MatchTotal{Value: len(em.Results), Relation: "eq"}
	return em
}

// seen sets yente's first_seen, last_seen and last_change from a record's
// metadata: listed, last updated (which is also when its owner last
// stood by it).
func seen(e *ScoredEntity, m meridian.Meta) {
	const layout = "2006-01-02T15:04:05"
	if !m.CreatedAt.IsZero() {
		e.FirstSeen = m.CreatedAt.UTC().Format(layout)
	}
	if !m.UpdatedAt.IsZero() {
		e.LastSeen = m.UpdatedAt.UTC().Format(layout)
		e.LastChange = e.LastSeen
	} else {
		e.LastSeen, e.LastChange = e.FirstSeen, e.FirstSeen
	}
}

// topic maps a watchlist category to the nearest FtM topic.
func topic(category string) string {
	switch category {
	case meridian.CategoryWanted:
		return "wanted"
	case meridian.CategoryVictim:
		return "role.victim"
	case meridian.CategoryMissing:
		return "missing"
	}
	return "crime"
}
