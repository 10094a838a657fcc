package cli

// Tests of the loader of IDPORTEN_WIZARD_* variables (bindEnv, applyEnv)
// on the real flag sets, with the environment given, never the process's.

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// wizardFlagSet is the root command's flags, shared and the wizard's, as
// the wizard parses them.
func wizardFlagSet() (*pflag.FlagSet, *globals, *wizardFlags) {
	fl := pflag.NewFlagSet("idporten-wizard", pflag.ContinueOnError)
	g, w := &globals{}, &wizardFlags{}
	g.register(fl)
	w.register(fl)
	return fl, g, w
}

// serveFlagSet is serve's flags with the shared ones, as serve parses them.
func serveFlagSet() (*pflag.FlagSet, *globals, *serveFlags) {
	fl := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	g, f := &globals{}, &serveFlags{}
	g.register(fl)
	f.register(fl)
	return fl, g, f
}

// parse parses args into fl and applies environ as the command line does.
func parse(fl *pflag.FlagSet, environ []string, args ...string) error {
	if err := fl.Parse(args); err != nil {
		return err
	}
	return applyEnv(fl, lookupIn(environ))
}

// boundVars are the variables of fl's flags, by flag.
func boundVars(fl *pflag.FlagSet) map[string]string {
	vars := map[string]string{}
	fl.VisitAll(func(f *pflag.Flag) {
		if names := f.Annotations[envAnnotation]; len(names) > 0 {
			vars[f.Name] = names[0]
		}
	})
	return vars
}

// TestEveryFlagHasItsVariable: the wizard's, serve's and the shared flags
// each have exactly the variable the README names, and the help says so;
// the records commands' own flags have none.
func TestEveryFlagHasItsVariable(t *testing.T) {
	t.Parallel()
	wiz, _, _ := wizardFlagSet()
	srv, _, _ := serveFlagSet()
	wantServe := merge(serveVars, map[string]string{"data-dir": rootVars["data-dir"], "lang": rootVars["lang"]})
	for name, tc := range map[string]struct {
		fl   *pflag.FlagSet
		want map[string]string
	}{"wizard": {wiz, rootVars}, "serve": {srv, wantServe}} {
		if got := boundVars(tc.fl); !maps.Equal(got, tc.want) {
			t.Errorf("%s: variables %v\nwant %v", name, got, tc.want)
		}
		tc.fl.VisitAll(func(f *pflag.Flag) {
			if env, ok := tc.want[f.Name]; ok && !strings.HasSuffix(f.Usage, " (env "+env+")") {
				t.Errorf("%s: --%s's help does not end naming %s: %q", name, f.Name, env, f.Usage)
			}
			if _, ok := tc.want[f.Name]; !ok && f.Name != "accessible" {
				t.Errorf("%s: --%s has no variable", name, f.Name)
			}
		})
	}
	// The records commands take only the shared variables.
	root := newRoot(Process{})
	for _, c := range root.Commands() {
		// serve's are checked above, hub's in TestHubFlags, watch's are
		// the hub flags the wizard has.
		if c.Name() == "serve" || c.Name() == "hub" || c.Name() == "watch" || c.Name() == "help" ||
			c.Name() == "completion" || c.Name() == "man" {
			continue
		}
		c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			if len(f.Annotations[envAnnotation]) > 0 {
				t.Errorf("%s --%s has a variable, %v", c.Name(), f.Name, f.Annotations[envAnnotation])
			}
		})
	}
	for _, name := range []string{"list", "show", "export", "delete", "stats"} {
		if !slices.ContainsFunc(root.Commands(), func(c *cobra.Command) bool { return c.Name() == name }) {
			t.Errorf("no %s command", name)
		}
	}
}

// TestEnvSetsEveryFlag: each variable sets its flag when the flag is not
// on the command line, parsed as the flag would parse it; a value the flag
// would refuse is refused, naming the variable, the value and the flag.
func TestEnvSetsEveryFlag(t *testing.T) {
	t.Parallel()
	// A good value, as the flag then prints it, and a bad one ("" for a
	// string, which takes any value), by the flag's type.
	byType := map[string]struct{ good, printed, bad, kind string }{
		"bool":     {"1", "true", "yes please", "true or false (1 or 0)"},
		"int":      {"7", "7", "many", "a whole number"},
		"float64":  {"2.5", "2.5", "fast", "a number"},
		"duration": {"3m", "3m0s", "soon", "a duration such as 90s, 10m or 1h"},
		"string":   {"from-env", "from-env", "", ""},
	}
	for name, mk := range map[string]func() *pflag.FlagSet{
		"wizard": func() *pflag.FlagSet { fl, _, _ := wizardFlagSet(); return fl },
		"serve":  func() *pflag.FlagSet { fl, _, _ := serveFlagSet(); return fl },
	} {
		for flag, env := range boundVars(mk()) {
			fl := mk()
			typ := fl.Lookup(flag).Value.Type()
			v, ok := byType[typ]
			if !ok {
				t.Errorf("%s --%s: a %s flag; the test knows no value for it", name, flag, typ)
				continue
			}
			if err := parse(fl, []string{env + "=" + v.good}); err != nil {
				t.Errorf("%s %s=%s: %v", name, env, v.good, err)
			} else if got := fl.Lookup(flag).Value.String(); got != v.printed {
				t.Errorf("%s %s=%s: --%s is %q, want %q", name, env, v.good, flag, got, v.printed)
			}
			if v.bad == "" {
				continue
			}
			fl = mk()
			want := env + `="` + v.bad + `" is not ` + v.kind + " (it sets --" + flag + ")"
			if err := parse(fl, []string{env + "=" + v.bad}); err == nil || err.Error() != want {
				t.Errorf("%s %s=%s: error %v, want %q", name, env, v.bad, err, want)
			}
		}
	}
}

