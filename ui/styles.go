package ui

import (
	"image/color"
	"sync"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Styles is every style the wizard draws with, in one place. Colours are
// the terminal's own ANSI colours, so they follow the person's light or dark
// theme; meaning is never carried by colour alone (carets, brackets and text
// markers carry it too).
type Styles struct {
	Title, Subtitle, Step, StepDone, StepNow, SimTag lipgloss.Style
	Body, Muted, Label, Value, Strong                lipgloss.Style
	Selected, Unselected, Disabled                   lipgloss.Style
	Error, Success, Warning, Note                    lipgloss.Style
	Panel, PanelTitle, DeviceCode                    lipgloss.Style
	InputBox, InputBoxFocused, InputRule             lipgloss.Style
	HelpBar                                          lipgloss.Style
	GuideRule                                        lipgloss.Style

	accent, errColor, okColor, warnColor, muted color.Color
	// bg and fg, when set, are the terminal colours the theme asks for.
	bg, fg color.Color
}

// Theme is a colour theme.
type Theme string

// The themes.
const (
	// ThemeDefault uses the terminal's own ANSI colours.
	ThemeDefault Theme = "default"
	// ThemeHighContrast is black, white and yellow only, with no dimmed
	// text: for low vision and bright rooms.
	ThemeHighContrast Theme = "high-contrast"
)

// Themes lists the themes, for help texts.
var Themes = []Theme{ThemeDefault, ThemeHighContrast}

// ParseTheme accepts a theme's name.
func ParseTheme(s string) (Theme, bool) {
	for _, t := range Themes {
		if string(t) == s {
			return t, true
		}
	}
	return "", false
}

// StylesFor returns the styles of a theme (the default for an unknown one).
// Every wizard shares one built set per theme (an SSH server starts
// hundreds of wizards); nothing changes a Styles once built.
func StylesFor(t Theme) *Styles {
	if t == ThemeHighContrast {
		return highContrastStyles()
	}
	return defaultStyles()
}

var (
	defaultStyles      = sync.OnceValue(func() *Styles { s := DefaultStyles(); return &s })
	highContrastStyles = sync.OnceValue(func() *Styles { s := HighContrastStyles(); return &s })
)

// DefaultStyles returns the wizard's styles in the terminal's ANSI colours.
func DefaultStyles() Styles {
	return buildStyles(Styles{
		accent:    lipgloss.Blue,
		errColor:  lipgloss.Red,
		okColor:   lipgloss.Green,
		warnColor: lipgloss.Yellow,
		muted:     lipgloss.BrightBlack,
	})
}

// HighContrastStyles returns the high-contrast theme: white text on black
// (the view sets the terminal's own colours, see Model.View), yellow for
// everything that stands out, and no dimmed grey anywhere. Errors are
// reversed, yellow on black turned black on yellow, on top of their ✗.
func HighContrastStyles() Styles {
	s := buildStyles(Styles{
		accent:    hcYellow,
		errColor:  hcYellow,
		okColor:   hcWhite,
		warnColor: hcYellow,
		muted:     hcWhite,
		bg:        hcBlack,
		fg:        hcWhite,
	})
	s.Error = s.Error.Reverse(true)
	s.Title = s.Title.Underline(true)
	return s
}

// The high-contrast colours, exact so every terminal shows the same.
var (
	hcBlack  color.Color = lipgloss.Color("#000000")
	hcWhite  color.Color = lipgloss.Color("#ffffff")
	hcYellow color.Color = lipgloss.Color("#ffff00")
)

// buildStyles fills in the styles from s's colours.
func buildStyles(s Styles) Styles {
	base := lipgloss.NewStyle()
	s.Title = base.Bold(true).Foreground(s.accent)
	s.Subtitle = base.Bold(true)
	s.Step = base.Foreground(s.muted)
	s.StepDone = base.Foreground(s.okColor)
	s.StepNow = base.Bold(true).Underline(true)
	s.SimTag = base.Bold(true).Reverse(true)
	s.Body = base
	s.Muted = base.Foreground(s.muted)
	s.Label = base.Foreground(s.muted)
	s.Value = base
	s.Strong = base.Bold(true)
	s.Selected = base.Bold(true).Foreground(s.accent)
	s.Unselected = base
	s.Disabled = base.Foreground(s.muted).Strikethrough(true)
	s.Error = base.Foreground(s.errColor).Bold(true)
	s.Success = base.Foreground(s.okColor).Bold(true)
	s.Warning = base.Foreground(s.warnColor).Bold(true)
	s.Note = base.Border(lipgloss.NormalBorder(), false, false, false, true).
		BorderForeground(s.accent).PaddingLeft(1)
	s.Panel = base.Border(lipgloss.RoundedBorder()).BorderForeground(s.accent).Padding(0, 1)
	s.PanelTitle = base.Bold(true).Reverse(true).Padding(0, 1)
	s.DeviceCode = base.Bold(true).Foreground(s.accent)
	s.InputBox = base.Border(lipgloss.NormalBorder(), false, false, true, false).
		BorderForeground(s.muted)
	s.InputBoxFocused = s.InputBox.BorderForeground(s.accent)
	s.InputRule = base.Foreground(s.accent)
	s.HelpBar = base.Foreground(s.muted)
	s.GuideRule = base.Foreground(s.accent)
	return s
}

// huhTheme gives the contact-register forms the look of the login's own
// fields: the label in bold, the hint dimmed, a "> " prompt, and no bar
// beside the field (the contact screen draws the same underline and the
// error under the input as field.view does).
func (s Styles) huhTheme() huh.Theme {
	return huh.ThemeFunc(func(isDark bool) *huh.Styles {
		t := huh.ThemeBase(isDark)
		t.Focused.Base = lipgloss.NewStyle()
		t.Focused.Card = t.Focused.Base
		t.Focused.Title = s.Strong
		t.Focused.Description = s.Muted
		t.Focused.ErrorIndicator = lipgloss.NewStyle()
		t.Focused.ErrorMessage = s.Error.SetString("✗")
		t.Focused.SelectSelector = s.Selected.SetString("> ")
		t.Focused.SelectedOption = s.Selected
		t.Focused.Option = s.Unselected
		t.Focused.FocusedButton = t.Focused.FocusedButton.Background(s.accent).Bold(true)
		t.Focused.TextInput.Prompt = s.Selected
		t.Focused.TextInput.Placeholder = s.Muted
		t.Focused.TextInput.Cursor = t.Focused.TextInput.Cursor.Foreground(s.accent)
		t.Blurred = t.Focused
		t.Blurred.Title = s.Body
		t.Blurred.TextInput.Prompt = s.Muted
		return t
	})
}
