package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"meridian/evidence"
	"net"
	nethttp "net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"meridian"
	"meridian/analysis"
	"meridian/audit"
	"meridian/check"
	"meridian/edifact"
	mhttp "meridian/http"
	"meridian/link"
	"meridian/live"
	mnats "meridian/nats"
	"meridian/passenger"
	"meridian/rules"
	"meridian/sqldb"
	"meridian/web"
	"meridian/worker"
)

// Config is what `meridian serve` is told.
type Config struct {
	Data         string
	Postgres     string
	NATS         string
	Addr         string
	TLSCert      string
	TLSKey       string
	Demo         bool
	AdminCountry string
	LogFormat    string
	LogLevel     string
	// MetricsAddr is where /metrics is served, on a listener of its own
	// for the monitoring network; empty: nowhere. The API port never
	// serves it.
	MetricsAddr string
	// NATSReplicas is how many copies the MERIDIAN stream keeps: 1 on
	// one NATS server, 3 on a cluster of three or more, so that it
	// survives the loss of a node. 0: 1.
	NATSReplicas int
	// UserRate limits each user's requests a second on this instance
	// (burst ten times that); 0: 100.
	UserRate float64
	// VerifyMaxBytes bounds a package POST /evidence/verify takes; 0:
	// http.DefaultVerifyMaxBytes (256 MiB).
	VerifyMaxBytes int64
	// EvidenceKey seals the evidence signing keys in the store (64 hex
	// digits), the same on every instance; "": DATA/evidence/sealing.key,
	// made on first start.
	EvidenceKey string
}

// Main is a running server: the store, the bus, the relay between them and
// the HTTP listener. End-to-end tests start it as the binary does.
type Main struct {
	Config Config
	Stdout io.Writer // where the first admin's password and the URL go
	Logger *slog.Logger

	DB       *sqldb.DB
	Checks   *check.Service
	Live     *live.Hub
	HitFeed  *live.Hits
	Notices  *live.Notices
	Rules    *rules.Screener
	Embedded *mnats.Embedded
	Bus      *mnats.Bus
	Server   *mhttp.Server
	URL      string // the address it serves on, e.g. http://127.0.0.1:8080
	// Workers runs the named workers on the bus's durable consumers:
	// work done once across all instances.
	Workers *worker.Registry
	// Reminders sends request deadline reminders (issue 13).
	Reminders *worker.Reminders
	// RegisterWorkers, when set, registers more workers before they
	// start (tests; Meridian's own are registered in registerWorkers).
	RegisterWorkers func(r *worker.Registry) error
	// HoldIndexBuild, when set, is called before the screening indexes
	// are built, and the build waits for it (tests: a server observed
	// while not ready).
	HoldIndexBuild func(ctx context.Context) error
	// DemoSpeed, when set, replays the demo this many times faster than
	// real time instead of demoSpeed (tests: a week in seconds).
	DemoSpeed float64

	LinkIndex *worker.LinkIndex // the linking engine and its index on this instance

	Blobs *mnats.Blobs      // case files, in the bus's object store
	Keys  *evidence.Keyring // the evidence authority and agencies' signing keys

	MetricsURL string // where /metrics is served, when Config.MetricsAddr is set

	listener        net.Listener
	metricsListener net.Listener
	http            *nethttp.Server
	metrics         *nethttp.Server
	unlock          func()
	cancel          context.CancelFunc
	stopLive        context.CancelFunc // ends live streams, so that shutdown need not wait for them
	wg              sync.WaitGroup
}

