package meridian

import (
	"context"
	"time"
)

// Rule is a risk indicator of trafficking or smuggling, written as a CEL
// expression evaluated on every traveller of every manifest ingested
// (package rules declares what an expression may use). A rule that holds
// for a traveller raises an alert naming the rule.
//
// Indicators are tuned as officers learn what they catch, so a rule is
// never changed in place: each change is a new version, the old versions
// stay readable, and an alert names the version that raised it.
type Rule struct {
	ID      string `json:"id"`
	Version int    `json:"version" doc:"1 for the first version, one more for each change"`
	Name    string `json:"name" doc:"unique; what officers see on an alert"`
	// Description says what the indicator is, why it matters and its
	// known benign explanations: officers read it when working an alert.
	Description string `json:"description"`
	Expression  string `json:"expression" doc:"CEL expression over traveller, document, booking, itinerary, flight and group; true flags the traveller"`
	// Reason is a CEL expression yielding the sentence an officer reads
	// when the rule fires, with the values that made it fire; empty means
	// the rule's name.
	Reason   string `json:"reason,omitempty" doc:"CEL expression yielding the sentence officers read, e.g. \"'booked %d days before departure'.format([booking.days_before_departure])\""`
	Severity int    `json:"severity" minimum:"1" maximum:"3" doc:"1 low, 2 medium, 3 high"`
	Enabled  bool   `json:"enabled" doc:"only enabled rules screen manifests"`
	Note     string `json:"note,omitempty" doc:"what this version changed and why"`
	// CreatedBy and CreatedAt are the rule's first version; UpdatedBy and
	// UpdatedAt this version's.
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Bounds of a rule's texts.
const (
	MaxRuleExpression  = 10000
	MaxRuleDescription = 4000
)

// Validate checks a rule's own fields; whether the expressions compile is
// the rules engine's to say.
func (r *Rule) Validate() error {
	f := Fields{Op: "rule"}
	validName(&f, "name", r.Name, 200)
	if len(r.Description) > MaxRuleDescription || !validText(r.Description) {
		f.Add("description", "longer than %d bytes or not valid text", MaxRuleDescription)
	}
	switch {
	case r.Expression == "":
		f.Add("expression", "is required")
	case len(r.Expression) > MaxRuleExpression || !validText(r.Expression):
		f.Add("expression", "longer than %d bytes or not valid text", MaxRuleExpression)
	}
	if len(r.Reason) > MaxRuleExpression || !validText(r.Reason) {
		f.Add("reason", "longer than %d bytes or not valid text", MaxRuleExpression)
	}
	if r.Severity < SeverityLow || r.Severity > SeverityHigh {
		f.Add("severity", "must be 1 (low), 2 (medium) or 3 (high), not %d", r.Severity)
	}
	if len(r.Note) > 2000 || !validText(r.Note) {
		f.Add("note", "longer than 2000 bytes or not valid text")
	}
	return f.Err()
}

// Ref names this version of the rule, as an alert does.
func (r *Rule) Ref() RuleRef { return RuleRef{ID: r.ID, Version: r.Version, Name: r.Name} }

// SeverityName returns "low", "medium" or "high" for a severity.
func SeverityName(severity int) string {
	switch severity {
	case SeverityLow:
		return "low"
	case SeverityMedium:
		return "medium"
	case SeverityHigh:
		return "high"
	}
	return "unknown"
}

// RuleHit is one rule holding for one traveller of a manifest.
type RuleHit struct {
	Traveller int    `json:"traveller" doc:"the traveller's place in the manifest (see Manifest.AllTravellers)"`
	RuleID    string `json:"rule_id"`
	Version   int    `json:"version"`
	Name      string `json:"name"`
	Severity  int    `json:"severity" doc:"1 low, 2 medium, 3 high"`
	// Reason is a readable sentence with the values that made the rule
	// hold, e.g. "one-way ticket booked 1 day before departure, paid in
	// cash".
	Reason string `json:"reason"`
}

// Ref names the rule version that hit.
func (h *RuleHit) Ref() RuleRef { return RuleRef{ID: h.RuleID, Version: h.Version, Name: h.Name} }

// RuleFilter selects rules.
type RuleFilter struct {
	// Enabled, when set, keeps only enabled (true) or disabled (false)
	// rules.
	Enabled *bool
	Page
}

// RuleDryRun asks what a rule would have flagged in past manifests: a
// stored rule (RuleID, at Version or the current one) or a draft
// (Expression and Reason), over the manifests received in a period or in
// an operation, newest first.
type RuleDryRun struct {
	RuleID     string `json:"rule_id,omitempty" doc:"a stored rule to run; or give expression"`
	Version    int    `json:"version,omitempty" minimum:"0" doc:"the stored rule's version to run; default the current one"`
	Expression string `json:"expression,omitempty" doc:"a draft expression to run instead of a stored rule"`
	Reason     string `json:"reason,omitempty" doc:"the draft's reason expression"`
	// OperationID, From and To select the manifests: received in the
	// operation, at or after From, before To (each optional).
	OperationID string    `json:"operation_id,omitempty"`
	From        time.Time `json:"from,omitzero" doc:"manifests received at or after this time"`
	To          time.Time `json:"to,omitzero" doc:"manifests received before this time"`
	// Manifests bounds the manifests evaluated, newest first.
	Manifests int `json:"manifests,omitempty" minimum:"0" maximum:"1000" doc:"at most this many manifests, newest first; default 100, at most 1000"`
}

// Dry-run bounds: a dry run reads whole manifests, so it is bounded in
// manifests read and in travellers listed.
const (
	DefaultDryRunManifests = 100
	MaxDryRunManifests     = 1000
	MaxDryRunFlags         = 1000
)

// Validate checks a dry-run request.
func (d *RuleDryRun) Validate() error {
	f := Fields{Op: "rule.dry_run"}
	switch {
	case d.RuleID == "" && d.Expression == "":
		f.Add("expression", "give a draft expression or a rule_id")
	case d.RuleID != "" && d.Expression != "":
		f.Add("expression", "give either a draft expression or a rule_id, not both")
	case d.RuleID != "" && !IsID(d.RuleID):
		f.Add("rule_id", "malformed id %q", d.RuleID)
	}
	switch {
	case d.Version < 0:
		f.Add("version", "must not be negative")
	case d.Version > 0 && d.RuleID == "":
		f.Add("version", "a version needs its rule_id")
	}
	if d.Reason != "" && d.RuleID != "" {
		f.Add("reason", "a reason goes with a draft expression; a stored rule has its own")
	}
	if len(d.Expression) > MaxRuleExpression || !validText(d.Expression) {
		f.Add("expression", "longer than %d bytes or not valid text", MaxRuleExpression)
	}
	if len(d.Reason) > MaxRuleExpression || !validText(d.Reason) {
		f.Add("reason", "longer than %d bytes or not valid text", MaxRuleExpression)
	}
	if d.OperationID != "" && !IsID(d.OperationID) {
		f.Add("operation_id", "malformed id %q", d.OperationID)
	}
	if !d.From.IsZero() && !d.To.IsZero() && !d.To.After(d.From) {
		f.Add("to", "must be after from")
	}
	if d.Manifests < 0 || d.Manifests > MaxDryRunManifests {
		f.Add("manifests", "must be between 0 and %d", MaxDryRunManifests)
	}
	return f.Err()
}

// RuleDryRunResult is what a rule would have flagged.
type RuleDryRunResult struct {
	Rule *Rule `json:"rule" doc:"the rule run: the stored version, or the draft (no id)"`
	// Totals over the manifests evaluated.
	Manifests        int `json:"manifests" doc:"manifests evaluated"`
	Travellers       int `json:"travellers" doc:"travellers evaluated"`
	Flagged          int `json:"flagged" doc:"travellers the rule flagged"`
	FlaggedManifests int `json:"flagged_manifests" doc:"manifests with at least one traveller flagged"`
	Errors           int `json:"errors" doc:"evaluations that failed on a traveller (see warnings)"`
	// More is set when more manifests matched than were evaluated.
	More bool `json:"more" doc:"more manifests matched than were evaluated: narrow the period or raise manifests"`
	// Flags are the travellers flagged, newest manifest first, at most
	// MaxDryRunFlags (Flagged counts them all).
	Flags    []RuleFlag `json:"flags"`
	Warnings []string   `json:"warnings,omitempty" doc:"the first evaluation errors"`
}

// RuleFlag is one traveller a dry run flagged.
type RuleFlag struct {
	ManifestID string         `json:"manifest_id"`
	Flight     string         `json:"flight"`
	FlightDate Date           `json:"flight_date"`
	Country    string         `json:"country" doc:"arrival country"`
	ReceivedAt time.Time      `json:"received_at"`
	Traveller  AlertTraveller `json:"traveller"`
	Reason     string         `json:"reason"`
}

// RuleService manages the risk rules. Rules hold no personal data: every
// signed-in user reads them; coordinators and analysts write them. A dry
// run reads past manifests, only those the caller may read, and is
// audited like any read of them.
type RuleService interface {
	// CreateRule stores r as version 1 of a new rule. EInvalid (a
	// compile error names the field expression or reason and the line
	// and column), EForbidden, EConflict (name taken).
	CreateRule(ctx context.Context, r *Rule) error
	// UpdateRule stores r as the next version of the rule r.ID, if
	// r.Version is the current version. EInvalid, EForbidden, ENotFound,
	// EConflict (stale version, or name taken).
	UpdateRule(ctx context.Context, r *Rule) error
	// SetRuleEnabled enables or disables a rule, as a new version, if
	// version is the current one. EForbidden, ENotFound, EConflict.
	SetRuleEnabled(ctx context.Context, id string, version int, enabled bool) (*Rule, error)
	// FindRuleByID returns the current version of a rule. ENotFound.
	FindRuleByID(ctx context.Context, id string) (*Rule, error)
	// FindRuleVersions returns every version of a rule, newest first.
	// ENotFound.
	FindRuleVersions(ctx context.Context, id string) ([]*Rule, error)
	// FindRules returns a page of rules (current versions) in creation
	// order and the next cursor. EInvalid (cursor).
	FindRules(ctx context.Context, f RuleFilter) ([]*Rule, string, error)
	// DryRunRule evaluates a rule on past manifests the caller may read.
	// EInvalid, EForbidden, ENotFound (rule or version).
	DryRunRule(ctx context.Context, d RuleDryRun) (*RuleDryRunResult, error)
}
