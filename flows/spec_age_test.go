package flows_test

import (
	"errors"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// The age rules of domain.md §2, on the pinned 25 November 2026:
// MinID from the year of the 13th birthday, BankID, BankID på mobil and
// Buypass ID from the 13th birthday, Commfides from birth.
func TestSpecAgeRules(t *testing.T) {
	tests := []struct {
		name   string
		kind   model.EIDKind
		method model.Method
		birth  time.Time
		// allowedFrom is zero when the login goes on, else the first day the
		// person may have the eID.
		allowedFrom time.Time
	}{
		{"MinID born 1 January 2013", model.MinID, model.MethodSMS, specDate(2013, 1, 1), time.Time{}},
		{"MinID born 25 November 2013", model.MinID, model.MethodSMS, specDate(2013, 11, 25), time.Time{}},
		{"MinID born 26 November 2013 (12 years old)", model.MinID, model.MethodApp, specDate(2013, 11, 26), time.Time{}},
		{"MinID born 31 December 2013 (12 years old)", model.MinID, model.MethodPINLetter, specDate(2013, 12, 31), time.Time{}},
		{"MinID born 1 January 2014", model.MinID, model.MethodSMS, specDate(2014, 1, 1), specDate(2027, 1, 1)},
		{"MinID born 1 January 2014, app", model.MinID, model.MethodApp, specDate(2014, 1, 1), specDate(2027, 1, 1)},
		{"MinID born 24 November 2020", model.MinID, model.MethodPINLetter, specDate(2020, 11, 24), specDate(2033, 1, 1)},

		{"BankID born 25 November 2013 (13 today)", model.BankID, model.MethodCodeDevice, specDate(2013, 11, 25), time.Time{}},
		{"BankID born 26 November 2013 (13 tomorrow)", model.BankID, model.MethodCodeDevice, specDate(2013, 11, 26), specDate(2026, 11, 26)},
		{"BankID app born 26 November 2013", model.BankID, model.MethodApp, specDate(2013, 11, 26), specDate(2026, 11, 26)},
		{"BankID born 31 December 2013 (MinID would allow)", model.BankID, model.MethodApp, specDate(2013, 12, 31), specDate(2026, 12, 31)},
		{"BankID born 1 January 2013", model.BankID, model.MethodApp, specDate(2013, 1, 1), time.Time{}},

		{"Buypass card born 25 November 2013", model.Buypass, model.MethodSmartcard, specDate(2013, 11, 25), time.Time{}},
		{"Buypass card born 26 November 2013", model.Buypass, model.MethodSmartcard, specDate(2013, 11, 26), specDate(2026, 11, 26)},
		{"Buypass SMS born 25 November 2013", model.Buypass, model.MethodSMS, specDate(2013, 11, 25), time.Time{}},
		{"Buypass SMS born 26 November 2013", model.Buypass, model.MethodSMS, specDate(2013, 11, 26), specDate(2026, 11, 26)},
		{"Buypass app born 25 November 2013", model.Buypass, model.MethodApp, specDate(2013, 11, 25), time.Time{}},
		{"Buypass app born 26 November 2013", model.Buypass, model.MethodApp, specDate(2013, 11, 26), specDate(2026, 11, 26)},
		{"Buypass born 29 February 2016", model.Buypass, model.MethodApp, specDate(2016, 2, 29), specDate(2029, 3, 1)},

		{"Commfides born 1 January 2024", model.Commfides, model.MethodUSB, specDate(2024, 1, 1), time.Time{}},
		{"Commfides born today", model.Commfides, model.MethodUSB, specDate(2026, 11, 25), time.Time{}},
		{"Commfides born 1 January 1900", model.Commfides, model.MethodUSB, specDate(1900, 1, 1), time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nid := specNID(t, tc.birth)
			p := specAdult(t, tc.method)
			p.nationalID = nid.String()
			l := specStart(t, tc.kind, 1)
			specAdvanceTo(t, l, p, flows.FieldNationalID)
			err := l.Submit(p.nationalID)
			if tc.allowedFrom.IsZero() {
				if err != nil {
					t.Fatalf("Submit(national ID born %s) = %v, want accepted", tc.birth.Format(time.DateOnly), err)
				}
				specFinish(t, l, p)
				if l.State() != flows.Done {
					t.Fatalf("state %v, err %v", l.State(), l.Err())
				}
				r := l.Result()
				if !r.BirthDate.Equal(tc.birth) || r.NationalID != nid {
					t.Errorf("Result birth %s, national ID %s; want %s, %s", r.BirthDate, r.NationalID, tc.birth, nid)
				}
				return
			}
			specWantRefused(t, l, err, tc.kind, tc.birth, tc.allowedFrom)
		})
	}
}

