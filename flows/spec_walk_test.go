package flows_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// specWalkStats counts what the random walks of one eID ran into, so the
// test can check the walks really mixed everything.
type specWalkStats struct {
	ends                                map[flows.State]int
	ok, input, wrong, age, back, noBack int
}

// For each eID, 2000 random walks mixing right answers, wrong codes,
// garbage, Back and method choices, checking the login's promises after
// every call against a small model of what must have happened.
func TestSpecRandomWalks(t *testing.T) {
	const walks = 2000
	for _, e := range model.EIDs() {
		t.Run(string(e.Kind), func(t *testing.T) {
			t.Parallel()
			st := specWalkStats{ends: map[flows.State]int{}}
			for seed := range uint64(walks) {
				specWalk(t, e, seed, &st)
				if t.Failed() {
					return
				}
			}
			t.Logf("%s: ends %v; ok %d, input errors %d, wrong codes %d, refusals %d, back %d/%d",
				e.Kind, st.ends, st.ok, st.input, st.wrong, st.age, st.back, st.noBack)
			wantEnds := []flows.State{flows.Done, flows.Locked, flows.Refused}
			if e.AgeRule == model.AgeNone {
				wantEnds = []flows.State{flows.Done, flows.Locked}
				if st.ends[flows.Refused] != 0 {
					t.Errorf("%d refusals for an eID without age limit", st.ends[flows.Refused])
				}
			}
			for _, s := range wantEnds {
				if st.ends[s] < walks/100 {
					t.Errorf("only %d of %d walks ended in state %v", st.ends[s], walks, s)
				}
			}
			if st.input == 0 || st.wrong == 0 || st.back == 0 || st.noBack == 0 {
				t.Errorf("the walks did not mix everything: %+v", st)
			}
		})
	}
}

