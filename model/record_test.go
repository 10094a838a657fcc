package model_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

func boolPtr(b bool) *bool { return &b }

func timePtr(t time.Time) *time.Time { return &t }

var (
	recCreated  = time.Date(2026, 5, 14, 10, 30, 15, 0, time.UTC)
	recVerified = time.Date(2026, 5, 14, 10, 29, 0, 0, time.UTC)
)

// goodRecord is a valid record for the eID of the given kind, written by hand
// (the eID facts are typed here, not looked up).
func goodRecord(kind model.EIDKind) model.Record {
	r := model.Record{
		SchemaVersion: 1,
		ID:            "20260514-103015-abcd",
		CreatedAt:     recCreated,
		Language:      "nn",
		Channel:       model.ChannelTerminal,
		Person: model.Person{
			NationalID: "15850651229",
			IDKind:     model.KindFNR,
			Synthetic:  boolPtr(true),
			BirthDate:  model.Date{Time: date(2006, 5, 15)},
		},
	}
	switch kind {
	case model.MinID:
		r.EID = model.RecordEID{Kind: "minid", Name: "MinID", Issuer: "Digitaliseringsdirektoratet", Level: "substantial", Method: "sms"}
		r.ContactRegister = model.ContactRegister{Registered: true, Mobile: "+4791234567", MobileVerifiedAt: timePtr(recVerified)}
	case model.BankID:
		r.EID = model.RecordEID{Kind: "bankid", Name: "BankID", Issuer: "own bank", Level: "high", Method: "code_device"}
	case model.BankIDMobile:
		r.EID = model.RecordEID{Kind: "bankid_mobil", Name: "BankID på mobil", Issuer: "own bank", Level: "high", Method: "sim"}
		r.Person = model.Person{BirthDate: model.Date{Time: date(1990, 8, 17)}}
		r.ContactRegister = model.ContactRegister{Registered: true, Mobile: "+4741234567", MobileVerifiedAt: timePtr(recVerified)}
	case model.Buypass:
		r.EID = model.RecordEID{Kind: "buypass", Name: "Buypass ID", Issuer: "Buypass AS", Level: "high", Method: "smartcard"}
		r.Person = model.Person{NationalID: "55850651212", IDKind: model.KindDNR, Synthetic: boolPtr(true), BirthDate: model.Date{Time: date(2006, 5, 15)}}
		r.ContactRegister = model.ContactRegister{Registered: true, Email: "Kari@Example.no", EmailVerifiedAt: timePtr(recVerified)}
	case model.Commfides:
		r.EID = model.RecordEID{Kind: "commfides", Name: "Commfides", Issuer: "Commfides Norge AS", Level: "high", Method: "usb"}
		r.Person = model.Person{NationalID: "08089409382", IDKind: model.KindFNR, Synthetic: boolPtr(false), BirthDate: model.Date{Time: date(1994, 8, 8)}}
		r.ContactRegister = model.ContactRegister{Registered: true, Mobile: "+4791234567", MobileVerifiedAt: timePtr(recVerified),
			Email: "ola@example.no", EmailVerifiedAt: timePtr(recVerified)}
	}
	return r
}

var allKinds = []model.EIDKind{model.MinID, model.BankID, model.BankIDMobile, model.Buypass, model.Commfides}

