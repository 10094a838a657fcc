package model_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// osloNoon is noon of the given day in Oslo: safely inside that day.
func osloNoon(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, model.Oslo())
}

func TestOsloIsEuropeOslo(t *testing.T) {
	if model.Oslo().String() != "Europe/Oslo" {
		t.Fatalf("Oslo() = %q", model.Oslo())
	}
	// Summer time is UTC+2, winter time UTC+1.
	_, summer := time.Date(2026, 7, 1, 12, 0, 0, 0, model.Oslo()).Zone()
	_, winter := time.Date(2026, 1, 1, 12, 0, 0, 0, model.Oslo()).Zone()
	if summer != 2*3600 || winter != 3600 {
		t.Fatalf("offsets %d %d", summer, winter)
	}
}

func TestToday(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		now  time.Time
		want time.Time
	}{
		{"summer: 22:30 UTC is next day in Oslo", time.Date(2026, 5, 14, 22, 30, 0, 0, time.UTC), date(2026, 5, 15)},
		{"summer: 21:59 UTC is same day in Oslo", time.Date(2026, 5, 14, 21, 59, 59, 0, time.UTC), date(2026, 5, 14)},
		{"summer: 22:00 UTC is midnight in Oslo", time.Date(2026, 5, 14, 22, 0, 0, 0, time.UTC), date(2026, 5, 15)},
		{"winter: 22:30 UTC is same day in Oslo", time.Date(2026, 1, 14, 22, 30, 0, 0, time.UTC), date(2026, 1, 14)},
		{"winter: 23:00 UTC is next day in Oslo", time.Date(2026, 1, 14, 23, 0, 0, 0, time.UTC), date(2026, 1, 15)},
		{"new year in Oslo", time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC), date(2026, 1, 1)},
		{"still old year in Oslo", time.Date(2025, 12, 31, 22, 59, 59, 0, time.UTC), date(2025, 12, 31)},
		{"given in New York", time.Date(2026, 5, 14, 18, 30, 0, 0, ny), date(2026, 5, 15)},
		{"given in Oslo", time.Date(2026, 5, 15, 0, 0, 0, 0, model.Oslo()), date(2026, 5, 15)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := model.Today(tc.now)
			if !sameDate(got, tc.want) {
				t.Errorf("Today(%v) = %v, want %v at midnight UTC", tc.now, got, tc.want)
			}
		})
	}
}

func TestAgeRulesOfEIDs(t *testing.T) {
	want := map[model.EIDKind]model.AgeRule{
		model.MinID:        model.AgeYearOf13,
		model.BankID:       model.AgeBirthday13,
		model.BankIDMobile: model.AgeBirthday13,
		model.Buypass:      model.AgeBirthday13,
		model.Commfides:    model.AgeNone,
	}
	for kind, rule := range want {
		t.Run(string(kind), func(t *testing.T) {
			e, ok := model.LookupEID(kind)
			if !ok {
				t.Fatal("not found")
			}
			if e.AgeRule != rule {
				t.Errorf("AgeRule = %v, want %v", e.AgeRule, rule)
			}
		})
	}
	for _, tc := range []struct {
		rule model.AgeRule
		min  int
	}{{model.AgeNone, 0}, {model.AgeYearOf13, 13}, {model.AgeBirthday13, 13}} {
		t.Run(fmt.Sprintf("MinimumAge of rule %d", tc.rule), func(t *testing.T) {
			if got := tc.rule.MinimumAge(); got != tc.min {
				t.Errorf("MinimumAge = %d, want %d", got, tc.min)
			}
		})
	}
}

