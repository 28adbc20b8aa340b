package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"meridian"
	"meridian/auth"
	"meridian/policy"
)

// SessionLifetime is how long a browser session lasts.
const SessionLifetime = 12 * time.Hour

func itoa(i int) string { return strconv.Itoa(i) }

// CreateUser stores a new account; administrators only.
func (s *DB) CreateUser(ctx context.Context, u *meridian.User, password string) error {
	const op = "sqldb.CreateUser"
	if err := u.Validate(); err != nil {
		return err
	}
	if password != "" {
		if why := auth.CheckNewPassword(password, u.Username); why != "" {
			return meridian.Invalidf(op, "password", "%s", why)
		}
	}
	u.MustChangePassword = u.MustChangePassword && password != ""
	hash := ""
	if password != "" {
		var err error
		if hash, err = auth.HashPassword(password); err != nil {
			return meridian.Internal(op, err)
		}
	}
	return s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanManageUsers(tx.subj, false); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT country FROM agencies WHERE id = ?`, u.AgencyID).Scan(&u.Country); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return meridian.Invalidf(op, "agency_id", "unknown agency %q", u.AgencyID)
			}
			return err
		}
		u.ID = meridian.NewID()
		u.CreatedAt = tx.now
		_, err := tx.exec(ctx, `INSERT INTO users (id, agency_id, username, name, roles, password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.AgencyID, u.Username, u.Name, joinRoles(u.Roles), hash, boolInt(u.MustChangePassword), micros(u.CreatedAt))
		if s.d.IsUnique(err) {
			return &meridian.Error{Kind: meridian.EConflict, Op: op, Field: "username", Message: "username " + u.Username + " is taken"}
		}
		if err != nil {
			return err
		}
		tx.audit(meridian.AuditCreate, "user", u.ID, u.AgencyID)
		tx.publish("user", meridian.ChangeCreated, u.ID, nil, mustJSON(u))
		return nil
	})
}

const userColumns = `u.id, u.agency_id, a.country, u.username, u.name, u.roles, u.disabled, u.must_change_password, u.created_at`

func scanUser(sc interface{ Scan(...any) error }) (*meridian.User, error) {
	u := &meridian.User{}
	var roles string
	var disabled, must int
	var at int64
	err := sc.Scan(&u.ID, &u.AgencyID, &u.Country, &u.Username, &u.Name, &roles, &disabled, &must, &at)
	u.Roles, u.Disabled, u.MustChangePassword, u.CreatedAt = splitRoles(roles), disabled != 0, must != 0, fromMicros(at)
	return u, err
}

// FindUserByID returns an account the caller may see: any for an
// administrator, their own agency's otherwise.
func (s *DB) FindUserByID(ctx context.Context, id string) (*meridian.User, error) {
	const op = "sqldb.FindUserByID"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	u, err := scanUser(s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT `+userColumns+` FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, meridian.NotFound(op, "user")
	}
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	if agency, all := policy.UserScope(subj); !all && u.AgencyID != agency {
		return nil, meridian.NotFound(op, "user")
	}
	return u, nil
}

// FindUsers lists the accounts the caller may see.
func (s *DB) FindUsers(ctx context.Context, f meridian.UserFilter) ([]*meridian.User, string, error) {
	const op = "sqldb.FindUsers"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, "", meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	k, err := pageOf(op, "u.id", f.Page, false)
	if err != nil {
		return nil, "", err
	}
	q := `SELECT ` + userColumns + ` FROM users u JOIN agencies a ON a.id = u.agency_id WHERE 1 = 1`
	var args []any
	if agency, all := policy.UserScope(subj); !all {
		q += " AND u.agency_id = ?"
		args = append(args, agency)
	}
	if f.AgencyID != "" {
		q += " AND u.agency_id = ?"
		args = append(args, f.AgencyID)
	}
	return readPage(ctx, s, op, k, q, args, func(rows *sql.Rows) (*meridian.User, string, error) {
		u, err := scanUser(rows)
		return u, u.ID, err
	})
}

// CountUsers returns how many accounts exist (for the first start).
func (s *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, meridian.Internal("sqldb.CountUsers", err)
	}
	return n, nil
}

