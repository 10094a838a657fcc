package flows_test

import (
	"errors"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// specWrongVerificationCode is a six-digit code other than code.
func specWrongVerificationCode(code string) string {
	b := []byte(code)
	b[len(b)-1] = '0' + (b[len(b)-1]-'0'+1)%10
	return string(b)
}

func specNewVerification(t *testing.T, target flows.Target, address string, seed uint64) *flows.Verification {
	t.Helper()
	v := flows.NewVerification(target, address, specOptions(seed))
	if v == nil {
		t.Fatal("NewVerification returned nil")
	}
	return v
}

func TestSpecVerificationRightCode(t *testing.T) {
	tests := []struct {
		name    string
		target  flows.Target
		address string
	}{
		{"mobile", flows.TargetMobile, "+4791234567"},
		{"email", flows.TargetEmail, "kari@example.no"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := specNewVerification(t, tc.target, tc.address, 1)
			if v.Target() != tc.target || v.Address() != tc.address {
				t.Errorf("Target/Address = %s/%q, want %s/%q", v.Target(), v.Address(), tc.target, tc.address)
			}
			code := v.Code()
			if !specDigits(code, flows.VerificationCodeLength, flows.VerificationCodeLength) || flows.VerificationCodeLength != 6 {
				t.Fatalf("Code() = %q, want 6 digits", code)
			}
			if v.Verified() || v.Locked() || !v.VerifiedAt().IsZero() || v.TriesLeft() != flows.MaxTries {
				t.Fatalf("fresh verification: verified %v, locked %v, at %v, %d tries", v.Verified(), v.Locked(), v.VerifiedAt(), v.TriesLeft())
			}
			if err := v.Submit(code); err != nil {
				t.Fatalf("Submit(right code) = %v", err)
			}
			if !v.Verified() || v.Locked() {
				t.Errorf("after the right code: verified %v, locked %v", v.Verified(), v.Locked())
			}
			if !v.VerifiedAt().Equal(specNow) {
				t.Errorf("VerifiedAt = %v, want the pinned now %v", v.VerifiedAt(), specNow)
			}
			// Verified is final: more codes, right or wrong or malformed, are
			// not taken, and Resend changes nothing.
			for _, c := range []string{code, specWrongVerificationCode(code), "1"} {
				if err := v.Submit(c); !errors.Is(err, flows.ErrNotActive) {
					t.Errorf("Submit(%q) after verified = %v, want ErrNotActive", c, err)
				}
			}
			v.Resend()
			if !v.Verified() || v.Code() != code || !v.VerifiedAt().Equal(specNow) {
				t.Errorf("Resend after verified: verified %v, code %s (was %s), at %v", v.Verified(), v.Code(), code, v.VerifiedAt())
			}
		})
	}
}

func TestSpecVerificationWrongCodesLock(t *testing.T) {
	v := specNewVerification(t, flows.TargetMobile, "+4791234567", 1)
	code := v.Code()
	for i, left := range []int{2, 1, 0} {
		specWantWrong(t, v.Submit(specWrongVerificationCode(code)), flows.FieldOTP, left)
		if v.TriesLeft() != left {
			t.Fatalf("after wrong code %d: TriesLeft = %d, want %d", i+1, v.TriesLeft(), left)
		}
		if v.Locked() != (left == 0) || v.Verified() {
			t.Fatalf("after wrong code %d: locked %v, verified %v", i+1, v.Locked(), v.Verified())
		}
		if v.Code() != code {
			t.Fatalf("a wrong code changed the code")
		}
	}
	for _, c := range []string{code, "000000", "abc"} {
		if err := v.Submit(c); !errors.Is(err, flows.ErrNotActive) {
			t.Errorf("Submit(%q) when locked = %v, want ErrNotActive", c, err)
		}
	}
	if v.TriesLeft() != 0 || v.Verified() {
		t.Errorf("locked: TriesLeft %d, verified %v", v.TriesLeft(), v.Verified())
	}

	// A new code unlocks and gives the tries back.
	v.Resend()
	if v.Locked() || v.TriesLeft() != flows.MaxTries {
		t.Fatalf("after Resend: locked %v, %d tries; want unlocked, %d", v.Locked(), v.TriesLeft(), flows.MaxTries)
	}
	if v.Code() == code {
		t.Fatalf("Resend kept the code %s", code)
	}
	// The old code is not the right one any more.
	specWantWrong(t, v.Submit(code), flows.FieldOTP, 2)
	if err := v.Submit(v.Code()); err != nil {
		t.Fatalf("Submit(new code) = %v", err)
	}
	if !v.Verified() || !v.VerifiedAt().Equal(specNow) {
		t.Errorf("verified %v at %v", v.Verified(), v.VerifiedAt())
	}
}

