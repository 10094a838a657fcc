package model_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// First, the reference helpers themselves are checked against the numbers
// published in domain.md, so that a mistake in them cannot hide one in the
// code.
func TestReferenceAgreesWithPublishedExamples(t *testing.T) {
	for _, s := range []string{"31129956715", "08089409382", "15850651229", "17889033371", "55850651212"} {
		got, ok := refMakeID(s[:9], 0)
		if !ok || got != s {
			t.Errorf("refMakeID(%s) = %q, %v; want %s", s[:9], got, ok, s)
		}
		if r := refParse(s, testNow); !r.valid() {
			t.Errorf("refParse(%s) invalid: %v", s, r.errs)
		}
	}
	for _, s := range []string{"31129956716", "12345678910", "1234567890"} {
		if r := refParse(s, testNow); r.valid() {
			t.Errorf("refParse(%s) valid, want invalid", s)
		}
	}
}

func TestParseNationalIDPublishedExamples(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		birth     time.Time
		kind      model.IDKind
		synthetic bool
	}{
		{"fnr born 1899", "31129956715", date(1899, 12, 31), model.KindFNR, false},
		{"Digdir test user 1994", "08089409382", date(1994, 8, 8), model.KindFNR, false},
		{"synthetic 2006", "15850651229", date(2006, 5, 15), model.KindFNR, true},
		{"synthetic 1990", "17889033371", date(1990, 8, 17), model.KindFNR, true},
		{"D-number and synthetic 2006", "55850651212", date(2006, 5, 15), model.KindDNR, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := model.ParseNationalID(tc.in, testNow)
			if err != nil {
				t.Fatalf("ParseNationalID(%q): %v", tc.in, err)
			}
			if !sameDate(n.BirthDate(), tc.birth) {
				t.Errorf("BirthDate = %v, want %v", n.BirthDate(), tc.birth)
			}
			if n.Kind() != tc.kind {
				t.Errorf("Kind = %q, want %q", n.Kind(), tc.kind)
			}
			if n.Synthetic() != tc.synthetic {
				t.Errorf("Synthetic = %v, want %v", n.Synthetic(), tc.synthetic)
			}
			if n.String() != tc.in {
				t.Errorf("String = %q, want %q", n.String(), tc.in)
			}
			if n.IsZero() {
				t.Error("IsZero = true for a parsed number")
			}
			if want := tc.in[:6] + " *****"; n.Masked() != want {
				t.Errorf("Masked = %q, want %q", n.Masked(), want)
			}
			if want := tc.in[:6] + " " + tc.in[6:]; n.Formatted() != want {
				t.Errorf("Formatted = %q, want %q", n.Formatted(), want)
			}
		})
	}
}

func TestParseNationalIDErrors(t *testing.T) {
	valid := "08089409382"
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"published: wrong check digit", "31129956716", model.ErrNationalIDChecksum},
		{"published: K2 does not match", "12345678910", model.ErrNationalIDChecksum},
		{"published: 10 digits", "1234567890", model.ErrNationalIDLength},
		{"empty", "", model.ErrNationalIDEmpty},
		{"only spaces", "   ", model.ErrNationalIDEmpty},
		{"12 digits", valid + "0", model.ErrNationalIDLength},
		{"1 digit", "0", model.ErrNationalIDLength},
		{"letter inside", "0808940938a", model.ErrNationalIDDigits},
		{"letter instead of digit, 11 chars", "O8089409382", model.ErrNationalIDDigits},
		{"letters only", "abcdefghijk", model.ErrNationalIDDigits},
		{"hyphen", "080894-09382", model.ErrNationalIDDigits},
		{"full-width digits", "０８０８９４０９３８２", model.ErrNationalIDDigits},
		{"K2 changed", valid[:10] + "3", model.ErrNationalIDChecksum},
		{"K1 changed", valid[:9] + "9" + valid[10:], model.ErrNationalIDChecksum},
		{"two digits swapped", "08089490382", model.ErrNationalIDChecksum},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := model.ParseNationalID(tc.in, testNow)
			if !errors.Is(err, tc.want) {
				t.Fatalf("ParseNationalID(%q) error = %v, want %v", tc.in, err, tc.want)
			}
			if !n.IsZero() {
				t.Errorf("a failed parse returned a non-zero number %q", n.String())
			}
		})
	}
}

// domain.md §4: "0101901047 followed by any digit" is invalid, as K2 would
// be 10; and the examples of the task on the pinned today.
func TestParseNationalIDPublishedInvalid(t *testing.T) {
	for k2 := 0; k2 <= 9; k2++ {
		s := fmt.Sprintf("0101901047%d", k2)
		t.Run(s, func(t *testing.T) {
			if _, err := model.ParseNationalID(s, testNow); !errors.Is(err, model.ErrNationalIDChecksum) {
				t.Errorf("error %v, want checksum (K2 would be 10)", err)
			}
		})
	}
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"01013950187 is 2039: not born yet", "01013950187", model.ErrNationalIDFuture},
		{"31129956716 check digit", "31129956716", model.ErrNationalIDChecksum},
		{"12345678910 K2", "12345678910", model.ErrNationalIDChecksum},
		{"1234567890 is 10 digits", "1234567890", model.ErrNationalIDLength},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := model.ParseNationalID(tc.in, testNow); !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
			if ref := refParse(tc.in, testNow); !ref.allows(tc.want) {
				t.Errorf("reference allows %v, not %v", ref.errs, tc.want)
			}
		})
	}
}

func TestParseNationalIDSpaces(t *testing.T) {
	want := "08089409382"
	for _, in := range []string{
		"080894 09382",
		"080894 093 82",
		" 08089409382 ",
		"08 08 94 09382",
		"0 8 0 8 9 4 0 9 3 8 2",
		"080894\u00a009382",
		"080894\t09382",
	} {
		t.Run(fmt.Sprintf("%q", in), func(t *testing.T) {
			n, err := model.ParseNationalID(in, testNow)
			if err != nil {
				t.Fatalf("ParseNationalID(%q): %v", in, err)
			}
			if n.String() != want {
				t.Errorf("String = %q, want %q (spaces removed)", n.String(), want)
			}
		})
	}
}

// Every one of the nine K1 weights and ten K2 weights matters: changing any
// single digit of a valid number by any amount must break a check digit
// (mod 11 with weights 1–9 catches every single-digit error).
func TestParseNationalIDEverySingleDigitChangeIsCaught(t *testing.T) {
	for _, valid := range []string{"08089409382", "31129956715", "17889033371"} {
		t.Run(valid, func(t *testing.T) {
			for i := 0; i < 11; i++ {
				for c := byte('0'); c <= '9'; c++ {
					if valid[i] == c {
						continue
					}
					s := valid[:i] + string(c) + valid[i+1:]
					ref := refParse(s, testNow)
					_, err := model.ParseNationalID(s, testNow)
					// The 2032 rule lets a changed K1 with remainder 1–3
					// pass the K1 test; K2 still catches it unless the
					// reference says the number is valid.
					if ref.valid() {
						if err != nil {
							t.Errorf("%s: reference says valid, got %v", s, err)
						}
						continue
					}
					if err == nil {
						t.Errorf("%s (digit %d changed to %c) accepted", s, i+1, c)
					} else if !ref.allows(err) {
						t.Errorf("%s: error %v, reference allows %v", s, err, ref.errs)
					}
				}
			}
		})
	}
}

func TestParseNationalIDCheckDigitRules(t *testing.T) {
	// A 1970s fødselsnummer prefix whose classic K1 exists.
	base := mustMakeID(t, "010170", 100, 499, 0)
	d := refDigits(base)

	t.Run("K1 weights 3 7 6 1 8 9 4 5 2 give remainder 0", func(t *testing.T) {
		if r := refK1Remainder(d); r != 0 {
			t.Fatalf("helper built K1 remainder %d", r)
		}
		if _, err := model.ParseNationalID(base, testNow); err != nil {
			t.Fatalf("%s: %v", base, err)
		}
	})
	t.Run("K2 weights 5 4 3 2 7 6 5 4 3 2 give remainder 0", func(t *testing.T) {
		if r := refK2Remainder(d); r != 0 {
			t.Fatalf("helper built K2 remainder %d", r)
		}
		for k2 := 0; k2 <= 9; k2++ {
			s := base[:10] + fmt.Sprint(k2)
			_, err := model.ParseNationalID(s, testNow)
			if s == base {
				if err != nil {
					t.Errorf("%s: %v", s, err)
				}
			} else if !errors.Is(err, model.ErrNationalIDChecksum) {
				t.Errorf("%s: error %v, want checksum", s, err)
			}
		}
	})
	t.Run("K1 computed 11 means 0", func(t *testing.T) {
		// Find a prefix whose K1 weighted sum is 0 mod 11.
		for ind := 0; ind <= 499; ind++ {
			p := fmt.Sprintf("010170%03d", ind)
			if refWeighted(refDigits(p), refWeightsK1)%11 != 0 {
				continue
			}
			s, ok := refMakeID(p, 0)
			if !ok {
				continue
			}
			if s[9] != '0' {
				t.Fatalf("helper: K1 %c, want 0", s[9])
			}
			if _, err := model.ParseNationalID(s, testNow); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			return
		}
		t.Fatal("no prefix found")
	})
	t.Run("K2 computed 11 means 0", func(t *testing.T) {
		for ind := 0; ind <= 499; ind++ {
			s, ok := refMakeID(fmt.Sprintf("010170%03d", ind), 0)
			if !ok || s[10] != '0' {
				continue
			}
			if _, err := model.ParseNationalID(s, testNow); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			return
		}
		t.Fatal("no prefix found")
	})
	t.Run("K2 computed 10: no number with that prefix is valid", func(t *testing.T) {
		found := 0
		for ind := 0; ind <= 499 && found < 5; ind++ {
			p := fmt.Sprintf("010170%03d", ind)
			pd := refDigits(p)
			k1, ok := refClassicCheckDigit(pd, refWeightsK1)
			if !ok {
				continue
			}
			p10 := p + fmt.Sprint(k1)
			if _, ok := refClassicCheckDigit(refDigits(p10), refWeightsK2); ok {
				continue
			}
			found++
			for k2 := 0; k2 <= 9; k2++ {
				s := p10 + fmt.Sprint(k2)
				if _, err := model.ParseNationalID(s, testNow); !errors.Is(err, model.ErrNationalIDChecksum) {
					t.Errorf("%s: error %v, want checksum (K2 would be 10)", s, err)
				}
			}
		}
		if found == 0 {
			t.Fatal("no prefix with K2 = 10 found")
		}
	})
	t.Run("K1 computed 10: no classic K1, only 2032 remainders 1-3 pass", func(t *testing.T) {
		// Where 11 − (sum mod 11) = 10 no digit gives remainder 0. The 2032
		// rule still lets the digits giving remainder 1, 2 or 3 through
		// (with an exact K2); every other digit must be refused.
		found := 0
		for ind := 0; ind <= 499 && found < 5; ind++ {
			p := fmt.Sprintf("010170%03d", ind)
			pd := refDigits(p)
			if _, ok := refClassicCheckDigit(pd, refWeightsK1); ok {
				continue
			}
			found++
			for k1 := 0; k1 <= 9; k1++ {
				rem := (refWeighted(pd, refWeightsK1) + k1) % 11
				if rem == 0 {
					t.Fatalf("helper: remainder 0 with K1=%d on %s", k1, p)
				}
				p10 := p + fmt.Sprint(k1)
				k2, ok := refClassicCheckDigit(refDigits(p10), refWeightsK2)
				if !ok {
					continue
				}
				s := fmt.Sprintf("%s%d", p10, k2)
				_, err := model.ParseNationalID(s, testNow)
				if rem <= 3 {
					if err != nil {
						t.Errorf("%s: K1 remainder %d should pass (2032 rule): %v", s, rem, err)
					}
				} else if !errors.Is(err, model.ErrNationalIDChecksum) {
					t.Errorf("%s: K1 remainder %d: error %v, want checksum", s, rem, err)
				}
			}
		}
		if found == 0 {
			t.Fatal("no prefix with K1 = 10 found")
		}
	})
}

