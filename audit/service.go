package audit

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"meridian"
	"meridian/policy"
)

// Service verifies the log on request, for the overseers' screen: the
// same verification as `meridian audit verify`, against the witness file
// of this instance. One runs at a time: a run reads the whole log.
type Service struct {
	// Open returns a fresh source over the store for one run.
	Open func() Source
	// Keys are the public keys checkpoints verify under (audit.pub).
	Keys map[string]ed25519.PublicKey
	// Witness is the witness file's path; "" for none.
	Witness string
	// Record audits the request before the run (the run then covers it).
	Record func(ctx context.Context) error

	mu sync.Mutex
}

var _ meridian.AuditVerifier = (*Service)(nil)

// VerifyAudit verifies the whole log now.
func (s *Service) VerifyAudit(ctx context.Context) (*meridian.AuditVerification, error) {
	const op = "audit.VerifyAudit"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if err := policy.CanVerifyAudit(subj); err != nil {
		return nil, err
	}
	if !s.mu.TryLock() {
		return nil, meridian.Errorf(meridian.EUnavailable, op, "a verification of the audit log is already running; try again in a moment")
	}
	defer s.mu.Unlock()
	if err := s.Record(ctx); err != nil {
		return nil, err
	}
	var opt Options
	if s.Witness != "" {
		name := filepath.Base(s.Witness)
		err := ReadWitness(s.Witness, func(line int, note string) error {
			opt.Witness = append(opt.Witness, WitnessNote{Where: fmt.Sprintf("%s line %d", name, line), Note: note})
			return nil
		})
		if err != nil {
			return nil, meridian.Internal(op, err)
		}
	}
	src := s.Open()
	head, err := src.Head(ctx)
	if err != nil {
		return nil, err
	}
	r, err := VerifyWith(ctx, src, s.Keys, opt)
	if err != nil {
		return nil, meridian.Internal(op, err)
	}
	v := &meridian.AuditVerification{OK: r.OK(), Entries: r.Entries, Checkpoints: r.Checkpoints, Witnessed: r.Witnessed,
		TreeSize: head.Seq, Root: head.Root, Hash: head.Hash, SignedAt: head.At, KeyID: head.KeyID, Note: head.Note,
		Problems: []meridian.AuditProblem{}, Omitted: r.Omitted, CheckedAt: time.Now().UTC()}
	for _, p := range r.Problems {
		v.Problems = append(v.Problems, meridian.AuditProblem{Seq: p.Seq, Kind: p.Kind, Message: p.Message})
	}
	if pub, ok := s.Keys[head.KeyID]; ok {
		v.VerifierKey, _ = NoteVerifierKey(pub)
	}
	return v, nil
}
