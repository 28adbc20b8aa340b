package meridian

import (
	"context"
	"regexp"
	"slices"
	"time"
)

// User is a person working in Meridian for one agency.
type User struct {
	ID       string `json:"id"`
	AgencyID string `json:"agency_id"`
	Country  string `json:"country" doc:"the agency's country"`
	Username string `json:"username"`
	Name     string `json:"name"`
	Roles    []Role `json:"roles"`
	Disabled bool   `json:"disabled"`
	// MustChangePassword is set when someone else chose the password (the
	// first administrator's, a demo's, a reset): it works for one sign-in,
	// after which only the change of password is allowed.
	MustChangePassword bool      `json:"must_change_password"`
	CreatedAt          time.Time `json:"created_at"`
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._@-]{1,63}$`)

// Validate checks a new user.
func (u *User) Validate() error {
	f := Fields{Op: "user"}
	if !IsID(u.AgencyID) {
		f.Add("agency_id", "malformed agency id %q", u.AgencyID)
	}
	if !usernameRE.MatchString(u.Username) {
		f.Add("username", "must be 2 to 64 characters of a-z, 0-9, '.', '_', '@' or '-', starting with a letter or digit")
	}
	validName(&f, "name", u.Name, 200)
	if len(u.Roles) == 0 {
		f.Add("roles", "at least one role is required")
	}
	for i, r := range u.Roles {
		if !slices.Contains(Roles, r) {
			f.Add(indexed("roles", i), "unknown role %q (want officer, ncb, analyst, prosecutor, coordinator, observer or admin)", r)
		}
	}
	return f.Err()
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12 // characters, not bytes: see auth.CheckNewPassword

// UserFilter selects users.
type UserFilter struct {
	AgencyID string
	Page
}

// UserService manages accounts. Administrators manage every account; other
// users see their own agency's colleagues.
type UserService interface {
	// CreateUser creates u with the given password (empty for a
	// token-only account). EInvalid, EForbidden, EConflict (username taken).
	CreateUser(ctx context.Context, u *User, password string) error
	// FindUserByID returns ENotFound.
	FindUserByID(ctx context.Context, id string) (*User, error)
	// FindUsers returns a page of users and the next cursor.
	FindUsers(ctx context.Context, f UserFilter) ([]*User, string, error)
	// CreateToken returns a new API token for the user, valid for
	// DefaultTokenLifetime; only its hash is kept. Only the user mints
	// their own (and the operator at the store, as Meridian itself): an
	// administrator who could mint one for someone else could act as
	// them. EForbidden, ENotFound.
	CreateToken(ctx context.Context, userID, name string) (string, error)
}

// DefaultTokenLifetime is how long an API token lives unless its owner
// asks for less.
const DefaultTokenLifetime = 90 * 24 * time.Hour

// MaxTokenLifetime bounds what an owner may ask for.
const MaxTokenLifetime = 366 * 24 * time.Hour

// Token describes an API token; the secret itself is shown once, at
// creation, and never kept.
type Token struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// UserUpdate changes an account: nil fields stay as they are.
type UserUpdate struct {
	Roles    *[]Role
	Disabled *bool
}

// AccountService is an account's life after creation: its password, its
// tokens, and an administrator's changes to it. Every change ends what it
// must at once on the instance that makes it, and on the others as soon as
// the bus evicts it from their credential caches.
type AccountService interface {
	// ChangePassword changes the caller's own password, given the current
	// one, ends all the caller's sessions and returns a new session
	// token. EUnauthenticated (wrong current password), EInvalid (a weak
	// new one), ERateLimited.
	ChangePassword(ctx context.Context, current, next string) (session string, err error)
	// ResetPassword sets a one-time password on another account (an
	// administrator, or the operator at the store) and ends its sessions;
	// the user must change it at the next sign-in. Empty password: one is
	// generated. Returns the password. EForbidden, ENotFound, EInvalid.
	ResetPassword(ctx context.Context, userID, password string) (string, error)
	// UpdateUser changes roles or disables and re-enables an account;
	// disabling ends its sessions and revokes its tokens. Administrators
	// only, never on their own account. EForbidden, ENotFound, EInvalid.
	UpdateUser(ctx context.Context, userID string, up UserUpdate) (*User, error)
	// IssueToken creates an API token for the caller (ttl 0: the default
	// lifetime). EInvalid.
	IssueToken(ctx context.Context, name string, ttl time.Duration) (string, *Token, error)
	// FindTokens lists the caller's own API tokens.
	FindTokens(ctx context.Context) ([]*Token, error)
	// RevokeToken deletes one of the caller's tokens. ENotFound.
	RevokeToken(ctx context.Context, id string) error
}

// AuthService turns credentials into subjects.
type AuthService interface {
	// Login checks a password and returns a new session token.
	// EUnauthenticated for wrong credentials, ERateLimited when throttled.
	Login(ctx context.Context, username, password, addr string) (token string, u *User, err error)
	// Logout ends the session.
	Logout(ctx context.Context, token string) error
	// SubjectBySession returns the subject of a live session.
	// EUnauthenticated.
	SubjectBySession(ctx context.Context, token string) (*Subject, error)
	// SubjectByToken returns the subject of an API token. EUnauthenticated.
	SubjectByToken(ctx context.Context, token string) (*Subject, error)
}
