package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"meridian"
	"meridian/auth"
	"meridian/policy"
)

var _ meridian.AccountService = (*DB)(nil)

// ChangePassword changes the caller's own password. A wrong current
// password counts as a failed sign-in of the caller's address, so a stolen
// session cannot guess its way to the password.
func (s *DB) ChangePassword(ctx context.Context, current, next string) (string, error) {
	const op = "sqldb.ChangePassword"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil || subj.System || subj.UserID == "" {
		return "", meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	now := s.now()
	keyAddr := "a|" + subj.Username + "|" + subj.Addr
	release, err := s.signinTurn(ctx, strings.ToLower(subj.Username))
	if err != nil {
		return "", err
	}
	defer release()
	lock, err := s.lockedUntil(ctx, keyAddr)
	if err != nil {
		return "", meridian.Internal(op, err)
	}
	if lock.After(now) {
		return "", throttled(op, "too many failed attempts", lock.Sub(now))
	}
	var hash string
	if err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT password_hash FROM users WHERE id = ?`), subj.UserID).Scan(&hash); err != nil {
		return "", meridian.Internal(op, err)
	}
	if hash == "" || len(current) > auth.MaxPasswordBytes || !auth.CheckPassword(hash, current) {
		if err := s.fail(ctx, keyAddr, auth.FreeFailures, s.now()); err != nil {
			return "", meridian.Internal(op, err)
		}
		return "", meridian.Invalidf(op, "current_password", "wrong password")
	}
	if why := auth.CheckNewPassword(next, subj.Username); why != "" {
		return "", meridian.Invalidf(op, "new_password", "%s", why)
	}
	if next == current {
		return "", meridian.Invalidf(op, "new_password", "must differ from the current password")
	}
	nhash, err := auth.HashPassword(next)
	if err != nil {
		return "", meridian.Internal(op, err)
	}
	token, thash := auth.NewToken(auth.SessionPrefix)
	err = s.write(ctx, op, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?`, nhash, subj.UserID); err != nil {
			return err
		}
		// Every session opened with the old password ends, this one too:
		// the caller gets a new one.
		if _, err := tx.exec(ctx, `DELETE FROM credentials WHERE user_id = ? AND kind = 'session'`, subj.UserID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO credentials (token_hash, id, user_id, kind, created_at, expires_at) VALUES (?, ?, ?, 'session', ?, ?)`,
			thash, thash[:16], subj.UserID, micros(tx.now), micros(tx.now.Add(SessionLifetime))); err != nil {
			return err
		}
		tx.audit(meridian.AuditPasswordChange, "user", subj.UserID, subj.AgencyID)
		tx.publishCredential(subj.UserID)
		return nil
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// ResetPassword sets a one-time password on someone else's account.
func (s *DB) ResetPassword(ctx context.Context, userID, password string) (string, error) {
	const op = "sqldb.ResetPassword"
	if password == "" {
		password = auth.NewPassword()
	}
	var hash string
	err := s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanManageUsers(tx.subj, false); err != nil {
			return err
		}
		if tx.subj.UserID == userID {
			return meridian.Errorf(meridian.EForbidden, op, "change your own password with your current one")
		}
		var username, agency string
		if err := tx.queryRow(ctx, `SELECT username, agency_id FROM users WHERE id = ?`, userID).Scan(&username, &agency); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return meridian.NotFound(op, "user")
			}
			return err
		}
		if why := auth.CheckNewPassword(password, username); why != "" {
			return meridian.Invalidf(op, "password", "%s", why)
		}
		var err error
		if hash, err = auth.HashPassword(password); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = 1 WHERE id = ?`, hash, userID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM credentials WHERE user_id = ? AND kind = 'session'`, userID); err != nil {
			return err
		}
		tx.audit(meridian.AuditPasswordReset, "user", userID, agency)
		tx.publishCredential(userID)
		return nil
	})
	if err != nil {
		return "", err
	}
	return password, nil
}

// UpdateUser changes an account's roles or disables and re-enables it.
// Disabling deletes its sessions and tokens in the same transaction, and
// the credential change it publishes evicts them from every instance's
// cache.
func (s *DB) UpdateUser(ctx context.Context, userID string, up meridian.UserUpdate) (*meridian.User, error) {
	const op = "sqldb.UpdateUser"
	if up.Roles != nil {
		f := meridian.Fields{Op: op}
		if len(*up.Roles) == 0 {
			f.Add("roles", "at least one role is required")
		}
		for i, r := range *up.Roles {
			if !slices.Contains(meridian.Roles, r) {
				f.Add("roles["+itoa(i)+"]", "unknown role %q (want officer, ncb, analyst, prosecutor, coordinator, observer or admin)", r)
			}
		}
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	err := s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanManageUsers(tx.subj, false); err != nil {
			return err
		}
		if tx.subj.UserID == userID {
			return meridian.Errorf(meridian.EForbidden, op, "administrators do not change their own roles or disable themselves")
		}
		var agency string
		var disabled int
		if err := tx.queryRow(ctx, `SELECT agency_id, disabled FROM users WHERE id = ?`+tx.s.d.ForUpdate(), userID).Scan(&agency, &disabled); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return meridian.NotFound(op, "user")
			}
			return err
		}
		if up.Roles != nil {
			if _, err := tx.exec(ctx, `UPDATE users SET roles = ? WHERE id = ?`, joinRoles(*up.Roles), userID); err != nil {
				return err
			}
			tx.audit(meridian.AuditUpdate, "user", userID, agency)
		}
		if up.Disabled != nil && *up.Disabled != (disabled != 0) {
			if _, err := tx.exec(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, boolInt(*up.Disabled), userID); err != nil {
				return err
			}
			action := meridian.AuditEnable
			if *up.Disabled {
				action = meridian.AuditDisable
				if _, err := tx.exec(ctx, `DELETE FROM credentials WHERE user_id = ?`, userID); err != nil {
					return err
				}
			}
			tx.audit(action, "user", userID, agency)
		}
		tx.publish("user", meridian.ChangeUpdated, userID, nil, nil)
		// Roles, and the disabled flag, are held in every instance's
		// cached credentials of the account.
		tx.publishCredential(userID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.FindUserByID(ctx, userID)
}

// IssueToken creates an API token for the caller.
func (s *DB) IssueToken(ctx context.Context, name string, ttl time.Duration) (string, *meridian.Token, error) {
	subj := meridian.SubjectFrom(ctx)
	if subj == nil || subj.UserID == "" {
		return "", nil, meridian.Errorf(meridian.EUnauthenticated, "sqldb.IssueToken", "not signed in")
	}
	return s.issueToken(ctx, "sqldb.IssueToken", subj.UserID, name, ttl)
}

// FindTokens lists the caller's API tokens that have not expired.
func (s *DB) FindTokens(ctx context.Context) ([]*meridian.Token, error) {
	const op = "sqldb.FindTokens"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil || subj.UserID == "" {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT id, name, created_at, expires_at FROM credentials
		WHERE user_id = ? AND kind = 'api' AND (expires_at = 0 OR expires_at > ?) ORDER BY created_at, id`), subj.UserID, micros(s.now()))
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	defer rows.Close()
	out := []*meridian.Token{}
	for rows.Next() {
		t := &meridian.Token{}
		var c, e int64
		if err := rows.Scan(&t.ID, &t.Name, &c, &e); err != nil {
			return nil, meridian.Internal(op, err)
		}
		t.CreatedAt, t.ExpiresAt = fromMicros(c), fromMicros(e)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, meridian.Internal(op, err)
	}
	return out, nil
}

// RevokeToken deletes one of the caller's API tokens.
func (s *DB) RevokeToken(ctx context.Context, id string) error {
	const op = "sqldb.RevokeToken"
	return s.write(ctx, op, func(tx *Tx) error {
		if tx.subj.UserID == "" {
			return meridian.NotFound(op, "token")
		}
		res, err := tx.exec(ctx, `DELETE FROM credentials WHERE id = ? AND user_id = ? AND kind = 'api'`, id, tx.subj.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return meridian.NotFound(op, "token")
		}
		tx.audit(meridian.AuditTokenRevoke, "user", tx.subj.UserID, tx.subj.AgencyID)
		tx.publishCredential(tx.subj.UserID)
		return nil
	})
}

// UserIDByUsername finds an account for the operator's commands at the
// store (meridian user passwd, disable).
func (s *DB) UserIDByUsername(ctx context.Context, username string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT id FROM users WHERE username = ?`), username).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", meridian.NotFound("sqldb.UserIDByUsername", "user "+username)
	}
	if err != nil {
		return "", meridian.Internal("sqldb.UserIDByUsername", err)
	}
	return id, nil
}
