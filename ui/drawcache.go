package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// drawn keeps parts of the screen that depend only on the text catalogue,
// the window size and the step, never on anything a person typed: a key
// press redraws the whole screen, and measuring it (BenchmarkKeystroke*)
// showed these unchanged parts took most of the time, lipgloss measuring
// the width of every character again. One wizard has one, used only from
// its own Update and View; it is emptied when the language changes.
type drawn struct {
	parts map[partKey]string
	// huh is the contact forms' theme, built once: huh asks for it several
	// times for every frame.
	huh huh.Theme
}

// partKey names a drawn part and what it depends on besides the language
// (the theme of a wizard never changes).
type partKey struct {
	part part
	// n and w are a step or an eID's index, and a width.
	n, w int
	// s is anything else, such as the keys of a help bar.
	s string
}

// part is a kind of drawn part.
type part int

const (
	partHeader part = iota + 1
	partHelp
	partFacts
	partChooseHead
	partContactHead
	partContactReason
)

// maxParts bounds the parts kept; a window resized over and over empties
// the cache now and then rather than growing it.
const maxParts = 256

// get returns the part for k, drawing it with draw the first time.
func (d *drawn) get(k partKey, draw func() string) string {
	if v, ok := d.parts[k]; ok {
		return v
	}
	v := draw()
	if d.parts == nil || len(d.parts) >= maxParts {
		d.parts = make(map[partKey]string)
	}
	d.parts[k] = v
	return v
}

// forget drops every drawn part (after a change of language).
func (d *drawn) forget() { d.parts = nil }

// helpKeysID is what a help bar shows of its keys: each enabled key's name
// and description, in order, grouped as in the full help.
func helpKeysID(keys help.KeyMap, full bool) string {
	var b strings.Builder
	add := func(ks []key.Binding) {
		for _, k := range ks {
			if !k.Enabled() {
				b.WriteByte('-')
			}
			b.WriteString(k.Help().Key)
			b.WriteByte(0)
			b.WriteString(k.Help().Desc)
			b.WriteByte(0x1e)
		}
	}
	if !full {
		add(keys.ShortHelp())
		return b.String()
	}
	b.WriteByte('F')
	for _, g := range keys.FullHelp() {
		add(g)
		b.WriteByte(0x1d)
	}
	return b.String()
}

// huhTheme is the contact forms' theme (Styles.huhTheme), built once for
// light and once for dark backgrounds. huh only reads the styles it gets.
func (c *common) huhTheme() huh.Theme {
	if c.drawn.huh == nil {
		var styles [2]*huh.Styles
		base := c.st.huhTheme()
		c.drawn.huh = huh.ThemeFunc(func(isDark bool) *huh.Styles {
			i := 0
			if isDark {
				i = 1
			}
			if styles[i] == nil {
				styles[i] = base.Theme(isDark)
			}
			return styles[i]
		})
	}
	return c.drawn.huh
}

// besideTop is lipgloss.JoinHorizontal(lipgloss.Top, left, right) with gap
// spaces between, for blocks whose every line is exactly leftW and rightW
// cells wide (what a style with a width, or a box, draws). JoinHorizontal
// measures every line of both again, which was most of the cost of a key
// press on the eID list.
func besideTop(left string, leftW, gap int, right string, rightW int) string {
	l := strings.Split(left, "\n")
	r := strings.Split(right, "\n")
	n := max(len(l), len(r))
	var b strings.Builder
	b.Grow(len(left) + len(right) + n*(max(leftW, rightW)+gap+1))
	for i := range n {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(l) {
			b.WriteString(l[i])
		} else {
			b.WriteString(strings.Repeat(" ", leftW))
		}
		b.WriteString(strings.Repeat(" ", gap))
		if i < len(r) {
			b.WriteString(r[i])
		} else {
			b.WriteString(strings.Repeat(" ", rightW))
		}
	}
	return b.String()
}

// padRight is lipgloss.NewStyle().Width(w).Render(s): every line padded
// with spaces to w cells. When no line is wider than w there is nothing to
// wrap, and each line is measured once instead of three times.
func padRight(s string, w int) string {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	b.Grow(len(s) + len(lines)*w)
	for i, line := range lines {
		lw := lipgloss.Width(line)
		if lw > w {
			return lipgloss.NewStyle().Width(w).Render(s)
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
		b.WriteString(strings.Repeat(" ", w-lw))
	}
	return b.String()
}