// CreateToken issues an API token for a user, valid for the default
// lifetime: the user for themselves, or the operator at the store.
func (s *DB) CreateToken(ctx context.Context, userID, name string) (string, error) {
	token, _, err := s.issueToken(ctx, "sqldb.CreateToken", userID, name, meridian.DefaultTokenLifetime)
	return token, err
}

func (s *DB) issueToken(ctx context.Context, op, userID, name string, ttl time.Duration) (string, *meridian.Token, error) {
	if len(name) > 200 {
		return "", nil, meridian.Invalidf(op, "name", "longer than 200 bytes")
	}
	if ttl <= 0 {
		ttl = meridian.DefaultTokenLifetime
	}
	if ttl > meridian.MaxTokenLifetime {
		return "", nil, meridian.Invalidf(op, "expires_in_days", "at most %d days", int(meridian.MaxTokenLifetime/(24*time.Hour)))
	}
	token, hash := auth.NewToken(auth.APIPrefix)
	t := &meridian.Token{ID: hash[:16], Name: name}
	err := s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanCreateToken(tx.subj, userID); err != nil {
			return err
		}
		var agency string
		if err := tx.queryRow(ctx, `SELECT agency_id FROM users WHERE id = ?`, userID).Scan(&agency); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return meridian.NotFound(op, "user")
			}
			return err
		}
		t.CreatedAt, t.ExpiresAt = tx.now, tx.now.Add(ttl)
		if _, err := tx.exec(ctx, `INSERT INTO credentials (token_hash, id, user_id, kind, name, created_at, expires_at) VALUES (?, ?, ?, 'api', ?, ?, ?)`,
			hash, t.ID, userID, name, micros(t.CreatedAt), micros(t.ExpiresAt)); err != nil {
			return err
		}
		tx.audit(meridian.AuditToken, "user", userID, agency)
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// Login checks a password and opens a session. Failures are counted per
// (username, client address) and per username, in the store so that they
// hold across instances, and alike whether the account exists or not: an
// unknown name is throttled exactly as a known one, so the answers tell
// nothing. An address that fails is locked out of that username; the
// username's own lock, which many failing addresses set off, does not hold
// back the addresses the account has signed in from before, so that
// others' failures cannot lock the user out (see docs/security.md).
func (s *DB) Login(ctx context.Context, username, password, addr string) (string, *meridian.User, error) {
	const op = "sqldb.Login"
	now := s.now()
	if wait, err := s.limiter.Allow(addr, now); err != nil {
		return "", nil, throttled(op, "too many sign-in attempts from your address", wait)
	}
	wrong := meridian.Errorf(meridian.EUnauthenticated, op, "wrong username or password")
	name := strings.ToLower(username)
	if len(name) > 64 {
		name = name[:64]
	}
	keyAddr, keyUser := "a|"+name+"|"+addr, "u|"+name
	release, err := s.signinTurn(ctx, name)
	if err != nil {
		return "", nil, err
	}
	defer release()
	lockAddr, err := s.lockedUntil(ctx, keyAddr)
	if err != nil {
		return "", nil, meridian.Internal(op, err)
	}
	if lockAddr.After(now) {
		return "", nil, throttled(op, "too many failed sign-ins", lockAddr.Sub(now))
	}
	var id, hash string
	var disabled int
	if len(username) <= 64 { // no account has a longer name
		err = s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT id, password_hash, disabled FROM users WHERE username = ?`), username).
			Scan(&id, &hash, &disabled)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", nil, meridian.Internal(op, err)
		}
	}
	known := false
	if id != "" {
		var n int
		if err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT COUNT(*) FROM login_known WHERE user_id = ? AND addr = ?`), id, addr).Scan(&n); err != nil {
			return "", nil, meridian.Internal(op, err)
		}
		known = n > 0
	}
	if !known {
		lockUser, err := s.lockedUntil(ctx, keyUser)
		if err != nil {
			return "", nil, meridian.Internal(op, err)
		}
		if lockUser.After(now) {
			return "", nil, throttled(op, "too many failed sign-ins", lockUser.Sub(now))
		}
	}
	ok := false
	if id == "" || hash == "" || len(password) > auth.MaxPasswordBytes {
		auth.DummyCheck(password)
	} else {
		ok = auth.CheckPassword(hash, password) && disabled == 0
	}
	if !ok {
		// The lock runs from the failure, not from the attempt's start:
		// the password check may take a while on a loaded machine.
		now = s.now()
		if err := s.fail(ctx, keyAddr, auth.FreeFailures, now); err != nil {
			return "", nil, meridian.Internal(op, err)
		}
		if err := s.fail(ctx, keyUser, auth.FreeAccountFailures, now); err != nil {
			return "", nil, meridian.Internal(op, err)
		}
		s.auditLogin(ctx, meridian.AuditDenied, id, username, addr)
		return "", nil, wrong
	}
	token, thash := auth.NewToken(auth.SessionPrefix)
	subj := &meridian.Subject{UserID: id, Username: username, Addr: addr, Purpose: "sign-in"}
	err = s.write(meridian.WithSubject(ctx, subj), op, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM login_throttle WHERE key = ?`, keyAddr); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO login_known (user_id, addr, last_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id, addr) DO UPDATE SET last_at = excluded.last_at`, id, addr, micros(tx.now)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO credentials (token_hash, id, user_id, kind, created_at, expires_at) VALUES (?, ?, ?, 'session', ?, ?)`,
			thash, thash[:16], id, micros(tx.now), micros(tx.now.Add(SessionLifetime))); err != nil {
			return err
		}
		// Expired sessions and tokens of anyone, and stale failure counts,
		// are swept here, where they are cheap.
		if _, err := tx.exec(ctx, `DELETE FROM credentials WHERE expires_at > 0 AND expires_at < ?`, micros(tx.now)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM login_throttle WHERE updated_at < ? AND locked_until < ?`,
			micros(tx.now.Add(-failureMemory)), micros(tx.now)); err != nil {
			return err
		}
		tx.audit(meridian.AuditLogin, "user", id, "")
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	u, err := s.FindUserByID(meridian.WithSubject(ctx, meridian.SystemSubject), id)
	if err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// failureMemory is how long a run of sign-in failures is remembered: a
