package ui

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// contactData is what the person gives the contact register. It lives in
// the registration, so leaving and re-entering the step loses nothing.
type contactData struct {
	// wants is the answer to "register now?"; always true with MinID.
	// answered tells whether the question has been answered at all.
	wants, answered bool
	// mobileInput and emailInput are what was typed.
	mobileInput, emailInput string
	// mobile (E.164) and email are the checked values.
	mobile, email string
	// verifiedMobile and verifiedEmail are the values confirmed by code,
	// with the time; a changed value must be confirmed again.
	verifiedMobile, verifiedEmail     string
	mobileVerifiedAt, emailVerifiedAt time.Time
}

// empty reports whether nothing has been typed.
func (d *contactData) empty() bool { return d.mobileInput == "" && d.emailInput == "" }

// contactPhase is a sub-step of the contact-register step.
type contactPhase int

const (
	phaseAsk contactPhase = iota
	phaseMobile
	phaseEmail
	phaseVerifyMobile
	phaseVerifyEmail
	phaseInfo
)

// contactScreen is step 4: the contact register. Data entry uses huh forms
// (one field per group, so a field's error shows right under it); the code
// check uses the flows.Verification machine.
type contactScreen struct {
	size
	c      *context
	eid    model.EID
	data   *contactData
	phase  contactPhase
	form   *huh.Form
	verify *flows.Verification
	field  field
	err    error
	// fieldErr is the form field's error as shown under it, set when the
	// person presses Enter and kept until the next Enter, as at the login.
	fieldErr string
	// resent confirms that a new code was sent (r), until the next key.
	resent bool
	rand   *rand.Rand
	now    func() time.Time
	// askValue is bound to the ask form.
	askValue bool
	// panel is the simulated phone or inbox beside the code field as drawn
	// last, for panelFor: it stays the same while a person types.
	panel    string
	panelFor verifyPanelKey
}

// verifyPanelKey is everything the phone or inbox beside the code shows.
type verifyPanelKey struct {
	lang  Lang
	email bool
	code  string
}

func newContactScreen(c *context, w, h int, eid model.EID, data *contactData, r *rand.Rand, now func() time.Time) (*contactScreen, tea.Cmd) {
	s := &contactScreen{c: c, size: size{w, h}, eid: eid, data: data, rand: r, now: now}
	if eid.ContactRequired() {
		data.wants = true
		return s, s.enter(phaseMobile)
	}
	return s, s.enter(phaseAsk)
}

// enter switches to a phase, building its form or code check.
func (s *contactScreen) enter(p contactPhase) tea.Cmd {
	s.phase = p
	s.err, s.fieldErr, s.resent = nil, "", false
	s.form = nil
	switch p {
	case phaseAsk:
		// «Ja» first, unless the person has said no before.
		s.askValue = !s.data.answered || s.data.wants
	case phaseVerifyMobile:
		s.verify = flows.NewVerification(flows.TargetMobile, s.data.mobile, flows.Options{Rand: s.rand, Now: s.now})
		s.field = newField(s.c, false, 10)
	case phaseVerifyEmail:
		s.verify = flows.NewVerification(flows.TargetEmail, s.data.email, flows.Options{Rand: s.rand, Now: s.now})
		s.field = newField(s.c, false, 10)
	}
	return s.buildForm()
}

// relang rebuilds the phase's form in the current language, keeping what
// has been typed or chosen (the values live outside the form).
func (s *contactScreen) relang() tea.Cmd {
	if s.form == nil {
		return nil
	}
	return s.buildForm()
}

// buildForm builds the form of a data-entry phase from the current values.
func (s *contactScreen) buildForm() tea.Cmd {
	t := s.c.t
	switch s.phase {
	case phaseAsk:
		sel := huh.NewSelect[bool]().Title(t.Contact.Ask).
			Options(huh.NewOption(t.Contact.AskYes, true), huh.NewOption(t.Contact.AskNo, false)).
			Value(&s.askValue)
		return s.setForm(huh.NewGroup(sel))
	case phaseMobile:
		in := huh.NewInput().Title(t.Contact.MobileTitle).Description(t.Contact.MobileHint).
			CharLimit(20).Value(&s.data.mobileInput).Validate(s.validateMobile)
		return s.setForm(huh.NewGroup(in))
	case phaseEmail:
		in := huh.NewInput().Title(t.Contact.EmailTitle).Description(t.Contact.EmailHint).
			CharLimit(254).Value(&s.data.emailInput).Validate(s.validateEmail)
		return s.setForm(huh.NewGroup(in))
	}
	return nil
}

