package flows_test

import (
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// domain.md §4 at the login, on the pinned clock: a birth date after today
// is refused as not born yet, even by Commfides, which has no age limit;
// the answer is an input error and the same step asks again.
func TestSpecNationalIDNotBornYet(t *testing.T) {
	tests := []struct {
		name string
		kind model.EIDKind
		nid  string
	}{
		{"Commfides 01013950187 (2039)", model.Commfides, "01013950187"},
		{"Commfides 010139 50187, typed with a space", model.Commfides, "010139 50187"},
		{"Commfides synthetic born tomorrow", model.Commfides, ""},
		{"MinID 01013950187", model.MinID, "01013950187"},
		{"BankID 01013950187", model.BankID, "01013950187"},
		{"Buypass 01013950187", model.Buypass, "01013950187"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nid := tc.nid
			if nid == "" {
				// SyntheticNationalID has no clock: it makes the number of
				// a person born tomorrow, which the login refuses.
				nid = specNID(t, specDate(2026, time.November, 26)).String()
			}
			e := specEID(t, tc.kind)
			p := specAdult(t, e.Methods[0])
			l := specStart(t, tc.kind, 1)
			specAdvanceTo(t, l, p, flows.FieldNationalID)
			specWantInputError(t, l.Submit(nid), flows.FieldNationalID, model.ErrNationalIDFuture)
			if l.State() != flows.Active || l.Step().Field != flows.FieldNationalID {
				t.Fatalf("after the refusal: state %v at %s; want the national ID asked again", l.State(), l.Step().Field)
			}
			// The person corrects the number and goes on.
			if err := l.Submit(p.nationalID); err != nil {
				t.Fatalf("Submit(%s) after the refusal: %v", p.nationalID, err)
			}
		})
	}
}

// The same number is accepted once its day has come: Commfides in 2040.
func TestSpecNationalIDBornOnceTheDayHasCome(t *testing.T) {
	for _, c := range []struct {
		name  string
		now   time.Time
		allow bool
	}{
		{"31 December 2038", time.Date(2038, 12, 31, 12, 0, 0, 0, model.Oslo()), false},
		{"1 January 2039, 00:30 in Oslo", time.Date(2038, 12, 31, 23, 30, 0, 0, time.UTC), true},
		{"2040", time.Date(2040, 6, 1, 12, 0, 0, 0, model.Oslo()), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := specAdult(t, model.MethodUSB)
			p.nationalID = "01013950187"
			l := specStartWith(t, model.Commfides, specOptionsAt(1, c.now))
			specAdvanceTo(t, l, p, flows.FieldNationalID)
			err := l.Submit(p.nationalID)
			if !c.allow {
				specWantInputError(t, err, flows.FieldNationalID, model.ErrNationalIDFuture)
				return
			}
			if err != nil {
				t.Fatalf("Submit: %v", err)
			}
			specFinish(t, l, p)
			if r := l.Result(); l.State() != flows.Done || !r.BirthDate.Equal(specDate(2039, 1, 1)) {
				t.Errorf("state %v, born %s; want Done, 2039-01-01", l.State(), r.BirthDate.Format(time.DateOnly))
			}
		})
	}
}

// D- and H-number offsets together are refused with their own reason, and
// a 2032-form number is read against the pinned clock: 15053099901 is
// 1930-05-15 in 2026.
func TestSpecNationalIDDAndHAnd2032Form(t *testing.T) {
	dAndH := specFindNID(t, "414285", 0, 499)
	for _, k := range []model.EIDKind{model.MinID, model.BankID, model.Buypass, model.Commfides} {
		t.Run(string(k)+" D and H", func(t *testing.T) {
			e := specEID(t, k)
			p := specAdult(t, e.Methods[0])
			l := specStart(t, k, 1)
			specAdvanceTo(t, l, p, flows.FieldNationalID)
			specWantInputError(t, l.Submit(dAndH), flows.FieldNationalID, model.ErrNationalIDDAndH)
		})
	}
	t.Run("Commfides 15053099901 is 1930", func(t *testing.T) {
		p := specAdult(t, model.MethodUSB)
		p.nationalID = "15053099901"
		l := specStart(t, model.Commfides, 1)
		specFinish(t, l, p)
		if r := l.Result(); l.State() != flows.Done || !r.BirthDate.Equal(specDate(1930, 5, 15)) {
			t.Errorf("state %v, born %s; want Done, 1930-05-15", l.State(), r.BirthDate.Format(time.DateOnly))
		}
	})
	t.Run("BankID 15053099901 in 2035 is 2030: too young", func(t *testing.T) {
		p := specAdult(t, model.MethodCodeDevice)
		l := specStartWith(t, model.BankID, specOptionsAt(1, time.Date(2035, 6, 1, 12, 0, 0, 0, model.Oslo())))
		specAdvanceTo(t, l, p, flows.FieldNationalID)
		specWantRefused(t, l, l.Submit("15053099901"), model.BankID, specDate(2030, 5, 15), specDate(2043, 5, 15))
	})
}
