package audit

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"meridian"
)

// ExportFormat is the first line's format of an export (docs/audit-format.md).
const ExportFormat = "meridian-audit-export/1"

// exportLine is one line of an export: JSON, one object per line.
type exportLine struct {
	Format     string               `json:"format,omitempty"`
	Origin     string               `json:"origin,omitempty"`
	Checkpoint string               `json:"checkpoint,omitempty"`
	Head       bool                 `json:"head,omitempty"`
	Witness    bool                 `json:"witness,omitempty"`
	Leaf       string               `json:"leaf,omitempty"`
	Entry      *meridian.AuditEntry `json:"entry,omitempty"`
}

// Export writes src as an export: a header line, every checkpoint note
// (the stored ones, then the witnessed ones, then the head), then every
// entry with its canonical encoding. It returns how many entries it wrote.
// Legacy checkpoints (before notes) are left out: they verify only
// against the chain, which the export does not need.
func Export(ctx context.Context, w io.Writer, src Source, witness []WitnessNote) (int64, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(exportLine{Format: ExportFormat, Origin: Origin}); err != nil {
		return 0, err
	}
	// The head first: everything exported is what it vouches for, so that
	// what is appended while the export runs is left for the next one.
	head, err := src.Head(ctx)
	if err != nil {
		return 0, err
	}
	cps, err := src.Checkpoints(ctx)
	if err != nil {
		return 0, err
	}
	for _, cp := range cps {
		if cp.Note != "" && cp.Seq <= head.Seq {
			if err := enc.Encode(exportLine{Checkpoint: cp.Note}); err != nil {
				return 0, err
			}
		}
	}
	for _, wn := range witness {
		if err := enc.Encode(exportLine{Checkpoint: wn.Note, Witness: true}); err != nil {
			return 0, err
		}
	}
	if head.Note == "" && head.Seq > 0 {
		return 0, errors.New("audit: export: the head is not a signed note yet: write once more (any audited request) and export again")
	}
	if head.Note != "" {
		if err := enc.Encode(exportLine{Checkpoint: head.Note, Head: true}); err != nil {
			return 0, err
		}
	}
	var n int64
	errDone := errors.New("done")
	err = src.Entries(ctx, func(e *meridian.AuditEntry) error {
		if e.Seq > head.Seq {
			return errDone
		}
		n++
		return enc.Encode(exportLine{Leaf: base64.StdEncoding.EncodeToString(Leaf(e)), Entry: e})
	})
	if err != nil && err != errDone {
		return n, err
	}
	return n, bw.Flush()
}

// ExportSource reads an export for Verify: the checkpoints and head are
// its notes, the entries are decoded from their canonical encodings. Lines
// it cannot read are reported as malformed, not as errors.
type ExportSource struct {
	path    string
	keys    map[string]ed25519.PublicKey
	cps     []meridian.AuditCheckpoint
	head    meridian.AuditCheckpoint
	Witness []WitnessNote // the witnessed notes the export carries
	bad     []Problem
}

// OpenExport reads the checkpoints of the export at path; Entries streams
// the file again.
func OpenExport(path string, keys map[string]ed25519.PublicKey) (*ExportSource, error) {
	x := &ExportSource{path: path, keys: keys}
	headSeen := false
	err := x.scan(func(ln int, l *exportLine) error {
		switch {
		case ln == 1:
			if l.Format != ExportFormat || l.Origin != Origin {
				return fmt.Errorf("audit: %s is not a Meridian audit export (%s)", path, ExportFormat)
			}
		case l.Checkpoint != "" && l.Witness:
			x.Witness = append(x.Witness, WitnessNote{Where: fmt.Sprintf("export line %d", ln), Note: l.Checkpoint})
		case l.Checkpoint != "":
			cp := x.checkpoint(l.Checkpoint)
			if l.Head {
				x.head, headSeen = cp, true
			} else {
				x.cps = append(x.cps, cp)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !headSeen {
		x.head = meridian.AuditCheckpoint{} // reported as a missing head
	}
	return x, nil
}

// checkpoint returns the checkpoint a note states, verified when it can
// be; one that does not verify keeps its note, so Verify rejects it.
func (x *ExportSource) checkpoint(msg string) meridian.AuditCheckpoint {
	if cp, err := OpenNote(msg, x.keys); err == nil {
		return cp
	}
	cp := meridian.AuditCheckpoint{Seq: ParseNoteSize(msg), Note: msg, Hash: "unverified"}
	if i := bytes.Index([]byte(msg), []byte("\n\n")); i >= 0 {
		if c, err := parseNoteText(msg[:i+1]); err == nil {
			c.Note = msg
			cp = c
		}
	}
	return cp
}

func (x *ExportSource) scan(fn func(ln int, l *exportLine) error) error {
	f, err := os.Open(x.path)
	if err != nil {
		return fmt.Errorf("audit: export: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 16<<20)
	ln := 0
	for sc.Scan() {
		ln++
		var l exportLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			if ln == 1 {
				return fmt.Errorf("audit: %s is not a Meridian audit export", x.path)
			}
			x.bad = append(x.bad, Problem{Kind: KindMalformed, Message: fmt.Sprintf("export line %d is not JSON", ln)})
			continue
		}
		if err := fn(ln, &l); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("audit: export: %w", err)
	}
	return nil
}

// Entries implements Source.
func (x *ExportSource) Entries(ctx context.Context, fn func(*meridian.AuditEntry) error) error {
	var last int64
	return x.scan(func(ln int, l *exportLine) error {
		if l.Leaf == "" {
			return nil
		}
		raw, err := base64.StdEncoding.DecodeString(l.Leaf)
		if err != nil {
			x.bad = append(x.bad, Problem{Kind: KindMalformed, Message: fmt.Sprintf("export line %d: the leaf is not base64", ln)})
			return nil
		}
		e, err := DecodeLeaf(raw)
		if err != nil {
			x.bad = append(x.bad, Problem{Kind: KindMalformed, Message: fmt.Sprintf("export line %d: %v", ln, err)})
			return nil
		}
		if e.Seq <= last {
			x.bad = append(x.bad, Problem{Seq: e.Seq, Kind: KindReordered, Message: fmt.Sprintf("export line %d: entry %d comes after entry %d", ln, e.Seq, last)})
			return nil
		}
		last = e.Seq
		// The readable copy must say what the leaf says.
		if l.Entry != nil {
			a, _ := json.Marshal(e)
			cp := *l.Entry
			cp.Hash = e.Hash
			b, _ := json.Marshal(&cp)
			if !bytes.Equal(a, b) {
				x.bad = append(x.bad, Problem{Seq: e.Seq, Kind: KindAltered, Message: fmt.Sprintf("entry %d was altered: the readable copy on export line %d differs from its leaf", e.Seq, ln)})
			}
		}
		return fn(e)
	})
}

// Checkpoints implements Source.
func (x *ExportSource) Checkpoints(context.Context) ([]meridian.AuditCheckpoint, error) {
	return x.cps, nil
}

// Head implements Source.
func (x *ExportSource) Head(context.Context) (meridian.AuditCheckpoint, error) { return x.head, nil }

// Malformed implements MalformedSource.
func (x *ExportSource) Malformed() []Problem { return x.bad }
