// Package flows is the registration journey of ID-porten as one UI-free
// state machine (Journey), over the simulated eID logins (Login) and the
// contact register's one-time-code checks (Verification). Nothing here
// draws anything, reads a file or the clock: the full-screen wizard, the
// line mode and the tests all drive the same machines, and the help desk
// sees their state, masked (Registration.Masked).
//
// A Journey is asked for its current Step, given the person's answer with
// Submit, and moved back with Back; its whole state is Registration, a
// plain value that can be copied, compared and serialised. A Login ends
// Done (logged in), Locked (three wrong codes) or Refused (under the eID's
// age limit). Codes and reference words come from a *rand.Rand the caller
// gives, and today from the clock it gives, so tests can fix both.
package flows

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// MaxTries is how many wrong codes or PINs lock a simulated eID for the rest
// of the session (domain.md §3).
const MaxTries = 3

// Field names what a step asks for (model.Field: the steps of every
// login are data in the eID table, model.EID.Logins).
type Field = model.Field

// The fields of the five logins, and of the rest of the journey.
const (
	FieldMethod           = model.FieldMethod
	FieldNationalID       = model.FieldNationalID
	FieldPassword         = model.FieldPassword
	FieldPersonalPassword = model.FieldPersonalPassword
	FieldOTP              = model.FieldOTP
	FieldPINLetter        = model.FieldPINLetter
	FieldApprove          = model.FieldApprove
	FieldMobile           = model.FieldMobile
	FieldBirthDate        = model.FieldBirthDate
	FieldReferenceWords   = model.FieldReferenceWords
	FieldInsertCard       = model.FieldInsertCard
	FieldInsertUSB        = model.FieldInsertUSB
	FieldPIN              = model.FieldPIN
)

// InputKind says how the person answers a step (model.InputKind).
type InputKind = model.InputKind

// The ways of answering a step.
const (
	InputChoice  = model.InputChoice
	InputText    = model.InputText
	InputSecret  = model.InputSecret
	InputConfirm = model.InputConfirm
)

// DeviceKind names the simulated "other device" (model.DeviceKind).
type DeviceKind = model.DeviceKind

// The simulated devices.
const (
	DevicePhoneSMS      = model.DevicePhoneSMS
	DevicePhoneApp      = model.DevicePhoneApp
	DevicePhoneSIM      = model.DevicePhoneSIM
	DeviceCodeDevice    = model.DeviceCodeDevice
	DevicePINLetter     = model.DevicePINLetter
	DeviceCardReader    = model.DeviceCardReader
	DeviceUSB           = model.DeviceUSB
	DeviceRegisterSMS   = model.DeviceRegisterSMS
	DeviceRegisterInbox = model.DeviceRegisterInbox
)

// Device is what the simulated device panel shows. Only the fields of its
// Kind are set.
type Device struct {
	Kind DeviceKind `json:"kind"`
	// Code is the one-time code on the phone or code device.
	Code string `json:"code,omitempty"`
	// Words are the two reference words (BankID på mobil).
	Words []string `json:"words,omitempty"`
	// PINs are the numbered codes of the PIN letter, PINs[0] is number 1.
	PINs []string `json:"pins,omitempty"`
	// PINIndex is the number (1-based) of the PIN asked for from the letter.
	PINIndex int `json:"pin_index,omitempty"`
	// PIN is the simulated person's own PIN, printed on the panel so the
	// simulation can be passed (and failed on purpose).
	PIN string `json:"pin,omitempty"`
	// Inserted reports whether the card or USB stick is in.
	Inserted bool `json:"inserted,omitempty"`
}

// Step is what a login (or the journey, see Journey.Step) asks for now:
// one field definition that the full-screen wizard and the line mode each
// render in their own way.
type Step struct {
	// Stage is the journey's stage (Journey.Step); "" from a Login.
	Stage Stage
	Field Field
	Input InputKind
	// Options are the methods to choose from, for FieldMethod.
	Options []model.Method
	// Choices are the answers of a choice step (Journey.Step): the
	// methods, the eIDs, yes and no, the summary's actions.
	Choices []Choice
	// Optional says an empty answer is allowed (a contact field).
	Optional bool
	// MinLen and MaxLen bound a code's or PIN's number of digits; 0 elsewhere.
	MinLen, MaxLen int
	// TriesLeft is set for codes and PINs: how many wrong answers remain.
	TriesLeft int
	// Value is what the person answered here before (kept when going back);
	// never set for codes, PINs and passwords.
	Value string
	// Device is the simulated device panel; nil when there is none.
	Device *Device
	// Index is the step's position (1-based) and Count the number of steps
	// of this login as it stands (the method chosen changes it).
	Index, Count int
	// Part and Parts number the steps as a person is told them («Del 2 av
	// 3»): the choice of method is not a part (Part 0), so the count never
	// changes once a method is chosen.
	Part, Parts int
}

