package meridian

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"
)

// Link states. A proposal is what the engine found; a judgement moves it
// to confirmed, rejected or unsure, and a later judgement may move it
// again: every judgement is kept.
const (
	LinkProposed  = "proposed"
	LinkConfirmed = "confirmed"
	LinkRejected  = "rejected"
	LinkUnsure    = "unsure"
	// LinkWithdrawn: a proposal nobody judged whose evidence is gone (a
	// record was edited and no longer shares the phone): Meridian
	// withdrew it, with a judgement saying so. It is proposed again if
	// the evidence comes back; a judged link is never withdrawn.
	LinkWithdrawn = "withdrawn"
)

// LinkStates lists the states of a link.
var LinkStates = []string{LinkProposed, LinkConfirmed, LinkRejected, LinkUnsure, LinkWithdrawn}

// LinkDecisions lists what a judgement may decide.
var LinkDecisions = []string{LinkConfirmed, LinkRejected, LinkUnsure}

// Evidence kinds: what two records were compared on.
const (
	// EvidenceKey: the two records share a typed key (a document, phone,
	// e-mail, account...), exactly or, for documents, within the
	// screening engine's one-edit and O/0, I/1 rules.
	EvidenceKey = "key"
	// EvidenceName: the names agree, in any script.
	EvidenceName = "name"
	// EvidenceBirthDate: the dates of birth agree or disagree.
	EvidenceBirthDate = "birth_date"
	// EvidenceSex: the sexes agree or disagree.
	EvidenceSex = "sex"
	// EvidenceNationality: a nationality is shared, or none is.
	EvidenceNationality = "nationality"
	// EvidenceEvent: both records are named by the same event (a raid
	// naming a suspect and a victim), or their events share a place.
	EvidenceEvent = "event"
)

// How a piece of evidence compares the two records.
const (
	AgreeExact    = "exact"
	AgreeFuzzy    = "fuzzy"
	AgreeDisagree = "disagree"
)

// LinkEvidence is one reason for (or against) a link: what was compared,
// how it agreed, and its weight in the score. A and B are the two
// records' values as compared (a name form, a date, a key's value); they
// are shown only to a reader who may read both records.
type LinkEvidence struct {
	Kind    string  `json:"kind" enum:"key,name,birth_date,sex,nationality,event"`
	KeyType KeyType `json:"key_type,omitempty" doc:"for kind key: the type of the shared key"`
	Agree   string  `json:"agree" enum:"exact,fuzzy,disagree"`
	A       string  `json:"a,omitempty" doc:"the first record's value as compared"`
	B       string  `json:"b,omitempty" doc:"the second record's value as compared"`
	Weight  float64 `json:"weight" doc:"this evidence's contribution to the score (negative against)"`
	Text    string  `json:"text" doc:"the explanation, in English"`
}

// LinkEnd is one record a link joins.
type LinkEnd struct {
	RecordID     string `json:"record_id"`
	Kind         string `json:"kind" doc:"person, document or event"`
	OwnerAgency  string `json:"owner_agency"`
	OwnerCountry string `json:"owner_country"`
	OperationID  string `json:"operation_id,omitempty"`
}

// What a proposal says the two records are (LinkProposal.Relation).
const (
	// RelationSamePerson: the two records are likely one person.
	RelationSamePerson = "same_person"
	// RelationNetwork: the records share an identifier (a phone, an
	// e-mail, a document...) but are not shown to be one person: a
	// network link, such as a recruiter's phone in a victim's record.
	RelationNetwork = "network"
	// RelationSameDocument: two document records are likely one document
	// (a duplicate record, or one document reused by several persons).
	RelationSameDocument = "same_document"
)

