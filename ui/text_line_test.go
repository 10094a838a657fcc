package ui

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// lineStrings returns every string field of a LineText by name.
func lineStrings(t *testing.T, lt *LineText) map[string]string {
	t.Helper()
	out := map[string]string{}
	v := reflect.ValueOf(lt).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if f.Type.Kind() != reflect.String {
			t.Fatalf("LineText.%s is a %s: the test walks strings only", f.Name, f.Type.Kind())
		}
		out[f.Name] = v.Field(i).String()
	}
	return out
}

var lineVerb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestLineTextComplete fails when any LineText field is empty in any
// language, or a format's verbs differ from the Nynorsk one.
func TestLineTextComplete(t *testing.T) {
	nn := lineStrings(t, lineText(Nynorsk))
	for _, l := range Langs {
		t.Run(string(l), func(t *testing.T) {
			if lineCatalogue[l] == nil {
				t.Fatalf("no line texts for %s", l)
			}
			got := lineStrings(t, lineText(l))
			for name, s := range got {
				if strings.TrimSpace(s) == "" {
					t.Errorf("LineText.%s: empty", name)
				}
				if a, b := lineVerb.FindAllString(nn[name], -1), lineVerb.FindAllString(s, -1); !slices.Equal(a, b) {
					t.Errorf("LineText.%s: verbs %v, Nynorsk has %v", name, b, a)
				}
			}
		})
	}
}

// TestLineWords: the back and resend words are single lowercase words,
// never an answer of their own (a number, the clear mark, the device
// answer), and no language's back word is another's resend word.
func TestLineWords(t *testing.T) {
	back, resend := map[string]bool{}, map[string]bool{}
	for _, l := range Langs {
		lt := lineText(l)
		for _, w := range []string{lt.BackWord, lt.ResendWord} {
			if w != strings.ToLower(w) || strings.ContainsAny(w, " 0123456789@-") {
				t.Errorf("%s: word %q must be one lowercase word", l, w)
			}
		}
		back[lt.BackWord], resend[lt.ResendWord] = true, true
		// Quoted as the language quotes: «tilbake» in Norwegian, “back” in English.
		quoted := "«" + lt.BackWord + "»"
		if l == English {
			quoted = "“" + lt.BackWord + "”"
		}
		if !strings.Contains(fmt.Sprintf(lt.BackHelp, lt.BackWord), quoted) {
			t.Errorf("%s: BackHelp does not name the word", l)
		}
	}
	for w := range back {
		if resend[w] {
			t.Errorf("%q is both a back word and a resend word", w)
		}
	}
	if TextFor(Nynorsk).Keys.Back != lineText(Nynorsk).BackWord {
		t.Errorf("the Nynorsk back word %q differs from the key name %q", lineText(Nynorsk).BackWord, TextFor(Nynorsk).Keys.Back)
	}
}

// TestLineNynorskReadsAsNynorsk guards the line texts against Bokmål, as
// the main catalogue's test does, with a few more words the line mode
// uses.
func TestLineNynorskReadsAsNynorsk(t *testing.T) {
	// Words are cut at anything but a letter: Go's \b knows only ASCII,
	// and would find «nå» in «når».
	bokmal := map[string]bool{}
	for _, w := range strings.Fields("ikke bruker brukere hvilken hva hvordan hvis velg velge jeg noen noe mye fra " +
		"hjem sifre tegn ble nå bare enhet enheten svarene lagret økten avsluttet kommer skjermlesere kodene " +
		"tallet valgene ett engangskoden") {
		bokmal[w] = true
	}
	word := regexp.MustCompile(`\p{L}+`)
	for name, s := range lineStrings(t, lineText(Nynorsk)) {
		for _, w := range word.FindAllString(s, -1) {
			if bokmal[strings.ToLower(w)] {
				t.Errorf("LineText.%s: Bokmål word %q in %q", name, w, s)
			}
		}
	}
	// The check would catch the Bokmål texts.
	caught := 0
	for _, s := range lineStrings(t, lineText(Bokmal)) {
		for _, w := range word.FindAllString(s, -1) {
			if bokmal[strings.ToLower(w)] {
				caught++
			}
		}
	}
	if caught < 20 {
		t.Errorf("the word list finds only %d Bokmål words in the Bokmål texts", caught)
	}
}
