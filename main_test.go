package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// binary is the wizard built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "idporten-wizard-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "idporten-wizard")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=9.9.9-test", "-o", binary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// TestServeHostKeyChecks: serve refuses a host key that others can read, a
// file that is no key (naming it), and a key inside the data folder; it
// makes a new key, mode 0600, where there is none.
func TestServeHostKeyChecks(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	run := func(args ...string) (int, string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, binary, append([]string{"serve", "--listen", "127.0.0.1:0", "--data-dir", data}, args...)...)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return code, string(out)
	}
	key := filepath.Join(dir, "keys", "host")
	// A made key is refused once loosened.
	cmd := exec.Command(binary, "serve", "--listen", "127.0.0.1:0", "--data-dir", data, "--host-key", key)
	var out lockedBuffer
	cmd.Stderr = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "server start") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	fi, err := os.Stat(key)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("made host key: %v, mode %v; log:\n%s", err, fi, out.String())
	}
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := run("--host-key", key); code != 1 || !strings.Contains(out, "can be read by others") || !strings.Contains(out, "chmod 600") {
		t.Errorf("a key others can read: exit %d\n%s", code, out)
	}
	_ = os.Remove(key)
	if err := os.WriteFile(key, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out := run("--host-key", key); code != 1 || !strings.Contains(out, key) || !strings.Contains(out, "not a private key") {
		t.Errorf("a file that is no key: exit %d\n%s", code, out)
	}
	if code, out := run("--host-key", filepath.Join(data, "host")); code != 1 || !strings.Contains(out, "inside the data directory") {
		t.Errorf("a key among the records: exit %d\n%s", code, out)
	}
}

// lockedBuffer is a buffer a command writes while a test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestCLIFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      []string
		wantCode int
		want     []string
	}{
		{"version", []string{"--version"}, nil, 0, []string{"9.9.9-test"}},
		{"help names the flags", []string{"--help"}, nil, 0, []string{"--data-dir", "--lang", "IDPORTEN_WIZARD_DATA"}},
		{"bad language", []string{"--lang", "de"}, nil, 1, []string{`Unknown language "de" (--lang): use nn, nb or en`}},
		{"bad language from env", nil, []string{"IDPORTEN_WIZARD_LANG=sv"}, 1, []string{`Unknown language "sv"`}},
		{"unexpected argument", []string{"hello"}, nil, 1, []string{"hello"}},
		{"serve help names the rate flags", []string{"serve", "--help"}, nil, 0, []string{"--conn-rate", "--conn-burst", "IDPORTEN_WIZARD_CONN_BURST"}},
		{"serve refuses a zero connection rate", []string{"serve", "--listen", "127.0.0.1:0", "--conn-rate", "0"}, nil, 1, []string{"--conn-rate 0: must be above zero"}},
		{"serve refuses zero sessions", []string{"serve", "--listen", "127.0.0.1:0", "--max-sessions", "0"}, nil, 1, []string{"--max-sessions 0: must be at least 1"}},
		{"serve refuses a bad number from env", []string{"serve", "--listen", "127.0.0.1:0"}, []string{"IDPORTEN_WIZARD_MAX_SESSIONS=many"}, 1, []string{`IDPORTEN_WIZARD_MAX_SESSIONS="many" is not a whole number (it sets --max-sessions)`}},
		{"kiosk off from env 0", []string{"--admin-exit", "q w"}, []string{"IDPORTEN_WIZARD_KIOSK=0"}, 1, []string{"--admin-exit is for kiosk mode"}},
		{"bad bool from env", nil, []string{"IDPORTEN_WIZARD_KIOSK=yes please"}, 1, []string{`IDPORTEN_WIZARD_KIOSK="yes please" is not true or false`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, tc.args...)
			cmd.Env = append(os.Environ(), "IDPORTEN_WIZARD_DATA="+t.TempDir())
			cmd.Env = append(cmd.Env, tc.env...)
			out, err := cmd.CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.wantCode {
				t.Errorf("exit code %d, want %d; output:\n%s", code, tc.wantCode, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// tmuxTerm is the real binary in a real terminal: a tmux session.
type tmuxTerm struct {
	t      *testing.T
	socket string
}

func startTmux(t *testing.T, w, h int, env []string, args ...string) *tmuxTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is needed for the real-terminal tests (.ci/run installs it): apt-get install tmux")
	}
	tt := &tmuxTerm{t: t, socket: fmt.Sprintf("idpw-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	cmdline := binary
	for _, a := range args {
		cmdline += " '" + a + "'"
	}
	tmuxArgs := []string{"new-session", "-d", "-s", "w", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h)}
	for _, e := range env {
		tmuxArgs = append(tmuxArgs, "-e", e)
	}
	tt.run(append(tmuxArgs, cmdline+"; echo EXITED-$?; sleep 30")...)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tt.socket, "kill-server").Run() })
	return tt
}

