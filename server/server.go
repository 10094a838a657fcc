// Package server serves the wizard over SSH for demos and help desks: every
// connection gets its own wizard (the same root model as the local one),
// many people at once, each alone, each saving their own record.
//
// A client asking for the accessible line mode (ACCESSIBLE=1, or TERM=dumb
// in its environment or its PTY request) gets plain line prompts instead,
// also without a PTY, so a script can pipe its answers.
//
// The server refuses what it does not offer with a one-line message in the
// session's language (no PTY outside the line mode, exec commands,
// subsystems), caps the number of sessions, limits the connection rate per
// address, ends a session after a period without key presses (with a
// warning first), says sorry when a session's program panics, and on
// shutdown lets saves in flight finish. Its logs name sessions by number
// and never hold personal data.
package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

// Config configures a server. Zero values take the defaults named.
type Config struct {
	// Listen is the address to listen on; default 127.0.0.1:2222.
	Listen string
	// HostKeyPath is the ed25519 host key, made on first start (see
	// LoadHostKey). It must not be in the records' folder.
	HostKeyPath string
	// AuthorizedKeys, when set, is an authorized_keys file: only those keys
	// get in. Otherwise anyone may connect (a demo).
	AuthorizedKeys string
	// MaxSessions caps open sessions; default 200.
	MaxSessions int
	// IdleTimeout ends a session after this long without a key press;
	// default 10 minutes. IdleWarning is the countdown before it (≥ 20 s;
	// default ui.IdleWarning).
	IdleTimeout, IdleWarning time.Duration
	// Clock times the sessions' inactivity warnings and timeouts and a
	// shutdown's deadline; the real clock when nil (tests move their own).
	Clock ui.Clock
	// MaxSession is the longest a connection may last; default 60 minutes.
	MaxSession time.Duration
	// Limits are the ceilings on what a client controls; zero ones take
	// DefaultLimits.
	Limits
	// Lang is the language when the client's LANG names none of ours.
	Lang ui.Lang
	// Guide shows the help-desk guide panel in every session; without it,
	// sessions logged in as GuideUser (ssh guide@host) get it.
	Guide bool
	// Theme is the wizard's colour theme (NO_COLOR from a client still
	// turns colour off).
	Theme ui.Theme
	// Store saves records; NewID makes their ids. Required.
	Store ui.Store
	NewID func() string
	// Logger receives the server's log; default log.Default().
	Logger *log.Logger
	// NewModel builds a session's wizard; default ui.New. Tests replace it.
	NewModel func(ui.Options) tea.Model
	// HelpDesk, when set, gives every wizard the help key (F2): its
	// journey shared, masked, with the help desk (package hub).
	HelpDesk ui.HelpDesk
	// HelpdeskKeys is an authorized_keys file of the help desk's staff:
	// they log in as HelpdeskUser, give a caller's help code and watch
	// (Join). Without it HelpdeskUser is refused, whoever asks.
	HelpdeskKeys string
	// Join finds a caller by help code, for HelpdeskUser's sessions.
	Join func(code string) (ui.WatchFeed, error)
}

// The server's defaults, the one place each is written (the command
// line's flags show these).
const (
	DefaultListen      = "127.0.0.1:2222"
	DefaultMaxSessions = 200
	DefaultIdleTimeout = 10 * time.Minute
	DefaultMaxSession  = 60 * time.Minute
)