func TestParseNationalID2032Rule(t *testing.T) {
	for _, rem := range []int{1, 2, 3} {
		for _, c := range []struct {
			name   string
			ddmmyy string
			lo, hi int
			now    time.Time
			birth  time.Time
			kind   model.IDKind
			synth  bool
		}{
			// The 2032 form carries no century: the latest year ending in
			// YY that does not put the date after today.
			{"fnr 150332 in 2026 is 1932", "150332", 500, 999, testNow, date(1932, 3, 15), model.KindFNR, false},
			{"fnr 150332 in 2040 is 2032", "150332", 500, 999, nowAfterTable, date(2032, 3, 15), model.KindFNR, false},
			{"fnr 010185, individual number 000-499", "010185", 0, 499, testNow, date(1985, 1, 1), model.KindFNR, false},
			{"fnr 010185, individual number 500-999", "010185", 500, 999, testNow, date(1985, 1, 1), model.KindFNR, false},
			{"fnr 010145, no century in the 1964 table", "010145", 500, 899, testNow, date(1945, 1, 1), model.KindFNR, false},
			{"fnr 010160, individual number 750-899", "010160", 750, 899, testNow, date(1960, 1, 1), model.KindFNR, false},
			{"synthetic 158533 in 2026 is 1933", "158533", 500, 999, testNow, date(1933, 5, 15), model.KindFNR, true},
			{"synthetic 158533 in 2040 is 2033", "158533", 500, 999, nowAfterTable, date(2033, 5, 15), model.KindFNR, true},
			{"D-number 411235 in 2026 is 1935", "411235", 500, 999, testNow, date(1935, 12, 1), model.KindDNR, false},
			{"H-number 014299 is 1999", "014299", 0, 999, testNow, date(1999, 2, 1), model.KindHNR, false},
			{"fnr 021226 on 2 December 2026 is today", "021226", 0, 999, testNow, date(2026, 12, 2), model.KindFNR, false},
			{"fnr 031226 on 2 December 2026 is 1926", "031226", 0, 999, testNow, date(1926, 12, 3), model.KindFNR, false},
		} {
			t.Run(fmt.Sprintf("%s, remainder %d, accepted", c.name, rem), func(t *testing.T) {
				s := mustMakeID(t, c.ddmmyy, c.lo, c.hi, rem)
				if got := refK1Remainder(refDigits(s)); got != rem {
					t.Fatalf("helper built remainder %d", got)
				}
				n, err := model.ParseNationalID(s, c.now)
				if err != nil {
					t.Fatalf("%s: %v", s, err)
				}
				if !sameDate(n.BirthDate(), c.birth) || n.Kind() != c.kind || n.Synthetic() != c.synth {
					t.Errorf("%s: got %v %s %v, want %v %s %v", s, n.BirthDate(), n.Kind(), n.Synthetic(), c.birth, c.kind, c.synth)
				}
			})
			t.Run(fmt.Sprintf("%s, remainder %d, K2 off by one refused", c.name, rem), func(t *testing.T) {
				s := mustMakeID(t, c.ddmmyy, c.lo, c.hi, rem)
				k2 := (int(s[10]-'0') + 1) % 10
				bad := s[:10] + fmt.Sprint(k2)
				if _, err := model.ParseNationalID(bad, c.now); !errors.Is(err, model.ErrNationalIDChecksum) {
					t.Errorf("%s: error %v, want checksum (K2 unchanged by the 2032 rule)", bad, err)
				}
			})
		}
	}
	for rem := 4; rem <= 10; rem++ {
		t.Run(fmt.Sprintf("K1 remainder %d refused", rem), func(t *testing.T) {
			s := mustMakeID(t, "150332", 500, 999, rem)
			if _, err := model.ParseNationalID(s, testNow); !errors.Is(err, model.ErrNationalIDChecksum) {
				t.Errorf("%s: error %v, want checksum", s, err)
			}
		})
	}
}

// Every individual number 000–999 is allowed in the 2032 form: it says
// nothing of the century.
func TestParseNationalID2032AnyIndividualNumber(t *testing.T) {
	accepted := 0
	for ind := 0; ind <= 999; ind++ {
		for rem := 1; rem <= 3; rem++ {
			s, ok := refMakeID(fmt.Sprintf("150545%03d", ind), rem)
			if !ok {
				continue
			}
			n, err := model.ParseNationalID(s, testNow)
			if err != nil || !sameDate(n.BirthDate(), date(1945, 5, 15)) {
				t.Errorf("%s (individual number %03d, remainder %d): %v, born %v; want 1945-05-15", s, ind, rem, err, n.BirthDate())
			}
			accepted++
		}
	}
	if accepted < 1000 {
		t.Errorf("only %d numbers built", accepted)
	}
}