// LinkProposal is what the linking engine proposes for a pair of records:
// both ends (A's id sorts before B's), the score in [0, 1] and every
// piece of evidence. It holds no decision: the store keeps proposals and
// the judgements made on them.
type LinkProposal struct {
	A        LinkEnd        `json:"a"`
	B        LinkEnd        `json:"b"`
	Score    float64        `json:"score"`
	Evidence []LinkEvidence `json:"evidence"`
	// Relation says what the evidence shows: the same person, a network
	// link or the same document (Relation* constants). Empty in proposals
	// made before it existed.
	Relation string `json:"relation,omitempty" enum:"same_person,network,same_document"`
}

// Normalize orders the ends so that A.RecordID < B.RecordID (a pair has one
// identity whichever record arrived first) and sorts the evidence.
func (p *LinkProposal) Normalize() {
	if p.B.RecordID < p.A.RecordID {
		p.A, p.B = p.B, p.A
		for i := range p.Evidence {
			p.Evidence[i].A, p.Evidence[i].B = p.Evidence[i].B, p.Evidence[i].A
		}
	}
	slices.SortStableFunc(p.Evidence, func(x, y LinkEvidence) int {
		if c := strings.Compare(x.Kind, y.Kind); c != 0 {
			return c
		}
		if c := strings.Compare(string(x.KeyType), string(y.KeyType)); c != 0 {
			return c
		}
		return strings.Compare(x.A+"\x00"+x.B, y.A+"\x00"+y.B)
	})
}

// EvidenceDigest fingerprints the evidence that agrees (kind, key type,
// agreement and the values compared), independent of order and weights: a
// rejected pair is proposed again only when this changes.
func (p *LinkProposal) EvidenceDigest() string {
	var parts []string
	for _, e := range p.Evidence {
		if e.Agree == AgreeDisagree {
			continue
		}
		parts = append(parts, strings.Join([]string{e.Kind, string(e.KeyType), e.Agree, e.A, e.B}, "\x1f"))
	}
	slices.Sort(parts)
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x1e")))
	return hex.EncodeToString(sum[:16])
}

// Link is a stored proposal with its state, as a reader may see it. A
// reader who may read only one end sees Restricted, the readable end, and
// the other owner with a reference to quote (Ref); none of the other
// record's values.
type Link struct {
	ID        string         `json:"id"`
	A         LinkEnd        `json:"a"`
	B         LinkEnd        `json:"b"`
	Score     float64        `json:"score,omitempty" doc:"absent when restricted"`
	Relation  string         `json:"relation,omitempty" enum:"same_person,network,same_document" doc:"what the evidence shows; absent when restricted"`
	Evidence  []LinkEvidence `json:"evidence,omitempty"`
	State     string         `json:"state,omitempty" enum:"proposed,confirmed,rejected,unsure,withdrawn" doc:"absent when restricted"`
	ClusterID string         `json:"cluster_id,omitempty" doc:"for confirmed links: the cluster they belong to"`
	CreatedAt time.Time      `json:"created_at,omitzero"`
	UpdatedAt time.Time      `json:"updated_at,omitzero"`

	Restricted  bool   `json:"restricted,omitempty" doc:"the reader may read only one end"`
	OwnerAgency string `json:"owner_agency,omitempty" doc:"with restricted: the owner of the end the reader may not read"`
	Ref         string `json:"ref,omitempty" doc:"with restricted: the reference to quote to that owner (opaque: it tells no record, id or time; the owner finds the link by it with GET /links?ref=)"`
	Message     string `json:"message,omitempty" doc:"with restricted: what to do"`
}

// Judgement is an analyst's decision on a link, kept forever: who, when,
// what and why. A later judgement on the same link revises it.
type Judgement struct {
	ID       string    `json:"id"`
	LinkID   string    `json:"link_id"`
	Decision string    `json:"decision" enum:"confirmed,rejected,unsure"`
	Reason   string    `json:"reason,omitempty" maxLength:"2000"`
	By       string    `json:"by" doc:"the user's id"`
	Agency   string    `json:"agency" doc:"the user's agency"`
	At       time.Time `json:"at"`
}

