package model

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Errors from ParseMobile.
var (
	ErrMobileEmpty     = errors.New("mobile: empty")
	ErrMobileForeign   = errors.New("mobile: only Norwegian numbers (+47) are accepted")
	ErrMobileDigits    = errors.New("mobile: only digits, spaces and a leading +47 allowed")
	ErrMobileLength    = errors.New("mobile: must be 8 digits")
	ErrMobileNotMobile = errors.New("mobile: a Norwegian mobile number starts with 4 or 9")
)

// ParseMobile checks a Norwegian mobile number: 8 digits starting with 4 or
// 9, optionally after +47 or 0047, spaces allowed. It returns the number in
// E.164 form, "+4791234567".
func ParseMobile(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\t' {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return "", ErrMobileEmpty
	}
	switch {
	case strings.HasPrefix(s, "+47"):
		s = s[3:]
	case strings.HasPrefix(s, "0047"):
		s = s[4:]
	case strings.HasPrefix(s, "+"), strings.HasPrefix(s, "00"):
		return "", ErrMobileForeign
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", ErrMobileDigits
		}
	}
	if len(s) != 8 {
		return "", ErrMobileLength
	}
	if s[0] != '4' && s[0] != '9' {
		return "", ErrMobileNotMobile
	}
	return "+47" + s, nil
}

// FormatMobile shows an E.164 Norwegian mobile number as "+47 912 34 567".
func FormatMobile(e164 string) string {
	if len(e164) != 11 || !strings.HasPrefix(e164, "+47") {
		return e164
	}
	n := e164[3:]
	return "+47 " + n[:3] + " " + n[3:5] + " " + n[5:]
}

// Errors from ParseEmail.
var (
	ErrEmailEmpty  = errors.New("email: empty")
	ErrEmailSpace  = errors.New("email: no spaces allowed")
	ErrEmailAt     = errors.New("email: must have exactly one @")
	ErrEmailLocal  = errors.New("email: nothing before @")
	ErrEmailDomain = errors.New("email: domain after @ must have a dot, like example.no")
	// ErrEmailInvisible is an address holding a control character or an
	// invisible one (a zero-width space, a byte-order mark, a bidi
	// control), mostly brought in by copying: it looks right but no notice
	// would reach it.
	ErrEmailInvisible = errors.New("email: an invisible or control character was typed (often from copying)")
)

// ParseEmail checks an ordinary e-mail address (one @, something before it,
// a domain with a dot after it, no spaces, no invisible or control
// characters) and returns it as typed, trimmed of surrounding spaces
// (Unicode spaces too, see isEmailSpace). Letters beyond ASCII (æ, ø, å)
// are allowed. The checks run in this order: empty, invisible or control
// character anywhere (ErrEmailInvisible), a space inside, then the @ and
// the domain.
func ParseEmail(s string) (string, error) {
	s = strings.TrimFunc(s, isEmailSpace)
	if s == "" {
		return "", ErrEmailEmpty
	}
	if strings.IndexFunc(s, isInvisible) >= 0 {
		return "", ErrEmailInvisible
	}
	if strings.IndexFunc(s, isEmailSpace) >= 0 {
		return "", ErrEmailSpace
	}
	if strings.Count(s, "@") != 1 {
		return "", ErrEmailAt
	}
	local, domain, _ := strings.Cut(s, "@")
	if local == "" {
		return "", ErrEmailLocal
	}
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return "", ErrEmailDomain
	}
	return s, nil
}

// isEmailSpace reports whether r is a space ParseEmail trims from the ends
// and names as a space inside: unicode.IsSpace, which covers the ASCII
// spaces, tab and line ends and every Zs space (U+00A0 no-break space,
// U+1680, U+2000–U+200A, U+202F, U+205F, U+3000), but not U+0085 (next
// line, a control character) nor the line and paragraph separators U+2028
// and U+2029, which nobody types and which isInvisible refuses.
func isEmailSpace(r rune) bool {
	switch r {
	case '\u0085', '\u2028', '\u2029':
		return false
	}
	return unicode.IsSpace(r)
}

// isInvisible reports whether r is a control character (Cc) or a character
// that shows nothing (our choice of set): format characters (Cf: zero-width
// space U+200B, ZWNJ/ZWJ U+200C/U+200D, word joiner U+2060, byte-order
// mark U+FEFF, soft hyphen U+00AD, bidi controls U+200E/U+200F,
// U+202A–U+202E, U+2066–U+2069, Mongolian vowel separator U+180E, tags),
// the separators U+2028/U+2029, and the other default-ignorable code points
// (Hangul fillers U+115F, U+1160, U+3164, U+FFA0, combining grapheme joiner
// U+034F) and variation selectors. The spaces of isEmailSpace are not in it.
func isInvisible(r rune) bool {
	if isEmailSpace(r) {
		return false
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// SameEmail reports whether two addresses are the same, ignoring case and
// the surrounding spaces ParseEmail trims (used when the address is typed
// twice).
func SameEmail(a, b string) bool {
	return strings.EqualFold(strings.TrimFunc(a, isEmailSpace), strings.TrimFunc(b, isEmailSpace))
}

// Mask is the character that stands for a hidden one.
const Mask = "•"

// MaskMobile hides a mobile number but its first and last three digits,
// keeping its spacing and any +47 ("+47 9•• •• 567"); a number being typed
// shows no more than that.
func MaskMobile(s string) string {
	if s == "" {
		return ""
	}
	if e164, err := ParseMobile(s); err == nil {
		s = FormatMobile(e164)
	}
	prefix := ""
	for _, p := range []string{"+47 ", "+47", "0047 ", "0047"} {
		if strings.HasPrefix(s, p) {
			prefix, s = p, s[len(p):]
			break
		}
	}
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	var b strings.Builder
	i := 0
	for _, r := range s {
		switch {
		case r < '0' || r > '9':
			if r == ' ' {
				b.WriteRune(r)
			} else {
				b.WriteString(Mask)
			}
		case i == 0 && n > 4, i >= n-3 && n >= 8:
			b.WriteRune(r)
			i++
		default:
			b.WriteString(Mask)
			i++
		}
	}
	return prefix + b.String()
}

// MaskEmail hides an e-mail address but its first character and its
// domain ("k•••@eksempel.no"); an address being typed before its @ shows
// its first character only.
func MaskEmail(s string) string {
	if s == "" {
		return ""
	}
	local, domain, hasAt := strings.Cut(s, "@")
	first, size := utf8.DecodeRuneInString(local)
	out := ""
	if size > 0 {
		out = string(first) + strings.Repeat(Mask, 3)
	}
	if hasAt {
		out += "@" + domain
	}
	return out
}
