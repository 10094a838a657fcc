package ui

import (
	"reflect"
	"strings"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// TestNoKnownWordingFaults pins the wording faults a careful reader found
// (issue 10, point 15), so that they do not come back.
func TestNoKnownWordingFaults(t *testing.T) {
	not := func(lang Lang, what, s string, bad ...string) {
		t.Helper()
		for _, b := range bad {
			if strings.Contains(s, b) {
				t.Errorf("%s %s: %q holds %q", lang, what, s, b)
			}
		}
	}
	for _, lang := range Langs {
		tx := TextFor(lang)
		not(lang, "guide start", tx.Guide.Entries[guideStart].Now, "ei merknad")
		not(lang, "Login.RefusedBody", tx.Login.RefusedBody, "er: ", " is: ", " is %s:")
		not(lang, "Login.LockedBody", tx.Login.LockedBody, "måtte ha kontakta", "måtte ha kontaktet", "would have")
		not(lang, "Summary.Intro", tx.Summary.Intro, "Sjå over at", "Se over at")
		if lang != English { // "signature" is the English word
			not(lang, "Commfides note", tx.EIDNotes[model.Commfides], "signatur")
		}
		not(lang, "Commfides age", tx.EIDAge[model.Commfides], "aldersgrense", "age limit")
		not(lang, "idle help bar", tx.Idle.AnyKey+" "+tx.Keys.Next, "ein tast neste", "en tast neste")
		// The guide's facts speak of the caller, never to them.
		for kind, s := range tx.Guide.EIDIssuer {
			not(lang, "guide issuer "+string(kind), strings.ToLower(s), "din", "your")
		}
		for kind, s := range tx.Guide.EIDAge {
			not(lang, "guide age "+string(kind), s, " du ", " you ")
		}
	}
	all := map[string]string{}
	catalogueStrings(t, reflect.ValueOf(TextFor(English)), "Text", all)
	catalogueStrings(t, reflect.ValueOf(lineText(English)), "LineText", all)
	for path, s := range all {
		not(English, path, s, "«", "»", "contact register", "Buypass ID i mobil", "Buypass ID in mobile")
	}
}
