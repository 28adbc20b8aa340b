package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"meridian"
	"meridian/sim"
	"meridian/sim/operation"
)

// The demo's follow-up (issue 13, point 6): the six months after the
// week, on the planted networks. The prosecutors of North Macedonia
// (destination), Serbia (transit and origin) and Albania (origin) open
// cases on the network's records, bring in the police, the NCB and each
// other, exchange requests of several types (some answered on time, some
// late, some refused, some still waiting for them), change the cases'
// stages up to the judgment and an appeal, and record the outcomes. Every
// step goes through the store calls a user's request makes, as that user,
// so that the audit, the receipts and the reminders are real; a step
// taken in the past is recorded with its date (meridian.Transit.At), as
// the week's checks count on their simulated day. The cases of further
// cells of the network (a suspect each, in the countries of the region)
// make the follow-up figures large enough to be published (11 or more).

// demoFollowupStream draws the further cells' names and dates.
const demoFollowupStream = 0xf011

// followLaw is the trafficking offence of each lead country.
var followLaw = map[string]string{
	"MK": "Criminal Code of North Macedonia, art. 418-a (trafficking in human beings)",
	"RS": "Criminal Code of Serbia, art. 388 (trafficking in human beings)",
	"AL": "Criminal Code of Albania, art. 110/a (trafficking in persons)",
	"GR": "Greek Penal Code, art. 323A (trafficking in human beings)",
	"TR": "Turkish Penal Code, art. 80 (trafficking in human beings)",
	"IT": "Italian Penal Code, art. 601 (trafficking in persons)",
	"DE": "German Criminal Code, s. 232 (trafficking in human beings)",
}

// demoDay is a day of the follow-up at a working hour.
func demoDay(s string, hour int) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic("demo: bad date " + s)
	}
	return t.Add(time.Duration(hour) * time.Hour)
}

// follower plants the follow-up as the demo's users.
type follower struct {
	m    *Main
	w    *operation.World
	ctx  context.Context
	op   string
	subj map[string]context.Context
	agcy map[string]string // username → agency id
	user map[string]string // username → user id
}

// as returns the context of the plan's user username.
func (f *follower) as(username string) (context.Context, error) {
	if c, ok := f.subj[username]; ok {
		return c, nil
	}
	c, err := demoSubject(f.ctx, f.m, f.w, username)
	if err != nil {
		return nil, err
	}
	s := meridian.SubjectFrom(c)
	s.Purpose = "demo: case follow-up"
	f.subj[username], f.agcy[username], f.user[username] = c, s.AgencyID, s.UserID
	return c, nil
}

// followCase is one case of the follow-up: its lead prosecutor, records,
// participants (username → role), stages and outcomes, requests.
type followCase struct {
	lead     string // the lead prosecutor's username
	officer  string // the case officer named, of an investigating agency
	title    string
	summary  string
	records  []string // ids
	parts    map[string]string
	prosec   []string // further prosecutors named (participants' own)
	stages   []meridian.CaseStage
	outcomes []followOutcome
	requests []followRequest
	messages []followMessage
}

// followOutcome is an outcome, its suspect named by record index.
type followOutcome struct {
	by      string
	suspect int // index in records, -1: none
	o       meridian.Outcome
}

// followRequest is a request and the steps taken on it, each as the
// party whose step it is, at its date; a step at the zero time is taken
// now.
type followRequest struct {
	from, to string // usernames
	typ      string
	title    string
	urgent   int
	steps    []followStep
}

type followStep struct {
	action string
	at     time.Time
	reason string
}

type followMessage struct {
	by      string
	request int // index in requests, -1: the case's thread
	body    string
}

// plantDemoFollowup plants the follow-up on the network's records (by
// their name, from plantDemoNetworks).
func plantDemoFollowup(ctx context.Context, m *Main, w *operation.World, net map[string]string) error {
	f := &follower{m: m, w: w, ctx: ctx, op: w.Operation.ID, subj: map[string]context.Context{}, agcy: map[string]string{}, user: map[string]string{}}
	cases, err := f.networkCases(net)
	if err != nil {
		return err
	}
	cells, err := f.cellCases()
	if err != nil {
		return err
	}
	for _, c := range append(cases, cells...) {
		if err := f.plant(c); err != nil {
			return fmt.Errorf("demo: the case %q: %w", c.title, err)
		}
	}
	return nil
}

