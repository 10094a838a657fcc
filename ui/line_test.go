package ui_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jonboulle/clockwork"

	"github.com/idporten-wizard/idporten-wizard/internal/termtest"
	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// lineClock is the pinned clock of the line-mode tests: 25 November 2026,
// noon in Oslo.
var lineClock = time.Date(2026, 11, 25, 12, 0, 0, 0, model.Oslo())

// lineOutcome is a finished line-mode run.
type lineOutcome struct {
	out   string
	res   ui.LineResult
	err   error
	store *storage.Store
}

// records returns the records the run saved.
func (o lineOutcome) records(t *testing.T) []model.Record {
	t.Helper()
	recs, problems := o.store.List()
	if len(problems) > 0 {
		t.Fatalf("store problems: %v", problems)
	}
	return recs
}

// record returns the one record the run saved.
func (o lineOutcome) record(t *testing.T) model.Record {
	t.Helper()
	recs := o.records(t)
	if len(recs) != 1 {
		t.Fatalf("%d records saved, want 1; output:\n%s", len(recs), o.out)
	}
	return recs[0]
}

// lineOpts returns options for a run over a fresh store, seeded.
func lineOpts(t *testing.T, lang ui.Lang, in io.Reader, out io.Writer) (ui.LineOptions, *storage.Store) {
	t.Helper()
	st, err := storage.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	return ui.LineOptions{
		Options: ui.Options{Lang: lang, Store: st, NewID: storage.NewID,
			Now: func() time.Time { return lineClock }, Rand: rand.New(rand.NewPCG(7, 42)),
			Clock: clockwork.NewFakeClockAt(lineClock)},
		In: in, Out: out,
	}, st
}

// runLine feeds a whole answers text at once and waits for the run to end.
func runLine(t *testing.T, lang ui.Lang, answers string, change func(*ui.LineOptions)) lineOutcome {
	t.Helper()
	var out bytes.Buffer
	o, st := lineOpts(t, lang, strings.NewReader(answers), &out)
	if change != nil {
		change(&o)
	}
	type result struct {
		res ui.LineResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := ui.RunLine(context.Background(), o)
		done <- result{res, err}
	}()
	select {
	case r := <-done:
		return lineOutcome{out: out.String(), res: r.res, err: r.err, store: st}
	case <-time.After(10 * time.Second):
		t.Fatal("RunLine did not end")
		return lineOutcome{}
	}
}

// completed fails unless the run saved a registration and ended cleanly.
func (o lineOutcome) completed(t *testing.T) model.Record {
	t.Helper()
	if o.err != nil || o.res.Saves != 1 {
		t.Fatalf("RunLine = %+v, %v; output:\n%s", o.res, o.err, o.out)
	}
	noEscapes(t, o.out)
	return o.record(t)
}

// noEscapes fails on any ESC byte in the output.
func noEscapes(t *testing.T, out string) {
	t.Helper()
	if i := strings.IndexByte(out, 0x1b); i >= 0 {
		t.Errorf("escape sequence at byte %d: %q", i, out[max(i-40, 0):min(i+20, len(out))])
	}
}

