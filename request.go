package meridian

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Request types: the instruments of cooperation a request for assistance
// uses between two agencies of a case.
const (
	RequestPoliceInfo   = "police_information"      // Directive (EU) 2023/977, Swedish FD 2006/960
	RequestMLA          = "mutual_legal_assistance" // UNTOC art. 18(15), UNODC MLA Request Writer
	RequestEIO          = "eio"                     // Directive 2014/41/EU, annex A
	RequestJITAgreement = "jit_agreement"           // Council model agreement 2017/C 18/01
	RequestJITExchange  = "jit_exchange"            // an exchange under a JIT agreement
	RequestPreservation = "preservation"            // Budapest Convention art. 29
	RequestExtradition  = "extradition"             // EAW FD 2002/584 form, extradition treaties
	RequestTransfer     = "transfer_of_proceedings" // European Convention of 1972, Reg. (EU) 2024/3011
)

// RequestField is one field of a request type's form.
type RequestField struct {
	Name     string `json:"name"`
	Required bool   `json:"required"`
	// Section names where the field sits on the real form (EIO annex A
	// section letters, the MLA essentials), for the screen to group.
	Section string `json:"section,omitempty"`
	Long    bool   `json:"long,omitempty" doc:"free text of several lines"`
}

// RequestType describes a type: its form and its default deadlines.
type RequestType struct {
	Type   string         `json:"type"`
	Basis  string         `json:"basis" doc:"the instrument the form is modelled on"`
	Fields []RequestField `json:"fields"`
}

func reqF(name, section string, long bool) RequestField {
	return RequestField{Name: name, Required: true, Section: section, Long: long}
}
func optF(name, section string, long bool) RequestField {
	return RequestField{Name: name, Section: section, Long: long}
}

// RequestTypes lists every type with its fields. Every type asks for the
// issuing authority and a contact (who answers questions about it), as
// all the instruments do.
var RequestTypes = []RequestType{
	{RequestPoliceInfo, "Directive (EU) 2023/977 art. 4", []RequestField{
		reqF("issuing_authority", "authority", false), reqF("contact", "authority", false),
		reqF("offence", "grounds", false), reqF("purpose", "grounds", true),
		reqF("information_sought", "request", true), reqF("connection", "grounds", true),
		optF("persons_concerned", "request", true), optF("urgency_reason", "request", true),
	}},
	{RequestMLA, "UNTOC art. 18(15); UNODC MLA Request Writer", []RequestField{
		reqF("issuing_authority", "authority", false), reqF("contact", "authority", false),
		reqF("central_authority", "authority", false), reqF("legal_basis", "grounds", false),
		reqF("proceedings", "grounds", true), reqF("offence", "grounds", false), reqF("facts", "grounds", true),
		reqF("assistance_sought", "request", true), reqF("purpose", "request", true),
		optF("persons_concerned", "request", true), optF("procedure", "request", true), optF("confidentiality", "request", true),
	}},
	{RequestEIO, "Directive 2014/41/EU annex A", []RequestField{
		reqF("issuing_authority", "K", false), reqF("contact", "K", false), optF("validating_authority", "L", false),
		reqF("investigative_measures", "C", true), optF("earlier_request", "D", false),
		optF("persons_concerned", "E", true), reqF("proceedings_type", "F", false),
		reqF("facts", "G", true), reqF("offence", "G", false), reqF("applicable_law", "G", false),
		optF("formalities", "I", true), optF("legal_remedies", "J", true),
	}},
	{RequestJITAgreement, "Council model agreement 2017/C 18/01", []RequestField{
		reqF("issuing_authority", "authority", false), reqF("contact", "authority", false),
		reqF("parties", "agreement", true), reqF("purpose", "agreement", true), reqF("period", "agreement", false),
		reqF("leaders", "agreement", true), reqF("members", "agreement", true), reqF("legal_basis", "agreement", false),
		optF("evidence_rules", "agreement", true),
	}},
	{RequestJITExchange, "JIT agreement, exchange of information and evidence", []RequestField{
		reqF("issuing_authority", "authority", false), reqF("contact", "authority", false),
		reqF("jit_reference", "agreement", false), reqF("information_sought", "request", true), reqF("purpose", "request", true),
		optF("use_conditions", "request", true),
	}},
	{RequestPreservation, "Budapest Convention art. 29(2)", []RequestField{
		reqF("issuing_authority", "authority", false), reqF("contact", "authority", false),
		reqF("offence", "grounds", false), reqF("facts", "grounds", true), reqF("data_to_preserve", "request", true),
		reqF("custodian", "request", true), reqF("necessity", "grounds", true), reqF("mla_to_follow", "request", false),
	}},
	{RequestExtradition, "EAW Framework Decision 2002/584/JHA annex", []RequestField{
		reqF("issuing_authority", "authority", false), reqF("contact", "authority", false),
		reqF("person", "a", true), reqF("warrant", "b", true), reqF("penalty", "c", false),
		reqF("offence", "e", false), reqF("facts", "e", true), reqF("applicable_law", "e", false),
		optF("in_absentia", "d", true),
	}},
	{RequestTransfer, "European Convention on the Transfer of Proceedings (1972) art. 15; Reg. (EU) 2024/3011", []RequestField{
		reqF("issuing_authority", "authority", false), reqF("contact", "authority", false),
		reqF("person", "request", true), reqF("offence", "grounds", false), reqF("facts", "grounds", true),
		reqF("applicable_law", "grounds", false), reqF("reasons", "grounds", true), reqF("file", "request", true),
	}},
}

