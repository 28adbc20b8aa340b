package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"meridian"
	"meridian/policy"
)

// Links (issue 12). The linking worker stores what the engine proposes,
// one row per pair; what a reader sees of a link is decided when it is
// read, from whether the reader may read each end (the same read scope as
// every record read, written in SQL): both ends, the whole link; one end,
// that end and "contact the other owner", whose agency is told; neither,
// nothing at all, the link is neither found nor listed.

var _ meridian.LinkService = (*DB)(nil)
var _ meridian.LinkStore = (*DB)(nil)

// systemUser names Meridian in judgements it makes itself (event links).
const systemUser = "meridian"

// linkRow is a stored link with whether the reader may read each end.
type linkRow struct {
	l          meridian.Link
	ref        string
	digest     string
	rejected   string
	readA      bool
	readB      bool
	evidenceJS string
}

const linkCols = `l.id, l.a_id, l.a_kind, l.a_owner_agency, l.a_owner_country, l.a_operation_id,
	l.b_id, l.b_kind, l.b_owner_agency, l.b_owner_country, l.b_operation_id,
	l.state, l.score, l.relation, l.evidence, l.digest, l.rejected_digest, l.created_at, l.updated_at, l.ref`

// readableSQL is 1 when the subject may read the record whose id is in
// col, else 0, with its arguments.
func readableSQL(sc policy.Scope, col string) (string, []any) {
	cond, args := recordScope(sc).sql()
	return `(CASE WHEN EXISTS (SELECT 1 FROM records r WHERE r.id = ` + col + ` AND ` + cond + `) THEN 1 ELSE 0 END)`, args
}

// linkQuery is the links (aliased x) with the reader's view of each end
// (x.ra, x.rb): where narrows the links table (aliased l) first.
func linkQuery(subj *meridian.Subject, where string, args []any) (string, []any) {
	sc := policy.ReadScope(subj)
	ra, aargs := readableSQL(sc, "l.a_id")
	rb, bargs := readableSQL(sc, "l.b_id")
	q := `SELECT x.* FROM (SELECT ` + linkCols + `, ` + ra + ` AS ra, ` + rb + ` AS rb FROM links l WHERE ` + where + `) x
		WHERE (x.ra = 1 OR x.rb = 1)`
	return q, append(append(aargs, bargs...), args...)
}

func scanLink(rows interface{ Scan(...any) error }) (*linkRow, error) {
	var r linkRow
	var created, updated int64
	var ra, rb int
	l := &r.l
	if err := rows.Scan(&l.ID, &l.A.RecordID, &l.A.Kind, &l.A.OwnerAgency, &l.A.OwnerCountry, &l.A.OperationID,
		&l.B.RecordID, &l.B.Kind, &l.B.OwnerAgency, &l.B.OwnerCountry, &l.B.OperationID,
		&l.State, &l.Score, &l.Relation, &r.evidenceJS, &r.digest, &r.rejected, &created, &updated, &r.ref, &ra, &rb); err != nil {
		return nil, err
	}
	l.CreatedAt, l.UpdatedAt = fromMicros(created), fromMicros(updated)
	r.readA, r.readB = ra == 1, rb == 1
	return &r, nil
}

// linkReader turns stored links into what the transaction's subject may
// see, audits what it shows and tells owners whose end was withheld.
type linkReader struct {
	tx    *Tx
	names map[string]string
}

func newLinkReader(tx *Tx) *linkReader { return &linkReader{tx: tx, names: map[string]string{}} }

func (lr *linkReader) agencyName(ctx context.Context, id string) (string, error) {
	if n, ok := lr.names[id]; ok {
		return n, nil
	}
	var n string
	err := lr.tx.queryRow(ctx, `SELECT name FROM agencies WHERE id = ?`, id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		n, err = "the owner agency", nil
	}
	lr.names[id] = n
	return n, err
}

// show returns the link as the subject sees it (nil when hidden) and the
// records it shows, for the audit.
func (lr *linkReader) show(ctx context.Context, r *linkRow) (*meridian.Link, []meridian.AuditRecord, error) {
	tx := lr.tx
	switch policy.ViewLink(tx.subj, r.readA, r.readB) {
	case policy.LinkFull:
		l := r.l
		if err := json.Unmarshal([]byte(r.evidenceJS), &l.Evidence); err != nil {
			return nil, nil, err
		}
		if l.State == meridian.LinkConfirmed {
			cid, err := clusterOf(ctx, tx, l.A.RecordID)
			if err != nil {
				return nil, nil, err
			}
			l.ClusterID = cid
		}
		return &l, []meridian.AuditRecord{{ID: l.A.RecordID, Owner: l.A.OwnerAgency}, {ID: l.B.RecordID, Owner: l.B.OwnerAgency}}, nil
	case policy.LinkRestricted:
		if r.l.State == meridian.LinkWithdrawn {
			// Its evidence is gone: there is nothing to call about.
			return nil, nil, nil
		}
		mine, other := r.l.A, r.l.B
		if !r.readA {
			mine, other = r.l.B, r.l.A
		}
		name, err := lr.agencyName(ctx, other.OwnerAgency)
		if err != nil {
			return nil, nil, err
		}
		// The reference, not the link's id (a UUIDv7 tells when the link
		// was made, so roughly when the other record was), stands for
		// the link: it is its id to this reader too.
		ref, err := ensureRef(ctx, tx, r)
		if err != nil {
			return nil, nil, err
		}
		l := &meridian.Link{ID: ref, A: mine, Restricted: true, OwnerAgency: name, Ref: ref,
			Message: meridian.LinkMessage(name, ref)}
		// The other owner is told that this agency was shown the link and
		// may call, once per agency, as a restricted hit is.
		if tx.subj.AgencyID != "" && tx.subj.AgencyID != other.OwnerAgency {
			if err := notify(ctx, tx, notice{kind: meridian.NoticeLinkShown, link: r.l.ID, agency: other.OwnerAgency,
				by: tx.subj.AgencyID, dedup: "shown:" + r.l.ID + ":" + tx.subj.AgencyID}); err != nil {
				return nil, nil, err
			}
		}
		return l, []meridian.AuditRecord{{ID: mine.RecordID, Owner: mine.OwnerAgency}}, nil
	}
	return nil, nil, nil
}

