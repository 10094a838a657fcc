package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// loginScreen is step 3: one step of an eID's simulated login (or its
// lock-out or age refusal), with the simulated device beside it. A new
// step gets a new screen.
type loginScreen struct {
	size
	c       *common
	step    flows.Step
	reg     flows.Registration
	eid     model.EID
	field   field
	list    choiceList
	started bool
	example string
	now     func() time.Time
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

func newLoginScreen(c *common, example string, now func() time.Time) *loginScreen {
	return &loginScreen{c: c, example: example, now: now}
}

// show takes the step; the first time, it prepares the input (with the
// value kept from before), and a wrong code empties it.
func (s *loginScreen) show(st flows.Step, reg flows.Registration) tea.Cmd {
	s.step, s.reg = st, reg
	s.eid, _ = model.LookupEID(reg.EID)
	if !s.started {
		s.started = true
		limit := 64
		if st.MaxLen > 0 {
			limit = st.MaxLen + 4 // room for spaces
		}
		if st.Field == flows.FieldNationalID {
			limit = 16
		}
		s.field = newField(s.c, st.Input == flows.InputSecret, limit)
		s.field.setValue(st.Value)
		if st.Input == flows.InputChoice {
			values := make([]string, len(st.Choices))
			labels := make([]string, len(st.Choices))
			for i, ch := range st.Choices {
				values[i], labels[i] = ch.Value, s.c.t.MethodName[s.eid.Kind][model.Method(ch.Value)]
			}
			s.list = newChoiceList(s.c, values, labels, nil, st.Value)
		}
	}
	if p := reg.Problem; p != nil && p.Code == flows.ProblemWrongCode {
		s.field.setValue("")
	}
	return nil
}

// relang draws the method names in the new language.
func (s *loginScreen) relang() tea.Cmd {
	for i, v := range s.list.values {
		s.list.labels[i] = s.c.t.MethodName[s.eid.Kind][model.Method(v)]
	}
	return nil
}

func (s *loginScreen) update(msg tea.Msg) (tea.Cmd, event) {
	k := s.c.keys
	kp, isKey := msg.(tea.KeyPressMsg)
	if isKey && key.Matches(kp, k.Back) {
		return nil, wentBack{}
	}
	switch {
	case s.step.Stage != flows.StageLogin:
		// Locked or refused: Enter goes back to the eID list, as Esc does.
		if isKey && key.Matches(kp, k.Next) {
			return nil, answered{}
		}
		return nil, nil
	case s.step.Input == flows.InputChoice:
		if !isKey {
			return nil, nil
		}
		switch s.list.update(kp) {
		case listMoved:
			return nil, highlighted{s.list.value()}
		case listChosen:
			return nil, answered{s.list.value()}
		}
		return nil, nil
	case s.step.Input == flows.InputConfirm:
		if isKey && key.Matches(kp, k.Next) {
			return nil, answered{}
		}
		return nil, nil
	}
	if isKey && key.Matches(kp, k.Next) {
		return nil, answered{s.field.value()}
	}
	before := s.field.value()
	cmd := s.field.update(msg)
	if v := s.field.value(); v != before {
		return cmd, typed{v}
	}
	return cmd, nil
}

func (s *loginScreen) keys() helpKeys {
	k := s.c.keys
	if s.step.Stage != flows.StageLogin {
		return helpKeys{short: []key.Binding{k.Back, k.Quit}}
	}
	help := k.Help
	if s.step.Field == flows.FieldPassword || s.step.Field == flows.FieldPersonalPassword {
		help = k.HelpF1
	}
	switch s.step.Input {
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
	e := s.eid
	title := st.Subtitle.Render(fmt.Sprintf(t.Login.Title, e.Name))

	switch s.step.Stage {
	case flows.StageLoginLocked:
		why := st.Error.Render(wrap("✗ "+fmt.Sprintf(t.Login.LockedTitle, e.Name), w))
		body := wrap(fmt.Sprintf(t.Login.LockedBody, e.Name, t.EIDContact[e.Kind]), w)
		back := st.Strong.Render(wrap(t.Login.BackToChoose, w))
		return firstFitting(s.height, title+"\n\n"+why+"\n\n"+body+"\n\n"+back,
			why+"\n\n"+body+"\n\n"+back, why+"\n"+body+"\n"+back)
	case flows.StageLoginRefused:
		return s.refusedView(title, w)
	}

	step := s.step
	head := title
	if step.Part > 0 {
		if part := fmt.Sprintf(t.Login.StepOf, step.Part, step.Parts); lipgloss.Width(title)+lipgloss.Width(part)+2 <= w {
			head = title + strings.Repeat(" ", w-lipgloss.Width(title)-lipgloss.Width(part)) + st.Muted.Render(part)
		}
	}
	if step.Device == nil {
		form := s.formView(w, true)
		return firstFitting(s.height, head+"\n\n"+form, head+"\n"+form, s.formView(w, false))
	}
	// The device beside the form when there is room for both, else below
	// it (compact). In a short window the title, the hint and the spacing
	// give way; the question, the input and the device's code always stay.
	if w >= 72 {
		panelW := min(40, w/2)
		formW := w - panelW - 2
		panel := s.drawDevice(step.Device, e.Name, panelW)
		side := head + "\n\n" + besideTop(padRight(s.formView(formW, true), formW+2), formW+2, 0, panel, panelW)
		if lipgloss.Height(side) <= s.height {
			return side
		}
	}
	panel := s.c.devicePanel(step.Device, e.Name, w, true)
	return firstFitting(s.height,
		head+"\n\n"+s.formView(w, true)+"\n\n"+panel,
		head+"\n"+s.formView(w, false)+"\n"+panel,
		s.formView(w, false)+"\n"+panel)
}

// formView draws the current step's question and answer area.
func (s *loginScreen) formView(w int, withHint bool) string {
	t, st := s.c.t, s.c.st
	step, e := s.step, s.eid
	label := t.FieldLabel[step.Field]
	if step.Field == flows.FieldPINLetter && step.Device != nil {
		label = fmt.Sprintf(label, step.Device.PINIndex)
	}
	hint := t.FieldHint[step.Field]
	switch step.Field {
	case flows.FieldPassword:
		hint = t.passwordHint(e)
	case flows.FieldNationalID:
		hint += " " + fmt.Sprintf(t.Login.Example, s.example)
	}
	if !withHint {
		hint = ""
	}
	// Passwords are never kept: coming back to one, the screen says so,
	// also where hints give way.
	if s.reg.Reopened && (step.Field == flows.FieldPassword || step.Field == flows.FieldPersonalPassword) {
		hint = strings.TrimSpace(t.Login.RetypePassword + " " + hint)
	}
	if step.MaxLen > 0 {
		label += " (" + t.digits(step.MinLen, step.MaxLen) + ")"
	}
	errText, status := "", ""
	if p := s.reg.Problem; p != nil {
		errText = t.problem(p, step)
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
		b.WriteString(s.list.view())
		if errText != "" {
			b.WriteString("\n" + st.Error.Render(wrap("✗ "+errText, w)))
		}
		return b.String()
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
	l := s.reg.Login
	if l == nil {
		return title
	}
	e := s.eid
	body := fmt.Sprintf(t.Login.RefusedBody, e.Name, t.EIDAge[e.Kind],
		dateOrMask(l.BirthDate, t.DateLayout), dateOrMask(l.AllowedFrom, t.DateLayout))
	var others []string
	for _, o := range s.reg.OpenEIDs(s.now()) {
		others = append(others, o.Name)
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

// mirror shows what the caller has typed (masked), in a helper's view.
func (s *loginScreen) mirror(reg flows.Registration) tea.Cmd {
	if s.step.Input == flows.InputText || s.step.Input == flows.InputSecret {
		s.field.setValue(reg.Draft)
	}
	return nil
}