// failure after a day's quiet starts a new count.
const failureMemory = 24 * time.Hour

func throttled(op, msg string, wait time.Duration) error {
	secs := max(1, int((wait+time.Second-1)/time.Second))
	return &meridian.Error{Kind: meridian.ERateLimited, Op: op, RetryAfter: time.Duration(secs) * time.Second,
		Message: fmt.Sprintf("%s; try again in %d s", msg, secs)}
}

// signinTurn waits for this instance's turn to try a password for the
// (lower-cased) username name, and returns its release.
func (s *DB) signinTurn(ctx context.Context, name string) (func(), error) {
	h := fnv.New32a()
	h.Write([]byte(name))
	turn := s.signins[h.Sum32()%uint32(len(s.signins))]
	select {
	case turn <- struct{}{}:
		return func() { <-turn }, nil
	case <-ctx.Done():
		return nil, meridian.Errorf(meridian.EUnavailable, "sqldb.Login", "sign-in cancelled while waiting")
	}
}

func (s *DB) lockedUntil(ctx context.Context, key string) (time.Time, error) {
	var until int64
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT locked_until FROM login_throttle WHERE key = ?`), key).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return fromMicros(until), err
}

// fail counts a failure under key and locks it once free failures are
// spent, for a time that doubles with each further one.
func (s *DB) fail(ctx context.Context, key string, free int, now time.Time) error {
	var n int
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`INSERT INTO login_throttle (key, failures, locked_until, updated_at) VALUES (?, 1, 0, ?)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN login_throttle.updated_at < ? THEN 1 ELSE login_throttle.failures + 1 END,
			updated_at = excluded.updated_at
		RETURNING failures`), key, micros(now), micros(now.Add(-failureMemory))).Scan(&n)
	if err != nil {
		return err
	}
	if d := auth.LockAfter(n, free); d > 0 {
		_, err = s.db.ExecContext(ctx, s.d.Rebind(`UPDATE login_throttle SET locked_until = ? WHERE key = ?`), micros(now.Add(d)), key)
	}
	return err
}

func (s *DB) auditLogin(ctx context.Context, action, id, username, addr string) {
	subj := &meridian.Subject{UserID: id, Username: username, Addr: addr, Purpose: "sign-in"}
	err := s.write(meridian.WithSubject(ctx, subj), "sqldb.auditLogin", func(tx *Tx) error {
		tx.audit(action, "user", id, "")
		return nil
	})
	if err != nil {
		s.log.Error("audit of sign-in failed", errAttr(err))
	}
}

// Logout ends a session, and evicts it from every instance's cache.
func (s *DB) Logout(ctx context.Context, token string) error {
	const op = "sqldb.Logout"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		subj = meridian.SystemSubject
	}
	return s.write(meridian.WithSubject(ctx, subj), op, func(tx *Tx) error {
		var userID string
		err := tx.queryRow(ctx, `SELECT user_id FROM credentials WHERE token_hash = ? AND kind = 'session'`, auth.HashToken(token)).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM credentials WHERE token_hash = ? AND kind = 'session'`, auth.HashToken(token)); err != nil {
			return err
		}
		tx.publishCredential(userID)
		return nil
	})
}

