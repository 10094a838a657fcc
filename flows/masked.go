package flows

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// Masked returns the registration as a help desk may see it: where the
// person is and the shape of what they typed, never the personal data.
// The national ID shows its length, not its digits; passwords, PINs and
// every code (the devices' included) show as dots of the same length; a
// mobile number keeps its first and last three digits ("+47 9•• •• 567"),
// an e-mail address its first letter and domain ("k•••@eksempel.no"); a
// birth date is not shown; the record is left out.
func (r Registration) Masked() Registration {
	m := r.Clone()
	m.Record = nil
	m.Draft = maskDraft(r.draftField(), r.Draft)
	if l := m.Login; l != nil {
		for f, v := range l.Values {
			l.Values[f] = maskValue(f, v)
		}
		l.NationalID = dots(l.NationalID)
		l.Mobile = model.MaskMobile(l.Mobile)
		l.BirthDate, l.AllowedFrom = time.Time{}, time.Time{}
		l.PIN = dots(l.PIN)
		for i, w := range l.Words {
			l.Words[i] = dots(w)
		}
		if d := l.Device; d != nil {
			maskDevice(d)
		}
	}
	if p := m.Person; p != nil {
		p.NationalID = dots(p.NationalID)
		p.BirthDate = time.Time{}
		p.Mobile = model.MaskMobile(p.Mobile)
	}
	c := &m.Contact
	c.MobileInput = model.MaskMobile(c.MobileInput)
	c.Mobile = model.MaskMobile(c.Mobile)
	c.VerifiedMobile = model.MaskMobile(c.VerifiedMobile)
	c.EmailInput = model.MaskEmail(c.EmailInput)
	c.Email = model.MaskEmail(c.Email)
	c.VerifiedEmail = model.MaskEmail(c.VerifiedEmail)
	if v := m.Verify; v != nil {
		if v.Target == TargetMobile {
			v.Address = model.MaskMobile(v.Address)
		} else {
			v.Address = model.MaskEmail(v.Address)
		}
		v.Code = dots(v.Code)
	}
	return m
}

// draftField is the field the draft is typed into.
func (r Registration) draftField() Field {
	switch r.Stage {
	case StageLogin:
		if r.Login != nil {
			e, _ := model.LookupEID(r.Login.EID)
			if steps := e.LoginSteps(r.Login.Method); r.Login.Pos < len(steps) {
				return steps[r.Login.Pos].Field
			}
		}
	case StageContactMobile:
		return FieldContactMobile
	case StageContactEmail:
		return FieldContactEmail
	case StageVerifyMobile, StageVerifyEmail:
		return FieldVerifyCode
	}
	return ""
}

// maskDevice hides every code, PIN and word a simulated device shows.
func maskDevice(d *Device) {
	d.Code, d.PIN = dots(d.Code), dots(d.PIN)
	for i := range d.PINs {
		d.PINs[i] = dots(d.PINs[i])
	}
	for i := range d.Words {
		d.Words[i] = dots(d.Words[i])
	}
}

// maskValue masks a kept answer of a login's field.
func maskValue(f Field, v string) string {
	switch f {
	case FieldMethod:
		return v
	case FieldMobile:
		return model.MaskMobile(v)
	}
	return dots(v)
}

// maskDraft masks what is being typed, as the field's value would be.
func maskDraft(f Field, v string) string {
	switch f {
	case FieldContactMobile, FieldMobile:
		// Only a whole mobile number keeps any digit: what is being typed
		// there may be something else (a national ID, by mistake).
		if _, err := model.ParseMobile(v); err == nil {
			return model.MaskMobile(v)
		}
	case FieldContactEmail:
		return model.MaskEmail(v)
	}
	return dots(v)
}

// dots is a dot for each character of s.
func dots(s string) string { return strings.Repeat(model.Mask, utf8.RuneCountInString(s)) }
