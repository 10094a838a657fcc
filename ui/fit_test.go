package ui_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

// fitJourney is one way through the wizard: the eID's number in the list,
// the method's number (0 where there is no choice) and the login's steps.
type fitJourney struct {
	name   string
	eid    string
	method string
	login  func(f *fitWalk)
}

// fitWalk walks a journey and, at every step, checks that what the person
// must read or choose is on the screen: the focused field, the device's
// code, every choice. Each check waits for its text (so a screen that never
// shows it fails), and a cut marker anywhere fails at once.
type fitWalk struct {
	t  *testing.T
	tm *term
}

// must waits until every text shows, then checks that nothing is cut.
func (f *fitWalk) must(texts ...string) {
	f.t.Helper()
	for _, s := range texts {
		f.tm.waitFor(s)
	}
	f.notCut()
}

// code waits for the device's code and returns it, checking nothing is cut.
func (f *fitWalk) code(re *regexp.Regexp) string {
	f.t.Helper()
	c := f.tm.waitMatch(re)[1]
	f.notCut()
	return strings.ReplaceAll(c, " ", "")
}

func (f *fitWalk) notCut() {
	f.t.Helper()
	if scr := f.tm.screen(); strings.Contains(scr, ui.TextFor(ui.Nynorsk).Cut) {
		f.t.Fatalf("the screen is cut:\n%s", scr)
	}
}

// field checks a text field: its label, and the input's line under it
// (the prompt, or the rule under it, as an empty prompt's trailing space is
// not on the screen's text).
func (f *fitWalk) field(label string) {
	f.t.Helper()
	f.must(label)
	lines := strings.Split(f.tm.screen(), "\n")
	for i, l := range lines {
		if strings.Contains(l, label) {
			for _, next := range lines[i+1 : min(i+5, len(lines))] {
				if strings.Contains(next, "> ") || strings.HasSuffix(strings.TrimSpace(next), ">") {
					return
				}
			}
		}
	}
	f.t.Fatalf("no input under %q:\n%s", label, f.tm.screen())
}

func (f *fitWalk) nationalID() {
	f.t.Helper()
	f.field("Fødselsnummer eller D-nummer")
	f.tm.typeLine("17889033371")
}

func (f *fitWalk) password(label string) {
	f.t.Helper()
	f.field(label)
	f.tm.typeSecret("hemmeleg123")
}

func (f *fitWalk) confirm(label string) {
	f.t.Helper()
	f.must(label, "[ Enter ]")
	f.tm.press(keyEnter)
}

var (
	reFitPIN   = regexp.MustCompile(`PIN-koden din: (\d{4,8})`)
	reFitWords = regexp.MustCompile(`Referanseord: (\p{L}+ \p{L}+)`)
)

// fitJourneys are every eID by every method.
var fitJourneys = []fitJourney{
	{"minid-sms", "1", "1", func(f *fitWalk) {
		f.nationalID()
		f.password("Passord")
		f.field("Eingongskode (5 siffer)")
		f.tm.typeLine(f.code(reSMSCode))
	}},
	{"minid-app", "1", "2", func(f *fitWalk) {
		f.nationalID()
		f.password("Passord")
		f.must("Vil du logge inn i ID-porten?")
		f.confirm("Godkjenn innlogginga i appen")
	}},
	{"minid-pin-letter", "1", "3", func(f *fitWalk) {
		f.nationalID()
		f.password("Passord")
		n := f.code(rePINIndex)
		pin := f.code(regexp.MustCompile(`nr\.\s+` + n + `: (\d{5})`))
		f.tm.typeSecret(pin)
	}},
	{"bankid-code-device", "2", "1", func(f *fitWalk) {
		f.nationalID()
		f.field("Eingongskode (6 siffer)")
		f.tm.typeLine(f.code(reCodeDevice))
		f.password("Personleg passord")
	}},
	{"bankid-app", "2", "2", func(f *fitWalk) {
		f.nationalID()
		f.confirm("Godkjenn innlogginga i appen")
		f.password("Personleg passord")
	}},
	{"bankid-mobil", "3", "", func(f *fitWalk) {
		f.field("Mobilnummer")
		f.tm.typeLine("91234567")
		f.field("Fødselsdato (DDMMÅÅ)")
		f.tm.typeLine("170890")
		// The words on the wizard's screen and on the phone.
		words := f.tm.waitMatch(reFitWords)[1]
		if n := strings.Count(f.tm.screen(), strings.Fields(words)[1]); n < 2 {
			f.t.Errorf("the reference word %q shows %d times, want on the screen and on the phone", words, n)
		}
		f.confirm("Er referanseorda dei same på mobilen?")
		f.field("PIN-kode (4–8 siffer)")
		f.tm.typeSecret(f.code(reFitPIN))
	}},
	{"buypass-smartcard", "4", "1", func(f *fitWalk) {
		f.nationalID()
		f.confirm("Set kortet inn i kortlesaren")
		f.field("PIN-kode (4 siffer)")
		f.tm.typeSecret(f.code(reFitPIN))
	}},
	{"buypass-sms", "4", "2", func(f *fitWalk) {
		f.nationalID()
		f.password("Passord")
		f.field("Eingongskode (6 siffer)")
		f.tm.typeLine(f.code(reSMSCode))
	}},
	{"buypass-app", "4", "3", func(f *fitWalk) {
		f.nationalID()
		f.confirm("Godkjenn innlogginga i appen")
	}},
	{"commfides", "5", "", func(f *fitWalk) {
		f.nationalID()
		f.confirm("Set inn USB-pinnen")
		f.field("PIN-kode (6–8 siffer)")
		f.tm.typeSecret(f.code(reFitPIN))
	}},
}

