package model_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// isOneOf reports whether err is (wraps) one of the sentinels.
func isOneOf(err error, sentinels ...error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func FuzzParseNationalID(f *testing.F) {
	for _, s := range []string{
		"31129956715", "08089409382", "15850651229", "17889033371", "55850651212",
		"31129956716", "12345678910", "1234567890", "", " ", "080894 093 82",
		"0808940938a", "29029900000", "41424300000", "\u00a008089409382\t",
		"00000000000", "99999999999",
		// The 2032 form, future dates and D + H.
		"30108289984", "30108299939", "29029675048", "29020000072", "15053099901",
		"01013950187", "41428500000",
	} {
		f.Add(s)
	}
	sentinels := []error{model.ErrNationalIDEmpty, model.ErrNationalIDDigits, model.ErrNationalIDLength,
		model.ErrNationalIDChecksum, model.ErrNationalIDDate, model.ErrNationalIDCentury,
		model.ErrNationalIDFuture, model.ErrNationalIDDAndH}
	// Each input is read on several days: the pinned today, one after the
	// whole 1964 table, in a year before the 1964 table's 2000s, and in
	// 2100 (which has no 29 February).
	nows := []time.Time{testNow, nowAfterTable, osloNoon(1999, 6, 1), osloNoon(2100, 3, 1)}
	f.Fuzz(func(t *testing.T, s string) {
		for _, now := range nows {
			fuzzNationalIDOn(t, s, now, sentinels)
		}
	})
}

// fuzzNationalIDOn checks ParseNationalID(s, now) against the reference and
// the properties every accepted number has.
func fuzzNationalIDOn(t *testing.T, s string, now time.Time, sentinels []error) {
	t.Helper()
	today := model.Today(now)
	fatalf := func(format string, a ...any) {
		t.Helper()
		t.Fatalf("on %s: "+format, append([]any{today.Format(time.DateOnly)}, a...)...)
	}
	n, err := model.ParseNationalID(s, now)
	ref := refParse(s, now)
	if err != nil {
		if !isOneOf(err, sentinels...) {
			fatalf("ParseNationalID(%q): error %v is no sentinel", s, err)
		}
		if !n.IsZero() {
			fatalf("ParseNationalID(%q): non-zero result %q with error", s, n)
		}
		if ref.valid() {
			fatalf("ParseNationalID(%q): %v; the reference says valid, born %v", s, err, ref.birth)
		}
		if !ref.allows(err) {
			fatalf("ParseNationalID(%q): %v; the reference allows only %v", s, err, ref.errs)
		}
		return
	}
	if !ref.valid() {
		fatalf("ParseNationalID(%q) accepted; the reference says %v", s, ref.errs)
	}
	digits := n.String()
	if !elevenDigits.MatchString(digits) {
		fatalf("ParseNationalID(%q).String() = %q, not 11 digits", s, digits)
	}
	if digits != ref.digits {
		fatalf("String() = %q, want the input's digits %q", digits, ref.digits)
	}
	if n.Kind() != ref.kind || n.Synthetic() != ref.synthetic || !sameDate(n.BirthDate(), ref.birth) {
		fatalf("%q: kind %q synthetic %v birth %v; reference %q %v %v", s,
			n.Kind(), n.Synthetic(), n.BirthDate(), ref.kind, ref.synthetic, ref.birth)
	}
	if y := n.BirthDate().Year(); y < min(1854, today.Year()-199) || y > max(2039, today.Year()) {
		fatalf("%q: birth year %d outside 1854–2039 and the 2032 form's two centuries up to %d", s, y, today.Year())
	}
	if n.BirthDate().After(today) {
		fatalf("%q: born %v, after today %v", s, n.BirthDate(), today)
	}
	d := refDigits(digits)
	if refK1Remainder(d) > 3 || refK2Remainder(d) != 0 {
		fatalf("%q accepted with K1 remainder %d, K2 remainder %d", s, refK1Remainder(d), refK2Remainder(d))
	}
	again, err := model.ParseNationalID(digits, now)
	if err != nil || again != n {
		fatalf("re-parsing %q: %v, %v; want the same number", digits, again, err)
	}
	if again, err := model.ParseNationalID(n.Formatted(), now); err != nil || again != n {
		fatalf("re-parsing Formatted %q: %v", n.Formatted(), err)
	}
	if n.Masked() != digits[:6]+" *****" {
		fatalf("Masked = %q", n.Masked())
	}
	if p := model.PersonFromNationalID(n); p.NationalID != digits || !p.BirthDate.Equal(n.BirthDate()) {
		fatalf("PersonFromNationalID = %+v", p)
	}
	// Read on the birth date itself, the number is still valid.
	b := n.BirthDate()
	if again, err := model.ParseNationalID(digits, osloNoon(b.Year(), b.Month(), b.Day())); err != nil || again != n {
		fatalf("%q on its birth date %v: %v, %v", s, b, again.BirthDate(), err)
	}
}

var (
	e164Norwegian = regexp.MustCompile(`^\+47[49][0-9]{7}$`)
	refMobileRE   = regexp.MustCompile(`^(?:\+47|0047)?([49][0-9]{7})$`)
)

func FuzzParseMobile(f *testing.F) {
	for _, s := range []string{
		"91234567", "912 34 567", "+4791234567", "+47 912 34 567", "004791234567", "41234567",
		"22345678", "9123456", "912345678", "+4691234567", "004691234567", "9123456a", "",
		"+47", "0047", "+", "00", "+47+4791234567", "\u00a0+47\t91234567", "4791234567",
	} {
		f.Add(s)
	}
	sentinels := []error{model.ErrMobileEmpty, model.ErrMobileForeign, model.ErrMobileDigits,
		model.ErrMobileLength, model.ErrMobileNotMobile}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := model.ParseMobile(s)
		stripped := strings.NewReplacer(" ", "", "\t", "", "\u00a0", "").Replace(s)
		m := refMobileRE.FindStringSubmatch(stripped)
		if err != nil {
			if !isOneOf(err, sentinels...) {
				t.Fatalf("ParseMobile(%q): error %v is no sentinel", s, err)
			}
			if got != "" {
				t.Fatalf("ParseMobile(%q) = %q with an error", s, got)
			}
			if m != nil {
				t.Fatalf("ParseMobile(%q): %v; want +47%s", s, err, m[1])
			}
			return
		}
		if m == nil {
			t.Fatalf("ParseMobile(%q) = %q; the input is not a Norwegian mobile number", s, got)
		}
		if got != "+47"+m[1] {
			t.Fatalf("ParseMobile(%q) = %q, want +47%s", s, got, m[1])
		}
		if !e164Norwegian.MatchString(got) {
			t.Fatalf("ParseMobile(%q) = %q, not E.164 +47 mobile", s, got)
		}
		if again, err := model.ParseMobile(got); err != nil || again != got {
			t.Fatalf("ParseMobile(%q) = %q, %v; not idempotent", got, again, err)
		}
		formatted := model.FormatMobile(got)
		if again, err := model.ParseMobile(formatted); err != nil || again != got {
			t.Fatalf("ParseMobile(FormatMobile) = %q, %v; want %q", again, err, got)
		}
		if mm := model.MaskMobile(got); !strings.HasSuffix(mm, got[8:]) || strings.Contains(mm, got[3:8]) {
			t.Fatalf("MaskMobile(%q) = %q", got, mm)
		}
	})
}

