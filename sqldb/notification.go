package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"meridian"
	"meridian/policy"
)

// Subscriptions and the inbox. A notification names a link and is
// addressed to a user (who follows a record, case or operation it
// touches) or to an agency's readers (the owner of one of its ends). It is
// stored only for a recipient who may read one end of the link then, and
// listed only while the reader still may: a notice must not tell anyone
// of a record they may not read. Each is published on the bus (its id and
// recipient only) for the live inbox.

var _ meridian.NotificationService = (*DB)(nil)

type notice struct {
	kind, link, user, agency, by, dedup string
	targetKind, targetID                string
}

// notify stores a notification once per dedup key and publishes it.
func notify(ctx context.Context, tx *Tx, n notice) error {
	id := meridian.NewID()
	res, err := tx.exec(ctx, `INSERT INTO notifications (id, user_id, agency_id, kind, link_id, target_kind, target_id, by_agency, dedup, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup) DO NOTHING`,
		id, n.user, n.agency, n.kind, n.link, n.targetKind, n.targetID, n.by, n.dedup, micros(tx.now))
	if err != nil {
		return err
	}
	if k, err := res.RowsAffected(); err != nil || k == 0 {
		return err
	}
	tx.publish(meridian.NoticeChangeKind, meridian.ChangeCreated, id, nil, mustJSON(meridian.NoticeData{User: n.user, Agency: n.agency}))
	return nil
}

// subjectOf is a user as the read scope sees them, nil when disabled or
// unknown.
func subjectOf(ctx context.Context, tx *Tx, userID string) (*meridian.Subject, error) {
	var agency, country, roles string
	var disabled int
	err := tx.queryRow(ctx, `SELECT u.agency_id, a.country, u.roles, u.disabled FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.id = ?`,
		userID).Scan(&agency, &country, &roles, &disabled)
	if errors.Is(err, sql.ErrNoRows) || disabled != 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &meridian.Subject{UserID: userID, AgencyID: agency, Country: country, Roles: splitRoles(roles)}, nil
}

