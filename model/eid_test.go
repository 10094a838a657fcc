package model_test

import (
	"slices"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/model"
)

func TestEIDsOrderAndFacts(t *testing.T) {
	want := []struct {
		kind       model.EIDKind
		value      string
		name       string
		issuer     string
		level      model.Level
		levelNum   int
		methods    []model.Method
		contactReq bool
		historical bool
		mailbox    bool
		needsNID   bool
	}{
		{model.MinID, "minid", "MinID", "Digitaliseringsdirektoratet", model.LevelSubstantial, 3,
			[]model.Method{model.MethodSMS, model.MethodApp, model.MethodPINLetter}, true, false, false, true},
		{model.BankID, "bankid", "BankID", "own bank", model.LevelHigh, 4,
			[]model.Method{model.MethodCodeDevice, model.MethodApp}, false, false, true, true},
		{model.BankIDMobile, "bankid_mobil", "BankID på mobil", "own bank", model.LevelHigh, 4,
			[]model.Method{model.MethodSIM}, false, true, true, false},
		{model.Buypass, "buypass", "Buypass ID", "Buypass AS", model.LevelHigh, 4,
			[]model.Method{model.MethodSmartcard, model.MethodSMS, model.MethodApp}, false, false, true, true},
		{model.Commfides, "commfides", "Commfides", "Commfides Norge AS", model.LevelHigh, 4,
			[]model.Method{model.MethodUSB}, false, false, true, true},
	}
	got := model.EIDs()
	if len(got) != len(want) {
		t.Fatalf("EIDs() has %d eIDs, want %d", len(got), len(want))
	}
	for i, w := range want {
		t.Run(w.name, func(t *testing.T) {
			e := got[i]
			if e.Kind != w.kind || string(e.Kind) != w.value {
				t.Errorf("position %d: kind %q, want %q", i, e.Kind, w.value)
			}
			if e.Name != w.name {
				t.Errorf("Name %q, want %q", e.Name, w.name)
			}
			if e.Issuer != w.issuer {
				t.Errorf("Issuer %q, want %q", e.Issuer, w.issuer)
			}
			if e.Level != w.level || e.Level.Number() != w.levelNum {
				t.Errorf("Level %q (%d), want %q (%d)", e.Level, e.Level.Number(), w.level, w.levelNum)
			}
			if !slices.Equal(e.Methods, w.methods) {
				t.Errorf("Methods %v, want %v", e.Methods, w.methods)
			}
			if e.ContactRequired != w.contactReq {
				t.Errorf("ContactRequired %v, want %v", e.ContactRequired, w.contactReq)
			}
			if e.Historical != w.historical {
				t.Errorf("Historical %v, want %v", e.Historical, w.historical)
			}
			if e.CanOpenDigitalMailbox() != w.mailbox {
				t.Errorf("CanOpenDigitalMailbox %v, want %v", e.CanOpenDigitalMailbox(), w.mailbox)
			}
			if e.NeedsNationalID != w.needsNID {
				t.Errorf("NeedsNationalID %v, want %v", e.NeedsNationalID, w.needsNID)
			}
			for _, m := range w.methods {
				if !e.HasMethod(m) {
					t.Errorf("HasMethod(%q) false", m)
				}
			}
			l, ok := model.LookupEID(w.kind)
			if !ok || l.Kind != w.kind || l.Name != w.name {
				t.Errorf("LookupEID(%q) = %+v, %v", w.kind, l, ok)
			}
		})
	}
}

func TestEIDMethodsAreNotShared(t *testing.T) {
	all := []model.Method{model.MethodSMS, model.MethodApp, model.MethodPINLetter, model.MethodCodeDevice,
		model.MethodSIM, model.MethodSmartcard, model.MethodUSB}
	allowed := map[model.EIDKind][]model.Method{
		model.MinID:        {model.MethodSMS, model.MethodApp, model.MethodPINLetter},
		model.BankID:       {model.MethodCodeDevice, model.MethodApp},
		model.BankIDMobile: {model.MethodSIM},
		model.Buypass:      {model.MethodSmartcard, model.MethodSMS, model.MethodApp},
		model.Commfides:    {model.MethodUSB},
	}
	for kind, ms := range allowed {
		e, _ := model.LookupEID(kind)
		for _, m := range all {
			t.Run(string(kind)+"/"+string(m), func(t *testing.T) {
				if got, want := e.HasMethod(m), slices.Contains(ms, m); got != want {
					t.Errorf("HasMethod = %v, want %v", got, want)
				}
			})
		}
		if e.HasMethod("") || e.HasMethod("password") {
			t.Errorf("%s: HasMethod accepts an unknown method", kind)
		}
	}
}

func TestEIDsIsACopy(t *testing.T) {
	a := model.EIDs()
	a[0].Name = "changed"
	a[0] = model.EID{}
	b := model.EIDs()
	if b[0].Kind != model.MinID || b[0].Name != "MinID" {
		t.Fatalf("EIDs() shares its slice: %+v", b[0])
	}
	if e, _ := model.LookupEID(model.MinID); e.Name != "MinID" {
		t.Fatalf("LookupEID changed through EIDs(): %+v", e)
	}
}

func TestLookupEIDUnknown(t *testing.T) {
	for _, k := range []model.EIDKind{"", "MinID", "bankid-mobil", "idporten"} {
		t.Run(string(k), func(t *testing.T) {
			if e, ok := model.LookupEID(k); ok {
				t.Errorf("LookupEID(%q) found %+v", k, e)
			}
		})
	}
}

func TestLevelNumber(t *testing.T) {
	for _, tc := range []struct {
		l    model.Level
		want int
	}{{model.LevelSubstantial, 3}, {model.LevelHigh, 4}} {
		t.Run(string(tc.l), func(t *testing.T) {
			if got := tc.l.Number(); got != tc.want {
				t.Errorf("Number = %d, want %d", got, tc.want)
			}
		})
	}
	if string(model.LevelSubstantial) != "substantial" || string(model.LevelHigh) != "high" {
		t.Errorf("level values %q %q", model.LevelSubstantial, model.LevelHigh)
	}
}

func TestMethodValues(t *testing.T) {
	for m, want := range map[model.Method]string{
		model.MethodSMS: "sms", model.MethodApp: "app", model.MethodPINLetter: "pin_letter",
		model.MethodCodeDevice: "code_device", model.MethodSIM: "sim", model.MethodSmartcard: "smartcard",
		model.MethodUSB: "usb",
	} {
		if string(m) != want {
			t.Errorf("method %q, want %q", m, want)
		}
	}
}
