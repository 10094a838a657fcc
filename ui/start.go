package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
)

// startScreen is step 1: what the wizard does and the steps ahead.
type startScreen struct {
	size
	c *common
}

func (s *startScreen) show(flows.Step, flows.Registration) tea.Cmd { return nil }

func (s *startScreen) update(msg tea.Msg) (tea.Cmd, event) {
	if kp, ok := msg.(tea.KeyPressMsg); ok && key.Matches(kp, s.c.keys.Next) {
		return nil, answered{}
	}
	return nil, nil
}

func (s *startScreen) keys() helpKeys {
	k := s.c.keys
	return helpKeys{short: []key.Binding{k.Next, k.Quit, k.Help}}
}

func (s *startScreen) view() string {
	// The start screen is the same for everyone in a language, theme and
	// size: an SSH server starting many wizards draws it once.
	key := startKey{s.c.lang, s.c.theme, s.width, s.height}
	return startViews.get(key, s.render)
}

// startKey is what the start screen's drawing depends on.
type startKey struct {
	lang          Lang
	theme         Theme
	width, height int
}

// startViews holds drawn start screens.
var startViews = newViewCache[startKey](64)

func (s *startScreen) render() string {
	t, st := s.c.t, s.c.st
	w := s.width
	intro := wrap(t.Start.Intro, w)
	note := st.Note.Render(wrap(st.Strong.Render(t.Start.NoteTitle+": ")+t.Start.Note, w-2))
	var steps strings.Builder
	steps.WriteString(st.Subtitle.Render(t.Start.StepsTitle))
	for _, step := range t.Start.Steps {
		steps.WriteString("\n" + wrap("  • "+step, w))
	}
	press := st.Strong.Render(t.Start.Press)
	// In a short window the steps, then the introduction, give way; the
	// note on what this site is for always stays.
	return firstFitting(s.height,
		intro+"\n\n"+note+"\n\n"+steps.String()+"\n\n"+press,
		intro+"\n\n"+note+"\n\n"+press,
		note+"\n\n"+press)
}
