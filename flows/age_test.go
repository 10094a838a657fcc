package flows_test

import (
	"errors"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestAgeRules applies each eID's age rule on the pinned today, 25 November
// 2026: MinID from the year of the 13th birthday, BankID, BankID på mobil
// and Buypass ID from the 13th birthday itself, Commfides with no limit.
func TestAgeRules(t *testing.T) {
	tests := []struct {
		name        string
		kind        model.EIDKind
		method      model.Method
		birth       time.Time
		allowedFrom time.Time // zero: allowed
	}{
		{"MinID, 13 this year, birthday not yet", model.MinID, model.MethodSMS, date(2013, time.December, 31), time.Time{}},
		{"MinID, 13 next year", model.MinID, model.MethodApp, date(2014, time.January, 1), date(2027, time.January, 1)},
		{"MinID, 12 and born in 2014 spring", model.MinID, model.MethodSMS, date(2014, time.March, 3), date(2027, time.January, 1)},
		{"BankID, 13th birthday in December", model.BankID, model.MethodCodeDevice, date(2013, time.December, 31), date(2026, time.December, 31)},
		{"BankID, 13th birthday tomorrow", model.BankID, model.MethodApp, date(2013, time.November, 26), date(2026, time.November, 26)},
		{"BankID, 13th birthday today", model.BankID, model.MethodApp, date(2013, time.November, 25), time.Time{}},
		{"Buypass card, 12", model.Buypass, model.MethodSmartcard, date(2013, time.December, 1), date(2026, time.December, 1)},
		{"Buypass SMS, 12", model.Buypass, model.MethodSMS, date(2014, time.June, 30), date(2027, time.June, 30)},
		{"Buypass app, 13", model.Buypass, model.MethodApp, date(2013, time.January, 1), time.Time{}},
		{"Commfides, 2 years old", model.Commfides, model.MethodUSB, date(2024, time.June, 1), time.Time{}},
		{"Commfides, born last week", model.Commfides, model.MethodUSB, date(2026, time.November, 18), time.Time{}},
		{"MinID, adult", model.MinID, model.MethodPINLetter, adultBirth, time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nid := synthetic(t, tc.birth.Year(), tc.birth.Month(), tc.birth.Day())
			l := start(t, tc.kind, 1)
			advanceTo(t, l, tc.method, flows.FieldNationalID)
			err := l.Submit(nid.String())
			if tc.allowedFrom.IsZero() {
				if err != nil || l.State() != flows.Active {
					t.Fatalf("Submit(%s) = %v (state %v), want accepted", nid, err, l.State())
				}
				if st := l.Step(); st.Field == flows.FieldNationalID {
					t.Fatal("still asking for the national ID")
				}
				return
			}
			checkRefused(t, l, err, tc.kind, tc.birth, tc.allowedFrom)
		})
	}
}

// TestAgeBankIDMobile refuses via the birth date typed as DDMMÅÅ.
func TestAgeBankIDMobile(t *testing.T) {
	tests := []struct {
		name        string
		birth6      string
		birth       time.Time
		allowedFrom time.Time
	}{
		{"12, birthday in December", "311213", date(2013, time.December, 31), date(2026, time.December, 31)},
		{"13 today", "251113", date(2013, time.November, 25), time.Time{}},
		{"born this year", "010126", date(2026, time.January, 1), date(2039, time.January, 1)},
		{"born last century", "010199", date(1999, time.January, 1), time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := start(t, model.BankIDMobile, 1)
			advanceTo(t, l, model.MethodSIM, flows.FieldBirthDate)
			err := l.Submit(tc.birth6)
			if !tc.allowedFrom.IsZero() {
				checkRefused(t, l, err, model.BankIDMobile, tc.birth, tc.allowedFrom)
				return
			}
			if err != nil {
				t.Fatalf("Submit(%s) = %v, want accepted", tc.birth6, err)
			}
			finish(t, l, model.MethodSIM)
			if r := l.Result(); l.State() != flows.Done || !r.BirthDate.Equal(tc.birth) {
				t.Fatalf("state %v, birth date %v; want Done, %v", l.State(), r.BirthDate, tc.birth)
			}
		})
	}
}

// TestAgeOsloDate: just after midnight in Oslo it is already the 13th
// birthday, though UTC is still on the day before.
func TestAgeOsloDate(t *testing.T) {
	o := opts(1)
	o.Now = func() time.Time { return time.Date(2026, time.November, 24, 23, 30, 0, 0, time.UTC) }
	l, err := flows.NewLogin(model.BankID, o)
	if err != nil {
		t.Fatal(err)
	}
	advanceTo(t, l, model.MethodApp, flows.FieldNationalID)
	if err := l.Submit(synthetic(t, 2013, time.November, 25).String()); err != nil {
		t.Fatalf("13th birthday in Oslo refused: %v", err)
	}
}

// checkRefused checks a refusal and that the refused login stays ended.
func checkRefused(t *testing.T, l flows.Login, err error, kind model.EIDKind, birth, allowedFrom time.Time) {
	t.Helper()
	var age *flows.AgeError
	if !errors.As(err, &age) {
		t.Fatalf("Submit = %v, want *AgeError", err)
	}
	if age.EID.Kind != kind || !age.BirthDate.Equal(birth) || !age.AllowedFrom.Equal(allowedFrom) {
		t.Errorf("AgeError = %s %v from %v, want %s %v from %v",
			age.EID.Kind, age.BirthDate, age.AllowedFrom, kind, birth, allowedFrom)
	}
	if l.State() != flows.Refused || l.Err() != err {
		t.Errorf("state %v, Err() %v; want Refused and the AgeError", l.State(), l.Err())
	}
	if e := l.Submit(adultNID); !errors.Is(e, flows.ErrNotActive) {
		t.Errorf("Submit after refusal = %v, want ErrNotActive", e)
	}
	if l.Back() || l.State() != flows.Refused {
		t.Error("Back after refusal moved the login")
	}
}