func TestAgeYearOf13MinID(t *testing.T) {
	tests := []struct {
		name  string
		birth time.Time
		now   time.Time
		want  bool
	}{
		{"born 31 Dec 2013, 1 Jan 2026 (still 12)", date(2013, 12, 31), osloNoon(2026, 1, 1), true},
		{"born 31 Dec 2013, 31 Dec 2025", date(2013, 12, 31), osloNoon(2025, 12, 31), false},
		{"born 1 Jan 2013, 1 Jan 2026 (13th birthday)", date(2013, 1, 1), osloNoon(2026, 1, 1), true},
		{"born 1 Jan 2013, 31 Dec 2025", date(2013, 1, 1), osloNoon(2025, 12, 31), false},
		{"born June 2013, February 2026 (before birthday)", date(2013, 6, 15), osloNoon(2026, 2, 10), true},
		{"born 2014, 2026", date(2014, 1, 1), osloNoon(2026, 12, 31), false},
		{"born 2000, 2026", date(2000, 5, 5), osloNoon(2026, 1, 1), true},
		{"born 29 Feb 2012, 1 Jan 2025", date(2012, 2, 29), osloNoon(2025, 1, 1), true},
		{"born 29 Feb 2012, 31 Dec 2024", date(2012, 2, 29), osloNoon(2024, 12, 31), false},
		{"Oslo new year at 23:00 UTC", date(2013, 12, 31), time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC), true},
		{"Oslo old year at 22:59 UTC", date(2013, 12, 31), time.Date(2025, 12, 31, 22, 59, 59, 0, time.UTC), false},
		{"newborn", date(2026, 5, 15), osloNoon(2026, 5, 15), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := model.AgeYearOf13.Allows(tc.birth, tc.now); got != tc.want {
				t.Errorf("Allows(%s, %v) = %v, want %v", tc.birth.Format(time.DateOnly), tc.now, got, tc.want)
			}
			e, _ := model.LookupEID(model.MinID)
			if got := e.AgeRule.Allows(tc.birth, tc.now); got != tc.want {
				t.Errorf("MinID rule Allows = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAgeBirthday13(t *testing.T) {
	tests := []struct {
		name  string
		birth time.Time
		now   time.Time
		want  bool
	}{
		{"day before 13th birthday", date(2013, 5, 15), osloNoon(2026, 5, 14), false},
		{"13th birthday", date(2013, 5, 15), osloNoon(2026, 5, 15), true},
		{"day after 13th birthday", date(2013, 5, 15), osloNoon(2026, 5, 16), true},
		{"years older", date(1950, 1, 1), osloNoon(2026, 5, 16), true},
		{"same year, before birthday", date(2013, 12, 31), osloNoon(2026, 1, 1), false},
		{"Oslo summer: 22:30 UTC on the 14th is the 15th", date(2013, 5, 15), time.Date(2026, 5, 14, 22, 30, 0, 0, time.UTC), true},
		{"Oslo summer: 21:30 UTC on the 14th is the 14th", date(2013, 5, 15), time.Date(2026, 5, 14, 21, 30, 0, 0, time.UTC), false},
		{"Oslo winter: 23:30 UTC on the 14th is the 15th", date(2013, 1, 15), time.Date(2026, 1, 14, 23, 30, 0, 0, time.UTC), true},
		{"Oslo winter: 22:30 UTC on the 14th is the 14th", date(2013, 1, 15), time.Date(2026, 1, 14, 22, 30, 0, 0, time.UTC), false},
		{"29 Feb 2012, on 28 Feb 2025", date(2012, 2, 29), osloNoon(2025, 2, 28), false},
		{"29 Feb 2012, on 1 Mar 2025", date(2012, 2, 29), osloNoon(2025, 3, 1), true},
		{"29 Feb 2016, on 28 Feb 2029", date(2016, 2, 29), osloNoon(2029, 2, 28), false},
		{"29 Feb 2016, on 1 Mar 2029", date(2016, 2, 29), osloNoon(2029, 3, 1), true},
		{"born 28 Feb 2011, on 28 Feb 2024 (leap)", date(2011, 2, 28), osloNoon(2024, 2, 28), true},
		{"born 1 Mar 2011, on 29 Feb 2024", date(2011, 3, 1), osloNoon(2024, 2, 29), false},
	}
	for _, tc := range tests {
		for _, kind := range []model.EIDKind{model.BankID, model.BankIDMobile, model.Buypass} {
			t.Run(tc.name+"/"+string(kind), func(t *testing.T) {
				e, _ := model.LookupEID(kind)
				if got := e.AgeRule.Allows(tc.birth, tc.now); got != tc.want {
					t.Errorf("Allows(%s, %v) = %v, want %v", tc.birth.Format(time.DateOnly), tc.now, got, tc.want)
				}
			})
		}
	}
}

func TestAgeNoneCommfides(t *testing.T) {
	e, _ := model.LookupEID(model.Commfides)
	for _, tc := range []struct {
		name  string
		birth time.Time
		now   time.Time
	}{
		{"newborn", date(2026, 5, 15), osloNoon(2026, 5, 15)},
		{"born in Oslo today, 23:30 UTC the day before", date(2026, 5, 15), time.Date(2026, 5, 14, 23, 30, 0, 0, time.UTC)},
		{"one year", date(2025, 5, 15), osloNoon(2026, 5, 15)},
		{"twelve years", date(2013, 5, 16), osloNoon(2026, 5, 15)},
		{"old", date(1900, 1, 1), osloNoon(2026, 5, 15)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !e.AgeRule.Allows(tc.birth, tc.now) {
				t.Error("Commfides refused; it has no age limit")
			}
			if !e.AgeRule.AllowedFrom(tc.birth).IsZero() {
				t.Errorf("AllowedFrom = %v, want zero", e.AgeRule.AllowedFrom(tc.birth))
			}
		})
	}
}

func TestAgeOn(t *testing.T) {
	tests := []struct {
		name  string
		birth time.Time
		now   time.Time
		want  int
	}{
		{"newborn", date(2026, 5, 15), osloNoon(2026, 5, 15), 0},
		{"day before first birthday", date(2025, 5, 15), osloNoon(2026, 5, 14), 0},
		{"first birthday", date(2025, 5, 15), osloNoon(2026, 5, 15), 1},
		{"day before 13", date(2013, 5, 15), osloNoon(2026, 5, 14), 12},
		{"13th birthday", date(2013, 5, 15), osloNoon(2026, 5, 15), 13},
		{"Oslo boundary summer", date(2013, 5, 15), time.Date(2026, 5, 14, 22, 30, 0, 0, time.UTC), 13},
		{"before Oslo boundary", date(2013, 5, 15), time.Date(2026, 5, 14, 21, 59, 0, 0, time.UTC), 12},
		{"29 Feb, 28 Feb non-leap", date(2000, 2, 29), osloNoon(2001, 2, 28), 0},
		{"29 Feb, 1 Mar non-leap", date(2000, 2, 29), osloNoon(2001, 3, 1), 1},
		{"29 Feb, 29 Feb leap", date(2000, 2, 29), osloNoon(2004, 2, 29), 4},
		{"29 Feb, 28 Feb leap", date(2000, 2, 29), osloNoon(2004, 2, 28), 3},
		{"31 Dec, 1 Jan", date(1990, 12, 31), osloNoon(2026, 1, 1), 35},
		{"1899", date(1899, 12, 31), osloNoon(2026, 1, 1), 126},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := model.AgeOn(tc.birth, tc.now); got != tc.want {
				t.Errorf("AgeOn(%s, %v) = %d, want %d", tc.birth.Format(time.DateOnly), tc.now, got, tc.want)
			}
		})
	}
}

