package model_test

// This file holds an independent reference of the rules of domain.md §4,
// written from the specification and not from the code under test. The tests
// build numbers with it and compare ParseNationalID against it.

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// Weights from domain.md §4.
var (
	refWeightsK1 = []int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	refWeightsK2 = []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
)

// refDigits turns a string of ASCII digits into ints; it panics on anything
// else (test inputs only).
func refDigits(s string) []int {
	out := make([]int, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			panic(fmt.Sprintf("refDigits(%q): not a digit at %d", s, i))
		}
		out[i] = int(c - '0')
	}
	return out
}

// refWeighted is Σ d[i]·w[i] over len(w) digits.
func refWeighted(d, w []int) int {
	sum := 0
	for i := range w {
		sum += d[i] * w[i]
	}
	return sum
}

// refClassicCheckDigit is the classic mod-11 rule written as in domain.md:
// k = 11 − (sum mod 11); 11 means 0; 10 means no valid number (ok false).
func refClassicCheckDigit(d, w []int) (int, bool) {
	k := 11 - refWeighted(d, w)%11
	switch k {
	case 11:
		return 0, true
	case 10:
		return 0, false
	}
	return k, true
}

// refK1Remainder is the remainder mod 11 of the K1 sum including K1 itself
// (weight 1) over the first ten digits of an 11-digit number.
func refK1Remainder(d []int) int { return (refWeighted(d, refWeightsK1) + d[9]) % 11 }

// refK2Remainder is the remainder of the K2 sum including K2 (weight 1).
func refK2Remainder(d []int) int { return (refWeighted(d, refWeightsK2) + d[10]) % 11 }

// refMakeID appends K1 and K2 to a 9-digit prefix (DDMMYYIII). K1 is the
// digit that makes the K1 sum (K1 included) have remainder k1rem mod 11:
// 0 is the classic rule, 1–3 the 2032 rule. K2 is always the classic one.
// ok is false where no such digit exists.
func refMakeID(prefix string, k1rem int) (string, bool) {
	if len(prefix) != 9 {
		panic("refMakeID: prefix must have 9 digits: " + prefix)
	}
	d := refDigits(prefix)
	var k1 int
	if k1rem == 0 {
		var ok bool
		if k1, ok = refClassicCheckDigit(d, refWeightsK1); !ok {
			return "", false
		}
	} else {
		k1 = -1
		for c := 0; c <= 9; c++ {
			if (refWeighted(d, refWeightsK1)+c)%11 == k1rem {
				k1 = c
				break
			}
		}
		if k1 < 0 {
			return "", false
		}
	}
	d = append(d, k1)
	k2, ok := refClassicCheckDigit(d, refWeightsK2)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%s%d%d", prefix, k1, k2), true
}

// mustMakeID is refMakeID that searches individual numbers from ind upwards
// (within [lo, hi]) until one gives check digits; it fails the test if none.
func mustMakeID(t testing.TB, ddmmyy string, lo, hi, k1rem int) string {
	t.Helper()
	for ind := lo; ind <= hi; ind++ {
		if s, ok := refMakeID(fmt.Sprintf("%s%03d", ddmmyy, ind), k1rem); ok {
			return s
		}
	}
	t.Fatalf("no individual number in %d–%d gives check digits for %s (K1 remainder %d)", lo, hi, ddmmyy, k1rem)
	return ""
}

// The century table of domain.md §4, as data.
var refCenturyRows = []struct {
	indLo, indHi, yyLo, yyHi, base int
}{
	{0, 499, 0, 99, 1900},
	{500, 749, 54, 99, 1800},
	{500, 999, 0, 39, 2000},
	{900, 999, 40, 99, 1900},
}

func refCentury(ind, yy int) (int, bool) {
	for _, r := range refCenturyRows {
		if ind >= r.indLo && ind <= r.indHi && yy >= r.yyLo && yy <= r.yyHi {
			return r.base, true
		}
	}
	return 0, false
}

func refLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func refDaysIn(y, m int) int {
	switch m {
	case 1, 3, 5, 7, 8, 10, 12:
		return 31
	case 4, 6, 9, 11:
		return 30
	case 2:
		if refLeap(y) {
			return 29
		}
		return 28
	}
	return 0
}

// refID is what the reference expects of a number.
type refID struct {
	digits    string
	kind      model.IDKind
	synthetic bool
	birth     time.Time
	// errs is the set of sentinels that may be returned; empty means valid.
	errs []error
}

func (r refID) valid() bool { return len(r.errs) == 0 }

