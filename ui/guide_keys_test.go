package ui

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// TestGuideCoversEveryStep drives every login of every eID, by every
// method, with right answers, and checks that each step it passes through
// has a guide entry with something to see and something to say, in every
// language. The fixed steps (start, choose, contact phases, summary,
// receipt, locked, refused, quit, idle) are checked the same way.
func TestGuideCoversEveryStep(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, model.Oslo())
	nid, err := model.SyntheticNationalID(time.Date(1990, 8, 17, 0, 0, 0, 0, time.UTC), 3)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range model.EIDs() {
		methods := e.Methods
		for _, method := range methods {
			l, err := flows.NewLogin(e.Kind, flows.Options{Rand: rand.New(rand.NewPCG(1, 2)), Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			for n := 0; l.State() == flows.Active; n++ {
				if n > 20 {
					t.Fatalf("%s/%s: the login does not end", e.Kind, method)
				}
				step := l.Step()
				key := guideLoginKey(step)
				seen[key] = true
				if !slices.Contains(guideKeys, key) {
					t.Errorf("%s/%s: step %s has guide key %q, which is not among guideKeys", e.Kind, method, step.Field, key)
				}
				if err := l.Submit(rightAnswer(t, step, method, nid)); err != nil {
					t.Fatalf("%s/%s: step %s: %v", e.Kind, method, step.Field, err)
				}
			}
			if l.State() != flows.Done {
				t.Errorf("%s/%s: ended %v, want done", e.Kind, method, l.State())
			}
		}
	}
	for _, key := range guideKeys {
		if !seen[key] && !slices.Contains([]string{guideStart, guideChoose, guideLoginLocked, guideLoginRefused,
			guideContactAsk, guideContactMobile, guideContactEmail, guideContactVerifyMobile, guideContactVerifyEmail,
			guideContactVerifyLocked, guideContactInfo, guideContactSkipped, guideSummary, guideReceiptSaving, guideReceiptSaved,
			guideReceiptFailed, guideQuit, guideIdle}, key) {
			t.Errorf("guide key %q is reached by no login step", key)
		}
		for _, lang := range Langs {
			entry, ok := TextFor(lang).Guide.Entries[key]
			if !ok || entry.Now == "" || entry.Say == "" {
				t.Errorf("%s: guide entry %q is missing or empty", lang, key)
			}
		}
	}
	for _, lang := range Langs {
		if n, want := len(TextFor(lang).Guide.Entries), len(guideKeys); n != want {
			t.Errorf("%s: %d guide entries, want %d (one per key)", lang, n, want)
		}
	}
}

// rightAnswer is what the simulated person answers at a step.
func rightAnswer(t *testing.T, step flows.Step, method model.Method, nid model.NationalID) string {
	t.Helper()
	d := step.Device
	switch step.Field {
	case flows.FieldMethod:
		return string(method)
	case flows.FieldNationalID:
		return nid.String()
	case flows.FieldPassword:
		return "Passord123"
	case flows.FieldPersonalPassword:
		return "mittlangepassord"
	case flows.FieldOTP:
		return d.Code
	case flows.FieldPINLetter:
		return d.PINs[d.PINIndex-1]
	case flows.FieldPIN:
		return d.PIN
	case flows.FieldMobile:
		return "91234567"
	case flows.FieldBirthDate:
		return "170890"
	case flows.FieldApprove, flows.FieldReferenceWords, flows.FieldInsertCard, flows.FieldInsertUSB:
		return ""
	}
	t.Fatalf("no answer for field %s", step.Field)
	return ""
}
