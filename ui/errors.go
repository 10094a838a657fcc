package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// inputError names an input error in the person's language, saying how to
// fix it. digits describes the expected length of a code («5 siffer»).
func (t *Text) inputError(err error, digits string) string {
	e := t.Errors
	table := []struct {
		err error
		msg string
	}{
		{model.ErrNationalIDEmpty, e.NationalIDEmpty},
		{model.ErrNationalIDDigits, e.NationalIDDigits},
		{model.ErrNationalIDLength, e.NationalIDLength},
		{model.ErrNationalIDChecksum, e.NationalIDChecksum},
		{model.ErrNationalIDDate, e.NationalIDDate},
		{model.ErrNationalIDCentury, e.NationalIDCentury},
		{model.ErrNationalIDFuture, e.NationalIDFuture},
		{model.ErrNationalIDDAndH, e.NationalIDDAndH},
		{model.ErrMobileEmpty, e.MobileEmpty},
		{model.ErrMobileForeign, e.MobileForeign},
		{model.ErrMobileDigits, e.MobileDigits},
		{model.ErrMobileLength, e.MobileLength},
		{model.ErrMobileNotMobile, e.MobileNotMobile},
		{model.ErrEmailEmpty, e.EmailEmpty},
		{model.ErrEmailSpace, e.EmailSpace},
		{model.ErrEmailAt, e.EmailAt},
		{model.ErrEmailLocal, e.EmailLocal},
		{model.ErrEmailDomain, e.EmailDomain},
		{model.ErrEmailInvisible, e.EmailInvisible},
		{model.ErrPasswordEmpty, e.PasswordEmpty},
		{model.ErrPasswordShort, e.PasswordShort},
		{model.ErrPasswordMix, e.PasswordMix},
		{model.ErrPasswordNordic, e.PasswordNordic},
		{model.ErrDigitsOnly, e.DigitsOnly},
		{model.ErrBirthDateFormat, e.BirthDateFormat},
		{model.ErrBirthDateDate, e.BirthDateDate},
		{flows.ErrUnknownMethod, e.UnknownMethod},
	}
	for _, row := range table {
		if errors.Is(err, row.err) {
			return row.msg
		}
	}
	if errors.Is(err, model.ErrDigitsLength) {
		return fmt.Sprintf(e.DigitsLength, digits)
	}
	return e.Unknown
}

// digits describes a code's length: «5 siffer» or «4–8 siffer».
func (t *Text) digits(minLen, maxLen int) string {
	if minLen == maxLen {
		return fmt.Sprintf(t.Login.DigitsExact, minLen)
	}
	return fmt.Sprintf(t.Login.DigitsRange, minLen, maxLen)
}

// triesLeft says how many tries remain.
func (t *Text) triesLeft(n int) string {
	if n == 1 {
		return t.Login.TriesLeftOne
	}
	return fmt.Sprintf(t.Login.TriesLeft, n)
}

// saveError explains why a save failed, in the person's language and
// never as the raw error (which names paths and is in English). The folder
// is named only where showFolder is set: on the owner's own terminal, not on
// a kiosk or over SSH, where the public reads the screen.
func (t *Text) saveError(err error, dir string, showFolder bool) string {
	r := t.Receipt
	var why string
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		why = r.DiskFull
	case errors.Is(err, syscall.EROFS):
		why = r.ReadOnly
	case errors.Is(err, fs.ErrPermission):
		why = r.Permission
	case errors.Is(err, syscall.ENOTDIR), errors.Is(err, fs.ErrNotExist):
		why = r.NoFolder
	default:
		why = r.Other
	}
	if showFolder && dir != "" {
		why += "\n" + fmt.Sprintf(r.Folder, dir)
	}
	return why
}
