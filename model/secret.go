package model

import (
	"errors"
	"strings"
	"time"
	"unicode"
)

// Errors from the password rules.
var (
	ErrPasswordShort   = errors.New("password: at least 8 characters")
	ErrPasswordMix     = errors.New("password: needs both letters and digits")
	ErrPasswordNordic  = errors.New("password: Æ, Ø and Å are not allowed")
	ErrPasswordEmpty   = errors.New("password: empty")
	ErrDigitsOnly      = errors.New("code: digits only")
	ErrDigitsLength    = errors.New("code: wrong number of digits")
	ErrBirthDateFormat = errors.New("birth date: six digits DDMMÅÅ")
	ErrBirthDateDate   = errors.New("birth date: not a real date")
)

// MinPasswordLength is the shortest password MinID, BankID and Buypass accept.
const MinPasswordLength = 8

// CheckMinIDPassword applies MinID's password rules: at least 8 characters,
// both letters and digits, and no Æ, Ø or Å.
func CheckMinIDPassword(p string) error {
	if err := CheckPassword(p); err != nil {
		return err
	}
	if strings.ContainsAny(p, "æøåÆØÅ") {
		return ErrPasswordNordic
	}
	hasLetter := strings.IndexFunc(p, unicode.IsLetter) >= 0
	hasDigit := strings.IndexFunc(p, unicode.IsDigit) >= 0
	if !hasLetter || !hasDigit {
		return ErrPasswordMix
	}
	return nil
}

// CheckPassword applies the general rule of a personal password (BankID,
// Buypass ID i mobil): at least 8 characters.
func CheckPassword(p string) error {
	if p == "" {
		return ErrPasswordEmpty
	}
	if len([]rune(p)) < MinPasswordLength {
		return ErrPasswordShort
	}
	return nil
}

// CheckDigits checks that s (spaces ignored) is between min and max ASCII
// digits long and returns it without spaces.
func CheckDigits(s string, min, max int) (string, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", ErrDigitsOnly
		}
	}
	if len(s) < min || len(s) > max {
		return "", ErrDigitsLength
	}
	return s, nil
}

// ParseBirthDate6 reads a birth date written DDMMÅÅ (as BankID på mobil asks
// for it). The century is the latest one that does not put the date after
// today (our choice: six digits cannot say more).
func ParseBirthDate6(s string, now time.Time) (time.Time, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	s = strings.NewReplacer(".", "", "-", "", "/", "").Replace(s)
	if len(s) != 6 {
		return time.Time{}, ErrBirthDateFormat
	}
	var d [6]int
	for i, r := range s {
		if r < '0' || r > '9' {
			return time.Time{}, ErrBirthDateFormat
		}
		d[i] = int(r - '0')
	}
	day, month, yy := d[0]*10+d[1], d[2]*10+d[3], d[4]*10+d[5]
	today := Today(now)
	year := today.Year()/100*100 + yy
	// After today (a later year, or this year but a later day): one century
	// back. Decided before the date is checked, so that 29 February of a
	// century year (2100) falls back to the leap year 2000.
	if year > today.Year() || year == today.Year() &&
		(month > int(today.Month()) || month == int(today.Month()) && day > today.Day()) {
		year -= 100
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || day < 1 || t.Day() != day || t.Month() != time.Month(month) {
		return time.Time{}, ErrBirthDateDate
	}
	return t, nil
}
