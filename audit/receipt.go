package audit

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"meridian"
)

// ReceiptOrigin opens every request receipt's text (meridian.ReceiptText),
// so that no receipt reads as a checkpoint signed with the same key.
const ReceiptOrigin = "meridian/request-receipt"

// SignReceipt signs a request receipt's text as a note with the audit key
// (the same Ed25519 key and note name as the checkpoints), so that anyone
// holding audit.pub verifies it offline with OpenReceipt or any signed
// note verifier.
func (k *Key) SignReceipt(text string) (string, error) {
	if !strings.HasPrefix(text, ReceiptOrigin+"\n") {
		return "", errors.New("audit: not a receipt")
	}
	s, err := k.noteSigner()
	if err != nil {
		return "", err
	}
	msg, err := note.Sign(&note.Note{Text: text}, s)
	if err != nil {
		return "", err
	}
	return string(msg), nil
}

// OpenReceipt verifies a receipt's note under keys and returns the text it
// signs. The error says what is wrong.
func OpenReceipt(msg string, keys map[string]ed25519.PublicKey) (string, error) {
	n, err := note.Open([]byte(msg), Verifiers(keys))
	var unv *note.UnverifiedNoteError
	switch {
	case errors.As(err, &unv):
		return "", errors.New("it is signed by an unknown key")
	case err != nil:
		return "", fmt.Errorf("it does not verify: %v", err)
	}
	if !strings.HasPrefix(n.Text, ReceiptOrigin+"\n") {
		return "", errors.New("it is not a request receipt")
	}
	return n.Text, nil
}

// Digest is "sha256:<hex>" of b, as receipts name content.
func Digest(b []byte) string {
	h := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(h[:])
}

// VerifyReceipt checks a receipt offline: its note verifies under keys,
// states exactly the receipt's fields, and its digest is the SHA-256 of
// the content it carries. A nil error means all three hold.
func VerifyReceipt(r *meridian.Receipt, keys map[string]ed25519.PublicKey) error {
	text, err := OpenReceipt(r.Note, keys)
	if err != nil {
		return fmt.Errorf("receipt %d: the note: %w", r.Step, err)
	}
	if text != meridian.ReceiptText(r) {
		return fmt.Errorf("receipt %d: the signed text does not state the receipt's fields", r.Step)
	}
	if Digest([]byte(r.Content)) != r.Digest {
		return fmt.Errorf("receipt %d: the content does not hash to its digest", r.Step)
	}
	return nil
}

// VerifyReceipts checks a request's receipts in order: each verifies and
// names the previous one's note by its digest.
func VerifyReceipts(rs []*meridian.Receipt, keys map[string]ed25519.PublicKey) error {
	prev := "-"
	for i, r := range rs {
		if r.Step != i+1 {
			return fmt.Errorf("receipt %d: out of order (want step %d)", r.Step, i+1)
		}
		if r.Previous != prev {
			return fmt.Errorf("receipt %d: does not follow receipt %d", r.Step, i)
		}
		if err := VerifyReceipt(r, keys); err != nil {
			return err
		}
		prev = Digest([]byte(r.Note))
	}
	return nil
}
