package ui_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// Screen patterns a person reads the simulated devices by (Nynorsk).
var (
	reSMSCode    = regexp.MustCompile(`Eingongskoden din er (\d{5,6})`)
	reCodeDevice = regexp.MustCompile(`(?s)Koden på skjermen:.*?(\d{3} \d{3})`)
	reDevicePIN  = regexp.MustCompile(`PIN-koden din: (\d{4,8})`)
	reVerifyCode = regexp.MustCompile(`Koden din er (\d{6})`)
	rePINIndex   = regexp.MustCompile(`PIN-kode nr\. (\d+) frå`)
)

// beginChoose goes from the start screen to the eID list and picks eID n.
func (tm *term) beginChoose(n string) {
	tm.t.Helper()
	tm.waitFor("Trykk Enter for å byrje.")
	tm.press(keyEnter)
	tm.waitFor(chooseShown)
	tm.press(n)
}

// nationalID answers the national-ID step.
func (tm *term) nationalID(id string) {
	tm.t.Helper()
	tm.waitFor("Fødselsnummer eller D-nummer")
	tm.typeLine(id)
}

// contact fills the contact register and confirms both codes.
// An empty mobile keeps what the field holds (BankID på mobil fills it in
// from the login).
func (tm *term) contact(mobile, email string) {
	tm.t.Helper()
	tm.waitFor("Norsk nummer, 8 siffer")
	prefilled := strings.Contains(tm.screen(), "> +47")
	if mobile == "" {
		tm.press(keyEnter)
	} else {
		tm.typeLine(mobile)
	}
	tm.waitFor("E-postadresse")
	if email == "" {
		tm.press(keyEnter)
	} else {
		tm.typeLine(email)
	}
	if mobile != "" || prefilled {
		tm.waitFor("Stadfest mobilnummeret")
		code := tm.waitMatch(reVerifyCode)[1]
		tm.typeLine(code)
	}
	if email != "" {
		tm.waitFor("Stadfest e-postadressa")
		code := tm.waitMatch(reVerifyCode)[1]
		tm.typeLine(code)
	}
	tm.waitFor("Kontaktinformasjonen er stadfesta")
	tm.press(keyEnter)
}

// confirmAndSave saves from the summary and returns the record on disk.
func (tm *term) confirmAndSave() model.Record {
	tm.t.Helper()
	tm.waitFor("Sjå over og stadfest")
	tm.press(keyEnter)
	tm.waitFor("Registreringa er fullført")
	rec, path, ok := tm.model.Saved()
	if !ok {
		tm.t.Fatal("receipt shown but model has no saved record")
	}
	if !strings.Contains(strings.ReplaceAll(tm.screen(), "\n", ""), rec.ID) {
		tm.t.Errorf("receipt does not show the id %s", rec.ID)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		tm.t.Fatalf("record file: %v", err)
	}
	var onDisk model.Record
	if err := json.Unmarshal(data, &onDisk); err != nil {
		tm.t.Fatalf("record file is not JSON: %v", err)
	}
	if err := onDisk.Validate(); err != nil {
		tm.t.Fatalf("record on disk invalid: %v", err)
	}
	if filepath.Base(path) != onDisk.ID+".json" {
		tm.t.Errorf("file %s, id %s", path, onDisk.ID)
	}
	fi, err := os.Stat(path)
	if err != nil {
		tm.t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		tm.t.Errorf("record mode %v, want 0600", fi.Mode().Perm())
	}
	return onDisk
}

