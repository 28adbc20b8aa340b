package nats

import (
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"meridian"
)

// readyTimeout bounds how long StartEmbedded waits for the server,
// including JetStream recovering its streams from disk.
const readyTimeout = 10 * time.Second

// Embedded is an in-process NATS server with JetStream, storing under dir.
type Embedded struct {
	srv  *server.Server
	url  string
	once sync.Once
}

// StartEmbedded starts it. With listen == "" it accepts in-process
// connections only: no TCP port, so nothing to secure. Otherwise it also
// listens on listen, which must be a loopback address ("127.0.0.1:0" picks
// a free port), because that port has neither authentication nor TLS.
//
// Every write is fsynced before it is acknowledged: a single node has no
// replica to fall back on, and the outbox relay deletes its row on the ack.
func StartEmbedded(dir, listen string, logger *slog.Logger) (*Embedded, error) {
	const op = "nats.StartEmbedded"
	if logger == nil {
		logger = slog.Default()
	}
	if dir == "" {
		return nil, meridian.Invalidf(op, "dir", "store directory is required")
	}
	opts := &server.Options{
		ServerName: "meridian-embedded",
		JetStream:  true,
		StoreDir:   dir,
		SyncAlways: true,
		NoSigs:     true,
		DontListen: listen == "",
	}
	if listen != "" {
		host, port, err := loopback(listen)
		if err != nil {
			return nil, meridian.Invalidf(op, "listen", "%v", err)
		}
		opts.Host, opts.Port = host, port
	}

	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "cannot start event bus", Err: err}
	}
	sl := &serverLogger{log: logger.With(slog.String("component", "nats-server"))}
	srv.SetLoggerV2(sl, false, false, false)
	go srv.Start()
	if !srv.ReadyForConnections(readyTimeout) || !srv.JetStreamEnabled() {
		srv.Shutdown()
		srv.WaitForShutdown()
		cause := fmt.Errorf("nats: server not ready after %s", readyTimeout)
		if f := sl.fatal(); f != "" {
			cause = fmt.Errorf("nats: %s", f)
		}
		return nil, &meridian.Error{Kind: meridian.EUnavailable, Op: op, Message: "cannot start event bus", Err: cause}
	}
	e := &Embedded{srv: srv}
	if listen != "" {
		e.url = srv.ClientURL()
	}
	logger.Info("nats: embedded server ready", slog.String("dir", dir), slog.String("url", e.url))
	return e, nil
}

// loopback splits listen and refuses any host that is not loopback.
func loopback(listen string) (string, int, error) {
	host, p, err := net.SplitHostPort(listen)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("invalid port %q", p)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", 0, fmt.Errorf("host %q is not loopback; the embedded server has no authentication", host)
	}
	return host, port, nil
}

// ClientURL returns the TCP URL clients connect to, "" when in-process only.
func (e *Embedded) ClientURL() string { return e.url }

// Shutdown stops the server and waits until it has stopped. It is safe to
// call more than once.
func (e *Embedded) Shutdown() {
	e.once.Do(func() {
		e.srv.Shutdown()
		e.srv.WaitForShutdown()
	})
}

// serverLogger routes the server's printf-style log into slog. It keeps the
// last fatal message, because Start reports a failure to enable JetStream
// only through the logger.
type serverLogger struct {
	log *slog.Logger

	mu        sync.Mutex
	lastFatal string
}

// Noticef is the server's chatter (banner, limits, startup steps): debug
// for us, so that Meridian's own log stays readable.
func (l *serverLogger) Noticef(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Warnf(format string, v ...any)   { l.log.Warn(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Errorf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Debugf(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Tracef(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }

// Fatalf logs and records; it does not exit, since the server is a library
// inside Meridian and StartEmbedded reports the failure as an error.
func (l *serverLogger) Fatalf(format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	l.mu.Lock()
	l.lastFatal = msg
	l.mu.Unlock()
	l.log.Error(msg, slog.Bool("fatal", true))
}

func (l *serverLogger) fatal() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastFatal
}
