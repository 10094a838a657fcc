package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// IDKind is the kind of a national identity number; the value is stored in
// the record.
type IDKind string

// The kinds of national identity number.
const (
	// KindFNR is an ordinary fødselsnummer.
	KindFNR IDKind = "fnr"
	// KindDNR is a D-number, given to foreign nationals (day + 40).
	KindDNR IDKind = "dnr"
	// KindHNR is an H-number, an auxiliary number (month + 40).
	KindHNR IDKind = "hnr"
)

// Errors from ParseNationalID. Each says one thing a person can fix.
var (
	ErrNationalIDEmpty    = errors.New("national ID: empty")
	ErrNationalIDDigits   = errors.New("national ID: only digits and spaces allowed")
	ErrNationalIDLength   = errors.New("national ID: must be 11 digits")
	ErrNationalIDChecksum = errors.New("national ID: check digits do not match")
	ErrNationalIDDate     = errors.New("national ID: the first six digits are not a real date")
	ErrNationalIDCentury  = errors.New("national ID: individual number gives no birth year")
	// ErrNationalIDFuture is a birth date after today: nobody can hold a
	// number of a person not born yet.
	ErrNationalIDFuture = errors.New("national ID: birth date is after today (not born yet)")
	// ErrNationalIDDAndH is a number with both the D-number day (41–71)
	// and the H-number month (41–52): a number is never both.
	ErrNationalIDDAndH = errors.New("national ID: cannot be both a D-number (day + 40) and an H-number (month + 40)")
)

var (
	weightsK1 = [9]int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	weightsK2 = [10]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
)

// NationalID is a checked Norwegian national identity number: a
// fødselsnummer, D-number or H-number, possibly a synthetic test number.
// The zero value means "none".
type NationalID struct {
	digits    string
	kind      IDKind
	synthetic bool
	birth     time.Time
}

// ParseNationalID checks s as a national identity number (11 digits; spaces
// are ignored) on the day of now, reckoned in Europe/Oslo (see Today): the
// two mod-11 check digits, the birth year, that the birth date exists once
// the D-, H- and synthetic offsets are taken off, and that it is not after
// today.
//
// The birth year depends on K1. Where the K1 sum over the first ten digits
// leaves remainder 0, the individual number gives the century by the table
// every number issued before 2032 follows (see centuryOf). Remainders 1, 2
// and 3 occur only in numbers of the form issued from 1 January 2032, which
// carry no century: any individual number 000–999 is allowed and the birth
// year is the latest one with the two digits YY whose date exists and is
// not after today (see latestBirth).
func ParseNationalID(s string, now time.Time) (NationalID, error) {
	digits := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\t' {
			return -1
		}
		return r
	}, s)
	if digits == "" {
		return NationalID{}, ErrNationalIDEmpty
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return NationalID{}, ErrNationalIDDigits
		}
	}
	if len(digits) != 11 {
		return NationalID{}, ErrNationalIDLength
	}
	var d [11]int
	for i := range d {
		d[i] = int(digits[i] - '0')
	}
	k1rem, ok := checkDigits(d)
	if !ok {
		return NationalID{}, ErrNationalIDChecksum
	}

	day := d[0]*10 + d[1]
	month := d[2]*10 + d[3]
	yy := d[4]*10 + d[5]
	individual := d[6]*100 + d[7]*10 + d[8]

	if day >= 41 && day <= 71 && month >= 41 && month <= 52 {
		return NationalID{}, ErrNationalIDDAndH
	}
	n := NationalID{digits: digits, kind: KindFNR}
	if day > 40 {
		n.kind = KindDNR
		day -= 40
	}
	switch {
	case month > 80:
		n.synthetic = true
		month -= 80
	case month > 40:
		// Months 53–80 come out as 13–40 here and fail as dates below.
		n.kind = KindHNR
		month -= 40
	}

	today := Today(now)
	var birth time.Time
	if k1rem == 0 {
		century, ok := centuryOf(individual, yy)
		if !ok {
			return NationalID{}, ErrNationalIDCentury
		}
		if birth, ok = dateOf(century+yy, month, day); !ok {
			return NationalID{}, ErrNationalIDDate
		}
	} else {
		var err error
		if birth, err = latestBirth(yy, month, day, today); err != nil {
			return NationalID{}, err
		}
	}
	if birth.After(today) {
		return NationalID{}, ErrNationalIDFuture
	}
	n.birth = birth
	return n, nil
}

// checkDigits applies the mod-11 rule: K2's weighted sum over all eleven
// digits must be 0 mod 11; K1's over the first ten must be 0 mod 11, or
// (numbers issued from 1 January 2032) 1, 2 or 3. It returns K1's
// remainder and whether both check digits hold.
func checkDigits(d [11]int) (k1rem int, ok bool) {
	sum1 := d[9]
	for i, w := range weightsK1 {
		sum1 += d[i] * w
	}
	if sum1%11 > 3 {
		return 0, false
	}
	sum2 := d[10] * 1
	for i, w := range weightsK2 {
		sum2 += d[i] * w
	}
	return sum1 % 11, sum2%11 == 0
}