// specWalk drives one login at random with seed and checks it.
func specWalk(t *testing.T, e model.EID, seed uint64, stats *specWalkStats) {
	l, err := flows.NewLogin(e.Kind, specOptions(seed))
	if err != nil {
		t.Fatalf("NewLogin: %v", err)
	}
	dr := rand.New(rand.NewPCG(seed, 77)) // the driver's own choices
	var trail []string
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s walk %d: %s\ntrail: %s", e.Kind, seed, fmt.Sprintf(format, args...), strings.Join(trail, " → "))
	}
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%s walk %d panicked: %v\ntrail: %s", e.Kind, seed, r, strings.Join(trail, " → "))
		}
	}()

	adult := specAdult(t, e.Methods[0])
	// young is refused by the eID's rule (the newborn Commfides allows).
	young := adult
	switch e.AgeRule {
	case model.AgeYearOf13:
		young.nationalID = specNID(t, specDate(2014, 1, 1)).String()
	case model.AgeBirthday13:
		young.nationalID = specNID(t, specDate(2013, 11, 26)).String()
	default:
		young.nationalID = specNID(t, specDate(2026, 11, 25)).String()
	}
	young.birth6 = "261113"
	refuses := e.AgeRule != model.AgeNone

	wrongs := 0                      // wrong codes so far
	method := e.Methods[0]           // the method in force
	kept := map[flows.Field]string{} // accepted plain answers

	for range 80 {
		if l.State() != flows.Active {
			break
		}
		st := l.Step()
		specWalkCheckStep(fail, st, e, wrongs, kept)

		var answer, kind string
		youngAnswer := false
		switch r := dr.IntN(100); {
		case r < 15:
			kind = "back"
		case r < 55 || (r < 70 && !specIsCode(st.Field)):
			kind = "right"
			p := adult
			if (st.Field == flows.FieldNationalID || st.Field == flows.FieldBirthDate) && dr.IntN(12) == 0 {
				p, youngAnswer = young, true
			}
			if st.Field == flows.FieldMethod {
				p.method = e.Methods[dr.IntN(len(e.Methods))]
			}
			answer = specAnswer(t, st, p)
		case r < 70:
			kind = "wrong"
			answer = specWrongCode(t, st)
		case r < 90:
			kind = "garbage"
			answer = specGarbage(dr, st)
		default:
			kind = "method"
			all := []model.Method{model.MethodSMS, model.MethodApp, model.MethodPINLetter, model.MethodCodeDevice,
				model.MethodSIM, model.MethodSmartcard, model.MethodUSB, "", "SMS"}
			answer = string(all[dr.IntN(len(all))])
		}

		if kind == "back" {
			ok := l.Back()
			trail = append(trail, fmt.Sprintf("back@%s=%v", st.Field, ok))
			if ok != (st.Index > 1) {
				fail("Back() at step %d = %v", st.Index, ok)
			}
			if !ok {
				stats.noBack++
				if after := l.Step(); !reflect.DeepEqual(after, st) {
					fail("a refused Back changed the step: %+v → %+v", st, after)
				}
				continue
			}
			stats.back++
			after := l.Step()
			if l.State() != flows.Active || after.Index != st.Index-1 {
				fail("after Back from step %d: state %v, step %d", st.Index, l.State(), after.Index)
			}
			continue
		}

		err := l.Submit(answer)
		trail = append(trail, fmt.Sprintf("%s@%s(%q)=%v", kind, st.Field, answer, err))
		var (
			ie *flows.InputError
			we *flows.WrongCodeError
			ae *flows.AgeError
		)
		switch {
		case err == nil:
			stats.ok++
			if youngAnswer && refuses {
				fail("a person under the age limit was let through")
			}
			if kind == "wrong" {
				fail("a wrong code was accepted")
			}
			if st.Field == flows.FieldMethod {
				method = model.Method(answer)
				if !e.HasMethod(method) {
					fail("method %q accepted", answer)
				}
			}
			if !specIsSecret(st.Field) && st.Input != flows.InputConfirm {
				kept[st.Field] = answer
			}
			if l.State() == flows.Done {
				if st.Index != st.Count {
					fail("Done after step %d of %d", st.Index, st.Count)
				}
				break
			}
			after := l.Step()
			if l.State() != flows.Active || after.Index != st.Index+1 {
				fail("after an accepted answer at step %d: state %v, step %d", st.Index, l.State(), after.Index)
			}
			if st.Field != flows.FieldMethod && after.Count != st.Count {
				fail("Count changed from %d to %d at %s", st.Count, after.Count, st.Field)
			}
		case errors.As(err, &ie):
			stats.input++
			if kind == "right" || kind == "wrong" {
				fail("a well-formed answer gave %v", err)
			}
			if ie.Field != st.Field || ie.Err == nil {
				fail("InputError %+v at %s", *ie, st.Field)
			}
			if st.Field == flows.FieldMethod && !errors.Is(err, flows.ErrUnknownMethod) {
				fail("method error %v does not wrap ErrUnknownMethod", err)
			}
			if after := l.Step(); l.State() != flows.Active || !reflect.DeepEqual(after, st) {
				fail("a format error changed the login: state %v, %+v → %+v", l.State(), st, after)
			}
		case errors.As(err, &we):
			stats.wrong++
			if kind == "right" || !specIsCode(st.Field) {
				fail("WrongCodeError for a %s answer at %s", kind, st.Field)
			}
			wrongs++
			if we.Field != st.Field || we.TriesLeft != flows.MaxTries-wrongs || we.TriesLeft < 0 {
				fail("WrongCodeError %+v after %d wrong codes", *we, wrongs)
			}
			if we.TriesLeft == 0 {
				if l.State() != flows.Locked {
					fail("state %v with no tries left", l.State())
				}
				break
			}
			if after := l.Step(); l.State() != flows.Active || after.Field != st.Field || after.Index != st.Index {
				fail("after a wrong code: state %v, step %s", l.State(), after.Field)
			}
		case errors.As(err, &ae):
			stats.age++
			if st.Field != flows.FieldNationalID && st.Field != flows.FieldBirthDate {
				fail("AgeError at %s", st.Field)
			}
			if kind == "right" && !youngAnswer {
				fail("the adult was refused: %v", err)
			}
			if ae.EID.Kind != e.Kind || e.AgeRule.Allows(ae.BirthDate, specNow) || !ae.AllowedFrom.After(model.Today(specNow)) {
				fail("AgeError %+v", *ae)
			}
			if l.State() != flows.Refused {
				fail("state %v after an AgeError", l.State())
			}
		default:
			fail("Submit at %s returned %v (%T)", st.Field, err, err)
		}
	}

	state := l.State()
	stats.ends[state]++
	specWalkCheckEnd(fail, l, e, method, wrongs)
}

