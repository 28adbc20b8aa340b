package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

// RuleInput is what a coordinator or analyst writes of a risk rule.
type RuleInput struct {
	Name        string `json:"name" maxLength:"200" doc:"unique; what officers see on an alert"`
	Description string `json:"description,omitempty" maxLength:"4000" doc:"what the indicator is, why it matters, its benign explanations"`
	Expression  string `json:"expression" maxLength:"10000" doc:"CEL expression over traveller, document, booking, itinerary, flight and group; true flags the traveller"`
	Reason      string `json:"reason,omitempty" maxLength:"10000" doc:"CEL expression giving the sentence officers read when the rule fires"`
	Severity    int    `json:"severity" minimum:"1" maximum:"3" doc:"1 low, 2 medium, 3 high"`
	Enabled     *bool  `json:"enabled,omitempty" doc:"whether the rule screens manifests; default true"`
	Note        string `json:"note,omitempty" maxLength:"2000" doc:"what this version changes and why"`
}

// RuleUpdate replaces a rule by its next version; version is the one
// read, so that a change made meanwhile is not overwritten.
type RuleUpdate struct {
	RuleInput
	Version int `json:"version" doc:"the version read"`
}

// RuleEnabled turns a rule on or off without resending it.
type RuleEnabled struct {
	Enabled bool `json:"enabled"`
	Version int  `json:"version" doc:"the version read"`
}

func (in *RuleInput) rule(id string, version int) *meridian.Rule {
	enabled := in.Enabled == nil || *in.Enabled
	return &meridian.Rule{ID: id, Version: version, Name: in.Name, Description: in.Description,
		Expression: in.Expression, Reason: in.Reason, Severity: in.Severity, Enabled: enabled, Note: in.Note}
}

type ruleListInput struct {
	meridian.Page
	Enabled string `query:"enabled" enum:"true,false" doc:"only enabled (true) or disabled (false) rules"`
}

type ruleEnabledInput struct {
	ID   string `path:"id" doc:"rule id"`
	Body RuleEnabled
}

func (s *Server) ruleRoutes() {
	if s.Rules == nil {
		return
	}
	const tag = "rules"
	register(s, s.op("list-rules", nethttp.MethodGet, "/rules", tag, "List risk rules"),
		func(ctx context.Context, in *ruleListInput) (*listOutput[*meridian.Rule], error) {
			f := meridian.RuleFilter{Page: in.Page}
			if in.Enabled != "" {
				on := in.Enabled == "true"
				f.Enabled = &on
			}
			return page(s.Rules.FindRules(ctx, f))
		})
	create := s.op("create-rule", nethttp.MethodPost, "/rules", tag, "Create a risk rule")
	create.Description = "A compile error in expression or reason is a 422 naming the field, with the line and column."
	register(s, create, func(ctx context.Context, in *createInput[RuleInput]) (*createdOutput[*meridian.Rule], error) {
		r := in.Body.rule("", 0)
		if err := s.Rules.CreateRule(ctx, r); err != nil {
			return nil, err
		}
		return created(r, "/rules/"+r.ID)
	})
	register(s, s.op("get-rule", nethttp.MethodGet, "/rules/{id}", tag, "Get the current version of a risk rule"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.Rule], error) {
			return one(s.Rules.FindRuleByID(ctx, in.ID))
		})
	register(s, s.op("update-rule", nethttp.MethodPut, "/rules/{id}", tag, "Change a risk rule (a new version)"),
		func(ctx context.Context, in *updateInput[RuleUpdate]) (*bodyOutput[*meridian.Rule], error) {
			r := in.Body.rule(in.ID, in.Body.Version)
			return one(r, s.Rules.UpdateRule(ctx, r))
		})
	register(s, s.op("set-rule-enabled", nethttp.MethodPut, "/rules/{id}/enabled", tag, "Enable or disable a risk rule (a new version)"),
		func(ctx context.Context, in *ruleEnabledInput) (*bodyOutput[*meridian.Rule], error) {
			return one(s.Rules.SetRuleEnabled(ctx, in.ID, in.Body.Version, in.Body.Enabled))
		})
	register(s, s.op("list-rule-versions", nethttp.MethodGet, "/rules/{id}/versions", tag, "List every version of a risk rule, newest first"),
		func(ctx context.Context, in *idInput) (*listOutput[*meridian.Rule], error) {
			vs, err := s.Rules.FindRuleVersions(ctx, in.ID)
			return page(vs, "", err)
		})
	dry := s.op("dry-run-rule", nethttp.MethodPost, "/rules/dry-run", tag, "Run a rule or a draft on past manifests")
	dry.DefaultStatus = nethttp.StatusOK
	dry.Description = "Evaluates a stored rule (rule_id, optionally at version) or a draft (expression, reason) on the " +
		"manifests the caller may read, newest first, and returns the travellers it would have flagged with totals. " +
		"Nothing is stored but the audit of the manifests shown."
	register(s, dry, func(ctx context.Context, in *createInput[meridian.RuleDryRun]) (*bodyOutput[*meridian.RuleDryRunResult], error) {
		return one(s.Rules.DryRunRule(ctx, in.Body))
	})
}
