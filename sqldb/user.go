package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
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
	if password != "" && len(password) < meridian.MinPasswordLength {
		return meridian.Invalidf(op, "password", "must be at least %d characters", meridian.MinPasswordLength)
	}
	if len(password) > 1024 {
		return meridian.Invalidf(op, "password", "longer than 1024 bytes")
	}
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
		_, err := tx.exec(ctx, `INSERT INTO users (id, agency_id, username, name, roles, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.AgencyID, u.Username, u.Name, joinRoles(u.Roles), hash, micros(u.CreatedAt))
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

const userColumns = `u.id, u.agency_id, a.country, u.username, u.name, u.roles, u.disabled, u.created_at`

func scanUser(sc interface{ Scan(...any) error }) (*meridian.User, error) {
	u := &meridian.User{}
	var roles string
	var disabled int
	var at int64
	err := sc.Scan(&u.ID, &u.AgencyID, &u.Country, &u.Username, &u.Name, &roles, &disabled, &at)
	u.Roles, u.Disabled, u.CreatedAt = splitRoles(roles), disabled != 0, fromMicros(at)
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
	after, err := afterCursor(op, f.Cursor)
	if err != nil {
		return nil, "", err
	}
	q := `SELECT ` + userColumns + ` FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.id > ?`
	args := []any{after}
	if agency, all := policy.UserScope(subj); !all {
		q += " AND u.agency_id = ?"
		args = append(args, agency)
	}
	if f.AgencyID != "" {
		q += " AND u.agency_id = ?"
		args = append(args, f.AgencyID)
	}
	limit := f.Size()
	q += " ORDER BY u.id LIMIT ?"
	args = append(args, limit)
	return queryPage(ctx, s, op, q, args, limit, func(rows *sql.Rows) (*meridian.User, string, error) {
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

// CreateToken issues an API token for a user: administrators for anyone,
// users for themselves.
func (s *DB) CreateToken(ctx context.Context, userID, name string) (string, error) {
	const op = "sqldb.CreateToken"
	if len(name) > 200 {
		return "", meridian.Invalidf(op, "name", "longer than 200 bytes")
	}
	token, hash := auth.NewToken(auth.APIPrefix)
	err := s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanManageUsers(tx.subj, tx.subj.UserID == userID); err != nil {
			return err
		}
		var agency string
		if err := tx.queryRow(ctx, `SELECT agency_id FROM users WHERE id = ?`, userID).Scan(&agency); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return meridian.NotFound(op, "user")
			}
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO credentials (token_hash, user_id, kind, name, created_at, expires_at) VALUES (?, ?, 'api', ?, ?, 0)`,
			hash, userID, name, micros(tx.now)); err != nil {
			return err
		}
		tx.audit(meridian.AuditToken, "user", userID, agency)
		return nil
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// Login checks a password, throttled per client address in this instance
// and per account across instances, and opens a session.
func (s *DB) Login(ctx context.Context, username, password, addr string) (string, *meridian.User, error) {
	const op = "sqldb.Login"
	now := s.now()
	if wait, err := s.limiter.Allow(addr, now); err != nil {
		return "", nil, &meridian.Error{Kind: meridian.ERateLimited, Op: op,
			Message: "too many sign-in attempts from your address; try again in " + wait.Round(time.Second).String()}
	}
	wrong := meridian.Errorf(meridian.EUnauthenticated, op, "wrong username or password")
	if len(password) > 1024 || len(username) > 64 {
		return "", nil, wrong
	}
	var id, hash string
	var disabled, failed int
	var locked int64
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT id, password_hash, disabled, failed_logins, locked_until FROM users WHERE username = ?`), username).
		Scan(&id, &hash, &disabled, &failed, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		auth.DummyCheck(password)
		s.auditLogin(ctx, meridian.AuditDenied, "", username, addr)
		return "", nil, wrong
	}
	if err != nil {
		return "", nil, meridian.Internal(op, err)
	}
	if until := fromMicros(locked); until.After(now) {
		return "", nil, &meridian.Error{Kind: meridian.ERateLimited, Op: op,
			Message: "account locked after repeated failures; try again in " + until.Sub(now).Round(time.Second).String()}
	}
	if disabled != 0 || hash == "" || !auth.CheckPassword(hash, password) {
		failed++
		until := micros(now.Add(auth.LockFor(failed)))
		if _, err := s.db.ExecContext(ctx, s.d.Rebind(`UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?`), failed, until, id); err != nil {
			return "", nil, meridian.Internal(op, err)
		}
		s.auditLogin(ctx, meridian.AuditDenied, id, username, addr)
		return "", nil, wrong
	}
	token, thash := auth.NewToken(auth.SessionPrefix)
	subj := &meridian.Subject{UserID: id, Username: username, Addr: addr, Purpose: "sign-in"}
	err = s.write(meridian.WithSubject(ctx, subj), op, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO credentials (token_hash, user_id, kind, created_at, expires_at) VALUES (?, ?, 'session', ?, ?)`,
			thash, id, micros(tx.now), micros(tx.now.Add(SessionLifetime))); err != nil {
			return err
		}
		// Expired sessions of anyone are swept here, where they are cheap.
		if _, err := tx.exec(ctx, `DELETE FROM credentials WHERE kind = 'session' AND expires_at < ?`, micros(tx.now)); err != nil {
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

// Logout ends a session.
func (s *DB) Logout(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, s.d.Rebind(`DELETE FROM credentials WHERE token_hash = ? AND kind = 'session'`), auth.HashToken(token))
	if err != nil {
		return meridian.Internal("sqldb.Logout", err)
	}
	return nil
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
	subj := &meridian.Subject{}
	var roles string
	var expires int64
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT u.id, u.username, u.agency_id, a.country, u.roles, c.expires_at
		FROM credentials c JOIN users u ON u.id = c.user_id JOIN agencies a ON a.id = u.agency_id
		WHERE c.token_hash = ? AND c.kind = ? AND u.disabled = 0`), auth.HashToken(token), kind).
		Scan(&subj.UserID, &subj.Username, &subj.AgencyID, &subj.Country, &roles, &expires)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && expires != 0 && fromMicros(expires).Before(s.now())) {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "invalid or expired credentials")
	}
	if err != nil {
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "database unavailable", Err: err}
	}
	subj.Roles = splitRoles(roles)
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
	u := &meridian.User{AgencyID: a.ID, Username: "admin", Name: "Administrator", Roles: []meridian.Role{meridian.RoleAdmin}}
	if err := s.CreateUser(ctx, u, password); err != nil {
		if meridian.KindOf(err) == meridian.EConflict {
			// Another instance starting at the same time made it.
			return "", "", nil
		}
		return "", "", err
	}
	return u.Username, password, nil
}