func TestRecordValidateGood(t *testing.T) {
	for _, kind := range allKinds {
		t.Run(string(kind), func(t *testing.T) {
			r := goodRecord(kind)
			if err := r.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
		})
	}
	for _, m := range []model.Method{"sms", "app", "pin_letter"} {
		t.Run("minid/"+string(m), func(t *testing.T) {
			r := goodRecord(model.MinID)
			r.EID.Method = m
			if err := r.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
		})
	}
	for _, c := range []model.Channel{"terminal", "ssh", "kiosk"} {
		t.Run("channel/"+string(c), func(t *testing.T) {
			r := goodRecord(model.BankID)
			r.Channel = c
			if err := r.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
		})
	}
	t.Run("minid with e-mail only", func(t *testing.T) {
		r := goodRecord(model.MinID)
		r.ContactRegister = model.ContactRegister{Registered: true, Email: "kari@example.no", EmailVerifiedAt: timePtr(recVerified)}
		if err := r.Validate(); err != nil {
			t.Fatalf("Validate: %v", err)
		}
	})
	t.Run("real-looking fnr (not synthetic) is valid in a record", func(t *testing.T) {
		r := goodRecord(model.MinID)
		r.Person = model.Person{NationalID: "31129956715", IDKind: model.KindFNR, Synthetic: boolPtr(false), BirthDate: model.Date{Time: date(1899, 12, 31)}}
		if err := r.Validate(); err != nil {
			t.Fatalf("Validate: %v", err)
		}
	})
}

