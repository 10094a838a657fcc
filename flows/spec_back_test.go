package flows_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

func TestSpecBackAtFirstStep(t *testing.T) {
	for _, e := range model.EIDs() {
		t.Run(string(e.Kind), func(t *testing.T) {
			l := specStart(t, e.Kind, 1)
			before := l.Step()
			if before.Index != 1 {
				t.Fatalf("first step Index = %d", before.Index)
			}
			for range 3 {
				if l.Back() {
					t.Fatal("Back() at the first step = true")
				}
			}
			if after := l.Step(); !reflect.DeepEqual(after, before) || l.State() != flows.Active {
				t.Errorf("Back() at the first step changed the login: %+v, state %v", after, l.State())
			}
		})
	}
}

// Going back shows what the person answered before, except secrets; going
// all the way back and forward again reaches the end.
func TestSpecBackKeepsValues(t *testing.T) {
	for _, tc := range specHappyPaths {
		t.Run(tc.name, func(t *testing.T) {
			p := specAdult(t, tc.method)
			p.mobile = "91234567" // typed as the phone shows it
			l := specStart(t, tc.kind, 1)
			// Answer all but the last step, then go back to the first.
			n := len(tc.steps)
			for range n - 1 {
				specSubmit(t, l, p)
			}
			if got := l.Step().Index; got != n {
				t.Fatalf("at the last step Index = %d, want %d", got, n)
			}
			for i := n - 1; i >= 1; i-- {
				if !l.Back() {
					t.Fatalf("Back() to step %d = false", i)
				}
				st := l.Step()
				if st.Index != i || st.Field != tc.steps[i-1].field {
					t.Fatalf("after Back: step %d %s, want %d %s", st.Index, st.Field, i, tc.steps[i-1].field)
				}
				if want := specKeptValue(st.Field, p); st.Value != want {
					t.Errorf("step %s: Value = %q, want %q", st.Field, st.Value, want)
				}
				if st.Count != n {
					t.Errorf("step %s: Count = %d, want %d", st.Field, st.Count, n)
				}
			}
			if l.Back() {
				t.Fatal("Back() at the first step = true")
			}
			// Forward again, checking the kept values on the way.
			for l.State() == flows.Active {
				st := l.Step()
				if want := specKeptValue(st.Field, p); st.Value != want {
					t.Errorf("forward again, step %s: Value = %q, want %q", st.Field, st.Value, want)
				}
				specSubmit(t, l, p)
			}
			if l.State() != flows.Done {
				t.Fatalf("state %v", l.State())
			}
			specCheckResult(t, l.Result(), specEID(t, tc.kind), tc.method)
		})
	}
}

// specKeptValue is what Step.Value shows at field once the person has
// answered p there: the plain answers, never secrets.
func specKeptValue(f flows.Field, p specPerson) string {
	switch f {
	case flows.FieldMethod:
		return string(p.method)
	case flows.FieldNationalID:
		return p.nationalID
	case flows.FieldMobile:
		return p.mobile
	case flows.FieldBirthDate:
		return p.birth6
	}
	return ""
}

// Secrets typed (even wrong) never come back in Step.Value.
func TestSpecNoSecretValues(t *testing.T) {
	for _, tc := range specCodeSteps {
		t.Run(tc.name, func(t *testing.T) {
			p := specAdult(t, tc.method)
			l := specStart(t, tc.kind, 1)
			st := specAdvanceTo(t, l, p, tc.field)
			specWantWrong(t, l.Submit(specWrongCode(t, st)), tc.field, 2)
			if v := l.Step().Value; v != "" {
				t.Errorf("Value after a wrong code = %q", v)
			}
			l.Back()
			if st := l.Step(); specIsSecret(st.Field) && st.Value != "" {
				t.Errorf("step %s: Value = %q", st.Field, st.Value)
			}
			st = specAdvanceTo(t, l, p, tc.field)
			if st.Value != "" {
				t.Errorf("code step Value on return = %q", st.Value)
			}
		})
	}
}

// Choosing another method after going back changes the steps and the
// result; the national ID stays.
func TestSpecBackAndChangeMethod(t *testing.T) {
	l := specStart(t, model.Buypass, 1)
	card := specAdult(t, model.MethodSmartcard)
	specAdvanceTo(t, l, card, flows.FieldInsertCard)
	if got := l.Step().Count; got != 4 {
		t.Fatalf("smart card Count = %d, want 4", got)
	}
	l.Back()
	l.Back()
	if st := l.Step(); st.Field != flows.FieldMethod || st.Value != string(model.MethodSmartcard) {
		t.Fatalf("back at %s with Value %q", st.Field, st.Value)
	}
	app := specAdult(t, model.MethodApp)
	specSubmit(t, l, app)
	st := l.Step()
	if st.Field != flows.FieldNationalID || st.Value != app.nationalID || st.Count != 3 || st.Index != 2 {
		t.Fatalf("after choosing app: %s %d/%d Value %q", st.Field, st.Index, st.Count, st.Value)
	}
	specFinish(t, l, app)
	if r := l.Result(); l.State() != flows.Done || r.Method != model.MethodApp {
		t.Fatalf("state %v, method %s; want Done with app", l.State(), r.Method)
	}
}

