package ui

import (
	stdcontext "context"
	"errors"
	"fmt"
	"io"
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
	if o.MaxLine <= 0 {
		o.MaxLine = DefaultMaxLine
	}
	out := &lineWriter{w: o.Out, crlf: o.Echo}
	in := newLineInput(o.In, o.Echo, out, o.MaxLine, !o.Echo && isTerminal(o.In))
	defer in.stop()
	defer out.close()

	r := &lineRun{ctx: ctx, opts: o.Options, t: TextFor(o.Lang), lt: lineText(o.Lang), out: out, in: in,
		closing: o.Closing, maxLine: o.MaxLine,
		src: o.In, prompt: o.Echo || isTerminal(o.In), echo: o.Echo}
	r.j = flows.NewJourney(flows.JourneyOptions{
		Options: flows.Options{Rand: o.rnd, Now: o.Now},
		NewID:   o.NewID, Channel: o.Channel, Lang: string(o.Lang),
	})
	// The same synthetic example as the full-screen wizard's hint.
	r.example = syntheticExample(r.opts.now(), o.rnd)
	return r.finish(r.journey())
}

// lineRun is one line-mode journey: its texts, its input and output, and
// the journey machine it presents.
type lineRun struct {
	ctx    stdcontext.Context
	opts   Options
	t      *Text
	lt     *LineText
	out    *lineWriter
	in     *lineInput
	src    io.Reader // the input as given, for the local terminal's echo
	prompt bool      // show "> " where the answer goes (a person at a terminal)
	echo   bool
	j      *flows.Journey
	// shown is the numbered step and the login whose headings were said
	// last; verifying is the confirmation whose "sent" line was said.
	shown     Step
	shownEID  model.EIDKind
	verifying string

	example string
	saves   int
	// share is the journey shared with the help desk («hjelp»), and
	// watchers how many helpers watch it.
	share    Share
	watchers int
	// closing brings a shutdown's deadline; closeAt is it, once heard.
	closing <-chan time.Time
	closeAt time.Time
	maxLine int
}

// journey presents the journey's steps as prompts until the record is
// saved or a read ends it. The rules are all the journey's: this loop only
// says what a step asks, turns a typed line into the step's answer and
// says what went wrong.
func (r *lineRun) journey() error {
	t, lt := r.t, r.lt
	r.out.say(t.AppTitle)
	r.out.say(lt.Intro)
	r.out.say(fmt.Sprintf(lt.BackHelp, lt.BackWord))
	if r.opts.HelpDesk != nil {
		r.out.say(fmt.Sprintf(lt.HelpHelp, lt.HelpWord))
	}
	r.enter(StepStart)
	for {
		st, reg := r.j.Step(), r.j.Registration()
		switch st.Stage {
		case flows.StageStart:
			// The start screen's text is said; there is nothing to answer.
			_ = r.j.Submit("")
			continue
		case flows.StageLoginLocked:
			e := r.eid()
			r.out.say(fmt.Sprintf(t.Login.LockedTitle, e.Name) + ". " +
				fmt.Sprintf(t.Login.LockedBody, e.Name, t.EIDContact[e.Kind]))
			_ = r.j.Submit("")
			continue
		case flows.StageLoginRefused:
			r.sayRefused(reg)
			_ = r.j.Submit("")
			continue
		case flows.StageContactDone, flows.StageContactSkipped:
			r.sayContactEnd(st.Stage)
			_ = r.j.Submit("")
			continue
		case flows.StageSaving:
			if err := r.save(reg); err != nil {
				return err
			}
			continue
		case flows.StageSaved:
			return nil
		}
		r.enter(Step(st.Stage.Phase()))
		r.sayOnce(st, reg)
		ans, err := r.ask(r.question(st, reg), st.Input == flows.InputSecret)
		if errors.Is(err, errBack) {
			if st.Stage == flows.StageChoose {
				r.out.say(lt.AtFirst)
				continue
			}
			// Back past what the line mode only says (the contact step's
			// end), to the question before it.
			for r.j.Back() && saidOnly(r.j.Stage()) {
			}
			continue
		}
		if err != nil {
			return err
		}
		if st.Stage == flows.StageSaveFailed {
			again, ok := r.retryAnswer(ans)
			if !ok {
				continue
			}
			if !again {
				return errDeclined
			}
			_ = r.j.Submit(flows.AnswerRetry)
			continue
		}
		if (st.Stage == flows.StageVerifyMobile || st.Stage == flows.StageVerifyEmail) &&
			isWord(ans, func(l *LineText) string { return l.ResendWord }) {
			_ = r.j.Resend()
			r.out.say(lt.NewCode)
			continue
		}
		answer, ok := r.answer(st, ans)
		if !ok {
			continue
		}
		r.submit(st, answer)
	}
}

