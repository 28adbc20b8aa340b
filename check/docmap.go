package check

import (
	"crypto/sha256"
	"encoding/binary"

	"github.com/google/uuid"

	"meridian"
)

// docMap ties the document index entries made for listed persons'
// documents to their person. At 1,000,000 persons it held maps of strings
// over 1.5 million entries (105-128 MB of the heap, issue 10), which the
// collector traced at every cycle. Here an entry's id is derived from its
// person's id and its position (personDocEntry), so a person needs only
// a count of its entries, and both maps hold 16-byte arrays and counts:
// no pointers, nothing for the collector to trace. A person whose id is
// not a UUID (none the store writes) keeps the string maps.
type docMap struct {
	owner map[[16]byte][16]byte // entry -> person
	count map[[16]byte]uint32   // person -> its entries, 0 to count-1

	oddOwner map[string]string   // entry -> person, for ids that are not UUIDs
	oddDocs  map[string][]string // person -> entries
}

func newDocMap() docMap {
	return docMap{owner: map[[16]byte][16]byte{}, count: map[[16]byte]uint32{},
		oddOwner: map[string]string{}, oddDocs: map[string][]string{}}
}

// personDocEntry returns the id of person p's i-th document entry: a
// version-4-shaped UUID from a hash of both, the same at every build.
func personDocEntry(p [16]byte, i uint32) [16]byte {
	var b [16 + 4 + 20]byte
	copy(b[:], "meridian check doc\x00\x00")
	copy(b[20:], p[:])
	binary.BigEndian.PutUint32(b[36:], i)
	sum := sha256.Sum256(b[:])
	var id [16]byte
	copy(id[:], sum[:16])
	id[6] = id[6]&0x0f | 0x40
	id[8] = id[8]&0x3f | 0x80
	return id
}

// remove forgets person's entries and returns their ids.
func (m *docMap) remove(person string) []string {
	if p, err := uuid.Parse(person); err == nil && uuid.UUID(p).String() == person {
		n, ok := m.count[p]
		if !ok {
			return nil
		}
		delete(m.count, p)
		out := make([]string, n)
		for i := range n {
			e := personDocEntry(p, i)
			delete(m.owner, e)
			out[i] = uuid.UUID(e).String()
		}
		return out
	}
	old := m.oddDocs[person]
	delete(m.oddDocs, person)
	for _, d := range old {
		delete(m.oddOwner, d)
	}
	return old
}

// add makes n entries for person (which has none) and returns their ids.
func (m *docMap) add(person string, n int) []string {
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	if p, err := uuid.Parse(person); err == nil && uuid.UUID(p).String() == person {
		m.count[p] = uint32(n)
		for i := range uint32(n) {
			e := personDocEntry(p, i)
			m.owner[e] = p
			out[i] = uuid.UUID(e).String()
		}
		return out
	}
	for i := range out {
		out[i] = meridian.NewID()
		m.oddOwner[out[i]] = person
	}
	m.oddDocs[person] = out
	return out
}

// person returns the person an entry was made for.
func (m *docMap) person(entry string) (string, bool) {
	if e, err := uuid.Parse(entry); err == nil {
		if p, ok := m.owner[e]; ok {
			return uuid.UUID(p).String(), true
		}
	}
	p, ok := m.oddOwner[entry]
	return p, ok
}
