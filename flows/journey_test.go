package flows_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// journeyStart begins a journey with a seeded rand, the pinned clock and
// ids counted from 1.
func journeyStart(t testing.TB, seed uint64) *flows.Journey {
	t.Helper()
	n := 0
	return flows.NewJourney(flows.JourneyOptions{
		Options: specOptions(seed),
		NewID: func() string {
			n++
			return fmt.Sprintf("00000000-0000-7000-8000-%012d", n)
		},
		Channel: model.ChannelTerminal, Lang: "nn",
	})
}

// journeyAnswer is the simulated person's right answer to a step.
func journeyAnswer(t testing.TB, st flows.Step, nid, method string) string {
	t.Helper()
	d := st.Device
	switch st.Field {
	case flows.FieldStart, flows.FieldApprove, flows.FieldReferenceWords, flows.FieldInsertCard,
		flows.FieldInsertUSB, flows.FieldContactEnd, flows.FieldLocked, flows.FieldRefused:
		return ""
	case flows.FieldMethod:
		return method
	case flows.FieldNationalID:
		return nid
	case flows.FieldPassword:
		return "Passord123"
	case flows.FieldPersonalPassword:
		return "mittlangepassord"
	case flows.FieldOTP, flows.FieldVerifyCode:
		return d.Code
	case flows.FieldPINLetter:
		return d.PINs[d.PINIndex-1]
	case flows.FieldPIN:
		return d.PIN
	case flows.FieldMobile:
		return "91234567"
	case flows.FieldBirthDate:
		return "170890"
	}
	t.Fatalf("no answer for %s (%s)", st.Field, st.Stage)
	return ""
}

// must answers and fails on an error.
func must(t testing.TB, j *flows.Journey, answer string) {
	t.Helper()
	if err := j.Submit(answer); err != nil {
		t.Fatalf("at %s (%s), %q: %v", j.Stage(), j.Step().Field, answer, err)
	}
}

// loginAs walks the start, the eID list and the login with right answers.
func loginAs(t testing.TB, j *flows.Journey, kind model.EIDKind, method model.Method, nid string) {
	t.Helper()
	must(t, j, "")
	must(t, j, string(kind))
	for n := 0; j.Stage() == flows.StageLogin; n++ {
		if n > 10 {
			t.Fatal("the login does not end")
		}
		must(t, j, journeyAnswer(t, j.Step(), nid, string(method)))
	}
}

// TestJourneyEveryEIDAndMethod walks every eID by every method to a saved
// record, and checks the record against the answers.
func TestJourneyEveryEIDAndMethod(t *testing.T) {
	nid := specNID(t, specDate(1990, 8, 17)).String()
	for _, e := range model.EIDs() {
		for _, m := range e.Methods {
			t.Run(string(e.Kind)+"/"+string(m), func(t *testing.T) {
				j := journeyStart(t, 7)
				loginAs(t, j, e.Kind, m, nid)
				if e.ContactRequired {
					if j.Stage() != flows.StageContactMobile {
						t.Fatalf("MinID goes to %s, want the mobile field (no question)", j.Stage())
					}
				} else {
					if j.Stage() != flows.StageContactAsk {
						t.Fatalf("after the login: %s, want the question", j.Stage())
					}
					must(t, j, flows.AnswerYes)
				}
				if e.Kind == model.BankIDMobile {
					if got := j.Step().Value; got != "+47 912 34 567" {
						t.Errorf("BankID på mobil's number is not offered: %q", got)
					}
				}
				must(t, j, "912 34 567")
				must(t, j, "kari@eksempel.no")
				for _, s := range []flows.Stage{flows.StageVerifyMobile, flows.StageVerifyEmail} {
					if j.Stage() != s {
						t.Fatalf("stage %s, want %s", j.Stage(), s)
					}
					must(t, j, journeyAnswer(t, j.Step(), nid, ""))
				}
				must(t, j, "") // the end of the contact register
				rows := j.Registration().Summary()
				if len(rows) < 5 || rows[0].EID != e.Kind || rows[1].Method != m {
					t.Errorf("summary rows %+v", rows)
				}
				must(t, j, flows.AnswerSave)
				reg := j.Registration()
				rec := *reg.Record
				if err := rec.Validate(); err != nil {
					t.Fatalf("record invalid: %v\n%+v", err, rec)
				}
				if rec.EID.Kind != e.Kind || rec.EID.Method != m || rec.Language != "nn" || rec.Channel != model.ChannelTerminal ||
					rec.ContactRegister.Mobile != "+4791234567" || rec.ContactRegister.Email != "kari@eksempel.no" ||
					!rec.CreatedAt.Equal(specNow.Truncate(time.Second)) {
					t.Errorf("record %+v", rec)
				}
				if e.NeedsNationalID && rec.Person.NationalID != nid {
					t.Errorf("national ID %q, want %q", rec.Person.NationalID, nid)
				}
				j.Saved()
				if j.Stage() != flows.StageSaved {
					t.Errorf("after Saved: %s", j.Stage())
				}
			})
		}
	}
}

