package cli

// The root command: the wizard itself, full-screen or as plain lines.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/idporten-wizard/idporten-wizard/storage"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// wizardFlags are the flags of the wizard itself (not of its subcommands).
type wizardFlags struct {
	accessible, kiosk bool
	guide             bool
	idle              time.Duration
	adminExit, theme  string
	hub               hubFlags
}

// register adds the wizard's flags to fl, each bound to its variable.
func (w *wizardFlags) register(fl *pflag.FlagSet) {
	fl.BoolVar(&w.accessible, "accessible", false,
		"plain line prompts for screen readers, braille displays and scripts (also ACCESSIBLE=1 or TERM=dumb)")
	fl.StringVar(&w.theme, "theme", string(ui.ThemeDefault),
		"colours: default (the terminal's own) or high-contrast (black, white, yellow); NO_COLOR turns colour off")
	// Help shows a flag's default after its text, "(nn)"; for the theme
	// called default that would be "(default)", which reads as a label.
	// DefValue is only for help: the value stays "default".
	fl.Lookup("theme").DefValue = ""
	fl.BoolVar(&w.guide, "guide", false,
		"show the help-desk guide panel beside the wizard (Ctrl+G shows or hides it)")
	fl.BoolVar(&w.kiosk, "kiosk", false,
		"public terminal: no quitting by key, reset after inactivity and after the receipt")
	fl.DurationVar(&w.idle, "idle", ui.KioskIdle,
		"kiosk: time without a key press before the "+ui.IdleWarning.String()+" warning; the reset comes when the warning runs out")
	fl.StringVar(&w.adminExit, "admin-exit", "",
		`kiosk: the operator's key sequence that ends the program, key names separated by spaces, e.g. "ctrl+x ctrl+x q"; without it only SIGTERM/SIGINT end a kiosk`)
	w.hub.register(fl, "caller", true)
	for flag, env := range map[string]string{"theme": envTheme, "guide": envGuide, "kiosk": envKiosk,
		"idle": envIdle, "admin-exit": envAdminExit} {
		bindEnv(fl, flag, env)
	}
}

// options checks the wizard's flags and turns them into ui options.
func (w wizardFlags) options(lang ui.Lang, st *storage.Store) (ui.Options, error) {
	theme, ok := ui.ParseTheme(w.theme)
	if !ok {
		return ui.Options{}, fmt.Errorf("unknown theme %q (--theme): use default or high-contrast", w.theme)
	}
	o := ui.Options{Lang: lang, Store: st, NewID: storage.NewID, Theme: theme, Guide: w.guide}
	if w.kiosk && w.guide {
		return ui.Options{}, errors.New("the help-desk guide (--guide) is never shown on a kiosk (--kiosk)")
	}
	if !w.kiosk {
		if w.adminExit != "" {
			return ui.Options{}, errors.New("--admin-exit is for kiosk mode: add --kiosk")
		}
		return o, nil
	}
	if w.idle <= 0 {
		return ui.Options{}, fmt.Errorf("idle time %s (--idle) must be above zero", w.idle)
	}
	// --idle is the time before the warning; ui counts to the reset.
	o.Kiosk, o.IdleTimeout, o.IdleWarning = true, w.idle+ui.IdleWarning, ui.IdleWarning
	if w.adminExit != "" {
		o.AdminExit = strings.Fields(w.adminExit)
		if len(o.AdminExit) < 2 {
			return ui.Options{}, errors.New(`the exit sequence (--admin-exit) needs at least two keys, e.g. "ctrl+x ctrl+x q"`)
		}
	}
	return o, nil
}

// runWizard runs the wizard on cmd's streams: the line mode when asked for
// (--accessible, ACCESSIBLE, TERM=dumb), else full-screen.
func runWizard(cmd *cobra.Command, g *globals, w wizardFlags) error {
	ctx := cmd.Context()
	st, lang, err := g.open()
	if err != nil {
		return err
	}
	opts, err := w.options(lang, st)
	if err != nil {
		return err
	}
	if w.hub.url != "" {
		desk, closeDesk, err := w.hub.callerDesk(g.environ)
		if err != nil {
			return err
		}
		defer closeDesk()
		opts.HelpDesk = desk
	}
	if w.accessible || ui.Accessible(g.environ) {
		if w.kiosk {
			return errors.New("kiosk mode is full-screen: --kiosk cannot be used with the line mode")
		}
		ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		res, err := ui.RunLine(ctx, ui.LineOptions{
			Options: opts,
			In:      cmd.InOrStdin(), Out: cmd.OutOrStdout(),
		})
		// The line mode has said how it ended; a script reads the status.
		if code := ui.LineExitCode(res, err); code != 0 {
			return exitStatus(code)
		}
		return nil
	}
	environ := g.environ
	if environ == nil {
		environ = []string{} // an empty environment, not Bubble Tea's default (the process's)
	}
	progOpts := append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithEnvironment(environ)},
		ui.ColorOptions(environ)...)
	// Bubble Tea's own defaults stay for the process's streams: it reads
	// standard input, or the terminal itself when that is piped.
	if in := cmd.InOrStdin(); in != io.Reader(os.Stdin) {
		progOpts = append(progOpts, tea.WithInput(in))
	}
	if out := cmd.OutOrStdout(); out != io.Writer(os.Stdout) {
		progOpts = append(progOpts, tea.WithOutput(out))
	}
	m := ui.New(opts)
	defer m.Close() // stops sharing with the help desk
	_, err = tea.NewProgram(m, progOpts...).Run()
	if errors.Is(err, tea.ErrProgramKilled) {
		return nil
	}
	return err
}