// contains fails unless out holds every one of want.
func contains(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func lines(l ...string) string { return strings.Join(l, "\n") + "\n" }

// TestLineEachEID registers with each of the five eIDs from an answers
// text piped at once and checks the saved record.
func TestLineEachEID(t *testing.T) {
	verified := func(r model.Record) bool {
		c := r.ContactRegister
		return (c.Mobile == "" || c.MobileVerifiedAt != nil) && (c.Email == "" || c.EmailVerifiedAt != nil)
	}
	tests := []struct {
		name    string
		lang    ui.Lang
		answers string
		kind    model.EIDKind
		method  model.Method
		nid     string
		birth   string
		mobile  string
		email   string
	}{
		{"MinID with SMS code", ui.Nynorsk,
			lines("1", "1", "17889033371", "Passord123", "@code", "91234567", "kari@eksempel.no", "@code", "@code", "1"),
			model.MinID, model.MethodSMS, "17889033371", "1990-08-17", "+4791234567", "kari@eksempel.no"},
		{"BankID with code device, no contact data", ui.Bokmal,
			lines("2", "1", "15850651229", "@code", "hemmelig-passord", "2", "1"),
			model.BankID, model.MethodCodeDevice, "15850651229", "2006-05-15", "", ""},
		{"BankID på mobil keeps the login's mobile number", ui.English,
			lines("3", "912 34 567", "170890", "", "@code", "1", "", "", "@code", "1"),
			model.BankIDMobile, model.MethodSIM, "", "1990-08-17", "+4791234567", ""},
		{"Buypass ID with password and SMS, e-mail only", ui.Nynorsk,
			lines("4", "2", "55850651212", "langt-passord", "@code", "1", "", "ola@eksempel.no", "@code", "1"),
			model.Buypass, model.MethodSMS, "55850651212", "2006-05-15", "", "ola@eksempel.no"},
		{"Commfides with the USB stick", ui.Nynorsk,
			lines("5", "17889033371", "", "@code", "ja", "+47 41234567", "Per@Eksempel.no", "@code", "@code", "1"),
			model.Commfides, model.MethodUSB, "17889033371", "1990-08-17", "+4741234567", "Per@Eksempel.no"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := runLine(t, tc.lang, tc.answers, nil)
			rec := o.completed(t)
			c := rec.ContactRegister
			if rec.EID.Kind != tc.kind || rec.EID.Method != tc.method || rec.Person.NationalID != tc.nid ||
				rec.Person.BirthDate.Format(time.DateOnly) != tc.birth || c.Mobile != tc.mobile || c.Email != tc.email ||
				c.Registered != (tc.mobile != "" || tc.email != "") || !verified(rec) {
				t.Errorf("record %+v", rec)
			}
			if rec.Channel != model.ChannelTerminal || rec.Language != string(tc.lang) {
				t.Errorf("channel %q language %q", rec.Channel, rec.Language)
			}
			if err := rec.Validate(); err != nil {
				t.Errorf("record does not validate: %v", err)
			}
			contains(t, o.out, rec.ID, ui.TextFor(tc.lang).Receipt.Title)
		})
	}
}

// TestLineOtherMethods covers the MinID app and PIN letter, the BankID app
// and the Buypass smart card.
func TestLineOtherMethods(t *testing.T) {
	for name, tc := range map[string]struct {
		answers string
		method  model.Method
		want    string
	}{
		"MinID app":        {lines("1", "2", "17889033371", "Passord123", "", "41234567", "", "@code", "1"), model.MethodApp, "Appen for MinID på den simulerte telefonen spør: «Vil du logge inn i ID-porten?»"},
		"MinID PIN letter": {lines("1", "3", "17889033371", "Passord123", "@code", "", "kari@eksempel.no", "@code", "1"), model.MethodPINLetter, "Det simulerte PIN-kodebrevet har desse kodane: nr. 1: "},
		"BankID app":       {lines("2", "2", "17889033371", "", "personleg-passord", "nei", "1"), model.MethodApp, "Appen for BankID på den simulerte telefonen spør"},
		"Buypass card":     {lines("4", "1", "17889033371", "", "@code", "2", "1"), model.MethodSmartcard, "Kortet står i den simulerte kortlesaren. PIN-koden din er "},
	} {
		t.Run(name, func(t *testing.T) {
			o := runLine(t, ui.Nynorsk, tc.answers, nil)
			if rec := o.completed(t); rec.EID.Method != tc.method {
				t.Errorf("method %q, want %q", rec.EID.Method, tc.method)
			}
			contains(t, o.out, tc.want)
		})
	}
}