// loadLink reads one link, by id or by reference (Link.Ref), with the
// subject's view of its ends; nil when unknown or when the subject may
// read neither end. It runs the same statements whether the link exists
// or not (the link, then whether each end is readable, with the asked
// key standing in for the ends of a link that does not exist), so that
// neither the answer nor the work tells a link of records the subject
// may not read from none.
func loadLink(ctx context.Context, tx *Tx, id string, forUpdate bool) (*linkRow, error) {
	col := "l.id"
	switch {
	case meridian.IsLinkRef(id):
		col = "l.ref"
	case !meridian.IsID(id):
		return nil, nil
	}
	rows, err := tx.query(ctx, `SELECT `+linkCols+`, 0, 0 FROM links l WHERE `+col+` = ?`, id)
	if err != nil {
		return nil, err
	}
	var r *linkRow
	if rows.Next() {
		r, err = scanLink(rows)
	}
	rows.Close()
	if err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	a, b := id, id
	if r != nil {
		a, b = r.l.A.RecordID, r.l.B.RecordID
	}
	readA, err := readableRecord(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	readB, err := readableRecord(ctx, tx, b)
	if err != nil {
		return nil, err
	}
	if r == nil || !readA && !readB {
		return nil, nil
	}
	r.readA, r.readB = readA, readB
	if forUpdate && tx.s.d.ForUpdate() != "" {
		// Lock the row in engines that need it (the view was read above).
		var s string
		if err := tx.queryRow(ctx, `SELECT state FROM links WHERE id = ?`+tx.s.d.ForUpdate(), r.l.ID).Scan(&s); err != nil {
			return nil, err
		}
		r.l.State = s
	}
	return r, nil
}

// readableRecord reports whether the subject may read the record id (any
// kind, deleted or unknown: no).
func readableRecord(ctx context.Context, tx *Tx, id string) (bool, error) {
	cond, args := recordScope(policy.ReadScope(tx.subj)).sql()
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM records r WHERE r.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&n)
	return n > 0, err
}

// ensureRef returns the link's reference, making one for a link stored
// before references existed.
func ensureRef(ctx context.Context, tx *Tx, r *linkRow) (string, error) {
	if r.ref != "" {
		return r.ref, nil
	}
	ref := meridian.NewLinkRef()
	if _, err := tx.exec(ctx, `UPDATE links SET ref = ? WHERE id = ? AND ref = ''`, ref, r.l.ID); err != nil {
		return "", err
	}
	if err := tx.queryRow(ctx, `SELECT ref FROM links WHERE id = ?`, r.l.ID).Scan(&r.ref); err != nil {
		return "", err
	}
	return r.ref, nil
}

