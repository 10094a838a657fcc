package ui

import "charm.land/bubbles/v2/key"

// KeyMap is every key the wizard answers to, with its help text in the
// current language. Screens pick the ones they use for the help bar.
type KeyMap struct {
	Up, Down, Choose, Direct, Next, Back, Quit, Help, HelpF1 key.Binding
	Confirm, Edit, Retry, New, Resend, Yes, No, Finish       key.Binding
}

// newKeyMap builds the key map with help texts in the language of t.
func newKeyMap(t *Text) KeyMap {
	k := t.Keys
	return KeyMap{
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", k.Up)),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", k.Down)),
		Choose:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", k.Choose)),
		Direct:  key.NewBinding(key.WithKeys("1", "2", "3", "4", "5"), key.WithHelp("1–5", k.Direct)),
		Next:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", k.Next)),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", k.Back)),
		Quit:    key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", k.Quit)),
		Help:    key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", k.Help)),
		HelpF1:  key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", k.Help)),
		Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", k.Confirm)),
		Edit:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", k.Edit)),
		Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", k.Retry)),
		New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", k.New)),
		Resend:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", k.Resend)),
		Yes:     key.NewBinding(key.WithKeys("j", "y"), key.WithHelp("j", k.Yes)),
		No:      key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", k.No)),
		Finish:  key.NewBinding(key.WithKeys("q"), key.WithHelp("q", k.Quit)),
	}
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