// TestLineStepsAndDevice: each prompt names its step as the full-screen
// wizard does, and the device's code is a plain sentence.
func TestLineStepsAndDevice(t *testing.T) {
	o := runLine(t, ui.Nynorsk, lines("2", "1", "17889033371", "@code", "hemmeleg-passord", "2", "1"), nil)
	o.completed(t)
	contains(t, o.out, "Steg 1 av 5: Start", "Steg 2 av 5: Vel eID", "Steg 3 av 5: Logg inn",
		"Steg 4 av 5: Kontaktregisteret", "Steg 5 av 5: Stadfest", "Kvittering",
		"Skriv «tilbake» når som helst for å gå eitt steg tilbake.",
		"1. MinID\n", "3. BankID på mobil (historisk)\n", "Tryggleiksnivå: Høgt (nivå 4)",
		// The choice of method is not a part: the count never changes.
		"\nKorleis vil du logge inn?\n1. Kodebrikke\n2. BankID-appen\nSkriv talet (1–2).",
		"Del 1 av 3: Fødselsnummer eller D-nummer", "Del 3 av 3: Personleg passord",
		"Fødselsnummer: 178890 *****", "E-postadresse: ikkje registrert")
	if m := regexp.MustCompile(`Den simulerte kodebrikka viser koden \d{6}\.\n`).FindString(o.out); m == "" {
		t.Errorf("no code sentence:\n%s", o.out)
	}
	if strings.Count(o.out, "«tilbake» når som helst") != 1 {
		t.Errorf("the back word should be named once at the start")
	}
	if strings.Contains(o.out, "17889033371") {
		t.Error("the summary or the receipt shows the whole national ID")
	}
}

// TestLineValidation: a bad national ID, a bad mobile number and a wrong
// code are each asked again with the reason; the journey still completes.
func TestLineValidation(t *testing.T) {
	o := runLine(t, ui.Nynorsk, lines(
		"7", "MinID", // no such choice; then by name
		"1", "17889033372", "1788903337", "17889033371", // checksum, length, right
		"passordet", "Passord123",
		"00000", "12", "@code", // a wrong code uses a try; a short one does not
		"81234567", "+46 701234567", "91234567",
		"kari@", "kari@eksempel.no",
		"000000", "@code", "@code", "1"), nil)
	rec := o.completed(t)
	e := ui.TextFor(ui.Nynorsk).Errors
	contains(t, o.out,
		"Feil: Det er ikkje eitt av vala. Skriv eit tal frå 1 til "+nEIDs+".",
		"Feil: "+e.NationalIDChecksum, "Feil: "+e.NationalIDLength, "Feil: "+e.PasswordMix,
		"Feil: Feil kode. Du har 2 forsøk att.", "Feil: Skriv 5 siffer.",
		"Feil: "+e.MobileNotMobile, "Feil: "+e.MobileForeign, "Feil: "+e.EmailDomain)
	if strings.Count(o.out, "Feil: Feil kode.") != 2 { // one at the login, one at the mobile check
		t.Errorf("wrong codes named %d times:\n%s", strings.Count(o.out, "Feil: Feil kode."), o.out)
	}
	if rec.Person.NationalID != "17889033371" || rec.ContactRegister.Mobile != "+4791234567" {
		t.Errorf("record %+v", rec)
	}
}

// TestLineContactRules: MinID needs a mobile number or an e-mail address;
// after «yes» another eID needs one too; a code check locks after three
// wrong codes until a new code is asked for.
func TestLineContactRules(t *testing.T) {
	t.Run("MinID needs one", func(t *testing.T) {
		o := runLine(t, ui.Nynorsk, lines("1", "1", "17889033371", "Passord123", "@code",
			"", "", "kari@eksempel.no", "@code", "1"), nil)
		rec := o.completed(t)
		contains(t, o.out, "Feil: "+ui.TextFor(ui.Nynorsk).Contact.NeedOne)
		if rec.ContactRegister.Email != "kari@eksempel.no" || rec.ContactRegister.Mobile != "" {
			t.Errorf("contact %+v", rec.ContactRegister)
		}
	})
	t.Run("yes needs one, or back to no", func(t *testing.T) {
		o := runLine(t, ui.Nynorsk, lines("5", "17889033371", "", "@code", "1", "", "",
			"tilbake", "tilbake", "2", "1"), nil)
		rec := o.completed(t)
		contains(t, o.out, "Fyll inn minst eitt av dei to. Vil du ikkje registrere noko, skriv «tilbake»",
			"Vil du registrere kontaktinformasjon no?\n1. Ja\n2. Nei, hopp over")
		if rec.ContactRegister.Registered {
			t.Errorf("contact %+v", rec.ContactRegister)
		}
	})
	t.Run("three wrong codes, then a new code", func(t *testing.T) {
		o := runLine(t, ui.English, lines("5", "17889033371", "", "@code", "yes", "91234567", "",
			"000000", "000001", "000002", "@code", "new", "@code", "1"), nil)
		rec := o.completed(t)
		contains(t, o.out, "Error: Wrong code. You have one try left.",
			"Too many wrong codes. Check that +47 912 34 567 is right: type “back” to change it, or “new” for a new code.",
			"We have sent a new code.")
		if rec.ContactRegister.Mobile != "+4791234567" || rec.ContactRegister.MobileVerifiedAt == nil {
			t.Errorf("contact %+v", rec.ContactRegister)
		}
	})
}