// Validate checks a judgement as a user sent it.
func (j *Judgement) Validate() error {
	f := Fields{Op: "judgement"}
	if !slices.Contains(LinkDecisions, j.Decision) {
		f.Add("decision", "unknown decision %q (want confirmed, rejected or unsure)", j.Decision)
	}
	if len(j.Reason) > 2000 || !validText(j.Reason) {
		f.Add("reason", "longer than 2000 bytes or not valid text")
	}
	return f.Err()
}

// Cluster is a set of records joined by confirmed links (confirmation is
// transitive): the same person, or one network.
type Cluster struct {
	ID        string   `json:"id"`
	Records   []string `json:"records" doc:"the records the reader may read"`
	Links     []string `json:"links" doc:"the confirmed links between them"`
	Countries []string `json:"countries" doc:"the owner countries of its records"`
	Hidden    int      `json:"hidden,omitempty" doc:"records of the cluster the reader may not read (their owners are listed)"`
	Owners    []string `json:"owners,omitempty" doc:"owner agencies of the hidden records"`
}

// LinkMessage is what a reader who may read only one end of a link is
// told: that there is a possible link, and whom to contact quoting what.
func LinkMessage(owner, ref string) string {
	return "possible link with a record of " + owner + ": contact them quoting " + ref
}

// LinkFilter selects links. Filters on what only a reader of both ends
// may see (state, score, the countries of both ends) select only links
// whose both ends the reader may read; the record and operation filters
// match an end the reader may read.
type LinkFilter struct {
	State       string
	MinScore    float64
	CountryA    string // with CountryB: an unordered pair of owner countries; alone: either end
	CountryB    string
	OperationID string
	RecordID    string
	// Ref finds the link a reader of one end was told to quote (Link.Ref),
	// for a reader of an end.
	Ref string
	Page
}

// Validate checks a filter as a user sent it.
func (f *LinkFilter) Validate() error {
	v := Fields{Op: "links"}
	if f.State != "" && !slices.Contains(LinkStates, f.State) {
		v.Add("state", "unknown state %q (want proposed, confirmed, rejected or unsure)", f.State)
	}
	if f.MinScore < 0 || f.MinScore > 1 {
		v.Add("min_score", "must be between 0 and 1")
	}
	for _, c := range []struct{ name, v string }{{"country_a", f.CountryA}, {"country_b", f.CountryB}} {
		if c.v != "" && !IsCountry(c.v) {
			v.Add(c.name, "unknown country %q (want ISO 3166-1 alpha-2)", c.v)
		}
	}
	if f.CountryB != "" && f.CountryA == "" {
		v.Add("country_a", "country_b needs country_a")
	}
	if f.OperationID != "" && !IsID(f.OperationID) {
		v.Add("operation_id", "malformed id")
	}
	if f.RecordID != "" && !IsID(f.RecordID) {
		v.Add("record_id", "malformed id")
	}
	if f.Ref != "" && !IsLinkRef(f.Ref) {
		v.Add("ref", "malformed reference (want LNK- and 16 letters or digits in groups of four)")
	}
	return v.Err()
}

// LinkRun is what the linking worker hands the store for one change:
// the engine's proposals for the record changed, and for an event the
// persons it names (links the event's owner asserted by naming them,
// confirmed by Meridian, not proposed for review). The store keeps each
// run once, keyed on the change.
type LinkRun struct {
	ChangeKey string
	RecordID  string
	Proposals []LinkProposal
	// Named are an event's links to the persons it names: stored
	// confirmed. Every other confirmed event link of RecordID made by
	// Meridian is revoked (the report no longer names the person).
	Named []LinkProposal
	// Event is set when RecordID is an event, so that Named (even empty)
	// replaces its links.
	Event bool
	// Withdraw names the records whose proposals with RecordID the engine
	// no longer makes (scored again, they fall below the threshold):
	// each such link still waiting for a judgement is withdrawn.
	Withdraw []string
}

// LinkGraph is the part of a case or a cluster a reader may read: the
// records (whole, as stored) and the links between two of them.
type LinkGraph struct {
	Records []RawRecord
	IDs     []string // IDs[i] is Records[i]'s id
	Links   []*Link
}

