package ui_test

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

// TestEscBackFromEveryStep walks forward to the summary, then presses Esc
// until the start screen, checking each screen on the way and that what
// was typed is still there.
func TestEscBackFromEveryStep(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 31})
	tm.beginChoose("4") // Buypass ID
	tm.waitFor("Korleis vil du logge inn?")
	tm.press(keyDown)
	tm.waitFor("> 2  Buypass ID i mobil: passord og SMS-kode")
	tm.press(keyEnter)
	tm.nationalID("17889033371")
	tm.waitFor("Passord")
	// Esc from the password goes back to the national ID, still filled in.
	tm.press(keyEsc)
	tm.waitFor("> 17889033371")
	tm.press(keyEnter)
	tm.waitFor("Minst 8 teikn.")
	tm.typeSecret("passord123")
	tm.typeLine(tm.waitMatch(reSMSCode)[1])
	tm.waitFor("Vil du registrere kontaktinformasjon no?")
	tm.press(keyEnter)
	tm.contact("98765432", "")
	tm.waitFor("Sjå over og stadfest")

	steps := []struct {
		shows string
		step  ui.Step
	}{
		{"Kontaktinformasjonen er stadfesta", ui.StepContact},
		{"Norsk nummer, 8 siffer", ui.StepContact}, // info → e-mail? no e-mail given: back to the form
		{"Vil du registrere kontaktinformasjon no?", ui.StepContact},
		{"Eingongskode (6 siffer)", ui.StepLogin}, // the login's last part, a new code
		{"skriv passordet på nytt", ui.StepLogin}, // passwords are never kept
		{"> 17889033371", ui.StepLogin},           // the national ID is
		{"Korleis vil du logge inn?", ui.StepLogin},
		{"Vel elektronisk ID", ui.StepChoose},
		{"Trykk Enter for å byrje.", ui.StepStart},
	}
	for i, s := range steps {
		tm.press(keyEsc)
		if i == 1 {
			// From the info screen Esc goes to the e-mail field, then the mobile.
			tm.waitFor("E-postadresse")
			tm.press(keyEsc)
			tm.waitFor("> 98765432")
		}
		tm.waitFor(s.shows)
		if got := tm.model.CurrentStep(); got != s.step {
			t.Fatalf("after Esc %d: step %v, want %v", i+1, got, s.step)
		}
	}
	// Esc on the start screen does nothing; the wizard stays.
	// Ctrl+L after it shows it went through (keys keep their order).
	tm.press(keyEsc, keyCtrlL)
	tm.waitFor("Trykk Enter for å begynne.")
	if tm.model.CurrentStep() != ui.StepStart || !tm.running() {
		t.Fatalf("Esc on the start screen moved the wizard: step %v", tm.model.CurrentStep())
	}
}

// TestCtrlC: nothing entered → quit at once; something entered → asked
// first; "n" goes on with everything kept, "j" quits.
func TestCtrlC(t *testing.T) {
	t.Run("nothing entered quits at once", func(t *testing.T) {
		tm := startTerm(t, termOpts{seed: 32})
		tm.waitFor("Trykk Enter for å byrje.")
		tm.press(keyCtrlC)
		tm.waitExit()
	})
	t.Run("asks when something was typed", func(t *testing.T) {
		tm := startTerm(t, termOpts{seed: 33})
		tm.beginChoose("5")
		tm.waitFor("Fødselsnummer eller D-nummer")
		tm.press("1788")
		tm.waitFor("> 1788")
		tm.press(keyCtrlC)
		tm.waitFor("Vil du avslutte?")
		tm.press("n")
		tm.waitFor("> 1788")
		tm.press(keyCtrlC)
		tm.waitFor("Vil du avslutte?")
		tm.press("j")
		tm.waitExit()
		if files := tm.savedFiles(); len(files) != 0 {
			t.Errorf("files after quitting: %v", files)
		}
	})
}

