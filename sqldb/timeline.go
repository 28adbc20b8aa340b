package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"meridian"
	"meridian/policy"
)

// A case's timeline (issue 13, point 5). It is read from what each part
// of the case keeps, under that part's own reading rule, so that it shows
// no more than the case's other routes: records by the records' read
// scope (a record the reader may not read is not there at all, not even
// counted), request steps from the receipts of the requests the reader
// reads (requestScope: their two agencies), messages as FindMessages
// (a request's thread only to those who read the request), files, stages
// and outcomes as their own lists (a person named that the reader may not
// read is left out), participant changes, and the audit entries about
// the case that policy.CaseAuditScope gives the reader.
//
// Paging is a keyset on (instant, kind, key), newest or oldest first: each
// source is read after the cursor up to a page, in SQL for those that may
// be long (records, messages, files, audit entries) and in Go for those a
// case holds few of (receipts, stages, outcomes, participant changes),
// and the sources are merged; the first page-full of the merge is the
// page.

var _ meridian.TimelineService = (*DB)(nil)

// tlCursor is a position in a timeline: the last entry of a page.
type tlCursor struct {
	at   int64
	kind string
	key  string
}

func (c tlCursor) String() string { return fmt.Sprintf("%d.%s.%s", c.at, c.kind, c.key) }

func parseTimelineCursor(s string) (tlCursor, bool) {
	parts := strings.SplitN(s, ".", 3)
	if len(parts) != 3 || !slices.Contains(meridian.TimelineKinds, parts[1]) || len(parts[2]) == 0 || len(parts[2]) > 60 {
		return tlCursor{}, false
	}
	at, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || at < 0 {
		return tlCursor{}, false
	}
	for _, r := range parts[2] {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r == '-' || r == '.') {
			return tlCursor{}, false
		}
	}
	return tlCursor{at, parts[1], parts[2]}, true
}

// timelinePage is one page being read.
type timelinePage struct {
	after  *tlCursor
	oldest bool
	limit  int
	out    []*meridian.TimelineEntry
}

// keyset returns the condition that keeps the rows of kind after the
// cursor, on the columns at and key (key compared as keyArg gives it),
// and the order to read them in.
func (p *timelinePage) keyset(kind, at, key string, keyArg func(string) any) (string, []any, string) {
	order := " ORDER BY " + at + ", " + key + " LIMIT ?"
	if !p.oldest {
		order = " ORDER BY " + at + " DESC, " + key + " DESC LIMIT ?"
	}
	c := p.after
	if c == nil {
		return "1 = 1", nil, order
	}
	later, same := ">", ">"
	if !p.oldest {
		later, same = "<", "<"
	}
	switch cmp := strings.Compare(kind, c.kind); {
	case cmp == 0:
		return "(" + at + " " + later + " ? OR (" + at + " = ? AND " + key + " " + same + " ?))", []any{c.at, c.at, keyArg(c.key)}, order
	case (cmp > 0) == p.oldest:
		// This kind sorts after the cursor's at the same instant.
		return at + " " + later + "= ?", []any{c.at}, order
	}
	return at + " " + later + " ?", []any{c.at}, order
}

// add keeps e if it comes after the cursor (for the sources read whole).
func (p *timelinePage) add(e *meridian.TimelineEntry, key string) {
	e.SetTimelineKey(key)
	e.At = e.At.Truncate(time.Microsecond).UTC() // as the cursor keeps it
	if c := p.after; c != nil {
		pos := &meridian.TimelineEntry{At: fromMicros(c.at), Kind: c.kind}
		pos.SetTimelineKey(c.key)
		d := meridian.CompareTimeline(e, pos)
		if (p.oldest && d <= 0) || (!p.oldest && d >= 0) {
			return
		}
	}
	p.out = append(p.out, e)
}

func textKey(s string) any { return s }

