package sqldb

import (
	"encoding/json"
	"time"

	"meridian"
)

// hitColumns are the columns a hit is read from: the body holds only what
// no column does (issue 10: a hit stored its id, time, record, owner,
// checker and status twice, once in the columns and again in the JSON).
const hitColumns = `id, at, record_id, record_kind, owner_agency, checker_user, checker_agency, status, body`

// hitRest is the body of a hit row: the fields that have no column of
// their own.
type hitRest struct {
	Score          float64               `json:"score,omitempty"`
	Restricted     bool                  `json:"restricted,omitempty"`
	CheckerName    string                `json:"checker_name,omitempty"`
	CheckerCountry string                `json:"checker_country,omitempty"`
	Context        meridian.CheckContext `json:"context,omitzero"`
	Query          string                `json:"query,omitempty"`
	Response       string                `json:"response,omitempty"`
	RespondedBy    string                `json:"responded_by,omitempty"`
	RespondedAt    *time.Time            `json:"responded_at,omitempty"`
}

// hitBody is what the body column stores of h.
func hitBody(h *meridian.Hit) string {
	return string(mustJSON(&hitRest{Score: h.Score, Restricted: h.Restricted, CheckerName: h.CheckerName,
		CheckerCountry: h.CheckerCountry, Context: h.Context, Query: h.Query, Response: h.Response,
		RespondedBy: h.RespondedBy, RespondedAt: h.RespondedAt}))
}

// scanHit reads a row of hitColumns. Rows written before the body was
// cut hold the whole hit in the body; the columns agree with it, so
// both read the same.
func scanHit(row interface{ Scan(...any) error }) (*meridian.Hit, error) {
	h := &meridian.Hit{}
	var (
		at   int64
		body string
	)
	if err := row.Scan(&h.ID, &at, &h.RecordID, &h.RecordKind, &h.OwnerAgency, &h.CheckerUser, &h.CheckerAgency, &h.Status, &body); err != nil {
		return nil, err
	}
	id, recordID, recordKind, owner, checker, checkerAgency, status := h.ID, h.RecordID, h.RecordKind, h.OwnerAgency, h.CheckerUser, h.CheckerAgency, h.Status
	if err := json.Unmarshal([]byte(body), h); err != nil {
		return nil, err
	}
	h.ID, h.RecordID, h.RecordKind, h.OwnerAgency, h.CheckerUser, h.CheckerAgency, h.Status = id, recordID, recordKind, owner, checker, checkerAgency, status
	h.At = fromMicros(at)
	return h, nil
}
