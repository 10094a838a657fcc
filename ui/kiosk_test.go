package ui_test

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// kiosk returns options for a kiosk with short times, for tests.
func kiosk(idle, warning, receipt time.Duration, adminExit ...string) func(*ui.Options) {
	return func(o *ui.Options) {
		o.Kiosk = true
		o.IdleTimeout, o.IdleWarning, o.ReceiptReturn = idle, warning, receipt
		o.AdminExit = adminExit
	}
}

// running reports whether the program is still running.
func (tm *term) running() bool {
	select {
	case <-tm.done:
		return false
	default:
		return true
	}
}

// stop ends the program so its model can be read without a race.
func (tm *term) stop() {
	tm.prog.Kill()
	<-tm.done
}

func TestKioskIgnoresQuitKeys(t *testing.T) {
	tm := startTerm(t, termOpts{opts: kiosk(time.Hour, 30*time.Second, 30*time.Second, "ctrl+x", "ctrl+x", "q")})
	tm.waitFor("Trykk Enter for å byrje.")
	if strings.Contains(tm.screen(), "ctrl+c") {
		t.Errorf("a kiosk's help bar offers ctrl+c:\n%s", tm.screen())
	}
	// Ctrl+C, Ctrl+Z, Ctrl+\, q and Esc on the start screen; then Ctrl+C
	// twice more, the way a person trying to get out would. Ctrl+L after
	// them shows they all went through (keys keep their order).
	tm.press(keyCtrlC, "\x1a", "\x1c", "q", keyEsc, keyCtrlC, keyCtrlC, "\x1a", keyCtrlL)
	tm.waitFor("Trykk Enter for å begynne.")
	if !tm.running() {
		t.Fatal("a quit key ended the kiosk")
	}
	if strings.Contains(tm.screen(), "Vil du avslutte") {
		t.Fatalf("the kiosk asks about quitting:\n%s", tm.screen())
	}
	tm.press(keyCtrlL, keyCtrlL) // English, then Nynorsk again
	// Still usable, and Ctrl+C in the middle of a login does nothing either.
	tm.beginChoose("5")
	tm.waitFor("Fødselsnummer eller D-nummer")
	tm.press(keyCtrlC, "1")
	tm.emu.WaitInput(t, "1")
	if !tm.running() || strings.Contains(tm.screen(), "Vil du avslutte") {
		t.Fatal("Ctrl+C during a login quit or asked to")
	}
	// A part of the operator's sequence does nothing; all of it ends the program.
	tm.press("\x18", "\x18", "2")
	tm.emu.WaitInput(t, "12")
	if !tm.running() {
		t.Fatal("part of the exit sequence ended the kiosk")
	}
	tm.press("\x18", "\x18", "q")
	tm.waitExit()
}

func TestKioskWithoutAdminExitCannotBeLeftByKeys(t *testing.T) {
	tm := startTerm(t, termOpts{opts: kiosk(time.Hour, 30*time.Second, 30*time.Second)})
	tm.waitFor("Trykk Enter for å byrje.")
	tm.press("\x18", "\x18", "q", keyCtrlC, "\x04", "\x1c", keyCtrlL)
	tm.waitFor("Trykk Enter for å begynne.")
	if !tm.running() {
		t.Fatal("the kiosk ended on keys although no exit sequence is set")
	}
}

// kioskPerson is the personal data typed in the kiosk tests.
const (
	kioskNID    = "17889033371"
	kioskMobile = "41234567"
	kioskEmail  = "kari.nordmann@eksempel.no"
)

// The kiosk tests run with the real defaults (2 minutes without a key,
// then the 30 s warning; the receipt for 30 s) on a clock they move.

func TestKioskIdleWarningExtendAndReset(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 7, opts: kiosk(0, 0, 0)})
	tm.loginCommfidesAs(kioskNID)
	tm.press(keyEnter)
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.press(kioskMobile)
	tm.waitFor(kioskMobile)

	// Silence: the full-screen question with its countdown of 30 s.
	tm.advance(ui.KioskIdle)
	tm.waitFor("Er du framleis der?")
	tm.waitMatch(regexpMust(`Om\s+30\s+sekund\s+blir\s+alt`))
	if strings.Contains(tm.screen(), kioskMobile) {
		t.Error("the idle warning shows the person's data")
	}
	tm.advance(10 * time.Second)
	tm.waitMatch(regexpMust(`Om\s+20\s+sekund\s+blir\s+alt`))
	// Any key continues where the person was, any number of times.
	for range 2 {
		tm.press("x")
		tm.waitGone("Er du framleis der?")
		tm.waitFor(kioskMobile)
		if strings.Contains(tm.screen(), kioskMobile+"x") {
			t.Fatal("the key that dismissed the warning was typed into the field")
		}
		tm.advance(ui.KioskIdle)
		tm.waitFor("Er du framleis der?")
	}
	// No answer: everything is erased and the start screen returns.
	tm.advance(ui.IdleWarning)
	tm.waitFor("Trykk Enter for å byrje.")
	scr := tm.screen()
	for _, secret := range []string{kioskMobile, kioskNID, "Commfides"} {
		if strings.Contains(scr, secret) {
			t.Errorf("after the reset the screen still shows %q:\n%s", secret, scr)
		}
	}
	if len(tm.savedFiles()) != 0 {
		t.Errorf("a reset saved something: %v", tm.savedFiles())
	}
	tm.stop()
	assertForgotten(t, tm.model, kioskNID, kioskMobile, "4741234567")
	if tm.model.CurrentStep() != ui.StepStart {
		t.Errorf("step %v after the reset", tm.model.CurrentStep())
	}
}

