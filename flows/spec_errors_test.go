package flows_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// specCodeSteps are the steps where a wrong answer uses up a try.
var specCodeSteps = []struct {
	name   string
	kind   model.EIDKind
	method model.Method
	field  flows.Field
}{
	{"MinID SMS code", model.MinID, model.MethodSMS, flows.FieldOTP},
	{"MinID PIN letter", model.MinID, model.MethodPINLetter, flows.FieldPINLetter},
	{"BankID code device", model.BankID, model.MethodCodeDevice, flows.FieldOTP},
	{"BankID på mobil PIN", model.BankIDMobile, model.MethodSIM, flows.FieldPIN},
	{"Buypass card PIN", model.Buypass, model.MethodSmartcard, flows.FieldPIN},
	{"Buypass SMS code", model.Buypass, model.MethodSMS, flows.FieldOTP},
	{"Commfides PIN", model.Commfides, model.MethodUSB, flows.FieldPIN},
}

func TestSpecWrongCodesLock(t *testing.T) {
	for _, tc := range specCodeSteps {
		t.Run(tc.name, func(t *testing.T) {
			l := specStart(t, tc.kind, 1)
			st := specAdvanceTo(t, l, specAdult(t, tc.method), tc.field)
			var last error
			for i, left := range []int{2, 1, 0} {
				err := l.Submit(specWrongCode(t, st))
				specWantWrong(t, err, tc.field, left)
				last = err
				if left == 0 {
					break
				}
				if l.State() != flows.Active || l.Err() != nil {
					t.Fatalf("after wrong try %d: state %v, err %v; want Active, nil", i+1, l.State(), l.Err())
				}
				now := l.Step()
				if now.Field != tc.field || now.TriesLeft != left {
					t.Fatalf("after wrong try %d: step %s with %d tries left, want %s with %d", i+1, now.Field, now.TriesLeft, tc.field, left)
				}
				st = now
			}
			// Locked: the third wrong answer ended the login.
			var we *flows.WrongCodeError
			if !errors.As(l.Err(), &we) || we.TriesLeft != 0 || we.Field != tc.field {
				t.Fatalf("Err() = %v, want the last *WrongCodeError (0 tries left)", l.Err())
			}
			if l.Err().Error() != last.Error() {
				t.Errorf("Err() = %q, Submit returned %q", l.Err(), last)
			}
			// Even the right answer is too late now.
			if err := l.Submit(specReadCode(t, st)); !errors.Is(err, flows.ErrNotActive) {
				t.Errorf("Submit(right code) when locked = %v, want ErrNotActive", err)
			}
			specWantEnded(t, l, flows.Locked)
			if l.Err() == nil {
				t.Errorf("Err() became nil after more calls")
			}
		})
	}
}

func TestSpecRightCodeAfterWrongOnes(t *testing.T) {
	for _, tc := range specCodeSteps {
		t.Run(tc.name, func(t *testing.T) {
			p := specAdult(t, tc.method)
			l := specStart(t, tc.kind, 1)
			st := specAdvanceTo(t, l, p, tc.field)
			for _, left := range []int{2, 1} {
				specWantWrong(t, l.Submit(specWrongCode(t, st)), tc.field, left)
				st = l.Step()
			}
			specFinish(t, l, p)
			if l.State() != flows.Done || l.Err() != nil {
				t.Fatalf("state %v, err %v; want Done after the right code on the last try", l.State(), l.Err())
			}
		})
	}
}

// A PIN of another length within the allowed range is a wrong PIN, not a
// format error.
func TestSpecWrongPINOfOtherAllowedLength(t *testing.T) {
	tests := []struct {
		name string
		kind model.EIDKind
		pins []string // well formed; the seeded PIN is none of these
	}{
		{"BankID på mobil", model.BankIDMobile, []string{"0000", "00000000"}},
		{"Commfides", model.Commfides, []string{"000000", "00000000"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := specStart(t, tc.kind, 1)
			st := specAdvanceTo(t, l, specAdult(t, specEID(t, tc.kind).Methods[0]), flows.FieldPIN)
			left := flows.MaxTries
			for _, pin := range tc.pins {
				if pin == st.Device.PIN {
					t.Fatalf("seeded PIN is %s; pick other wrong PINs", pin)
				}
				left--
				specWantWrong(t, l.Submit(pin), flows.FieldPIN, left)
			}
		})
	}
}