func TestRecordValidateBad(t *testing.T) {
	tests := []struct {
		name   string
		kind   model.EIDKind
		change func(r *model.Record)
	}{
		{"schema version 0", model.BankID, func(r *model.Record) { r.SchemaVersion = 0 }},
		{"eID name of another kind", model.BankID, func(r *model.Record) { r.EID.Name = "MinID" }},
		{"eID issuer wrong", model.Buypass, func(r *model.Record) { r.EID.Issuer = "Banken din" }},
		{"eID level wrong", model.MinID, func(r *model.Record) { r.EID.Level = model.LevelHigh }},
		{"unknown language", model.BankID, func(r *model.Record) { r.Language = "de" }},
		{"id_kind does not match the number", model.Buypass, func(r *model.Record) { r.Person.IDKind = model.KindFNR }},
		{"synthetic does not match the number", model.BankID, func(r *model.Record) { r.Person.Synthetic = boolPtr(false) }},
		{"synthetic missing with a number", model.BankID, func(r *model.Record) { r.Person.Synthetic = nil }},
		{"id_kind without a number", model.BankIDMobile, func(r *model.Record) { r.Person.IDKind = model.KindFNR }},
		{"mobile verified time without mobile", model.Buypass, func(r *model.Record) { r.ContactRegister.MobileVerifiedAt = timePtr(recVerified) }},
		{"email without verified time", model.Buypass, func(r *model.Record) { r.ContactRegister.EmailVerifiedAt = nil }},
		{"schema version 2", model.BankID, func(r *model.Record) { r.SchemaVersion = 2 }},
		{"no id", model.BankID, func(r *model.Record) { r.ID = "" }},
		{"no created_at", model.BankID, func(r *model.Record) { r.CreatedAt = time.Time{} }},
		{"unknown channel", model.BankID, func(r *model.Record) { r.Channel = "web" }},
		{"empty channel", model.BankID, func(r *model.Record) { r.Channel = "" }},
		{"unknown eID", model.BankID, func(r *model.Record) { r.EID.Kind = "idporten" }},
		{"empty eID", model.BankID, func(r *model.Record) { r.EID.Kind = "" }},
		{"method of another eID: bankid with sms", model.BankID, func(r *model.Record) { r.EID.Method = "sms" }},
		{"method of another eID: minid with code_device", model.MinID, func(r *model.Record) { r.EID.Method = "code_device" }},
		{"method of another eID: commfides with smartcard", model.Commfides, func(r *model.Record) { r.EID.Method = "smartcard" }},
		{"method of another eID: bankid_mobil with app", model.BankIDMobile, func(r *model.Record) { r.EID.Method = "app" }},
		{"unknown method", model.Buypass, func(r *model.Record) { r.EID.Method = "password" }},
		{"empty method", model.Buypass, func(r *model.Record) { r.EID.Method = "" }},
		{"bad national ID check digit", model.BankID, func(r *model.Record) { r.Person.NationalID = "15850651228" }},
		{"national ID with letters", model.BankID, func(r *model.Record) { r.Person.NationalID = "1585065122x" }},
		{"national ID too short", model.BankID, func(r *model.Record) { r.Person.NationalID = "1585065122" }},
		{"national ID with a space", model.BankID, func(r *model.Record) {
			r.Person.NationalID = r.Person.NationalID[:6] + " " + r.Person.NationalID[6:]
		}},
		{"national ID with surrounding space", model.Buypass, func(r *model.Record) { r.Person.NationalID = "\t" + r.Person.NationalID }},
		{"birth date mismatch", model.BankID, func(r *model.Record) { r.Person.BirthDate = model.Date{Time: date(2006, 5, 16)} }},
		{"birth date mismatch by a century", model.BankID, func(r *model.Record) { r.Person.BirthDate = model.Date{Time: date(1906, 5, 15)} }},
		{"no birth date with national ID", model.BankID, func(r *model.Record) { r.Person.BirthDate = model.Date{} }},
		{"no birth date for bankid_mobil", model.BankIDMobile, func(r *model.Record) { r.Person.BirthDate = model.Date{} }},
		{"missing national ID for MinID", model.MinID, func(r *model.Record) {
			r.Person = model.Person{BirthDate: model.Date{Time: date(2006, 5, 15)}}
		}},
		{"missing national ID for BankID", model.BankID, func(r *model.Record) {
			r.Person = model.Person{BirthDate: model.Date{Time: date(2006, 5, 15)}}
		}},
		{"missing national ID for Buypass", model.Buypass, func(r *model.Record) {
			r.Person = model.Person{BirthDate: model.Date{Time: date(2006, 5, 15)}}
		}},
		{"missing national ID for Commfides", model.Commfides, func(r *model.Record) {
			r.Person = model.Person{BirthDate: model.Date{Time: date(1994, 8, 8)}}
		}},
		{"mobile not E.164: 8 digits", model.MinID, func(r *model.Record) { r.ContactRegister.Mobile = "91234567" }},
		{"mobile not E.164: spaces", model.MinID, func(r *model.Record) { r.ContactRegister.Mobile = "+47 912 34 567" }},
		{"mobile not E.164: 0047", model.MinID, func(r *model.Record) { r.ContactRegister.Mobile = "004791234567" }},
		{"mobile not a mobile", model.MinID, func(r *model.Record) { r.ContactRegister.Mobile = "+4722345678" }},
		{"mobile foreign", model.MinID, func(r *model.Record) { r.ContactRegister.Mobile = "+4691234567" }},
		{"bad e-mail", model.Buypass, func(r *model.Record) { r.ContactRegister.Email = "kari@localhost" }},
		{"e-mail with surrounding space", model.Buypass, func(r *model.Record) { r.ContactRegister.Email = " kari@example.no" }},
		{"e-mail with a zero-width space at the end", model.Buypass, func(r *model.Record) { r.ContactRegister.Email = "ola@nav.no\u200b" }},
		{"e-mail with a byte-order mark first", model.Commfides, func(r *model.Record) { r.ContactRegister.Email = "\ufeffola@example.no" }},
		{"e-mail with a bidi override", model.Buypass, func(r *model.Record) { r.ContactRegister.Email = "kari\u202e@example.no" }},
		{"national ID born after the record was made", model.Commfides, func(r *model.Record) {
			// 2026-05-15 is the day after recCreated (2026-05-14).
			r.Person = model.Person{NationalID: "15852650068", IDKind: model.KindFNR, Synthetic: boolPtr(true), BirthDate: model.Date{Time: date(2026, 5, 15)}}
		}},
		{"national ID D and H", model.Commfides, func(r *model.Record) {
			r.Person = model.Person{NationalID: "55450650012", IDKind: model.KindDNR, Synthetic: boolPtr(false), BirthDate: model.Date{Time: date(2006, 5, 15)}}
		}},
		{"MinID without contact data", model.MinID, func(r *model.Record) { r.ContactRegister = model.ContactRegister{} }},
		{"registered true without data", model.BankID, func(r *model.Record) { r.ContactRegister.Registered = true }},
		{"registered false with mobile", model.MinID, func(r *model.Record) { r.ContactRegister.Registered = false }},
		{"registered false with e-mail", model.Buypass, func(r *model.Record) { r.ContactRegister.Registered = false }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := goodRecord(tc.kind)
			if err := r.Validate(); err != nil {
				t.Fatalf("the record before the change is already invalid: %v", err)
			}
			tc.change(&r)
			err := r.Validate()
			if err == nil {
				t.Fatal("Validate accepted the record")
			}
			if !errors.Is(err, model.ErrRecordInvalid) {
				t.Errorf("error %v does not wrap ErrRecordInvalid", err)
			}
		})
	}
}

