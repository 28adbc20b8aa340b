package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/mod/sumdb/tlog"

	"meridian"
	"meridian/audit"
)

// verifyFailed reports a log that did not verify; its message names the
// first problem.
type verifyFailed struct{ r *audit.Report }

func (v *verifyFailed) Error() string {
	p := v.r.Problems[0]
	msg := fmt.Sprintf("audit log does not verify: %s", p.Message)
	if n := len(v.r.Problems); n > 1 {
		msg += fmt.Sprintf(" (and %d more problems)", n-1)
	}
	return msg
}

// readWitness reads the notes of a witness file.
func readWitness(path string) ([]audit.WitnessNote, error) {
	var ws []audit.WitnessNote
	name := filepath.Base(path)
	err := audit.ReadWitness(path, func(line int, note string) error {
		ws = append(ws, audit.WitnessNote{Where: fmt.Sprintf("%s line %d", name, line), Note: note})
		return nil
	})
	return ws, err
}

func runAuditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("audit verify", stderr)
	var sf storeFlags
	sf.register(fs)
	asJSON := fs.Bool("json", false, "print the full report as JSON")
	witness := fs.String("witness", "", "witness file of signed checkpoints (default DATA/"+audit.WitnessFile+"; \"none\" to skip)")
	export := fs.String("export", "", "verify this export (meridian audit export) instead of a store")
	keyFile := fs.String("key", "", "with --export: the public key file (audit.pub); default DATA/audit.pub")
	if err := parse(fs, args); err != nil {
		return err
	}
	var r *audit.Report
	if *export != "" {
		keys, err := loadKeys(sf.Data, *keyFile)
		if err != nil {
			return err
		}
		x, err := audit.OpenExport(*export, keys)
		if err != nil {
			return err
		}
		if r, err = audit.VerifyWith(ctx, x, keys, audit.Options{Witness: x.Witness}); err != nil {
			return err
		}
	} else {
		keys, err := loadKeys(sf.Data, *keyFile)
		if err != nil {
			return err
		}
		var opt audit.Options
		wpath := *witness
		if wpath == "" {
			wpath = filepath.Join(sf.Data, audit.WitnessFile)
		}
		if wpath != "none" {
			if opt.Witness, err = readWitness(wpath); err != nil {
				return err
			}
		}
		db, err := sf.open(ctx, false, quietLogger())
		if err != nil {
			return err
		}
		defer db.Close()
		if r, err = audit.VerifyWith(ctx, db.AuditSource(), keys, opt); err != nil {
			return err
		}
	}
	if *asJSON {
		b, _ := json.MarshalIndent(r, "", "  ")
		fmt.Fprintln(stdout, string(b))
	} else {
		for _, p := range r.Problems {
			fmt.Fprintf(stdout, "FAIL entry %d: %s: %s\n", p.Seq, p.Kind, p.Message)
		}
		if r.OK() {
			fmt.Fprintf(stdout, "ok: %d entries, %d checkpoints, %d witnessed, signed head at %d\n", r.Entries, r.Checkpoints, r.Witnessed, r.HeadSeq)
		}
	}
	if !r.OK() {
		return &verifyFailed{r}
	}
	return nil
}

// loadKeys reads the public keys from file, or from the data directory.
func loadKeys(dir, file string) (map[string]ed25519.PublicKey, error) {
	if file == "" {
		return audit.LoadPublicKeys(dir)
	}
	return audit.ReadPublicKeys(file)
}