func TestAllowedFrom(t *testing.T) {
	tests := []struct {
		name  string
		rule  model.AgeRule
		birth time.Time
		want  time.Time
	}{
		{"MinID: 1 Jan of the year of 13", model.AgeYearOf13, date(2013, 5, 15), date(2026, 1, 1)},
		{"MinID: born 31 Dec", model.AgeYearOf13, date(2013, 12, 31), date(2026, 1, 1)},
		{"MinID: born 29 Feb", model.AgeYearOf13, date(2012, 2, 29), date(2025, 1, 1)},
		{"BankID: 13th birthday", model.AgeBirthday13, date(2013, 5, 15), date(2026, 5, 15)},
		{"BankID: 29 Feb to 1 Mar", model.AgeBirthday13, date(2012, 2, 29), date(2025, 3, 1)},
		{"BankID: 28 Feb stays 28 Feb", model.AgeBirthday13, date(2011, 2, 28), date(2024, 2, 28)},
		{"BankID: 29 Feb 1996 to 1 Mar 2009", model.AgeBirthday13, date(1996, 2, 29), date(2009, 3, 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.rule.AllowedFrom(tc.birth)
			if !sameDate(got, tc.want) {
				t.Errorf("AllowedFrom(%s) = %v, want %v", tc.birth.Format(time.DateOnly), got, tc.want)
			}
		})
	}
}

// Allows and AllowedFrom must agree on every day around the limit, for
// births all through a leap cycle.
func TestAllowsAgreesWithAllowedFrom(t *testing.T) {
	for _, rule := range []model.AgeRule{model.AgeYearOf13, model.AgeBirthday13} {
		for birth := date(2008, 1, 1); birth.Before(date(2013, 1, 1)); birth = birth.AddDate(0, 0, 1) {
			from := rule.AllowedFrom(birth)
			for _, delta := range []int{-400, -2, -1, 0, 1, 2} {
				day := from.AddDate(0, 0, delta)
				// Check just after midnight and just before midnight, Oslo time.
				for _, now := range []time.Time{
					time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 1, 0, model.Oslo()),
					time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, model.Oslo()),
				} {
					if got, want := rule.Allows(birth, now), delta >= 0; got != want {
						t.Fatalf("rule %d, birth %s, now %v: Allows %v, want %v (AllowedFrom %s)",
							rule, birth.Format(time.DateOnly), now, got, want, from.Format(time.DateOnly))
					}
				}
			}
		}
	}
}

// An independent age count: whole years by counting birthdays (a 29 February
// birthday is held on 1 March in other years).
func TestAgeOnAgainstBirthdayCount(t *testing.T) {
	now := osloNoon(2026, 3, 1)
	for birth := date(1996, 1, 1); birth.Before(date(2026, 3, 2)); birth = birth.AddDate(0, 0, 1) {
		want := 0
		for y := birth.Year() + 1; y <= 2026; y++ {
			m, d := birth.Month(), birth.Day()
			if m == 2 && d == 29 && !refLeap(y) {
				m, d = 3, 1
			}
			if !date(y, m, d).After(date(2026, 3, 1)) {
				want++
			}
		}
		if got := model.AgeOn(birth, now); got != want {
			t.Fatalf("AgeOn(%s) = %d, want %d", birth.Format(time.DateOnly), got, want)
		}
	}
}
