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

// Case work (issue 13, points 3 and 4): messages, files, consents and the
// items of evidence packages. Every call reads the case first, through
// the same load as FindCaseByID, for the caller: whoever cannot read the
// case gets the case's ENotFound, as for a case that does not exist, and
// nothing of its messages or files. The rule of who reads a case is the
// case kind's, wherever it changes.

var (
	_ meridian.CaseMessageService = (*DB)(nil)
	_ meridian.EvidenceStore      = (*DB)(nil)
)

// readCase reads a case the caller may read, or ENotFound.
func readCase(ctx context.Context, tx *Tx, id string) (*meridian.Case, error) {
	return load(ctx, tx, caseKind, id, false)
}

// actInCase reads the case (ENotFound when the caller may not) and checks
// the caller's standing in it (policy.CanActInCase: the lead's and
// acting participants' writers, never an observer) and what the action
// asks besides.
func actInCase(ctx context.Context, tx *Tx, id string, may func(*meridian.Subject, *meridian.CaseAccess) error) (*meridian.Case, error) {
	acc, c, err := caseAccess(ctx, tx, id, false)
	if err != nil {
		return nil, err
	}
	if err := may(tx.subj, acc); err != nil {
		return nil, err
	}
	return c, nil
}

const messageCols = `id, case_id, parent_id, request_id, body, files, agency_id, country, user_id, username, created_at`

func scanMessage(row interface{ Scan(...any) error }) (*meridian.CaseMessage, error) {
	var m meridian.CaseMessage
	var files string
	var at int64
	if err := row.Scan(&m.ID, &m.CaseID, &m.ParentID, &m.RequestID, &m.Body, &files, &m.AgencyID, &m.Country,
		&m.UserID, &m.Username, &at); err != nil {
		return nil, err
	}
	if files != "" {
		m.Files = strings.Split(files, ",")
	}
	m.CreatedAt = fromMicros(at)
	return &m, nil
}