// refEmailSpace is a space trimmed from an address: the White_Space
// characters except U+0085 (a control character) and the line and
// paragraph separators U+2028/U+2029, written out from the Unicode tables.
func refEmailSpace(r rune) bool {
	switch {
	case r >= '\t' && r <= '\r', r == ' ', r == '\u00a0', r == '\u1680',
		r >= '\u2000' && r <= '\u200a', r == '\u202f', r == '\u205f', r == '\u3000':
		return true
	}
	return false
}

// refEmailInvisible is a control or invisible character, as domain.md §5
// and the task list them, plus the Unicode categories they come from.
func refEmailInvisible(r rune) bool {
	if refEmailSpace(r) {
		return false
	}
	switch r {
	case '\u00ad', '\u034f', '\u115f', '\u1160', '\u180e', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f',
		'\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2060',
		'\u2066', '\u2067', '\u2068', '\u2069', '\u3164', '\ufeff', '\uffa0':
		return true
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// refEmailTrim trims the spaces of refEmailSpace.
func refEmailTrim(s string) string { return strings.TrimFunc(s, refEmailSpace) }

// refEmailOK is domain.md §5's ordinary address check on an already
// trimmed address.
func refEmailOK(s string) bool {
	if s == "" || strings.ContainsFunc(s, unicode.IsSpace) || strings.ContainsFunc(s, refEmailInvisible) {
		return false
	}
	parts := strings.Split(s, "@")
	if len(parts) != 2 || parts[0] == "" {
		return false
	}
	labels := strings.Split(parts[1], ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" {
			return false
		}
	}
	return true
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{
		"kari@example.no", " Kari@Example.NO ", "kari.example.no", "a@b@c.no", "@example.no",
		"kari@localhost", "kari@.example.no", "kari@example.no.", "kari@a..b", "ka ri@example.no",
		"", "\t", "åse@blåbær.no", "a@b.c", "\u00a0a@b.c\u2003",
		"ola@nav.no\u200b", "\ufeffola@nav.no", "ola\u202e@nav.no", "ola@nav.no\u2028", "ola@nav.no\u0085",
		"\u3000ola@nav.no\u3000", "ola@nav\u00ad.no", "ola\u3164@nav.no",
	} {
		f.Add(s)
	}
	sentinels := []error{model.ErrEmailEmpty, model.ErrEmailSpace, model.ErrEmailAt, model.ErrEmailLocal, model.ErrEmailDomain,
		model.ErrEmailInvisible}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := model.ParseEmail(s)
		trimmed := refEmailTrim(s)
		if err != nil {
			if !isOneOf(err, sentinels...) {
				t.Fatalf("ParseEmail(%q): error %v is no sentinel", s, err)
			}
			if got != "" {
				t.Fatalf("ParseEmail(%q) = %q with an error", s, got)
			}
			if refEmailOK(trimmed) {
				t.Fatalf("ParseEmail(%q): %v; the reference accepts it", s, err)
			}
			if errors.Is(err, model.ErrEmailInvisible) != (trimmed != "" && strings.ContainsFunc(trimmed, refEmailInvisible)) {
				t.Fatalf("ParseEmail(%q): %v; invisible or control characters in it: %v", s, err, strings.ContainsFunc(trimmed, refEmailInvisible))
			}
			return
		}
		if !refEmailOK(got) {
			t.Fatalf("ParseEmail(%q) = %q; the reference refuses it", s, got)
		}
		if got != trimmed {
			t.Fatalf("ParseEmail(%q) = %q, want the input trimmed, as typed: %q", s, got, trimmed)
		}
		if strings.TrimFunc(got, unicode.IsSpace) != got {
			t.Fatalf("ParseEmail(%q) = %q has surrounding space", s, got)
		}
		if strings.ContainsFunc(got, refEmailInvisible) {
			t.Fatalf("ParseEmail(%q) = %q holds an invisible or control character", s, got)
		}
		if again, err := model.ParseEmail(got); err != nil || again != got {
			t.Fatalf("ParseEmail(%q) = %q, %v; not idempotent", got, again, err)
		}
		if !model.SameEmail(s, got) || !model.SameEmail(got, s) {
			t.Fatalf("SameEmail(%q, %q) false", s, got)
		}
		if isASCII(got) && !model.SameEmail(strings.ToUpper(got), strings.ToLower(got)) {
			t.Fatalf("SameEmail is case-sensitive on %q", got)
		}
		local, domain, _ := strings.Cut(got, "@")
		if mask := model.MaskEmail(got); mask != string([]rune(local)[:1])+"•••@"+domain {
			t.Fatalf("MaskEmail(%q) = %q", got, mask)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// fuzzNow maps any int64 to an instant between 1900 and 2200; Unix times
// inside that range map to themselves.
func fuzzNow(sec int64) time.Time {
	lo := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	span := hi - lo
	off := (sec%span - lo%span) % span
	if off < 0 {
		off += span
	}
	return time.Unix(lo+off, 0).UTC()
}

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

func FuzzParseBirthDate6(f *testing.F) {
	may14 := time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC).Unix()
	for _, c := range []struct {
		s   string
		now int64
	}{
		{"170890", may14}, {"150526", may14}, {"140526", may14}, {"010127", may14},
		{"290224", may14}, {"290223", may14}, {"310490", may14}, {"17.08.90", may14},
		{"17 08 90", may14}, {"17-08-90", may14}, {"1708900", may14}, {"", may14}, {"abcdef", may14},
		{"290200", time.Date(2000, 1, 10, 0, 0, 0, 0, time.UTC).Unix()},
		{"290200", time.Date(2100, 1, 10, 0, 0, 0, 0, time.UTC).Unix()},
		{"150526", time.Date(2026, 5, 14, 22, 30, 0, 0, time.UTC).Unix()},
	} {
		f.Add(c.s, c.now)
	}
	f.Fuzz(func(t *testing.T, s string, sec int64) {
		now := fuzzNow(sec)
		today := model.Today(now)
		got, err := model.ParseBirthDate6(s, now)

		// The reference, for input that is just six digits: the one date
		// with that DDMMYY in the hundred years up to and including today.
		var want time.Time
		wantOK := false
		if sixDigits.MatchString(s) {
			d := refDigits(s)
			day, month, yy := d[0]*10+d[1], d[2]*10+d[3], d[4]*10+d[5]
			for y := today.Year() - 100; y <= today.Year(); y++ {
				if y%100 != yy || month < 1 || month > 12 || day < 1 || day > refDaysIn(y, month) {
					continue
				}
				c := date(y, time.Month(month), day)
				if !c.After(today) && c.After(today.AddDate(-100, 0, 0)) {
					want, wantOK = c, true
				}
			}
		}

		if err != nil {
			if !isOneOf(err, model.ErrBirthDateFormat, model.ErrBirthDateDate) {
				t.Fatalf("ParseBirthDate6(%q): error %v is no sentinel", s, err)
			}
			if wantOK {
				t.Fatalf("ParseBirthDate6(%q, today %s): %v; want %s", s, today.Format(time.DateOnly), err, want.Format(time.DateOnly))
			}
			return
		}
		if sixDigits.MatchString(s) && (!wantOK || !sameDate(got, want)) {
			t.Fatalf("ParseBirthDate6(%q, today %s) = %v; want %v (ok %v)", s, today.Format(time.DateOnly), got, want, wantOK)
		}
		if got.Location() != time.UTC || got.Hour() != 0 || got.Minute() != 0 || got.Second() != 0 || got.Nanosecond() != 0 {
			t.Fatalf("ParseBirthDate6(%q) = %v, not midnight UTC", s, got)
		}
		if got.After(today) {
			t.Fatalf("ParseBirthDate6(%q) = %v, after today %v", s, got, today)
		}
		if !got.After(today.AddDate(-100, 0, 0)) {
			t.Fatalf("ParseBirthDate6(%q) = %v, a hundred years or more before today %v", s, got, today)
		}
		// The date's digits are the input's digits.
		var digits strings.Builder
		for _, r := range s {
			if r >= '0' && r <= '9' {
				digits.WriteRune(r)
			}
		}
		six := got.Format("020106")
		if digits.String() != six {
			t.Fatalf("ParseBirthDate6(%q) = %v; its digits %s differ from the input's %s", s, got, six, digits.String())
		}
		if again, err := model.ParseBirthDate6(six, now); err != nil || !again.Equal(got) {
			t.Fatalf("ParseBirthDate6(%q) = %v, %v; want %v", six, again, err, got)
		}
	})
}

func FuzzRecordJSON(f *testing.F) {
	for _, kind := range allKinds {
		b, err := json.Marshal(goodRecord(kind))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"schema_version":1,"person":{"birth_date":"2023-02-29"}}`))
	f.Add([]byte(`{"schema_version":1,"id":"x","created_at":"2026-05-14T10:30:15+02:00","channel":"ssh",` +
		`"eid":{"kind":"bankid_mobil","method":"sim"},"person":{"birth_date":"0001-01-01"},"contact_register":{"registered":false}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r model.Record
		if err := json.Unmarshal(data, &r); err != nil {
			return
		}
		if err := r.Validate(); err != nil {
			if !errors.Is(err, model.ErrRecordInvalid) {
				t.Fatalf("Validate: %v does not wrap ErrRecordInvalid", err)
			}
			return
		}
		// A valid record holds what Validate promises.
		if r.SchemaVersion != 1 || r.ID == "" || r.CreatedAt.IsZero() || r.Person.BirthDate.IsZero() {
			t.Fatalf("valid record with schema %d id %q created %v birth %v", r.SchemaVersion, r.ID, r.CreatedAt, r.Person.BirthDate)
		}
		e, ok := model.LookupEID(r.EID.Kind)
		if !ok || !e.HasMethod(r.EID.Method) {
			t.Fatalf("valid record with eID %q method %q", r.EID.Kind, r.EID.Method)
		}
		if r.Person.NationalID == "" {
			if r.EID.Kind != model.BankIDMobile {
				t.Fatalf("valid %s record without national ID", r.EID.Kind)
			}
		} else {
			if !elevenDigits.MatchString(r.Person.NationalID) {
				t.Fatalf("valid record with national ID %q, not 11 digits", r.Person.NationalID)
			}
			ref := refParse(r.Person.NationalID, r.CreatedAt)
			if !ref.valid() || !sameDate(r.Person.BirthDate.Time, ref.birth) {
				t.Fatalf("valid record with national ID %q (%v) and birth date %v", r.Person.NationalID, ref.errs, r.Person.BirthDate)
			}
		}
		c := r.ContactRegister
		if c.Mobile != "" && !e164Norwegian.MatchString(c.Mobile) {
			t.Fatalf("valid record with mobile %q", c.Mobile)
		}
		if c.Email != "" && (!refEmailOK(c.Email) || refEmailTrim(c.Email) != c.Email) {
			t.Fatalf("valid record with e-mail %q", c.Email)
		}
		if c.Registered != (c.Mobile != "" || c.Email != "") {
			t.Fatalf("valid record with registered %v, mobile %q, e-mail %q", c.Registered, c.Mobile, c.Email)
		}
		if r.EID.Kind == model.MinID && !c.Registered {
			t.Fatal("valid MinID record without contact data")
		}

		// Writing it out and reading it back gives the same record.
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("Marshal of a valid record: %v", err)
		}
		var back model.Record
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("Unmarshal of %s: %v", b, err)
		}
		if err := back.Validate(); err != nil {
			t.Fatalf("round trip made the record invalid: %v\n%s", err, b)
		}
		b2, err := json.Marshal(back)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, b2) {
			t.Fatalf("round trip not stable:\n%s\n%s", b, b2)
		}
		if !back.CreatedAt.Equal(r.CreatedAt) || !back.Person.BirthDate.Equal(r.Person.BirthDate.Time) {
			t.Fatalf("round trip changed times: %v %v", back.CreatedAt, back.Person.BirthDate)
		}
	})
}
