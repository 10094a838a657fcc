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

// chooseScreen is step 2: the five eIDs with the highlighted one's facts.
type chooseScreen struct {
	size
	c    *common
	eids []model.EID
	list choiceList
	// notice names an eID that cannot be chosen, shown under the list
	// (formatted when drawn, so it follows a change of language).
	notice *model.EID
}

// show takes the eIDs, which of them are locked, the highlight and the
// problem of the last choice.
func (s *chooseScreen) show(st flows.Step, reg flows.Registration) tea.Cmd {
	s.eids = model.EIDs()
	values := make([]string, len(st.Choices))
	disabled := make([]bool, len(st.Choices))
	for i, ch := range st.Choices {
		values[i], disabled[i] = ch.Value, ch.Disabled
	}
	s.list = newChoiceList(s.c, values, nil, disabled, st.Value)
	s.notice = nil
	if p := reg.Problem; p != nil && p.Code == flows.ProblemEIDLocked {
		e, _ := model.LookupEID(p.EID)
		s.notice = &e
	}
	return nil
}

// selected returns the highlighted eID.
func (s *chooseScreen) selected() model.EID { return s.eids[s.list.cursor] }

func (s *chooseScreen) update(msg tea.Msg) (tea.Cmd, event) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	if key.Matches(kp, s.c.keys.Back) {
		return nil, wentBack{}
	}
	switch s.list.update(kp) {
	case listMoved:
		s.notice = nil
		return nil, highlighted{s.list.value()}
	case listChosen:
		return nil, answered{s.list.value()}
	}
	return nil, nil
}

func (s *chooseScreen) keys() helpKeys {
	k := s.c.keys
	// The number keys' help names the list's range: 1–5 for the five eIDs.
	direct := k.Direct
	direct.SetHelp(fmt.Sprintf("1–%d", len(s.list.values)), direct.Help().Desc)
	return helpKeys{
		short: []key.Binding{k.Up, k.Down, k.Choose, direct, k.Back, k.Help},
		full:  [][]key.Binding{{k.Up, k.Down, k.Choose, direct}, {k.Back, k.Quit, k.Help}},
	}
}

func (s *chooseScreen) view() string {
	t, st := s.c.t, s.c.st
	w := s.width

	// The list's lines, measured once: beside the facts they are padded to
	// the list's width here rather than measured again by a style.
	type row struct {
		text  string
		width int
		style lipgloss.Style
	}
	rows := make([]row, len(s.eids))
	listW := 0
	for i, e := range s.eids {
		name := fmt.Sprintf("%d  %s", i+1, e.Name)
		if e.Historical {
			name += " (" + t.Choose.Historical + ")"
		}
		locked := s.list.disabled[i]
		if locked {
			name += " [" + t.Choose.LockedMark + "]"
		}
		line := "  " + name
		style := st.Unselected
		if locked {
			style = st.Disabled
		}
		if i == s.list.cursor {
			line = "> " + name
			style = st.Selected
		}
		rows[i] = row{line, lipgloss.Width(line), style}
		listW = max(listW, rows[i].width)
	}
	hint := fmt.Sprintf(t.Choose.Hint, len(s.eids))
	head := st.Subtitle.Render(t.Choose.Title) + "\n" + st.Muted.Render(hint) + "\n"
	listW = max(listW, lipgloss.Width(t.Choose.Title), min(lipgloss.Width(hint), 36))

	notice := ""
	if s.notice != nil {
		notice = "\n\n" + st.Error.Render("✗ ") + wrap(fmt.Sprintf(t.Choose.LockedNote, s.notice.Name), w-2)
	}
	// Facts beside the list when there is room, below it otherwise. The
	// list and a lock notice always show; the facts shorten in a short
	// window.
	if w-listW-3 >= 36 {
		blockW := listW + 2
		var left strings.Builder
		left.WriteString(s.c.drawn.get(partKey{part: partChooseHead, w: blockW}, func() string {
			return lipgloss.NewStyle().Width(blockW).Render(head)
		}))
		for _, r := range rows {
			left.WriteString("\n" + r.style.Render(r.text) + strings.Repeat(" ", blockW-r.width))
		}
		factsW := w - listW - 3 - 4
		panel := s.c.drawn.get(partKey{part: partFacts, n: s.list.cursor, w: factsW}, func() string {
			return st.Panel.Render(s.facts(factsW))
		})
		if out := besideTop(left.String(), blockW, 1, panel, factsW+st.Panel.GetHorizontalFrameSize()) + notice; lipgloss.Height(out) <= s.height {
			return out
		}
	}
	var list strings.Builder
	for i, r := range rows {
		if i > 0 {
			list.WriteString("\n")
		}
		list.WriteString(r.style.Render(r.text))
	}
	return firstFitting(s.height,
		head+"\n"+list.String()+notice+"\n\n"+s.factsCompact(w),
		head+"\n"+list.String()+notice+"\n\n"+s.factsShort(w),
		list.String()+notice+"\n\n"+s.factsShort(w),
		list.String()+notice+"\n"+s.factsShort(w),
		list.String()+notice)
}

// factsShort is the barest form of the facts: the name and level, and the
// age rule.
func (s *chooseScreen) factsShort(w int) string {
	t, st := s.c.t, s.c.st
	e := s.selected()
	return wrap(st.Strong.Render(e.Name)+" · "+t.LevelName[e.Level]+"\n"+
		st.Label.Render(t.Choose.Age+": ")+t.EIDAge[e.Kind], w)
}

// facts lists the highlighted eID's facts, to fit in width w.
func (s *chooseScreen) facts(w int) string {
	t, st := s.c.t, s.c.st
	e := s.selected()
	var b strings.Builder
	b.WriteString(st.PanelTitle.Render(e.Name))
	row := func(label, value string) {
		if value == "" {
			return
		}
		b.WriteString("\n" + wrap(st.Strong.Render(label+":")+" "+value, w))
	}
	row(t.Choose.Issuer, t.EIDIssuer[e.Kind])
	row(t.Choose.Level, nbsp(t.LevelName[e.Level]))
	row(t.Choose.Age, t.EIDAge[e.Kind])
	row(t.Choose.Needs, t.EIDNeeds[e.Kind])
	row(t.Choose.Notes, t.EIDNotes[e.Kind])
	return lipgloss.NewStyle().Width(w).Render(b.String())
}

// factsCompact is the narrow form: label and value on one line each.
func (s *chooseScreen) factsCompact(w int) string {
	t, st := s.c.t, s.c.st
	e := s.selected()
	lines := []string{
		st.Strong.Render(e.Name),
		st.Label.Render(t.Choose.Level+": ") + t.LevelName[e.Level],
		st.Label.Render(t.Choose.Issuer+": ") + t.EIDIssuer[e.Kind],
		st.Label.Render(t.Choose.Age+": ") + t.EIDAge[e.Kind],
		st.Label.Render(t.Choose.Needs+": ") + t.EIDNeeds[e.Kind],
		st.Label.Render(t.Choose.Notes+": ") + t.EIDNotes[e.Kind],
	}
	return wrap(strings.Join(lines, "\n"), w)
}
