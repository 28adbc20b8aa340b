package sqldb

import (
	"context"
	"slices"

	"meridian"
	"meridian/policy"
)

var _ meridian.NetworkService = (*DB)(nil)

// FindNetwork returns the network of an operation or a case as the caller
// may see it (issue 14): the links as the links list shows them (the same
// linkQuery, the same linkReader, so a link of which the caller reads one
// end is restricted, and its other owner told, exactly as there), and the
// records it may read that they join, filtered and audited as one list.
func (s *DB) FindNetwork(ctx context.Context, f meridian.NetworkFilter) (*meridian.LinkGraph, error) {
	const op = "sqldb.FindNetwork"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if err := policy.CanAnalyse(subj); err != nil {
		return nil, err
	}
	if f.OperationID != "" {
		o, err := s.findOperation(ctx, f.OperationID)
		if err != nil {
			return nil, err
		}
		if err := policy.CanSeeFigures(subj, o.Participation()); err != nil {
			return nil, err
		}
	}
	limit := f.Limit
	if limit == 0 {
		limit = meridian.MaxNetworkLinks
	}
	var out *meridian.LinkGraph
	err := s.write(ctx, op, func(tx *Tx) error {
		var inCase map[string]bool
		if f.CaseID != "" {
			c, err := load(ctx, tx, caseKind, f.CaseID, false)
			if err != nil {
				return err
			}
			tx.audit(meridian.AuditRead, "case", c.ID, c.OwnerAgency)
			inCase = map[string]bool{}
			for _, id := range c.Records {
				inCase[id] = true
			}
		}
		q, args := linkQuery(tx.subj, "l.state <> ?", []any{meridian.LinkRejected})
		if f.OperationID != "" {
			q += " AND ((x.a_operation_id = ? AND x.ra = 1) OR (x.b_operation_id = ? AND x.rb = 1))"
			args = append(args, f.OperationID, f.OperationID)
		}
		// When a link was found is for readers of both ends.
		if !f.From.IsZero() || !f.To.IsZero() {
			q += " AND x.ra = 1 AND x.rb = 1"
			if !f.From.IsZero() {
				q, args = q+" AND x.created_at >= ?", append(args, micros(f.From))
			}
			if !f.To.IsZero() {
				q, args = q+" AND x.created_at < ?", append(args, micros(f.To))
			}
		}
		q, args = q+" ORDER BY x.created_at DESC, x.id LIMIT ?", append(args, limit)
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		var stored []*linkRow
		for rows.Next() {
			r, err := scanLink(rows)
			if err != nil {
				rows.Close()
				return err
			}
			stored = append(stored, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var ids []string
		seen := map[string]bool{}
		want := func(id string) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		kept := stored[:0]
		for _, r := range stored {
			a, b := r.l.A.RecordID, r.l.B.RecordID
			if inCase != nil && !(r.readA && inCase[a]) && !(r.readB && inCase[b]) {
				continue
			}
			if r.readA {
				want(a)
			}
			if r.readB {
				want(b)
			}
			kept = append(kept, r)
		}
		slices.Sort(ids)
		g, err := networkRecords(ctx, tx, ids, f)
		if err != nil {
			return err
		}
		in := map[string]bool{}
		for _, id := range g.IDs {
			in[id] = true
		}
		lr := newLinkReader(tx)
		var shown []meridian.AuditRecord
		for _, r := range kept {
			a, b := r.l.A.RecordID, r.l.B.RecordID
			switch {
			case r.readA && r.readB:
				if !in[a] || !in[b] {
					continue
				}
			case r.readA && !in[a], r.readB && !in[b]:
				continue
			}
			l, recs, err := lr.show(ctx, r)
			if err != nil {
				return err
			}
			if l != nil {
				g.Links = append(g.Links, l)
				shown = append(shown, recs...)
			}
		}
		tx.auditList("link", dedupAudit(shown))
		out = g
		return nil
	})
	return out, err
}

// networkRecords reads the records among ids the caller may read and the
// filter selects, audited as one list.
func networkRecords(ctx context.Context, tx *Tx, ids []string, f meridian.NetworkFilter) (*meridian.LinkGraph, error) {
	cond, sargs := recordScope(policy.ReadScope(tx.subj)).sql()
	g := &meridian.LinkGraph{}
	var listed []meridian.AuditRecord
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		q := `SELECT r.id, r.kind, r.owner_agency, r.body FROM records r WHERE r.id IN (` + placeholders(len(batch)) + `) AND ` + cond
		args := append(anys(batch), sargs...)
		if f.Country != "" {
			q, args = q+` AND r.owner_country = ?`, append(args, f.Country)
		}
		if f.TLP != "" {
			q, args = q+` AND r.tlp = ?`, append(args, string(f.TLP))
		}
		if f.Handling != "" {
			q, args = q+` AND r.handling = ?`, append(args, string(f.Handling))
		}
		if f.Role != "" {
			q += ` AND (r.kind <> 'person' OR EXISTS (SELECT 1 FROM record_attrs a WHERE a.record_id = r.id AND a.name = 'role' AND a.value = ?))`
			args = append(args, string(f.Role))
		}
		rows, err := tx.query(ctx, q+` ORDER BY r.id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, kind, owner, body string
			if err := rows.Scan(&id, &kind, &owner, &body); err != nil {
				rows.Close()
				return nil, err
			}
			g.Records = append(g.Records, meridian.RawRecord{Kind: kind, Body: []byte(body)})
			g.IDs = append(g.IDs, id)
			listed = append(listed, meridian.AuditRecord{ID: id, Owner: owner})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	tx.auditList("record", listed)
	return g, nil
}
