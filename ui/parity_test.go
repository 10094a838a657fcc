package ui_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// The same answers, given through the full-screen wizard and through the
// line mode, must give byte-identical records: both only present the one
// journey (flows.Journey), so any rule either held on its own would show.

// actKind is what a person does at a step, in either mode.
type actKind int

const (
	actEID         actKind = iota // choose eID number v
	actMethod                     // choose method number v
	actText                       // type v (visible) and Enter; wait is the field's label
	actSecret                     // type v (hidden) and Enter
	actKeep                       // keep the value shown (full screen: Enter; line: v, or Enter)
	actCode                       // type the code the device shows; v names the device
	actWrongText                  // type a wrong code v (visible)
	actWrongSecret                // type a wrong PIN v (hidden)
	actConfirm                    // Enter at a confirmation; wait is its label
	actBack                       // Esc (line: «tilbake»); wait is the screen's text
	actYes                        // «Ja» to the contact register
	actNo                         // «Nei, hopp over»
	actEnd                        // the contact step's end (the line mode says it, nothing to answer)
	actSummary                    // summary action number v
	actLocked                     // the lock-out (line mode: said)
	actRefused                    // the age refusal (line mode: said)
)

// act is one thing the person does.
type act struct {
	k    actKind
	v    string
	wait string
	// line is the line mode's answer where it differs from v.
	line string
}

// parityJourney is one way through, with the record it ends in.
type parityJourney struct {
	name string
	acts []act
}

// Codes on the screen, by device.
var parityCodes = map[string]*regexp.Regexp{
	"sms":    regexp.MustCompile(`Eingongskoden din er (\d{5,6})`),
	"device": regexp.MustCompile(`(?s)Koden på skjermen:.*?(\d{3} \d{3})`),
	"pin":    regexp.MustCompile(`PIN-koden din: (\d{4,8})`),
	"verify": regexp.MustCompile(`Koden din er (\d{6})`),
}

