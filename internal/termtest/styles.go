package termtest

import (
	"fmt"
	"image/color"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// Styles describes the screen's colours and attributes, one line per run
// of cells with the same non-default style ("row 4, cols 2-23: fg #ffff00
// bold"), after the terminal's own default colours when the program set
// them. It is what a colour golden compares, next to the text.
func (s *Screen) Styles() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	if c := s.emu.ForegroundColor(); c != nil {
		fmt.Fprintf(&b, "terminal foreground %s\n", colorName(c))
	}
	if c := s.emu.BackgroundColor(); c != nil {
		fmt.Fprintf(&b, "terminal background %s\n", colorName(c))
	}
	for y := range s.emu.Height() {
		start, cur := -1, ""
		flush := func(x int) {
			if start >= 0 && cur != "" {
				fmt.Fprintf(&b, "row %d, cols %d-%d: %s\n", y+1, start+1, x, cur)
			}
		}
		for x := range s.emu.Width() {
			desc := ""
			if c := s.emu.CellAt(x, y); c != nil {
				desc = styleName(c.Style)
			}
			if desc != cur {
				flush(x)
				start, cur = x, desc
			}
		}
		flush(s.emu.Width())
	}
	return b.String()
}

// HasColour reports whether any cell has a foreground or background colour.
func (s *Screen) HasColour() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for y := range s.emu.Height() {
		for x := range s.emu.Width() {
			if c := s.emu.CellAt(x, y); c != nil && (c.Style.Fg != nil || c.Style.Bg != nil) {
				return true
			}
		}
	}
	return false
}

func styleName(st uv.Style) string {
	var parts []string
	if st.Fg != nil {
		parts = append(parts, "fg "+colorName(st.Fg))
	}
	if st.Bg != nil {
		parts = append(parts, "bg "+colorName(st.Bg))
	}
	for _, a := range []struct {
		bit  uint8
		name string
	}{{uv.AttrBold, "bold"}, {uv.AttrFaint, "faint"}, {uv.AttrItalic, "italic"}, {uv.AttrReverse, "reverse"}, {uv.AttrStrikethrough, "strikethrough"}} {
		if st.Attrs&a.bit != 0 {
			parts = append(parts, a.name)
		}
	}
	if st.Underline != 0 {
		parts = append(parts, "underline")
	}
	return strings.Join(parts, " ")
}

func colorName(c color.Color) string {
	switch c := c.(type) {
	case ansi.BasicColor:
		return fmt.Sprintf("ansi%d", c)
	case ansi.IndexedColor:
		return fmt.Sprintf("ansi256:%d", c)
	}
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}
