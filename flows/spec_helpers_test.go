package flows_test

// Helpers of the spec_*_test.go files. Every top-level name here starts
// with "spec" so that these files live beside other test files of the
// package without clashing.

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// specNow is the pinned "today" of these tests: 25 November 2026, noon in
// Oslo.
var specNow = time.Date(2026, time.November, 25, 12, 0, 0, 0, model.Oslo())

// specRand is the seeded source of a test; seed 1 gives rand.NewPCG(1, 2).
func specRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 2)) }

// specOptions returns options with a seeded rand and the pinned clock.
func specOptions(seed uint64) flows.Options {
	return specOptionsAt(seed, specNow)
}

// specOptionsAt returns options with a seeded rand and a clock pinned at now.
func specOptionsAt(seed uint64, now time.Time) flows.Options {
	return flows.Options{Rand: specRand(seed), Now: func() time.Time { return now }}
}

// specStart begins a login of kind with rand.NewPCG(seed, 2) and the pinned
// clock.
func specStart(t testing.TB, kind model.EIDKind, seed uint64) flows.Login {
	t.Helper()
	return specStartWith(t, kind, specOptions(seed))
}

func specStartWith(t testing.TB, kind model.EIDKind, opts flows.Options) flows.Login {
	t.Helper()
	l, err := flows.NewLogin(kind, opts)
	if err != nil {
		t.Fatalf("NewLogin(%s): %v", kind, err)
	}
	if l == nil {
		t.Fatalf("NewLogin(%s) returned a nil Login", kind)
	}
	return l
}

// specDate is a calendar date at midnight UTC, as model keeps birth dates.
func specDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// specNID makes a synthetic national identity number for a birth date.
func specNID(t testing.TB, birth time.Time) model.NationalID {
	t.Helper()
	n, err := model.SyntheticNationalID(birth, 0)
	if err != nil {
		t.Fatalf("SyntheticNationalID(%s): %v", birth.Format(time.DateOnly), err)
	}
	if !n.BirthDate().Equal(birth) {
		t.Fatalf("SyntheticNationalID(%s) encodes %s", birth.Format(time.DateOnly), n.BirthDate().Format(time.DateOnly))
	}
	return n
}

// specNIDWithCheckDigits completes nine digits (DDMMYYIII) with the two
// mod-11 check digits, or returns "" where no check digit exists. It is
// used to make numbers that pass the checksum but fail later checks.
func specNIDWithCheckDigits(nine string) string {
	w1 := []int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	w2 := []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
	d := make([]int, 0, 11)
	for _, r := range nine {
		d = append(d, int(r-'0'))
	}
	check := func(w []int) int {
		s := 0
		for i, x := range w {
			s += d[i] * x
		}
		k := 11 - s%11
		if k == 11 {
			k = 0
		}
		return k
	}
	k1 := check(w1)
	if k1 == 10 {
		return ""
	}
	d = append(d, k1)
	k2 := check(w2)
	if k2 == 10 {
		return ""
	}
	return fmt.Sprintf("%s%d%d", nine, k1, k2)
}

// specFindNID tries the individual numbers from..to after a six-digit date
// and returns the first number with valid check digits.
func specFindNID(t testing.TB, ddmmyy string, from, to int) string {
	t.Helper()
	for i := from; i <= to; i++ {
		if n := specNIDWithCheckDigits(fmt.Sprintf("%s%03d", ddmmyy, i)); n != "" {
			return n
		}
	}
	t.Fatalf("no number with check digits for %s%03d-%03d", ddmmyy, from, to)
	return ""
}

// specPerson is what the simulated person knows and types.
type specPerson struct {
	method     model.Method
	nationalID string
	password   string // MinID and Buypass password
	personal   string // BankID personal password
	mobile     string
	birth6     string
}

// The adult of the tests: born 17 August 1990.
var specAdultBirth = specDate(1990, time.August, 17)

// specAdult returns the adult, logging in with method.
func specAdult(t testing.TB, method model.Method) specPerson {
	return specPerson{
		method:     method,
		nationalID: specNID(t, specAdultBirth).String(),
		password:   "Passord123", // MinID's rules: letters and digits, no Æ/Ø/Å
		personal:   "mittlangepassord",
		mobile:     "912 34 567",
		birth6:     "170890",
	}
}

// specAnswer is what the person types at step: what they know, or what
// they read on the simulated device, like a person would.
func specAnswer(t testing.TB, st flows.Step, p specPerson) string {
	t.Helper()
	switch st.Field {
	case flows.FieldMethod:
		return string(p.method)
	case flows.FieldNationalID:
		return p.nationalID
	case flows.FieldPassword:
		return p.password
	case flows.FieldPersonalPassword:
		return p.personal
	case flows.FieldMobile:
		return p.mobile
	case flows.FieldBirthDate:
		return p.birth6
	case flows.FieldApprove, flows.FieldReferenceWords, flows.FieldInsertCard, flows.FieldInsertUSB:
		return ""
	}
	return specReadCode(t, st)
}

