package cli

// Tests of serve's flags and variables as far as the server's
// configuration, without starting a server.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/server"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// serveConfig parses args and environ as serve does and returns the
// server's configuration.
func serveConfig(t *testing.T, environ []string, args ...string) (server.Config, error) {
	t.Helper()
	fl, _, f := serveFlagSet()
	if err := parse(fl, environ, args...); err != nil {
		return server.Config{}, err
	}
	return f.config(nil, ui.Nynorsk, nil)
}

// TestServeConfigDefaults: without flags, every limit is the server's
// default (server.DefaultLimits), and the idle warning is ui.IdleWarning.
func TestServeConfigDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := serveConfig(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := server.DefaultLimits
	want.SaveGrace = 0 // no flag: the server's default applies
	if cfg.Limits != want {
		t.Errorf("limits\n %+v\nwant\n %+v", cfg.Limits, want)
	}
	if cfg.Listen != "127.0.0.1:2222" || cfg.MaxSessions != 200 || cfg.IdleTimeout != 10*time.Minute ||
		cfg.IdleWarning != ui.IdleWarning || cfg.MaxSession != time.Hour || cfg.Theme != ui.ThemeDefault ||
		cfg.Guide || cfg.HostKeyPath != "" || cfg.AuthorizedKeys != "" || cfg.Lang != ui.Nynorsk || cfg.NewID == nil {
		t.Errorf("config %+v", cfg)
	}
}

// TestServeConfigFromFlags: each flag reaches its field of the server's
// configuration; its variable does the same.
func TestServeConfigFromFlags(t *testing.T) {
	t.Parallel()
	args := []string{"--listen", "0.0.0.0:2022", "--host-key", "/keys/host", "--authorized-keys", "/keys/ok",
		"--max-sessions", "7", "--idle-timeout", "2m", "--max-session", "20m", "--guide", "--theme", "high-contrast",
		"--shutdown-grace", "5s", "--max-connections", "11", "--max-startups", "12:40:90", "--per-source-startups", "13",
		"--per-source-connections", "14", "--per-source-sessions", "15", "--sessions-per-connection", "16",
		"--conn-rate", "2.5", "--conn-burst", "17", "--login-grace", "18s", "--no-session-timeout", "19s",
		"--keepalive", "21s", "--keepalive-count", "22", "--max-window", "500x200", "--max-env", "23",
		"--max-env-bytes", "24000", "--max-requests", "25", "--window-changes", "26", "--max-line", "2700"}
	want := server.Limits{
		MaxConnections: 11, Startups: server.Startups{Start: 12, Rate: 40, Full: 90}, PerSourceStartups: 13,
		PerSourceConnections: 14, PerSourceSessions: 15, SessionsPerConnection: 16, ConnRate: 2.5, ConnBurst: 17,
		LoginGrace: 18 * time.Second, NoSessionTimeout: 19 * time.Second, KeepAlive: 21 * time.Second, KeepAliveMax: 22,
		MaxWidth: 500, MaxHeight: 200, MaxEnv: 23, MaxEnvBytes: 24000, MaxRequests: 25, WindowChanges: 26, MaxLine: 2700,
		ShutdownGrace: 5 * time.Second,
	}
	// The same from the variables: "--max-env-bytes" is
	// IDPORTEN_WIZARD_MAX_ENV_BYTES, "--guide" with no value is "true".
	var environ []string
	for i := 0; i < len(args); i++ {
		name := strings.TrimPrefix(args[i], "--")
		value := "true"
		if i+1 < len(args) && !strings.HasPrefix(args[i+1], "--") {
			value = args[i+1]
			i++
		}
		environ = append(environ, envName(name)+"="+value)
	}
	for how, run := range map[string]func() (server.Config, error){
		"flags":     func() (server.Config, error) { return serveConfig(t, nil, args...) },
		"variables": func() (server.Config, error) { return serveConfig(t, environ) },
	} {
		cfg, err := run()
		if err != nil {
			t.Fatalf("%s: %v", how, err)
		}
		if cfg.Limits != want {
			t.Errorf("%s: limits\n %+v\nwant\n %+v", how, cfg.Limits, want)
		}
		if cfg.Listen != "0.0.0.0:2022" || cfg.HostKeyPath != "/keys/host" || cfg.AuthorizedKeys != "/keys/ok" ||
			cfg.MaxSessions != 7 || cfg.IdleTimeout != 2*time.Minute || cfg.MaxSession != 20*time.Minute ||
			!cfg.Guide || cfg.Theme != ui.ThemeHighContrast {
			t.Errorf("%s: config %+v", how, cfg)
		}
	}
	// sshd's form of the default, and a size in capitals.
	cfg, err := serveConfig(t, nil, "--max-startups", "64:30:256", "--max-window", "500X200")
	if err != nil || cfg.Startups != (server.Startups{Start: 64, Rate: 30, Full: 256}) || cfg.MaxWidth != 500 || cfg.MaxHeight != 200 {
		t.Errorf("--max-startups 64:30:256 --max-window 500X200: %+v, %v", cfg.Limits, err)
	}
	if cfg, err := serveConfig(t, nil, "--max-startups", "40"); err != nil || cfg.Startups != (server.Startups{Start: 40, Rate: 100, Full: 40}) {
		t.Errorf("--max-startups 40: %+v, %v", cfg.Startups, err)
	}
}