func TestKioskReceiptReturnsToStart(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 8, opts: kiosk(0, 0, 0)})
	tm.loginCommfidesAs(kioskNID)
	tm.press(keyEnter)
	tm.contact(kioskMobile, kioskEmail)
	rec := tm.confirmAndSave()
	if rec.Channel != model.ChannelKiosk {
		t.Errorf("channel %q, want kiosk", rec.Channel)
	}
	tm.waitMatch(regexpMust(`sletta\s+frå\s+skjermen\s+om\s+30\s+sekund`))
	if strings.Contains(tm.screen(), "q avslutt") {
		t.Error("the kiosk receipt offers to quit")
	}
	tm.advance(time.Second)
	tm.waitMatch(regexpMust(`sletta\s+frå\s+skjermen\s+om\s+29\s+sekund`))
	// Nobody presses anything: the start screen comes back by itself.
	tm.advance(ui.KioskReceiptReturn)
	tm.waitFor("Trykk Enter for å byrje.")
	if strings.Contains(tm.screen(), rec.ID) {
		t.Error("the start screen still shows the record id")
	}
	if !tm.running() {
		t.Fatal("the kiosk ended after the receipt")
	}

	// The next person finishes and presses a key: back at once.
	next, err := model.SyntheticNationalID(time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), 7)
	if err != nil {
		t.Fatal(err)
	}
	tm.loginCommfidesAs(next.String())
	tm.press(keyEnter)
	tm.contact("", "ola@eksempel.no")
	rec2 := tm.confirmAndSave()
	tm.press("x")
	tm.waitFor("Trykk Enter for å byrje.")
	if rec2.ID == rec.ID {
		t.Error("the second person got the first one's record")
	}
	tm.stop()
	assertForgotten(t, tm.model, kioskNID, next.String(), kioskMobile, kioskEmail, "ola@eksempel.no", rec.ID, rec2.ID)
}

func TestKioskResetForgetsLockedEIDAndLanguage(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 9, opts: kiosk(0, 0, 0)})
	tm.waitFor("Trykk Enter for å byrje.")
	tm.press(keyCtrlL)
	tm.waitFor("Trykk Enter for å begynne.")
	tm.press(keyEnter)
	tm.waitFor("Velg elektronisk ID")
	// Silence on the eID list: warned in Bokmål, then reset to Nynorsk.
	tm.advance(ui.KioskIdle)
	tm.waitFor("Er du fortsatt der?")
	tm.advance(ui.IdleWarning)
	tm.waitFor("Trykk Enter for å byrje.")
}

// loginCommfidesAs logs in with Commfides as nid, up to the contact question.
func (tm *term) loginCommfidesAs(nid string) {
	tm.t.Helper()
	tm.beginChoose("5")
	tm.nationalID(nid)
	tm.waitFor("Set inn USB-pinnen")
	tm.press(keyEnter)
	tm.typeSecret(tm.waitMatch(reDevicePIN)[1])
	tm.waitFor("Vil du registrere kontaktinformasjon no?")
}

// assertForgotten walks everything the model can reach and fails if any
// string holds one of the secrets: after a reset, the program's memory of
// the session holds nothing of the last person.
func assertForgotten(t *testing.T, m *ui.Model, secrets ...string) {
	t.Helper()
	for _, f := range findSecrets(m, secrets...) {
		t.Errorf("model still holds %s", f)
	}
}

// findSecrets returns where in the model's reach the secrets are found.
func findSecrets(m *ui.Model, secrets ...string) []string {
	var found []string
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.String:
			s := v.String()
			for _, sec := range secrets {
				if strings.Contains(s, sec) {
					found = append(found, sec+" at "+path)
				}
			}
		case reflect.Pointer, reflect.Interface:
			if v.IsNil() {
				return
			}
			if v.Kind() == reflect.Pointer {
				if seen[v.Pointer()] {
					return
				}
				seen[v.Pointer()] = true
			}
			walk(v.Elem(), path)
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		case reflect.Slice, reflect.Array:
			if v.Kind() == reflect.Slice {
				if v.IsNil() || seen[v.Pointer()] && v.Len() > 0 {
					return
				}
				if v.Len() > 0 {
					seen[v.Pointer()] = true
				}
			}
			for i := range v.Len() {
				walk(v.Index(i), path+"[]")
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Key(), path+"{key}")
				walk(it.Value(), path+"{}")
			}
		}
	}
	walk(reflect.ValueOf(m), "Model")
	return found
}

// TestFindSecretsFindsWhatIsThere checks the memory walk itself: before a
// reset it finds what the person typed.
func TestFindSecretsFindsWhatIsThere(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 10, opts: kiosk(time.Hour, 30*time.Second, 30*time.Second)})
	tm.loginCommfidesAs(kioskNID)
	tm.press(keyEnter)
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.press(kioskMobile)
	tm.waitFor(kioskMobile)
	tm.stop()
	found := findSecrets(tm.model, kioskNID, kioskMobile)
	var nid, mobile bool
	for _, f := range found {
		nid = nid || strings.HasPrefix(f, kioskNID)
		mobile = mobile || strings.HasPrefix(f, kioskMobile)
	}
	if !nid || !mobile {
		t.Errorf("the walk missed typed data before a reset: %v", found)
	}
}

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }
