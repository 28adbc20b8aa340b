package meridian

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Follow-up over months (issue 13, point 5): a case moves through stages,
// and outcomes are recorded on it; the follow-up figures count, of the
// cases of an operation one may read, how far they went and what came of
// the requests between their agencies.

// Case stages, in the order a case goes through them.
const (
	StageInvestigation = "investigation"
	StageProsecution   = "prosecution"
	StageTrial         = "trial"
	StageJudgment      = "judgment"
	StageAppeal        = "appeal"
)

// CaseStages lists the stages in order.
var CaseStages = []string{StageInvestigation, StageProsecution, StageTrial, StageJudgment, StageAppeal}

// Prosecuted reports whether a case at stage has reached prosecution.
func Prosecuted(stage string) bool {
	return slices.Index(CaseStages, stage) >= slices.Index(CaseStages, StageProsecution)
}

// Outcome kinds.
const (
	OutcomeCharge     = "charge"
	OutcomeIndictment = "indictment"
	OutcomeConviction = "conviction"
	OutcomeAcquittal  = "acquittal"
	OutcomeAssisted   = "victims_assisted"
	OutcomeSeized     = "assets_seized"
)

// OutcomeKinds lists the outcome kinds.
var OutcomeKinds = []string{OutcomeCharge, OutcomeIndictment, OutcomeConviction, OutcomeAcquittal, OutcomeAssisted, OutcomeSeized}

// CaseStage is a change of a case's stage. The case's stage is its latest
// change, investigation when it has none.
type CaseStage struct {
	CaseID    string    `json:"case_id" readOnly:"true"`
	Stage     string    `json:"stage" enum:"investigation,prosecution,trial,judgment,appeal"`
	Date      Date      `json:"date" doc:"when the case entered the stage (YYYY-MM-DD)"`
	Note      string    `json:"note,omitempty"`
	AgencyID  string    `json:"agency_id,omitempty" readOnly:"true"`
	ChangedBy string    `json:"changed_by,omitempty" readOnly:"true"`
	ChangedAt time.Time `json:"changed_at,omitzero" readOnly:"true"`
}

// Validate checks a stage change.
func (c *CaseStage) Validate() error {
	f := Fields{Op: "case_stage"}
	if !slices.Contains(CaseStages, c.Stage) {
		f.Add("stage", "unknown stage %q (want investigation, prosecution, trial, judgment or appeal)", c.Stage)
	}
	fullDate(&f, "date", c.Date)
	if len(c.Note) > 2000 || !validText(c.Note) {
		f.Add("note", "longer than 2000 bytes or not valid text")
	}
	return f.Err()
}

// Outcome is what came of a case: a charge, an indictment, a conviction or
// an acquittal of a suspect (a person record, never a victim), victims
// assisted and referred, or assets seized.
type Outcome struct {
	ID             string    `json:"id" readOnly:"true"`
	CaseID         string    `json:"case_id" readOnly:"true"`
	Kind           string    `json:"kind" enum:"charge,indictment,conviction,acquittal,victims_assisted,assets_seized"`
	Date           Date      `json:"date" doc:"YYYY-MM-DD"`
	PersonID       string    `json:"person_id,omitempty" doc:"the suspect's person record, for charges, indictments, convictions and acquittals"`
	PersonHidden   bool      `json:"person_hidden,omitempty" readOnly:"true" doc:"the outcome names a person record the reader may not read: its id is left out (its owner decides)"`
	LegalBasis     string    `json:"legal_basis,omitempty" doc:"the offence and its article, for charges and indictments"`
	SentenceMonths int       `json:"sentence_months,omitempty" doc:"months of imprisonment, for convictions"`
	Fine           int64     `json:"fine,omitempty" doc:"fine in whole units of currency, for convictions"`
	Service        string    `json:"service,omitempty" doc:"the service victims were referred to (shelter, medical, legal, ...)"`
	Count          int       `json:"count,omitempty" doc:"victims assisted"`
	AssetKind      string    `json:"asset_kind,omitempty" doc:"cash, vehicle, property, account, ..."`
	Value          int64     `json:"value,omitempty" doc:"value in whole units of currency, for seized assets"`
	Currency       string    `json:"currency,omitempty" doc:"ISO 4217 code, for fines and seized assets"`
	Note           string    `json:"note,omitempty"`
	AgencyID       string    `json:"agency_id,omitempty" readOnly:"true"`
	CreatedBy      string    `json:"created_by,omitempty" readOnly:"true"`
	CreatedAt      time.Time `json:"created_at,omitzero" readOnly:"true"`
}

// OfSuspect reports whether the outcome's kind names a suspect.
func (o *Outcome) OfSuspect() bool {
	switch o.Kind {
	case OutcomeCharge, OutcomeIndictment, OutcomeConviction, OutcomeAcquittal:
		return true
	}
	return false
}

