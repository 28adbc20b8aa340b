package main

import (
	"context"
	"os"
	"path/filepath"

	"meridian"

	"meridian/evidence"
)

// openEvidenceKeys opens the evidence keyring kept in the store (every
// instance signs with the same authority and agency keys), its private
// keys sealed with key (hex), else with DATA/evidence/sealing.key, made on
// first start. Keys of the keyring directory DATA/evidence (before the
// store kept them) are taken into the store.
func openEvidenceKeys(ctx context.Context, st evidence.KeyStore, data, key string) (*evidence.Keyring, error) {
	dir := filepath.Join(data, "evidence")
	var (
		seal []byte
		err  error
	)
	if key != "" {
		seal, err = evidence.ParseSealingKey(key)
	} else {
		seal, err = evidence.LoadOrCreateSealingKey(filepath.Join(dir, "sealing.key"))
	}
	if err != nil {
		return nil, err
	}
	return evidence.OpenStoredKeyring(ctx, st, seal, dir)
}

// caseWork wires a case's messages, files (in the bus's object store) and
// evidence packages (signed with keys kept in the store) into the server.
func (m *Main) caseWork(ctx context.Context) error {
	blobs, err := m.Bus.Blobs(ctx)
	if err != nil {
		return err
	}
	keys, err := openEvidenceKeys(ctx, m.DB, m.Config.Data, m.Config.EvidenceKey)
	if err != nil {
		return err
	}
	m.Blobs, m.Keys = blobs, keys
	m.Server.Messages = m.DB
	m.Server.Files = &evidence.Files{Store: m.DB, Blobs: blobs}
	m.Server.Evidence = &evidence.Exporter{Store: m.DB, Blobs: blobs, Keys: keys, Agencies: m.DB}
	m.Server.TempDir = filepath.Join(m.Config.Data, "tmp")
	if err := os.MkdirAll(m.Server.TempDir, 0o700); err != nil {
		return meridian.Internal("serve", err)
	}
	return nil
}