func seqKey(s string) any {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// padSeq makes a sequence number's text sort as the number.
func padSeq(n int64) string { return fmt.Sprintf("%020d", n) }

// FindCaseTimeline returns a page of a case's timeline, newest first
// unless f.Oldest.
func (s *DB) FindCaseTimeline(ctx context.Context, f meridian.TimelineFilter) ([]*meridian.TimelineEntry, string, error) {
	const op = "sqldb.FindCaseTimeline"
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	p := &timelinePage{oldest: f.Oldest, limit: f.Size()}
	if f.Cursor != "" {
		c, ok := parseTimelineCursor(f.Cursor)
		if !ok {
			return nil, "", meridian.Invalidf(op, "cursor", "malformed cursor")
		}
		p.after = &c
	}
	var page []*meridian.TimelineEntry
	var next string
	err := s.read(ctx, op, func(tx *Tx) error {
		acc, c, err := caseAccess(ctx, tx, f.CaseID, false)
		if err != nil {
			return err
		}
		for _, src := range []struct {
			kind string
			read func(context.Context, *Tx, *timelinePage, *meridian.Case, *meridian.CaseAccess) error
		}{
			{meridian.TimelineRecord, timelineRecords},
			{meridian.TimelineRequest, timelineRequests},
			{meridian.TimelineMessage, timelineMessages},
			{meridian.TimelineFile, timelineFiles},
			{meridian.TimelineStage, timelineStages},
			{meridian.TimelineOutcome, timelineOutcomes},
			{meridian.TimelineParticipant, timelineParticipants},
			{meridian.TimelineAudit, timelineAudit},
		} {
			if f.Wants(src.kind) {
				if err := src.read(ctx, tx, p, c, acc); err != nil {
					return err
				}
			}
		}
		slices.SortFunc(p.out, meridian.CompareTimeline)
		if !p.oldest {
			slices.Reverse(p.out)
		}
		page = p.out
		if len(page) > p.limit {
			page = page[:p.limit]
		}
		if len(page) == p.limit {
			last := page[len(page)-1]
			next = tlCursor{micros(last.At), last.Kind, last.TimelineKey()}.String()
		}
		// The timeline is a read of the case.
		tx.audit(meridian.AuditRead, "case_timeline", c.ID, c.OwnerAgency)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	if page == nil {
		page = []*meridian.TimelineEntry{}
	}
	return page, next, nil
}

// scanAll reads rows into entries with scan, each with its sort key.
func (p *timelinePage) scanAll(rows *sql.Rows, scan func(*sql.Rows) (*meridian.TimelineEntry, string, error)) error {
	defer rows.Close()
	for rows.Next() {
		e, key, err := scan(rows)
		if err != nil {
			return err
		}
		e.SetTimelineKey(key)
		p.out = append(p.out, e)
	}
	return rows.Err()
}

// timelineRecords: the case's records the reader reads, when recorded.
func timelineRecords(ctx context.Context, tx *Tx, p *timelinePage, c *meridian.Case, _ *meridian.CaseAccess) error {
	cond, args := recordScope(policy.ReadScope(tx.subj)).sql()
	ks, kargs, order := p.keyset(meridian.TimelineRecord, "r.created_at", "r.id", textKey)
	q := `SELECT r.id, r.kind, r.owner_agency, r.owner_country, r.created_at FROM records r
		WHERE r.id IN (SELECT a.value FROM record_attrs a WHERE a.record_id = ? AND a.name = 'record')
		AND r.kind <> 'case' AND ` + cond + ` AND ` + ks + order
	args = append(append(append([]any{c.ID}, args...), kargs...), p.limit)
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	return p.scanAll(rows, func(rows *sql.Rows) (*meridian.TimelineEntry, string, error) {
		e := &meridian.TimelineEntry{Kind: meridian.TimelineRecord}
		var at int64
		if err := rows.Scan(&e.ID, &e.RecordKind, &e.AgencyID, &e.Country, &at); err != nil {
			return nil, "", err
		}
		e.At = fromMicros(at)
		return e, e.ID, nil
	})
}

// timelineRequests: each step of the requests the reader reads, from the
// signed receipts.
func timelineRequests(ctx context.Context, tx *Tx, p *timelinePage, c *meridian.Case, _ *meridian.CaseAccess) error {
	rq, rargs := requestScope(tx.subj)
	rows, err := tx.query(ctx, `SELECT q.id, q.type, q.to_agency, rr.body FROM requests q JOIN request_receipts rr ON rr.request_id = q.id
		WHERE q.case_id = ? AND `+rq, append([]any{c.ID}, rargs...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, typ, to, body string
		var rc meridian.Receipt
		if err := rows.Scan(&id, &typ, &to, &body); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(body), &rc); err != nil {
			return err
		}
		p.add(&meridian.TimelineEntry{Kind: meridian.TimelineRequest, At: rc.At, ID: id, RequestID: id,
			RequestType: typ, ToAgencyID: to, Action: rc.Action, From: rc.From, To: rc.To, Reason: rc.Reason,
			AgencyID: rc.AgencyID, Username: rc.Username}, id+"."+padSeq(int64(rc.Step)))
	}
	return rows.Err()
}

// timelineMessages: the case's messages; a request's thread only to
// those who read the request (as FindMessages).
func timelineMessages(ctx context.Context, tx *Tx, p *timelinePage, c *meridian.Case, _ *meridian.CaseAccess) error {
	rq, rargs := requestScope(tx.subj)
	ks, kargs, order := p.keyset(meridian.TimelineMessage, "created_at", "id", textKey)
	q := `SELECT id, request_id, body, agency_id, country, username, created_at FROM case_messages WHERE case_id = ?
		AND (request_id = '' OR EXISTS (SELECT 1 FROM requests q WHERE q.id = case_messages.request_id AND ` + rq + `)) AND ` + ks + order
	args := append(append(append([]any{c.ID}, rargs...), kargs...), p.limit)
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	return p.scanAll(rows, func(rows *sql.Rows) (*meridian.TimelineEntry, string, error) {
		e := &meridian.TimelineEntry{Kind: meridian.TimelineMessage}
		var at int64
		if err := rows.Scan(&e.ID, &e.RequestID, &e.Text, &e.AgencyID, &e.Country, &e.Username, &at); err != nil {
			return nil, "", err
		}
		if r := []rune(e.Text); len(r) > 280 {
			e.Text = string(r[:280]) + "…"
		}
		e.At = fromMicros(at)
		return e, e.ID, nil
	})
}

// timelineFiles: the files attached to the case (as FindFiles).
func timelineFiles(ctx context.Context, tx *Tx, p *timelinePage, c *meridian.Case, _ *meridian.CaseAccess) error {
	ks, kargs, order := p.keyset(meridian.TimelineFile, "created_at", "id", textKey)
	rows, err := tx.query(ctx, `SELECT id, name, size, agency_id, country, username, created_at FROM case_files WHERE case_id = ? AND `+ks+order,
		append(append([]any{c.ID}, kargs...), p.limit)...)
	if err != nil {
		return err
	}
	return p.scanAll(rows, func(rows *sql.Rows) (*meridian.TimelineEntry, string, error) {
		e := &meridian.TimelineEntry{Kind: meridian.TimelineFile}
		var at int64
		if err := rows.Scan(&e.ID, &e.Name, &e.Size, &e.AgencyID, &e.Country, &e.Username, &at); err != nil {
			return nil, "", err
		}
		e.At = fromMicros(at)
		return e, e.ID, nil
	})
}

// timelineStages: the case's changes of stage.
func timelineStages(ctx context.Context, tx *Tx, p *timelinePage, c *meridian.Case, _ *meridian.CaseAccess) error {
	rows, err := tx.query(ctx, `SELECT seq, stage, on_date, note, agency_id, changed_by, changed_at FROM case_stages WHERE case_id = ?`, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e := &meridian.TimelineEntry{Kind: meridian.TimelineStage, ID: c.ID}
		var seq, at int64
		if err := rows.Scan(&seq, &e.Stage, &e.Date, &e.Text, &e.AgencyID, &e.Username, &at); err != nil {
			return err
		}
		e.At = fromMicros(at)
		p.add(e, padSeq(seq))
	}
	return rows.Err()
}

// timelineOutcomes: the case's outcomes; a person named whom the reader
// may not read is left out (as FindOutcomes).
func timelineOutcomes(ctx context.Context, tx *Tx, p *timelinePage, c *meridian.Case, _ *meridian.CaseAccess) error {
	rows, err := tx.query(ctx, `SELECT body FROM case_outcomes WHERE case_id = ?`, c.ID)
	if err != nil {
		return err
	}
	var outs []*meridian.Outcome
	for rows.Next() {
		var body string
		var o meridian.Outcome
		if err := rows.Scan(&body); err == nil {
			err = json.Unmarshal([]byte(body), &o)
		}
		if err != nil {
			rows.Close()
			return err
		}
		outs = append(outs, &o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	readable := map[string]bool{}
	for _, o := range outs {
		e := &meridian.TimelineEntry{Kind: meridian.TimelineOutcome, At: o.CreatedAt, ID: o.ID, OutcomeKind: o.Kind,
			Date: o.Date, AgencyID: o.AgencyID, Username: o.CreatedBy, Text: o.Note}
		if o.PersonID != "" {
			ok, seen := readable[o.PersonID]
			if !seen {
				if ok, err = visible(ctx, tx, o.PersonID, "person"); err != nil {
					return err
				}
				readable[o.PersonID] = ok
			}
			if ok {
				e.PersonID = o.PersonID
			} else {
				e.PersonHidden = true
			}
		}
		p.add(e, o.ID)
	}
	return nil
}

// timelineParticipants: agencies taken in, their roles changed, removed.
func timelineParticipants(ctx context.Context, tx *Tx, p *timelinePage, c *meridian.Case, _ *meridian.CaseAccess) error {
	rows, err := tx.query(ctx, `SELECT l.seq, l.agency_id, COALESCE(a.name, ''), COALESCE(a.country, ''), l.action, l.role, l.by_agency, l.by_user, l.at
		FROM case_participant_log l LEFT JOIN agencies a ON a.id = l.agency_id WHERE l.case_id = ?`, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e := &meridian.TimelineEntry{Kind: meridian.TimelineParticipant}
		var seq, at int64
		if err := rows.Scan(&seq, &e.ID, &e.Name, &e.Country, &e.Action, &e.Role, &e.AgencyID, &e.Username, &at); err != nil {
			return err
		}
		e.At = fromMicros(at)
		p.add(e, padSeq(seq))
	}
	return rows.Err()
}

// timelineAudit: the audit entries about the case the reader may see
// (policy.CaseAuditScope), but for the timeline's own reads.
func timelineAudit(ctx context.Context, tx *Tx, p *timelinePage, c *meridian.Case, acc *meridian.CaseAccess) error {
	sc := policy.CaseAuditScope(tx.subj, acc)
	cond, args := "1 = 1", []any{}
	switch {
	case sc.All:
	case sc.Agency != "":
		cond, args = "agency_id = ?", []any{sc.Agency}
	default:
		cond, args = "user_id = ?", []any{sc.User}
	}
	ks, kargs, order := p.keyset(meridian.TimelineAudit, "at", "seq", seqKey)
	// The timeline's own reads are left out of it (they stay in the audit
	// log): listed, each page read oldest first would add the next entry
	// to read, and the list would never end.
	q := `SELECT seq, at, username, agency_id, action, record_kind FROM audit_entries WHERE record_id = ? AND record_kind <> 'case_timeline' AND ` +
		cond + ` AND ` + ks + order
	rows, err := tx.query(ctx, q, append(append(append([]any{c.ID}, args...), kargs...), p.limit)...)
	if err != nil {
		return err
	}
	return p.scanAll(rows, func(rows *sql.Rows) (*meridian.TimelineEntry, string, error) {
		e := &meridian.TimelineEntry{Kind: meridian.TimelineAudit}
		var seq, at int64
		if err := rows.Scan(&seq, &at, &e.Username, &e.AgencyID, &e.Action, &e.RecordKind); err != nil {
			return nil, "", err
		}
		e.ID, e.At = strconv.FormatInt(seq, 10), fromMicros(at)
		return e, padSeq(seq), nil
	})
}