// Going back never gives tries back: a wrong code, Back, forward again,
// and two more wrong codes lock.
func TestSpecTriesSurviveBack(t *testing.T) {
	for _, tc := range specCodeSteps {
		t.Run(tc.name, func(t *testing.T) {
			p := specAdult(t, tc.method)
			l := specStart(t, tc.kind, 1)
			st := specAdvanceTo(t, l, p, tc.field)
			specWantWrong(t, l.Submit(specWrongCode(t, st)), tc.field, 2)
			if !l.Back() {
				t.Fatal("Back() from the code step = false")
			}
			if l.Step().Field == tc.field {
				t.Fatal("Back() did not leave the code step")
			}
			st = specAdvanceTo(t, l, p, tc.field)
			if st.TriesLeft != 2 {
				t.Fatalf("TriesLeft after Back and forward = %d, want 2", st.TriesLeft)
			}
			specWantWrong(t, l.Submit(specWrongCode(t, st)), tc.field, 1)
			// Back twice and forward again, for good measure.
			l.Back()
			l.Back()
			st = specAdvanceTo(t, l, p, tc.field)
			if st.TriesLeft != 1 {
				t.Fatalf("TriesLeft after going back twice = %d, want 1", st.TriesLeft)
			}
			specWantWrong(t, l.Submit(specWrongCode(t, st)), tc.field, 0)
			specWantEnded(t, l, flows.Locked)
		})
	}
}

// Changing the method does not give tries back either: the tries belong to
// the eID for the session.
func TestSpecTriesSurviveMethodChange(t *testing.T) {
	l := specStart(t, model.MinID, 1)
	sms := specAdult(t, model.MethodSMS)
	st := specAdvanceTo(t, l, sms, flows.FieldOTP)
	specWantWrong(t, l.Submit(specWrongCode(t, st)), flows.FieldOTP, 2)
	for l.Step().Field != flows.FieldMethod {
		if !l.Back() {
			t.Fatal("could not go back to the method step")
		}
	}
	letter := specAdult(t, model.MethodPINLetter)
	st = specAdvanceTo(t, l, letter, flows.FieldPINLetter)
	if st.TriesLeft != 2 {
		t.Fatalf("PIN letter TriesLeft after a wrong SMS code = %d, want 2", st.TriesLeft)
	}
	specWantWrong(t, l.Submit(specWrongCode(t, st)), flows.FieldPINLetter, 1)
	specWantWrong(t, l.Submit(specWrongCode(t, l.Step())), flows.FieldPINLetter, 0)
	specWantEnded(t, l, flows.Locked)
}

// specFormatCase is one malformed answer at one step.
type specFormatCase struct {
	name   string
	kind   model.EIDKind
	method model.Method
	field  flows.Field
	answer string
	want   error
}

