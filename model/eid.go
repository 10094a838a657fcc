package model

// EIDKind identifies one of the five electronic IDs; the value is the one
// stored in the registration record.
type EIDKind string

// The five electronic IDs, in the order they are offered.
const (
	MinID        EIDKind = "minid"
	BankID       EIDKind = "bankid"
	BankIDMobile EIDKind = "bankid_mobil"
	Buypass      EIDKind = "buypass"
	Commfides    EIDKind = "commfides"
)

// Level is the security level of an eID, named as in eIDAS.
type Level string

// The two levels the five eIDs have.
const (
	LevelSubstantial Level = "substantial"
	LevelHigh        Level = "high"
)

// Number is the old Norwegian level number: 3 for substantial, 4 for high.
func (l Level) Number() int {
	if l == LevelHigh {
		return 4
	}
	return 3
}

// Method is how a person logs in with an eID; the value is stored in the record.
type Method string

// The login methods of the five eIDs.
const (
	MethodSMS        Method = "sms"
	MethodApp        Method = "app"
	MethodPINLetter  Method = "pin_letter"
	MethodCodeDevice Method = "code_device"
	MethodSIM        Method = "sim"
	MethodSmartcard  Method = "smartcard"
	MethodUSB        Method = "usb"
)

// EID holds the facts of one electronic ID.
type EID struct {
	Kind    EIDKind
	Name    string // proper name, the same in every language
	Issuer  string // proper name of the issuer (IssuerOwnBank for BankID)
	Level   Level
	AgeRule AgeRule
	// Methods are the ways to log in, the usual one first.
	Methods []Method
	// Logins are the steps of the login by each method, as data; where
	// there are several methods, choosing one comes first (not listed).
	Logins map[Method][]LoginStep
	// Historical marks an eID that has been phased out (BankID på mobil).
	Historical bool
	// NeedsNationalID is false where the login starts from something else
	// (BankID på mobil starts from mobile number and birth date).
	NeedsNationalID bool
	// ContactRequired: the contact register must be filled in (at least
	// one of mobile and e-mail) after logging in with this eID. Only MinID
	// requires it; with the others the person may choose.
	ContactRequired bool
	// StrictPassword: the password follows MinID's rules (CheckMinIDPassword)
	// rather than the general format rules (CheckPassword).
	StrictPassword bool
}

// IssuerOwnBank is the issuer stored for BankID: each person's own bank
// issues it, so there is no one name to give.
const IssuerOwnBank = "own bank"

