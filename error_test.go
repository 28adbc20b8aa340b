package meridian

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
)

type retryErr bool

func (e retryErr) Error() string     { return "conn closed" }
func (e retryErr) SafeToRetry() bool { return bool(e) }

type sqlStateErr string

func (e sqlStateErr) Error() string    { return "server said " + string(e) }
func (e sqlStateErr) SQLState() string { return string(e) }

// A lost connection is EUnavailable with a message that says to try again;
// every other unexpected error stays internal.
func TestInternalLostConnection(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, c := range []struct {
		name string
		err  error
		want ErrorKind
	}{
		{"DialRefused", fmt.Errorf("failed to connect: %w", refused), EUnavailable},
		{"BadConn", fmt.Errorf("query: %w", driver.ErrBadConn), EUnavailable},
		{"Reset", fmt.Errorf("read: %w", syscall.ECONNRESET), EUnavailable},
		{"AdminShutdown", fmt.Errorf("query: %w", sqlStateErr("57P01")), EUnavailable},
		{"ConnectionFailure", sqlStateErr("08006"), EUnavailable},
		{"ConnClosed", fmt.Errorf("commit: %w", retryErr(true)), EUnavailable},
		{"NotSafeToRetry", retryErr(false), EInternal},
		{"UniqueViolation", sqlStateErr("23505"), EInternal},
		{"SyntaxError", sqlStateErr("42601"), EInternal},
		{"Other", errors.New("boom"), EInternal},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := Internal("op", c.err)
			if e.Kind != c.want {
				t.Fatalf("kind %s, want %s", e.Kind, c.want)
			}
			if c.want == EUnavailable && MessageOf(e) == "internal error" {
				t.Fatalf("message %q", MessageOf(e))
			}
			if !errors.Is(e, c.err) {
				t.Fatal("the cause is not kept for the log")
			}
		})
	}
}

// A connection dropped in the middle of an answer reads as a message cut
// short: PostgreSQL's driver says io.ErrUnexpectedEOF and nothing more
// (seen while the restart test crashed the server).
func TestInternalUnexpectedEOF(t *testing.T) {
	if k := Internal("op", fmt.Errorf("read: %w", io.ErrUnexpectedEOF)).Kind; k != EUnavailable {
		t.Fatalf("kind %s", k)
	}
}
