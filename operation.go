package meridian

import (
	"context"
	"slices"
	"time"
)

// OperationStatus is where an operation is in its life.
type OperationStatus string

const (
	OperationPlanned OperationStatus = "planned"
	OperationActive  OperationStatus = "active"
	OperationClosed  OperationStatus = "closed"
)

// Operation is a coordinated action over a period by participating
// countries and agencies, such as Liberterra II.
//
// Who takes part is decided by invitation, never by editing the operation:
// the lead agency's coordinators invite countries and agencies, an invited
// participant accepts, the lead removes (see Participant). Countries and
// Agencies are the accepted participants, kept by the store; a user who
// does not take part sees the summary only (Summary).
type Operation struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Start       Date            `json:"start" doc:"first day, YYYY-MM-DD"`
	End         Date            `json:"end" doc:"last day, YYYY-MM-DD"`
	Status      OperationStatus `json:"status,omitempty"`
	LeadAgency  string          `json:"lead_agency,omitempty" doc:"the agency leading the operation: its coordinators invite and remove participants and change the operation"`
	Countries   []string        `json:"countries,omitempty" doc:"participating countries (accepted), ISO 3166-1 alpha-2"`
	Agencies    []string        `json:"agencies,omitempty" doc:"participating agencies (accepted, ids) beyond whole countries, the lead included"`
	Units       []Unit          `json:"units,omitempty" doc:"regional coordination units"`
	Deployments []Deployment    `json:"deployments,omitempty"`
	CreatedBy   string          `json:"created_by,omitempty"`
	CreatedAt   time.Time       `json:"created_at,omitzero"`
	UpdatedAt   time.Time       `json:"updated_at,omitzero"`
	Version     int             `json:"version,omitempty"`
	// Summary marks what a user who does not take part sees: the id, name
	// and period, nothing else.
	Summary bool `json:"summary,omitempty" doc:"true when you do not take part in the operation: only its name and period are shown"`
}

// SummaryOf is what a user who does not take part sees of an operation.
func (o *Operation) SummaryOf() *Operation {
	return &Operation{ID: o.ID, Name: o.Name, Start: o.Start, End: o.End, Summary: true}
}

// ParticipantKind is what is invited: a whole country or one agency.
type ParticipantKind string

const (
	ParticipantCountry ParticipantKind = "country"
	ParticipantAgency  ParticipantKind = "agency"
)

// ParticipantStatus is where an invitation stands.
type ParticipantStatus string

const (
	ParticipantInvited  ParticipantStatus = "invited"
	ParticipantAccepted ParticipantStatus = "accepted"
	ParticipantRemoved  ParticipantStatus = "removed"
)

// Participant is a country or agency invited to an operation, and what
// became of the invitation: who invited, who accepted on its behalf, who
// removed it, and when. A country takes part once its national central
// bureau accepts (a user with the ncb role in an agency of kind ncb of
// that country); an agency once one of its coordinators or NCB officers
// accepts. Only accepted participants see what is released to "all".
type Participant struct {
	OperationID      string            `json:"operation_id"`
	Kind             ParticipantKind   `json:"kind" enum:"country,agency"`
	Value            string            `json:"value" doc:"ISO 3166-1 alpha-2 country code, or agency id"`
	Status           ParticipantStatus `json:"status" enum:"invited,accepted,removed"`
	InvitedBy        string            `json:"invited_by,omitempty" doc:"user id"`
	InvitedByAgency  string            `json:"invited_by_agency,omitempty"`
	InvitedAt        time.Time         `json:"invited_at,omitzero"`
	AcceptedBy       string            `json:"accepted_by,omitempty" doc:"user id"`
	AcceptedByAgency string            `json:"accepted_by_agency,omitempty"`
	AcceptedAt       time.Time         `json:"accepted_at,omitzero"`
	RemovedBy        string            `json:"removed_by,omitempty" doc:"user id"`
	RemovedByAgency  string            `json:"removed_by_agency,omitempty"`
	RemovedAt        time.Time         `json:"removed_at,omitzero"`
}

