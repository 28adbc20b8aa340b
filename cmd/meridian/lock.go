package main

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"

	"meridian"
)

// lockData takes an exclusive lock on the data directory for the life of
// the server, creating the directory (0700) if needed. A second `meridian
// serve` on the same directory is refused with a message saying why.
func lockData(dir string) (func(), error) {
	const op = "serve"
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "cannot create data directory " + dir, Err: err}
	}
	f, err := os.OpenFile(filepath.Join(dir, "serve.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "cannot open the lock file in " + dir, Err: err}
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, meridian.Errorf(meridian.EConflict, op,
				"another meridian serve is using the data directory %s; stop it first, or give this one its own --data", dir)
		}
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "cannot lock the data directory " + dir, Err: err}
	}
	return func() { f.Close() }, nil
}