// Validate reads the national ID as on the day the record was made: a
// person born after CreatedAt is refused, one born that day is not.
func TestRecordValidateNationalIDAsOfCreatedAt(t *testing.T) {
	r := goodRecord(model.Commfides)
	r.Person = model.Person{NationalID: "15852650068", IDKind: model.KindFNR, Synthetic: boolPtr(true), BirthDate: model.Date{Time: date(2026, 5, 15)}}
	r.CreatedAt = time.Date(2026, 5, 15, 8, 0, 0, 0, model.Oslo())
	if err := r.Validate(); err != nil {
		t.Fatalf("born the day the record was made: %v", err)
	}
	// 23:30 UTC on 14 May is 01:30 on 15 May in Oslo.
	r.CreatedAt = time.Date(2026, 5, 14, 23, 30, 0, 0, time.UTC)
	if err := r.Validate(); err != nil {
		t.Fatalf("made 15 May in Oslo: %v", err)
	}
	r.CreatedAt = time.Date(2026, 5, 14, 21, 30, 0, 0, time.UTC)
	err := r.Validate()
	if !errors.Is(err, model.ErrRecordInvalid) || !strings.Contains(err.Error(), model.ErrNationalIDFuture.Error()) {
		t.Fatalf("made the day before birth: %v; want not born yet", err)
	}
	// A 2032-form number keeps the birth year it was registered with:
	// 15053099901 is 1930 in a record made in 2026.
	r.Person = model.Person{NationalID: "15053099901", IDKind: model.KindFNR, Synthetic: boolPtr(false), BirthDate: model.Date{Time: date(1930, 5, 15)}}
	r.CreatedAt = recCreated
	if err := r.Validate(); err != nil {
		t.Fatalf("2032 form: %v", err)
	}
	r.Person.BirthDate = model.Date{Time: date(2030, 5, 15)}
	if err := r.Validate(); err == nil {
		t.Fatal("2032 form read as 2030 in a record made in 2026")
	}
}

// Validate refuses an e-mail address with an invisible or control
// character, naming the reason.
func TestRecordValidateEmailInvisible(t *testing.T) {
	for _, email := range []string{"ola@nav.no\u200b", "\ufeffola@nav.no", "ola\u200d@nav.no", "ola@nav.no\u0000"} {
		t.Run(fmt.Sprintf("%q", email), func(t *testing.T) {
			r := goodRecord(model.Buypass)
			r.ContactRegister.Email = email
			err := r.Validate()
			if !errors.Is(err, model.ErrRecordInvalid) || !strings.Contains(err.Error(), model.ErrEmailInvisible.Error()) {
				t.Fatalf("Validate = %v; want the invisible-character reason", err)
			}
		})
	}
	r := goodRecord(model.Buypass)
	r.ContactRegister.Email = "åse@blåbær.no"
	if err := r.Validate(); err != nil {
		t.Fatalf("æøå: %v", err)
	}
}

