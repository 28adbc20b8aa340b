package http

import (
	"context"
	nethttp "net/http"
	"time"

	"meridian"
)

// PasswordChange is the caller's current password and the new one.
type PasswordChange struct {
	CurrentPassword string `json:"current_password" writeOnly:"true"`
	NewPassword     string `json:"new_password" writeOnly:"true" doc:"at least 12 characters, not a common password, not made of the username"`
}

type passwordChangeInput struct {
	Session string `cookie:"meridian_session" doc:"the caller's session, replaced by a new one"`
	Body    PasswordChange
}

type passwordChangeOutput struct {
	SetCookie string `header:"Set-Cookie" doc:"the new session cookie, when the caller used one"`
}

// NewToken names a new API token and how long it lives.
type NewToken struct {
	Name          string `json:"name" maxLength:"200"`
	ExpiresInDays int    `json:"expires_in_days,omitempty" minimum:"0" maximum:"366" doc:"days until it expires; 0 or absent: 90"`
}

// IssuedToken is a new API token, shown this once, and its description.
type IssuedToken struct {
	Secret    string    `json:"token" doc:"the secret: shown once, Meridian keeps only its hash"`
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// UserPatch is an administrator's change to an account.
type UserPatch struct {
	Roles    *[]meridian.Role `json:"roles,omitempty" doc:"the new roles"`
	Disabled *bool            `json:"disabled,omitempty" doc:"true disables the account: its sessions and tokens stop at once"`
}

type userPatchInput struct {
	ID   string `path:"id" doc:"user id"`
	Body UserPatch
}

// PasswordReset optionally names the one-time password to set.
type PasswordReset struct {
	Password string `json:"password,omitempty" writeOnly:"true" doc:"omit to have one generated"`
}

// PasswordResetResult is the one-time password, shown once; the user
// must change it at the next sign-in.
type PasswordResetResult struct {
	Password string `json:"password"`
}

type passwordResetInput struct {
	ID   string `path:"id" doc:"user id"`
	Body PasswordReset
}

type tokenIDInput struct {
	ID string `path:"id" doc:"token id"`
}

func (s *Server) accountRoutes() {
	if s.Accounts == nil {
		return
	}
	const tag = "account"
	pw := s.op("change-password", nethttp.MethodPut, "/me/password", tag, "Change my password")
	pw.Description = "Checks the current password, sets the new one, ends every session of the caller and opens a new one."
	pw.DefaultStatus = nethttp.StatusNoContent
	pw.Errors = append(pw.Errors, nethttp.StatusTooManyRequests)
	register(s, pw, func(ctx context.Context, in *passwordChangeInput) (*passwordChangeOutput, error) {
		token, err := s.Accounts.ChangePassword(ctx, in.Body.CurrentPassword, in.Body.NewPassword)
		if err != nil {
			return nil, err
		}
		out := &passwordChangeOutput{}
		if in.Session != "" {
			out.SetCookie = s.sessionCookie(token, 0).String()
		}
		return out, nil
	})
	register(s, s.op("list-tokens", nethttp.MethodGet, "/me/tokens", tag, "List my API tokens"),
		func(ctx context.Context, _ *struct{}) (*listOutput[*meridian.Token], error) {
			ts, err := s.Accounts.FindTokens(ctx)
			return page(ts, "", err)
		})
	register(s, s.op("create-my-token", nethttp.MethodPost, "/me/tokens", tag, "Create an API token"),
		func(ctx context.Context, in *createInput[NewToken]) (*bodyOutput[IssuedToken], error) {
			tok, t, err := s.Accounts.IssueToken(ctx, in.Body.Name, time.Duration(in.Body.ExpiresInDays)*24*time.Hour)
			if err != nil {
				return nil, err
			}
			return &bodyOutput[IssuedToken]{Body: IssuedToken{Secret: tok, ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt}}, nil
		})
	register(s, s.op("revoke-token", nethttp.MethodDelete, "/me/tokens/{id}", tag, "Revoke one of my API tokens"),
		func(ctx context.Context, in *tokenIDInput) (*noOutput, error) {
			return deleted(s.Accounts.RevokeToken(ctx, in.ID))
		})
	patch := s.op("update-user", nethttp.MethodPatch, "/users/{id}", "users", "Change roles, disable or enable a user")
	patch.Description = "Administrators, never on their own account. Disabling ends the account's sessions and revokes its tokens at once, on every instance."
	register(s, patch, func(ctx context.Context, in *userPatchInput) (*bodyOutput[*meridian.User], error) {
		return one(s.Accounts.UpdateUser(ctx, in.ID, meridian.UserUpdate{Roles: in.Body.Roles, Disabled: in.Body.Disabled}))
	})
	reset := s.op("reset-password", nethttp.MethodPost, "/users/{id}/password-reset", "users", "Reset a user's password")
	reset.Description = "Administrators: sets a one-time password (generated unless given), ends the user's sessions; the user must change it at the next sign-in."
	reset.DefaultStatus = nethttp.StatusOK
	register(s, reset, func(ctx context.Context, in *passwordResetInput) (*bodyOutput[PasswordResetResult], error) {
		p, err := s.Accounts.ResetPassword(ctx, in.ID, in.Body.Password)
		return one(PasswordResetResult{Password: p}, err)
	})
}
