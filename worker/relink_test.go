package worker_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/audit"
	"meridian/link"
	"meridian/sqldb"
	"meridian/sqldb/sqldbtest"
	"meridian/sqlite"
	"meridian/worker"
)

// relinkWorld is a store with persons of three agencies and no link yet:
// Arben Hoxha of A and Arben Hoxa of C (each read by its owner only) share
// a phone; Dritan Leka of A and of B (each released to the other's
// country) share another; an analyst of A follows A's Arben. Records are
// named so that two stores' links can be compared.
type relinkWorld struct {
	w       *sqldbtest.World
	db      *sqldb.DB
	persons []*meridian.Person // in the order created
	anaA    context.Context
	anaB    context.Context
	anaC    context.Context
	name    map[string]string // record id -> name
}

func newRelinkWorld(t *testing.T) *relinkWorld {
	t.Helper()
	dir := t.TempDir()
	key, err := audit.LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), dir, key, discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rw := &relinkWorld{w: sqldbtest.NewWorld(t, db), db: db, name: map[string]string{}}
	w := rw.w
	own := meridian.Release{Scope: meridian.ScopeOwner}
	mk := func(a *meridian.Agency, name, phone string, r meridian.Release) {
		p := w.NewPerson(name, r)
		p.Identifiers = []meridian.Identifier{{Kind: meridian.IDPhone, Value: phone}}
		if err := db.CreatePerson(sqldbtest.As(a), p); err != nil {
			t.Fatal(err)
		}
		rw.persons = append(rw.persons, p)
		rw.name[p.ID] = name
	}
	mk(w.A, "Arben Hoxha", "+389 70 123 456", own)
	mk(w.C, "Arben Hoxa", "+389 70 123 456", own)
	mk(w.A, "Dritan Leka", "+355 69 555 0101", meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"AL"}})
	mk(w.B, "Dritan Leka", "+355 69 555 0101", meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"MK"}})
	mk(w.B, "Teuta Gashi", "+355 69 555 0202", own)
	rw.anaA = user(t, db, w.A, "analyst.a", meridian.RoleAnalyst)
	rw.anaB = user(t, db, w.B, "analyst.b", meridian.RoleAnalyst)
	rw.anaC = user(t, db, w.C, "analyst.c", meridian.RoleAnalyst)
	if err := db.Subscribe(rw.anaA, &meridian.Subscription{TargetKind: meridian.SubscribeRecord, TargetID: rw.persons[0].ID}); err != nil {
		t.Fatal(err)
	}
	return rw
}

func user(t *testing.T, db *sqldb.DB, a *meridian.Agency, name string, roles ...meridian.Role) context.Context {
	t.Helper()
	u := &meridian.User{AgencyID: a.ID, Username: name, Name: name, Roles: roles}
	if err := db.CreateUser(sqldbtest.Sys(), u, ""); err != nil {
		t.Fatal(err)
	}
	return meridian.WithSubject(context.Background(), &meridian.Subject{UserID: u.ID, Username: name, AgencyID: a.ID,
		Country: a.Country, Roles: roles, Purpose: "test"})
}

// pair names a link by its records' names and owners.
func (rw *relinkWorld) pair(a, b string) string {
	x, y := rw.name[a]+"@"+rw.owner(a), rw.name[b]+"@"+rw.owner(b)
	if y < x {
		x, y = y, x
	}
	return x + " ~ " + y
}

func (rw *relinkWorld) owner(id string) string {
	var n string
	rw.db.SQL().QueryRow(`SELECT a.name FROM records r JOIN agencies a ON a.id = r.owner_agency WHERE r.id = ?`, id).Scan(&n)
	return n
}

// links is every link as stored: pair -> state, score, relation, digest.
func (rw *relinkWorld) links(t *testing.T) map[string]string {
	t.Helper()
	rows, err := rw.db.SQL().Query(`SELECT a_id, b_id, state, score, relation, digest FROM links`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var a, b, state, rel, digest string
		var score float64
		if err := rows.Scan(&a, &b, &state, &score, &rel, &digest); err != nil {
			t.Fatal(err)
		}
		out[rw.pair(a, b)] = fmt.Sprintf("%s %.3f %s %s", state, score, rel, digest)
	}
	return out
}

