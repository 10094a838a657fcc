package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// summaryScreen is step 5: everything entered, as the journey's rows, with
// a way to change any part before saving.
type summaryScreen struct {
	size
	c    *common
	rows []flows.Row
	list choiceList
	// scroll is how far the rows are scrolled, in a window too short for
	// them and the choices; scrolls reports that the last view did so.
	scroll  int
	scrolls bool
	// top is the drawn part above the actions, kept while what it shows
	// (topFor) is the same: moving the selection does not change it.
	top    summaryTop
	topFor summaryTopKey
}

// summaryTopKey is what the summary's top part depends on.
type summaryTopKey struct {
	lang  Lang
	width int
	rows  string
}

// show takes the rows and the actions.
func (s *summaryScreen) show(st flows.Step, reg flows.Registration) tea.Cmd {
	s.rows = reg.Summary()
	values := make([]string, len(st.Choices))
	for i, ch := range st.Choices {
		values[i] = ch.Value
	}
	s.list = newChoiceList(s.c, values, s.actionLabels(values), nil, st.Value)
	return nil
}

// actionLabels names the summary's actions in the current language.
func (s *summaryScreen) actionLabels(values []string) []string {
	t := s.c.t
	names := map[string]string{flows.AnswerSave: t.Summary.Save, flows.AnswerEditLogin: t.Summary.EditLogin,
		flows.AnswerEditContact: t.Summary.EditContact}
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = names[v]
	}
	return labels
}

func (s *summaryScreen) relang() tea.Cmd {
	s.list.labels = s.actionLabels(s.list.values)
	return nil
}

func (s *summaryScreen) update(msg tea.Msg) (tea.Cmd, event) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	k := s.c.keys
	switch {
	case key.Matches(kp, k.Back):
		return nil, wentBack{}
	case s.scrolls && key.Matches(kp, k.PageUp):
		s.scroll = max(s.scroll-max(s.height/2, 1), 0)
		return nil, nil
	case s.scrolls && key.Matches(kp, k.PageDown):
		s.scroll += max(s.height/2, 1)
		return nil, nil
	}
	switch s.list.update(kp) {
	case listMoved:
		return nil, highlighted{s.list.value()}
	case listChosen:
		return nil, answered{s.list.value()}
	}
	return nil, nil
}

func (s *summaryScreen) keys() helpKeys {
	k := s.c.keys
	if s.scrolls {
		return helpKeys{
			short: []key.Binding{k.Up, k.Down, k.Choose, k.PageDown, k.Back, k.Help},
			full:  [][]key.Binding{{k.Up, k.Down, k.Choose}, {k.PageUp, k.PageDown}, {k.Back, k.Quit, k.Help}},
		}
	}
	return helpKeys{
		short: []key.Binding{k.Up, k.Down, k.Choose, k.Back, k.Quit, k.Help},
		full:  [][]key.Binding{{k.Up, k.Down, k.Choose}, {k.Back, k.Quit, k.Help}},
	}
}

func (s *summaryScreen) view() string {
	var b strings.Builder
	b.WriteString(s.list.view())
	choices := strings.TrimSuffix(b.String(), "\n")
	// What was entered must be read and the three choices made: in a short
	// window the title, the introduction and the verification times give
	// way, never a row or a choice.
	top := s.drawTop()
	s.scrolls = false
	rows := strings.TrimSuffix(top.compact, "\n")
	if v := firstFitting(s.height, top.full+"\n"+choices, top.titled+"\n"+choices,
		top.compact+"\n"+choices, rows+"\n"+choices); lipgloss.Height(v) <= s.height {
		return v
	}
	// Still too tall: the rows scroll (PgUp, PgDn) above the choices, with
	// a marker where some are hidden.
	s.scrolls = true
	var shown string
	shown, s.scroll = s.c.scrolled(strings.Split(rows, "\n"), s.height-lipgloss.Height(choices), s.scroll)
	return shown + "\n" + choices
}

