package operation

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"meridian"
	"meridian/sim"
)

// A simulated operation is planned whole before anything is stored: the
// participating countries, their agencies and users, the regional units,
// the deployments, every field report and every batch of checks of the
// week. The figures of PRODUCT.md's table are allocated first, to
// countries and then to days and hours, by largest remainders, so that the
// reports add up to them exactly by construction; realism (who, where,
// when, how) is drawn within those allocations. The plan is a pure
// function of the scale and the seed. Setup then stores the world and
// Replay writes the reports and makes the checks through the real
// services, in the order and, if asked, at the pace they happened.

// Scale is the size of a simulated operation: the figures its results
// must show, and the size of the watchlist it checks against.
type Scale struct {
	Name      string
	Countries int
	// The figures of the results table.
	Victims, Migrants, Arrests, ArrestsTHBSOM, Flights, Checks int
	// Raids and interceptions are not in the published table; these are
	// the simulation's own choices.
	Raids, Interceptions int
	// The watchlist: persons and documents (stolen, lost, revoked).
	WatchPersons, WatchDocuments int
	// HitShare is the share of checks made on listed persons and
	// documents, so that checks hit and owners are notified.
	HitShare float64
}

// Liberterra2 is Operation Liberterra II as INTERPOL reported it
// (PRODUCT.md). The watchlist is far smaller than INTERPOL's databases:
// the week's 8,000,000 checks must replay in 15 minutes on two cores, and
// screening cost grows with the index (screening's own targets are
// measured against a million persons in package screen).
var Liberterra2 = Scale{Name: "liberterra2", Countries: 116, Victims: 3222, Migrants: 17793, Arrests: 2517, ArrestsTHBSOM: 850,
	Flights: 24000, Checks: 8_000_000, Raids: 1450, Interceptions: 960, WatchPersons: 50_000, WatchDocuments: 200_000, HitShare: 0.002}

// Demo is a fiftieth of Liberterra II in every figure but the countries,
// which stay at 116 so that the map of a first look is full.
var Demo = Scale{Name: "demo", Countries: 116, Victims: 64, Migrants: 356, Arrests: 50, ArrestsTHBSOM: 17,
	Flights: 480, Checks: 160_000, Raids: 29, Interceptions: 19, WatchPersons: 2000, WatchDocuments: 8000, HitShare: 0.004}

// Scales lists the named scales.
var Scales = []Scale{Liberterra2, Demo}

// ScaleByName returns a named scale.
func ScaleByName(name string) (Scale, error) {
	for _, s := range Scales {
		if s.Name == name {
			return s, nil
		}
	}
	return Scale{}, meridian.Invalidf("sim.ScaleByName", "scale", "unknown scale %q (want liberterra2 or demo)", name)
}

// Figures returns the results the scale's operation must show (hits
// depend on screening and are not planned).
func (s Scale) Figures() meridian.Figures {
	return meridian.Figures{Victims: int64(s.Victims), Migrants: int64(s.Migrants), Arrests: int64(s.Arrests),
		ArrestsTHBSOM: int64(s.ArrestsTHBSOM), Flights: int64(s.Flights), Checks: int64(s.Checks), Raids: int64(s.Raids),
		Interceptions: int64(s.Interceptions)}
}

func (s Scale) validate() error {
	f := meridian.Fields{Op: "sim.NewPlan"}
	if s.Countries < 1 || s.Countries > len(world) {
		f.Add("countries", "%d countries: want 1 to %d", s.Countries, len(world))
	}
	for _, x := range []struct {
		name string
		n    int
	}{{"victims", s.Victims}, {"migrants", s.Migrants}, {"arrests", s.Arrests}, {"arrests_thb_som", s.ArrestsTHBSOM},
		{"flights", s.Flights}, {"checks", s.Checks}, {"raids", s.Raids}, {"interceptions", s.Interceptions},
		{"watch_persons", s.WatchPersons}, {"watch_documents", s.WatchDocuments}} {
		if x.n < 0 {
			f.Add(x.name, "must not be negative, got %d", x.n)
		}
	}
	if s.ArrestsTHBSOM > s.Arrests {
		f.Add("arrests_thb_som", "%d arrests on THB or SOM charges of %d arrests", s.ArrestsTHBSOM, s.Arrests)
	}
	if s.HitShare < 0 || s.HitShare > 1 {
		f.Add("hit_share", "must be between 0 and 1")
	}
	return f.Err()
}