// The numbers of the task and of domain.md §4 in the 2032 form.
func TestParseNationalID2032Examples(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		now   time.Time
		birth time.Time
		err   error
	}{
		{"30108289984 is 1982-10-30", "30108289984", testNow, date(1982, 10, 30), nil},
		{"30108299939 is 1982-10-30", "30108299939", testNow, date(1982, 10, 30), nil},
		{"29029675048 is 1996-02-29", "29029675048", testNow, date(1996, 2, 29), nil},
		{"29020000072 is 2000-02-29", "29020000072", testNow, date(2000, 2, 29), nil},
		{"15053099901 is 1930-05-15 on 2026-12-02", "15053099901", testNow, date(1930, 5, 15), nil},
		{"15053099901 is 1930-05-15 on 2030-05-14", "15053099901", osloNoon(2030, 5, 14), date(1930, 5, 15), nil},
		{"15053099901 is 2030-05-15 on its day", "15053099901", osloNoon(2030, 5, 15), date(2030, 5, 15), nil},
		{"15053099901 is 2030-05-15 in 2129", "15053099901", osloNoon(2129, 12, 31), date(2030, 5, 15), nil},
		{"15053099901 is 2130-05-15 in 2130", "15053099901", osloNoon(2130, 6, 1), date(2130, 5, 15), nil},
		{"29020000072 on 2000-02-29 is that day", "29020000072", osloNoon(2000, 2, 29), date(2000, 2, 29), nil},
		{"29020000072 on 2000-02-28: 1900 has no 29 February", "29020000072", osloNoon(2000, 2, 28), time.Time{}, model.ErrNationalIDFuture},
		{"29020000072 in 2100: 2100 has none, back to 2000", "29020000072", osloNoon(2100, 3, 1), date(2000, 2, 29), nil},
		{"29020000072 in 2199 is still 2000", "29020000072", osloNoon(2199, 12, 31), date(2000, 2, 29), nil},
		{"29020000072 in 2200: 2100 and 2200 have none", "29020000072", osloNoon(2200, 3, 1), time.Time{}, model.ErrNationalIDDate},
		{"29020000072 in 2400 is 2400", "29020000072", osloNoon(2400, 3, 1), date(2400, 2, 29), nil},
		{"29029675048 on 1996-02-28: 1896 is leap", "29029675048", osloNoon(1996, 2, 28), date(1896, 2, 29), nil},
		{"29029675048 in 2096 before the day", "29029675048", osloNoon(2096, 2, 28), date(1996, 2, 29), nil},
		{"29029675048 in 2096 on the day", "29029675048", osloNoon(2096, 2, 29), date(2096, 2, 29), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if r := refK1Remainder(refDigits(tc.in)); r < 1 || r > 3 {
				t.Fatalf("%s: K1 remainder %d, not the 2032 form", tc.in, r)
			}
			n, err := model.ParseNationalID(tc.in, tc.now)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("ParseNationalID(%s, %s) = %v, %v; want %v", tc.in, tc.now.Format(time.DateOnly), n.BirthDate(), err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseNationalID(%s, %s): %v", tc.in, tc.now.Format(time.DateOnly), err)
			}
			if !sameDate(n.BirthDate(), tc.birth) || n.Kind() != model.KindFNR || n.Synthetic() {
				t.Errorf("%s: born %v, kind %s, synthetic %v; want %v, fnr, not synthetic", tc.in, n.BirthDate(), n.Kind(), n.Synthetic(), tc.birth)
			}
			if ref := refParse(tc.in, tc.now); !ref.valid() || !sameDate(ref.birth, tc.birth) {
				t.Errorf("reference: %v, born %v", ref.errs, ref.birth)
			}
		})
	}
}

// The century boundary of the 2032 form: a birth date of exactly today is
// valid and read as this century; tomorrow's is a century earlier; 29
// February of a year without one goes back to the leap year a century
// before, or is no date.
func TestParseNationalID2032CenturyBoundary(t *testing.T) {
	tests := []struct {
		name   string
		ddmmyy string
		now    time.Time
		birth  time.Time
		err    error
	}{
		{"today", "021226", testNow, date(2026, 12, 2), nil},
		{"tomorrow is a century ago", "031226", testNow, date(1926, 12, 3), nil},
		{"yesterday", "011226", testNow, date(2026, 12, 1), nil},
		{"next year's digits", "010127", testNow, date(1927, 1, 1), nil},
		{"a century and a day ago", "011226", osloNoon(2026, 12, 1), date(2026, 12, 1), nil},
		{"today just after midnight in Oslo", "021226", time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC), date(2026, 12, 2), nil},
		{"today is still tomorrow in Oslo only", "021226", time.Date(2026, 12, 1, 22, 30, 0, 0, time.UTC), date(1926, 12, 2), nil},
		{"29 February 2024 in 2026", "290224", testNow, date(2024, 2, 29), nil},
		{"29 February 00 in 2026 is 2000 (leap)", "290200", testNow, date(2000, 2, 29), nil},
		{"29 February 00 in 1999: 1900 has none", "290200", osloNoon(1999, 6, 1), time.Time{}, model.ErrNationalIDDate},
		{"29 February 26 exists in no year", "290226", testNow, time.Time{}, model.ErrNationalIDDate},
		{"29 February 28 in 2026 is 1928", "290228", testNow, date(1928, 2, 29), nil},
		{"29 February 28 in 2028 on the day", "290228", osloNoon(2028, 2, 29), date(2028, 2, 29), nil},
		{"31 April exists in no year", "310485", testNow, time.Time{}, model.ErrNationalIDDate},
		{"month 13", "011385", testNow, time.Time{}, model.ErrNationalIDDate},
	}
	for _, tc := range tests {
		for rem := 1; rem <= 3; rem++ {
			t.Run(fmt.Sprintf("%s, remainder %d", tc.name, rem), func(t *testing.T) {
				s := mustMakeID(t, tc.ddmmyy, 0, 999, rem)
				n, err := model.ParseNationalID(s, tc.now)
				if tc.err != nil {
					if !errors.Is(err, tc.err) {
						t.Fatalf("%s: %v, %v; want %v", s, n.BirthDate(), err, tc.err)
					}
					return
				}
				if err != nil || !sameDate(n.BirthDate(), tc.birth) {
					t.Fatalf("%s: %v, %v; want %v", s, n.BirthDate(), err, tc.birth)
				}
			})
		}
	}
}

