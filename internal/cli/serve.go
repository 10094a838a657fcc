package cli

// idporten-wizard serve: the wizard over SSH.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"charm.land/log/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/idporten-wizard/idporten-wizard/hub"
	"github.com/idporten-wizard/idporten-wizard/server"
	"github.com/idporten-wizard/idporten-wizard/storage"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// serveFlags are the flags of `idporten-wizard serve`.
type serveFlags struct {
	listen, hostKey, authorizedKeys, logFormat string
	theme, startups, window                    string
	guide                                      bool
	maxSessions                                int
	idleTimeout, maxSession                    time.Duration
	lim                                        server.Limits
	// The help desk's hub: embedded on hubListen ("off": none), or the
	// external hub; helperCreds for watching over SSH on an external hub.
	hubListen, helpdeskKeys, helperCreds string
	hub                                  hubFlags
}

// serveCmd is `idporten-wizard serve`: an SSH server where every connection
// gets its own wizard.
func serveCmd(g *globals) *cobra.Command {
	f := new(serveFlags)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the wizard over SSH (demos, help desks)",
		Long: "Starts an SSH server where every connection gets its own wizard:\n" +
			"  ssh -p 2222 localhost\n" +
			"Records are saved with \"channel\": \"ssh\". The session's language follows the\n" +
			"client's locale (LC_ALL, LC_MESSAGES or LANG: nn_NO → Nynorsk, nb_NO/no_NO → Bokmål,\n" +
			"en_* → English), else --lang. Every size, count and time a client chooses has a\n" +
			"ceiling (the flags below); SIGTERM, SIGINT or SIGHUP give open sessions\n" +
			"--shutdown-grace to finish, with a countdown on their screens; a second signal\n" +
			"closes at once.",
		Example:      "  idporten-wizard serve\n  idporten-wizard serve --listen 0.0.0.0:2222 --authorized-keys ~/.ssh/authorized_keys",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd, g, *f)
		},
	}
	f.register(cmd.Flags())
	return cmd
}

