package meridian

import (
	"context"
	"slices"
	"time"
)

// Places a check can be made at, for counting.
var CheckPlaces = []string{"border_point", "airport", "seaport", "flight", "raid", "hotspot", "patrol", "office", "other"}

// CheckContext says where, in which operation and why checks are made. It
// is counted, audited, and shown to the owner of any record that is hit.
type CheckContext struct {
	OperationID string `json:"operation_id,omitempty"`
	PlaceKind   string `json:"place_kind,omitempty" enum:"border_point,airport,seaport,flight,raid,hotspot,patrol,office,other" doc:"default other"`
	Place       string `json:"place,omitempty" maxLength:"200" doc:"e.g. a border crossing, a flight number"`
	Country     string `json:"country,omitempty" doc:"where the check is made; default the checker's country"`
	Reason      string `json:"reason,omitempty" maxLength:"500" doc:"why; shown to the owner of a hit record"`
	// Threshold and Limit tune person matching for this request; a
	// threshold below MinThreshold would turn checks into fishing.
	Threshold float64 `json:"threshold,omitempty" doc:"score from which a person is a hit; default the documented default; at least 0.5"`
	Limit     int     `json:"limit,omitempty" doc:"most hits per check, default 10, at most 50"`
	// At is when checks made offline (a device without a connection, a
	// replayed operation) were made; they count on that day.
	At time.Time `json:"at,omitzero" doc:"when the checks were made, if earlier than now; they count on that day"`
}

// MinThreshold is the lowest person-matching threshold a check may ask for.
const MinThreshold = 0.5

// Validate checks the context and fills its defaults from the subject.
func (c *CheckContext) Validate(f *Fields, s *Subject) {
	if c.PlaceKind == "" {
		c.PlaceKind = "other"
	}
	if !slices.Contains(CheckPlaces, c.PlaceKind) {
		f.Add("place_kind", "unknown place kind %q", c.PlaceKind)
	}
	if c.Country == "" {
		c.Country = s.Country
	}
	if c.Country != "" && !IsCountry(c.Country) {
		f.Add("country", "unknown ISO 3166-1 alpha-2 country code %q", c.Country)
	}
	if len(c.Place) > 200 || !validText(c.Place) {
		f.Add("place", "longer than 200 bytes or not valid text")
	}
	if len(c.Reason) > 500 || !validText(c.Reason) {
		f.Add("reason", "longer than 500 bytes or not valid text")
	}
	if c.OperationID != "" && !IsID(c.OperationID) {
		f.Add("operation_id", "malformed id %q", c.OperationID)
	}
	if c.Threshold != 0 && (c.Threshold < MinThreshold || c.Threshold > 1) {
		f.Add("threshold", "must be between %v and 1", MinThreshold)
	}
	if c.Limit < 0 || c.Limit > 50 {
		f.Add("limit", "must be between 1 and 50")
	}
	if !c.At.IsZero() && (c.At.Year() < 2000 || c.At.After(time.Now().Add(5*time.Minute))) {
		f.Add("at", "%s is not a plausible time of check (not in the future)", c.At.Format(time.RFC3339))
	}
}

// PersonQuery is a person to check.
type PersonQuery struct {
	Name        string `json:"name" doc:"any script"`
	BirthDate   Date   `json:"birth_date,omitempty" doc:"YYYY, YYYY-MM or YYYY-MM-DD"`
	Sex         Sex    `json:"sex,omitempty" enum:"M,F,X,U"`
	Nationality string `json:"nationality,omitempty" doc:"ISO 3166-1 alpha-2"`
}

// MaxNameLength bounds a checked name: longer input is refused, not
// truncated, so that what is audited is what was asked.
const MaxNameLength = 1000

