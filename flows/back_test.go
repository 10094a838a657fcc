package flows_test

import (
	"slices"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// keptValue is what Step().Value should hold when coming back to a step
// answered with right(): the answer for the four kept fields, "" otherwise.
func keptValue(f flows.Field, method model.Method) string {
	switch f {
	case flows.FieldMethod:
		return string(method)
	case flows.FieldNationalID:
		return adultNID
	case flows.FieldMobile:
		return goodMobile
	case flows.FieldBirthDate:
		return goodBirth6
	}
	return ""
}

// TestBackFromEveryStep goes back once from every step of every login,
// checks where it lands and what it remembers, and goes forward again.
func TestBackFromEveryStep(t *testing.T) {
	for _, em := range allMethods() {
		t.Run(string(em.kind)+"/"+string(em.method), func(t *testing.T) {
			// The fields of this login, from a first run.
			fields := finish(t, start(t, em.kind, 1), em.method)
			l := start(t, em.kind, 1)
			for i, f := range fields {
				st := advanceTo(t, l, em.method, f)
				if st.Index != i+1 {
					t.Fatalf("%s at index %d, want %d", f, st.Index, i+1)
				}
				if i == 0 {
					if l.Back() {
						t.Fatal("Back at the first step = true")
					}
					if again := l.Step(); again.Field != f || again.Index != 1 {
						t.Fatalf("Back at the first step moved to %s", again.Field)
					}
				} else {
					if !l.Back() {
						t.Fatalf("Back from %s = false", f)
					}
					prev := l.Step()
					if prev.Field != fields[i-1] || prev.Index != i || l.State() != flows.Active {
						t.Fatalf("Back from %s landed on %s (%d), want %s (%d)", f, prev.Field, prev.Index, fields[i-1], i)
					}
					if want := keptValue(prev.Field, em.method); prev.Value != want {
						t.Errorf("back at %s: Value %q, want %q", prev.Field, prev.Value, want)
					}
					if prev.TriesLeft != 0 && prev.TriesLeft != flows.MaxTries {
						t.Errorf("back at %s: TriesLeft %d", prev.Field, prev.TriesLeft)
					}
				}
				st = advanceTo(t, l, em.method, f)
				if err := l.Submit(right(st, em.method)); err != nil {
					t.Fatalf("Submit at %s after going back: %v", f, err)
				}
			}
			if l.State() != flows.Done {
				t.Fatalf("state %v, want Done", l.State())
			}
			checkResult(t, l.Result(), em.kind, em.method)
		})
	}
}

// TestNewCodeAfterBack: leaving a code step and coming back gives a new
// code (a new one-time code, another PIN from the letter, new reference
// words); the person's own PIN stays the PIN of the card, stick or SIM.
func TestNewCodeAfterBack(t *testing.T) {
	tests := []struct {
		name    string
		kind    model.EIDKind
		method  model.Method
		field   flows.Field
		newCode bool
	}{
		{"MinID SMS code", model.MinID, model.MethodSMS, flows.FieldOTP, true},
		{"MinID PIN letter", model.MinID, model.MethodPINLetter, flows.FieldPINLetter, true},
		{"BankID code device", model.BankID, model.MethodCodeDevice, flows.FieldOTP, true},
		{"Buypass SMS code", model.Buypass, model.MethodSMS, flows.FieldOTP, true},
		{"BankID på mobil PIN", model.BankIDMobile, model.MethodSIM, flows.FieldPIN, false},
		{"Buypass card PIN", model.Buypass, model.MethodSmartcard, flows.FieldPIN, false},
		{"Commfides USB PIN", model.Commfides, model.MethodUSB, flows.FieldPIN, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := start(t, tc.kind, 11)
			seen := []string{expected(advanceTo(t, l, tc.method, tc.field))}
			for range 3 {
				if !l.Back() {
					t.Fatal("Back = false")
				}
				seen = append(seen, expected(advanceTo(t, l, tc.method, tc.field)))
			}
			slices.Sort(seen)
			distinct := len(slices.Compact(slices.Clone(seen)))
			if tc.newCode && distinct != len(seen) {
				t.Errorf("codes over four visits %v: want all different", seen)
			}
			if !tc.newCode && distinct != 1 {
				t.Errorf("PINs over four visits %v: want the same PIN", seen)
			}
		})
	}
}

func TestNewReferenceWordsAfterBack(t *testing.T) {
	l := start(t, model.BankIDMobile, 11)
	first := advanceTo(t, l, model.MethodSIM, flows.FieldReferenceWords).Device.Words
	if err := l.Submit(""); err != nil {
		t.Fatal(err)
	}
	pinStep := l.Step()
	if !slices.Equal(pinStep.Device.Words, first) {
		t.Errorf("PIN step words %v, want the confirmed %v", pinStep.Device.Words, first)
	}
	l.Back() // to the words: new words
	l.Back() // to the birth date
	second := advanceTo(t, l, model.MethodSIM, flows.FieldReferenceWords).Device.Words
	if slices.Equal(first, second) {
		t.Errorf("reference words %v the same after going back", first)
	}
}

// TestBackAndChange goes back and changes earlier answers: the result has
// the new method and national ID.
func TestBackAndChange(t *testing.T) {
	other := synthetic(t, 1985, time.March, 2)
	l := start(t, model.Buypass, 1)
	advanceTo(t, l, model.MethodSmartcard, flows.FieldInsertCard)
	if err := l.Submit(""); err != nil {
		t.Fatal(err)
	}
	if d := l.Step().Device; d == nil || !d.Inserted {
		t.Fatalf("card not in at the PIN step: %+v", d)
	}
	l.Back()
	if d := l.Step().Device; l.Step().Field != flows.FieldInsertCard || d == nil || d.Inserted {
		t.Fatalf("back at the card: %+v, want the card out", d)
	}
	l.Back()
	if err := l.Submit(other.String()); err != nil {
		t.Fatal(err)
	}
	l.Back()
	l.Back()
	if st := l.Step(); st.Field != flows.FieldMethod || st.Value != string(model.MethodSmartcard) {
		t.Fatalf("at %s with value %q, want method with smartcard", st.Field, st.Value)
	}
	if err := l.Submit(string(model.MethodApp)); err != nil {
		t.Fatal(err)
	}
	if st := l.Step(); st.Field != flows.FieldNationalID || st.Value != other.String() || st.Count != 3 {
		t.Fatalf("step %s value %q count %d, want the new national ID and 3 steps", st.Field, st.Value, st.Count)
	}
	if err := l.Submit(l.Step().Value); err != nil {
		t.Fatal(err)
	}
	if err := l.Submit(""); err != nil {
		t.Fatal(err)
	}
	r := l.Result()
	if l.State() != flows.Done || r.Method != model.MethodApp || r.NationalID.String() != other.String() ||
		!r.BirthDate.Equal(other.BirthDate()) {
		t.Fatalf("state %v result %+v, want Done with app and %s", l.State(), r, other)
	}
}