// Resend before the lock also gives the tries back.
func TestSpecVerificationResendResetsTries(t *testing.T) {
	v := specNewVerification(t, flows.TargetEmail, "kari@example.no", 1)
	specWantWrong(t, v.Submit(specWrongVerificationCode(v.Code())), flows.FieldOTP, 2)
	specWantWrong(t, v.Submit(specWrongVerificationCode(v.Code())), flows.FieldOTP, 1)
	v.Resend()
	if v.TriesLeft() != flows.MaxTries {
		t.Fatalf("TriesLeft after Resend = %d", v.TriesLeft())
	}
	for _, left := range []int{2, 1, 0} {
		specWantWrong(t, v.Submit(specWrongVerificationCode(v.Code())), flows.FieldOTP, left)
	}
	if !v.Locked() {
		t.Fatal("not locked after three wrong codes")
	}
}

// Each Resend sends a new code.
func TestSpecVerificationResendNewCodes(t *testing.T) {
	for seed := range uint64(5) {
		v := specNewVerification(t, flows.TargetMobile, "+4791234567", seed)
		codes := []string{v.Code()}
		changed := 0
		for range 10 {
			prev := v.Code()
			v.Resend()
			if !specDigits(v.Code(), 6, 6) {
				t.Fatalf("code after Resend = %q", v.Code())
			}
			if v.Code() != prev {
				changed++
			}
			codes = append(codes, v.Code())
		}
		if changed < 9 {
			t.Errorf("seed %d: only %d of 10 resends changed the code: %v", seed, changed, codes)
		}
	}
	// And first codes differ between verifications.
	seen := map[string]bool{}
	for seed := range uint64(50) {
		seen[specNewVerification(t, flows.TargetMobile, "+4791234567", seed).Code()] = true
	}
	if len(seen) < 40 {
		t.Errorf("50 verifications showed %d different codes", len(seen))
	}
}

// Malformed codes are *InputError and cost nothing.
func TestSpecVerificationFormatErrors(t *testing.T) {
	tests := []struct {
		code string
		want error
	}{
		{"", model.ErrDigitsLength},
		{"12345", model.ErrDigitsLength},
		{"1234567", model.ErrDigitsLength},
		{"12a456", model.ErrDigitsOnly},
		{"１２３４５６", model.ErrDigitsOnly},
		{"12-456", model.ErrDigitsOnly},
	}
	v := specNewVerification(t, flows.TargetMobile, "+4791234567", 1)
	code := v.Code()
	for range 2 { // more format errors than tries
		for _, tc := range tests {
			specWantInputError(t, v.Submit(tc.code), flows.FieldOTP, tc.want)
			if v.TriesLeft() != flows.MaxTries || v.Locked() || v.Verified() || v.Code() != code {
				t.Fatalf("after %q: %d tries, locked %v, verified %v, code %s (was %s)",
					tc.code, v.TriesLeft(), v.Locked(), v.Verified(), v.Code(), code)
			}
		}
	}
	// Spaces are allowed, as people type codes in groups.
	if err := v.Submit(code[:3] + " " + code[3:]); err != nil {
		t.Fatalf("Submit with a space = %v", err)
	}
	if !v.Verified() {
		t.Error("not verified")
	}
}

// Without a Now the verification uses the real clock.
func TestSpecVerificationDefaultClock(t *testing.T) {
	before := time.Now()
	v := flows.NewVerification(flows.TargetMobile, "+4791234567", flows.Options{})
	if err := v.Submit(v.Code()); err != nil {
		t.Fatal(err)
	}
	if at := v.VerifiedAt(); at.Before(before) || at.After(time.Now()) {
		t.Errorf("VerifiedAt = %v, want between %v and now", at, before)
	}
}
