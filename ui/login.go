package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// loginScreen is step 3: one eID's simulated login, driven by its flow, with
// the simulated device beside it.
type loginScreen struct {
	size
	c     *context
	flow  flows.Login
	field field
	// shownStep is the step the input belongs to; a new step resets it.
	shownStep flows.Step
	// cameBack is set when the step was reached by going back, where a
	// password has to be typed again (the view says so).
	cameBack bool
	choice   int
	err      error // the last answer's error, named at the field
	example  string
	now      func() time.Time
	locked   map[model.EIDKind]bool
	// device is the device panel beside the form as drawn last, for
	// deviceFor: it stays the same while a person types.
	device    string
	deviceFor devicePanelKey
}

// devicePanelKey is everything a device panel beside the form shows.
type devicePanelKey struct {
	lang        Lang
	eid         string
	width       int
	kind        flows.DeviceKind
	code, pin   string
	words, pins string
	pinIndex    int
	inserted    bool
}

// drawDevice is devicePanel beside the form, drawn again only when what
// it shows changed.
func (s *loginScreen) drawDevice(d *flows.Device, eidName string, w int) string {
	key := devicePanelKey{lang: s.c.lang, eid: eidName, width: w, kind: d.Kind, code: d.Code, pin: d.PIN,
		words: strings.Join(d.Words, "\x00"), pins: strings.Join(d.PINs, "\x00"), pinIndex: d.PINIndex,
		inserted: d.Inserted}
	if s.device == "" || s.deviceFor != key {
		s.device, s.deviceFor = s.c.devicePanel(d, eidName, w, false), key
	}
	return s.device
}

func newLoginScreen(c *context, flow flows.Login, example string, now func() time.Time, locked map[model.EIDKind]bool) *loginScreen {
	s := &loginScreen{c: c, flow: flow, example: example, now: now, locked: locked}
	s.enterStep()
	return s
}

// enterStep prepares the input for the flow's current step.
func (s *loginScreen) enterStep() {
	step := s.flow.Step()
	s.shownStep = step
	secret := step.Input == flows.InputSecret
	limit := 64
	if step.MaxLen > 0 {
		limit = step.MaxLen + 4 // room for spaces
	}
	if step.Field == flows.FieldNationalID {
		limit = 16
	}
	s.field = newField(s.c, secret, limit)
	s.field.setValue(step.Value)
	s.choice = 0
	for i, m := range step.Options {
		if string(m) == step.Value {
			s.choice = i
		}
	}
}

// capturesText reports whether typed characters like "?" belong to the input.
func (s *loginScreen) capturesText() bool {
	if s.flow.State() != flows.Active {
		return false
	}
	f := s.flow.Step().Field
	return f == flows.FieldPassword || f == flows.FieldPersonalPassword
}

// back goes one step back in the flow; outcomeBack when at its start.
func (s *loginScreen) back() outcome {
	if s.flow.State() != flows.Active || !s.flow.Back() {
		return outcomeBack
	}
	s.err = nil
	s.enterStep()
	s.cameBack = true
	return outcomeNone
}

// reopen takes the finished login back to its last part (Esc from the
// contact register), with what was typed kept.
func (s *loginScreen) reopen() bool {
	if !s.flow.Reopen() {
		return false
	}
	s.err = nil
	s.enterStep()
	s.cameBack = true
	return true
}

func (s *loginScreen) update(msg tea.Msg) (outcome, tea.Cmd) {
	k := s.c.keys
	if s.flow.State() != flows.Active {
		if kp, ok := msg.(tea.KeyPressMsg); ok && key.Matches(kp, k.Next) {
			return outcomeBack, nil
		}
		return outcomeNone, nil
	}
	step := s.flow.Step()
	kp, isKey := msg.(tea.KeyPressMsg)
	switch step.Input {
	case flows.InputChoice:
		if !isKey {
			return outcomeNone, nil
		}
		switch {
		case key.Matches(kp, k.Up):
			s.choice = (s.choice + len(step.Options) - 1) % len(step.Options)
		case key.Matches(kp, k.Down):
			s.choice = (s.choice + 1) % len(step.Options)
		case kp.Text >= "1" && kp.Text <= "9" && len(kp.Text) == 1 && int(kp.Text[0]-'1') < len(step.Options):
			s.choice = int(kp.Text[0] - '1')
			return s.submit(string(step.Options[s.choice])), nil
		case key.Matches(kp, k.Choose):
			return s.submit(string(step.Options[s.choice])), nil
		}
		return outcomeNone, nil
	case flows.InputConfirm:
		if isKey && key.Matches(kp, k.Next) {
			return s.submit(""), nil
		}
		return outcomeNone, nil
	}
	if isKey && key.Matches(kp, k.Next) {
		return s.submit(s.field.value()), nil
	}
	return outcomeNone, s.field.update(msg)
}

