package flows_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// specStepWant is what one step of a happy path must look like.
type specStepWant struct {
	field    flows.Field
	input    flows.InputKind
	device   flows.DeviceKind // "" for no device panel
	min, max int              // digits of a code or PIN; 0 elsewhere
}

var (
	specWantMethod   = specStepWant{field: flows.FieldMethod, input: flows.InputChoice}
	specWantNID      = specStepWant{field: flows.FieldNationalID, input: flows.InputText}
	specWantPassword = specStepWant{field: flows.FieldPassword, input: flows.InputSecret}
	specWantPersonal = specStepWant{field: flows.FieldPersonalPassword, input: flows.InputSecret}
	specWantApprove  = specStepWant{field: flows.FieldApprove, input: flows.InputConfirm, device: flows.DevicePhoneApp}
)

// specHappyPaths is every eID with each of its methods and the exact steps
// its login asks (domain.md §3).
var specHappyPaths = []struct {
	name   string
	kind   model.EIDKind
	method model.Method
	steps  []specStepWant
}{
	{"MinID SMS", model.MinID, model.MethodSMS, []specStepWant{specWantMethod, specWantNID, specWantPassword,
		{flows.FieldOTP, flows.InputText, flows.DevicePhoneSMS, 5, 5}}},
	{"MinID app", model.MinID, model.MethodApp, []specStepWant{specWantMethod, specWantNID, specWantPassword,
		specWantApprove}},
	{"MinID PIN letter", model.MinID, model.MethodPINLetter, []specStepWant{specWantMethod, specWantNID, specWantPassword,
		{flows.FieldPINLetter, flows.InputSecret, flows.DevicePINLetter, 5, 5}}},
	{"BankID code device", model.BankID, model.MethodCodeDevice, []specStepWant{specWantMethod, specWantNID,
		{flows.FieldOTP, flows.InputText, flows.DeviceCodeDevice, 6, 6}, specWantPersonal}},
	{"BankID app", model.BankID, model.MethodApp, []specStepWant{specWantMethod, specWantNID,
		specWantApprove, specWantPersonal}},
	{"BankID på mobil SIM", model.BankIDMobile, model.MethodSIM, []specStepWant{
		{field: flows.FieldMobile, input: flows.InputText},
		{field: flows.FieldBirthDate, input: flows.InputText},
		{field: flows.FieldReferenceWords, input: flows.InputConfirm, device: flows.DevicePhoneSIM},
		{flows.FieldPIN, flows.InputSecret, flows.DevicePhoneSIM, 4, 8}}},
	{"Buypass smart card", model.Buypass, model.MethodSmartcard, []specStepWant{specWantMethod, specWantNID,
		{field: flows.FieldInsertCard, input: flows.InputConfirm, device: flows.DeviceCardReader},
		{flows.FieldPIN, flows.InputSecret, flows.DeviceCardReader, 4, 4}}},
	{"Buypass SMS", model.Buypass, model.MethodSMS, []specStepWant{specWantMethod, specWantNID, specWantPassword,
		{flows.FieldOTP, flows.InputText, flows.DevicePhoneSMS, 6, 6}}},
	{"Buypass app", model.Buypass, model.MethodApp, []specStepWant{specWantMethod, specWantNID, specWantApprove}},
	{"Commfides USB", model.Commfides, model.MethodUSB, []specStepWant{specWantNID,
		{field: flows.FieldInsertUSB, input: flows.InputConfirm, device: flows.DeviceUSB},
		{flows.FieldPIN, flows.InputSecret, flows.DeviceUSB, 6, 8}}},
}

func TestSpecHappyPathsCoverEveryMethod(t *testing.T) {
	covered := map[model.EIDKind][]model.Method{}
	for _, tc := range specHappyPaths {
		covered[tc.kind] = append(covered[tc.kind], tc.method)
	}
	for _, e := range model.EIDs() {
		if !slices.Equal(covered[e.Kind], e.Methods) {
			t.Errorf("%s: happy paths cover %v, the eID has %v", e.Kind, covered[e.Kind], e.Methods)
		}
	}
}

