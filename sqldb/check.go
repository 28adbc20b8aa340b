package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"meridian"
	"meridian/policy"
)

type countKey struct {
	op, day, country, agency, place, kind string
}

// RecordChecks records a batch of checks made in one context: an audit
// entry per check (and per record hit or shown), the counts, and a hit in
// the owner's inbox for every record hit, published on the bus. It hands
// them to the sequencer, which commits them with the other requests'
// checks in one transaction, and returns once that is durable.
func (s *DB) RecordChecks(ctx context.Context, c meridian.CheckContext, recs []meridian.CheckRecord) error {
	const op = "sqldb.RecordChecks"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if len(recs) == 0 {
		return nil
	}
	return jobErr(op, s.submit(&commitJob{ctx: ctx, subj: subj, checks: true, c: c, recs: recs}))
}

// recordChecks is RecordChecks inside a transaction of the caller's.
func (tx *Tx) recordChecks(ctx context.Context, c meridian.CheckContext, recs []meridian.CheckRecord) error {
	counts := map[countKey][2]int64{}
	if err := tx.addChecks(ctx, c, recs, counts); err != nil {
		return err
	}
	if err := tx.flushHits(ctx); err != nil {
		return err
	}
	tx.flushHitNotices()
	return tx.flushCounts(ctx, counts)
}

// addChecks writes the hits of a batch of checks, buffers their audit
// entries and changes, and adds them to counts.
func (tx *Tx) addChecks(ctx context.Context, c meridian.CheckContext, recs []meridian.CheckRecord, counts map[countKey][2]int64) error {
	subj := tx.subj
	day := string(meridian.DateOf(tx.now))
	if !c.At.IsZero() {
		day = string(meridian.DateOf(c.At))
	}
	for _, r := range recs {
		k := countKey{c.OperationID, day, c.Country, subj.AgencyID, c.PlaceKind, r.Kind}
		n := counts[k]
		n[0]++
		if len(r.Hits) > 0 {
			n[1]++
		}
		counts[k] = n
		if len(r.Hits) == 0 {
			tx.audit("check", r.Kind+"_check", "", "")
			continue
		}
		for _, h := range r.Hits {
			tx.auditHit("check_hit", h.RecordKind, h.RecordID, h.OwnerAgency)
			if !h.Restricted {
				tx.auditHit(meridian.AuditRead, h.RecordKind, h.RecordID, h.OwnerAgency)
			}
			hit := &meridian.Hit{ID: h.Ref, At: tx.now, RecordID: h.RecordID, RecordKind: h.RecordKind,
				OwnerAgency: h.OwnerAgency, Score: h.Score, Restricted: h.Restricted, CheckerUser: subj.UserID,
				CheckerName: subj.Username, CheckerAgency: subj.AgencyID, CheckerCountry: subj.Country,
				Context: c, Query: r.Query, Status: "new"}
			tx.hits = append(tx.hits, hit.ID, micros(hit.At), hit.RecordID, hit.RecordKind, hit.OwnerAgency,
				hit.CheckerUser, hit.CheckerAgency, hit.Status, hitBody(hit))
			tx.noticeHit(hit.ID, h.OwnerAgency, c.OperationID)
		}
	}
	if len(tx.hits) >= 9*200 {
		return tx.flushHits(ctx)
	}
	return nil
}

// hitAuditKey is what the audit entries of hits are folded by: who
// checked (as every entry says it), what happened to the records, and
// their kind and owner.
type hitAuditKey struct {
	user, name, agency, purpose, addr string
	action, kind, owner               string
}