// RequestTypeOf returns a type's description, nil if unknown.
func RequestTypeOf(t string) *RequestType {
	for i := range RequestTypes {
		if RequestTypes[i].Type == t {
			return &RequestTypes[i]
		}
	}
	return nil
}

func requestTypeNames() string {
	var ns []string
	for _, t := range RequestTypes {
		ns = append(ns, t.Type)
	}
	return strings.Join(ns, ", ")
}

// Request states.
const (
	RequestDraft        = "draft"
	RequestSent         = "sent"
	RequestAcknowledged = "acknowledged"
	RequestAccepted     = "accepted"
	RequestRefused      = "refused"
	RequestPartial      = "partially_executed"
	RequestExecuted     = "executed"
	RequestWithdrawn    = "withdrawn"
)

// Request actions, each a transition.
const (
	ActSend        = "send"
	ActWithdraw    = "withdraw"
	ActAcknowledge = "acknowledge"
	ActAccept      = "accept"
	ActRefuse      = "refuse"
	ActPartial     = "execute_partially"
	ActExecute     = "execute"
)

// Transition is one edge of the state machine: an action, the states it
// leaves and where it goes, and which side of the request takes it.
type Transition struct {
	Action string
	From   []string
	To     string
	// Requesting: the requesting agency takes it; otherwise the
	// requested agency.
	Requesting bool
}

// Transitions is the request state machine.
var Transitions = []Transition{
	{ActSend, []string{RequestDraft}, RequestSent, true},
	{ActWithdraw, []string{RequestDraft, RequestSent, RequestAcknowledged, RequestAccepted, RequestPartial}, RequestWithdrawn, true},
	{ActAcknowledge, []string{RequestSent}, RequestAcknowledged, false},
	{ActAccept, []string{RequestAcknowledged}, RequestAccepted, false},
	{ActRefuse, []string{RequestAcknowledged}, RequestRefused, false},
	{ActPartial, []string{RequestAcknowledged, RequestAccepted}, RequestPartial, false},
	{ActExecute, []string{RequestAccepted, RequestPartial}, RequestExecuted, false},
}

// TransitionOf returns the action's transition, nil if unknown.
func TransitionOf(action string) *Transition {
	for i := range Transitions {
		if Transitions[i].Action == action {
			return &Transitions[i]
		}
	}
	return nil
}

// Allowed reports whether the action may be taken in state.
func (t *Transition) Allowed(state string) bool { return slices.Contains(t.From, state) }

// RequestParty is one side of a request.
type RequestParty struct {
	AgencyID   string `json:"agency_id"`
	AgencyName string `json:"agency_name,omitempty" readOnly:"true"`
	Country    string `json:"country" readOnly:"true"`
}

// Deadline kinds.
const (
	DeadlineAcknowledge = "acknowledge"
	DeadlineDecide      = "decide"
	DeadlineExecute     = "execute"
)

// Deadline is one time limit of a request and where it stands.
type Deadline struct {
	Kind  string    `json:"kind" enum:"acknowledge,decide,execute"`
	Due   time.Time `json:"due"`
	Met   time.Time `json:"met,omitzero" doc:"when the step was taken"`
	Late  bool      `json:"late" doc:"the step was taken after the deadline, or not yet and the deadline passed"`
	Party string    `json:"party" doc:"the agency that must act"`
}