// BankID på mobil has no national ID: the rule applies to the DDMMÅÅ birth
// date typed at the login.
func TestSpecAgeBankIDMobile(t *testing.T) {
	tests := []struct {
		name        string
		birth6      string
		birth       time.Time
		allowedFrom time.Time // zero: allowed
	}{
		{"13 tomorrow", "261113", specDate(2013, 11, 26), specDate(2026, 11, 26)},
		{"13 on 31 December", "311213", specDate(2013, 12, 31), specDate(2026, 12, 31)},
		{"born this year", "010126", specDate(2026, 1, 1), specDate(2039, 1, 1)},
		{"13 today", "251113", specDate(2013, 11, 25), time.Time{}},
		{"born 1990", "170890", specAdultBirth, time.Time{}},
		{"born 1927 (27 is after this year)", "010127", specDate(1927, 1, 1), time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := specAdult(t, model.MethodSIM)
			p.birth6 = tc.birth6
			l := specStart(t, model.BankIDMobile, 1)
			specAdvanceTo(t, l, p, flows.FieldBirthDate)
			err := l.Submit(tc.birth6)
			if tc.allowedFrom.IsZero() {
				if err != nil {
					t.Fatalf("Submit(%q) = %v, want accepted", tc.birth6, err)
				}
				specFinish(t, l, p)
				if r := l.Result(); l.State() != flows.Done || !r.BirthDate.Equal(tc.birth) {
					t.Errorf("state %v, birth %s; want Done, %s", l.State(), r.BirthDate, tc.birth)
				}
				return
			}
			specWantRefused(t, l, err, model.BankIDMobile, tc.birth, tc.allowedFrom)
		})
	}
}

// The rules use Options.Now on the Oslo calendar, not the machine's clock.
func TestSpecAgeUsesPinnedClock(t *testing.T) {
	tests := []struct {
		name    string
		kind    model.EIDKind
		birth   time.Time
		now     time.Time
		allowed bool
	}{
		{"MinID born 2014 on New Year's Day 2027", model.MinID, specDate(2014, 1, 1),
			time.Date(2027, 1, 1, 0, 30, 0, 0, model.Oslo()), true},
		{"MinID born 2014 on New Year's Eve 2026 in Oslo", model.MinID, specDate(2014, 1, 1),
			time.Date(2026, 12, 31, 22, 30, 0, 0, time.UTC), false},
		{"MinID born 2014, 2026-12-31 23:30 UTC is 2027 in Oslo", model.MinID, specDate(2014, 1, 1),
			time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), true},
		{"BankID 13 at 00:30 Oslo (23:30 UTC the day before)", model.BankID, specDate(2013, 11, 26),
			time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC), true},
		{"BankID 12 at 23:30 Oslo", model.BankID, specDate(2013, 11, 26),
			time.Date(2026, 11, 25, 23, 30, 0, 0, model.Oslo()), false},
		{"Buypass adult in 2040", model.Buypass, specDate(2026, 6, 1),
			time.Date(2040, 1, 1, 12, 0, 0, 0, model.Oslo()), true},
		{"Buypass in 2039 before the birthday", model.Buypass, specDate(2026, 6, 1),
			time.Date(2039, 5, 31, 12, 0, 0, 0, model.Oslo()), false},
		{"BankID in 2000 for someone born in 1990", model.BankID, specAdultBirth,
			time.Date(2000, 1, 1, 12, 0, 0, 0, model.Oslo()), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := specEID(t, tc.kind)
			p := specAdult(t, e.Methods[0])
			p.nationalID = specNID(t, tc.birth).String()
			l := specStartWith(t, tc.kind, specOptionsAt(1, tc.now))
			specAdvanceTo(t, l, p, flows.FieldNationalID)
			err := l.Submit(p.nationalID)
			if tc.allowed {
				if err != nil || l.State() != flows.Active {
					t.Errorf("Submit = %v, state %v; want allowed", err, l.State())
				}
				return
			}
			specWantRefused(t, l, err, tc.kind, tc.birth, e.AgeRule.AllowedFrom(tc.birth))
		})
	}
	// The two-digit year of BankID på mobil is read against the pinned
	// clock too: "010130" is 1930 in 2026 but 2030 in 2035.
	p := specAdult(t, model.MethodSIM)
	l := specStartWith(t, model.BankIDMobile, specOptionsAt(1, time.Date(2035, 6, 1, 12, 0, 0, 0, model.Oslo())))
	specAdvanceTo(t, l, p, flows.FieldBirthDate)
	specWantRefused(t, l, l.Submit("010130"), model.BankIDMobile, specDate(2030, 1, 1), specDate(2043, 1, 1))
}

// specWantRefused checks a refusal: *AgeError from Submit and Err, state
// Refused, and an ended login.
func specWantRefused(t *testing.T, l flows.Login, err error, kind model.EIDKind, birth, allowedFrom time.Time) {
	t.Helper()
	var ae *flows.AgeError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v (%T), want *AgeError", err, err)
	}
	if ae.EID.Kind != kind || !ae.BirthDate.Equal(birth) || !ae.AllowedFrom.Equal(allowedFrom) {
		t.Errorf("AgeError = {%s, born %s, allowed from %s}, want {%s, %s, %s}", ae.EID.Kind,
			ae.BirthDate.Format(time.DateOnly), ae.AllowedFrom.Format(time.DateOnly),
			kind, birth.Format(time.DateOnly), allowedFrom.Format(time.DateOnly))
	}
	if ae.Error() == "" {
		t.Error("AgeError has no message")
	}
	var got *flows.AgeError
	if !errors.As(l.Err(), &got) {
		t.Fatalf("Err() = %v, want the *AgeError", l.Err())
	}
	if got.EID.Kind != ae.EID.Kind || !got.AllowedFrom.Equal(ae.AllowedFrom) || !got.BirthDate.Equal(ae.BirthDate) {
		t.Errorf("Err() = %v, Submit returned %v", got, ae)
	}
	specWantEnded(t, l, flows.Refused)
}