// specReadCode reads the code or PIN asked for off the device panel.
func specReadCode(t testing.TB, st flows.Step) string {
	t.Helper()
	d := st.Device
	if d == nil {
		t.Fatalf("step %s has no device to read the code from", st.Field)
	}
	switch st.Field {
	case flows.FieldOTP:
		return d.Code
	case flows.FieldPINLetter:
		if d.PINIndex < 1 || d.PINIndex > len(d.PINs) {
			t.Fatalf("PIN letter asks for number %d of %d", d.PINIndex, len(d.PINs))
		}
		return d.PINs[d.PINIndex-1]
	case flows.FieldPIN:
		return d.PIN
	}
	t.Fatalf("step %s is not a code step", st.Field)
	return ""
}

// specIsCode reports whether wrong answers to field use up a try.
func specIsCode(f flows.Field) bool {
	return f == flows.FieldOTP || f == flows.FieldPINLetter || f == flows.FieldPIN
}

// specIsSecret reports whether Step.Value must stay empty for field.
func specIsSecret(f flows.Field) bool {
	return specIsCode(f) || f == flows.FieldPassword || f == flows.FieldPersonalPassword
}

// specWrongCode is a well-formed but wrong answer: the right code with its
// first digit changed.
func specWrongCode(t testing.TB, st flows.Step) string {
	t.Helper()
	b := []byte(specReadCode(t, st))
	if len(b) == 0 {
		t.Fatalf("empty code at %s", st.Field)
	}
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

// specSubmit submits the person's answer to the current step and fails
// the test on an error.
func specSubmit(t testing.TB, l flows.Login, p specPerson) flows.Step {
	t.Helper()
	if l.State() != flows.Active {
		t.Fatalf("login not active (state %v, err %v)", l.State(), l.Err())
	}
	st := l.Step()
	if err := l.Submit(specAnswer(t, st, p)); err != nil {
		t.Fatalf("Submit at %s (step %d/%d): %v", st.Field, st.Index, st.Count, err)
	}
	return st
}

// specAdvanceTo answers rightly until the login asks for field.
func specAdvanceTo(t testing.TB, l flows.Login, p specPerson, field flows.Field) flows.Step {
	t.Helper()
	for range 20 {
		if l.State() != flows.Active {
			t.Fatalf("login ended (state %v, err %v) before asking for %s", l.State(), l.Err(), field)
		}
		if st := l.Step(); st.Field == field {
			return st
		}
		specSubmit(t, l, p)
	}
	t.Fatalf("never asked for %s", field)
	return flows.Step{}
}

// specFinish answers rightly until the login ends and returns the steps
// it asked.
func specFinish(t testing.TB, l flows.Login, p specPerson) []flows.Step {
	t.Helper()
	var steps []flows.Step
	for l.State() == flows.Active {
		if len(steps) > 20 {
			t.Fatalf("login does not end: %d steps", len(steps))
		}
		steps = append(steps, specSubmit(t, l, p))
	}
	return steps
}

// specWantInputError checks err is an *InputError for field wrapping want.
func specWantInputError(t testing.TB, err error, field flows.Field, want error) {
	t.Helper()
	var ie *flows.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v (%T), want *InputError", err, err)
	}
	if ie.Field != field {
		t.Errorf("InputError.Field = %s, want %s", ie.Field, field)
	}
	if !errors.Is(err, want) {
		t.Errorf("err = %v, want it to wrap %v", err, want)
	}
	if ie.Error() == "" {
		t.Errorf("InputError.Error() is empty")
	}
}

// specWantWrong checks err is a *WrongCodeError for field with left tries.
func specWantWrong(t testing.TB, err error, field flows.Field, left int) {
	t.Helper()
	var we *flows.WrongCodeError
	if !errors.As(err, &we) {
		t.Fatalf("err = %v (%T), want *WrongCodeError", err, err)
	}
	if we.Field != field || we.TriesLeft != left {
		t.Fatalf("WrongCodeError = {%s, %d left}, want {%s, %d left}", we.Field, we.TriesLeft, field, left)
	}
}

// specWantEnded checks what every ended login must do: Step is the zero
// Step, Back reports false, Submit returns ErrNotActive, and the state
// stays.
func specWantEnded(t testing.TB, l flows.Login, state flows.State) {
	t.Helper()
	if got := l.State(); got != state {
		t.Fatalf("State = %v, want %v", got, state)
	}
	if st := l.Step(); !reflect.DeepEqual(st, flows.Step{}) {
		t.Errorf("Step() of an ended login = %+v, want the zero Step", st)
	}
	if l.Back() {
		t.Errorf("Back() of an ended login = true")
	}
	for _, a := range []string{"", "12345", "sms"} {
		if err := l.Submit(a); !errors.Is(err, flows.ErrNotActive) {
			t.Errorf("Submit(%q) after the end = %v, want ErrNotActive", a, err)
		}
	}
	if got := l.State(); got != state {
		t.Errorf("State after Submit/Back = %v, want %v", got, state)
	}
}

// specDigits reports whether s is n ASCII digits, n in [min, max].
func specDigits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// specEID returns the facts of kind.
func specEID(t testing.TB, kind model.EIDKind) model.EID {
	t.Helper()
	e, ok := model.LookupEID(kind)
	if !ok {
		t.Fatalf("no eID %s", kind)
	}
	return e
}