// formHeight is the height of a one-field form: title, a description of
// up to three lines, the input and a spare line. huh's own estimate misses
// wrapped descriptions and then cuts off the input.
const formHeight = 6

func (s *contactScreen) setForm(g *huh.Group) tea.Cmd {
	s.form = huh.NewForm(g).WithShowHelp(false).WithShowErrors(false).WithTheme(s.c.huhTheme()).
		WithWidth(s.width).WithHeight(formHeight).WithKeyMap(contactFormKeys())
	return s.form.Init()
}

// contactFormKeys is huh's key map without its own quit and back keys: the
// root model handles Ctrl+C, and Esc / Shift+Tab go back (never blocked by
// a validation error, unlike huh's own back key).
func contactFormKeys() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithDisabled())
	km.Input.Prev = key.NewBinding(key.WithDisabled())
	km.Select.Prev = key.NewBinding(key.WithDisabled())
	km.Select.Filter = key.NewBinding(key.WithDisabled())
	return km
}

func (s *contactScreen) validateMobile(v string) error {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	if _, err := model.ParseMobile(v); err != nil {
		return errors.New(s.c.t.inputError(err, ""))
	}
	return nil
}

func (s *contactScreen) validateEmail(v string) error {
	if strings.TrimSpace(v) == "" {
		if strings.TrimSpace(s.data.mobileInput) != "" {
			return nil
		}
		if s.eid.ContactRequired() {
			return errors.New(s.c.t.Contact.NeedOne)
		}
		return errors.New(s.c.t.Contact.NeedOneOptional)
	}
	if _, err := model.ParseEmail(v); err != nil {
		return errors.New(s.c.t.inputError(err, ""))
	}
	return nil
}

// capturesText reports whether "?" belongs to the input (e-mail addresses).
func (s *contactScreen) capturesText() bool { return s.phase == phaseEmail }

// back goes one sub-step back; outcomeBack from the first.
func (s *contactScreen) back() (outcome, tea.Cmd) {
	switch s.phase {
	case phaseAsk:
		return outcomeBack, nil
	case phaseMobile:
		if s.eid.ContactRequired() {
			return outcomeBack, nil
		}
		return outcomeNone, s.enter(phaseAsk)
	case phaseEmail:
		return outcomeNone, s.enter(phaseMobile)
	case phaseVerifyMobile:
		return outcomeNone, s.enter(phaseMobile)
	case phaseVerifyEmail:
		return outcomeNone, s.enter(phaseEmail)
	default: // phaseInfo
		if !s.data.wants {
			return outcomeNone, s.enter(phaseAsk)
		}
		return outcomeNone, s.enter(phaseEmail)
	}
}

func (s *contactScreen) update(msg tea.Msg) (outcome, tea.Cmd) {
	if kp, ok := msg.(tea.KeyPressMsg); ok && kp.String() == "shift+tab" {
		return s.back()
	}
	switch s.phase {
	case phaseVerifyMobile, phaseVerifyEmail:
		return s.updateVerify(msg)
	case phaseInfo:
		if kp, ok := msg.(tea.KeyPressMsg); ok && key.Matches(kp, s.c.keys.Next) {
			return outcomeNext, nil
		}
		return outcomeNone, nil
	}
	if s.form == nil {
		return outcomeNone, nil
	}
	fm, cmd := s.form.Update(msg)
	if f, ok := fm.(*huh.Form); ok {
		s.form = f
	}
	if s.form.State != huh.StateCompleted {
		if kp, ok := msg.(tea.KeyPressMsg); ok && key.Matches(kp, s.c.keys.Next) {
			s.fieldErr = ""
			if errs := s.form.Errors(); len(errs) > 0 {
				s.fieldErr = errs[0].Error()
			}
		}
		return outcomeNone, cmd
	}
	return s.completed()
}

