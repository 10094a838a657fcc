package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

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

// applyEnv gives every flag of cmd that was not on the command line the
// value of its environment variable, when that is set. A value the flag
// would refuse is refused, naming the variable, never replaced by the
// default: IDPORTEN_WIZARD_KIOSK=0 turns the kiosk off, and
// IDPORTEN_WIZARD_MAX_SESSIONS=many is an error.
func applyEnv(cmd *cobra.Command) error {
	var errs []error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		names := f.Annotations[envAnnotation]
		if len(names) == 0 || f.Changed {
			return
		}
		v, ok := os.LookupEnv(names[0])
		if !ok || v == "" {
			return
		}
		if err := f.Value.Set(v); err != nil {
			errs = append(errs, fmt.Errorf("%s=%s is not %s (it sets --%s)", names[0], strconv.Quote(v), valueKind(f), f.Name))
		}
	})
	return errors.Join(errs...)
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
