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
	// scroll is how far the rows are scrolled, in a window too short for
	// them and the choices; scrolls reports that the last view did so.
	scroll  int
	scrolls bool
	// top is the drawn part above the actions, kept while what it shows
	// (topFor) is the same: moving the selection does not change it.
	top    summaryTop
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
	case s.scrolls && key.Matches(msg, k.PageUp):
		s.scroll = max(s.scroll-max(s.height/2, 1), 0)
	case s.scrolls && key.Matches(msg, k.PageDown):
		s.scroll += max(s.height/2, 1)
	}
	return outcomeNone, actionSave
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
	t, st := s.c.t, s.c.st
	var b strings.Builder
	for i, a := range []string{t.Summary.Save, t.Summary.EditLogin, t.Summary.EditContact} {
		line := fmt.Sprintf("%d  %s", i+1, a)
		if i == s.cursor {
			b.WriteString(st.Selected.Render("> "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
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
	key := summaryTopKey{lang: s.c.lang, width: s.width, data: *s.data}
	if s.top.full == "" || s.topFor != key {
		rows := s.rows(false)
		s.top = summaryTop{
			full:    s.renderTop(true, rows),
			titled:  s.renderTop(false, rows),
			compact: s.renderRows(s.rows(true)) + "\n",
		}
		s.topFor = key
	}
	return s.top
}

// rows are the summary's label and value pairs; compact marks a verified
// mobile number or address with ✓ instead of the time.
func (s *summaryScreen) rows(compact bool) [][2]string {
	t, st := s.c.t, s.c.st
	r := s.login
	var rows [][2]string
	rows = append(rows,
		[2]string{t.Summary.EID, r.EID.Name + " · " + t.LevelName[r.EID.Level]},
		[2]string{t.Summary.Method, t.MethodName[r.EID.Kind][r.Method]})
	if !r.NationalID.IsZero() {
		rows = append(rows, [2]string{t.Summary.NationalID, r.NationalID.Masked()})
	}
	if !compact || r.NationalID.IsZero() {
		// Compact, the birth date is in the masked national ID already.
		rows = append(rows, [2]string{t.Summary.BirthDate, r.BirthDate.Format(t.DateLayout)})
	}
	d := s.data
	contact := func(value, display string, at time.Time) string {
		if !d.wants || value == "" {
			return st.Muted.Render(t.Summary.NotRegistered)
		}
		if compact {
			return display + " ✓"
		}
		when := at.In(model.Oslo()).Format(t.DateTimeLayout)
		return display + " " + st.Muted.Render("("+fmt.Sprintf(t.Summary.VerifiedAt, when)+")")
	}
	return append(rows,
		[2]string{t.Summary.Mobile, contact(d.mobile, model.FormatMobile(d.mobile), d.mobileVerifiedAt)},
		[2]string{t.Summary.Email, contact(d.email, d.email, d.emailVerifiedAt)},
		[2]string{t.Summary.Language, t.LangName})
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
