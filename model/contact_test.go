package model_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/model"
)

func TestParseMobile(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		err  error
	}{
		{"8 digits", "91234567", "+4791234567", nil},
		{"spaces", "912 34 567", "+4791234567", nil},
		{"+47", "+4791234567", "+4791234567", nil},
		{"+47 and spaces", "+47 912 34 567", "+4791234567", nil},
		{"0047", "004791234567", "+4791234567", nil},
		{"0047 and spaces", "0047 912 34 567", "+4791234567", nil},
		{"surrounding spaces", "  91234567  ", "+4791234567", nil},
		{"pairs", "91 23 45 67", "+4791234567", nil},
		{"first digit 4", "41234567", "+4741234567", nil},
		{"first digit 4 with +47", "+47 412 34 567", "+4741234567", nil},
		{"all nines", "99999999", "+4799999999", nil},
		{"4 and zeros", "40000000", "+4740000000", nil},
		{"first digit 2 (landline)", "22345678", "", model.ErrMobileNotMobile},
		{"first digit 3", "32345678", "", model.ErrMobileNotMobile},
		{"first digit 5", "52345678", "", model.ErrMobileNotMobile},
		{"first digit 8", "81234567", "", model.ErrMobileNotMobile},
		{"first digit 6", "61234567", "", model.ErrMobileNotMobile},
		{"first digit 7", "71234567", "", model.ErrMobileNotMobile},
		{"first digit 1", "11234567", "", model.ErrMobileNotMobile},
		{"+47 then landline", "+4722345678", "", model.ErrMobileNotMobile},
		{"7 digits", "9123456", "", model.ErrMobileLength},
		{"9 digits", "912345678", "", model.ErrMobileLength},
		{"+47 and 7 digits", "+479123456", "", model.ErrMobileLength},
		{"+47 and 9 digits", "+47912345678", "", model.ErrMobileLength},
		{"0047 and 9 digits", "0047912345678", "", model.ErrMobileLength},
		{"47 without plus", "4791234567", "", model.ErrMobileLength},
		{"+46 Sweden", "+4691234567", "", model.ErrMobileForeign},
		{"0046 Sweden", "004691234567", "", model.ErrMobileForeign},
		{"+45 Denmark with spaces", "+45 12 34 56 78", "", model.ErrMobileForeign},
		{"+1", "+12025550123", "", model.ErrMobileForeign},
		{"letters", "9123456a", "", model.ErrMobileDigits},
		{"words", "my number", "", model.ErrMobileDigits},
		{"hyphen", "912-34-567", "", model.ErrMobileDigits},
		{"+47 then letters", "+47abcdefgh", "", model.ErrMobileDigits},
		{"full-width digits", "９１２３４５６７", "", model.ErrMobileDigits},
		{"empty", "", "", model.ErrMobileEmpty},
		{"only spaces", "   ", "", model.ErrMobileEmpty},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := model.ParseMobile(tc.in)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("ParseMobile(%q) error = %v, want %v", tc.in, err, tc.err)
				}
				if got != "" {
					t.Errorf("ParseMobile(%q) = %q on error", tc.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseMobile(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ParseMobile(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again, err := model.ParseMobile(got); err != nil || again != got {
				t.Errorf("ParseMobile(%q) = %q, %v: not stable", got, again, err)
			}
		})
	}
}

// Every 8-digit number starting with each first digit, with each prefix.
func TestParseMobileFirstDigit(t *testing.T) {
	for first := 0; first <= 9; first++ {
		for _, prefix := range []string{"", "+47", "0047", "+47 "} {
			in := fmt.Sprintf("%s%d7654321", prefix, first)
			t.Run(fmt.Sprintf("%q", in), func(t *testing.T) {
				got, err := model.ParseMobile(in)
				if first == 4 || first == 9 {
					if want := fmt.Sprintf("+47%d7654321", first); err != nil || got != want {
						t.Errorf("got %q, %v; want %q", got, err, want)
					}
				} else if !errors.Is(err, model.ErrMobileNotMobile) {
					t.Errorf("error %v, want not-mobile", err)
				}
			})
		}
	}
}

