package flows

import (
	"math/rand/v2"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// login is the one Login implementation: a position in the eID's step
// sequence plus what has been answered so far.
type login struct {
	eid    model.EID
	rand   *rand.Rand
	now    func() time.Time
	method model.Method
	steps  []stepSpec
	pos    int
	state  State
	err    error
	wrong  int // wrong codes and PINs so far, over the whole login

	values map[Field]string // answers kept for going back
	nid    model.NationalID
	birth  time.Time
	mobile string
	device *Device // the device of the current step
	// pin is the simulated person's PIN for the card, stick or SIM; it is
	// fixed for the login, as a real PIN is.
	pin string
	// words are the reference words of BankID på mobil, new each time the
	// words step is entered.
	words []string
}

// newLogin starts the login of e at its first step.
func newLogin(e model.EID, opts Options) Login {
	l := &login{eid: e, rand: opts.rand(), now: opts.now, method: e.Methods[0], values: map[Field]string{}}
	l.steps = sequence(e, l.method)
	l.enter()
	return l
}

func (l *login) EID() model.EID { return l.eid }
func (l *login) State() State   { return l.state }
func (l *login) Err() error     { return l.err }

func (l *login) Result() Result {
	return Result{EID: l.eid, Method: l.method, NationalID: l.nid, BirthDate: l.birth, Mobile: l.mobile}
}

func (l *login) Step() Step {
	if l.state != Active {
		return Step{}
	}
	sp := l.steps[l.pos]
	st := Step{Field: sp.field, Input: sp.input, MinLen: sp.minLen, MaxLen: sp.maxLen,
		Index: l.pos + 1, Count: len(l.steps), Part: l.pos + 1, Parts: len(l.steps),
		Value: l.values[sp.field]}
	if l.steps[0].field == FieldMethod {
		st.Part, st.Parts = l.pos, len(l.steps)-1
	}
	if sp.field == FieldMethod {
		st.Options = append([]model.Method(nil), l.eid.Methods...)
	}
	if sp.isCode() {
		st.TriesLeft = MaxTries - l.wrong
	}
	if l.device != nil {
		d := *l.device
		d.Words = append([]string(nil), d.Words...)
		d.PINs = append([]string(nil), d.PINs...)
		st.Device = &d
	}
	return st
}

// enter prepares the current step: a fresh code each time a code step is
// entered, the device in its starting state.
func (l *login) enter() {
	sp := l.steps[l.pos]
	l.device = nil
	if sp.device == "" {
		return
	}
	d := &Device{Kind: sp.device}
	switch sp.field {
	case FieldOTP:
		d.Code = digits(l.rand, sp.minLen)
	case FieldPINLetter:
		d.PINs = make([]string, 12)
		for i := range d.PINs {
			d.PINs[i] = digits(l.rand, 5)
		}
		d.PINIndex = 1 + l.rand.IntN(len(d.PINs))
	case FieldPIN:
		if l.pin == "" {
			l.pin = digits(l.rand, sp.pinLen)
		}
		d.PIN = l.pin
		if sp.device == DevicePhoneSIM {
			d.Words = l.words
		} else {
			d.Inserted = true // the card or stick went in at the step before
		}
	}
	if sp.field == FieldReferenceWords {
		l.words = referenceWords(l.rand)
		d.Words = l.words
	}
	l.device = d
}

func (l *login) Back() bool {
	if l.state != Active || l.pos == 0 {
		return false
	}
	l.pos--
	l.enter()
	return true
}

func (l *login) Reopen() bool {
	if l.state != Done {
		return false
	}
	l.state = Active
	l.enter()
	return true
}

func (l *login) Submit(answer string) error {
	if l.state != Active {
		return ErrNotActive
	}
	sp := l.steps[l.pos]
	inputErr := func(err error) error { return &InputError{Field: sp.field, Err: err} }

	switch sp.field {
	case FieldMethod:
		m := model.Method(answer)
		if !l.eid.HasMethod(m) {
			return inputErr(ErrUnknownMethod)
		}
		l.method = m
		l.steps = sequence(l.eid, m)
		l.values[FieldMethod] = answer
	case FieldNationalID:
		n, err := model.ParseNationalID(answer, l.now())
		if err != nil {
			return inputErr(err)
		}
		l.values[FieldNationalID] = n.String()
		l.nid, l.birth = n, n.BirthDate()
		if err := l.checkAge(); err != nil {
			return err
		}
	case FieldPassword:
		check := model.CheckPassword
		if l.eid.Kind == model.MinID {
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
		l.mobile = m
		l.values[FieldMobile] = answer
	case FieldBirthDate:
		b, err := model.ParseBirthDate6(answer, l.now())
		if err != nil {
			return inputErr(err)
		}
		l.birth = b
		l.values[FieldBirthDate] = answer
		if err := l.checkAge(); err != nil {
			return err
		}
	case FieldOTP, FieldPINLetter, FieldPIN:
		code, err := model.CheckDigits(answer, sp.minLen, sp.maxLen)
		if err != nil {
			return inputErr(err)
		}
		if code != l.expected() {
			l.wrong++
			werr := &WrongCodeError{Field: sp.field, TriesLeft: MaxTries - l.wrong}
			if l.wrong >= MaxTries {
				l.state, l.err = Locked, werr
			}
			return werr
		}
	case FieldApprove, FieldReferenceWords, FieldInsertCard, FieldInsertUSB:
		// A confirmation: the simulated person approves, checks or inserts.
	}

	if l.pos == len(l.steps)-1 {
		l.state = Done
		return nil
	}
	l.pos++
	l.enter()
	return nil
}

// expected is the right answer to the current code step.
func (l *login) expected() string {
	switch d := l.device; {
	case d == nil:
		return ""
	case d.Kind == DevicePINLetter:
		return d.PINs[d.PINIndex-1]
	case l.steps[l.pos].field == FieldPIN:
		return d.PIN
	default:
		return d.Code
	}
}

// checkAge applies the eID's age rule as soon as the birth date is known.
func (l *login) checkAge() error {
	if l.eid.AgeRule.Allows(l.birth, l.now()) {
		return nil
	}
	err := &AgeError{EID: l.eid, BirthDate: l.birth, AllowedFrom: l.eid.AgeRule.AllowedFrom(l.birth)}
	l.state, l.err = Refused, err
	return err
}

// digits returns n random decimal digits (leading zeros allowed).
func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}
