package ui_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// The journey's promises a newcomer relies on: what passes between people,
// what the words on the screen say, and where Esc goes.

// registerMobile answers the contact register's question yes, registers and
// confirms the mobile number only, and goes on to the summary.
func (tm *term) registerMobile(mobile string) {
	tm.t.Helper()
	tm.press(keyEnter) // «Ja»
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.typeLine(mobile)
	tm.waitFor("E-postadresse")
	tm.press(keyEnter)
	tm.waitFor("Stadfest mobilnummeret")
	tm.typeLine(tm.waitMatch(reVerifyCode)[1])
	tm.waitFor("Kontaktinformasjonen er stadfesta")
	tm.press(keyEnter)
	tm.waitFor("Stadfest og lagre")
}

// TestContactNeverPassesToAnotherPerson: a person registers a mobile number,
// then «Endre eID og innlogging» logs in as someone else: the contact step
// starts empty and the second person's record has nothing of the first's.
// Logging in again as the same person keeps what was confirmed.
func TestContactNeverPassesToAnotherPerson(t *testing.T) {
	t.Run("another national ID", func(t *testing.T) {
		tm := startTerm(t, termOpts{seed: 51})
		tm.loginCommfidesAs("17889033371")
		tm.registerMobile("91234567")
		tm.press("2") // Endre eID og innlogging
		tm.waitFor(chooseShown)
		tm.press("5")
		tm.nationalID("15850651229")
		tm.waitFor("Set inn USB-pinnen")
		tm.press(keyEnter)
		tm.typeSecret(tm.waitMatch(reDevicePIN)[1])
		tm.waitFor("Vil du registrere kontaktinformasjon no?")
		tm.press(keyEnter)
		tm.waitFor("Norsk nummer, 8 siffer")
		if strings.Contains(tm.screen(), "91234567") {
			t.Fatalf("the first person's mobile number is offered to the second:\n%s", tm.screen())
		}
		tm.press(keyEnter) // no mobile
		tm.waitFor("E-postadresse")
		tm.typeLine("ola@eksempel.no")
		tm.typeLine(tm.waitMatch(reVerifyCode)[1])
		tm.waitFor("Kontaktinformasjonen er stadfesta")
		tm.press(keyEnter)
		rec := tm.saveFromSummary()
		if rec.Person.NationalID != "15850651229" || rec.ContactRegister.Mobile != "" ||
			rec.ContactRegister.Email != "ola@eksempel.no" {
			t.Errorf("second person's record: %+v %+v", rec.Person, rec.ContactRegister)
		}
	})
	t.Run("the same person keeps what was confirmed", func(t *testing.T) {
		tm := startTerm(t, termOpts{seed: 52})
		tm.loginCommfidesAs("17889033371")
		tm.registerMobile("91234567")
		tm.press("2")
		tm.waitFor(chooseShown)
		tm.press("5")
		tm.nationalID("17889033371")
		tm.waitFor("Set inn USB-pinnen")
		tm.press(keyEnter)
		tm.typeSecret(tm.waitMatch(reDevicePIN)[1])
		tm.waitFor("Vil du registrere kontaktinformasjon no?")
		tm.press(keyEnter)
		tm.waitFor("> 91234567")
		tm.press(keyEnter)
		tm.waitFor("E-postadresse")
		tm.press(keyEnter)
		// Confirmed once, not asked again.
		tm.waitFor("Kontaktinformasjonen er stadfesta")
	})
	t.Run("BankID på mobil with another birth date", func(t *testing.T) {
		tm := startTerm(t, termOpts{seed: 53})
		tm.loginCommfidesAs("17889033371")
		tm.registerMobile("98765432")
		tm.press("2")
		tm.waitFor(chooseShown)
		tm.press("3")
		tm.waitFor("Nummeret BankID på mobil er knytt til.")
		tm.typeLine("91234567")
		tm.waitFor("Fødselsdato (DDMMÅÅ)")
		tm.typeLine("150506")
		tm.waitFor("Er referanseorda dei same på mobilen?")
		tm.press(keyEnter)
		tm.typeSecret(tm.waitMatch(reDevicePIN)[1])
		tm.waitFor("Vil du registrere kontaktinformasjon no?")
		tm.press(keyEnter)
		// The login's own number, unconfirmed; never the first person's.
		tm.waitFor("> +47 912 34 567")
		if strings.Contains(tm.screen(), "987") {
			t.Fatalf("the first person's number shows:\n%s", tm.screen())
		}
	})
}

