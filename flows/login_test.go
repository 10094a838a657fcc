package flows_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// stepWant is what one step of a happy path should look like.
type stepWant struct {
	field    flows.Field
	input    flows.InputKind
	device   flows.DeviceKind // "" for no device panel
	min, max int
}

var (
	wMethod   = stepWant{field: flows.FieldMethod, input: flows.InputChoice}
	wNID      = stepWant{field: flows.FieldNationalID, input: flows.InputText}
	wPassword = stepWant{field: flows.FieldPassword, input: flows.InputSecret}
	wApprove  = stepWant{field: flows.FieldApprove, input: flows.InputConfirm, device: flows.DevicePhoneApp}
)

func TestHappyPaths(t *testing.T) {
	tests := []struct {
		name   string
		kind   model.EIDKind
		method model.Method
		steps  []stepWant
	}{
		{"MinID SMS", model.MinID, model.MethodSMS, []stepWant{wMethod, wNID, wPassword,
			{flows.FieldOTP, flows.InputText, flows.DevicePhoneSMS, 5, 5}}},
		{"MinID app", model.MinID, model.MethodApp, []stepWant{wMethod, wNID, wPassword, wApprove}},
		{"MinID PIN letter", model.MinID, model.MethodPINLetter, []stepWant{wMethod, wNID, wPassword,
			{flows.FieldPINLetter, flows.InputSecret, flows.DevicePINLetter, 5, 5}}},
		{"BankID code device", model.BankID, model.MethodCodeDevice, []stepWant{wMethod, wNID,
			{flows.FieldOTP, flows.InputText, flows.DeviceCodeDevice, 6, 6},
			{field: flows.FieldPersonalPassword, input: flows.InputSecret}}},
		{"BankID app", model.BankID, model.MethodApp, []stepWant{wMethod, wNID, wApprove,
			{field: flows.FieldPersonalPassword, input: flows.InputSecret}}},
		{"BankID på mobil", model.BankIDMobile, model.MethodSIM, []stepWant{
			{field: flows.FieldMobile, input: flows.InputText},
			{field: flows.FieldBirthDate, input: flows.InputText},
			{field: flows.FieldReferenceWords, input: flows.InputConfirm, device: flows.DevicePhoneSIM},
			{flows.FieldPIN, flows.InputSecret, flows.DevicePhoneSIM, 4, 8}}},
		{"Buypass smart card", model.Buypass, model.MethodSmartcard, []stepWant{wMethod, wNID,
			{field: flows.FieldInsertCard, input: flows.InputConfirm, device: flows.DeviceCardReader},
			{flows.FieldPIN, flows.InputSecret, flows.DeviceCardReader, 4, 4}}},
		{"Buypass SMS", model.Buypass, model.MethodSMS, []stepWant{wMethod, wNID, wPassword,
			{flows.FieldOTP, flows.InputText, flows.DevicePhoneSMS, 6, 6}}},
		{"Buypass app", model.Buypass, model.MethodApp, []stepWant{wMethod, wNID, wApprove}},
		{"Commfides USB", model.Commfides, model.MethodUSB, []stepWant{wNID,
			{field: flows.FieldInsertUSB, input: flows.InputConfirm, device: flows.DeviceUSB},
			{flows.FieldPIN, flows.InputSecret, flows.DeviceUSB, 6, 8}}},
	}
	covered := map[model.EIDKind]map[model.Method]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := start(t, tc.kind, 1)
			if l.EID().Kind != tc.kind {
				t.Fatalf("EID() = %s, want %s", l.EID().Kind, tc.kind)
			}
			for i, w := range tc.steps {
				if l.State() != flows.Active {
					t.Fatalf("step %d: state %v (err %v), want Active", i+1, l.State(), l.Err())
				}
				st := l.Step()
				checkStep(t, st, w, i+1, len(tc.steps), tc.kind)
				checkDevice(t, st, tc.kind)
				if err := l.Submit(right(st, tc.method)); err != nil {
					t.Fatalf("step %d (%s): Submit: %v", i+1, st.Field, err)
				}
			}
			if l.State() != flows.Done || l.Err() != nil {
				t.Fatalf("after the last step: state %v, err %v; want Done, nil", l.State(), l.Err())
			}
			checkResult(t, l.Result(), tc.kind, tc.method)
			if err := l.Submit("x"); !errors.Is(err, flows.ErrNotActive) {
				t.Errorf("Submit after Done = %v, want ErrNotActive", err)
			}
			if l.Back() {
				t.Error("Back after Done = true, want false")
			}
		})
		if covered[tc.kind] == nil {
			covered[tc.kind] = map[model.Method]bool{}
		}
		covered[tc.kind][tc.method] = true
	}
	for _, em := range allMethods() {
		if !covered[em.kind][em.method] {
			t.Errorf("no happy path for %s with %s", em.kind, em.method)
		}
	}
}

