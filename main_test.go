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

	"github.com/idporten-wizard/idporten-wizard/model"
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
	t.Parallel()
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

// TestBinaryCommandLine: the built binary is the command line: main's
// -ldflags version reaches --version, the process's environment reaches
// the variables, and a refusal is exit 1 with the box on standard error.
// (Every flag and variable is internal/cli's tests, in-process.)
func TestBinaryCommandLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		env        []string
		wantCode   int
		wantStdout []string
		wantStderr []string
	}{
		{"version", []string{"--version"}, nil, 0, []string{"9.9.9-test"}, nil},
		{"help names the variables", []string{"--help"}, nil, 0, []string{"--data-dir", "--lang", "IDPORTEN_WIZARD_DATA"}, nil},
		{"bad language", []string{"--lang", "de"}, nil, 1, nil, []string{`Unknown language "de" (--lang): use nn, nb or en`}},
		{"serve refuses a bad number from env", []string{"serve", "--listen", "127.0.0.1:0"}, []string{"IDPORTEN_WIZARD_MAX_SESSIONS=many"}, 1, nil, []string{`IDPORTEN_WIZARD_MAX_SESSIONS="many" is not a whole number (it sets --max-sessions)`}},
		{"kiosk off from env 0", []string{"--admin-exit", "q w"}, []string{"IDPORTEN_WIZARD_KIOSK=0"}, 1, nil, []string{"--admin-exit is for kiosk mode"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, tc.args...)
			cmd.Env = append(os.Environ(), "IDPORTEN_WIZARD_DATA="+t.TempDir())
			cmd.Env = append(cmd.Env, tc.env...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.wantCode {
				t.Errorf("exit code %d, want %d; stdout:\n%s\nstderr:\n%s", code, tc.wantCode, stdout.String(), stderr.String())
			}
			for _, w := range tc.wantStdout {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout.String())
				}
			}
			for _, w := range tc.wantStderr {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
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
	t.Parallel()
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
