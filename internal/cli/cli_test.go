package cli

// Tests of the whole command line run in this process (Run): exit codes,
// refusals and help. None builds the binary; the root package's tests do,
// and run it in a real terminal.

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// result is one run of the command line.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the command line in this process with environ as its whole
// environment and stdin (not a terminal) as standard input. A run that
// would start the full-screen wizard is ended after 10 s (it should never
// get that far here).
func run(t *testing.T, environ []string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code := Run(ctx, Process{Version: "1.2.3-test", Environ: environ,
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}, args...)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// squash is s without white space, for messages the error box wraps.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// dataEnv is an environment whose data directory is a new temp folder.
func dataEnv(t *testing.T, more ...string) []string {
	return append([]string{envDataDir + "=" + t.TempDir()}, more...)
}

// TestVersion: --version prints the version Main was given (main's
// -ldflags "-X main.version=…"), with exit 0.
func TestVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--version"}, {"-v"}} {
		res := run(t, nil, "", args...)
		if res.code != 0 || !strings.Contains(res.stdout, "1.2.3-test") {
			t.Errorf("%v: exit %d, stdout %q; want 0 and the version", args, res.code, res.stdout)
		}
	}
}

// TestWizardRefusals: a flag or variable the wizard cannot use ends it
// with exit 1 and one message in the error box, before anything is drawn;
// a mistake in the command line itself adds "Try --help for usage.".
func TestWizardRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		env   []string
		args  []string
		want  string
		usage bool
	}{
		{"unknown language", nil, []string{"--lang", "de"}, `Unknown language "de" (--lang): use nn, nb or en.`, false},
		{"unknown language from env", []string{envLang + "=sv"}, nil, `Unknown language "sv" (--lang): use nn, nb or en.`, false},
		{"admin exit without kiosk", nil, []string{"--admin-exit", "q w"}, "--admin-exit is for kiosk mode: add --kiosk.", false},
		{"kiosk off from env 0", []string{envKiosk + "=0"}, []string{"--admin-exit", "q w"}, "--admin-exit is for kiosk mode: add --kiosk.", false},
		{"kiosk with guide", nil, []string{"--kiosk", "--guide"}, "The help-desk guide (--guide) is never shown on a kiosk (--kiosk).", false},
		{"kiosk from env with guide", []string{envKiosk + "=true", envGuide + "=1"}, nil, "The help-desk guide (--guide) is never shown on a kiosk (--kiosk).", false},
		{"idle 0", nil, []string{"--kiosk", "--idle", "0"}, "Idle time 0s (--idle) must be above zero.", false},
		{"idle below 0", nil, []string{"--kiosk", "--idle", "-5s"}, "Idle time -5s (--idle) must be above zero.", false},
		{"idle 0 from env", []string{envIdle + "=0s"}, []string{"--kiosk"}, "Idle time 0s (--idle) must be above zero.", false},
		{"one key to exit", nil, []string{"--kiosk", "--admin-exit", "q"}, `The exit sequence (--admin-exit) needs at least two keys, e.g. "ctrl+x ctrl+x q".`, false},
		{"unknown theme", nil, []string{"--theme", "neon"}, `Unknown theme "neon" (--theme): use default or high-contrast.`, false},
		{"kiosk in the line mode", nil, []string{"--kiosk", "--accessible"}, "Kiosk mode is full-screen: --kiosk cannot be used with the line mode.", false},
		{"kiosk and ACCESSIBLE", []string{envKiosk + "=1", "ACCESSIBLE=1"}, nil, "Kiosk mode is full-screen: --kiosk cannot be used with the line mode.", false},
		{"kiosk and TERM=dumb", []string{"TERM=dumb"}, []string{"--kiosk"}, "Kiosk mode is full-screen: --kiosk cannot be used with the line mode.", false},
		{"bad bool from env", []string{envKiosk + "=yes please"}, nil, `IDPORTEN_WIZARD_KIOSK="yes please" is not true or false (1 or 0) (it sets --kiosk).`, false},
		{"bad duration from env", []string{envIdle + "=soon"}, nil, `IDPORTEN_WIZARD_IDLE="soon" is not a duration such as 90s, 10m or 1h (it sets --idle).`, false},
		{"no data directory", nil, []string{"--data-dir", ""}, "No data directory: set --data-dir or IDPORTEN_WIZARD_DATA.", false},
		{"unknown flag", nil, []string{"--bogus"}, "Unknown flag: --bogus.", true},
		{"bad flag value", nil, []string{"--idle", "soon"}, `Invalid argument "soon" for "--idle" flag: time: invalid duration "soon".`, true},
		{"unexpected argument", nil, []string{"hello"}, `Unknown command "hello" for "idporten-wizard".`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := run(t, dataEnv(t, tc.env...), "", tc.args...)
			if res.code != 1 {
				t.Errorf("exit %d, want 1; stderr:\n%s", res.code, res.stderr)
			}
			if !strings.Contains(squash(res.stderr), squash(tc.want)) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, res.stderr)
			}
			if got := strings.Contains(res.stderr, "Try --help for usage."); got != tc.usage {
				t.Errorf("Try --help: %v, want %v:\n%s", got, tc.usage, res.stderr)
			}
			if res.stdout != "" {
				t.Errorf("a refusal wrote to stdout: %q", res.stdout)
			}
		})
	}
}