// Run opens the store and the bus, starts the relay, the periodic audit
// checkpoint and the HTTP server, and returns once it is listening.
func (m *Main) Run(ctx context.Context) (err error) {
	cfg := m.Config
	if m.Logger == nil {
		m.Logger = newLogger(cfg.LogFormat, cfg.LogLevel, os.Stderr)
	}
	if m.Stdout == nil {
		m.Stdout = io.Discard
	}
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return usageError("--tls-cert and --tls-key go together")
	}
	defer func() {
		if err != nil {
			m.Close()
		}
	}()
	// One data directory holds one SQLite store and one embedded NATS
	// server: a second serve on it would corrupt both, so it is refused.
	if cfg.Postgres == "" || cfg.NATS == "" {
		if m.unlock, err = lockData(cfg.Data); err != nil {
			return err
		}
	}
	// The ports are taken first: a busy port fails the start before
	// anything is created, such as the first administrator, whose password
	// is shown only once.
	var (
		tlsConfig *tls.Config
		ml        net.Listener
	)
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return &meridian.Error{Kind: meridian.EInvalid, Op: "serve", Message: "cannot load --tls-cert/--tls-key", Err: err}
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	if m.listener, err = net.Listen("tcp", cfg.Addr); err != nil {
		return &meridian.Error{Kind: meridian.EUnavailable, Op: "serve", Message: "cannot listen on " + cfg.Addr, Err: err}
	}
	scheme := "http"
	if tlsConfig != nil {
		m.listener = tls.NewListener(m.listener, tlsConfig)
		scheme = "https"
	}
	m.URL = scheme + "://" + displayAddr(m.listener.Addr().String(), cfg.Addr)
	if cfg.MetricsAddr != "" {
		if ml, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			return &meridian.Error{Kind: meridian.EUnavailable, Op: "serve", Message: "cannot listen on --metrics-addr " + cfg.MetricsAddr, Err: err}
		}
		m.metricsListener = ml
	}
	sf := storeFlags{Data: cfg.Data, Postgres: cfg.Postgres}
	if m.DB, err = sf.open(ctx, true, m.Logger); err != nil {
		return err
	}
	if cfg.NATS == "" {
		if m.Embedded, err = mnats.StartEmbedded(filepath.Join(cfg.Data, "nats"), "", m.Logger); err != nil {
			return err
		}
	}
	if m.Bus, err = mnats.Connect(ctx, cfg.NATS, m.Embedded, mnats.Options{StoreID: m.DB.StoreID(), Name: "meridian-serve", Logger: m.Logger, Replicas: cfg.NATSReplicas}); err != nil {
		return err
	}
	user, password, err := m.DB.EnsureAdmin(ctx, cfg.AdminCountry)
	if err != nil {
		return err
	}
	if password != "" {
		fmt.Fprintf(m.Stdout, "First start: created the administrator account.\n  username: %s\n  password: %s\nThis password is shown once; keep it safe.\n", user, password)
	}

	bg, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	if err := m.witnessCheckpoints(bg, cfg.Data); err != nil {
		return err
	}
	// Verified credentials are cached while this instance hears every
	// credential change on the bus (docs/security.md, Identity).
	if err := m.Bus.Subscribe(bg, sqldb.CredentialFilter, m.DB.EvictCredentials); err != nil {
		return err
	}
	m.DB.TrustCredentialCache(func() bool { return bg.Err() == nil && m.Bus.Ready() == nil })
	m.Checks = check.New(m.DB, m.Logger)
	m.Checks.Hold = m.HoldIndexBuild
	if err := m.Checks.Start(bg, m.Bus); err != nil {
		return err
	}
	// The risk rules in force, recompiled when a rule changes on any instance.
	ruleSvc := &rules.Service{Store: m.DB}
	m.Rules = &rules.Screener{Load: ruleSvc.EnabledRules, Logger: m.Logger}
	if err := m.Rules.Watch(bg, m.Bus); err != nil {
		return err
	}
	// Live streams end when shutdown begins, or shutdown would wait for them.
	var liveCtx context.Context
	liveCtx, m.stopLive = context.WithCancel(bg)
	m.Live = &live.Hub{Store: m.DB, Bus: m.Bus, Logger: m.Logger}
	if err := m.Live.Start(liveCtx); err != nil {
		return err
	}
	m.HitFeed = &live.Hits{Bus: m.Bus, Logger: m.Logger}
	if err := m.HitFeed.Start(liveCtx); err != nil {
		return err
	}
	m.Notices = &live.Notices{Bus: m.Bus, Logger: m.Logger}
	if err := m.Notices.Start(liveCtx); err != nil {
		return err
	}
	// The linking engine's index of persons and documents, kept on every
	// instance from the bus, as the screening index is.
	m.LinkIndex = &worker.LinkIndex{Engine: link.New(m.DB, link.Options{}), Store: m.DB, Logger: m.Logger}
	if err := m.LinkIndex.Start(bg, m.Bus); err != nil {
		return err
	}
	// The workers' durable consumers exist before the relay publishes,
	// so that no change committed meanwhile passes them by.
	m.Workers = &worker.Registry{Queue: m.Bus, Store: m.DB, Logger: m.Logger}
	if err := m.registerWorkers(); err != nil {
		return err
	}
	if err := m.Workers.Start(bg); err != nil {
		return err
	}
	m.Reminders.Start(bg)
	m.wg.Add(2)
	go func() { defer m.wg.Done(); m.DB.Relay(bg, m.Bus, time.Second) }()
	go func() { defer m.wg.Done(); m.checkpoints(bg, time.Minute) }()
	if cfg.Demo {
		if err := m.startDemo(ctx, bg); err != nil {
			return err
		}
	}

	m.Server = &mhttp.Server{
		Operations: m.DB, Agencies: m.DB, Users: m.DB, Auth: m.DB, Accounts: m.DB, Persons: m.DB, Documents: m.DB,
		Events: m.DB, Cases: m.DB, Audit: m.DB, Watchlist: m.DB, Checks: m.Checks, Hits: m.DB, HitStream: m.HitFeed, Keys: m.DB,
		CheckCounts: m.DB.FindCheckCounts, Results: m.DB, Live: m.Live, Alerts: m.DB, Rules: ruleSvc, Work: m.Workers,
		Links: m.DB, Notifications: m.DB, NoticeStream: m.Notices, Analysis: m.DB,
		Manifests:       &passenger.Service{Store: m.DB, Checks: m.Checks, Parse: edifact.Parse, Rules: m.Rules, Logger: m.Logger},
		Imports:         m.DB,
		Routes:          &analysis.RouteService{Store: m.DB},
		Network:         &analysis.NetworkService{Store: m.DB},
		Brief:           m.brief(),
		Participants:    m.DB,
		Requests:        m.DB,
		Followup:        m.DB,
		Timeline:        m.DB,
		ReceiptKey:      m.DB.ReceiptKey,
		Ready:           m.ready,
		Logger:          m.Logger,
		UserRate:        cfg.UserRate,
		UserBurst:       int(cfg.UserRate * 10),
		VerifyMaxBytes:  cfg.VerifyMaxBytes,
		SeparateMetrics: true,
		Web:             web.FS(),
		SecureCookies:   cfg.TLSCert != "",
		Version:         version,
	}
	m.Server.AuditVerifier = m.auditVerifier()
	if err := m.caseWork(ctx); err != nil {
		return err
	}
	m.http = &nethttp.Server{
		Handler:           m.Server.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	m.http.RegisterOnShutdown(m.stopLive)
	m.http.TLSConfig = tlsConfig
	if ml != nil {
		mux := nethttp.NewServeMux()
		mux.Handle("GET /metrics", m.Server.MetricsHandler())
		m.metrics = &nethttp.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		m.MetricsURL = "http://" + displayAddr(ml.Addr().String(), cfg.MetricsAddr) + "/metrics"
		m.wg.Add(1)
		go func() {
			defer m.wg.Done()
			if err := m.metrics.Serve(ml); err != nil && !errors.Is(err, nethttp.ErrServerClosed) {
				m.Logger.Error("metrics server stopped", slog.String("err", err.Error()))
			}
		}()
	}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		if err := m.http.Serve(m.listener); err != nil && !errors.Is(err, nethttp.ErrServerClosed) {
			m.Logger.Error("http server stopped", slog.String("err", err.Error()))
		}
	}()
	// Listening already, so that /readyz tells an orchestrator what is
	// still loading; Run returns once the screening indexes are built.
	select {
	case <-m.Checks.Built():
	case <-ctx.Done():
	}
	m.Logger.Info("meridian serving", slog.String("url", m.URL), slog.String("store", m.DB.Dialect().Name()),
		slog.Bool("embedded_nats", m.Embedded != nil))
	fmt.Fprintf(m.Stdout, "Meridian is running at %s\n", m.URL)
	return nil
}

