package ui_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

// styledGolden compares the screen's text and its colours and attributes
// (termtest's Styles) with testdata/<name>.golden.
func (tm *term) styledGolden(name string) {
	tm.t.Helper()
	got := tm.screen() + "\n--- styles\n" + tm.emu.Styles()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tm.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tm.t.Fatalf("%v (run go test ./ui -run Theme -update to create it)", err)
	}
	if got != string(want) {
		tm.t.Errorf("screen %s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

var reColour = regexp.MustCompile(`#[0-9a-f]{6}|ansi\d+|ansi256:\d+`)

// onlyColours fails when the screen uses a colour outside allowed.
func (tm *term) onlyColours(allowed ...string) {
	tm.t.Helper()
	for _, c := range reColour.FindAllString(tm.emu.Styles(), -1) {
		if !strings.Contains(strings.Join(allowed, " "), c) {
			tm.t.Errorf("colour %s outside the theme %v:\n%s", c, allowed, tm.emu.Styles())
		}
	}
}

// TestThemeHighContrast draws the screens in the high-contrast theme with
// full colour: black, white and yellow only, the terminal's own colours
// set to white on black, and every screen matched against its golden.
func TestThemeHighContrast(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 11, profile: colorprofile.TrueColor,
		opts: func(o *ui.Options) { o.Theme = ui.ThemeHighContrast }})
	hc := []string{"#000000", "#ffffff", "#ffff00"}
	tm.waitFor("Trykk Enter for å byrje.")
	tm.styledGolden("hc-01-start")
	tm.onlyColours(hc...)
	if !strings.Contains(tm.emu.Styles(), "terminal background #000000") ||
		!strings.Contains(tm.emu.Styles(), "terminal foreground #ffffff") {
		t.Errorf("the theme did not set the terminal to white on black:\n%s", tm.emu.Styles())
	}
	tm.press(keyEnter)
	tm.waitFor(chooseShown)
	tm.press(keyDown, keyDown)
	tm.waitFor("Fasa ut 2022–2024")
	tm.styledGolden("hc-02-choose")
	tm.onlyColours(hc...)
	tm.press(keyUp, keyUp, "5")
	tm.waitFor("Fødselsnummer eller D-nummer")
	tm.typeLine("17889033372")
	tm.waitFor("Kontrollsiffera stemmer ikkje")
	tm.onlyColours(hc...)
	// The error is marked by text (✗) and reverse video, not colour alone.
	if !strings.Contains(tm.screen(), "✗ Kontrollsiffera") || !strings.Contains(tm.emu.Styles(), "reverse") {
		t.Errorf("error not marked without colour:\n%s\n%s", tm.screen(), tm.emu.Styles())
	}
	tm.press("\x7f")
	tm.typeLine("1")
	tm.waitFor("Set inn USB-pinnen")
	tm.press(keyEnter)
	tm.typeSecret(tm.waitMatch(reDevicePIN)[1])
	tm.waitFor("Vil du registrere kontaktinformasjon no?")
	tm.press(keyEnter)
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.typeLine("912 34 567")
	tm.waitFor("E-postadresse")
	tm.press(keyEnter)
	tm.waitFor("Stadfest mobilnummeret")
	tm.onlyColours(hc...)
	tm.styledGolden("hc-04-verify")
}

// TestNoColourProfile: in a true-colour terminal with NO_COLOR=yes, no cell
// has a colour, and the selection and errors still read: a caret, a ✗.
func TestNoColourProfile(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 12, profile: colorprofile.TrueColor, env: []string{"NO_COLOR=yes"}})
	tm.beginChoose("")
	tm.waitFor("> 1  MinID")
	tm.press("5")
	tm.typeLine("17889033372")
	tm.waitFor("✗ Kontrollsiffera stemmer ikkje")
	if tm.emu.HasColour() {
		t.Errorf("colour on screen without colour:\n%s", tm.emu.Styles())
	}
	tm.styledGolden("nocolor-03-error")
}

func TestNoColorAnyValue(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want bool
	}{
		{[]string{"NO_COLOR=1"}, true},
		{[]string{"NO_COLOR=yes"}, true},
		{[]string{"NO_COLOR=false"}, true}, // no-color.org: any non-empty value
		{[]string{"NO_COLOR="}, false},
		{[]string{"TERM=xterm"}, false},
	} {
		if got := ui.NoColor(tc.env); got != tc.want {
			t.Errorf("NoColor(%v) = %v, want %v", tc.env, got, tc.want)
		}
	}
}