var eids = []EID{
	{Kind: MinID, Name: "MinID", Issuer: "Digitaliseringsdirektoratet", Level: LevelSubstantial,
		AgeRule: AgeYearOf13, Methods: []Method{MethodSMS, MethodApp, MethodPINLetter}, NeedsNationalID: true,
		ContactRequired: true, StrictPassword: true,
		Logins: map[Method][]LoginStep{
			MethodSMS: steps(stepNationalID, stepPassword,
				LoginStep{Field: FieldOTP, Input: InputText, MinLen: 5, MaxLen: 5, Device: DevicePhoneSMS}),
			MethodApp: steps(stepNationalID, stepPassword, stepApprove),
			MethodPINLetter: steps(stepNationalID, stepPassword,
				LoginStep{Field: FieldPINLetter, Input: InputSecret, MinLen: 5, MaxLen: 5, Device: DevicePINLetter}),
		}},
	{Kind: BankID, Name: "BankID", Issuer: IssuerOwnBank, Level: LevelHigh,
		AgeRule: AgeBirthday13, Methods: []Method{MethodCodeDevice, MethodApp}, NeedsNationalID: true,
		Logins: map[Method][]LoginStep{
			MethodCodeDevice: steps(stepNationalID,
				LoginStep{Field: FieldOTP, Input: InputText, MinLen: 6, MaxLen: 6, Device: DeviceCodeDevice},
				LoginStep{Field: FieldPersonalPassword, Input: InputSecret}),
			MethodApp: steps(stepNationalID, stepApprove, LoginStep{Field: FieldPersonalPassword, Input: InputSecret}),
		}},
	{Kind: BankIDMobile, Name: "BankID på mobil", Issuer: IssuerOwnBank, Level: LevelHigh,
		AgeRule: AgeBirthday13, Methods: []Method{MethodSIM}, Historical: true,
		Logins: map[Method][]LoginStep{
			MethodSIM: steps(LoginStep{Field: FieldMobile, Input: InputText},
				LoginStep{Field: FieldBirthDate, Input: InputText},
				LoginStep{Field: FieldReferenceWords, Input: InputConfirm, Device: DevicePhoneSIM},
				LoginStep{Field: FieldPIN, Input: InputSecret, MinLen: 4, MaxLen: 8, Device: DevicePhoneSIM, PINLen: 5}),
		}},
	{Kind: Buypass, Name: "Buypass ID", Issuer: "Buypass AS", Level: LevelHigh,
		AgeRule: AgeBirthday13, Methods: []Method{MethodSmartcard, MethodSMS, MethodApp}, NeedsNationalID: true,
		Logins: map[Method][]LoginStep{
			MethodSmartcard: steps(stepNationalID,
				LoginStep{Field: FieldInsertCard, Input: InputConfirm, Device: DeviceCardReader},
				LoginStep{Field: FieldPIN, Input: InputSecret, MinLen: 4, MaxLen: 4, Device: DeviceCardReader, PINLen: 4}),
			MethodSMS: steps(stepNationalID, stepPassword,
				LoginStep{Field: FieldOTP, Input: InputText, MinLen: 6, MaxLen: 6, Device: DevicePhoneSMS}),
			MethodApp: steps(stepNationalID, stepApprove),
		}},
	{Kind: Commfides, Name: "Commfides", Issuer: "Commfides Norge AS", Level: LevelHigh,
		AgeRule: AgeNone, Methods: []Method{MethodUSB}, NeedsNationalID: true,
		Logins: map[Method][]LoginStep{
			MethodUSB: steps(stepNationalID,
				LoginStep{Field: FieldInsertUSB, Input: InputConfirm, Device: DeviceUSB},
				LoginStep{Field: FieldPIN, Input: InputSecret, MinLen: 6, MaxLen: 8, Device: DeviceUSB, PINLen: 6}),
		}},
}

// EIDs returns the five eIDs in the order they are offered: MinID, BankID,
// BankID på mobil, Buypass ID, Commfides. The slice is a fresh copy.
func EIDs() []EID {
	out := make([]EID, len(eids))
	for i, e := range eids {
		out[i] = e.clone()
	}
	return out
}

// LookupEID returns the facts of the eID of the given kind.
func LookupEID(kind EIDKind) (EID, bool) {
	for _, e := range eids {
		if e.Kind == kind {
			return e.clone(), true
		}
	}
	return EID{}, false
}

// clone copies the eID with its own Methods and Logins, so callers cannot
// change the shared facts.
func (e EID) clone() EID {
	e.Methods = append([]Method(nil), e.Methods...)
	logins := make(map[Method][]LoginStep, len(e.Logins))
	for m, s := range e.Logins {
		logins[m] = append([]LoginStep(nil), s...)
	}
	e.Logins = logins
	return e
}

// LoginSteps returns the steps of the login by method m: a choice of
// method first where there are several, then the method's own steps.
func (e EID) LoginSteps(m Method) []LoginStep {
	var s []LoginStep
	if len(e.Methods) > 1 {
		s = append(s, LoginStep{Field: FieldMethod, Input: InputChoice})
	}
	return append(s, e.Logins[m]...)
}

// HasMethod reports whether m is one of the eID's login methods.
func (e EID) HasMethod(m Method) bool {
	for _, x := range e.Methods {
		if x == m {
			return true
		}
	}
	return false
}

// CanOpenDigitalMailbox reports whether the eID's level allows opening a
// digital mailbox (Digipost, e-Boks): it needs a high-level eID.
func (e EID) CanOpenDigitalMailbox() bool { return e.Level == LevelHigh }
