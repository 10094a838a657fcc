package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"charm.land/log/v2"
	"github.com/spf13/cobra"

	"github.com/idporten-wizard/idporten-wizard/server"
	"github.com/idporten-wizard/idporten-wizard/storage"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// serveFlags are the flags of `idporten-wizard serve`.
type serveFlags struct {
	listen, hostKey, authorizedKeys, logFormat string
	theme                                      string
	guide                                      bool
	maxSessions, connBurst                     int
	connRate                                   float64
	idleTimeout, maxSession, shutdownWait      time.Duration
}

// envOr returns the environment variable's value, or def.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// envDuration returns a duration from the environment, or def.
func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return def
}

// envFloat returns a number from the environment, or def.
func envFloat(name string, def float64) float64 {
	if n, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return n
	}
	return def
}

// envInt returns an integer from the environment, or def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

func serveCmd(g *globalFlags) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the wizard over SSH (demos, help desks)",
		Long: "Starts an SSH server where every connection gets its own wizard:\n" +
			"  ssh -p 2222 localhost\n" +
			"Records are saved with \"channel\": \"ssh\". The session's language follows the\n" +
			"client's LANG (nn_NO → Nynorsk, nb_NO/no_NO → Bokmål), else --lang.",
		Example:      "  idporten-wizard serve\n  idporten-wizard serve --listen 0.0.0.0:2222 --authorized-keys ~/.ssh/authorized_keys",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), *g, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", envOr("IDPORTEN_WIZARD_LISTEN", "127.0.0.1:2222"),
		"address to listen on; all interfaces only when asked for, e.g. 0.0.0.0:2222 (env IDPORTEN_WIZARD_LISTEN)")
	fl.StringVar(&f.hostKey, "host-key", envOr("IDPORTEN_WIZARD_HOST_KEY", ""),
		"ed25519 host key, generated on first start (default <data-dir>/ssh_host_ed25519; env IDPORTEN_WIZARD_HOST_KEY)")
	fl.IntVar(&f.maxSessions, "max-sessions", envInt("IDPORTEN_WIZARD_MAX_SESSIONS", 200),
		"most sessions open at once (env IDPORTEN_WIZARD_MAX_SESSIONS)")
	fl.DurationVar(&f.idleTimeout, "idle-timeout", envDuration("IDPORTEN_WIZARD_IDLE_TIMEOUT", 10*time.Minute),
		"end a session after this long without a key press, warning 30 s before (env IDPORTEN_WIZARD_IDLE_TIMEOUT)")
	fl.DurationVar(&f.maxSession, "max-session", envDuration("IDPORTEN_WIZARD_MAX_SESSION", 60*time.Minute),
		"longest a session may last (env IDPORTEN_WIZARD_MAX_SESSION)")
	fl.StringVar(&f.authorizedKeys, "authorized-keys", envOr("IDPORTEN_WIZARD_AUTHORIZED_KEYS", ""),
		"only these public keys get in; without it anyone may connect (env IDPORTEN_WIZARD_AUTHORIZED_KEYS)")
	fl.Float64Var(&f.connRate, "conn-rate", envFloat("IDPORTEN_WIZARD_CONN_RATE", 1),
		"new connections per second allowed from one address (env IDPORTEN_WIZARD_CONN_RATE)")
	fl.IntVar(&f.connBurst, "conn-burst", envInt("IDPORTEN_WIZARD_CONN_BURST", 10),
		"connections one address may open at once before --conn-rate applies (env IDPORTEN_WIZARD_CONN_BURST)")
	fl.BoolVar(&f.guide, "guide", os.Getenv("IDPORTEN_WIZARD_GUIDE") != "",
		"show the help-desk guide panel in every session; without it only guide@host gets it (env IDPORTEN_WIZARD_GUIDE)")
	fl.StringVar(&f.theme, "theme", envOr("IDPORTEN_WIZARD_THEME", string(ui.ThemeDefault)),
		"colours of every session: default or high-contrast (env IDPORTEN_WIZARD_THEME)")
	fl.StringVar(&f.logFormat, "log-format", envOr("IDPORTEN_WIZARD_LOG_FORMAT", "logfmt"),
		"log format: logfmt, json or text (env IDPORTEN_WIZARD_LOG_FORMAT)")
	fl.DurationVar(&f.shutdownWait, "shutdown-wait", 20*time.Second,
		"on SIGINT/SIGTERM, how long open sessions get to finish saving")
	return cmd
}

// idleWarning is the countdown before an idle session ends: the wizard's.
const idleWarning = ui.IdleWarning

func runServe(ctx context.Context, g globalFlags, f serveFlags) error {
	st, lang, err := g.open()
	if err != nil {
		return err
	}
	logger := log.NewWithOptions(os.Stderr, log.Options{ReportTimestamp: true, Prefix: "idporten-wizard"})
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
	if f.idleTimeout <= idleWarning {
		return fmt.Errorf("idle timeout %s (--idle-timeout) must be longer than the %s warning", f.idleTimeout, idleWarning)
	}
	theme, ok := ui.ParseTheme(f.theme)
	if !ok {
		return fmt.Errorf("unknown theme %q (--theme): use default or high-contrast", f.theme)
	}
	if f.connRate <= 0 || f.connBurst <= 0 {
		return fmt.Errorf("connection rate (--conn-rate) and burst (--conn-burst) must be above zero")
	}
	if f.hostKey == "" {
		f.hostKey = filepath.Join(st.Dir(), "ssh_host_ed25519")
	}
	srv, err := server.New(server.Config{
		Listen: f.listen, HostKeyPath: f.hostKey, AuthorizedKeys: f.authorizedKeys,
		MaxSessions: f.maxSessions, IdleTimeout: f.idleTimeout, IdleWarning: idleWarning,
		MaxSession: f.maxSession, Lang: lang, Store: st, NewID: storage.NewID, Logger: logger,
		RatePerSecond: f.connRate, RateBurst: f.connBurst, Theme: theme, Guide: f.guide,
	})
	if err != nil {
		return err
	}
	ln, err := srv.Listen()
	if err != nil {
		return err
	}
	fp, err := srv.Fingerprint()
	if err != nil {
		return fmt.Errorf("host key: %w", err)
	}
	auth := "anyone (demo)"
	if f.authorizedKeys != "" {
		auth = "authorized keys only"
	}
	logger.Info("server start", "listen", ln.Addr().String(), "host_key", fp, "auth", auth,
		"max_sessions", f.maxSessions, "idle_timeout", f.idleTimeout.String(), "data_dir", st.Dir())

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("server stopping", "open_sessions", srv.Active())
	sctx, cancel := context.WithTimeout(context.Background(), f.shutdownWait)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Warn("server stopped before all sessions ended", "err", err)
	}
	logger.Info("server stop")
	return nil
}