// The operation's week: Sunday 29 September to Friday 4 October 2024.
var (
	opStart = time.Date(2024, 9, 29, 0, 0, 0, 0, time.UTC)
	opDays  = 6
	opEnd   = opStart.AddDate(0, 0, opDays) // exclusive
)

// PlanAgency is an agency the operation needs.
type PlanAgency struct {
	Country string
	Kind    meridian.AgencyKind
	Name    string
	// Unit is the regional unit the agency belongs to or staffs (-1: the
	// operation's lead, every unit).
	Unit int
}

// PlanUser is an account of one of the agencies.
type PlanUser struct {
	Agency   int // index in Plan.Agencies
	Username string
	Name     string
	Roles    []meridian.Role
	// Login users get a password; the others are token-only accounts.
	Login bool
}

// Report is one field report: the event as its reporting agency files it.
type Report struct {
	// At is when the report is filed, a little after the event.
	At     time.Time
	Agency int // the reporting (and owning) agency, index in Plan.Agencies
	Event  meridian.Event
	// ReleaseAgencies lists agencies (indexes) the report is released to,
	// beside Event.Release.Countries; their ids are known once stored.
	ReleaseAgencies []int
	// Suspect is the person an arrest names, created just before it.
	Suspect *meridian.Person
}

// CheckBatch is the checks one agency made in one hour at one kind of
// place: Persons person checks and Documents document checks.
type CheckBatch struct {
	At        time.Time
	Agency    int
	Country   string
	PlaceKind string
	Place     string
	Persons   int
	Documents int
	// Seed draws the batch's queries, so that batches are generated
	// independently and in parallel.
	Seed uint64
}

// Plan is a whole simulated operation, before anything is stored.
type Plan struct {
	Scale Scale
	Seed  int64
	// Operation is the operation as it will be created; its agency lists
	// are filled from AgencyRefs and UnitAgencies once agencies exist.
	Operation    meridian.Operation
	AgencyRefs   []int   // participating agencies beyond whole countries
	UnitAgencies [][]int // per unit: its staffing agencies
	// DeploymentAgency is, per deployment, the agency that deploys.
	DeploymentAgency []int
	Agencies         []PlanAgency
	Users            []PlanUser
	// Reporter is, per agency, the user who files its reports and makes
	// its checks (index in Users).
	Reporter []int
	// Coordinator is the user who creates, activates and closes the
	// operation.
	Coordinator int
	// WatchOwners are the agencies (NCBs) the watchlist is imported for.
	WatchOwners []int
	Reports     []Report
	Checks      []CheckBatch
}

// Start and End bound the operation's week (End is exclusive).
func (p *Plan) Start() time.Time { return opStart }

// End is the first instant after the operation.
func (p *Plan) End() time.Time { return opEnd }

// Figures adds up what the plan's reports and checks will add to the
// operation's results, the way the store counts them.
func (p *Plan) Figures() meridian.Figures {
	var f meridian.Figures
	for i := range p.Reports {
		for m, n := range p.Reports[i].Event.Metrics() {
			f.AddMetric(m, n)
		}
	}
	for _, b := range p.Checks {
		f.Checks += int64(b.Persons + b.Documents)
	}
	return f
}

// Streams of the operation planner, apart from the watchlist's.
const (
	streamCountries = 100 + iota
	streamWorld
	streamReports
	streamFlights
	streamChecks
)

// planner holds what building a plan needs.
type planner struct {
	p         *Plan
	scale     Scale
	seed      int64
	countries []*simCountry
	unitIdx   map[string]int         // unit key -> index in Operation.Units
	unitOf    map[string]int         // country -> index in Operation.Units
	agencyOf  map[string][3]int      // country -> police, border, NCB
	staff     []struct{ ip, un int } // per unit: INTERPOL and UNODC offices
	raidHours map[string]map[int]string
}

const (
	kindPolice = 0
	kindBorder = 1
	kindNCB    = 2
)

