package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// ColorOptions are the program options an environment asks for: no colour
// when NO_COLOR has any value.
func ColorOptions(environ []string) []tea.ProgramOption {
	if NoColor(environ) {
		return []tea.ProgramOption{tea.WithColorProfile(colorprofile.Ascii)}
	}
	return nil
}

// Accessible reports whether an environment asks for the line mode:
// ACCESSIBLE set (to anything but 0/false) or TERM=dumb.
func Accessible(environ []string) bool {
	for _, kv := range environ {
		switch kv {
		case "TERM=dumb":
			return true
		}
		if v, ok := cutEnv(kv, "ACCESSIBLE"); ok && v != "" && v != "0" && v != "false" {
			return true
		}
	}
	return false
}

// NoColor reports whether NO_COLOR is set to any non-empty value (the
// no-color.org rule; some libraries accept only true/1).
func NoColor(environ []string) bool {
	for _, kv := range environ {
		if v, ok := cutEnv(kv, "NO_COLOR"); ok && v != "" {
			return true
		}
	}
	return false
}

// cutEnv returns the value of kv when it is name=value.
func cutEnv(kv, name string) (string, bool) {
	if len(kv) > len(name) && kv[:len(name)] == name && kv[len(name)] == '=' {
		return kv[len(name)+1:], true
	}
	return "", false
}