// centuryOf derives the century from the individual number and the
// two-digit year (Skatteetaten's table of 1964, followed by every number
// whose K1 remainder is 0).
func centuryOf(individual, yy int) (int, bool) {
	switch {
	case individual <= 499:
		return 1900, true
	case individual <= 749 && yy >= 54:
		return 1800, true
	case yy <= 39: // 500–999
		return 2000, true
	case individual >= 900 && yy >= 40:
		return 1900, true
	}
	return 0, false
}

// dateOf returns the date year-month-day at midnight UTC, and false if
// there is no such date (31 April, 29 February outside leap years).
func dateOf(year, month, day int) (time.Time, bool) {
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || day < 1 || t.Day() != day || t.Month() != time.Month(month) {
		return time.Time{}, false
	}
	return t, true
}

// latestBirth is the birth date of a 2032-form number (our choice, as the
// number says nothing of the century): the latest year ending in yy whose
// month-day exists and is not after today. Two years are tried, the latest
// one ending in yy up to this year and the one a century before it; so
// 15.05.30 is 1930 in 2026 and 2030 from 15 May 2030 on, and 29.02.00 is
// 2000 in 2026 and still 2000 in 2100 (which has no 29 February). When
// neither year has the date it is ErrNationalIDDate (29.02.26, 31.04.xx);
// when only the later one has it, and that is after today (29.02.00 in
// January 2000, as 1900 has no 29 February), it is ErrNationalIDFuture.
func latestBirth(yy, month, day int, today time.Time) (time.Time, error) {
	y := today.Year() - ((today.Year()-yy)%100+100)%100
	exists := false
	for _, year := range [2]int{y, y - 100} {
		b, ok := dateOf(year, month, day)
		if !ok {
			continue
		}
		if !b.After(today) {
			return b, nil
		}
		exists = true
	}
	if exists {
		return time.Time{}, ErrNationalIDFuture
	}
	return time.Time{}, ErrNationalIDDate
}

// String returns the eleven digits.
func (n NationalID) String() string { return n.digits }

// IsZero reports whether n holds no number.
func (n NationalID) IsZero() bool { return n.digits == "" }

// BirthDate returns the birth date (at midnight UTC) the number encodes.
func (n NationalID) BirthDate() time.Time { return n.birth }

// Kind returns whether the number is a fødselsnummer, D-number or H-number.
func (n NationalID) Kind() IDKind { return n.kind }

// Synthetic reports whether the number is a synthetic test number (month + 80),
// which can never belong to a real person.
func (n NationalID) Synthetic() bool { return n.synthetic }

// Masked returns the number with the personal part hidden, "171090 *****",
// for screens and lists where the whole number is not needed.
func (n NationalID) Masked() string {
	if n.digits == "" {
		return ""
	}
	return n.digits[:6] + " *****"
}

// Formatted returns the number as "DDMMYY IIIKK" for reading aloud.
func (n NationalID) Formatted() string {
	if n.digits == "" {
		return ""
	}
	return n.digits[:6] + " " + n.digits[6:]
}

// SyntheticNationalID makes a valid synthetic national identity number
// (month + 80) for the given birth date, starting the search for an
// individual number at start (0–999) and taking the first one whose check
// digits exist. Demo data and examples use only these numbers.
//
// The numbers have K1 remainder 0, so their century comes from the 1964
// table and does not depend on the day they are read. Each is checked as
// on the birth date itself (noon in Oslo that day): SyntheticNationalID
// has no clock, and a caller that must not show a person not born yet
// checks birth against its own today.
func SyntheticNationalID(birth time.Time, start int) (NationalID, error) {
	y := birth.Year()
	asOf := time.Date(y, birth.Month(), birth.Day(), 12, 0, 0, 0, oslo)
	for i := 0; i < 1000; i++ {
		ind := (start + i) % 1000
		c, ok := centuryOf(ind, y%100)
		if !ok || c+y%100 != y {
			continue
		}
		s := fmt.Sprintf("%02d%02d%02d%03d", birth.Day(), int(birth.Month())+80, y%100, ind)
		var d [11]int
		for j := 0; j < 9; j++ {
			d[j] = int(s[j] - '0')
		}
		k1 := checkDigit(d[:9], weightsK1[:])
		if k1 < 0 {
			continue
		}
		d[9] = k1
		k2 := checkDigit(d[:10], weightsK2[:])
		if k2 < 0 {
			continue
		}
		n, err := ParseNationalID(fmt.Sprintf("%s%d%d", s, k1, k2), asOf)
		if err != nil {
			return NationalID{}, err
		}
		return n, nil
	}
	return NationalID{}, fmt.Errorf("model: no synthetic number for %s", birth.Format(time.DateOnly))
}

// checkDigit computes a mod-11 check digit, or -1 where none exists.
func checkDigit(d []int, weights []int) int {
	sum := 0
	for i, w := range weights {
		sum += d[i] * w
	}
	k := 11 - sum%11
	switch k {
	case 11:
		return 0
	case 10:
		return -1
	}
	return k
}