// NewPlan plans an operation of the given scale; the same scale and seed
// give the same plan.
func NewPlan(s Scale, seed int64) (*Plan, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	pl := &planner{p: &Plan{Scale: s, Seed: seed}, scale: s, seed: seed,
		unitIdx: map[string]int{}, unitOf: map[string]int{}, agencyOf: map[string][3]int{}, raidHours: map[string]map[int]string{}}
	pl.selectCountries()
	pl.organise()
	pl.deploy()
	pl.reports()
	pl.flights()
	pl.checks()
	slices.SortStableFunc(pl.p.Reports, func(a, b Report) int { return a.At.Compare(b.At) })
	slices.SortStableFunc(pl.p.Checks, func(a, b CheckBatch) int { return a.At.Compare(b.At) })
	return pl.p, nil
}

// selectCountries takes every core country and draws the others by
// activity (weighted sampling without replacement), keeping table order.
func (pl *planner) selectCountries() {
	r := sim.NewRand(pl.seed, streamCountries)
	type cand struct {
		c   *simCountry
		key float64
	}
	var cands []cand
	for _, c := range world {
		// Efraimidis-Spirakis: the largest u^(1/w) are a weighted sample.
		key := math.Pow(r.Float64(), 1/c.act)
		if c.core {
			key += 2 // before every other
		}
		cands = append(cands, cand{c, key})
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		switch {
		case a.key > b.key:
			return -1
		case a.key < b.key:
			return 1
		}
		return 0
	})
	chosen := map[string]bool{}
	for _, x := range cands[:pl.scale.Countries] {
		chosen[x.c.code] = true
	}
	for _, c := range world {
		if chosen[c.code] {
			pl.countries = append(pl.countries, c)
		}
	}
}

var nationalAgencyNames = map[string][2]string{
	"US": {"Homeland Security Investigations", "U.S. Customs and Border Protection"},
	"GB": {"National Crime Agency", "Border Force"},
	"DE": {"Bundeskriminalamt", "Bundespolizei"},
	"FR": {"Police nationale (OCRTEH)", "Police aux frontières"},
	"ES": {"Policía Nacional", "Guardia Civil"},
	"IT": {"Polizia di Stato", "Polizia di Frontiera"},
	"MK": {"Ministry of Interior of North Macedonia", "Border Police of North Macedonia"},
	"NL": {"Netherlands Police", "Royal Netherlands Marechaussee"},
	"CA": {"Royal Canadian Mounted Police", "Canada Border Services Agency"},
	"AU": {"Australian Federal Police", "Australian Border Force"},
	"TH": {"Royal Thai Police", "Immigration Bureau of Thailand"},
	"NG": {"Nigeria Police Force", "Nigeria Immigration Service"},
	"MX": {"Fiscalía General de la República", "Instituto Nacional de Migración"},
	"CO": {"Policía Nacional de Colombia", "Migración Colombia"},
	"BR": {"Polícia Federal", "Polícia Federal, Fronteiras"},
	"PH": {"Philippine National Police", "Bureau of Immigration"},
	"TR": {"Turkish National Police", "Gendarmerie General Command"},
	"GR": {"Hellenic Police", "Hellenic Coast Guard"},
}

// demoProsecutors are the countries whose prosecutors sign in: North
// Macedonia (destination), Serbia (transit and origin), Albania (origin).
var demoProsecutors = []string{"MK", "RS", "AL"}

