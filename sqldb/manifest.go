package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"meridian"
	"meridian/policy"
)

var _ meridian.AlertService = (*DB)(nil)

// FindIngested returns the message the caller's agency stored under key,
// or nil: EConflict when it was stored with other content.
func (s *DB) FindIngested(ctx context.Context, key meridian.IngestKey) (*meridian.Ingested, error) {
	var out *meridian.Ingested
	err := s.write(ctx, "sqldb.FindIngested", func(tx *Tx) error {
		var err error
		out, err = tx.findIngested(ctx, key)
		return err
	})
	return out, err
}

func (tx *Tx) findIngested(ctx context.Context, key meridian.IngestKey) (*meridian.Ingested, error) {
	const op = "sqldb.IngestManifest"
	if err := policy.CanCreate(tx.subj, "manifest"); err != nil {
		return nil, err
	}
	if key.Interchange == "" || tx.subj.AgencyID == "" {
		return nil, nil
	}
	var in meridian.Ingested
	d, err := scanManifest(tx.queryRow(ctx, manifestSelect+`, COALESCE(digest, '') FROM manifests
		WHERE owner_agency = ? AND sender = ? AND interchange = ? AND message_seq = ?`,
		tx.subj.AgencyID, key.Sender, key.Interchange, key.Seq), &in.Info)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	in.Digest = d
	if in.Digest != key.Digest {
		return nil, meridian.Errorf(meridian.EConflict, op, "interchange %q from %q (message %d) was already received with other content, as manifest %s: a corrected message is sent under a new interchange reference",
			key.Interchange, key.Sender, key.Seq+1, in.Info.ID)
	}
	rows, err := tx.query(ctx, `SELECT id FROM alerts WHERE manifest_id = ? ORDER BY id`, in.Info.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		in.AlertIDs = append(in.AlertIDs, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tx.audit(meridian.AuditRead, "manifest", in.Info.ID, in.Info.OwnerAgency)
	return &in, nil
}

// IngestManifest stores an ingested message whole. The caller's agency
// owns the manifest and its alerts.
//
// A message the agency already stored under in.Key with the same content
// is not stored again: in.Existing is set instead. The same key with other
// content is EConflict. Two uploads of one interchange at once store it
// once: the unique index refuses the second, which then finds the first.
func (s *DB) IngestManifest(ctx context.Context, in *meridian.ManifestIngest) error {
	for attempt := 0; ; attempt++ {
		raced := false
		err := s.ingestManifest(ctx, in, &raced)
		if !raced || attempt > 0 {
			return err
		}
	}
}

func (s *DB) ingestManifest(ctx context.Context, in *meridian.ManifestIngest, raced *bool) error {
	const op = "sqldb.IngestManifest"
	return s.write(ctx, op, func(tx *Tx) error {
		if err := policy.CanCreate(tx.subj, "manifest"); err != nil {
			return err
		}
		existing, err := tx.findIngested(ctx, in.Key)
		if err != nil {
			return err
		}
		if existing != nil {
			in.Existing = existing
			return nil
		}
		in.Info.ID = meridian.NewID()
		in.Info.ReceivedAt = tx.now
		in.Info.OwnerAgency = tx.subj.AgencyID
		in.Info.Alerts = len(in.Alerts)
		body, err := json.Marshal(in.Manifest)
		if err != nil {
			return err
		}
		var sender, ic, digest any
		var seq any
		if in.Key.Interchange != "" {
			sender, ic, seq, digest = in.Key.Sender, in.Key.Interchange, in.Key.Seq, in.Key.Digest
		}
		_, err = tx.exec(ctx, `INSERT INTO manifests (id, kind, received_at, operation_id, owner_agency, arrival_country, flight, flight_date, travellers, body,
			sender, interchange, message_seq, digest)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.Info.ID, string(in.Info.Kind), micros(tx.now), nullable(in.Info.OperationID),
			in.Info.OwnerAgency, in.Info.Country, in.Info.Flight, string(in.Info.FlightDate), in.Info.Travellers, string(body),
			sender, ic, seq, digest)
		if tx.s.d.IsUnique(err) {
			*raced = true
		}
		if err != nil {
			return err
		}
		tx.audit(meridian.AuditCreate, "manifest", in.Info.ID, in.Info.OwnerAgency)
		for _, b := range in.Checks {
			if err := tx.recordChecks(ctx, b.Context, b.Records); err != nil {
				return err
			}
		}
		if in.Flight != nil {
			// A flight is monitored once, however many messages (API, PNR,
			// updates) are sent for it.
			in.Flight.OperationID = in.Info.OperationID
			var seen string
			err := tx.queryRow(ctx, `SELECT r.id FROM records r WHERE r.kind = 'event' AND r.operation_id = ? AND `+attrSQL("flight"),
				in.Info.OperationID, flightKey(in.Flight)).Scan(&seen)
			switch {
			case err == nil:
				in.Flight.ID = seen
			case errors.Is(err, sql.ErrNoRows):
				if err := createIn(ctx, tx, eventKind, in.Flight); err != nil {
					return err
				}
			default:
				return err
			}
		}
		for _, a := range in.Alerts {
			a.ID, a.CreatedAt, a.ManifestID, a.Status, a.Version = meridian.NewID(), tx.now, in.Info.ID, "open", 1
			ab := mustJSON(a)
			if _, err := tx.exec(ctx, `INSERT INTO alerts (id, created_at, manifest_id, operation_id, country, severity, status, body)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, micros(a.CreatedAt), a.ManifestID, nullable(a.OperationID), a.Country,
				a.Severity, a.Status, string(ab)); err != nil {
				return err
			}
			tx.audit(meridian.AuditCreate, "alert", a.ID, in.Info.OwnerAgency)
			tx.publish("alert", meridian.ChangeCreated, a.ID, alertMeta(a, in.Info.OwnerAgency), mustJSON(alertForNobody(a)))
		}
		tx.publish("manifest", meridian.ChangeCreated, in.Info.ID, &meridian.Meta{ID: in.Info.ID, OwnerAgency: in.Info.OwnerAgency,
			OperationID: in.Info.OperationID, Release: meridian.Release{Scope: meridian.ScopeListed, Countries: []string{in.Info.Country}}}, mustJSON(in.Info))
		return nil
	})
}

// flightKey identifies a flight on a day: "TK1883/2024-10-01".
func flightKey(e *meridian.Event) string {
	return e.Flight.Carrier + e.Flight.Number + "/" + string(meridian.DateOf(e.OccurredAt))
}

// alertMeta is who may see an alert, as a bus subscriber decides it: the
// ingesting agency and the destination country.
func alertMeta(a *meridian.Alert, owner string) *meridian.Meta {
	return &meridian.Meta{ID: a.ID, OwnerAgency: owner, OperationID: a.OperationID,
		Release: meridian.Release{Scope: meridian.ScopeListed, Countries: []string{a.Country}}}
}

// manifestSelect reads a manifest's listing; the caller adds one more
// column (the body, or ” for a list) and the FROM clause.
const manifestSelect = `SELECT id, kind, received_at, operation_id, owner_agency, arrival_country, flight, flight_date, travellers,
	(SELECT COUNT(*) FROM alerts a WHERE a.manifest_id = manifests.id)`

// scanManifest reads a row of manifestSelect into m and returns its last
// column.
func scanManifest(row interface{ Scan(...any) error }, m *meridian.ManifestInfo) (string, error) {
	var at int64
	var opID sql.NullString
	var kind, day, last string
	if err := row.Scan(&m.ID, &kind, &at, &opID, &m.OwnerAgency, &m.Country, &m.Flight, &day, &m.Travellers, &m.Alerts, &last); err != nil {
		return "", err
	}
	m.Kind, m.ReceivedAt, m.OperationID, m.FlightDate = meridian.ManifestKind(kind), fromMicros(at), opID.String, meridian.Date(day)
	return last, nil
}

// FindManifests lists the manifests the caller may read, newest first.
func (s *DB) FindManifests(ctx context.Context, operationID string, p meridian.Page) ([]*meridian.ManifestInfo, string, error) {
	const op = "sqldb.FindManifests"
	var out []*meridian.ManifestInfo
	var next string
	k, err := pageOf(op, "id", p, true)
	if err != nil {
		return nil, "", err
	}
	err = s.write(ctx, op, func(tx *Tx) error {
		cond, args := passengerScope(tx.subj, "owner_agency", "arrival_country").sql()
		q := manifestSelect + `, '' FROM manifests WHERE ` + cond
		if operationID != "" {
			q += " AND operation_id = ?"
			args = append(args, operationID)
		}
		q, args = k.sql(q, args)
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		var listed []meridian.AuditRecord
		out, next, err = scanPage(k, rows, func(rows *sql.Rows) (*meridian.ManifestInfo, string, error) {
			var m meridian.ManifestInfo
			if _, err := scanManifest(rows, &m); err != nil {
				return nil, "", err
			}
			listed = append(listed, meridian.AuditRecord{ID: m.ID, Owner: m.OwnerAgency})
			return &m, m.ID, nil
		})
		if err != nil {
			return err
		}
		tx.auditList("manifest", listed)
		return nil
	})
	return out, next, err
}

// FindManifestByID returns a manifest with its travellers.
func (s *DB) FindManifestByID(ctx context.Context, id string) (*meridian.StoredManifest, error) {
	const op = "sqldb.FindManifestByID"
	var out *meridian.StoredManifest
	err := s.write(ctx, op, func(tx *Tx) error {
		cond, args := passengerScope(tx.subj, "owner_agency", "arrival_country").sql()
		var m meridian.StoredManifest
		body, err := scanManifest(tx.queryRow(ctx, manifestSelect+`, body FROM manifests WHERE id = ? AND `+cond, append([]any{id}, args...)...), &m.ManifestInfo)
		if errors.Is(err, sql.ErrNoRows) {
			return meridian.NotFound(op, "manifest")
		}
		if err != nil {
			return err
		}
		m.Manifest = &meridian.Manifest{}
		if err := json.Unmarshal([]byte(body), m.Manifest); err != nil {
			return err
		}
		tx.audit(meridian.AuditRead, "manifest", m.ID, m.OwnerAgency)
		out = &m
		return nil
	})
	return out, err
}

// alertSelect reads alerts with the owner of their manifest.
const alertSelect = `SELECT alerts.body, manifests.owner_agency FROM alerts JOIN manifests ON manifests.id = alerts.manifest_id WHERE `

// FindAlerts lists the alerts the caller may see, highest severity and
// newest first.
func (s *DB) FindAlerts(ctx context.Context, f meridian.AlertFilter) ([]*meridian.Alert, string, error) {
	const op = "sqldb.FindAlerts"
	var out []*meridian.Alert
	var next string
	k, err := pageOf(op, "alerts.id", f.Page, true)
	if err != nil {
		return nil, "", err
	}
	err = s.write(ctx, op, func(tx *Tx) error {
		cond, args := passengerScope(tx.subj, "manifests.owner_agency", "alerts.country").sql()
		q := alertSelect + cond
		for _, c := range []struct{ col, v string }{{"alerts.country", f.Country}, {"alerts.status", f.Status},
			{"alerts.operation_id", f.OperationID}, {"alerts.manifest_id", f.ManifestID}} {
			if c.v != "" {
				q += " AND " + c.col + " = ?"
				args = append(args, c.v)
			}
		}
		q, args = k.sql(q, args)
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		var listed []meridian.AuditRecord
		out, next, err = scanPage(k, rows, func(rows *sql.Rows) (*meridian.Alert, string, error) {
			var body, owner string
			if err := rows.Scan(&body, &owner); err != nil {
				return nil, "", err
			}
			a := &meridian.Alert{}
			if err := json.Unmarshal([]byte(body), a); err != nil {
				return nil, "", err
			}
			listed = append(listed, meridian.AuditRecord{ID: a.ID, Owner: owner})
			return a, a.ID, nil
		})
		if err != nil {
			return err
		}
		tx.auditList("alert", listed)
		return tx.showAlerts(ctx, out)
	})
	return out, next, err
}

func (tx *Tx) loadAlert(ctx context.Context, id string, forUpdate bool) (*meridian.Alert, string, error) {
	cond, args := passengerScope(tx.subj, "manifests.owner_agency", "alerts.country").sql()
	q := alertSelect + "alerts.id = ? AND " + cond
	if forUpdate {
		q += tx.s.d.ForUpdate()
	}
	var body, owner string
	err := tx.queryRow(ctx, q, append([]any{id}, args...)...).Scan(&body, &owner)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", meridian.NotFound("sqldb.FindAlert", "alert")
	}
	if err != nil {
		return nil, "", err
	}
	a := &meridian.Alert{}
	return a, owner, json.Unmarshal([]byte(body), a)
}

// FindAlertByID returns an alert the caller may see.
func (s *DB) FindAlertByID(ctx context.Context, id string) (*meridian.Alert, error) {
	var out *meridian.Alert
	err := s.write(ctx, "sqldb.FindAlertByID", func(tx *Tx) error {
		a, owner, err := tx.loadAlert(ctx, id, false)
		if err != nil {
			return err
		}
		tx.audit(meridian.AuditRead, "alert", a.ID, owner)
		out = a
		return tx.showAlerts(ctx, []*meridian.Alert{a})
	})
	return out, err
}

// RecordOutcome closes an alert with what the officers found. Users of the
// destination country or the ingesting agency whose roles write records
// (policy.MayWrite) may record it.
func (s *DB) RecordOutcome(ctx context.Context, id string, o meridian.AlertOutcome) (*meridian.Alert, error) {
	const op = "sqldb.RecordOutcome"
	var out *meridian.Alert
	err := s.write(ctx, op, func(tx *Tx) error {
		if err := o.Validate(); err != nil {
			return err
		}
		a, owner, err := tx.loadAlert(ctx, id, true)
		if err != nil {
			return err
		}
		if !policy.MayWrite(tx.subj) {
			return meridian.Errorf(meridian.EForbidden, op, "your roles do not allow working alerts")
		}
		if a.Version != o.Version {
			return meridian.Errorf(meridian.EConflict, op, "the alert was changed by someone else (version %d, yours %d): reload it and try again", a.Version, o.Version)
		}
		at := tx.now
		a.Status, a.Outcome, a.Note, a.WorkedBy, a.WorkedAt, a.Version = "closed", o.Outcome, o.Note, tx.subj.Username, &at, a.Version+1
		ab := mustJSON(a)
		if _, err := tx.exec(ctx, `UPDATE alerts SET status = ?, body = ? WHERE id = ?`, a.Status, string(ab), a.ID); err != nil {
			return err
		}
		tx.audit(meridian.AuditUpdate, "alert", a.ID, owner)
		tx.publish("alert", meridian.ChangeUpdated, a.ID, alertMeta(a, owner), mustJSON(alertForNobody(a)))
		out = a
		return tx.showAlerts(ctx, []*meridian.Alert{a})
	})
	return out, err
}