func specFormatCases(t *testing.T) []specFormatCase {
	adult := specNID(t, specAdultBirth).String()
	badCheck := adult[:10] + string('0'+(adult[10]-'0'+1)%10)
	badDate := specFindNID(t, "310290", 100, 499)    // 31 February 1990
	badCentury := specFindNID(t, "010145", 500, 749) // 500–749 with year 40–53: no century
	var cases []specFormatCase
	add := func(name string, kind model.EIDKind, method model.Method, field flows.Field, answer string, want error) {
		cases = append(cases, specFormatCase{name, kind, method, field, answer, want})
	}
	// National identity numbers, at every eID that asks for one.
	for _, k := range []model.EIDKind{model.MinID, model.BankID, model.Buypass, model.Commfides} {
		m := specEID(t, k).Methods[0]
		n := string(k) + " national ID "
		add(n+"empty", k, m, flows.FieldNationalID, "", model.ErrNationalIDEmpty)
		add(n+"spaces only", k, m, flows.FieldNationalID, "   ", model.ErrNationalIDEmpty)
		add(n+"10 digits", k, m, flows.FieldNationalID, adult[:10], model.ErrNationalIDLength)
		add(n+"12 digits", k, m, flows.FieldNationalID, adult+"0", model.ErrNationalIDLength)
		add(n+"letter", k, m, flows.FieldNationalID, adult[:10]+"x", model.ErrNationalIDDigits)
		add(n+"dashes", k, m, flows.FieldNationalID, adult[:6]+"-"+adult[6:], model.ErrNationalIDDigits)
		add(n+"check digit", k, m, flows.FieldNationalID, badCheck, model.ErrNationalIDChecksum)
		add(n+"31 February", k, m, flows.FieldNationalID, badDate, model.ErrNationalIDDate)
		add(n+"no century", k, m, flows.FieldNationalID, badCentury, model.ErrNationalIDCentury)
	}
	// MinID's own password rules.
	for _, m := range []model.Method{model.MethodSMS, model.MethodApp, model.MethodPINLetter} {
		n := "MinID " + string(m) + " password "
		add(n+"empty", model.MinID, m, flows.FieldPassword, "", model.ErrPasswordEmpty)
		add(n+"7 characters", model.MinID, m, flows.FieldPassword, "abcd123", model.ErrPasswordShort)
		add(n+"letters only", model.MinID, m, flows.FieldPassword, "abcdefghij", model.ErrPasswordMix)
		add(n+"digits only", model.MinID, m, flows.FieldPassword, "1234567890", model.ErrPasswordMix)
		add(n+"Ø", model.MinID, m, flows.FieldPassword, "snøball123", model.ErrPasswordNordic)
		add(n+"Å capital", model.MinID, m, flows.FieldPassword, "Åsa12345", model.ErrPasswordNordic)
	}
	// The general rule: at least 8 characters.
	add("Buypass SMS password empty", model.Buypass, model.MethodSMS, flows.FieldPassword, "", model.ErrPasswordEmpty)
	add("Buypass SMS password short", model.Buypass, model.MethodSMS, flows.FieldPassword, "abc1234", model.ErrPasswordShort)
	add("BankID personal password empty", model.BankID, model.MethodCodeDevice, flows.FieldPersonalPassword, "", model.ErrPasswordEmpty)
	add("BankID personal password short", model.BankID, model.MethodCodeDevice, flows.FieldPersonalPassword, "kort", model.ErrPasswordShort)
	add("BankID app personal password short", model.BankID, model.MethodApp, flows.FieldPersonalPassword, "1234567", model.ErrPasswordShort)
	add("BankID personal password 7 runes", model.BankID, model.MethodCodeDevice, flows.FieldPersonalPassword, "æøåæøåæ", model.ErrPasswordShort)
	// Codes and PINs of the wrong length or with letters.
	codes := []struct {
		name   string
		kind   model.EIDKind
		method model.Method
		field  flows.Field
		short  string
		long   string
	}{
		{"MinID SMS code", model.MinID, model.MethodSMS, flows.FieldOTP, "1234", "123456"},
		{"MinID PIN letter", model.MinID, model.MethodPINLetter, flows.FieldPINLetter, "1234", "123456"},
		{"BankID code device", model.BankID, model.MethodCodeDevice, flows.FieldOTP, "12345", "1234567"},
		{"BankID på mobil PIN", model.BankIDMobile, model.MethodSIM, flows.FieldPIN, "123", "123456789"},
		{"Buypass card PIN", model.Buypass, model.MethodSmartcard, flows.FieldPIN, "123", "12345"},
		{"Buypass SMS code", model.Buypass, model.MethodSMS, flows.FieldOTP, "12345", "1234567"},
		{"Commfides PIN", model.Commfides, model.MethodUSB, flows.FieldPIN, "12345", "123456789"},
	}
	for _, c := range codes {
		add(c.name+" too short", c.kind, c.method, c.field, c.short, model.ErrDigitsLength)
		add(c.name+" too long", c.kind, c.method, c.field, c.long, model.ErrDigitsLength)
		add(c.name+" empty", c.kind, c.method, c.field, "", model.ErrDigitsLength)
		add(c.name+" letter", c.kind, c.method, c.field, "12a4"+c.long[4:len(c.short)+1], model.ErrDigitsOnly)
		add(c.name+" full-width digits", c.kind, c.method, c.field, "１２３４５６", model.ErrDigitsOnly)
		add(c.name+" minus sign", c.kind, c.method, c.field, "-"+c.short, model.ErrDigitsOnly)
	}
	// BankID på mobil: mobile number and birth date.
	mob := func(name, answer string, want error) {
		add("mobile "+name, model.BankIDMobile, model.MethodSIM, flows.FieldMobile, answer, want)
	}
	mob("empty", "", model.ErrMobileEmpty)
	mob("Swedish", "+46 70 123 45 67", model.ErrMobileForeign)
	mob("0046", "0046701234567", model.ErrMobileForeign)
	mob("7 digits", "912 34 56", model.ErrMobileLength)
	mob("9 digits", "912 34 5678", model.ErrMobileLength)
	mob("letter", "912 34 56a", model.ErrMobileDigits)
	mob("landline", "22 33 44 55", model.ErrMobileNotMobile)
	bd := func(name, answer string, want error) {
		add("birth date "+name, model.BankIDMobile, model.MethodSIM, flows.FieldBirthDate, answer, want)
	}
	bd("empty", "", model.ErrBirthDateFormat)
	bd("DDMM", "1708", model.ErrBirthDateFormat)
	bd("DDMMÅÅÅÅ", "17081990", model.ErrBirthDateFormat)
	bd("letters", "17aug0", model.ErrBirthDateFormat)
	bd("31 February", "310290", model.ErrBirthDateDate)
	bd("month 13", "011390", model.ErrBirthDateDate)
	bd("day 0", "000190", model.ErrBirthDateDate)
	bd("a national ID", specNID(t, specAdultBirth).String(), model.ErrBirthDateFormat)
	return cases
}