// auditHit buffers the audit of a record hit (action check_hit) or shown
// (read) by a check. The hits of one owner's records of one kind that the
// same user's checks found in one transaction (one request, or one group
// commit of many) are one entry naming them all, as a list page is; a
// lone hit keeps the entry of one record. Before, every hit was two
// entries (check_hit and read), each a row in four indexes and two tree
// hashes: about 1,500 bytes and most of the commit's processor time a hit
// (issue 10). The entry keeps its owner (record_owner), so that hiding a
// check_hit from outside the owner agency (audithits.go) and finding it
// by owner work as for an entry of one record; the record index
// (audit_records) finds it by record.
func (tx *Tx) auditHit(action, kind, id, owner string) {
	s := tx.subj
	k := hitAuditKey{s.UserID, s.Username, s.AgencyID, s.Purpose, s.Addr, action, kind, owner}
	if f, ok := tx.hitAudits[k]; ok {
		if f.ids[id] {
			return
		}
		f.ids[id] = true
		e := &tx.audits[f.at]
		if e.RecordID != "" {
			e.Records = []meridian.AuditRecord{{ID: e.RecordID, Owner: owner}}
			e.RecordID = ""
		}
		e.Records = append(e.Records, meridian.AuditRecord{ID: id, Owner: owner})
		return
	}
	if tx.hitAudits == nil {
		tx.hitAudits = make(map[hitAuditKey]*hitFold)
	}
	tx.hitAudits[k] = &hitFold{at: len(tx.audits), ids: map[string]bool{id: true}}
	tx.audit(action, kind, id, owner)
}

// hitFold is a folded entry of hits: where it is in the transaction's
// entries and the records it names (each once).
type hitFold struct {
	at  int
	ids map[string]bool
}

// noticeHit buffers the notification of a new hit to its owner: one
// change an owner (and operation) a transaction, naming the hits, rather
// than one a hit. The change carries the hits' ids only, not the hit
// (who checked, the query): its readers (live.Hits) tell the owner's
// followers which hits are new, and the followers read them through the
// API, where the read is audited. Before, each hit was an outbox row of
// about 1 KB, the whole hit as JSON, and a message synced to disk by
// JetStream (issue 10).
func (tx *Tx) noticeHit(id, owner, operationID string) {
	for _, c := range tx.hitNotices {
		if c.Meta.OwnerAgency == owner && c.Meta.OperationID == operationID {
			c.ids = append(c.ids, id)
			return
		}
	}
	// The notification is released to the owner only.
	meta := &meridian.Meta{ID: id, OwnerAgency: owner, Release: meridian.Release{Scope: meridian.ScopeOwner}, OperationID: operationID}
	tx.hitNotices = append(tx.hitNotices, &hitNotice{Meta: meta, ids: []string{id}})
}

// hitNotice is one buffered hit change: its first hit names it.
type hitNotice struct {
	Meta *meridian.Meta
	ids  []string
}

// flushHitNotices turns the buffered hit notifications into changes.
func (tx *Tx) flushHitNotices() {
	for _, n := range tx.hitNotices {
		tx.publish("hit", meridian.ChangeCreated, n.ids[0], n.Meta, mustJSON(meridian.HitIDs{IDs: n.ids}))
	}
	tx.hitNotices = nil
}

