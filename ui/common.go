package ui

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// common is what every screen shares: size, language, styles and keys.
type common struct {
	width, height int
	lang          Lang
	t             *Text
	st            *Styles
	keys          KeyMap
	kiosk         bool
	theme         Theme
	// drawn keeps unchanged parts of the screen between frames.
	drawn drawn
	// cut is set when a frame had to cut the body (see frameBar); the
	// guide panel gives way when it would make the wizard cut.
	cut bool
}

func newCommon(l Lang, theme Theme, kiosk bool) *common {
	c := &common{width: 80, height: 24, st: StylesFor(theme), kiosk: kiosk, theme: theme}
	c.setLang(l)
	return c
}

func (c *common) setLang(l Lang) {
	c.lang = l
	c.t = TextFor(l)
	c.keys = newKeyMap(c.t, c.kiosk)
	c.drawn.forget()
}

// size is a screen's body area, set by the root model through setSize.
type size struct{ width, height int }

// setSize records the body area the screen may draw in.
func (s *size) setSize(w, h int) { s.width, s.height = w, h }

// getSize returns the body area set last.
func (s *size) getSize() (int, int) { return s.width, s.height }

// bodySize is the area between header and help bar: the width less a
// margin (capped for readable lines), the height less header and help.
func (c *common) bodySize(helpLines int) (int, int) {
	return c.contentWidth(), max(c.height-3-1-helpLines, 1)
}

// contentWidth is the width of the body text: the whole width less a
// margin, capped so lines stay readable on wide terminals.
func (c *common) contentWidth() int {
	return min(c.width-2, 100)
}

// wrap wraps s to width w.
func wrap(s string, w int) string {
	if w <= 0 {
		return s
	}
	return lipgloss.NewStyle().Width(w).Render(s)
}

// header draws the title line and the step indicator. step is 1–5, or 6
// for the receipt.
func (c *common) header(step int) string {
	return c.drawn.get(partKey{part: partHeader, n: step, w: c.width}, func() string { return c.drawHeader(step) })
}

func (c *common) drawHeader(step int) string {
	t, st := c.t, c.st
	w := c.width
	tag := st.SimTag.Render(t.Simulation)
	title := st.Title.Render(t.AppTitle)
	line1 := title
	if lipgloss.Width(title)+lipgloss.Width(tag)+2 <= w {
		gap := w - lipgloss.Width(title) - lipgloss.Width(tag)
		line1 = title + strings.Repeat(" ", gap) + tag
	} else if lipgloss.Width(title) > w {
		line1 = st.Title.Render(truncate(t.AppTitle, w))
	}

	if step <= 0 { // no step of the journey: the help desk's code prompt
		return line1 + "\n" + st.Subtitle.Render(truncate(t.Watch.Title, w)) + "\n" + st.Muted.Render(strings.Repeat("─", w))
	}
	name := t.ReceiptStep
	n := min(step, 5)
	if step <= 5 {
		name = t.StepNames[step-1]
	}
	long := fmt.Sprintf(t.StepOf, n, 5, name)
	short := fmt.Sprintf(t.StepShort, n, 5) + " · " + name
	tiny := fmt.Sprintf(t.StepShort, n, 5)

	// Progress marks: filled for done steps, a bracketed number for the
	// current one, so progress reads without colour too.
	var marks []string
	for i := 1; i <= 5; i++ {
		switch {
		case i < step || step > 5:
			marks = append(marks, st.StepDone.Render("■"))
		case i == step:
			marks = append(marks, st.StepNow.Render(fmt.Sprintf("[%d]", i)))
		default:
			marks = append(marks, st.Step.Render("□"))
		}
	}
	progress := strings.Join(marks, " ")
	var line2 string
	switch {
	case lipgloss.Width(long)+lipgloss.Width(progress)+2 <= w:
		gap := w - lipgloss.Width(long) - lipgloss.Width(progress)
		line2 = st.Subtitle.Render(long) + strings.Repeat(" ", gap) + progress
	case lipgloss.Width(long) <= w:
		line2 = st.Subtitle.Render(long)
	case lipgloss.Width(short) <= w:
		line2 = st.Subtitle.Render(short)
	default:
		line2 = st.Subtitle.Render(tiny)
	}
	rule := st.Muted.Render(strings.Repeat("─", w))
	return line1 + "\n" + line2 + "\n" + rule
}

// frame puts header, body and help bar together, filling the height so the
// help bar sits at the bottom. The body is cut if it is too tall.
func (c *common) frame(step int, body string, h help.Model, keys help.KeyMap, full bool) string {
	return c.frameBar(step, body, c.helpBar(h, keys, full))
}

// helpBar is the help at the foot of the screen: the short bar, or all keys.
func (c *common) helpBar(h help.Model, keys help.KeyMap, full bool) string {
	short := 0
	if c.height < shortWindow {
		short = 1
	}
	k := partKey{part: partHelp, n: short, w: c.width, s: helpKeysID(keys, full)}
	return c.drawn.get(k, func() string { return c.drawHelpBar(h, keys, full) })
}