func parityJourneys(t *testing.T) []parityJourney {
	adult := "17889033371"
	child, err := model.SyntheticNationalID(time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC), 0)
	if err != nil {
		t.Fatal(err)
	}
	nid := func(n string) act { return act{k: actText, v: n, wait: "Fødselsnummer eller D-nummer"} }
	pw := func(label string) act { return act{k: actSecret, v: "Passord123", wait: label} }
	mobile := func(v string) act { return act{k: actText, v: v, wait: "Norsk nummer, 8 siffer"} }
	email := func(v string) act { return act{k: actText, v: v, wait: "E-postadresse"} }
	verify := act{k: actCode, v: "verify"}
	end := act{k: actEnd}
	save := act{k: actSummary, v: "1"}
	return []parityJourney{
		{"minid-sms, a wrong confirmation code", []act{{k: actEID, v: "1"}, {k: actMethod, v: "1"}, nid(adult), pw("Passord"),
			{k: actCode, v: "sms"}, mobile("91234567"), email("kari@eksempel.no"),
			{k: actWrongText, v: "000000", wait: "Stadfest mobilnummeret"}, verify, verify, end, save}},
		{"minid-app, back to the national ID", []act{{k: actEID, v: "1"}, {k: actMethod, v: "2"}, nid(adult),
			{k: actBack, wait: "Minst 8 teikn"}, {k: actKeep, v: adult, wait: "> " + adult, line: adult}, pw("Passord"),
			{k: actConfirm, wait: "Godkjenn innlogginga i appen"}, mobile(""), email("ola@eksempel.no"), verify, end, save}},
		{"minid-pin-letter, a wrong PIN", []act{{k: actEID, v: "1"}, {k: actMethod, v: "3"}, nid(adult), pw("Passord"),
			{k: actWrongSecret, v: "00000", wait: "frå PIN-kodebrevet"}, {k: actCode, v: "pinletter"},
			mobile("41234567"), email(""), verify, end, save}},
		{"bankid-code-device, a wrong code", []act{{k: actEID, v: "2"}, {k: actMethod, v: "1"}, nid(adult),
			{k: actWrongText, v: "000000", wait: "Koden på skjermen"}, {k: actCode, v: "device"},
			{k: actSecret, v: "mittlangepassord", wait: "Personleg passord"}, {k: actYes}, mobile(""),
			email("x@eksempel.no"), verify, end, save}},
		{"bankid-app, no contact data", []act{{k: actEID, v: "2"}, {k: actMethod, v: "2"}, nid(adult),
			{k: actConfirm, wait: "Godkjenn innlogginga i appen"}, {k: actSecret, v: "mittlangepassord", wait: "Personleg passord"},
			{k: actNo}, end, save}},
		{"bankid-mobil, the login's number kept", []act{{k: actEID, v: "3"},
			{k: actText, v: "91234567", wait: "Nummeret BankID på mobil er knytt til."},
			{k: actText, v: "170890", wait: "Fødselsdato (DDMMÅÅ)"}, {k: actConfirm, wait: "Er referanseorda dei same"},
			{k: actCode, v: "pin"}, {k: actYes}, {k: actKeep, wait: "> +47 912 34 567"}, email(""), verify, end, save}},
		{"buypass-smartcard locked, then commfides", []act{{k: actEID, v: "4"}, {k: actMethod, v: "1"}, nid(adult),
			{k: actConfirm, wait: "Set kortet inn i kortlesaren"},
			{k: actWrongSecret, v: "0000", wait: "PIN-kode (4 siffer)"}, {k: actWrongSecret, v: "0000", wait: "PIN-kode (4 siffer)"},
			{k: actWrongSecret, v: "0000", wait: "PIN-kode (4 siffer)"}, {k: actLocked},
			{k: actEID, v: "5"}, nid(adult), {k: actConfirm, wait: "Set inn USB-pinnen"}, {k: actCode, v: "pin"},
			{k: actNo}, end, save}},
		{"buypass-sms", []act{{k: actEID, v: "4"}, {k: actMethod, v: "2"}, nid(adult), pw("Passord"),
			{k: actCode, v: "sms"}, {k: actNo}, end, save}},
		{"buypass-app, back and a changed contact step", []act{{k: actEID, v: "4"}, {k: actMethod, v: "3"}, nid(adult),
			{k: actConfirm, wait: "Godkjenn innlogginga i appen"}, {k: actYes}, mobile("41234567"),
			{k: actBack, wait: "E-postadresse"}, {k: actKeep, wait: "> 41234567"}, email(""), verify, end,
			{k: actSummary, v: "3"}, {k: actYes}, {k: actKeep, wait: "> 41234567"}, {k: actKeep, wait: "E-postadresse"}, end, save}},
		{"bankid refused under 13, then commfides", []act{{k: actEID, v: "2"}, {k: actMethod, v: "1"}, nid(child.String()),
			{k: actRefused}, {k: actEID, v: "5"}, nid(child.String()), {k: actConfirm, wait: "Set inn USB-pinnen"},
			{k: actCode, v: "pin"}, {k: actNo}, end, save}},
	}
}

// parityIDs counts ids from 1, in canonical UUID form.
func parityIDs() func() string {
	n := 0
	return func() string {
		n++
		return fmt.Sprintf("01a20000-0000-7000-8000-%012d", n)
	}
}

// TestParityFullScreenAndLineMode: every eID by every method, with
// back-tracking, wrong codes, a lock-out and an age refusal, gives the same
// record, byte for byte, through both modes.
func TestParityFullScreenAndLineMode(t *testing.T) {
	for i, j := range parityJourneys(t) {
		t.Run(j.name, func(t *testing.T) {
			seed := uint64(200 + i)
			full := parityFullScreen(t, j, seed)
			line := parityLine(t, j, seed)
			if !bytes.Equal(full, line) {
				t.Errorf("the records differ:\n--- full screen\n%s\n--- line mode\n%s", full, line)
			}
		})
	}
}

