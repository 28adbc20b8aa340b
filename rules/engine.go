package rules

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"

	"meridian"
)

// Warning is a rule that could not be compiled (Traveller -1) or that
// failed on one traveller. Screening goes on without it: a broken rule
// must not stop the other rules or the watchlist checks.
type Warning struct {
	Traveller int              `json:"traveller"`
	Rule      meridian.RuleRef `json:"rule"`
	Message   string           `json:"message"`
}

func (w Warning) String() string {
	if w.Traveller < 0 {
		return fmt.Sprintf("rule %q v%d: %s", w.Rule.Name, w.Rule.Version, w.Message)
	}
	return fmt.Sprintf("rule %q v%d on traveller %d: %s", w.Rule.Name, w.Rule.Version, w.Traveller, w.Message)
}

// program is one compiled rule.
type program struct {
	rule   *meridian.Rule
	expr   cel.Program
	reason cel.Program // nil: the rule's name is the reason
	// shared is set when neither expression names traveller or document:
	// the result is then the same for every traveller sharing the other
	// views (a booking's travellers, a group), so it is computed once.
	shared bool
}

// Engine is a compiled rule set. It is immutable and safe for concurrent
// use: compile once, screen many manifests.
type Engine struct {
	progs   []*program
	skipped []Warning
}

// Compile compiles rules in the order given (disabled ones too: the
// caller chooses what to run). A rule that does not compile is left out
// and reported; the others still run.
func Compile(rules []*meridian.Rule) (*Engine, []Warning) {
	e := &Engine{}
	for _, r := range rules {
		p, err := compile(r.Expression, r.Reason)
		if err != nil {
			e.skipped = append(e.skipped, Warning{Traveller: -1, Rule: r.Ref(), Message: err.Error()})
			continue
		}
		p.rule = r
		e.progs = append(e.progs, p)
	}
	return e, e.skipped
}

// Rules returns the rules the engine runs.
func (e *Engine) Rules() []*meridian.Rule {
	out := make([]*meridian.Rule, len(e.progs))
	for i, p := range e.progs {
		out[i] = p.rule
	}
	return out
}

// Skipped returns the rules left out because they did not compile.
func (e *Engine) Skipped() []Warning { return e.skipped }

// Check compiles a rule's expression and reason as they would run and
// returns EInvalid naming the field ("expression" or "reason") with the
// line and column of each problem, or nil.
func Check(op, expression, reason string) error {
	f := meridian.Fields{Op: op}
	env, err := Env()
	if err != nil {
		return meridian.Internal(op, err)
	}
	checkOne(&f, env, "expression", expression, cel.BoolType)
	if reason != "" {
		checkOne(&f, env, "reason", reason, cel.StringType)
	}
	return f.Err()
}

func checkOne(f *meridian.Fields, env *cel.Env, field, src string, want *cel.Type) {
	if strings.TrimSpace(src) == "" {
		f.Add(field, "is required")
		return
	}
	ast, iss := env.Compile(src)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			loc := e.Location
			f.Add(field, "line %d, column %d: %s", loc.Line(), loc.Column()+1, e.Message)
		}
		return
	}
	if t := ast.OutputType(); !t.IsExactType(want) && !t.IsExactType(cel.DynType) {
		f.Add(field, "line 1, column 1: the expression gives %s, a rule's %s must give %s", t, field, want)
	}
}

