package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// field is a labelled text input with its hint, error and status lines,
// used by the login and verification screens. The error sits right under
// the input, where the mistake was made.
type field struct {
	c     *common
	input textinput.Model
	// head is the label and hint as drawn last, for headFor: they stay
	// the same while a person types.
	head    string
	headFor fieldHeadKey
}

// fieldHeadKey is what a field's label and hint depend on.
type fieldHeadKey struct {
	label, hint string
	width       int
}

func newField(c *common, secret bool, limit int) field {
	in := textinput.New()
	in.Prompt = "> "
	in.CharLimit = limit
	if secret {
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
	}
	st := in.Styles()
	st.Focused.Prompt = c.st.Selected
	st.Focused.Placeholder, st.Blurred.Placeholder = c.st.Muted, c.st.Muted
	st.Cursor.Color = c.st.accent
	in.SetStyles(st)
	in.Focus()
	return field{c: c, input: in}
}

func (f *field) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	return cmd
}

// value is what was typed.
func (f *field) value() string { return f.input.Value() }

// setValue replaces what was typed, cursor at the end.
func (f *field) setValue(s string) {
	f.input.SetValue(s)
	f.input.CursorEnd()
}

// view draws label, hint, the input, then an error (marked ✗) and a status
// line, all within width w.
func (f *field) view(label, hint, errText, status string, w int) string {
	st := f.c.st
	f.input.SetWidth(max(w-4, 8))
	var b strings.Builder
	b.WriteString(f.drawHead(label, hint, w))
	b.WriteString(st.InputBoxFocused.Width(w).Render(f.input.View()) + "\n")
	if errText != "" {
		b.WriteString(st.Error.Render(wrap("✗ "+errText, w)) + "\n")
	}
	if status != "" {
		b.WriteString(st.Warning.Render(wrap(status, w)) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// drawHead draws the label and the hint, each line ended, again only when
// they (or the width) changed.
func (f *field) drawHead(label, hint string, w int) string {
	key := fieldHeadKey{label, hint, w}
	if f.head != "" && f.headFor == key {
		return f.head
	}
	st := f.c.st
	head := st.Strong.Render(wrap(label, w)) + "\n"
	if hint != "" {
		head += st.Muted.Render(wrap(hint, w)) + "\n"
	}
	f.head, f.headFor = head, key
	return head
}
