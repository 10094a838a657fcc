package flows

import "github.com/idporten-wizard/idporten-wizard/model"

// stepSpec is one step of a login's sequence.
type stepSpec struct {
	field  Field
	input  InputKind
	minLen int // digits of a code or PIN; 0 for others
	maxLen int
	device DeviceKind // the device panel shown at this step, "" for none
	// pinLen is the length of the simulated person's own PIN (FieldPIN).
	pinLen int
}

// isCode reports whether the step asks for a code or PIN, which uses up a
// try when wrong.
func (s stepSpec) isCode() bool { return s.minLen > 0 }

// The steps shared by several logins.
var (
	stepMethod     = stepSpec{field: FieldMethod, input: InputChoice}
	stepNationalID = stepSpec{field: FieldNationalID, input: InputText}
	stepApprove    = stepSpec{field: FieldApprove, input: InputConfirm, device: DevicePhoneApp}
)

// sequence returns the steps of an eID's login for a method. The method
// step, where there is a choice, comes first.
func sequence(e model.EID, m model.Method) []stepSpec {
	var s []stepSpec
	if len(e.Methods) > 1 {
		s = append(s, stepMethod)
	}
	switch e.Kind {
	case model.MinID:
		s = append(s, minIDSteps(m)...)
	case model.BankID:
		s = append(s, bankIDSteps(m)...)
	case model.BankIDMobile:
		s = append(s, bankIDMobileSteps()...)
	case model.Buypass:
		s = append(s, buypassSteps(m)...)
	case model.Commfides:
		s = append(s, commfidesSteps()...)
	}
	return s
}

// minIDSteps: national ID, password, then a 5-digit SMS code, approval in
// the MinID app, or a numbered PIN from the PIN-code letter.
func minIDSteps(m model.Method) []stepSpec {
	s := []stepSpec{stepNationalID, {field: FieldPassword, input: InputSecret}}
	switch m {
	case model.MethodApp:
		return append(s, stepApprove)
	case model.MethodPINLetter:
		return append(s, stepSpec{field: FieldPINLetter, input: InputSecret, minLen: 5, maxLen: 5, device: DevicePINLetter})
	default:
		return append(s, stepSpec{field: FieldOTP, input: InputText, minLen: 5, maxLen: 5, device: DevicePhoneSMS})
	}
}

// bankIDSteps: national ID, a 6-digit code from the code device or approval
// in the BankID app, then the personal password.
func bankIDSteps(m model.Method) []stepSpec {
	s := []stepSpec{stepNationalID}
	if m == model.MethodApp {
		s = append(s, stepApprove)
	} else {
		s = append(s, stepSpec{field: FieldOTP, input: InputText, minLen: 6, maxLen: 6, device: DeviceCodeDevice})
	}
	return append(s, stepSpec{field: FieldPersonalPassword, input: InputSecret})
}

// bankIDMobileSteps: mobile number, birth date, the reference words, then
// the PIN (4–8 digits) on the phone.
func bankIDMobileSteps() []stepSpec {
	return []stepSpec{
		{field: FieldMobile, input: InputText},
		{field: FieldBirthDate, input: InputText},
		{field: FieldReferenceWords, input: InputConfirm, device: DevicePhoneSIM},
		{field: FieldPIN, input: InputSecret, minLen: 4, maxLen: 8, device: DevicePhoneSIM, pinLen: 5},
	}
}

// buypassSteps: national ID, then the smart card (insert, 4-digit PIN), a
// password and a 6-digit SMS code, or approval in the Buypass app.
func buypassSteps(m model.Method) []stepSpec {
	s := []stepSpec{stepNationalID}
	switch m {
	case model.MethodSMS:
		return append(s, stepSpec{field: FieldPassword, input: InputSecret},
			stepSpec{field: FieldOTP, input: InputText, minLen: 6, maxLen: 6, device: DevicePhoneSMS})
	case model.MethodApp:
		return append(s, stepApprove)
	default:
		return append(s, stepSpec{field: FieldInsertCard, input: InputConfirm, device: DeviceCardReader},
			stepSpec{field: FieldPIN, input: InputSecret, minLen: 4, maxLen: 4, device: DeviceCardReader, pinLen: 4})
	}
}

// commfidesSteps: national ID, insert the USB stick, then its PIN (6–8
// digits).
func commfidesSteps() []stepSpec {
	return []stepSpec{stepNationalID,
		{field: FieldInsertUSB, input: InputConfirm, device: DeviceUSB},
		{field: FieldPIN, input: InputSecret, minLen: 6, maxLen: 8, device: DeviceUSB, pinLen: 6},
	}
}