// Malformed answers are *InputError wrapping the model's sentinel, use no
// tries and leave the step as it was.
func TestSpecFormatErrors(t *testing.T) {
	for _, tc := range specFormatCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			p := specAdult(t, tc.method)
			l := specStart(t, tc.kind, 1)
			before := specAdvanceTo(t, l, p, tc.field)
			// More format errors than there are tries: none of them counts.
			for range flows.MaxTries + 1 {
				err := l.Submit(tc.answer)
				specWantInputError(t, err, tc.field, tc.want)
				if l.State() != flows.Active || l.Err() != nil {
					t.Fatalf("state %v, err %v after a format error; want Active, nil", l.State(), l.Err())
				}
				if after := l.Step(); !reflect.DeepEqual(after, before) {
					t.Fatalf("step changed after a format error:\n got %+v\nwant %+v", after, before)
				}
			}
			// And the right answer still goes through.
			if err := l.Submit(specAnswer(t, before, p)); err != nil {
				t.Fatalf("right answer after format errors: %v", err)
			}
		})
	}
}

// MinID's rules are stricter than the general password rule of BankID and
// Buypass ID i mobil.
func TestSpecPasswordRulesPerEID(t *testing.T) {
	tests := []struct {
		password       string
		minID, general error
	}{
		{"abcdefgh", model.ErrPasswordMix, nil},
		{"12345678", model.ErrPasswordMix, nil},
		{"blåbær123", model.ErrPasswordNordic, nil},
		{"ÆØÅæøå12", model.ErrPasswordNordic, nil},
		{"passord1", nil, nil},
		{"Pass word 9", nil, nil},
		{"abc1234", model.ErrPasswordShort, model.ErrPasswordShort},
	}
	steps := []struct {
		name   string
		kind   model.EIDKind
		method model.Method
		field  flows.Field
		minID  bool
	}{
		{"MinID SMS", model.MinID, model.MethodSMS, flows.FieldPassword, true},
		{"MinID app", model.MinID, model.MethodApp, flows.FieldPassword, true},
		{"MinID PIN letter", model.MinID, model.MethodPINLetter, flows.FieldPassword, true},
		{"Buypass SMS", model.Buypass, model.MethodSMS, flows.FieldPassword, false},
		{"BankID code device", model.BankID, model.MethodCodeDevice, flows.FieldPersonalPassword, false},
		{"BankID app", model.BankID, model.MethodApp, flows.FieldPersonalPassword, false},
	}
	for _, s := range steps {
		for _, tc := range tests {
			t.Run(s.name+"/"+tc.password, func(t *testing.T) {
				l := specStart(t, s.kind, 1)
				specAdvanceTo(t, l, specAdult(t, s.method), s.field)
				want := tc.general
				if s.minID {
					want = tc.minID
				}
				err := l.Submit(tc.password)
				if want != nil {
					specWantInputError(t, err, s.field, want)
					return
				}
				if err != nil {
					t.Fatalf("Submit(%q) = %v, want accepted", tc.password, err)
				}
				if st := l.Step(); l.State() == flows.Active && st.Field == s.field {
					t.Errorf("still asking for %s after an accepted password", s.field)
				}
			})
		}
	}
}

