package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKioskInRealTerminal runs the binary as a kiosk in tmux: the quit
// keys do nothing, a person registers, presses a key on the receipt, and
// afterwards neither the screen nor the terminal's scrollback holds
// anything of them. The operator's sequence ends it with exit code 0.
func TestKioskInRealTerminal(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "registrations")
	tt := startTmux(t, 80, 24, []string{"IDPORTEN_WIZARD_DATA=" + data}, "--kiosk", "--admin-exit", "ctrl+x ctrl+x q")
	tt.waitFor("Trykk Enter for å byrje.")
	// Ctrl+L after the quit keys shows they went through (keys keep their
	// order); twice more is Nynorsk again.
	// Esc goes as CSI 27 u, so the Ctrl+L after it is not read as Alt+Ctrl+L.
	tt.keys("C-c", "C-z", `C-\`, "q")
	tt.literal("\x1b[27u")
	tt.keys("C-l")
	tt.waitFor("Trykk Enter for å begynne.")
	tt.keys("C-l", "C-l")
	tt.waitFor("Trykk Enter for å byrje.")
	if strings.Contains(tt.screen(), "EXITED") {
		t.Fatal("a quit key ended the kiosk")
	}

	const nid, mobile, email = "17889033371", "41234567", "kari.kiosk@eksempel.no"
	tt.keys("Enter")
	tt.waitFor("Vel elektronisk ID")
	tt.keys("5")
	tt.waitFor("Fødselsnummer eller D-nummer")
	tt.literal(nid)
	tt.waitFor(nid)
	tt.keys("Enter")
	tt.waitFor("Set inn USB-pinnen")
	tt.keys("Enter")
	pin := tt.waitMatch(`PIN-koden din: (\d{4,8})`)[1]
	tt.literal(pin)
	tt.keys("Enter")
	tt.waitFor("Vil du registrere kontaktinformasjon no?")
	tt.keys("Enter")
	tt.waitFor("Norsk nummer, 8 siffer")
	tt.literal(mobile)
	tt.waitFor(mobile)
	tt.keys("Enter")
	tt.waitFor("E-postadresse")
	tt.literal(email)
	tt.waitFor(email)
	tt.keys("Enter")
	for range 2 {
		code := tt.waitMatch(`Koden din er (\d{6})`)[1]
		tt.literal(code)
		tt.keys("Enter")
		tt.waitMatch(`Stadfest e-postadressa|Kontaktinformasjonen er stadfesta`)
	}
	tt.waitFor("Kontaktinformasjonen er stadfesta")
	tt.keys("Enter")
	tt.waitFor("Sjå over og stadfest")
	if scr := tt.screen(); strings.Contains(scr, nid) {
		t.Errorf("the summary shows the whole national ID:\n%s", scr)
	}
	tt.keys("Enter")
	id := tt.waitMatch(`Referanse: ([0-9a-f-]{36})`)[1]
	tt.waitMatch(`sletta\s+frå\s+skjermen\s+om\s+\d+\s+sekund`)
	tt.keys("Space")
	tt.waitFor("Trykk Enter for å byrje.")

	// The visible screen and everything tmux kept above it.
	all := tt.run("capture-pane", "-p", "-t", "w", "-S", "-", "-E", "-")
	for _, secret := range []string{nid, "178890", mobile, "412 34 567", email, id, pin} {
		if strings.Contains(all, secret) {
			t.Errorf("after the reset the terminal still holds %q:\n%s", secret, all)
		}
	}
	if _, err := os.Stat(filepath.Join(data, id+".json")); err != nil {
		t.Errorf("the record was not saved: %v", err)
	}

	tt.keys("C-x", "C-x", "q")
	tt.waitFor("EXITED-0")
}

// TestKioskEndsOnSIGTERM: the system stops a kiosk with a signal, exit 0.
func TestKioskEndsOnSIGTERM(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	// A kiosk needs a terminal; tmux gives it one, and the test signals
	// the process tmux started.
	tt := startTmux(t, 80, 24, nil, "--kiosk", "--data-dir", data)
	tt.waitFor("Trykk Enter for å byrje.")
	pid := tt.run("display-message", "-p", "-t", "w", "#{pane_pid}")
	// The pane runs a shell running the wizard: signal the wizard.
	out, err := exec.Command("pgrep", "-P", strings.TrimSpace(pid)).Output()
	if err != nil {
		t.Fatalf("pgrep: %v", err)
	}
	var wizard int
	for _, f := range strings.Fields(string(out)) {
		if p, err := strconv.Atoi(f); err == nil {
			wizard = p
		}
	}
	if wizard == 0 {
		t.Fatal("wizard process not found")
	}
	if err := syscall.Kill(wizard, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	tt.waitFor("EXITED-0")
}

// TestNoColorAnyValueInRealTerminal: NO_COLOR=yes (not only 1 or true)
// turns colour off in a real terminal; bold and underline stay. (The
// screen golden without colour is ui's TestNoColourProfile.)
func TestNoColorAnyValueInRealTerminal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env       string
		wantColor bool
	}{{"NO_COLOR=yes", false}, {"NO_COLOR=1", false}, {"NO_COLOR=", true}} {
		t.Run(tc.env, func(t *testing.T) {
			tt := startTmux(t, 80, 24, []string{tc.env, "TERM=xterm-256color", "COLORTERM=truecolor",
				"IDPORTEN_WIZARD_DATA=" + t.TempDir()})
			tt.waitFor("Trykk Enter for å byrje.")
			start := tt.run("capture-pane", "-p", "-e", "-t", "w")
			tt.keys("Enter")
			tt.waitFor("Vel elektronisk ID")
			choose := tt.run("capture-pane", "-p", "-e", "-t", "w")
			for _, scr := range []string{start, choose} {
				if got := hasColourSGR(scr); got != tc.wantColor {
					t.Errorf("colour on screen: %v, want %v:\n%q", got, tc.wantColor, scr)
				}
			}
			if !strings.Contains(start, "\x1b[1") {
				t.Errorf("bold is gone too; NO_COLOR only takes colour away:\n%q", start)
			}
		})
	}
}

var reSGR = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// hasColourSGR reports whether s sets a foreground or background colour
// (SGR 30–38, 40–48, 90–97, 100–107; 39 and 49, back to the default, are
// not colour).
func hasColourSGR(s string) bool {
	for _, m := range reSGR.FindAllStringSubmatch(s, -1) {
		params := strings.Split(m[1], ";")
		for i := 0; i < len(params); i++ {
			n, err := strconv.Atoi(params[i])
			if err != nil {
				continue
			}
			switch {
			case n >= 30 && n <= 38, n >= 40 && n <= 48, n >= 90 && n <= 97, n >= 100 && n <= 107:
				return true
			}
		}
	}
	return false
}

// TestKioskShortIdleInRealTerminal: --idle is the time without a key press
// before the 30 s warning, so --idle 5s (an operator trying it out) shows
// «Er du framleis der?» about 5 s after the last key, not before, counting
// down from 30 s.
func TestKioskShortIdleInRealTerminal(t *testing.T) {
	t.Parallel()
	tt := startTmux(t, 80, 24, nil, "--kiosk", "--idle", "5s", "--data-dir", t.TempDir())
	tt.waitFor("Trykk Enter for å byrje.")
	tt.keys("Enter") // an untouched start screen is never interrupted
	tt.waitFor("Vel elektronisk ID")
	lastKey := time.Now()
	const warning = "Er du framleis der?"
	if scr := tt.screen(); strings.Contains(scr, warning) {
		t.Fatalf("the warning is there at once:\n%s", scr)
	}
	deadline := lastKey.Add(15 * time.Second)
	for {
		scr := tt.screen()
		if strings.Contains(scr, warning) {
			waited := time.Since(lastKey)
			if waited < 4*time.Second {
				t.Errorf("the warning came %s after the last key, want about 5 s", waited.Round(100*time.Millisecond))
			}
			t.Logf("the warning came %s after the last key", waited.Round(100*time.Millisecond))
			break
		}
		if strings.Contains(scr, "EXITED") || time.Now().After(deadline) {
			t.Fatalf("no warning %s after the last key:\n%s", time.Since(lastKey).Round(time.Second), scr)
		}
		time.Sleep(100 * time.Millisecond)
	}
	secs, _ := strconv.Atoi(tt.waitMatch(`Om\s+(\d+)\s+sekund`)[1])
	if secs < 25 || secs > 30 {
		t.Errorf("the countdown shows %d s, want the 30 s warning", secs)
	}
	tt.keys("Down") // any key continues where the person was
	tt.waitMatch(`Vel elektronisk ID`)
	if scr := tt.screen(); strings.Contains(scr, warning) {
		t.Errorf("a key did not dismiss the warning:\n%s", scr)
	}
}
