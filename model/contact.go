package model

import (
	"errors"
	"strings"
	"unicode"
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

// MaskMobile hides all but the last three digits: "+47 *** ** 567".
func MaskMobile(e164 string) string {
	if len(e164) != 11 {
		return e164
	}
	return "+47 *** ** " + e164[8:]
}

// Errors from ParseEmail.
var (
	ErrEmailEmpty  = errors.New("email: empty")
	ErrEmailSpace  = errors.New("email: no spaces allowed")
	ErrEmailAt     = errors.New("email: must have exactly one @")
	ErrEmailLocal  = errors.New("email: nothing before @")
	ErrEmailDomain = errors.New("email: domain after @ must have a dot, like example.no")
)

// ParseEmail checks an ordinary e-mail address (one @, something before it,
// a domain with a dot after it, no spaces) and returns it trimmed, as typed.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ErrEmailEmpty
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
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

// SameEmail reports whether two addresses are the same, ignoring case and
// surrounding space (used when the address is typed twice).
func SameEmail(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// MaskEmail hides most of the local part: "k***@example.no".
func MaskEmail(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" {
		return s
	}
	r := []rune(local)
	return string(r[0]) + "***@" + domain
}