// backfillLinkRefs gives every link stored before references existed its
// own (migration 0020 adds the column empty: SQL has no portable random).
func (s *DB) backfillLinkRefs(ctx context.Context) error {
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT id FROM links WHERE ref = '' LIMIT 1000`)
		if err != nil {
			return meridian.Internal("sqldb.backfillLinkRefs", err)
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return meridian.Internal("sqldb.backfillLinkRefs", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return meridian.Internal("sqldb.backfillLinkRefs", err)
		}
		if len(ids) == 0 {
			return nil
		}
		for _, id := range ids {
			if _, err := s.db.ExecContext(ctx, s.d.Rebind(`UPDATE links SET ref = ? WHERE id = ? AND ref = ''`), meridian.NewLinkRef(), id); err != nil {
				return meridian.Internal("sqldb.backfillLinkRefs", err)
			}
		}
	}
}

// FindLinks lists the links the caller may see, newest first.
func (s *DB) FindLinks(ctx context.Context, f meridian.LinkFilter) ([]*meridian.Link, string, error) {
	const op = "sqldb.FindLinks"
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	pg, err := pageOf(op, "x.id", f.Page, true)
	if err != nil {
		return nil, "", err
	}
	var out []*meridian.Link
	var next string
	err = s.write(ctx, op, func(tx *Tx) error {
		where, wargs := "1 = 1", []any{}
		if f.RecordID != "" {
			// A record the caller may not read has no links to list: say
			// so before looking at any (the same one statement for an
			// unknown record), so that how long the answer takes does not
			// tell how many links a hidden record has.
			ok, err := readableRecord(ctx, tx, f.RecordID)
			if err != nil || !ok {
				return err
			}
			where, wargs = "(l.a_id = ? OR l.b_id = ?)", []any{f.RecordID, f.RecordID}
		}
		if f.Ref != "" {
			where, wargs = where+" AND l.ref = ?", append(wargs, f.Ref)
		}
		q, args := linkQuery(tx.subj, where, wargs)
		// What only a reader of both ends may see selects only links whose
		// both ends it may read: a filter must not tell anything of an
		// end the reader is shown only as "contact the owner".
		both := false
		if f.State != "" {
			q, args, both = q+" AND x.state = ?", append(args, f.State), true
		}
		if f.MinScore > 0 {
			q, args, both = q+" AND x.score >= ?", append(args, f.MinScore), true
		}
		switch {
		case f.CountryA != "" && f.CountryB != "":
			q += " AND ((x.a_owner_country = ? AND x.b_owner_country = ?) OR (x.a_owner_country = ? AND x.b_owner_country = ?))"
			args, both = append(args, f.CountryA, f.CountryB, f.CountryB, f.CountryA), true
		case f.CountryA != "":
			q += " AND (x.a_owner_country = ? OR x.b_owner_country = ?)"
			args, both = append(args, f.CountryA, f.CountryA), true
		}
		if both {
			q += " AND x.ra = 1 AND x.rb = 1"
		}
		if f.RecordID != "" {
			q += " AND ((x.a_id = ? AND x.ra = 1) OR (x.b_id = ? AND x.rb = 1))"
			args = append(args, f.RecordID, f.RecordID)
		}
		if f.OperationID != "" {
			q += " AND ((x.a_operation_id = ? AND x.ra = 1) OR (x.b_operation_id = ? AND x.rb = 1))"
			args = append(args, f.OperationID, f.OperationID)
		}
		q, args = pg.sql(q, args)
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		var stored []*linkRow
		stored, next, err = scanPage(pg, rows, func(rows *sql.Rows) (*linkRow, string, error) {
			r, err := scanLink(rows)
			if err != nil {
				return nil, "", err
			}
			return r, r.l.ID, nil
		})
		if err != nil {
			return err
		}
		lr := newLinkReader(tx)
		var shown []meridian.AuditRecord
		for _, r := range stored {
			l, recs, err := lr.show(ctx, r)
			if err != nil {
				return err
			}
			if l != nil {
				out = append(out, l)
				shown = append(shown, recs...)
			}
		}
		tx.auditList("link", dedupAudit(shown))
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return out, next, nil
}

func dedupAudit(rs []meridian.AuditRecord) []meridian.AuditRecord {
	seen := map[string]bool{}
	var out []meridian.AuditRecord
	for _, r := range rs {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}

// FindLinkByID returns a link as the caller may see it.
func (s *DB) FindLinkByID(ctx context.Context, id string) (*meridian.Link, error) {
	const op = "sqldb.FindLinkByID"
	var out *meridian.Link
	err := s.write(ctx, op, func(tx *Tx) error {
		r, err := loadLink(ctx, tx, id, false)
		if err != nil {
			return err
		}
		if r == nil {
			return meridian.NotFound(op, "link")
		}
		l, recs, err := newLinkReader(tx).show(ctx, r)
		if err != nil {
			return err
		}
		if l == nil {
			return meridian.NotFound(op, "link")
		}
		for _, rec := range recs {
			tx.audit(meridian.AuditRead, "link", rec.ID, rec.Owner)
		}
		out = l
		return nil
	})
	return out, err
}

// JudgeLink records a judgement and moves the link's state and clusters.
func (s *DB) JudgeLink(ctx context.Context, j *meridian.Judgement) (*meridian.Link, error) {
	const op = "sqldb.JudgeLink"
	if err := j.Validate(); err != nil {
		return nil, err
	}
	var out *meridian.Link
	err := s.write(ctx, op, func(tx *Tx) error {
		if err := lockClusters(ctx, tx); err != nil {
			return err
		}
		r, err := loadLink(ctx, tx, j.LinkID, true)
		if err != nil {
			return err
		}
		view := policy.LinkHidden
		if r != nil {
			view = policy.ViewLink(tx.subj, r.readA, r.readB)
		}
		if err := policy.CanJudgeLink(tx.subj, view); err != nil {
			return err
		}
		j.ID, j.By, j.Agency, j.At = meridian.NewID(), tx.subj.UserID, tx.subj.AgencyID, tx.now
		if err := judge(ctx, tx, r, j); err != nil {
			return err
		}
		tx.audit(meridian.AuditUpdate, "link", r.l.A.RecordID, r.l.A.OwnerAgency)
		tx.audit(meridian.AuditUpdate, "link", r.l.B.RecordID, r.l.B.OwnerAgency)
		if j.Decision == meridian.LinkConfirmed {
			if err := fanout(ctx, tx, &r.l, meridian.NoticeLinkConfirmed, "conf:"+r.l.ID); err != nil {
				return err
			}
		}
		j.LinkID = r.l.ID
		if r, err = loadLink(ctx, tx, r.l.ID, false); err != nil {
			return err
		}
		out, _, err = newLinkReader(tx).show(ctx, r)
		return err
	})
	return out, err
}

// judge stores j on the link r and moves its state and the clusters.
func judge(ctx context.Context, tx *Tx, r *linkRow, j *meridian.Judgement) error {
	by := j.By
	if by == "" {
		by = systemUser
	}
	if _, err := tx.exec(ctx, `INSERT INTO link_judgements (id, link_id, decision, reason, by_user, agency, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		j.ID, r.l.ID, j.Decision, j.Reason, by, j.Agency, micros(j.At)); err != nil {
		return err
	}
	rejected := ""
	switch {
	case j.Decision == meridian.LinkRejected && by != systemUser:
		rejected = r.digest
	case j.Decision == meridian.LinkWithdrawn:
		rejected = r.rejected // a rejection on other evidence still holds
	}
	if _, err := tx.exec(ctx, `UPDATE links SET state = ?, rejected_digest = ?, updated_at = ? WHERE id = ?`,
		j.Decision, rejected, micros(tx.now), r.l.ID); err != nil {
		return err
	}
	was := r.l.State
	r.l.State = j.Decision
	if (was == meridian.LinkConfirmed) != (j.Decision == meridian.LinkConfirmed) {
		if err := lockClusters(ctx, tx); err != nil {
			return err
		}
	}
	switch {
	case was != meridian.LinkConfirmed && j.Decision == meridian.LinkConfirmed:
		return joinClusters(ctx, tx, r.l.A.RecordID, r.l.B.RecordID)
	case was == meridian.LinkConfirmed && j.Decision != meridian.LinkConfirmed:
		return splitCluster(ctx, tx, r.l.A.RecordID)
	}
	return nil
}

