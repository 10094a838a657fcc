package ui_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the screen goldens in testdata/")

// golden compares the screen text with testdata/<name>.golden. Record ids
// and temporary paths, which differ per run, are replaced first.
func (tm *term) golden(name string, replace ...string) {
	tm.t.Helper()
	scr := tm.screen()
	replace = append(replace, tm.store.Dir(), "<DATA-DIR>")
	if tm.shownDir != "" {
		replace = append(replace, tm.shownDir, "<DATA-DIR>")
	}
	for i := 0; i+1 < len(replace); i += 2 {
		scr = strings.ReplaceAll(scr, replace[i], replace[i+1])
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(scr+"\n"), 0o644); err != nil {
			tm.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tm.t.Fatalf("%v (run go test ./ui -run Golden -update to create it)", err)
	}
	if got := scr + "\n"; got != string(want) {
		tm.t.Errorf("screen %s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

// TestGoldenScreens walks every step at 80×24 in Nynorsk and compares each
// screen's text with its golden file.
func TestGoldenScreens(t *testing.T) {
	// The receipt names a data folder of the same length on every run, so
	// its wrapping of the file path is stable.
	tm := startTerm(t, termOpts{seed: 11, shownDir: "/srv/idporten-wizard/golden"})
	tm.waitFor("Trykk Enter for å byrje.")
	tm.golden("01-start")
	tm.press("?")
	tm.waitFor("alle tastar")
	tm.press("?")
	tm.press(keyEnter)
	tm.waitFor(chooseShown)
	tm.golden("02-choose-minid")
	tm.press(keyDown, keyDown)
	tm.waitFor("Fasa ut 2022–2024")
	tm.golden("02-choose-bankid-mobil")
	tm.press(keyUp, keyUp, keyEnter)
	tm.waitFor("Korleis vil du logge inn?")
	tm.golden("03-login-minid-method")
	tm.press(keyDown, keyDown, keyEnter) // PIN-code letter
	tm.waitFor("Fødselsnummer eller D-nummer")
	tm.typeLine("17889033372")
	tm.waitFor("Kontrollsiffera stemmer ikkje")
	tm.golden("03-login-national-id-error")
	tm.press("\x7f")
	tm.typeLine("1")
	tm.waitFor("Minst 8 teikn, både bokstavar og tal")
	tm.golden("03-login-minid-password")
	tm.typeSecret("hemmeleg123")
	idx := tm.waitMatch(rePINIndex)[1]
	tm.golden("03-login-minid-pin-letter")
	_ = idx
	tm.typeSecret("00000")
	tm.waitFor("Du har 2 forsøk att.")
	tm.golden("03-login-wrong-code")
	tm.press(keyEsc)
	tm.waitFor("Minst 8 teikn, både bokstavar og tal")
	tm.press(keyEsc, keyEsc, keyEsc)
	tm.waitFor(chooseShown)
	tm.press("2")
	tm.waitFor("Korleis vil du logge inn?")
	tm.press("1")
	tm.nationalID("17889033371")
	tm.waitMatch(reCodeDevice)
	tm.golden("03-login-bankid-code-device")
	tm.typeLine(strings.ReplaceAll(tm.waitMatch(reCodeDevice)[1], " ", ""))
	tm.waitFor("Personleg passord")
	tm.typeSecret("passord-123")
	tm.waitFor("Vil du registrere kontaktinformasjon no?")
	tm.golden("04-contact-ask")
	tm.press(keyEnter)
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.golden("04-contact-mobile")
	tm.typeLine("912 34 567")
	tm.waitFor("E-postadresse")
	tm.typeLine("kari@")
	tm.waitFor("Etter @ må det kome eit domene")
	tm.golden("04-contact-email-error")
	tm.typeLine("eksempel.no")
	tm.waitFor("Stadfest mobilnummeret")
	tm.golden("04-contact-verify-mobile")
	tm.typeLine(tm.waitMatch(reVerifyCode)[1])
	tm.waitFor("Stadfest e-postadressa")
	tm.typeLine(tm.waitMatch(reVerifyCode)[1])
	tm.waitFor("Kontaktinformasjonen er stadfesta")
	tm.golden("04-contact-info")
	tm.press(keyEnter)
	tm.waitFor("Sjå over og stadfest")
	tm.golden("05-summary")
	tm.press(keyCtrlC)
	tm.waitFor("Vil du avslutte?")
	tm.golden("05-quit-confirm")
	tm.press("n")
	tm.waitGone("Vil du avslutte?")
	tm.press(keyEnter)
	tm.waitFor("Registreringa er fullført")
	rec, _, _ := tm.model.Saved()
	tm.golden("06-receipt", rec.ID, "<ID>")
}
