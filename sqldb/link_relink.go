package sqldb

import (
	"context"

	"meridian"
)

// PendingLinkPairs returns every pair of records whose link waits for a
// judgement (proposed), each once, for a full relink: those the engine
// may no longer propose. Meridian itself only, as PendingLinks.
func (s *DB) PendingLinkPairs(ctx context.Context) ([][2]string, error) {
	const op = "sqldb.PendingLinkPairs"
	if subj := meridian.SubjectFrom(ctx); subj == nil || !subj.System {
		return nil, meridian.Errorf(meridian.EForbidden, op, "only Meridian's linking worker reads pending links")
	}
	var out [][2]string
	err := s.read(ctx, op, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT a_id, b_id FROM links WHERE state = ?`, meridian.LinkProposed)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p [2]string
			if err := rows.Scan(&p[0], &p[1]); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}
