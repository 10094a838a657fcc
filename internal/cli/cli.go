// Package cli is the command line of idporten-wizard: the root command (the
// wizard itself), `serve` (the wizard over SSH) and the help desk's records
// commands (package records), on cobra with fang's help, version and error
// box.
//
// Every flag can also be set by an IDPORTEN_WIZARD_* variable; the variables
// are applied and checked in one place (applyEnv) before a command runs, and
// a value the flag would refuse is refused, naming the variable. Run takes
// the arguments, the environment and the streams, so tests run the command
// line in-process; Main gives it the process's.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/idporten-wizard/idporten-wizard/internal/cli/records"
	"github.com/idporten-wizard/idporten-wizard/storage"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// Process is what one run of the command line gets from the program around
// it: the version it was built as, its environment and its standard streams.
type Process struct {
	// Version is what --version prints.
	Version string
	// Environ is the environment as os.Environ lists it (KEY=value): the
	// IDPORTEN_WIZARD_* variables, and ACCESSIBLE, TERM and NO_COLOR. Where
	// a name is listed twice the last one counts, as with os/exec. Nil is
	// an empty environment, not the process's.
	Environ []string
	// Stdin is standard input; nil is os.Stdin.
	Stdin io.Reader
	// Stdout and Stderr are standard output and error; nil is os.Stdout
	// and os.Stderr.
	Stdout, Stderr io.Writer
}

// Main runs the command line with this process's environment and standard
// streams; args are its arguments without the program's name. It returns
// the exit status, for os.Exit.
func Main(version string, args []string) int {
	return Run(context.Background(), Process{
		Version: version, Environ: os.Environ(),
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
	}, args...)
}

// Run runs the command line once with args (without the program's name) and
// returns its exit status: 0, 1 for an error (told in fang's box on
// standard error), or the line mode's own status (ui.LineExitCode), which
// the line mode has explained itself.
func Run(ctx context.Context, p Process, args ...string) int {
	err := execute(ctx, p.Version, newRoot(p), args)
	if err == nil {
		return 0
	}
	var code exitStatus
	if errors.As(err, &code) {
		return int(code)
	}
	return 1
}

// exitStatus ends the program with that status and no message: what ended
// has been said already (the line mode's last line).
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// execute runs root with args: fang's help, version and error box, with
// errorHandler drawing the errors.
func execute(ctx context.Context, version string, root *cobra.Command, args []string) error {
	if args == nil {
		args = []string{} // cobra takes nil for "use os.Args"
	}
	root.SetArgs(args)
	return fang.Execute(ctx, root, fang.WithVersion(version),
		fang.WithErrorHandler(errorHandler(root.ErrOrStderr(), root.OutOrStdout())))
}

// newRoot is the whole command line for one run: the wizard, serve and the
// records commands, reading p's environment and streams.
func newRoot(p Process) *cobra.Command {
	g := &globals{environ: p.Environ}
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
			return runWizard(cmd, g, w)
		},
	}
	// Every IDPORTEN_WIZARD_* variable is applied, and checked, in one
	// place (applyEnv) before any command runs.
	lookup := lookupIn(p.Environ)
	cmd.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error { return applyEnv(cmd.Flags(), lookup) }
	g.register(cmd.PersistentFlags())
	w.register(cmd.Flags())
	cmd.AddCommand(serveCmd(g))
	cmd.AddCommand(watchCmd(g))
	cmd.AddCommand(newHubCmd())
	cmd.AddCommand(records.Commands(g)...)
	if p.Stdin != nil {
		cmd.SetIn(p.Stdin)
	}
	if p.Stdout != nil {
		cmd.SetOut(p.Stdout)
	}
	if p.Stderr != nil {
		cmd.SetErr(p.Stderr)
	}
	return cmd
}

// globals are the flags every command shares, and the environment; the
// records commands read them through records.Root.
type globals struct {
	dataDir string
	lang    string
	environ []string
}

// register adds the shared flags to fl (the root's persistent flags), each
// bound to its variable.
func (g *globals) register(fl *pflag.FlagSet) {
	defDir, err := storage.DefaultDir()
	if err != nil {
		defDir = ""
	}
	fl.StringVar(&g.dataDir, "data-dir", defDir, "folder for saved registrations")
	fl.StringVar(&g.lang, "lang", "nn", "language: nn (Nynorsk), nb (Bokmål) or en (English)")
	bindEnv(fl, "data-dir", envDataDir)
	bindEnv(fl, "lang", envLang)
}

// DataDir is the data directory (--data-dir or IDPORTEN_WIZARD_DATA), or an
// error saying how to set one.
func (g *globals) DataDir() (string, error) {
	if g.dataDir == "" {
		return "", errors.New("no data directory: set --data-dir or " + envDataDir)
	}
	return g.dataDir, nil
}

// Environ is the environment of this run, as os.Environ lists it.
func (g *globals) Environ() []string { return g.environ }

// open checks the shared flags and opens the store.
func (g *globals) open() (*storage.Store, ui.Lang, error) {
	lang, ok := ui.ParseLang(g.lang)
	if !ok {
		return nil, "", fmt.Errorf("unknown language %q (--lang): use nn, nb or en", g.lang)
	}
	dir, err := g.DataDir()
	if err != nil {
		return nil, "", err
	}
	st, err := storage.Open(dir)
	if err != nil {
		return nil, "", fmt.Errorf("data directory: %w", err)
	}
	return st, lang, nil
}