// register adds serve's flags to fl, each bound to its variable (envName).
func (f *serveFlags) register(fl *pflag.FlagSet) {
	d := server.DefaultLimits
	fl.StringVar(&f.listen, "listen", server.DefaultListen,
		"address to listen on; all interfaces only when asked for, e.g. 0.0.0.0:2222")
	fl.StringVar(&f.hostKey, "host-key", "",
		"ed25519 host key, made on first start; refused if group or others can read it (default "+displayPath(defaultHostKey())+")")
	fl.StringVar(&f.authorizedKeys, "authorized-keys", "",
		"only these public keys get in; without it anyone may connect (a demo)")
	fl.IntVar(&f.maxSessions, "max-sessions", server.DefaultMaxSessions, "most sessions open at once")
	fl.DurationVar(&f.idleTimeout, "idle-timeout", server.DefaultIdleTimeout,
		"end a session after this long without a key press, warning "+ui.IdleWarning.String()+" before")
	fl.DurationVar(&f.maxSession, "max-session", server.DefaultMaxSession, "longest a connection may last (at least 1m)")
	fl.BoolVar(&f.guide, "guide", false,
		"show the help-desk guide panel in every session; without it only guide@host gets it")
	fl.StringVar(&f.theme, "theme", string(ui.ThemeDefault), "colours of every session: default or high-contrast")
	fl.Lookup("theme").DefValue = ""
	fl.StringVar(&f.logFormat, "log-format", "logfmt", "log format: logfmt, json or text")
	fl.DurationVar(&f.lim.ShutdownGrace, "shutdown-grace", d.ShutdownGrace,
		"on SIGTERM/SIGINT/SIGHUP, how long open sessions get to finish, with a countdown on screen")

	// The ceilings on what a client controls (server.Limits).
	fl.IntVar(&f.lim.MaxConnections, "max-connections", d.MaxConnections, "most TCP connections open at once")
	fl.StringVar(&f.startups, "max-startups", d.Startups.String(),
		"unauthenticated connections, start:rate:full as sshd's MaxStartups: from start, drop new ones at random with rate %, all at full")
	fl.IntVar(&f.lim.PerSourceStartups, "per-source-startups", d.PerSourceStartups,
		"most unauthenticated connections from one address")
	fl.IntVar(&f.lim.PerSourceConnections, "per-source-connections", d.PerSourceConnections,
		"most connections open from one address (a room behind one NAT shares it)")
	fl.IntVar(&f.lim.PerSourceSessions, "per-source-sessions", d.PerSourceSessions,
		"most sessions open from one address")
	fl.IntVar(&f.lim.SessionsPerConnection, "sessions-per-connection", d.SessionsPerConnection,
		"most sessions on one connection (sshd's MaxSessions)")
	fl.Float64Var(&f.lim.ConnRate, "conn-rate", d.ConnRate, "new connections per second allowed from one address")
	fl.IntVar(&f.lim.ConnBurst, "conn-burst", d.ConnBurst,
		"connections one address may open at once before --conn-rate applies")
	fl.DurationVar(&f.lim.LoginGrace, "login-grace", d.LoginGrace,
		"time to finish the SSH handshake and log in (at most 2m, OpenSSH's LoginGraceTime)")
	fl.DurationVar(&f.lim.NoSessionTimeout, "no-session-timeout", d.NoSessionTimeout,
		"close a logged-in connection that has no session open for this long")
	fl.DurationVar(&f.lim.KeepAlive, "keepalive", d.KeepAlive, "send a keep-alive this often once a session is open")
	fl.IntVar(&f.lim.KeepAliveMax, "keepalive-count", d.KeepAliveMax,
		"close a connection that leaves this many keep-alives unanswered")
	fl.StringVar(&f.window, "max-window", fmt.Sprintf("%dx%d", d.MaxWidth, d.MaxHeight),
		"largest window drawn, COLUMNSxROWS; a larger client is told so on screen")
	fl.IntVar(&f.lim.MaxEnv, "max-env", d.MaxEnv, "most environment variables a session may send")
	fl.IntVar(&f.lim.MaxEnvBytes, "max-env-bytes", d.MaxEnvBytes, "most bytes of environment (names and values) per session")
	fl.IntVar(&f.lim.MaxRequests, "max-requests", d.MaxRequests, "most requests per session, window changes apart")
	fl.IntVar(&f.lim.WindowChanges, "window-changes", d.WindowChanges, "window changes per second a session may send")
	fl.IntVar(&f.lim.MaxLine, "max-line", d.MaxLine, "line mode: longest answer read, in bytes")

	fl.StringVar(&f.hubListen, "hub-listen", hub.DefaultListen,
		"the embedded help-desk hub's address (kiosks and watch on this machine join it); off for none, or --hub for an external hub")
	fl.StringVar(&f.helpdeskKeys, "helpdesk-keys", "",
		"authorized_keys of the help desk's staff: they log in as helpdesk@host and watch a caller by help code; without it the helpdesk user is refused")
	fl.StringVar(&f.helperCreds, "hub-helper-creds", "",
		"with --hub: the helper credentials (user:password, mode 0600) helpdesk@host watches with")
	f.hub.register(fl, "caller", true)
	for _, name := range []string{"hub-listen", "helpdesk-keys", "hub-helper-creds"} {
		bindEnv(fl, name, envName(name))
	}
	for _, name := range []string{"listen", "host-key", "authorized-keys", "max-sessions", "idle-timeout",
		"max-session", "guide", "theme", "log-format", "shutdown-grace", "max-connections", "max-startups",
		"per-source-startups", "per-source-connections", "per-source-sessions", "sessions-per-connection",
		"conn-rate", "conn-burst", "login-grace", "no-session-timeout", "keepalive", "keepalive-count",
		"max-window", "max-env", "max-env-bytes", "max-requests", "window-changes", "max-line"} {
		bindEnv(fl, name, envName(name))
	}
}

// defaultHostKey is where the host key lives unless told otherwise: in the
// user's configuration folder, never among the records (which the records
// commands read and a help desk may copy).
func defaultHostKey() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "idporten-wizard", "ssh_host_ed25519_key")
}

