package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"meridian"
)

var personKind = &kind[meridian.Person]{
	name:     "person",
	meta:     func(p *meridian.Person) *meridian.Meta { return &p.Meta },
	validate: (*meridian.Person).Validate,
	// The role is a filter; the person's identifiers are match keys
	// (record_keys, written for every kind by writeKeys).
	attrs:      func(p *meridian.Person) []attr { return []attr{{"role", string(p.Role)}} },
	check:      checkPersonRole,
	referenced: referenced("person", "person", "involved", "record"),
}

// checkPersonRole keeps victims and suspects apart (non-punishment
// principle): a victim record stays a victim record, a suspect record
// never becomes one, and a record becomes a victim's only while no event
// names it a suspect or arrests it (nor a suspect's while an event names
// it a victim). The same human in both roles is two records.
func checkPersonRole(ctx context.Context, tx *Tx, p *meridian.Person) error {
	const op = "sqldb.CheckPerson"
	var was meridian.PersonRole
	err := tx.queryRow(ctx, `SELECT value FROM record_attrs WHERE record_id = ? AND name = 'role'`, p.ID).Scan(&was)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	switch {
	case was == meridian.RoleVictim && p.Role != meridian.RoleVictim:
		return meridian.Invalidf(op, "role", "a victim record's role never changes: if the same human is also suspected of an offence, "+
			"that is a separate suspect record, and the victim's stays apart (non-punishment principle)")
	case was == meridian.RoleSuspect && p.Role == meridian.RoleVictim:
		return meridian.Invalidf(op, "role", "a suspect record never becomes a victim record: record the victim as a person of their own with role victim")
	}
	names := []string{"victim"}
	if p.Role == meridian.RoleVictim {
		names = []string{"suspect", "arrested"}
	}
	var n int
	err = tx.queryRow(ctx, `SELECT COUNT(*) FROM record_attrs a JOIN records r ON r.id = a.record_id
		WHERE r.kind = 'event' AND a.value = ? AND a.name IN (`+placeholders(len(names))+`)`, append([]any{p.ID}, anys(names)...)...).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 && p.Role == meridian.RoleVictim {
		return meridian.Invalidf(op, "role", "an event names this person as a suspect or arrests them; a victim is never treated as a suspect: correct the event first")
	}
	if n > 0 {
		return meridian.Invalidf(op, "role", "an event names this person as a victim; a victim record is never turned into another: correct the event first")
	}
	return nil
}

// lockPersonRole reads the role of a person the subject may read, locking
// the record so that its role cannot change before the transaction ends;
// ok is false for a person the subject may not read or that does not exist.
func lockPersonRole(ctx context.Context, tx *Tx, id string) (role meridian.PersonRole, ok bool, err error) {
	if ok, err = visible(ctx, tx, id, "person"); err != nil || !ok {
		return "", ok, err
	}
	var body string
	if err := tx.queryRow(ctx, `SELECT body FROM records WHERE id = ? AND kind = 'person'`+tx.s.d.ForUpdate(), id).Scan(&body); err != nil {
		return "", false, err
	}
	var p struct {
		Role meridian.PersonRole `json:"role"`
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		return "", false, err
	}
	return p.Role, true, nil
}

