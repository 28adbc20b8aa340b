// Package http is Meridian's HTTP adapter: it translates requests into calls
// of the root service interfaces and their results and errors into JSON and
// RFC 9457 problems. It decides nothing itself; access control, audit and
// validation live behind the interfaces, so that every adapter enforces them
// alike.
package http

import (
	"context"
	"io/fs"
	"log/slog"
	nethttp "net/http"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"meridian"
	"meridian/analysis"
	"meridian/auth"
	"meridian/evidence"
)

// APIPrefix begins every API route.
const APIPrefix = "/api/v1"

// SessionCookie names the cookie that carries a browser's session token.
const SessionCookie = "meridian_session"

// PurposeHeader carries the caller's stated purpose of an access, which the
// audit log records beside who and from where.
const PurposeHeader = "Meridian-Purpose"

// DefaultMaxBody bounds request bodies unless Server.MaxBody says otherwise:
// the largest legitimate input (an operation with its deployments) is far
// smaller, and an unbounded body is a cheap denial of service.
const DefaultMaxBody = 1 << 20

// Server serves Meridian over HTTP. Set the fields, then call Handler once.
type Server struct {
	Operations meridian.OperationService
	Agencies   meridian.AgencyService
	Users      meridian.UserService
	Auth       meridian.AuthService
	Persons    meridian.PersonService
	Documents  meridian.DocumentService
	Events     meridian.EventService
	Cases      meridian.CaseService
	Audit      meridian.AuditService
	Watchlist  meridian.WatchlistService
	Checks     meridian.CheckService
	Hits       meridian.HitService
	// AuditVerifier verifies the audit log on request; nil leaves its
	// route out.
	AuditVerifier meridian.AuditVerifier
	// HitStream follows an agency's hits live; nil leaves its route out.
	HitStream HitFollower
	// Keys finds records by identifier; nil leaves the route out.
	Keys meridian.KeyService
	// CheckCounts reports the checks made in an operation; nil leaves the
	// route out.
	CheckCounts func(ctx context.Context, operationID string) ([]meridian.CheckCount, error)
	// Results computes operations' results; Live streams the live picture.
	// Either may be nil, leaving its routes out.
	Results meridian.ResultsService
	Live    Watcher
	// Manifests ingests passenger messages; Alerts is the destination's
	// queue. Either may be nil, leaving its routes out.
	Manifests meridian.ManifestService
	Alerts    meridian.AlertService
	// Rules manages the risk rules the ingest screens with; nil leaves
	// their routes out.
	Rules meridian.RuleService
	// Work lets administrators watch the named workers; nil leaves its
	// routes out.
	Work meridian.WorkService
	// Links are cross-border links, clusters and cases from them;
	// Notifications the subscriptions and inbox, NoticeStream the inbox
	// live. Each may be nil, leaving its routes out.
	Links         meridian.LinkService
	Notifications meridian.NotificationService
	NoticeStream  InboxFollower
	// Imports takes watchlist files from the browser; nil leaves its route
	// out.
	Imports meridian.WatchlistImporter
	// Routes, Network and Brief are the analysis (issue 14); each may be
	// nil, leaving its routes out.
	Routes  meridian.RouteService
	Network NetworkAnalyser
	Brief   Briefer
	// Analysis reads the records the trends count; nil leaves the
	// /analysis/trends routes out.
	Analysis analysis.Store
	// Participants and Requests are cases' participants and requests for
	// assistance; ReceiptKey names the key receipts verify under. Nil
	// leaves their routes out.
	Participants meridian.CaseParticipantService
	Requests     meridian.RequestService
	ReceiptKey   func() (keyID, verifier string)
	// Messages, Files and Evidence are a case's messages, files and
	// evidence packages (issue 13); each may be nil, leaving its routes
	// out. TempDir holds packages sent to be verified ("" is the system's).
	Messages meridian.CaseMessageService
	Files    meridian.CaseFileService
	Evidence *evidence.Exporter
	TempDir  string
	// VerifyMaxBytes bounds a package sent to be verified (0:
	// DefaultVerifyMaxBytes; at most MaxPackageBody); VerifyPerMinute
	// and VerifyBurst limit each user's verifications on this instance
	// (0: 6 and 3), VerifyConcurrent all users' at once (0: 2).
	VerifyMaxBytes   int64
	VerifyPerMinute  float64
	VerifyBurst      int
	VerifyConcurrent int
	// Followup is cases' stages, outcomes and follow-up figures; nil
	// leaves its routes out.
	Followup meridian.FollowupService
	// Timeline reads cases' timelines; nil leaves its route out.
	Timeline meridian.TimelineService

	Ready   func(ctx context.Context) error // for /readyz; nil means ready
	Logger  *slog.Logger                    // nil discards
	Metrics *prometheus.Registry            // nil: a new one, with Go and process collectors

	// Accounts is the account lifecycle (passwords, tokens, disabling);
	// nil leaves its routes out.
	Accounts meridian.AccountService
	// UserRate and UserBurst limit each user's requests on this instance
	// (requests a second, and the burst allowed); 0: 100 and 1000.
	UserRate  float64
	UserBurst int
	// SeparateMetrics leaves /metrics out of Handler: it is served by
	// MetricsHandler on a listener of its own, for the monitoring network.
	SeparateMetrics bool

	Web           fs.FS  // the built web UI; may be nil
	SecureCookies bool   // set Secure on cookies (under TLS)
	MaxBody       int64  // request body limit in bytes; default DefaultMaxBody
	Version       string // shown in the OpenAPI document

	once    sync.Once
	api     huma.API
	handler nethttp.Handler
	metrics *httpMetrics

	userLimiter   *auth.Limiter
	verifyLimiter *auth.Limiter
	verifying     chan struct{}
	tickets       ticketStore
}

