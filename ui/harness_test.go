package ui_test

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/jonboulle/clockwork"

	"github.com/idporten-wizard/idporten-wizard/internal/termtest"
	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// fixedNow is the pinned clock of the tests: 25 November 2026, noon in Oslo.
var fixedNow = time.Date(2026, 11, 25, 12, 0, 0, 0, model.Oslo())

// term runs the real root model in a tea.Program whose output is a virtual
// terminal and whose input is a pipe of raw key bytes, the way a terminal
// delivers them. The emulator's answers to terminal queries go back into
// the input, as a real terminal's would.
type term struct {
	t     *testing.T
	emu   *termtest.Screen
	prog  *tea.Program
	in    *io.PipeWriter
	done  chan struct{}
	model *ui.Model
	store *storage.Store
	err   error
	// clock is the wizard's timers' clock: it stands still until the test
	// moves it (advance).
	clock *clockwork.FakeClock
	// shownDir is termOpts.shownDir.
	shownDir string
}

type termOpts struct {
	lang    ui.Lang
	w, h    int
	dir     string
	seed    uint64
	channel model.Channel
	// opts adjusts the wizard's options (kiosk, idle, theme) before start.
	opts func(*ui.Options)
	// profile is the colour profile the program draws in; Ascii (no
	// colour) when zero, which is what the text-only goldens want.
	profile colorprofile.Profile
	// raw, when set, also gets everything the program writes.
	raw io.Writer
	// env is the environment the program's options come from (NO_COLOR).
	env []string
	// shownDir is the data folder as the receipt names it: the saves go to
	// the real, temporary folder, but the paths they return name shownDir,
	// so a golden's wrapping does not depend on the temp folder's length.
	shownDir string
}

func startTerm(t *testing.T, o termOpts) *term {
	t.Helper()
	return startTermWithStore(t, o, nil)
}

// storeFunc is a Save function; tests wrap the real one to inject faults.
type storeFunc func(model.Record) (string, error)

// wrappedStore saves through a wrapped Save and reports the real folder.
type wrappedStore struct {
	*storage.Store
	save storeFunc
}

func (w wrappedStore) Save(r model.Record) (string, error) { return w.save(r) }

// startTermWithStore is startTerm with the store's Save wrapped by wrap.
func startTermWithStore(t *testing.T, o termOpts, wrap func(storeFunc) storeFunc) *term {
	t.Helper()
	if o.w == 0 {
		o.w, o.h = 80, 24
	}
	if o.dir == "" {
		o.dir = filepath.Join(t.TempDir(), "data")
	}
	st, err := storage.Open(o.dir)
	if err != nil {
		t.Fatal(err)
	}
	if o.shownDir != "" {
		inner := wrap
		wrap = func(save storeFunc) storeFunc {
			if inner != nil {
				save = inner(save)
			}
			return func(r model.Record) (string, error) {
				p, err := save(r)
				return strings.Replace(p, st.Dir(), o.shownDir, 1), err
			}
		}
	}
	var store ui.Store = st
	if wrap != nil {
		store = wrappedStore{Store: st, save: wrap(st.Save)}
	}
	opts := ui.Options{
		Lang: o.lang, Store: store, NewID: storage.NewID, Channel: o.channel,
		Now:   func() time.Time { return fixedNow },
		Rand:  rand.New(rand.NewPCG(o.seed, 42)),
		Clock: clockwork.NewFakeClockAt(fixedNow),
	}
	if o.opts != nil {
		o.opts(&opts)
	}
	m := ui.New(opts)
	emu := termtest.New(o.w, o.h)
	var out io.Writer = emu
	if o.raw != nil {
		out = io.MultiWriter(emu, o.raw)
	}
	if o.profile == 0 {
		o.profile = colorprofile.Ascii
	}
	inR, inW := io.Pipe()
	p := tea.NewProgram(m, append([]tea.ProgramOption{
		tea.WithInput(inR), tea.WithOutput(out),
		tea.WithWindowSize(o.w, o.h),
		tea.WithColorProfile(o.profile),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}),
	}, ui.ColorOptions(o.env)...)...)
	tm := &term{t: t, emu: emu, prog: p, in: inW, done: make(chan struct{}), model: m, store: st}
	tm.clock, _ = opts.Clock.(*clockwork.FakeClock)
	tm.shownDir = o.shownDir
	go func() { _, _ = io.Copy(inW, emu.Answers()) }()
	go func() {
		_, tm.err = p.Run()
		close(tm.done)
	}()
	t.Cleanup(func() {
		p.Kill()
		<-tm.done
		// The emulator is not closed: vt's Close races with its Read. The
		// goroutine copying its answers ends with the test binary.
		_ = inW.Close()
	})
	return tm
}

