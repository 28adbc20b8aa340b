package audit

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// WitnessFile is the name of the witness file in the data directory.
const WitnessFile = "audit.checkpoints"

// Witness is an append-only file of signed checkpoint notes kept outside
// the database: whoever can rewrite the database cannot take back a
// checkpoint once it is here. Each note is followed by one empty line.
type Witness struct {
	path   string
	mu     sync.Mutex
	recent []string // the last notes appended, to skip duplicates from the bus
}

// OpenWitness returns the witness file of the data directory dir.
func OpenWitness(dir string) *Witness {
	return &Witness{path: filepath.Join(dir, WitnessFile)}
}

// Path returns the file's path.
func (w *Witness) Path() string { return w.path }

// Append adds a signed note unless it was one of the last few appended.
// The file is opened for appending each time (mode 0600), so that one
// write adds one whole note even with other processes appending.
func (w *Witness) Append(note string) error {
	if !strings.HasSuffix(note, "\n") || strings.Contains(note, "\n\n\n") {
		return errors.New("audit: witness: malformed note")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, r := range w.recent {
		if r == note {
			return nil
		}
	}
	f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit: witness: %w", err)
	}
	_, err = f.WriteString(note + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("audit: witness: %w", err)
	}
	if len(w.recent) == 64 {
		w.recent = w.recent[1:]
	}
	w.recent = append(w.recent, note)
	return nil
}

// ReadWitness calls fn with each note in the witness file at path, in
// order, and the line it starts on. A missing file holds no notes.
// Damage is not an error: the text between two empty-line boundaries
// that is not a note is passed on as it is, for the verifier to reject.
func ReadWitness(path string, fn func(line int, note string) error) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("audit: witness: %w", err)
	}
	defer f.Close()
	return readNotes(f, fn)
}

// readNotes splits r into notes: text lines, an empty line, signature
// lines (starting with "— "), then an empty line.
func readNotes(r io.Reader, fn func(line int, note string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var (
		b     strings.Builder
		start int
		sigs  bool // past the blank line inside the note
		ln    int
	)
	flush := func() error {
		if b.Len() == 0 {
			return nil
		}
		s := b.String()
		b.Reset()
		sigs = false
		return fn(start, s)
	}
	for sc.Scan() {
		ln++
		line := sc.Text()
		switch {
		case line == "" && b.Len() == 0:
			continue
		case line == "" && !sigs:
			sigs = true
		case line == "" && sigs:
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		if b.Len() == 0 {
			start = ln
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("audit: witness: %w", err)
	}
	return flush()
}
