package flows_test

import (
	"errors"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// wrongCode is a well-formed code other than c.
func wrongCode(c string) string {
	return wrong(flows.Step{Field: flows.FieldOTP, Device: &flows.Device{Code: c}})
}

func TestVerificationRightCode(t *testing.T) {
	tests := []struct {
		name    string
		target  flows.Target
		address string
		typed   func(code string) string
	}{
		{"mobile", flows.TargetMobile, goodMobile164, func(c string) string { return c }},
		{"e-mail", flows.TargetEmail, "kari@eksempel.no", func(c string) string { return c }},
		{"with spaces", flows.TargetMobile, goodMobile164, func(c string) string { return " " + c[:3] + " " + c[3:] + " " }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := flows.NewVerification(tc.target, tc.address, opts(1))
			if v.Target() != tc.target || v.Address() != tc.address {
				t.Fatalf("Target/Address = %s %s", v.Target(), v.Address())
			}
			if c, err := model.CheckDigits(v.Code(), 6, 6); err != nil || c != v.Code() {
				t.Fatalf("Code() = %q, want 6 digits", v.Code())
			}
			if v.Verified() || v.Locked() || !v.VerifiedAt().IsZero() || v.TriesLeft() != flows.MaxTries {
				t.Fatal("a new verification is not fresh")
			}
			if err := v.Submit(tc.typed(v.Code())); err != nil {
				t.Fatalf("Submit(right code) = %v", err)
			}
			if !v.Verified() || !v.VerifiedAt().Equal(now) || v.Locked() {
				t.Fatalf("Verified %v at %v, want true at %v", v.Verified(), v.VerifiedAt(), now)
			}
			code := v.Code()
			if err := v.Submit(code); !errors.Is(err, flows.ErrNotActive) {
				t.Errorf("Submit after verified = %v, want ErrNotActive", err)
			}
			v.Resend()
			if v.Code() != code || !v.Verified() {
				t.Error("Resend after verifying changed the verification")
			}
		})
	}
}

func TestVerificationLockAndResend(t *testing.T) {
	v := flows.NewVerification(flows.TargetEmail, "kari@eksempel.no", opts(2))
	first := v.Code()
	for left := flows.MaxTries - 1; left >= 0; left-- {
		wantWrong(t, v.Submit(wrongCode(first)), flows.FieldOTP, left)
		if v.TriesLeft() != left || v.Code() != first {
			t.Fatalf("TriesLeft %d code %q, want %d and the same code", v.TriesLeft(), v.Code(), left)
		}
	}
	if !v.Locked() || v.Verified() {
		t.Fatalf("Locked %v Verified %v after %d wrong", v.Locked(), v.Verified(), flows.MaxTries)
	}
	if err := v.Submit(first); !errors.Is(err, flows.ErrNotActive) {
		t.Fatalf("Submit(right) when locked = %v, want ErrNotActive", err)
	}
	v.Resend()
	if v.Locked() || v.TriesLeft() != flows.MaxTries || v.Code() == first {
		t.Fatalf("after Resend: locked %v, tries %d, code %q (was %q)", v.Locked(), v.TriesLeft(), v.Code(), first)
	}
	if err := v.Submit(first); err == nil {
		t.Fatal("the old code still works after Resend")
	}
	if err := v.Submit(v.Code()); err != nil || !v.Verified() {
		t.Fatalf("Submit(new code) = %v, verified %v", err, v.Verified())
	}
}

// TestVerificationResendResetsTries: a malformed code does not use a try;
// Resend gives the used tries back.
func TestVerificationResendResetsTries(t *testing.T) {
	v := flows.NewVerification(flows.TargetMobile, goodMobile164, opts(3))
	_ = v.Submit(wrongCode(v.Code()))
	_ = v.Submit("12") // malformed: no try used
	if v.TriesLeft() != flows.MaxTries-1 {
		t.Fatalf("TriesLeft = %d, want %d", v.TriesLeft(), flows.MaxTries-1)
	}
	v.Resend()
	if v.TriesLeft() != flows.MaxTries {
		t.Fatalf("TriesLeft after Resend = %d, want %d", v.TriesLeft(), flows.MaxTries)
	}
}

func TestVerificationFormatErrors(t *testing.T) {
	tests := []struct {
		name, typed string
		want        error
	}{
		{"five digits", "12345", model.ErrDigitsLength},
		{"seven digits", "1234567", model.ErrDigitsLength},
		{"empty", "", model.ErrDigitsLength},
		{"letter", "12345a", model.ErrDigitsOnly},
		{"dash", "123-456", model.ErrDigitsOnly},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := flows.NewVerification(flows.TargetMobile, goodMobile164, opts(4))
			for range flows.MaxTries + 1 {
				err := v.Submit(tc.typed)
				var ie *flows.InputError
				if !errors.As(err, &ie) || ie.Field != flows.FieldOTP || !errors.Is(err, tc.want) {
					t.Fatalf("Submit(%q) = %v, want InputError{otp, %v}", tc.typed, err, tc.want)
				}
			}
			if v.TriesLeft() != flows.MaxTries || v.Locked() || v.Verified() {
				t.Fatalf("format errors used tries: %d left, locked %v", v.TriesLeft(), v.Locked())
			}
		})
	}
}

func TestVerificationCodesDiffer(t *testing.T) {
	seen := map[string]bool{}
	for seed := range uint64(50) {
		seen[flows.NewVerification(flows.TargetMobile, goodMobile164, opts(seed)).Code()] = true
	}
	if len(seen) < 48 {
		t.Errorf("%d different codes from 50 verifications", len(seen))
	}
	// Resend in a row: each code differs from the one before.
	v := flows.NewVerification(flows.TargetEmail, "kari@eksempel.no", opts(5))
	for range 20 {
		old := v.Code()
		v.Resend()
		if v.Code() == old {
			t.Fatalf("Resend kept the code %q", old)
		}
	}
}