// Validate checks an outcome's fields for its kind (that person_id is a
// suspect the caller reads is the store's check).
func (o *Outcome) Validate() error {
	f := Fields{Op: "outcome"}
	if !slices.Contains(OutcomeKinds, o.Kind) {
		f.Add("kind", "unknown kind %q (want charge, indictment, conviction, acquittal, victims_assisted or assets_seized)", o.Kind)
	}
	fullDate(&f, "date", o.Date)
	short := func(field, v string, need bool) {
		switch {
		case need && v == "":
			f.Add(field, "required for a %s", o.Kind)
		case len(v) > 500 || !validText(v):
			f.Add(field, "longer than 500 bytes or not valid text")
		}
	}
	if o.OfSuspect() {
		if !IsID(o.PersonID) {
			f.Add("person_id", "required for a %s: the suspect's person record id", o.Kind)
		}
	} else if o.PersonID != "" {
		f.Add("person_id", "names a suspect only for charges, indictments, convictions and acquittals")
	}
	short("legal_basis", o.LegalBasis, o.Kind == OutcomeCharge || o.Kind == OutcomeIndictment)
	short("service", o.Service, o.Kind == OutcomeAssisted)
	short("asset_kind", o.AssetKind, o.Kind == OutcomeSeized)
	if o.SentenceMonths < 0 || o.SentenceMonths > 1200 {
		f.Add("sentence_months", "between 0 and 1200")
	}
	if o.SentenceMonths != 0 && o.Kind != OutcomeConviction {
		f.Add("sentence_months", "only for a conviction")
	}
	if o.Fine < 0 || (o.Fine != 0 && o.Kind != OutcomeConviction) {
		f.Add("fine", "zero or more, and only for a conviction")
	}
	if o.Kind == OutcomeAssisted && (o.Count < 1 || o.Count > 100000) {
		f.Add("count", "between 1 and 100000 victims assisted")
	} else if o.Kind != OutcomeAssisted && o.Count != 0 {
		f.Add("count", "only for victims assisted")
	}
	if o.Value < 0 || (o.Value != 0 && o.Kind != OutcomeSeized) {
		f.Add("value", "zero or more, and only for assets seized")
	}
	if o.Kind == OutcomeSeized && o.Value == 0 {
		f.Add("value", "required for assets seized")
	}
	needCur := o.Fine != 0 || o.Kind == OutcomeSeized
	switch {
	case needCur && !isCurrency(o.Currency):
		f.Add("currency", "an ISO 4217 code of three capital letters, required with a fine or a value")
	case !needCur && o.Currency != "":
		f.Add("currency", "only with a fine or a value")
	}
	if len(o.Note) > 2000 || !validText(o.Note) {
		f.Add("note", "longer than 2000 bytes or not valid text")
	}
	return f.Err()
}

func fullDate(f *Fields, field string, d Date) {
	if _, ok := ParseDate(string(d)); !ok || len(d) != 10 {
		f.Add(field, "a full date YYYY-MM-DD")
	}
}

func isCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range s {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// Followup is the follow-up of an operation's cases that the viewer reads.
type Followup struct {
	OperationID string `json:"operation_id"`
	// Suppressed is true when cells under Suppression were hidden (the
	// viewer does not lead every case counted).
	Suppressed bool           `json:"suppressed"`
	Total      FollowupRow    `json:"total"`
	ByStage    []StageCount   `json:"by_stage"`
	ByCountry  []*FollowupRow `json:"by_country" doc:"by the lead agency's country for cases, the requesting country for requests"`
	ByRegion   []*FollowupRow `json:"by_region" doc:"the countries' figures summed by UN M49 sub-region (meridian.RegionOf)"`
}

// StageCount counts cases at a stage.
type StageCount struct {
	Stage      string `json:"stage"`
	Cases      int    `json:"cases"`
	Suppressed bool   `json:"suppressed,omitempty"`
}

// FollowupRow is one country's (or the total's) figures. A field listed
// in Hidden is suppressed (shown as 0).
type FollowupRow struct {
	Country    string   `json:"country,omitempty"`
	Region     string   `json:"region,omitempty" doc:"the country's UN M49 sub-region; a region's row names no country"`
	Cases      int      `json:"cases"`
	Prosecuted int      `json:"prosecuted" doc:"cases that reached prosecution or later"`
	Convicted  int      `json:"convicted" doc:"cases with a conviction"`
	Sent       int      `json:"requests_sent"`
	Answered   int      `json:"requests_answered"`
	Refused    int      `json:"requests_refused"`
	Overdue    int      `json:"requests_overdue"`
	Hidden     []string `json:"hidden,omitempty" doc:"the figures suppressed: fewer than 11, or hidden so that such a figure cannot be worked out from the total"`
}

// FollowupService records stages and outcomes and counts them. A case one
// may not read is ENotFound everywhere.
type FollowupService interface {
	// FindCaseStages lists a case's stage changes, oldest first.
	FindCaseStages(ctx context.Context, caseID string) ([]*CaseStage, error)
	// SetCaseStage changes a case's stage (those who act in it).
	SetCaseStage(ctx context.Context, caseID string, s *CaseStage) error
	// FindOutcomes lists a case's outcomes, by date.
	FindOutcomes(ctx context.Context, caseID string) ([]*Outcome, error)
	// CreateOutcome records an outcome (those who act in the case).
	CreateOutcome(ctx context.Context, caseID string, o *Outcome) error
	// Followup counts the operation's cases the caller reads.
	Followup(ctx context.Context, operationID string) (*Followup, error)
}

// followupMeasures names a FollowupRow's figures, in its order.
var followupMeasures = []string{"cases", "prosecuted", "convicted", "requests_sent", "requests_answered", "requests_refused", "requests_overdue"}

func (r *FollowupRow) cells() []*int {
	return []*int{&r.Cases, &r.Prosecuted, &r.Convicted, &r.Sent, &r.Answered, &r.Refused, &r.Overdue}
}

// TotalFollowup sets f's total from its countries, and its regions' rows
// (each country's Region set on the way).
func TotalFollowup(f *Followup) {
	f.Total = FollowupRow{}
	f.ByRegion = []*FollowupRow{}
	tot := f.Total.cells()
	regions := map[string]*FollowupRow{}
	for _, r := range f.ByCountry {
		_, r.Region = RegionOf(r.Country)
		reg := regions[r.Region]
		if reg == nil {
			reg = &FollowupRow{Region: r.Region}
			regions[r.Region] = reg
			f.ByRegion = append(f.ByRegion, reg)
		}
		rc := reg.cells()
		for i, c := range r.cells() {
			*tot[i] += *c
			*rc[i] += *c
		}
	}
	slices.SortFunc(f.ByRegion, func(a, b *FollowupRow) int { return strings.Compare(a.Region, b.Region) })
}

// SuppressFollowup hides the figures under Suppression, and those that
// would give one away, with the statistics' suppression (protect). As in
// the statistics, a zero counts no one and is shown. For each figure, the
// countries and the regions are protected together, under what a reader
// knows of them: the countries sum to the total, the regions sum to the
// total, and each region is the sum of its countries (so that a region
// shown beside one hidden country of it does not give that country
// away). The total is published unless it is small itself (then it, its
// countries and its regions are hidden); the stages sum to the cases.
func SuppressFollowup(f *Followup) {
	f.Suppressed = true
	if f.ByRegion == nil {
		TotalFollowup(f)
	}
	tot := f.Total.cells()
	hide := func(r *FollowupRow, i int) {
		*r.cells()[i] = 0
		r.Hidden = append(r.Hidden, followupMeasures[i])
	}
	for i, m := range followupMeasures {
		total := *tot[i]
		var rows []StatRow
		shown := map[string]bool{}
		for _, group := range []struct {
			table string
			rows  []*FollowupRow
		}{{"followup_country_" + m, f.ByCountry}, {"followup_region_" + m, f.ByRegion}} {
			for _, r := range group.rows {
				if n := *r.cells()[i]; n > 0 {
					rows = append(rows, StatRow{Table: group.table, Nationality: r.Country + "|" + r.Region, N: int64(n)})
				} else {
					shown[group.table+r.Country+"|"+r.Region] = true // a zero counts no one
				}
			}
		}
		if total >= Suppression {
			for _, s := range protect(rows, followupRelations) {
				if !s.Suppressed {
					shown[s.Table+s.Nationality] = true
				}
			}
		} else if total > 0 {
			hide(&f.Total, i)
		}
		for _, r := range f.ByCountry {
			if !shown["followup_country_"+m+r.Country+"|"+r.Region] {
				hide(r, i)
			}
		}
		for _, r := range f.ByRegion {
			if !shown["followup_region_"+m+r.Country+"|"+r.Region] {
				hide(r, i)
			}
		}
	}
	var rows []StatRow
	shown := map[string]bool{}
	for _, s := range f.ByStage {
		if s.Cases > 0 {
			rows = append(rows, StatRow{Table: "followup_stage", Nationality: s.Stage, N: int64(s.Cases)})
		} else {
			shown[s.Stage] = true
		}
	}
	if f.Total.Cases >= Suppression {
		for _, s := range protect(rows, sumRelation) {
			if !s.Suppressed {
				shown[s.Nationality] = true
			}
		}
	}
	for i := range f.ByStage {
		if !shown[f.ByStage[i].Stage] {
			f.ByStage[i].Cases, f.ByStage[i].Suppressed = 0, true
		}
	}
}

// followupRelations are what a reader knows of one figure's countries
// and regions (cells named "country|region"): each table sums to the
// published total, and each region is the sum of its countries.
func followupRelations(cells []statCell) []relation {
	var countries, regions relation
	byRegion := map[string]relation{}
	var names []string
	for i, c := range cells {
		_, region, _ := strings.Cut(c.row.Nationality, "|")
		if _, ok := byRegion[region]; !ok {
			names = append(names, region)
		}
		if strings.HasPrefix(c.row.Table, "followup_country_") {
			countries = append(countries, term{i, 1})
			byRegion[region] = append(byRegion[region], term{i, -1})
		} else {
			regions = append(regions, term{i, 1})
			byRegion[region] = append(byRegion[region], term{i, 1})
		}
	}
	rels := []relation{countries, regions}
	for _, n := range names {
		rels = append(rels, byRegion[n])
	}
	return rels
}