// PostMessage stores a message on a case the caller reads.
func (s *DB) PostMessage(ctx context.Context, m *meridian.CaseMessage) error {
	const op = "sqldb.PostMessage"
	if err := m.Validate(); err != nil {
		return err
	}
	return s.write(ctx, op, func(tx *Tx) error {
		if _, err := actInCase(ctx, tx, m.CaseID, policy.CanPostToCase); err != nil {
			return err
		}
		f := meridian.Fields{Op: op}
		if m.ParentID != "" {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM case_messages WHERE id = ? AND case_id = ?`, m.ParentID, m.CaseID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				f.Add("parent_id", "unknown message %q of this case", m.ParentID)
			}
		}
		if m.RequestID != "" {
			// A request's thread: a request of this case the caller reads.
			if r, err := loadRequest(ctx, tx, m.RequestID, false); err != nil || r.CaseID != m.CaseID {
				if err != nil && meridian.KindOf(err) != meridian.ENotFound {
					return err
				}
				f.Add("request_id", "unknown request %q of this case", m.RequestID)
			}
		}
		for i, id := range m.Files {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM case_files WHERE id = ? AND case_id = ?`, id, m.CaseID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				f.Add(fmt.Sprintf("files[%d]", i), "unknown file %q of this case", id)
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		sub := tx.subj
		m.ID = meridian.NewID()
		m.AgencyID, m.Country, m.UserID, m.Username, m.CreatedAt = sub.AgencyID, sub.Country, sub.UserID, sub.Username, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO case_messages (`+messageCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.CaseID, m.ParentID, m.RequestID, m.Body, strings.Join(m.Files, ","), m.AgencyID, m.Country,
			m.UserID, m.Username, micros(m.CreatedAt)); err != nil {
			return err
		}
		tx.audit(meridian.AuditCreate, meridian.KindCaseMessage, m.ID, m.AgencyID)
		return nil
	})
}

// FindMessages lists a case's messages, oldest first, one audit entry a page.
func (s *DB) FindMessages(ctx context.Context, f meridian.MessageFilter) ([]*meridian.CaseMessage, string, error) {
	const op = "sqldb.FindMessages"
	pg, err := pageOf(op, "id", f.Page, false)
	if err != nil {
		return nil, "", err
	}
	var out []*meridian.CaseMessage
	var next string
	err = s.read(ctx, op, func(tx *Tx) error {
		if _, err := readCase(ctx, tx, f.CaseID); err != nil {
			return err
		}
		// A request's thread is read by those who read the request (its
		// two agencies), not by every reader of the case.
		rq, rargs := requestScope(tx.subj)
		q := `SELECT ` + messageCols + ` FROM case_messages WHERE case_id = ? AND (request_id = '' OR EXISTS (SELECT 1 FROM requests q WHERE q.id = case_messages.request_id AND ` + rq + `))`
		args := append([]any{f.CaseID}, rargs...)
		if f.RequestID != "" {
			q += ` AND request_id = ?`
			args = append(args, f.RequestID)
		}
		q, args = pg.sql(q, args)
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		var listed []meridian.AuditRecord
		out, next, err = scanPage(pg, rows, func(rows *sql.Rows) (*meridian.CaseMessage, string, error) {
			m, err := scanMessage(rows)
			if err != nil {
				return nil, "", err
			}
			listed = append(listed, meridian.AuditRecord{ID: m.ID, Owner: m.AgencyID})
			return m, m.ID, nil
		})
		tx.auditList(meridian.KindCaseMessage, listed)
		return err
	})
	return out, next, err
}

const fileCols = `id, case_id, name, media_type, size, sha256, agency_id, country, user_id, username, created_at`

func scanFile(row interface{ Scan(...any) error }) (*meridian.CaseFile, error) {
	var f meridian.CaseFile
	var at int64
	if err := row.Scan(&f.ID, &f.CaseID, &f.Name, &f.MediaType, &f.Size, &f.SHA256, &f.AgencyID, &f.Country,
		&f.UserID, &f.Username, &at); err != nil {
		return nil, err
	}
	f.CreatedAt = fromMicros(at)
	return &f, nil
}

// CanAttach answers whether the caller may attach a file to the case,
// before a byte of it is read: ENotFound, EForbidden.
func (s *DB) CanAttach(ctx context.Context, caseID string) error {
	return s.read(ctx, "sqldb.CanAttach", func(tx *Tx) error {
		_, err := actInCase(ctx, tx, caseID, policy.CanPostToCase)
		return err
	})
}

// InsertCaseFile records a file whose content is stored, reading the case
// again: access may have changed during the upload.
func (s *DB) InsertCaseFile(ctx context.Context, f *meridian.CaseFile) error {
	const op = "sqldb.InsertCaseFile"
	return s.write(ctx, op, func(tx *Tx) error {
		if _, err := actInCase(ctx, tx, f.CaseID, policy.CanPostToCase); err != nil {
			return err
		}
		sub := tx.subj
		f.ID = meridian.NewID()
		f.AgencyID, f.Country, f.UserID, f.Username, f.CreatedAt = sub.AgencyID, sub.Country, sub.UserID, sub.Username, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO case_files (`+fileCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			f.ID, f.CaseID, f.Name, f.MediaType, f.Size, f.SHA256, f.AgencyID, f.Country, f.UserID, f.Username,
			micros(f.CreatedAt)); err != nil {
			return err
		}
		tx.audit(meridian.AuditCreate, meridian.KindCaseFile, f.ID, f.AgencyID)
		return nil
	})
}

// BlobReferenced reports whether any file names the content, so that an
// upload whose record failed removes only bytes nobody else attached.
func (s *DB) BlobReferenced(ctx context.Context, sha string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT COUNT(*) FROM case_files WHERE sha256 = ?`), sha).Scan(&n)
	return n > 0, err
}

// FindFiles lists a case's files, oldest first, one audit entry a page.
func (s *DB) FindFiles(ctx context.Context, caseID string, p meridian.Page) ([]*meridian.CaseFile, string, error) {
	const op = "sqldb.FindFiles"
	pg, err := pageOf(op, "id", p, false)
	if err != nil {
		return nil, "", err
	}
	var out []*meridian.CaseFile
	var next string
	err = s.read(ctx, op, func(tx *Tx) error {
		if _, err := readCase(ctx, tx, caseID); err != nil {
			return err
		}
		q, args := pg.sql(`SELECT `+fileCols+` FROM case_files WHERE case_id = ?`, []any{caseID})
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		var listed []meridian.AuditRecord
		out, next, err = scanPage(pg, rows, func(rows *sql.Rows) (*meridian.CaseFile, string, error) {
			f, err := scanFile(rows)
			if err != nil {
				return nil, "", err
			}
			listed = append(listed, meridian.AuditRecord{ID: f.ID, Owner: f.AgencyID})
			return f, f.ID, nil
		})
		tx.auditList(meridian.KindCaseFile, listed)
		return err
	})
	return out, next, err
}

// FileForDownload reads a file of a case the caller reads and audits its
// download; the entry is durable before the content is handed out.
func (s *DB) FileForDownload(ctx context.Context, id string) (*meridian.CaseFile, error) {
	const op = "sqldb.FileForDownload"
	var f *meridian.CaseFile
	err := s.read(ctx, op, func(tx *Tx) error {
		if !meridian.IsID(id) {
			return meridian.NotFound(op, "file")
		}
		var err error
		f, err = scanFile1(tx.queryRow(ctx, `SELECT `+fileCols+` FROM case_files WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return meridian.NotFound(op, "file")
		}
		if err != nil {
			return err
		}
		if _, err := readCase(ctx, tx, f.CaseID); err != nil {
			if meridian.KindOf(err) == meridian.ENotFound {
				return meridian.NotFound(op, "file")
			}
			return err
		}
		tx.audit(meridian.AuditDownload, meridian.KindCaseFile, f.ID, f.AgencyID)
		return nil
	})
	return f, err
}