// TestLineLockout: three wrong PINs lock Commfides for the session; it
// cannot be chosen again, and another eID completes.
func TestLineLockout(t *testing.T) {
	o := runLine(t, ui.Nynorsk, lines("5", "17889033371", "", "000000", "000001", "000002",
		"5", "2", "1", "17889033371", "@code", "hemmeleg-passord", "2", "1"), nil)
	rec := o.completed(t)
	tx := ui.TextFor(ui.Nynorsk)
	contains(t, o.out, "Feil: Feil PIN-kode. Du har eitt forsøk att.", "Commfides er låst. Du har skrive feil kode tre gonger",
		"5. Commfides (låst)", "Feil: Commfides er låst i denne økta etter tre feil kodar. Vel ein annan eID.",
		tx.EIDContact[model.Commfides])
	if rec.EID.Kind != model.BankID {
		t.Errorf("saved %s", rec.EID.Kind)
	}
}

// TestLineAgeRefusal: a child is refused BankID and told which eIDs are
// open; Commfides (no age limit) completes.
func TestLineAgeRefusal(t *testing.T) {
	child, err := model.SyntheticNationalID(time.Date(2016, 3, 10, 0, 0, 0, 0, time.UTC), 0)
	if err != nil {
		t.Fatal(err)
	}
	o := runLine(t, ui.Nynorsk, lines("2", "1", child.String(), "5", child.String(), "", "@code", "2", "1"), nil)
	rec := o.completed(t)
	contains(t, o.out, "Feil: Du er for ung til å bruke BankID", "Du er fødd 10.03.2016", "Andre eID-ar du kan bruke no: Commfides.")
	if rec.EID.Kind != model.Commfides || rec.Person.NationalID != child.String() {
		t.Errorf("record %+v", rec)
	}
}

// TestLineBack: the back word goes one step back everywhere, in any of the
// three languages; nothing typed is lost.
func TestLineBack(t *testing.T) {
	o := runLine(t, ui.Nynorsk, lines(
		"tilbake",                // at the first question: nothing to go back to
		"1", "1", "TILBAKE", "2", // national ID → method; choose the app instead
		"17889033371", "Passord123", "", // approve in the app: logged in
		"back",                          // mobile → the login's last part (the app)
		"tilbake", "tilbake", "tilbake", // → password → national ID → method
		"1", "17889033371", "Passord123", "@code", // logged in again, with SMS
		"91234567", "tilbake", // e-mail → mobile, which keeps its value
		"", "", "@code", // keep it; no e-mail; confirm the mobile
		"tilbake", "kari@eksempel.no", "@code", // summary → e-mail; confirm it only
		"2", "1", "1", "17889033371", "Passord123", "@code", // change the login from the summary,
		"", "", // then the contact register again, values kept, already confirmed
		"1"), nil)
	rec := o.completed(t)
	contains(t, o.out, "Dette er det første spørsmålet, så det er ingenting å gå tilbake til.",
		"No står det 91234567. Trykk Enter for å behalde det")
	if strings.Count(o.out, "Stadfest mobilnummeret.") != 1 {
		t.Errorf("the mobile number was confirmed %d times, want once", strings.Count(o.out, "Stadfest mobilnummeret."))
	}
	if rec.EID.Method != model.MethodSMS || rec.ContactRegister.Mobile != "+4791234567" ||
		rec.ContactRegister.Email != "kari@eksempel.no" {
		t.Errorf("record %+v", rec)
	}
}

