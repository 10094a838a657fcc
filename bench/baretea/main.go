// Command baretea is the floor under the start-up benchmark: a Bubble Tea
// program that draws one line full-screen (alternate screen) and does
// nothing else, so its time to the first frame is what Bubble Tea itself
// and the Go runtime take. bench/startup_test.go times it beside the wizard
// and the bare form.
package main

import (
	"context"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

// line is the whole screen.
type line string

func (l line) Init() tea.Cmd { return nil }

func (l line) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "ctrl+c" {
		return l, tea.Quit
	}
	return l, nil
}

func (l line) View() tea.View {
	v := tea.NewView(string(l))
	v.AltScreen = true
	return v
}

func main() {
	if _, err := tea.NewProgram(line("Commfides"), tea.WithContext(context.Background())).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
