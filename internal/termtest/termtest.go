// Package termtest is a virtual terminal for end-to-end tests: a program's
// output goes in, the screen's text comes out, and tests wait for what a
// person would wait for. It wraps github.com/charmbracelet/x/vt.
package termtest

import (
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
)

// Timeout is how long a wait lasts before the test fails.
var Timeout = 15 * time.Second

// Screen is a w×h virtual terminal. It is safe for one writer (the
// program) and any number of readers (the test). Waits wake on each write
// rather than polling, and the screen's text is drawn once per change, so
// a hundred clients waiting at once cost what their output costs.
type Screen struct {
	mu  sync.Mutex
	emu *vt.Emulator
	// changed is closed (and replaced) by every write and resize.
	changed chan struct{}
	// text is the screen's text as of the last change, when valid.
	text  string
	valid bool
}

// New returns a terminal of w×h cells. Line feeds also return the carriage
// (LNM), as a tty's onlcr makes them do for a real program.
func New(w, h int) *Screen {
	s := &Screen{emu: vt.NewEmulator(w, h), changed: make(chan struct{})}
	_, _ = s.emu.WriteString("\x1b[20h")
	return s
}

// Write feeds the program's output to the terminal.
func (s *Screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.touch()
	return s.emu.Write(p)
}

// touch marks the screen changed and wakes the waits; s.mu is held.
func (s *Screen) touch() {
	s.valid = false
	close(s.changed)
	s.changed = make(chan struct{})
}

// snapshot returns the screen's text and the channel its next change
// closes.
func (s *Screen) snapshot() (string, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.valid {
		s.text, s.valid = strings.ReplaceAll(s.emu.String(), "\u00a0", " "), true
	}
	return s.text, s.changed
}

// wait waits until ok holds for the screen's text, or Timeout passes; it
// returns the last text seen and whether ok held.
func (s *Screen) wait(ok func(screen string) bool) (string, bool) {
	timer := time.NewTimer(Timeout)
	defer timer.Stop()
	for {
		scr, changed := s.snapshot()
		if ok(scr) {
			return scr, true
		}
		select {
		case <-changed:
		case <-timer.C:
			scr, _ = s.snapshot()
			return scr, ok(scr)
		}
	}
}

// Answers is the terminal's replies to the program's queries (cursor
// position, colours), to be copied into the program's input. Reading it
// does not take the lock.
func (s *Screen) Answers() io.Reader { return answers{s.emu} }

type answers struct{ emu *vt.Emulator }

func (a answers) Read(p []byte) (int, error) { return a.emu.Read(p) }

// Text returns the screen's text now; no-break spaces read as spaces.
func (s *Screen) Text() string {
	scr, _ := s.snapshot()
	return scr
}

// Resize changes the terminal's size.
func (s *Screen) Resize(w, h int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.touch()
	s.emu.Resize(w, h)
}

// WaitFor waits until the screen shows text.
func (s *Screen) WaitFor(t testing.TB, text string) {
	t.Helper()
	s.WaitMatch(t, regexp.MustCompile(regexp.QuoteMeta(text)))
}

// WaitMatch waits until re matches the screen and returns the submatches.
func (s *Screen) WaitMatch(t testing.TB, re *regexp.Regexp) []string {
	t.Helper()
	var m []string
	scr, ok := s.wait(func(scr string) bool {
		m = re.FindStringSubmatch(scr)
		return m != nil
	})
	if !ok {
		t.Fatalf("screen never matched %q; it shows:\n%s", re, scr)
	}
	return m
}

// WaitFunc waits until ok holds for the screen's text.
func (s *Screen) WaitFunc(t testing.TB, ok func(screen string) bool) {
	t.Helper()
	if scr, held := s.wait(ok); !held {
		t.Fatalf("the screen never changed as expected; it shows:\n%s", scr)
	}
}

// WaitInput waits until an input line ("> " and what is typed, maybe with
// a panel beside it) ends with typed: the whole of it reached the program.
func (s *Screen) WaitInput(t testing.TB, typed string) {
	t.Helper()
	s.WaitFunc(t, func(scr string) bool { return HasInput(scr, typed) })
}

// HasInput reports whether a line of the screen is an input ending with
// typed.
func HasInput(scr, typed string) bool {
	for _, line := range strings.Split(scr, "\n") {
		_, in, ok := strings.Cut(line, "> ")
		if !ok {
			continue
		}
		if i := strings.Index(in, "  "); i >= 0 {
			in = in[:i]
		}
		if i := strings.Index(in, "│"); i >= 0 {
			in = in[:i]
		}
		if strings.HasSuffix(strings.TrimRight(in, " "), typed) {
			return true
		}
	}
	return false
}

// WaitGone waits until the screen no longer shows text.
func (s *Screen) WaitGone(t testing.TB, text string) {
	t.Helper()
	if scr, gone := s.wait(func(scr string) bool { return !strings.Contains(scr, text) }); !gone {
		t.Fatalf("screen still shows %q:\n%s", text, scr)
	}
}

// Raw key bytes, as a terminal sends them.
const (
	Enter = "\r"
	// Esc is the Escape key as CSI u (the fixterms / kitty encoding,
	// which Bubble Tea reads): unlike a lone ESC byte it cannot be taken
	// for the start of another key's sequence, so no pause is needed
	// after it.
	Esc      = "\x1b[27u"
	Up       = "\x1b[A"
	Down     = "\x1b[B"
	CtrlC    = "\x03"
	Backsp   = "\x7f"
	ShiftTab = "\x1b[Z"
	CtrlL    = "\x0c" // the language key
	PgUp     = "\x1b[5~"
	PgDn     = "\x1b[6~"
)