// ready is /readyz: nil when the screening indexes are built, the store
// answers and the bus is connected; otherwise an EUnavailable error whose
// message names what is missing (the causes are wrapped, for the log).
func (m *Main) ready(ctx context.Context) error {
	var missing []string
	var causes []error
	if err := m.Checks.Ready(); err != nil {
		missing = append(missing, meridian.MessageOf(err))
		causes = append(causes, err)
	}
	if err := m.DB.Ping(ctx); err != nil {
		missing = append(missing, "the store is unreachable")
		causes = append(causes, err)
	}
	if err := m.Bus.Ready(); err != nil {
		missing = append(missing, "the event bus is disconnected")
		causes = append(causes, err)
	}
	if len(missing) == 0 {
		return nil
	}
	return &meridian.Error{Kind: meridian.EUnavailable, Op: "serve.ready", Message: strings.Join(missing, "; "), Err: errors.Join(causes...)}
}

// registerWorkers registers Meridian's named workers (linking, request
// reminders; analysis and federation will be), then the test's.
func (m *Main) registerWorkers() error {
	linker := &worker.Linker{Store: m.DB, Engine: m.LinkIndex.Engine, Built: m.LinkIndex.Built(), Logger: m.Logger}
	if err := linker.Register(m.Workers); err != nil {
		return err
	}
	m.Reminders = &worker.Reminders{Store: m.DB, Logger: m.Logger}
	if err := m.Reminders.Register(m.Workers); err != nil {
		return err
	}
	if m.RegisterWorkers != nil {
		return m.RegisterWorkers(m.Workers)
	}
	return nil
}