// summaryTop is the part above the choices, drawn in three sizes.
type summaryTop struct {
	// full has the title, the introduction and the rows; titled drops the
	// introduction; compact is the rows alone, with ✓ for the times.
	full, titled, compact string
}

// drawTop returns the part above the choices, drawing it only when what it
// shows changed.
func (s *summaryScreen) drawTop() summaryTop {
	key := summaryTopKey{lang: s.c.lang, width: s.width, rows: fmt.Sprint(s.rows)}
	if s.top.full == "" || s.topFor != key {
		rows := s.labelled(false)
		s.top = summaryTop{
			full:    s.renderTop(true, rows),
			titled:  s.renderTop(false, rows),
			compact: s.renderRows(s.labelled(true)) + "\n",
		}
		s.topFor = key
	}
	return s.top
}

// labelled are the journey's rows as label and value, in the current
// language; compact marks a confirmed mobile number or address with ✓
// instead of the time, and leaves out the birth date the masked national
// ID shows already.
func (s *summaryScreen) labelled(compact bool) [][2]string {
	t, st := s.c.t, s.c.st
	hasNID := false
	for _, r := range s.rows {
		hasNID = hasNID || r.Kind == flows.RowNationalID
	}
	contact := func(r flows.Row, display string) string {
		if r.Value == "" {
			return st.Muted.Render(t.Summary.NotRegistered)
		}
		if compact {
			return display + " ✓"
		}
		when := r.VerifiedAt.In(model.Oslo()).Format(t.DateTimeLayout)
		return display + " " + st.Muted.Render("("+fmt.Sprintf(t.Summary.VerifiedAt, when)+")")
	}
	var out [][2]string
	for _, r := range s.rows {
		switch r.Kind {
		case flows.RowEID:
			e, _ := model.LookupEID(r.EID)
			out = append(out, [2]string{t.Summary.EID, e.Name + " · " + t.LevelName[e.Level]})
		case flows.RowMethod:
			out = append(out, [2]string{t.Summary.Method, t.MethodName[r.EID][r.Method]})
		case flows.RowNationalID:
			out = append(out, [2]string{t.Summary.NationalID, r.Value})
		case flows.RowBirthDate:
			if !compact || !hasNID {
				out = append(out, [2]string{t.Summary.BirthDate, dateOrMask(r.Date, t.DateLayout)})
			}
		case flows.RowMobile:
			out = append(out, [2]string{t.Summary.Mobile, contact(r, model.FormatMobile(r.Value))})
		case flows.RowEmail:
			out = append(out, [2]string{t.Summary.Email, contact(r, r.Value)})
		}
	}
	return append(out, [2]string{t.Summary.Language, t.LangName})
}

// renderTop draws the title, the introduction (when intro) and the rows.
func (s *summaryScreen) renderTop(intro bool, rows [][2]string) string {
	t, st := s.c.t, s.c.st
	head := st.Subtitle.Render(t.Summary.Title) + "\n"
	if intro {
		head += st.Muted.Render(wrap(t.Summary.Intro, s.width)) + "\n"
	}
	return head + "\n" + s.renderRows(rows) + "\n"
}

// renderRows draws the rows as two columns, or label above value when the
// window is too narrow for both.
func (s *summaryScreen) renderRows(rows [][2]string) string {
	st := s.c.st
	w := s.width
	labelW := 0
	for _, row := range rows {
		labelW = max(labelW, lipgloss.Width(row[0]))
	}
	var b strings.Builder
	valueW := w - labelW - 4
	for _, row := range rows {
		if valueW < 20 {
			b.WriteString(st.Label.Render(row[0]) + "\n  " + wrap(row[1], w-2) + "\n")
			continue
		}
		label := st.Label.Render(row[0] + strings.Repeat(" ", labelW-lipgloss.Width(row[0])))
		b.WriteString("  " + label + "  " + indentRest(wrap(row[1], valueW), labelW+4) + "\n")
	}
	return b.String()
}

// indentRest indents every line but the first by n spaces.
func indentRest(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}