// saveFromSummary saves and returns the record, without waiting for the
// summary's title (a short window drops it).
func (tm *term) saveFromSummary() model.Record {
	tm.t.Helper()
	tm.waitFor("Stadfest og lagre")
	tm.press(keyEnter)
	tm.waitFor("Registreringa er fullført")
	rec, _, ok := tm.model.Saved()
	if !ok {
		tm.t.Fatal("receipt shown but no record saved")
	}
	return rec
}

// TestReasonBeforeTheChoice: why the register matters is shown above the
// question; «Nei» says it can be done later, and the receipt does not
// promise to use contact information that was not given.
func TestReasonBeforeTheChoice(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 54})
	tm.loginCommfides()
	scr := tm.screen()
	reason, ask := strings.Index(scr, "Kvifor dette er viktig"), strings.Index(scr, "Vil du registrere kontaktinformasjon no?")
	if reason < 0 || reason > ask {
		t.Fatalf("the reason is not above the question:\n%s", scr)
	}
	tm.press(keyDown, keyEnter)
	tm.waitFor("Ingen kontaktinformasjon no")
	tm.waitFor("seinare")
	tm.press(keyEnter)
	tm.saveFromSummary()
	scr = strings.Join(strings.Fields(tm.screen()), " ")
	if strings.Contains(scr, "Kontaktinformasjonen din blir brukt") {
		t.Errorf("the receipt promises to use contact information that was not given:\n%s", tm.screen())
	}
	if !strings.Contains(scr, "Du registrerte ikkje kontaktinformasjon") {
		t.Errorf("the receipt does not say none was registered:\n%s", tm.screen())
	}
}

// TestEscFromFirstContactFieldKeepsTheLogin: with MinID the mobile field is
// the contact step's first; Esc there goes back to the login's last part
// (a new code), not to a fresh login, and the national ID is kept.
func TestEscFromFirstContactFieldKeepsTheLogin(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 55})
	tm.beginChoose("1")
	tm.waitFor("Korleis vil du logge inn?")
	tm.press("1")
	tm.nationalID("17889033371")
	tm.waitFor("Minst 8 teikn, både bokstavar og tal")
	tm.typeSecret("hemmeleg123")
	first := tm.waitMatch(reSMSCode)[1]
	tm.typeLine(first)
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.typeLine("9123") // typed, not finished
	tm.press(keyEsc)
	tm.waitFor("Eingongskode (5 siffer)")
	tm.waitFor("Del 3 av 3")
	tm.press(keyEsc)
	tm.waitFor("skriv passordet på nytt")
	tm.press(keyEsc)
	tm.waitFor("> 17889033371")
	if got := tm.model.CurrentStep(); got != ui.StepLogin {
		t.Errorf("step %v, want the login", got)
	}
}