// FindJudgements lists a link's judgements to a reader of both ends.
func (s *DB) FindJudgements(ctx context.Context, linkID string) ([]*meridian.Judgement, error) {
	const op = "sqldb.FindJudgements"
	var out []*meridian.Judgement
	err := s.write(ctx, op, func(tx *Tx) error {
		r, err := loadLink(ctx, tx, linkID, false)
		if err != nil {
			return err
		}
		view := policy.LinkHidden
		if r != nil {
			view = policy.ViewLink(tx.subj, r.readA, r.readB)
		}
		if err := policy.CanReadJudgements(view); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT id, decision, reason, by_user, agency, at FROM link_judgements WHERE link_id = ? ORDER BY id`, r.l.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			j := &meridian.Judgement{LinkID: r.l.ID}
			var at int64
			if err := rows.Scan(&j.ID, &j.Decision, &j.Reason, &j.By, &j.Agency, &at); err != nil {
				return err
			}
			j.At = fromMicros(at)
			out = append(out, j)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.audit(meridian.AuditRead, "link", r.l.A.RecordID, r.l.A.OwnerAgency)
		tx.audit(meridian.AuditRead, "link", r.l.B.RecordID, r.l.B.OwnerAgency)
		return nil
	})
	return out, err
}

// RecordForLinking loads a record for the linking worker, whoever owns
// it. Not audited: it shows nobody anything.
func (s *DB) RecordForLinking(ctx context.Context, id string) (*meridian.RawRecord, error) {
	const op = "sqldb.RecordForLinking"
	if subj := meridian.SubjectFrom(ctx); subj == nil || !subj.System {
		return nil, meridian.Errorf(meridian.EForbidden, op, "only Meridian's linking worker loads any record")
	}
	var rec meridian.RawRecord
	var body string
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT kind, body FROM records WHERE id = ?`), id).Scan(&rec.Kind, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, meridian.NotFound(op, "record")
	}
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	rec.Body = []byte(body)
	return &rec, nil
}

