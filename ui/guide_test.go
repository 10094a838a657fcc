package ui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

const keyCtrlG = "\x07"

func withGuide(o *ui.Options) { o.Guide = true }

// guideWalk registers with MinID (SMS) and contact data, taking a golden of
// the screen with the guide at each step named.
func guideWalk(t *testing.T, w, h int, prefix string) {
	// A fixed record id and a data folder named the same on every run, so
	// the receipt (which wraps them) is the same each run.
	tm := startTerm(t, termOpts{seed: 21, w: w, h: h, shownDir: "/srv/idporten-wizard/golden-" + prefix, opts: func(o *ui.Options) {
		o.Guide = true
		o.NewID = func() string { return "01a2123d-ff4d-74a2-9806-1383d79a2742" }
	}})
	tm.waitFor("Trykk Enter for å byrje.")
	// The panel's place shows the window size has reached the wizard.
	if w >= 120 {
		tm.waitFor("SIMULERING│  Rettleiing for brukarstøtta")
	} else {
		tm.waitFor("──  Rettleiing for brukarstøtta  ──")
	}
	tm.golden(prefix + "-01-start")
	tm.press(keyEnter)
	tm.waitFor(chooseShown)
	tm.press(keyDown)
	tm.waitFor("> 2  BankID")
	tm.golden(prefix + "-02-choose")
	tm.press(keyUp, keyEnter)
	tm.waitFor("Korleis vil du logge inn?")
	tm.press("1")
	tm.waitFor("Fødselsnummer eller D-nummer")
	tm.golden(prefix + "-03-national-id")
	tm.typeLine("17889033371")
	tm.waitFor("Minst 8 teikn, både bokstavar og tal")
	tm.typeSecret("hemmeleg123")
	code := tm.waitMatch(reSMSCode)[1]
	tm.golden(prefix+"-03-sms", code, "<CODE>")
	tm.typeLine(code)
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.golden(prefix + "-04-mobile")
	tm.typeLine("912 34 567")
	tm.waitFor("E-postadresse")
	tm.press(keyEnter)
	tm.waitFor("Stadfest mobilnummeret")
	vcode := tm.waitMatch(reVerifyCode)[1]
	tm.golden(prefix+"-04-verify-mobile", vcode, "<CODE>")
	tm.typeLine(vcode)
	tm.waitFor("Kontaktinformasjonen er stadfesta")
	tm.press(keyEnter)
	tm.waitFor("Stadfest og lagre")
	tm.golden(prefix + "-05-summary")
	tm.press(keyEnter)
	tm.waitFor("Registreringa er fullført")
	tm.golden(prefix + "-06-receipt")
}

func TestGuideGoldens120x30(t *testing.T) { guideWalk(t, 120, 30, "guide-120x30") }
func TestGuideGoldens80x24(t *testing.T)  { guideWalk(t, 80, 24, "guide-80x24") }

// TestGuideFollowsSubSteps: the guide changes within a step (the login's
// parts, the contact register's phases) and with the language.
func TestGuideFollowsSubSteps(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 22, w: 120, h: 30, opts: withGuide})
	tm.beginChoose("5")
	tm.waitWords("Innringjaren ser: Eit felt for fødselsnummeret")
	tm.typeLine("17889033371")
	tm.waitWords("frå Commfides som ikkje er sett inn enno")
	tm.press(keyCtrlL, keyCtrlL)
	tm.waitFor("Guide for help-desk staff")
	tm.waitWords("A simulated Commfides USB stick")
	tm.press(keyEnter)
	tm.waitWords("The caller sees: A PIN field")
	tm.press("000000", keyEnter, "000000", keyEnter, "000000", keyEnter)
	tm.waitWords("this eID is locked after three wrong codes")
}

// guideText is the text of the guide panel beside the wizard (from column
// 81 on), its lines joined with single spaces, so wrapped words read on.
func (tm *term) guideText() string {
	var b strings.Builder
	for _, line := range strings.Split(tm.screen(), "\n") {
		r := []rune(line)
		if len(r) > 80 {
			b.WriteString(strings.TrimPrefix(strings.TrimSpace(string(r[80:])), "│") + " ")
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// waitWords waits for words in the guide panel, however they are wrapped.
func (tm *term) waitWords(words string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(tm.guideText(), words) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("the guide never said %q; it says:\n%s", words, tm.guideText())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestGuideToggleAndKiosk(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 23, w: 120, h: 30})
	tm.waitFor("Trykk Enter for å byrje.")
	if strings.Contains(tm.screen(), "Rettleiing") {
		t.Fatal("the guide shows without --guide")
	}
	tm.press(keyCtrlG)
	tm.waitFor("Rettleiing for brukarstøtta")
	tm.press(keyCtrlG)
	tm.waitGone("Rettleiing for brukarstøtta")

	k := startTerm(t, termOpts{seed: 24, w: 120, h: 30, opts: func(o *ui.Options) {
		o.Guide, o.Kiosk, o.IdleTimeout = true, true, time.Hour
	}})
	k.waitFor("Trykk Enter for å byrje.")
	k.press(keyCtrlG, keyCtrlL) // Ctrl+L shows Ctrl+G went through
	k.waitFor("Trykk Enter for å begynne.")
	if strings.Contains(k.screen(), "Rettleiing") || strings.Contains(k.screen(), "ctrl+g") {
		t.Errorf("a kiosk shows the guide or its key:\n%s", k.screen())
	}
}
