package sqldb

import (
	"context"
	"encoding/json"
	"sort"

	"meridian"
	"meridian/policy"
)

// An alert is stored with each watchlist hit as the screening found it:
// the record hit, its score, category and explanation, whoever ingested
// the message. What a reader is shown of a hit is decided when the alert
// is read, for that reader, by policy.CanRead on the record as it is then:
// the hit in full (with the record as it now stands) to a reader who may
// read the record, and only "hit: contact the owner quoting the reference"
// to any other. The list and the single alert show the same, and every
// record shown is audited as read.

// alertReader decides, for one reader, what the hits of alerts show.
type alertReader struct {
	tx    *Tx
	recs  map[string]meridian.RawRecord
	parts map[string]meridian.Participation
	read  map[string]bool // records audited as read in this call
}

// showAlerts turns stored alerts into what the transaction's subject may
// see of them, in place.
func (tx *Tx) showAlerts(ctx context.Context, as []*meridian.Alert) error {
	r := &alertReader{tx: tx, recs: map[string]meridian.RawRecord{}, parts: map[string]meridian.Participation{}, read: map[string]bool{}}
	var ids []string
	for _, a := range as {
		for _, re := range a.Reasons {
			if re.Hit != nil && re.Hit.RecordID != "" {
				ids = append(ids, re.Hit.RecordID)
			}
		}
	}
	if err := r.load(ctx, ids); err != nil {
		return err
	}
	for _, a := range as {
		if err := r.show(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

func (r *alertReader) load(ctx context.Context, ids []string) error {
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := r.tx.query(ctx, `SELECT id, kind, body FROM records WHERE id IN (`+placeholders(len(batch))+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			var rec meridian.RawRecord
			if err := rows.Scan(&id, &rec.Kind, &rec.Body); err != nil {
				rows.Close()
				return err
			}
			r.recs[id] = rec
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (r *alertReader) participation(ctx context.Context, op string) (meridian.Participation, error) {
	if op == "" {
		return meridian.Participation{}, nil
	}
	if p, ok := r.parts[op]; ok {
		return p, nil
	}
	var p meridian.Participation
	rows, err := r.tx.query(ctx, `SELECT kind, value FROM operation_participants WHERE operation_id = ?`, op)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return p, err
		}
		if k == "country" {
			p.Countries = append(p.Countries, v)
		} else {
			p.Agencies = append(p.Agencies, v)
		}
	}
	r.parts[op] = p
	return p, rows.Err()
}

// show decides each watchlist hit of a for the reader and sets the
// severity from what the reader is shown.
func (r *alertReader) show(ctx context.Context, a *meridian.Alert) error {
	var open, hidden, rules []meridian.AlertReason
	for _, re := range a.Reasons {
		if re.Kind != "watchlist" || re.Hit == nil {
			rules = append(rules, re)
			continue
		}
		h, readable, err := r.hit(ctx, re.Hit)
		if err != nil {
			return err
		}
		re.Hit, re.Text = h, h.Message
		re.Severity = meridian.SeverityHigh
		if !readable || meridian.Protected(h.Category) {
			re.Severity = meridian.SeverityMedium
		}
		if readable {
			open = append(open, re)
		} else {
			hidden = append(hidden, re)
		}
	}
	// Hits the reader may read, best first; then the others in an order
	// that owes nothing to their score.
	sort.SliceStable(open, func(i, j int) bool { return open[i].Hit.Score > open[j].Hit.Score })
	sort.SliceStable(hidden, func(i, j int) bool {
		if hidden[i].Hit.OwnerAgencyName != hidden[j].Hit.OwnerAgencyName {
			return hidden[i].Hit.OwnerAgencyName < hidden[j].Hit.OwnerAgencyName
		}
		return hidden[i].Hit.Ref < hidden[j].Hit.Ref
	})
	a.Reasons = append(append(open, hidden...), rules...)
	a.Severity = 0
	for _, re := range a.Reasons {
		a.Severity = max(a.Severity, re.Severity)
	}
	return nil
}

// hit is what the reader may see of a stored hit.
func (r *alertReader) hit(ctx context.Context, stored *meridian.CheckHit) (*meridian.CheckHit, bool, error) {
	h := restrictedHit(stored)
	raw, ok := r.recs[stored.RecordID]
	if stored.RecordID == "" || !ok {
		// Hidden from the ingesting agency in an alert stored before hits
		// were decided at read time, or deleted since.
		return h, false, nil
	}
	var meta meridian.Meta
	if err := json.Unmarshal(raw.Body, &meta); err != nil {
		return nil, false, err
	}
	p, err := r.participation(ctx, meta.OperationID)
	if err != nil {
		return nil, false, err
	}
	if !policy.CanRead(r.tx.subj, &meta, p) {
		return h, false, nil
	}
	h = &meridian.CheckHit{Ref: stored.Ref, OwnerAgency: meta.OwnerAgency, OwnerAgencyName: stored.OwnerAgencyName,
		RecordID: stored.RecordID, RecordKind: raw.Kind, Score: stored.Score, Category: stored.Category, Explanation: stored.Explanation}
	switch raw.Kind {
	case "watch_person":
		var w meridian.WatchPerson
		if err := json.Unmarshal(raw.Body, &w); err != nil {
			return nil, false, err
		}
		h.Person, h.Category = &w, w.Category
	case "watch_document":
		var w meridian.WatchDocument
		if err := json.Unmarshal(raw.Body, &w); err != nil {
			return nil, false, err
		}
		h.Document = &w
	}
	h.Message = meridian.HitMessage(h.OwnerAgencyName, h.Ref, h.Category, true)
	if !r.read[h.RecordID] {
		r.read[h.RecordID] = true
		r.tx.audit(meridian.AuditRead, raw.Kind, h.RecordID, meta.OwnerAgency)
	}
	return h, true, nil
}

// restrictedHit is what anyone who may not read the record sees of a hit:
// that there is one, and whom to contact quoting which reference.
func restrictedHit(stored *meridian.CheckHit) *meridian.CheckHit {
	owner := stored.OwnerAgencyName
	if owner == "" {
		owner = "the owner agency"
	}
	return &meridian.CheckHit{Ref: stored.Ref, Restricted: true, OwnerAgency: stored.OwnerAgency, OwnerAgencyName: owner,
		Message: meridian.HitMessage(owner, stored.Ref, "", false)}
}

// alertForNobody is an alert as published on the bus: every hit restricted,
// for a subscriber decides only by the alert's releasability, which says
// nothing of the records hit.
func alertForNobody(a *meridian.Alert) *meridian.Alert {
	c := *a
	c.Reasons = make([]meridian.AlertReason, len(a.Reasons))
	for i, re := range a.Reasons {
		if re.Kind == "watchlist" && re.Hit != nil {
			re.Hit = restrictedHit(re.Hit)
			re.Text, re.Severity = re.Hit.Message, meridian.SeverityMedium
		}
		c.Reasons[i] = re
	}
	c.Severity = 0
	for _, re := range c.Reasons {
		c.Severity = max(c.Severity, re.Severity)
	}
	return &c
}
