package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"meridian"
	"meridian/policy"
)

var watchPersonKind = &kind[meridian.WatchPerson]{
	name:     "watch_person",
	meta:     func(w *meridian.WatchPerson) *meridian.Meta { return &w.Meta },
	validate: (*meridian.WatchPerson).Validate,
	attrs: func(w *meridian.WatchPerson) []attr {
		as := []attr{{"category", w.Category}, {"ref", w.Ref}}
		for _, d := range w.Documents {
			as = append(as, attr{"number", meridian.NormalizeDocumentNumber(d.Number)})
		}
		return as
	},
	check: checkWatchCategory,
}

// checkWatchCategory keeps a listed victim or missing person someone to
// protect: screening would otherwise answer a check on them with "wanted"
// (non-punishment principle). Someone also wanted is a second entry.
func checkWatchCategory(ctx context.Context, tx *Tx, w *meridian.WatchPerson) error {
	var was string
	err := tx.queryRow(ctx, `SELECT value FROM record_attrs WHERE record_id = ? AND name = 'category'`, w.ID).Scan(&was)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if meridian.Protected(was) && !meridian.Protected(w.Category) {
		return meridian.Invalidf("sqldb.CheckWatchPerson", "category", "a listed %s stays someone to protect: list the same human as %s in an entry of its own", was, w.Category)
	}
	return nil
}

var watchDocumentKind = &kind[meridian.WatchDocument]{
	name:     "watch_document",
	meta:     func(w *meridian.WatchDocument) *meridian.Meta { return &w.Meta },
	validate: (*meridian.WatchDocument).Validate,
	attrs: func(w *meridian.WatchDocument) []attr {
		return []attr{{"number", w.NumberNorm}, {"issuing_state", w.IssuingState}, {"status", w.Status}, {"ref", w.Ref}}
	},
}

var _ meridian.WatchlistService = (*DB)(nil)

func watchQuery(f meridian.WatchFilter) listQuery {
	lq := listQuery{page: f.Page}
	if f.OperationID != "" {
		lq.where("r.operation_id = ?", f.OperationID)
	}
	if f.Category != "" {
		lq.where(attrSQL("category"), f.Category)
	}
	return lq
}

// CreateWatchPerson stores a listed person owned by the caller's agency.
func (s *DB) CreateWatchPerson(ctx context.Context, w *meridian.WatchPerson) error {
	return create(ctx, s, watchPersonKind, w)
}

// FindWatchPersonByID returns a listed person the caller may read.
func (s *DB) FindWatchPersonByID(ctx context.Context, id string) (*meridian.WatchPerson, error) {
	return find(ctx, s, watchPersonKind, id)
}

// FindWatchPersons lists the listed persons the caller may read.
func (s *DB) FindWatchPersons(ctx context.Context, f meridian.WatchFilter) ([]*meridian.WatchPerson, string, error) {
	return list(ctx, s, watchPersonKind, watchQuery(f))
}

// UpdateWatchPerson replaces a listed person the caller's agency owns.
func (s *DB) UpdateWatchPerson(ctx context.Context, w *meridian.WatchPerson) error {
	return update(ctx, s, watchPersonKind, w)
}

// DeleteWatchPerson removes a listed person the caller's agency owns.
func (s *DB) DeleteWatchPerson(ctx context.Context, id string) error {
	return remove(ctx, s, watchPersonKind, id)
}

// CreateWatchDocument stores a listed document owned by the caller's agency.
func (s *DB) CreateWatchDocument(ctx context.Context, w *meridian.WatchDocument) error {
	return create(ctx, s, watchDocumentKind, w)
}

// FindWatchDocumentByID returns a listed document the caller may read.
func (s *DB) FindWatchDocumentByID(ctx context.Context, id string) (*meridian.WatchDocument, error) {
	return find(ctx, s, watchDocumentKind, id)
}

// FindWatchDocuments lists the listed documents the caller may read.
func (s *DB) FindWatchDocuments(ctx context.Context, f meridian.WatchFilter) ([]*meridian.WatchDocument, string, error) {
	return list(ctx, s, watchDocumentKind, watchQuery(f))
}

// UpdateWatchDocument replaces a listed document the caller's agency owns.
func (s *DB) UpdateWatchDocument(ctx context.Context, w *meridian.WatchDocument) error {
	return update(ctx, s, watchDocumentKind, w)
}

// DeleteWatchDocument removes a listed document the caller's agency owns.
func (s *DB) DeleteWatchDocument(ctx context.Context, id string) error {
	return remove(ctx, s, watchDocumentKind, id)
}

// Importer adds many watchlist entries in one transaction: an import is
// stored whole or not at all.
type Importer struct {
	ctx      context.Context
	tx       *Tx
	ImportID string
	n        int
}

// auditFlushEvery bounds the audit entries an import holds in memory.
const auditFlushEvery = 5000

