package sqldbtest

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
	"meridian/sqldb"
)

func testUsers(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	admin := As(w.A, meridian.RoleAdmin)
	u := &meridian.User{AgencyID: w.B.ID, Username: "ana.officer", Name: "Ana Officer", Roles: []meridian.Role{meridian.RoleOfficer, meridian.RoleAnalyst}}
	const pw = "a long enough passphrase"
	t.Run("Create", func(t *testing.T) {
		if err := db.CreateUser(admin, u, pw); err != nil {
			t.Fatal(err)
		}
		if u.Country != "AL" {
			t.Fatalf("country %q, want the agency's", u.Country)
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		dup := *u
		err := db.CreateUser(admin, &dup, pw)
		mustKind(t, err, meridian.EConflict)
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		x := &meridian.User{AgencyID: w.A.ID, Username: "x.y", Name: "X", Roles: []meridian.Role{meridian.RoleAdmin}}
		mustKind(t, db.CreateUser(As(w.A, meridian.RoleCoordinator), x, pw), meridian.EForbidden)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		x := &meridian.User{AgencyID: w.A.ID, Username: "Bad Name!", Name: "", Roles: []meridian.Role{"god"}}
		err := db.CreateUser(admin, x, pw)
		mustKind(t, err, meridian.EInvalid)
		if len(meridian.FieldErrors(err)) != 3 {
			t.Fatalf("want username, name and roles[0]: %v", err)
		}
		y := &meridian.User{AgencyID: w.A.ID, Username: "short.pw", Name: "Y", Roles: []meridian.Role{meridian.RoleOfficer}}
		mustKind(t, db.CreateUser(admin, y, "short"), meridian.EInvalid)
	})
	var session string
	t.Run("Login", func(t *testing.T) {
		tok, got, err := db.Login(context.Background(), "ana.officer", pw, "192.0.2.10")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || !strings.HasPrefix(tok, "mrs_") {
			t.Fatalf("login gave %v %q", got, tok)
		}
		session = tok
		s, err := db.SubjectBySession(context.Background(), tok)
		if err != nil {
			t.Fatal(err)
		}
		if s.UserID != u.ID || s.AgencyID != w.B.ID || s.Country != "AL" || !s.Has(meridian.RoleAnalyst) {
			t.Fatalf("subject %+v", s)
		}
		// A session is not an API token and the reverse.
		_, err = db.SubjectByToken(context.Background(), tok)
		mustKind(t, err, meridian.EUnauthenticated)
	})
	t.Run("Logout", func(t *testing.T) {
		if err := db.Logout(context.Background(), session); err != nil {
			t.Fatal(err)
		}
		_, err := db.SubjectBySession(context.Background(), session)
		mustKind(t, err, meridian.EUnauthenticated)
	})
	t.Run("Token", func(t *testing.T) {
		// Only the user mints their own tokens: an administrator who could
		// mint one for someone else could act as them.
		_, err := db.CreateToken(admin, u.ID, "as someone else")
		mustKind(t, err, meridian.EForbidden)
		self := meridian.WithSubject(context.Background(), &meridian.Subject{UserID: u.ID, Username: u.Username, AgencyID: w.B.ID, Roles: u.Roles})
		tok, err := db.CreateToken(self, u.ID, "script")
		if err != nil {
			t.Fatal(err)
		}
		s, err := db.SubjectByToken(context.Background(), tok)
		if err != nil || s.UserID != u.ID {
			t.Fatalf("%+v %v", s, err)
		}
		var n int
		db.SQL().QueryRow(`SELECT COUNT(*) FROM credentials WHERE token_hash = '` + tok + `'`).Scan(&n)
		if n != 0 {
			t.Fatal("token stored in clear")
		}
		_, err = db.CreateToken(As(w.A), u.ID, "not mine")
		mustKind(t, err, meridian.EForbidden)
	})
	t.Run("ErrUnauthenticated", func(t *testing.T) {
		_, _, err := db.Login(context.Background(), "ana.officer", "wrong password!", "192.0.2.11")
		mustKind(t, err, meridian.EUnauthenticated)
		_, _, err = db.Login(context.Background(), "nobody", "wrong password!", "192.0.2.11")
		mustKind(t, err, meridian.EUnauthenticated)
		if meridian.MessageOf(err) != "wrong username or password" {
			t.Fatalf("message %q tells unknown users apart", meridian.MessageOf(err))
		}
	})
	t.Run("Lockout", func(t *testing.T) {
		// The clock stands still: what is tested is the counting. With a
		// moving clock, a password check slower than the first lock's
		// second (under the race detector on a loaded machine) let the lock
		// expire before the next attempt.
		stopped := time.Now()
		db.SetClock(func() time.Time { return stopped })
		defer db.SetClock(time.Now)
		v := &meridian.User{AgencyID: w.B.ID, Username: "locked.out", Name: "L", Roles: []meridian.Role{meridian.RoleOfficer}}
		if err := db.CreateUser(admin, v, pw); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Login(context.Background(), "locked.out", pw, "198.51.100.200"); err != nil {
			t.Fatal(err)
		}
		// One address failing on a name, known or not, is locked out of it
		// after five failures; the answers are the same for both names.
		for _, name := range []string{"locked.out", "no.such.user"} {
			var err error
			for range 6 {
				_, _, err = db.Login(context.Background(), name, "wrong password!", "198.51.100.1")
			}
			mustKind(t, err, meridian.ERateLimited)
			if d := meridian.RetryAfterOf(err); d < time.Second || d > 2*time.Second {
				t.Fatalf("%s: retry after %v, want the lock's 1-2 s", name, d)
			}
		}
		// Another address with the right password is not held back.
		if _, _, err := db.Login(context.Background(), "locked.out", pw, "198.51.100.99"); err != nil {
			t.Fatalf("a fresh address with the right password is locked out by another's failures: %v", err)
		}
		// Many addresses failing lock the name for new addresses, known or
		// not, but not for an address the account signed in from before.
		for _, name := range []string{"locked.out", "no.such.user"} {
			var err error
			for i := range 30 {
				_, _, err = db.Login(context.Background(), name, "wrong password!", "203.0.113."+itoa(i+10))
			}
			mustKind(t, err, meridian.ERateLimited)
			_, _, err = db.Login(context.Background(), name, pw, "192.0.2.77")
			mustKind(t, err, meridian.ERateLimited)
		}
		if _, _, err := db.Login(context.Background(), "locked.out", pw, "198.51.100.200"); err != nil {
			t.Fatalf("the account's known address is locked out by others' failures: %v", err)
		}
	})
	t.Run("AddressThrottle", func(t *testing.T) {
		var err error
		for range 30 {
			_, _, err = db.Login(context.Background(), "nobody", "x", "203.0.113.7")
		}
		mustKind(t, err, meridian.ERateLimited)
	})
	t.Run("Lifecycle", func(t *testing.T) {
		v := &meridian.User{AgencyID: w.B.ID, Username: "life.cycle", Name: "L", Roles: []meridian.Role{meridian.RoleOfficer}, MustChangePassword: true}
		if err := db.CreateUser(admin, v, pw); err != nil {
			t.Fatal(err)
		}
		sess, got, err := db.Login(context.Background(), "life.cycle", pw, "192.0.2.50")
		if err != nil || !got.MustChangePassword {
			t.Fatalf("login %+v %v: want a forced change", got, err)
		}
		s, err := db.SubjectBySession(context.Background(), sess)
		if err != nil || !s.MustChangePassword {
			t.Fatalf("session subject %+v %v", s, err)
		}
		s.Addr = "192.0.2.50"
		self := meridian.WithSubject(context.Background(), s)
		_, err = db.ChangePassword(self, "not the password", "a different passphrase")
		mustKind(t, err, meridian.EInvalid)
		_, err = db.ChangePassword(self, pw, "password1234")
		mustKind(t, err, meridian.EInvalid)
		sess2, err := db.ChangePassword(self, pw, "a different passphrase")
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.SubjectBySession(context.Background(), sess)
		mustKind(t, err, meridian.EUnauthenticated)
		if s, err := db.SubjectBySession(context.Background(), sess2); err != nil || s.MustChangePassword {
			t.Fatalf("new session %+v %v", s, err)
		}
		tok, info, err := db.IssueToken(self, "script", 0)
		if err != nil {
			t.Fatal(err)
		}
		if d := info.ExpiresAt.Sub(info.CreatedAt); d != meridian.DefaultTokenLifetime {
			t.Fatalf("token lives %v", d)
		}
		if list, err := db.FindTokens(self); err != nil || len(list) != 1 || list[0].ID != info.ID {
			t.Fatalf("tokens %+v %v", list, err)
		}
		mustKind(t, db.RevokeToken(admin, info.ID), meridian.ENotFound)
		if err := db.RevokeToken(self, info.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.SubjectByToken(context.Background(), tok)
		mustKind(t, err, meridian.EUnauthenticated)
		tok, _, _ = db.IssueToken(self, "again", 0)
		disable := true
		_, err = db.UpdateUser(As(w.A), v.ID, meridian.UserUpdate{Disabled: &disable})
		mustKind(t, err, meridian.EForbidden)
		if u, err := db.UpdateUser(admin, v.ID, meridian.UserUpdate{Disabled: &disable}); err != nil || !u.Disabled {
			t.Fatalf("disable: %+v %v", u, err)
		}
		_, err = db.SubjectByToken(context.Background(), tok)
		mustKind(t, err, meridian.EUnauthenticated)
		_, err = db.SubjectBySession(context.Background(), sess2)
		mustKind(t, err, meridian.EUnauthenticated)
		enable := false
		if _, err := db.UpdateUser(admin, v.ID, meridian.UserUpdate{Disabled: &enable}); err != nil {
			t.Fatal(err)
		}
		one, err := db.ResetPassword(admin, v.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, got, err := db.Login(context.Background(), "life.cycle", one, "192.0.2.50"); err != nil || !got.MustChangePassword {
			t.Fatalf("login after reset %+v %v", got, err)
		}
	})
	t.Run("Visibility", func(t *testing.T) {
		list, _, err := db.FindUsers(As(w.A), meridian.UserFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range list {
			if x.AgencyID != w.A.ID {
				t.Fatalf("user of agency A sees user %s of another agency", x.Username)
			}
		}
		_, err = db.FindUserByID(As(w.A), u.ID)
		mustKind(t, err, meridian.ENotFound)
		if _, err := db.FindUserByID(admin, u.ID); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("EnsureAdmin", func(t *testing.T) {
		fresh := open(t)
		name, pw, err := fresh.EnsureAdmin(context.Background(), "FR")
		if err != nil || name != "admin" || len(pw) < 16 {
			t.Fatalf("%q %q %v", name, pw, err)
		}
		if _, _, err := fresh.Login(context.Background(), name, pw, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		_, pw2, err := fresh.EnsureAdmin(context.Background(), "FR")
		if err != nil || pw2 != "" {
			t.Fatal("second EnsureAdmin made another admin")
		}
	})
}

func entries(tb testing.TB, db *sqldb.DB) []*meridian.AuditEntry {
	tb.Helper()
	var es []*meridian.AuditEntry
	if err := db.Entries(context.Background(), func(e *meridian.AuditEntry) error { es = append(es, e); return nil }); err != nil {
		tb.Fatal(err)
	}
	return es
}

func testAudit(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	ctx := As(w.A)
	p := w.MustCreatePerson(t, w.A, "Audited", meridian.Release{Scope: meridian.ScopeListed, Countries: []string{"AL"}})
	db.FindPersonByID(As(w.B), p.ID)
	db.FindPersons(As(w.B), meridian.PersonFilter{})
	db.FindPersonByID(As(w.C), p.ID) // not visible: no read happened
	cur, _ := db.FindPersonByID(ctx, p.ID)
	cur.Sex = "F"
	if err := db.UpdatePerson(ctx, cur); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries(t, db) {
		owner := e.RecordOwner
		names := e.RecordID == p.ID
		for _, r := range e.Records {
			if r.ID == p.ID {
				names, owner = true, r.Owner
			}
		}
		if names {
			got = append(got, e.Action+" by "+e.AgencyID)
			if e.Purpose != "test" || e.Addr != "192.0.2.1" || owner != w.A.ID {
				t.Fatalf("entry lacks purpose, address or owner: %+v", e)
			}
		}
	}
	want := []string{"create by " + w.A.ID, "read by " + w.B.ID, "list by " + w.B.ID, "read by " + w.A.ID, "update by " + w.A.ID}
	if !slices.Equal(got, want) {
		t.Fatalf("audit trail\n got %v\nwant %v", got, want)
	}
	t.Run("Filter", func(t *testing.T) {
		mine, _, err := db.FindAuditEntries(As(w.B), meridian.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range mine {
			if e.UserID != "user-of-"+w.B.ID {
				t.Fatalf("officer sees another's entry %+v", e)
			}
		}
		ncb, _, _ := db.FindAuditEntries(As(w.A, meridian.RoleNCB), meridian.AuditFilter{RecordID: p.ID})
		if len(ncb) != 5 {
			t.Fatalf("owner NCB sees %d entries on its record, want 5", len(ncb))
		}
	})
	t.Run("Verify", func(t *testing.T) {
		r := verify(t, db)
		if !r.OK() || r.Entries < 5 {
			t.Fatalf("untouched log does not verify: %+v", r)
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				q := w.NewPerson("Concurrent", meridian.Release{Scope: meridian.ScopeOwner})
				a := []*meridian.Agency{w.A, w.B}[i%2]
				errs <- db.CreatePerson(As(a), q)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if r := verify(t, db); !r.OK() {
			t.Fatalf("chain broken by concurrent writers: %+v", r.Problems)
		}
	})
}

var keyOnce sync.Once
var suiteKey *audit.Key

// SuiteKey returns one signing key shared by the suite's stores.
func SuiteKey(tb testing.TB) *audit.Key {
	keyOnce.Do(func() {
		k, err := audit.LoadOrCreateKey(tb.TempDir())
		if err != nil {
			tb.Fatal(err)
		}
		suiteKey = k
	})
	return suiteKey
}

func verify(tb testing.TB, db *sqldb.DB) *audit.Report {
	tb.Helper()
	k := SuiteKey(tb)
	var opt audit.Options
	if db.Witness != nil {
		err := audit.ReadWitness(db.Witness.Path(), func(line int, note string) error {
			opt.Witness = append(opt.Witness, audit.WitnessNote{Where: fmt.Sprintf("line %d", line), Note: note})
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	r, err := audit.VerifyWith(context.Background(), db.AuditSource(), map[string]ed25519.PublicKey{k.ID(): k.Public()}, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// testAuditTamper alters, deletes, inserts and reorders single entries
// directly in the database and expects verification to name the entry.
func testAuditTamper(t *testing.T, open Opener) {
	build := func(t *testing.T) *sqldb.DB {
		db := open(t)
		db.Checkpoint = 4
		w := NewWorld(t, db)
		for i := range 5 {
			p := w.MustCreatePerson(t, w.A, "Tamper "+string(rune('A'+i)), meridian.Release{Scope: meridian.ScopeOwner})
			db.FindPersonByID(As(w.A), p.ID)
		}
		if r := verify(t, db); !r.OK() || r.Entries != 14 { // 4 agencies created, 5 persons created and read
			t.Fatalf("untouched: %+v", r)
		}
		return db
	}
	exec := func(t *testing.T, db *sqldb.DB, q string, args ...any) {
		t.Helper()
		if _, err := db.SQL().Exec(db.Dialect().Rebind(q), args...); err != nil {
			t.Fatal(err)
		}
	}
	expect := func(t *testing.T, db *sqldb.DB, seq int64, kinds ...string) {
		t.Helper()
		r := verify(t, db)
		if r.OK() {
			t.Fatal("tampered log verifies")
		}
		for _, p := range r.Problems {
			if p.Seq == seq && (len(kinds) == 0 || slices.Contains(kinds, p.Kind)) {
				return
			}
		}
		t.Fatalf("no problem names entry %d as %v: %+v", seq, kinds, r.Problems)
	}
	t.Run("Altered", func(t *testing.T) {
		db := build(t)
		exec(t, db, `UPDATE audit_entries SET purpose = 'curiosity' WHERE seq = 6`)
		expect(t, db, 6, "altered")
	})
	t.Run("AlteredAndRehashed", func(t *testing.T) {
		db := build(t)
		es := entries(t, db)
		e := *es[5]
		e.AgencyID = "someone-else"
		e.Hash = audit.Hash(&e)
		exec(t, db, `UPDATE audit_entries SET agency_id = ?, hash = ? WHERE seq = 6`, e.AgencyID, e.Hash)
		expect(t, db, 6, "altered")
	})
	t.Run("Deleted", func(t *testing.T) {
		db := build(t)
		exec(t, db, `DELETE FROM audit_entries WHERE seq = 4`)
		expect(t, db, 4, "deleted")
	})
	t.Run("DeletedLast", func(t *testing.T) {
		db := build(t)
		exec(t, db, `DELETE FROM audit_entries WHERE seq = 14`)
		expect(t, db, 14, "deleted", "truncated")
	})
	t.Run("Inserted", func(t *testing.T) {
		db := build(t)
		es := entries(t, db)
		e := *es[13]
		e.Seq, e.PrevHash, e.Action = 15, es[13].Hash, "read"
		e.Hash = audit.Hash(&e)
		exec(t, db, `INSERT INTO audit_entries (`+"seq, at, user_id, username, agency_id, action, record_kind, record_id, record_owner, purpose, addr, prev_hash, hash"+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, e.At.UnixMicro(), e.UserID, e.Username, e.AgencyID, e.Action,
			e.RecordKind, e.RecordID, e.RecordOwner, e.Purpose, e.Addr, e.PrevHash, e.Hash)
		expect(t, db, 15, "inserted")
	})
	t.Run("InsertedMiddle", func(t *testing.T) {
		db := build(t)
		// Shift entries 5.. up by one (from the top, to respect the key)
		// and put a forged entry at 5.
		for s := int64(14); s >= 5; s-- {
			exec(t, db, `UPDATE audit_entries SET seq = ? WHERE seq = ?`, s+1, s)
		}
		es := entries(t, db)
		e := *es[3]
		e.Seq, e.PrevHash, e.Action = 5, es[3].Hash, "read"
		e.Hash = audit.Hash(&e)
		exec(t, db, `INSERT INTO audit_entries (`+"seq, at, user_id, username, agency_id, action, record_kind, record_id, record_owner, purpose, addr, prev_hash, hash"+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, e.At.UnixMicro(), e.UserID, e.Username, e.AgencyID, e.Action,
			e.RecordKind, e.RecordID, e.RecordOwner, e.Purpose, e.Addr, e.PrevHash, e.Hash)
		expect(t, db, 5, "inserted")
	})
	t.Run("Reordered", func(t *testing.T) {
		db := build(t)
		exec(t, db, `UPDATE audit_entries SET seq = -1 WHERE seq = 3`)
		exec(t, db, `UPDATE audit_entries SET seq = 3 WHERE seq = 7`)
		exec(t, db, `UPDATE audit_entries SET seq = 7 WHERE seq = -1`)
		expect(t, db, 3, "reordered")
		expect(t, db, 7, "reordered")
	})
}

// recorder is a bus that remembers what it was given, failing on demand.
type recorder struct {
	mu   sync.Mutex
	got  []*meridian.Change
	fail bool
}

func (r *recorder) Publish(_ context.Context, c *meridian.Change) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail {
		return errors.New("bus down")
	}
	r.got = append(r.got, c)
	return nil
}

func testOutbox(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	p := w.MustCreatePerson(t, w.A, "Published", meridian.Release{Scope: meridian.ScopeOwner})
	ctx := context.Background()
	n, err := db.PendingChanges(ctx)
	if err != nil || n != 6 { // 4 agencies, 1 operation, 1 person
		t.Fatalf("pending changes %d (%v), want 6", n, err)
	}
	rec := &recorder{fail: true}
	if _, err := db.RelayOnce(ctx, rec, 100); err == nil {
		t.Fatal("relay reported success with the bus down")
	}
	if m, _ := db.PendingChanges(ctx); m != n {
		t.Fatalf("failed relay lost changes: %d -> %d", n, m)
	}
	rec.fail = false
	sent, err := db.RelayOnce(ctx, rec, 100)
	if err != nil || sent != n {
		t.Fatalf("relayed %d of %d: %v", sent, n, err)
	}
	if m, _ := db.PendingChanges(ctx); m != 0 {
		t.Fatalf("%d changes left after relay", m)
	}
	var kinds []string
	for i, c := range rec.got {
		kinds = append(kinds, c.Kind+"."+c.Action)
		if i > 0 && c.Seq <= rec.got[i-1].Seq {
			t.Fatalf("changes out of order: %d after %d", c.Seq, rec.got[i-1].Seq)
		}
	}
	want := []string{"agency.created", "agency.created", "agency.created", "agency.created", "operation.created", "person.created"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("published %v, want %v", kinds, want)
	}
	last := rec.got[len(rec.got)-1]
	if last.RecordID != p.ID || last.Meta == nil || last.Meta.OwnerAgency != w.A.ID || len(last.Data) == 0 {
		t.Fatalf("person change lacks id, meta or data: %+v", last)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