// Request is a request for assistance from one agency of a case to
// another.
type Request struct {
	ID          string            `json:"id" readOnly:"true"`
	CaseID      string            `json:"case_id"`
	Type        string            `json:"type"`
	Title       string            `json:"title"`
	From        RequestParty      `json:"from" readOnly:"true" doc:"the requesting agency (the author's)"`
	To          RequestParty      `json:"to"`
	Urgent      bool              `json:"urgent,omitempty"`
	UrgentHours int               `json:"urgent_hours,omitempty" doc:"for an urgent request: the hours within which each step is due"`
	Fields      map[string]string `json:"fields"`
	State       string            `json:"state" readOnly:"true"`
	Version     int               `json:"version" readOnly:"true"`
	CreatedBy   string            `json:"created_by,omitempty" readOnly:"true"`
	CreatedAt   time.Time         `json:"created_at,omitzero" readOnly:"true"`
	UpdatedAt   time.Time         `json:"updated_at,omitzero" readOnly:"true"`
	SentAt      time.Time         `json:"sent_at,omitzero" readOnly:"true"`
	Deadlines   []Deadline        `json:"deadlines,omitempty" readOnly:"true"`
	Overdue     bool              `json:"overdue,omitempty" readOnly:"true"`
}

// MaxUrgentHours bounds an urgent request's hours (30 days).
const MaxUrgentHours = 720

// Validate checks a request as a draft may hold it: a known type, a
// title, known fields of bounded size. Completeness is checked on send
// (Complete).
func (r *Request) Validate() error {
	f := Fields{Op: "request"}
	t := RequestTypeOf(r.Type)
	if t == nil {
		f.Add("type", "unknown type %q (want %s)", r.Type, requestTypeNames())
	}
	validName(&f, "title", r.Title, 300)
	if !IsID(r.CaseID) {
		f.Add("case_id", "malformed id %q", r.CaseID)
	}
	if !IsID(r.To.AgencyID) {
		f.Add("to.agency_id", "malformed id %q", r.To.AgencyID)
	}
	if r.Urgent && (r.UrgentHours < 1 || r.UrgentHours > MaxUrgentHours) {
		f.Add("urgent_hours", "an urgent request gives its hours, 1 to %d", MaxUrgentHours)
	}
	if !r.Urgent && r.UrgentHours != 0 {
		f.Add("urgent_hours", "only an urgent request gives hours")
	}
	for k, v := range r.Fields {
		if t != nil && !slices.ContainsFunc(t.Fields, func(x RequestField) bool { return x.Name == k }) {
			f.Add("fields."+k, "not a field of a %s request", r.Type)
			continue
		}
		if len(v) > 20000 || !validText(v) {
			f.Add("fields."+k, "longer than 20000 bytes or not valid text")
		}
	}
	return f.Err()
}

// Complete names every mandatory field left empty, each as "required":
// a request is sent only whole.
func (r *Request) Complete() error {
	f := Fields{Op: "request"}
	t := RequestTypeOf(r.Type)
	if t == nil {
		f.Add("type", "unknown type %q (want %s)", r.Type, requestTypeNames())
		return f.Err()
	}
	for _, x := range t.Fields {
		if x.Required && strings.TrimSpace(r.Fields[x.Name]) == "" {
			f.Add("fields."+x.Name, "required")
		}
	}
	return f.Err()
}

// DeadlineRule is a type's time limits, in hours: from sending to the
// acknowledgement, from sending to the decision (accept or refuse), and
// from the decision to the execution.
type DeadlineRule struct {
	Type           string `json:"type"`
	AcknowledgeHrs int    `json:"acknowledge_hours" minimum:"1" maximum:"8760"`
	DecideHrs      int    `json:"decide_hours" minimum:"1" maximum:"8760"`
	ExecuteHrs     int    `json:"execute_hours" minimum:"1" maximum:"8760"`
	// RemindHrs is how long before a deadline its reminder goes out.
	RemindHrs int       `json:"remind_hours" minimum:"0" maximum:"8760"`
	UpdatedBy string    `json:"updated_by,omitempty" readOnly:"true"`
	UpdatedAt time.Time `json:"updated_at,omitzero" readOnly:"true"`
}

// Validate checks a rule.
func (d *DeadlineRule) Validate() error {
	f := Fields{Op: "deadline"}
	if RequestTypeOf(d.Type) == nil {
		f.Add("type", "unknown type %q (want %s)", d.Type, requestTypeNames())
	}
	for _, x := range []struct {
		n string
		v int
	}{{"acknowledge_hours", d.AcknowledgeHrs}, {"decide_hours", d.DecideHrs}, {"execute_hours", d.ExecuteHrs}} {
		if x.v < 1 || x.v > 8760 {
			f.Add(x.n, "between 1 and 8760 hours")
		}
	}
	if d.RemindHrs < 0 || d.RemindHrs > 8760 {
		f.Add("remind_hours", "between 0 and 8760 hours")
	}
	return f.Err()
}