// submit gives the answer to the flow and moves on or names the error.
func (s *loginScreen) submit(answer string) outcome {
	err := s.flow.Submit(answer)
	s.err = err
	var wrong *flows.WrongCodeError
	switch {
	case err == nil:
		if s.flow.State() == flows.Done {
			return outcomeNext
		}
		s.enterStep()
		s.cameBack = false
	case errors.As(err, &wrong):
		s.field.setValue("")
		if s.flow.State() == flows.Locked {
			s.locked[s.flow.EID().Kind] = true
		}
	}
	return outcomeNone
}

func (s *loginScreen) keys() helpKeys {
	k := s.c.keys
	if s.flow.State() != flows.Active {
		return helpKeys{short: []key.Binding{k.Back, k.Quit}}
	}
	help := k.Help
	if s.capturesText() {
		help = k.HelpF1
	}
	switch s.flow.Step().Input {
	case flows.InputChoice:
		return helpKeys{
			short: []key.Binding{k.Up, k.Down, k.Choose, k.Back, help},
			full:  [][]key.Binding{{k.Up, k.Down, k.Choose}, {k.Back, k.Quit, help}},
		}
	case flows.InputConfirm:
		return helpKeys{short: []key.Binding{k.Confirm, k.Back, k.Quit, help}}
	}
	return helpKeys{short: []key.Binding{k.Next, k.Back, k.Quit, help}}
}

func (s *loginScreen) view() string {
	t, st := s.c.t, s.c.st
	w := s.width
	e := s.flow.EID()
	title := st.Subtitle.Render(fmt.Sprintf(t.Login.Title, e.Name))

	switch s.flow.State() {
	case flows.Locked:
		why := st.Error.Render(wrap("✗ "+fmt.Sprintf(t.Login.LockedTitle, e.Name), w))
		body := wrap(fmt.Sprintf(t.Login.LockedBody, e.Name, t.EIDContact[e.Kind]), w)
		back := st.Strong.Render(wrap(t.Login.BackToChoose, w))
		return firstFitting(s.height, title+"\n\n"+why+"\n\n"+body+"\n\n"+back,
			why+"\n\n"+body+"\n\n"+back, why+"\n"+body+"\n"+back)
	case flows.Refused:
		return s.refusedView(title, w)
	}

	step := s.flow.Step()
	head := title
	if step.Part > 0 {
		if part := fmt.Sprintf(t.Login.StepOf, step.Part, step.Parts); lipgloss.Width(title)+lipgloss.Width(part)+2 <= w {
			head = title + strings.Repeat(" ", w-lipgloss.Width(title)-lipgloss.Width(part)) + st.Muted.Render(part)
		}
	}
	if step.Device == nil {
		form := s.formView(step, w, true)
		return firstFitting(s.height, head+"\n\n"+form, head+"\n"+form, s.formView(step, w, false))
	}
	// The device beside the form when there is room for both, else below
	// it (compact). In a short window the title, the hint and the spacing
	// give way; the question, the input and the device's code always stay.
	if w >= 72 {
		panelW := min(40, w/2)
		formW := w - panelW - 2
		panel := s.drawDevice(step.Device, e.Name, panelW)
		side := head + "\n\n" + besideTop(padRight(s.formView(step, formW, true), formW+2), formW+2, 0, panel, panelW)
		if lipgloss.Height(side) <= s.height {
			return side
		}
	}
	panel := s.c.devicePanel(step.Device, e.Name, w, true)
	return firstFitting(s.height,
		head+"\n\n"+s.formView(step, w, true)+"\n\n"+panel,
		head+"\n"+s.formView(step, w, false)+"\n"+panel,
		s.formView(step, w, false)+"\n"+panel)
}