// StoreLinkRun stores a run of the linking worker once per change key.
func (s *DB) StoreLinkRun(ctx context.Context, run *meridian.LinkRun) error {
	const op = "sqldb.StoreLinkRun"
	if subj := meridian.SubjectFrom(ctx); subj == nil || !subj.System {
		return meridian.Errorf(meridian.EForbidden, op, "only Meridian's linking worker stores proposals")
	}
	if run.ChangeKey == "" {
		return meridian.Invalidf(op, "change_key", "a run needs its change's key")
	}
	return s.write(ctx, op, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM link_runs WHERE change_key = ?`, run.ChangeKey).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil // stored already: delivery is at least once
		}
		if run.Event {
			if err := lockClusters(ctx, tx); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `INSERT INTO link_runs (change_key, at) VALUES (?, ?)`, run.ChangeKey, micros(tx.now)); err != nil {
			return err
		}
		for i := range run.Proposals {
			p := run.Proposals[i]
			p.Normalize()
			id, notice, err := upsertProposal(ctx, tx, &p, false)
			if err != nil {
				return err
			}
			if notice {
				l := &meridian.Link{ID: id, A: p.A, B: p.B}
				if err := fanout(ctx, tx, l, meridian.NoticeLinkProposed, "prop:"+id+":"+p.EvidenceDigest()); err != nil {
					return err
				}
			}
		}
		if err := withdrawLinks(ctx, tx, run); err != nil {
			return err
		}
		if !run.Event {
			return nil
		}
		named := map[string]bool{}
		for i := range run.Named {
			p := run.Named[i]
			p.Normalize()
			if _, _, err := upsertProposal(ctx, tx, &p, true); err != nil {
				return err
			}
			named[p.A.RecordID+"|"+p.B.RecordID] = true
		}
		// Links Meridian confirmed for this event that it no longer names.
		rows, err := tx.query(ctx, `SELECT `+linkCols+`, 1, 1 FROM links l WHERE (l.a_id = ? OR l.b_id = ?) AND l.state = ?
			AND EXISTS (SELECT 1 FROM link_judgements j WHERE j.link_id = l.id AND j.by_user = ?)`,
			run.RecordID, run.RecordID, meridian.LinkConfirmed, systemUser)
		if err != nil {
			return err
		}
		var gone []*linkRow
		for rows.Next() {
			r, err := scanLink(rows)
			if err != nil {
				rows.Close()
				return err
			}
			if !named[r.l.A.RecordID+"|"+r.l.B.RecordID] {
				gone = append(gone, r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range gone {
			if err := judge(ctx, tx, r, &meridian.Judgement{ID: meridian.NewID(), Decision: meridian.LinkRejected,
				Reason: "the report no longer names this person", At: tx.now}); err != nil {
				return err
			}
		}
		return nil
	})
}

// upsertProposal stores p for its pair and reports whether it is news to
// tell (a new proposal, or a rejected one proposed again on other
// evidence). A pair
// rejected on the same evidence is left alone. confirmed stores an
// event's naming of a person: confirmed by Meridian, unless a person
// rejected it on this evidence.
func upsertProposal(ctx context.Context, tx *Tx, p *meridian.LinkProposal, confirmed bool) (string, bool, error) {
	digest := p.EvidenceDigest()
	ev, err := json.Marshal(p.Evidence)
	if err != nil {
		return "", false, err
	}
	rows, err := tx.query(ctx, `SELECT `+linkCols+`, 1, 1 FROM links l WHERE l.a_id = ? AND l.b_id = ?`+tx.s.d.ForUpdate(), p.A.RecordID, p.B.RecordID)
	if err != nil {
		return "", false, err
	}
	var cur *linkRow
	if rows.Next() {
		cur, err = scanLink(rows)
	}
	rows.Close()
	if err != nil {
		return "", false, err
	}
	if err := rows.Err(); err != nil {
		return "", false, err
	}
	systemJudge := func(r *linkRow) error {
		return judge(ctx, tx, r, &meridian.Judgement{ID: meridian.NewID(), Decision: meridian.LinkConfirmed,
			Reason: "the owner's report names this person", At: tx.now})
	}
	if cur == nil {
		id := meridian.NewID()
		if _, err := tx.exec(ctx, `INSERT INTO links (id, a_id, a_kind, a_owner_agency, a_owner_country, a_operation_id,
			b_id, b_kind, b_owner_agency, b_owner_country, b_operation_id, state, score, relation, evidence, digest, created_at, updated_at, ref)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, p.A.RecordID, p.A.Kind, p.A.OwnerAgency, p.A.OwnerCountry, p.A.OperationID,
			p.B.RecordID, p.B.Kind, p.B.OwnerAgency, p.B.OwnerCountry, p.B.OperationID,
			meridian.LinkProposed, p.Score, p.Relation, string(ev), digest, micros(tx.now), micros(tx.now), meridian.NewLinkRef()); err != nil {
			return "", false, err
		}
		if confirmed {
			r := &linkRow{l: meridian.Link{ID: id, A: p.A, B: p.B, State: meridian.LinkProposed}, digest: digest}
			return id, false, systemJudge(r)
		}
		return id, true, nil
	}
	id := cur.l.ID
	if (cur.l.State == meridian.LinkRejected || cur.l.State == meridian.LinkWithdrawn) && cur.rejected != "" && cur.rejected == digest {
		return id, false, nil // rejected on this very evidence: never proposed again
	}
	state := cur.l.State
	news := false
	switch {
	case confirmed:
	case state == meridian.LinkRejected, state == meridian.LinkWithdrawn:
		// Rejected on other evidence, or withdrawn and found again.
		state, news = meridian.LinkProposed, true
	}
	// A proposal still waiting for its judgement that the engine finds
	// again (from the other record's side, or with more evidence) takes
	// the new evidence quietly: its readers were told of it once.
	if _, err := tx.exec(ctx, `UPDATE links SET a_kind = ?, a_owner_agency = ?, a_owner_country = ?, a_operation_id = ?,
		b_kind = ?, b_owner_agency = ?, b_owner_country = ?, b_operation_id = ?, state = ?, score = ?, relation = ?, evidence = ?, digest = ?, updated_at = ?
		WHERE id = ?`, p.A.Kind, p.A.OwnerAgency, p.A.OwnerCountry, p.A.OperationID,
		p.B.Kind, p.B.OwnerAgency, p.B.OwnerCountry, p.B.OperationID, state, p.Score, p.Relation, string(ev), digest, micros(tx.now), id); err != nil {
		return "", false, err
	}
	if confirmed && state != meridian.LinkConfirmed {
		cur.l.State, cur.digest = state, digest
		return id, false, systemJudge(cur)
	}
	return id, news, nil
}

// lockClusters serialises cluster changes across instances: a merge and a
// split of overlapping clusters must not interleave. Callers that will
// change clusters take it before any link row, so that two transactions
// never hold each what the other waits for.
func lockClusters(ctx context.Context, tx *Tx) error {
	var v string
	return tx.queryRow(ctx, `SELECT value FROM store_meta WHERE key = 'link_clusters'`+tx.s.d.ForUpdate()).Scan(&v)
}

// clusterOf returns the cluster of a record, "" for none.
func clusterOf(ctx context.Context, tx *Tx, id string) (string, error) {
	var c string
	err := tx.queryRow(ctx, `SELECT cluster_id FROM cluster_members WHERE record_id = ?`, id).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return c, err
}