func TestRecordJSONRoundTrip(t *testing.T) {
	for _, kind := range allKinds {
		t.Run(string(kind), func(t *testing.T) {
			r := goodRecord(kind)
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var back model.Record
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("Unmarshal %s: %v", b, err)
			}
			if !reflect.DeepEqual(r, back) {
				t.Errorf("round trip changed the record:\n got %+v\nwant %+v\njson %s", back, r, b)
			}
			if err := back.Validate(); err != nil {
				t.Errorf("Validate after round trip: %v", err)
			}
		})
	}
	t.Run("created_at in Oslo time keeps its instant", func(t *testing.T) {
		r := goodRecord(model.BankID)
		r.CreatedAt = time.Date(2026, 5, 15, 0, 30, 0, 123456789, model.Oslo())
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back model.Record
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !back.CreatedAt.Equal(r.CreatedAt) {
			t.Errorf("created_at %v, want %v", back.CreatedAt, r.CreatedAt)
		}
	})
}

// keys returns the sorted keys of a JSON object.
func keys(t *testing.T, v any) []string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("not a JSON object: %#v", v)
	}
	return slices.Sorted(maps.Keys(m))
}

func sorted(s ...string) []string { slices.Sort(s); return s }

func TestRecordJSONFieldNames(t *testing.T) {
	tests := []struct {
		kind    model.EIDKind
		person  []string
		contact []string
	}{
		{model.MinID, sorted("national_id", "id_kind", "synthetic", "birth_date"),
			sorted("registered", "mobile", "mobile_verified_at")},
		{model.BankID, sorted("national_id", "id_kind", "synthetic", "birth_date"),
			sorted("registered")},
		{model.BankIDMobile, sorted("birth_date"),
			sorted("registered", "mobile", "mobile_verified_at")},
		{model.Buypass, sorted("national_id", "id_kind", "synthetic", "birth_date"),
			sorted("registered", "email", "email_verified_at")},
		{model.Commfides, sorted("national_id", "id_kind", "synthetic", "birth_date"),
			sorted("registered", "mobile", "mobile_verified_at", "email", "email_verified_at")},
	}
	for _, tc := range tests {
		t.Run(string(tc.kind), func(t *testing.T) {
			r := goodRecord(tc.kind)
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var v map[string]any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatal(err)
			}
			if got, want := keys(t, v), sorted("schema_version", "id", "created_at", "language", "channel", "eid", "person", "contact_register"); !slices.Equal(got, want) {
				t.Errorf("top-level keys %v, want %v", got, want)
			}
			if got, want := keys(t, v["eid"]), sorted("kind", "name", "issuer", "level", "method"); !slices.Equal(got, want) {
				t.Errorf("eid keys %v, want %v", got, want)
			}
			if got := keys(t, v["person"]); !slices.Equal(got, tc.person) {
				t.Errorf("person keys %v, want %v", got, tc.person)
			}
			if got := keys(t, v["contact_register"]); !slices.Equal(got, tc.contact) {
				t.Errorf("contact_register keys %v, want %v", got, tc.contact)
			}
			if v["schema_version"] != float64(1) {
				t.Errorf("schema_version %v", v["schema_version"])
			}
			if v["created_at"] != "2026-05-14T10:30:15Z" {
				t.Errorf("created_at %v", v["created_at"])
			}
			if v["channel"] != "terminal" || v["language"] != "nn" {
				t.Errorf("channel %v language %v", v["channel"], v["language"])
			}
			e := v["eid"].(map[string]any)
			if e["kind"] != string(tc.kind) || e["method"] != string(r.EID.Method) || e["level"] != string(r.EID.Level) {
				t.Errorf("eid %v", e)
			}
			p := v["person"].(map[string]any)
			if want := r.Person.BirthDate.Format("2006-01-02"); p["birth_date"] != want {
				t.Errorf("birth_date %v, want %q", p["birth_date"], want)
			}
			if tc.kind != model.BankIDMobile {
				if p["national_id"] != r.Person.NationalID || p["id_kind"] != string(r.Person.IDKind) || p["synthetic"] != *r.Person.Synthetic {
					t.Errorf("person %v", p)
				}
			}
			c := v["contact_register"].(map[string]any)
			if _, ok := c["mobile_verified_at"]; ok && c["mobile_verified_at"] != "2026-05-14T10:29:00Z" {
				t.Errorf("mobile_verified_at %v", c["mobile_verified_at"])
			}
		})
	}
	t.Run("synthetic false is written, not omitted", func(t *testing.T) {
		b, _ := json.Marshal(goodRecord(model.Commfides))
		if !strings.Contains(string(b), `"synthetic":false`) {
			t.Errorf("no synthetic:false in %s", b)
		}
	})
	t.Run("registered false is written", func(t *testing.T) {
		b, _ := json.Marshal(goodRecord(model.BankID))
		if !strings.Contains(string(b), `"contact_register":{"registered":false}`) {
			t.Errorf("contact_register not {registered:false} in %s", b)
		}
	})
}