// readsAny reports whether subj may read at least one of the records ids.
func readsAny(ctx context.Context, tx *Tx, subj *meridian.Subject, ids []string) (bool, error) {
	if len(ids) == 0 || !policy.MayRead(subj) {
		return false, nil
	}
	cond, args := recordScope(policy.ReadScope(subj)).sql()
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM records r WHERE r.id IN (`+placeholders(len(ids))+`) AND `+cond,
		append(anys(ids), args...)...).Scan(&n)
	return n > 0, err
}

// fanout tells of the link l (kind: proposed or confirmed) the users who
// follow one of its ends, a case holding one, or the operation of one,
// if they may read the end their subscription matched (so that a notice
// tells nothing of an end they may not read, not even that it is in the
// case or operation they follow); and both owner agencies.
func fanout(ctx context.Context, tx *Tx, l *meridian.Link, kind, dedup string) error {
	a, b := l.A.RecordID, l.B.RecordID
	q := `SELECT user_id, target_kind, target_id FROM subscriptions WHERE (target_kind = 'record' AND target_id IN (?, ?))
		OR (target_kind = 'case' AND target_id IN (SELECT record_id FROM record_attrs WHERE name = 'record' AND value IN (?, ?)))`
	args := []any{a, b, a, b}
	var ops []string
	for _, op := range []string{l.A.OperationID, l.B.OperationID} {
		if op != "" && !slices.Contains(ops, op) {
			ops = append(ops, op)
		}
	}
	if len(ops) > 0 {
		q += ` OR (target_kind = 'operation' AND target_id IN (` + placeholders(len(ops)) + `))`
		args = append(args, anys(ops)...)
	}
	rows, err := tx.query(ctx, q+` ORDER BY user_id, target_kind, target_id`, args...)
	if err != nil {
		return err
	}
	type sub struct{ user, kind, id string }
	var subs []sub
	for rows.Next() {
		var s sub
		if err := rows.Scan(&s.user, &s.kind, &s.id); err != nil {
			rows.Close()
			return err
		}
		subs = append(subs, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	told := map[string]bool{}
	for _, s := range subs {
		if told[s.user] {
			continue
		}
		// The ends this subscription matched.
		var ends []string
		switch s.kind {
		case meridian.SubscribeRecord:
			ends = []string{s.id}
		case meridian.SubscribeOperation:
			for _, e := range []meridian.LinkEnd{l.A, l.B} {
				if e.OperationID == s.id {
					ends = append(ends, e.RecordID)
				}
			}
		case meridian.SubscribeCase:
			if ends, err = stringsOf(ctx, tx, `SELECT value FROM record_attrs WHERE record_id = ? AND name = 'record' AND value IN (?, ?)`,
				s.id, a, b); err != nil {
				return err
			}
		}
		subj, err := subjectOf(ctx, tx, s.user)
		if err != nil {
			return err
		}
		if subj == nil {
			continue
		}
		ok, err := readsAny(ctx, tx, subj, ends)
		if err != nil {
			return err
		}
		if s.kind == meridian.SubscribeCase && ok {
			// And the case itself, still.
			ok, err = readsAny(ctx, tx, subj, []string{s.id})
			if err != nil {
				return err
			}
		}
		if !ok {
			continue
		}
		told[s.user] = true
		if err := notify(ctx, tx, notice{kind: kind, link: l.ID, user: s.user, targetKind: s.kind, targetID: s.id,
			dedup: dedup + ":u:" + s.user}); err != nil {
			return err
		}
	}
	for _, owner := range []string{l.A.OwnerAgency, l.B.OwnerAgency} {
		if owner == "" {
			continue
		}
		if err := notify(ctx, tx, notice{kind: kind, link: l.ID, agency: owner, dedup: dedup + ":a:" + owner}); err != nil {
			return err
		}
	}
	return nil
}

// Subscribe follows a record, a case or an operation.
func (s *DB) Subscribe(ctx context.Context, sub *meridian.Subscription) error {
	const op = "sqldb.Subscribe"
	f := meridian.Fields{Op: op}
	if !slices.Contains([]string{meridian.SubscribeRecord, meridian.SubscribeCase, meridian.SubscribeOperation}, sub.TargetKind) {
		f.Add("target_kind", "unknown target kind %q (want record, case or operation)", sub.TargetKind)
	}
	if !meridian.IsID(sub.TargetID) {
		f.Add("target_id", "malformed id %q", sub.TargetID)
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.write(ctx, op, func(tx *Tx) error {
		if tx.subj.UserID == "" {
			return meridian.Errorf(meridian.EForbidden, op, "only users subscribe")
		}
		ok := false
		var err error
		switch sub.TargetKind {
		case meridian.SubscribeRecord:
			ok, err = visible(ctx, tx, sub.TargetID, "")
		case meridian.SubscribeCase:
			ok, err = visible(ctx, tx, sub.TargetID, "case")
		case meridian.SubscribeOperation:
			var n int
			if err = tx.queryRow(ctx, `SELECT COUNT(*) FROM operations WHERE id = ?`, sub.TargetID).Scan(&n); err == nil && n > 0 {
				var p meridian.Participation
				p, err = (&alertReader{tx: tx, parts: map[string]meridian.Participation{}}).participation(ctx, sub.TargetID)
				ok = err == nil && policy.SeesOperation(tx.subj, p)
			}
		}
		if err != nil {
			return err
		}
		if !ok {
			return meridian.NotFound(op, sub.TargetKind)
		}
		sub.CreatedAt = tx.now
		_, err = tx.exec(ctx, `INSERT INTO subscriptions (user_id, target_kind, target_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			tx.subj.UserID, sub.TargetKind, sub.TargetID, micros(tx.now))
		return err
	})
}

// Unsubscribe stops following.
func (s *DB) Unsubscribe(ctx context.Context, kind, id string) error {
	const op = "sqldb.Unsubscribe"
	return s.write(ctx, op, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM subscriptions WHERE user_id = ? AND target_kind = ? AND target_id = ?`, tx.subj.UserID, kind, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = meridian.NotFound(op, "subscription")
			}
			return err
		}
		return nil
	})
}

// FindSubscriptions lists the caller's subscriptions.
func (s *DB) FindSubscriptions(ctx context.Context) ([]*meridian.Subscription, error) {
	const op = "sqldb.FindSubscriptions"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT target_kind, target_id, created_at FROM subscriptions WHERE user_id = ? ORDER BY created_at, target_id`), subj.UserID)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	defer rows.Close()
	out := []*meridian.Subscription{}
	for rows.Next() {
		var sub meridian.Subscription
		var at int64
		if err := rows.Scan(&sub.TargetKind, &sub.TargetID, &at); err != nil {
			return nil, meridian.Internal(op, err)
		}
		sub.CreatedAt = fromMicros(at)
		out = append(out, &sub)
	}
	if err := rows.Err(); err != nil {
		return nil, meridian.Internal(op, err)
	}
	return out, nil
}

