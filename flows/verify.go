package flows

import (
	"math/rand/v2"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// Target is what a contact-register verification confirms.
type Target string

// The two things the contact register confirms.
const (
	TargetMobile Target = "mobile"
	TargetEmail  Target = "email"
)

// VerificationCodeLength is the number of digits in a confirmation code.
const VerificationCodeLength = 6

// Verification is the contact register's check of a new mobile number or
// e-mail address: a code is "sent" to it and must be typed back, with
// MaxTries wrong codes allowed before a new code is needed.
type Verification struct {
	target     Target
	address    string
	rand       *rand.Rand
	now        func() time.Time
	code       string
	wrong      int
	verified   bool
	verifiedAt time.Time
}

// NewVerification "sends" a fresh code to the address.
func NewVerification(target Target, address string, opts Options) *Verification {
	v := &Verification{target: target, address: address, rand: opts.rand(), now: opts.now}
	v.code = digits(v.rand, VerificationCodeLength)
	return v
}

// Target returns whether a mobile number or an e-mail address is confirmed.
func (v *Verification) Target() Target { return v.target }

// Address returns the number or address being confirmed.
func (v *Verification) Address() string { return v.address }

// Code returns the code the simulated phone or inbox shows.
func (v *Verification) Code() string { return v.code }

// TriesLeft returns how many wrong codes remain before a new code is needed.
func (v *Verification) TriesLeft() int { return MaxTries - v.wrong }

// Verified reports whether the right code has been typed.
func (v *Verification) Verified() bool { return v.verified }

// Locked reports whether MaxTries wrong codes were typed; Resend unlocks.
func (v *Verification) Locked() bool { return v.wrong >= MaxTries }

// VerifiedAt returns when the right code was typed (zero before that).
func (v *Verification) VerifiedAt() time.Time { return v.verifiedAt }

// Submit checks a typed code. Errors: *InputError (not six digits; nothing
// used up), *WrongCodeError, ErrNotActive once verified or locked.
func (v *Verification) Submit(code string) error {
	if v.verified || v.Locked() {
		return ErrNotActive
	}
	c, err := model.CheckDigits(code, VerificationCodeLength, VerificationCodeLength)
	if err != nil {
		return &InputError{Field: FieldOTP, Err: err}
	}
	if c != v.code {
		v.wrong++
		return &WrongCodeError{Field: FieldOTP, TriesLeft: MaxTries - v.wrong}
	}
	v.verified, v.verifiedAt = true, v.now()
	return nil
}

// Resend "sends" a new code, different from the last one, and gives the
// tries back (the person asked for a new code, as the real register
// allows). After the right code it does nothing.
func (v *Verification) Resend() {
	if v.verified {
		return
	}
	old := v.code
	for v.code == old { // a new code, never the one just sent
		v.code = digits(v.rand, VerificationCodeLength)
	}
	v.wrong = 0
}
