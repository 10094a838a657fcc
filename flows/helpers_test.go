package flows_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// now is the pinned "today" of the tests: 25 November 2026, noon in Oslo.
var now = time.Date(2026, time.November, 25, 12, 0, 0, 0, model.Oslo())

// Answers the simulated person gives when they do things right.
const (
	adultNID      = "17889033371" // synthetic, born 1990-08-17
	goodPassword  = "hemmeleg123" // passes MinID's rules and the general one
	goodMobile    = "912 34 567"
	goodMobile164 = "+4791234567"
	goodBirth6    = "170890"
)

var adultBirth = time.Date(1990, time.August, 17, 0, 0, 0, 0, time.UTC)

// opts returns options with a seeded rand and the pinned now.
func opts(seed uint64) flows.Options {
	return flows.Options{Rand: rand.New(rand.NewPCG(seed, 2)), Now: func() time.Time { return now }}
}

// start begins a login of kind with a seeded rand and the pinned now.
func start(t *testing.T, kind model.EIDKind, seed uint64) flows.Login {
	t.Helper()
	l, err := flows.NewLogin(kind, opts(seed))
	if err != nil {
		t.Fatalf("NewLogin(%s): %v", kind, err)
	}
	return l
}

// synthetic returns a synthetic national ID for a birth date.
func synthetic(t testing.TB, y int, m time.Month, d int) model.NationalID {
	t.Helper()
	n, err := model.SyntheticNationalID(time.Date(y, m, d, 0, 0, 0, 0, time.UTC), 500)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// right returns the right answer to step: the chosen method, the adult's
// details, or the code read from the simulated device.
func right(step flows.Step, method model.Method) string {
	switch step.Field {
	case flows.FieldMethod:
		return string(method)
	case flows.FieldNationalID:
		return adultNID
	case flows.FieldPassword, flows.FieldPersonalPassword:
		return goodPassword
	case flows.FieldMobile:
		return goodMobile
	case flows.FieldBirthDate:
		return goodBirth6
	case flows.FieldOTP:
		return step.Device.Code
	case flows.FieldPINLetter:
		return step.Device.PINs[step.Device.PINIndex-1]
	case flows.FieldPIN:
		return step.Device.PIN
	}
	return "" // confirmations
}

// wrong returns a well-formed but wrong answer to a code or PIN step: the
// right one with its first digit changed.
func wrong(step flows.Step) string {
	r := []byte(right(step, ""))
	r[0] = '0' + (r[0]-'0'+1)%10
	return string(r)
}

// isCode reports whether a field is a code or PIN, which wrong answers use
// tries on.
func isCode(f flows.Field) bool {
	return f == flows.FieldOTP || f == flows.FieldPINLetter || f == flows.FieldPIN
}

// advanceTo answers rightly until the login asks for field, failing the test
// if the login ends first.
func advanceTo(t *testing.T, l flows.Login, method model.Method, field flows.Field) flows.Step {
	t.Helper()
	for range 20 {
		if l.State() != flows.Active {
			t.Fatalf("login ended (state %v, err %v) before %s", l.State(), l.Err(), field)
		}
		st := l.Step()
		if st.Field == field {
			return st
		}
		if err := l.Submit(right(st, method)); err != nil {
			t.Fatalf("Submit at %s: %v", st.Field, err)
		}
	}
	t.Fatalf("never reached %s", field)
	return flows.Step{}
}

// finish answers rightly until the login ends and returns the fields asked.
func finish(t *testing.T, l flows.Login, method model.Method) []flows.Field {
	t.Helper()
	var fields []flows.Field
	for l.State() == flows.Active && len(fields) < 20 {
		st := l.Step()
		fields = append(fields, st.Field)
		if err := l.Submit(right(st, method)); err != nil {
			t.Fatalf("Submit at %s: %v", st.Field, err)
		}
	}
	return fields
}

// expected is what a code step wants typed, "" for other steps.
func expected(st flows.Step) string {
	if !isCode(st.Field) {
		return ""
	}
	return right(st, "")
}

// wantWrong checks err is a *WrongCodeError for field with tries left.
func wantWrong(t *testing.T, err error, field flows.Field, left int) {
	t.Helper()
	var w *flows.WrongCodeError
	if !errors.As(err, &w) {
		t.Fatalf("err = %v, want *WrongCodeError", err)
	}
	if w.Field != field || w.TriesLeft != left {
		t.Fatalf("WrongCodeError = %+v, want field %s, %d left", *w, field, left)
	}
	if !strings.Contains(w.Error(), string(field)) {
		t.Errorf("Error() = %q does not name the field", w.Error())
	}
}

// eidMethod is one eID with one of its methods.
type eidMethod struct {
	kind   model.EIDKind
	method model.Method
}

// allMethods lists every eID with each of its methods.
func allMethods() []eidMethod {
	var out []eidMethod
	for _, e := range model.EIDs() {
		for _, m := range e.Methods {
			out = append(out, eidMethod{e.Kind, m})
		}
	}
	return out
}
