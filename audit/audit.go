// Package audit makes the audit log tamper-evident without trusting the
// database that holds it. Entries are hash-chained, the chain's head and
// periodic checkpoints are signed with a key the database never holds, and
// Verify names the entries that were altered, deleted, inserted or
// reordered. Stores call Hash and Key.Sign as they append and implement
// Source, so that every store is verified by the same code.
package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"

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
//
// Each field is length-prefixed (uvarint) so that no two different entries
// encode alike, whatever bytes their fields hold.
func sum(e *meridian.AuditEntry, seq int64, prev string) [sha256.Size]byte {
	var buf [512]byte
	var num [20]byte
	b := buf[:0]
	b = appendField(b, strconv.AppendInt(num[:0], seq, 10))
	b = appendField(b, strconv.AppendInt(num[:0], e.At.UnixMicro(), 10))
	for _, s := range [...]string{e.UserID, e.Username, e.AgencyID, e.Action, e.RecordKind,
		e.RecordID, e.RecordOwner, e.Purpose, e.Addr, prev} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return sha256.Sum256(b)
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