// allows reports whether err is one the reference allows.
func (r refID) allows(err error) bool {
	for _, e := range r.errs {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// refParse applies domain.md §4 to s on the day of now (in Europe/Oslo).
// Where several rules are broken at once, every broken rule's sentinel is
// in errs (the order in which the code checks is its own business), except
// that empty, non-digit and length problems come first as they leave
// nothing to check.
func refParse(s string, now time.Time) refID {
	s = strings.NewReplacer(" ", "", "\t", "", "\u00a0", "").Replace(s)
	if s == "" {
		return refID{errs: []error{model.ErrNationalIDEmpty}}
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return refID{errs: []error{model.ErrNationalIDDigits}}
		}
	}
	if len(s) != 11 {
		return refID{errs: []error{model.ErrNationalIDLength}}
	}
	d := refDigits(s)
	out := refID{digits: s, kind: model.KindFNR}
	k1rem := refK1Remainder(d)
	if k1rem > 3 || refK2Remainder(d) != 0 {
		out.errs = append(out.errs, model.ErrNationalIDChecksum)
	}
	day := d[0]*10 + d[1]
	month := d[2]*10 + d[3]
	yy := d[4]*10 + d[5]
	ind := d[6]*100 + d[7]*10 + d[8]

	dateOK := true
	isD, isH := false, false
	switch {
	case day >= 1 && day <= 31:
	case day >= 41 && day <= 71:
		isD = true
		day -= 40
	default:
		dateOK = false
	}
	switch {
	case month >= 1 && month <= 12:
	case month >= 41 && month <= 52:
		isH = true
		month -= 40
	case month >= 81 && month <= 92:
		out.synthetic = true
		month -= 80
	default:
		dateOK = false
	}
	if isD && isH {
		// A number is never both; the date under the two offsets may be
		// broken as well.
		out.errs = append(out.errs, model.ErrNationalIDDAndH)
	}
	switch {
	case isD:
		out.kind = model.KindDNR
	case isH:
		out.kind = model.KindHNR
	}
	y, m, dd := now.In(model.Oslo()).Date()
	today := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	exists := func(year int) bool { return dateOK && day <= refDaysIn(year, month) }

	if k1rem >= 1 && k1rem <= 3 {
		// The 2032 form: no century in the number. The latest year ending
		// in YY, within the two centuries up to today, whose date exists
		// and is not after today.
		found, existsLater := false, false
		for year := today.Year(); year > today.Year()-200; year-- {
			if ((year%100)+100)%100 != yy || !exists(year) {
				continue
			}
			b := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
			if b.After(today) {
				existsLater = true
				continue
			}
			out.birth, found = b, true
			break
		}
		switch {
		case found:
		case existsLater:
			out.errs = append(out.errs, model.ErrNationalIDFuture)
		default:
			out.errs = append(out.errs, model.ErrNationalIDDate)
		}
		if len(out.errs) > 0 {
			out.birth = time.Time{}
		}
		return out
	}

	base, centuryOK := refCentury(ind, yy)
	if !centuryOK {
		out.errs = append(out.errs, model.ErrNationalIDCentury)
		// Without a century, only a date that exists in no year at all
		// (29 February exists in leap years) is certainly wrong.
		if !exists(2000) {
			out.errs = append(out.errs, model.ErrNationalIDDate)
		}
		return out
	}
	year := base + yy
	if !exists(year) {
		out.errs = append(out.errs, model.ErrNationalIDDate)
		return out
	}
	b := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if b.After(today) {
		out.errs = append(out.errs, model.ErrNationalIDFuture)
	}
	if len(out.errs) == 0 {
		out.birth = b
	}
	return out
}

// testNow is the pinned "today" of the model tests: 2 December 2026, noon
// in Oslo.
var testNow = osloNoon(2026, time.December, 2)

// nowAfterTable is a "today" after every birth date the 1964 century table
// can give (the last is 31 December 2039), for tests of the table itself.
var nowAfterTable = osloNoon(2040, time.January, 1)

// date is a shorthand for a calendar date at midnight UTC.
func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ddmmyy writes the first six digits of a number for the given date, with
// the D-number (+40 day), H-number (+40 month) or synthetic (+80 month)
// offsets added.
func ddmmyy(b time.Time, dayOffset, monthOffset int) string {
	return fmt.Sprintf("%02d%02d%02d", b.Day()+dayOffset, int(b.Month())+monthOffset, b.Year()%100)
}

// sameDate reports whether t is exactly the calendar date y-m-d at midnight UTC.
func sameDate(t, want time.Time) bool {
	return t.Equal(want) && t.Location() == time.UTC
}
