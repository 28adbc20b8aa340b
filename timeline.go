package meridian

import (
	"context"
	"slices"
	"strings"
	"time"
)

// A case's timeline (issue 13, point 5): what happened in a case, built
// from what the store already keeps about it, each item under its own
// reading rule, so that the timeline tells a reader nothing the case's
// other routes would not.

// Timeline entry kinds.
const (
	TimelineRecord      = "record"      // a record the case lists, at the time it was recorded
	TimelineRequest     = "request"     // a step of a request, from its signed receipt
	TimelineMessage     = "message"     // a message on the case or a request's thread
	TimelineFile        = "file"        // a file attached to the case
	TimelineStage       = "stage"       // a change of the case's stage
	TimelineOutcome     = "outcome"     // an outcome recorded
	TimelineParticipant = "participant" // an agency taken in, its role changed, or removed
	TimelineAudit       = "audit"       // an audit entry about the case
)

// TimelineKinds lists the kinds, in the order entries at the same instant
// sort by.
var TimelineKinds = []string{TimelineAudit, TimelineFile, TimelineMessage, TimelineOutcome, TimelineParticipant,
	TimelineRecord, TimelineRequest, TimelineStage}

// TimelineEntry is one event of a case. Which fields are set depends on
// the kind; none names a record the reader may not read.
type TimelineEntry struct {
	Kind     string    `json:"kind" enum:"record,request,message,file,stage,outcome,participant,audit"`
	At       time.Time `json:"at"`
	ID       string    `json:"id" doc:"the item's id (record, request, message, file, outcome), the agency's for a participant change, the entry's sequence number for an audit entry"`
	Action   string    `json:"action,omitempty" doc:"request: the step (send, acknowledge, accept, refuse, ...); participant: added, role or removed; audit: the entry's action"`
	AgencyID string    `json:"agency_id,omitempty" doc:"the agency that acted (the record's owner for a record)"`
	Country  string    `json:"country,omitempty"`
	Username string    `json:"username,omitempty" doc:"the user who acted"`

	RecordKind   string `json:"record_kind,omitempty" doc:"record: person, document or event; audit: what the entry is about (case, case_stage, ...)"`
	RequestID    string `json:"request_id,omitempty" doc:"request, and a message in a request's thread"`
	RequestType  string `json:"request_type,omitempty"`
	ToAgencyID   string `json:"to_agency_id,omitempty" doc:"request: the requested agency"`
	From         string `json:"from,omitempty" doc:"request: the state before the step"`
	To           string `json:"to,omitempty" doc:"request: the state after the step"`
	Reason       string `json:"reason,omitempty" doc:"request: the grounds given (a refusal's)"`
	Stage        string `json:"stage,omitempty"`
	Date         Date   `json:"date,omitempty" doc:"stage and outcome: the date it took effect"`
	OutcomeKind  string `json:"outcome_kind,omitempty"`
	PersonID     string `json:"person_id,omitempty" doc:"outcome: the suspect, when the reader may read that record"`
	PersonHidden bool   `json:"person_hidden,omitempty" doc:"outcome: it names a person the reader may not read"`
	Role         string `json:"role,omitempty" doc:"participant: the role given"`
	Name         string `json:"name,omitempty" doc:"file: its name"`
	Size         int64  `json:"size,omitempty" doc:"file: its size in bytes"`
	Text         string `json:"text,omitempty" doc:"message: its first 280 characters; stage and outcome: the note"`

	key string // the sort key within one instant and kind
}

// TimelineFilter asks for a page of a case's timeline.
type TimelineFilter struct {
	CaseID string
	// Kinds keeps the entries of these kinds; all when empty.
	Kinds []string
	// Oldest lists oldest first; newest first otherwise.
	Oldest bool
	Page
}

// Validate checks the kinds asked for.
func (f *TimelineFilter) Validate() error {
	fs := Fields{Op: "timeline"}
	for i, k := range f.Kinds {
		if !slices.Contains(TimelineKinds, k) {
			fs.Add(indexed("kind", i), "unknown kind %q (want %s)", k, strings.Join(TimelineKinds, ", "))
		}
	}
	return fs.Err()
}

// Wants reports whether the filter keeps kind.
func (f *TimelineFilter) Wants(kind string) bool {
	return len(f.Kinds) == 0 || slices.Contains(f.Kinds, kind)
}

// TimelineService reads cases' timelines. A case one may not read is
// ENotFound.
type TimelineService interface {
	// FindCaseTimeline returns a page of the case's timeline and the
	// next page's cursor. EInvalid (a kind or cursor), ENotFound.
	FindCaseTimeline(ctx context.Context, f TimelineFilter) ([]*TimelineEntry, string, error)
}

// SetTimelineKey sets the entry's sort key within its instant and kind
// (its id; an audit entry's sequence number padded so that text order is
// number order).
func (e *TimelineEntry) SetTimelineKey(key string) { e.key = key }

// TimelineKey is the entry's sort key within its instant and kind.
func (e *TimelineEntry) TimelineKey() string { return e.key }

// CompareTimeline orders two entries oldest first: by instant, kind, key.
func CompareTimeline(a, b *TimelineEntry) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	if c := strings.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	return strings.Compare(a.key, b.key)
}