// A birth date after today is refused for every kind and form, with its own
// sentinel; a birth date of exactly today is valid.
func TestParseNationalIDFuture(t *testing.T) {
	t.Run("published 01013950187 (2039)", func(t *testing.T) {
		if _, err := model.ParseNationalID("01013950187", testNow); !errors.Is(err, model.ErrNationalIDFuture) {
			t.Fatalf("error %v, want ErrNationalIDFuture", err)
		}
		n, err := model.ParseNationalID("01013950187", nowAfterTable)
		if err != nil || !sameDate(n.BirthDate(), date(2039, 1, 1)) {
			t.Fatalf("in 2040: %v, %v; want 2039-01-01", n.BirthDate(), err)
		}
	})
	tomorrow, today := date(2026, 12, 3), date(2026, 12, 2)
	kinds := []struct {
		name        string
		dayOffset   int
		monthOffset int
	}{
		{"fnr", 0, 0},
		{"D-number", 40, 0},
		{"H-number", 0, 40},
		{"synthetic", 0, 80},
		{"D-number and synthetic", 40, 80},
	}
	for _, k := range kinds {
		t.Run(k.name+" born tomorrow refused", func(t *testing.T) {
			s := mustMakeID(t, ddmmyy(tomorrow, k.dayOffset, k.monthOffset), 500, 999, 0)
			if _, err := model.ParseNationalID(s, testNow); !errors.Is(err, model.ErrNationalIDFuture) {
				t.Fatalf("%s: error %v, want ErrNationalIDFuture", s, err)
			}
		})
		t.Run(k.name+" born today accepted", func(t *testing.T) {
			s := mustMakeID(t, ddmmyy(today, k.dayOffset, k.monthOffset), 500, 999, 0)
			n, err := model.ParseNationalID(s, testNow)
			if err != nil || !sameDate(n.BirthDate(), today) {
				t.Fatalf("%s: %v, %v; want %v", s, n.BirthDate(), err, today)
			}
		})
		t.Run(k.name+" born in 2039 refused", func(t *testing.T) {
			s := mustMakeID(t, ddmmyy(date(2039, 12, 31), k.dayOffset, k.monthOffset), 500, 999, 0)
			if _, err := model.ParseNationalID(s, testNow); !errors.Is(err, model.ErrNationalIDFuture) {
				t.Fatalf("%s: error %v, want ErrNationalIDFuture", s, err)
			}
		})
	}
	t.Run("tomorrow in Oslo, today in UTC", func(t *testing.T) {
		// 23:30 UTC on 2 December is 00:30 on 3 December in Oslo.
		s := mustMakeID(t, "031226", 500, 999, 0)
		if _, err := model.ParseNationalID(s, time.Date(2026, 12, 2, 22, 30, 0, 0, time.UTC)); !errors.Is(err, model.ErrNationalIDFuture) {
			t.Errorf("22:30 UTC: error %v, want ErrNationalIDFuture", err)
		}
		if _, err := model.ParseNationalID(s, time.Date(2026, 12, 2, 23, 30, 0, 0, time.UTC)); err != nil {
			t.Errorf("23:30 UTC (00:30 in Oslo): %v", err)
		}
	})
	t.Run("1964 table: 29 February 2028 before it comes", func(t *testing.T) {
		s := mustMakeID(t, "290228", 500, 999, 0)
		if _, err := model.ParseNationalID(s, testNow); !errors.Is(err, model.ErrNationalIDFuture) {
			t.Fatalf("%s: error %v, want ErrNationalIDFuture", s, err)
		}
	})
	t.Run("the error says not born yet", func(t *testing.T) {
		if msg := model.ErrNationalIDFuture.Error(); !strings.Contains(msg, "after today") {
			t.Errorf("message %q", msg)
		}
	})
}

// D- and H-number offsets together are refused with their own reason; D
// and synthetic together stay valid.
func TestParseNationalIDDAndH(t *testing.T) {
	tests := []struct {
		name   string
		ddmmyy string
		lo, hi int
		rem    int
		want   error        // nil: valid
		kind   model.IDKind // of a valid number
	}{
		{"D and H at once", "414285", 0, 499, 0, model.ErrNationalIDDAndH, ""},
		{"D 41 and H 41", "414185", 0, 499, 0, model.ErrNationalIDDAndH, ""},
		{"D 71 and H 52", "715285", 0, 499, 0, model.ErrNationalIDDAndH, ""},
		{"D 55 and H 48 (15 August)", "554885", 0, 499, 0, model.ErrNationalIDDAndH, ""},
		{"D and H, 2032 form", "414285", 0, 999, 1, model.ErrNationalIDDAndH, ""},
		{"D and H, 31 April under the offsets", "714485", 0, 499, 0, model.ErrNationalIDDAndH, ""},
		{"D and H, no century in the table", "414245", 500, 749, 0, model.ErrNationalIDDAndH, ""},
		{"D and H, after today", "414239", 500, 999, 0, model.ErrNationalIDDAndH, ""},
		{"D and month 53 is a bad date, not D and H", "415385", 0, 499, 0, model.ErrNationalIDDate, ""},
		{"day 72 and H is a bad date", "724185", 0, 499, 0, model.ErrNationalIDDate, ""},
		{"D 41 alone", "410185", 0, 499, 0, nil, model.KindDNR},
		{"H 41 alone", "014185", 0, 499, 0, nil, model.KindHNR},
		{"D and synthetic 41/81", "418185", 0, 499, 0, nil, model.KindDNR},
		{"D and synthetic 71/92", "719285", 0, 499, 0, nil, model.KindDNR},
		{"D and synthetic, 2032 form", "558506", 0, 999, 2, nil, model.KindDNR},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustMakeID(t, tc.ddmmyy, tc.lo, tc.hi, tc.rem)
			n, err := model.ParseNationalID(s, testNow)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("%s: %v", s, err)
				}
				if n.Kind() != tc.kind {
					t.Errorf("%s: kind %s, want %s", s, n.Kind(), tc.kind)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("%s: error %v, want %v", s, err, tc.want)
			}
			if tc.want == model.ErrNationalIDDAndH && errors.Is(err, model.ErrNationalIDDate) {
				t.Errorf("%s: D and H reported as not a real date", s)
			}
		})
	}
	t.Run("published 55850651212 (D + synthetic)", func(t *testing.T) {
		n, err := model.ParseNationalID("55850651212", testNow)
		if err != nil || n.Kind() != model.KindDNR || !n.Synthetic() {
			t.Fatalf("%v %s %v", err, n.Kind(), n.Synthetic())
		}
	})
}