// TestLineInputEnds: input ending before the save gives ErrInputEnded and
// a closing line; nothing is saved.
func TestLineInputEnds(t *testing.T) {
	for name, answers := range map[string]string{
		"no input":              "",
		"mid-way":               lines("1", "1", "17889033371"),
		"last line without end": "1\n1\n1788903",
	} {
		t.Run(name, func(t *testing.T) {
			o := runLine(t, ui.Nynorsk, answers, nil)
			if !errors.Is(o.err, ui.ErrInputEnded) || o.res.Saves != 0 {
				t.Fatalf("RunLine = %+v, %v", o.res, o.err)
			}
			if !strings.HasSuffix(o.out, "Svara tok slutt før registreringa vart lagra. Ingenting er lagra.\n") {
				t.Errorf("closing line missing:\n%s", o.out)
			}
			if recs := o.records(t); len(recs) != 0 {
				t.Errorf("%d records saved", len(recs))
			}
		})
	}
}

// failingStore fails the first n saves with err, then saves.
type failingStore struct {
	*storage.Store
	n   int32
	err error
	try atomic.Int32
}

func (f *failingStore) Save(r model.Record) (string, error) {
	if f.try.Add(1) <= f.n {
		return "", f.err
	}
	return f.Store.Save(r)
}

// TestLineSaveFailure: a failed save names the reason and asks whether to
// try again, with every answer kept; declining ends without a record.
func TestLineSaveFailure(t *testing.T) {
	full := &os.PathError{Op: "write", Path: "x.json", Err: syscall.ENOSPC}
	commfides := lines("5", "17889033371", "", "@code", "2")
	t.Run("retry", func(t *testing.T) {
		var fs *failingStore
		o := runLine(t, ui.Nynorsk, commfides+lines("1", "ja", "tilbake", "1"), func(o *ui.LineOptions) {
			fs = &failingStore{Store: o.Store.(*storage.Store), n: 2, err: full}
			o.Store = fs
		})
		rec := o.completed(t)
		contains(t, o.out, "Feil: Klarte ikkje å lagre registreringa", "er full.", "Svara dine er tekne vare på.",
			"Vil du prøve å lagre på nytt?\n1. Ja, prøv igjen\n2. Nei, avslutt utan å lagre")
		if rec.EID.Kind != model.Commfides || fs.try.Load() != 3 {
			t.Errorf("record %+v after %d tries", rec, fs.try.Load())
		}
	})
	t.Run("decline", func(t *testing.T) {
		o := runLine(t, ui.Nynorsk, commfides+lines("1", "2"), func(o *ui.LineOptions) {
			o.Store = &failingStore{Store: o.Store.(*storage.Store), n: 1, err: full}
		})
		if o.err != nil || o.res.Saves != 0 {
			t.Fatalf("RunLine = %+v, %v", o.res, o.err)
		}
		contains(t, o.out, "Registreringa er ikkje lagra. Ha det bra!")
		if recs := o.records(t); len(recs) != 0 {
			t.Errorf("%d records", len(recs))
		}
	})
}

// TestLineNoEscapes runs a whole journey full of mistakes, with escape
// sequences and control characters typed in, and finds no ESC byte in the
// output; the address saved is free of them too.
func TestLineNoEscapes(t *testing.T) {
	o := runLine(t, ui.English, lines(
		"\x1b[A\x1b[B9", "\x1b[31m4", // arrow keys and a colour code typed in
		"1", "12345678910", "17889033371", "", "1111", "@code",
		"yes", "0047 8", "91234567", "kari\x1b]0;title\x07@eksempel.no\x9b", "@code", "999999", "@code",
		"back", "", "", "", "1"), nil)
	rec := o.completed(t)
	if rec.ContactRegister.Email != "kari@eksempel.no" {
		t.Errorf("e-mail %q", rec.ContactRegister.Email)
	}
	for _, b := range []byte(o.out) {
		if b < 0x20 && b != '\n' {
			t.Fatalf("control byte %#x in the output", b)
		}
	}
}