// Handler builds the whole handler: API, health, metrics and UI. Later calls
// return the same handler.
func (s *Server) Handler() nethttp.Handler {
	s.once.Do(s.build)
	return s.handler
}

// MetricsHandler serves the Prometheus metrics, for a listener of its own
// (SeparateMetrics).
func (s *Server) MetricsHandler() nethttp.Handler {
	s.once.Do(s.build)
	return s.metricsHandler()
}

// API returns the huma API, whose OpenAPI document tools and tests read.
func (s *Server) API() huma.API {
	s.once.Do(s.build)
	return s.api
}

func (s *Server) build() {
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	if s.Metrics == nil {
		s.Metrics = prometheus.NewRegistry()
		s.Metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	if s.MaxBody <= 0 {
		s.MaxBody = DefaultMaxBody
	}
	s.metrics = newHTTPMetrics(s.Metrics)
	if s.UserRate <= 0 {
		s.UserRate = 100
	}
	if s.UserBurst <= 0 {
		s.UserBurst = 1000
	}
	s.userLimiter = &auth.Limiter{Burst: s.UserBurst, Every: time.Duration(float64(time.Second) / s.UserRate)}
	if s.VerifyMaxBytes <= 0 {
		s.VerifyMaxBytes = DefaultVerifyMaxBytes
	}
	s.VerifyMaxBytes = min(s.VerifyMaxBytes, MaxPackageBody)
	if s.VerifyPerMinute <= 0 {
		s.VerifyPerMinute = 6
	}
	if s.VerifyBurst <= 0 {
		s.VerifyBurst = 3
	}
	if s.VerifyConcurrent <= 0 {
		s.VerifyConcurrent = 2
	}
	s.verifyLimiter = &auth.Limiter{Burst: s.VerifyBurst, Every: time.Duration(float64(time.Minute) / s.VerifyPerMinute)}
	s.verifying = make(chan struct{}, s.VerifyConcurrent)

	mux := nethttp.NewServeMux()
	s.api = humago.New(mux, s.config())
	s.api.UseMiddleware(s.authenticate, s.guardBody)
	s.routes()

	mux.HandleFunc("/api/", s.apiNotFound(mux))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if !s.SeparateMetrics {
		mux.Handle("GET /metrics", s.metricsHandler())
	} else {
		mux.HandleFunc("/metrics", func(w nethttp.ResponseWriter, r *nethttp.Request) {
			s.writeProblem(w, r, meridian.NotFound("http", "route"))
		})
	}
	// The UI patterns take every method, checked in the handler: "GET /"
	// would conflict with "/api/".
	mux.HandleFunc("/assets/", s.asset)
	mux.HandleFunc("/", s.spa)

	cop := nethttp.NewCrossOriginProtection()
	cop.SetDenyHandler(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		s.writeProblem(w, r, meridian.Errorf(meridian.EForbidden, "http", "cross-origin request refused"))
	}))
	s.handler = s.observe(securityHeaders(cop.Handler(mux)))
}

