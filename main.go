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
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
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
	if err := execute(context.Background(), rootCmd()); err != nil {
		var code exitStatus
		if errors.As(err, &code) {
			os.Exit(int(code))
		}
		os.Exit(1)
	}
}

// exitStatus ends the program with that status and no message: what ended
// has been said already (the line mode's last line).
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// execute runs the command line: fang's help, version and error box, with
// errorHandler drawing the errors.
func execute(ctx context.Context, cmd *cobra.Command) error {
	return fang.Execute(ctx, cmd, fang.WithVersion(version), fang.WithErrorHandler(errorHandler))
}

// errorHandler draws an error in fang's box, except where the line mode has
// already said so in the person's language (input that ended early): an
// accessible session gets no styled box in English, only the exit code 1.
//
// It is fang.DefaultErrorHandler but for two things that garble a message.
// fang's ErrorText style title-cases the first word with golang.org/x/text
// (every part between dashes: «--Admin-Exit», «".Zzz"») and wraps with
// lipgloss, which breaks at dashes and inside long words (a date, a UUID).
// Here only a plain lower-case first word gets a capital, and lines break
// at spaces only.
func errorHandler(w io.Writer, st fang.Styles, err error) {
	var code exitStatus
	if errors.Is(err, ui.ErrInputEnded) || errors.As(err, &code) {
		return
	}
	text := st.ErrorText.UnsetWidth().UnsetTransform()
	msg := capitalise(err.Error())
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		msg += "."
	}
	_, _ = fmt.Fprintln(w, st.ErrorHeader.String())
	// As fang: the text is 4 columns narrower than the box, 2 of them margin.
	_, _ = fmt.Fprintln(w, text.Render(wrapAtSpaces(msg, errorWidth()-4)))
	_, _ = fmt.Fprintln(w)
	if isUsageError(err) {
		_, _ = fmt.Fprintln(w, lipgloss.JoinHorizontal(lipgloss.Left,
			text.Render("Try"),
			st.Program.Flag.Render(" --help "),
			text.UnsetMargins().Render("for usage."),
		))
		_, _ = fmt.Fprintln(w)
	}
}

// errorWidth is the width of the error box: fang's (the terminal's, at
// most 120 columns), measured on standard error first, where the box goes.
func errorWidth() int {
	for _, f := range []*os.File{os.Stderr, os.Stdout} {
		if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
			return min(w, 120)
		}
	}
	return 120
}

// capitalise gives a message a capital first letter, as fang's box does,
// but only when its first word is a plain lower-case word ("unknown",
// "not:"): a flag (--admin-exit), an id, a date or a quoted value at the
// start stays as written.
func capitalise(msg string) string {
	word, _, _ := strings.Cut(msg, " ")
	word = strings.TrimRight(word, ":;,.")
	if word == "" {
		return msg
	}
	for _, r := range word {
		if !unicode.IsLower(r) {
			return msg
		}
	}
	r, size := utf8.DecodeRuneInString(msg)
	return string(unicode.ToUpper(r)) + msg[size:]
}

// wrapAtSpaces breaks s into lines of at most width columns, at spaces
// only, so that a flag name, an id or a date is never cut; a word wider
// than the line gets a line of its own. Line breaks in s stay.
func wrapAtSpaces(s string, width int) string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Split(para, " ") {
			switch {
			case word == "":
			case line == "":
				line = word
			case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
				line += " " + word
			default:
				out = append(out, line)
				line = word
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// isUsageError reports whether err is cobra's complaint about the command
// line itself, which fang follows with "Try --help for usage." (fang's own
// test, which it does not export; see spf13/cobra#2266).
func isUsageError(err error) bool {
	for _, prefix := range []string{
		"flag needs an argument:", "unknown flag:", "unknown shorthand flag:", "unknown command", "invalid argument",
	} {
		if strings.HasPrefix(err.Error(), prefix) {
			return true
		}
	}
	return false
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
	// Every IDPORTEN_WIZARD_* variable is applied, and checked, in one
	// place (applyEnv) before any command runs.
	cmd.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error { return applyEnv(cmd) }
	defDir, err := storage.DefaultDir()
	if err != nil {
		defDir = ""
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&g.dataDir, "data-dir", defDir, "folder for saved registrations")
	pf.StringVar(&g.lang, "lang", "nn", "language: nn (Nynorsk), nb (Bokmål) or en (English)")
	bindEnv(pf, "data-dir", envDataDir)
	bindEnv(pf, "lang", envLang)
	fl := cmd.Flags()
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
	for flag, env := range map[string]string{"theme": envTheme, "guide": envGuide, "kiosk": envKiosk,
		"idle": envIdle, "admin-exit": envAdminExit} {
		bindEnv(fl, flag, env)
	}
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
		res, err := ui.RunLine(ctx, ui.LineOptions{
			Options: opts,
			In:      os.Stdin, Out: os.Stdout,
		})
		// The line mode has said how it ended; a script reads the status.
		if code := ui.LineExitCode(res, err); code != 0 {
			return exitStatus(code)
		}
		return nil
	}
	progOpts := append([]tea.ProgramOption{tea.WithContext(ctx)}, ui.ColorOptions(os.Environ())...)
	_, err = tea.NewProgram(ui.New(opts), progOpts...).Run()
	if errors.Is(err, tea.ErrProgramKilled) {
		return nil
	}
	return err
}