// parityRecord returns the one record file's bytes in a store.
func parityRecord(t *testing.T, st *storage.Store) []byte {
	t.Helper()
	recs, problems := st.List()
	if len(recs) != 1 || len(problems) != 0 {
		t.Fatalf("%d records, problems %v", len(recs), problems)
	}
	data, err := os.ReadFile(filepath.Join(st.Dir(), recs[0].ID+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// parityFullScreen walks the journey with keys in a virtual terminal.
func parityFullScreen(t *testing.T, j parityJourney, seed uint64) []byte {
	tm := startTerm(t, termOpts{seed: seed, opts: func(o *ui.Options) { o.NewID = parityIDs() }})
	tm.waitFor("Trykk Enter for å byrje.")
	tm.press(keyEnter)
	code := func(device string) string {
		if device == "pinletter" {
			n := tm.waitMatch(rePINIndex)[1]
			return tm.waitMatch(regexp.MustCompile(`nr\.\s+` + n + `: (\d{5})`))[1]
		}
		return strings.ReplaceAll(tm.waitMatch(parityCodes[device])[1], " ", "")
	}
	// enter presses Enter and waits for the screen to change: the next act
	// then never reads the screen of the one before.
	enter := func(key string) {
		before := tm.screen()
		tm.press(key)
		tm.emu.WaitFunc(t, func(scr string) bool { return scr != before })
	}
	typeIn := func(text string, secret bool) {
		tm.press(text)
		if secret {
			tm.waitFor(strings.Repeat("•", len([]rune(text))))
		} else {
			tm.emu.WaitInput(t, text)
		}
		enter(keyEnter)
	}
	for _, a := range j.acts {
		if a.wait != "" {
			tm.waitFor(a.wait)
		}
		switch a.k {
		case actEID:
			tm.waitFor(chooseShown)
			enter(a.v)
		case actMethod:
			tm.waitFor("Korleis vil du logge inn?")
			enter(a.v)
		case actText, actWrongText:
			if a.v == "" {
				enter(keyEnter)
			} else {
				typeIn(a.v, false)
			}
		case actSecret, actWrongSecret:
			typeIn(a.v, true)
		case actKeep, actConfirm, actYes, actEnd, actLocked, actRefused:
			switch a.k {
			case actYes:
				tm.waitFor("Vil du registrere kontaktinformasjon no?")
			case actEnd:
				tm.waitFor("Trykk Enter for å halde fram.")
			case actLocked:
				tm.waitFor("er låst")
			case actRefused:
				tm.waitFor("Du er for ung til å bruke")
			}
			enter(keyEnter)
		case actCode:
			typeIn(code(a.v), a.v == "pin" || a.v == "pinletter")
		case actBack:
			enter(keyEsc)
		case actNo:
			tm.waitFor("Vil du registrere kontaktinformasjon no?")
			tm.press(keyDown)
			tm.waitFor("> Nei, hopp over")
			enter(keyEnter)
		case actSummary:
			tm.waitFor("Stadfest og lagre")
			enter(a.v)
		}
	}
	tm.waitFor("Registreringa er fullført")
	return parityRecord(t, tm.store)
}

// parityLine gives the journey as an answers file to the line mode.
func parityLine(t *testing.T, j parityJourney, seed uint64) []byte {
	var answers []string
	for _, a := range j.acts {
		switch a.k {
		case actEnd, actLocked, actRefused:
			// Said by the line mode; nothing to answer.
		case actCode:
			answers = append(answers, ui.DeviceAnswer)
		case actConfirm:
			answers = append(answers, "")
		case actBack:
			answers = append(answers, "tilbake")
		case actYes:
			answers = append(answers, "1")
		case actNo:
			answers = append(answers, "2")
		case actKeep:
			answers = append(answers, a.line)
		default:
			answers = append(answers, a.v)
		}
	}
	o := runLine(t, ui.Nynorsk, lines(answers...), func(o *ui.LineOptions) {
		o.NewID = parityIDs()
		o.Rand = rand.New(rand.NewPCG(seed, 42))
	})
	o.completed(t)
	return parityRecord(t, o.store)
}