// flushHits inserts the buffered hits, many rows a statement.
func (tx *Tx) flushHits(ctx context.Context) error {
	const cols = 9
	for len(tx.hits) > 0 {
		n := min(len(tx.hits), 200*cols)
		q := `INSERT INTO hits (id, at, record_id, record_kind, owner_agency, checker_user, checker_agency, status, body) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?), ", n/cols), ", ")
		if _, err := tx.exec(ctx, q, tx.hits[:n]...); err != nil {
			return err
		}
		tx.hits = tx.hits[n:]
	}
	tx.hits = nil
	return nil
}

// flushCounts adds counts to check_counts, one upsert a counter: a batch
// of many requests' checks costs one statement per (operation, day,
// country, agency, place, kind), not one per check or request.
func (tx *Tx) flushCounts(ctx context.Context, counts map[countKey][2]int64) error {
	keys := make([]countKey, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	// A fixed order, so that two instances' batches lock counters in the
	// same order and cannot deadlock on PostgreSQL.
	slices.SortFunc(keys, func(a, b countKey) int {
		return strings.Compare(a.op+"\x00"+a.day+"\x00"+a.country+"\x00"+a.agency+"\x00"+a.place+"\x00"+a.kind,
			b.op+"\x00"+b.day+"\x00"+b.country+"\x00"+b.agency+"\x00"+b.place+"\x00"+b.kind)
	})
	for _, k := range keys {
		n := counts[k]
		if _, err := tx.exec(ctx, `INSERT INTO check_counts (operation_id, day, country, agency_id, place_kind, kind, checks, hits)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (operation_id, day, country, agency_id, place_kind, kind)
				DO UPDATE SET checks = check_counts.checks + excluded.checks, hits = check_counts.hits + excluded.hits`,
			k.op, k.day, k.country, k.agency, k.place, k.kind, n[0], n[1]); err != nil {
			return err
		}
	}
	return nil
}

// FindCheckCounts returns the check counts of an operation ("" for checks
// outside any operation). Counts hold no personal data, but an operation's
// are among its figures and follow policy.CanSeeFigures, and those outside
// an operation are each agency's own (policy.CheckCountAgency).
func (s *DB) FindCheckCounts(ctx context.Context, operationID string) ([]meridian.CheckCount, error) {
	const op = "sqldb.FindCheckCounts"
	if meridian.SubjectFrom(ctx) == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if operationID != "" {
		// An operation's counts are its figures: its participants' only.
		o, err := s.findOperation(ctx, operationID)
		if err != nil {
			return nil, err
		}
		if err := policy.CanSeeFigures(meridian.SubjectFrom(ctx), o.Participation()); err != nil {
			return nil, err
		}
	}
	q, args := `SELECT operation_id, day, country, agency_id, place_kind, kind, checks, hits
		FROM check_counts WHERE operation_id = ?`, []any{operationID}
	if operationID == "" {
		// Outside an operation an agency reads its own counts only.
		if a := policy.CheckCountAgency(meridian.SubjectFrom(ctx)); a != "" {
			q += " AND agency_id = ?"
			args = append(args, a)
		}
	}
	rows, err := s.db.QueryContext(ctx, s.d.Rebind(q+" ORDER BY day, country, agency_id, place_kind, kind"), args...)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	defer rows.Close()
	var out []meridian.CheckCount
	for rows.Next() {
		var c meridian.CheckCount
		if err := rows.Scan(&c.OperationID, &c.Day, &c.Country, &c.AgencyID, &c.PlaceKind, &c.Kind, &c.Checks, &c.Hits); err != nil {
			return nil, meridian.Internal(op, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FindHits lists the hits on the caller's agency's records (its inbox),
// or, with f.Made, the hits the caller made. Each hit read is audited.
func (s *DB) FindHits(ctx context.Context, f meridian.HitFilter) ([]*meridian.Hit, string, error) {
	const op = "sqldb.FindHits"
	k, err := pageOf(op, "id", f.Page, f.Newest) // ids are UUIDv7: id order is time order
	if err != nil {
		return nil, "", err
	}
	var out []*meridian.Hit
	var next string
	err = s.read(ctx, op, func(tx *Tx) error {
		cond, args := hitListScope(tx.subj, f.Made).sql()
		q := `SELECT ` + hitColumns + ` FROM hits WHERE ` + cond
		if f.Status != "" {
			q += " AND status = ?"
			args = append(args, f.Status)
		}
		q, args = k.sql(q, args)
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		var listed []meridian.AuditRecord
		out, next, err = scanPage(k, rows, func(rows *sql.Rows) (*meridian.Hit, string, error) {
			h, err := scanHit(rows)
			if err != nil {
				return nil, "", err
			}
			listed = append(listed, meridian.AuditRecord{ID: h.ID, Owner: h.OwnerAgency})
			return redactHit(tx.subj, h), h.ID, nil
		})
		if err != nil {
			return err
		}
		tx.auditList("hit", listed)
		return nil
	})
	return out, next, err
}

func loadHit(ctx context.Context, tx *Tx, id string, forUpdate bool) (*meridian.Hit, error) {
	cond, args := hitScope(tx.subj).sql()
	q := `SELECT ` + hitColumns + ` FROM hits WHERE id = ? AND ` + cond
	if forUpdate {
		q += tx.s.d.ForUpdate()
	}
	h, err := scanHit(tx.queryRow(ctx, q, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, meridian.NotFound("sqldb.FindHitByID", "hit")
	}
	return h, err
}

// redactHit hides from a checker outside the owner agency what a
// restricted hit did not show them: which record, and how close; and, of
// any hit, who in the owner agency answered it. The checker keeps the
// answer itself: the status and the response the owner chose to send.
func redactHit(s *meridian.Subject, h *meridian.Hit) *meridian.Hit {
	if s.System || s.AgencyID == h.OwnerAgency {
		return h
	}
	c := *h
	c.RespondedBy = ""
	if h.Restricted {
		c.RecordID, c.RecordKind, c.Score = "", "", 0
	}
	return &c
}

// FindHitByID returns a hit the caller may read: its owner's or its
// checker's.
func (s *DB) FindHitByID(ctx context.Context, id string) (*meridian.Hit, error) {
	var h *meridian.Hit
	err := s.read(ctx, "sqldb.FindHitByID", func(tx *Tx) error {
		var err error
		if h, err = loadHit(ctx, tx, id, false); err != nil {
			return err
		}
		tx.audit(meridian.AuditRead, "hit", h.ID, h.OwnerAgency)
		h = redactHit(tx.subj, h)
		return nil
	})
	return h, err
}

// HitStatuses are the answers an owner gives to a hit.
// "rejected" is "not the person"; "action_taken" says the owner acted on
// it (the response says how, as far as the owner chooses to tell).
var HitStatuses = []string{"acknowledged", "confirmed", "rejected", "action_taken"}

// RespondToHit records the owner agency's answer to a hit.
func (s *DB) RespondToHit(ctx context.Context, id, status, response string) (*meridian.Hit, error) {
	const op = "sqldb.RespondToHit"
	if !slices.Contains(HitStatuses, status) {
		return nil, meridian.Invalidf(op, "status", "unknown status %q (want acknowledged, confirmed, rejected or action_taken)", status)
	}
	if len(response) > 2000 {
		return nil, meridian.Invalidf(op, "response", "longer than 2000 bytes")
	}
	var h *meridian.Hit
	err := s.write(ctx, op, func(tx *Tx) error {
		var err error
		if h, err = loadHit(ctx, tx, id, true); err != nil {
			return err
		}
		if err := policy.CanModify(tx.subj, &meridian.Meta{OwnerAgency: h.OwnerAgency}); err != nil {
			return meridian.Errorf(meridian.EForbidden, op, "only the owner of the record answers a hit")
		}
		now := tx.now
		h.Status, h.Response, h.RespondedBy, h.RespondedAt = status, response, tx.subj.UserID, &now
		if _, err := tx.exec(ctx, `UPDATE hits SET status = ?, body = ? WHERE id = ?`, h.Status, hitBody(h), h.ID); err != nil {
			return err
		}
		tx.audit(meridian.AuditUpdate, "hit", h.ID, h.OwnerAgency)
		meta := &meridian.Meta{ID: h.ID, OwnerAgency: h.OwnerAgency, Release: meridian.Release{Scope: meridian.ScopeOwner}}
		tx.publish("hit", meridian.ChangeUpdated, h.ID, meta, mustJSON(h))
		h = redactHit(tx.subj, h)
		return nil
	})
	return h, err
}

var _ meridian.HitService = (*DB)(nil)