// TestSeveralBadVariables: every bad variable is named at once, not only
// the first.
func TestSeveralBadVariables(t *testing.T) {
	t.Parallel()
	res := run(t, dataEnv(t, envKiosk+"=yes please", envIdle+"=soon", envGuide+"=maybe"), "")
	for _, name := range []string{envKiosk, envIdle, envGuide} {
		if !strings.Contains(res.stderr, name+`="`) {
			t.Errorf("stderr does not name %s:\n%s", name, res.stderr)
		}
	}
	if res.code != 1 {
		t.Errorf("exit %d, want 1", res.code)
	}
}

// rootVars are the variables of the shared flags and the wizard's, by flag.
var rootVars = map[string]string{
	"data-dir": "IDPORTEN_WIZARD_DATA", "lang": "IDPORTEN_WIZARD_LANG", "theme": "IDPORTEN_WIZARD_THEME",
	"kiosk": "IDPORTEN_WIZARD_KIOSK", "guide": "IDPORTEN_WIZARD_GUIDE", "idle": "IDPORTEN_WIZARD_IDLE",
	"admin-exit": "IDPORTEN_WIZARD_ADMIN_EXIT",
	"hub":        "IDPORTEN_WIZARD_HUB", "hub-creds": "IDPORTEN_WIZARD_HUB_CREDS", "hub-ca": "IDPORTEN_WIZARD_HUB_CA",
	"hub-node": "IDPORTEN_WIZARD_HUB_NODE",
}