func TestSpecHappyPaths(t *testing.T) {
	for _, tc := range specHappyPaths {
		t.Run(tc.name, func(t *testing.T) {
			e := specEID(t, tc.kind)
			p := specAdult(t, tc.method)
			l := specStart(t, tc.kind, 1)
			if got := l.EID(); !reflect.DeepEqual(got, e) {
				t.Errorf("EID() = %+v, want %+v", got, e)
			}
			// At the method step the login "as it stands" is the one of the
			// eID's usual (first) method.
			firstCount := 0
			for _, o := range specHappyPaths {
				if o.kind == tc.kind && o.method == e.Methods[0] {
					firstCount = len(o.steps)
				}
			}

			var words []string
			for i, w := range tc.steps {
				if l.State() != flows.Active {
					t.Fatalf("step %d (%s): login ended early: state %v, err %v", i+1, w.field, l.State(), l.Err())
				}
				if l.Err() != nil {
					t.Errorf("step %d: Err() = %v while active", i+1, l.Err())
				}
				st := l.Step()
				wantCount := len(tc.steps)
				if w.field == flows.FieldMethod {
					wantCount = firstCount
				}
				specCheckStep(t, st, w, i+1, wantCount, e)
				switch {
				case st.Field == flows.FieldReferenceWords:
					words = st.Device.Words
				case st.Field == flows.FieldPIN && st.Device.Kind == flows.DevicePhoneSIM:
					if !slices.Equal(st.Device.Words, words) {
						t.Errorf("PIN step shows words %v, the words step showed %v", st.Device.Words, words)
					}
				}
				if err := l.Submit(specAnswer(t, st, p)); err != nil {
					t.Fatalf("Submit at step %d (%s): %v", i+1, st.Field, err)
				}
			}
			if l.State() != flows.Done {
				t.Fatalf("after %d steps: state %v, step %+v, want Done", len(tc.steps), l.State(), l.Step())
			}
			if err := l.Err(); err != nil {
				t.Errorf("Err() = %v after a good login", err)
			}
			specCheckResult(t, l.Result(), e, tc.method)
			specWantEnded(t, l, flows.Done)
			// The result stays after the end.
			specCheckResult(t, l.Result(), e, tc.method)
		})
	}
}

// specCheckStep checks a step against what the specification wants.
func specCheckStep(t *testing.T, st flows.Step, w specStepWant, index, count int, e model.EID) {
	t.Helper()
	if st.Field != w.field {
		t.Fatalf("step %d: Field = %s, want %s", index, st.Field, w.field)
	}
	if st.Input != w.input {
		t.Errorf("step %d (%s): Input = %v, want %v", index, st.Field, st.Input, w.input)
	}
	if st.MinLen != w.min || st.MaxLen != w.max {
		t.Errorf("step %d (%s): MinLen/MaxLen = %d/%d, want %d/%d", index, st.Field, st.MinLen, st.MaxLen, w.min, w.max)
	}
	if st.Index != index || st.Count != count {
		t.Errorf("step %s: Index/Count = %d/%d, want %d/%d", st.Field, st.Index, st.Count, index, count)
	}
	if st.Value != "" {
		t.Errorf("step %d (%s): Value = %q on the first visit", index, st.Field, st.Value)
	}
	wantTries := 0
	if specIsCode(st.Field) {
		wantTries = flows.MaxTries
	}
	if st.TriesLeft != wantTries {
		t.Errorf("step %d (%s): TriesLeft = %d, want %d", index, st.Field, st.TriesLeft, wantTries)
	}
	if st.Field == flows.FieldMethod {
		if !slices.Equal(st.Options, e.Methods) {
			t.Errorf("Options = %v, want %v", st.Options, e.Methods)
		}
	} else if len(st.Options) != 0 {
		t.Errorf("step %d (%s): Options = %v, want none", index, st.Field, st.Options)
	}

	if w.device == "" {
		if st.Device != nil {
			t.Errorf("step %d (%s): Device = %+v, want none", index, st.Field, *st.Device)
		}
		return
	}
	d := st.Device
	if d == nil {
		t.Fatalf("step %d (%s): no Device, want %s", index, st.Field, w.device)
	}
	if d.Kind != w.device {
		t.Errorf("step %d (%s): Device.Kind = %s, want %s", index, st.Field, d.Kind, w.device)
	}
	switch st.Field {
	case flows.FieldOTP:
		if !specDigits(d.Code, w.min, w.max) {
			t.Errorf("%s code = %q, want %d digits", d.Kind, d.Code, w.min)
		}
	case flows.FieldPINLetter:
		if len(d.PINs) == 0 || d.PINIndex < 1 || d.PINIndex > len(d.PINs) {
			t.Fatalf("PIN letter: %d PINs, asks number %d", len(d.PINs), d.PINIndex)
		}
		for i, pin := range d.PINs {
			if !specDigits(pin, 5, 5) {
				t.Errorf("PIN letter number %d = %q, want 5 digits", i+1, pin)
			}
		}
	case flows.FieldPIN:
		if !specDigits(d.PIN, w.min, w.max) {
			t.Errorf("%s PIN = %q, want %d–%d digits", d.Kind, d.PIN, w.min, w.max)
		}
		if d.Kind != flows.DevicePhoneSIM && !d.Inserted {
			t.Errorf("%s: Inserted = false at the PIN step", d.Kind)
		}
	case flows.FieldReferenceWords:
		if len(d.Words) != 2 || d.Words[0] == "" || d.Words[1] == "" || d.Words[0] == d.Words[1] {
			t.Errorf("reference words = %q, want two different words", d.Words)
		}
	case flows.FieldInsertCard, flows.FieldInsertUSB:
		if d.Inserted {
			t.Errorf("%s: Inserted = true before the person inserted it", d.Kind)
		}
		if d.PIN != "" || d.Code != "" {
			t.Errorf("%s: shows PIN %q / code %q before insertion", d.Kind, d.PIN, d.Code)
		}
	case flows.FieldApprove:
		if d.Code != "" || d.PIN != "" || len(d.PINs) != 0 {
			t.Errorf("app approval shows a code: %+v", *d)
		}
	}
}