// firstCount is the number of steps with each eID's first method.
var firstCount = map[model.EIDKind]int{model.MinID: 4, model.BankID: 4, model.Buypass: 4}

// checkStep compares a step with what the table wants at position i of n.
func checkStep(t *testing.T, st flows.Step, w stepWant, i, n int, kind model.EIDKind) {
	t.Helper()
	if st.Field != w.field || st.Input != w.input || st.MinLen != w.min || st.MaxLen != w.max {
		t.Fatalf("step %d = %s input %v digits %d–%d; want %s input %v digits %d–%d",
			i, st.Field, st.Input, st.MinLen, st.MaxLen, w.field, w.input, w.min, w.max)
	}
	if st.Field == flows.FieldMethod {
		n = firstCount[kind] // before the choice: as for the first option
	}
	if st.Index != i || st.Count != n {
		t.Errorf("step %d (%s): Index/Count = %d/%d, want %d/%d", i, st.Field, st.Index, st.Count, i, n)
	}
	if w.device == "" && st.Device != nil {
		t.Errorf("step %d (%s): device %+v, want none", i, st.Field, *st.Device)
	}
	if w.device != "" && (st.Device == nil || st.Device.Kind != w.device) {
		t.Errorf("step %d (%s): device %+v, want kind %s", i, st.Field, st.Device, w.device)
	}
	e, _ := model.LookupEID(kind)
	if st.Field == flows.FieldMethod {
		if !slices.Equal(st.Options, e.Methods) {
			t.Errorf("Options = %v, want %v", st.Options, e.Methods)
		}
	} else if st.Options != nil {
		t.Errorf("step %d (%s): Options %v outside the method step", i, st.Field, st.Options)
	}
	wantTries := 0
	if isCode(st.Field) {
		wantTries = flows.MaxTries
	}
	if st.TriesLeft != wantTries {
		t.Errorf("step %d (%s): TriesLeft = %d, want %d", i, st.Field, st.TriesLeft, wantTries)
	}
	if st.Value != "" {
		t.Errorf("step %d (%s): Value %q on a first visit", i, st.Field, st.Value)
	}
}

// checkDevice checks the device panel holds what its kind promises and
// nothing of the other kinds.
func checkDevice(t *testing.T, st flows.Step, kind model.EIDKind) {
	t.Helper()
	d := st.Device
	if d == nil {
		return
	}
	digitsOK := func(s string, min, max int) bool {
		got, err := model.CheckDigits(s, min, max)
		return err == nil && got == s
	}
	switch d.Kind {
	case flows.DevicePhoneSMS, flows.DeviceCodeDevice:
		if !digitsOK(d.Code, st.MinLen, st.MaxLen) {
			t.Errorf("%s: Code %q is not %d digits", d.Kind, d.Code, st.MinLen)
		}
		if d.PIN != "" || d.Words != nil || d.PINs != nil || d.Inserted {
			t.Errorf("%s: stray fields %+v", d.Kind, *d)
		}
	case flows.DevicePhoneApp:
		if d.Code != "" || d.PIN != "" || d.Approved {
			t.Errorf("app: stray fields %+v", *d)
		}
	case flows.DevicePINLetter:
		if len(d.PINs) < 10 || d.PINIndex < 1 || d.PINIndex > len(d.PINs) {
			t.Fatalf("PIN letter: %d PINs, index %d", len(d.PINs), d.PINIndex)
		}
		for _, p := range d.PINs {
			if !digitsOK(p, 5, 5) {
				t.Errorf("PIN letter: %q is not 5 digits", p)
			}
		}
	case flows.DevicePhoneSIM:
		if len(d.Words) != 2 || d.Words[0] == d.Words[1] || d.Words[0] == "" {
			t.Errorf("SIM: Words = %q, want two different words", d.Words)
		}
		if d.Inserted || d.Code != "" {
			t.Errorf("SIM: stray fields %+v", *d)
		}
		if st.Field == flows.FieldPIN && !digitsOK(d.PIN, 4, 8) {
			t.Errorf("SIM: PIN %q is not 4–8 digits", d.PIN)
		}
		if st.Field == flows.FieldReferenceWords && d.PIN != "" {
			t.Errorf("SIM: PIN %q shown with the reference words", d.PIN)
		}
	case flows.DeviceCardReader, flows.DeviceUSB:
		inserted := st.Field == flows.FieldPIN
		if d.Inserted != inserted {
			t.Errorf("%s at %s: Inserted = %v, want %v", d.Kind, st.Field, d.Inserted, inserted)
		}
		if inserted && !digitsOK(d.PIN, st.MinLen, st.MaxLen) {
			t.Errorf("%s: PIN %q is not %d–%d digits", d.Kind, d.PIN, st.MinLen, st.MaxLen)
		}
		if !inserted && d.PIN != "" {
			t.Errorf("%s: PIN %q shown before inserting", d.Kind, d.PIN)
		}
	default:
		t.Errorf("unknown device kind %q for %s", d.Kind, kind)
	}
}