// TestEnvValues: the rules of the loader, on the wizard's and serve's flags.
func TestEnvValues(t *testing.T) {
	t.Parallel()
	kiosk := func(t *testing.T, environ []string, args ...string) (bool, error) {
		t.Helper()
		fl, _, w := wizardFlagSet()
		err := parse(fl, environ, args...)
		return w.kiosk, err
	}
	for _, tc := range []struct {
		name    string
		environ []string
		args    []string
		want    bool
	}{
		{"unset", nil, nil, false},
		{"0 is off", []string{envKiosk + "=0"}, nil, false},
		{"false is off", []string{envKiosk + "=false"}, nil, false},
		{"1 is on", []string{envKiosk + "=1"}, nil, true},
		{"true is on", []string{envKiosk + "=true"}, nil, true},
		{"empty is unset", []string{envKiosk + "="}, nil, false},
		{"the flag wins over the variable", []string{envKiosk + "=1"}, []string{"--kiosk=false"}, false},
		{"the flag wins, on", []string{envKiosk + "=0"}, []string{"--kiosk"}, true},
		{"listed twice: the last counts", []string{envKiosk + "=1", envKiosk + "=0"}, nil, false},
	} {
		got, err := kiosk(t, tc.environ, tc.args...)
		if err != nil || got != tc.want {
			t.Errorf("%s: kiosk %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
	if _, err := kiosk(t, []string{envKiosk + "=yes please"}); err == nil ||
		err.Error() != `IDPORTEN_WIZARD_KIOSK="yes please" is not true or false (1 or 0) (it sets --kiosk)` {
		t.Errorf("KIOSK=yes please: %v", err)
	}
	// A bad variable under a flag given on the command line is not read.
	if got, err := kiosk(t, []string{envKiosk + "=yes please"}, "--kiosk"); err != nil || !got {
		t.Errorf("--kiosk with KIOSK=yes please: %v, %v; want on, no error", got, err)
	}

	fl, g, w := wizardFlagSet()
	if err := parse(fl, []string{envLang + "=en", envDataDir + "=/srv/reg", envIdle + "=5s", envAdminExit + "=ctrl+x q",
		envTheme + "=high-contrast", envGuide + "=1", "IDPORTEN_WIZARD_UNKNOWN=1"}, "--lang", "nb"); err != nil {
		t.Fatal(err)
	}
	if g.lang != "nb" || g.dataDir != "/srv/reg" || w.idle != 5*time.Second || w.adminExit != "ctrl+x q" ||
		w.theme != "high-contrast" || !w.guide {
		t.Errorf("wizard flags from the environment: %+v %+v", *g, *w)
	}

	fl, _, _ = serveFlagSet()
	if err := parse(fl, []string{"IDPORTEN_WIZARD_MAX_SESSIONS=many"}); err == nil ||
		err.Error() != `IDPORTEN_WIZARD_MAX_SESSIONS="many" is not a whole number (it sets --max-sessions)` {
		t.Errorf("MAX_SESSIONS=many: %v", err)
	}
	fl, _, f := serveFlagSet()
	if err := parse(fl, []string{"IDPORTEN_WIZARD_MAX_SESSIONS=12", "IDPORTEN_WIZARD_CONN_RATE=0.5",
		"IDPORTEN_WIZARD_MAX_WINDOW=500x200"}); err != nil {
		t.Fatal(err)
	}
	if f.maxSessions != 12 || f.lim.ConnRate != 0.5 || f.window != "500x200" {
		t.Errorf("serve flags from the environment: %+v", *f)
	}
}

// TestLookupIn: a variable is found by its whole name; the last listing
// counts; a value may hold "=".
func TestLookupIn(t *testing.T) {
	t.Parallel()
	lookup := lookupIn([]string{"A=1", "AB=2", "A=3", "EMPTY=", "EQ=x=y", "junk"})
	for name, want := range map[string]string{"A": "3", "AB": "2", "EMPTY": "", "EQ": "x=y"} {
		if got, ok := lookup(name); !ok || got != want {
			t.Errorf("lookup(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"B", "junk", ""} {
		if got, ok := lookup(name); ok {
			t.Errorf("lookup(%q) = %q, want unset", name, got)
		}
	}
	if _, ok := lookupIn(nil)("HOME"); ok {
		t.Error("an empty environment has HOME: the process's was read")
	}
}

// TestEnvName: serve's variables follow the rule.
func TestEnvName(t *testing.T) {
	t.Parallel()
	for flag, want := range map[string]string{"max-sessions": "IDPORTEN_WIZARD_MAX_SESSIONS", "listen": "IDPORTEN_WIZARD_LISTEN"} {
		if got := envName(flag); got != want {
			t.Errorf("envName(%q) = %q, want %q", flag, got, want)
		}
	}
}