// A code step left and entered again shows a new code.
func TestSpecNewCodeOnReentry(t *testing.T) {
	tests := []struct {
		name   string
		kind   model.EIDKind
		method model.Method
	}{
		{"MinID SMS", model.MinID, model.MethodSMS},
		{"BankID code device", model.BankID, model.MethodCodeDevice},
		{"Buypass SMS", model.Buypass, model.MethodSMS},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := specAdult(t, tc.method)
			l := specStart(t, tc.kind, 1)
			first := specAdvanceTo(t, l, p, flows.FieldOTP).Device.Code
			codes := []string{first}
			for range 5 {
				if !l.Back() {
					t.Fatal("Back() from the code step = false")
				}
				codes = append(codes, specAdvanceTo(t, l, p, flows.FieldOTP).Device.Code)
			}
			if !slices.ContainsFunc(codes[1:], func(c string) bool { return c != first }) {
				t.Fatalf("the same code %s after 5 re-entries: %v", first, codes)
			}
			// The code on screen is the one that counts; an old one is wrong.
			st := l.Step()
			for _, old := range codes {
				if old != st.Device.Code {
					specWantWrong(t, l.Submit(old), flows.FieldOTP, 2)
					break
				}
			}
			specFinish(t, l, p)
			if l.State() != flows.Done {
				t.Fatalf("state %v, err %v", l.State(), l.Err())
			}
		})
	}
}

// The PIN of a card, a USB stick or a SIM is the person's own: it stays
// the same however often the step is entered.
func TestSpecPINStaysOnReentry(t *testing.T) {
	tests := []struct {
		name   string
		kind   model.EIDKind
		method model.Method
		back   int // steps to go back each time
	}{
		{"Buypass card, back to insert", model.Buypass, model.MethodSmartcard, 1},
		{"Buypass card, back to national ID", model.Buypass, model.MethodSmartcard, 2},
		{"Commfides, back to insert", model.Commfides, model.MethodUSB, 1},
		{"Commfides, back to national ID", model.Commfides, model.MethodUSB, 2},
		{"BankID på mobil, back to words", model.BankIDMobile, model.MethodSIM, 1},
		{"BankID på mobil, back to mobile", model.BankIDMobile, model.MethodSIM, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := specAdult(t, tc.method)
			l := specStart(t, tc.kind, 1)
			pin := specAdvanceTo(t, l, p, flows.FieldPIN).Device.PIN
			for range 5 {
				for range tc.back {
					if !l.Back() {
						t.Fatal("Back() = false")
					}
				}
				if got := specAdvanceTo(t, l, p, flows.FieldPIN).Device.PIN; got != pin {
					t.Fatalf("PIN changed on re-entry: %s, was %s", got, pin)
				}
			}
			specFinish(t, l, p)
			if l.State() != flows.Done {
				t.Fatalf("state %v", l.State())
			}
		})
	}
}

// Reference words: two different words, the same on the words step and
// the PIN step; entering the words step again keeps two words on both.
func TestSpecReferenceWords(t *testing.T) {
	p := specAdult(t, model.MethodSIM)
	l := specStart(t, model.BankIDMobile, 1)
	for round := range 5 {
		st := specAdvanceTo(t, l, p, flows.FieldReferenceWords)
		w := st.Device.Words
		if len(w) != 2 || w[0] == "" || w[1] == "" || w[0] == w[1] {
			t.Fatalf("round %d: words = %q, want two different words", round, w)
		}
		specSubmit(t, l, p)
		pinStep := l.Step()
		if pinStep.Field != flows.FieldPIN || !slices.Equal(pinStep.Device.Words, w) {
			t.Fatalf("round %d: PIN step %s shows words %q, want %q", round, pinStep.Field, pinStep.Device.Words, w)
		}
		l.Back()
	}
	// Over several logins the words are not always the same pair.
	pairs := map[[2]string]bool{}
	for seed := range uint64(30) {
		l := specStart(t, model.BankIDMobile, seed)
		w := specAdvanceTo(t, l, p, flows.FieldReferenceWords).Device.Words
		pairs[[2]string{w[0], w[1]}] = true
	}
	if len(pairs) < 10 {
		t.Errorf("30 logins showed only %d different word pairs", len(pairs))
	}
}
