package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// choiceList is the one numbered-choice list of the wizard: the eIDs, a
// login's methods and the summary's actions. ↑/↓ (k/j) move, a number
// chooses at once, Enter chooses the highlighted one. A disabled item (a
// locked eID) can be highlighted and chosen: the journey says why it cannot
// be taken.
type choiceList struct {
	c        *common
	values   []string
	labels   []string
	disabled []bool
	cursor   int
}

// newChoiceList makes a list of the journey's choice values with their
// labels, the one whose value is at highlighted.
func newChoiceList(c *common, values, labels []string, disabled []bool, highlighted string) choiceList {
	l := choiceList{c: c, values: values, labels: labels, disabled: disabled}
	for i, v := range values {
		if v == highlighted {
			l.cursor = i
		}
	}
	return l
}

// listEvent is what a key did to a list.
type listEvent int

const (
	listNone   listEvent = iota
	listMoved            // the highlight moved
	listChosen           // the highlighted item was chosen
)

// update handles a key: a move, a number, or Enter.
func (l *choiceList) update(msg tea.KeyPressMsg) listEvent {
	k := l.c.keys
	n := len(l.values)
	if n == 0 {
		return listNone
	}
	switch {
	case key.Matches(msg, k.Up):
		l.cursor = (l.cursor + n - 1) % n
		return listMoved
	case key.Matches(msg, k.Down):
		l.cursor = (l.cursor + 1) % n
		return listMoved
	case key.Matches(msg, k.Direct):
		if i := int(msg.Code - '1'); i >= 0 && i < n {
			l.cursor = i
			return listChosen
		}
	case key.Matches(msg, k.Choose):
		return listChosen
	}
	return listNone
}

// value is the highlighted item's journey value.
func (l *choiceList) value() string {
	if len(l.values) == 0 {
		return ""
	}
	return l.values[l.cursor]
}

// choiceRow is one drawn line of a list and its width, measured once.
type choiceRow struct {
	text  string
	width int
	style lipgloss.Style
}

// rows draws the list's lines: "> 1  MinID" for the highlighted one,
// "  2  BankID" for the others, a disabled one struck through when plain
// is false (the eID list's look; plain is the method and summary lists').
func (l *choiceList) rows(plain bool) []choiceRow {
	st := l.c.st
	out := make([]choiceRow, len(l.labels))
	for i, label := range l.labels {
		name := fmt.Sprintf("%d  %s", i+1, label)
		line, style := "  "+name, st.Unselected
		if !plain && l.disabled != nil && l.disabled[i] {
			style = st.Disabled
		}
		if i == l.cursor {
			line, style = "> "+name, st.Selected
		}
		out[i] = choiceRow{line, lipgloss.Width(line), style}
	}
	return out
}

// view draws the list, one item a line.
func (l *choiceList) view() string {
	var s string
	for i, r := range l.rows(true) {
		if i > 0 {
			s += "\n"
		}
		if i == l.cursor {
			s += r.style.Render(r.text)
		} else {
			s += r.text
		}
	}
	return s
}