// TestWordsMatchTheScreen: the texts say what the screen shows.
func TestWordsMatchTheScreen(t *testing.T) {
	t.Run("no directions that a layout can make untrue", func(t *testing.T) {
		for _, lang := range ui.Langs {
			for _, s := range catalogueTexts(t, lang) {
				for _, dir := range []string{"til høgre", "til høyre", "on the right"} {
					if strings.Contains(s, dir) {
						t.Errorf("%s: %q says %q; the device is below the form in a narrow window", lang, s, dir)
					}
				}
			}
		}
	})
	t.Run("BankID på mobil does not register", func(t *testing.T) {
		tm := startTerm(t, termOpts{seed: 56})
		tm.beginChoose("3")
		tm.waitFor("Nummeret BankID på mobil er knytt til.")
		tm.typeLine("+46701234567")
		tm.waitFor("BankID på mobil fanst berre for norske mobilnummer")
		if strings.Contains(tm.screen(), "registrerast") {
			t.Errorf("the login speaks of registering:\n%s", tm.screen())
		}
	})
	t.Run("parts do not shrink after the method", func(t *testing.T) {
		tm := startTerm(t, termOpts{seed: 57})
		tm.beginChoose("4")
		tm.waitFor("Korleis vil du logge inn?")
		if strings.Contains(tm.screen(), "Del 1 av") {
			t.Errorf("the choice of method is counted as a part:\n%s", tm.screen())
		}
		tm.press("3") // the app: national ID, approve
		tm.waitFor("Del 1 av 2")
		tm.typeLine("17889033371")
		tm.waitFor("Del 2 av 2")
	})
	t.Run("the start screen's steps are not numbered from 2", func(t *testing.T) {
		tm := startTerm(t, termOpts{seed: 58})
		tm.waitFor("Dette skal du gjere:")
		if regexp.MustCompile(`(?m)^\s+2\. `).MatchString(tm.screen()) {
			t.Errorf("the list of steps starts at 2:\n%s", tm.screen())
		}
	})
	t.Run("a locked eID's number explains the lock in a small window", func(t *testing.T) {
		tm := startTerm(t, termOpts{seed: 59, w: ui.MinWidth, h: ui.MinHeight})
		tm.beginChoose("5")
		tm.nationalID("17889033371")
		tm.waitFor("Set inn USB-pinnen")
		tm.press(keyEnter)
		tm.waitFor("PIN-kode (6–8 siffer)")
		for i := range 3 {
			tm.typeSecret("000000")
			if i < 2 {
				tm.waitFor("Feil PIN-kode.")
			}
		}
		tm.waitFor("Commfides er låst")
		tm.press(keyEnter)
		tm.waitFor("[låst]")
		tm.press("5")
		tm.waitFor("Commfides er låst i denne økta")
	})
	t.Run("r says a new code was sent", func(t *testing.T) {
		tm := startTerm(t, termOpts{seed: 60})
		tm.loginCommfides()
		tm.press(keyEnter)
		tm.waitFor("Norsk nummer, 8 siffer")
		tm.typeLine("91234567")
		tm.waitFor("E-postadresse")
		tm.press(keyEnter)
		old := tm.waitMatch(reVerifyCode)[1]
		tm.press("r")
		tm.waitText("Vi har sendt ein ny kode til +47 912 34 567.")
		if tm.waitMatch(reVerifyCode)[1] == old {
			t.Error("r did not send a new code")
		}
	})
	t.Run("Ctrl+L says which language is on", func(t *testing.T) {
		tm := startTerm(t, termOpts{seed: 61})
		tm.waitFor("Trykk Enter for å byrje.")
		tm.press(keyCtrlL)
		tm.waitFor("Språket er nå bokmål.")
		tm.press(keyCtrlL)
		tm.waitFor("The language is now English.")
		tm.press(keyEnter)
		tm.waitGone("The language is now English.")
	})
}

// catalogueTexts is every string of a language's catalogue.
func catalogueTexts(t *testing.T, lang ui.Lang) []string {
	t.Helper()
	var out []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			out = append(out, v.String())
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Array, reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(v.MapIndex(k))
			}
		case reflect.Pointer:
			walk(v.Elem())
		}
	}
	walk(reflect.ValueOf(ui.TextFor(lang)))
	return out
}

// TestKioskReceiptShowsNoPath: the public never sees where records are kept,
// and the countdown says the key goes to the start.
func TestKioskReceiptShowsNoPath(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 62, opts: func(o *ui.Options) { o.Kiosk = true }})
	tm.walkToSummary()
	tm.press(keyEnter)
	tm.waitFor("Registreringa er fullført")
	tm.waitText("Trykk ein tast for å gå til start no.")
	if scr := tm.screen(); strings.Contains(scr, "Lagra i") || strings.Contains(scr, tm.store.Dir()) {
		t.Errorf("the kiosk's receipt shows the path:\n%s", scr)
	}
}

// TestSaveErrorIsTranslated: a data folder that is a file ("not a
// directory") gives a sentence in the person's language and the retry,
// never the raw error.
func TestSaveErrorIsTranslated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	tm := startTerm(t, termOpts{seed: 63, dir: dir})
	tm.walkToSummary()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, []byte("not a folder"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm.press(keyEnter)
	tm.waitFor("Klarte ikkje å lagre registreringa")
	tm.waitFor("Lagringsmappa finst ikkje, eller ho er ikkje ei mappe.")
	scr := tm.screen()
	for _, raw := range []string{"not a directory", "storage:", "Feil:"} {
		if strings.Contains(scr, raw) {
			t.Errorf("the screen shows the raw error (%q):\n%s", raw, scr)
		}
	}
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	tm.press("r")
	tm.waitFor("Registreringa er fullført")
}