// displayAddr keeps the host the user asked for (localhost) with the port
// actually bound (":0" in tests).
func displayAddr(bound, asked string) string {
	host, _, err := net.SplitHostPort(asked)
	_, port, err2 := net.SplitHostPort(bound)
	if err != nil || err2 != nil || host == "" || host == "0.0.0.0" || host == "::" {
		return bound
	}
	return net.JoinHostPort(host, port)
}

func (m *Main) checkpoints(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := m.DB.CheckpointNow(ctx); err != nil && ctx.Err() == nil {
				m.Logger.Warn("audit checkpoint failed", slog.String("err", err.Error()))
			}
		}
	}
}

// Close stops serving, lets requests in flight finish, relays what the
// outbox still holds, and closes the bus and the store.
func (m *Main) Close() error {
	if m.unlock != nil {
		defer m.unlock()
	}
	if m.metrics != nil {
		m.metrics.Close()
	}
	if m.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		m.http.Shutdown(ctx)
		cancel()
	}
	// A start that failed before serving holds its ports still.
	for _, l := range []net.Listener{m.listener, m.metricsListener} {
		if l != nil {
			l.Close()
		}
	}
	if m.Reminders != nil {
		m.Reminders.Stop()
	}
	if m.Workers != nil {
		// The work in hand finishes and is acknowledged; what does
		// not finish in time is handed out again after its wait.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := m.Workers.Stop(ctx); err != nil {
			m.Logger.Warn("workers did not stop in time", slog.String("err", err.Error()))
		}
		cancel()
	}
	if m.cancel != nil {
		m.cancel()
	}
	m.wg.Wait()
	// The last checkpoint before the outbox is drained: it goes out on the
	// bus to the other instances' witness files too.
	if m.DB != nil && m.DB.Checkpoint > 0 {
		m.DB.CheckpointNow(context.Background())
	}
	if m.DB != nil && m.Bus != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		for {
			n, err := m.DB.RelayOnce(ctx, m.Bus, 500)
			if err != nil || n == 0 {
				break
			}
		}
		cancel()
	}
	if m.Bus != nil {
		m.Bus.Close()
	}
	if m.Embedded != nil {
		m.Embedded.Shutdown()
	}
	if m.DB != nil {
		return m.DB.Close()
	}
	return nil
}

