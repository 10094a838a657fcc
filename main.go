// Command idporten-wizard is a terminal wizard that simulates registering a
// new user in ID-porten, Norway's public login: choose an eID, pass a
// simulated login, fill in the contact register and get a receipt. Each
// finished registration is saved as a JSON file.
//
// Nothing real is authenticated and no real service is called.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/idporten-wizard/idporten-wizard/storage"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Environment variables that set flag defaults.
const (
	envDataDir   = "IDPORTEN_WIZARD_DATA"
	envLang      = "IDPORTEN_WIZARD_LANG"
	envTheme     = "IDPORTEN_WIZARD_THEME"
	envKiosk     = "IDPORTEN_WIZARD_KIOSK"
	envGuide     = "IDPORTEN_WIZARD_GUIDE"
	envIdle      = "IDPORTEN_WIZARD_IDLE"
	envAdminExit = "IDPORTEN_WIZARD_ADMIN_EXIT"
)

func main() {
	if err := fang.Execute(context.Background(), rootCmd(), fang.WithVersion(version),
		fang.WithErrorHandler(errorHandler)); err != nil {
		os.Exit(1)
	}
}

// errorHandler prints errors as fang does, except where the line mode has
// already said so in the person's language (input that ended early): an
// accessible session gets no styled box in English, only the exit code 1.
func errorHandler(w io.Writer, st fang.Styles, err error) {
	if errors.Is(err, ui.ErrInputEnded) {
		return
	}
	fang.DefaultErrorHandler(w, st, err)
}

// globalFlags are the flags every command shares.
type globalFlags struct {
	dataDir string
	lang    string
}

// wizardFlags are the flags of the wizard itself (not of its subcommands).
type wizardFlags struct {
	accessible, kiosk bool
	guide             bool
	idle              time.Duration
	adminExit, theme  string
}

// kioskWarning is the countdown before a kiosk's idle reset (at least 20 s,
// as universal design asks).
const kioskWarning = 30 * time.Second

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
	if w.idle <= kioskWarning {
		return ui.Options{}, fmt.Errorf("idle time %s (--idle) must be longer than the %s warning", w.idle, kioskWarning)
	}
	o.Kiosk, o.IdleTimeout, o.IdleWarning = true, w.idle, kioskWarning
	if w.adminExit != "" {
		o.AdminExit = strings.Fields(w.adminExit)
		if len(o.AdminExit) < 2 {
			return ui.Options{}, errors.New(`the exit sequence (--admin-exit) needs at least two keys, e.g. "ctrl+x ctrl+x q"`)
		}
	}
	return o, nil
}

func rootCmd() *cobra.Command {
	var g globalFlags
	var w wizardFlags
	cmd := &cobra.Command{
		Use:   "idporten-wizard",
		Short: "Register a new user in ID-porten (a simulation)",
		Long: "A terminal wizard that takes a person through registering a new user in ID-porten:\n" +
			"choose an eID, pass a simulated login, fill in the contact register, get a receipt.\n" +
			"Each registration is saved as <id>.json in the data directory. Nothing real is\n" +
			"authenticated and no real service is called.",
		Example:       "  idporten-wizard\n  idporten-wizard --lang en --data-dir /tmp/registrations",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runWizard(cmd.Context(), g, w)
		},
	}
	defDir, err := storage.DefaultDir()
	if err != nil {
		defDir = ""
	}
	if v := os.Getenv(envDataDir); v != "" {
		defDir = v
	}
	defLang := "nn"
	if v := os.Getenv(envLang); v != "" {
		defLang = v
	}
	cmd.PersistentFlags().StringVar(&g.dataDir, "data-dir", defDir,
		"folder for saved registrations (env "+envDataDir+")")
	cmd.PersistentFlags().StringVar(&g.lang, "lang", defLang,
		"language: nn (Nynorsk), nb (Bokmål) or en (English) (env "+envLang+")")
	fl := cmd.Flags()
	fl.BoolVar(&w.accessible, "accessible", false,
		"plain line prompts for screen readers, braille displays and scripts (also ACCESSIBLE=1 or TERM=dumb)")
	fl.StringVar(&w.theme, "theme", envOr(envTheme, string(ui.ThemeDefault)),
		"colours: default (the terminal's own) or high-contrast (black, white, yellow) (env "+envTheme+"); NO_COLOR turns colour off")
	fl.BoolVar(&w.guide, "guide", os.Getenv(envGuide) != "",
		"show the help-desk guide panel beside the wizard (Ctrl+G shows or hides it) (env "+envGuide+")")
	fl.BoolVar(&w.kiosk, "kiosk", os.Getenv(envKiosk) != "",
		"public terminal: no quitting by key, reset after inactivity and after the receipt (env "+envKiosk+")")
	fl.DurationVar(&w.idle, "idle", envDuration(envIdle, ui.KioskIdle),
		"kiosk: inactivity before the 30 s warning and the reset (env "+envIdle+")")
	fl.StringVar(&w.adminExit, "admin-exit", os.Getenv(envAdminExit),
		`kiosk: the operator's key sequence that ends the program, key names separated by spaces, e.g. "ctrl+x ctrl+x q"; without it only SIGTERM/SIGINT end a kiosk (env `+envAdminExit+")")
	cmd.AddCommand(serveCmd(&g))
	cmd.AddCommand(recordCmds(&g)...)
	return cmd
}

// open checks the shared flags and opens the store.
func (g globalFlags) open() (*storage.Store, ui.Lang, error) {
	lang, ok := ui.ParseLang(g.lang)
	if !ok {
		return nil, "", fmt.Errorf("unknown language %q (--lang): use nn, nb or en", g.lang)
	}
	if g.dataDir == "" {
		return nil, "", errors.New("no data directory: set --data-dir or " + envDataDir)
	}
	st, err := storage.Open(g.dataDir)
	if err != nil {
		return nil, "", fmt.Errorf("data directory: %w", err)
	}
	return st, lang, nil
}

func runWizard(ctx context.Context, g globalFlags, w wizardFlags) error {
	st, lang, err := g.open()
	if err != nil {
		return err
	}
	opts, err := w.options(lang, st)
	if err != nil {
		return err
	}
	if w.accessible || ui.Accessible(os.Environ()) {
		if w.kiosk {
			return errors.New("kiosk mode is full-screen: --kiosk cannot be used with the line mode")
		}
		ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
		defer stop()
		_, err := ui.RunLine(ctx, ui.LineOptions{
			Options: opts,
			In:      os.Stdin, Out: os.Stdout,
		})
		if errors.Is(err, context.Canceled) {
			return nil // interrupted: the line mode has said goodbye
		}
		return err
	}
	progOpts := append([]tea.ProgramOption{tea.WithContext(ctx)}, ui.ColorOptions(os.Environ())...)
	_, err = tea.NewProgram(ui.New(opts), progOpts...).Run()
	if errors.Is(err, tea.ErrProgramKilled) {
		return nil
	}
	return err
}
