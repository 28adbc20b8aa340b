package audit

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"meridian"
)

// Origin is the first line of every checkpoint note and the name of the
// note key that signs it (docs/audit-format.md).
const Origin = "meridian/audit"

// NoteVerifierKey returns the note verifier key of pub
// ("meridian/audit+<key hash>+<base64 0x01||pub>"), as Go's checksum
// database and transparency-log tooling expect it.
func NoteVerifierKey(pub ed25519.PublicKey) (string, error) {
	return note.NewEd25519VerifierKey(Origin, pub)
}

// noteSigner is the note signer for k: the same Ed25519 key as audit.key,
// under the name Origin, so existing deployments keep their key.
func (k *Key) noteSigner() (note.Signer, error) {
	k.signerOnce.Do(func() { k.signer, k.signerErr = k.makeNoteSigner() })
	return k.signer, k.signerErr
}

func (k *Key) makeNoteSigner() (note.Signer, error) {
	vkey, err := NoteVerifierKey(k.Public())
	if err != nil {
		return nil, err
	}
	parts := strings.Split(vkey, "+") // name, hash, key
	skey := "PRIVATE+KEY+" + Origin + "+" + parts[1] + "+" +
		base64.StdEncoding.EncodeToString(append([]byte{1}, k.priv.Seed()...))
	return note.NewSigner(skey)
}

// Verifiers returns the note verifiers for keys.
func Verifiers(keys map[string]ed25519.PublicKey) note.Verifiers {
	var vs []note.Verifier
	for _, pub := range keys {
		vkey, err := NoteVerifierKey(pub)
		if err != nil {
			continue
		}
		if v, err := note.NewVerifier(vkey); err == nil {
			vs = append(vs, v)
		}
	}
	return note.VerifierList(vs...)
}

// SignTree returns a checkpoint for the first seq entries: their chain
// ends in hash and their Merkle tree hash is root; prev is the latest
// checkpoint stored before it (0 if none). The note is C2SP
// tlog-checkpoint: origin, tree size, base64 root, then extension lines.
func (k *Key) SignTree(seq int64, hash string, root tlog.Hash, prev int64, at time.Time) (meridian.AuditCheckpoint, error) {
	cp := meridian.AuditCheckpoint{Seq: seq, Hash: hash, At: at.UTC().Truncate(time.Microsecond), KeyID: k.id,
		Root: base64.StdEncoding.EncodeToString(root[:]), Prev: prev}
	s, err := k.noteSigner()
	if err != nil {
		return cp, err
	}
	msg, err := note.Sign(&note.Note{Text: noteText(cp)}, s)
	if err != nil {
		return cp, err
	}
	cp.Note = string(msg)
	// The signature line is the note's last: "— <name> <base64>\n".
	sig := strings.TrimSuffix(cp.Note, "\n")
	cp.Signature = sig[strings.LastIndexByte(sig, ' ')+1:]
	return cp, nil
}

func noteText(cp meridian.AuditCheckpoint) string {
	return fmt.Sprintf("%s\n%d\n%s\nchain %s\ntime %d\nprevious %d\n", Origin, cp.Seq, cp.Root, cp.Hash, cp.At.UnixMicro(), cp.Prev)
}

// OpenNote verifies a checkpoint note under keys and returns the
// checkpoint it states. The error says what is wrong with it.
func OpenNote(msg string, keys map[string]ed25519.PublicKey) (meridian.AuditCheckpoint, error) {
	n, err := note.Open([]byte(msg), Verifiers(keys))
	var unv *note.UnverifiedNoteError
	switch {
	case errors.As(err, &unv):
		return meridian.AuditCheckpoint{}, errors.New("it is signed by an unknown key")
	case err != nil:
		return meridian.AuditCheckpoint{}, fmt.Errorf("it does not verify: %v", err)
	}
	cp, err := parseNoteText(n.Text)
	if err != nil {
		return cp, err
	}
	cp.Note = msg
	cp.Signature = n.Sigs[0].Base64
	for id, pub := range keys {
		if vkey, err := NoteVerifierKey(pub); err == nil && strings.Split(vkey, "+")[1] == fmt.Sprintf("%08x", n.Sigs[0].Hash) {
			cp.KeyID = id
		}
	}
	return cp, nil
}

// ParseNoteSize returns the tree size a checkpoint note states without
// verifying it, to say which checkpoint a bad one claims to be.
func ParseNoteSize(msg string) int64 {
	_, rest, _ := strings.Cut(msg, "\n")
	line, _, _ := strings.Cut(rest, "\n")
	n, _ := strconv.ParseInt(line, 10, 64)
	return n
}

func parseNoteText(text string) (meridian.AuditCheckpoint, error) {
	var cp meridian.AuditCheckpoint
	bad := errors.New("its text is not a Meridian audit checkpoint")
	lines := strings.Split(text, "\n")
	if len(lines) != 7 || lines[0] != Origin || lines[6] != "" {
		return cp, bad
	}
	var err error
	if cp.Seq, err = strconv.ParseInt(lines[1], 10, 64); err != nil || cp.Seq < 0 {
		return cp, bad
	}
	if root, err := base64.StdEncoding.DecodeString(lines[2]); err != nil || len(root) != tlog.HashSize {
		return cp, bad
	}
	cp.Root = lines[2]
	var ok bool
	if cp.Hash, ok = strings.CutPrefix(lines[3], "chain "); !ok {
		return cp, bad
	}
	t, ok := strings.CutPrefix(lines[4], "time ")
	micros, err := strconv.ParseInt(t, 10, 64)
	if !ok || err != nil {
		return cp, bad
	}
	cp.At = time.UnixMicro(micros).UTC()
	p, ok := strings.CutPrefix(lines[5], "previous ")
	if cp.Prev, err = strconv.ParseInt(p, 10, 64); !ok || err != nil || cp.Prev < 0 || cp.Prev >= max(cp.Seq, 1) {
		return cp, bad
	}
	if noteText(cp) != text {
		return cp, bad
	}
	return cp, nil
}

// verifyNote reports whether cp's note verifies under keys and states
// exactly cp's fields.
func verifyNote(keys map[string]ed25519.PublicKey, cp meridian.AuditCheckpoint) bool {
	got, err := OpenNote(cp.Note, keys)
	return err == nil && got.Seq == cp.Seq && got.Hash == cp.Hash && got.Root == cp.Root &&
		got.Prev == cp.Prev && got.At.Equal(cp.At) && got.KeyID == cp.KeyID
}

// RootHash decodes cp.Root.
func RootHash(cp meridian.AuditCheckpoint) (tlog.Hash, bool) {
	var h tlog.Hash
	b, err := base64.StdEncoding.DecodeString(cp.Root)
	if err != nil || len(b) != tlog.HashSize {
		return h, false
	}
	copy(h[:], b)
	return h, true
}