// screen returns the text on the virtual terminal now.
func (tm *term) screen() string { return tm.emu.Text() }

// waitFor waits until the screen shows s, and fails the test if it never does.
func (tm *term) waitFor(s string) { tm.t.Helper(); tm.emu.WaitFor(tm.t, s) }

// waitMatch waits until re matches the screen and returns the submatches.
func (tm *term) waitMatch(re *regexp.Regexp) []string {
	tm.t.Helper()
	return tm.emu.WaitMatch(tm.t, re)
}

// waitText waits until the screen shows s, maybe wrapped over lines (the
// words of s in order, with any white space between them).
func (tm *term) waitText(s string) {
	tm.t.Helper()
	want := strings.Join(strings.Fields(s), " ")
	tm.emu.WaitFunc(tm.t, func(scr string) bool {
		return strings.Contains(strings.Join(strings.Fields(scr), " "), want)
	})
}

// waitGone waits until the screen no longer shows s.
func (tm *term) waitGone(s string) { tm.t.Helper(); tm.emu.WaitGone(tm.t, s) }

// Raw key bytes, as a terminal sends them.
const (
	keyEnter = termtest.Enter
	keyEsc   = termtest.Esc
	keyUp    = termtest.Up
	keyDown  = termtest.Down
	keyCtrlC = termtest.CtrlC
	keyCtrlL = termtest.CtrlL
	keyPgDn  = termtest.PgDn
)

// press sends raw bytes to the program, as a terminal does.
func (tm *term) press(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(tm.in, k); err != nil {
			tm.t.Fatalf("write key: %v", err)
		}
	}
}

// typeLine types text and presses Enter.
func (tm *term) typeLine(s string) {
	tm.t.Helper()
	tm.press(s)
	// Let the text reach the model before Enter, as a person types: the
	// input's line with all of it (a hint may hold the same text).
	tm.emu.WaitInput(tm.t, s)
	tm.press(keyEnter)
}

// advance moves the wizard's clock on by d, once it has a timer armed (a
// timer is armed in the update that draws its cause, so a test that has
// seen that on screen is never early).
func (tm *term) advance(d time.Duration) {
	tm.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), termtest.Timeout)
	defer cancel()
	if err := tm.clock.BlockUntilContext(ctx, 1); err != nil {
		tm.t.Fatalf("no timer armed to move %s on; screen:\n%s", d, tm.screen())
	}
	tm.clock.Advance(d)
}

// waitExit waits for the program to end.
func (tm *term) waitExit() {
	tm.t.Helper()
	select {
	case <-tm.done:
	case <-time.After(10 * time.Second):
		tm.t.Fatalf("program did not exit; screen:\n%s", tm.screen())
	}
}

// savedFiles lists the record files in the data directory.
func (tm *term) savedFiles() []string {
	tm.t.Helper()
	entries, err := os.ReadDir(tm.store.Dir())
	if err != nil {
		tm.t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// typeSecret types a hidden value and presses Enter once all of it shows
// as bullets.
func (tm *term) typeSecret(s string) {
	tm.t.Helper()
	tm.press(s)
	tm.waitFor(strings.Repeat("•", len([]rune(s))))
	tm.press(keyEnter)
}

// nEIDs is how many eIDs the choice offers, as the line mode's "(1–5)" says.
var nEIDs = strconv.Itoa(len(model.EIDs()))

// chooseShown is on the choose-eID screen at every size (its title gives
// way to the list in a small window).
const chooseShown = "Steg 2 av 5 · Vel eID"