// TestJourneyBackTargets: where Back goes from every stage.
func TestJourneyBackTargets(t *testing.T) {
	nid := specNID(t, specDate(1990, 8, 17)).String()
	j := journeyStart(t, 8)
	if j.Back() {
		t.Error("Back at the start moved")
	}
	loginAs(t, j, model.Commfides, model.MethodUSB, nid)
	must(t, j, flows.AnswerYes)
	must(t, j, "91234567")
	must(t, j, "")
	must(t, j, journeyAnswer(t, j.Step(), nid, ""))
	must(t, j, "")
	want := []flows.Stage{
		flows.StageContactDone,   // summary →
		flows.StageContactEmail,  // the end →
		flows.StageContactMobile, // e-mail →
		flows.StageContactAsk,    // mobile →
		flows.StageLogin,         // the question → the login's last part
		flows.StageLogin,         // PIN → insert
		flows.StageLogin,         // insert → national ID
		flows.StageChoose,        // national ID → the list
		flows.StageStart,
	}
	for i, w := range want {
		if !j.Back() {
			t.Fatalf("Back %d did not move (at %s)", i, j.Stage())
		}
		if j.Stage() != w {
			t.Fatalf("Back %d: %s, want %s", i, j.Stage(), w)
		}
		if i == 4 && j.Step().Field != flows.FieldPIN {
			t.Errorf("the login reopened at %s, want its last part", j.Step().Field)
		}
	}
	if h := j.Registration().Highlight; h != string(model.Commfides) {
		t.Errorf("the list highlights %q, want the eID used", h)
	}
}

// TestJourneyAnotherPerson: the contact data never passes to another
// person; the same person keeps what was confirmed.
func TestJourneyAnotherPerson(t *testing.T) {
	a := specNID(t, specDate(1990, 8, 17)).String()
	b := specNID(t, specDate(1985, 3, 2)).String()
	register := func(j *flows.Journey) {
		must(t, j, flows.AnswerYes)
		must(t, j, "91234567")
		must(t, j, "")
		must(t, j, journeyAnswer(t, j.Step(), "", ""))
		must(t, j, "")
	}
	j := journeyStart(t, 9)
	loginAs(t, j, model.Commfides, model.MethodUSB, a)
	register(j)
	must(t, j, flows.AnswerEditLogin)
	must(t, j, string(model.Commfides))
	for j.Stage() != flows.StageContactAsk {
		must(t, j, journeyAnswer(t, j.Step(), a, ""))
	}
	if c := j.Registration().Contact; c.MobileInput != "91234567" || c.VerifiedMobile != "+4791234567" {
		t.Errorf("the same person lost what they confirmed: %+v", c)
	}
	must(t, j, flows.AnswerYes)
	j.Back()
	j.Back()
	j.Back() // the login's last part, then its first: another person
	for j.Stage() == flows.StageLogin && j.Step().Field != flows.FieldNationalID {
		j.Back()
	}
	for j.Stage() == flows.StageLogin {
		must(t, j, journeyAnswer(t, j.Step(), b, ""))
	}
	if c := j.Registration().Contact; c != (flows.Contact{}) {
		t.Errorf("another person got the first one's contact data: %+v", c)
	}
}

