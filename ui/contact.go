package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// contactScreen is step 4, the contact register, one sub-step at a time:
// the question (not with MinID), the mobile number and the e-mail address
// (huh forms, one field each, so the error shows right under it), their
// confirmation codes, and the step's end. A new sub-step gets a new screen.
type contactScreen struct {
	size
	c    *common
	step flows.Step
	reg  flows.Registration
	eid  model.EID
	form *huh.Form
	// input is bound to the form: the answer, or what is being typed.
	input string
	// askValue is bound to the question's form.
	askValue bool
	field    field
	started  bool
	// resent confirms that a new code was sent (r), until the next key.
	resent bool
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

func newContactScreen(c *common) *contactScreen { return &contactScreen{c: c} }

// show takes the sub-step; the first time it builds its form or code
// field, and after a refused answer it asks again with what was typed.
func (s *contactScreen) show(st flows.Step, reg flows.Registration) tea.Cmd {
	s.step, s.reg = st, reg
	s.eid, _ = model.LookupEID(reg.EID)
	switch st.Stage {
	case flows.StageVerifyMobile, flows.StageVerifyEmail:
		if !s.started {
			s.field = newField(s.c, false, 10)
		}
		if p := reg.Problem; p != nil && p.Code == flows.ProblemWrongCode {
			s.field.setValue("")
		}
		s.started = true
		return nil
	case flows.StageContactAsk:
		if !s.started {
			s.askValue = st.Value == flows.AnswerYes
		}
	case flows.StageContactMobile, flows.StageContactEmail:
		if !s.started {
			s.input = st.Value
		}
	default:
		s.started = true
		return nil
	}
	if s.started && s.form != nil && s.form.State != huh.StateCompleted {
		return nil
	}
	s.started = true
	return s.buildForm()
}

// relang rebuilds the form in the current language, keeping what has been
// typed or chosen (the values live outside the form).
func (s *contactScreen) relang() tea.Cmd {
	if s.form == nil {
		return nil
	}
	return s.buildForm()
}

// buildForm builds the form of a data-entry sub-step from the values.
func (s *contactScreen) buildForm() tea.Cmd {
	t := s.c.t
	switch s.step.Stage {
	case flows.StageContactAsk:
		sel := huh.NewSelect[bool]().Title(t.Contact.Ask).
			Options(huh.NewOption(t.Contact.AskYes, true), huh.NewOption(t.Contact.AskNo, false)).
			Value(&s.askValue)
		return s.setForm(huh.NewGroup(sel))
	case flows.StageContactMobile:
		in := huh.NewInput().Title(t.Contact.MobileTitle).Description(t.Contact.MobileHint).
			CharLimit(20).Value(&s.input)
		return s.setForm(huh.NewGroup(in))
	case flows.StageContactEmail:
		in := huh.NewInput().Title(t.Contact.EmailTitle).Description(t.Contact.EmailHint).
			CharLimit(254).Value(&s.input)
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
// wizard handles Ctrl+C, and Esc / Shift+Tab go back (never blocked by a
// refused answer, unlike huh's own back key).
func contactFormKeys() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithDisabled())
	km.Input.Prev = key.NewBinding(key.WithDisabled())
	km.Select.Prev = key.NewBinding(key.WithDisabled())
	km.Select.Filter = key.NewBinding(key.WithDisabled())
	return km
}

func (s *contactScreen) update(msg tea.Msg) (tea.Cmd, event) {
	k := s.c.keys
	kp, isKey := msg.(tea.KeyPressMsg)
	if isKey {
		s.resent = false
		if key.Matches(kp, k.Back) {
			return nil, wentBack{}
		}
	}
	switch s.step.Stage {
	case flows.StageVerifyMobile, flows.StageVerifyEmail:
		switch {
		case isKey && key.Matches(kp, k.Resend):
			s.field.setValue("")
			s.resent = true
			return nil, resent{}
		case isKey && key.Matches(kp, k.Next):
			return nil, answered{s.field.value()}
		}
		before := s.field.value()
		cmd := s.field.update(msg)
		if v := s.field.value(); v != before {
			return cmd, typed{v}
		}
		return cmd, nil
	case flows.StageContactDone, flows.StageContactSkipped:
		if isKey && key.Matches(kp, k.Next) {
			return nil, answered{}
		}
		return nil, nil
	}
	if s.form == nil {
		return nil, nil
	}
	before := s.input
	fm, cmd := s.form.Update(msg)
	if f, ok := fm.(*huh.Form); ok {
		s.form = f
	}
	if s.form.State == huh.StateCompleted {
		if s.step.Stage == flows.StageContactAsk {
			if s.askValue {
				return cmd, answered{flows.AnswerYes}
			}
			return cmd, answered{flows.AnswerNo}
		}
		return cmd, answered{s.input}
	}
	if s.input != before {
		return cmd, typed{s.input}
	}
	return cmd, nil
}

func (s *contactScreen) keys() helpKeys {
	k := s.c.keys
	switch s.step.Stage {
	case flows.StageVerifyMobile, flows.StageVerifyEmail:
		return helpKeys{short: []key.Binding{k.Next, k.Resend, k.Back, k.Quit, k.Help}}
	case flows.StageContactDone, flows.StageContactSkipped:
		return helpKeys{short: []key.Binding{k.Next, k.Back, k.Quit, k.Help}}
	case flows.StageContactAsk:
		return helpKeys{short: []key.Binding{k.Up, k.Down, k.Choose, k.Back, k.Help}}
	}
	help := k.Help
	if s.step.Stage == flows.StageContactEmail {
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
	if s.eid.ContactRequired {
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
	c := s.reg.Contact
	switch s.step.Stage {
	case flows.StageContactAsk:
		form := s.formView(w)
		return firstFitting(s.height, head+reason+form, title+"\n"+reason+form, reason+form, form)
	case flows.StageContactMobile:
		form := s.formView(w)
		if s.eid.ContactRequired {
			return firstFitting(s.height, head+reason+form, head+form, form)
		}
		return firstFitting(s.height, head+form, form)
	case flows.StageContactEmail:
		mobile := ""
		if c.Mobile != "" {
			mobile = st.Label.Render(t.Contact.MobileTitle+": ") + model.FormatMobile(c.Mobile) + "\n\n"
		}
		form := s.formView(w)
		return firstFitting(s.height, head+mobile+form, mobile+form, form)
	case flows.StageVerifyMobile, flows.StageVerifyEmail:
		v := s.verifyView(w)
		return firstFitting(s.height, head+v, v)
	}
	// The step's end, after «Nei» or the confirmed details.
	end := st.Strong.Render(t.Contact.SkippedTitle) + "\n" + wrap(t.Contact.Skipped, w)
	if s.step.Stage == flows.StageContactDone {
		end = st.Strong.Render(t.Contact.DoneTitle) + "\n" + wrap(t.Contact.Done, w)
		if !s.eid.CanOpenDigitalMailbox() {
			end += "\n\n" + wrap(t.Contact.MailboxLevel, w)
		}
	}
	next := st.Strong.Render(t.Contact.Continue)
	return firstFitting(s.height, head+end+"\n\n"+next, end+"\n\n"+next, end+"\n"+next)
}

// formView is the sub-step's huh form with, for a text field, the login
// fields' underline and the error right under the input.
func (s *contactScreen) formView(w int) string {
	if s.form == nil {
		return ""
	}
	st := s.c.st
	out := strings.TrimRight(s.form.View(), "\n ")
	if s.step.Stage == flows.StageContactAsk {
		return out
	}
	out += "\n" + st.InputRule.Render(strings.Repeat("─", w))
	if p := s.reg.Problem; p != nil {
		out += "\n" + st.Error.Render(wrap("✗ "+s.c.t.problem(p, s.step), w))
	}
	return out
}

func (s *contactScreen) verifyView(w int) string {
	t, st := s.c.t, s.c.st
	email := s.step.Stage == flows.StageVerifyEmail
	c := s.reg.Contact
	title, addr := t.Contact.VerifyMobile, nbsp(model.FormatMobile(c.Mobile))
	if email {
		title, addr = t.Contact.VerifyEmail, c.Email
	}
	code := s.step.Device.Code
	n := len(code)
	var errText, status string
	if p := s.reg.Problem; p != nil {
		errText = t.problem(p, s.step)
		switch p.Code {
		case flows.ProblemWrongCode:
			status = t.triesLeft(p.TriesLeft)
		case flows.ProblemVerifyLocked:
			errText = fmt.Sprintf(t.Contact.VerifyLocked, addr)
		}
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
		key := verifyPanelKey{lang: s.c.lang, email: email, code: code}
		if s.panel == "" || s.panelFor != key {
			s.panel, s.panelFor = s.c.verifyPanel(email, key.code, 40, false), key
		}
		if v := besideTop(padRight(form(formW), formW+2), formW+2, 0, s.panel, 40); lipgloss.Height(v) <= s.height {
			return v
		}
	}
	// Below: the code field and the phone or inbox with the code always
	// show; the sentence and the spacing give way in a short window.
	panel := s.c.verifyPanel(email, code, w, true)
	field := s.field.view(label, "", errText, status, w)
	return firstFitting(s.height, form(w)+"\n\n"+panel, form(w)+"\n"+panel,
		st.Strong.Render(title)+"\n"+field+"\n"+panel, field+"\n"+panel)
}

// mirror shows what the caller has typed (masked), in a helper's view.
func (s *contactScreen) mirror(reg flows.Registration) tea.Cmd {
	switch s.step.Stage {
	case flows.StageVerifyMobile, flows.StageVerifyEmail:
		s.field.setValue(reg.Draft)
	case flows.StageContactMobile, flows.StageContactEmail:
		if s.input != reg.Draft {
			s.input = reg.Draft
			return s.buildForm()
		}
	}
	return nil
}