// syncBuffer collects output written by RunLine while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitOut waits until the output matches re and returns the submatches.
func waitOut(t *testing.T, out *syncBuffer, re string) []string {
	t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := rx.FindStringSubmatch(out.String()); m != nil {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("output never matched %q:\n%s", re, out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// liveLine is a run fed through a pipe, a line at a time, like a person.
type liveLine struct {
	t    *testing.T
	in   *io.PipeWriter
	out  *syncBuffer
	done chan struct{}
	res  ui.LineResult
	err  error
	st   *storage.Store
	// clock is the run's timers' clock, moved by advance.
	clock *clockwork.FakeClock
}

func startLive(t *testing.T, ctx context.Context, lang ui.Lang, change func(*ui.LineOptions)) *liveLine {
	t.Helper()
	r, w := io.Pipe()
	l := &liveLine{t: t, in: w, out: &syncBuffer{}, done: make(chan struct{})}
	var o ui.LineOptions
	o, l.st = lineOpts(t, lang, r, l.out)
	if change != nil {
		change(&o)
	}
	l.clock, _ = o.Clock.(*clockwork.FakeClock)
	go func() {
		l.res, l.err = ui.RunLine(ctx, o)
		close(l.done)
	}()
	t.Cleanup(func() { _ = w.Close() })
	return l
}

func (l *liveLine) wait(re string) []string { l.t.Helper(); return waitOut(l.t, l.out, re) }

// advance moves the run's clock on by d. The line mode starts a question's
// timers before it prints the question, so a test that has seen the
// question is never early.
func (l *liveLine) advance(d time.Duration) {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), termtest.Timeout)
	defer cancel()
	if err := l.clock.BlockUntilContext(ctx, 1); err != nil {
		l.t.Fatalf("no timer to move %s on:\n%s", d, l.out.String())
	}
	l.clock.Advance(d)
}

func (l *liveLine) send(s string) {
	l.t.Helper()
	if _, err := io.WriteString(l.in, s); err != nil {
		l.t.Fatalf("write: %v", err)
	}
}

func (l *liveLine) end() {
	l.t.Helper()
	select {
	case <-l.done:
	case <-time.After(10 * time.Second):
		l.t.Fatalf("RunLine did not end:\n%s", l.out.String())
	}
}

// TestLineEcho types raw bytes as an SSH PTY delivers them: CR as Enter,
// Backspace (DEL and ^H), an arrow key, CRLF; the echo shows the typing,
// stars for secrets, and every line ends in CR LF.
func TestLineEcho(t *testing.T) {
	l := startLive(t, context.Background(), ui.Nynorsk, func(o *ui.LineOptions) { o.Echo = true })
	l.wait(`Skriv talet \(1–` + nEIDs + `\)\.\r\n> $`)
	l.send("4\r")
	l.wait(`Skriv talet \(1–3\)\.\r\n> $`)
	l.send("\x1b[B1\r")
	l.wait(`Fødselsnummer.*\r\n.*\r\n> $`)
	l.send("1788903337X\x7f\x08\x1b[D71\r\n") // two characters rubbed out, then 71
	l.wait(`Set kortet inn i kortlesaren\r\n.*\r\n> $`)
	l.send("\r")
	pin := l.wait(`PIN-koden din er (\d{4})\.\r\n.*\r\n.*\r\n> $`)[1]
	l.send(pin + "\r")
	l.wait(`Skriv talet \(1–2\)\.\r\n> $`)
	l.send("nei\xc2\x9b\x9b\r") // a C1 control character and a stray byte: neither echoed nor kept
	l.wait(`Skriv talet \(1–3\)\.\r\n> $`)
	l.send("1\r")
	l.end()
	if l.err != nil || l.res.Saves != 1 {
		t.Fatalf("RunLine = %+v, %v", l.res, l.err)
	}
	out := l.out.String()
	noEscapes(t, out)
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Error("a line ends without CR")
	}
	contains(t, out, "> 1788903337X\b \b\b \b71\r\n", "> ****\r\n", "> nei\r\n")
	if !utf8.ValidString(out) || strings.ContainsRune(out, 0x9b) {
		t.Errorf("the echo let a C1 control or a stray byte through: %q", out)
	}
	if strings.Contains(out, "> "+pin) {
		t.Error("the PIN was echoed")
	}
	recs, _ := l.st.List()
	if len(recs) != 1 || recs[0].Person.NationalID != "17889033371" || recs[0].EID.Method != model.MethodSmartcard {
		t.Errorf("records %+v", recs)
	}
}