func TestParseNationalIDCenturyTable(t *testing.T) {
	tests := []struct {
		name         string
		rowLo, rowHi int // individual numbers of the row
		ind          []int
		yy           []int
		century      int // 0: no century
	}{
		{"000-499 any YY is 1900s", 0, 499, []int{0, 1, 250, 499}, []int{0, 39, 40, 53, 54, 99}, 1900},
		{"500-749 YY 54-99 is 1854-1899", 500, 749, []int{500, 600, 749}, []int{54, 75, 99}, 1800},
		{"500-999 YY 00-39 is 2000-2039", 500, 999, []int{500, 749, 750, 899, 900, 999}, []int{0, 20, 39}, 2000},
		{"900-999 YY 40-99 is 1940-1999", 900, 999, []int{900, 950, 999}, []int{40, 53, 54, 99}, 1900},
		{"500-899 YY 40-53 has no century", 500, 899, []int{500, 749, 750, 899}, []int{40, 45, 53}, 0},
		{"750-899 YY 54-99 has no century", 750, 899, []int{750, 800, 899}, []int{54, 99}, 0},
	}
	for _, tc := range tests {
		for _, ind := range tc.ind {
			for _, yy := range tc.yy {
				t.Run(fmt.Sprintf("%s/ind=%03d/yy=%02d", tc.name, ind, yy), func(t *testing.T) {
					// The individual number nearest ind, inside the row, that
					// gives check digits.
					var s string
					for dist := 0; s == "" && dist <= tc.rowHi-tc.rowLo; dist++ {
						for _, i := range []int{ind + dist, ind - dist} {
							if i < tc.rowLo || i > tc.rowHi {
								continue
							}
							if id, ok := refMakeID(fmt.Sprintf("0107%02d%03d", yy, i), 0); ok {
								s = id
								break
							}
						}
					}
					if s == "" {
						t.Fatal("no number found")
					}
					n, err := model.ParseNationalID(s, nowAfterTable)
					if tc.century == 0 {
						if !errors.Is(err, model.ErrNationalIDCentury) {
							t.Fatalf("%s: error %v, want century", s, err)
						}
						return
					}
					if err != nil {
						t.Fatalf("%s: %v", s, err)
					}
					if want := date(tc.century+yy, 7, 1); !sameDate(n.BirthDate(), want) {
						t.Errorf("%s: birth %v, want %v", s, n.BirthDate(), want)
					}
				})
			}
		}
	}
}

func TestParseNationalIDKinds(t *testing.T) {
	b := date(1985, 3, 24)
	tests := []struct {
		name        string
		dayOffset   int
		monthOffset int
		kind        model.IDKind
		synthetic   bool
	}{
		{"fødselsnummer", 0, 0, model.KindFNR, false},
		{"D-number day+40", 40, 0, model.KindDNR, false},
		{"H-number month+40", 0, 40, model.KindHNR, false},
		{"synthetic month+80", 0, 80, model.KindFNR, true},
		{"D-number and synthetic", 40, 80, model.KindDNR, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustMakeID(t, ddmmyy(b, tc.dayOffset, tc.monthOffset), 100, 499, 0)
			n, err := model.ParseNationalID(s, testNow)
			if err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			if n.Kind() != tc.kind || n.Synthetic() != tc.synthetic || !sameDate(n.BirthDate(), b) {
				t.Errorf("%s: got kind %q synthetic %v birth %v; want %q %v %v",
					s, n.Kind(), n.Synthetic(), n.BirthDate(), tc.kind, tc.synthetic, b)
			}
			if n.String() != s {
				t.Errorf("String = %q, want the digits as written %q", n.String(), s)
			}
		})
	}
	// D-number first digits 4–7: days 41–71.
	for _, day := range []int{1, 9, 10, 19, 20, 29, 30, 31} {
		t.Run(fmt.Sprintf("D-number day %d", day+40), func(t *testing.T) {
			b := date(1985, 1, day)
			s := mustMakeID(t, ddmmyy(b, 40, 0), 0, 499, 0)
			n, err := model.ParseNationalID(s, testNow)
			if err != nil || n.Kind() != model.KindDNR || !sameDate(n.BirthDate(), b) {
				t.Errorf("%s: %v %q %v", s, err, n.Kind(), n.BirthDate())
			}
		})
	}
	// Every month, with each offset.
	for m := 1; m <= 12; m++ {
		for _, off := range []int{0, 40, 80} {
			t.Run(fmt.Sprintf("month %02d offset %d", m, off), func(t *testing.T) {
				b := date(2001, time.Month(m), 28)
				s := mustMakeID(t, ddmmyy(b, 0, off), 500, 999, 0)
				n, err := model.ParseNationalID(s, testNow)
				if err != nil || !sameDate(n.BirthDate(), b) || n.Synthetic() != (off == 80) {
					t.Errorf("%s: %v %v synthetic %v", s, err, n.BirthDate(), n.Synthetic())
				}
			})
		}
	}
}