// organise creates the agencies, users and regional units.
func (pl *planner) organise() {
	p := pl.p
	addAgency := func(a PlanAgency) int {
		p.Agencies = append(p.Agencies, a)
		p.Reporter = append(p.Reporter, -1)
		return len(p.Agencies) - 1
	}
	addUser := func(agency int, username, name string, login bool, roles ...meridian.Role) int {
		p.Users = append(p.Users, PlanUser{Agency: agency, Username: username, Name: name, Roles: roles, Login: login})
		return len(p.Users) - 1
	}
	// Units, in the order of the units table, with their members.
	for _, u := range units {
		var members []string
		for _, c := range pl.countries {
			if c.unit == u.key {
				members = append(members, c.code)
			}
		}
		if len(members) == 0 {
			continue
		}
		pl.unitIdx[u.key] = len(p.Operation.Units)
		for _, m := range members {
			pl.unitOf[m] = len(p.Operation.Units)
		}
		p.Operation.Units = append(p.Operation.Units, meridian.Unit{Name: u.name, Countries: members})
	}
	p.UnitAgencies = make([][]int, len(p.Operation.Units))
	// International offices, each created once and staffing its units.
	intl := map[string]int{}
	office := func(key string, unit int) int {
		if i, ok := intl[key]; ok {
			return i
		}
		for _, a := range intlAgencies {
			if a.key == key {
				i := addAgency(PlanAgency{Country: a.country, Kind: meridian.AgencyInternational, Name: a.name, Unit: unit})
				intl[key] = i
				p.AgencyRefs = append(p.AgencyRefs, i)
				return i
			}
		}
		panic("sim: unknown office " + key)
	}
	lead := office("ipsg", -1)
	p.Coordinator = addUser(lead, "coordinator", "Operation coordinator, INTERPOL", true, meridian.RoleCoordinator, meridian.RoleAnalyst)
	addUser(lead, "analyst.interpol", "Criminal intelligence analyst, INTERPOL", false, meridian.RoleAnalyst)
	hq := office("unodc", -1)
	addUser(hq, "observer.unodc", "UNODC expert", true, meridian.RoleObserver)
	pl.staff = make([]struct{ ip, un int }, len(p.Operation.Units))
	for _, u := range units {
		ui, ok := pl.unitIdx[u.key]
		if !ok {
			continue
		}
		ip, un := office(u.interpol, ui), office(u.unodc, ui)
		pl.staff[ui].ip, pl.staff[ui].un = ip, un
		p.UnitAgencies[ui] = append(p.UnitAgencies[ui], ip, un)
		addUser(ip, "coordinator."+u.key, u.name+" coordinator", false, meridian.RoleCoordinator, meridian.RoleAnalyst)
		addUser(ip, "analyst."+u.key, u.name+" analyst", false, meridian.RoleAnalyst)
		if un != hq {
			addUser(un, "expert.unodc."+u.key, u.name+" UNODC expert", false, meridian.RoleObserver)
		}
		// Prosecutors of the unit's busiest member sit in the unit.
		leadCountry := worldByCode[p.Operation.Units[ui].Countries[0]]
		for _, m := range p.Operation.Units[ui].Countries {
			if worldByCode[m].act > leadCountry.act {
				leadCountry = worldByCode[m]
			}
		}
		pr := addAgency(PlanAgency{Country: leadCountry.code, Kind: meridian.AgencyProsecution,
			Name: "Public Prosecutor's Office of " + countryName(leadCountry.code), Unit: ui})
		p.AgencyRefs = append(p.AgencyRefs, pr)
		p.UnitAgencies[ui] = append(p.UnitAgencies[ui], pr)
		addUser(pr, "prosecutor."+strings.ToLower(leadCountry.code), "Prosecutor, "+countryName(leadCountry.code), false, meridian.RoleProsecutor)
	}
	// Per country: police, border police and the NCB.
	for _, c := range pl.countries {
		name := countryName(c.code)
		cc := strings.ToLower(c.code)
		ui := pl.unitOf[c.code]
		police, border := "National Police of "+name, "Border Police of "+name
		if n, ok := nationalAgencyNames[c.code]; ok {
			police, border = n[0], n[1]
		}
		pa := addAgency(PlanAgency{Country: c.code, Kind: meridian.AgencyPolice, Name: police, Unit: ui})
		addUser(pa, "officer."+cc, "Police officer, "+name, c.code == "MK", meridian.RoleOfficer)
		ba := addAgency(PlanAgency{Country: c.code, Kind: meridian.AgencyBorder, Name: border, Unit: ui})
		addUser(ba, "border."+cc, "Border officer, "+name, c.code == "RS", meridian.RoleOfficer)
		na := addAgency(PlanAgency{Country: c.code, Kind: meridian.AgencyNCB, Name: "NCB " + c.city, Unit: ui})
		addUser(na, "ncb."+cc, "NCB officer, "+name, c.code == "AL", meridian.RoleNCB, meridian.RoleAnalyst)
		pl.agencyOf[c.code] = [3]int{pa, ba, na}
		p.Operation.Countries = append(p.Operation.Countries, c.code)
	}
	// The prosecutors of the North Macedonian raids' countries of
	// destination, transit and origin work its cases after the week
	// (the demo's follow-up): they sign in, as the demo's other users do.
	for _, c := range demoProsecutors {
		if _, ok := pl.agencyOf[c]; !ok {
			continue
		}
		cc := strings.ToLower(c)
		if slices.ContainsFunc(p.Users, func(u PlanUser) bool { return u.Username == "prosecutor."+cc }) {
			for i := range p.Users {
				if p.Users[i].Username == "prosecutor."+cc {
					p.Users[i].Login = true
				}
			}
			continue
		}
		ui := pl.unitOf[c]
		pr := addAgency(PlanAgency{Country: c, Kind: meridian.AgencyProsecution, Name: "Public Prosecutor's Office of " + countryName(c), Unit: ui})
		p.AgencyRefs = append(p.AgencyRefs, pr)
		p.UnitAgencies[ui] = append(p.UnitAgencies[ui], pr)
		addUser(pr, "prosecutor."+cc, "Prosecutor, "+countryName(c), true, meridian.RoleProsecutor)
	}
	// Each agency reports and checks through its first user.
	for j := len(p.Users) - 1; j >= 0; j-- {
		p.Reporter[p.Users[j].Agency] = j
	}
	// The watchlist belongs to a few NCBs, as INTERPOL notices and
	// diffusions belong to the NCBs that issue them.
	for _, c := range []string{"US", "DE", "IT", "TR", "NG", "CO", "TH", "FR", "ES", "GB"} {
		if a, ok := pl.agencyOf[c]; ok && len(p.WatchOwners) < 5 {
			p.WatchOwners = append(p.WatchOwners, a[kindNCB])
		}
	}
	if len(p.WatchOwners) == 0 {
		p.WatchOwners = append(p.WatchOwners, pl.agencyOf[pl.countries[0].code][kindNCB])
	}
	o := &p.Operation
	o.Name = "Liberterra II"
	if pl.scale.Name != Liberterra2.Name {
		o.Name = "Liberterra II (" + pl.scale.Name + ")"
	}
	o.Description = fmt.Sprintf("Simulated operation against trafficking in human beings and migrant smuggling: %d countries, "+
		"%d regional coordination units, seed %d.", len(pl.countries), len(o.Units), pl.seed)
	o.Start, o.End = meridian.DateOf(opStart), meridian.DateOf(opEnd.Add(-time.Hour))
	o.Status = meridian.OperationPlanned
}