// TestJourneyNeedOneAndRules: MinID must give one; others are told «no»
// was the way; a wrong confirmation code counts, three lock until Resend.
func TestJourneyNeedOneAndRules(t *testing.T) {
	nid := specNID(t, specDate(1990, 8, 17)).String()
	j := journeyStart(t, 10)
	loginAs(t, j, model.MinID, model.MethodSMS, nid)
	must(t, j, "")
	var p *flows.Problem
	if err := j.Submit(""); !errors.As(err, &p) || p.Code != flows.ProblemNeedOne || !p.Required {
		t.Fatalf("MinID with neither: %v", err)
	}
	if got := j.Registration().Problem; got == nil || got.Field != flows.FieldContactEmail {
		t.Errorf("problem %+v, want it at the e-mail field", got)
	}
	must(t, j, "kari@eksempel.no")
	for i := range 3 {
		err := j.Submit("000000")
		if i < 2 && j.Registration().Problem.Code != flows.ProblemWrongCode {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	if j.Registration().Problem.Code != flows.ProblemVerifyLocked {
		t.Fatalf("after three: %+v", j.Registration().Problem)
	}
	if err := j.Submit(j.Step().Device.Code); !errors.As(err, &p) || p.Code != flows.ProblemVerifyLocked {
		t.Errorf("a locked confirmation took a code: %v", err)
	}
	old := j.Step().Device.Code
	if err := j.Resend(); err != nil {
		t.Fatal(err)
	}
	if j.Step().Device.Code == old || j.Step().TriesLeft != flows.MaxTries || j.Registration().Problem != nil {
		t.Errorf("Resend: step %+v, problem %+v", j.Step(), j.Registration().Problem)
	}
	must(t, j, j.Step().Device.Code)
	if j.Stage() != flows.StageContactDone {
		t.Errorf("stage %s", j.Stage())
	}
}

// TestJourneyLockAndRefusal: three wrong codes lock the eID for the
// session; an age refusal names the eIDs still open.
func TestJourneyLockAndRefusal(t *testing.T) {
	nid := specNID(t, specDate(1990, 8, 17)).String()
	j := journeyStart(t, 11)
	must(t, j, "")
	must(t, j, string(model.Commfides))
	must(t, j, nid)
	must(t, j, "")
	for range 3 {
		_ = j.Submit("000000")
	}
	if j.Stage() != flows.StageLoginLocked || !j.Registration().IsLocked(model.Commfides) {
		t.Fatalf("stage %s, locked %v", j.Stage(), j.Registration().Locked)
	}
	must(t, j, "")
	var p *flows.Problem
	if err := j.Submit(string(model.Commfides)); !errors.As(err, &p) || p.Code != flows.ProblemEIDLocked {
		t.Errorf("a locked eID was chosen: %v", err)
	}
	if c := j.Step().Choices[4]; !c.Disabled {
		t.Errorf("the locked eID is offered: %+v", c)
	}
	child := specNID(t, specDate(2016, 5, 1)).String() // ten years old
	must(t, j, string(model.BankID))
	must(t, j, string(model.MethodCodeDevice))
	var age *flows.AgeError
	if err := j.Submit(child); !errors.As(err, &age) || j.Stage() != flows.StageLoginRefused {
		t.Fatalf("a child: %v, %s", err, j.Stage())
	}
	var open []model.EIDKind
	for _, e := range j.Registration().OpenEIDs(specNow) {
		open = append(open, e.Kind)
	}
	if !reflect.DeepEqual(open, []model.EIDKind(nil)) {
		t.Errorf("open eIDs %v: Commfides is locked, the others have age limits", open)
	}
	j.Restart()
	if !j.Registration().IsLocked(model.Commfides) || j.Stage() != flows.StageStart {
		t.Errorf("Restart forgot the lock or the start: %+v", j.Registration())
	}
}

// TestJourneyMaskedHoldsNoPersonalData: nothing typed or shown that is
// personal (the national ID, the codes, the PIN, the mobile number, the
// e-mail address, the birth date) appears in the masked view, at any stage.
func TestJourneyMaskedHoldsNoPersonalData(t *testing.T) {
	nid := specNID(t, specDate(1990, 8, 17)).String()
	j := journeyStart(t, 12)
	var secrets []string
	check := func() {
		t.Helper()
		reg := j.Registration()
		data, err := json.Marshal(reg.Masked())
		if err != nil {
			t.Fatal(err)
		}
		if st := j.Step(); st.Device != nil {
			for _, s := range []string{st.Device.Code, st.Device.PIN} {
				if s != "" {
					secrets = append(secrets, s)
				}
			}
			secrets = append(secrets, st.Device.PINs...)
			secrets = append(secrets, st.Device.Words...)
		}
		for _, s := range secrets {
			if strings.Contains(string(data), s) {
				t.Errorf("at %s the masked view holds %q:\n%s", j.Stage(), s, data)
			}
		}
	}
	secrets = append(secrets, nid, "91234567", "912 34 567", "+4791234567", "kari.nordmann", "1990-08-17", "170890")
	must(t, j, "")
	must(t, j, string(model.MinID))
	must(t, j, string(model.MethodPINLetter))
	j.Type(nid[:7])
	check()
	must(t, j, nid)
	check()
	must(t, j, "Passord123")
	check()
	must(t, j, journeyAnswer(t, j.Step(), nid, ""))
	j.Type("912 34 5")
	check()
	must(t, j, "912 34 567")
	j.Type("kari.nordmann@eksem")
	check()
	must(t, j, "kari.nordmann@eksempel.no")
	check()
	must(t, j, journeyAnswer(t, j.Step(), nid, ""))
	check()
	must(t, j, journeyAnswer(t, j.Step(), nid, ""))
	must(t, j, "")
	check()
	must(t, j, flows.AnswerSave)
	check()
	m := j.Registration().Masked()
	if m.Contact.Mobile != "+47 9•• •• 567" || m.Contact.Email != "k•••@eksempel.no" || m.Person.NationalID != strings.Repeat("•", 11) {
		t.Errorf("masked contact %+v, person %+v", m.Contact, m.Person)
	}
}

// TestRegistrationIsPlainData: a registration is copied whole (changing a
// copy changes nothing of the journey), compares, and survives JSON.
func TestRegistrationIsPlainData(t *testing.T) {
	nid := specNID(t, specDate(1990, 8, 17)).String()
	j := journeyStart(t, 13)
	loginAs(t, j, model.BankIDMobile, model.MethodSIM, nid)
	a := j.Registration()
	b := j.Registration()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two copies of the same registration differ")
	}
	b.Login.Values[flows.FieldMobile] = "changed"
	b.Login.Words[0] = "changed"
	if reflect.DeepEqual(a, b) || j.Registration().Login.Values[flows.FieldMobile] == "changed" {
		t.Error("a copy shares its maps or slices with the journey")
	}
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back flows.Registration
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Masked(), back.Masked()) {
		t.Errorf("JSON round trip differs:\n%+v\n%+v", a, back)
	}
}

// TestMaskedMobileDraft: only a whole mobile number keeps any digit in the
// mobile field; a national ID typed there by mistake is all dots.
func TestMaskedMobileDraft(t *testing.T) {
	for draft, want := range map[string]string{
		"17889033371": "•••••••••••",
		"98765432":    "+47 9•• •• 432",
		"9876":        "••••",
	} {
		reg := flows.Registration{Stage: flows.StageContactMobile, Draft: draft}
		if got := reg.Masked().Draft; got != want {
			t.Errorf("mobile draft %q masked as %q, want %q", draft, got, want)
		}
	}
}