// fields fills a request type's every field, mandatory or not, for the
// case: the demo's requests are whole, as a sender's must be.
func (f *follower) fields(typ, from, title string) map[string]string {
	s := meridian.SubjectFrom(f.subj[from])
	a, _ := f.m.DB.FindAgencyByID(meridian.WithSubject(f.ctx, meridian.SystemSubject), s.AgencyID)
	name := s.Username
	if a != nil {
		name = a.Name
	}
	law := followLaw[s.Country]
	if law == "" {
		law = "Trafficking in human beings (UNTOC Protocol, art. 3)"
	}
	v := map[string]string{
		"issuing_authority": name, "contact": s.Username + ", " + name, "validating_authority": name,
		"central_authority": "Ministry of Justice, central authority for mutual legal assistance",
		"legal_basis":       "UNTOC art. 18; Protocol to Prevent, Suppress and Punish Trafficking in Persons",
		"offence":           law, "applicable_law": law,
		"proceedings":      "Criminal proceedings opened after Operation Liberterra II (raids of 2 and 3 October 2024)",
		"proceedings_type": "criminal proceedings brought by a judicial authority",
		"facts": "Between 2022 and October 2024 the network recruited young women in Albania, Serbia, Ukraine, Colombia and Russia with offers of work abroad and " +
			"exploited them in bars in North Macedonia. The recruiters' telephone numbers and e-mail addresses were found in the victims' phones.",
		"purpose":                "To establish the roles of the recruiters and the flow of the proceeds, for the prosecution. " + title,
		"information_sought":     title,
		"connection":             "The persons concerned are suspects of the case; the information is needed for their prosecution.",
		"assistance_sought":      title,
		"investigative_measures": title,
		"persons_concerned":      "The suspects named in the case.",
		"parties":                "The prosecution services of North Macedonia, Serbia and Albania.",
		"period":                 "18 months from signature",
		"leaders":                "The lead prosecutors of each party",
		"members":                "Prosecutors, police and border officers named in annex 1",
		"jit_reference":          "JIT LIBERTERRA-MK-RS-AL/2024/1",
		"data_to_preserve":       "Subscriber, traffic and location data of the telephone numbers named, from 1 January 2024",
		"custodian":              "The telephone operators of the numbers",
		"necessity":              "The data will be erased by the operators after twelve months.",
		"mla_to_follow":          "yes",
		"person":                 "The suspect named in the case, his identity as recorded",
		"warrant":                "Detention order of the competent court, issued after the raids",
		"penalty":                "Up to 15 years of imprisonment",
		"reasons":                "The suspect lives in the requested country, which does not extradite its nationals; the evidence is there.",
		"file":                   "The case file, its records and the witness statements, sent as an evidence package",
		"urgency_reason":         "The suspect is expected to leave the country.",
	}
	out := map[string]string{}
	for _, x := range meridian.RequestTypeOf(typ).Fields {
		out[x.Name] = v[x.Name]
	}
	return out
}