// TestLineEchoAllAtOnce: raw bytes piped at once (a scripted SSH session
// with a PTY) complete a registration.
func TestLineEchoAllAtOnce(t *testing.T) {
	o := runLine(t, ui.Nynorsk, "5\r17889033371\r\r@code\r\n2\r1\r", func(o *ui.LineOptions) { o.Echo = true })
	if rec := o.completed(t); rec.EID.Kind != model.Commfides {
		t.Errorf("record %+v", rec)
	}
}

// TestLineEchoCtrlCAndCtrlD: in an echoing session Ctrl+C cancels (a
// goodbye, context.Canceled) and Ctrl+D on an empty line ends the input.
func TestLineEchoCtrlCAndCtrlD(t *testing.T) {
	o := runLine(t, ui.Nynorsk, "1\r17\x03", func(o *ui.LineOptions) { o.Echo = true })
	if !errors.Is(o.err, context.Canceled) || !strings.HasSuffix(o.out, "\r\nAvbrote. Ingenting er lagra. Ha det bra!\r\n") {
		t.Errorf("Ctrl+C: %v\n%q", o.err, o.out)
	}
	o = runLine(t, ui.Nynorsk, "1\r\x04", func(o *ui.LineOptions) { o.Echo = true })
	if !errors.Is(o.err, ui.ErrInputEnded) {
		t.Errorf("Ctrl+D: %v", o.err)
	}
}

// TestLineCancel: a cancelled context says goodbye and returns its error;
// with the server's closing cause it says the server is closing.
func TestLineCancel(t *testing.T) {
	t.Run("interrupt", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		l := startLive(t, ctx, ui.Nynorsk, nil)
		l.wait(`Skriv talet \(1–` + nEIDs + `\)\.\n$`)
		l.send("1\n")
		l.wait(`Skriv talet \(1–3\)\.\n$`)
		cancel()
		l.end()
		if !errors.Is(l.err, context.Canceled) || l.res.Ending != ui.EndingQuit {
			t.Errorf("RunLine = %+v, %v", l.res, l.err)
		}
		if !strings.HasSuffix(l.out.String(), "Avbrote. Ingenting er lagra. Ha det bra!\n") {
			t.Errorf("no goodbye:\n%s", l.out.String())
		}
	})
	t.Run("server closing", func(t *testing.T) {
		closing := make(chan time.Time, 1)
		l := startLive(t, context.Background(), ui.English, func(o *ui.LineOptions) { o.Closing = closing })
		l.wait(`Type the number \(1–` + nEIDs + `\)\.\n$`)
		closing <- l.clock.Now().Add(time.Second)
		l.wait(`The server closes in one second – finish now\.\n`)
		l.advance(time.Second)
		l.end()
		if l.err != nil || l.res.Ending != ui.EndingShutdown || ui.LineExitCode(l.res, l.err) != 75 {
			t.Errorf("RunLine = %+v, %v", l.res, l.err)
		}
		contains(t, l.out.String(), ui.TextFor(ui.English).Idle.ServerClosing)
	})
}

