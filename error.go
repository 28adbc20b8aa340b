package meridian

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"
)

// ErrorKind classifies an error so that every adapter can map it the same
// way: the HTTP layer to a status code, the CLI to an exit message.
type ErrorKind string

// The error kinds. Unauthenticated and RateLimited exist beside the six of
// STYLE.md because login and throttling need their own status codes (401,
// 429) and a client must be able to tell them from Forbidden.
const (
	EInvalid         ErrorKind = "invalid"
	ENotFound        ErrorKind = "not_found"
	EForbidden       ErrorKind = "forbidden"
	EConflict        ErrorKind = "conflict"
	EUnavailable     ErrorKind = "unavailable"
	EInternal        ErrorKind = "internal"
	EUnauthenticated ErrorKind = "unauthenticated"
	ERateLimited     ErrorKind = "rate_limited"
)

// Error is Meridian's one error type. Message is safe to show a user; Err
// holds the cause, which may not be.
type Error struct {
	Kind    ErrorKind
	Op      string // operation, e.g. "sqldb.FindPersonByID"
	Field   string // offending input, e.g. "names[0].full"; empty when none
	Message string
	Err     error
	// RetryAfter is how long a rate-limited caller should wait (ERateLimited).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		if msg == "" {
			msg = e.Err.Error()
		} else {
			msg += ": " + e.Err.Error()
		}
	}
	if e.Op != "" {
		return e.Op + ": " + msg
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an error of the given kind with a user-safe message.
func Errorf(kind ErrorKind, op, format string, args ...any) *Error {
	return &Error{Kind: kind, Op: op, Message: fmt.Sprintf(format, args...)}
}

// Invalidf returns an EInvalid error naming the offending field.
func Invalidf(op, field, format string, args ...any) *Error {
	return &Error{Kind: EInvalid, Op: op, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound is the answer to a record that does not exist or that the caller
// may not read: the two must be indistinguishable.
func NotFound(op, what string) *Error {
	return &Error{Kind: ENotFound, Op: op, Message: what + " not found"}
}

// Internal wraps an unexpected error; its cause is logged, never shown.
// A lost connection to a service Meridian depends on (the database
// restarting, a network failure) is not unexpected: it is EUnavailable,
// and trying again later may work.
func Internal(op string, err error) *Error {
	if LostConnection(err) {
		return &Error{Kind: EUnavailable, Op: op, Message: "a service Meridian depends on is unavailable; try again", Err: err}
	}
	return &Error{Kind: EInternal, Op: op, Message: "internal error", Err: err}
}

// LostConnection reports whether err says a connection to a service (the
// database, the bus) failed or was refused, rather than that the service
// answered with an error: a network error, a connection the driver gave
// up on, a message cut short (PostgreSQL's driver reports a connection
// dropped mid-answer as a bare io.ErrUnexpectedEOF), an error the driver
// says is safe to retry because nothing was sent, or an SQLSTATE of class
// 08 (connection exception) or 57P (operator intervention: the server
// shutting down or starting).
func LostConnection(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	// A driver error that says nothing reached the server (pgx: a
	// connection closed under the request, a failed connect) is safe to
	// retry, and a lost connection as far as the request is concerned.
	var rt interface{ SafeToRetry() bool }
	if errors.As(err, &rt) && rt.SafeToRetry() {
		return true
	}
	var st interface{ SQLState() string }
	if errors.As(err, &st) {
		code := st.SQLState()
		return strings.HasPrefix(code, "08") || strings.HasPrefix(code, "57P")
	}
	return false
}

// KindOf returns the kind of the first *Error in err's chain, EInternal if
// there is none, and "" for a nil error.
func KindOf(err error) ErrorKind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return EInternal
}

// MessageOf returns the user-safe message of err: the domain message (with
// the field), or "internal error" for anything else.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != EInternal {
		if e.Message == "" {
			return string(e.Kind)
		}
		return e.Message
	}
	return "internal error"
}

// FieldOf returns the field an invalid-input error names, if any.
func FieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// Fields collects validation errors so that a request can be rejected with
// every offending field at once.
type Fields struct {
	Op   string
	errs []*Error
}

// Add records an invalid field.
func (f *Fields) Add(field, format string, args ...any) {
	f.errs = append(f.errs, Invalidf(f.Op, field, format, args...))
}

// Err returns nil when no field was added, otherwise a *ValidationError.
func (f *Fields) Err() error {
	if len(f.errs) == 0 {
		return nil
	}
	return &ValidationError{Op: f.Op, Errors: f.errs}
}

// ValidationError carries every invalid field of one input. It unwraps to
// its first field error, so KindOf reports EInvalid.
type ValidationError struct {
	Op     string
	Errors []*Error
}

func (v *ValidationError) Error() string {
	s := v.Errors[0].Error()
	if len(v.Errors) > 1 {
		s += fmt.Sprintf(" (and %d more)", len(v.Errors)-1)
	}
	return s
}

func (v *ValidationError) Unwrap() error { return v.Errors[0] }

// FieldErrors returns every field error in err: all of a ValidationError's,
// or the single *Error, or none.
func FieldErrors(err error) []*Error {
	var v *ValidationError
	if errors.As(err, &v) {
		return v.Errors
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}
	}
	return nil
}

// RetryAfterOf returns the wait a rate-limited error asks for, 0 if none.
func RetryAfterOf(err error) time.Duration {
	var e *Error
	for errors.As(err, &e) {
		if e.RetryAfter > 0 {
			return e.RetryAfter
		}
		err = e.Err
		if err == nil {
			break
		}
	}
	return 0
}