// config is huma's default without its docs page, which loads scripts from a
// CDN our CSP forbids, and without the $schema links it adds to bodies,
// which a client sending a record back would trip over.
func (s *Server) config() huma.Config {
	version := s.Version
	if version == "" {
		version = "dev"
	}
	c := huma.DefaultConfig("Meridian", version)
	c.Info.Description = "The API of Meridian, the platform of multinational operations against trafficking in human beings and migrant smuggling."
	c.OpenAPIPath = APIPrefix + "/openapi"
	c.DocsPath = ""
	c.SchemasPath = ""
	c.CreateHooks = nil
	c.Transformers = []huma.Transformer{scrubProblem}
	c.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaName)
	c.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "an API token (POST /api/v1/me/tokens)"},
		"cookie": {Type: "apiKey", In: "cookie", Name: SessionCookie, Description: "the session a browser gets from POST /api/v1/login"},
	}
	return c
}

// schemaName is huma's default name for a type's schema, with the types
// of package mrz prefixed "MRZ": their names (Country, Date, Name) would
// otherwise take the root package's schemas' places in the document.
func schemaName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.PkgPath() == "meridian/mrz" && !strings.HasPrefix(name, "MRZ") {
		name = "MRZ" + name
	}
	return name
}

// authenticated is the security requirement of every non-public operation:
// either scheme will do.
var authenticated = []map[string][]string{{"bearer": {}}, {"cookie": {}}}

// op describes an authenticated operation with the house defaults.
func (s *Server) op(id, method, path, tag, summary string) huma.Operation {
	o := huma.Operation{
		OperationID:  id,
		Method:       method,
		Path:         APIPrefix + path,
		Tags:         []string{tag},
		Summary:      summary,
		Security:     authenticated,
		MaxBodyBytes: s.MaxBody + 1, // guardBody enforces MaxBody first
		Errors: []int{nethttp.StatusUnauthorized, nethttp.StatusForbidden, nethttp.StatusNotFound,
			nethttp.StatusServiceUnavailable},
	}
	switch method {
	case nethttp.MethodPost:
		o.DefaultStatus = nethttp.StatusCreated
		fallthrough
	case nethttp.MethodPut, nethttp.MethodPatch:
		o.Errors = append(o.Errors, nethttp.StatusBadRequest, nethttp.StatusConflict,
			nethttp.StatusRequestEntityTooLarge, nethttp.StatusUnsupportedMediaType, nethttp.StatusUnprocessableEntity)
	case nethttp.MethodDelete:
		o.DefaultStatus = nethttp.StatusNoContent
	default:
		o.Errors = append(o.Errors, nethttp.StatusUnprocessableEntity)
	}
	return o
}

// register adds an operation whose every error passes through problem, the
// one place errors become HTTP.
func register[I, O any](s *Server, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	loc := "query"
	switch op.Method {
	case nethttp.MethodPost, nethttp.MethodPut, nethttp.MethodPatch:
		loc = "body"
	}
	huma.Register(s.api, op, func(ctx context.Context, in *I) (*O, error) {
		bodyRead(ctx)
		out, err := h(ctx, in)
		if err != nil {
			return nil, s.problem(ctx, err, loc)
		}
		return out, nil
	})
}

func (s *Server) routes() {
	s.authRoutes()
	s.operationRoutes()
	s.resultsRoutes()
	s.reportRoutes()
	s.agencyRoutes()
	s.userRoutes()
	s.accountRoutes()
	s.personRoutes()
	s.documentRoutes()
	s.eventRoutes()
	s.caseRoutes()
	s.keyRoutes()
	s.auditRoutes()
	s.countryRoutes()
	s.watchlistRoutes()
	s.watchImportRoutes()
	s.checkRoutes()
	s.hitStreamRoutes()
	s.mrzRoutes()
	s.matchRoutes()
	s.passengerRoutes()
	s.ruleRoutes()
	s.workerRoutes()
	s.linkRoutes()
	s.notificationRoutes()
	s.analysisRoutes()
	s.trendsRoutes()
	s.requestRoutes()
	s.caseWorkRoutes()
	s.followupRoutes()
	s.timelineRoutes()
}