// DefaultDeadline is a type's limits before an administrator changes them:
// the EIO directive's (art. 16(1) acknowledge within a week, art. 12(3)
// decide on recognition within 30 days, art. 12(4) execute within 90 days
// of the decision) for every type but police information, which
// Directive (EU) 2023/977 art. 5 wants answered within 7 days.
func DefaultDeadline(t string) DeadlineRule {
	d := DeadlineRule{Type: t, AcknowledgeHrs: 7 * 24, DecideHrs: 30 * 24, ExecuteHrs: 90 * 24, RemindHrs: 48}
	if t == RequestPoliceInfo {
		d.AcknowledgeHrs, d.DecideHrs, d.ExecuteHrs, d.RemindHrs = 24, 3*24, 7*24, 12
	}
	return d
}

// Due returns when a deadline falls: the rule's hours after from, or the
// urgent hours when the request is urgent and they are sooner.
func (d DeadlineRule) Due(kind string, from time.Time, urgentHours int) time.Time {
	h := map[string]int{DeadlineAcknowledge: d.AcknowledgeHrs, DeadlineDecide: d.DecideHrs, DeadlineExecute: d.ExecuteHrs}[kind]
	if urgentHours > 0 && urgentHours < h {
		h = urgentHours
	}
	return from.Add(time.Duration(h) * time.Hour)
}