// compile returns the programs of a rule's expression and reason.
func compile(expression, reason string) (*program, error) {
	if err := Check("rules.compile", expression, reason); err != nil {
		return nil, err
	}
	env, _ := Env()
	p := &program{shared: true}
	var err error
	if p.expr, err = p.programOf(env, expression); err != nil {
		return nil, err
	}
	if reason != "" {
		if p.reason, err = p.programOf(env, reason); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p *program) programOf(env *cel.Env, src string) (cel.Program, error) {
	ast, iss := env.Compile(src)
	if iss != nil && iss.Err() != nil {
		return nil, iss.Err()
	}
	for _, ref := range ast.NativeRep().ReferenceMap() {
		if ref.Name == "traveller" || ref.Name == "document" {
			p.shared = false
		}
	}
	return env.Program(ast, cel.CostLimit(CostLimit), cel.EvalOptions(cel.OptOptimize))
}

// Result is what screening one manifest found.
type Result struct {
	Travellers int                `json:"travellers"`
	Hits       []meridian.RuleHit `json:"hits" doc:"by traveller, then in rule order"`
	Warnings   []Warning          `json:"warnings,omitempty"`
}

// Screen evaluates every rule on every traveller of m.
func (e *Engine) Screen(m *meridian.Manifest) *Result {
	vs := build(m)
	res := &Result{Travellers: len(vs)}
	memo := make([]map[sharedKey]outcome, len(e.progs))
	costly := make([]int, len(e.progs)) // travellers each rule exceeded CostLimit on
	for i := range vs {
		v := &vs[i]
		for j, p := range e.progs {
			if costly[j] >= MaxCostFailures {
				continue
			}
			var o outcome
			if p.shared {
				k := sharedKey{v.booking, v.itinerary, v.flight, v.group}
				var ok bool
				if o, ok = memo[j][k]; !ok {
					o = p.eval(v)
					if memo[j] == nil {
						memo[j] = map[sharedKey]outcome{}
					}
					memo[j][k] = o
				}
			} else {
				o = p.eval(v)
			}
			if o.warning != "" {
				res.Warnings = append(res.Warnings, Warning{Traveller: i, Rule: p.rule.Ref(), Message: o.warning})
				if o.costly {
					if costly[j]++; costly[j] == MaxCostFailures && i < len(vs)-1 {
						res.Warnings = append(res.Warnings, Warning{Traveller: -1, Rule: p.rule.Ref(),
							Message: fmt.Sprintf("left out for travellers %d to %d: over its cost bound on %d travellers", i+1, len(vs)-1, MaxCostFailures)})
					}
				}
			}
			if o.hit {
				res.Hits = append(res.Hits, meridian.RuleHit{Traveller: i, RuleID: p.rule.ID, Version: p.rule.Version,
					Name: p.rule.Name, Severity: p.rule.Severity, Reason: o.reason})
			}
		}
	}
	return res
}

// sharedKey is the views a shared rule's result depends on.
type sharedKey struct {
	booking   *Booking
	itinerary *Itinerary
	flight    *Flight
	group     *Group
}

// outcome is what a rule gave on one traveller: a hit with its reason, a
// warning, both (the rule held but its reason failed) or neither.
type outcome struct {
	hit     bool
	reason  string
	warning string
	costly  bool // the warning is CostLimit exceeded
}

// eval runs the rule on one traveller's variables.
func (p *program) eval(v *vars) outcome {
	out, _, err := p.expr.Eval(v)
	if err != nil {
		return outcome{warning: err.Error(), costly: strings.Contains(err.Error(), "cost limit exceeded")}
	}
	b, ok := out.(types.Bool)
	if !ok {
		return outcome{warning: fmt.Sprintf("gave %s, not a bool", out.Type())}
	}
	if !b {
		return outcome{}
	}
	o := outcome{hit: true, reason: p.rule.Name}
	if p.reason == nil {
		return o
	}
	out, _, err = p.reason.Eval(v)
	if err != nil {
		o.warning, o.costly = "reason: "+err.Error(), strings.Contains(err.Error(), "cost limit exceeded")
		return o
	}
	s, ok := out.(types.String)
	if !ok || s == "" {
		o.warning = "reason: gave no text"
		return o
	}
	o.reason = string(s)
	return o
}

// Screener evaluates the rules in force on each manifest ingested. It
// keeps one compiled engine and rebuilds it when the rules change: at
// once on a rule change from the bus (Watch) or on Invalidate, and in any
// case after MaxAge, so that an instance that missed a change catches up.
type Screener struct {
	// Load returns the rules in force: the current versions of the
	// enabled rules.
	Load func(ctx context.Context) ([]*meridian.Rule, error)
	// MaxAge bounds how long a rule set is used without asking Load
	// again; 30 seconds when zero.
	MaxAge time.Duration
	Logger *slog.Logger

	mu     sync.Mutex
	engine *Engine
	at     time.Time
	stale  bool
}

// Invalidate makes the next evaluation reload the rules.
func (s *Screener) Invalidate() {
	s.mu.Lock()
	s.stale = true
	s.mu.Unlock()
}

// Watch invalidates the rule set on every rule change on the bus, until
// ctx ends.
func (s *Screener) Watch(ctx context.Context, bus meridian.Bus) error {
	return bus.Subscribe(ctx, meridian.ChangeSubjectPrefix+"rule.>", func(*meridian.Change) { s.Invalidate() })
}

// Engine returns the compiled rules in force, reloading them if needed.
func (s *Screener) Engine(ctx context.Context) (*Engine, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	maxAge := s.MaxAge
	if maxAge <= 0 {
		maxAge = 30 * time.Second
	}
	if s.engine != nil && !s.stale && time.Since(s.at) < maxAge {
		return s.engine, nil
	}
	rs, err := s.Load(ctx)
	if err != nil {
		if s.engine != nil {
			// Keep screening with the rules we have; the next call retries.
			s.logger().Warn("rules: reload failed, keeping the previous set", slog.String("error", err.Error()))
			return s.engine, nil
		}
		return nil, err
	}
	if s.engine == nil || !sameVersions(s.engine.Rules(), rs) {
		e, skipped := Compile(rs)
		for _, w := range skipped {
			s.logger().Error("rules: rule left out", slog.String("rule", w.Rule.ID), slog.Int("version", w.Rule.Version),
				slog.String("error", w.Message))
		}
		s.engine = e
	}
	s.at, s.stale = time.Now(), false
	return s.engine, nil
}

// sameVersions reports whether b is the rule set a was compiled from;
// rules left out for not compiling count as absent, so a set with one
// recompiles at each reload, which is rare and logged.
func sameVersions(a, b []*meridian.Rule) bool {
	return slices.EqualFunc(a, b, func(x, y *meridian.Rule) bool { return x.ID == y.ID && x.Version == y.Version })
}

func (s *Screener) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

// Evaluate screens m with the rules in force, logging evaluation
// warnings: a rule failing on one traveller is the rule writer's to fix,
// not a reason to reject the message.
func (s *Screener) Evaluate(ctx context.Context, m *meridian.Manifest) ([]meridian.RuleHit, error) {
	e, err := s.Engine(ctx)
	if err != nil {
		return nil, err
	}
	r := e.Screen(m)
	// One line per failing rule and manifest, not per traveller: a rule
	// broken on every traveller of a full flight is one problem.
	failed := map[meridian.RuleRef]int{}
	for _, w := range r.Warnings {
		if failed[w.Rule]++; failed[w.Rule] == 1 {
			defer func() {
				s.logger().Warn("rules: evaluation failed", slog.String("rule", w.Rule.ID), slog.Int("version", w.Rule.Version),
					slog.Int("travellers", failed[w.Rule]), slog.Int("first_traveller", w.Traveller), slog.String("error", w.Message))
			}()
		}
	}
	return r.Hits, nil
}