// joinClusters puts a and b, now confirmed the same, in one cluster: a new
// one, the one either is in, or the larger of theirs, the smaller merged
// into it.
func joinClusters(ctx context.Context, tx *Tx, a, b string) error {
	ca, err := clusterOf(ctx, tx, a)
	if err != nil {
		return err
	}
	cb, err := clusterOf(ctx, tx, b)
	if err != nil {
		return err
	}
	add := func(rec, c string) error {
		_, err := tx.exec(ctx, `INSERT INTO cluster_members (record_id, cluster_id) VALUES (?, ?)`, rec, c)
		return err
	}
	switch {
	case ca == "" && cb == "":
		c := meridian.NewID()
		if err := add(a, c); err != nil {
			return err
		}
		return add(b, c)
	case ca == "":
		return add(a, cb)
	case cb == "":
		return add(b, ca)
	case ca == cb:
		return nil
	}
	var na, nb int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM cluster_members WHERE cluster_id = ?`, ca).Scan(&na); err != nil {
		return err
	}
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM cluster_members WHERE cluster_id = ?`, cb).Scan(&nb); err != nil {
		return err
	}
	keep, gone := ca, cb
	if nb > na {
		keep, gone = cb, ca
	}
	_, err = tx.exec(ctx, `UPDATE cluster_members SET cluster_id = ? WHERE cluster_id = ?`, keep, gone)
	return err
}