func TestFormatMobile(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+4791234567", "+47 912 34 567"},
		{"+4741234567", "+47 412 34 567"},
		{"91234567", "91234567"},       // not E.164: unchanged
		{"+4691234567", "+4691234567"}, // not Norwegian: unchanged
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := model.FormatMobile(tc.in); got != tc.want {
				t.Errorf("FormatMobile(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	// The formatted form is accepted back as input.
	if got, err := model.ParseMobile(model.FormatMobile("+4791234567")); err != nil || got != "+4791234567" {
		t.Errorf("formatted number does not parse back: %q %v", got, err)
	}
}

func TestMaskMobile(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+4791234567", "+47 9•• •• 567"},
		{"+4741234000", "+47 4•• •• 000"},
		{"", ""},
		// A number as typed is formatted first; one being typed shows no
		// more than its first digit and, once whole, its last three.
		{"91234567", "+47 9•• •• 567"},
		{"0047 912", "0047 •••"},
		{"912345", "9•••••"},
		{"9123", "••••"},
		{"912-34", "9•••••"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := model.MaskMobile(tc.in); got != tc.want {
				t.Errorf("MaskMobile(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseEmail(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		err  error
	}{
		{"plain", "kari@example.no", "kari@example.no", nil},
		{"trimmed", "  kari@example.no \t\n", "kari@example.no", nil},
		{"case kept", "Kari.Nordmann@Example.NO", "Kari.Nordmann@Example.NO", nil},
		{"subdomain", "ola@post.example.co.uk", "ola@post.example.co.uk", nil},
		{"plus", "ola+krr@example.no", "ola+krr@example.no", nil},
		{"non-ASCII", "åse@blåbær.no", "åse@blåbær.no", nil},
		{"short", "a@b.c", "a@b.c", nil},
		{"empty", "", "", model.ErrEmailEmpty},
		{"spaces only", "   ", "", model.ErrEmailEmpty},
		{"no @", "kari.example.no", "", model.ErrEmailAt},
		{"two @", "kari@nordmann@example.no", "", model.ErrEmailAt},
		{"@@", "kari@@example.no", "", model.ErrEmailAt},
		{"empty local", "@example.no", "", model.ErrEmailLocal},
		{"domain without dot", "kari@localhost", "", model.ErrEmailDomain},
		{"empty domain", "kari@", "", model.ErrEmailDomain},
		{"domain starts with dot", "kari@.example.no", "", model.ErrEmailDomain},
		{"domain ends with dot", "kari@example.no.", "", model.ErrEmailDomain},
		{"domain is a dot", "kari@.", "", model.ErrEmailDomain},
		{"a..b in domain", "kari@a..b", "", model.ErrEmailDomain},
		{"two dots in domain", "kari@example..no", "", model.ErrEmailDomain},
		{"space inside", "kari nordmann@example.no", "", model.ErrEmailSpace},
		{"space in domain", "kari@example .no", "", model.ErrEmailSpace},
		{"tab inside", "kari\t@example.no", "", model.ErrEmailSpace},
		{"no-break space inside", "kari\u00a0n@example.no", "", model.ErrEmailSpace},
		{"ideographic space inside", "kari\u3000n@example.no", "", model.ErrEmailSpace},
		{"zero-width space at the end (was accepted)", "ola@nav.no\u200b", "", model.ErrEmailInvisible},
		{"invisible and a space: invisible named", "ka ri@nav.no\u200b", "", model.ErrEmailInvisible},
		{"invisible without @", "ola\u200bnav.no", "", model.ErrEmailInvisible},
		{"only a zero-width space", "\u200b", "", model.ErrEmailInvisible},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := model.ParseEmail(tc.in)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("ParseEmail(%q) error = %v, want %v", tc.in, err, tc.err)
				}
				if got != "" {
					t.Errorf("ParseEmail(%q) = %q on error", tc.in, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			if again, err := model.ParseEmail(got); err != nil || again != got {
				t.Errorf("not stable: %q %v", again, err)
			}
		})
	}
}

// The characters domain.md §5 and the task name as invisible or control
// characters; each is refused at the start, in the middle and at the end.
var invisibleRunes = []struct {
	name string
	r    rune
}{
	{"NUL", '\u0000'},
	{"bell", '\u0007'},
	{"escape", '\u001b'},
	{"delete", '\u007f'},
	{"next line U+0085", '\u0085'},
	{"C1 control U+009B", '\u009b'},
	{"soft hyphen U+00AD", '\u00ad'},
	{"combining grapheme joiner U+034F", '\u034f'},
	{"Hangul choseong filler U+115F", '\u115f'},
	{"Hangul jungseong filler U+1160", '\u1160'},
	{"Mongolian vowel separator U+180E", '\u180e'},
	{"zero-width space U+200B", '\u200b'},
	{"zero-width non-joiner U+200C", '\u200c'},
	{"zero-width joiner U+200D", '\u200d'},
	{"left-to-right mark U+200E", '\u200e'},
	{"right-to-left mark U+200F", '\u200f'},
	{"line separator U+2028", '\u2028'},
	{"paragraph separator U+2029", '\u2029'},
	{"left-to-right embedding U+202A", '\u202a'},
	{"right-to-left embedding U+202B", '\u202b'},
	{"pop directional formatting U+202C", '\u202c'},
	{"left-to-right override U+202D", '\u202d'},
	{"right-to-left override U+202E", '\u202e'},
	{"word joiner U+2060", '\u2060'},
	{"invisible times U+2062", '\u2062'},
	{"left-to-right isolate U+2066", '\u2066'},
	{"right-to-left isolate U+2067", '\u2067'},
	{"first strong isolate U+2068", '\u2068'},
	{"pop directional isolate U+2069", '\u2069'},
	{"Hangul filler U+3164", '\u3164'},
	{"variation selector 16 U+FE0F", '\ufe0f'},
	{"byte-order mark U+FEFF", '\ufeff'},
	{"halfwidth Hangul filler U+FFA0", '\uffa0'},
	{"tag latin small a U+E0061", '\U000E0061'},
}

func TestParseEmailInvisible(t *testing.T) {
	for _, c := range invisibleRunes {
		for _, at := range []struct{ name, in string }{
			{"start", string(c.r) + "ola@nav.no"},
			{"start after a space", " " + string(c.r) + "ola@nav.no"},
			{"local part", "o" + string(c.r) + "la@nav.no"},
			{"before @", "ola" + string(c.r) + "@nav.no"},
			{"domain", "ola@na" + string(c.r) + "v.no"},
			{"end", "ola@nav.no" + string(c.r)},
			{"end before a space", "ola@nav.no" + string(c.r) + " "},
		} {
			t.Run(c.name+"/"+at.name, func(t *testing.T) {
				got, err := model.ParseEmail(at.in)
				if !errors.Is(err, model.ErrEmailInvisible) {
					t.Fatalf("ParseEmail(%q) = %q, %v; want ErrEmailInvisible", at.in, got, err)
				}
				if got != "" {
					t.Errorf("ParseEmail(%q) = %q on error", at.in, got)
				}
			})
		}
	}
	t.Run("the error says what was typed", func(t *testing.T) {
		msg := model.ErrEmailInvisible.Error()
		if !strings.Contains(msg, "invisible") || !strings.Contains(msg, "control") {
			t.Errorf("message %q", msg)
		}
	})
}

// Unicode spaces around the address are trimmed; letters beyond ASCII are
// kept.
func TestParseEmailUnicodeSpacesAndLetters(t *testing.T) {
	spaces := []struct {
		name string
		r    rune
	}{
		{"space", ' '}, {"tab", '\t'}, {"newline", '\n'}, {"carriage return", '\r'},
		{"vertical tab", '\v'}, {"form feed", '\f'},
		{"no-break space U+00A0", '\u00a0'}, {"ogham space U+1680", '\u1680'},
		{"en quad U+2000", '\u2000'}, {"em space U+2003", '\u2003'}, {"thin space U+2009", '\u2009'},
		{"hair space U+200A", '\u200a'}, {"narrow no-break space U+202F", '\u202f'},
		{"medium mathematical space U+205F", '\u205f'}, {"ideographic space U+3000", '\u3000'},
	}
	for _, sp := range spaces {
		t.Run(sp.name+" trimmed", func(t *testing.T) {
			in := string(sp.r) + string(sp.r) + "kari@example.no" + string(sp.r)
			if got, err := model.ParseEmail(in); err != nil || got != "kari@example.no" {
				t.Errorf("ParseEmail(%q) = %q, %v; want kari@example.no", in, got, err)
			}
		})
		t.Run(sp.name+" inside is a space", func(t *testing.T) {
			in := "kari" + string(sp.r) + "n@example.no"
			if _, err := model.ParseEmail(in); !errors.Is(err, model.ErrEmailSpace) {
				t.Errorf("ParseEmail(%q): error %v, want ErrEmailSpace", in, err)
			}
		})
	}
	for _, in := range []string{"åse@blåbær.no", "Øystein.Æsøy@example.no", "ÆØÅ@ÆØÅ.NO", "jürgen@müller.de", "ǩáre@sámi.no"} {
		t.Run(in+" accepted", func(t *testing.T) {
			if got, err := model.ParseEmail("\u00a0" + in + "\u3000"); err != nil || got != in {
				t.Errorf("ParseEmail(%q) = %q, %v", in, got, err)
			}
		})
	}
	t.Run("SameEmail ignores the same spaces", func(t *testing.T) {
		if !model.SameEmail("\u00a0Kari@Example.no\u3000", "kari@example.no") {
			t.Error("SameEmail with Unicode spaces around = false")
		}
		if model.SameEmail("kari@example.no\u2028", "kari@example.no") {
			t.Error("SameEmail ignores a line separator ParseEmail refuses")
		}
	})
}

func TestSameEmail(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"kari@example.no", "kari@example.no", true},
		{"Kari@Example.NO", "kari@example.no", true},
		{"KARI@EXAMPLE.NO", "kari@example.no", true},
		{" kari@example.no ", "kari@example.no", true},
		{"ÅSE@BLÅBÆR.NO", "åse@blåbær.no", true},
		{"kari@example.no", "kari@example.com", false},
		{"kari@example.no", "kari1@example.no", false},
		{"kari@example.no", "", false},
		{"ka ri@example.no", "kari@example.no", false},
	}
	for _, tc := range tests {
		t.Run(tc.a+"|"+tc.b, func(t *testing.T) {
			if got := model.SameEmail(tc.a, tc.b); got != tc.want {
				t.Errorf("SameEmail(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			if got := model.SameEmail(tc.b, tc.a); got != tc.want {
				t.Errorf("SameEmail(%q, %q) = %v, want %v (not symmetric)", tc.b, tc.a, got, tc.want)
			}
		})
	}
}

func TestMaskEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"kari@example.no", "k•••@example.no"},
		{"k@example.no", "k•••@example.no"},
		{"Åse@example.no", "Å•••@example.no"},
		// Half typed, or not an address at all: the first character only.
		{"not an address", "n•••"},
		{"kari", "k•••"},
		{"@example.no", "@example.no"},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := model.MaskEmail(tc.in); got != tc.want {
				t.Errorf("MaskEmail(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