func (c *Config) defaults() {
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if c.MaxSessions == 0 {
		c.MaxSessions = DefaultMaxSessions
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.IdleWarning == 0 {
		c.IdleWarning = ui.IdleWarning
	}
	if c.Clock == nil {
		c.Clock = ui.RealClock
	}
	if c.MaxSession == 0 {
		c.MaxSession = DefaultMaxSession
	}
	c.Limits = c.Limits.withDefaults()
	if c.Lang == "" {
		c.Lang = ui.Nynorsk
	}
	if c.Logger == nil {
		c.Logger = log.Default()
	}
	if c.NewModel == nil {
		c.NewModel = func(o ui.Options) tea.Model { return ui.New(o) }
	}
}

// check refuses a configuration that cannot work.
func (c *Config) check() error {
	var errs []error
	if c.Store == nil || c.NewID == nil {
		errs = append(errs, errors.New("server: Store and NewID are required"))
	}
	if c.MaxSessions < 1 {
		errs = append(errs, fmt.Errorf("max sessions %d: must be at least 1", c.MaxSessions))
	}
	if c.IdleTimeout <= c.IdleWarning {
		errs = append(errs, fmt.Errorf("idle timeout %s must be longer than the %s warning", c.IdleTimeout, c.IdleWarning))
	}
	if c.MaxSession < time.Minute {
		errs = append(errs, fmt.Errorf("max session %s: at least 1m0s", c.MaxSession))
	}
	if c.HostKeyPath == "" {
		errs = append(errs, errors.New("a host key path is required"))
	}
	return errors.Join(append(errs, c.Limits.check())...)
}

// GuideUser is the SSH user name that shows the help-desk guide panel:
// ssh -p 2222 guide@host.
const GuideUser = "guide"

// HelpdeskUser is the SSH user name of the help desk's staff: ssh -p 2222
// helpdesk@host asks for a caller's help code and shows their journey. Only
// keys in Config.HelpdeskKeys log in as it; it is never open to anyone.
const HelpdeskUser = "helpdesk"

// Server is the SSH server of the wizard.
type Server struct {
	cfg     Config
	lim     Limits
	ssh     *ssh.Server
	log     *log.Logger
	signer  gossh.Signer
	gate    *gate
	seq     atomic.Uint64 // session numbers, for the log
	connSeq atomic.Uint64 // connection numbers, for the log
	active  atomic.Int64  // sessions running a wizard
	closing atomic.Bool
	refused refusalLog

	mu        sync.Mutex
	codeTries map[string][]time.Time // wrong help codes per help-desk key
	listeners []net.Listener
	programs  map[uint64]*tea.Program
	lines     map[uint64]chan<- time.Time // line-mode sessions: the shutdown deadline
	deadline  time.Time                   // set when Shutdown starts
	sessions  sync.WaitGroup
}

// New builds a server; it does not listen yet. It refuses a configuration
// that cannot work and a host key that is unsafe or unreadable.
func New(cfg Config) (*Server, error) {
	cfg.defaults()
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	signer, created, err := LoadHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if created {
		cfg.Logger.Info("host key made", "path", cfg.HostKeyPath)
	}
	s := &Server{cfg: cfg, lim: cfg.Limits, log: cfg.Logger, signer: signer, gate: newGate(cfg.Limits),
		programs: map[uint64]*tea.Program{}, lines: map[uint64]chan<- time.Time{}}
	s.refused.limiter = rate.NewLimiter(refusalRate, refusalBurst)
	opts := []ssh.Option{
		// The host key first: without one, wish makes a key of its own in
		// the working folder.
		func(srv *ssh.Server) error { srv.HostSigners = []ssh.Signer{signer}; return nil },
		wish.WithAddress(cfg.Listen),
		// Backstops behind the wizard's own timer: the SSH idle timeout is
		// reset by any traffic, so the app counts key presses itself.
		wish.WithIdleTimeout(cfg.IdleTimeout + 2*time.Minute),
		wish.WithMaxTimeout(cfg.MaxSession),
		wish.WithMiddleware(s.sessionHandler),
		wish.WithSubsystem("sftp", s.refuseSubsystem),
	}
	for name, path := range map[string]string{"authorized keys": cfg.AuthorizedKeys, "help-desk keys": cfg.HelpdeskKeys} {
		if path == "" {
			continue
		}
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("server: %s: %w", name, err)
		}
	}
	if cfg.HelpdeskKeys != "" && cfg.Join == nil {
		return nil, errors.New("server: help-desk keys without a hub to join callers on")
	}
	// Public keys: HelpdeskUser's must be in HelpdeskKeys; anyone else's in
	// AuthorizedKeys, or any key in a demo. A demo also lets in a client
	// with no key at all (auth "none", see serverConfig), but never as
	// HelpdeskUser.
	opts = append(opts, wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
		switch {
		case ctx.User() == HelpdeskUser:
			return cfg.HelpdeskKeys != "" && keyListed(cfg.HelpdeskKeys, key)
		case cfg.AuthorizedKeys != "":
			return keyListed(cfg.AuthorizedKeys, key)
		}
		return true
	}))
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	srv.HandshakeTimeout = s.lim.LoginGrace
	srv.ConnCallback = s.onConnect
	srv.ServerConfigCallback = s.serverConfig
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	// No port or agent forwarding: the handlers for port forwarding are
	// left unset, which makes the SSH library refuse those requests, and
	// the session guard refuses the agent (see guardedChannel).
	srv.LocalPortForwardingCallback = nil
	srv.ReversePortForwardingCallback = nil
	s.ssh = srv
	return s, nil
}

