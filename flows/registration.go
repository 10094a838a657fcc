package flows

import (
	"slices"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// Stage is where a registration journey is: one question (or one notice)
// each. The value is published to the help desk (issue «watch»), so it is
// stable and names no person.
type Stage string

// The stages of the journey, in the order a person meets them.
const (
	StageStart          Stage = "start"
	StageChoose         Stage = "choose"
	StageLogin          Stage = "login"
	StageLoginLocked    Stage = "login.locked"
	StageLoginRefused   Stage = "login.refused"
	StageContactAsk     Stage = "contact.ask"
	StageContactMobile  Stage = "contact.mobile"
	StageContactEmail   Stage = "contact.email"
	StageVerifyMobile   Stage = "contact.verify_mobile"
	StageVerifyEmail    Stage = "contact.verify_email"
	StageContactDone    Stage = "contact.done"
	StageContactSkipped Stage = "contact.skipped"
	StageSummary        Stage = "summary"
	StageSaving         Stage = "receipt.saving"
	StageSaved          Stage = "receipt.saved"
	StageSaveFailed     Stage = "receipt.failed"
)

// Phase is the wizard's numbered step of a stage, the one in «Steg 3 av 5»:
// 1 start, 2 choose an eID, 3 log in, 4 the contact register, 5 the
// summary, and 6 for the receipt.
func (s Stage) Phase() int {
	switch s {
	case StageStart:
		return 1
	case StageChoose:
		return 2
	case StageLogin, StageLoginLocked, StageLoginRefused:
		return 3
	case StageContactAsk, StageContactMobile, StageContactEmail, StageVerifyMobile, StageVerifyEmail,
		StageContactDone, StageContactSkipped:
		return 4
	case StageSummary:
		return 5
	}
	return 6
}

// The fields of the journey's own questions (a login's steps have theirs).
const (
	FieldStart         Field = "start"
	FieldEID           Field = "eid"
	FieldLocked        Field = "locked"
	FieldRefused       Field = "refused"
	FieldContactAsk    Field = "contact_ask"
	FieldContactMobile Field = "contact_mobile"
	FieldContactEmail  Field = "contact_email"
	FieldVerifyCode    Field = "verify_code"
	FieldContactEnd    Field = "contact_end"
	FieldSummary       Field = "summary"
	FieldSaving        Field = "saving"
	FieldSaved         Field = "saved"
	FieldSaveFailed    Field = "save_failed"
)

// The answers of the journey's choices (Step.Choices values).
const (
	AnswerYes         = "yes"
	AnswerNo          = "no"
	AnswerSave        = "save"
	AnswerEditLogin   = "edit_login"
	AnswerEditContact = "edit_contact"
	AnswerRetry       = "retry"
)

// Choice is one answer of a choice step.
type Choice struct {
	// Value is what Submit takes: an eID's kind, a method, AnswerYes, ...
	Value string `json:"value"`
	// Disabled marks a choice that cannot be taken now (a locked eID);
	// choosing it is refused with a problem that says why.
	Disabled bool `json:"disabled,omitempty"`
}

// Person is who a finished login says the person is: the contact data is
// theirs, and the record is made of it.
type Person struct {
	EID    model.EIDKind `json:"eid"`
	Method model.Method  `json:"method"`
	// NationalID is the 11 digits; "" for BankID på mobil.
	NationalID string    `json:"national_id,omitempty"`
	BirthDate  time.Time `json:"birth_date"`
	// Mobile is the number BankID på mobil logged in with (E.164).
	Mobile string `json:"mobile,omitempty"`
}

// samePerson reports whether two logins are provably the same person (see
// Result.SamePerson).
func (p Person) samePerson(o Person) bool {
	switch {
	case p.NationalID != "" || o.NationalID != "":
		return p.NationalID == o.NationalID
	case p.BirthDate.IsZero() || o.BirthDate.IsZero():
		return false
	}
	return p.BirthDate.Equal(o.BirthDate) && p.Mobile != "" && p.Mobile == o.Mobile
}

// Contact is what the person gives the contact register. It stays when
// they go back and forth, and is dropped when another person logs in.
type Contact struct {
	// Wants is the answer to «register now?» (always true with MinID);
	// Answered says whether it was asked and answered.
	Wants    bool `json:"wants,omitempty"`
	Answered bool `json:"answered,omitempty"`
	// MobileInput and EmailInput are what was typed; Mobile (E.164) and
	// Email the checked values.
	MobileInput string `json:"mobile_input,omitempty"`
	EmailInput  string `json:"email_input,omitempty"`
	Mobile      string `json:"mobile,omitempty"`
	Email       string `json:"email,omitempty"`
	// VerifiedMobile and VerifiedEmail were confirmed with a code at the
	// times given; a changed value must be confirmed again.
	VerifiedMobile   string    `json:"verified_mobile,omitempty"`
	VerifiedEmail    string    `json:"verified_email,omitempty"`
	MobileVerifiedAt time.Time `json:"mobile_verified_at,omitzero"`
	EmailVerifiedAt  time.Time `json:"email_verified_at,omitzero"`
}

// registered reports whether the record will hold contact data.
func (c Contact) registered() bool { return c.Wants && (c.Mobile != "" || c.Email != "") }

// Registration is one person's registration journey as plain data: where
// they are, what they answered, the login, the contact register and its
// confirmations, the eIDs locked in the session. It can be copied,
// compared (reflect.DeepEqual) and sent; Masked gives the view a help desk
// may see. Journey moves it; the user interfaces only present it.
type Registration struct {
	Stage Stage `json:"stage"`
	// Lang is the language the person uses (the record's).
	Lang string `json:"lang,omitempty"`
	// Locked are the eIDs locked in this session after three wrong codes.
	Locked []model.EIDKind `json:"locked,omitempty"`
	// Highlight is the choice the person has highlighted, where there is a
	// list, so that a helper sees it too.
	Highlight string `json:"highlight,omitempty"`
	// EID is the eID chosen, from the choose step on.
	EID model.EIDKind `json:"eid,omitempty"`
	// Login is the login under way or finished.
	Login *LoginState `json:"login,omitempty"`
	// Person is who the last finished login was; the contact data is
	// theirs. LoggedIn says the login is finished and not reopened.
	Person   *Person `json:"person,omitempty"`
	LoggedIn bool    `json:"logged_in,omitempty"`
	Contact  Contact `json:"contact"`
	// Verify is the confirmation under way (or the last one).
	Verify *VerifyState `json:"verify,omitempty"`
	// Problem is what was wrong with the last answer, named at its field;
	// nil when it was fine.
	Problem *Problem `json:"problem,omitempty"`
	// Draft is what the person has typed into the current field so far
	// (not yet answered), for a helper's view.
	Draft string `json:"draft,omitempty"`
	// Record is the record being saved, saved or failed to save; the same
	// record (and id) is saved again on a retry.
	Record *model.Record `json:"record,omitempty"`
	// Reopened is set when the login was reached again by going back, where
	// a password must be typed again.
	Reopened bool `json:"reopened,omitempty"`
}

// Clone returns a copy sharing nothing with r.
func (r Registration) Clone() Registration {
	r.Locked = slices.Clone(r.Locked)
	if r.Login != nil {
		l := r.Login.clone()
		r.Login = &l
	}
	if r.Person != nil {
		p := *r.Person
		r.Person = &p
	}
	if r.Verify != nil {
		v := *r.Verify
		r.Verify = &v
	}
	if r.Problem != nil {
		p := *r.Problem
		r.Problem = &p
	}
	if r.Record != nil {
		rec := cloneRecord(*r.Record)
		r.Record = &rec
	}
	return r
}

// cloneRecord copies a record with its own pointers.
func cloneRecord(rec model.Record) model.Record {
	if rec.Person.Synthetic != nil {
		s := *rec.Person.Synthetic
		rec.Person.Synthetic = &s
	}
	c := &rec.ContactRegister
	if c.MobileVerifiedAt != nil {
		t := *c.MobileVerifiedAt
		c.MobileVerifiedAt = &t
	}
	if c.EmailVerifiedAt != nil {
		t := *c.EmailVerifiedAt
		c.EmailVerifiedAt = &t
	}
	return rec
}

// IsLocked reports whether an eID is locked in this session.
func (r Registration) IsLocked(k model.EIDKind) bool { return slices.Contains(r.Locked, k) }

// HasAnswers reports whether the person has typed or chosen anything that
// quitting would lose (a saved record is not lost).
func (r Registration) HasAnswers() bool {
	switch {
	case r.Stage == StageSaved:
		return false
	case r.LoggedIn, r.Contact.MobileInput != "", r.Contact.EmailInput != "", r.Draft != "":
		return true
	case r.Login != nil && r.Login.Status == Active:
		return r.Login.Pos > 0
	}
	return false
}

// OpenEIDs are the eIDs a person refused under an age limit may still use:
// not the refused one, not a locked one, and one whose age rule allows the
// birth date on the day of now.
func (r Registration) OpenEIDs(now time.Time) []model.EID {
	if r.Login == nil || r.Login.Status != Refused {
		return nil
	}
	var open []model.EID
	for _, e := range model.EIDs() {
		if e.Kind != r.Login.EID && !r.IsLocked(e.Kind) && e.AgeRule.Allows(r.Login.BirthDate, now) {
			open = append(open, e)
		}
	}
	return open
}

// RowKind names a row of the summary; the user interfaces give it a label.
type RowKind string

// The summary's rows, in order.
const (
	RowEID        RowKind = "eid"
	RowMethod     RowKind = "method"
	RowNationalID RowKind = "national_id"
	RowBirthDate  RowKind = "birth_date"
	RowMobile     RowKind = "mobile"
	RowEmail      RowKind = "email"
)

// Row is one row of the summary, as data: what it is, its value (the
// national ID already masked, a mobile number in E.164), and for a
// confirmed mobile number or address when it was confirmed. An empty Value
// of a contact row means none is registered.
type Row struct {
	Kind       RowKind       `json:"kind"`
	EID        model.EIDKind `json:"eid,omitempty"`
	Method     model.Method  `json:"method,omitempty"`
	Value      string        `json:"value,omitempty"`
	Date       time.Time     `json:"date,omitzero"`
	VerifiedAt time.Time     `json:"verified_at,omitzero"`
}

// Summary is what will be saved, as rows: the eID and method, the national
// ID masked (absent for BankID på mobil), the birth date, and the mobile
// number and e-mail address with when each was confirmed.
func (r Registration) Summary() []Row {
	if r.Person == nil {
		return nil
	}
	p := r.Person
	rows := []Row{{Kind: RowEID, EID: p.EID}, {Kind: RowMethod, EID: p.EID, Method: p.Method}}
	if p.NationalID != "" {
		rows = append(rows, Row{Kind: RowNationalID, Value: maskNationalID(p.NationalID)})
	}
	rows = append(rows, Row{Kind: RowBirthDate, Date: p.BirthDate})
	c := r.Contact
	mobile, email := Row{Kind: RowMobile}, Row{Kind: RowEmail}
	if c.Wants && c.Mobile != "" {
		mobile.Value, mobile.VerifiedAt = c.Mobile, c.MobileVerifiedAt
	}
	if c.Wants && c.Email != "" {
		email.Value, email.VerifiedAt = c.Email, c.EmailVerifiedAt
	}
	return append(rows, mobile, email)
}

// maskNationalID shows the birth date part and hides the rest, as the
// summary does: "171090 *****".
func maskNationalID(digits string) string {
	if len(digits) != 11 {
		return digits
	}
	return digits[:6] + " *****"
}
