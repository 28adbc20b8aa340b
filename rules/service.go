package rules

import (
	"context"
	"errors"

	"meridian"
	"meridian/policy"
)

// Store is what the rule service asks of the store (sqldb.DB): the rules
// and their versions, seeding the defaults, and the past manifests a dry
// run reads.
type Store interface {
	CreateRule(ctx context.Context, r *meridian.Rule) error
	UpdateRule(ctx context.Context, r *meridian.Rule) error
	SetRuleEnabled(ctx context.Context, id string, version int, enabled bool) (*meridian.Rule, error)
	FindRuleByID(ctx context.Context, id string) (*meridian.Rule, error)
	FindRuleVersion(ctx context.Context, id string, version int) (*meridian.Rule, error)
	FindRuleVersions(ctx context.Context, id string) ([]*meridian.Rule, error)
	FindRules(ctx context.Context, f meridian.RuleFilter) ([]*meridian.Rule, string, error)
	EnabledRules(ctx context.Context) ([]*meridian.Rule, error)
	// SeedRules stores rs as Meridian itself when there are no rules at all.
	SeedRules(ctx context.Context, rs []*meridian.Rule) error
	// ScanManifests calls fn for the manifests the caller may read, newest
	// first, unaudited.
	ScanManifests(ctx context.Context, f meridian.ManifestScan, fn func(*meridian.ManifestInfo, *meridian.Manifest) error) error
	// AuditRuleDryRun records a dry run and the manifests it shows.
	AuditRuleDryRun(ctx context.Context, ruleID string, shown []*meridian.ManifestInfo) error
}

// Service is the risk rules as officers manage them: a rule whose
// expressions do not compile is never stored, the default set is seeded
// on first use, and a dry run evaluates a rule on past manifests.
type Service struct {
	Store Store
}

var _ meridian.RuleService = (*Service)(nil)

// check validates a rule and compiles its expressions, so that a rule
// that cannot run is never stored.
func check(op string, r *meridian.Rule) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return Check(op, r.Expression, r.Reason)
}

