package meridian

import (
	"context"
	"time"
)

// Audit actions.
const (
	AuditCreate = "create"
	AuditRead   = "read"
	AuditList   = "list"
	AuditUpdate = "update"
	AuditDelete = "delete"
	AuditLogin  = "login"
	AuditDenied = "login_failed"
	AuditToken  = "token_create"

	AuditTokenRevoke    = "token_revoke"
	AuditPasswordChange = "password_change"
	AuditPasswordReset  = "password_reset"
	AuditDisable        = "user_disable"
	AuditEnable         = "user_enable"
)

// AuditCheckpointKind is the change kind under which signed audit
// checkpoints are published on the bus, so that every instance witnesses
// the checkpoints the others sign (meridian.change.audit_checkpoint.created).
const AuditCheckpointKind = "audit_checkpoint"

// AuditEntry records one access to personal data or one security event.
// Entries form a hash chain: Hash covers the entry and PrevHash, so that
// altering, removing, inserting or reordering entries breaks the chain.
type AuditEntry struct {
	Seq         int64     `json:"seq"`
	At          time.Time `json:"at"`
	UserID      string    `json:"user_id,omitempty"`
	Username    string    `json:"username"`
	AgencyID    string    `json:"agency_id,omitempty"`
	Action      string    `json:"action"`
	RecordKind  string    `json:"record_kind,omitempty"`
	RecordID    string    `json:"record_id,omitempty"`
	RecordOwner string    `json:"record_owner,omitempty"`
	// Records names every record of a list page in one entry, in the
	// order listed (RecordID and RecordOwner are then empty).
	Records []AuditRecord `json:"records,omitempty"`
	Purpose string        `json:"purpose,omitempty"`
	Addr    string        `json:"addr,omitempty"`
	// Times is how many identical events the entry stands for: the
	// checks without a hit that one user made in one batch are one entry
	// (0 or 1: one event).
	Times    int64  `json:"times,omitempty"`
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

// AuditRecord is one record named by a list entry.
type AuditRecord struct {
	ID    string `json:"id"`
	Owner string `json:"owner,omitempty"`
}

// AuditCheckpoint is a signed statement that the chain up to Seq ends in
// Hash and that the Merkle tree of the first Seq entries has root Root.
// Without the private key nobody can rewrite history behind it.
//
// Checkpoints signed since the log became a Merkle tree carry Note, a
// C2SP tlog-checkpoint signed note whose text states Seq, Root, Hash, At
// and Prev; the other fields repeat it for convenience. Older ones carry
// only Signature over Seq, Hash and At.
type AuditCheckpoint struct {
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	KeyID     string    `json:"key_id"`
	Signature string    `json:"signature"`
	Root      string    `json:"root,omitempty"`     // base64 Merkle tree hash of entries 1..Seq
	Prev      int64     `json:"previous,omitempty"` // the latest checkpoint stored before this one was signed
	Note      string    `json:"note,omitempty"`
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	RecordID string
	UserID   string
	AgencyID string
	// Action keeps entries of one action (read, list, update ...).
	Action string
	// From and To keep entries written at or after From and before To
	// (each optional).
	From, To time.Time
	// Newest lists the newest entries first.
	Newest bool
	Page
}

// AuditService reads the audit log. Administrators read all of it; NCB
// officers and coordinators the entries about their agency's records and
// staff; everyone else their own entries.
type AuditService interface {
	// FindAuditEntries returns a page of entries, oldest first (newest
	// first with f.Newest).
	FindAuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, string, error)
}

// AuditVerification is the audit log as Meridian verified it on request:
// the signed head (tree size, root, chain hash, the signed note itself)
// and whether every entry, checkpoint and witnessed checkpoint agrees
// with it. Problems name what does not, as `meridian audit verify` does.
type AuditVerification struct {
	OK          bool           `json:"ok" doc:"true when the log verified"`
	Entries     int64          `json:"entries" doc:"entries read"`
	Checkpoints int            `json:"checkpoints" doc:"stored checkpoints"`
	Witnessed   int            `json:"witnessed" doc:"checkpoints of the witness file outside the database that verified"`
	TreeSize    int64          `json:"tree_size" doc:"entries the signed head vouches for"`
	Root        string         `json:"root,omitempty" doc:"base64 Merkle tree hash of those entries"`
	Hash        string         `json:"hash,omitempty" doc:"chain hash of the last of them"`
	SignedAt    time.Time      `json:"signed_at,omitzero"`
	KeyID       string         `json:"key_id,omitempty"`
	Note        string         `json:"note,omitempty" doc:"the signed head as a C2SP signed note, to check elsewhere with audit.pub"`
	VerifierKey string         `json:"verifier_key,omitempty" doc:"the note verifier key of the signing key"`
	Problems    []AuditProblem `json:"problems"`
	Omitted     int            `json:"omitted,omitempty" doc:"problems left out of problems"`
	CheckedAt   time.Time      `json:"checked_at"`
}

// AuditProblem is one defect verification found: its kind (altered,
// deleted, rollback ...; docs/security.md) and the entry concerned.
type AuditProblem struct {
	Seq     int64  `json:"seq"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// AuditVerifier verifies the audit log for its overseers.
type AuditVerifier interface {
	// VerifyAudit verifies the whole log now and records that it did.
	// EForbidden (not an administrator), EUnavailable (a verification
	// is already running).
	VerifyAudit(ctx context.Context) (*AuditVerification, error)
}