// Validate checks one query; prefix names its place in a batch.
func (q *PersonQuery) Validate(f *Fields, prefix string) {
	switch {
	case len(q.Name) > MaxNameLength:
		f.Add(prefix+"name", "longer than %d bytes", MaxNameLength)
	case !validText(q.Name):
		f.Add(prefix+"name", "contains control characters or invalid UTF-8")
	}
	if q.BirthDate != "" {
		if _, ok := ParseDate(string(q.BirthDate)); !ok {
			f.Add(prefix+"birth_date", "must be YYYY, YYYY-MM or YYYY-MM-DD, got %q", q.BirthDate)
		}
	}
	switch q.Sex {
	case "", "M", "F", "X", "U":
	default:
		f.Add(prefix+"sex", "unknown sex %q (want M, F, X or U)", q.Sex)
	}
	if q.Nationality != "" && !IsCountry(q.Nationality) {
		f.Add(prefix+"nationality", "unknown ISO 3166-1 alpha-2 country code %q", q.Nationality)
	}
}

// DocumentQuery is a document to check.
type DocumentQuery struct {
	Number       string `json:"number"`
	IssuingState string `json:"issuing_state,omitempty" doc:"ISO 3166-1 alpha-2"`
	Type         string `json:"type,omitempty"`
}

// Validate checks one query.
func (q *DocumentQuery) Validate(f *Fields, prefix string) {
	if len(q.Number) > 100 || !validText(q.Number) {
		f.Add(prefix+"number", "longer than 100 bytes or not valid text")
	}
	if q.IssuingState != "" && !IsCountry(q.IssuingState) {
		f.Add(prefix+"issuing_state", "unknown ISO 3166-1 alpha-2 country code %q", q.IssuingState)
	}
}

// MaxBatch is the most checks one request may carry.
const MaxBatch = 1000

// MatchPart explains how one part of a checked name matched.
type MatchPart struct {
	Query  string  `json:"query"`
	Entry  string  `json:"entry"`
	How    string  `json:"how"`
	Score  float64 `json:"score"`
	Weight float64 `json:"weight"`
}

// MatchExplanation says why a record was hit.
type MatchExplanation struct {
	Name        string      `json:"name,omitempty"`
	Parts       []MatchPart `json:"parts,omitempty"`
	NameScore   float64     `json:"name_score,omitempty"`
	BirthDate   string      `json:"birth_date,omitempty"`
	Sex         string      `json:"sex,omitempty"`
	Nationality string      `json:"nationality,omitempty"`
	Document    string      `json:"document,omitempty" doc:"exact or one_edit"`
	Summary     string      `json:"summary"`
}

// CheckHit is one watchlist record a check hit. When the checker may not
// read the record, only Restricted, Ref, OwnerAgency and Message are set:
// the owner decides what to share.
type CheckHit struct {
	Ref             string            `json:"ref" doc:"the hit's reference, to quote to the owner"`
	Restricted      bool              `json:"restricted"`
	OwnerAgency     string            `json:"owner_agency"`
	OwnerAgencyName string            `json:"owner_agency_name"`
	Message         string            `json:"message"`
	RecordID        string            `json:"record_id,omitempty"`
	RecordKind      string            `json:"record_kind,omitempty"`
	Score           float64           `json:"score,omitempty"`
	Category        string            `json:"category,omitempty"`
	Explanation     *MatchExplanation `json:"explanation,omitempty"`
	Person          *WatchPerson      `json:"person,omitempty"`
	Document        *WatchDocument    `json:"document,omitempty"`
}

// HitMessage is what a reader is told of a hit: for a record they may
// read, whose it is (and that a person to protect is no suspect); for one
// they may not, only whom to contact quoting the hit's reference.
func HitMessage(owner, ref, category string, readable bool) string {
	if !readable {
		return "hit: contact " + owner + " quoting reference " + ref
	}
	m := "hit on a record of " + owner
	if Protected(category) {
		m += ": a " + category + " person to protect, not a suspect; contact " + owner
	}
	return m
}

// CheckResult answers one check.
type CheckResult struct {
	Hit  bool       `json:"hit"`
	Hits []CheckHit `json:"hits"`
}