// checkResult checks a happy path's result: the adult's national ID, or
// the mobile number and birth date for BankID på mobil.
func checkResult(t *testing.T, r flows.Result, kind model.EIDKind, method model.Method) {
	t.Helper()
	if r.EID.Kind != kind || r.Method != method {
		t.Errorf("Result eID/method = %s/%s, want %s/%s", r.EID.Kind, r.Method, kind, method)
	}
	if !r.BirthDate.Equal(adultBirth) {
		t.Errorf("Result.BirthDate = %v, want %v", r.BirthDate, adultBirth)
	}
	if kind == model.BankIDMobile {
		if !r.NationalID.IsZero() || r.Mobile != goodMobile164 {
			t.Errorf("Result = %+v, want no national ID and mobile %s", r, goodMobile164)
		}
		return
	}
	if r.NationalID.String() != adultNID || r.Mobile != "" {
		t.Errorf("Result national ID %q mobile %q, want %s and none", r.NationalID, r.Mobile, adultNID)
	}
}

func TestNewLoginUnknownEID(t *testing.T) {
	if l, err := flows.NewLogin("nordea", flows.Options{}); err == nil || l != nil {
		t.Fatalf("NewLogin(nordea) = %v, %v; want nil and an error", l, err)
	}
}

func TestMethodChoice(t *testing.T) {
	tests := []struct {
		name   string
		kind   model.EIDKind
		answer string
	}{
		{"unknown word", model.MinID, "fax"},
		{"empty", model.BankID, ""},
		{"another eID's method", model.MinID, string(model.MethodCodeDevice)},
		{"smart card is Buypass, not BankID", model.BankID, string(model.MethodSmartcard)},
		{"case matters", model.Buypass, "SMS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := start(t, tc.kind, 1)
			err := l.Submit(tc.answer)
			var ie *flows.InputError
			if !errors.As(err, &ie) || ie.Field != flows.FieldMethod || !errors.Is(err, flows.ErrUnknownMethod) {
				t.Fatalf("Submit(%q) = %v, want InputError{method, ErrUnknownMethod}", tc.answer, err)
			}
			if st := l.Step(); st.Field != flows.FieldMethod || st.Value != "" || l.State() != flows.Active {
				t.Errorf("after a bad method: step %s value %q state %v", st.Field, st.Value, l.State())
			}
		})
	}
}

// TestStepCount checks that Count follows the method chosen: before the
// choice it counts as for the first option.
func TestStepCount(t *testing.T) {
	tests := []struct {
		name          string
		kind          model.EIDKind
		method        model.Method
		before, after int
	}{
		{"MinID app", model.MinID, model.MethodApp, 4, 4},
		{"BankID app", model.BankID, model.MethodApp, 4, 4},
		{"Buypass SMS", model.Buypass, model.MethodSMS, 4, 4},
		{"Buypass app (one less than the card)", model.Buypass, model.MethodApp, 4, 3},
		{"Buypass card", model.Buypass, model.MethodSmartcard, 4, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := start(t, tc.kind, 1)
			if st := l.Step(); st.Index != 1 || st.Count != tc.before {
				t.Fatalf("before choosing: %d/%d, want 1/%d", st.Index, st.Count, tc.before)
			}
			if err := l.Submit(string(tc.method)); err != nil {
				t.Fatal(err)
			}
			if st := l.Step(); st.Index != 2 || st.Count != tc.after {
				t.Fatalf("after choosing %s: %d/%d, want 2/%d", tc.method, st.Index, st.Count, tc.after)
			}
		})
	}
}

func TestNilOptions(t *testing.T) {
	// Without Rand and Now, a login still works: random codes, today's date.
	for _, em := range allMethods() {
		l, err := flows.NewLogin(em.kind, flows.Options{})
		if err != nil {
			t.Fatal(err)
		}
		finish(t, l, em.method)
		if l.State() != flows.Done {
			t.Errorf("%s/%s with zero Options: state %v, err %v", em.kind, em.method, l.State(), l.Err())
		}
	}
}