func TestParseNationalIDDates(t *testing.T) {
	tests := []struct {
		name   string
		ddmmyy string
		lo, hi int
		valid  bool
		birth  time.Time
	}{
		{"31 April", "310485", 0, 499, false, time.Time{}},
		{"31 June", "310685", 0, 499, false, time.Time{}},
		{"30 April", "300485", 0, 499, true, date(1985, 4, 30)},
		{"31 December", "311285", 0, 499, true, date(1985, 12, 31)},
		{"32 January", "320185", 0, 499, false, time.Time{}},
		{"day 00", "000185", 0, 499, false, time.Time{}},
		{"month 00", "010085", 0, 499, false, time.Time{}},
		{"month 13", "011385", 0, 499, false, time.Time{}},
		{"month 53 (H 13)", "015385", 0, 499, false, time.Time{}},
		{"month 80", "018085", 0, 499, false, time.Time{}},
		{"month 93 (synthetic 13)", "019385", 0, 499, false, time.Time{}},
		{"month 40", "014085", 0, 499, false, time.Time{}},
		{"day 40", "400185", 0, 499, false, time.Time{}},
		{"day 72 (D 32)", "720185", 0, 499, false, time.Time{}},
		{"D 31 April", "710485", 0, 499, false, time.Time{}},
		{"29 Feb 1900 (not leap)", "290200", 0, 499, false, time.Time{}},
		{"29 Feb 2023 (not leap)", "290223", 500, 999, false, time.Time{}},
		{"29 Feb 2000 (leap)", "290200", 500, 999, true, date(2000, 2, 29)},
		{"29 Feb 2024 (leap)", "290224", 500, 999, true, date(2024, 2, 29)},
		{"29 Feb 1996 (leap)", "290296", 0, 499, true, date(1996, 2, 29)},
		{"28 Feb 1900", "280200", 0, 499, true, date(1900, 2, 28)},
		{"synthetic 29 Feb 2023", "298223", 500, 999, false, time.Time{}},
		{"synthetic 29 Feb 2024", "298224", 500, 999, true, date(2024, 2, 29)},
		{"D-number 29 Feb 1900", "690200", 0, 499, false, time.Time{}},
		{"H-number 29 Feb 2024", "294224", 500, 999, true, date(2024, 2, 29)},
		{"first day 1854", "010154", 500, 749, true, date(1854, 1, 1)},
		{"last day 2039", "311239", 500, 999, true, date(2039, 12, 31)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustMakeID(t, tc.ddmmyy, tc.lo, tc.hi, 0)
			n, err := model.ParseNationalID(s, nowAfterTable)
			if !tc.valid {
				if !errors.Is(err, model.ErrNationalIDDate) {
					t.Fatalf("%s: error %v, want date", s, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			if !sameDate(n.BirthDate(), tc.birth) {
				t.Errorf("%s: birth %v, want %v", s, n.BirthDate(), tc.birth)
			}
		})
	}
}

// TestParseNationalIDAgainstReference runs through every date from 1854 to
// 2039, with and without the D/H/synthetic offsets and with several
// individual numbers, and compares the code with the reference on several
// days: the pinned today, after the whole 1964 table, the day before the
// 2032 form's 2030 comes, a 29 February, and a year without one in 2100.
func TestParseNationalIDAgainstReference(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	nows := []time.Time{testNow, nowAfterTable, osloNoon(2030, 5, 14), osloNoon(2024, 2, 29), osloNoon(2100, 3, 1)}
	count, valid := 0, 0
	inds := []int{0, 123, 499, 500, 612, 749, 750, 888, 900, 999}
	offsets := [][2]int{{0, 0}, {40, 0}, {0, 40}, {0, 80}, {40, 80}}
	for b := date(1854, 1, 1); b.Year() <= 2039; b = b.AddDate(0, 0, 1) {
		for i, ind := range inds {
			off := offsets[(b.YearDay()+i)%len(offsets)]
			p := fmt.Sprintf("%s%03d", ddmmyy(b, off[0], off[1]), ind)
			for _, rem := range []int{0, b.Day() % 4} {
				s, ok := refMakeID(p, rem)
				if !ok {
					continue
				}
				now := nows[count%len(nows)]
				count++
				ref := refParse(s, now)
				n, err := model.ParseNationalID(s, now)
				if ref.valid() {
					valid++
					if err != nil {
						t.Fatalf("%s on %s: %v; reference says valid (%v)", s, now.Format(time.DateOnly), err, ref.birth)
					}
					if !sameDate(n.BirthDate(), ref.birth) || n.Kind() != ref.kind || n.Synthetic() != ref.synthetic {
						t.Fatalf("%s on %s: got %v %q %v, reference %v %q %v", s, now.Format(time.DateOnly),
							n.BirthDate(), n.Kind(), n.Synthetic(), ref.birth, ref.kind, ref.synthetic)
					}
				} else if err == nil {
					t.Fatalf("%s accepted on %s; reference says %v", s, now.Format(time.DateOnly), ref.errs)
				} else if !ref.allows(err) {
					t.Fatalf("%s on %s: error %v; reference allows %v", s, now.Format(time.DateOnly), err, ref.errs)
				}
			}
		}
	}
	if count < 100000 || valid < 50000 {
		t.Fatalf("too few numbers checked: %d (%d valid)", count, valid)
	}
}

func TestNationalIDZeroValue(t *testing.T) {
	var n model.NationalID
	if !n.IsZero() {
		t.Error("zero NationalID: IsZero false")
	}
	if n.String() != "" || n.Masked() != "" || n.Formatted() != "" {
		t.Errorf("zero NationalID: String %q Masked %q Formatted %q, want all empty", n.String(), n.Masked(), n.Formatted())
	}
	if !n.BirthDate().IsZero() || n.Synthetic() {
		t.Error("zero NationalID has a birth date or is synthetic")
	}
}

func TestNationalIDMasked(t *testing.T) {
	s := mustMakeID(t, "171090", 100, 499, 0)
	n, err := model.ParseNationalID(s, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if n.Masked() != "171090 *****" {
		t.Errorf("Masked = %q, want %q", n.Masked(), "171090 *****")
	}
	if strings.Contains(n.Masked(), s[6:]) {
		t.Error("Masked shows the personal part")
	}
}

var elevenDigits = regexp.MustCompile(`^[0-9]{11}$`)

func TestSyntheticNationalID(t *testing.T) {
	checked := 0
	for b := date(1854, 1, 1); b.Year() <= 2039; b = b.AddDate(0, 0, 3) {
		for _, start := range []int{0, 500, b.YearDay() % 1000, 999} {
			n, err := model.SyntheticNationalID(b, start)
			if err != nil {
				t.Fatalf("SyntheticNationalID(%s, %d): %v", b.Format(time.DateOnly), start, err)
			}
			s := n.String()
			if !elevenDigits.MatchString(s) {
				t.Fatalf("%s: %q is not 11 digits", b.Format(time.DateOnly), s)
			}
			ref := refParse(s, nowAfterTable)
			if !ref.valid() || !ref.synthetic || !sameDate(ref.birth, b) || ref.kind != model.KindFNR {
				t.Fatalf("%s: %s, reference says %v synthetic %v birth %v kind %q",
					b.Format(time.DateOnly), s, ref.errs, ref.synthetic, ref.birth, ref.kind)
			}
			// The classic K1 rule is used for new synthetic numbers.
			if r := refK1Remainder(refDigits(s)); r != 0 {
				t.Fatalf("%s: K1 remainder %d", s, r)
			}
			p, err := model.ParseNationalID(s, nowAfterTable)
			if err != nil || !p.Synthetic() || !sameDate(p.BirthDate(), b) || p != n {
				t.Fatalf("%s: re-parse %v %v %v", s, err, p.Synthetic(), p.BirthDate())
			}
			if !n.Synthetic() || !sameDate(n.BirthDate(), b) || n.Kind() != model.KindFNR {
				t.Fatalf("%s: Synthetic %v BirthDate %v Kind %q", s, n.Synthetic(), n.BirthDate(), n.Kind())
			}
			checked++
		}
	}
	if checked < 80000 {
		t.Fatalf("only %d checked", checked)
	}
}

// SyntheticNationalID has no clock: a number made for a birth date is
// valid from that very day (in Oslo) and not born yet the day before.
func TestSyntheticNationalIDAsOfBirth(t *testing.T) {
	for _, b := range []time.Time{date(2026, 12, 2), date(2039, 12, 31), date(2024, 2, 29), date(1854, 1, 1)} {
		t.Run(b.Format(time.DateOnly), func(t *testing.T) {
			n, err := model.SyntheticNationalID(b, 0)
			if err != nil {
				t.Fatal(err)
			}
			if p, err := model.ParseNationalID(n.String(), osloNoon(b.Year(), b.Month(), b.Day())); err != nil || p != n {
				t.Errorf("%s on its birth date: %v", n, err)
			}
			dayBefore := b.AddDate(0, 0, -1)
			if _, err := model.ParseNationalID(n.String(), osloNoon(dayBefore.Year(), dayBefore.Month(), dayBefore.Day())); !errors.Is(err, model.ErrNationalIDFuture) {
				t.Errorf("%s the day before birth: error %v, want ErrNationalIDFuture", n, err)
			}
		})
	}
	t.Run("birth date in another time zone", func(t *testing.T) {
		// Midnight at UTC+14 on 2 December is still 1 December in Oslo; the
		// number is made for the date as written.
		b := time.Date(2026, 12, 2, 0, 30, 0, 0, time.FixedZone("UTC+14", 14*3600))
		n, err := model.SyntheticNationalID(b, 0)
		if err != nil || !sameDate(n.BirthDate(), date(2026, 12, 2)) {
			t.Fatalf("%v, %v; want born 2026-12-02", n.BirthDate(), err)
		}
	})
}

func TestSyntheticNationalIDStart(t *testing.T) {
	b := date(1990, 8, 17)
	seen := map[string]bool{}
	for start := 0; start < 500; start += 25 {
		n, err := model.SyntheticNationalID(b, start)
		if err != nil {
			t.Fatal(err)
		}
		ind := refDigits(n.String()[6:9])
		got := ind[0]*100 + ind[1]*10 + ind[2]
		if got < start {
			t.Errorf("start %d gave individual number %03d", start, got)
		}
		seen[n.String()] = true
	}
	if len(seen) < 10 {
		t.Errorf("different starts gave only %d different numbers", len(seen))
	}
}

func TestSyntheticNationalIDOutsideTable(t *testing.T) {
	for _, b := range []time.Time{date(1853, 12, 31), date(1800, 1, 1), date(2040, 1, 1), date(2100, 6, 1)} {
		t.Run(b.Format(time.DateOnly), func(t *testing.T) {
			if n, err := model.SyntheticNationalID(b, 0); err == nil {
				t.Errorf("got %s, want an error: no century row holds %d", n, b.Year())
			}
		})
	}
}

func TestPersonFromNationalID(t *testing.T) {
	for _, s := range []string{"08089409382", "15850651229", "55850651212"} {
		t.Run(s, func(t *testing.T) {
			n, err := model.ParseNationalID(s, testNow)
			if err != nil {
				t.Fatal(err)
			}
			ref := refParse(s, testNow)
			p := model.PersonFromNationalID(n)
			if p.NationalID != s || p.IDKind != ref.kind || p.Synthetic == nil || *p.Synthetic != ref.synthetic ||
				!p.BirthDate.Equal(ref.birth) {
				t.Errorf("PersonFromNationalID = %+v", p)
			}
		})
	}
}