// notices is every notification: kind, recipient (user or agency), pair.
func (rw *relinkWorld) notices(t *testing.T) []string {
	t.Helper()
	rows, err := rw.db.SQL().Query(`SELECT n.kind, COALESCE(u.username, ''), COALESCE(a.name, ''), l.a_id, l.b_id FROM notifications n
		JOIN links l ON l.id = n.link_id LEFT JOIN users u ON u.id = n.user_id LEFT JOIN agencies a ON a.id = n.agency_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, u, ag, a, b string
		if err := rows.Scan(&kind, &u, &ag, &a, &b); err != nil {
			t.Fatal(err)
		}
		out = append(out, kind+" to "+u+ag+": "+rw.pair(a, b))
	}
	slices.Sort(out)
	return out
}

func relink(t *testing.T, db *sqldb.DB) worker.RelinkResult {
	t.Helper()
	res, err := worker.Relink(context.Background(), db, link.New(db, link.Options{}), 2, discard)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestRelinkStoresAsTheWorker: a full relink of a store whose records were
// never linked stores the links and the notifications that the linking
// worker stores when it takes each record's change (the same pairs,
// states, scores, relations and evidence; the same subscribers and owner
// agencies told); a relink of a store the worker linked finds every
// pending pair again and changes nothing, telling nobody again.
func TestRelinkStoresAsTheWorker(t *testing.T) {
	// The worker, one change per record, in the order they were made.
	byWorker := newRelinkWorld(t)
	e := link.New(byWorker.db, link.Options{})
	l := &worker.Linker{Store: byWorker.db, Engine: e, Logger: discard}
	for i, p := range byWorker.persons {
		c := &meridian.Change{Seq: int64(i + 1), Kind: "person", Action: meridian.ChangeCreated, RecordID: p.ID}
		if err := l.Handle(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	wantLinks, wantNotices := byWorker.links(t), byWorker.notices(t)
	if len(wantLinks) != 2 || len(wantNotices) < 5 {
		t.Fatalf("the worker stored %v, told %v", wantLinks, wantNotices)
	}

	byRelink := newRelinkWorld(t)
	res := relink(t, byRelink.db)
	if res.Indexed != 5 || res.Records != 5 || res.Proposals != 2 || res.Rescored != 0 {
		t.Fatalf("relink %+v", res)
	}
	gotLinks, gotNotices := byRelink.links(t), byRelink.notices(t)
	for k, v := range wantLinks {
		if gotLinks[k] != v {
			t.Errorf("%s: worker %q, relink %q", k, v, gotLinks[k])
		}
	}
	if len(gotLinks) != len(wantLinks) {
		t.Errorf("relink stored %v, the worker %v", gotLinks, wantLinks)
	}
	if !slices.Equal(gotNotices, wantNotices) {
		t.Errorf("relink told\n%s\nthe worker\n%s", strings.Join(gotNotices, "\n"), strings.Join(wantNotices, "\n"))
	}

	// Again over the worker's links: the same pairs, found again quietly.
	res = relink(t, byWorker.db)
	if res.Proposals != 2 || res.Rescored != 0 || res.Withdrawn != 0 {
		t.Fatalf("relink after the worker %+v", res)
	}
	if got := byWorker.links(t); !mapsEqual(got, wantLinks) {
		t.Errorf("relink after the worker changed the links: %v, was %v", got, wantLinks)
	}
	if got := byWorker.notices(t); !slices.Equal(got, wantNotices) {
		t.Errorf("relink after the worker told again: %v", got)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestRelinkOwnersJudgementsWithdrawals: what a relink stores is shown as
// the worker's proposals are (a reader of one end sees "contact the
// owner" and nothing of the other record, a reader of neither nothing);
// a pair rejected is not proposed again by the next relink, and nobody is
// told; a pending pair whose evidence is gone (a record changed while no
// worker ran) is withdrawn.
func TestRelinkOwnersJudgementsWithdrawals(t *testing.T) {
	rw := newRelinkWorld(t)
	relink(t, rw.db)
	kind := meridian.KindOf
	ls, _, err := rw.db.FindLinks(rw.anaA, meridian.LinkFilter{})
	if err != nil || len(ls) != 2 {
		t.Fatalf("analyst of A lists %+v %v", ls, err)
	}
	var hoxha, leka *meridian.Link
	for _, l := range ls {
		if l.Restricted {
			hoxha = l
		} else {
			leka = l
		}
	}
	if hoxha == nil || leka == nil {
		t.Fatalf("analyst of A sees %+v", ls)
	}
	if hoxha.B.RecordID != "" || hoxha.Score != 0 || len(hoxha.Evidence) != 0 || !strings.Contains(hoxha.Message, "Agency C") ||
		strings.Contains(hoxha.Message, "Hoxa") {
		t.Fatalf("reader of one end sees %+v", hoxha)
	}
	if _, err := rw.db.FindLinkByID(rw.anaB, hoxha.Ref); kind(err) != meridian.ENotFound {
		t.Fatalf("reader of neither end: %v", err)
	}
	if ls, _, err := rw.db.FindLinks(rw.anaB, meridian.LinkFilter{RecordID: rw.persons[1].ID}); err != nil || len(ls) != 0 {
		t.Fatalf("reader of neither end lists %+v %v", ls, err)
	}

	// Rejected: the next relink leaves it rejected and tells nobody.
	if _, err := rw.db.JudgeLink(rw.anaA, &meridian.Judgement{LinkID: leka.ID, Decision: meridian.LinkRejected, Reason: "two men"}); err != nil {
		t.Fatal(err)
	}
	before, notes := rw.links(t), rw.notices(t)
	// Arben Hoxa of C is renamed and changes phone; no worker runs.
	hoxa, err := rw.db.FindPersonByID(sqldbtest.As(rw.w.C), rw.persons[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	hoxa.Names = []meridian.Name{{Full: "Zoran Kovac"}}
	hoxa.BirthDate = "1961-11-02"
	hoxa.Identifiers = []meridian.Identifier{{Kind: meridian.IDPhone, Value: "+381 64 000 1111"}}
	if err := rw.db.UpdatePerson(sqldbtest.As(rw.w.C), hoxa); err != nil {
		t.Fatal(err)
	}
	res := relink(t, rw.db)
	if res.Proposals != 1 || res.Rescored != 1 || res.Withdrawn != 1 {
		t.Fatalf("relink %+v", res)
	}
	after := rw.links(t)
	lekaPair := rw.pair(rw.persons[2].ID, rw.persons[3].ID)
	if after[lekaPair] != before[lekaPair] || !strings.HasPrefix(after[lekaPair], "rejected ") {
		t.Fatalf("rejected pair after the relink: %q, was %q", after[lekaPair], before[lekaPair])
	}
	hoxhaPair := rw.pair(rw.persons[0].ID, rw.persons[1].ID)
	if !strings.HasPrefix(after[hoxhaPair], "withdrawn ") {
		t.Fatalf("pair without evidence after the relink: %q", after[hoxhaPair])
	}
	if got := rw.notices(t); !slices.Equal(got, notes) {
		t.Fatalf("the relink told %v, before %v", got, notes)
	}
}
