package cli

// Tests of the wizard's flags and of the line mode run in this process; the
// full-screen wizard is the root package's tests, in a real terminal.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// TestKioskIdleOptions: --idle is the time without a key press before the
// warning; the reset comes the warning's 30 s later, so the default warns
// at 90 s and resets at 120 s, and a short --idle works for testing.
func TestKioskIdleOptions(t *testing.T) {
	t.Parallel()
	fl, _, _ := wizardFlagSet()
	if got, want := fl.Lookup("idle").DefValue, (90 * time.Second).String(); got != want {
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
		if !o.Kiosk || o.IdleTimeout != tc.total || o.IdleWarning != 30*time.Second {
			t.Errorf("--idle %s: reset after %s with a %s warning, want %s and 30s", tc.idle, o.IdleTimeout, o.IdleWarning, tc.total)
		}
	}
	for _, idle := range []time.Duration{0, -time.Second} {
		if _, err := (wizardFlags{kiosk: true, idle: idle, theme: "default"}).options(ui.Nynorsk, nil); err == nil {
			t.Errorf("--idle %s was accepted", idle)
		}
	}
	// Without --kiosk, --idle means nothing and is not checked.
	if o, err := (wizardFlags{idle: 0, theme: "default"}).options(ui.Nynorsk, nil); err != nil || o.Kiosk || o.IdleTimeout != 0 {
		t.Errorf("no kiosk, --idle 0: %+v, %v", o, err)
	}
}

// TestWizardOptions: the flags reach the wizard's options.
func TestWizardOptions(t *testing.T) {
	t.Parallel()
	fl, g, w := wizardFlagSet()
	if err := parse(fl, []string{envTheme + "=high-contrast"}, "--kiosk", "--idle", "10s", "--admin-exit", "ctrl+x ctrl+x q", "--lang", "en"); err != nil {
		t.Fatal(err)
	}
	o, err := w.options(ui.English, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.lang != "en" || o.Lang != ui.English || !o.Kiosk || o.Theme != ui.ThemeHighContrast || o.Guide ||
		strings.Join(o.AdminExit, " ") != "ctrl+x ctrl+x q" || o.IdleTimeout != 40*time.Second || o.NewID == nil {
		t.Errorf("options %+v", o)
	}
	fl, _, w = wizardFlagSet()
	if err := parse(fl, nil, "--guide"); err != nil {
		t.Fatal(err)
	}
	if o, err := w.options(ui.Nynorsk, nil); err != nil || !o.Guide || o.Kiosk || o.Theme != ui.ThemeDefault {
		t.Errorf("--guide: %+v, %v", o, err)
	}
}

// TestThemeHelp: --help does not end the --theme line in "(default)", which
// reads as a label, and names both themes and the variable.
func TestThemeHelp(t *testing.T) {
	t.Parallel()
	res := run(t, nil, "", "--help")
	l, ok := flagLine(res.stdout, "theme")
	if !ok {
		t.Fatalf("--help has no --theme line:\n%s", res.stdout)
	}
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

// answers is a whole registration with MinID and both contacts, for the
// line mode.
var answers = strings.Join([]string{"1", "1", "17889033371", "Passord123", ui.DeviceAnswer,
	"91234567", "kari@eksempel.no", ui.DeviceAnswer, ui.DeviceAnswer, "1"}, "\n") + "\n"

// savedRecords reads the records in a data directory.
func savedRecords(t *testing.T, data string) []model.Record {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(data, "*.json"))
	var recs []model.Record
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r model.Record
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		recs = append(recs, r)
	}
	return recs
}

// TestLineMode: the line mode is chosen by --accessible, ACCESSIBLE or
// TERM=dumb in the environment given (not the process's), reads standard
// input and writes plain text; a registration saved is exit 0.
func TestLineMode(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		env  []string
		args []string
		lang string
	}{
		"--accessible":         {nil, []string{"--accessible"}, "nn"},
		"ACCESSIBLE=1, --lang": {[]string{"ACCESSIBLE=1"}, []string{"--lang", "en"}, "en"},
		"TERM=dumb, LANG var":  {[]string{"TERM=dumb", envLang + "=nb"}, nil, "nb"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data := t.TempDir()
			res := run(t, append([]string{envDataDir + "=" + data}, tc.env...), answers, tc.args...)
			if res.code != 0 {
				t.Fatalf("exit %d:\n%s\n%s", res.code, res.stdout, res.stderr)
			}
			if i := strings.IndexByte(res.stdout, 0x1b); i >= 0 {
				t.Errorf("escape sequence in the output at byte %d", i)
			}
			recs := savedRecords(t, data)
			if len(recs) != 1 {
				t.Fatalf("%d records:\n%s", len(recs), res.stdout)
			}
			if r := recs[0]; r.Language != tc.lang || r.Channel != model.ChannelTerminal || !strings.Contains(res.stdout, r.ID) {
				t.Errorf("record %+v; output:\n%s", r, res.stdout)
			}
		})
	}
}

// TestLineModeExitStatus: how the line mode ended is its exit status, told
// in its own words and never again in an error box: 1 when the input ends
// first, 130 when it is interrupted.
func TestLineModeExitStatus(t *testing.T) {
	t.Parallel()
	t.Run("input ends", func(t *testing.T) {
		t.Parallel()
		data := t.TempDir()
		res := run(t, []string{envDataDir + "=" + data}, "5\n17889033371\n", "--accessible")
		if res.code != 1 || res.stderr != "" || !strings.Contains(res.stdout, "Svara tok slutt før registreringa vart lagra.") {
			t.Errorf("exit %d, stderr %q, stdout:\n%s", res.code, res.stderr, res.stdout)
		}
		if recs := savedRecords(t, data); len(recs) != 0 {
			t.Errorf("%d records saved", len(recs))
		}
	})
	t.Run("interrupted", func(t *testing.T) {
		t.Parallel()
		in, feed := io.Pipe() // a person who types nothing
		defer feed.Close()
		ctx, cancel := context.WithCancel(context.Background())
		out, asked := newWatchedWriter(fmt.Sprintf("(1–%d)", len(model.EIDs()))) // the eID question
		var errb bytes.Buffer
		done := make(chan int, 1)
		go func() {
			done <- Run(ctx, Process{Environ: []string{envDataDir + "=" + t.TempDir()}, Stdin: in, Stdout: out, Stderr: &errb},
				"--accessible")
		}()
		select { // the first question is asked: the wizard waits for a line
		case <-asked:
		case <-time.After(10 * time.Second):
			t.Fatal("the line mode never asked its first question")
		}
		cancel()
		select {
		case code := <-done:
			if code != 130 || errb.Len() != 0 {
				t.Errorf("exit %d, stderr %q; want 130 and nothing", code, errb.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the line mode did not end when cancelled")
		}
	})
}

// watchedWriter takes a program's output and closes its channel once the
// output holds a given text.
type watchedWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	text  string
	found chan struct{}
}

func newWatchedWriter(text string) (*watchedWriter, <-chan struct{}) {
	w := &watchedWriter{text: text, found: make(chan struct{})}
	return w, w.found
}

func (w *watchedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	had := strings.Contains(w.buf.String(), w.text)
	w.buf.Write(p)
	if !had && strings.Contains(w.buf.String(), w.text) {
		close(w.found)
	}
	return len(p), nil
}