// specCheckResult checks the outcome of the adult's good login.
func specCheckResult(t *testing.T, r flows.Result, e model.EID, method model.Method) {
	t.Helper()
	if !reflect.DeepEqual(r.EID, e) {
		t.Errorf("Result.EID = %+v, want %+v", r.EID, e)
	}
	if r.Method != method {
		t.Errorf("Result.Method = %s, want %s", r.Method, method)
	}
	if !r.BirthDate.Equal(specAdultBirth) {
		t.Errorf("Result.BirthDate = %s, want %s", r.BirthDate, specAdultBirth)
	}
	if e.Kind == model.BankIDMobile {
		if !r.NationalID.IsZero() {
			t.Errorf("Result.NationalID = %s, want zero for BankID på mobil", r.NationalID)
		}
		if r.Mobile != "+4791234567" {
			t.Errorf("Result.Mobile = %q, want E.164 +4791234567", r.Mobile)
		}
		return
	}
	if want := specNID(t, specAdultBirth); r.NationalID != want {
		t.Errorf("Result.NationalID = %q, want %q", r.NationalID, want)
	}
	if r.Mobile != "" {
		t.Errorf("Result.Mobile = %q, want none", r.Mobile)
	}
}

// The same seed gives the same login: tests and demos can rely on it.
func TestSpecSeedReproducible(t *testing.T) {
	codes := func() []string {
		p := specAdult(t, model.MethodSMS)
		l := specStart(t, model.MinID, 1)
		var out []string
		for _, st := range specFinish(t, l, p) {
			if st.Device != nil {
				out = append(out, st.Device.Code)
			}
		}
		return out
	}
	a, b := codes(), codes()
	if len(a) != 1 || !slices.Equal(a, b) {
		t.Errorf("two logins with rand.NewPCG(1, 2) showed %v and %v", a, b)
	}
}

func TestSpecNewLoginUnknownEID(t *testing.T) {
	for _, kind := range []model.EIDKind{"", "nemid", "MinID", "bankid "} {
		l, err := flows.NewLogin(kind, specOptions(1))
		if err == nil || l != nil {
			t.Errorf("NewLogin(%q) = %v, %v; want nil and an error", kind, l, err)
		}
	}
}

func TestSpecNilOptions(t *testing.T) {
	// No Rand and no Now: a random source and the real clock; the adult is
	// allowed on any real date.
	for _, tc := range specHappyPaths {
		t.Run(tc.name, func(t *testing.T) {
			l := specStartWith(t, tc.kind, flows.Options{})
			specFinish(t, l, specAdult(t, tc.method))
			if l.State() != flows.Done {
				t.Fatalf("state %v, err %v", l.State(), l.Err())
			}
		})
	}
}