func newLogger(format, level string, w io.Writer) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if strings.ToLower(format) == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	var cfg Config
	fs.StringVar(&cfg.Data, "data", envOr("MERIDIAN_DATA", "./data"), "data directory: SQLite store, audit signing key, embedded NATS store")
	pg := secretVar(fs, "postgres", "MERIDIAN_POSTGRES", "PostgreSQL URL (instead of SQLite in --data)")
	evKey := secretVar(fs, "evidence-key", "MERIDIAN_EVIDENCE_KEY", "key sealing the evidence signing keys in the store, 64 hex digits, the same on every instance (default: DATA/evidence/sealing.key)")
	nats := secretVar(fs, "nats", "MERIDIAN_NATS", "NATS server or cluster URL (otherwise an embedded, in-process server)")
	fs.StringVar(&cfg.Addr, "addr", envOr("MERIDIAN_ADDR", "localhost:8080"), "address to listen on")
	fs.StringVar(&cfg.TLSCert, "tls-cert", "", "TLS certificate file (PEM)")
	fs.StringVar(&cfg.TLSKey, "tls-key", "", "TLS private key file (PEM)")
	fs.BoolVar(&cfg.Demo, "demo", false, "load a demo operation with agencies and users on first start")
	fs.StringVar(&cfg.AdminCountry, "admin-country", "FR", "country of the administration agency created on first start")
	fs.StringVar(&cfg.LogFormat, "log-format", "text", "text or json")
	fs.StringVar(&cfg.LogLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", os.Getenv("MERIDIAN_METRICS_ADDR"), "address of a separate listener for /metrics (the monitoring network); default: metrics not served")
	fs.IntVar(&cfg.NATSReplicas, "nats-replicas", 1, "copies of the event stream on a NATS cluster (3 on a cluster of three or more nodes); with --nats only")
	fs.Float64Var(&cfg.UserRate, "user-rate", 100, "requests a second each user may make on this instance (bursts of ten times that)")
	fs.Int64Var(&cfg.VerifyMaxBytes, "verify-max-bytes", mhttp.DefaultVerifyMaxBytes, "largest evidence package the server verifies (POST /evidence/verify), at most 2 GiB + 64 MiB; larger ones are verified offline")
	pprofAddr := fs.String("pprof", "", "loopback address to serve Go's profiler on (/debug/pprof/), for measuring; default: not served")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *pprofAddr != "" {
		stop, err := servePprof(*pprofAddr)
		if err != nil {
			return err
		}
		defer stop()
	}
	cfg.Postgres, cfg.NATS, cfg.EvidenceKey = pg.Value(), nats.Value(), evKey.Value()
	if cfg.NATSReplicas < 1 || cfg.NATSReplicas > 5 {
		return usageError("--nats-replicas must be between 1 and 5")
	}
	if cfg.NATSReplicas > 1 && cfg.NATS == "" {
		return usageError("--nats-replicas needs --nats: the embedded server is a single node")
	}
	m := &Main{Config: cfg, Stdout: stdout}
	if err := m.Run(ctx); err != nil {
		return err
	}
	<-ctx.Done()
	m.Logger.Info("shutting down")
	return m.Close()
}

// auditVerifier verifies the audit log for the overseers' screen against
// the public keys and the witness file of the data directory, as
// `meridian audit verify` does; nil (no route) when the keys cannot be read.
func (m *Main) auditVerifier() meridian.AuditVerifier {
	keys, err := audit.LoadPublicKeys(m.Config.Data)
	if err != nil {
		m.Logger.Warn("audit verification unavailable: no public keys", slog.String("err", err.Error()))
		return nil
	}
	v := &audit.Service{Open: func() audit.Source { return m.DB.AuditSource() }, Keys: keys, Record: m.DB.AuditVerifyRequest}
	if m.DB.Witness != nil {
		v.Witness = m.DB.Witness.Path()
	}
	return v
}
