package ui

import "charm.land/bubbles/v2/key"

// KeyMap is every key the wizard answers to, with its help text in the
// current language. Screens pick the ones they use for the help bar.
type KeyMap struct {
	Up, Down, Choose, Direct, Next, Back, Quit, Help, HelpF1 key.Binding
	Confirm, Retry, New, Resend, Yes, No, Finish             key.Binding
	// Language switches to the next language at any step.
	Language key.Binding
	// Guide shows or hides the help-desk guide panel.
	Guide key.Binding
	// Share starts and stops sharing the screen with the help desk.
	Share key.Binding
	// AnyKey is the help bar's entry for "press any key".
	AnyKey key.Binding
	// PageUp and PageDown scroll a part too tall for the window.
	PageUp, PageDown key.Binding
}

// LanguageKey is the key that switches language at any step, and GuideKey
// the one that shows or hides the help-desk guide.
const (
	LanguageKey = "ctrl+l"
	GuideKey    = "ctrl+g"
	// ShareKey shows a help code and shares the screen with the help
	// desk, or stops sharing.
	ShareKey = "f2"
)

// newKeyMap builds the key map with help texts in the language of t. On a
// kiosk the quit keys are switched off (and so left out of the help bar).
func newKeyMap(t *Text, kiosk bool) KeyMap {
	k := t.Keys
	km := KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", k.Up)),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", k.Down)),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", k.Choose)),
		// Direct takes a numbered choice at once; the eID list, the one
		// list whose help shows it, names its range.
		Direct: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1–9", k.Direct)),
		Next:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", k.Next)),
		// Back is Esc everywhere, and Shift+Tab too (huh's own back key in
		// the contact forms, which a validation error would block).
		Back:    key.NewBinding(key.WithKeys("esc", "shift+tab"), key.WithHelp("esc", k.Back)),
		Quit:    key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", k.Quit)),
		Help:    key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", k.Help)),
		HelpF1:  key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", k.Help)),
		Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", k.Confirm)),
		Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", k.Retry)),
		New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", k.New)),
		Resend:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", k.Resend)),
		Yes:     key.NewBinding(key.WithKeys("j", "y"), key.WithHelp("j", k.Yes)),
		No:      key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", k.No)),
		Finish:  key.NewBinding(key.WithKeys("q"), key.WithHelp("q", k.Quit)),
		Language: key.NewBinding(key.WithKeys(LanguageKey),
			key.WithHelp(LanguageKey, k.Language)),
		Guide:    key.NewBinding(key.WithKeys(GuideKey), key.WithHelp(GuideKey, k.Guide)),
		Share:    key.NewBinding(key.WithKeys(ShareKey), key.WithHelp(ShareKey, k.Share)),
		AnyKey:   key.NewBinding(key.WithKeys("enter"), key.WithHelp(t.Idle.AnyKey, k.StartOver)),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", k.Scroll)),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", k.Scroll)),
	}
	if kiosk {
		km.Quit.SetEnabled(false)
		km.Finish.SetEnabled(false)
		km.Guide.SetEnabled(false)
	}
	return km
}

// helpKeys is what a screen puts in the help bar: the short list and the
// groups of the full list.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (h helpKeys) ShortHelp() []key.Binding { return h.short }

// FullHelp implements help.KeyMap.
func (h helpKeys) FullHelp() [][]key.Binding {
	if h.full != nil {
		return h.full
	}
	return [][]key.Binding{h.short}
}

// withLanguage adds the language key to a screen's help: last in the short
// bar (unless the screen has it already), and as a group of its own in the
// full help.
func withLanguage(h helpKeys, lang key.Binding) helpKeys {
	full := h.FullHelp()
	out := helpKeys{short: h.short, full: append(full[:len(full):len(full)], []key.Binding{lang})}
	for _, b := range h.short {
		if b.Help().Key == lang.Help().Key {
			return out
		}
	}
	out.short = append(h.short[:len(h.short):len(h.short)], lang)
	return out
}
