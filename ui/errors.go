package ui

import (
	"fmt"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// problem names what was wrong with an answer, in the person's language,
// saying how to fix it. The step gives what some texts need (a code's
// length, the field). A helper's view of the journey draws the same text
// from the same Problem.
func (t *Text) problem(p *flows.Problem, st flows.Step) string {
	e := t.Errors
	switch p.Code {
	case flows.ProblemWrongCode:
		if p.Field == flows.FieldPIN {
			return t.Login.WrongPIN
		}
		return t.Login.WrongCode
	case flows.ProblemDigitsLength:
		return fmt.Sprintf(e.DigitsLength, t.digits(st.MinLen, st.MaxLen))
	case flows.ProblemMobileForeign:
		if p.Field == flows.FieldMobile {
			// A login, not the contact register: nothing is registered here.
			return t.Login.MobileForeign
		}
		return e.MobileForeign
	case flows.ProblemNeedOne:
		if p.Required {
			return t.Contact.NeedOne
		}
		return t.Contact.NeedOneOptional
	case flows.ProblemEIDLocked:
		eid, _ := model.LookupEID(p.EID)
		return fmt.Sprintf(t.Choose.LockedNote, eid.Name)
	case flows.ProblemVerifyLocked:
		return fmt.Sprintf(t.Contact.VerifyLocked, "")
	case flows.ProblemSave:
		return t.Receipt.FailTitle
	}
	if s, ok := t.problemTexts()[p.Code]; ok {
		return s
	}
	return e.Unknown
}

// problemTexts maps the problems that need nothing but their code.
func (t *Text) problemTexts() map[flows.ProblemCode]string {
	e := t.Errors
	return map[flows.ProblemCode]string{
		flows.ProblemNationalIDEmpty:    e.NationalIDEmpty,
		flows.ProblemNationalIDDigits:   e.NationalIDDigits,
		flows.ProblemNationalIDLength:   e.NationalIDLength,
		flows.ProblemNationalIDChecksum: e.NationalIDChecksum,
		flows.ProblemNationalIDDate:     e.NationalIDDate,
		flows.ProblemNationalIDCentury:  e.NationalIDCentury,
		flows.ProblemNationalIDFuture:   e.NationalIDFuture,
		flows.ProblemNationalIDDAndH:    e.NationalIDDAndH,
		flows.ProblemMobileEmpty:        e.MobileEmpty,
		flows.ProblemMobileDigits:       e.MobileDigits,
		flows.ProblemMobileLength:       e.MobileLength,
		flows.ProblemMobileNotMobile:    e.MobileNotMobile,
		flows.ProblemEmailEmpty:         e.EmailEmpty,
		flows.ProblemEmailSpace:         e.EmailSpace,
		flows.ProblemEmailAt:            e.EmailAt,
		flows.ProblemEmailLocal:         e.EmailLocal,
		flows.ProblemEmailDomain:        e.EmailDomain,
		flows.ProblemEmailInvisible:     e.EmailInvisible,
		flows.ProblemPasswordEmpty:      e.PasswordEmpty,
		flows.ProblemPasswordShort:      e.PasswordShort,
		flows.ProblemPasswordMix:        e.PasswordMix,
		flows.ProblemPasswordNordic:     e.PasswordNordic,
		flows.ProblemDigitsOnly:         e.DigitsOnly,
		flows.ProblemBirthDateFormat:    e.BirthDateFormat,
		flows.ProblemBirthDateDate:      e.BirthDateDate,
		flows.ProblemUnknownChoice:      e.UnknownMethod,
	}
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
func (t *Text) saveError(reason flows.SaveReason, dir string, showFolder bool) string {
	r := t.Receipt
	why := map[flows.SaveReason]string{flows.SaveDiskFull: r.DiskFull, flows.SaveReadOnly: r.ReadOnly,
		flows.SavePermission: r.Permission, flows.SaveNoFolder: r.NoFolder}[reason]
	if why == "" {
		why = r.Other
	}
	if showFolder && dir != "" {
		why += "\n" + fmt.Sprintf(r.Folder, dir)
	}
	return why
}