// deploy sends officers to each country's border crossings, ports and
// hotspots, most for the whole week, some for a few days.
func (pl *planner) deploy() {
	r := sim.NewRand(pl.seed, streamWorld)
	p := pl.p
	for _, c := range pl.countries {
		ps := placesOf(c)
		n := min(len(ps), 1+r.IntN(4))
		for _, pi := range pickN(r, len(ps), n) {
			pc := ps[pi]
			startDay, endDay := 0, opDays-1
			if r.Chance(0.3) {
				startDay = r.IntN(3)
				endDay = startDay + 1 + r.IntN(opDays-1-startDay)
			}
			agency := pl.agencyOf[c.code][kindBorder]
			if pc.kind == meridian.DeployHotspot {
				agency = pl.agencyOf[c.code][kindPolice]
			}
			p.Operation.Deployments = append(p.Operation.Deployments, meridian.Deployment{Name: pc.name, Kind: pc.kind,
				Country: c.code, Lat: pc.lat, Lon: pc.lon, Start: meridian.DateOf(opStart.AddDate(0, 0, startDay)),
				End: meridian.DateOf(opStart.AddDate(0, 0, endDay))})
			p.DeploymentAgency = append(p.DeploymentAgency, agency)
		}
	}
}

// pickN draws n distinct indexes of [0, size) in increasing order.
func pickN(r *sim.Rand, size, n int) []int {
	idx := make([]int, size)
	for i := range idx {
		idx[i] = i
	}
	for i := 0; i < n; i++ {
		j := i + r.IntN(size-i)
		idx[i], idx[j] = idx[j], idx[i]
	}
	out := idx[:n]
	slices.Sort(out)
	return out
}