// What Step returns is the caller's: changing it changes nothing in the
// login nor in the eID facts of package model.
func TestSpecStepIsACopy(t *testing.T) {
	t.Run("options", func(t *testing.T) {
		l := specStart(t, model.MinID, 1)
		st := l.Step()
		st.Options[0] = "hacked"
		if got := l.Step().Options; !slices.Equal(got, []model.Method{model.MethodSMS, model.MethodApp, model.MethodPINLetter}) {
			t.Errorf("Options after changing a returned copy = %v", got)
		}
		if e, _ := model.LookupEID(model.MinID); e.Methods[0] != model.MethodSMS {
			t.Errorf("model's MinID methods changed through Step().Options: %v", e.Methods)
		}
		if got := l.EID().Methods[0]; got != model.MethodSMS {
			t.Errorf("EID().Methods[0] = %s after changing Step().Options", got)
		}
	})
	t.Run("code", func(t *testing.T) {
		p := specAdult(t, model.MethodSMS)
		l := specStart(t, model.MinID, 1)
		st := specAdvanceTo(t, l, p, flows.FieldOTP)
		code := st.Device.Code
		st.Device.Code = "00000"
		if got := l.Step().Device.Code; got != code {
			t.Fatalf("code after changing a returned copy = %q, want %q", got, code)
		}
		if err := l.Submit(code); err != nil {
			t.Errorf("Submit(the code shown) = %v", err)
		}
	})
	t.Run("PIN letter", func(t *testing.T) {
		p := specAdult(t, model.MethodPINLetter)
		l := specStart(t, model.MinID, 1)
		st := specAdvanceTo(t, l, p, flows.FieldPINLetter)
		want := slices.Clone(st.Device.PINs)
		for i := range st.Device.PINs {
			st.Device.PINs[i] = "00000"
		}
		if got := l.Step().Device.PINs; !slices.Equal(got, want) {
			t.Fatalf("PINs after changing a returned copy = %v, want %v", got, want)
		}
		if err := l.Submit(want[st.Device.PINIndex-1]); err != nil {
			t.Errorf("Submit(the PIN asked for) = %v", err)
		}
	})
	t.Run("words", func(t *testing.T) {
		p := specAdult(t, model.MethodSIM)
		l := specStart(t, model.BankIDMobile, 1)
		st := specAdvanceTo(t, l, p, flows.FieldReferenceWords)
		want := slices.Clone(st.Device.Words)
		st.Device.Words[0] = "Endra"
		if got := l.Step().Device.Words; !slices.Equal(got, want) {
			t.Fatalf("words after changing a returned copy = %v, want %v", got, want)
		}
		specSubmit(t, l, p)
		if got := l.Step().Device.Words; !slices.Equal(got, want) {
			t.Errorf("PIN step words = %v, want %v", got, want)
		}
	})
}

// Confirmation steps move on with "" as their answer.
func TestSpecConfirmationSteps(t *testing.T) {
	tests := []struct {
		name   string
		kind   model.EIDKind
		method model.Method
		field  flows.Field
		next   flows.Field // "" when the login is done after it
	}{
		{"MinID app approve", model.MinID, model.MethodApp, flows.FieldApprove, ""},
		{"BankID app approve", model.BankID, model.MethodApp, flows.FieldApprove, flows.FieldPersonalPassword},
		{"Buypass app approve", model.Buypass, model.MethodApp, flows.FieldApprove, ""},
		{"Buypass insert card", model.Buypass, model.MethodSmartcard, flows.FieldInsertCard, flows.FieldPIN},
		{"Commfides insert USB", model.Commfides, model.MethodUSB, flows.FieldInsertUSB, flows.FieldPIN},
		{"BankID på mobil words", model.BankIDMobile, model.MethodSIM, flows.FieldReferenceWords, flows.FieldPIN},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := specStart(t, tc.kind, 1)
			specAdvanceTo(t, l, specAdult(t, tc.method), tc.field)
			if err := l.Submit(""); err != nil {
				t.Fatalf("Submit(\"\") at %s: %v", tc.field, err)
			}
			if tc.next == "" {
				if l.State() != flows.Done {
					t.Errorf("state %v after %s, want Done", l.State(), tc.field)
				}
				return
			}
			if got := l.Step().Field; got != tc.next {
				t.Errorf("after %s: Field = %s, want %s", tc.field, got, tc.next)
			}
		})
	}
}

// Errors name what went wrong so the interface can say it.
func TestSpecErrorMessages(t *testing.T) {
	age := &flows.AgeError{EID: specEID(t, model.BankID), AllowedFrom: specDate(2026, 11, 26)}
	for _, err := range []error{
		&flows.InputError{Field: flows.FieldOTP, Err: model.ErrDigitsLength},
		&flows.WrongCodeError{Field: flows.FieldPIN, TriesLeft: 2},
		age,
		flows.ErrNotActive,
		flows.ErrUnknownMethod,
	} {
		if err.Error() == "" {
			t.Errorf("%T has an empty message", err)
		}
	}
	var ie *flows.InputError = &flows.InputError{Field: flows.FieldOTP, Err: model.ErrDigitsLength}
	if !errors.Is(ie, model.ErrDigitsLength) || errors.Unwrap(ie) != model.ErrDigitsLength {
		t.Errorf("InputError does not unwrap to its model error")
	}
}
