package sqldb

import (
	"context"
	"fmt"
	"strings"

	"meridian"
)

// Request notices and deadline reminders (issue 13). A deadline's
// reminder and its overdue notice each fall due once: the sweep
// (QueueRequestReminders, every instance, every 30 s) takes due rows under
// a row lock (SKIP LOCKED on PostgreSQL, so that two instances sweeping at
// once take different rows; SQLite has one writer), marks them and queues
// a "reminder" change through the outbox in the same transaction; the
// durable worker "reminders" takes each change once across instances and
// delivers it (DeliverRequestReminder), idempotently: each notice's dedup
// key is unique. A crash before the sweep's commit leaves the row due for
// the next sweep; after it, the outbox and the durable consumer hold the
// change until it is delivered: nothing lost, nothing doubled.

// notifyRequest tells agency (its readers) and its users assigned to the
// request's case of a request.
func notifyRequest(ctx context.Context, tx *Tx, r *meridian.Request, kind, detail, agency, dedup string) error {
	users, err := stringsOf(ctx, tx, `SELECT DISTINCT user_id FROM case_assignments WHERE case_id = ? AND agency_id = ? ORDER BY user_id`, r.CaseID, agency)
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := insertRequestNotice(ctx, tx, r.ID, kind, detail, u, "", dedup+":u:"+u); err != nil {
			return err
		}
	}
	return insertRequestNotice(ctx, tx, r.ID, kind, detail, "", agency, dedup)
}

func insertRequestNotice(ctx context.Context, tx *Tx, request, kind, detail, user, agency, dedup string) error {
	id := meridian.NewID()
	res, err := tx.exec(ctx, `INSERT INTO notifications (id, user_id, agency_id, kind, link_id, request_id, detail, dedup, at)
		VALUES (?, ?, ?, ?, '', ?, ?, ?, ?) ON CONFLICT (dedup) DO NOTHING`,
		id, user, agency, kind, request, detail, dedup, micros(tx.now))
	if err != nil {
		return err
	}
	if k, err := res.RowsAffected(); err != nil || k == 0 {
		return err
	}
	tx.publish(meridian.NoticeChangeKind, meridian.ChangeCreated, id, nil, mustJSON(meridian.NoticeData{User: user, Agency: agency}))
	return nil
}

// dueRow is one deadline the sweep acts on.
type dueRow struct {
	request, kind, party string
	due                  int64
}