// formView draws the current step's question and answer area.
func (s *loginScreen) formView(step flows.Step, w int, withHint bool) string {
	t, st := s.c.t, s.c.st
	e := s.flow.EID()
	label := t.FieldLabel[step.Field]
	if step.Field == flows.FieldPINLetter && step.Device != nil {
		label = fmt.Sprintf(label, step.Device.PINIndex)
	}
	hint := t.FieldHint[step.Field]
	switch step.Field {
	case flows.FieldPassword:
		hint = t.passwordHint(e.Kind)
	case flows.FieldNationalID:
		hint += " " + fmt.Sprintf(t.Login.Example, s.example)
	}
	if !withHint {
		hint = ""
	}
	// Passwords are never kept: coming back to one, the screen says so,
	// also where hints give way.
	if s.cameBack && (step.Field == flows.FieldPassword || step.Field == flows.FieldPersonalPassword) {
		hint = strings.TrimSpace(t.Login.RetypePassword + " " + hint)
	}
	digits := ""
	if step.MaxLen > 0 {
		digits = t.digits(step.MinLen, step.MaxLen)
		label += " (" + digits + ")"
	}

	errText, status := "", ""
	var wrong *flows.WrongCodeError
	switch {
	case errors.As(s.err, &wrong):
		errText = t.Login.WrongCode
		if step.Field == flows.FieldPIN {
			errText = t.Login.WrongPIN
		}
	case step.Field == flows.FieldMobile && errors.Is(s.err, model.ErrMobileForeign):
		// A login, not the contact register: nothing is registered here.
		errText = t.Login.MobileForeign
	case s.err != nil:
		errText = t.inputError(s.err, digits)
	}
	if step.TriesLeft > 0 && step.TriesLeft < flows.MaxTries {
		status = t.triesLeft(step.TriesLeft)
	}

	switch step.Input {
	case flows.InputChoice:
		var b strings.Builder
		b.WriteString(st.Strong.Render(wrap(label, w)) + "\n")
		if hint != "" {
			b.WriteString(st.Muted.Render(wrap(hint, w)) + "\n\n")
		}
		for i, m := range step.Options {
			name := fmt.Sprintf("%d  %s", i+1, t.MethodName[e.Kind][m])
			if i == s.choice {
				b.WriteString(st.Selected.Render("> "+name) + "\n")
			} else {
				b.WriteString("  " + name + "\n")
			}
		}
		if errText != "" {
			b.WriteString(st.Error.Render(wrap("✗ "+errText, w)))
		}
		return strings.TrimSuffix(b.String(), "\n")
	case flows.InputConfirm:
		out := st.Strong.Render(wrap(label, w)) + "\n"
		if step.Field == flows.FieldReferenceWords && step.Device != nil {
			// The words on the wizard's own screen, to compare with the phone's.
			out += st.Label.Render(t.Device.WordsLabel) + " " + st.DeviceCode.Render(strings.Join(step.Device.Words, " ")) + "\n"
		}
		if hint != "" {
			out += st.Muted.Render(wrap(hint, w)) + "\n\n"
		}
		out += st.Selected.Render("> [ Enter ]")
		if errText != "" {
			out += "\n" + st.Error.Render(wrap("✗ "+errText, w))
		}
		return out
	}
	return s.field.view(label, hint, errText, status, w)
}

// refusedView explains an age refusal and names the eIDs that remain.
func (s *loginScreen) refusedView(title string, w int) string {
	t, st := s.c.t, s.c.st
	var age *flows.AgeError
	if !errors.As(s.flow.Err(), &age) {
		return title
	}
	e := age.EID
	body := fmt.Sprintf(t.Login.RefusedBody, e.Name, t.EIDAge[e.Kind],
		age.BirthDate.Format(t.DateLayout), age.AllowedFrom.Format(t.DateLayout))
	var others []string
	for _, o := range model.EIDs() {
		if o.Kind != e.Kind && !s.locked[o.Kind] && o.AgeRule.Allows(age.BirthDate, s.now()) {
			others = append(others, o.Name)
		}
	}
	more := t.Login.RefusedNone
	if len(others) > 0 {
		more = fmt.Sprintf(t.Login.RefusedOthers, strings.Join(others, ", "))
	}
	why := st.Error.Render(wrap("✗ "+fmt.Sprintf(t.Login.RefusedTitle, e.Name), w))
	back := st.Strong.Render(wrap(t.Login.BackToChoose, w))
	return firstFitting(s.height,
		title+"\n\n"+why+"\n\n"+wrap(body, w)+"\n\n"+wrap(more, w)+"\n\n"+back,
		why+"\n\n"+wrap(body, w)+"\n\n"+wrap(more, w)+"\n\n"+back,
		why+"\n"+wrap(body+" "+more, w)+"\n"+back)
}