// Answers are read the way people type them: spaces in numbers and codes.
func TestSpecLenientAnswers(t *testing.T) {
	nid := specNID(t, specAdultBirth).String()
	tests := []struct {
		name   string
		kind   model.EIDKind
		method model.Method
		field  flows.Field
		answer func(flows.Step) string
	}{
		{"national ID with a space", model.MinID, model.MethodSMS, flows.FieldNationalID,
			func(flows.Step) string { return nid[:6] + " " + nid[6:] }},
		{"national ID with spaces around", model.BankID, model.MethodApp, flows.FieldNationalID,
			func(flows.Step) string { return " " + nid + " " }},
		{"mobile +47", model.BankIDMobile, model.MethodSIM, flows.FieldMobile,
			func(flows.Step) string { return "+47 912 34 567" }},
		{"mobile 0047", model.BankIDMobile, model.MethodSIM, flows.FieldMobile,
			func(flows.Step) string { return "004791234567" }},
		{"birth date with dots", model.BankIDMobile, model.MethodSIM, flows.FieldBirthDate,
			func(flows.Step) string { return "17.08.90" }},
		{"SMS code with spaces", model.MinID, model.MethodSMS, flows.FieldOTP,
			func(st flows.Step) string { return " " + st.Device.Code[:2] + " " + st.Device.Code[2:] + " " }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := specAdult(t, tc.method)
			l := specStart(t, tc.kind, 1)
			st := specAdvanceTo(t, l, p, tc.field)
			if err := l.Submit(tc.answer(st)); err != nil {
				t.Fatalf("Submit(%q): %v", tc.answer(st), err)
			}
			specFinish(t, l, p)
			if l.State() != flows.Done {
				t.Fatalf("state %v", l.State())
			}
			r := l.Result()
			if tc.kind == model.BankIDMobile {
				if r.Mobile != "+4791234567" || !r.BirthDate.Equal(specAdultBirth) {
					t.Errorf("Result mobile %q, birth %s", r.Mobile, r.BirthDate)
				}
			} else if r.NationalID.String() != nid {
				t.Errorf("Result.NationalID = %q, want %q", r.NationalID, nid)
			}
		})
	}
}

// A method that is not offered is an *InputError wrapping ErrUnknownMethod.
func TestSpecUnknownMethod(t *testing.T) {
	tests := []struct {
		kind    model.EIDKind
		answers []string
	}{
		{model.MinID, []string{"", "usb", "code_device", "sim", "SMS", " sms", "smartcard"}},
		{model.BankID, []string{"", "sms", "sim", "pin_letter", "APP", "bankid"}},
		{model.Buypass, []string{"", "usb", "pin_letter", "code_device", "Smartcard"}},
	}
	for _, tc := range tests {
		for _, a := range tc.answers {
			t.Run(string(tc.kind)+"/"+a, func(t *testing.T) {
				l := specStart(t, tc.kind, 1)
				before := l.Step()
				if before.Field != flows.FieldMethod {
					t.Fatalf("first step = %s, want the method", before.Field)
				}
				specWantInputError(t, l.Submit(a), flows.FieldMethod, flows.ErrUnknownMethod)
				if after := l.Step(); !reflect.DeepEqual(after, before) {
					t.Errorf("step changed: %+v, want %+v", after, before)
				}
				if l.State() != flows.Active {
					t.Errorf("state %v", l.State())
				}
			})
		}
	}
	// The one-method eIDs ask no method at all.
	for _, k := range []model.EIDKind{model.BankIDMobile, model.Commfides} {
		if f := specStart(t, k, 1).Step().Field; f == flows.FieldMethod {
			t.Errorf("%s asks for a method though it has one", k)
		}
	}
}
