package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// startScreen is step 1: what the wizard does and the steps ahead.
type startScreen struct {
	size
	c *context
}

func (s *startScreen) update(msg tea.KeyPressMsg) outcome {
	if key.Matches(msg, s.c.keys.Next) {
		return outcomeNext
	}
	return outcomeNone
}

func (s *startScreen) keys() helpKeys {
	k := s.c.keys
	return helpKeys{short: []key.Binding{k.Next, k.Quit, k.Help}}
}

func (s *startScreen) view() string {
	t, st := s.c.t, s.c.st
	w := s.width
	var b strings.Builder
	b.WriteString(wrap(t.Start.Intro, w) + "\n\n")
	note := st.Strong.Render(t.Start.NoteTitle+": ") + t.Start.Note
	b.WriteString(st.Note.Render(wrap(note, w-2)) + "\n\n")
	b.WriteString(st.Subtitle.Render(t.Start.StepsTitle) + "\n")
	for i, step := range t.Start.Steps {
		b.WriteString(wrap(fmt.Sprintf("  %d. %s", i+2, step), w) + "\n")
	}
	b.WriteString("\n" + st.Strong.Render(t.Start.Press))
	return b.String()
}
