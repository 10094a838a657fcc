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

// summaryAction is what the summary's list offers.
type summaryAction int

const (
	actionSave summaryAction = iota
	actionEditLogin
	actionEditContact
)

// summaryScreen is step 5: everything entered, with a way to change any
// part before saving.
type summaryScreen struct {
	size
	c      *context
	login  flows.Result
	data   *contactData
	cursor int
	// top is the drawn part above the actions, kept while what it shows
	// (topFor) is the same: moving the selection does not change it.
	top    string
	topFor summaryTopKey
}

// summaryTopKey is what the summary's top part depends on besides the
// login, which a summary screen keeps from its start.
type summaryTopKey struct {
	lang  Lang
	width int
	data  contactData
}

func (s *summaryScreen) update(msg tea.KeyPressMsg) (outcome, summaryAction) {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Up):
		s.cursor = (s.cursor + 2) % 3
	case key.Matches(msg, k.Down):
		s.cursor = (s.cursor + 1) % 3
	case msg.Text >= "1" && msg.Text <= "3" && len(msg.Text) == 1:
		s.cursor = int(msg.Text[0] - '1')
		return outcomeNext, summaryAction(s.cursor)
	case key.Matches(msg, k.Choose):
		return outcomeNext, summaryAction(s.cursor)
	}
	return outcomeNone, actionSave
}

func (s *summaryScreen) keys() helpKeys {
	k := s.c.keys
	return helpKeys{
		short: []key.Binding{k.Up, k.Down, k.Choose, k.Back, k.Quit, k.Help},
		full:  [][]key.Binding{{k.Up, k.Down, k.Choose}, {k.Back, k.Quit, k.Help}},
	}
}

func (s *summaryScreen) view() string {
	t, st := s.c.t, s.c.st
	var b strings.Builder
	b.WriteString(s.drawTop())
	for i, a := range []string{t.Summary.Save, t.Summary.EditLogin, t.Summary.EditContact} {
		line := fmt.Sprintf("%d  %s", i+1, a)
		if i == s.cursor {
			b.WriteString(st.Selected.Render("> "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// drawTop returns the title, the introduction and the rows of what was
// entered, drawing them only when they changed.
func (s *summaryScreen) drawTop() string {
	key := summaryTopKey{lang: s.c.lang, width: s.width, data: *s.data}
	if s.top == "" || s.topFor != key {
		s.top, s.topFor = s.renderTop(), key
	}
	return s.top
}

func (s *summaryScreen) renderTop() string {
	t, st := s.c.t, s.c.st
	w := s.width
	r := s.login
	var rows [][2]string
	rows = append(rows,
		[2]string{t.Summary.EID, r.EID.Name + " · " + t.LevelName[r.EID.Level]},
		[2]string{t.Summary.Method, t.MethodName[r.EID.Kind][r.Method]})
	if !r.NationalID.IsZero() {
		rows = append(rows, [2]string{t.Summary.NationalID, r.NationalID.Masked()})
	}
	rows = append(rows, [2]string{t.Summary.BirthDate, r.BirthDate.Format(t.DateLayout)})
	d := s.data
	contact := func(value, display string, at string) string {
		if !d.wants || value == "" {
			return st.Muted.Render(t.Summary.NotRegistered)
		}
		return display + " " + st.Muted.Render("("+fmt.Sprintf(t.Summary.VerifiedAt, at)+")")
	}
	rows = append(rows,
		[2]string{t.Summary.Mobile, contact(d.mobile, model.FormatMobile(d.mobile), d.mobileVerifiedAt.In(model.Oslo()).Format(t.DateTimeLayout))},
		[2]string{t.Summary.Email, contact(d.email, d.email, d.emailVerifiedAt.In(model.Oslo()).Format(t.DateTimeLayout))},
		[2]string{t.Summary.Language, t.LangName})

	labelW := 0
	for _, row := range rows {
		labelW = max(labelW, lipgloss.Width(row[0]))
	}
	var b strings.Builder
	b.WriteString(st.Subtitle.Render(t.Summary.Title) + "\n" + st.Muted.Render(wrap(t.Summary.Intro, w)) + "\n\n")
	valueW := w - labelW - 4
	for _, row := range rows {
		if valueW < 20 {
			b.WriteString(st.Label.Render(row[0]) + "\n  " + wrap(row[1], w-2) + "\n")
			continue
		}
		label := st.Label.Render(row[0] + strings.Repeat(" ", labelW-lipgloss.Width(row[0])))
		b.WriteString("  " + label + "  " + indentRest(wrap(row[1], valueW), labelW+4) + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

// indentRest indents every line but the first by n spaces.
func indentRest(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}