// completed moves on after a form is answered.
func (s *contactScreen) completed() (outcome, tea.Cmd) {
	d := s.data
	switch s.phase {
	case phaseAsk:
		d.wants, d.answered = s.askValue, true
		if !d.wants {
			return outcomeNone, s.enter(phaseInfo)
		}
		return outcomeNone, s.enter(phaseMobile)
	case phaseMobile:
		d.mobile = ""
		if strings.TrimSpace(d.mobileInput) != "" {
			d.mobile, _ = model.ParseMobile(d.mobileInput)
		}
		return outcomeNone, s.enter(phaseEmail)
	}
	// phaseEmail: all data is in; confirm what is new.
	d.email = ""
	if strings.TrimSpace(d.emailInput) != "" {
		d.email, _ = model.ParseEmail(d.emailInput)
	}
	return outcomeNone, s.nextVerification()
}

// nextVerification starts the next code check still needed, or the info.
func (s *contactScreen) nextVerification() tea.Cmd {
	d := s.data
	if d.mobile != "" && d.verifiedMobile != d.mobile {
		return s.enter(phaseVerifyMobile)
	}
	if d.email != "" && !strings.EqualFold(d.verifiedEmail, d.email) {
		return s.enter(phaseVerifyEmail)
	}
	return s.enter(phaseInfo)
}

func (s *contactScreen) updateVerify(msg tea.Msg) (outcome, tea.Cmd) {
	k := s.c.keys
	kp, isKey := msg.(tea.KeyPressMsg)
	if isKey {
		s.resent = false
	}
	switch {
	case isKey && key.Matches(kp, k.Resend):
		s.verify.Resend()
		s.err = nil
		s.resent = true
		s.field.setValue("")
		return outcomeNone, nil
	case isKey && key.Matches(kp, k.Next):
		if s.verify.Locked() {
			return outcomeNone, nil
		}
		s.err = s.verify.Submit(s.field.value())
		var wrong *flows.WrongCodeError
		if errors.As(s.err, &wrong) {
			s.field.setValue("")
		}
		if s.verify.Verified() {
			if s.phase == phaseVerifyMobile {
				s.data.verifiedMobile, s.data.mobileVerifiedAt = s.data.mobile, s.verify.VerifiedAt()
			} else {
				s.data.verifiedEmail, s.data.emailVerifiedAt = s.data.email, s.verify.VerifiedAt()
			}
			return outcomeNone, s.nextVerification()
		}
		return outcomeNone, nil
	}
	return outcomeNone, s.field.update(msg)
}

func (s *contactScreen) keys() helpKeys {
	k := s.c.keys
	switch s.phase {
	case phaseVerifyMobile, phaseVerifyEmail:
		return helpKeys{short: []key.Binding{k.Next, k.Resend, k.Back, k.Quit, k.Help}}
	case phaseInfo:
		return helpKeys{short: []key.Binding{k.Next, k.Back, k.Quit, k.Help}}
	case phaseAsk:
		return helpKeys{short: []key.Binding{k.Up, k.Down, k.Choose, k.Back, k.Help}}
	}
	help := k.Help
	if s.capturesText() {
		help = k.HelpF1
	}
	return helpKeys{short: []key.Binding{k.Next, k.Back, k.Quit, help}}
}

// setSize lays the screen out in w×h, the form included.
func (s *contactScreen) setSize(w, h int) {
	s.size.setSize(w, h)
	if s.form != nil {
		s.form = s.form.WithWidth(w).WithHeight(formHeight)
	}
}