func TestRecordFromJSONText(t *testing.T) {
	// A record as a person would find it on disk.
	const text = `{
  "schema_version": 1,
  "id": "r1",
  "created_at": "2026-05-14T12:30:15+02:00",
  "language": "nb",
  "channel": "kiosk",
  "eid": {"kind": "bankid_mobil", "name": "BankID på mobil", "issuer": "own bank", "level": "high", "method": "sim"},
  "person": {"birth_date": "1990-08-17"},
  "contact_register": {"registered": true, "email": "kari@example.no", "email_verified_at": "2026-05-14T12:29:00+02:00"}
}`
	var r model.Record
	if err := json.Unmarshal([]byte(text), &r); err != nil {
		t.Fatal(err)
	}
	if err := r.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if !r.CreatedAt.Equal(recCreated) {
		t.Errorf("created_at %v, want %v", r.CreatedAt, recCreated)
	}
	if !sameDate(r.Person.BirthDate.Time, date(1990, 8, 17)) {
		t.Errorf("birth_date %v", r.Person.BirthDate)
	}
	if r.Person.NationalID != "" || r.Person.Synthetic != nil || r.Person.IDKind != "" {
		t.Errorf("person %+v", r.Person)
	}
	if r.ContactRegister.EmailVerifiedAt == nil || !r.ContactRegister.EmailVerifiedAt.Equal(time.Date(2026, 5, 14, 10, 29, 0, 0, time.UTC)) {
		t.Errorf("email_verified_at %v", r.ContactRegister.EmailVerifiedAt)
	}
}

func TestDateJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want time.Time
		bad  bool
	}{
		{"date", `"2006-05-15"`, date(2006, 5, 15), false},
		{"29 Feb leap", `"2024-02-29"`, date(2024, 2, 29), false},
		{"null", `null`, time.Time{}, false},
		{"29 Feb non-leap", `"2023-02-29"`, time.Time{}, true},
		{"timestamp", `"2006-05-15T00:00:00Z"`, time.Time{}, true},
		{"number", `20060515`, time.Time{}, true},
		{"other order", `"15.05.2006"`, time.Time{}, true},
		{"empty string", `""`, time.Time{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var d model.Date
			err := json.Unmarshal([]byte(tc.in), &d)
			if tc.bad {
				if err == nil {
					t.Fatalf("Unmarshal(%s) = %v, want an error", tc.in, d)
				}
				return
			}
			if err != nil {
				t.Fatalf("Unmarshal(%s): %v", tc.in, err)
			}
			if !d.Time.Equal(tc.want) {
				t.Errorf("Unmarshal(%s) = %v, want %v", tc.in, d.Time, tc.want)
			}
			b, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.in {
				t.Errorf("Marshal = %s, want %s", b, tc.in)
			}
		})
	}
}