// saidOnly reports whether the line mode says a stage and goes on, with
// nothing to answer there.
func saidOnly(s flows.Stage) bool {
	switch s {
	case flows.StageContactDone, flows.StageContactSkipped, flows.StageLoginLocked, flows.StageLoginRefused:
		return true
	}
	return false
}

// eid is the facts of the eID chosen.
func (r *lineRun) eid() model.EID {
	e, _ := model.LookupEID(r.j.Registration().EID)
	return e
}

// finish says the closing line of a journey that ended without a receipt
// and turns the reason into RunLine's result.
func (r *lineRun) finish(err error) (LineResult, error) {
	if r.share != nil {
		r.share.Stop(StopEnded)
		r.share = nil
	}
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
		r.shownEID = "" // a login reached again says its title again
	case StepContact:
		intro := t.Contact.IntroOptional
		if r.eid().ContactRequired {
			intro = t.Contact.IntroRequired
		}
		r.out.say(intro)
		// Why it matters, before the question or the first field.
		r.out.say(t.Contact.MailboxTitle + ": " + t.Contact.Mailbox)
	case StepSummary:
		r.saySummary()
	}
}

// sayOnce says what a step says before its first question: a new login's
// title, a confirmation's "a code was sent".
func (r *lineRun) sayOnce(st flows.Step, reg flows.Registration) {
	t := r.t
	switch st.Stage {
	case flows.StageLogin:
		if reg.Login != nil && r.shownEID != reg.EID {
			r.shownEID = reg.EID
			r.out.say(fmt.Sprintf(t.Login.Title, r.eid().Name))
		}
	case flows.StageChoose:
		r.shownEID = "" // a new login says its title, even right after another
	case flows.StageVerifyMobile, flows.StageVerifyEmail:
		if reg.Verify == nil {
			return
		}
		id := string(reg.Verify.Target) + reg.Verify.Address
		if r.verifying == id {
			return
		}
		r.verifying = id
		title, addr := t.Contact.VerifyMobile, model.FormatMobile(reg.Verify.Address)
		if reg.Verify.Target == flows.TargetEmail {
			title, addr = t.Contact.VerifyEmail, reg.Verify.Address
		}
		r.out.say(title + ". " + fmt.Sprintf(t.Contact.VerifySent, addr))
	default:
		if st.Stage != flows.StageContactMobile && st.Stage != flows.StageContactEmail {
			r.verifying = ""
		}
	}
}