func TestRegistrationPerEID(t *testing.T) {
	const adult = "17889033371" // synthetic, born 1990-08-17
	tests := []struct {
		name   string
		eid    string
		login  func(tm *term)
		mobile string
		email  string
		optIn  bool
		// loginMobile is the number BankID på mobil logged in with; it is
		// carried over into the contact register.
		loginMobile string
		want        model.RecordEID
		wantID      bool
	}{
		{
			name: "MinID with SMS code", eid: "1",
			login: func(tm *term) {
				tm.waitFor("Korleis vil du logge inn?")
				tm.press("1")
				tm.nationalID(adult)
				tm.waitFor("Minst 8 teikn, både bokstavar og tal")
				tm.typeSecret("hemmeleg123")
				code := tm.waitMatch(reSMSCode)[1]
				tm.typeLine(code)
			},
			mobile: "912 34 567", email: "kari@eksempel.no",
			want:   model.RecordEID{Kind: model.MinID, Method: model.MethodSMS, Level: model.LevelSubstantial},
			wantID: true,
		},
		{
			name: "BankID with code device", eid: "2",
			login: func(tm *term) {
				tm.waitFor("Korleis vil du logge inn?")
				tm.press("1")
				tm.nationalID(adult)
				code := tm.waitMatch(reCodeDevice)[1]
				tm.typeLine(code)
				tm.waitFor("Personleg passord")
				tm.typeSecret("passord-123")
			},
			optIn: true, mobile: "41234567",
			want:   model.RecordEID{Kind: model.BankID, Method: model.MethodCodeDevice, Level: model.LevelHigh},
			wantID: true,
		},
		{
			name: "BankID på mobil", eid: "3",
			login: func(tm *term) {
				tm.waitFor("Nummeret BankID på mobil er knytt til")
				tm.typeLine("98765432")
				tm.waitFor("Fødselsdato (DDMMÅÅ)")
				tm.typeLine("170890")
				tm.waitFor("Er referanseorda dei same på mobilen?")
				tm.press(keyEnter)
				pin := tm.waitMatch(reDevicePIN)[1]
				tm.typeSecret(pin)
			},
			optIn: true, email: "ola@eksempel.no", loginMobile: "+4798765432",
			want: model.RecordEID{Kind: model.BankIDMobile, Method: model.MethodSIM, Level: model.LevelHigh},
		},
		{
			name: "Buypass smart card", eid: "4",
			login: func(tm *term) {
				tm.waitFor("Korleis vil du logge inn?")
				tm.press("1")
				tm.nationalID(adult)
				tm.waitFor("Set kortet inn i kortlesaren")
				tm.press(keyEnter)
				pin := tm.waitMatch(reDevicePIN)[1]
				tm.typeSecret(pin)
			},
			optIn:  false,
			want:   model.RecordEID{Kind: model.Buypass, Method: model.MethodSmartcard, Level: model.LevelHigh},
			wantID: true,
		},
		{
			name: "Commfides USB stick", eid: "5",
			login: func(tm *term) {
				tm.nationalID("15850651229") // synthetic, born 2006-05-15
				tm.waitFor("Set inn USB-pinnen")
				tm.press(keyEnter)
				pin := tm.waitMatch(reDevicePIN)[1]
				tm.typeSecret(pin)
			},
			optIn: true, mobile: "+47 987 65 432", email: "nora@eksempel.no",
			want:   model.RecordEID{Kind: model.Commfides, Method: model.MethodUSB, Level: model.LevelHigh},
			wantID: true,
		},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tm := startTerm(t, termOpts{seed: uint64(i + 1)})
			tm.beginChoose(tc.eid)
			tc.login(tm)
			if tc.want.Kind != model.MinID {
				tm.waitFor("Vil du registrere kontaktinformasjon no?")
				if !tc.optIn {
					tm.press(keyDown)
					tm.waitFor("> Nei, hopp over")
				}
				tm.press(keyEnter)
			}
			if tc.want.Kind == model.MinID || tc.optIn {
				tm.contact(tc.mobile, tc.email)
			} else {
				tm.waitFor("Ingen kontaktinformasjon no")
				tm.press(keyEnter)
			}
			rec := tm.confirmAndSave()

			if rec.EID.Kind != tc.want.Kind || rec.EID.Method != tc.want.Method || rec.EID.Level != tc.want.Level {
				t.Errorf("eid = %+v, want %+v", rec.EID, tc.want)
			}
			if rec.Channel != model.ChannelTerminal || rec.Language != "nn" {
				t.Errorf("channel %q language %q", rec.Channel, rec.Language)
			}
			if tc.wantID != (rec.Person.NationalID != "") {
				t.Errorf("national_id = %q, want present=%v", rec.Person.NationalID, tc.wantID)
			}
			c := rec.ContactRegister
			wantMobile := ""
			if tc.mobile != "" && (tc.optIn || tc.want.Kind == model.MinID) {
				wantMobile, _ = model.ParseMobile(tc.mobile)
			}
			if tc.loginMobile != "" && tc.optIn {
				wantMobile = tc.loginMobile
			}
			if c.Mobile != wantMobile || (wantMobile != "") != (c.MobileVerifiedAt != nil) {
				t.Errorf("mobile = %q verified %v, want %q", c.Mobile, c.MobileVerifiedAt, wantMobile)
			}
			wantEmail := ""
			if tc.optIn || tc.want.Kind == model.MinID {
				wantEmail = tc.email
			}
			if c.Email != wantEmail || (wantEmail != "") != (c.EmailVerifiedAt != nil) {
				t.Errorf("email = %q, want %q", c.Email, wantEmail)
			}
			if c.Registered != (wantMobile != "" || wantEmail != "") {
				t.Errorf("registered = %v", c.Registered)
			}
			if files := tm.savedFiles(); len(files) != 1 || files[0] != rec.ID+".json" {
				t.Errorf("data dir holds %v, want only %s.json", files, rec.ID)
			}
			tm.press("q")
			tm.waitExit()
		})
	}
}

// TestMinIDWithoutContactRefused: MinID needs a mobile number or an e-mail
// address; leaving both empty is refused at the field with a message.
func TestMinIDWithoutContactRefused(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 7})
	tm.beginChoose("1")
	tm.waitFor("Korleis vil du logge inn?")
	tm.press("2") // MinID app
	tm.nationalID("17889033371")
	tm.waitFor("Passord")
	tm.typeSecret("hemmeleg123")
	tm.waitFor("Godkjenn innlogginga i appen")
	tm.press(keyEnter)
	tm.waitFor("Med MinID må du registrere")
	tm.press(keyEnter) // no mobile
	tm.waitFor("E-postadresse")
	tm.press(keyEnter) // no e-mail
	tm.waitFor("Med MinID må du fylle inn mobilnummer, e-postadresse eller begge.")
	if tm.model.CurrentStep() != ui.StepContact {
		t.Fatalf("step %v, want contact", tm.model.CurrentStep())
	}
	// Esc is never blocked by the error: back to the mobile field, value kept.
	tm.press(keyEsc)
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.typeLine("91234567")
	tm.waitFor("E-postadresse")
	tm.press(keyEnter)
	tm.waitFor("Stadfest mobilnummeret")
}

