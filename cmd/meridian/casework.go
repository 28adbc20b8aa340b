package main

import (
	"context"
	"os"
	"path/filepath"

	"meridian"

	"meridian/evidence"
)

// caseWork wires a case's messages, files (in the bus's object store) and
// evidence packages (signed with keys under DATA/evidence) into the server.
func (m *Main) caseWork(ctx context.Context) error {
	blobs, err := m.Bus.Blobs(ctx)
	if err != nil {
		return err
	}
	keys, err := evidence.OpenKeyring(filepath.Join(m.Config.Data, "evidence"))
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
