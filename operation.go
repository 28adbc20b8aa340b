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
type Operation struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Start       Date            `json:"start" doc:"first day, YYYY-MM-DD"`
	End         Date            `json:"end" doc:"last day, YYYY-MM-DD"`
	Status      OperationStatus `json:"status"`
	Countries   []string        `json:"countries" doc:"participating countries, ISO 3166-1 alpha-2"`
	Agencies    []string        `json:"agencies" doc:"participating agencies (ids) beyond whole countries"`
	Units       []Unit          `json:"units" doc:"regional coordination units"`
	Deployments []Deployment    `json:"deployments"`
	CreatedBy   string          `json:"created_by"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	Version     int             `json:"version"`
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

// OperationService manages operations. Operations hold no personal data:
// every authenticated user may read them; coordinators and administrators
// write them.
type OperationService interface {
	// CreateOperation returns EInvalid or EForbidden.
	CreateOperation(ctx context.Context, o *Operation) error
	// FindOperationByID returns ENotFound.
	FindOperationByID(ctx context.Context, id string) (*Operation, error)
	// FindOperations returns a page of operations and the next cursor.
	FindOperations(ctx context.Context, f OperationFilter) ([]*Operation, string, error)
	// UpdateOperation replaces o (matched by ID and Version).
	// EInvalid, EForbidden, ENotFound, EConflict (stale version).
	UpdateOperation(ctx context.Context, o *Operation) error
}
