package flows

import (
	"errors"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// ProblemCode names what was wrong with an answer, as data a user interface
// (or a helper's view of it) turns into a sentence in its language. The
// codes are stable; they never hold what was typed.
type ProblemCode string

// The problems an answer can have.
const (
	ProblemNationalIDEmpty    ProblemCode = "national_id.empty"
	ProblemNationalIDDigits   ProblemCode = "national_id.digits"
	ProblemNationalIDLength   ProblemCode = "national_id.length"
	ProblemNationalIDChecksum ProblemCode = "national_id.checksum"
	ProblemNationalIDDate     ProblemCode = "national_id.date"
	ProblemNationalIDCentury  ProblemCode = "national_id.century"
	ProblemNationalIDFuture   ProblemCode = "national_id.future"
	ProblemNationalIDDAndH    ProblemCode = "national_id.d_and_h"
	ProblemMobileEmpty        ProblemCode = "mobile.empty"
	ProblemMobileForeign      ProblemCode = "mobile.foreign"
	ProblemMobileDigits       ProblemCode = "mobile.digits"
	ProblemMobileLength       ProblemCode = "mobile.length"
	ProblemMobileNotMobile    ProblemCode = "mobile.not_mobile"
	ProblemEmailEmpty         ProblemCode = "email.empty"
	ProblemEmailSpace         ProblemCode = "email.space"
	ProblemEmailAt            ProblemCode = "email.at"
	ProblemEmailLocal         ProblemCode = "email.local"
	ProblemEmailDomain        ProblemCode = "email.domain"
	ProblemEmailInvisible     ProblemCode = "email.invisible"
	ProblemPasswordEmpty      ProblemCode = "password.empty"
	ProblemPasswordShort      ProblemCode = "password.short"
	ProblemPasswordMix        ProblemCode = "password.mix"
	ProblemPasswordNordic     ProblemCode = "password.nordic"
	ProblemDigitsOnly         ProblemCode = "digits.only"
	ProblemDigitsLength       ProblemCode = "digits.length"
	ProblemBirthDateFormat    ProblemCode = "birth_date.format"
	ProblemBirthDateDate      ProblemCode = "birth_date.date"
	ProblemUnknownChoice      ProblemCode = "choice.unknown"
	// ProblemWrongCode is a well-formed but wrong code or PIN (TriesLeft).
	ProblemWrongCode ProblemCode = "code.wrong"
	// ProblemVerifyLocked is three wrong confirmation codes: a new code
	// (Resend) or another address is needed.
	ProblemVerifyLocked ProblemCode = "code.locked"
	// ProblemEIDLocked is a locked eID chosen.
	ProblemEIDLocked ProblemCode = "eid.locked"
	// ProblemNeedOne is neither a mobile number nor an e-mail address
	// (Required: with MinID one is required; otherwise «no» was the way).
	ProblemNeedOne ProblemCode = "contact.need_one"
	// ProblemSave is a save that failed (Reason tells why, no path).
	ProblemSave ProblemCode = "save.failed"
	// ProblemUnknown is anything else.
	ProblemUnknown ProblemCode = "unknown"
)

// SaveReason is why a save failed, as far as a person can act on it.
type SaveReason string

// The reasons a save fails.
const (
	SaveDiskFull   SaveReason = "disk_full"
	SaveReadOnly   SaveReason = "read_only"
	SavePermission SaveReason = "permission"
	SaveNoFolder   SaveReason = "no_folder"
	SaveOther      SaveReason = "other"
)

// Problem is what was wrong with the last answer, at its field.
type Problem struct {
	Code  ProblemCode `json:"code"`
	Field Field       `json:"field,omitempty"`
	// TriesLeft is set for a wrong code or PIN.
	TriesLeft int `json:"tries_left,omitempty"`
	// Required is set for ProblemNeedOne with MinID.
	Required bool `json:"required,omitempty"`
	// EID names the eID of ProblemEIDLocked.
	EID model.EIDKind `json:"eid,omitempty"`
	// Reason is set for ProblemSave.
	Reason SaveReason `json:"reason,omitempty"`
}

// problemCodes maps the model's errors to their codes.
var problemCodes = []struct {
	err  error
	code ProblemCode
}{
	{model.ErrNationalIDEmpty, ProblemNationalIDEmpty},
	{model.ErrNationalIDDigits, ProblemNationalIDDigits},
	{model.ErrNationalIDLength, ProblemNationalIDLength},
	{model.ErrNationalIDChecksum, ProblemNationalIDChecksum},
	{model.ErrNationalIDDate, ProblemNationalIDDate},
	{model.ErrNationalIDCentury, ProblemNationalIDCentury},
	{model.ErrNationalIDFuture, ProblemNationalIDFuture},
	{model.ErrNationalIDDAndH, ProblemNationalIDDAndH},
	{model.ErrMobileEmpty, ProblemMobileEmpty},
	{model.ErrMobileForeign, ProblemMobileForeign},
	{model.ErrMobileDigits, ProblemMobileDigits},
	{model.ErrMobileLength, ProblemMobileLength},
	{model.ErrMobileNotMobile, ProblemMobileNotMobile},
	{model.ErrEmailEmpty, ProblemEmailEmpty},
	{model.ErrEmailSpace, ProblemEmailSpace},
	{model.ErrEmailAt, ProblemEmailAt},
	{model.ErrEmailLocal, ProblemEmailLocal},
	{model.ErrEmailDomain, ProblemEmailDomain},
	{model.ErrEmailInvisible, ProblemEmailInvisible},
	{model.ErrPasswordEmpty, ProblemPasswordEmpty},
	{model.ErrPasswordShort, ProblemPasswordShort},
	{model.ErrPasswordMix, ProblemPasswordMix},
	{model.ErrPasswordNordic, ProblemPasswordNordic},
	{model.ErrDigitsOnly, ProblemDigitsOnly},
	{model.ErrDigitsLength, ProblemDigitsLength},
	{model.ErrBirthDateFormat, ProblemBirthDateFormat},
	{model.ErrBirthDateDate, ProblemBirthDateDate},
	{ErrUnknownMethod, ProblemUnknownChoice},
}

// problemOf turns an answer's error into its Problem; nil for nil (and for
// the refusals and locks, which are stages of their own).
func problemOf(field Field, err error) *Problem {
	if err == nil {
		return nil
	}
	var wrong *WrongCodeError
	var age *AgeError
	switch {
	case errors.As(err, &age):
		return nil
	case errors.As(err, &wrong):
		if wrong.TriesLeft == 0 && field != FieldVerifyCode {
			return nil // the login is locked: a stage says so
		}
		return &Problem{Code: ProblemWrongCode, Field: field, TriesLeft: wrong.TriesLeft}
	}
	for _, p := range problemCodes {
		if errors.Is(err, p.err) {
			return &Problem{Code: p.code, Field: field}
		}
	}
	var pe *Problem
	if errors.As(err, &pe) {
		return pe
	}
	return &Problem{Code: ProblemUnknown, Field: field}
}

// Error makes a Problem an error, so the journey's own refusals return
// one (a locked eID, no contact data, a locked confirmation).
func (p *Problem) Error() string { return "flows: " + string(p.Code) }