// LinkService is the store's side of cross-border linking: the links as
// each reader may see them, judgements, clusters and cases from them.
// Every read of linked personal data is audited.
type LinkService interface {
	// FindLinks returns a page of the links the caller may see (one end
	// readable at least), newest first. EInvalid for a bad filter.
	FindLinks(ctx context.Context, f LinkFilter) ([]*Link, string, error)
	// FindLinkByID returns a link as the caller may see it. ENotFound
	// when the caller may read neither end (as for an unknown id).
	FindLinkByID(ctx context.Context, id string) (*Link, error)
	// JudgeLink records j on the link j.LinkID and returns the link as it
	// now stands. EInvalid, ENotFound (neither end readable), EForbidden
	// (one end only, or a role that does not judge).
	JudgeLink(ctx context.Context, j *Judgement) (*Link, error)
	// FindJudgements returns every judgement on a link, oldest first, to
	// a reader of both ends. ENotFound, EForbidden as JudgeLink.
	FindJudgements(ctx context.Context, linkID string) ([]*Judgement, error)
	// FindClusterOf returns the cluster of a record as the caller may
	// see it: the records it may read that confirmed links between
	// records it may read join to recordID. ENotFound for a record the
	// caller may not read.
	FindClusterOf(ctx context.Context, recordID string) (*Cluster, error)
	// CreateCaseFromCluster opens the case c with the records of
	// recordID's cluster the caller sees (FindClusterOf). Errors as
	// CreateCase and FindClusterOf.
	CreateCaseFromCluster(ctx context.Context, recordID string, c *Case) error
	// AddCaseRecords adds records the caller may read to a case its
	// agency owns and recomputes its countries. EInvalid (naming the
	// record at fault), ENotFound, EForbidden.
	AddCaseRecords(ctx context.Context, caseID string, records []string) (*Case, error)
	// FindCaseGraph returns what the caller may read of a case's records
	// and the links between them. ENotFound for a case it may not read.
	FindCaseGraph(ctx context.Context, caseID string) (*LinkGraph, error)
	// FindClusterGraph is FindCaseGraph for the cluster of recordID.
	FindClusterGraph(ctx context.Context, recordID string) (*LinkGraph, error)
}

// LinkStore is what the linking worker needs of the store; every method
// is for Meridian itself (the system subject) and shows nobody anything.
type LinkStore interface {
	// RecordForLinking loads a record whoever owns it: ENotFound once
	// deleted.
	RecordForLinking(ctx context.Context, id string) (*RawRecord, error)
	// StoreLinkRun stores a run's proposals once per change key,
	// notifying subscribers and owners.
	StoreLinkRun(ctx context.Context, run *LinkRun) error
	// PendingLinks returns the other ends of id's links that wait for a
	// judgement (proposed): those a changed record may no longer back.
	PendingLinks(ctx context.Context, id string) ([]string, error)
}

// NewLinkRef returns a reference for a link, to quote to the owner of an
// end one may not read: random, so that it tells nothing of the records,
// the link's id or when either was made (a UUIDv7 carries its time).
// "LNK-" and 16 characters of Crockford's base32 (80 bits) in groups of
// four, easy to read out on the phone.
func NewLinkRef() string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	var out strings.Builder
	out.WriteString("LNK")
	var acc uint64
	bits, n := 0, 0
	for _, c := range b {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			if n%4 == 0 {
				out.WriteByte('-')
			}
			out.WriteByte(alphabet[(acc>>bits)&31])
			n++
		}
	}
	return out.String()
}

// IsLinkRef reports whether s has the shape of NewLinkRef's references.
func IsLinkRef(s string) bool {
	if len(s) != 23 || !strings.HasPrefix(s, "LNK-") {
		return false
	}
	for i := 3; i < len(s); i++ {
		c := s[i]
		switch {
		case (i-3)%5 == 0:
			if c != '-' {
				return false
			}
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U':
		default:
			return false
		}
	}
	return true
}
