package records

// How the records commands draw on standard output: a styled table at a
// terminal, plain aligned text without a single escape sequence when piped
// (or for a screen reader: ACCESSIBLE, TERM=dumb).

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

// output is standard output as a records command sees it.
type output struct {
	w      io.Writer // where text goes
	styled bool      // a terminal that can draw: borders, bold
	width  int       // the terminal's width, 0 when unknown
}

// newOutput looks at the command's standard output and the environment.
func newOutput(cmd *cobra.Command, environ []string) output {
	w := cmd.OutOrStdout()
	o := output{w: w}
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) || ui.Accessible(environ) {
		return o
	}
	cw := colorprofile.NewWriter(f, environ)
	if ui.NoColor(environ) && cw.Profile > colorprofile.ASCII {
		// colorprofile takes NO_COLOR as a bool; no-color.org says any value.
		cw.Profile = colorprofile.ASCII
	}
	o.w, o.styled = cw, true
	if width, _, err := term.GetSize(f.Fd()); err == nil {
		o.width = width
	}
	return o
}

// bold is s in bold at a terminal, as it is otherwise.
func (o output) bold(s string) string {
	if !o.styled {
		return s
	}
	return lipgloss.NewStyle().Bold(true).Render(s)
}

// table writes headers and rows: at a terminal a table with a rounded
// border and a bold header, fitted to the width; otherwise columns aligned
// with spaces. Columns in right are aligned right at a terminal.
func (o output) table(headers []string, rows [][]string, right ...int) {
	if !o.styled {
		tw := tabwriter.NewWriter(o.w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(headers, "\t"))
		for _, r := range rows {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		_ = tw.Flush()
		return
	}
	render := func(pad int) *table.Table {
		cell := lipgloss.NewStyle().Padding(0, pad)
		return table.New().
			Border(lipgloss.RoundedBorder()).
			Headers(headers...).
			Rows(rows...).
			StyleFunc(func(row, col int) lipgloss.Style {
				s := cell
				if row == table.HeaderRow {
					s = s.Bold(true)
				}
				if slices.Contains(right, col) {
					s = s.Align(lipgloss.Right)
				}
				return s
			})
	}
	// Too wide for the terminal: first without the padding in the cells
	// (the listing then fits 80 columns), then with cells wrapped.
	t := render(1)
	out := t.Render()
	if o.width > 0 && lipgloss.Width(out) > o.width {
		t = render(0)
		if out = t.Render(); lipgloss.Width(out) > o.width {
			out = t.Width(o.width).Render()
		}
	}
	fmt.Fprintln(o.w, out)
}

// fields writes label–value pairs one a line, the values aligned, the
// labels in bold at a terminal.
func (o output) fields(pairs [][2]string) {
	wide := 0
	for _, p := range pairs {
		wide = max(wide, len([]rune(p[0])))
	}
	for _, p := range pairs {
		pad := strings.Repeat(" ", wide-len([]rune(p[0]))+2)
		fmt.Fprintf(o.w, "%s%s%s\n", o.bold(p[0]), pad, p[1])
	}
}