// inboxScope is the caller's notifications (aliased n): its own, and its
// agency's for a reader; only while it may read an end of their link.
func inboxScope(subj *meridian.Subject) (string, []any) {
	sc := policy.ReadScope(subj)
	ra, aargs := readableSQL(sc, "l.a_id")
	rb, bargs := readableSQL(sc, "l.b_id")
	own := `n.user_id = ?`
	args := []any{subj.UserID}
	if policy.MayRead(subj) && subj.AgencyID != "" {
		own = `(n.user_id = ? OR n.agency_id = ?)`
		args = append(args, subj.AgencyID)
	}
	rq, rargs := requestScope(subj)
	q := own + ` AND (EXISTS (SELECT 1 FROM links l WHERE l.id = n.link_id AND (` + ra + ` = 1 OR ` + rb + ` = 1))
		OR (n.request_id <> '' AND EXISTS (SELECT 1 FROM requests q WHERE q.id = n.request_id AND ` + rq + `)))`
	return q, append(append(append(args, aargs...), bargs...), rargs...)
}

// FindNotifications lists the caller's inbox, newest first.
func (s *DB) FindNotifications(ctx context.Context, f meridian.NotificationFilter) ([]*meridian.Notification, string, error) {
	const op = "sqldb.FindNotifications"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, "", meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if subj.UserID == "" {
		return []*meridian.Notification{}, "", nil
	}
	pg, err := pageOf(op, "n.id", f.Page, true)
	if err != nil {
		return nil, "", err
	}
	cond, args := inboxScope(subj)
	// A reader of one end knows the link by its reference only (a UUIDv7
	// id tells when the link was made). Notices of requests name no link.
	sc := policy.ReadScope(subj)
	ra, aargs := readableSQL(sc, "l.a_id")
	rb, bargs := readableSQL(sc, "l.b_id")
	shown := `COALESCE((SELECT CASE WHEN ` + ra + ` = 1 AND ` + rb + ` = 1 THEN l.id ELSE l.ref END FROM links l WHERE l.id = n.link_id), n.link_id)`
	args = append(append(aargs, bargs...), args...)
	q := `SELECT n.id, n.kind, ` + shown + `, n.target_kind, n.target_id, n.agency_id, n.by_agency, n.at, n.read_at, n.request_id, n.detail FROM notifications n WHERE ` + cond
	if f.Unread {
		q += ` AND n.read_at = 0`
	}
	out, next, err := readPage(ctx, s, op, pg, q, args, func(rows *sql.Rows) (*meridian.Notification, string, error) {
		var n meridian.Notification
		var agency string
		var at, read int64
		if err := rows.Scan(&n.ID, &n.Kind, &n.LinkID, &n.TargetKind, &n.TargetID, &agency, &n.ByAgency, &at, &read, &n.RequestID, &n.Detail); err != nil {
			return nil, "", err
		}
		n.Agency, n.At, n.Read = agency != "", fromMicros(at), read != 0
		return &n, n.ID, nil
	})
	if out == nil && err == nil {
		out = []*meridian.Notification{}
	}
	return out, next, err
}

// MarkNotificationRead marks a notification of the caller's inbox read.
func (s *DB) MarkNotificationRead(ctx context.Context, id string) error {
	const op = "sqldb.MarkNotificationRead"
	return s.write(ctx, op, func(tx *Tx) error {
		if !meridian.IsID(id) || tx.subj.UserID == "" {
			return meridian.NotFound(op, "notification")
		}
		cond, args := inboxScope(tx.subj)
		res, err := tx.exec(ctx, `UPDATE notifications SET read_at = ? WHERE id = ? AND id IN (SELECT n.id FROM notifications n WHERE `+cond+`)`,
			append([]any{micros(tx.now), id}, args...)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = meridian.NotFound(op, "notification")
			}
			return err
		}
		return nil
	})
}
