package flows_test

import (
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// Codes are random per login, never fixed (domain.md §3): the first code
// of 50 logins with different seeds.
func TestSpecCodesNotFixed(t *testing.T) {
	tests := []struct {
		name   string
		kind   model.EIDKind
		method model.Method
		field  flows.Field
		min    int // distinct codes wanted of 50
	}{
		{"MinID SMS", model.MinID, model.MethodSMS, flows.FieldOTP, 40},
		{"MinID PIN letter", model.MinID, model.MethodPINLetter, flows.FieldPINLetter, 40},
		{"BankID code device", model.BankID, model.MethodCodeDevice, flows.FieldOTP, 40},
		{"Buypass SMS", model.Buypass, model.MethodSMS, flows.FieldOTP, 40},
		{"Buypass card PIN", model.Buypass, model.MethodSmartcard, flows.FieldPIN, 30},
		{"BankID på mobil PIN", model.BankIDMobile, model.MethodSIM, flows.FieldPIN, 30},
		{"Commfides PIN", model.Commfides, model.MethodUSB, flows.FieldPIN, 30},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := specAdult(t, tc.method)
			seen := map[string]int{}
			for seed := range uint64(50) {
				l := specStart(t, tc.kind, seed)
				seen[specReadCode(t, specAdvanceTo(t, l, p, tc.field))]++
			}
			if len(seen) < 2 {
				t.Fatalf("50 logins all showed the same code: %v", seen)
			}
			if len(seen) < tc.min {
				t.Errorf("50 logins showed only %d different codes, want at least %d: %v", len(seen), tc.min, seen)
			}
		})
	}
}

// The PIN letter does not always ask for the same number.
func TestSpecPINLetterIndexNotFixed(t *testing.T) {
	p := specAdult(t, model.MethodPINLetter)
	seen := map[int]bool{}
	for seed := range uint64(50) {
		l := specStart(t, model.MinID, seed)
		seen[specAdvanceTo(t, l, p, flows.FieldPINLetter).Device.PINIndex] = true
	}
	if len(seen) < 5 {
		t.Errorf("50 logins asked for only %d different PIN numbers: %v", len(seen), seen)
	}
}

// Without a Rand the login seeds itself: two logins do not show the same
// codes.
func TestSpecUnseededCodesDiffer(t *testing.T) {
	p := specAdult(t, model.MethodCodeDevice)
	seen := map[string]bool{}
	for range 5 {
		l := specStartWith(t, model.BankID, flows.Options{Now: func() time.Time { return specNow }})
		seen[specAdvanceTo(t, l, p, flows.FieldOTP).Device.Code] = true
	}
	if len(seen) < 2 {
		t.Errorf("5 unseeded logins showed the same code: %v", seen)
	}
}

// Every digit turns up in every position of the codes.
func TestSpecCodeDigitsSpread(t *testing.T) {
	p := specAdult(t, model.MethodSMS)
	var seen [5][10]bool
	l := specStart(t, model.MinID, 7)
	specAdvanceTo(t, l, p, flows.FieldOTP)
	for range 400 {
		code := l.Step().Device.Code
		for i, r := range code {
			seen[i][r-'0'] = true
		}
		l.Back()
		specAdvanceTo(t, l, p, flows.FieldOTP)
	}
	for i := range seen {
		for d, ok := range seen[i] {
			if !ok {
				t.Errorf("digit %d never at position %d of 400 codes", d, i+1)
			}
		}
	}
}
