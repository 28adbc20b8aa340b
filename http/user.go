package http

import (
	"context"
	nethttp "net/http"

	"meridian"
)

// UserInput is what an administrator sets on a new account.
type UserInput struct {
	AgencyID string          `json:"agency_id"`
	Username string          `json:"username"`
	Name     string          `json:"name"`
	Roles    []meridian.Role `json:"roles" doc:"officer, ncb, analyst, prosecutor, coordinator, observer or admin"`
	Password string          `json:"password,omitempty" writeOnly:"true" doc:"omit for a token-only account"`
}

// TokenInput names a new API token, so that its owner can tell tokens apart.
type TokenInput struct {
	Name string `json:"name"`
}

// TokenResult holds a new API token. It is shown once; Meridian keeps only
// its hash.
type TokenResult struct {
	Token string `json:"token"`
}

type userListInput struct {
	meridian.Page
	AgencyID string `query:"agency_id"`
}

type tokenInput struct {
	ID   string `path:"id" doc:"user id"`
	Body TokenInput
}

func (s *Server) userRoutes() {
	const tag = "users"
	register(s, s.op("list-users", nethttp.MethodGet, "/users", tag, "List users"),
		func(ctx context.Context, in *userListInput) (*listOutput[*meridian.User], error) {
			return page(s.Users.FindUsers(ctx, meridian.UserFilter{AgencyID: in.AgencyID, Page: in.Page}))
		})
	register(s, s.op("create-user", nethttp.MethodPost, "/users", tag, "Create a user"),
		func(ctx context.Context, in *createInput[UserInput]) (*createdOutput[*meridian.User], error) {
			// A password an administrator chose is the user's for one
			// sign-in: they must change it then.
			u := &meridian.User{AgencyID: in.Body.AgencyID, Username: in.Body.Username, Name: in.Body.Name, Roles: in.Body.Roles,
				MustChangePassword: in.Body.Password != ""}
			if err := s.Users.CreateUser(ctx, u, in.Body.Password); err != nil {
				return nil, err
			}
			return created(u, "/users/"+u.ID)
		})
	register(s, s.op("get-user", nethttp.MethodGet, "/users/{id}", tag, "Get a user"),
		func(ctx context.Context, in *idInput) (*bodyOutput[*meridian.User], error) {
			return one(s.Users.FindUserByID(ctx, in.ID))
		})
	tok := s.op("create-token", nethttp.MethodPost, "/users/{id}/tokens", tag, "Create an API token for yourself")
	tok.Description = "Only for the caller's own account (id = the caller's): nobody, an administrator neither, mints a token to act as someone else. See also POST /me/tokens."
	register(s, tok,
		func(ctx context.Context, in *tokenInput) (*bodyOutput[TokenResult], error) {
			t, err := s.Users.CreateToken(ctx, in.ID, in.Body.Name)
			return one(TokenResult{Token: t}, err)
		})
}