// specWalkCheckStep checks the promises of an active login's step.
func specWalkCheckStep(fail func(string, ...any), st flows.Step, e model.EID, wrongs int, kept map[flows.Field]string) {
	if st.Field == "" || st.Index < 1 || st.Index > st.Count {
		fail("step %q at %d of %d", st.Field, st.Index, st.Count)
	}
	if st.TriesLeft < 0 {
		fail("TriesLeft = %d", st.TriesLeft)
	}
	if specIsCode(st.Field) {
		if st.TriesLeft != flows.MaxTries-wrongs {
			fail("TriesLeft = %d after %d wrong codes", st.TriesLeft, wrongs)
		}
		if st.Device == nil || st.MinLen < 4 || st.MaxLen < st.MinLen {
			fail("code step %s: device %v, %d–%d digits", st.Field, st.Device, st.MinLen, st.MaxLen)
		}
	} else if st.TriesLeft != 0 || st.MinLen != 0 || st.MaxLen != 0 {
		fail("step %s: TriesLeft %d, MinLen %d, MaxLen %d", st.Field, st.TriesLeft, st.MinLen, st.MaxLen)
	}
	switch st.Field {
	case flows.FieldMethod, flows.FieldNationalID, flows.FieldPassword, flows.FieldPersonalPassword,
		flows.FieldMobile, flows.FieldBirthDate:
		if st.Device != nil {
			fail("step %s shows device %+v", st.Field, *st.Device)
		}
	default:
		if st.Device == nil {
			fail("step %s shows no device", st.Field)
		}
	}
	if specIsSecret(st.Field) && st.Value != "" {
		fail("secret step %s shows Value %q", st.Field, st.Value)
	}
	if strip := func(s string) string { return strings.ReplaceAll(s, " ", "") }; strip(st.Value) != strip(kept[st.Field]) {
		fail("step %s: Value %q, the last accepted answer was %q", st.Field, st.Value, kept[st.Field])
	}
	if (st.Field == flows.FieldMethod) != (len(st.Options) > 0) {
		fail("step %s with options %v", st.Field, st.Options)
	}
	if st.Field == flows.FieldMethod && !slices.Equal(st.Options, e.Methods) {
		fail("options %v, want %v", st.Options, e.Methods)
	}
}

// specWalkCheckEnd checks an ended login (and lets an unfinished one be).
func specWalkCheckEnd(fail func(string, ...any), l flows.Login, e model.EID, method model.Method, wrongs int) {
	state := l.State()
	if state == flows.Active {
		if l.Err() != nil {
			fail("Err() = %v while active", l.Err())
		}
		return
	}
	if st := l.Step(); !reflect.DeepEqual(st, flows.Step{}) {
		fail("Step() of an ended login (%v) = %+v", state, st)
	}
	if l.Back() {
		fail("Back() of an ended login = true")
	}
	if err := l.Submit("12345"); !errors.Is(err, flows.ErrNotActive) {
		fail("Submit after the end (%v) = %v", state, err)
	}
	if l.State() != state {
		fail("state changed from %v to %v after the end", state, l.State())
	}
	switch state {
	case flows.Done:
		r := l.Result()
		if l.Err() != nil {
			fail("Done with Err() = %v", l.Err())
		}
		if r.EID.Kind != e.Kind || r.BirthDate.IsZero() || r.Method != method {
			fail("Result %+v; want kind %s, method %s, a birth date", r, e.Kind, method)
		}
		if !e.AgeRule.Allows(r.BirthDate, specNow) {
			fail("Done for someone born %s, under the limit", r.BirthDate.Format(time.DateOnly))
		}
		if e.NeedsNationalID {
			if r.NationalID.IsZero() || !r.NationalID.BirthDate().Equal(r.BirthDate) || r.Mobile != "" {
				fail("Result %+v", r)
			}
		} else if !r.NationalID.IsZero() || !strings.HasPrefix(r.Mobile, "+47") || len(r.Mobile) != 11 {
			fail("BankID på mobil Result %+v", r)
		}
	case flows.Locked:
		var we *flows.WrongCodeError
		if !errors.As(l.Err(), &we) || we.TriesLeft != 0 || wrongs != flows.MaxTries {
			fail("Locked with Err() %v after %d wrong codes", l.Err(), wrongs)
		}
	case flows.Refused:
		var ae *flows.AgeError
		if !errors.As(l.Err(), &ae) {
			fail("Refused with Err() %v", l.Err())
		}
	default:
		fail("unknown state %v", state)
	}
}

// specGarbage is a random answer: often malformed, sometimes well formed
// by chance.
func specGarbage(r *rand.Rand, st flows.Step) string {
	if st.MinLen > 0 && r.IntN(4) == 0 {
		// A well-formed code, most likely wrong (or, rarely, right).
		n := st.MinLen + r.IntN(st.MaxLen-st.MinLen+1)
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		return string(b)
	}
	const alphabet = "0123456789 abcxyzæøå+-."
	runes := []rune(alphabet)
	n := r.IntN(13)
	var b strings.Builder
	for range n {
		b.WriteRune(runes[r.IntN(len(runes))])
	}
	return b.String()
}
