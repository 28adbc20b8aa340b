package sqldb

import (
	"context"
	"fmt"
	"slices"

	"meridian"
)

var personKind = &kind[meridian.Person]{
	name:     "person",
	meta:     func(p *meridian.Person) *meridian.Meta { return &p.Meta },
	validate: (*meridian.Person).Validate,
	attrs: func(p *meridian.Person) []attr {
		as := []attr{{"role", string(p.Role)}}
		for _, id := range p.Identifiers {
			as = append(as, attr{string(id.Kind), id.Norm})
		}
		return as
	},
	check: func(ctx context.Context, tx *Tx, p *meridian.Person) error {
		// Non-punishment: a person recorded as a victim is never one an
		// event names as a suspect or arrests.
		if p.Role != meridian.RoleVictim || p.ID == "" {
			return nil
		}
		var n int
		err := tx.queryRow(ctx, `SELECT COUNT(*) FROM record_attrs WHERE name IN ('suspect', 'arrested') AND value = ?`, p.ID).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return meridian.Invalidf("sqldb.UpdatePerson", "role", "an event names this person as a suspect or arrests them; a victim is never treated as a suspect: correct the event first")
		}
		return nil
	},
	referenced: referenced("person", "person", "involved", "record"),
}

var documentKind = &kind[meridian.Document]{
	name:     "document",
	meta:     func(d *meridian.Document) *meridian.Meta { return &d.Meta },
	validate: (*meridian.Document).Validate,
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
		for i, inv := range e.Persons {
			field := fmt.Sprintf("persons[%d]", i)
			ok, err := visible(ctx, tx, inv.PersonID, "person")
			if err != nil {
				return err
			}
			if !ok {
				f.Add(field+".person_id", "unknown person %q", inv.PersonID)
				continue
			}
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM record_attrs WHERE record_id = ? AND name = 'role' AND value = 'victim'`, inv.PersonID).Scan(&n); err != nil {
				return err
			}
			if n > 0 && (inv.Role == meridian.RoleSuspect || e.Type == meridian.EventArrest) {
				f.Add(field+".role", "this person is recorded as a victim; a victim is never treated as a suspect or arrested")
			}
		}
		for i, v := range e.Victims {
			if v.PersonID == "" {
				continue
			}
			ok, err := visible(ctx, tx, v.PersonID, "person")
			if err != nil {
				return err
			}
			if !ok {
				f.Add(fmt.Sprintf("victims[%d].person_id", i), "unknown person %q", v.PersonID)
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		return checkEventInOperation(ctx, tx, e)
	},
	referenced: referenced("event", "record"),
	tally:      tallyEvent,
}

var caseKind = &kind[meridian.Case]{
	name:     "case",
	meta:     func(c *meridian.Case) *meridian.Meta { return &c.Meta },
	validate: (*meridian.Case).Validate,
	attrs: func(c *meridian.Case) []attr {
		as := []attr{{"status", c.Status}}
		for _, r := range c.Records {
			as = append(as, attr{"record", r})
		}
		return as
	},
	check: func(ctx context.Context, tx *Tx, c *meridian.Case) error {
		f := meridian.Fields{Op: "sqldb.CheckCase"}
		for i, r := range c.Records {
			ok, err := visible(ctx, tx, r, "")
			if err != nil {
				return err
			}
			if !ok || slices.Contains(c.Records[:i], r) || r == c.ID {
				f.Add(fmt.Sprintf("records[%d]", i), "unknown or repeated record %q", r)
			}
		}
		return f.Err()
	},
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
	return list(ctx, s, personKind, lq)
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
	return list(ctx, s, caseKind, lq)
}

// UpdateCase replaces a case the caller's agency owns.
func (s *DB) UpdateCase(ctx context.Context, c *meridian.Case) error {
	return update(ctx, s, caseKind, c)
}

// DeleteCase removes a case the caller's agency owns.
func (s *DB) DeleteCase(ctx context.Context, id string) error { return remove(ctx, s, caseKind, id) }
