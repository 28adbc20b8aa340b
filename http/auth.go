package http

import (
	"context"
	nethttp "net/http"

	"github.com/danielgtaylor/huma/v2"

	"meridian"
)

// LoginInput is a user's credentials.
type LoginInput struct {
	Username string `json:"username"`
	Password string `json:"password" writeOnly:"true"`
}

// LoginResult is who logged in. The session token travels only in the
// HttpOnly cookie, out of reach of scripts.
type LoginResult struct {
	User *meridian.User `json:"user"`
}

type loginInput struct {
	Body LoginInput
	addr string
}

var _ huma.Resolver = (*loginInput)(nil) // else huma skips Resolve and addr stays empty

// Resolve takes the client address for the login throttle and audit log
// from the connection, the only place huma shows it.
func (in *loginInput) Resolve(ctx huma.Context) []error {
	in.addr = clientAddr(ctx.RemoteAddr())
	return nil
}

type loginOutput struct {
	SetCookie string `header:"Set-Cookie" doc:"the session cookie"`
	Body      LoginResult
}

type logoutInput struct {
	Session string `cookie:"meridian_session" doc:"the session to end"`
}

type logoutOutput struct {
	SetCookie string `header:"Set-Cookie" doc:"clears the session cookie"`
}

// Me is the caller: their account, agency and roles.
type Me struct {
	User   *meridian.User   `json:"user"`
	Agency *meridian.Agency `json:"agency,omitempty"`
	Roles  []meridian.Role  `json:"roles"`
}

func (s *Server) authRoutes() {
	login := s.op("login", nethttp.MethodPost, "/login", "auth", "Log in")
	login.Description = "Checks a password and sets the session cookie " + SessionCookie + "."
	login.Security = nil
	login.DefaultStatus = nethttp.StatusOK
	login.Errors = []int{nethttp.StatusBadRequest, nethttp.StatusUnauthorized, nethttp.StatusRequestEntityTooLarge,
		nethttp.StatusUnsupportedMediaType, nethttp.StatusUnprocessableEntity, nethttp.StatusTooManyRequests,
		nethttp.StatusServiceUnavailable}
	register(s, login, s.login)

	logout := s.op("logout", nethttp.MethodPost, "/logout", "auth", "Log out")
	logout.Description = "Ends the session named by the cookie and clears the cookie."
	logout.DefaultStatus = nethttp.StatusNoContent
	logout.Errors = []int{nethttp.StatusUnauthorized, nethttp.StatusServiceUnavailable}
	register(s, logout, s.logout)

	register(s, s.op("get-me", nethttp.MethodGet, "/me", "auth", "Who am I"), s.me)
}

func (s *Server) login(ctx context.Context, in *loginInput) (*loginOutput, error) {
	token, u, err := s.Auth.Login(ctx, in.Body.Username, in.Body.Password, in.addr)
	if err != nil {
		return nil, err
	}
	if ri := infoFrom(ctx); ri != nil && u != nil {
		ri.userID = u.ID
	}
	return &loginOutput{SetCookie: s.sessionCookie(token, 0).String(), Body: LoginResult{User: u}}, nil
}

func (s *Server) logout(ctx context.Context, in *logoutInput) (*logoutOutput, error) {
	if in.Session != "" {
		if err := s.Auth.Logout(ctx, in.Session); err != nil {
			return nil, err
		}
	}
	return &logoutOutput{SetCookie: s.sessionCookie("", -1).String()}, nil
}

// sessionCookie is HttpOnly, so scripts cannot steal it, and SameSite
// Strict, so other sites cannot ride on it. It lives as long as the browser
// session; the server decides when the session itself ends.
func (s *Server) sessionCookie(token string, maxAge int) *nethttp.Cookie {
	return &nethttp.Cookie{
		Name:     SessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   s.SecureCookies,
		SameSite: nethttp.SameSiteStrictMode,
	}
}

func (s *Server) me(ctx context.Context, _ *struct{}) (*bodyOutput[Me], error) {
	sub := meridian.SubjectFrom(ctx)
	u, err := s.Users.FindUserByID(ctx, sub.UserID)
	if err != nil {
		return nil, err
	}
	me := Me{User: u, Roles: sub.Roles}
	if me.Roles == nil {
		me.Roles = []meridian.Role{}
	}
	switch a, err := s.Agencies.FindAgencyByID(ctx, sub.AgencyID); meridian.KindOf(err) {
	case "":
		me.Agency = a
	case meridian.ENotFound:
	default:
		return nil, err
	}
	return &bodyOutput[Me]{Body: me}, nil
}