// apportion splits total into whole parts proportional to the weights,
// by largest remainders: the parts add up to total exactly, and a zero
// weight gets nothing. Ties go to the lower index.
func apportion(total int, w []float64) []int {
	out := make([]int, len(w))
	sum := 0.0
	for _, x := range w {
		if x > 0 {
			sum += x
		}
	}
	if total <= 0 || len(w) == 0 {
		return out
	}
	if sum == 0 {
		panic("sim: apportion over zero weights")
	}
	type rem struct {
		i int
		f float64
	}
	rems := make([]rem, 0, len(w))
	given := 0
	for i, x := range w {
		if x <= 0 {
			continue
		}
		q := float64(total) * x / sum
		n := int(math.Floor(q))
		out[i] = n
		given += n
		rems = append(rems, rem{i, q - float64(n)})
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.f > b.f:
			return -1
		case a.f < b.f:
			return 1
		}
		return a.i - b.i
	})
	for k := 0; given < total; k++ {
		out[rems[k%len(rems)].i]++
		given++
	}
	return out
}

// Daily rhythm of the week (Sunday 29 September to Friday 4 October):
// raids and arrests wait for the working week, border traffic and flights
// barely change.
var (
	daysRaids   = []float64{0.08, 0.19, 0.21, 0.20, 0.17, 0.15}
	daysBorder  = []float64{0.15, 0.17, 0.17, 0.17, 0.17, 0.17}
	daysFlights = []float64{0.17, 0.16, 0.16, 0.17, 0.17, 0.17}
	daysChecks  = []float64{0.14, 0.17, 0.18, 0.18, 0.17, 0.16}
)

// Hourly rhythm by local hour (0 to 23): dawn raids (and nightclubs at
// night), border traffic by day, office hours, patrols in the evening,
// arrivals of flights.
var (
	hoursRaids   = []float64{1, 0.5, 0.3, 0.8, 3, 5, 5, 3, 1.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.2, 1.5, 2, 2.5, 2}
	hoursBorder  = []float64{0.3, 0.2, 0.2, 0.2, 0.3, 0.6, 1, 1.4, 1.6, 1.7, 1.7, 1.7, 1.6, 1.6, 1.6, 1.6, 1.6, 1.5, 1.4, 1.2, 1, 0.8, 0.6, 0.4}
	hoursOffice  = []float64{0, 0, 0, 0, 0, 0, 0.1, 0.5, 1.5, 2, 2, 2, 1.5, 1.8, 2, 2, 1.6, 1, 0.4, 0.2, 0.1, 0, 0, 0}
	hoursPatrol  = []float64{0.6, 0.4, 0.2, 0.1, 0.1, 0.2, 0.3, 0.5, 0.8, 1, 1, 1, 1, 1, 1, 1.1, 1.3, 1.5, 1.8, 2, 2, 1.8, 1.4, 1}
	hoursFlights = []float64{0.4, 0.3, 0.2, 0.3, 0.6, 1.2, 1.6, 1.6, 1.5, 1.4, 1.3, 1.3, 1.3, 1.3, 1.3, 1.4, 1.5, 1.5, 1.5, 1.5, 1.4, 1.2, 0.9, 0.6}
)

// utcHours turns a local-hour rhythm into weights of the 24 UTC hours of
// a day in a country, so that every time stays within the operation's UTC
// days while following local habits.
func utcHours(local []float64, c *simCountry) []float64 {
	off := int(math.Round(c.utc))
	w := make([]float64, 24)
	for h := range w {
		w[h] = local[((h+off)%24+24)%24]
	}
	return w
}

// jitter varies weights by up to ±30%, so that no two countries keep the
// same rhythm.
func jitter(r *sim.Rand, w []float64) []float64 {
	out := make([]float64, len(w))
	for i, x := range w {
		out[i] = x * (0.7 + 0.6*r.Float64())
	}
	return out
}

// at returns a time in hour h of day d, at a random minute and second.
func at(r *sim.Rand, d, h int) time.Time {
	return opStart.Add(time.Duration(d*24+h)*time.Hour + time.Duration(r.IntN(3600))*time.Second)
}

// atIn draws a time of day d by a rhythm.
func atIn(r *sim.Rand, d int, hours []float64) time.Time {
	return at(r, d, sim.Cumulate(hours).Pick(r))
}

// clampTime keeps a time inside the operation (its last second at most).
func clampTime(t time.Time) time.Time {
	if t.Before(opStart) {
		return opStart
	}
	if !t.Before(opEnd) {
		return opEnd.Add(-time.Second)
	}
	return t
}