// serveVars are the variables of serve's own flags, by flag.
var serveVars = map[string]string{
	"listen": "IDPORTEN_WIZARD_LISTEN", "host-key": "IDPORTEN_WIZARD_HOST_KEY",
	"authorized-keys": "IDPORTEN_WIZARD_AUTHORIZED_KEYS", "max-sessions": "IDPORTEN_WIZARD_MAX_SESSIONS",
	"idle-timeout": "IDPORTEN_WIZARD_IDLE_TIMEOUT", "max-session": "IDPORTEN_WIZARD_MAX_SESSION",
	"guide": "IDPORTEN_WIZARD_GUIDE", "theme": "IDPORTEN_WIZARD_THEME", "log-format": "IDPORTEN_WIZARD_LOG_FORMAT",
	"shutdown-grace": "IDPORTEN_WIZARD_SHUTDOWN_GRACE", "max-connections": "IDPORTEN_WIZARD_MAX_CONNECTIONS",
	"max-startups": "IDPORTEN_WIZARD_MAX_STARTUPS", "per-source-startups": "IDPORTEN_WIZARD_PER_SOURCE_STARTUPS",
	"per-source-connections":  "IDPORTEN_WIZARD_PER_SOURCE_CONNECTIONS",
	"per-source-sessions":     "IDPORTEN_WIZARD_PER_SOURCE_SESSIONS",
	"sessions-per-connection": "IDPORTEN_WIZARD_SESSIONS_PER_CONNECTION", "conn-rate": "IDPORTEN_WIZARD_CONN_RATE",
	"conn-burst": "IDPORTEN_WIZARD_CONN_BURST", "login-grace": "IDPORTEN_WIZARD_LOGIN_GRACE",
	"no-session-timeout": "IDPORTEN_WIZARD_NO_SESSION_TIMEOUT", "keepalive": "IDPORTEN_WIZARD_KEEPALIVE",
	"keepalive-count": "IDPORTEN_WIZARD_KEEPALIVE_COUNT", "max-window": "IDPORTEN_WIZARD_MAX_WINDOW",
	"max-env": "IDPORTEN_WIZARD_MAX_ENV", "max-env-bytes": "IDPORTEN_WIZARD_MAX_ENV_BYTES",
	"max-requests": "IDPORTEN_WIZARD_MAX_REQUESTS", "window-changes": "IDPORTEN_WIZARD_WINDOW_CHANGES",
	"max-line": "IDPORTEN_WIZARD_MAX_LINE",
	"hub":      "IDPORTEN_WIZARD_HUB", "hub-creds": "IDPORTEN_WIZARD_HUB_CREDS", "hub-ca": "IDPORTEN_WIZARD_HUB_CA",
	"hub-node": "IDPORTEN_WIZARD_HUB_NODE", "hub-listen": "IDPORTEN_WIZARD_HUB_LISTEN",
	"helpdesk-keys": "IDPORTEN_WIZARD_HELPDESK_KEYS", "hub-helper-creds": "IDPORTEN_WIZARD_HUB_HELPER_CREDS",
}

// TestHelpNamesEveryVariable: each command's --help names the variable of
// every flag it takes, beside that flag, and the records commands name the
// data directory's.
func TestHelpNamesEveryVariable(t *testing.T) {
	t.Parallel()
	shared := map[string]string{"data-dir": rootVars["data-dir"], "lang": rootVars["lang"]}
	for _, tc := range []struct {
		args []string
		vars map[string]string
	}{
		{[]string{"--help"}, rootVars},
		{[]string{"serve", "--help"}, merge(serveVars, shared)},
		{[]string{"list", "--help"}, shared},
		{[]string{"show", "--help"}, shared},
		{[]string{"export", "--help"}, shared},
		{[]string{"delete", "--help"}, shared},
		{[]string{"stats", "--help"}, shared},
	} {
		res := run(t, nil, "", tc.args...)
		if res.code != 0 {
			t.Errorf("%v: exit %d:\n%s", tc.args, res.code, res.stderr)
			continue
		}
		for flag, env := range tc.vars {
			line, ok := flagLine(res.stdout, flag)
			if !ok {
				t.Errorf("%v: no line for --%s:\n%s", tc.args, flag, res.stdout)
			} else if !strings.Contains(line, "(env "+env+")") {
				t.Errorf("%v: the --%s line does not name %s: %q", tc.args, flag, env, line)
			}
		}
	}
}

// flagLine is the line of help that describes --flag, under FLAGS (piped,
// fang writes one line a flag).
func flagLine(help, flag string) (string, bool) {
	_, flags, ok := strings.Cut(help, "\n  FLAGS")
	if !ok {
		return "", false
	}
	for _, l := range strings.Split(flags, "\n") {
		f := strings.Fields(l)
		if len(f) > 1 && f[0] == "-"+flag[:1] {
			f = f[1:]
		}
		if len(f) > 0 && f[0] == "--"+flag {
			return strings.TrimSpace(l), true
		}
	}
	return "", false
}

// merge is the union of maps, later ones winning.
func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// TestHelpNamesTheCommands: the root's help lists serve and the records
// commands.
func TestHelpNamesTheCommands(t *testing.T) {
	t.Parallel()
	res := run(t, nil, "", "--help")
	for _, c := range []string{"serve", "list", "show", "export", "delete", "stats"} {
		if !slices.ContainsFunc(strings.Split(res.stdout, "\n"), func(l string) bool {
			f := strings.Fields(l)
			return len(f) > 0 && f[0] == c
		}) {
			t.Errorf("--help does not list %s:\n%s", c, res.stdout)
		}
	}
}
