package model_test

import (
	"errors"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

func TestCheckMinIDPassword(t *testing.T) {
	tests := []struct {
		name string
		in   string
		err  error
	}{
		{"8 chars letters and digits", "abcdefg1", nil},
		{"long", "Sommer2026IOslo", nil},
		{"digits first", "12345678a", nil},
		{"symbols too", "pa$$w0rd!", nil},
		{"spaces are characters", "ab cd 12", nil},
		{"empty", "", model.ErrPasswordEmpty},
		{"7 chars", "abcdef1", model.ErrPasswordShort},
		{"1 char", "a", model.ErrPasswordShort},
		{"only letters", "abcdefgh", model.ErrPasswordMix},
		{"only digits", "12345678", model.ErrPasswordMix},
		{"only symbols", "!!!!????", model.ErrPasswordMix},
		{"letters and symbols", "abcdefg!", model.ErrPasswordMix},
		{"æ", "blåbær12", model.ErrPasswordNordic},
		{"ø", "smørbrød1", model.ErrPasswordNordic},
		{"å", "aaaaaaa1å", model.ErrPasswordNordic},
		{"Æ", "ÆBLEKAKE1", model.ErrPasswordNordic},
		{"Ø", "ØL123456", model.ErrPasswordNordic},
		{"Å", "Ålesund12", model.ErrPasswordNordic},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := model.CheckMinIDPassword(tc.in)
			if tc.err == nil {
				if err != nil {
					t.Errorf("CheckMinIDPassword(%q) = %v, want nil", tc.in, err)
				}
				return
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("CheckMinIDPassword(%q) = %v, want %v", tc.in, err, tc.err)
			}
		})
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name string
		in   string
		err  error
	}{
		{"8 letters", "abcdefgh", nil},
		{"8 digits", "12345678", nil},
		{"Nordic letters allowed", "blåbærøl", nil},
		{"8 runes, more bytes", "ææææææææ", nil},
		{"empty", "", model.ErrPasswordEmpty},
		{"7 chars", "abcdefg", model.ErrPasswordShort},
		{"7 runes, 14 bytes", "æææææææ", model.ErrPasswordShort},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := model.CheckPassword(tc.in)
			if tc.err == nil {
				if err != nil {
					t.Errorf("CheckPassword(%q) = %v, want nil", tc.in, err)
				}
				return
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("CheckPassword(%q) = %v, want %v", tc.in, err, tc.err)
			}
		})
	}
	if model.MinPasswordLength != 8 {
		t.Errorf("MinPasswordLength = %d, want 8", model.MinPasswordLength)
	}
}

func TestCheckDigits(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		min, max int
		want     string
		err      error
	}{
		{"MinID code 5", "12345", 5, 5, "12345", nil},
		{"MinID code 4", "1234", 5, 5, "", model.ErrDigitsLength},
		{"MinID code 6", "123456", 5, 5, "", model.ErrDigitsLength},
		{"BankID code 6 with spaces", "123 456", 6, 6, "123456", nil},
		{"trimmed", "  123456 ", 6, 6, "123456", nil},
		{"BankID på mobil PIN 4", "1234", 4, 8, "1234", nil},
		{"BankID på mobil PIN 8", "12345678", 4, 8, "12345678", nil},
		{"BankID på mobil PIN 3", "123", 4, 8, "", model.ErrDigitsLength},
		{"BankID på mobil PIN 9", "123456789", 4, 8, "", model.ErrDigitsLength},
		{"Buypass PIN 4", "0000", 4, 4, "0000", nil},
		{"Commfides PIN 6", "654321", 6, 8, "654321", nil},
		{"Commfides PIN 5", "65432", 6, 8, "", model.ErrDigitsLength},
		{"letter", "12a45", 5, 5, "", model.ErrDigitsOnly},
		{"hyphen", "12-45", 4, 8, "", model.ErrDigitsOnly},
		{"full-width digits", "１２３４", 4, 8, "", model.ErrDigitsOnly},
		{"empty", "", 4, 8, "", model.ErrDigitsLength},
		{"only spaces", "    ", 4, 8, "", model.ErrDigitsLength},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := model.CheckDigits(tc.in, tc.min, tc.max)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("CheckDigits(%q, %d, %d) error = %v, want %v", tc.in, tc.min, tc.max, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("CheckDigits(%q, %d, %d) = %q, %v; want %q", tc.in, tc.min, tc.max, got, err, tc.want)
			}
		})
	}
}