// QueueRequestReminders queues the reminders and overdue notices due at
// the store's clock, at most batch of each, as Meridian itself, and
// returns how many it queued. Safe to run on every instance at once.
func (s *DB) QueueRequestReminders(ctx context.Context, batch int) (int, error) {
	const op = "sqldb.QueueRequestReminders"
	if batch <= 0 {
		batch = 500
	}
	// Most sweeps find nothing due: ask first, without taking the writer.
	now := micros(s.now().UTC())
	var due int
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM request_deadlines WHERE met_at = 0
		AND ((reminded_at = 0 AND overdue_at = 0 AND remind_at <= ?) OR (overdue_at = 0 AND due_at <= ?)) LIMIT 1) x`), now, now).Scan(&due)
	if err != nil {
		return 0, &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "database unavailable", Err: err}
	}
	if due == 0 {
		return 0, nil
	}
	n := 0
	ctx = meridian.WithSubject(ctx, meridian.SystemSubject)
	err = s.write(ctx, op, func(tx *Tx) error {
		now := micros(tx.now)
		for _, step := range []struct {
			where, mark, kind string
		}{
			{`met_at = 0 AND reminded_at = 0 AND overdue_at = 0 AND remind_at <= ? AND due_at > ?`, "reminded_at", meridian.NoticeRequestReminder},
			{`met_at = 0 AND overdue_at = 0 AND due_at <= ? AND due_at <= ?`, "overdue_at", meridian.NoticeRequestOverdue},
		} {
			rows, err := tx.query(ctx, `SELECT request_id, kind, party, due_at FROM request_deadlines WHERE `+step.where+
				` ORDER BY due_at, request_id, kind LIMIT ?`+s.d.SkipLocked(), now, now, batch)
			if err != nil {
				return err
			}
			var due []dueRow
			for rows.Next() {
				var d dueRow
				if err := rows.Scan(&d.request, &d.kind, &d.party, &d.due); err != nil {
					rows.Close()
					return err
				}
				due = append(due, d)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			var batch []meridian.ReminderDue
			flush := func() {
				if len(batch) > 0 {
					tx.publish(meridian.ReminderChangeKind, meridian.ChangeCreated, batch[0].RequestID, nil,
						mustJSON(meridian.ReminderBatch{Reminders: batch}))
					batch = nil
				}
			}
			for _, d := range due {
				batch = append(batch, meridian.ReminderDue{Notice: step.kind, RequestID: d.request, Deadline: d.kind,
					Due: fromMicros(d.due), Party: d.party})
				if len(batch) == meridian.ReminderBatchSize {
					flush()
				}
				if _, err := tx.exec(ctx, `UPDATE request_deadlines SET `+step.mark+` = ? WHERE request_id = ? AND kind = ?`, now, d.request, d.kind); err != nil {
					return err
				}
				n++
			}
			flush()
		}
		return nil
	})
	return n, err
}

// DeliverRequestReminder writes the notices of one reminder, as Meridian
// itself: to the agency that must act and its users assigned to the case,
// and for an overdue step to the requesting agency too. It is idempotent
// (the dedup keys), and skips a reminder whose step was taken or whose
// request is gone since it was queued.
func (s *DB) DeliverRequestReminder(ctx context.Context, d *meridian.ReminderDue) error {
	return s.DeliverRequestReminders(ctx, []meridian.ReminderDue{*d})
}

// DeliverRequestReminders delivers a reminder change's reminders in one
// transaction, as DeliverRequestReminder does each, set by set: the
// requests and their deadlines in one query, the users assigned in
// another, the notices in one insert, whatever the number (at most
// meridian.ReminderBatchSize), so that a change costs a few round trips,
// not a few a reminder.
func (s *DB) DeliverRequestReminders(ctx context.Context, ds []meridian.ReminderDue) error {
	const op = "sqldb.DeliverRequestReminders"
	if len(ds) == 0 {
		return nil
	}
	ctx = meridian.WithSubject(ctx, meridian.SystemSubject)
	return s.write(ctx, op, func(tx *Tx) error {
		type deadline struct {
			caseID, from string
			due, met     int64
		}
		var ids []any
		seen := map[string]bool{}
		for _, d := range ds {
			if !seen[d.RequestID] {
				seen[d.RequestID] = true
				ids = append(ids, d.RequestID)
			}
		}
		rows, err := tx.query(ctx, `SELECT r.id, r.case_id, r.from_agency, d.kind, d.due_at, d.met_at FROM requests r
			JOIN request_deadlines d ON d.request_id = r.id WHERE r.id IN (`+placeholders(len(ids))+`)`, ids...)
		if err != nil {
			return err
		}
		deadlines := map[[2]string]deadline{}
		for rows.Next() {
			var id, kind string
			var dl deadline
			if err := rows.Scan(&id, &dl.caseID, &dl.from, &kind, &dl.due, &dl.met); err != nil {
				rows.Close()
				return err
			}
			deadlines[[2]string{id, kind}] = dl
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// Each notice: to the agency and its users assigned to the case.
		type notice struct{ request, kind, detail, caseID, agency, dedup string }
		var notices []notice
		cases := map[string]bool{}
		for _, d := range ds {
			dl, ok := deadlines[[2]string{d.RequestID, d.Deadline}]
			if !ok || dl.met != 0 || dl.due != micros(d.Due) {
				continue // gone, taken since, withdrawn, or moved
			}
			cases[dl.caseID] = true
			dedup := fmt.Sprintf("req:%s:%s:%d:%s", d.RequestID, d.Notice, micros(d.Due), d.Deadline)
			notices = append(notices, notice{d.RequestID, d.Notice, d.Deadline, dl.caseID, d.Party, dedup + ":a:" + d.Party})
			if d.Notice == meridian.NoticeRequestOverdue {
				// The requesting side waits for the step: it hears too.
				notices = append(notices, notice{d.RequestID, d.Notice, d.Deadline, dl.caseID, dl.from, dedup + ":a:" + dl.from})
			}
		}
		if len(notices) == 0 {
			return nil
		}
		var caseIDs []any
		for c := range cases {
			caseIDs = append(caseIDs, c)
		}
		rows, err = tx.query(ctx, `SELECT DISTINCT case_id, agency_id, user_id FROM case_assignments WHERE case_id IN (`+
			placeholders(len(caseIDs))+`) ORDER BY case_id, agency_id, user_id`, caseIDs...)
		if err != nil {
			return err
		}
		assigned := map[[2]string][]string{}
		for rows.Next() {
			var c, a, u string
			if err := rows.Scan(&c, &a, &u); err != nil {
				rows.Close()
				return err
			}
			assigned[[2]string{c, a}] = append(assigned[[2]string{c, a}], u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		type row struct{ id, user, agency, kind, request, detail, dedup string }
		var all []row
		for _, n := range notices {
			for _, u := range assigned[[2]string{n.caseID, n.agency}] {
				all = append(all, row{meridian.NewID(), u, "", n.kind, n.request, n.detail, n.dedup + ":u:" + u})
			}
			all = append(all, row{meridian.NewID(), "", n.agency, n.kind, n.request, n.detail, n.dedup})
		}
		byID := map[string]row{}
		for len(all) > 0 {
			chunk := all[:min(len(all), 500)]
			all = all[len(chunk):]
			var vals []string
			var args []any
			for _, r := range chunk {
				vals = append(vals, "(?, ?, ?, ?, '', ?, ?, ?, ?)")
				args = append(args, r.id, r.user, r.agency, r.kind, r.request, r.detail, r.dedup, micros(tx.now))
				byID[r.id] = r
			}
			rows, err := tx.query(ctx, `INSERT INTO notifications (id, user_id, agency_id, kind, link_id, request_id, detail, dedup, at)
				VALUES `+strings.Join(vals, ", ")+` ON CONFLICT (dedup) DO NOTHING RETURNING id`, args...)
			if err != nil {
				return err
			}
			var added []string
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				added = append(added, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, id := range added {
				r := byID[id]
				tx.publish(meridian.NoticeChangeKind, meridian.ChangeCreated, id, nil, mustJSON(meridian.NoticeData{User: r.user, Agency: r.agency}))
			}
		}
		return nil
	})
}
