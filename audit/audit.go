// Package audit makes the audit log tamper-evident without trusting the
// database that holds it. Entries are hash-chained and the leaves of a
// Merkle tree (golang.org/x/mod/sumdb/tlog); the head and periodic
// checkpoints are signed notes (C2SP tlog-checkpoint) made with a key the
// database never holds, and witnessed outside it (Witness). Verify names
// the entries that were altered, deleted, inserted or reordered, and any
// rollback or deleted checkpoint; Export and ExportSource let anyone check
// the log with the public key alone (docs/audit-format.md). Stores call
// Hash, Leaf, Frontier and Key.SignTree as they append and implement
// Source, so that every store is verified by the same code.
package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"meridian"
)

// Genesis is the PrevHash of the first entry: 64 zeros.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Hash returns the hex SHA-256 chain hash of e. It covers every field of e
// except Hash itself, including PrevHash and Seq, with e.At at microsecond
// precision (e.At.UnixMicro()) because stores keep microseconds.
func Hash(e *meridian.AuditEntry) string {
	sum := sum(e, e.Seq, e.PrevHash)
	var h [2 * sha256.Size]byte
	hex.Encode(h[:], sum[:])
	return string(h[:])
}

// sum hashes e as if it had been written with seq and prev: Verify asks
// under which seq an entry's stored hash was written to tell a moved entry
// from an altered one.
func sum(e *meridian.AuditEntry, seq int64, prev string) [sha256.Size]byte {
	var buf [512]byte
	return sha256.Sum256(appendLeaf(buf[:0], e, seq, prev))
}

// Leaf returns the canonical encoding of e (docs/audit-format.md): the
// bytes whose SHA-256 is e.Hash and whose tlog record hash is e's leaf in
// the Merkle tree.
func Leaf(e *meridian.AuditEntry) []byte { return appendLeaf(nil, e, e.Seq, e.PrevHash) }

// appendLeaf encodes e as written with seq and prev. Each field is
// length-prefixed (uvarint) so that no two different entries encode
// alike, whatever bytes their fields hold. The records of a list entry
// come last and only when there are some, so that entries written before
// list entries existed keep their hashes.
func appendLeaf(b []byte, e *meridian.AuditEntry, seq int64, prev string) []byte {
	var num [20]byte
	b = appendField(b, strconv.AppendInt(num[:0], seq, 10))
	b = appendField(b, strconv.AppendInt(num[:0], e.At.UnixMicro(), 10))
	for _, s := range [...]string{e.UserID, e.Username, e.AgencyID, e.Action, e.RecordKind,
		e.RecordID, e.RecordOwner, e.Purpose, e.Addr, prev} {
		b = appendString(b, s)
	}
	if len(e.Records) > 0 {
		var rs []byte
		rs = binary.AppendUvarint(rs, uint64(len(e.Records)))
		for _, r := range e.Records {
			rs = appendString(rs, r.ID)
			rs = appendString(rs, r.Owner)
		}
		b = appendField(b, rs)
	}
	if e.Times > 1 {
		// A 0 byte first: a records field starts with a count of at
		// least 1, so the two never read alike.
		b = appendField(b, strconv.AppendInt([]byte{0}, e.Times, 10))
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// DecodeLeaf parses a canonical encoding back into an entry, with Hash
// set to its SHA-256. It rejects anything Leaf would not have written.
func DecodeLeaf(leaf []byte) (*meridian.AuditEntry, error) {
	d := leafDecoder{b: leaf}
	seq, err := strconv.ParseInt(d.field(), 10, 64)
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("seq: %w", err)
	}
	at, err := strconv.ParseInt(d.field(), 10, 64)
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("at: %w", err)
	}
	e := &meridian.AuditEntry{Seq: seq, At: time.UnixMicro(at).UTC()}
	for _, p := range [...]*string{&e.UserID, &e.Username, &e.AgencyID, &e.Action, &e.RecordKind,
		&e.RecordID, &e.RecordOwner, &e.Purpose, &e.Addr, &e.PrevHash} {
		*p = d.field()
	}
	if d.err == nil && len(d.b) > 0 && !timesNext(d.b) {
		rs := leafDecoder{b: []byte(d.field())}
		n, k := binary.Uvarint(rs.b)
		if k <= 0 || n == 0 || n > uint64(len(rs.b)) {
			return nil, errors.New("audit: malformed leaf: records count")
		}
		rs.b = rs.b[k:]
		for range n {
			e.Records = append(e.Records, meridian.AuditRecord{ID: rs.field(), Owner: rs.field()})
		}
		if rs.err == nil && len(rs.b) > 0 {
			rs.err = errors.New("trailing bytes in records")
		}
		if rs.err != nil {
			return nil, fmt.Errorf("audit: malformed leaf: %w", rs.err)
		}
	}
	if d.err == nil && len(d.b) > 0 && timesNext(d.b) {
		f := d.field()
		n, err := strconv.ParseInt(f[1:], 10, 64)
		if err != nil || n < 2 {
			return nil, errors.New("audit: malformed leaf: times")
		}
		e.Times = n
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errors.New("trailing bytes")
	}
	if d.err != nil {
		return nil, fmt.Errorf("audit: malformed leaf: %w", d.err)
	}
	e.Hash = Hash(e)
	if !bytes.Equal(Leaf(e), leaf) {
		return nil, errors.New("audit: malformed leaf: not in canonical form")
	}
	return e, nil
}

// timesNext reports whether the next field of b is a times field (its
// content starts with a 0 byte).
func timesNext(b []byte) bool {
	n, k := binary.Uvarint(b)
	return k > 0 && n > 0 && len(b) > k && b[k] == 0
}

type leafDecoder struct {
	b   []byte
	err error
}

func (d *leafDecoder) field() string {
	if d.err != nil {
		return ""
	}
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > uint64(len(d.b)-k) {
		d.err = errors.New("truncated field")
		return ""
	}
	s := string(d.b[k : k+int(n)])
	d.b = d.b[k+int(n):]
	return s
}

func appendField(b, f []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(f)))
	return append(b, f...)
}

// matches reports whether want is the hash of e written with seq and prev,
// without allocating: Verify calls it for every entry.
func matches(e *meridian.AuditEntry, seq int64, prev, want string) bool {
	if len(want) != 2*sha256.Size {
		return false
	}
	s := sum(e, seq, prev)
	var h [2 * sha256.Size]byte
	hex.Encode(h[:], s[:])
	return string(h[:]) == want
}