// TestLineIdle: without a line for the idle timeout the session warns,
// then ends with the goodbye (EndingTimedOut); Enter after the warning
// asks the same question again.
func TestLineIdle(t *testing.T) {
	l := startLive(t, context.Background(), ui.Nynorsk, func(o *ui.LineOptions) {
		o.IdleTimeout = 10 * time.Minute // the server's default; the warning's 30 s
	})
	l.wait(`Vel elektronisk ID\. Skriv talet \(1–` + nEIDs + `\)\.\n$`)
	l.advance(10*time.Minute - 30*time.Second)
	l.wait(`Er du framleis der\? Du har ikkje svart på ei stund\. Økta blir avslutta om 30 sekund`)
	before := strings.Count(l.out.String(), "Vel elektronisk ID. Skriv talet (1–"+nEIDs+").")
	l.send("\n")
	l.wait(`(?s)framleis der.*Vel elektronisk ID\. Skriv talet \(1–` + nEIDs + `\)\.\n$`)
	if after := strings.Count(l.out.String(), "Vel elektronisk ID. Skriv talet (1–"+nEIDs+")."); after != before+1 {
		t.Errorf("question asked %d times after Enter, want %d", after, before+1)
	}
	l.advance(10*time.Minute - 30*time.Second)
	l.wait(`(?s)framleis der.*framleis der`)
	l.advance(30 * time.Second)
	l.end()
	if l.err != nil || l.res.Ending != ui.EndingTimedOut {
		t.Errorf("RunLine = %+v, %v", l.res, l.err)
	}
	if !strings.HasSuffix(l.out.String(), ui.TextFor(ui.Nynorsk).Idle.Goodbye+"\n") {
		t.Errorf("no goodbye:\n%s", l.out.String())
	}
	if strings.Count(l.out.String(), "Er du framleis der?") != 2 {
		t.Errorf("want a warning before each timeout:\n%s", l.out.String())
	}
}

// TestLineChannelAndDefaults: the channel comes from the options; nil
// Rand and Now work.
func TestLineChannelAndDefaults(t *testing.T) {
	o := runLine(t, "", lines("5", "17889033371", "", "@code", "2", "1"), func(o *ui.LineOptions) {
		o.Channel, o.Rand, o.Now = model.ChannelSSH, nil, nil
	})
	if rec := o.completed(t); rec.Channel != model.ChannelSSH || rec.Language != "nn" {
		t.Errorf("record %+v", rec)
	}
}

// TestLineNeedsOptions: a run without a store or streams is an error, not
// a panic.
func TestLineNeedsOptions(t *testing.T) {
	if _, err := ui.RunLine(context.Background(), ui.LineOptions{}); err == nil {
		t.Error("no error")
	}
}

// TestLineExitCodes: only a saved registration exits 0, so a script never
// counts a run that ended early as one.
func TestLineExitCodes(t *testing.T) {
	saved := runLine(t, ui.Nynorsk, lines("5", "17889033371", "", "@code", "2", "1"), nil)
	ended := runLine(t, ui.Nynorsk, lines("5", "17889033371"), nil)
	ctrlC := runLine(t, ui.Nynorsk, "1\r17\x03", func(o *ui.LineOptions) { o.Echo = true })
	for name, tc := range map[string]struct {
		o    lineOutcome
		want int
	}{"saved": {saved, 0}, "input ended": {ended, 1}, "Ctrl+C": {ctrlC, 130}} {
		if got := ui.LineExitCode(tc.o.res, tc.o.err); got != tc.want {
			t.Errorf("%s: exit %d, want %d", name, got, tc.want)
		}
	}
	if got := ui.LineExitCode(ui.LineResult{Ending: ui.EndingTimedOut}, nil); got != 124 {
		t.Errorf("timed out: exit %d, want 124", got)
	}
}

// TestLineTooLong: an answer longer than MaxLine is dropped and named, and
// the same question comes again; the next answer is read as usual.
func TestLineTooLong(t *testing.T) {
	long := strings.Repeat("1", 1<<20) // 1 MiB in one line
	o := runLine(t, ui.Nynorsk, lines("5", long, "17889033371", "", "@code", "2", "1"), func(o *ui.LineOptions) { o.MaxLine = 512 })
	o.completed(t)
	contains(t, o.out, "Feil: Svaret var for langt (over 512 teikn). Skriv det på nytt.")
	if strings.Count(o.out, "Fødselsnummer eller D-nummer") < 2 {
		t.Errorf("the question was not asked again:\n%s", o.out)
	}
	if strings.Contains(o.out, long[:600]) {
		t.Error("the long line was echoed or printed")
	}
}
