package flows_test

import (
	"errors"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// codeStep is a login's step where a wrong answer uses a try.
type codeStep struct {
	name   string
	kind   model.EIDKind
	method model.Method
	field  flows.Field
}

// codeSteps are the code and PIN steps, one per eID method that has one.
var codeSteps = []codeStep{
	{"MinID SMS code", model.MinID, model.MethodSMS, flows.FieldOTP},
	{"MinID PIN letter", model.MinID, model.MethodPINLetter, flows.FieldPINLetter},
	{"BankID code device", model.BankID, model.MethodCodeDevice, flows.FieldOTP},
	{"BankID på mobil PIN", model.BankIDMobile, model.MethodSIM, flows.FieldPIN},
	{"Buypass card PIN", model.Buypass, model.MethodSmartcard, flows.FieldPIN},
	{"Buypass SMS code", model.Buypass, model.MethodSMS, flows.FieldOTP},
	{"Commfides USB PIN", model.Commfides, model.MethodUSB, flows.FieldPIN},
}

func TestWrongCodesLock(t *testing.T) {
	for _, tc := range codeSteps {
		t.Run(tc.name, func(t *testing.T) {
			l := start(t, tc.kind, 7)
			st := advanceTo(t, l, tc.method, tc.field)
			code := expected(st)
			var last error
			for left := flows.MaxTries - 1; left >= 0; left-- {
				last = l.Submit(wrong(l.Step()))
				wantWrong(t, last, tc.field, left)
				if left == 0 {
					break
				}
				now := l.Step()
				if l.State() != flows.Active || now.Field != tc.field || now.TriesLeft != left {
					t.Fatalf("after a wrong try: state %v field %s tries %d; want Active %s %d",
						l.State(), now.Field, now.TriesLeft, tc.field, left)
				}
				if expected(now) != code {
					t.Fatalf("code changed after a wrong try: %q → %q", code, expected(now))
				}
			}
			if l.State() != flows.Locked {
				t.Fatalf("after %d wrong tries: state %v, want Locked", flows.MaxTries, l.State())
			}
			var w *flows.WrongCodeError
			if !errors.As(l.Err(), &w) || w.TriesLeft != 0 || l.Err() != last {
				t.Errorf("Err() = %v, want the last WrongCodeError (0 left)", l.Err())
			}
			if err := l.Submit(code); !errors.Is(err, flows.ErrNotActive) {
				t.Errorf("Submit(right code) when locked = %v, want ErrNotActive", err)
			}
			if err := l.Submit("garbage"); !errors.Is(err, flows.ErrNotActive) {
				t.Errorf("Submit(garbage) when locked = %v, want ErrNotActive", err)
			}
			if l.Back() || l.State() != flows.Locked {
				t.Errorf("Back when locked moved the login (state %v)", l.State())
			}
		})
	}
}

func TestRightCodeAfterWrongOnes(t *testing.T) {
	for _, tc := range codeSteps {
		t.Run(tc.name, func(t *testing.T) {
			l := start(t, tc.kind, 8)
			advanceTo(t, l, tc.method, tc.field)
			for range flows.MaxTries - 1 {
				if err := l.Submit(wrong(l.Step())); err == nil {
					t.Fatal("a wrong code was accepted")
				}
			}
			if err := l.Submit(right(l.Step(), tc.method)); err != nil {
				t.Fatalf("right code on the last try: %v", err)
			}
			finish(t, l, tc.method)
			if l.State() != flows.Done {
				t.Fatalf("state %v, want Done", l.State())
			}
		})
	}
}

// TestTriesSurviveBack goes back to the very first step between wrong tries:
// the count is per login and going back never resets it.
func TestTriesSurviveBack(t *testing.T) {
	for _, tc := range codeSteps {
		t.Run(tc.name, func(t *testing.T) {
			l := start(t, tc.kind, 9)
			for used := range flows.MaxTries {
				st := advanceTo(t, l, tc.method, tc.field)
				if st.TriesLeft != flows.MaxTries-used {
					t.Fatalf("after %d wrong and going back: TriesLeft %d, want %d", used, st.TriesLeft, flows.MaxTries-used)
				}
				wantWrong(t, l.Submit(wrong(st)), tc.field, flows.MaxTries-used-1)
				if used == flows.MaxTries-1 {
					break
				}
				for l.Back() {
				}
				if st := l.Step(); st.Index != 1 {
					t.Fatalf("Back until false ended at step %d", st.Index)
				}
			}
			if l.State() != flows.Locked {
				t.Fatalf("state %v, want Locked", l.State())
			}
		})
	}
}

// TestTriesSurviveMethodChange uses tries with MinID's SMS code, then goes
// back and picks the PIN letter: the tries used still count.
func TestTriesSurviveMethodChange(t *testing.T) {
	l := start(t, model.MinID, 3)
	advanceTo(t, l, model.MethodSMS, flows.FieldOTP)
	for range 2 {
		if err := l.Submit(wrong(l.Step())); err == nil {
			t.Fatal("a wrong code was accepted")
		}
	}
	for l.Back() {
	}
	st := advanceTo(t, l, model.MethodPINLetter, flows.FieldPINLetter)
	if st.TriesLeft != 1 {
		t.Fatalf("TriesLeft after switching method = %d, want 1", st.TriesLeft)
	}
	wantWrong(t, l.Submit(wrong(st)), flows.FieldPINLetter, 0)
	if l.State() != flows.Locked {
		t.Fatalf("state %v, want Locked", l.State())
	}
}

func TestFormatErrors(t *testing.T) {
	tests := []struct {
		name   string
		kind   model.EIDKind
		method model.Method
		field  flows.Field
		answer string
		want   error
	}{
		{"national ID check digit", model.MinID, model.MethodSMS, flows.FieldNationalID, "17889033372", model.ErrNationalIDChecksum},
		{"national ID 10 digits", model.BankID, model.MethodApp, flows.FieldNationalID, "1788903337", model.ErrNationalIDLength},
		{"national ID letter", model.Buypass, model.MethodApp, flows.FieldNationalID, "1788903337x", model.ErrNationalIDDigits},
		{"national ID empty", model.Commfides, model.MethodUSB, flows.FieldNationalID, "", model.ErrNationalIDEmpty},
		{"MinID password short", model.MinID, model.MethodSMS, flows.FieldPassword, "kort1", model.ErrPasswordShort},
		{"MinID password no digits", model.MinID, model.MethodSMS, flows.FieldPassword, "hemmelegpassord", model.ErrPasswordMix},
		{"MinID password with ø", model.MinID, model.MethodApp, flows.FieldPassword, "hemmeleg123ø", model.ErrPasswordNordic},
		{"MinID password empty", model.MinID, model.MethodApp, flows.FieldPassword, "", model.ErrPasswordEmpty},
		{"BankID personal password short", model.BankID, model.MethodApp, flows.FieldPersonalPassword, "kort", model.ErrPasswordShort},
		{"Buypass password short", model.Buypass, model.MethodSMS, flows.FieldPassword, "1234567", model.ErrPasswordShort},
		{"MinID code 4 digits", model.MinID, model.MethodSMS, flows.FieldOTP, "1234", model.ErrDigitsLength},
		{"MinID code 6 digits", model.MinID, model.MethodSMS, flows.FieldOTP, "123456", model.ErrDigitsLength},
		{"MinID code letter", model.MinID, model.MethodSMS, flows.FieldOTP, "12a45", model.ErrDigitsOnly},
		{"MinID code empty", model.MinID, model.MethodSMS, flows.FieldOTP, "", model.ErrDigitsLength},
		{"MinID code full-width digits", model.MinID, model.MethodSMS, flows.FieldOTP, "１２３４５", model.ErrDigitsOnly},
		{"PIN letter 4 digits", model.MinID, model.MethodPINLetter, flows.FieldPINLetter, "1234", model.ErrDigitsLength},
		{"BankID code 5 digits", model.BankID, model.MethodCodeDevice, flows.FieldOTP, "12345", model.ErrDigitsLength},
		{"SIM PIN 3 digits", model.BankIDMobile, model.MethodSIM, flows.FieldPIN, "123", model.ErrDigitsLength},
		{"SIM PIN 9 digits", model.BankIDMobile, model.MethodSIM, flows.FieldPIN, "123456789", model.ErrDigitsLength},
		{"SIM PIN dash", model.BankIDMobile, model.MethodSIM, flows.FieldPIN, "12-34", model.ErrDigitsOnly},
		{"card PIN 5 digits", model.Buypass, model.MethodSmartcard, flows.FieldPIN, "12345", model.ErrDigitsLength},
		{"card PIN 3 digits", model.Buypass, model.MethodSmartcard, flows.FieldPIN, "123", model.ErrDigitsLength},
		{"Buypass SMS code 5 digits", model.Buypass, model.MethodSMS, flows.FieldOTP, "12345", model.ErrDigitsLength},
		{"USB PIN 5 digits", model.Commfides, model.MethodUSB, flows.FieldPIN, "12345", model.ErrDigitsLength},
		{"USB PIN 9 digits", model.Commfides, model.MethodUSB, flows.FieldPIN, "123456789", model.ErrDigitsLength},
		{"mobile starting with 8", model.BankIDMobile, model.MethodSIM, flows.FieldMobile, "812 34 567", model.ErrMobileNotMobile},
		{"mobile Swedish", model.BankIDMobile, model.MethodSIM, flows.FieldMobile, "+46 912 34 567", model.ErrMobileForeign},
		{"mobile 7 digits", model.BankIDMobile, model.MethodSIM, flows.FieldMobile, "9123456", model.ErrMobileLength},
		{"mobile empty", model.BankIDMobile, model.MethodSIM, flows.FieldMobile, "", model.ErrMobileEmpty},
		{"birth date 31 February", model.BankIDMobile, model.MethodSIM, flows.FieldBirthDate, "310290", model.ErrBirthDateDate},
		{"birth date 5 digits", model.BankIDMobile, model.MethodSIM, flows.FieldBirthDate, "17089", model.ErrBirthDateFormat},
		{"birth date letter", model.BankIDMobile, model.MethodSIM, flows.FieldBirthDate, "17o890", model.ErrBirthDateFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := start(t, tc.kind, 4)
			before := advanceTo(t, l, tc.method, tc.field)
			// More format errors than MaxTries: none of them uses a try.
			for range flows.MaxTries + 2 {
				err := l.Submit(tc.answer)
				var ie *flows.InputError
				if !errors.As(err, &ie) || ie.Field != tc.field || !errors.Is(err, tc.want) {
					t.Fatalf("Submit(%q) = %v, want InputError{%s, %v}", tc.answer, err, tc.field, tc.want)
				}
				after := l.Step()
				if l.State() != flows.Active || after.Field != before.Field || after.Index != before.Index ||
					after.TriesLeft != before.TriesLeft || expected(after) != expected(before) {
					t.Fatalf("a format error changed the step: %+v → %+v (state %v)", before, after, l.State())
				}
			}
			finish(t, l, tc.method)
			if l.State() != flows.Done {
				t.Fatalf("right answers after format errors: state %v, err %v", l.State(), l.Err())
			}
		})
	}
}