func TestBadNationalID(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 3})
	tm.beginChoose("5")
	tm.nationalID("31129956716")
	tm.waitFor("Kontrollsiffera stemmer ikkje.")
	// What was typed is still there to correct.
	if !strings.Contains(tm.screen(), "31129956716") {
		t.Errorf("typed number lost:\n%s", tm.screen())
	}
	tm.press("\x7f") // backspace
	tm.typeLine("5")
	tm.waitFor("Set inn USB-pinnen")
	if strings.Contains(tm.screen(), "Kontrollsiffera") {
		t.Error("error still shown after a valid number")
	}
}

// loginCommfides logs in with Commfides, up to the contact register's question.
func (tm *term) loginCommfides() {
	tm.t.Helper()
	tm.beginChoose("5")
	tm.nationalID("17889033371")
	tm.waitFor("Set inn USB-pinnen")
	tm.press(keyEnter)
	tm.typeSecret(tm.waitMatch(reDevicePIN)[1])
	tm.waitFor("Vil du registrere kontaktinformasjon no?")
}

func TestBadMobile(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 4})
	tm.loginCommfides()
	tm.press(keyEnter)
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.typeLine("31234567")
	tm.waitFor("Norske mobilnummer byrjar på 4 eller 9.")
	tm.press("\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f")
	tm.typeLine("+4746000000")
	tm.waitFor("E-postadresse")
}

func TestLanguageFlagEnglish(t *testing.T) {
	tm := startTerm(t, termOpts{lang: ui.English, seed: 5})
	tm.waitFor("Register a new user in ID-porten")
	tm.waitFor("Step 1 of 5 · Start")
	tm.press(keyEnter)
	tm.waitFor("Choose an electronic ID")
	tm.waitFor("Substantial (level 3)")
	tm.press(keyDown)
	tm.waitFor("Issuer: your bank")
	tm.waitFor("High (level 4)")
}

// TestLanguageKeyKeepsEverything switches language mid-field at the login
// and in the contact register: what was typed stays, the screen follows,
// and the record holds the language used at the end.
func TestLanguageKeyKeepsEverything(t *testing.T) {
	tm := startTerm(t, termOpts{seed: 11})
	tm.beginChoose("5")
	tm.waitFor("Fødselsnummer eller D-nummer")
	tm.press("178890")
	tm.waitFor("178890")
	tm.press(keyCtrlL)
	tm.waitFor("Fødselsnummer eller D-nummer (11 sifre)") // Bokmål
	tm.waitFor("178890")
	tm.press(keyCtrlL)
	tm.waitFor("National identity number or D-number")
	tm.waitFor("Step 3 of 5")
	tm.press("33371")
	tm.waitFor("17889033371")
	tm.press(keyEnter)
	tm.waitFor("Insert the USB stick")
	tm.press(keyCtrlL) // back to Nynorsk
	tm.waitFor("Set inn USB-pinnen")
	tm.press(keyEnter)
	tm.typeSecret(tm.waitMatch(reDevicePIN)[1])
	tm.waitFor("Vil du registrere kontaktinformasjon no?")
	tm.press(keyEnter)
	tm.waitFor("Norsk nummer, 8 siffer")
	tm.press("4123")
	tm.waitFor("4123")
	tm.press(keyCtrlL, keyCtrlL) // to English, inside the form
	tm.waitFor("Norwegian number, 8 digits")
	tm.waitFor("4123")
	tm.press("4567")
	tm.waitFor("41234567")
	tm.press(keyEnter)
	tm.waitFor("E-mail address")
	tm.typeLine("kari@eksempel.no")
	tm.waitFor("Confirm your mobile number")
	tm.typeLine(tm.waitMatch(regexpMust(`Your code is (\d{6})`))[1])
	tm.waitFor("Confirm your e-mail address")
	tm.typeLine(tm.waitMatch(regexpMust(`Your code is (\d{6})`))[1])
	tm.waitFor("Your contact information is confirmed")
	tm.press(keyEnter)
	tm.waitFor("Check and confirm")
	tm.press(keyEnter)
	tm.waitFor("The registration is complete")
	rec, _, ok := tm.model.Saved()
	if !ok {
		t.Fatal("nothing saved")
	}
	if rec.Language != "en" || rec.ContactRegister.Mobile != "+4741234567" || rec.Person.NationalID != "17889033371" {
		t.Errorf("record: language %q, mobile %q, national ID %q", rec.Language, rec.ContactRegister.Mobile, rec.Person.NationalID)
	}
}
