package model

// Field names what a step of a login asks for. The user interface keys its
// labels, hints and the guide text on it.
type Field string

// The fields of the five logins.
const (
	// FieldMethod: choose one of the eID's methods.
	FieldMethod Field = "method"
	// FieldNationalID: the 11-digit national identity number.
	FieldNationalID Field = "national_id"
	// FieldPassword: the MinID or Buypass password (format rules only).
	FieldPassword Field = "password"
	// FieldPersonalPassword: BankID's personal password, asked after the code.
	FieldPersonalPassword Field = "personal_password"
	// FieldOTP: a one-time code read from the device (SMS or code device).
	FieldOTP Field = "otp"
	// FieldPINLetter: one numbered PIN from the MinID PIN letter.
	FieldPINLetter Field = "pin_letter"
	// FieldApprove: approve the login in the app on the simulated phone.
	FieldApprove Field = "approve"
	// FieldMobile: the mobile number of BankID på mobil.
	FieldMobile Field = "mobile"
	// FieldBirthDate: birth date DDMMÅÅ (BankID på mobil).
	FieldBirthDate Field = "birth_date"
	// FieldReferenceWords: check the words on screen match the phone's.
	FieldReferenceWords Field = "reference_words"
	// FieldInsertCard: insert the Buypass smart card in the reader.
	FieldInsertCard Field = "insert_card"
	// FieldInsertUSB: insert the Commfides USB stick.
	FieldInsertUSB Field = "insert_usb"
	// FieldPIN: a PIN (phone, card or USB stick), printed on the device.
	FieldPIN Field = "pin"
)

// InputKind says how the person answers a step.
type InputKind int

// The ways of answering a step.
const (
	// InputChoice: pick one of a list.
	InputChoice InputKind = iota
	// InputText: a visible text answer.
	InputText
	// InputSecret: a hidden text answer (passwords, PINs).
	InputSecret
	// InputConfirm: a confirmation (approve, insert, the words match).
	InputConfirm
)

// DeviceKind names the simulated "other device" shown beside a step.
type DeviceKind string

// The simulated devices.
const (
	DevicePhoneSMS   DeviceKind = "phone_sms"   // a phone showing an SMS with a code
	DevicePhoneApp   DeviceKind = "phone_app"   // a phone app asking to approve
	DevicePhoneSIM   DeviceKind = "phone_sim"   // BankID på mobil on the SIM: words, then PIN
	DeviceCodeDevice DeviceKind = "code_device" // BankID kodebrikke showing a code
	DevicePINLetter  DeviceKind = "pin_letter"  // MinID PIN-code letter: numbered PINs
	DeviceCardReader DeviceKind = "card_reader" // Buypass card reader; the card's PIN
	DeviceUSB        DeviceKind = "usb"         // Commfides USB stick; its PIN
	// DeviceRegisterSMS and DeviceRegisterInbox receive the contact
	// register's confirmation code (the phone and the e-mail inbox).
	DeviceRegisterSMS   DeviceKind = "register_sms"
	DeviceRegisterInbox DeviceKind = "register_inbox"
)

// LoginStep is one step of an eID's login, as data: what it asks for, how
// it is answered, the length of a code or PIN and the device it is read
// from.
type LoginStep struct {
	Field Field
	Input InputKind
	// MinLen and MaxLen bound a code's or PIN's digits; 0 for other steps.
	MinLen, MaxLen int
	// Device is the simulated device shown at this step; "" for none.
	Device DeviceKind
	// PINLen is the length of the simulated person's own PIN (FieldPIN).
	PINLen int
}

// IsCode reports whether the step asks for a code or PIN, which uses up a
// try when wrong.
func (s LoginStep) IsCode() bool { return s.MinLen > 0 }

// The steps the logins share.
var (
	stepNationalID = LoginStep{Field: FieldNationalID, Input: InputText}
	stepApprove    = LoginStep{Field: FieldApprove, Input: InputConfirm, Device: DevicePhoneApp}
	stepPassword   = LoginStep{Field: FieldPassword, Input: InputSecret}
)

// steps is a login's sequence of steps.
func steps(s ...LoginStep) []LoginStep { return s }