// plant creates a case and its follow-up, each step as its user.
func (f *follower) plant(c followCase) error {
	lead, err := f.as(c.lead)
	if err != nil {
		return err
	}
	k := &meridian.Case{Title: c.title, Summary: c.summary, Records: c.records}
	k.Meta = meridian.Meta{OperationID: f.op, TLP: meridian.TLPAmber, Release: meridian.Release{Scope: meridian.ScopeAll}}
	if err := f.m.DB.CreateCase(lead, k); err != nil {
		return err
	}
	// In a fixed order: the demo is the same on every first start.
	for _, u := range slices.Sorted(maps.Keys(c.parts)) {
		if _, err := f.as(u); err != nil {
			return err
		}
		if err := f.m.DB.SetCaseParticipant(lead, k.ID, &meridian.CaseParticipant{AgencyID: f.agcy[u], Role: c.parts[u]}); err != nil {
			return fmt.Errorf("participant %s: %w", u, err)
		}
	}
	assign := func(by context.Context, u, role string) error {
		if _, err := f.as(u); err != nil {
			return err
		}
		return f.m.DB.AssignCaseUser(by, k.ID, &meridian.CaseAssignment{UserID: f.user[u], Role: role})
	}
	if err := assign(lead, c.lead, meridian.AssignProsecutor); err != nil {
		return err
	}
	if c.officer != "" {
		if err := assign(lead, c.officer, meridian.AssignCaseOfficer); err != nil {
			return err
		}
	}
	for _, p := range c.prosec {
		pc, err := f.as(p)
		if err != nil {
			return err
		}
		if err := assign(pc, p, meridian.AssignProsecutor); err != nil {
			return err
		}
	}
	reqs := make([]string, len(c.requests))
	for i, r := range c.requests {
		if reqs[i], err = f.request(k.ID, r); err != nil {
			return fmt.Errorf("request %q: %w", r.title, err)
		}
	}
	for _, s := range c.stages {
		s := s
		if err := f.m.DB.SetCaseStage(lead, k.ID, &s); err != nil {
			return fmt.Errorf("stage %s: %w", s.Stage, err)
		}
	}
	for _, o := range c.outcomes {
		by, err := f.as(o.by)
		if err != nil {
			return err
		}
		x := o.o
		if o.suspect >= 0 {
			x.PersonID = c.records[o.suspect]
		}
		if err := f.m.DB.CreateOutcome(by, k.ID, &x); err != nil {
			return fmt.Errorf("outcome %s: %w", x.Kind, err)
		}
	}
	for _, msg := range c.messages {
		by, err := f.as(msg.by)
		if err != nil {
			return err
		}
		x := &meridian.CaseMessage{CaseID: k.ID, Body: msg.body}
		if msg.request >= 0 {
			x.RequestID = reqs[msg.request]
		}
		if err := f.m.DB.PostMessage(by, x); err != nil {
			return fmt.Errorf("message of %s: %w", msg.by, err)
		}
	}
	return nil
}

// request drafts, sends and moves a request along its steps.
func (f *follower) request(caseID string, r followRequest) (string, error) {
	from, err := f.as(r.from)
	if err != nil {
		return "", err
	}
	if _, err := f.as(r.to); err != nil {
		return "", err
	}
	q := &meridian.Request{CaseID: caseID, Type: r.typ, Title: r.title, To: meridian.RequestParty{AgencyID: f.agcy[r.to]},
		Fields: f.fields(r.typ, r.from, r.title)}
	if r.urgent > 0 {
		q.Urgent, q.UrgentHours = true, r.urgent
	}
	if err := f.m.DB.CreateRequest(from, q); err != nil {
		return "", err
	}
	version := q.Version
	for _, s := range r.steps {
		by := from
		if t := meridian.TransitionOf(s.action); t != nil && !t.Requesting {
			by = f.subj[r.to]
		}
		x, _, err := f.m.DB.TransitRequest(by, q.ID, meridian.Transit{Action: s.action, Reason: s.reason, Version: version, At: s.at})
		if err != nil {
			return "", fmt.Errorf("%s: %w", s.action, err)
		}
		version = x.Version
	}
	return q.ID, nil
}

// steps builds a request's steps from its dates: sent, acknowledged,
// then decided (accept, or refuse with a reason), then executed; an
// empty date stops the request there, waiting.
func steps(sent, ack, decided, executed string, refusal string) []followStep {
	s := []followStep{{action: meridian.ActSend, at: demoDay(sent, 10)}}
	if ack == "" {
		return s
	}
	s = append(s, followStep{action: meridian.ActAcknowledge, at: demoDay(ack, 11)})
	if decided == "" {
		return s
	}
	if refusal != "" {
		return append(s, followStep{action: meridian.ActRefuse, at: demoDay(decided, 15), reason: refusal})
	}
	s = append(s, followStep{action: meridian.ActAccept, at: demoDay(decided, 15)})
	if executed == "" {
		return s
	}
	return append(s, followStep{action: meridian.ActExecute, at: demoDay(executed, 16)})
}