// Validate checks the kind and the form of the value.
func (p *Participant) Validate() error {
	f := Fields{Op: "participant"}
	switch p.Kind {
	case ParticipantCountry:
		if !IsCountry(p.Value) {
			f.Add("value", "unknown ISO 3166-1 alpha-2 country code %q", p.Value)
		}
	case ParticipantAgency:
		if !IsID(p.Value) {
			f.Add("value", "malformed agency id %q", p.Value)
		}
	default:
		f.Add("kind", "unknown kind %q (want country or agency)", p.Kind)
	}
	return f.Err()
}

// Unit is a regional operational coordination unit (OCU).
type Unit struct {
	Name      string   `json:"name"`
	Countries []string `json:"countries" doc:"member countries"`
	Agencies  []string `json:"agencies,omitempty" doc:"staffing agencies, e.g. prosecutors and UNODC"`
}

// DeploymentKind is the kind of place officers are deployed to.
type DeploymentKind string

const (
	DeployBorderPoint DeploymentKind = "border_point"
	DeployAirport     DeploymentKind = "airport"
	DeploySeaport     DeploymentKind = "seaport"
	DeployHotspot     DeploymentKind = "hotspot"
)

// Deployment is officers at a place for a period.
type Deployment struct {
	Name    string         `json:"name"`
	Kind    DeploymentKind `json:"kind" enum:"border_point,airport,seaport,hotspot"`
	Country string         `json:"country"`
	Lat     float64        `json:"lat,omitempty"`
	Lon     float64        `json:"lon,omitempty"`
	Start   Date           `json:"start"`
	End     Date           `json:"end"`
}

// CanMoveTo reports whether an operation may go from one status to another:
// planned, then active, then closed; a planned operation may be closed
// without running, and a closed one stays closed so that its results are
// final.
func CanMoveTo(from, to OperationStatus) bool {
	return from == to || from == OperationPlanned || (from == OperationActive && to == OperationClosed)
}

// Participation returns who takes part in the operation.
func (o *Operation) Participation() Participation {
	return Participation{Countries: o.Countries, Agencies: o.Agencies}
}

// Join adds an accepted participant to Countries or Agencies.
func (o *Operation) Join(p *Participant) {
	l := &o.Agencies
	if p.Kind == ParticipantCountry {
		l = &o.Countries
	}
	if !slices.Contains(*l, p.Value) {
		*l = append(*l, p.Value)
	}
}

// Leave removes a participant from Countries or Agencies.
func (o *Operation) Leave(p *Participant) {
	l := &o.Agencies
	if p.Kind == ParticipantCountry {
		l = &o.Countries
	}
	*l = slices.DeleteFunc(*l, func(v string) bool { return v == p.Value })
}

// Validate checks an operation.
func (o *Operation) Validate() error {
	f := Fields{Op: "operation"}
	validName(&f, "name", o.Name, 200)
	if len(o.Description) > 10000 || !validText(o.Description) {
		f.Add("description", "longer than 10000 bytes or not valid text")
	}
	start, ok1 := ParseDate(string(o.Start))
	end, ok2 := ParseDate(string(o.End))
	if !ok1 || start.Partial() {
		f.Add("start", "must be a date YYYY-MM-DD")
	}
	if !ok2 || end.Partial() {
		f.Add("end", "must be a date YYYY-MM-DD")
	}
	if ok1 && ok2 && end < start {
		f.Add("end", "is before start")
	}
	switch o.Status {
	case OperationPlanned, OperationActive, OperationClosed:
	default:
		f.Add("status", "unknown status %q (want planned, active or closed)", o.Status)
	}
	countries(&f, "countries", o.Countries)
	ids(&f, "agencies", o.Agencies)
	if o.LeadAgency != "" && !IsID(o.LeadAgency) {
		f.Add("lead_agency", "malformed id %q", o.LeadAgency)
	}
	for i, u := range o.Units {
		p := indexed("units", i)
		validName(&f, p+".name", u.Name, 200)
		countries(&f, p+".countries", u.Countries)
		ids(&f, p+".agencies", u.Agencies)
	}
	for i, d := range o.Deployments {
		p := indexed("deployments", i)
		validName(&f, p+".name", d.Name, 200)
		if !slices.Contains([]DeploymentKind{DeployBorderPoint, DeployAirport, DeploySeaport, DeployHotspot}, d.Kind) {
			f.Add(p+".kind", "unknown deployment kind %q", d.Kind)
		}
		if !IsCountry(d.Country) {
			f.Add(p+".country", "unknown ISO 3166-1 alpha-2 country code %q", d.Country)
		}
		validLatLon(&f, p, d.Lat, d.Lon)
		ds, ok1 := ParseDate(string(d.Start))
		de, ok2 := ParseDate(string(d.End))
		if !ok1 || ds.Partial() || (ok1 && (ds < start || ds > end)) {
			f.Add(p+".start", "must be a date YYYY-MM-DD within the operation")
		}
		if !ok2 || de.Partial() || (ok2 && (de < ds || de > end)) {
			f.Add(p+".end", "must be a date YYYY-MM-DD within the operation, not before start")
		}
	}
	if len(o.Countries)+len(o.Agencies)+len(o.Units)+len(o.Deployments) > 20000 {
		f.Add("", "operation too large")
	}
	return f.Err()
}

