package meridian

import (
	"context"
	"io"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// Case work (issue 13, points 3 and 4): messages and files on a case and
// the evidence packages made of them. Who may read them is decided by
// reading the case: whoever cannot read the case finds none of it.

// Audit kinds of case work, beside the record kinds.
const (
	KindCaseMessage = "case_message"
	KindCaseFile    = "case_file"
	// AuditExport records that an item left in an evidence package; with
	// AuditRead and AuditList it is the chain of custody a package carries.
	AuditExport   = "export"
	AuditDownload = "download"
	AuditConsent  = "consent"
)

// MaxFileSize bounds one attachment: 2 GiB.
const MaxFileSize = 2 << 30

// MaxMessageBody bounds a message's text.
const MaxMessageBody = 20000

// CaseMessage is one message on a case. ParentID answers another message
// of the same case; RequestID puts it in a request's thread.
type CaseMessage struct {
	ID        string    `json:"id"`
	CaseID    string    `json:"case_id"`
	ParentID  string    `json:"parent_id,omitempty" doc:"the message this one answers"`
	RequestID string    `json:"request_id,omitempty" doc:"the request whose thread this message is in"`
	Body      string    `json:"body"`
	Files     []string  `json:"files,omitempty" doc:"ids of files of the same case attached to the message"`
	AgencyID  string    `json:"agency_id"`
	Country   string    `json:"country"`
	UserID    string    `json:"user_id"`
	Username  string    `json:"username"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks what the author sets.
func (m *CaseMessage) Validate() error {
	f := Fields{Op: "case_message"}
	if strings.TrimSpace(m.Body) == "" {
		f.Add("body", "is required")
	} else if len(m.Body) > MaxMessageBody || !validText(m.Body) {
		f.Add("body", "longer than %d bytes or not valid text", MaxMessageBody)
	}
	if m.ParentID != "" && !IsID(m.ParentID) {
		f.Add("parent_id", "malformed id %q", m.ParentID)
	}
	if m.RequestID != "" && !IsID(m.RequestID) {
		f.Add("request_id", "malformed id %q", m.RequestID)
	}
	if len(m.Files) > 100 {
		f.Add("files", "more than 100 files")
	}
	ids(&f, "files", m.Files)
	return f.Err()
}

// CaseFile is one attachment: its own record, with its author and case;
// the bytes are stored once per SHA-256, however often they are attached.
type CaseFile struct {
	ID        string    `json:"id"`
	CaseID    string    `json:"case_id"`
	Name      string    `json:"name"`
	MediaType string    `json:"media_type" doc:"detected from the content, not from the name or the sender"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256" doc:"hex SHA-256 of the content"`
	AgencyID  string    `json:"agency_id"`
	Country   string    `json:"country"`
	UserID    string    `json:"user_id"`
	Username  string    `json:"username"`
	CreatedAt time.Time `json:"created_at"`
}

// CleanFileName checks a file's name as sent and returns it without any
// directory: a name is a label, never a path.
func CleanFileName(name string) (string, error) {
	const op = "meridian.CleanFileName"
	n := strings.TrimSpace(path.Base(strings.ReplaceAll(name, "\\", "/")))
	switch {
	case name == "" || n == "" || n == "." || n == "/" || n == "..":
		return "", Invalidf(op, "name", "a file name is required")
	case len(n) > 255:
		return "", Invalidf(op, "name", "longer than 255 bytes")
	case !utf8.ValidString(n) || !validText(n) || strings.ContainsAny(n, "\n\t"):
		return "", Invalidf(op, "name", "contains control characters or invalid UTF-8")
	}
	return n, nil
}

// Blob is content stored once under its SHA-256.
type Blob struct {
	SHA256 string // hex
	Size   int64
	// New is true when this put stored the bytes (false: they were
	// already there).
	New bool
}

// BlobStore keeps content addressed by its SHA-256, streamed both ways.
type BlobStore interface {
	// Put stores what r yields, at most max bytes: more is EInvalid
	// (field "file", too large) and nothing stays stored; so does a read
	// error (an interrupted upload).
	Put(ctx context.Context, r io.Reader, max int64) (Blob, error)
	// Open returns the content; reading it to the end fails if the
	// content no longer has its SHA-256. ENotFound when absent.
	Open(ctx context.Context, sha256 string) (io.ReadCloser, error)
	// Delete removes the content.
	Delete(ctx context.Context, sha256 string) error
}

// CaseMessageService keeps the messages of cases.
type CaseMessageService interface {
	// PostMessage returns ENotFound (the case, or a parent or file not of
	// it), EInvalid, EForbidden.
	PostMessage(ctx context.Context, m *CaseMessage) error
	// FindMessages lists a case's messages, oldest first; ENotFound.
	FindMessages(ctx context.Context, f MessageFilter) ([]*CaseMessage, string, error)
}

// MessageFilter selects messages of one case.
type MessageFilter struct {
	CaseID    string
	RequestID string
	Page
}

// CaseFileService keeps the files of cases.
type CaseFileService interface {
	// AttachFile streams content into the blob store and records f;
	// ENotFound (the case), EInvalid (name, too large, interrupted),
	// EForbidden.
	AttachFile(ctx context.Context, f *CaseFile, content io.Reader) error
	// FindFiles lists a case's files; ENotFound.
	FindFiles(ctx context.Context, caseID string, p Page) ([]*CaseFile, string, error)
	// OpenFile returns a file and its content, the download audited
	// before it starts; ENotFound.
	OpenFile(ctx context.Context, id string) (*CaseFile, io.ReadCloser, error)
}

// EvidenceSelection is what an exporter chooses from a case.
type EvidenceSelection struct {
	Records  []string `json:"records,omitempty" doc:"ids of records of the case"`
	Messages []string `json:"messages,omitempty" doc:"ids of messages of the case"`
	Files    []string `json:"files,omitempty" doc:"ids of files of the case"`
}

// Consent is an H0 record's owner's permission to use it as evidence in
// one case.
type Consent struct {
	CaseID    string    `json:"case_id"`
	RecordID  string    `json:"record_id"`
	AgencyID  string    `json:"agency_id"`
	UserID    string    `json:"user_id"`
	Username  string    `json:"username"`
	CreatedAt time.Time `json:"created_at"`
}

// CustodyEntry is one access to or transfer of an item, from the audit log.
type CustodyEntry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Item     string    `json:"item"`
	Username string    `json:"username"`
	AgencyID string    `json:"agency_id"`
	Action   string    `json:"action"`
	Purpose  string    `json:"purpose,omitempty"`
	Hash     string    `json:"hash" doc:"the audit entry's hash, to find it in an audit export"`
}

// EvidenceItems is what the store hands an export: the case and the
// chosen items the exporter may pass on, with their chain of custody.
// Reading them audits each item as exported.
type EvidenceItems struct {
	Case     *Case
	Records  []EvidenceRecord
	Messages []*CaseMessage
	Files    []*CaseFile
	Consents []*Consent
	Custody  []CustodyEntry
}

// EvidenceStore is what evidence export needs of the store.
type EvidenceStore interface {
	// EvidenceItems reads the chosen items of a case for export under
	// the handling codes; ENotFound (the case), EInvalid (naming the
	// item refused and why), EForbidden.
	EvidenceItems(ctx context.Context, caseID string, sel EvidenceSelection) (*EvidenceItems, error)
	// RecordConsent records the caller's agency's consent to use its
	// record as evidence in the case; ENotFound, EForbidden.
	RecordConsent(ctx context.Context, caseID, recordID string) (*Consent, error)
	// FindConsents lists a case's consents; ENotFound.
	FindConsents(ctx context.Context, caseID string) ([]*Consent, error)
}

// EvidenceRecord is a record as it enters a package: its stored JSON.
type EvidenceRecord struct {
	ID          string
	Kind        string
	OwnerAgency string
	Handling    HandlingCode
	Body        []byte
}
