package cli

// The one loader of IDPORTEN_WIZARD_* variables: every flag is bound to a
// variable (bindEnv), and the variables are applied and checked before a
// command runs (applyEnv).

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// Environment variables of the shared flags and the wizard's. Those of
// serve are named after their flags (envName).
const (
	envDataDir   = "IDPORTEN_WIZARD_DATA"
	envLang      = "IDPORTEN_WIZARD_LANG"
	envTheme     = "IDPORTEN_WIZARD_THEME"
	envKiosk     = "IDPORTEN_WIZARD_KIOSK"
	envGuide     = "IDPORTEN_WIZARD_GUIDE"
	envIdle      = "IDPORTEN_WIZARD_IDLE"
	envAdminExit = "IDPORTEN_WIZARD_ADMIN_EXIT"
)

// envName is the variable of a flag named by the rule: --max-sessions is
// IDPORTEN_WIZARD_MAX_SESSIONS.
func envName(flag string) string {
	return "IDPORTEN_WIZARD_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// envAnnotation marks a flag with the environment variable that sets it.
const envAnnotation = "idporten-wizard/env"

// bindEnv binds a flag to an environment variable: the variable's value
// applies when the flag is not on the command line, and is checked exactly
// as the flag's would be (see applyEnv). The flag's help names it.
func bindEnv(fl *pflag.FlagSet, name, env string) {
	f := fl.Lookup(name)
	if f == nil {
		panic("bindEnv: no flag --" + name)
	}
	if f.Annotations == nil {
		f.Annotations = map[string][]string{}
	}
	f.Annotations[envAnnotation] = []string{env}
	f.Usage += " (env " + env + ")"
}

// applyEnv gives every flag in fl that was not on the command line the
// value of its environment variable, as lookup finds it, when that is set
// and not empty. A value the flag would refuse is refused, naming the
// variable, never replaced by the default: IDPORTEN_WIZARD_KIOSK=0 turns
// the kiosk off, and IDPORTEN_WIZARD_MAX_SESSIONS=many is an error.
func applyEnv(fl *pflag.FlagSet, lookup func(string) (string, bool)) error {
	var errs []error
	fl.VisitAll(func(f *pflag.Flag) {
		names := f.Annotations[envAnnotation]
		if len(names) == 0 || f.Changed {
			return
		}
		v, ok := lookup(names[0])
		if !ok || v == "" {
			return
		}
		if err := f.Value.Set(v); err != nil {
			errs = append(errs, fmt.Errorf("%s=%s is not %s (it sets --%s)", names[0], strconv.Quote(v), valueKind(f), f.Name))
		}
	})
	return errors.Join(errs...)
}

// lookupIn looks a variable up in environ, a list as os.Environ gives it;
// where a name is listed twice the last one counts, as with os/exec.
func lookupIn(environ []string) func(string) (string, bool) {
	vars := make(map[string]string, len(environ))
	for _, kv := range environ {
		if name, value, ok := strings.Cut(kv, "="); ok {
			vars[name] = value
		}
	}
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

// valueKind says in words what a flag's value must be.
func valueKind(f *pflag.Flag) string {
	switch f.Value.Type() {
	case "bool":
		return "true or false (1 or 0)"
	case "int":
		return "a whole number"
	case "float64":
		return "a number"
	case "duration":
		return "a duration such as 90s, 10m or 1h"
	}
	return "a valid " + f.Value.Type()
}
