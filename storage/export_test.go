package storage

// Test helpers shared by the internal tests (package storage) and, through
// the exported aliases at the end, by the black-box tests (package
// storage_test).

import (
	"os"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// sampleCreated is the default CreatedAt of sample records: a summer time in
// Europe/Oslo (UTC+2), with nanoseconds, so the offset and the precision
// both have to survive a round trip.
var sampleCreated = time.Date(2026, 5, 14, 12, 30, 15, 123456789, model.Oslo())

// sampleRecord returns a valid MinID record (method sms, a verified mobile,
// a synthetic national ID) with the given id and creation time. seq varies
// the person so that records differ from one another.
func sampleRecord(tb testing.TB, id string, created time.Time, seq int) model.Record {
	tb.Helper()
	birth := time.Date(1990, time.August, 17, 0, 0, 0, 0, time.UTC).AddDate(0, 0, seq%3000)
	n, err := model.SyntheticNationalID(birth, seq%1000)
	if err != nil {
		tb.Fatalf("SyntheticNationalID(%s, %d): %v", birth.Format(time.DateOnly), seq%1000, err)
	}
	e, ok := model.LookupEID(model.MinID)
	if !ok {
		tb.Fatal("LookupEID(MinID): not found")
	}
	created = created.In(model.Oslo())
	verified := created.Add(-90 * time.Second)
	r := model.Record{
		SchemaVersion: model.SchemaVersion,
		ID:            id,
		CreatedAt:     created,
		Language:      "nb",
		Channel:       model.ChannelTerminal,
		EID: model.RecordEID{
			Kind: e.Kind, Name: e.Name, Issuer: e.Issuer, Level: e.Level,
			Method: model.MethodSMS,
		},
		Person: model.PersonFromNationalID(n),
		ContactRegister: model.ContactRegister{
			Registered:       true,
			Mobile:           "+4791234567",
			MobileVerifiedAt: &verified,
		},
	}
	if err := r.Validate(); err != nil {
		tb.Fatalf("sampleRecord is not valid: %v", err)
	}
	return r
}

// fullRecord is sampleRecord with an e-mail as well, so that every key of
// the schema is present in its JSON.
func fullRecord(tb testing.TB, id string) model.Record {
	tb.Helper()
	r := sampleRecord(tb, id, sampleCreated, 7)
	v := sampleCreated.Add(-30 * time.Second)
	r.ContactRegister.Email = "kari.nordmann@example.no"
	r.ContactRegister.EmailVerifiedAt = &v
	if err := r.Validate(); err != nil {
		tb.Fatalf("fullRecord is not valid: %v", err)
	}
	return r
}

// bankIDMobileRecord is a valid BankID på mobil record: no national ID (the
// login starts from mobile number and birth date), so national_id, id_kind
// and synthetic are absent.
func bankIDMobileRecord(tb testing.TB, id string) model.Record {
	tb.Helper()
	e, ok := model.LookupEID(model.BankIDMobile)
	if !ok {
		tb.Fatal("LookupEID(BankIDMobile): not found")
	}
	verified := sampleCreated.Add(-time.Minute)
	r := model.Record{
		SchemaVersion: model.SchemaVersion,
		ID:            id,
		CreatedAt:     sampleCreated,
		Language:      "nn",
		Channel:       model.ChannelSSH,
		EID: model.RecordEID{
			Kind: e.Kind, Name: e.Name, Issuer: e.Issuer, Level: e.Level,
			Method: model.MethodSIM,
		},
		Person: model.Person{BirthDate: model.Date{Time: time.Date(1985, time.March, 2, 0, 0, 0, 0, time.UTC)}},
		ContactRegister: model.ContactRegister{
			Registered:       true,
			Mobile:           "+4741234567",
			MobileVerifiedAt: &verified,
		},
	}
	if err := r.Validate(); err != nil {
		tb.Fatalf("bankIDMobileRecord is not valid: %v", err)
	}
	return r
}

// dirNames lists the names in dir (all of them, hidden ones included).
func dirNames(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatalf("ReadDir(%s): %v", dir, err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// Exported for package storage_test.
var (
	SampleCreated      = sampleCreated
	SampleRecord       = sampleRecord
	FullRecord         = fullRecord
	BankIDMobileRecord = bankIDMobileRecord
	DirNames           = dirNames
	TempInProgress     = tempInProgress
)