// TestResizeAndTooSmall: below the minimum the wizard asks for a larger
// window; back at a normal size the same screen returns, input kept.
func TestResizeAndTooSmall(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 34})
	tm.beginChoose("5")
	tm.waitFor("Fødselsnummer eller D-nummer")
	tm.press("17889")
	tm.waitFor("> 17889")

	resize := func(w, h int) {
		tm.emu.Resize(w, h)
		tm.prog.Send(tea.WindowSizeMsg{Width: w, Height: h})
	}
	resize(40, 12)
	tm.waitFor("Vindauget er for lite (40×12).")
	tm.waitFor("Gjer det minst 50×16")
	// Keys are ignored while too small. The key goes the way the resize
	// does (Send), so it is handled before the resize that follows it.
	tm.prog.Send(tea.KeyPressMsg{Code: '0', Text: "0"})
	resize(60, 20)
	tm.waitFor("> 17889")
	if strings.Contains(tm.screen(), "178890") {
		t.Error("a key pressed while the window was too small reached the input")
	}
	// At 60 columns the step indicator still fits whole; the device panel
	// goes below the form.
	tm.waitFor("Steg 3 av 5 · Logg inn")
	tm.press("033371")
	tm.press(keyEnter)
	tm.waitFor("Set inn USB-pinnen")
	tm.press(keyEnter)
	tm.waitFor("PIN-koden din:")
	scr := tm.screen()
	if strings.Index(scr, "Simulert USB-pinne") < strings.Index(scr, "PIN-kode (6–8 siffer)") {
		t.Errorf("at 60 columns the device should be below the form:\n%s", scr)
	}
	for _, line := range strings.Split(scr, "\n") {
		if len([]rune(line)) > 60 {
			t.Errorf("line wider than 60: %q", line)
		}
	}
	resize(100, 30)
	tm.waitFor("PIN-koden din:")
}

// TestLockoutAndAgeRefusal: three wrong codes lock the eID for the session
// (marked in the list, cannot be chosen); an under-age person is refused
// with the eIDs still open named.
func TestLockoutAndAgeRefusal(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 35})
	tm.beginChoose("2")
	tm.waitFor("Korleis vil du logge inn?")
	tm.press("1")
	tm.nationalID("17889033371")
	code := tm.waitMatch(reCodeDevice)[1]
	wrong := "000000"
	if strings.ReplaceAll(code, " ", "") == wrong {
		wrong = "111111"
	}
	tm.typeLine(wrong)
	tm.waitFor("Du har 2 forsøk att.")
	tm.typeLine("12345") // wrong format: costs no try
	tm.waitFor("Skriv 6 siffer.")
	tm.waitFor("Du har 2 forsøk att.")
	tm.press("\x7f\x7f\x7f\x7f\x7f")
	tm.typeLine(wrong)
	tm.waitFor("Du har eitt forsøk att.")
	tm.typeLine(wrong)
	tm.waitFor("BankID er låst")
	tm.waitFor("Ein verkeleg brukar må kontakte banken sin")
	tm.press(keyEnter)
	tm.waitFor(chooseShown)
	tm.waitFor("BankID [låst]")
	tm.press("2")
	tm.waitFor("BankID er låst i denne økta")
	if tm.model.CurrentStep() != ui.StepChoose {
		t.Fatal("a locked eID could be chosen")
	}

	// Born 2013-11-26: 13 on 2026-11-26, one day after the pinned today.
	// Buypass ID needs the 13th birthday; MinID and Commfides are open.
	tm.press("4")
	tm.waitFor("Korleis vil du logge inn?")
	tm.press("1")
	tm.nationalID("26911350075")
	tm.waitFor("Du er for ung til å bruke Buypass ID")
	tm.waitFor("26.11.2026")
	tm.waitFor("Andre eID-ar du kan bruke no: MinID, Commfides.")
	tm.press(keyEsc)
	tm.waitFor(chooseShown)
}

// TestMinimumSizeKeepsDevicesVisible: at the smallest supported window
// (50×16) a person can still read every code they must type: the PIN
// letter's asked number and the contact register's code.
func TestMinimumSizeKeepsDevicesVisible(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 36, w: ui.MinWidth, h: ui.MinHeight})
	tm.beginChoose("1")
	tm.waitFor("Korleis vil du logge inn?")
	tm.press("3")
	tm.nationalID("17889033371")
	tm.waitFor("Passord")
	tm.typeSecret("hemmeleg123")
	n := tm.waitMatch(rePINIndex)[1]
	pin := tm.waitMatch(regexp.MustCompile(`nr\.\s+` + n + `: (\d{5})`))[1]
	tm.typeSecret(pin)
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.typeLine("91234567")
	tm.waitFor("E-postadresse")
	tm.press(keyEnter)
	tm.typeLine(tm.waitMatch(reVerifyCode)[1])
	tm.waitFor("Kontaktinformasjonen er stadfesta")
	for _, line := range strings.Split(tm.screen(), "\n") {
		if w := len([]rune(line)); w > ui.MinWidth {
			t.Errorf("line of %d cells at width %d: %q", w, ui.MinWidth, line)
		}
	}
}