// sayEIDs lists the five eIDs with their facts, one fact a line.
func (r *lineRun) sayEIDs() {
	t := r.t
	reg := r.j.Registration()
	for i, e := range model.EIDs() {
		name := fmt.Sprintf("%d. %s", i+1, e.Name)
		if e.Historical {
			name += " (" + t.Choose.Historical + ")"
		}
		if reg.IsLocked(e.Kind) {
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

// question is what a step asks, as lines.
func (r *lineRun) question(st flows.Step, reg flows.Registration) string {
	t, lt := r.t, r.lt
	switch st.Stage {
	case flows.StageChoose:
		return t.Choose.Title + ". " + fmt.Sprintf(lt.Pick, len(st.Choices))
	case flows.StageLogin:
		return r.loginQuestion(st)
	case flows.StageContactAsk:
		return r.numbered(t.Contact.Ask, t.Contact.AskYes, t.Contact.AskNo)
	case flows.StageContactMobile:
		return r.contactQuestion(t.Contact.MobileTitle, t.Contact.MobileHint, st.Value)
	case flows.StageContactEmail:
		return r.contactQuestion(t.Contact.EmailTitle, t.Contact.EmailHint, st.Value)
	case flows.StageVerifyMobile, flows.StageVerifyEmail:
		addr, sentence := model.FormatMobile(reg.Contact.Mobile), lt.VerifyPhone
		if st.Stage == flows.StageVerifyEmail {
			addr, sentence = reg.Contact.Email, lt.VerifyInbox
		}
		if reg.Verify != nil && reg.Verify.Wrong >= flows.MaxTries {
			return fmt.Sprintf(lt.VerifyLocked, addr, lt.BackWord, lt.ResendWord)
		}
		n := flows.VerificationCodeLength
		return fmt.Sprintf(sentence, st.Device.Code) + "\n" + fmt.Sprintf(t.Contact.CodeLabel, n) + "\n" +
			fmt.Sprintf(lt.Resend, lt.ResendWord)
	case flows.StageSummary:
		return r.numbered(t.Summary.Title, t.Summary.Save, t.Summary.EditLogin, t.Summary.EditContact)
	case flows.StageSaveFailed:
		return r.numbered(lt.RetryAsk, lt.RetryYes, lt.RetryNo)
	}
	return ""
}

// loginQuestion is what a login step asks: the device's sentence, the
// part and label, then the choices or the hint.
func (r *lineRun) loginQuestion(step flows.Step) string {
	t, lt := r.t, r.lt
	e := r.eid()
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
	head := label
	if step.Part > 0 {
		head = fmt.Sprintf(t.Login.StepOf, step.Part, step.Parts) + ": " + label
	}
	if step.Input == flows.InputChoice {
		names := make([]string, len(step.Choices))
		for i, c := range step.Choices {
			names[i] = t.MethodName[e.Kind][model.Method(c.Value)]
		}
		return strings.Join(append(lines, r.numbered(head, names...)), "\n")
	}
	hint := t.FieldHint[step.Field]
	switch step.Field {
	case flows.FieldPassword:
		hint = t.passwordHint(e)
	case flows.FieldNationalID:
		if r.example != "" {
			hint += " " + fmt.Sprintf(t.Login.Example, r.example)
		}
	case flows.FieldOTP:
		hint = lt.CodeHint
	case flows.FieldPIN:
		hint = lt.PINHint
	}
	if r.j.Registration().Reopened && (step.Field == flows.FieldPassword || step.Field == flows.FieldPersonalPassword) {
		hint = t.Login.RetypePassword + " " + hint
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

// answer turns a typed line into the step's answer: a choice's value, ""
// for a confirmation, the device's code for DeviceAnswer, a kept value of
// the contact register. It names the problem and reports false when the
// line is no answer.
func (r *lineRun) answer(st flows.Step, ans string) (string, bool) {
	t, lt := r.t, r.lt
	switch st.Input {
	case flows.InputChoice:
		names := r.choiceNames(st)
		i, ok := pick(ans, names...)
		if !ok {
			r.problem(fmt.Sprintf(lt.NotAChoice, len(st.Choices)))
			return "", false
		}
		return st.Choices[i].Value, true
	case flows.InputConfirm:
		if strings.TrimSpace(ans) != "" {
			r.problem(fmt.Sprintf(lt.JustEnter, lt.BackWord))
			return "", false
		}
		return "", true
	}
	switch st.Stage {
	case flows.StageContactMobile, flows.StageContactEmail:
		return keep(st.Value, ans), true
	}
	if d := st.Device; d != nil && st.MaxLen > 0 && strings.EqualFold(strings.TrimSpace(ans), DeviceAnswer) {
		switch st.Field {
		case flows.FieldPINLetter:
			return d.PINs[d.PINIndex-1], true
		case flows.FieldPIN:
			return d.PIN, true
		}
		return d.Code, true
	}
	_ = t
	return ans, true
}

// choiceNames are a choice step's names, which an answer may give instead
// of the number.
func (r *lineRun) choiceNames(st flows.Step) []string {
	t := r.t
	names := make([]string, len(st.Choices))
	for i, c := range st.Choices {
		switch st.Stage {
		case flows.StageChoose:
			e, _ := model.LookupEID(model.EIDKind(c.Value))
			names[i] = e.Name
		case flows.StageLogin:
			names[i] = t.MethodName[r.eid().Kind][model.Method(c.Value)]
		case flows.StageContactAsk:
			names[i] = map[string]string{flows.AnswerYes: t.Keys.Yes, flows.AnswerNo: t.Keys.No}[c.Value]
		case flows.StageSummary:
			names[i] = map[string]string{flows.AnswerSave: t.Summary.Save, flows.AnswerEditLogin: t.Summary.EditLogin,
				flows.AnswerEditContact: t.Summary.EditContact}[c.Value]
		}
	}
	return names
}

// submit gives the answer to the journey and says what went wrong.
func (r *lineRun) submit(st flows.Step, answer string) {
	t := r.t
	_ = r.j.Submit(answer)
	p := r.j.Registration().Problem
	if p == nil {
		return
	}
	switch p.Code {
	case flows.ProblemWrongCode:
		msg := t.problem(p, st)
		if p.TriesLeft > 0 {
			msg += " " + t.triesLeft(p.TriesLeft)
		}
		r.problem(msg)
	case flows.ProblemNeedOne:
		if p.Required {
			r.problem(t.Contact.NeedOne)
		} else {
			r.problem(fmt.Sprintf(r.lt.NeedOneOptional, r.lt.BackWord))
		}
	case flows.ProblemVerifyLocked:
		// The next question says so, with what to do.
	default:
		r.problem(t.problem(p, st))
	}
}

// retryAnswer reads the answer to «try saving again?».
func (r *lineRun) retryAnswer(ans string) (again, ok bool) {
	i, ok := pick(ans, r.t.Keys.Yes, r.t.Keys.No)
	if !ok {
		r.problem(fmt.Sprintf(r.lt.NotAChoice, 2))
		return false, false
	}
	return i == 0, true
}

// sayRefused explains an age refusal and names the eIDs still open, as
// the full-screen login does.
func (r *lineRun) sayRefused(reg flows.Registration) {
	t := r.t
	l := reg.Login
	e := r.eid()
	var others []string
	for _, o := range reg.OpenEIDs(r.opts.now()) {
		others = append(others, o.Name)
	}
	more := t.Login.RefusedNone
	if len(others) > 0 {
		more = fmt.Sprintf(t.Login.RefusedOthers, strings.Join(others, ", "))
	}
	r.problem(fmt.Sprintf(t.Login.RefusedTitle, e.Name))
	r.out.say(fmt.Sprintf(t.Login.RefusedBody, e.Name, t.EIDAge[e.Kind],
		l.BirthDate.Format(t.DateLayout), l.AllowedFrom.Format(t.DateLayout)) + " " + more)
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

// sayContactEnd ends step 4 as the full-screen wizard does: after «Nei»,
// that it can be done later; after the details, that they are confirmed
// (and, with MinID, that a digital mailbox needs a high-level eID).
func (r *lineRun) sayContactEnd(stage flows.Stage) {
	t := r.t
	if stage == flows.StageContactSkipped {
		r.out.say(t.Contact.SkippedTitle + ". " + t.Contact.Skipped)
		return
	}
	r.out.say(t.Contact.DoneTitle + ". " + t.Contact.Done)
	if !r.eid().CanOpenDigitalMailbox() {
		r.out.say(t.Contact.MailboxLevel)
	}
}

// saySummary lists what will be saved, the national ID masked: the
// journey's rows.
func (r *lineRun) saySummary() {
	t := r.t
	row := func(label, value string) { r.out.say(label + ": " + value) }
	r.out.say(t.Summary.Intro)
	contact := func(x flows.Row, shown string) string {
		if x.Value == "" {
			return t.Summary.NotRegistered
		}
		return shown + " (" + fmt.Sprintf(t.Summary.VerifiedAt, x.VerifiedAt.In(model.Oslo()).Format(t.DateTimeLayout)) + ")"
	}
	for _, x := range r.j.Registration().Summary() {
		switch x.Kind {
		case flows.RowEID:
			e, _ := model.LookupEID(x.EID)
			row(t.Summary.EID, e.Name+", "+t.LevelName[e.Level])
		case flows.RowMethod:
			row(t.Summary.Method, t.MethodName[x.EID][x.Method])
		case flows.RowNationalID:
			row(t.Summary.NationalID, x.Value)
		case flows.RowBirthDate:
			row(t.Summary.BirthDate, x.Date.Format(t.DateLayout))
		case flows.RowMobile:
			row(t.Summary.Mobile, contact(x, model.FormatMobile(x.Value)))
		case flows.RowEmail:
			row(t.Summary.Email, contact(x, x.Value))
		}
	}
	row(t.Summary.Language, t.LangName)
}

// save saves the record and prints the receipt; on failure it names the
// reason, and the journey asks whether to try again, keeping every answer.
func (r *lineRun) save(reg flows.Registration) error {
	r.enter(StepReceipt)
	t, lt := r.t, r.lt
	rec := *reg.Record
	r.out.say(t.Receipt.Saving)
	path, err := r.opts.Store.Save(rec)
	if err != nil {
		r.j.SaveFailed(saveReason(err))
		r.problem(t.Receipt.FailTitle)
		r.out.say(t.saveError(saveReason(err), r.opts.Store.Dir(), r.opts.Channel == model.ChannelTerminal))
		r.out.say(lt.FailKept)
		return nil
	}
	r.j.Saved()
	r.saves++
	r.out.say(t.Receipt.Title)
	r.out.say(t.Receipt.ID + ": " + rec.ID)
	if r.opts.Channel == model.ChannelTerminal {
		r.out.say(t.Receipt.File + ": " + path)
	}
	r.out.say(t.Receipt.NextTitle)
	r.out.say(receiptNext(t, rec))
	r.out.say(t.Receipt.SimNote)
	return nil
}

// ask prints a question and reads the answer. The back word, in any of
// the languages, gives errBack.
func (r *lineRun) ask(q string, secret bool) (string, error) {
	for {
		if r.share != nil {
			r.share.Publish(r.j.Registration())
		}
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
		if r.opts.HelpDesk != nil && isWord(ans, func(l *LineText) string { return l.HelpWord }) {
			r.toggleShare()
			continue
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
	// The timers start before the prompt shows (a test that moves its
	// clock once it sees the prompt is not early).
	clk := r.opts.Clock
	var warn, end <-chan time.Time
	if d := r.opts.IdleTimeout; d > 0 {
		end = clk.After(d)
		if w := d - r.opts.IdleWarning; w > 0 {
			warn = clk.After(w)
		}
	}
	warned := false
	var closeAt <-chan time.Time
	if !r.closeAt.IsZero() {
		closeAt = clk.After(r.closeAt.Sub(clk.Now()))
	}
	r.in.want() // a local terminal is read now, its echo as just set
	r.showPrompt()
	for {
		var shareEvents <-chan ShareEvent
		if r.share != nil {
			shareEvents = r.share.Events()
		}
		select {
		case ev, ok := <-shareEvents:
			r.out.endLine()
			r.onShareEvent(ev, ok)
			r.showPrompt()
		case <-r.ctx.Done():
			return "", r.ctx.Err()
		case at := <-r.closing:
			// A shutdown: say when, and end then unless saved first.
			r.closeAt = at
			left := at.Sub(clk.Now())
			closeAt = clk.After(left)
			r.out.endLine()
			r.out.say(r.t.closing(max(int((left+time.Second-1)/time.Second), 0)))
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

// toggleShare is the help word: a help code and the answers shared with
// the help desk, or, while shared, the end of it.
func (r *lineRun) toggleShare() {
	t, lt := &r.t.Share, r.lt
	if r.share != nil {
		r.share.Stop(StopByCaller)
		r.share, r.watchers = nil, 0
		r.out.say(t.Stopped)
		return
	}
	s, err := r.opts.HelpDesk.Share()
	if err != nil {
		r.out.say(t.Unavailable)
		return
	}
	r.share = s
	spaced, words := t.readOut(s.Code())
	mins := int(s.Valid().Round(time.Minute) / time.Minute)
	r.out.say(fmt.Sprintf(t.Code, spaced) + ". " + fmt.Sprintf(t.ReadOut, words))
	r.out.say(fmt.Sprintf(t.Valid, max(mins, 1)) + " " + fmt.Sprintf(lt.HelpStop, lt.HelpWord))
}

// onShareEvent says what the help desk did: a helper came or went, a
// hint; or the code expired.
func (r *lineRun) onShareEvent(ev ShareEvent, ok bool) {
	t := &r.t.Share
	if !ok {
		r.share, r.watchers = nil, 0
		r.out.say(t.Expired)
		return
	}
	if ev.Watchers != r.watchers {
		switch {
		case ev.Watchers == 0:
			r.out.say(r.lt.HelpGone)
		case ev.Watchers == 1:
			r.out.say(t.Watching)
		default:
			r.out.say(fmt.Sprintf(t.WatchingN, ev.Watchers))
		}
		r.watchers = ev.Watchers
	}
	if ev.Hint != "" {
		r.out.say(fmt.Sprintf(t.Hint, ev.Hint))
	}
}
