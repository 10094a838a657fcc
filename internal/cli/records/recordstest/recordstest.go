// Package recordstest makes a data directory for tests of the records
// commands: 30 varied registrations, a corrupt file, a foreign one and a
// file that is not JSON.
package recordstest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
)

// Addresses that model.ParseEmail accepts (no space, one @, a dotted
// domain) and that test the CSV: a comma and a quote, and a spreadsheet
// formula. Records 7 and 11 of a Fixture have them.
const (
	EmailCommaQuote = `"o,la\"x"@eksempel.no`
	EmailFormula    = `=1+2@eksempel.no`
)

// Fixture is a data directory and the valid records in it, newest first.
type Fixture struct {
	// Dir is the data directory, absolute.
	Dir string
	// Recs are the valid records in Dir, newest first.
	Recs []model.Record
}

// IDAt is a UUIDv7 for the moment at, as storage.NewID would have made it
// then.
func IDAt(t testing.TB, at time.Time) string {
	t.Helper()
	u, err := uuid.NewV7()
	if err != nil {
		t.Fatal(err)
	}
	ms := at.UnixMilli()
	for i := range 6 {
		u[i] = byte(ms >> (8 * (5 - i)))
	}
	return u.String()
}

// New saves 30 registrations in a new folder (every eID and method, three
// channels and languages, 17 h 7 min apart back from now, some without
// contact data, the first two 30 s apart so that their ids share 8
// characters), beside broken.json (not JSON), foreign.json (someone else's
// JSON) and notes.txt (not a .json file, ignored without a word). It
// returns the folder and the records, newest first.
func New(t testing.TB) Fixture {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "registrations")
	st, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The first two records lie in one 65.536 s window of UUIDv7 time (the
	// first 8 hex digits), the one before the present window: in the past.
	window := (time.Now().UnixMilli()>>16 - 1) << 16
	first := time.UnixMilli(window + 40_000).In(model.Oslo())

	// The five eIDs by name, so that the counts the tests expect hold when
	// the table grows.
	var eids []model.EID
	for _, k := range []model.EIDKind{model.MinID, model.BankID, model.BankIDMobile, model.Buypass, model.Commfides} {
		e, _ := model.LookupEID(k)
		eids = append(eids, e)
	}
	chans := []model.Channel{model.ChannelTerminal, model.ChannelSSH, model.ChannelKiosk}
	langs := []string{"nn", "nb", "en"}
	var recs []model.Record
	for i := range 30 {
		created := first.Add(-time.Duration(i) * (17*time.Hour + 7*time.Minute))
		if i == 1 {
			created = first.Add(-30 * time.Second)
		}
		e := eids[i%len(eids)]
		r := model.Record{
			SchemaVersion: model.SchemaVersion,
			ID:            IDAt(t, created),
			CreatedAt:     created,
			Language:      langs[(i/5)%3],
			Channel:       chans[i%3],
			EID: model.RecordEID{Kind: e.Kind, Name: e.Name, Issuer: e.Issuer, Level: e.Level,
				Method: e.Methods[(i/5)%len(e.Methods)]},
		}
		if e.NeedsNationalID {
			birth := time.Date(1960+i, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
			n, err := model.SyntheticNationalID(birth, i*37)
			if err != nil {
				t.Fatal(err)
			}
			r.Person = model.PersonFromNationalID(n)
		} else {
			r.Person = model.Person{BirthDate: model.Date{Time: time.Date(1980+i%20, time.March, 2, 0, 0, 0, 0, time.UTC)}}
		}
		if e.ContactRequired || i%4 != 0 {
			v := created.Add(-time.Minute)
			c := &r.ContactRegister
			c.Registered = true
			if i%3 != 1 {
				c.Mobile, c.MobileVerifiedAt = "+479"+strings.Repeat(string(rune('0'+i%10)), 7), &v
			}
			if i%3 != 0 {
				c.Email, c.EmailVerifiedAt = "person"+string(rune('a'+i))+"@eksempel.no", &v
			}
		}
		switch i {
		case 7:
			r.ContactRegister.Email = EmailCommaQuote
		case 11:
			r.ContactRegister.Email = EmailFormula
		}
		if _, err := st.Save(r); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		recs = append(recs, r)
	}
	for name, data := range map[string]string{
		"broken.json":  "{not json",
		"foreign.json": `{"name": "someone else's file", "version": 3}`,
		"notes.txt":    "not a record",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return Fixture{Dir: dir, Recs: recs}
}

// OsloMinute is when r was saved as list shows it: 2026-11-25 14:03.
func OsloMinute(r model.Record) string {
	return r.CreatedAt.In(model.Oslo()).Format("2006-01-02 15:04")
}

// ListedIDs are the (short) ids in the rows of list's plain output.
func ListedIDs(t testing.TB, out string) []string {
	t.Helper()
	ls := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(ls) < 1 {
		t.Fatalf("no listing: %q", out)
	}
	var ids []string
	for _, l := range ls[1:] {
		f := strings.Fields(l)
		if len(f) < 3 {
			t.Fatalf("a row without an id: %q in\n%s", l, out)
		}
		ids = append(ids, f[2]) // date, time, id
	}
	return ids
}
