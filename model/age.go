package model

import (
	"time"
	_ "time/tzdata" // Europe/Oslo must resolve on machines without zoneinfo.
)

// AgeRule is an eID's minimum age rule.
type AgeRule int

// The age rules of the five eIDs (domain.md §2).
const (
	// AgeNone: no age limit (Commfides).
	AgeNone AgeRule = iota
	// AgeYearOf13: can be had from the calendar year the person turns 13 (MinID).
	AgeYearOf13
	// AgeBirthday13: the 13th birthday must have been reached (BankID, Buypass ID).
	AgeBirthday13
)

// MinimumAge is the age the rule is about: 13, or 0 for no limit.
func (r AgeRule) MinimumAge() int {
	if r == AgeNone {
		return 0
	}
	return 13
}

var oslo = mustLoadOslo()

func mustLoadOslo() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic("model: Europe/Oslo not available: " + err.Error())
	}
	return loc
}

// Oslo is the Europe/Oslo time zone, in which ages and dates are reckoned.
func Oslo() *time.Location { return oslo }

// Today returns the calendar date of now in Europe/Oslo, at midnight UTC, so
// it compares directly with birth dates.
func Today(now time.Time) time.Time {
	y, m, d := now.In(oslo).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Allows reports whether a person born on birth may have an eID with this
// rule on the day of now (reckoned in Europe/Oslo).
func (r AgeRule) Allows(birth, now time.Time) bool {
	today := Today(now)
	switch r {
	case AgeYearOf13:
		return birth.Year() <= today.Year()-13
	case AgeBirthday13:
		return AgeOn(birth, now) >= 13
	default:
		return true
	}
}

// AllowedFrom returns the first day a person born on birth may have an eID
// with this rule; the zero time for AgeNone.
func (r AgeRule) AllowedFrom(birth time.Time) time.Time {
	switch r {
	case AgeYearOf13:
		return time.Date(birth.Year()+13, time.January, 1, 0, 0, 0, 0, time.UTC)
	case AgeBirthday13:
		return AddYears(birth, 13)
	default:
		return time.Time{}
	}
}

// AddYears adds n years to a birth date; 29 February becomes 1 March in a
// year that has no 29 February (the usual Norwegian reckoning of birthdays).
func AddYears(birth time.Time, n int) time.Time {
	return time.Date(birth.Year()+n, birth.Month(), birth.Day(), 0, 0, 0, 0, time.UTC)
}

// AgeOn returns the age in whole years, on the day of now in Europe/Oslo, of
// a person born on birth.
func AgeOn(birth, now time.Time) int {
	today := Today(now)
	age := today.Year() - birth.Year()
	if today.Before(AddYears(birth, age)) {
		age--
	}
	return age
}