// KeyExchanges are the key exchanges the server offers: post-quantum
// hybrid and elliptic-curve ones, and the finite-field groups with SHA-2;
// nothing with SHA-1.
var KeyExchanges = []string{
	gossh.KeyExchangeMLKEM768X25519, gossh.KeyExchangeCurve25519,
	gossh.KeyExchangeECDHP256, gossh.KeyExchangeECDHP384, gossh.KeyExchangeECDHP521,
	gossh.KeyExchangeDH16SHA512, gossh.KeyExchangeDH14SHA256,
}

// MACs are the message authentication codes the server offers: SHA-2 only.
var MACs = []string{
	gossh.HMACSHA256ETM, gossh.HMACSHA512ETM, gossh.HMACSHA256, gossh.HMACSHA512,
}

// serverConfig is each connection's SSH configuration: modern algorithms
// only, at most six tries to log in (sshd's MaxAuthTries), and a log line
// for every failed authentication naming the user tried, never a secret.
func (s *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	tc, _ := ctx.Value(trackedKey{}).(*trackedConn)
	cfg := &gossh.ServerConfig{MaxAuthTries: 6}
	cfg.KeyExchanges = KeyExchanges
	cfg.MACs = MACs
	if s.cfg.AuthorizedKeys == "" {
		// A demo: anyone, with or without a key, but HelpdeskUser only
		// with a listed key.
		cfg.NoClientAuth = true
		cfg.NoClientAuthCallback = func(conn gossh.ConnMetadata) (*gossh.Permissions, error) {
			if conn.User() == HelpdeskUser {
				return nil, errors.New("the help desk logs in with a key")
			}
			return nil, nil
		}
	}
	cfg.AuthLogCallback = func(conn gossh.ConnMetadata, method string, err error) {
		switch {
		case err == nil:
			if tc != nil {
				tc.markAuthenticated()
			}
		case method != "none" && !errors.Is(err, gossh.ErrNoAuth):
			// "none" is every client's first try, not a failure.
			s.log.Warn("auth failed", "conn", connNumber(tc), "remote", remoteIPOf(conn.RemoteAddr()),
				"user", logSafe(conn.User()), "method", method)
		}
	}
	return cfg
}

// onConnect admits a new TCP connection, or closes it at once (no
// handshake, so a flood costs almost nothing) and logs why.
func (s *Server) onConnect(ctx ssh.Context, c net.Conn) net.Conn {
	ip := remoteIPOf(c.RemoteAddr())
	if s.closing.Load() {
		s.logRefusal(ip, refusedClosing)
		return nil
	}
	src, why := s.gate.admit(ip, time.Now())
	if why != "" {
		s.logRefusal(ip, why)
		return nil
	}
	tc := &trackedConn{Conn: c, n: s.connSeq.Add(1), ip: ip, opened: time.Now(), src: src, g: s.gate,
		idleFor: s.lim.NoSessionTimeout}
	tc.onClosed = func() { s.logClose(tc) }
	tc.onIdle = func() {
		s.log.Info("connection without a session", "conn", tc.n, "remote", ip, "after", s.lim.NoSessionTimeout.String())
		tc.closeFor("no_session")
	}
	ctx.SetValue(trackedKey{}, tc)
	s.log.Info("connection open", "conn", tc.n, "remote", ip)
	return tc
}

// logClose logs the end of a connection.
func (s *Server) logClose(tc *trackedConn) {
	fields := []any{"conn", tc.n, "duration", time.Since(tc.opened).Round(time.Millisecond).String(),
		"authenticated", tc.authed.Load()}
	if why := tc.reason(); why != "" {
		fields = append(fields, "reason", why)
	}
	s.log.Info("connection close", fields...)
}

