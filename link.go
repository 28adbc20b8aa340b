package meridian

import (
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
)

// LinkStates lists the states of a link.
var LinkStates = []string{LinkProposed, LinkConfirmed, LinkRejected, LinkUnsure}

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
	Score     float64        `json:"score"`
	Evidence  []LinkEvidence `json:"evidence,omitempty"`
	State     string         `json:"state" enum:"proposed,confirmed,rejected,unsure"`
	ClusterID string         `json:"cluster_id,omitempty" doc:"for confirmed links: the cluster they belong to"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`

	Restricted  bool   `json:"restricted,omitempty" doc:"the reader may read only one end"`
	OwnerAgency string `json:"owner_agency,omitempty" doc:"with restricted: the owner of the end the reader may not read"`
	Ref         string `json:"ref,omitempty" doc:"with restricted: the reference to quote to that owner"`
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