// TestContactFieldsLookLikeLoginFields: no huh bar beside the field, and the
// error right under the input's rule.
func TestContactFieldsLookLikeLoginFields(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 64})
	tm.loginCommfides()
	tm.press(keyEnter)
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.typeLine("31234567")
	tm.waitFor("Norske mobilnummer byrjar på 4 eller 9.")
	scr := tm.screen()
	if strings.Contains(scr, "┃") {
		t.Errorf("the contact field has huh's bar:\n%s", scr)
	}
	lines := strings.Split(scr, "\n")
	for i, l := range lines {
		if strings.Contains(l, "> 31234567") {
			if i+2 >= len(lines) || !strings.Contains(lines[i+1], "────") ||
				!strings.Contains(lines[i+2], "✗ Norske mobilnummer byrjar på 4 eller 9.") {
				t.Errorf("the error is not right under the field:\n%s", scr)
			}
			return
		}
	}
	t.Errorf("no input line:\n%s", scr)
}

// TestLineContactNeverPassesToAnotherPerson is the line mode's side of
// TestContactNeverPassesToAnotherPerson.
func TestLineContactNeverPassesToAnotherPerson(t *testing.T) {
	o := runLine(t, ui.Nynorsk, lines(
		"5", "17889033371", "", "@code", // Commfides as the first person
		"1", "91234567", "", "@code", // yes: a mobile number, confirmed
		"2",                             // summary: change the login
		"5", "15850651229", "", "@code", // another person
		"1", "", "ola@eksempel.no", "@code", // yes: no mobile, an e-mail address
		"1"), nil)
	rec := o.completed(t)
	if rec.Person.NationalID != "15850651229" || rec.ContactRegister.Mobile != "" ||
		rec.ContactRegister.Email != "ola@eksempel.no" {
		t.Errorf("second person's record: %+v %+v", rec.Person, rec.ContactRegister)
	}
	if strings.Count(o.out, "No står det 91234567") != 0 {
		t.Errorf("the first person's number was offered to the second:\n%s", o.out)
	}
}

// TestLineReasonBeforeTheChoice: the reason comes before the question, «nei»
// says it can be done later, and the receipt promises nothing.
func TestLineReasonBeforeTheChoice(t *testing.T) {
	o := runLine(t, ui.Nynorsk, lines("5", "17889033371", "", "@code", "2", "1"), nil)
	o.completed(t)
	reason, ask := strings.Index(o.out, "Kvifor dette er viktig"), strings.Index(o.out, "Vil du registrere kontaktinformasjon no?")
	if reason < 0 || reason > ask {
		t.Errorf("the reason does not come before the question:\n%s", o.out)
	}
	contains(t, o.out, "Ingen kontaktinformasjon no", "Du registrerte ikkje kontaktinformasjon")
	if strings.Contains(o.out, "Kontaktinformasjonen din blir brukt") {
		t.Errorf("the receipt promises to use contact information:\n%s", o.out)
	}
}

// TestServerNotices: what the SSH server tells a wizard shows above the
// help bar: a window clamped to the limit, and a shutdown's countdown, in
// which the person can still finish.
func TestServerNotices(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 65})
	tm.waitFor("Trykk Enter for å byrje.")
	tm.prog.Send(ui.ClientSizeMsg{Width: 3000, Height: 3000})
	tm.waitFor("Vindauget ditt er 3000×3000; vegvisaren teiknar berre 80×24.")
	tm.prog.Send(ui.ClientSizeMsg{})
	tm.waitGone("Vindauget ditt er")
	tm.walkToSummary()
	tm.prog.Send(ui.ShutdownMsg{At: tm.clock.Now().Add(time.Minute)})
	tm.waitFor("Tenaren stengjer om 60 sekund – fullfør no.")
	tm.advance(15 * time.Second)
	tm.waitFor("Tenaren stengjer om 45 sekund – fullfør no.")
	tm.press(keyEnter)
	// Saved in time: the receipt stays until the server's time is up.
	tm.waitFor("Registreringa er fullført")
	tm.advance(45 * time.Second)
	tm.waitFor("Tenaren stengjer no.")
	if !tm.running() {
		t.Fatal("the wizard ended before its goodbye was read")
	}
	tm.advance(time.Minute)
	tm.waitExit()
	if tm.model.Ending() != ui.EndingShutdown || tm.model.Saves() != 1 {
		t.Errorf("ending %v, saves %d", tm.model.Ending(), tm.model.Saves())
	}
}

// TestTinyWindow: a 1×1 window draws a marker, not a garbled message, and
// the wizard goes on at a usable size.
func TestTinyWindow(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 66})
	tm.waitFor("Trykk Enter for å byrje.")
	tm.emu.Resize(1, 1)
	tm.prog.Send(tea.WindowSizeMsg{Width: 1, Height: 1})
	tm.waitFor("…")
	tm.emu.Resize(80, 24)
	tm.prog.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm.waitFor("Trykk Enter for å byrje.")
}