// displayPath shortens the home folder to ~ for help texts.
func displayPath(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" && strings.HasPrefix(p, home+string(filepath.Separator)) {
		return "~" + p[len(home):]
	}
	return p
}

// config checks the flags and turns them into the server's configuration.
func (f serveFlags) config(st *storage.Store, lang ui.Lang, logger *log.Logger) (server.Config, error) {
	theme, ok := ui.ParseTheme(f.theme)
	if !ok {
		return server.Config{}, fmt.Errorf("unknown theme %q (--theme): use default or high-contrast", f.theme)
	}
	if f.maxSessions < 1 {
		return server.Config{}, fmt.Errorf("--max-sessions %d: must be at least 1", f.maxSessions)
	}
	if f.maxSession < time.Minute {
		return server.Config{}, fmt.Errorf("--max-session %s: must be at least 1m0s", f.maxSession)
	}
	if f.idleTimeout <= ui.IdleWarning {
		return server.Config{}, fmt.Errorf("idle timeout %s (--idle-timeout) must be longer than the %s warning", f.idleTimeout, ui.IdleWarning)
	}
	lim := f.lim
	// A limit of 0 means what it says or is refused, never the default.
	for name, v := range map[string]int{"--max-connections": lim.MaxConnections, "--per-source-startups": lim.PerSourceStartups,
		"--per-source-connections": lim.PerSourceConnections, "--per-source-sessions": lim.PerSourceSessions,
		"--sessions-per-connection": lim.SessionsPerConnection, "--conn-burst": lim.ConnBurst,
		"--keepalive-count": lim.KeepAliveMax, "--max-env": lim.MaxEnv, "--max-env-bytes": lim.MaxEnvBytes,
		"--max-requests": lim.MaxRequests, "--window-changes": lim.WindowChanges, "--max-line": lim.MaxLine} {
		if v < 1 {
			return server.Config{}, fmt.Errorf("%s %d: must be at least 1", name, v)
		}
	}
	if lim.ConnRate <= 0 {
		return server.Config{}, fmt.Errorf("--conn-rate %g: must be above zero", lim.ConnRate)
	}
	var err error
	if lim.Startups, err = server.ParseStartups(f.startups); err != nil {
		return server.Config{}, fmt.Errorf("--max-startups: %w", err)
	}
	if lim.MaxWidth, lim.MaxHeight, err = server.ParseSize(f.window); err != nil {
		return server.Config{}, fmt.Errorf("--max-window: %w", err)
	}
	for name, v := range map[string]time.Duration{"--shutdown-grace": lim.ShutdownGrace, "--login-grace": lim.LoginGrace,
		"--no-session-timeout": lim.NoSessionTimeout, "--keepalive": lim.KeepAlive} {
		if v <= 0 {
			return server.Config{}, fmt.Errorf("%s %s: must be above zero", name, v)
		}
	}
	return server.Config{
		Listen: f.listen, HostKeyPath: f.hostKey, AuthorizedKeys: f.authorizedKeys,
		MaxSessions: f.maxSessions, IdleTimeout: f.idleTimeout, IdleWarning: ui.IdleWarning,
		MaxSession: f.maxSession, Limits: lim, Lang: lang, Store: st, NewID: storage.NewID,
		Logger: logger, Theme: theme, Guide: f.guide,
	}, nil
}

