package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"meridian"
)

// Evidence signing keys (issue 13): the installation's authority ("ca")
// and each agency's pair, shared by every instance. The private key is
// sealed by the evidence package's keyring before it reaches here: the
// store never holds it in clear.

// EvidenceKey returns the certificate (PEM) and the sealed private key
// stored under id.
func (s *DB) EvidenceKey(ctx context.Context, id string) (certPEM, sealed []byte, err error) {
	const op = "sqldb.EvidenceKey"
	err = s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT cert_pem, key_sealed FROM evidence_keys WHERE id = ?`), id).Scan(&certPEM, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, meridian.NotFound(op, "evidence key")
	}
	if err != nil {
		return nil, nil, &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "database unavailable", Err: err}
	}
	return certPEM, sealed, nil
}

// AddEvidenceKey stores a pair under id: unless one is there (the first
// of two instances making it at once wins), or, with replace, in place of
// it (an imported key).
func (s *DB) AddEvidenceKey(ctx context.Context, id string, certPEM, sealed []byte, replace bool) error {
	const op = "sqldb.AddEvidenceKey"
	ctx = meridian.WithSubject(ctx, meridian.SystemSubject)
	return s.write(ctx, op, func(tx *Tx) error {
		conflict := `DO NOTHING`
		if replace {
			conflict = `DO UPDATE SET cert_pem = excluded.cert_pem, key_sealed = excluded.key_sealed, created_at = excluded.created_at`
		}
		_, err := tx.exec(ctx, `INSERT INTO evidence_keys (id, cert_pem, key_sealed, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) `+conflict,
			id, certPEM, sealed, micros(tx.now))
		return err
	})
}