func runAuditProve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("audit prove", stderr)
	var sf storeFlags
	sf.register(fs)
	asJSON := fs.Bool("json", false, "print the proof as JSON")
	from := fs.Int64("consistency", 0, "also prove that the stored checkpoint of this size is a prefix of the signed head")
	arg, err := oneArg(fs, args, "usage: meridian audit prove SEQ [--consistency N] [--data DIR | --postgres URL] [--json]")
	if err != nil {
		return err
	}
	seq, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || seq < 1 {
		return usageError(fmt.Sprintf("audit prove: entry %q is not a positive number", arg))
	}
	keys, err := audit.LoadPublicKeys(sf.Data)
	if err != nil {
		return err
	}
	db, err := sf.open(ctx, false, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := db.ProveEntry(ctx, seq)
	if err != nil {
		return err
	}
	// Check what we print: the head's note under the public key, the
	// entry's leaf in the tree it vouches for.
	head, err := audit.OpenNote(p.Head.Note, keys)
	if err != nil {
		return fmt.Errorf("audit prove: the signed head does not verify: %v", err)
	}
	root, _ := audit.RootHash(head)
	leaf := audit.Leaf(p.Entry)
	if err := tlog.CheckRecord(p.Proof, head.Seq, root, seq-1, tlog.RecordHash(leaf)); err != nil {
		return fmt.Errorf("audit prove: entry %d is not in the tree the signed head vouches for: %v", seq, err)
	}
	out := struct {
		Entry       *meridian.AuditEntry `json:"entry"`
		Leaf        []byte               `json:"leaf"`
		LeafHash    tlog.Hash            `json:"leaf_hash"`
		Index       int64                `json:"index"`
		TreeSize    int64                `json:"tree_size"`
		Proof       tlog.RecordProof     `json:"proof"`
		Checkpoint  string               `json:"checkpoint"`
		From        string               `json:"from_checkpoint,omitempty"`
		Consistency tlog.TreeProof       `json:"consistency,omitempty"`
	}{Entry: p.Entry, Leaf: leaf, LeafHash: tlog.RecordHash(leaf), Index: seq - 1, TreeSize: head.Seq, Proof: p.Proof, Checkpoint: head.Note}
	if *from > 0 {
		// The older checkpoint as stored, verified, then the proof that the
		// head's tree extends it.
		cps, err := db.Checkpoints(ctx)
		if err != nil {
			return err
		}
		var old *meridian.AuditCheckpoint
		for i := range cps {
			if cps[i].Seq == *from && cps[i].Note != "" {
				old = &cps[i]
			}
		}
		if old == nil {
			return usageError(fmt.Sprintf("no stored checkpoint of size %d", *from))
		}
		oc, err := audit.OpenNote(old.Note, keys)
		if err != nil {
			return fmt.Errorf("audit prove: checkpoint %d does not verify: %v", *from, err)
		}
		oldRoot, _ := audit.RootHash(oc)
		tp, err := db.ProveTree(ctx, head.Seq, oc.Seq)
		if err != nil {
			return err
		}
		if err := tlog.CheckTree(tp, head.Seq, root, oc.Seq, oldRoot); err != nil {
			return fmt.Errorf("audit prove: the signed head's tree does not extend checkpoint %d: %v", oc.Seq, err)
		}
		out.From, out.Consistency = oc.Note, tp
	}
	if *asJSON {
		b, _ := json.MarshalIndent(out, "", "  ")
		fmt.Fprintln(stdout, string(b))
		return nil
	}
	fmt.Fprintf(stdout, "entry %d (leaf index %d) is in the tree of %d entries that the signed head vouches for\n", seq, seq-1, head.Seq)
	fmt.Fprintf(stdout, "leaf hash %s\n", out.LeafHash)
	for i, h := range p.Proof {
		fmt.Fprintf(stdout, "proof %d %s\n", i, h)
	}
	fmt.Fprintf(stdout, "checkpoint:\n%s", head.Note)
	if out.From != "" {
		fmt.Fprintf(stdout, "the tree of %d entries extends the checkpoint of %d entries:\n", head.Seq, *from)
		for i, h := range out.Consistency {
			fmt.Fprintf(stdout, "consistency %d %s\n", i, h)
		}
		fmt.Fprintf(stdout, "from checkpoint:\n%s", out.From)
	}
	return nil
}

func runAuditExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("audit export", stderr)
	var sf storeFlags
	sf.register(fs)
	out := fs.String("out", "", "file to write (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError("usage: meridian audit export --out FILE [--data DIR | --postgres URL]")
	}
	db, err := sf.open(ctx, false, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	ws, err := readWitness(filepath.Join(sf.Data, audit.WitnessFile))
	if err != nil {
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	n, err := audit.Export(ctx, f, db.AuditSource(), ws)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		return err
	}
	fmt.Fprintf(stdout, "exported %d entries to %s\n", n, *out)
	return nil
}

// witnessCheckpoints appends to this instance's witness file the audit
// checkpoints every instance publishes on the bus, once their signature
// verifies under the keys in audit.pub: a database rolled back behind one
// instance's back still contradicts the others' witness files.
func (m *Main) witnessCheckpoints(ctx context.Context, dir string) error {
	keys, err := audit.LoadPublicKeys(dir)
	if err != nil {
		return err
	}
	return m.Bus.Subscribe(ctx, meridian.ChangeSubjectPrefix+meridian.AuditCheckpointKind+".>", func(c *meridian.Change) {
		var note string
		if err := json.Unmarshal(c.Data, &note); err != nil {
			m.Logger.Warn("audit checkpoint from the bus is malformed", slog.String("err", err.Error()))
			return
		}
		if _, err := audit.OpenNote(note, keys); err != nil {
			m.Logger.Warn("audit checkpoint from the bus rejected", slog.String("err", err.Error()))
			return
		}
		if err := m.DB.Witness.Append(note); err != nil {
			m.Logger.Error("audit witness append failed", slog.String("err", err.Error()))
		}
	})
}