// TestEverythingNeededIsOnScreen walks every step of every eID by every
// method at 80×24 with the help-desk guide, and at 50×16 (the smallest
// size) without it, and fails when the focused field, the device's code or
// the choices are not on the screen, or anything is cut.
func TestEverythingNeededIsOnScreen(t *testing.T) {
	sizes := []struct {
		w, h  int
		guide bool
	}{{80, 24, true}, {ui.MinWidth, ui.MinHeight, false}}
	for _, size := range sizes {
		for i, j := range fitJourneys {
			t.Run(fmt.Sprintf("%dx%d-guide=%v/%s", size.w, size.h, size.guide, j.name), func(t *testing.T) {
				tm := startTerm(t, termOpts{seed: uint64(100 + i), w: size.w, h: size.h,
					opts: func(o *ui.Options) { o.Guide = size.guide }})
				f := &fitWalk{t: t, tm: tm}
				f.must("Trykk Enter for å byrje.")
				tm.press(keyEnter)
				f.must("1  MinID", "2  BankID", "3  BankID på mobil", "4  Buypass ID", "5  Commfides")
				tm.press(j.eid)
				if j.method != "" {
					f.must("Korleis vil du logge inn?", "1  ", "2  ")
					tm.press(j.method)
				}
				j.login(f)
				if j.eid != "1" {
					f.must("Vil du registrere kontaktinformasjon no?", "> Ja", "Nei, hopp over")
					tm.press(keyEnter)
				}
				f.field("Mobilnummer")
				if j.eid == "3" {
					f.must("> +47 912 34 567") // carried over from the login
					tm.press(keyEnter)
				} else {
					tm.typeLine("91234567")
				}
				f.field("E-postadresse")
				tm.typeLine("kari@eksempel.no")
				f.must("Stadfest mobilnummeret", "Kode (6 siffer)")
				tm.typeLine(f.code(reVerifyCode))
				f.must("Stadfest e-postadressa", "Kode (6 siffer)")
				tm.typeLine(f.code(reVerifyCode))
				f.must("Kontaktinformasjonen er stadfesta", "Trykk Enter for å halde fram.")
				tm.press(keyEnter)
				f.must("1  Stadfest og lagre", "2  Endre eID og innlogging", "3  Endre kontaktinformasjon")
				// Every row can be read: on the screen, or by scrolling to
				// it where a marker says there is more.
				seen := tm.screen()
				for n := 0; strings.Contains(tm.screen(), "▼ Meir under: PgDn"); n++ {
					if n > 3 {
						t.Fatalf("PgDn does not reach the end:\n%s", tm.screen())
					}
					before := tm.screen()
					tm.press(keyPgDn)
					tm.emu.WaitFunc(t, func(scr string) bool { return scr != before })
					f.must("▲ Meir over: PgUp", "1  Stadfest og lagre", "3  Endre kontaktinformasjon")
					seen += tm.screen()
				}
				rows := []string{"Mobilnummer", "+47 912 34 567", "kari@eksempel.no", "Nynorsk"}
				if j.eid != "3" {
					rows = append(rows, "178890 *****")
				}
				for _, r := range rows {
					if !strings.Contains(seen, r) {
						t.Errorf("the summary never shows %q:\n%s", r, seen)
					}
				}
				tm.press(keyEnter)
				f.code(regexp.MustCompile(`Referanse: ([0-9a-f-]{36})`))
			})
		}
	}
}
