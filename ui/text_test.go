package ui

import (
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

var allFields = []flows.Field{
	flows.FieldMethod, flows.FieldNationalID, flows.FieldPassword, flows.FieldPersonalPassword,
	flows.FieldOTP, flows.FieldPINLetter, flows.FieldApprove, flows.FieldMobile, flows.FieldBirthDate,
	flows.FieldReferenceWords, flows.FieldInsertCard, flows.FieldInsertUSB, flows.FieldPIN,
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// strings walks a catalogue and returns every string with its path.
func catalogueStrings(t *testing.T, v reflect.Value, path string, out map[string]string) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		out[path] = v.String()
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			catalogueStrings(t, v.Field(i), path+"."+v.Type().Field(i).Name, out)
		}
	case reflect.Array, reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			catalogueStrings(t, v.Index(i), path+"["+string(rune('0'+i))+"]", out)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			catalogueStrings(t, v.MapIndex(k), path+"["+k.String()+"]", out)
		}
	case reflect.Pointer:
		catalogueStrings(t, v.Elem(), path, out)
	default:
		t.Fatalf("%s: unexpected kind %s in the catalogue", path, v.Kind())
	}
}

// TestCatalogueComplete fails on any string missing in any language, or a
// format whose verbs differ from the Nynorsk one.
func TestCatalogueComplete(t *testing.T) {
	all := map[Lang]map[string]string{}
	for _, l := range Langs {
		all[l] = map[string]string{}
		catalogueStrings(t, reflect.ValueOf(TextFor(l)), "Text", all[l])
	}
	for _, l := range Langs {
		t.Run(string(l), func(t *testing.T) {
			for path, s := range all[l] {
				if s == "" {
					t.Errorf("%s: empty", path)
				}
			}
			for path, nn := range all[Nynorsk] {
				s, ok := all[l][path]
				if !ok {
					t.Errorf("%s: missing (Nynorsk has %q)", path, nn)
					continue
				}
				if a, b := verb.FindAllString(nn, -1), verb.FindAllString(s, -1); !slices.Equal(a, b) {
					t.Errorf("%s: verbs %v, Nynorsk has %v", path, b, a)
				}
			}
			if len(all[l]) != len(all[Nynorsk]) {
				t.Errorf("%d strings, Nynorsk has %d", len(all[l]), len(all[Nynorsk]))
			}
		})
	}
}

// TestCatalogueCoversDomain checks every eID, level, method and login field
// has its text in every language.
func TestCatalogueCoversDomain(t *testing.T) {
	for _, l := range Langs {
		tx := TextFor(l)
		for _, e := range model.EIDs() {
			for name, m := range map[string]map[model.EIDKind]string{
				"EIDIssuer": tx.EIDIssuer, "EIDAge": tx.EIDAge, "EIDNeeds": tx.EIDNeeds,
				"EIDNotes": tx.EIDNotes, "EIDContact": tx.EIDContact,
				"Guide.EIDIssuer": tx.Guide.EIDIssuer, "Guide.EIDAge": tx.Guide.EIDAge,
			} {
				if m[e.Kind] == "" {
					t.Errorf("%s: %s[%s] missing", l, name, e.Kind)
				}
			}
			if tx.LevelName[e.Level] == "" {
				t.Errorf("%s: LevelName[%s] missing", l, e.Level)
			}
			for _, meth := range e.Methods {
				if tx.MethodName[e.Kind][meth] == "" {
					t.Errorf("%s: MethodName[%s][%s] missing", l, e.Kind, meth)
				}
			}
		}
		for _, f := range allFields {
			if tx.FieldLabel[f] == "" || tx.FieldHint[f] == "" {
				t.Errorf("%s: FieldLabel/FieldHint[%s] missing", l, f)
			}
		}
	}
}

// TestNynorskReadsAsNynorsk guards against Bokmål slipping into the
// Nynorsk catalogue: common Bokmål-only words must not appear.
func TestNynorskReadsAsNynorsk(t *testing.T) {
	got := map[string]string{}
	catalogueStrings(t, reflect.ValueOf(&textNN), "Text", got)
	bokmal := regexp.MustCompile(`(?i)\b(ikke|bruker|hvilken|hva|hvordan|velg|jeg|deg selv|noen|mye|fra|hjem|ett forsøk|engangskoden|sifre|tegn)\b`)
	for path, s := range got {
		if w := bokmal.FindString(s); w != "" {
			t.Errorf("%s: Bokmål word %q in %q", path, w, s)
		}
	}
}
