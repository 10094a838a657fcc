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
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/ratelimiter"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

// Config configures a server. Zero values take the defaults named.
type Config struct {
	// Listen is the address to listen on; default 127.0.0.1:2222.
	Listen string
	// HostKeyPath is the ed25519 host key, generated on first start.
	HostKeyPath string
	// AuthorizedKeys, when set, is an authorized_keys file: only those keys
	// get in. Otherwise anyone may connect (a demo).
	AuthorizedKeys string
	// MaxSessions caps open sessions; default 200.
	MaxSessions int
	// IdleTimeout ends a session after this long without a key press;
	// default 10 minutes. IdleWarning is the countdown before it (≥ 20 s;
	// default 30 s).
	IdleTimeout, IdleWarning time.Duration
	// MaxSession is the longest a connection may last; default 60 minutes.
	MaxSession time.Duration
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
	// RatePerSecond and RateBurst limit new connections per remote
	// address; defaults 1 per second with bursts of 10.
	RatePerSecond float64
	RateBurst     int
	// NewModel builds a session's wizard; default ui.New. Tests replace it.
	NewModel func(ui.Options) tea.Model
}

func (c *Config) defaults() {
	if c.Listen == "" {
		c.Listen = "127.0.0.1:2222"
	}
	if c.MaxSessions <= 0 {
		c.MaxSessions = 200
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 10 * time.Minute
	}
	if c.IdleWarning <= 0 {
		c.IdleWarning = 30 * time.Second
	}
	if c.MaxSession <= 0 {
		c.MaxSession = 60 * time.Minute
	}
	if c.Lang == "" {
		c.Lang = ui.Nynorsk
	}
	if c.Logger == nil {
		c.Logger = log.Default()
	}
	if c.RatePerSecond <= 0 {
		c.RatePerSecond = 1
	}
	if c.RateBurst <= 0 {
		c.RateBurst = 10
	}
	if c.NewModel == nil {
		c.NewModel = func(o ui.Options) tea.Model { return ui.New(o) }
	}
}

// GuideUser is the SSH user name that shows the help-desk guide panel:
// ssh -p 2222 guide@host.
const GuideUser = "guide"

// Server is the SSH server of the wizard.
type Server struct {
	cfg     Config
	ssh     *ssh.Server
	log     *log.Logger
	seq     atomic.Uint64 // session numbers, for the log
	active  atomic.Int64  // sessions running a wizard
	closing atomic.Bool
	limiter ratelimiter.RateLimiter

	mu       sync.Mutex
	programs map[uint64]*tea.Program
	lines    map[uint64]context.CancelCauseFunc // line-mode sessions
	sessions sync.WaitGroup
}

// New builds a server; it does not listen yet.
func New(cfg Config) (*Server, error) {
	cfg.defaults()
	if cfg.Store == nil || cfg.NewID == nil {
		return nil, errors.New("server: Store and NewID are required")
	}
	s := &Server{cfg: cfg, log: cfg.Logger, programs: map[uint64]*tea.Program{},
		lines:   map[uint64]context.CancelCauseFunc{},
		limiter: ratelimiter.NewRateLimiter(rate.Limit(cfg.RatePerSecond), cfg.RateBurst, 10_000)}
	opts := []ssh.Option{
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPath(cfg.HostKeyPath),
		// Backstops behind the wizard's own timer: the SSH idle timeout is
		// reset by any traffic, so the app counts key presses itself.
		wish.WithIdleTimeout(cfg.IdleTimeout + 2*time.Minute),
		wish.WithMaxTimeout(cfg.MaxSession),
		wish.WithMiddleware(s.sessionHandler),
		wish.WithSubsystem("sftp", s.refuseSubsystem),
	}
	if cfg.AuthorizedKeys != "" {
		if _, err := os.Stat(cfg.AuthorizedKeys); err != nil {
			return nil, fmt.Errorf("server: authorized keys: %w", err)
		}
		opts = append(opts, wish.WithAuthorizedKeys(cfg.AuthorizedKeys))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	// No port or agent forwarding: the handlers for them are left unset,
	// which makes the SSH library refuse those requests.
	srv.LocalPortForwardingCallback = nil
	srv.ReversePortForwardingCallback = nil
	s.ssh = srv
	return s, nil
}

// Fingerprint returns the SHA-256 fingerprint of the host key, as ssh
// shows it, for the start-up log.
func (s *Server) Fingerprint() (string, error) {
	pem, err := os.ReadFile(s.cfg.HostKeyPath)
	if err != nil {
		return "", err
	}
	signer, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		return "", err
	}
	return gossh.FingerprintSHA256(signer.PublicKey()), nil
}

// Serve accepts connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	err := s.ssh.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Listen opens the configured address.
func (s *Server) Listen() (net.Listener, error) { return net.Listen("tcp", s.cfg.Listen) }

// Shutdown stops taking sessions (a late one is told the server is
// closing), tells every open session so (a save in flight finishes first),
// waits for them to end until ctx is done, and then closes the listener
// and whatever is left. The SSH library's own Shutdown would cancel the
// sessions at once, so it comes last.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closing.Store(true)
	s.mu.Lock()
	for _, p := range s.programs {
		p.Send(ui.ShutdownMsg{})
	}
	for _, cancel := range s.lines {
		cancel(ui.ErrServerClosing)
	}
	s.mu.Unlock()

	done := make(chan struct{})
	go func() { s.sessions.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if cerr := s.ssh.Close(); err == nil && cerr != nil && !errors.Is(cerr, net.ErrClosed) {
		err = cerr
	}
	return err
}

// Active returns the number of sessions running a wizard.
func (s *Server) Active() int { return int(s.active.Load()) }
