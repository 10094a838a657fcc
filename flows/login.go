package flows

import (
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// LoginState is where one simulated login is, as plain data: it can be
// copied, compared and sent (Registration holds one). The machine that
// moves it (Login) adds only the randomness and the clock.
type LoginState struct {
	EID    model.EIDKind `json:"eid"`
	Method model.Method  `json:"method"`
	// Pos is the current step's position in the method's steps.
	Pos    int   `json:"pos"`
	Status State `json:"status"`
	// Wrong counts wrong codes and PINs over the whole login.
	Wrong int `json:"wrong,omitempty"`
	// Values are the answers kept for going back (never a secret).
	Values map[Field]string `json:"values,omitempty"`
	// NationalID is the number logged in with (its 11 digits), BirthDate
	// the birth date, and Mobile the E.164 number of BankID på mobil.
	NationalID string    `json:"national_id,omitempty"`
	BirthDate  time.Time `json:"birth_date,omitzero"`
	Mobile     string    `json:"mobile,omitempty"`
	// Device is what the current step's simulated device shows.
	Device *Device `json:"device,omitempty"`
	// PIN is the simulated person's PIN for the card, stick or SIM: fixed
	// for the login, as a real PIN is. Words are BankID på mobil's
	// reference words, new each time their step is entered.
	PIN   string   `json:"pin,omitempty"`
	Words []string `json:"words,omitempty"`
	// AllowedFrom is, for a login refused under the age limit, the first
	// day the person may have the eID.
	AllowedFrom time.Time `json:"allowed_from,omitzero"`
}

// clone returns a copy sharing nothing with s.
func (s LoginState) clone() LoginState {
	s.Values = maps.Clone(s.Values)
	s.Words = slices.Clone(s.Words)
	if s.Device != nil {
		d := s.Device.clone()
		s.Device = &d
	}
	return s
}

// clone returns a copy of the device sharing nothing with d.
func (d Device) clone() Device {
	d.Words = slices.Clone(d.Words)
	d.PINs = slices.Clone(d.PINs)
	return d
}

// login is the one Login implementation: a LoginState and the eID's facts,
// moved with the randomness and the clock it was given.
type login struct {
	st   LoginState
	eid  model.EID
	rand *rand.Rand
	now  func() time.Time
}

// newLogin starts the login of e at its first step.
func newLogin(e model.EID, opts Options) *login {
	l := &login{eid: e, rand: opts.rand(), now: opts.now,
		st: LoginState{EID: e.Kind, Method: e.Methods[0], Values: map[Field]string{}}}
	l.enter()
	return l
}

// steps are the login's steps as they stand (the method chosen decides).
func (l *login) steps() []model.LoginStep { return l.eid.LoginSteps(l.st.Method) }

func (l *login) EID() model.EID { return l.eid }
func (l *login) State() State   { return l.st.Status }

func (l *login) Err() error {
	switch l.st.Status {
	case Locked:
		return &WrongCodeError{Field: l.steps()[l.st.Pos].Field, TriesLeft: 0}
	case Refused:
		return &AgeError{EID: l.eid, BirthDate: l.st.BirthDate, AllowedFrom: l.st.AllowedFrom}
	}
	return nil
}

func (l *login) Result() Result {
	r := Result{EID: l.eid, Method: l.st.Method, BirthDate: l.st.BirthDate, Mobile: l.st.Mobile}
	if l.st.NationalID != "" {
		// Read as on the day it was accepted: the birth date it gave.
		r.NationalID, _ = model.ParseNationalID(l.st.NationalID, l.st.BirthDate.AddDate(0, 0, 1))
	}
	return r
}

func (l *login) Step() Step {
	if l.st.Status != Active {
		return Step{}
	}
	all := l.steps()
	sp := all[l.st.Pos]
	st := Step{Field: sp.Field, Input: sp.Input, MinLen: sp.MinLen, MaxLen: sp.MaxLen,
		Index: l.st.Pos + 1, Count: len(all), Part: l.st.Pos + 1, Parts: len(all),
		Value: l.st.Values[sp.Field]}
	if all[0].Field == FieldMethod {
		st.Part, st.Parts = l.st.Pos, len(all)-1
	}
	if sp.Field == FieldMethod {
		st.Options = append([]model.Method(nil), l.eid.Methods...)
	}
	if sp.IsCode() {
		st.TriesLeft = MaxTries - l.st.Wrong
	}
	if l.st.Device != nil {
		d := l.st.Device.clone()
		st.Device = &d
	}
	return st
}

// enter prepares the current step: a fresh code each time a code step is
// entered, the device in its starting state.
func (l *login) enter() {
	sp := l.steps()[l.st.Pos]
	l.st.Device = nil
	if sp.Device == "" {
		return
	}
	d := &Device{Kind: sp.Device}
	switch sp.Field {
	case FieldOTP:
		d.Code = digits(l.rand, sp.MinLen)
	case FieldPINLetter:
		d.PINs = make([]string, 12)
		for i := range d.PINs {
			d.PINs[i] = digits(l.rand, 5)
		}
		d.PINIndex = 1 + l.rand.IntN(len(d.PINs))
	case FieldPIN:
		if l.st.PIN == "" {
			l.st.PIN = digits(l.rand, sp.PINLen)
		}
		d.PIN = l.st.PIN
		if sp.Device == DevicePhoneSIM {
			d.Words = slices.Clone(l.st.Words)
		} else {
			d.Inserted = true // the card or stick went in at the step before
		}
	case FieldReferenceWords:
		l.st.Words = referenceWords(l.rand)
		d.Words = slices.Clone(l.st.Words)
	}
	l.st.Device = d
}

func (l *login) Back() bool {
	if l.st.Status != Active || l.st.Pos == 0 {
		return false
	}
	l.st.Pos--
	l.enter()
	return true
}

func (l *login) Reopen() bool {
	if l.st.Status != Done {
		return false
	}
	l.st.Status = Active
	l.enter()
	return true
}

func (l *login) Submit(answer string) error {
	if l.st.Status != Active {
		return ErrNotActive
	}
	sp := l.steps()[l.st.Pos]
	inputErr := func(err error) error { return &InputError{Field: sp.Field, Err: err} }

	switch sp.Field {
	case FieldMethod:
		m := model.Method(answer)
		if !l.eid.HasMethod(m) {
			return inputErr(ErrUnknownMethod)
		}
		l.st.Method = m
		l.st.Values[FieldMethod] = answer
	case FieldNationalID:
		n, err := model.ParseNationalID(answer, l.now())
		if err != nil {
			return inputErr(err)
		}
		l.st.Values[FieldNationalID] = n.String()
		l.st.NationalID, l.st.BirthDate = n.String(), n.BirthDate()
		if err := l.checkAge(); err != nil {
			return err
		}
	case FieldPassword:
		check := model.CheckPassword
		if l.eid.StrictPassword {
			check = model.CheckMinIDPassword
		}
		if err := check(answer); err != nil {
			return inputErr(err)
		}
	case FieldPersonalPassword:
		if err := model.CheckPassword(answer); err != nil {
			return inputErr(err)
		}
	case FieldMobile:
		m, err := model.ParseMobile(answer)
		if err != nil {
			return inputErr(err)
		}
		l.st.Mobile = m
		l.st.Values[FieldMobile] = answer
	case FieldBirthDate:
		b, err := model.ParseBirthDate6(answer, l.now())
		if err != nil {
			return inputErr(err)
		}
		l.st.BirthDate = b
		l.st.Values[FieldBirthDate] = answer
		if err := l.checkAge(); err != nil {
			return err
		}
	case FieldOTP, FieldPINLetter, FieldPIN:
		code, err := model.CheckDigits(answer, sp.MinLen, sp.MaxLen)
		if err != nil {
			return inputErr(err)
		}
		if code != l.expected() {
			l.st.Wrong++
			werr := &WrongCodeError{Field: sp.Field, TriesLeft: MaxTries - l.st.Wrong}
			if l.st.Wrong >= MaxTries {
				l.st.Status = Locked
			}
			return werr
		}
	case FieldApprove, FieldReferenceWords, FieldInsertCard, FieldInsertUSB:
		// A confirmation: the simulated person approves, checks or inserts.
	}

	if l.st.Pos == len(l.steps())-1 {
		l.st.Status = Done
		return nil
	}
	l.st.Pos++
	l.enter()
	return nil
}

// expected is the right answer to the current code step.
func (l *login) expected() string {
	switch d := l.st.Device; {
	case d == nil:
		return ""
	case d.Kind == DevicePINLetter:
		return d.PINs[d.PINIndex-1]
	case l.steps()[l.st.Pos].Field == FieldPIN:
		return d.PIN
	default:
		return d.Code
	}
}

// checkAge applies the eID's age rule as soon as the birth date is known.
func (l *login) checkAge() error {
	if l.eid.AgeRule.Allows(l.st.BirthDate, l.now()) {
		return nil
	}
	l.st.Status, l.st.AllowedFrom = Refused, l.eid.AgeRule.AllowedFrom(l.st.BirthDate)
	return l.Err()
}

// digits returns n random decimal digits (leading zeros allowed).
func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}