// runServe checks the flags, starts the server and serves until a signal or
// the end of cmd's context, then gives open sessions --shutdown-grace.
func runServe(cmd *cobra.Command, g *globals, f serveFlags) error {
	ctx := cmd.Context()
	st, lang, err := g.open()
	if err != nil {
		return err
	}
	logger := log.NewWithOptions(cmd.ErrOrStderr(), log.Options{ReportTimestamp: true, Prefix: "idporten-wizard"})
	switch f.logFormat {
	case "logfmt":
		logger.SetFormatter(log.LogfmtFormatter)
	case "json":
		logger.SetFormatter(log.JSONFormatter)
	case "text":
		logger.SetFormatter(log.TextFormatter)
	default:
		return fmt.Errorf("unknown log format %q (--log-format): use logfmt, json or text", f.logFormat)
	}
	if err := checkWritable(st.Dir()); err != nil {
		return err
	}
	if f.hostKey, err = hostKeyPath(f.hostKey, st.Dir(), logger); err != nil {
		return err
	}
	cfg, err := f.config(st, lang, logger)
	if err != nil {
		return err
	}
	cfg.MaxConnections = fitFileLimit(cfg.MaxConnections, logger)
	closeHub, err := f.startHub(g, &cfg, logger)
	switch {
	case err != nil && f.hub.url == "" && f.helpdeskKeys == "":
		// The embedded hub is a convenience: without it (its port taken,
		// say) the wizard runs on, and the help key says the help desk
		// is not available.
		logger.Warn("hub not started: the help key will say the help desk is not available", "err", err)
	case err != nil:
		return err
	default:
		defer closeHub()
	}
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	ln, err := srv.Listen()
	if err != nil {
		return err
	}
	fp, _ := srv.Fingerprint()
	auth := "anyone (demo)"
	if f.authorizedKeys != "" {
		auth = "authorized keys only"
	}
	logger.Info("server start", "listen", ln.Addr().String(), "host_key", fp, "auth", auth,
		"max_sessions", cfg.MaxSessions, "max_connections", cfg.MaxConnections,
		"idle_timeout", f.idleTimeout.String(), "data_dir", st.Dir())

	// SIGTERM, SIGINT and SIGHUP all close gracefully (a countdown on every
	// screen); a second one while counting down closes at once.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	// A save cut short (where the store needs a temp name) holds personal
	// data: swept every minute while the server runs, not just at start.
	sweep := time.NewTicker(time.Minute)
	defer sweep.Stop()
	go func() {
		for range sweep.C {
			if n, err := st.SweepTemps(storage.StaleTempAge); n > 0 || err != nil {
				logger.Warn("unfinished saves removed", "files", n, "err", err)
			}
		}
	}()
	select {
	case err := <-served:
		return err
	case sig := <-sigs:
		logger.Info("server stopping", "signal", sig.String(), "open_sessions", srv.Active(),
			"grace", cfg.ShutdownGrace.String())
	case <-ctx.Done():
		logger.Info("server stopping", "open_sessions", srv.Active(), "grace", cfg.ShutdownGrace.String())
	}
	sctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case sig := <-sigs:
			logger.Warn("second signal: closing now", "signal", sig.String())
			cancel()
		case <-sctx.Done():
		}
	}()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Warn("server stopped before all sessions ended", "err", err)
	}
	logger.Info("server stop")
	return nil
}

// checkWritable refuses a data folder the server cannot save in, at start
// rather than at the first person's receipt.
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("data directory %s: the server could not save registrations there: %w", dir, err)
	}
	name := f.Name()
	_ = f.Close()
	return os.Remove(name)
}

// hostKeyPath is the host key to use: the one asked for, or the default.
// It is never inside the data folder; a key left there by an earlier
// version (<data-dir>/ssh_host_ed25519) is moved to the default place, so
// clients keep trusting the same key.
func hostKeyPath(asked, dataDir string, logger *log.Logger) (string, error) {
	path := asked
	if path == "" {
		if path = defaultHostKey(); path == "" {
			return "", errors.New("no folder for the host key: set --host-key")
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(dataDir, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("host key %s is inside the data directory %s, which holds the records: put it elsewhere (--host-key)", abs, dataDir)
	}
	old := filepath.Join(dataDir, "ssh_host_ed25519")
	if asked == "" {
		if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
			if _, err := os.Stat(old); err == nil {
				if err := moveFile(old, abs); err != nil {
					return "", fmt.Errorf("moving the host key out of the data directory: %w", err)
				}
				logger.Info("host key moved out of the data directory", "from", old, "to", abs)
			}
		}
	}
	return abs, nil
}

// moveFile moves a file, also across file systems, keeping its mode.
func moveFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return err
	}
	if err := os.Rename(from, to); err == nil {
		return nil
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		_ = os.Remove(to)
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Remove(from)
}
