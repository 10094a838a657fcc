// Command bareform is the yardstick for the wizard's start-up time: a bare
// huh select of the five eIDs, run full-screen (alternate screen) in a
// tea.Program the way main.go runs the wizard, and nothing else. The
// start-up benchmark (bench/startup_test.go) times both to their first
// complete frame.
package main

import (
	"context"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// names are the eIDs, as the wizard lists them.
var names = []string{"MinID", "BankID", "BankID på mobil", "Buypass ID", "Commfides"}

// formModel runs a huh form as the whole program, on the alternate screen.
type formModel struct {
	form *huh.Form
}

func (m formModel) Init() tea.Cmd { return m.form.Init() }

func (m formModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "ctrl+c" {
		return m, tea.Quit
	}
	fm, cmd := m.form.Update(msg)
	if f, ok := fm.(*huh.Form); ok {
		m.form = f
	}
	if m.form.State != huh.StateNormal {
		return m, tea.Quit
	}
	return m, cmd
}

func (m formModel) View() tea.View {
	v := tea.NewView(m.form.View())
	v.AltScreen = true
	return v
}

func main() {
	var choice string
	form := huh.NewForm(huh.NewGroup(
		huh.NewSelect[string]().Title("Vel elektronisk ID").
			Options(huh.NewOptions(names...)...).Value(&choice),
	))
	if _, err := tea.NewProgram(formModel{form: form}, tea.WithContext(context.Background())).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