func scanFile1(row *sql.Row) (*meridian.CaseFile, error) { return scanFile(row) }

// RecordConsent records the caller's agency's consent to its record's use
// as evidence in a case both are of.
func (s *DB) RecordConsent(ctx context.Context, caseID, recordID string) (*meridian.Consent, error) {
	const op = "sqldb.RecordConsent"
	var c *meridian.Consent
	err := s.write(ctx, op, func(tx *Tx) error {
		kase, err := readCase(ctx, tx, caseID)
		if err != nil {
			return err
		}
		m, err := recordMeta(ctx, tx, recordID)
		if err != nil || !slices.Contains(kase.Records, recordID) {
			return meridian.Invalidf(op, "record_id", "unknown record %q of this case", recordID)
		}
		if err := policy.CanConsent(tx.subj, m); err != nil {
			return err
		}
		sub := tx.subj
		c = &meridian.Consent{CaseID: caseID, RecordID: recordID, AgencyID: sub.AgencyID, UserID: sub.UserID,
			Username: sub.Username, CreatedAt: tx.now}
		if _, err := tx.exec(ctx, `DELETE FROM evidence_consents WHERE case_id = ? AND record_id = ?`, caseID, recordID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO evidence_consents (case_id, record_id, agency_id, user_id, username, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, caseID, recordID, c.AgencyID, c.UserID, c.Username, micros(c.CreatedAt)); err != nil {
			return err
		}
		tx.audit(meridian.AuditConsent, "case", caseID, kase.OwnerAgency)
		tx.audit(meridian.AuditConsent, "", recordID, m.OwnerAgency)
		return nil
	})
	return c, err
}

// FindConsents lists the consents recorded in a case.
func (s *DB) FindConsents(ctx context.Context, caseID string) ([]*meridian.Consent, error) {
	var out []*meridian.Consent
	err := s.read(ctx, "sqldb.FindConsents", func(tx *Tx) error {
		if _, err := readCase(ctx, tx, caseID); err != nil {
			return err
		}
		var err error
		out, err = consentsOf(ctx, tx, caseID)
		return err
	})
	return out, err
}

func consentsOf(ctx context.Context, tx *Tx, caseID string) ([]*meridian.Consent, error) {
	rows, err := tx.query(ctx, `SELECT case_id, record_id, agency_id, user_id, username, created_at
		FROM evidence_consents WHERE case_id = ? ORDER BY record_id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*meridian.Consent
	for rows.Next() {
		var c meridian.Consent
		var at int64
		if err := rows.Scan(&c.CaseID, &c.RecordID, &c.AgencyID, &c.UserID, &c.Username, &at); err != nil {
			return nil, err
		}
		c.CreatedAt = fromMicros(at)
		out = append(out, &c)
	}
	return out, rows.Err()
}

// recordMeta reads the meta and body of a record the caller may read.
func recordMeta(ctx context.Context, tx *Tx, id string) (*meridian.Meta, error) {
	rec, err := recordBody(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return &rec.meta, nil
}

type bodyRow struct {
	kind string
	body []byte
	meta meridian.Meta
}

func recordBody(ctx context.Context, tx *Tx, id string) (*bodyRow, error) {
	if !meridian.IsID(id) {
		return nil, sql.ErrNoRows
	}
	cond, args := recordScope(policy.ReadScope(tx.subj)).sql()
	var r bodyRow
	var body string
	err := tx.queryRow(ctx, `SELECT r.kind, r.body FROM records r WHERE r.id = ? AND `+cond,
		append([]any{id}, args...)...).Scan(&r.kind, &body)
	if err != nil {
		return nil, err
	}
	r.body = []byte(body)
	var env struct{ meridian.Meta }
	if err := json.Unmarshal(r.body, &env); err != nil {
		return nil, err
	}
	r.meta = env.Meta
	return &r, nil
}

// EvidenceItems reads the chosen items of a case for an evidence package:
// each must be of the case and readable by the exporter, and each record
// must pass its handling code (policy.MayPackage). Anything refused is
// named (records[2]: why) and nothing is read. Each item is audited as
// exported, and its chain of custody is read from the audit log.
func (s *DB) EvidenceItems(ctx context.Context, caseID string, sel meridian.EvidenceSelection) (*meridian.EvidenceItems, error) {
	const op = "sqldb.EvidenceItems"
	if len(sel.Records)+len(sel.Messages)+len(sel.Files) > 10000 {
		return nil, meridian.Invalidf(op, "records", "more than 10000 items")
	}
	out := &meridian.EvidenceItems{}
	err := s.read(ctx, op, func(tx *Tx) error {
		kase, err := actInCase(ctx, tx, caseID, policy.CanExportEvidence)
		if err != nil {
			return err
		}
		if k := caseKind.view; k != nil {
			if err := k(ctx, tx, kase); err != nil {
				return err
			}
		}
		out.Case = kase
		consents, err := consentsOf(ctx, tx, caseID)
		if err != nil {
			return err
		}
		consented := map[string]bool{}
		for _, c := range consents {
			consented[c.RecordID] = true
		}
		f := meridian.Fields{Op: op}
		seen := map[string]bool{}
		for i, id := range sel.Records {
			field := fmt.Sprintf("records[%d]", i)
			if seen[id] {
				f.Add(field, "record %q chosen twice", id)
				continue
			}
			seen[id] = true
			if !slices.Contains(kase.Records, id) {
				f.Add(field, "unknown record %q of this case", id)
				continue
			}
			r, err := recordBody(ctx, tx, id)
			if errors.Is(err, sql.ErrNoRows) {
				f.Add(field, "unknown record %q of this case", id)
				continue
			}
			if err != nil {
				return err
			}
			if ok, why := policy.MayPackage(tx.subj, &r.meta, consented[id]); !ok {
				f.Add(field, "record %s: %s", id, why)
				continue
			}
			if consented[id] {
				for _, c := range consents {
					if c.RecordID == id {
						out.Consents = append(out.Consents, c)
					}
				}
			}
			out.Records = append(out.Records, meridian.EvidenceRecord{ID: id, Kind: r.kind,
				OwnerAgency: r.meta.OwnerAgency, Handling: r.meta.Handling, Body: r.body})
		}
		for i, id := range sel.Messages {
			field := fmt.Sprintf("messages[%d]", i)
			rq, rargs := requestScope(tx.subj)
			m, err := scanMessage(tx.queryRow(ctx, `SELECT `+messageCols+` FROM case_messages WHERE id = ? AND case_id = ?
				AND (request_id = '' OR EXISTS (SELECT 1 FROM requests q WHERE q.id = case_messages.request_id AND `+rq+`))`, append([]any{id, caseID}, rargs...)...))
			if errors.Is(err, sql.ErrNoRows) || seen[id] {
				f.Add(field, "unknown message %q of this case, or chosen twice", id)
				continue
			}
			if err != nil {
				return err
			}
			seen[id] = true
			out.Messages = append(out.Messages, m)
		}
		for i, id := range sel.Files {
			field := fmt.Sprintf("files[%d]", i)
			fl, err := scanFile(tx.queryRow(ctx, `SELECT `+fileCols+` FROM case_files WHERE id = ? AND case_id = ?`, id, caseID))
			if errors.Is(err, sql.ErrNoRows) || seen[id] {
				f.Add(field, "unknown file %q of this case, or chosen twice", id)
				continue
			}
			if err != nil {
				return err
			}
			seen[id] = true
			out.Files = append(out.Files, fl)
		}
		if err := f.Err(); err != nil {
			return err
		}
		if len(out.Records)+len(out.Messages)+len(out.Files) == 0 {
			return meridian.Invalidf(op, "records", "choose at least one record, message or file")
		}
		ids := []string{caseID}
		for _, r := range out.Records {
			ids = append(ids, r.ID)
		}
		for _, m := range out.Messages {
			ids = append(ids, m.ID)
		}
		for _, fl := range out.Files {
			ids = append(ids, fl.ID)
		}
		if out.Custody, err = custodyOf(ctx, tx, ids); err != nil {
			return err
		}
		tx.audit(meridian.AuditExport, "case", caseID, kase.OwnerAgency)
		for _, r := range out.Records {
			tx.audit(meridian.AuditExport, r.Kind, r.ID, r.OwnerAgency)
		}
		for _, m := range out.Messages {
			tx.audit(meridian.AuditExport, meridian.KindCaseMessage, m.ID, m.AgencyID)
		}
		for _, fl := range out.Files {
			tx.audit(meridian.AuditExport, meridian.KindCaseFile, fl.ID, fl.AgencyID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// custodyOf reads every audit entry that names one of ids, on its own or
// in a list, oldest first: each access and transfer of each item; who of
// another agency is named by the agency alone.
func custodyOf(ctx context.Context, tx *Tx, ids []string) ([]meridian.CustodyEntry, error) {
	var out []meridian.CustodyEntry
	for _, id := range ids {
		rows, err := tx.query(ctx, `SELECT e.seq, e.at, e.username, e.agency_id, e.action, e.purpose, e.hash FROM audit_entries e
			WHERE e.record_id = ? OR e.seq IN (SELECT ar.seq FROM audit_records ar WHERE ar.record_id = ?)
			ORDER BY e.seq`, id, id)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			c := meridian.CustodyEntry{Item: id}
			var at int64
			if err := rows.Scan(&c.Seq, &at, &c.Username, &c.AgencyID, &c.Action, &c.Purpose, &c.Hash); err != nil {
				rows.Close()
				return nil, err
			}
			c.At = fromMicros(at)
			// Another agency's staff are named by their agency only: the
			// entry's hash leads the court to the full entry in the log,
			// through that agency or the operator.
			if c.AgencyID != tx.subj.AgencyID {
				c.Username, c.Purpose = "", ""
			}
			out = append(out, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