// TestLenientAnswers checks answers the rules accept although they look odd:
// spaces in numbers and codes, and BankID's and Buypass's looser password
// rule (no digits needed, Æ/Ø/Å allowed).
func TestLenientAnswers(t *testing.T) {
	spaced := func(s string) string { return s[:3] + " " + s[3:] }
	tests := []struct {
		name   string
		kind   model.EIDKind
		method model.Method
		field  flows.Field
		answer func(flows.Step) string
	}{
		{"national ID with spaces", model.MinID, model.MethodSMS, flows.FieldNationalID,
			func(flows.Step) string { return "178890 33371" }},
		{"SMS code with a space", model.MinID, model.MethodSMS, flows.FieldOTP,
			func(st flows.Step) string { return spaced(st.Device.Code) }},
		{"code device code as shown", model.BankID, model.MethodCodeDevice, flows.FieldOTP,
			func(st flows.Step) string { return " " + spaced(st.Device.Code) + " " }},
		{"BankID password of letters and ø", model.BankID, model.MethodApp, flows.FieldPersonalPassword,
			func(flows.Step) string { return "blåbærsyltetøy" }},
		{"Buypass password without digits", model.Buypass, model.MethodSMS, flows.FieldPassword,
			func(flows.Step) string { return "abcdefgh" }},
		{"mobile with 0047", model.BankIDMobile, model.MethodSIM, flows.FieldMobile,
			func(flows.Step) string { return "0047 91234567" }},
		{"birth date with dots", model.BankIDMobile, model.MethodSIM, flows.FieldBirthDate,
			func(flows.Step) string { return "17.08.90" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := start(t, tc.kind, 5)
			st := advanceTo(t, l, tc.method, tc.field)
			if err := l.Submit(tc.answer(st)); err != nil {
				t.Fatalf("Submit: %v", err)
			}
			finish(t, l, tc.method)
			if l.State() != flows.Done {
				t.Fatalf("state %v, err %v", l.State(), l.Err())
			}
			checkResult(t, l.Result(), tc.kind, tc.method)
		})
	}
}

func TestErrorMessages(t *testing.T) {
	ie := &flows.InputError{Field: flows.FieldOTP, Err: model.ErrDigitsOnly}
	if !errors.Is(ie, model.ErrDigitsOnly) || ie.Error() != "otp: code: digits only" {
		t.Errorf("InputError: %q", ie.Error())
	}
}