func signedIn(ctx context.Context, op string) error {
	if meridian.SubjectFrom(ctx) == nil {
		return meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	return nil
}

// CreateRule stores a new rule; coordinators and analysts.
func (s *Service) CreateRule(ctx context.Context, r *meridian.Rule) error {
	const op = "rules.CreateRule"
	if err := policy.CanManageRules(meridian.SubjectFrom(ctx)); err != nil {
		return err
	}
	if err := check(op, r); err != nil {
		return err
	}
	return s.Store.CreateRule(ctx, r)
}

// UpdateRule stores r as the next version of its rule.
func (s *Service) UpdateRule(ctx context.Context, r *meridian.Rule) error {
	const op = "rules.UpdateRule"
	if err := policy.CanManageRules(meridian.SubjectFrom(ctx)); err != nil {
		return err
	}
	if err := check(op, r); err != nil {
		return err
	}
	return s.Store.UpdateRule(ctx, r)
}

// SetRuleEnabled enables or disables a rule as a new version.
func (s *Service) SetRuleEnabled(ctx context.Context, id string, version int, enabled bool) (*meridian.Rule, error) {
	return s.Store.SetRuleEnabled(ctx, id, version, enabled)
}

// FindRuleByID returns the current version of a rule.
func (s *Service) FindRuleByID(ctx context.Context, id string) (*meridian.Rule, error) {
	return s.Store.FindRuleByID(ctx, id)
}

// FindRuleVersions returns every version of a rule, newest first.
func (s *Service) FindRuleVersions(ctx context.Context, id string) ([]*meridian.Rule, error) {
	return s.Store.FindRuleVersions(ctx, id)
}

// FindRules lists rules in creation order, seeding the default set first
// if there are none yet.
func (s *Service) FindRules(ctx context.Context, f meridian.RuleFilter) ([]*meridian.Rule, string, error) {
	if err := signedIn(ctx, "rules.FindRules"); err != nil {
		return nil, "", err
	}
	if f.Cursor == "" {
		if err := s.EnsureDefaults(ctx); err != nil {
			return nil, "", err
		}
	}
	return s.Store.FindRules(ctx, f)
}

// EnabledRules returns the rules in force, seeding the default set if
// there are no rules yet: what the ingest screens with (Screener's Load).
func (s *Service) EnabledRules(ctx context.Context) ([]*meridian.Rule, error) {
	if err := signedIn(ctx, "rules.EnabledRules"); err != nil {
		return nil, err
	}
	if err := s.EnsureDefaults(ctx); err != nil {
		return nil, err
	}
	return s.Store.EnabledRules(ctx)
}

// EnsureDefaults stores the default rule set (Defaults) when there are no
// rules at all: a new deployment screens with the defaults from its first
// manifest. Once any rule exists it does nothing, so rules disabled or
// changed by officers stay as they left them.
func (s *Service) EnsureDefaults(ctx context.Context) error {
	const op = "rules.EnsureDefaults"
	ds := Defaults()
	for _, r := range ds {
		if err := check(op, r); err != nil {
			return meridian.Internal(op, err) // the defaults ship tested
		}
	}
	return s.Store.SeedRules(ctx, ds)
}

// maxDryRunWarnings bounds the evaluation errors a dry run reports.
const maxDryRunWarnings = 20

// errEnough stops a dry run's scan once it has read its bound.
var errEnough = errors.New("rules: enough manifests")

// DryRunRule evaluates a stored rule or a draft on the past manifests the
// caller may read (the ingesting agency's, or those arriving in the
// caller's country), newest first, bounded in manifests. The manifests
// are read outside any write transaction, so that a long dry run does not
// hold up the ingest; the result is returned only once the reads of the
// manifests whose travellers it shows are audited.
func (s *Service) DryRunRule(ctx context.Context, d meridian.RuleDryRun) (*meridian.RuleDryRunResult, error) {
	const op = "rules.DryRunRule"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if err := policy.CanManageRules(subj); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	rule, err := s.dryRunRule(ctx, op, d)
	if err != nil {
		return nil, err
	}
	engine, skipped := Compile([]*meridian.Rule{rule})
	if len(skipped) > 0 {
		return nil, meridian.Invalidf(op, "rule_id", "the rule no longer compiles: %s", skipped[0].Message)
	}
	limit := d.Manifests
	if limit == 0 {
		limit = meridian.DefaultDryRunManifests
	}
	res := &meridian.RuleDryRunResult{Rule: rule, Flags: []meridian.RuleFlag{}}
	var shown []*meridian.ManifestInfo
	scan := meridian.ManifestScan{OperationID: d.OperationID, From: d.From, To: d.To, Limit: limit + 1}
	err = s.Store.ScanManifests(ctx, scan, func(info *meridian.ManifestInfo, m *meridian.Manifest) error {
		if res.Manifests == limit {
			res.More = true
			return errEnough
		}
		flag := meridian.RuleFlag{ManifestID: info.ID, ReceivedAt: info.ReceivedAt, Country: info.Country, Flight: info.Flight, FlightDate: info.FlightDate}
		res.Manifests++
		r := engine.Screen(m)
		res.Travellers += r.Travellers
		for _, w := range r.Warnings {
			if w.Traveller >= 0 {
				res.Errors++
			}
			if len(res.Warnings) < maxDryRunWarnings {
				res.Warnings = append(res.Warnings, flag.Flight+" "+string(flag.FlightDate)+": "+w.String())
			}
		}
		if len(r.Hits) == 0 {
			return nil
		}
		res.FlaggedManifests++
		res.Flagged += len(r.Hits)
		ts := m.AllTravellers()
		if len(res.Flags) < meridian.MaxDryRunFlags {
			shown = append(shown, info)
		}
		for _, h := range r.Hits {
			if len(res.Flags) == meridian.MaxDryRunFlags {
				break
			}
			f := flag
			f.Traveller, f.Reason = meridian.TravellerOf(ts[h.Traveller], h.Traveller), h.Reason
			res.Flags = append(res.Flags, f)
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	if err := s.Store.AuditRuleDryRun(ctx, rule.ID, shown); err != nil {
		return nil, err
	}
	return res, nil
}

// dryRunRule returns the rule a dry run evaluates: a stored version, or
// the draft checked as it would be stored.
func (s *Service) dryRunRule(ctx context.Context, op string, d meridian.RuleDryRun) (*meridian.Rule, error) {
	if d.RuleID == "" {
		if err := Check(op, d.Expression, d.Reason); err != nil {
			return nil, err
		}
		return &meridian.Rule{Name: "draft", Expression: d.Expression, Reason: d.Reason,
			Severity: meridian.SeverityLow, Enabled: true}, nil
	}
	if d.Version > 0 {
		return s.Store.FindRuleVersion(ctx, d.RuleID, d.Version)
	}
	return s.Store.FindRuleByID(ctx, d.RuleID)
}