func (s *contactScreen) view() string {
	t, st := s.c.t, s.c.st
	w := s.width
	intro, required := t.Contact.IntroOptional, 0
	if s.eid.ContactRequired() {
		intro, required = t.Contact.IntroRequired, 1
	}
	title := st.Subtitle.Render(t.Contact.Title)
	head := s.c.drawn.get(partKey{part: partContactHead, n: required, w: w}, func() string {
		return title + "\n" + st.Muted.Render(wrap(intro, w)) + "\n\n"
	})
	// Why the register matters comes before the choice (or, with MinID,
	// before the first field): notices reach the person there.
	reason := s.c.drawn.get(partKey{part: partContactReason, w: w}, func() string {
		return st.Strong.Render(t.Contact.MailboxTitle) + "\n" + wrap(t.Contact.Mailbox, w) + "\n\n"
	})
	d := s.data
	switch s.phase {
	case phaseAsk:
		form := s.formView(w)
		return firstFitting(s.height, head+reason+form, title+"\n"+reason+form, reason+form, form)
	case phaseMobile:
		form := s.formView(w)
		if s.eid.ContactRequired() {
			return firstFitting(s.height, head+reason+form, head+form, form)
		}
		return firstFitting(s.height, head+form, form)
	case phaseEmail:
		mobile := ""
		if d.mobile != "" {
			mobile = st.Label.Render(t.Contact.MobileTitle+": ") + model.FormatMobile(d.mobile) + "\n\n"
		}
		form := s.formView(w)
		return firstFitting(s.height, head+mobile+form, mobile+form, form)
	case phaseVerifyMobile, phaseVerifyEmail:
		v := s.verifyView(w)
		return firstFitting(s.height, head+v, v)
	}
	// phaseInfo: the step's end, after «Nei» or the confirmed details.
	end := st.Strong.Render(t.Contact.SkippedTitle) + "\n" + wrap(t.Contact.Skipped, w)
	if d.wants {
		end = st.Strong.Render(t.Contact.DoneTitle) + "\n" + wrap(t.Contact.Done, w)
		if !s.eid.CanOpenDigitalMailbox() {
			end += "\n\n" + wrap(t.Contact.MailboxMinID, w)
		}
	}
	next := st.Strong.Render(t.Contact.Continue)
	return firstFitting(s.height, head+end+"\n\n"+next, end+"\n\n"+next, end+"\n"+next)
}

// formView is the phase's huh form with, for a text field, the login
// fields' underline and the error right under the input.
func (s *contactScreen) formView(w int) string {
	if s.form == nil {
		return ""
	}
	st := s.c.st
	out := strings.TrimRight(s.form.View(), "\n ")
	if s.phase == phaseAsk {
		return out
	}
	out += "\n" + st.InputRule.Render(strings.Repeat("─", w))
	if s.fieldErr != "" {
		out += "\n" + st.Error.Render(wrap("✗ "+s.fieldErr, w))
	}
	return out
}

func (s *contactScreen) verifyView(w int) string {
	t, st := s.c.t, s.c.st
	email := s.phase == phaseVerifyEmail
	title, addr := t.Contact.VerifyMobile, nbsp(model.FormatMobile(s.data.mobile))
	if email {
		title, addr = t.Contact.VerifyEmail, s.data.email
	}
	n := len(s.verify.Code())
	var errText, status string
	var wrong *flows.WrongCodeError
	switch {
	case s.verify.Locked():
		errText = fmt.Sprintf(t.Contact.VerifyLocked, addr)
	case errors.As(s.err, &wrong):
		errText = t.Login.WrongCode
		status = t.triesLeft(wrong.TriesLeft)
	case s.err != nil:
		errText = t.inputError(s.err, t.digits(n, n))
	}
	if s.resent {
		status = fmt.Sprintf(t.Contact.Resent, addr)
	}
	label := fmt.Sprintf(t.Contact.CodeLabel, n)
	form := func(fw int) string {
		return st.Strong.Render(title) + "\n" + wrap(fmt.Sprintf(t.Contact.VerifySent, addr), fw) + "\n\n" +
			s.field.view(label, "", errText, status, fw)
	}
	if w >= 72 {
		formW := w - 40 - 2
		key := verifyPanelKey{lang: s.c.lang, email: email, code: s.verify.Code()}
		if s.panel == "" || s.panelFor != key {
			s.panel, s.panelFor = s.c.verifyPanel(email, key.code, 40, false), key
		}
		if v := besideTop(padRight(form(formW), formW+2), formW+2, 0, s.panel, 40); lipgloss.Height(v) <= s.height {
			return v
		}
	}
	// Below: the code field and the phone or inbox with the code always
	// show; the sentence and the spacing give way in a short window.
	panel := s.c.verifyPanel(email, s.verify.Code(), w, true)
	field := s.field.view(label, "", errText, status, w)
	return firstFitting(s.height, form(w)+"\n\n"+panel, form(w)+"\n"+panel,
		st.Strong.Render(title)+"\n"+field+"\n"+panel, field+"\n"+panel)
}