// State is where a login has ended up.
type State int

// The states of a login.
const (
	Active  State = iota // asking
	Done                 // logged in
	Locked               // three wrong codes or PINs
	Refused              // under the age limit
)

// Result is what a finished login tells about the person.
type Result struct {
	EID    model.EID
	Method model.Method
	// NationalID is zero for BankID på mobil.
	NationalID model.NationalID
	BirthDate  time.Time
	// Mobile is the E.164 number BankID på mobil logged in with; "" otherwise.
	Mobile string
}

// Login is one simulated eID login.
type Login interface {
	// EID returns the facts of the eID being logged in with.
	EID() model.EID
	// Step returns what the login asks for now; meaningful while State is Active.
	Step() Step
	// Submit answers the current step. Errors: *InputError (format: nothing
	// used up, ask again), *WrongCodeError (a try used up), *AgeError (the
	// login is now Refused), ErrNotActive.
	Submit(answer string) error
	// Back returns to the previous step and reports whether there was one.
	// Tries used are kept: going back never unlocks anything.
	Back() bool
	// Reopen takes a Done login back to its last step, as Back does from
	// a step (a code step gets a new code; tries are kept), so a person
	// who goes back from the contact register can change an answer
	// without logging in again. It reports false unless the login was Done.
	Reopen() bool
	// State returns whether the login is asking, done, locked or refused.
	State() State
	// Result returns the outcome; meaningful when State is Done.
	Result() Result
	// Err returns the error that ended the login (*AgeError, or a
	// *WrongCodeError with no tries left), or nil.
	Err() error
}

// Options configure a login or a verification.
type Options struct {
	// Rand makes codes and words; nil means a new randomly seeded source.
	Rand *rand.Rand
	// Now gives today's date for the age rules; nil means time.Now.
	Now func() time.Time
}

func (o Options) rand() *rand.Rand {
	if o.Rand != nil {
		return o.Rand
	}
	return rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// ErrNotActive is returned by Submit once the login has ended.
var ErrNotActive = errors.New("flows: login has ended")

// ErrUnknownMethod is wrapped in an *InputError when FieldMethod gets an
// answer that is not one of the options.
var ErrUnknownMethod = errors.New("flows: not one of the methods offered")

// InputError is a malformed answer: Err is a model sentinel
// (model.ErrNationalIDChecksum, model.ErrDigitsLength, ...). Nothing was
// used up; the same step asks again.
type InputError struct {
	Field Field
	Err   error
}

// Error names the field and the model error.
func (e *InputError) Error() string { return fmt.Sprintf("%s: %v", e.Field, e.Err) }

// Unwrap returns the model error.
func (e *InputError) Unwrap() error { return e.Err }

// WrongCodeError is a well-formed but wrong code or PIN. With TriesLeft 0
// the login is Locked.
type WrongCodeError struct {
	Field     Field
	TriesLeft int
}

// Error names the field and the tries left.
func (e *WrongCodeError) Error() string {
	return fmt.Sprintf("%s: wrong, %d tries left", e.Field, e.TriesLeft)
}

// AgeError is a refusal under the eID's age rule.
type AgeError struct {
	EID       model.EID
	BirthDate time.Time
	// AllowedFrom is the first day the person may have this eID.
	AllowedFrom time.Time
}

// Error names the eID and the first allowed day.
func (e *AgeError) Error() string {
	return fmt.Sprintf("%s: under the age limit until %s", e.EID.Kind, e.AllowedFrom.Format(time.DateOnly))
}

// NewLogin starts the simulated login of the eID of the given kind.
func NewLogin(kind model.EIDKind, opts Options) (Login, error) {
	e, ok := model.LookupEID(kind)
	if !ok {
		return nil, fmt.Errorf("flows: unknown eID %q", kind)
	}
	return newLogin(e, opts), nil
}

// SamePerson reports whether two finished logins are provably the same
// person: the same national ID, or (BankID på mobil, which has none) the
// same birth date and mobile number. Anything else counts as another
// person, so that what one person typed is never carried to the next.
func (r Result) SamePerson(o Result) bool {
	switch {
	case !r.NationalID.IsZero() || !o.NationalID.IsZero():
		return r.NationalID.String() == o.NationalID.String()
	case r.BirthDate.IsZero() || o.BirthDate.IsZero():
		return false
	}
	return r.BirthDate.Equal(o.BirthDate) && r.Mobile != "" && r.Mobile == o.Mobile
}
