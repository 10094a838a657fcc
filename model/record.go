package model

import (
	"errors"
	"fmt"
	"time"
)

// SchemaVersion is the version of the record format written by this program.
const SchemaVersion = 1

// Channel says where a registration was made; the value is stored in the record.
type Channel string

// The channels a registration can come from.
const (
	ChannelTerminal Channel = "terminal"
	ChannelSSH      Channel = "ssh"
	ChannelKiosk    Channel = "kiosk"
)

// Record is one finished registration, as saved to <id>.json. Absent values
// are omitted from the JSON.
type Record struct {
	SchemaVersion   int             `json:"schema_version"`
	ID              string          `json:"id"`
	CreatedAt       time.Time       `json:"created_at"`
	Language        string          `json:"language"`
	Channel         Channel         `json:"channel"`
	EID             RecordEID       `json:"eid"`
	Person          Person          `json:"person"`
	ContactRegister ContactRegister `json:"contact_register"`
}

// RecordEID is the eID a registration logged in with.
type RecordEID struct {
	Kind   EIDKind `json:"kind"`
	Name   string  `json:"name"`
	Issuer string  `json:"issuer"`
	Level  Level   `json:"level"`
	Method Method  `json:"method"`
}

// Person is who registered. NationalID is absent for BankID på mobil, which
// logs in with mobile number and birth date.
type Person struct {
	NationalID string `json:"national_id,omitempty"`
	IDKind     IDKind `json:"id_kind,omitempty"`
	Synthetic  *bool  `json:"synthetic,omitempty"`
	BirthDate  Date   `json:"birth_date"`
}

// ContactRegister is what was registered in the contact register (KRR).
type ContactRegister struct {
	Registered       bool       `json:"registered"`
	Mobile           string     `json:"mobile,omitempty"`
	MobileVerifiedAt *time.Time `json:"mobile_verified_at,omitempty"`
	Email            string     `json:"email,omitempty"`
	EmailVerifiedAt  *time.Time `json:"email_verified_at,omitempty"`
}

// Date is a calendar date stored as "2006-01-02".
type Date struct{ time.Time }

// MarshalJSON writes the date as "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.Format(time.DateOnly) + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" (or null).
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		d.Time = time.Time{}
		return nil
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return fmt.Errorf("date: want a string, got %s", s)
	}
	t, err := time.Parse(time.DateOnly, s[1:len(s)-1])
	if err != nil {
		return fmt.Errorf("date: %w", err)
	}
	d.Time = t
	return nil
}

// PersonFromNationalID fills in a Person from a checked national ID.
func PersonFromNationalID(n NationalID) Person {
	syn := n.Synthetic()
	return Person{NationalID: n.String(), IDKind: n.Kind(), Synthetic: &syn, BirthDate: Date{n.BirthDate()}}
}

// ErrRecordInvalid wraps every problem Validate finds.
var ErrRecordInvalid = errors.New("record invalid")

// Validate checks that a record read from disk is one of ours and
// consistent: known schema, id, eID, method, and valid personal data. The
// national ID is checked as on the day the record was made (CreatedAt, in
// Europe/Oslo), not on the day it is read: a record cannot hold a person
// born after it was made, and a 2032-form number keeps the birth year it
// was registered with.
func (r Record) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrRecordInvalid, fmt.Sprintf(format, a...))
	}
	if r.SchemaVersion != SchemaVersion {
		return bad("schema_version %d", r.SchemaVersion)
	}
	if r.ID == "" {
		return bad("no id")
	}
	if r.CreatedAt.IsZero() {
		return bad("no created_at")
	}
	switch r.Channel {
	case ChannelTerminal, ChannelSSH, ChannelKiosk:
	default:
		return bad("channel %q", r.Channel)
	}
	e, ok := LookupEID(r.EID.Kind)
	if !ok {
		return bad("eid kind %q", r.EID.Kind)
	}
	if r.EID.Name != e.Name || r.EID.Issuer != e.Issuer || r.EID.Level != e.Level {
		return bad("eid name, issuer or level does not match %s", e.Kind)
	}
	switch r.Language {
	case "nn", "nb", "en", "se":
	default:
		return bad("language %q", r.Language)
	}
	if !e.HasMethod(r.EID.Method) {
		return bad("method %q for %s", r.EID.Method, e.Kind)
	}
	if r.Person.NationalID != "" {
		n, err := ParseNationalID(r.Person.NationalID, r.CreatedAt)
		if err != nil {
			return bad("national_id: %v", err)
		}
		if n.String() != r.Person.NationalID {
			// ParseNationalID forgives what a person types (spaces); a
			// record holds the 11 digits only, as it does a mobile number
			// in E.164 form.
			return bad("national_id not 11 digits")
		}
		if !n.BirthDate().Equal(r.Person.BirthDate.Time) {
			return bad("birth_date does not match national_id")
		}
		if r.Person.IDKind != n.Kind() || r.Person.Synthetic == nil || *r.Person.Synthetic != n.Synthetic() {
			return bad("id_kind or synthetic does not match national_id")
		}
	} else if e.NeedsNationalID {
		return bad("no national_id for %s", e.Kind)
	} else if r.Person.IDKind != "" || r.Person.Synthetic != nil {
		return bad("id_kind or synthetic without national_id")
	}
	if r.Person.BirthDate.IsZero() {
		return bad("no birth_date")
	}
	c := r.ContactRegister
	if c.Mobile != "" {
		if m, err := ParseMobile(c.Mobile); err != nil || m != c.Mobile {
			return bad("mobile not in E.164 form")
		}
	}
	if c.Email != "" {
		if em, err := ParseEmail(c.Email); err != nil {
			return bad("email: %v", err)
		} else if em != c.Email {
			return bad("email not trimmed")
		}
	}
	if (c.MobileVerifiedAt != nil) != (c.Mobile != "") || (c.EmailVerifiedAt != nil) != (c.Email != "") {
		return bad("a verified-at time needs its mobile or e-mail, and each needs its time")
	}
	if c.Registered != (c.Mobile != "" || c.Email != "") {
		return bad("registered does not match the contact data")
	}
	if e.ContactRequired && !c.Registered {
		return bad("%s requires contact data", e.Name)
	}
	return nil
}
