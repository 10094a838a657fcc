package flows

import (
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// Journey is the machine of one registration: it holds a Registration and
// moves it by the person's answers, with the randomness and the clock it
// was given (nothing reads the clock on its own). Every rule of the journey
// is here: where Back goes, MinID's "must register", "at least one of
// mobile or e-mail", which confirmation comes next, the eIDs that stay open
// after an age refusal, the number carried over from BankID på mobil, the
// summary's rows and the record. The full-screen wizard and the line mode
// ask it what to show (Step, Registration) and hand it the answers.
type Journey struct {
	reg    Registration
	opts   JourneyOptions
	rand   *rand.Rand
	now    func() time.Time
	login  *login
	verify *Verification
}

// JourneyOptions configure a journey.
type JourneyOptions struct {
	Options
	// NewID makes the id of the record (a UUIDv7). Required.
	NewID func() string
	// Channel is stored in the record.
	Channel model.Channel
	// Lang is the record's language until SetLang says otherwise.
	Lang string
}

// NewJourney starts a registration at its start screen.
func NewJourney(opts JourneyOptions) *Journey {
	j := &Journey{opts: opts, rand: opts.rand(), now: opts.now}
	j.reg = Registration{Stage: StageStart, Lang: opts.Lang}
	return j
}

// ResumeJourney continues a journey from its state: the help desk's view
// rebuilds what the caller sees (Step) from the masked Registration it was
// sent. The journey's machines take up where the state left them.
func ResumeJourney(reg Registration, opts JourneyOptions) *Journey {
	j := &Journey{opts: opts, rand: opts.rand(), now: opts.now, reg: reg.Clone()}
	if reg.Login != nil {
		e, _ := model.LookupEID(reg.Login.EID)
		j.login = &login{st: reg.Login.clone(), eid: e, rand: j.rand, now: j.now}
	}
	if reg.Verify != nil {
		j.verify = &Verification{st: *reg.Verify, rand: j.rand, now: j.now}
	}
	return j
}

// Registration returns the registration as it stands, a copy.
func (j *Journey) Registration() Registration { return j.reg.Clone() }

// Stage returns where the journey is.
func (j *Journey) Stage() Stage { return j.reg.Stage }

// Now is the journey's clock.
func (j *Journey) Now() time.Time { return j.now() }

// SetLang records the language the person uses now (the record's).
func (j *Journey) SetLang(lang string) { j.reg.Lang = lang }

// Highlight records the choice the person has highlighted in a list.
func (j *Journey) Highlight(value string) { j.reg.Highlight = value }

// Type records what the person has typed into the current field so far.
func (j *Journey) Type(draft string) { j.reg.Draft = draft }

// Restart begins a new registration at the start screen; the eIDs locked
// in this session stay locked.
func (j *Journey) Restart() {
	j.reg = Registration{Stage: StageStart, Locked: j.reg.Locked, Lang: j.reg.Lang}
	j.login, j.verify = nil, nil
}

// eid is the facts of the chosen eID.
func (j *Journey) eid() model.EID {
	e, _ := model.LookupEID(j.reg.EID)
	return e
}

// Step returns what the journey asks for now.
func (j *Journey) Step() Step {
	r := &j.reg
	st := Step{Stage: r.Stage}
	switch r.Stage {
	case StageStart:
		st.Field, st.Input = FieldStart, InputConfirm
	case StageChoose:
		st.Field, st.Input, st.Value = FieldEID, InputChoice, r.Highlight
		for _, e := range model.EIDs() {
			st.Choices = append(st.Choices, Choice{Value: string(e.Kind), Disabled: r.IsLocked(e.Kind)})
		}
	case StageLogin:
		st = j.login.Step()
		st.Stage = r.Stage
		for _, m := range st.Options {
			st.Choices = append(st.Choices, Choice{Value: string(m)})
		}
	case StageLoginLocked:
		st.Field, st.Input = FieldLocked, InputConfirm
	case StageLoginRefused:
		st.Field, st.Input = FieldRefused, InputConfirm
	case StageContactAsk:
		st.Field, st.Input = FieldContactAsk, InputChoice
		st.Choices = []Choice{{Value: AnswerYes}, {Value: AnswerNo}}
		st.Value = AnswerYes // «Ja» first, unless the person said no before
		if r.Contact.Answered && !r.Contact.Wants {
			st.Value = AnswerNo
		}
	case StageContactMobile:
		st.Field, st.Input, st.Value, st.Optional = FieldContactMobile, InputText, r.Contact.MobileInput, true
	case StageContactEmail:
		st.Field, st.Input, st.Value, st.Optional = FieldContactEmail, InputText, r.Contact.EmailInput, true
	case StageVerifyMobile, StageVerifyEmail:
		v := j.verify
		st.Field, st.Input = FieldVerifyCode, InputText
		st.MinLen, st.MaxLen, st.TriesLeft = VerificationCodeLength, VerificationCodeLength, v.TriesLeft()
		kind := DeviceRegisterSMS
		if r.Stage == StageVerifyEmail {
			kind = DeviceRegisterInbox
		}
		st.Device = &Device{Kind: kind, Code: v.Code()}
	case StageContactDone, StageContactSkipped:
		st.Field, st.Input = FieldContactEnd, InputConfirm
	case StageSummary:
		st.Field, st.Input, st.Value = FieldSummary, InputChoice, r.Highlight
		st.Choices = []Choice{{Value: AnswerSave}, {Value: AnswerEditLogin}, {Value: AnswerEditContact}}
	case StageSaving:
		st.Field, st.Input = FieldSaving, InputConfirm
	case StageSaved:
		st.Field, st.Input = FieldSaved, InputConfirm
	case StageSaveFailed:
		st.Field, st.Input = FieldSaveFailed, InputChoice
		st.Choices = []Choice{{Value: AnswerRetry}}
	}
	return st
}

// ErrNoAnswer is returned by Submit where the stage takes no answer (the
// save in flight) and by Resend outside a confirmation.
var ErrNoAnswer = errors.New("flows: nothing is asked now")

// Submit answers the current step. Errors: *InputError (a malformed
// answer: ask again), *WrongCodeError (a try used up), *AgeError (the login
// is refused), *Problem (the journey's own refusals: a locked eID, no
// contact data, a locked confirmation), ErrNoAnswer. Registration.Problem
// names what was wrong, at its field, until the next answer.
func (j *Journey) Submit(answer string) error {
	field := j.Step().Field
	err := j.submit(answer)
	j.reg.Problem = problemOf(field, err)
	if err == nil {
		j.reg.Draft = ""
	}
	return err
}

func (j *Journey) submit(answer string) error {
	r := &j.reg
	switch r.Stage {
	case StageStart:
		r.Stage = StageChoose
		if r.Highlight == "" {
			r.Highlight = string(model.EIDs()[0].Kind)
		}
	case StageChoose:
		return j.choose(model.EIDKind(answer))
	case StageLogin:
		return j.answerLogin(answer)
	case StageLoginLocked, StageLoginRefused:
		j.toChoose()
	case StageContactAsk:
		switch answer {
		case AnswerYes, AnswerNo:
		default:
			return &InputError{Field: FieldContactAsk, Err: ErrUnknownMethod}
		}
		r.Contact.Wants, r.Contact.Answered = answer == AnswerYes, true
		if !r.Contact.Wants {
			r.Stage = StageContactSkipped
			return nil
		}
		r.Stage = StageContactMobile
	case StageContactMobile:
		mobile := ""
		if strings.TrimSpace(answer) != "" {
			m, err := model.ParseMobile(answer)
			if err != nil {
				return &InputError{Field: FieldContactMobile, Err: err}
			}
			mobile = m
		}
		r.Contact.MobileInput, r.Contact.Mobile = answer, mobile
		r.Stage = StageContactEmail
	case StageContactEmail:
		return j.answerEmail(answer)
	case StageVerifyMobile, StageVerifyEmail:
		return j.answerCode(answer)
	case StageContactDone, StageContactSkipped:
		r.Stage, r.Highlight = StageSummary, AnswerSave
	case StageSummary:
		return j.answerSummary(answer)
	case StageSaveFailed:
		if answer != AnswerRetry {
			return &InputError{Field: FieldSaveFailed, Err: ErrUnknownMethod}
		}
		r.Stage = StageSaving
	default:
		return ErrNoAnswer
	}
	return nil
}

// choose starts the login of an eID, unless it is locked.
func (j *Journey) choose(kind model.EIDKind) error {
	e, ok := model.LookupEID(kind)
	if !ok {
		return &InputError{Field: FieldEID, Err: ErrUnknownMethod}
	}
	if j.reg.IsLocked(kind) {
		return &Problem{Code: ProblemEIDLocked, Field: FieldEID, EID: kind}
	}
	j.login = newLogin(e, j.opts.Options)
	j.login.rand, j.login.now = j.rand, j.now
	j.reg.EID, j.reg.Highlight, j.reg.Reopened = kind, "", false
	j.syncLogin()
	j.reg.Stage = StageLogin
	return nil
}

// toChoose goes to the eID list with the last eID highlighted.
func (j *Journey) toChoose() {
	j.reg.Stage, j.reg.LoggedIn = StageChoose, false
	if j.reg.EID != "" {
		j.reg.Highlight = string(j.reg.EID)
	}
}

// syncLogin copies the login machine's state into the registration.
func (j *Journey) syncLogin() {
	st := j.login.st.clone()
	j.reg.Login = &st
}

// answerLogin gives the answer to the login and follows where it ends.
func (j *Journey) answerLogin(answer string) error {
	err := j.login.Submit(answer)
	j.syncLogin()
	if err == nil {
		j.reg.Reopened = false
	}
	switch j.login.State() {
	case Locked:
		if !j.reg.IsLocked(j.reg.EID) {
			j.reg.Locked = append(j.reg.Locked, j.reg.EID)
		}
		j.reg.Stage = StageLoginLocked
	case Refused:
		j.reg.Stage = StageLoginRefused
	case Done:
		j.loggedIn()
	}
	return err
}

// loggedIn follows a finished login. Another person than the last one
// (or the first) starts the contact register empty: nothing typed for one
// person, confirmed or not, may reach another's record.
func (j *Journey) loggedIn() {
	res := j.login.Result()
	p := Person{EID: res.EID.Kind, Method: res.Method, NationalID: res.NationalID.String(),
		BirthDate: res.BirthDate, Mobile: res.Mobile}
	r := &j.reg
	if r.Person == nil || !p.samePerson(*r.Person) {
		r.Contact, r.Verify, j.verify = Contact{}, nil, nil
	}
	r.Person, r.LoggedIn = &p, true
	// BankID på mobil logged in with a mobile number: offered, unconfirmed.
	if p.Mobile != "" && r.Contact.MobileInput == "" {
		r.Contact.MobileInput = model.FormatMobile(p.Mobile)
	}
	j.startContact()
}

// startContact begins the contact register: MinID must register, the
// others are asked first.
func (j *Journey) startContact() {
	r := &j.reg
	if j.eid().ContactRequired {
		r.Contact.Wants = true
		r.Stage = StageContactMobile
		return
	}
	r.Stage = StageContactAsk
}

// answerEmail checks the address and the "at least one" rule, then goes
// to the confirmations still needed.
func (j *Journey) answerEmail(answer string) error {
	r := &j.reg
	email := ""
	if strings.TrimSpace(answer) == "" {
		if r.Contact.Mobile == "" {
			return &Problem{Code: ProblemNeedOne, Field: FieldContactEmail, Required: j.eid().ContactRequired}
		}
	} else {
		e, err := model.ParseEmail(answer)
		if err != nil {
			return &InputError{Field: FieldContactEmail, Err: err}
		}
		email = e
	}
	r.Contact.EmailInput, r.Contact.Email = answer, email
	j.nextVerification()
	return nil
}

// nextVerification starts the next code check still needed, or ends the
// step. A number or address confirmed once stays confirmed until changed.
func (j *Journey) nextVerification() {
	r := &j.reg
	c := r.Contact
	target, address, stage := Target(""), "", StageContactDone
	switch {
	case c.Mobile != "" && c.VerifiedMobile != c.Mobile:
		target, address, stage = TargetMobile, c.Mobile, StageVerifyMobile
	case c.Email != "" && !model.SameEmail(c.VerifiedEmail, c.Email):
		target, address, stage = TargetEmail, c.Email, StageVerifyEmail
	}
	r.Stage = stage
	if target == "" {
		return
	}
	j.verify = NewVerification(target, address, Options{Rand: j.rand, Now: j.now})
	j.syncVerify()
}

func (j *Journey) syncVerify() {
	v := j.verify.State()
	j.reg.Verify = &v
}

// answerCode checks a confirmation code.
func (j *Journey) answerCode(code string) error {
	v := j.verify
	if v.Locked() {
		return &Problem{Code: ProblemVerifyLocked, Field: FieldVerifyCode}
	}
	err := v.Submit(code)
	j.syncVerify()
	if v.Locked() {
		return &Problem{Code: ProblemVerifyLocked, Field: FieldVerifyCode}
	}
	if !v.Verified() {
		return err
	}
	c := &j.reg.Contact
	if v.Target() == TargetMobile {
		c.VerifiedMobile, c.MobileVerifiedAt = v.Address(), v.VerifiedAt()
	} else {
		c.VerifiedEmail, c.EmailVerifiedAt = v.Address(), v.VerifiedAt()
	}
	j.nextVerification()
	return nil
}

// Resend "sends" a new confirmation code (and gives the tries back).
func (j *Journey) Resend() error {
	switch j.reg.Stage {
	case StageVerifyMobile, StageVerifyEmail:
		j.verify.Resend()
		j.syncVerify()
		j.reg.Problem, j.reg.Draft = nil, ""
		return nil
	}
	return ErrNoAnswer
}

// answerSummary saves or goes to change a part.
func (j *Journey) answerSummary(answer string) error {
	r := &j.reg
	switch answer {
	case AnswerSave:
		rec := j.record()
		r.Record, r.Stage = &rec, StageSaving
	case AnswerEditLogin:
		j.toChoose()
	case AnswerEditContact:
		j.startContact()
	default:
		return &InputError{Field: FieldSummary, Err: ErrUnknownMethod}
	}
	return nil
}

// record builds the record to save from the person and the contact data.
func (j *Journey) record() model.Record {
	r := &j.reg
	p := r.Person
	e, _ := model.LookupEID(p.EID)
	oslo := model.Oslo()
	rec := model.Record{
		SchemaVersion: model.SchemaVersion,
		ID:            j.opts.NewID(),
		CreatedAt:     j.now().In(oslo).Truncate(time.Second),
		Language:      r.Lang,
		Channel:       j.opts.Channel,
		EID: model.RecordEID{Kind: e.Kind, Name: e.Name, Issuer: e.Issuer, Level: e.Level,
			Method: p.Method},
		Person: model.Person{BirthDate: model.Date{Time: p.BirthDate}},
	}
	if p.NationalID != "" {
		n, _ := model.ParseNationalID(p.NationalID, p.BirthDate.AddDate(0, 0, 1))
		rec.Person = model.PersonFromNationalID(n)
	}
	if c := r.Contact; c.registered() {
		cr := &rec.ContactRegister
		if c.Mobile != "" {
			at := c.MobileVerifiedAt.In(oslo).Truncate(time.Second)
			cr.Mobile, cr.MobileVerifiedAt = c.Mobile, &at
		}
		if c.Email != "" {
			at := c.EmailVerifiedAt.In(oslo).Truncate(time.Second)
			cr.Email, cr.EmailVerifiedAt = c.Email, &at
		}
		cr.Registered = true
	}
	return rec
}

// Saved tells the journey the record was saved.
func (j *Journey) Saved() {
	if j.reg.Stage == StageSaving {
		j.reg.Stage, j.reg.Problem = StageSaved, nil
	}
}

// SaveFailed tells the journey the record could not be saved, and why; the
// person can try again (Submit(AnswerRetry)) or go back to the summary.
func (j *Journey) SaveFailed(reason SaveReason) {
	if j.reg.Stage == StageSaving {
		j.reg.Stage = StageSaveFailed
		j.reg.Problem = &Problem{Code: ProblemSave, Field: FieldSaveFailed, Reason: reason}
	}
}

// Back goes one step back and reports whether there was a step to go to.
// It is never blocked by a problem, and never unlocks anything.
func (j *Journey) Back() bool {
	r := &j.reg
	moved := true
	switch r.Stage {
	case StageChoose:
		r.Stage = StageStart
	case StageLogin:
		if j.login.Back() {
			j.syncLogin()
			r.Reopened = true
		} else {
			j.toChoose()
		}
	case StageLoginLocked, StageLoginRefused:
		j.toChoose()
	case StageContactAsk:
		j.reopenLogin()
	case StageContactMobile:
		if j.eid().ContactRequired {
			j.reopenLogin()
		} else {
			r.Stage = StageContactAsk
		}
	case StageContactEmail:
		r.Stage = StageContactMobile
	case StageVerifyMobile:
		r.Stage = StageContactMobile
	case StageVerifyEmail:
		r.Stage = StageContactEmail
	case StageContactDone:
		r.Stage = StageContactEmail
	case StageContactSkipped:
		r.Stage = StageContactAsk
	case StageSummary:
		r.Stage = StageContactDone
		if !r.Contact.Wants {
			r.Stage = StageContactSkipped
		}
	case StageSaveFailed:
		r.Stage, r.Highlight = StageSummary, AnswerSave
	default:
		moved = false
	}
	if moved {
		r.Problem, r.Draft = nil, ""
	}
	return moved
}

// reopenLogin goes back from the contact register to the login's last
// part, with what was typed kept (a code step gets a new code).
func (j *Journey) reopenLogin() {
	if j.login != nil && j.login.Reopen() {
		j.syncLogin()
		j.reg.Stage, j.reg.LoggedIn, j.reg.Reopened = StageLogin, false, true
	}
}
