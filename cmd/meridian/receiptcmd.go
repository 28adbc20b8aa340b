package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"meridian"
	"meridian/audit"
)

// runReceiptVerify checks a request's receipts offline: FILE holds them as
// GET /api/v1/requests/{id}/receipts answers (a JSON array, oldest first),
// and the key is audit.pub of the installation that signed them.
func runReceiptVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("receipt verify", stderr)
	keyFile := fs.String("key", "", "the public key file (audit.pub) of the installation that signed the receipts")
	file, err := oneArg(fs, args, "usage: meridian receipt verify FILE --key audit.pub")
	if err != nil {
		return err
	}
	if *keyFile == "" {
		return usageError("usage: meridian receipt verify FILE --key audit.pub")
	}
	keys, err := audit.ReadPublicKeys(*keyFile)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var rs []*meridian.Receipt
	if err := json.Unmarshal(b, &rs); err != nil {
		return fmt.Errorf("%s: not a JSON array of receipts: %v", file, err)
	}
	if len(rs) == 0 {
		return fmt.Errorf("%s: no receipt", file)
	}
	if err := audit.VerifyReceipts(rs, keys); err != nil {
		fmt.Fprintf(stdout, "FAIL %v\n", err)
		return fmt.Errorf("receipts of request %s do not verify: %v", rs[0].RequestID, err)
	}
	last := rs[len(rs)-1]
	fmt.Fprintf(stdout, "ok: %d receipts of request %s, the last %s to %s at %s, content %s\n",
		len(rs), last.RequestID, last.Action, last.To, last.At.Format("2006-01-02T15:04:05Z07:00"), last.Digest)
	return nil
}