func (imp *Importer) add(kindName string, m *meridian.Meta, validate func() error, attrs []attr, rec any) error {
	tx := imp.tx
	tx.stampNew(m)
	applyDefaults(m)
	if err := validate(); err != nil {
		return err
	}
	body, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if _, err := tx.exec(imp.ctx, `INSERT INTO records (id, kind, owner_agency, owner_country, operation_id, tlp, handling, scope,
		retention_review, created_at, updated_at, version, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, kindName, m.OwnerAgency, m.OwnerCountry, nullable(m.OperationID), string(m.TLP), string(m.Handling),
		string(m.Release.Scope), string(m.RetentionReview), micros(m.CreatedAt), micros(m.UpdatedAt), m.Version, string(body)); err != nil {
		return err
	}
	if err := tx.writeIndex(imp.ctx, m, append(attrs, attr{"import", imp.ImportID})); err != nil {
		return err
	}
	tx.audit(meridian.AuditCreate, kindName, m.ID, m.OwnerAgency)
	imp.n++
	if len(tx.audits) >= auditFlushEvery {
		if err := tx.flushAudit(imp.ctx); err != nil {
			return err
		}
		tx.audits = tx.audits[:0]
	}
	return nil
}

// AddPerson validates and adds a listed person; a validation error is
// returned as is (EInvalid naming the field) and the import goes on only
// if the caller decides so.
func (imp *Importer) AddPerson(w *meridian.WatchPerson) error {
	return imp.add("watch_person", &w.Meta, w.Validate, nil, w)
}

// AddDocument validates and adds a listed document.
func (imp *Importer) AddDocument(w *meridian.WatchDocument) error {
	return imp.add("watch_document", &w.Meta, w.Validate, nil, w)
}

// Count returns how many entries were added.
func (imp *Importer) Count() int { return imp.n }

// ImportWatchlist runs fn with an importer inside one transaction; if fn
// returns an error nothing is stored. The import is published as one
// change ("watchlist.imported"), on which every instance reloads its
// screening index, rather than as millions of single changes.
func (s *DB) ImportWatchlist(ctx context.Context, fn func(imp *Importer) error) (int, string, error) {
	const op = "sqldb.ImportWatchlist"
	var n int
	id := meridian.NewID()
	err := s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanCreate(tx.subj, "watchlist"); err != nil {
			return err
		}
		imp := &Importer{ctx: ctx, tx: tx, ImportID: id}
		if err := fn(imp); err != nil {
			return err
		}
		n = imp.n
		tx.publish("watchlist", "imported", id, nil, mustJSON(map[string]any{"import_id": id, "entries": n}))
		return nil
	})
	return n, id, err
}

// ScanWatchlist streams every watchlist entry of a kind (watch_person or
// watch_document) to fn, for building the screening index. It is
// Meridian's own processing, not a user's access, so it is not audited.
// With importID set, only that import's entries are streamed.
//
// fn is also given the import the entry came with ("" for an entry added
// one at a time), so that the index built from every entry can tell
// which imports it holds whole.
func (s *DB) ScanWatchlist(ctx context.Context, kindName, importID string, fn func(importID string, body []byte) error) error {
	return s.scanKind(ctx, "sqldb.ScanWatchlist", kindName, importID, true, fn)
}

// ScanRecordsForLinking streams every record of a kind (person or
// document) to fn, for building the linking engine's index on each
// instance. Like FindByKeysForLinking it is Meridian's own processing,
// for the system subject only, shows nobody anything and is not audited.
func (s *DB) ScanRecordsForLinking(ctx context.Context, kind string, fn func(body []byte) error) error {
	const op = "sqldb.ScanRecordsForLinking"
	if subj := meridian.SubjectFrom(ctx); subj == nil || !subj.System {
		return meridian.Errorf(meridian.EForbidden, op, "only Meridian's linking index reads every record")
	}
	if kind != "person" && kind != "document" {
		return meridian.Invalidf(op, "kind", "the linking index holds persons and documents, not %q", kind)
	}
	return s.scanKind(ctx, op, kind, "", false, func(_ string, body []byte) error { return fn(body) })
}

// scanKind streams the bodies of a kind's records, in id order, a page
// at a time; with importID, only that import's. With imports, fn is given
// each record's import; otherwise "".
func (s *DB) scanKind(ctx context.Context, op, kindName, importID string, imports bool, fn func(importID string, body []byte) error) error {
	k := keyset{col: "r.id", limit: 10000}
	imp := `''`
	if imports {
		imp = `COALESCE((SELECT MIN(a.value) FROM record_attrs a WHERE a.record_id = r.id AND a.name = 'import'), '')`
	}
	for {
		q := `SELECT r.id, ` + imp + `, r.body FROM records r WHERE r.kind = ?`
		args := []any{kindName}
		if importID != "" {
			q += " AND " + attrSQL("import")
			args = append(args, importID)
		}
		q, args = k.sql(q, args)
		rows, err := s.db.QueryContext(ctx, s.d.Rebind(q), args...)
		if err != nil {
			return meridian.Internal(op, err)
		}
		var stopped error
		_, next, err := scanPage(k, rows, func(rows *sql.Rows) (struct{}, string, error) {
			var id, imp string
			var body []byte
			if err := rows.Scan(&id, &imp, &body); err != nil {
				return struct{}{}, "", err
			}
			stopped = fn(imp, body)
			return struct{}{}, id, stopped
		})
		switch {
		case stopped != nil:
			return stopped
		case err != nil:
			return meridian.Internal(op, err)
		case next == "":
			return nil
		}
		k.after = next
	}
}

// LoadRecords returns the records with the given ids, unaudited: the
// caller must apply policy and audit what it shows.
func (s *DB) LoadRecords(ctx context.Context, ids []string) (map[string]meridian.RawRecord, error) {
	const op = "sqldb.LoadRecords"
	out := make(map[string]meridian.RawRecord, len(ids))
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, s.d.Rebind(`SELECT id, kind, body FROM records WHERE id IN (`+placeholders(len(batch))+`)`), args...)
		if err != nil {
			return nil, meridian.Internal(op, err)
		}
		for rows.Next() {
			var id string
			var r meridian.RawRecord
			if err := rows.Scan(&id, &r.Kind, &r.Body); err != nil {
				rows.Close()
				return nil, meridian.Internal(op, err)
			}
			out[id] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, meridian.Internal(op, err)
		}
	}
	return out, nil
}