// followCountry is a country's short name.
func followCountry(code string) string {
	c, ok := meridian.LookupCountry(code)
	if !ok {
		return code
	}
	n, _, _ := strings.Cut(c.Name, ",")
	return n
}

// sentNow is a request sent today, waiting for the other side.
func sentNow() []followStep { return []followStep{{action: meridian.ActSend}} }

func stage(st, date, note string) meridian.CaseStage {
	return meridian.CaseStage{Stage: st, Date: meridian.Date(date), Note: note}
}

// networkCases are the three cases on the planted network, led by the
// prosecutors of its destination, transit and origin countries.
func (f *follower) networkCases(net map[string]string) ([]followCase, error) {
	id := func(names ...string) ([]string, error) {
		var out []string
		for _, n := range names {
			x, ok := net[n]
			if !ok {
				return nil, fmt.Errorf("demo: no network record %q", n)
			}
			out = append(out, x)
		}
		return out, nil
	}
	mkRecs, err := id("Dragan Stojanovski", "Zoran Trajkovski", "Besnik Krasniqi", "Nikola Jovanović", "Oleksandr Melnyk",
		"Ermira Hoxhaj", "Valentina Rojas", "Yulia Sokolova", "Jelena Marković", "Kateryna Bondarenko")
	if err != nil {
		return nil, err
	}
	rsRecs, err := id("Nikola Jovanović", "Besnik Krasnići", "Besnik Krasniqi", "Jelena Marković")
	if err != nil {
		return nil, err
	}
	alRecs, err := id("Besnik Krasniqi", "Ermira Hoxhaj")
	if err != nil {
		return nil, err
	}
	conv := func(by string, suspect int, date string, months int, fine int64, note string) followOutcome {
		o := meridian.Outcome{Kind: meridian.OutcomeConviction, Date: meridian.Date(date), SentenceMonths: months, Fine: fine, Note: note}
		if fine > 0 {
			o.Currency = "EUR"
		}
		return followOutcome{by: by, suspect: suspect, o: o}
	}
	charge := func(by string, kind string, suspect int, date, law string) followOutcome {
		return followOutcome{by: by, suspect: suspect, o: meridian.Outcome{Kind: kind, Date: meridian.Date(date), LegalBasis: law}}
	}
	mk := followCase{
		lead: "prosecutor.mk", officer: "officer.mk",
		title:   "Stojanovski network: sexual exploitation in Skopje and Ohrid",
		summary: "Opened after the raids of 2 and 3 October 2024 in North Macedonia: two exploiters, three recruiters in Albania, Serbia and Ukraine, five women rescued.",
		records: mkRecs,
		parts: map[string]string{"officer.mk": meridian.CaseInvestigating, "prosecutor.rs": meridian.CaseProsecuting, "prosecutor.al": meridian.CaseProsecuting,
			"officer.ua": meridian.CaseInvestigating, "ncb.al": meridian.CaseSupporting, "observer.unodc": meridian.CaseObserver},
		prosec: []string{"prosecutor.rs", "prosecutor.al"},
		requests: []followRequest{
			{from: "prosecutor.mk", to: "prosecutor.al", typ: meridian.RequestPreservation, title: "Preserve the subscriber and traffic data of +355 69 412 7788",
				steps: steps("2024-10-07", "2024-10-08", "2024-10-09", "2024-10-15", "")},
			{from: "prosecutor.rs", to: "prosecutor.mk", typ: meridian.RequestJITAgreement, title: "Joint investigation team North Macedonia – Serbia – Albania",
				steps: steps("2024-10-10", "2024-10-11", "2024-10-25", "2024-11-04", "")},
			{from: "prosecutor.mk", to: "prosecutor.rs", typ: meridian.RequestEIO, title: "Hear Jelena Marković as a witness; phone records of Nikola Jovanović",
				steps: steps("2024-10-14", "2024-10-18", "2024-11-05", "2025-01-20", "")},
			{from: "prosecutor.mk", to: "prosecutor.al", typ: meridian.RequestMLA, title: "Bank records of Besnik Krasniqi, 2022–2024",
				steps: steps("2024-10-21", "2024-11-04", "2024-12-02", "2025-02-27", "")},
			{from: "prosecutor.mk", to: "officer.ua", typ: meridian.RequestPoliceInfo, title: "Who holds the Telegram account @work_abroad_ua",
				steps: steps("2024-11-04", "2024-11-12", "2024-12-20", "", "The account was deleted before the request; the provider holds no data on it.")},
			// Waiting for the North Macedonian prosecutor: one overdue,
			// one acknowledged and not decided in time, one sent today.
			{from: "prosecutor.al", to: "prosecutor.mk", typ: meridian.RequestMLA, title: "Hear Dragan Stojanovski on Besnik Krasniqi's role",
				steps: steps("2025-03-03", "", "", "", "")},
			{from: "prosecutor.rs", to: "prosecutor.mk", typ: meridian.RequestEIO, title: "Copy of the judgment of 28 March 2025 and the statements of the Serbian victim",
				steps: steps("2025-03-31", "2025-04-02", "", "", "")},
			{from: "officer.ua", to: "prosecutor.mk", typ: meridian.RequestPoliceInfo, title: "Contacts of Kateryna Bondarenko's recruiter found in the seized phones",
				steps: sentNow()},
		},
		stages: []meridian.CaseStage{
			stage(meridian.StageProsecution, "2024-12-16", "Indictment filed with the Basic Criminal Court Skopje"),
			stage(meridian.StageTrial, "2025-02-10", "Trial opened"),
			stage(meridian.StageJudgment, "2025-03-28", "Both exploiters convicted"),
			stage(meridian.StageAppeal, "2025-04-22", "The defence appealed to the Court of Appeal Skopje"),
		},
		outcomes: []followOutcome{
			{by: "officer.mk", suspect: -1, o: meridian.Outcome{Kind: meridian.OutcomeSeized, Date: "2024-10-03", AssetKind: "cash", Value: 48000, Currency: "EUR", Note: "Found in the bar in Ohrid"}},
			{by: "officer.mk", suspect: -1, o: meridian.Outcome{Kind: meridian.OutcomeSeized, Date: "2024-10-03", AssetKind: "vehicle", Value: 22000, Currency: "EUR"}},
			{by: "officer.mk", suspect: -1, o: meridian.Outcome{Kind: meridian.OutcomeAssisted, Date: "2024-10-04", Service: "shelter", Count: 5, Note: "Referred to the state shelter; two repatriated later with IOM"}},
			charge("prosecutor.mk", meridian.OutcomeCharge, 0, "2024-11-15", followLaw["MK"]),
			charge("prosecutor.mk", meridian.OutcomeCharge, 1, "2024-11-15", followLaw["MK"]),
			charge("prosecutor.mk", meridian.OutcomeIndictment, 0, "2024-12-16", followLaw["MK"]),
			charge("prosecutor.mk", meridian.OutcomeIndictment, 1, "2024-12-16", followLaw["MK"]),
			conv("prosecutor.mk", 0, "2025-03-28", 144, 30000, "Basic Criminal Court Skopje"),
			conv("prosecutor.mk", 1, "2025-03-28", 96, 0, "Basic Criminal Court Skopje"),
		},
		messages: []followMessage{
			{by: "prosecutor.mk", request: -1, body: "The defence's appeal is listed for June. Serbia and Albania: please send anything your proceedings add on the recruiters before then."},
			{by: "prosecutor.rs", request: 6, body: "We need the judgment for our indictment of Jovanović; the statements of the Serbian victim would spare her a second hearing."},
			{by: "prosecutor.al", request: 5, body: "Our hearing date is set; without Stojanovski's statement we will ask the court for a postponement."},
			{by: "officer.mk", request: -1, body: "The five women are safe; two went home with IOM. The shelter's contact is in the file."},
		},
	}
	rs := followCase{
		lead: "prosecutor.rs", officer: "border.rs",
		title:   "Krasniqi recruitment ring: the Serbian route",
		summary: "The recruiter known in Albania as Besnik Krasniqi crossed Serbia as Besnik Krasnići with a forged Albanian passport; Nikola Jovanović recruited in Serbia.",
		records: rsRecs,
		parts: map[string]string{"border.rs": meridian.CaseInvestigating, "prosecutor.mk": meridian.CaseProsecuting, "prosecutor.al": meridian.CaseProsecuting,
			"ncb.al": meridian.CaseSupporting},
		prosec: []string{"prosecutor.mk"},
		requests: []followRequest{
			{from: "prosecutor.rs", to: "prosecutor.mk", typ: meridian.RequestEIO, title: "Statements of the victims recruited through Serbia",
				steps: append(steps("2024-10-09", "2024-10-11", "2024-10-30", "", ""),
					followStep{action: meridian.ActPartial, at: demoDay("2024-12-12", 14), reason: "Two statements sent; the third victim was repatriated"},
					followStep{action: meridian.ActExecute, at: demoDay("2025-01-30", 14)})},
			{from: "prosecutor.rs", to: "prosecutor.al", typ: meridian.RequestExtradition, title: "Surrender of Besnik Krasniqi",
				steps: steps("2024-11-18", "2024-11-22", "2024-12-17", "", "The Constitution of Albania bars the extradition of its nationals; we propose a transfer of proceedings.")},
			{from: "prosecutor.rs", to: "prosecutor.al", typ: meridian.RequestTransfer, title: "Transfer of the proceedings against Besnik Krasniqi to Albania",
				steps: steps("2025-01-08", "2025-01-20", "2025-02-14", "", "")},
			{from: "ncb.al", to: "prosecutor.rs", typ: meridian.RequestPoliceInfo, title: "Entries of Besnik Krasnići into Serbia, 2023–2024",
				steps: steps("2025-04-02", "", "", "", "")},
			{from: "prosecutor.mk", to: "prosecutor.rs", typ: meridian.RequestJITExchange, title: "Jovanović's e-mail account: the messages to the victims",
				steps: sentNow()},
		},
		stages: []meridian.CaseStage{
			stage(meridian.StageProsecution, "2025-01-13", "Indictment of Nikola Jovanović"),
			stage(meridian.StageTrial, "2025-03-17", "Trial opened at the Higher Court in Belgrade"),
		},
		outcomes: []followOutcome{
			charge("prosecutor.rs", meridian.OutcomeCharge, 0, "2024-12-02", followLaw["RS"]),
			charge("prosecutor.rs", meridian.OutcomeCharge, 1, "2024-12-02", "Criminal Code of Serbia, art. 355 (forgery of documents)"),
			charge("prosecutor.rs", meridian.OutcomeIndictment, 0, "2025-01-13", followLaw["RS"]),
			{by: "border.rs", suspect: -1, o: meridian.Outcome{Kind: meridian.OutcomeSeized, Date: "2024-11-07", AssetKind: "account", Value: 12500, Currency: "EUR"}},
			{by: "border.rs", suspect: -1, o: meridian.Outcome{Kind: meridian.OutcomeAssisted, Date: "2024-10-06", Service: "psychosocial", Count: 1}},
		},
		messages: []followMessage{
			{by: "prosecutor.rs", request: -1, body: "Albania refused the surrender; the transfer of proceedings was accepted and its execution is overdue. Tirana, when can we expect the file?"},
			{by: "prosecutor.al", request: 2, body: "The file is with the court's translators; we expect it within the month."},
			{by: "prosecutor.rs", request: 3, body: "The border police are extracting the records; we will answer by the end of the week."},
		},
	}
	al := followCase{
		lead: "prosecutor.al", officer: "ncb.al",
		title:   "Krasniqi: recruitment in Albania (proceedings transferred from Serbia)",
		summary: "Recruitment of young Albanian women with offers of work as waitresses in North Macedonia.",
		records: alRecs,
		parts:   map[string]string{"ncb.al": meridian.CaseInvestigating, "prosecutor.mk": meridian.CaseProsecuting, "prosecutor.rs": meridian.CaseProsecuting},
		requests: []followRequest{
			{from: "prosecutor.al", to: "prosecutor.mk", typ: meridian.RequestMLA, title: "Statement of Ermira Hoxhaj taken in Skopje",
				steps: steps("2025-02-24", "2025-02-26", "2025-03-10", "2025-04-02", "")},
			{from: "prosecutor.al", to: "prosecutor.rs", typ: meridian.RequestMLA, title: "The Serbian file on the forged passport BK4471920",
				steps: steps("2025-03-05", "", "", "", "")},
		},
		stages: []meridian.CaseStage{
			stage(meridian.StageProsecution, "2025-02-20", "Proceedings taken over from Serbia"),
			stage(meridian.StageTrial, "2025-04-07", "Trial opened at the Special Court against Corruption and Organised Crime"),
		},
		outcomes: []followOutcome{
			charge("prosecutor.al", meridian.OutcomeCharge, 0, "2025-02-20", followLaw["AL"]),
			charge("prosecutor.al", meridian.OutcomeIndictment, 0, "2025-03-14", followLaw["AL"]),
			{by: "ncb.al", suspect: -1, o: meridian.Outcome{Kind: meridian.OutcomeAssisted, Date: "2024-10-15", Service: "repatriation", Count: 1}},
		},
		messages: []followMessage{
			{by: "prosecutor.al", request: 1, body: "Belgrade: the passport file is the last piece we need before the hearing."},
		},
	}
	return []followCase{mk, rs, al}, nil
}