// TestServeConfigRefusals: a limit of 0 (or below) is refused, never
// replaced by the default, and so is a value that cannot work, each naming
// its flag.
func TestServeConfigRefusals(t *testing.T) {
	t.Parallel()
	type refusal struct {
		args []string
		want string
	}
	tests := []refusal{
		{[]string{"--max-sessions", "0"}, "--max-sessions 0: must be at least 1"},
		{[]string{"--max-sessions", "-3"}, "--max-sessions -3: must be at least 1"},
		{[]string{"--max-session", "0"}, "--max-session 0s: must be at least 1m0s"},
		{[]string{"--max-session", "30s"}, "--max-session 30s: must be at least 1m0s"},
		{[]string{"--conn-rate", "0"}, "--conn-rate 0: must be above zero"},
		{[]string{"--conn-rate", "-1.5"}, "--conn-rate -1.5: must be above zero"},
		{[]string{"--idle-timeout", "30s"}, "idle timeout 30s (--idle-timeout) must be longer than the 30s warning"},
		{[]string{"--idle-timeout", "0"}, "idle timeout 0s (--idle-timeout) must be longer than the 30s warning"},
		{[]string{"--theme", "neon"}, `unknown theme "neon" (--theme): use default or high-contrast`},
		{[]string{"--max-startups", "0:30:256"}, `--max-startups: "0:30:256": start must be at least 1, rate at most 100 and full at least start`},
		{[]string{"--max-startups", "many"}, `--max-startups: "many" is not start:rate:full (three whole numbers, e.g. 64:30:256)`},
		{[]string{"--max-window", "0x0"}, `--max-window: "0x0" is not a window size COLUMNSxROWS between 20x10 and 10000x10000 (e.g. 500x200)`},
		{[]string{"--max-window", "500"}, `--max-window: "500" is not a window size`},
	}
	for _, flag := range []string{"max-connections", "per-source-startups", "per-source-connections", "per-source-sessions",
		"sessions-per-connection", "conn-burst", "keepalive-count", "max-env", "max-env-bytes", "max-requests",
		"window-changes", "max-line"} {
		tests = append(tests, refusal{[]string{"--" + flag, "0"}, "--" + flag + " 0: must be at least 1"})
	}
	for _, flag := range []string{"shutdown-grace", "login-grace", "no-session-timeout", "keepalive"} {
		tests = append(tests, refusal{[]string{"--" + flag, "0"}, "--" + flag + " 0s: must be above zero"},
			refusal{[]string{"--" + flag, "-1s"}, "--" + flag + " -1s: must be above zero"})
	}
	for _, tc := range tests {
		_, err := serveConfig(t, nil, tc.args...)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		}
		// From the variable: the same refusal.
		env := envName(strings.TrimPrefix(tc.args[0], "--")) + "=" + tc.args[1]
		if _, err := serveConfig(t, []string{env}); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", env, err, tc.want)
		}
	}
}

// TestServeRefusesBeforeListening: serve run in this process refuses a bad
// value with exit 1 and its message, without opening a port or making a
// host key.
func TestServeRefusesBeforeListening(t *testing.T) {
	t.Parallel()
	key := filepath.Join(t.TempDir(), "host_key")
	for _, tc := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"--max-sessions", "0"}, "--max-sessions 0: must be at least 1."},
		{nil, []string{"--conn-rate", "0"}, "--conn-rate 0: must be above zero."},
		{[]string{"IDPORTEN_WIZARD_MAX_SESSIONS=many"}, nil, `IDPORTEN_WIZARD_MAX_SESSIONS="many" is not a whole number (it sets --max-sessions).`},
		{[]string{"IDPORTEN_WIZARD_CONN_RATE=fast"}, nil, `IDPORTEN_WIZARD_CONN_RATE="fast" is not a number (it sets --conn-rate).`},
		{nil, []string{"--log-format", "xml"}, `Unknown log format "xml" (--log-format): use logfmt, json or text.`},
		{[]string{envLang + "=sv"}, nil, `Unknown language "sv" (--lang): use nn, nb or en.`},
		{nil, []string{"extra"}, `Unknown command "extra" for "idporten-wizard serve".`},
	} {
		args := append([]string{"serve", "--listen", "127.0.0.1:0", "--host-key", key}, tc.args...)
		res := run(t, dataEnv(t, tc.env...), "", args...)
		if res.code != 1 || !strings.Contains(squash(res.stderr), squash(tc.want)) {
			t.Errorf("%v %v: exit %d, stderr:\n%s\nwant 1 and %q", tc.env, tc.args, res.code, res.stderr, tc.want)
		}
		if strings.Contains(res.stderr, "server start") {
			t.Errorf("%v %v: the server started:\n%s", tc.env, tc.args, res.stderr)
		}
	}
	if _, err := os.Stat(key); err == nil {
		t.Error("a refused serve made a host key")
	}
}

// TestServeHelp: serve's help names the idle warning from ui.IdleWarning
// and the default of every limit from server.DefaultLimits.
func TestServeHelp(t *testing.T) {
	t.Parallel()
	res := run(t, nil, "", "serve", "--help")
	d := server.DefaultLimits
	for flag, want := range map[string]string{
		"idle-timeout":  "warning " + ui.IdleWarning.String() + " before",
		"max-startups":  "(" + d.Startups.String() + ")",
		"max-window":    "(240x80)",
		"conn-burst":    "(64)",
		"max-env-bytes": "(16384)",
	} {
		if line, ok := flagLine(res.stdout, flag); !ok || !strings.Contains(line, want) {
			t.Errorf("--%s: %q lacks %q", flag, line, want)
		}
	}
}