// CheckService screens people and documents. Every check is counted and
// audited; every hit notifies the owner of the record.
type CheckService interface {
	// CheckPersons screens a batch of people. EInvalid naming the entry
	// and field, EForbidden.
	CheckPersons(ctx context.Context, c CheckContext, qs []PersonQuery) ([]CheckResult, error)
	// CheckDocuments screens a batch of documents.
	CheckDocuments(ctx context.Context, c CheckContext, qs []DocumentQuery) ([]CheckResult, error)
}

// HitIDs is the data of a "hit" change of action created: the new hits,
// all on records of the change's owner agency (its Meta). A change names
// the hits one transaction made, not the hits themselves: who checked
// and for whom stays in the store, read through the API and audited.
type HitIDs struct {
	IDs []string `json:"ids"`
}

// Hit is the notification of a hit, in the owner agency's inbox: who
// checked what, where and why, and what the checker was shown.
type Hit struct {
	ID             string       `json:"id"`
	At             time.Time    `json:"at"`
	RecordID       string       `json:"record_id,omitempty" doc:"empty for the checker of a restricted hit"`
	RecordKind     string       `json:"record_kind,omitempty" doc:"empty for the checker of a restricted hit"`
	OwnerAgency    string       `json:"owner_agency"`
	Score          float64      `json:"score,omitempty" doc:"to the owner only, for a restricted hit"`
	Restricted     bool         `json:"restricted" doc:"the checker was shown only hit/no-hit and the owner"`
	CheckerUser    string       `json:"checker_user"`
	CheckerName    string       `json:"checker_name"`
	CheckerAgency  string       `json:"checker_agency"`
	CheckerCountry string       `json:"checker_country"`
	Context        CheckContext `json:"context"`
	Query          string       `json:"query" doc:"what was checked, as the checker entered it"`
	Status         string       `json:"status" doc:"new, acknowledged, confirmed, rejected (not the person), action_taken"`
	Response       string       `json:"response,omitempty"`
	RespondedBy    string       `json:"responded_by,omitempty" doc:"to the owner agency only"`
	RespondedAt    *time.Time   `json:"responded_at,omitempty"`
}

// HitFilter selects hits.
type HitFilter struct {
	Status string
	// Made selects hits the caller made instead of hits on the caller's
	// agency's records.
	Made bool
	// Newest lists the newest first (the cursor then pages back in time).
	Newest bool
	Page
}

// HitService is the owner's inbox of hits on its records.
type HitService interface {
	// FindHits returns hits on the caller's agency's records (or made by
	// the caller), newest last (first with f.Newest). Reads are audited.
	FindHits(ctx context.Context, f HitFilter) ([]*Hit, string, error)
	// FindHitByID returns ENotFound.
	FindHitByID(ctx context.Context, id string) (*Hit, error)
	// RespondToHit records the owner's response. EInvalid, ENotFound,
	// EForbidden.
	RespondToHit(ctx context.Context, id, status, response string) (*Hit, error)
}

// CheckCount is how many checks were made in one cell.
type CheckCount struct {
	OperationID string `json:"operation_id,omitempty"`
	Day         Date   `json:"day"`
	Country     string `json:"country"`
	AgencyID    string `json:"agency_id"`
	PlaceKind   string `json:"place_kind"`
	Kind        string `json:"kind" doc:"person or document"`
	Checks      int64  `json:"checks"`
	Hits        int64  `json:"hits"`
}

// CheckRecord is one check made and what it found, for the store to
// count, audit and notify.
type CheckRecord struct {
	Kind  string // "person" or "document"
	Query string // what was checked, as entered
	Hits  []CheckedHit
}

// CheckedHit is one record a check hit.
type CheckedHit struct {
	Ref         string // the hit's id, quoted to the owner
	RecordID    string
	RecordKind  string
	OwnerAgency string
	Score       float64
	Restricted  bool // the checker was shown only hit/no-hit and the owner
	// Category and Explanation are what a reader who may read the record
	// is shown of it later (in a passenger alert); not stored with the hit.
	Category    string
	Explanation *MatchExplanation
}

// CheckBatch is checks made in one context.
type CheckBatch struct {
	Context CheckContext
	Records []CheckRecord
}