func (c *common) drawHelpBar(h help.Model, keys help.KeyMap, full bool) string {
	h.SetWidth(c.width)
	if full {
		return h.FullHelpView(keys.FullHelp())
	}
	return c.shortHelp(h, keys.ShortHelp())
}

// frameBar is frame with the help bar already drawn. A body too tall for
// the window is cut with a marker on its last line (and c.cut set), never
// silently: screens lay themselves out to fit, so a cut means the window is
// too small for even their barest layout.
func (c *common) frameBar(step int, body, bar string) string {
	head := c.header(step)
	bodyH := max(c.height-lipgloss.Height(head)-lipgloss.Height(bar)-1, 1)
	if lipgloss.Height(body) > bodyH {
		c.cut = true
		lines := strings.Split(body, "\n")[:bodyH-1]
		body = strings.Join(append(lines, c.st.Warning.Render(truncate(" ▼ "+c.t.Cut, c.width))), "\n")
	}
	body = fitHeight(body, bodyH)
	return head + "\n" + body + "\n" + bar
}

// shortHelp is the short help bar. It wraps onto a second line (or more)
// rather than cut a key off; in a short window, where every line counts,
// it stays on one line and ends in "…" (the full help, ?/F1, has all).
func (c *common) shortHelp(h help.Model, keys []key.Binding) string {
	if c.height < shortWindow {
		return h.ShortHelpView(keys)
	}
	sep := h.Styles.ShortSeparator.Render(h.ShortSeparator)
	var lines []string
	line := ""
	for _, k := range keys {
		if !k.Enabled() {
			continue
		}
		item := h.Styles.ShortKey.Render(k.Help().Key) + " " + h.Styles.ShortDesc.Render(k.Help().Desc)
		switch {
		case line == "":
			line = item
		case lipgloss.Width(line)+lipgloss.Width(sep)+lipgloss.Width(item) <= c.width:
			line += sep + item
		default:
			lines = append(lines, line)
			line = item
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// shortWindow is the height below which the help bar keeps to one line.
const shortWindow = 20

// scrolled shows h lines of lines from offset off, with a marker line at
// the top when some are hidden above and at the bottom when some are hidden
// below, so that nothing is hidden without a sign. It returns the view and
// the offset, kept within what can be shown.
func (c *common) scrolled(lines []string, h, off int) (string, int) {
	if len(lines) <= h || h < 3 {
		return strings.Join(lines, "\n"), 0
	}
	off = max(min(off, len(lines)-(h-1)), 0)
	n := h
	if off > 0 {
		n--
	}
	more := off+n < len(lines)
	if more {
		n--
	}
	var out []string
	if off > 0 {
		out = append(out, c.st.Warning.Render(c.t.MoreAbove))
	}
	out = append(out, lines[off:off+n]...)
	if more {
		out = append(out, c.st.Warning.Render(c.t.MoreBelow))
	}
	return strings.Join(out, "\n"), off
}

// fitHeight pads or cuts s to exactly n lines.
func fitHeight(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// truncate cuts s to w cells, with an ellipsis.
func truncate(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && lipgloss.Width(string(r))+1 > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// newHelp returns the help bar model in the wizard's style.
func (c *common) newHelp() help.Model {
	h := help.New()
	h.Styles = help.DefaultStyles(true)
	h.Styles.ShortKey = c.st.Strong
	h.Styles.FullKey = c.st.Strong
	h.Styles.ShortDesc = c.st.HelpBar
	h.Styles.FullDesc = c.st.HelpBar
	h.Styles.ShortSeparator = c.st.HelpBar
	h.Styles.FullSeparator = c.st.HelpBar
	h.Styles.Ellipsis = c.st.HelpBar
	return h
}

// sprintf is fmt.Sprintf, named here so catalogue formats are easy to find.
func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

// nbsp keeps a phone number on one line when wrapped.
func nbsp(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }

// firstFitting returns the first of the layouts that fits in h lines, or
// the last (the most compact) if none does. Screens list their layouts from
// the fullest to the barest, so short windows keep what matters.
func firstFitting(h int, layouts ...string) string {
	for _, l := range layouts {
		if lipgloss.Height(l) <= h {
			return l
		}
	}
	return layouts[len(layouts)-1]
}

// viewCache keeps drawn views that depend only on their key, up to max of
// them (then it starts afresh: window sizes are many, a few are common).
type viewCache[K comparable] struct {
	mu    sync.Mutex
	max   int
	views map[K]string
}

func newViewCache[K comparable](max int) *viewCache[K] {
	return &viewCache[K]{max: max, views: map[K]string{}}
}

// get returns the view for key, drawing it with draw the first time.
func (c *viewCache[K]) get(key K, draw func() string) string {
	c.mu.Lock()
	v, ok := c.views[key]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = draw()
	c.mu.Lock()
	if len(c.views) >= c.max {
		clear(c.views)
	}
	c.views[key] = v
	c.mu.Unlock()
	return v
}

// dateOrMask formats a date in the catalogue's layout; a zero date (one
// the help desk's view has masked) shows as dots.
func dateOrMask(d time.Time, layout string) string {
	if d.IsZero() {
		return "••.••.••••"
	}
	return d.Format(layout)
}
