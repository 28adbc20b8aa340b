package meridian

import (
	"context"
	"io"
	"slices"
	"time"
)

// Alert severities.
const (
	SeverityLow    = 1
	SeverityMedium = 2
	SeverityHigh   = 3
)

// AlertOutcomes are what officers record of an alert once worked.
var AlertOutcomes = []string{"not_encountered", "secondary_inspection", "refused_entry", "victim_identified", "arrest", "no_action"}

// AlertReason is one reason a traveller was flagged: a watchlist hit (with
// what the checker may see of it) or a risk rule.
type AlertReason struct {
	Kind     string    `json:"kind" enum:"watchlist,rule"`
	Severity int       `json:"severity"`
	Text     string    `json:"text" doc:"what an officer reads: the rule's reason, or the hit's message"`
	Hit      *CheckHit `json:"hit,omitempty" doc:"for watchlist hits: the hit as the reader may see it, decided when the alert is read"`
	Rule     *RuleRef  `json:"rule,omitempty" doc:"for rule hits"`
}

// RuleRef names the rule, at its version, that flagged a traveller.
type RuleRef struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Name    string `json:"name"`
}

// AlertTraveller is who an alert is about, as the manifest gave them.
type AlertTraveller struct {
	Name         string        `json:"name"`
	BirthDate    Date          `json:"birth_date,omitempty"`
	Sex          Sex           `json:"sex,omitempty"`
	Nationality  string        `json:"nationality,omitempty"`
	Role         TravellerRole `json:"role"`
	Document     string        `json:"document,omitempty" doc:"number of the travel document"`
	IssuingState string        `json:"issuing_state,omitempty"`
	BookingRef   string        `json:"booking_ref,omitempty"`
	Seat         string        `json:"seat,omitempty"`
	Index        int           `json:"index" doc:"the traveller's place in the manifest (see Manifest.AllTravellers)"`
}

// TravellerOf is who an alert (or a rule's dry run) is about: the
// traveller at index of a manifest, with their first document and seat.
func TravellerOf(t *Traveller, index int) AlertTraveller {
	a := AlertTraveller{Name: t.Name(), BirthDate: t.BirthDate, Sex: t.Sex, Nationality: t.Nationality,
		Role: t.Role, BookingRef: t.BookingRef, Index: index}
	if len(t.Documents) > 0 {
		a.Document, a.IssuingState = t.Documents[0].Number, t.Documents[0].IssuingState
	}
	if len(t.Seats) > 0 {
		a.Seat = t.Seats[0].Seat
	}
	return a
}

// Alert is a traveller flagged before arrival, in the destination
// country's queue, for its officers to work.
type Alert struct {
	ID          string         `json:"id"`
	CreatedAt   time.Time      `json:"created_at"`
	ManifestID  string         `json:"manifest_id"`
	OperationID string         `json:"operation_id,omitempty"`
	Country     string         `json:"country" doc:"destination country, whose officers work the alert"`
	Flight      string         `json:"flight" doc:"designator, e.g. TK1883"`
	FlightDate  Date           `json:"flight_date"`
	Arrival     string         `json:"arrival,omitempty" doc:"arrival airport"`
	Traveller   AlertTraveller `json:"traveller"`
	Severity    int            `json:"severity" doc:"1 low, 2 medium, 3 high: the highest of the reasons"`
	Reasons     []AlertReason  `json:"reasons"`
	Status      string         `json:"status" enum:"open,closed"`
	Outcome     string         `json:"outcome,omitempty" enum:"not_encountered,secondary_inspection,refused_entry,victim_identified,arrest,no_action"`
	Note        string         `json:"note,omitempty"`
	WorkedBy    string         `json:"worked_by,omitempty"`
	WorkedAt    *time.Time     `json:"worked_at,omitempty"`
	Version     int            `json:"version"`
}

// AlertFilter selects alerts.
type AlertFilter struct {
	Country     string
	Status      string
	OperationID string
	ManifestID  string
	Page
}

// AlertOutcome is what an officer records on an alert.
type AlertOutcome struct {
	Outcome string `json:"outcome" enum:"not_encountered,secondary_inspection,refused_entry,victim_identified,arrest,no_action"`
	Note    string `json:"note,omitempty" maxLength:"2000"`
	Version int    `json:"version" doc:"the version read"`
}

// Validate checks an outcome.
func (o *AlertOutcome) Validate() error {
	f := Fields{Op: "alert"}
	if !slices.Contains(AlertOutcomes, o.Outcome) {
		f.Add("outcome", "unknown outcome %q (want one of not_encountered, secondary_inspection, refused_entry, victim_identified, arrest, no_action)", o.Outcome)
	}
	if len(o.Note) > 2000 || !validText(o.Note) {
		f.Add("note", "longer than 2000 bytes or not valid text")
	}
	return f.Err()
}