func (tt *tmuxTerm) run(args ...string) string {
	tt.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tt.socket}, args...)...).CombinedOutput()
	if err != nil {
		tt.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tt *tmuxTerm) screen() string { return tt.run("capture-pane", "-p", "-t", "w") }

func (tt *tmuxTerm) keys(keys ...string) {
	tt.run(append([]string{"send-keys", "-t", "w"}, keys...)...)
}

// literal types text as it is (no key names).
func (tt *tmuxTerm) literal(s string) { tt.run("send-keys", "-t", "w", "-l", s) }

func (tt *tmuxTerm) waitMatch(re string) []string {
	tt.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := tt.screen()
		if m := rx.FindStringSubmatch(scr); m != nil {
			return m
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("screen never matched %q:\n%s", re, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (tt *tmuxTerm) waitFor(s string) { tt.t.Helper(); tt.waitMatch(regexp.QuoteMeta(s)) }

// TestWizardInRealTerminal runs the built binary in tmux at 80×24 and
// registers with MinID and the app, reading the codes off the screen.
func TestWizardInRealTerminal(t *testing.T) {
	data := filepath.Join(t.TempDir(), "registrations")
	tt := startTmux(t, 80, 24, []string{"IDPORTEN_WIZARD_DATA=" + data}, "--lang", "nb")
	tt.waitFor("Registrer ny bruker i ID-porten")
	tt.waitFor("Steg 1 av 5 · Start")
	tt.keys("Enter")
	tt.waitFor("Velg elektronisk ID")
	tt.keys("1")
	tt.waitFor("Hvordan vil du logge inn?")
	tt.keys("2") // the MinID app
	tt.waitFor("Fødselsnummer eller D-nummer")
	tt.literal("15850651229")
	tt.waitFor("15850651229")
	tt.keys("Enter")
	tt.waitFor("Minst 8 tegn, både bokstaver og tall")
	tt.literal("hemmelig42")
	tt.waitFor("••••••••••")
	tt.keys("Enter")
	tt.waitFor("Godkjenn innloggingen i appen")
	tt.keys("Enter")
	tt.waitFor("Norsk nummer, 8 sifre")
	tt.keys("Enter") // no mobile
	tt.waitFor("E-postadresse")
	tt.literal("Kari.Nordmann@eksempel.no")
	tt.waitFor("Kari.Nordmann@eksempel.no")
	tt.keys("Enter")
	code := tt.waitMatch(`Koden din er (\d{6})`)[1]
	tt.literal(code)
	tt.keys("Enter")
	tt.waitFor("Kontaktinformasjonen er bekreftet")
	tt.keys("Enter")
	tt.waitFor("Se over og bekreft")
	scr := tt.screen()
	if !strings.Contains(scr, "158506 *****") || strings.Contains(scr, "15850651229") {
		t.Errorf("the summary must show the national ID masked:\n%s", scr)
	}
	tt.keys("Enter")
	id := tt.waitMatch(`Referanse: ([0-9a-f-]{36})`)[1]
	tt.keys("q")
	tt.waitFor("EXITED-0")

	path := filepath.Join(data, id+".json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rec model.Record
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Language != "nb" || rec.EID.Kind != model.MinID || rec.EID.Method != model.MethodApp ||
		rec.ContactRegister.Email != "Kari.Nordmann@eksempel.no" || rec.ContactRegister.Mobile != "" {
		t.Errorf("record: %s", raw)
	}
	for p, want := range map[string]os.FileMode{data: 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", p, fi.Mode().Perm(), want)
		}
	}
}

// runInProcess runs the command line in this process as main does (fang's
// help and error box, our error handler), with stdin as standard input
// (not a terminal) and what it writes captured.
func runInProcess(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := rootCmd()
	cmd.SetArgs(args)
	var out, errb bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SetIn(strings.NewReader(stdin))
	err = execute(context.Background(), cmd)
	return out.String(), errb.String(), err
}

// TestErrorShowsFlagsAsWritten: the error box keeps flag names, ids and
// words as the message writes them; only a plain first word gets a capital.
func TestErrorShowsFlagsAsWritten(t *testing.T) {
	data := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--admin-exit", "q"}, "--admin-exit is for kiosk mode: add --kiosk."},
		{[]string{"--lang", "de"}, `Unknown language "de" (--lang): use nn, nb or en.`},
		{[]string{"--kiosk", "--guide"}, "The help-desk guide (--guide) is never shown on a kiosk (--kiosk)."},
		{[]string{"--bogus"}, "Unknown flag: --bogus.\n\n  Try --help for usage."},
	} {
		_, stderr, err := runInProcess(t, "", append(tc.args, "--data-dir", data)...)
		if err == nil {
			t.Errorf("%v: no error", tc.args)
		}
		if !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: the error box lacks %q:\n%s", tc.args, tc.want, stderr)
		}
	}
}

// TestErrorBoxWrapsAtSpaces: a long error is wrapped between words, never
// inside an id or a date, wherever the line happens to end.
func TestErrorBoxWrapsAtSpaces(t *testing.T) {
	data := t.TempDir()
	tokens := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\d`)
	for n := 1; n <= 130; n++ {
		word := strings.Repeat("z", n)
		for _, args := range [][]string{
			{"show", "." + word},      // `".zzz" is not a registration id: an id is like 019ab8a1-7c3e-…`
			{"list", "--since", word}, // `invalid --since "zzz": use a date (2026-11-01) or …`
		} {
			_, stderr, err := runInProcess(t, "", append(args, "--data-dir", data)...)
			if err == nil {
				t.Fatalf("%v: no error", args)
			}
			whole := tokens.FindAllString(err.Error(), -1)
			if len(whole) == 0 {
				t.Fatalf("%v: the message %q has no id or date to check", args, err)
			}
			for _, tok := range whole {
				if !strings.Contains(stderr, tok) {
					t.Fatalf("%v: the box breaks %s:\n%s", args, tok, stderr)
				}
			}
			// Still wrapped: no line wider than the box but a single word.
			for _, l := range strings.Split(stderr, "\n") {
				l = strings.TrimRight(l, " ")
				if w := ansi.StringWidth(l); w > errorWidth()-2 && len(strings.Fields(l)) > 1 {
					t.Fatalf("%v: a line of %d columns in a box of %d:\n%s", args, w, errorWidth(), stderr)
				}
			}
		}
	}
}

// TestThemeHelp: --help does not end the --theme line in "(default)", which
// reads as a label; a default set by the environment is still shown.
func TestThemeHelp(t *testing.T) {
	themeLine := func(t *testing.T) string {
		t.Helper()
		out, _, err := runInProcess(t, "", "--help")
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "--theme") {
				return strings.TrimSpace(l)
			}
		}
		t.Fatalf("--help has no --theme line:\n%s", out)
		return ""
	}
	t.Setenv(envTheme, "")
	l := themeLine(t)
	if strings.HasSuffix(l, "(default)") || strings.Contains(l, `(default "default")`) {
		t.Errorf("the --theme help ends in a bare default: %q", l)
	}
	if !strings.Contains(l, "default") || !strings.Contains(l, "high-contrast") {
		t.Errorf("the --theme help does not name both themes: %q", l)
	}
	if !strings.Contains(l, "(env "+envTheme+")") {
		t.Errorf("the --theme help does not name its variable: %q", l)
	}
}

// TestKioskIdleOptions: --idle is the time without a key press before the
// warning; the reset comes the warning's 30 s later, so the default warns
// at 90 s and resets at 120 s, and a short --idle works for testing.
func TestKioskIdleOptions(t *testing.T) {
	if got, want := rootCmd().Flags().Lookup("idle").DefValue, (90 * time.Second).String(); got != want {
		t.Errorf("--idle defaults to %s, want %s", got, want)
	}
	for _, tc := range []struct {
		idle, total time.Duration
	}{{90 * time.Second, 120 * time.Second}, {5 * time.Second, 35 * time.Second}, {time.Hour, time.Hour + 30*time.Second}} {
		o, err := wizardFlags{kiosk: true, idle: tc.idle, theme: "default"}.options(ui.Nynorsk, nil)
		if err != nil {
			t.Errorf("--idle %s: %v", tc.idle, err)
			continue
		}
		if o.IdleTimeout != tc.total || o.IdleWarning != 30*time.Second {
			t.Errorf("--idle %s: reset after %s with a %s warning, want %s and 30s", tc.idle, o.IdleTimeout, o.IdleWarning, tc.total)
		}
	}
	for _, idle := range []time.Duration{0, -time.Second} {
		if _, err := (wizardFlags{kiosk: true, idle: idle, theme: "default"}).options(ui.Nynorsk, nil); err == nil {
			t.Errorf("--idle %s was accepted", idle)
		}
	}
}