// Receipt is the signed evidence of one step of a request, like e-CODEX's
// delivery evidence: who took which action, when, and the SHA-256 of the
// request's content as it stood after the step. Note is a signed note
// (golang.org/x/mod/sumdb/note) under the installation's audit key, which
// anyone with audit.pub verifies offline.
type Receipt struct {
	RequestID string    `json:"request_id"`
	CaseID    string    `json:"case_id"`
	Step      int       `json:"step" doc:"1 for the first transition"`
	Action    string    `json:"action"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	UserID    string    `json:"user_id"`
	Username  string    `json:"username"`
	AgencyID  string    `json:"agency_id"`
	At        time.Time `json:"at"`
	Reason    string    `json:"reason,omitempty"`
	// Recorded is when the step was recorded, set when it differs from
	// At: a step taken by another channel and recorded afterwards
	// (Transit.At). Both are signed, so a backdated step shows as one.
	Recorded time.Time `json:"recorded,omitzero" doc:"when the step was recorded, if later than when it was taken (at)"`
	Digest   string    `json:"digest" doc:"sha256:<hex> of content"`
	Previous string    `json:"previous" doc:"sha256:<hex> of the previous receipt's note, or - for the first"`
	KeyID    string    `json:"key_id"`
	Note     string    `json:"note" doc:"the signed note: the text above and an Ed25519 signature line"`
	Content  string    `json:"content" doc:"the request's content the digest covers (JSON)"`
}

// ReceiptText is the text a receipt's note signs. The first line keeps a
// receipt from passing for an audit checkpoint signed with the same key.
func ReceiptText(r *Receipt) string {
	reason := strings.ReplaceAll(strings.ReplaceAll(r.Reason, "\n", " "), "\r", " ")
	text := fmt.Sprintf("meridian/request-receipt\nrequest %s\ncase %s\nstep %d\naction %s\nfrom %s\nto %s\nuser %s %s\nagency %s\nat %s\ndigest %s\nprevious %s\nreason %s\n",
		r.RequestID, r.CaseID, r.Step, r.Action, r.From, r.To, r.UserID, r.Username, r.AgencyID,
		r.At.UTC().Format(time.RFC3339Nano), r.Digest, r.Previous, reason)
	if !r.Recorded.IsZero() {
		// Only on a step recorded after the fact, so that the receipts
		// signed before the line existed still verify.
		text += "recorded " + r.Recorded.UTC().Format(time.RFC3339Nano) + "\n"
	}
	return text
}

// RequestFilter selects requests.
type RequestFilter struct {
	CaseID string
	// Direction: "in" (to the caller's agency), "out" (from it), "" both.
	Direction string
	State     string
	Overdue   bool
	Page
}

// Transit is one transition asked for.
type Transit struct {
	Action  string `json:"action" enum:"send,withdraw,acknowledge,accept,refuse,execute_partially,execute"`
	Reason  string `json:"reason,omitempty" doc:"grounds of a refusal or withdrawal; what was done of a partial execution"`
	Version int    `json:"version" doc:"the version read"`
	// At is when the step was taken, for a step taken by another channel
	// (on paper, by e-mail, at a meeting) and recorded afterwards: the
	// deadlines count from it, as checks made offline count on their
	// day. It is no earlier than the request's previous step and never in
	// the future; the receipt signs it beside the time of recording.
	At time.Time `json:"at,omitzero" doc:"when the step was taken, if earlier than now (recorded after the fact); not before the previous step"`
}

// RequestTally counts requests between two countries of one type.
type RequestTally struct {
	FromCountry  string `json:"from_country"`
	ToCountry    string `json:"to_country"`
	Type         string `json:"type"`
	Sent         int    `json:"sent"`
	Acknowledged int    `json:"acknowledged"`
	Answered     int    `json:"answered" doc:"accepted, refused, partially executed or executed"`
	Refused      int    `json:"refused"`
	Overdue      int    `json:"overdue" doc:"a deadline passed and its step not taken"`
}

// RequestService is requests for assistance inside cases. A request is
// read by its two agencies while they may read its case; for anyone else
// it does not exist (ENotFound).
type RequestService interface {
	// CreateRequest stores a draft from the caller's agency. EInvalid,
	// ENotFound (case or requested agency not in it), EForbidden.
	CreateRequest(ctx context.Context, r *Request) error
	// UpdateRequest replaces a draft. EConflict when not a draft or the
	// version moved.
	UpdateRequest(ctx context.Context, r *Request) error
	FindRequestByID(ctx context.Context, id string) (*Request, error)
	FindRequests(ctx context.Context, f RequestFilter) ([]*Request, string, error)
	// TransitRequest takes an action and returns the request and its
	// receipt. EInvalid (incomplete, every missing field named),
	// EConflict (not allowed from the state, named), EForbidden (the
	// other side's action).
	TransitRequest(ctx context.Context, id string, t Transit) (*Request, *Receipt, error)
	// FindReceipts lists a request's receipts, oldest first.
	FindReceipts(ctx context.Context, id string) ([]*Receipt, error)
	// FindDeadlineRules lists every type's limits.
	FindDeadlineRules(ctx context.Context) ([]*DeadlineRule, error)
	// SetDeadlineRule changes a type's limits (administrators).
	SetDeadlineRule(ctx context.Context, d *DeadlineRule) error
	// RequestTally counts the requests of the cases the caller reads
	// among caseIDs, by countries and type.
	RequestTally(ctx context.Context, caseIDs []string) ([]*RequestTally, error)
}

// Validate checks a transition's input (the action is checked against the
// state machine by the store).
func (t *Transit) Validate() error {
	f := Fields{Op: "request"}
	if TransitionOf(t.Action) == nil {
		f.Add("action", "unknown action %q (want send, withdraw, acknowledge, accept, refuse, execute_partially or execute)", t.Action)
	}
	if len(t.Reason) > 20000 || !validText(t.Reason) {
		f.Add("reason", "longer than 20000 bytes or not valid text")
	}
	if !t.At.IsZero() && (t.At.Year() < 2000 || t.At.After(time.Now().Add(5*time.Minute))) {
		f.Add("at", "%s is not a plausible time of the step (not in the future)", t.At.Format(time.RFC3339))
	}
	return f.Err()
}

// ReminderChangeKind is the bus kind of a reminder or overdue notice that
// fell due: the sweep queues it through the outbox, the durable worker
// "reminders" delivers it to the inboxes, once.
const ReminderChangeKind = "reminder"

// ReminderBatch is the data of a reminder change: the reminders one sweep
// queued together (at most ReminderBatchSize), delivered in one
// transaction. A change of one ReminderDue (queued before batches) is
// still delivered.
type ReminderBatch struct {
	Reminders []ReminderDue `json:"reminders"`
}

// ReminderBatchSize is the most reminders a reminder change carries.
const ReminderBatchSize = 100

// ReminderDue is one reminder of a reminder change: which notice, for
// which deadline of which request. It names nothing of the request's
// content.
type ReminderDue struct {
	Notice    string    `json:"notice"` // NoticeRequestReminder or NoticeRequestOverdue
	RequestID string    `json:"request_id"`
	Deadline  string    `json:"deadline"`
	Due       time.Time `json:"due"`
	Party     string    `json:"party"`
}