func TestParseBirthDate6(t *testing.T) {
	now := time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC) // 14 May 2026 in Oslo
	tests := []struct {
		name string
		in   string
		now  time.Time
		want time.Time
		err  error
	}{
		{"1990", "170890", now, date(1990, 8, 17), nil},
		{"2006", "150506", now, date(2006, 5, 15), nil},
		{"2000", "010100", now, date(2000, 1, 1), nil},
		{"1999", "311299", now, date(1999, 12, 31), nil},
		{"1927: year after this one goes back", "010127", now, date(1927, 1, 1), nil},
		{"this year, earlier day", "010126", now, date(2026, 1, 1), nil},
		{"today", "140526", now, date(2026, 5, 14), nil},
		{"tomorrow goes back a century", "150526", now, date(1926, 5, 15), nil},
		{"Oslo day: 22:30 UTC on 14 May is 15 May", "150526", time.Date(2026, 5, 14, 22, 30, 0, 0, time.UTC), date(2026, 5, 15), nil},
		{"with dots", "17.08.90", now, date(1990, 8, 17), nil},
		{"with spaces", "17 08 90", now, date(1990, 8, 17), nil},
		{"29 Feb 2024", "290224", now, date(2024, 2, 29), nil},
		{"29 Feb 2000", "290200", now, date(2000, 2, 29), nil},
		{"29 Feb 2023", "290223", now, time.Time{}, model.ErrBirthDateDate},
		{"29 Feb 1900 (from 2000 in January)", "290200", time.Date(2000, 1, 10, 12, 0, 0, 0, time.UTC), time.Time{}, model.ErrBirthDateDate},
		{"29 Feb 2000 from January 2100 (2100 is not leap)", "290200", time.Date(2100, 1, 10, 12, 0, 0, 0, time.UTC), date(2000, 2, 29), nil},
		{"29 Feb 00 from March 2100: 2000 is over 100 years back", "290200", time.Date(2100, 3, 1, 12, 0, 0, 0, time.UTC), time.Time{}, model.ErrBirthDateDate},
		{"28 Feb 2100 on that day", "280200", time.Date(2100, 2, 28, 12, 0, 0, 0, time.UTC), date(2100, 2, 28), nil},
		{"31 April", "310490", now, time.Time{}, model.ErrBirthDateDate},
		{"month 13", "011390", now, time.Time{}, model.ErrBirthDateDate},
		{"month 00", "010090", now, time.Time{}, model.ErrBirthDateDate},
		{"day 00", "000190", now, time.Time{}, model.ErrBirthDateDate},
		{"day 32", "320190", now, time.Time{}, model.ErrBirthDateDate},
		{"5 digits", "17089", now, time.Time{}, model.ErrBirthDateFormat},
		{"7 digits", "1708900", now, time.Time{}, model.ErrBirthDateFormat},
		{"8 digits DDMMYYYY", "17081990", now, time.Time{}, model.ErrBirthDateFormat},
		{"letters", "17aug9", now, time.Time{}, model.ErrBirthDateFormat},
		{"empty", "", now, time.Time{}, model.ErrBirthDateFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := model.ParseBirthDate6(tc.in, tc.now)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("ParseBirthDate6(%q) error = %v, want %v", tc.in, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseBirthDate6(%q): %v", tc.in, err)
			}
			if !sameDate(got, tc.want) {
				t.Errorf("ParseBirthDate6(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

// For every day of a century before a fixed today, DDMMYY of that day reads
// back as that day: the latest century not after today.
func TestParseBirthDate6EveryDay(t *testing.T) {
	now := time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC)
	today := date(2026, 5, 14)
	first := date(1926, 5, 15)
	for b := first; !b.After(today); b = b.AddDate(0, 0, 1) {
		in := b.Format("020106")
		got, err := model.ParseBirthDate6(in, now)
		if err != nil || !sameDate(got, b) {
			t.Fatalf("ParseBirthDate6(%q) = %v, %v; want %v", in, got, err, b)
		}
	}
}