// splitCluster recomputes the cluster of rec after a confirmed link of it
// was revoked: the cluster's records are grouped again by the confirmed
// links left; the largest group keeps the cluster's id, the others get
// new ones, and a record left alone leaves.
func splitCluster(ctx context.Context, tx *Tx, rec string) error {
	c, err := clusterOf(ctx, tx, rec)
	if err != nil || c == "" {
		return err
	}
	members, err := stringsOf(ctx, tx, `SELECT record_id FROM cluster_members WHERE cluster_id = ? ORDER BY record_id`, c)
	if err != nil {
		return err
	}
	rows, err := tx.query(ctx, `SELECT a_id, b_id FROM links WHERE state = ? AND a_id IN (SELECT record_id FROM cluster_members WHERE cluster_id = ?)`,
		meridian.LinkConfirmed, c)
	if err != nil {
		return err
	}
	parent := map[string]string{}
	for _, m := range members {
		parent[m] = m
	}
	var find func(string) string
	find = func(x string) string {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			rows.Close()
			return err
		}
		if _, ok := parent[b]; !ok {
			continue
		}
		if ra, rb := find(a), find(b); ra != rb {
			parent[ra] = rb
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	groups := map[string][]string{}
	for _, m := range members {
		r := find(m)
		groups[r] = append(groups[r], m)
	}
	var roots []string
	for r := range groups {
		roots = append(roots, r)
	}
	slices.SortFunc(roots, func(x, y string) int {
		if d := len(groups[y]) - len(groups[x]); d != 0 {
			return d
		}
		return strings.Compare(x, y)
	})
	for i, r := range roots {
		g := groups[r]
		switch {
		case len(g) == 1:
			if _, err := tx.exec(ctx, `DELETE FROM cluster_members WHERE record_id = ?`, g[0]); err != nil {
				return err
			}
		case i > 0:
			id := meridian.NewID()
			for _, m := range g {
				if _, err := tx.exec(ctx, `UPDATE cluster_members SET cluster_id = ? WHERE record_id = ?`, id, m); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func stringsOf(ctx context.Context, tx *Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// clusterView is the part of a record's cluster the subject sees: the
// records it may read that confirmed links between two records it may
// read join to rec (so that nothing it may not read is implied, not even
// that two of its records are joined through one it may not read).
type clusterView struct {
	id        string
	records   []string
	owners    []meridian.AuditRecord
	links     []string
	countries []string
}

func viewCluster(ctx context.Context, tx *Tx, rec string) (*clusterView, error) {
	const op = "sqldb.FindClusterOf"
	ok, err := visible(ctx, tx, rec, "")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, meridian.NotFound(op, "record")
	}
	c, err := clusterOf(ctx, tx, rec)
	if err != nil {
		return nil, err
	}
	cond, args := recordScope(policy.ReadScope(tx.subj)).sql()
	type member struct{ owner, country string }
	readable := map[string]member{}
	var q string
	var qargs []any
	if c == "" {
		q, qargs = `SELECT r.id, r.owner_agency, r.owner_country FROM records r WHERE r.id = ? AND `+cond, append([]any{rec}, args...)
	} else {
		q, qargs = `SELECT r.id, r.owner_agency, r.owner_country FROM cluster_members m JOIN records r ON r.id = m.record_id
			WHERE m.cluster_id = ? AND `+cond, append([]any{c}, args...)
	}
	rows, err := tx.query(ctx, q, qargs...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var m member
		if err := rows.Scan(&id, &m.owner, &m.country); err != nil {
			rows.Close()
			return nil, err
		}
		readable[id] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	adj := map[string][]struct{ other, link string }{}
	if c != "" {
		rows, err := tx.query(ctx, `SELECT id, a_id, b_id FROM links WHERE state = ? AND a_id IN (SELECT record_id FROM cluster_members WHERE cluster_id = ?)`,
			meridian.LinkConfirmed, c)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, a, b string
			if err := rows.Scan(&id, &a, &b); err != nil {
				rows.Close()
				return nil, err
			}
			_, okA := readable[a]
			_, okB := readable[b]
			if okA && okB {
				adj[a] = append(adj[a], struct{ other, link string }{b, id})
				adj[b] = append(adj[b], struct{ other, link string }{a, id})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	v := &clusterView{id: c}
	seen := map[string]bool{rec: true}
	seenLink := map[string]bool{}
	queue := []string{rec}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		v.records = append(v.records, x)
		m := readable[x]
		v.owners = append(v.owners, meridian.AuditRecord{ID: x, Owner: m.owner})
		if m.country != "" && !slices.Contains(v.countries, m.country) {
			v.countries = append(v.countries, m.country)
		}
		for _, e := range adj[x] {
			if !seenLink[e.link] {
				seenLink[e.link] = true
				v.links = append(v.links, e.link)
			}
			if !seen[e.other] {
				seen[e.other] = true
				queue = append(queue, e.other)
			}
		}
	}
	slices.Sort(v.records)
	slices.Sort(v.links)
	slices.Sort(v.countries)
	if len(v.records) < 2 {
		v.id = "" // alone, as far as the reader can see
	}
	return v, nil
}

// FindClusterOf returns the cluster of a record as the caller sees it.
func (s *DB) FindClusterOf(ctx context.Context, recordID string) (*meridian.Cluster, error) {
	const op = "sqldb.FindClusterOf"
	var out *meridian.Cluster
	err := s.write(ctx, op, func(tx *Tx) error {
		v, err := viewCluster(ctx, tx, recordID)
		if err != nil {
			return err
		}
		tx.auditList("cluster", v.owners)
		out = &meridian.Cluster{ID: v.id, Records: v.records, Links: v.links, Countries: v.countries}
		if out.Links == nil {
			out.Links = []string{}
		}
		return nil
	})
	return out, err
}

// readRecords loads the records among ids the subject may read, in the
// order of ids, audited as one list.
func readRecords(ctx context.Context, tx *Tx, ids []string) ([]meridian.RawRecord, []string, error) {
	cond, args := recordScope(policy.ReadScope(tx.subj)).sql()
	got := map[string]meridian.RawRecord{}
	owner := map[string]string{}
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		q := `SELECT r.id, r.kind, r.owner_agency, r.body FROM records r WHERE r.id IN (` + placeholders(len(batch)) + `) AND ` + cond
		rows, err := tx.query(ctx, q, append(anys(batch), args...)...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id, kind, own, body string
			if err := rows.Scan(&id, &kind, &own, &body); err != nil {
				rows.Close()
				return nil, nil, err
			}
			got[id] = meridian.RawRecord{Kind: kind, Body: []byte(body)}
			owner[id] = own
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	var recs []meridian.RawRecord
	var out []string
	var listed []meridian.AuditRecord
	for _, id := range ids {
		if r, ok := got[id]; ok && !slices.Contains(out, id) {
			recs = append(recs, r)
			out = append(out, id)
			listed = append(listed, meridian.AuditRecord{ID: id, Owner: owner[id]})
		}
	}
	tx.auditList("record", listed)
	return recs, out, nil
}

// graphOf returns the records among ids the subject may read and the
// links (not rejected) between two of them.
func graphOf(ctx context.Context, tx *Tx, ids []string) (*meridian.LinkGraph, error) {
	recs, readable, err := readRecords(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	g := &meridian.LinkGraph{Records: recs, IDs: readable}
	if len(readable) < 2 {
		return g, nil
	}
	in := map[string]bool{}
	for _, id := range readable {
		in[id] = true
	}
	for start := 0; start < len(readable); start += 500 {
		batch := readable[start:min(start+500, len(readable))]
		q, args := linkQuery(tx.subj, `l.a_id IN (`+placeholders(len(batch))+`) AND l.state <> ?`, append(anys(batch), meridian.LinkRejected))
		rows, err := tx.query(ctx, q+" ORDER BY x.id", args...)
		if err != nil {
			return nil, err
		}
		var stored []*linkRow
		for rows.Next() {
			r, err := scanLink(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			if in[r.l.A.RecordID] && in[r.l.B.RecordID] && r.readA && r.readB {
				stored = append(stored, r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, r := range stored {
			l := r.l
			if err := json.Unmarshal([]byte(r.evidenceJS), &l.Evidence); err != nil {
				return nil, err
			}
			g.Links = append(g.Links, &l)
		}
	}
	return g, nil
}

// FindCaseGraph returns what the caller may read of a case and its links.
func (s *DB) FindCaseGraph(ctx context.Context, caseID string) (*meridian.LinkGraph, error) {
	const op = "sqldb.FindCaseGraph"
	var out *meridian.LinkGraph
	err := s.write(ctx, op, func(tx *Tx) error {
		c, err := load(ctx, tx, caseKind, caseID, false)
		if err != nil {
			return err
		}
		tx.audit(meridian.AuditRead, "case", c.ID, c.OwnerAgency)
		out, err = graphOf(ctx, tx, c.Records)
		return err
	})
	return out, err
}

// FindClusterGraph returns what the caller may read of a record's cluster
// and its links.
func (s *DB) FindClusterGraph(ctx context.Context, recordID string) (*meridian.LinkGraph, error) {
	const op = "sqldb.FindClusterGraph"
	var out *meridian.LinkGraph
	err := s.write(ctx, op, func(tx *Tx) error {
		v, err := viewCluster(ctx, tx, recordID)
		if err != nil {
			return err
		}
		out, err = graphOf(ctx, tx, v.records)
		if err != nil {
			return err
		}
		// A cluster is its confirmed links.
		var conf []*meridian.Link
		for _, l := range out.Links {
			if l.State == meridian.LinkConfirmed {
				conf = append(conf, l)
			}
		}
		out.Links = conf
		return nil
	})
	return out, err
}

// routeOf reads the countries of origin, transit and destination of the
// records into c (meridian.CaseRoute).
func routeOf(c *meridian.Case, recs []meridian.RawRecord) error {
	var ps []*meridian.Person
	var ds []*meridian.Document
	var es []*meridian.Event
	for _, r := range recs {
		var err error
		switch r.Kind {
		case "person":
			p := new(meridian.Person)
			err = json.Unmarshal(r.Body, p)
			ps = append(ps, p)
		case "document":
			d := new(meridian.Document)
			err = json.Unmarshal(r.Body, d)
			ds = append(ds, d)
		case "event":
			e := new(meridian.Event)
			err = json.Unmarshal(r.Body, e)
			es = append(es, e)
		}
		if err != nil {
			return err
		}
	}
	meridian.CaseRoute(c, ps, ds, es)
	return nil
}

// CreateCaseFromCluster opens a case with the records of a cluster the
// caller sees, and the countries they give.
func (s *DB) CreateCaseFromCluster(ctx context.Context, recordID string, c *meridian.Case) error {
	const op = "sqldb.CreateCaseFromCluster"
	return s.write(ctx, op, func(tx *Tx) error {
		v, err := viewCluster(ctx, tx, recordID)
		if err != nil {
			return err
		}
		recs, ids, err := readRecords(ctx, tx, v.records)
		if err != nil {
			return err
		}
		c.Records = ids
		if err := routeOf(c, recs); err != nil {
			return err
		}
		return createIn(ctx, tx, caseKind, c)
	})
}

// AddCaseRecords adds records to a case and reads its countries again.
func (s *DB) AddCaseRecords(ctx context.Context, caseID string, records []string) (*meridian.Case, error) {
	const op = "sqldb.AddCaseRecords"
	f := meridian.Fields{Op: op}
	if len(records) == 0 {
		f.Add("records", "at least one record is required")
	}
	for i, r := range records {
		if !meridian.IsID(r) {
			f.Add(fmt.Sprintf("records[%d]", i), "malformed id %q", r)
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var c *meridian.Case
	err := s.write(ctx, op, func(tx *Tx) error {
		var err error
		if c, err = load(ctx, tx, caseKind, caseID, false); err != nil {
			return err
		}
		if err := policy.CanModify(tx.subj, &c.Meta); err != nil {
			return err
		}
		for i, r := range records {
			ok, err := visible(ctx, tx, r, "")
			if err != nil {
				return err
			}
			if !ok || r == c.ID {
				f.Add(fmt.Sprintf("records[%d]", i), "unknown record %q", r)
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		for _, r := range records {
			if !slices.Contains(c.Records, r) {
				c.Records = append(c.Records, r)
			}
		}
		recs, _, err := readRecords(ctx, tx, c.Records)
		if err != nil {
			return err
		}
		return routeOf(c, recs)
	})
	if err != nil {
		return nil, err
	}
	// The case is written as any update, at the version read: a change
	// made meanwhile is a conflict, not lost.
	if err := s.UpdateCase(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// withdrawLinks withdraws the run's record's links with the records of
// run.Withdraw that still wait for a judgement: the evidence that made
// them is gone. Judged links keep their state; a judgement by Meridian
// says why, and the pair is proposed again if the evidence comes back.
func withdrawLinks(ctx context.Context, tx *Tx, run *meridian.LinkRun) error {
	for _, other := range run.Withdraw {
		a, b := run.RecordID, other
		if b < a {
			a, b = b, a
		}
		rows, err := tx.query(ctx, `SELECT `+linkCols+`, 1, 1 FROM links l WHERE l.a_id = ? AND l.b_id = ? AND l.state = ?`+tx.s.d.ForUpdate(),
			a, b, meridian.LinkProposed)
		if err != nil {
			return err
		}
		var r *linkRow
		if rows.Next() {
			r, err = scanLink(rows)
		}
		rows.Close()
		if err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if r == nil {
			continue
		}
		if err := judge(ctx, tx, r, &meridian.Judgement{ID: meridian.NewID(), Decision: meridian.LinkWithdrawn,
			Reason: "withdrawn by Meridian: a record changed and the evidence that made the proposal is gone", At: tx.now}); err != nil {
			return err
		}
	}
	return nil
}

// PendingLinks returns the other ends of id's links waiting for a
// judgement, for the linking worker.
func (s *DB) PendingLinks(ctx context.Context, id string) ([]string, error) {
	const op = "sqldb.PendingLinks"
	if subj := meridian.SubjectFrom(ctx); subj == nil || !subj.System {
		return nil, meridian.Errorf(meridian.EForbidden, op, "only Meridian's linking worker reads pending links")
	}
	var out []string
	err := s.read(ctx, op, func(tx *Tx) error {
		// The record's links by each end's index, the state compared
		// here: given "state = ?" (or an OR of the ends), SQLite reads
		// every proposed link through links_state instead, for each
		// change the worker takes (TestBenchLinks: 4 ms a change at 4,000
		// links, growing with them).
		rows, err := tx.query(ctx, `SELECT a_id, b_id, state FROM links WHERE a_id = ?
			UNION ALL SELECT a_id, b_id, state FROM links WHERE b_id = ?`, id, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a, b, state string
			if err := rows.Scan(&a, &b, &state); err != nil {
				return err
			}
			if state != meridian.LinkProposed {
				continue
			}
			if a == id {
				out = append(out, b)
			} else {
				out = append(out, a)
			}
		}
		return rows.Err()
	})
	return out, err
}