// logRefusal logs a refused connection or session, at most refusalRate a
// second: under a flood the rest are counted and named with the next line.
func (s *Server) logRefusal(ip, why string) {
	r := &s.refused
	r.mu.Lock()
	if !r.limiter.Allow() {
		r.suppressed++
		r.mu.Unlock()
		return
	}
	n := r.suppressed
	r.suppressed = 0
	r.mu.Unlock()
	fields := []any{"remote", ip, "reason", why}
	if n > 0 {
		fields = append(fields, "suppressed", n)
	}
	s.log.Info("connection refused", fields...)
}

// connNumber is a connection's number for the log, 0 when unknown.
func connNumber(tc *trackedConn) uint64 {
	if tc == nil {
		return 0
	}
	return tc.n
}

// logSafe shortens what a client chose (a user name) for the log: at most
// 64 characters, printable ones only.
func logSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 64 {
		s = string(r[:64]) + "…"
	}
	return s
}

// remoteIPOf is an address without the port.
func remoteIPOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// Fingerprint returns the SHA-256 fingerprint of the host key, as ssh
// shows it, for the start-up log.
func (s *Server) Fingerprint() (string, error) {
	return gossh.FingerprintSHA256(s.signer.PublicKey()), nil
}

// Serve accepts connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	s.listeners = append(s.listeners, l)
	s.mu.Unlock()
	err := s.ssh.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) || s.closing.Load() {
		return nil
	}
	return err
}

// Listen opens the configured address.
func (s *Server) Listen() (net.Listener, error) { return net.Listen("tcp", s.cfg.Listen) }

// Shutdown stops taking connections and tells every open session that the
// server closes in ShutdownGrace, with a countdown on its screen
// («Tenaren stengjer om 60 sekund – fullfør no»): a person can finish, and
// a save in flight at the end gets SaveGrace more. Sessions end by
// themselves at the deadline; whatever is left then (or when ctx is done)
// is closed. The SSH library's own Shutdown would cut them at once, so it
// comes last.
func (s *Server) Shutdown(ctx context.Context) error {
	if !s.closing.CompareAndSwap(false, true) {
		return s.closeNow()
	}
	deadline := s.cfg.Clock.Now().Add(s.lim.ShutdownGrace)
	s.mu.Lock()
	s.deadline = deadline
	for _, l := range s.listeners {
		_ = l.Close() // no new connections
	}
	for _, p := range s.programs {
		p.Send(ui.ShutdownMsg{At: deadline})
	}
	for _, c := range s.lines {
		c <- deadline
	}
	s.mu.Unlock()

	done := make(chan struct{})
	go func() { s.sessions.Wait(); close(done) }()
	wait := s.cfg.Clock.After(s.lim.ShutdownGrace + s.lim.SaveGrace)
	var err error
	select {
	case <-done:
	case <-wait:
		err = fmt.Errorf("%d sessions still open %s after the deadline", s.Active(), s.lim.SaveGrace)
	case <-ctx.Done():
		err = ctx.Err()
	}
	if cerr := s.closeNow(); err == nil && cerr != nil {
		err = cerr
	}
	return err
}

// closeNow closes the listeners and every connection.
func (s *Server) closeNow() error {
	s.closing.Store(true)
	if err := s.ssh.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

// Active returns the number of sessions running a wizard.
func (s *Server) Active() int { return int(s.active.Load()) }

// Connections returns the open connections and, of them, those not yet
// authenticated.
func (s *Server) Connections() (open, unauthenticated int) {
	open, unauthenticated, _ = s.gate.counts()
	return open, unauthenticated
}

// keyListed reports whether key is in the authorized_keys file at path (read
// at each login, so a key added or removed counts at once).
func keyListed(path string, key ssh.PublicKey) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	for len(data) > 0 {
		k, _, _, rest, err := ssh.ParseAuthorizedKey(data)
		if err != nil {
			return false
		}
		if ssh.KeysEqual(k, key) {
			return true
		}
		data = rest
	}
	return false
}