func anys(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

var documentKind = &kind[meridian.Document]{
	name:     "document",
	meta:     func(d *meridian.Document) *meridian.Meta { return &d.Meta },
	validate: (*meridian.Document).Validate,
	// The number here is the list filter's form (NormalizeDocumentNumber,
	// reading O as 0 and I as 1, as FindDocuments searches); the exact
	// key of state and number is in record_keys.
	attrs: func(d *meridian.Document) []attr {
		return []attr{{"number", d.NumberNorm}, {"issuing_state", d.IssuingState}, {"status", d.Status}, {"person", d.PersonID}}
	},
	check: func(ctx context.Context, tx *Tx, d *meridian.Document) error {
		if d.PersonID == "" {
			return nil
		}
		ok, err := visible(ctx, tx, d.PersonID, "person")
		if err != nil || ok {
			return err
		}
		return meridian.Invalidf("sqldb.CheckDocument", "person_id", "unknown person %q", d.PersonID)
	},
	referenced: referenced("document", "record"),
}

var eventKind = &kind[meridian.Event]{
	name:     "event",
	meta:     func(e *meridian.Event) *meridian.Meta { return &e.Meta },
	validate: (*meridian.Event).Validate,
	attrs: func(e *meridian.Event) []attr {
		as := []attr{{"type", string(e.Type)}, {"country", e.Place.Country}}
		for _, p := range e.Persons {
			as = append(as, attr{"involved", p.PersonID}, attr{string(p.Role), p.PersonID})
			if e.Type == meridian.EventArrest {
				as = append(as, attr{"arrested", p.PersonID})
			}
		}
		if e.Flight != nil {
			as = append(as, attr{"flight", flightKey(e)})
		}
		for _, v := range e.Victims {
			if v.PersonID != "" {
				as = append(as, attr{"involved", v.PersonID}, attr{"victim", v.PersonID})
			}
		}
		return as
	},
	check: func(ctx context.Context, tx *Tx, e *meridian.Event) error {
		f := meridian.Fields{Op: "sqldb.CheckEvent"}
		// Every person named is locked, in one order so that two reports
		// cannot deadlock, until the report is stored: a person's role
		// cannot change between this check and the commit.
		var ids []string
		for _, inv := range e.Persons {
			ids = append(ids, inv.PersonID)
		}
		for _, v := range e.Victims {
			if v.PersonID != "" {
				ids = append(ids, v.PersonID)
			}
		}
		slices.Sort(ids)
		roles := map[string]meridian.PersonRole{}
		for _, id := range slices.Compact(ids) {
			role, ok, err := lockPersonRole(ctx, tx, id)
			if err != nil {
				return err
			}
			if ok {
				roles[id] = role
			}
		}
		for i, inv := range e.Persons {
			field := fmt.Sprintf("persons[%d]", i)
			role, ok := roles[inv.PersonID]
			switch {
			case !ok:
				f.Add(field+".person_id", "unknown person %q", inv.PersonID)
			case role == meridian.RoleVictim && (inv.Role == meridian.RoleSuspect || e.Type == meridian.EventArrest):
				f.Add(field+".role", "this person is recorded as a victim; a victim is never treated as a suspect or arrested")
			case inv.Role == meridian.RoleVictim && role != meridian.RoleVictim:
				f.Add(field+".role", "only a person recorded as a victim is named a victim; this person's record has role %s", role)
			}
		}
		for i, v := range e.Victims {
			if v.PersonID == "" {
				continue
			}
			field := fmt.Sprintf("victims[%d].person_id", i)
			switch role, ok := roles[v.PersonID]; {
			case !ok:
				f.Add(field, "unknown person %q", v.PersonID)
			case role != meridian.RoleVictim:
				f.Add(field, "a rescue links only a person recorded as a victim; this person's record has role %s", role)
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		return checkEventInOperation(ctx, tx, e)
	},
	referenced: referenced("event", "record"),
	tally:      tallyEventAll, // sqldb/analysis_events.go
}

var caseKind = &kind[meridian.Case]{
	name:       "case",
	meta:       func(c *meridian.Case) *meridian.Meta { return &c.Meta },
	validate:   (*meridian.Case).Validate,
	referenced: caseReferenced, // sqldb/caseparticipant.go
	tally:      caseTally,
	attrs: func(c *meridian.Case) []attr {
		as := []attr{{"status", c.Status}}
		for _, r := range c.Records {
			as = append(as, attr{"record", r})
		}
		return as
	},
	// A case lists records of several owners; a reader of the case sees
	// the ids of those it may read, and how many others there are (their
	// owners decide): an id would tell a record exists, and when (ids are
	// UUIDv7). An update keeps what its author could not see.
	view: func(ctx context.Context, tx *Tx, c *meridian.Case) error {
		mine := c.Records[:0:0]
		c.Hidden = 0
		for _, r := range c.Records {
			ok, err := visible(ctx, tx, r, "")
			if err != nil {
				return err
			}
			if ok {
				mine = append(mine, r)
			} else {
				c.Hidden++
			}
		}
		c.Records = mine
		return nil
	},
	keep: func(ctx context.Context, tx *Tx, old, cur *meridian.Case) error {
		cur.Hidden = 0
		for _, r := range old.Records {
			if slices.Contains(cur.Records, r) {
				continue
			}
			ok, err := visible(ctx, tx, r, "")
			if err != nil {
				return err
			}
			if !ok {
				cur.Records = append(cur.Records, r)
			}
		}
		return nil
	},
	check: func(ctx context.Context, tx *Tx, c *meridian.Case) error {
		f := meridian.Fields{Op: "sqldb.CheckCase"}
		for i, r := range c.Records {
			ok, err := visible(ctx, tx, r, "")
			if err != nil {
				return err
			}
			if !ok && c.ID != "" {
				// Kept from the stored case (keep): its author may not
				// read it, but did not add it now.
				if ok, err = caseHolds(ctx, tx, c.ID, r); err != nil {
					return err
				}
			}
			if !ok || slices.Contains(c.Records[:i], r) || r == c.ID {
				f.Add(fmt.Sprintf("records[%d]", i), "unknown or repeated record %q", r)
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		// The countries of origin, transit and destination are read from
		// the records (sqldb/link.go).
		recs, _, err := readRecords(ctx, tx, c.Records)
		if err != nil {
			return err
		}
		return routeOf(c, recs)
	},
}

// caseHolds reports whether the stored case id already lists record.
func caseHolds(ctx context.Context, tx *Tx, id, record string) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM record_attrs WHERE record_id = ? AND name = 'record' AND value = ?`, id, record).Scan(&n)
	return n > 0, err
}

// referenced refuses to delete a record that others point to through the
// named attributes; the owner must unlink it first. The message does not
// say which records refer to it: the caller may not be able to read them.
func referenced(what string, names ...string) func(ctx context.Context, tx *Tx, id string) error {
	return func(ctx context.Context, tx *Tx, id string) error {
		q := `SELECT COUNT(*) FROM record_attrs WHERE value = ? AND name IN (` + placeholders(len(names)) + `)`
		args := []any{id}
		for _, n := range names {
			args = append(args, n)
		}
		var n int
		if err := tx.queryRow(ctx, q, args...).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return meridian.Errorf(meridian.EConflict, "sqldb.Delete"+what, "other records refer to this %s; unlink them first", what)
		}
		return nil
	}
}

// CreatePerson stores a person owned by the caller's agency.
func (s *DB) CreatePerson(ctx context.Context, p *meridian.Person) error {
	return create(ctx, s, personKind, p)
}

// FindPersonByID returns a person the caller may read.
func (s *DB) FindPersonByID(ctx context.Context, id string) (*meridian.Person, error) {
	return find(ctx, s, personKind, id)
}

// FindPersons lists the persons the caller may read.
func (s *DB) FindPersons(ctx context.Context, f meridian.PersonFilter) ([]*meridian.Person, string, error) {
	return list(ctx, s, personKind, personQuery(f))
}

// FindPersonsJSON lists the persons the caller may read as the JSON the
// store holds (each what FindPersons would give, encoded), audited alike.
func (s *DB) FindPersonsJSON(ctx context.Context, f meridian.PersonFilter) ([]json.RawMessage, string, error) {
	return listJSON(ctx, s, personKind, personQuery(f))
}

func personQuery(f meridian.PersonFilter) listQuery {
	lq := listQuery{page: f.Page}
	if f.OperationID != "" {
		lq.where("r.operation_id = ?", f.OperationID)
	}
	if f.OwnerAgency != "" {
		lq.where("r.owner_agency = ?", f.OwnerAgency)
	}
	if f.Role != "" {
		lq.where(attrSQL("role"), string(f.Role))
	}
	return lq
}

// UpdatePerson replaces a person the caller's agency owns.
func (s *DB) UpdatePerson(ctx context.Context, p *meridian.Person) error {
	return update(ctx, s, personKind, p)
}

// DeletePerson removes a person the caller's agency owns.
func (s *DB) DeletePerson(ctx context.Context, id string) error {
	return remove(ctx, s, personKind, id)
}

// CreateDocument stores a document owned by the caller's agency.
func (s *DB) CreateDocument(ctx context.Context, d *meridian.Document) error {
	return create(ctx, s, documentKind, d)
}

// FindDocumentByID returns a document the caller may read.
func (s *DB) FindDocumentByID(ctx context.Context, id string) (*meridian.Document, error) {
	return find(ctx, s, documentKind, id)
}

// FindDocuments lists the documents the caller may read.
func (s *DB) FindDocuments(ctx context.Context, f meridian.DocumentFilter) ([]*meridian.Document, string, error) {
	lq := listQuery{page: f.Page}
	if f.OperationID != "" {
		lq.where("r.operation_id = ?", f.OperationID)
	}
	if f.PersonID != "" {
		lq.where(attrSQL("person"), f.PersonID)
	}
	if f.Number != "" {
		lq.where(attrSQL("number"), meridian.NormalizeDocumentNumber(f.Number))
	}
	if f.IssuingState != "" {
		lq.where(attrSQL("issuing_state"), f.IssuingState)
	}
	return list(ctx, s, documentKind, lq)
}

// UpdateDocument replaces a document the caller's agency owns.
func (s *DB) UpdateDocument(ctx context.Context, d *meridian.Document) error {
	return update(ctx, s, documentKind, d)
}

// DeleteDocument removes a document the caller's agency owns.
func (s *DB) DeleteDocument(ctx context.Context, id string) error {
	return remove(ctx, s, documentKind, id)
}

// CreateEvent stores an event owned by the caller's agency.
func (s *DB) CreateEvent(ctx context.Context, e *meridian.Event) error {
	return create(ctx, s, eventKind, e)
}

// FindEventByID returns an event the caller may read.
func (s *DB) FindEventByID(ctx context.Context, id string) (*meridian.Event, error) {
	return find(ctx, s, eventKind, id)
}

// FindEvents lists the events the caller may read.
func (s *DB) FindEvents(ctx context.Context, f meridian.EventFilter) ([]*meridian.Event, string, error) {
	lq := listQuery{page: f.Page, newest: f.Newest}
	if f.OperationID != "" {
		lq.where("r.operation_id = ?", f.OperationID)
	}
	if f.Type != "" {
		lq.where(attrSQL("type"), string(f.Type))
	}
	if f.Country != "" {
		lq.where(attrSQL("country"), f.Country)
	}
	if f.PersonID != "" {
		lq.where(attrSQL("involved"), f.PersonID)
	}
	return list(ctx, s, eventKind, lq)
}

// UpdateEvent replaces an event the caller's agency owns.
func (s *DB) UpdateEvent(ctx context.Context, e *meridian.Event) error {
	return update(ctx, s, eventKind, e)
}

// DeleteEvent removes an event the caller's agency owns.
func (s *DB) DeleteEvent(ctx context.Context, id string) error { return remove(ctx, s, eventKind, id) }

// CreateCase stores a case owned by the caller's agency.
func (s *DB) CreateCase(ctx context.Context, c *meridian.Case) error {
	return create(ctx, s, caseKind, c)
}

// FindCaseByID returns a case the caller may read.
func (s *DB) FindCaseByID(ctx context.Context, id string) (*meridian.Case, error) {
	return find(ctx, s, caseKind, id)
}

// FindCases lists the cases the caller may read.
func (s *DB) FindCases(ctx context.Context, f meridian.CaseFilter) ([]*meridian.Case, string, error) {
	lq := listQuery{page: f.Page}
	if f.OperationID != "" {
		lq.where("r.operation_id = ?", f.OperationID)
	}
	if f.Status != "" {
		lq.where(attrSQL("status"), f.Status)
	}
	if f.RecordID != "" {
		lq.where(attrSQL("record"), f.RecordID)
	}
	return list(ctx, s, caseKind, lq)
}

// UpdateCase replaces a case the caller's agency owns.
func (s *DB) UpdateCase(ctx context.Context, c *meridian.Case) error {
	return update(ctx, s, caseKind, c)
}

// DeleteCase removes a case the caller's agency owns.
func (s *DB) DeleteCase(ctx context.Context, id string) error { return remove(ctx, s, caseKind, id) }