// SubjectBySession returns the subject of a live browser session.
func (s *DB) SubjectBySession(ctx context.Context, token string) (*meridian.Subject, error) {
	return s.subjectByCredential(ctx, token, "session")
}

// SubjectByToken returns the subject of an API token.
func (s *DB) SubjectByToken(ctx context.Context, token string) (*meridian.Subject, error) {
	return s.subjectByCredential(ctx, token, "api")
}

func (s *DB) subjectByCredential(ctx context.Context, token, kind string) (*meridian.Subject, error) {
	const op = "sqldb.Authenticate"
	if len(token) > 200 {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "invalid credentials")
	}
	hash := auth.HashToken(token)
	key := kind + ":" + hash
	now := s.now()
	cached := s.cachedCredentials()
	if cached {
		if v, ok := s.creds.cache.Get(key, now); ok {
			return cloneSubject(v), nil
		}
	}
	gen := s.creds.cache.Gen()
	s.creds.lookups.Add(1)
	subj := &meridian.Subject{}
	var roles string
	var expires int64
	var must int
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT u.id, u.username, u.agency_id, a.country, u.roles, u.must_change_password, c.expires_at
		FROM credentials c JOIN users u ON u.id = c.user_id JOIN agencies a ON a.id = u.agency_id
		WHERE c.token_hash = ? AND c.kind = ? AND u.disabled = 0`), hash, kind).
		Scan(&subj.UserID, &subj.Username, &subj.AgencyID, &subj.Country, &roles, &must, &expires)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && expires != 0 && fromMicros(expires).Before(now)) {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "invalid or expired credentials")
	}
	if err != nil {
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "database unavailable", Err: err}
	}
	subj.Roles = splitRoles(roles)
	// Only a session opened with a password someone else chose is held to
	// changing it: an API token of such an account was minted by its
	// user after a change, or by the operator at the store.
	subj.MustChangePassword = must != 0 && kind == "session"
	if cached {
		s.creds.cache.Put(gen, key, subj.UserID, *cloneSubject(*subj), fromMicros(expires), now)
	}
	return subj, nil
}

// EnsureAdmin creates the first administrator and its agency when the
// store has no users, returning the one-time password; "" when users
// exist already.
func (s *DB) EnsureAdmin(ctx context.Context, country string) (username, password string, err error) {
	n, err := s.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", "", err
	}
	ctx = meridian.WithSubject(ctx, meridian.SystemSubject)
	a := &meridian.Agency{Country: country, Kind: meridian.AgencyInternational, Name: "Meridian administration"}
	if err := s.CreateAgency(ctx, a); err != nil {
		return "", "", err
	}
	password = auth.NewPassword()
	u := &meridian.User{AgencyID: a.ID, Username: "admin", Name: "Administrator", Roles: []meridian.Role{meridian.RoleAdmin},
		MustChangePassword: true}
	if err := s.CreateUser(ctx, u, password); err != nil {
		if meridian.KindOf(err) == meridian.EConflict {
			// Another instance starting at the same time made it.
			return "", "", nil
		}
		return "", "", err
	}
	return u.Username, password, nil
}
