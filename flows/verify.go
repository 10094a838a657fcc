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

// VerifyState is where a confirmation of the contact register is, as plain
// data: what is confirmed, the code "sent", the wrong tries and the result.
type VerifyState struct {
	Target  Target `json:"target"`
	Address string `json:"address"`
	Code    string `json:"code"`
	Wrong   int    `json:"wrong,omitempty"`
	// Resent counts the new codes asked for.
	Resent     int       `json:"resent,omitempty"`
	Verified   bool      `json:"verified,omitempty"`
	VerifiedAt time.Time `json:"verified_at,omitzero"`
}

// Verification is the contact register's check of a new mobile number or
// e-mail address: a code is "sent" to it and must be typed back, with
// MaxTries wrong codes allowed before a new code is needed.
type Verification struct {
	st   VerifyState
	rand *rand.Rand
	now  func() time.Time
}

// NewVerification "sends" a fresh code to the address.
func NewVerification(target Target, address string, opts Options) *Verification {
	v := &Verification{st: VerifyState{Target: target, Address: address}, rand: opts.rand(), now: opts.now}
	v.st.Code = digits(v.rand, VerificationCodeLength)
	return v
}

// State returns the verification as plain data.
func (v *Verification) State() VerifyState { return v.st }

// Target returns whether a mobile number or an e-mail address is confirmed.
func (v *Verification) Target() Target { return v.st.Target }

// Address returns the number or address being confirmed.
func (v *Verification) Address() string { return v.st.Address }

// Code returns the code the simulated phone or inbox shows.
func (v *Verification) Code() string { return v.st.Code }

// TriesLeft returns how many wrong codes remain before a new code is needed.
func (v *Verification) TriesLeft() int { return MaxTries - v.st.Wrong }

// Verified reports whether the right code has been typed.
func (v *Verification) Verified() bool { return v.st.Verified }

// Locked reports whether MaxTries wrong codes were typed; Resend unlocks.
func (v *Verification) Locked() bool { return v.st.Wrong >= MaxTries }

// VerifiedAt returns when the right code was typed (zero before that).
func (v *Verification) VerifiedAt() time.Time { return v.st.VerifiedAt }

// Submit checks a typed code. Errors: *InputError (not six digits; nothing
// used up), *WrongCodeError, ErrNotActive once verified or locked.
func (v *Verification) Submit(code string) error {
	if v.st.Verified || v.Locked() {
		return ErrNotActive
	}
	c, err := model.CheckDigits(code, VerificationCodeLength, VerificationCodeLength)
	if err != nil {
		return &InputError{Field: FieldOTP, Err: err}
	}
	if c != v.st.Code {
		v.st.Wrong++
		return &WrongCodeError{Field: FieldOTP, TriesLeft: MaxTries - v.st.Wrong}
	}
	v.st.Verified, v.st.VerifiedAt = true, v.now()
	return nil
}

// Resend "sends" a new code, different from the last one, and gives the
// tries back (the person asked for a new code, as the real register
// allows). After the right code it does nothing.
func (v *Verification) Resend() {
	if v.st.Verified {
		return
	}
	old := v.st.Code
	for v.st.Code == old { // a new code, never the one just sent
		v.st.Code = digits(v.rand, VerificationCodeLength)
	}
	v.st.Wrong = 0
	v.st.Resent++
}