// cellCases are the cases on further cells of the network that the
// investigations found in the region after the week: a suspect each,
// recorded by the lead country's police, and a request or two to the
// prosecutors of the network's countries. Most end in a judgment, one in
// an acquittal; a few are still open.
func (f *follower) cellCases() ([]followCase, error) {
	r := sim.NewRand(demoSeed, demoFollowupStream)
	leads := []string{"MK", "RS", "AL", "GR", "TR", "IT", "DE"}
	partners := []string{"MK", "RS", "AL"}
	var out []followCase
	for i := range 14 {
		cc := leads[i%len(leads)]
		lc := strings.ToLower(cc)
		police := "officer." + lc
		pros := "prosecutor." + lc
		if _, err := f.as(pros); err != nil {
			return nil, err
		}
		pctx, err := f.as(police)
		if err != nil {
			return nil, err
		}
		n := sim.NameOf(r, cc, false)
		p := &meridian.Person{Role: meridian.RoleSuspect, Names: []meridian.Name{{Full: n.Native()}}, Sex: "M",
			BirthDate: meridian.Date(sim.RandomDate(r, r.Between(1965, 1995))), Nationalities: []string{cc},
			Suspect: &meridian.Suspect{ProcessRoles: []string{[]string{"recruiter", "transporter", "exploiter", "money_handler"}[r.IntN(4)]}}}
		if n.Native() != n.Passport() {
			p.Names = append(p.Names, meridian.Name{Full: n.Passport()})
		}
		partner := partners[(i+1)%3]
		if partner == cc {
			partner = partners[(i+2)%3]
		}
		pp := "prosecutor." + strings.ToLower(partner)
		p.Meta = meridian.Meta{OperationID: f.op, TLP: meridian.TLPAmber, Handling: meridian.H0,
			Release: meridian.Release{Scope: meridian.ScopeListed, Countries: []string{cc, partner}}}
		if err := f.m.DB.CreatePerson(pctx, p); err != nil {
			return nil, fmt.Errorf("demo: a cell's suspect: %w", err)
		}
		// Dates: charged in the six weeks after the week, then a month or
		// two between each stage.
		day := func(base string, lo, hi int) string {
			return string(demoLater(meridian.Date(base), r.Between(lo, hi)))
		}
		charged := day("2024-10-07", 0, 40)
		c := followCase{
			lead: pros, officer: police,
			title:   fmt.Sprintf("Cell %d of the network in %s: %s", i+1, followCountry(cc), p.PrimaryName()),
			summary: "A " + strings.ReplaceAll(p.Suspect.ProcessRoles[0], "_", " ") + " of the network, identified from the seized phones after the week.",
			records: []string{p.ID},
			parts:   map[string]string{police: meridian.CaseInvestigating, pp: meridian.CaseProsecuting},
		}
		law := followLaw[cc]
		c.outcomes = append(c.outcomes, followOutcome{by: pros, suspect: 0, o: meridian.Outcome{Kind: meridian.OutcomeCharge, Date: meridian.Date(charged), LegalBasis: law}})
		sent := day(charged, 1, 10)
		// The request's fate: on time, late, refused, or left unanswered.
		var req []followStep
		switch i % 4 {
		case 0:
			req = steps(sent, day(sent, 1, 6), day(sent, 8, 28), day(sent, 40, 80), "")
		case 1:
			req = steps(sent, day(sent, 9, 14), day(sent, 32, 45), day(sent, 60, 100), "")
		case 2:
			req = steps(sent, day(sent, 2, 6), day(sent, 10, 25), "", "The requested measure is not available for this offence under our law.")
		case 3:
			req = steps(sent, "", "", "", "")
		}
		typ := []string{meridian.RequestMLA, meridian.RequestEIO, meridian.RequestPreservation, meridian.RequestMLA}[i%4]
		if (cc == "AL" || partner == "AL") && typ == meridian.RequestEIO {
			typ = meridian.RequestMLA // Albania is outside the EIO directive
		}
		c.requests = append(c.requests, followRequest{from: pros, to: pp, typ: typ, title: "Evidence held in " + followCountry(partner) + " on " + p.PrimaryName(), steps: req})
		if i%3 == 0 {
			s2 := day(sent, 20, 40)
			c.requests = append(c.requests, followRequest{from: pp, to: pros, typ: meridian.RequestPoliceInfo,
				title: "Criminal record and known associates of " + p.PrimaryName(), steps: steps(s2, s2, day(s2, 1, 2), day(s2, 3, 6), "")})
		}
		if i < 12 {
			pro := day(charged, 30, 60)
			c.stages = append(c.stages, stage(meridian.StageProsecution, pro, "Indictment filed"))
			c.outcomes = append(c.outcomes, followOutcome{by: pros, suspect: 0, o: meridian.Outcome{Kind: meridian.OutcomeIndictment, Date: meridian.Date(pro), LegalBasis: law}})
			if i < 11 {
				trial := day(pro, 20, 40)
				c.stages = append(c.stages, stage(meridian.StageTrial, trial, ""))
				if i <= 10 {
					judg := day(trial, 20, 50)
					c.stages = append(c.stages, stage(meridian.StageJudgment, judg, ""))
					if i == 10 {
						c.outcomes = append(c.outcomes, followOutcome{by: pros, suspect: 0, o: meridian.Outcome{Kind: meridian.OutcomeAcquittal, Date: meridian.Date(judg),
							Note: "Acquitted for want of evidence of his part in the recruitment"}})
					} else {
						o := meridian.Outcome{Kind: meridian.OutcomeConviction, Date: meridian.Date(judg), SentenceMonths: 12 * r.Between(2, 10)}
						if r.Chance(0.5) {
							o.Fine, o.Currency = int64(1000*r.Between(2, 40)), "EUR"
						}
						c.outcomes = append(c.outcomes, followOutcome{by: pros, suspect: 0, o: o})
						if i%4 == 1 {
							c.stages = append(c.stages, stage(meridian.StageAppeal, day(judg, 10, 25), "Appeal by the defence"))
						}
					}
				}
			}
		}
		if i%5 == 2 {
			c.outcomes = append(c.outcomes, followOutcome{by: police, suspect: -1, o: meridian.Outcome{Kind: meridian.OutcomeSeized, Date: meridian.Date(charged),
				AssetKind: []string{"cash", "vehicle", "property"}[r.IntN(3)], Value: int64(1000 * r.Between(5, 120)), Currency: "EUR"}})
		}
		if i%4 == 3 {
			c.messages = append(c.messages, followMessage{by: pros, request: 0, body: "Our request has had no answer for months; the trial date depends on it. Could you tell us who handles it?"})
		}
		out = append(out, c)
	}
	return out, nil
}
