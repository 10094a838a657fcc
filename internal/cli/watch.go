package cli

// idporten-wizard watch: the help desk watching a caller's journey.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/idporten-wizard/idporten-wizard/hub"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// watchCmd is `idporten-wizard watch [CODE]`.
func watchCmd(g *globals) *cobra.Command {
	var h hubFlags
	var theme string
	cmd := &cobra.Command{
		Use:   "watch [CODE]",
		Short: "Watch a caller's journey live, masked, with the code they read out (help desk)",
		Long: "Shows the journey of a caller who pressed F2 «Få hjelp» and read out their help code:\n" +
			"their screen rebuilt in your window and language from the journey itself, with\n" +
			"their personal data masked on their machine, and the guide for their step beside\n" +
			"it. Tab sends them a hint; you can never type or press keys for them.\n" +
			"Without CODE it asks for one. The hub is serve's embedded one on this machine\n" +
			"unless --hub says otherwise; the helper credentials are --hub-creds, the\n" +
			"IDPORTEN_WIZARD_HUB_USER/_PASSWORD variables, or the file serve's hub wrote.",
		Example:      "  idporten-wizard watch 123456\n  idporten-wizard watch --hub tls://hub.example:4222 --hub-creds ~/.config/idporten-wizard/helper.creds",
		Args:         cobra.MaximumNArgs(1),
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			code := ""
			if len(args) == 1 {
				var ok bool
				if code, ok = validCode(args[0]); !ok {
					return fmt.Errorf("help code %q: six digits, as the caller reads them out", args[0])
				}
			}
			return runWatch(cmd, g, h, theme, code)
		},
	}
	h.register(cmd.Flags(), "helper", false)
	cmd.Flags().StringVar(&theme, "theme", string(ui.ThemeDefault), "colours: default or high-contrast")
	cmd.Flags().Lookup("theme").DefValue = ""
	return cmd
}

func runWatch(cmd *cobra.Command, g *globals, h hubFlags, themeName, code string) error {
	lang, ok := ui.ParseLang(g.lang)
	if !ok {
		return fmt.Errorf("unknown language %q (--lang): use nn, nb or en", g.lang)
	}
	theme, ok := ui.ParseTheme(themeName)
	if !ok {
		return fmt.Errorf("unknown theme %q (--theme): use default or high-contrast", themeName)
	}
	if h.url == "" {
		h.url = "nats://" + hub.DefaultListen
	}
	user, password, err := h.credentials(g.environ, filepath.Join(hubDir(), "helper.creds"))
	if err != nil {
		return err
	}
	var watchMu = make(chan *hub.Watch, 1)
	watchMu <- nil
	nc, err := hub.Connect(hub.ConnectOptions{URL: h.url, User: user, Password: password, CAFile: h.ca,
		Name: "idporten-wizard watch",
		OnStatus: func(up bool) {
			w := <-watchMu
			if w != nil {
				w.Status(up)
			}
			watchMu <- w
		}})
	if err != nil {
		return err
	}
	defer nc.Close()
	helper := hub.NewHelperName()
	j := &joiner{join: func(code string) (*hub.Watch, error) {
		w, err := hub.Join(context.Background(), nc, helper, code)
		if err == nil {
			<-watchMu
			watchMu <- w
		}
		return w, err
	}}
	m := ui.NewWatch(ui.WatchOptions{Lang: lang, Theme: theme, Code: code, Join: j.Join})
	defer m.Close()
	progOpts := []tea.ProgramOption{tea.WithContext(cmd.Context())}
	progOpts = append(progOpts, ui.ColorOptions(g.environ)...)
	if in := cmd.InOrStdin(); in != io.Reader(os.Stdin) {
		progOpts = append(progOpts, tea.WithInput(in))
	}
	if out := cmd.OutOrStdout(); out != io.Writer(os.Stdout) {
		progOpts = append(progOpts, tea.WithOutput(out))
	}
	_, err = tea.NewProgram(m, progOpts...).Run()
	if errors.Is(err, tea.ErrProgramKilled) {
		return nil
	}
	return err
}
