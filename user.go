package meridian

import (
	"context"
	"regexp"
	"slices"
	"time"
)

// User is a person working in Meridian for one agency.
type User struct {
	ID        string    `json:"id"`
	AgencyID  string    `json:"agency_id"`
	Country   string    `json:"country" doc:"the agency's country"`
	Username  string    `json:"username"`
	Name      string    `json:"name"`
	Roles     []Role    `json:"roles"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
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
const MinPasswordLength = 12

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
	// CreateToken returns a new API token for the user; only its hash is
	// kept. EForbidden, ENotFound.
	CreateToken(ctx context.Context, userID, name string) (string, error)
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