// ManifestInfo is a stored manifest as listed: the flight and counts,
// not the travellers.
type ManifestInfo struct {
	ID          string       `json:"id"`
	Kind        ManifestKind `json:"kind"`
	ReceivedAt  time.Time    `json:"received_at"`
	OperationID string       `json:"operation_id,omitempty"`
	OwnerAgency string       `json:"owner_agency"`
	Country     string       `json:"country" doc:"arrival country"`
	Flight      string       `json:"flight"`
	FlightDate  Date         `json:"flight_date"`
	Travellers  int          `json:"travellers"`
	Alerts      int          `json:"alerts"`
}

// StoredManifest is a manifest as stored, with the message parsed.
type StoredManifest struct {
	ManifestInfo
	Manifest *Manifest `json:"manifest"`
}

// IngestResult is what ingesting one message did.
type IngestResult struct {
	ManifestInfo
	Screened  int      `json:"screened" doc:"travellers screened"`
	Checks    int      `json:"checks" doc:"person and document checks made"`
	AlertIDs  []string `json:"alert_ids"`
	FlightID  string   `json:"flight_event_id,omitempty" doc:"the flight-monitored report in the operation"`
	Warnings  []string `json:"warnings,omitempty"`
	Duplicate bool     `json:"duplicate,omitempty"`
}

// AlertService is the destination's alert queue. Alerts name travellers:
// every read is audited; the destination country's officers and the
// ingesting agency see them.
type AlertService interface {
	// FindAlerts returns a page of the alerts the caller may see.
	FindAlerts(ctx context.Context, f AlertFilter) ([]*Alert, string, error)
	// FindAlertByID returns ENotFound for an alert the caller may not see.
	FindAlertByID(ctx context.Context, id string) (*Alert, error)
	// RecordOutcome closes an alert with its outcome: EInvalid, ENotFound,
	// EForbidden, EConflict (stale version).
	RecordOutcome(ctx context.Context, id string, o AlertOutcome) (*Alert, error)
}

// AllTravellers returns every traveller of a manifest: the list's, then
// each booking's in order. An alert's Traveller.Index counts in this order.
func (m *Manifest) AllTravellers() []*Traveller {
	out := make([]*Traveller, 0, len(m.Travellers))
	for i := range m.Travellers {
		out = append(out, &m.Travellers[i])
	}
	for i := range m.Bookings {
		for j := range m.Bookings[i].Travellers {
			out = append(out, &m.Bookings[i].Travellers[j])
		}
	}
	return out
}

// IngestOptions qualify an ingest of passenger messages.
type IngestOptions struct {
	// OperationID counts the flights as monitored in the operation.
	OperationID string
	// Country is the destination whose officers get the alerts, when the
	// message does not give the arrival country; default the caller's.
	Country string
}

// ManifestService ingests and reads airline passenger messages.
type ManifestService interface {
	// IngestManifests parses, screens and stores each message of an
	// interchange, each all or nothing; EInvalid names the segment and
	// byte offset of what could not be read, and then nothing is stored.
	IngestManifests(ctx context.Context, r io.Reader, opt IngestOptions) ([]*IngestResult, error)
	// FindManifests lists the manifests the caller may read, newest first.
	FindManifests(ctx context.Context, operationID string, p Page) ([]*ManifestInfo, string, error)
	// FindManifestByID returns ENotFound for a manifest the caller may not read.
	FindManifestByID(ctx context.Context, id string) (*StoredManifest, error)
}

// ManifestIngest is everything one ingested message leaves behind, written
// in one transaction: the manifest, the checks of its travellers, the
// alerts they raised and the flight counted as monitored. Either all of it
// is stored or none.
type ManifestIngest struct {
	Info     ManifestInfo // ID, ReceivedAt and OwnerAgency are set by the store
	Manifest *Manifest
	Checks   []CheckBatch
	Alerts   []*Alert
	Flight   *Event // the flight monitored in the operation, or nil
	// Key identifies the message by its interchange; with an interchange
	// reference, a message the agency already stored is not stored again.
	Key IngestKey
	// Existing is set, and nothing stored, when the message was already
	// stored under Key with the same content.
	Existing *Ingested
}

// IngestKey identifies a message as sent: the sender and control
// reference of its interchange (UNB), its place in the interchange, and
// a digest of its content.
type IngestKey struct {
	Sender, Interchange string
	Seq                 int
	Digest              string
}

// Ingested is a message an agency already stored.
type Ingested struct {
	Info     ManifestInfo
	Digest   string
	AlertIDs []string
}

// ManifestScan selects stored manifests to read, newest first: received
// in an operation, at or after From, before To (each optional), at most
// Limit.
type ManifestScan struct {
	OperationID string
	From, To    time.Time
	Limit       int
}
