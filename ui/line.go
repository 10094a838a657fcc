package ui

import (
	stdcontext "context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// The accessible line mode: the whole journey of the full-screen wizard as
// plain line prompts, for screen readers, braille displays and scripts. It
// draws nothing: no alternate screen, no cursor movement, no colour, not one
// escape sequence. The rules are the same machines the full-screen wizard
// drives (flows.Login, flows.Verification, model.Parse*), the record is
// built by the same code, and every word comes from the catalogues (Text
// and LineText). The input side (one reader for the whole run, echo for raw
// terminals) and the plain-text writer close the file.

// LineOptions configure the accessible line mode.
type LineOptions struct {
	// Options are the wizard's: language, store, ids, channel, clock,
	// randomness, idle timeout.
	Options
	// In is read line by line (a person typing, or a whole answers file
	// piped at once); Out gets plain text only, never an escape sequence.
	In  io.Reader
	Out io.Writer
	// Echo is for input from a raw terminal without a line discipline (an
	// SSH session's PTY): typed characters are echoed, Backspace edits, and
	// CR ends a line.
	Echo bool
	// MaxLine is the longest answer read, in bytes (default
	// DefaultMaxLine): a longer one is dropped, named, and asked again.
	MaxLine int
	// Closing, when it delivers a time, is a shutdown: the run says when it
	// closes («Tenaren stengjer om 60 sekund – fullfør no») and ends then
	// (Ending EndingShutdown) unless the registration is saved first.
	Closing <-chan time.Time
}

// DefaultMaxLine is the longest answer the line mode reads unless told
// otherwise: far more than any answer needs, little enough that an endless
// line costs nothing.
const DefaultMaxLine = 4 << 10

// LineResult is how a line-mode journey ended.
type LineResult struct {
	// Saves is the number of registrations saved.
	Saves int
	// Ending says why it ended when it did not end with a receipt.
	Ending Ending
}

// ErrInputEnded is returned when the input ends before a registration is
// saved.
var ErrInputEnded = errors.New("input ended before the registration was saved")

// clearAnswer removes a value kept from before (mobile, e-mail).
const clearAnswer = "-"

// Why a read or a stage stops, inside the line mode.
var (
	errBack        = errors.New("line: back")
	errStillHere   = errors.New("line: still here after the idle warning")
	errTimedOut    = errors.New("line: idle timeout")
	errInterrupted = errors.New("line: interrupted")
	errDeclined    = errors.New("line: the person chose not to save")
	errClosing     = errors.New("line: the server closed")
	errLineTooLong = errors.New("line: too long")
)

// RunLine runs the whole journey as plain line prompts until a
// registration is saved, the input ends, or ctx is done.
//
// It returns nil once the receipt is printed (Saves 1), and also when the
// idle timeout ends the session (Ending EndingTimedOut), a shutdown ends it
// (Ending EndingShutdown, see LineOptions.Closing) or the person chooses
// not to try a failed save again (Saves 0). It returns ErrInputEnded when
// the input ends first, and ctx.Err() when ctx is done; Ctrl+C typed into
// an echoing session counts as a cancel. Each of these ends with one line
// saying so; LineExitCode turns the outcome into an exit status.
func RunLine(ctx stdcontext.Context, o LineOptions) (LineResult, error) {
	if o.Store == nil || o.NewID == nil || o.In == nil || o.Out == nil {
		return LineResult{}, errors.New("ui: RunLine needs Store, NewID, In and Out")
	}
	o.Options = o.Options.withDefaults()
	rnd := o.rand()
	if o.MaxLine <= 0 {
		o.MaxLine = DefaultMaxLine
	}
	out := &lineWriter{w: o.Out, crlf: o.Echo}
	in := newLineInput(o.In, o.Echo, out, o.MaxLine)
	defer in.stop()
	defer out.close()

	r := &lineRun{ctx: ctx, opts: o.Options, t: TextFor(o.Lang), lt: lineText(o.Lang), out: out, in: in,
		closing: o.Closing, maxLine: o.MaxLine,
		rand: rnd, src: o.In, prompt: o.Echo || isTerminal(o.In), echo: o.Echo, locked: map[model.EIDKind]bool{}}
	// The same synthetic example as the full-screen wizard's hint.
	r.example = syntheticExample(r.opts.now(), rnd)
	return r.finish(r.journey())
}

// lineStage is where the line journey is: one prompt (or a group of
// re-asked prompts) each.
type lineStage int

const (
	stageChoose lineStage = iota
	stageLogin
	stageAsk
	stageMobile
	stageEmail
	stageVerifyMobile
	stageVerifyEmail
	stageSummary
	stageSave
	stageDone
)

// lineRun is one line-mode journey: its texts, its input and output, and
// the registration being built (the same values the full-screen root model
// keeps).
type lineRun struct {
	ctx    stdcontext.Context
	opts   Options
	t      *Text
	lt     *LineText
	out    *lineWriter
	in     *lineInput
	rand   *rand.Rand
	src    io.Reader // the input as given, for the local terminal's echo
	prompt bool      // show "> " where the answer goes (a person at a terminal)
	echo   bool
	shown  Step // the step whose heading was printed last

	example string
	locked  map[model.EIDKind]bool
	saves   int
	// closing brings a shutdown's deadline; closeAt is it, once heard.
	closing <-chan time.Time
	closeAt time.Time
	maxLine int

	login  flows.Login
	result flows.Result
	data   contactData
	record model.Record
}

// journey walks the stages until the record is saved or a read ends it.
func (r *lineRun) journey() error {
	t, lt := r.t, r.lt
	r.out.say(t.AppTitle)
	r.out.say(lt.Intro)
	r.out.say(fmt.Sprintf(lt.BackHelp, lt.BackWord))
	r.enter(StepStart)
	stage := stageChoose
	for stage != stageDone {
		var err error
		switch stage {
		case stageChoose:
			stage, err = r.chooseStage()
		case stageLogin:
			stage, err = r.loginStage()
		case stageAsk:
			stage, err = r.askStage()
		case stageMobile:
			stage, err = r.mobileStage()
		case stageEmail:
			stage, err = r.emailStage()
		case stageVerifyMobile:
			stage, err = r.verifyStage(false)
		case stageVerifyEmail:
			stage, err = r.verifyStage(true)
		case stageSummary:
			stage, err = r.summaryStage()
		case stageSave:
			stage, err = r.saveStage()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// finish says the closing line of a journey that ended without a receipt
// and turns the reason into RunLine's result.
func (r *lineRun) finish(err error) (LineResult, error) {
	res := LineResult{Saves: r.saves}
	var last string
	switch {
	case err == nil:
		return res, nil
	case errors.Is(err, errDeclined):
		last, err = r.lt.Declined, nil
	case errors.Is(err, io.EOF):
		last, err = r.lt.InputEnded, ErrInputEnded
	case errors.Is(err, errTimedOut):
		last, err = r.t.Idle.Goodbye, nil
		res.Ending = EndingTimedOut
	case errors.Is(err, errInterrupted):
		last, err = r.lt.Interrupted, stdcontext.Canceled
	case errors.Is(err, errClosing):
		last, err = r.t.Idle.ServerClosing, nil
		res.Ending = EndingShutdown
	case r.ctx.Err() != nil:
		last, err = r.lt.Interrupted, r.ctx.Err()
	default:
		return res, err
	}
	r.out.endLine()
	r.out.say(last)
	return res, err
}

// enter prints a step's heading (and what the step says first) when the
// journey arrives at a step other than the one shown last.
func (r *lineRun) enter(step Step) {
	if r.shown == step {
		return
	}
	r.shown = step
	t := r.t
	r.out.blank()
	if step == StepReceipt {
		r.out.say(t.ReceiptStep)
	} else {
		r.out.say(fmt.Sprintf(r.lt.StepHeading, int(step), len(t.StepNames), t.StepNames[step-1]))
	}
	switch step {
	case StepStart:
		r.out.say(t.Start.Intro)
		r.out.say(t.Start.NoteTitle + ": " + t.Start.Note)
		r.out.say(t.Start.StepsTitle)
		for _, s := range t.Start.Steps {
			r.out.say("- " + s)
		}
	case StepChoose:
		r.sayEIDs()
	case StepLogin:
		r.out.say(fmt.Sprintf(t.Login.Title, r.login.EID().Name))
	case StepContact:
		intro := t.Contact.IntroOptional
		if r.result.EID.ContactRequired() {
			intro = t.Contact.IntroRequired
		}
		r.out.say(intro)
		// Why it matters, before the question or the first field.
		r.out.say(t.Contact.MailboxTitle + ": " + t.Contact.Mailbox)
	}
}

// sayEIDs lists the five eIDs with their facts, one fact a line.
func (r *lineRun) sayEIDs() {
	t := r.t
	for i, e := range model.EIDs() {
		name := fmt.Sprintf("%d. %s", i+1, e.Name)
		if e.Historical {
			name += " (" + t.Choose.Historical + ")"
		}
		if r.locked[e.Kind] {
			name += " (" + t.Choose.LockedMark + ")"
		}
		r.out.say(name)
		for _, f := range [][2]string{
			{t.Choose.Issuer, t.EIDIssuer[e.Kind]}, {t.Choose.Level, t.LevelName[e.Level]},
			{t.Choose.Age, t.EIDAge[e.Kind]}, {t.Choose.Needs, t.EIDNeeds[e.Kind]},
			{t.Choose.Notes, t.EIDNotes[e.Kind]},
		} {
			if f[1] != "" {
				r.out.say("   " + f[0] + ": " + f[1])
			}
		}
	}
}

// problem names an error, marked so it is heard as one.
func (r *lineRun) problem(s string) { r.out.say(fmt.Sprintf(r.lt.Problem, s)) }

// numbered returns a question with its choices as numbered lines and the
// line asking for the number.
func (r *lineRun) numbered(question string, choices ...string) string {
	lines := []string{question}
	for i, c := range choices {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, c))
	}
	return strings.Join(append(lines, fmt.Sprintf(r.lt.Pick, len(choices))), "\n")
}

// chooseStage is step 2: the eID, by number.
func (r *lineRun) chooseStage() (lineStage, error) {
	r.enter(StepChoose)
	t := r.t
	eids := model.EIDs()
	names := make([]string, len(eids))
	for i, e := range eids {
		names[i] = e.Name
	}
	q := t.Choose.Title + ". " + fmt.Sprintf(r.lt.Pick, len(eids))
	for {
		ans, err := r.ask(q, false)
		if errors.Is(err, errBack) {
			r.out.say(r.lt.AtFirst)
			continue
		}
		if err != nil {
			return 0, err
		}
		i, ok := pick(ans, names...)
		if !ok {
			r.problem(fmt.Sprintf(r.lt.NotAChoice, len(eids)))
			continue
		}
		if e := eids[i]; r.locked[e.Kind] {
			r.problem(fmt.Sprintf(t.Choose.LockedNote, e.Name))
			continue
		}
		if err := r.startLogin(eids[i].Kind); err != nil {
			return 0, err
		}
		return stageLogin, nil
	}
}

// startLogin begins a fresh login with an eID, as the full-screen wizard
// does (also when coming back from the contact register).
func (r *lineRun) startLogin(kind model.EIDKind) error {
	l, err := flows.NewLogin(kind, flows.Options{Rand: r.rand, Now: r.opts.Now})
	if err != nil {
		return err
	}
	r.login = l
	r.shown = 0 // a new login says its title, even right after another
	return nil
}

// loginStage is step 3: the flow's steps, one prompt each, until the login
// is done, locked or refused.
func (r *lineRun) loginStage() (lineStage, error) {
	r.enter(StepLogin)
	t, l := r.t, r.login
	for l.State() == flows.Active {
		step := l.Step()
		ans, err := r.ask(r.loginQuestion(step), step.Input == flows.InputSecret)
		if errors.Is(err, errBack) {
			if !l.Back() {
				return stageChoose, nil
			}
			continue
		}
		if err != nil {
			return 0, err
		}
		if answer, ok := r.loginAnswer(step, ans); ok {
			r.loginSubmit(step, answer)
		}
	}
	e := l.EID()
	switch l.State() {
	case flows.Locked:
		r.locked[e.Kind] = true
		r.out.say(fmt.Sprintf(t.Login.LockedTitle, e.Name) + ". " +
			fmt.Sprintf(t.Login.LockedBody, e.Name, t.EIDContact[e.Kind]))
		return stageChoose, nil
	case flows.Refused:
		r.sayRefused()
		return stageChoose, nil
	}
	res := l.Result()
	if !res.SamePerson(r.result) {
		r.data = contactData{} // another person: start the contact step empty
	}
	r.result = res
	if r.result.Mobile != "" && r.data.mobileInput == "" {
		r.data.mobileInput = model.FormatMobile(r.result.Mobile)
	}
	return r.startContact(), nil
}

// loginQuestion is what a login step asks: the device's sentence, the
// part and label, then the choices or the hint.
func (r *lineRun) loginQuestion(step flows.Step) string {
	t, lt := r.t, r.lt
	e := r.login.EID()
	var lines []string
	if step.Device != nil {
		lines = append(lines, r.deviceLine(step.Device, e.Name))
	}
	label := t.FieldLabel[step.Field]
	if step.Field == flows.FieldPINLetter && step.Device != nil {
		label = fmt.Sprintf(label, step.Device.PINIndex)
	}
	if step.MaxLen > 0 {
		label += " (" + t.digits(step.MinLen, step.MaxLen) + ")"
	}
	head := fmt.Sprintf(t.Login.StepOf, step.Index, step.Count) + ": " + label
	if step.Input == flows.InputChoice {
		names := make([]string, len(step.Options))
		for i, m := range step.Options {
			names[i] = t.MethodName[e.Kind][m]
		}
		return strings.Join(append(lines, r.numbered(head, names...)), "\n")
	}
	hint := t.FieldHint[step.Field]
	switch step.Field {
	case flows.FieldPassword:
		hint = t.passwordHint(e.Kind)
	case flows.FieldNationalID:
		if r.example != "" {
			hint += " " + fmt.Sprintf(t.Login.Example, r.example)
		}
	case flows.FieldOTP:
		hint = lt.CodeHint
	case flows.FieldPIN:
		hint = lt.PINHint
	}
	return strings.Join(append(lines, head, hint), "\n")
}

// deviceLine says what the simulated device shows, as a sentence.
func (r *lineRun) deviceLine(d *flows.Device, eidName string) string {
	lt := r.lt
	switch d.Kind {
	case flows.DevicePhoneSMS:
		return fmt.Sprintf(lt.DeviceSMS, eidName, d.Code)
	case flows.DevicePhoneApp:
		return fmt.Sprintf(lt.DeviceApp, eidName, r.t.Device.AppAsk)
	case flows.DeviceCodeDevice:
		return fmt.Sprintf(lt.DeviceCode, d.Code)
	case flows.DevicePINLetter:
		items := make([]string, len(d.PINs))
		for i, p := range d.PINs {
			items[i] = fmt.Sprintf(lt.PINLetterItem, i+1, p)
		}
		return fmt.Sprintf(lt.DevicePINLetter, strings.Join(items, ", "))
	case flows.DevicePhoneSIM:
		if d.PIN != "" {
			return fmt.Sprintf(lt.DeviceSIMPIN, d.PIN)
		}
		words := strings.Join(d.Words, " ")
		return fmt.Sprintf(lt.DeviceWords, words, words)
	case flows.DeviceCardReader:
		if d.Inserted {
			return fmt.Sprintf(lt.DeviceCardIn, d.PIN)
		}
		return lt.DeviceCardOut
	case flows.DeviceUSB:
		if d.Inserted {
			return fmt.Sprintf(lt.DeviceUSBIn, d.PIN)
		}
		return lt.DeviceUSBOut
	}
	return ""
}

// loginAnswer turns a typed line into the flow's answer: a choice's
// method, "" for a confirmation, the device's code for DeviceAnswer. It
// names the problem and reports false when the line is no answer.
func (r *lineRun) loginAnswer(step flows.Step, ans string) (string, bool) {
	switch step.Input {
	case flows.InputChoice:
		names := make([]string, len(step.Options))
		for i, m := range step.Options {
			names[i] = r.t.MethodName[r.login.EID().Kind][m]
		}
		i, ok := pick(ans, names...)
		if !ok {
			r.problem(fmt.Sprintf(r.lt.NotAChoice, len(step.Options)))
			return "", false
		}
		return string(step.Options[i]), true
	case flows.InputConfirm:
		if strings.TrimSpace(ans) != "" {
			r.problem(fmt.Sprintf(r.lt.JustEnter, r.lt.BackWord))
			return "", false
		}
		return "", true
	}
	if d := step.Device; d != nil && step.MaxLen > 0 && strings.EqualFold(strings.TrimSpace(ans), DeviceAnswer) {
		switch step.Field {
		case flows.FieldPINLetter:
			return d.PINs[d.PINIndex-1], true
		case flows.FieldPIN:
			return d.PIN, true
		}
		return d.Code, true
	}
	return ans, true
}

// loginSubmit gives the answer to the flow and names what went wrong. An
// age refusal or a lockout ends the flow; loginStage says so.
func (r *lineRun) loginSubmit(step flows.Step, answer string) {
	t := r.t
	err := r.login.Submit(answer)
	var wrong *flows.WrongCodeError
	var input *flows.InputError
	switch {
	case errors.As(err, &wrong):
		msg := t.Login.WrongCode
		if step.Field == flows.FieldPIN {
			msg = t.Login.WrongPIN
		}
		if wrong.TriesLeft > 0 {
			msg += " " + t.triesLeft(wrong.TriesLeft)
		}
		r.problem(msg)
	case errors.As(err, &input):
		digits := ""
		if step.MaxLen > 0 {
			digits = t.digits(step.MinLen, step.MaxLen)
		}
		r.problem(t.inputError(err, digits))
	}
}

// sayRefused explains an age refusal and names the eIDs still open, as
// the full-screen login does.
func (r *lineRun) sayRefused() {
	t := r.t
	var age *flows.AgeError
	if !errors.As(r.login.Err(), &age) {
		return
	}
	e := age.EID
	var others []string
	for _, o := range model.EIDs() {
		if o.Kind != e.Kind && !r.locked[o.Kind] && o.AgeRule.Allows(age.BirthDate, r.opts.Now()) {
			others = append(others, o.Name)
		}
	}
	more := t.Login.RefusedNone
	if len(others) > 0 {
		more = fmt.Sprintf(t.Login.RefusedOthers, strings.Join(others, ", "))
	}
	r.problem(fmt.Sprintf(t.Login.RefusedTitle, e.Name))
	r.out.say(fmt.Sprintf(t.Login.RefusedBody, e.Name, t.EIDAge[e.Kind],
		age.BirthDate.Format(t.DateLayout), age.AllowedFrom.Format(t.DateLayout)) + " " + more)
}

// startContact is where step 4 begins: MinID must register, the others
// are asked first.
func (r *lineRun) startContact() lineStage {
	if r.result.EID.ContactRequired() {
		r.data.wants = true
		return stageMobile
	}
	return stageAsk
}

// backToLogin goes back to the login's last part, with what was typed
// kept (as the full-screen wizard does).
func (r *lineRun) backToLogin() (lineStage, error) {
	if r.login == nil || !r.login.Reopen() {
		if err := r.startLogin(r.result.EID.Kind); err != nil {
			return 0, err
		}
	}
	r.shown = 0 // say the login's title again
	return stageLogin, nil
}

// askStage asks whether to register contact information (not MinID).
func (r *lineRun) askStage() (lineStage, error) {
	r.enter(StepContact)
	t := r.t
	q := r.numbered(t.Contact.Ask, t.Contact.AskYes, t.Contact.AskNo)
	for {
		ans, err := r.ask(q, false)
		if errors.Is(err, errBack) {
			return r.backToLogin()
		}
		if err != nil {
			return 0, err
		}
		i, ok := pick(ans, t.Keys.Yes, t.Keys.No)
		if !ok {
			r.problem(fmt.Sprintf(r.lt.NotAChoice, 2))
			continue
		}
		r.data.wants, r.data.answered = i == 0, true
		if !r.data.wants {
			r.sayContactEnd()
			return stageSummary, nil
		}
		return stageMobile, nil
	}
}

// keep applies an answer to a value kept from before: Enter keeps it,
// clearAnswer removes it, anything else replaces it.
func keep(old, ans string) string {
	switch strings.TrimSpace(ans) {
	case "":
		return old
	case clearAnswer:
		return ""
	}
	return ans
}

// contactQuestion is a contact field's label, hint and kept value.
func (r *lineRun) contactQuestion(title, hint, current string) string {
	q := title + "\n" + hint
	if strings.TrimSpace(current) != "" {
		q += "\n" + fmt.Sprintf(r.lt.Current, strings.TrimSpace(current))
	}
	return q
}

// mobileStage asks for the mobile number (empty: none).
func (r *lineRun) mobileStage() (lineStage, error) {
	r.enter(StepContact)
	t, d := r.t, &r.data
	for {
		ans, err := r.ask(r.contactQuestion(t.Contact.MobileTitle, t.Contact.MobileHint, d.mobileInput), false)
		if errors.Is(err, errBack) {
			if r.result.EID.ContactRequired() {
				return r.backToLogin()
			}
			return stageAsk, nil
		}
		if err != nil {
			return 0, err
		}
		value, mobile := keep(d.mobileInput, ans), ""
		if strings.TrimSpace(value) != "" {
			if mobile, err = model.ParseMobile(value); err != nil {
				r.problem(t.inputError(err, ""))
				continue
			}
		}
		d.mobileInput, d.mobile = value, mobile
		return stageEmail, nil
	}
}

// emailStage asks for the e-mail address; with no mobile number either, it
// asks again (MinID's rule, and the promise of the «yes» before).
func (r *lineRun) emailStage() (lineStage, error) {
	r.enter(StepContact)
	t, d := r.t, &r.data
	for {
		ans, err := r.ask(r.contactQuestion(t.Contact.EmailTitle, t.Contact.EmailHint, d.emailInput), false)
		if errors.Is(err, errBack) {
			return stageMobile, nil
		}
		if err != nil {
			return 0, err
		}
		value, email := keep(d.emailInput, ans), ""
		if strings.TrimSpace(value) == "" {
			if strings.TrimSpace(d.mobileInput) == "" {
				if r.result.EID.ContactRequired() {
					r.problem(t.Contact.NeedOne)
				} else {
					r.problem(fmt.Sprintf(r.lt.NeedOneOptional, r.lt.BackWord))
				}
				continue
			}
		} else if email, err = model.ParseEmail(value); err != nil {
			r.problem(t.inputError(err, ""))
			continue
		}
		d.emailInput, d.email = value, email
		return r.nextVerification(), nil
	}
}

// nextVerification is the next code check still needed, or the summary
// after the note on why this matters. An address confirmed once stays
// confirmed unless it is changed.
func (r *lineRun) nextVerification() lineStage {
	d := &r.data
	if d.mobile != "" && d.verifiedMobile != d.mobile {
		return stageVerifyMobile
	}
	if d.email != "" && !strings.EqualFold(d.verifiedEmail, d.email) {
		return stageVerifyEmail
	}
	r.sayContactEnd()
	return stageSummary
}

// sayContactEnd ends step 4 as the full-screen wizard does: after «Nei»,
// that it can be done later; after the details, that they are confirmed
// (and, with MinID, that a digital mailbox needs a high-level eID).
func (r *lineRun) sayContactEnd() {
	t := r.t
	if !r.data.wants {
		r.out.say(t.Contact.SkippedTitle + ". " + t.Contact.Skipped)
		return
	}
	r.out.say(t.Contact.DoneTitle + ". " + t.Contact.Done)
	if !r.result.EID.CanOpenDigitalMailbox() {
		r.out.say(t.Contact.MailboxMinID)
	}
}

// verifyStage confirms the mobile number or the e-mail address with a
// code "sent" to it (flows.Verification: three wrong codes, then a new
// code is needed).
func (r *lineRun) verifyStage(email bool) (lineStage, error) {
	r.enter(StepContact)
	t, lt, d := r.t, r.lt, &r.data
	target, value, addr := flows.TargetMobile, d.mobile, model.FormatMobile(d.mobile)
	title, sentence, back := t.Contact.VerifyMobile, lt.VerifyPhone, stageMobile
	if email {
		target, value, addr = flows.TargetEmail, d.email, d.email
		title, sentence, back = t.Contact.VerifyEmail, lt.VerifyInbox, stageEmail
	}
	v := flows.NewVerification(target, value, flows.Options{Rand: r.rand, Now: r.opts.Now})
	n := flows.VerificationCodeLength
	r.out.say(title + ". " + fmt.Sprintf(t.Contact.VerifySent, addr))
	for {
		q := fmt.Sprintf(lt.VerifyLocked, addr, lt.BackWord, lt.ResendWord)
		if !v.Locked() {
			q = fmt.Sprintf(sentence, v.Code()) + "\n" + fmt.Sprintf(t.Contact.CodeLabel, n) + "\n" +
				fmt.Sprintf(lt.Resend, lt.ResendWord)
		}
		ans, err := r.ask(q, false)
		if errors.Is(err, errBack) {
			return back, nil
		}
		if err != nil {
			return 0, err
		}
		code := strings.TrimSpace(ans)
		switch {
		case isWord(code, func(l *LineText) string { return l.ResendWord }):
			v.Resend()
			r.out.say(lt.NewCode)
			continue
		case v.Locked():
			continue
		case strings.EqualFold(code, DeviceAnswer):
			code = v.Code()
		}
		err = v.Submit(code)
		var wrong *flows.WrongCodeError
		switch {
		case errors.As(err, &wrong):
			msg := t.Login.WrongCode
			if wrong.TriesLeft > 0 {
				msg += " " + t.triesLeft(wrong.TriesLeft)
			}
			r.problem(msg)
		case err != nil:
			r.problem(t.inputError(err, t.digits(n, n)))
		}
		if v.Verified() {
			if email {
				d.verifiedEmail, d.emailVerifiedAt = d.email, v.VerifiedAt()
			} else {
				d.verifiedMobile, d.mobileVerifiedAt = d.mobile, v.VerifiedAt()
			}
			return r.nextVerification(), nil
		}
	}
}

// summaryStage is step 5: everything entered, then save or change a part.
func (r *lineRun) summaryStage() (lineStage, error) {
	r.enter(StepSummary)
	t := r.t
	r.saySummary()
	q := r.numbered(t.Summary.Title, t.Summary.Save, t.Summary.EditLogin, t.Summary.EditContact)
	for {
		ans, err := r.ask(q, false)
		if errors.Is(err, errBack) {
			if !r.data.wants {
				return stageAsk, nil
			}
			return stageEmail, nil
		}
		if err != nil {
			return 0, err
		}
		i, ok := pick(ans, t.Summary.Save, t.Summary.EditLogin, t.Summary.EditContact)
		if !ok {
			r.problem(fmt.Sprintf(r.lt.NotAChoice, 3))
			continue
		}
		switch i {
		case 1:
			return stageChoose, nil
		case 2:
			return r.startContact(), nil
		}
		r.record = r.buildRecord()
		return stageSave, nil
	}
}

// saySummary lists what will be saved, the national ID masked.
func (r *lineRun) saySummary() {
	t, res, d := r.t, r.result, r.data
	row := func(label, value string) { r.out.say(label + ": " + value) }
	r.out.say(t.Summary.Intro)
	row(t.Summary.EID, res.EID.Name+", "+t.LevelName[res.EID.Level])
	row(t.Summary.Method, t.MethodName[res.EID.Kind][res.Method])
	if !res.NationalID.IsZero() {
		row(t.Summary.NationalID, res.NationalID.Masked())
	}
	row(t.Summary.BirthDate, res.BirthDate.Format(t.DateLayout))
	contact := func(value, shown string, at time.Time) string {
		if !d.wants || value == "" {
			return t.Summary.NotRegistered
		}
		return shown + " (" + fmt.Sprintf(t.Summary.VerifiedAt, at.In(model.Oslo()).Format(t.DateTimeLayout)) + ")"
	}
	row(t.Summary.Mobile, contact(d.mobile, model.FormatMobile(d.mobile), d.mobileVerifiedAt))
	row(t.Summary.Email, contact(d.email, d.email, d.emailVerifiedAt))
	row(t.Summary.Language, t.LangName)
}

// buildRecord builds the record with the full-screen wizard's own code,
// so both modes save the same thing.
func (r *lineRun) buildRecord() model.Record {
	return buildRecord(r.opts, r.opts.Lang, r.result, r.data)
}

// saveStage saves the record and prints the receipt; on failure it names
// the reason and asks whether to try again, keeping every answer.
func (r *lineRun) saveStage() (lineStage, error) {
	r.enter(StepReceipt)
	t, lt := r.t, r.lt
	for {
		r.out.say(t.Receipt.Saving)
		path, err := r.opts.Store.Save(r.record)
		if err == nil {
			r.saves++
			r.out.say(t.Receipt.Title)
			r.out.say(t.Receipt.ID + ": " + r.record.ID)
			if r.opts.Channel == model.ChannelTerminal {
				r.out.say(t.Receipt.File + ": " + path)
			}
			r.out.say(t.Receipt.NextTitle)
			r.out.say(receiptNext(t, r.record))
			r.out.say(t.Receipt.SimNote)
			return stageDone, nil
		}
		r.problem(t.Receipt.FailTitle)
		r.out.say(t.saveError(err, r.opts.Store.Dir(), r.opts.Channel == model.ChannelTerminal))
		r.out.say(lt.FailKept)
		if again, err := r.retry(); err != nil || !again {
			if errors.Is(err, errBack) {
				return stageSummary, nil
			}
			if err == nil {
				err = errDeclined
			}
			return 0, err
		}
	}
}

// retry asks whether to try a failed save again.
func (r *lineRun) retry() (bool, error) {
	t, lt := r.t, r.lt
	q := r.numbered(lt.RetryAsk, lt.RetryYes, lt.RetryNo)
	for {
		ans, err := r.ask(q, false)
		if err != nil {
			return false, err
		}
		i, ok := pick(ans, t.Keys.Yes, t.Keys.No)
		if !ok {
			r.problem(fmt.Sprintf(lt.NotAChoice, 2))
			continue
		}
		return i == 0, nil
	}
}

// ask prints a question and reads the answer. The back word, in any of
// the languages, gives errBack.
func (r *lineRun) ask(q string, secret bool) (string, error) {
	for {
		r.out.say(q)
		ans, err := r.readLine(secret)
		if errors.Is(err, errStillHere) {
			continue
		}
		if errors.Is(err, errLineTooLong) {
			r.problem(fmt.Sprintf(r.lt.TooLong, r.maxLine))
			continue
		}
		if err != nil {
			return "", err
		}
		if isWord(ans, func(l *LineText) string { return l.BackWord }) {
			return "", errBack
		}
		return ans, nil
	}
}

// readLine waits for a line, watching ctx and the idle timeout: a warning
// first (an empty line then only says «still here»), then the end.
func (r *lineRun) readLine(secret bool) (string, error) {
	r.in.secret.Store(secret)
	if secret && !r.echo {
		if restore := hideEcho(r.src); restore != nil {
			defer restore()
		}
	}
	r.showPrompt()
	var warn, end <-chan time.Time
	if d := r.opts.IdleTimeout; d > 0 {
		endT := time.NewTimer(d)
		defer endT.Stop()
		end = endT.C
		if w := d - r.opts.IdleWarning; w > 0 {
			warnT := time.NewTimer(w)
			defer warnT.Stop()
			warn = warnT.C
		}
	}
	warned := false
	var closeAt <-chan time.Time
	if !r.closeAt.IsZero() {
		t := time.NewTimer(time.Until(r.closeAt))
		defer t.Stop()
		closeAt = t.C
	}
	for {
		select {
		case <-r.ctx.Done():
			return "", r.ctx.Err()
		case at := <-r.closing:
			// A shutdown: say when, and end then unless saved first.
			r.closeAt = at
			t := time.NewTimer(time.Until(at))
			defer t.Stop()
			closeAt = t.C
			r.out.endLine()
			r.out.say(r.t.closing(max(int((time.Until(at)+time.Second-1)/time.Second), 0)))
			r.showPrompt()
		case <-closeAt:
			return "", errClosing
		case ev := <-r.in.lines:
			if ev.err != nil {
				return "", ev.err
			}
			if !r.echo {
				r.out.lineEnded() // the terminal's own echo ended the line
			}
			if warned && strings.TrimSpace(ev.text) == "" {
				return "", errStillHere
			}
			return ev.text, nil
		case <-warn:
			warned = true
			secs := int((min(r.opts.IdleWarning, r.opts.IdleTimeout) + time.Second - 1) / time.Second)
			r.out.endLine()
			r.out.say(r.t.Idle.Title + " " + fmt.Sprintf(r.lt.IdleWarning, secs))
			r.showPrompt()
		case <-end:
			return "", errTimedOut
		}
	}
}

// showPrompt marks where a person types the answer; scripts get none, so
// a transcript of piped answers reads line by line.
func (r *lineRun) showPrompt() {
	if r.prompt {
		r.out.write("> ")
	}
}

// LineExitCode is the exit status of a line-mode run, for a shell or a
// script: 0 only when a registration was saved; 124 when the idle timeout
// ended it, 130 when it was interrupted (Ctrl+C), 75 when the server closed
// (try again later), 1 for everything else (the input ended, the person
// chose not to retry a failed save).
func LineExitCode(res LineResult, err error) int {
	switch {
	case res.Saves > 0:
		return 0
	case res.Ending == EndingTimedOut:
		return 124
	case res.Ending == EndingShutdown:
		return 75
	case errors.Is(err, stdcontext.Canceled):
		return 130
	}
	return 1
}

// pick reads a choice: its number (1–len(names)) or its name, in any case.
func pick(ans string, names ...string) (int, bool) {
	a := strings.TrimSpace(ans)
	if i, err := strconv.Atoi(a); err == nil && i >= 1 && i <= len(names) {
		return i - 1, true
	}
	for i, n := range names {
		if a != "" && strings.EqualFold(a, n) {
			return i, true
		}
	}
	return 0, false
}

// isWord reports whether ans is one of the line mode's words (the back or
// resend word) in any language, so an answers file works in all three.
func isWord(ans string, word func(*LineText) string) bool {
	a := strings.TrimSpace(ans)
	for _, l := range Langs {
		if strings.EqualFold(a, word(lineText(l))) {
			return true
		}
	}
	return false
}