func countries(f *Fields, field string, cs []string) {
	seen := map[string]bool{}
	for i, c := range cs {
		if !IsCountry(c) {
			f.Add(indexed(field, i), "unknown ISO 3166-1 alpha-2 country code %q", c)
		} else if seen[c] {
			f.Add(indexed(field, i), "country %s listed twice", c)
		}
		seen[c] = true
	}
}

func ids(f *Fields, field string, xs []string) {
	for i, x := range xs {
		if !IsID(x) {
			f.Add(indexed(field, i), "malformed id %q", x)
		}
	}
}

func validLatLon(f *Fields, prefix string, lat, lon float64) {
	if lat < -90 || lat > 90 {
		f.Add(prefix+".lat", "latitude %v out of range -90..90", lat)
	}
	if lon < -180 || lon > 180 {
		f.Add(prefix+".lon", "longitude %v out of range -180..180", lon)
	}
}

// OperationFilter selects operations.
type OperationFilter struct {
	Status OperationStatus
	Page
}

// OperationService manages operations. Every signed-in user sees an
// operation's name and period; its participants see the whole of it and
// its figures. A coordinator creates an operation and their agency leads
// it; the lead's coordinators change it and its participants.
type OperationService interface {
	// CreateOperation returns EInvalid or EForbidden. The caller's agency
	// leads the operation; the countries and agencies o names are
	// invited, not made participants (only Meridian itself, the system
	// subject, creates an operation with its participants).
	CreateOperation(ctx context.Context, o *Operation) error
	// FindOperationByID returns ENotFound; a summary (SummaryOf) to a
	// user who does not take part.
	FindOperationByID(ctx context.Context, id string) (*Operation, error)
	// FindOperations returns a page of operations and the next cursor,
	// summaries where the caller does not take part.
	FindOperations(ctx context.Context, f OperationFilter) ([]*Operation, string, error)
	// UpdateOperation replaces o (matched by ID and Version); its lead
	// and participants do not change this way (EInvalid if o tries).
	// EInvalid, EForbidden, ENotFound, EConflict (stale version).
	UpdateOperation(ctx context.Context, o *Operation) error

	// InviteParticipant invites a country or an agency; the lead's
	// coordinators. EInvalid, EForbidden, ENotFound, EConflict (already
	// invited or taking part, or the operation is closed).
	InviteParticipant(ctx context.Context, operationID string, kind ParticipantKind, value string) (*Participant, error)
	// AcceptInvitation accepts an invitation on behalf of the invited
	// country (its NCB) or agency. ENotFound (no open invitation),
	// EForbidden (the invitation is someone else's), EConflict (closed).
	AcceptInvitation(ctx context.Context, operationID string, kind ParticipantKind, value string) (*Participant, error)
	// RemoveParticipant withdraws an invitation or removes a participant,
	// who loses access at once; the lead's coordinators; the lead agency
	// itself cannot be removed. EForbidden, ENotFound, EConflict.
	RemoveParticipant(ctx context.Context, operationID string, kind ParticipantKind, value string) (*Participant, error)
	// FindParticipants lists who was invited and what became of it: all
	// of it to participants, only their own invitations to invitees.
	// EForbidden to anyone else, ENotFound.
	FindParticipants(ctx context.Context, operationID string) ([]*Participant, error)
	// FindInvitations lists the open invitations the caller may accept.
	FindInvitations(ctx context.Context) ([]*Participant, error)
}
