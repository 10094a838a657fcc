package records

// idporten-wizard show.

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// showCmd is `idporten-wizard show ID`: one registration in full.
func showCmd(root Root) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one saved registration in full",
		Long: "Shows the whole registration: when and where it was made, the eID and login method, the\n" +
			"person's full national ID and birth date, and the contact data with when each was verified.\n" +
			"The start of an id is enough when only one registration starts with it.\n" +
			"With --json it prints the file exactly as stored.",
		Example: "  idporten-wizard show 019ab8a1\n" +
			"  idporten-wizard show 019ab8a1-7c3e-7d2a-9a57-3f0c2b1e4d5a\n" +
			"  idporten-wizard show 019ab8a1 --json > copy.json",
		Args:         cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, err := openRecords(root)
			if err != nil {
				return err
			}
			r, err := rs.find(args[0])
			if err != nil {
				return err
			}
			if asJSON {
				raw, err := rs.store.Raw(r.ID)
				if err != nil {
					return fmt.Errorf("registration %s cannot be read: %w", r.ID, err)
				}
				_, err = cmd.OutOrStdout().Write(raw)
				return err
			}
			out := newOutput(cmd, root.Environ())
			out.fields(recordFields(r, filepath.Join(rs.dir, r.ID+".json")))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the record's file exactly as stored")
	return cmd
}

// Names of stored values, for show.
var (
	languageNames = map[string]string{"nn": "Nynorsk", "nb": "Bokmål", "en": "English", "se": "Northern Sami"}
	methodNames   = map[model.Method]string{
		model.MethodSMS: "SMS code", model.MethodApp: "app", model.MethodPINLetter: "PIN-code letter",
		model.MethodCodeDevice: "code device", model.MethodSIM: "SIM card", model.MethodSmartcard: "smart card",
		model.MethodUSB: "USB stick",
	}
	idKindNames = map[model.IDKind]string{model.KindFNR: "fødselsnummer", model.KindDNR: "D-number", model.KindHNR: "H-number"}
)

// named is "name (value)", or the value alone when it has no name.
func named(value, name string) string {
	if name == "" || name == value {
		return value
	}
	return name + " (" + value + ")"
}

// recordFields are the labelled lines show prints for r. The national ID is
// whole: show is the record itself, asked for by id.
func recordFields(r model.Record, path string) [][2]string {
	f := [][2]string{
		{"Registration", r.ID},
		{"Saved", osloSecond(r.CreatedAt) + " (Europe/Oslo)"},
		{"Channel", string(r.Channel)},
		{"Language", named(r.Language, languageNames[r.Language])},
		{"eID", named(string(r.EID.Kind), r.EID.Name)},
		{"Issuer", r.EID.Issuer},
		{"Level", fmt.Sprintf("%s (old level %d)", r.EID.Level, r.EID.Level.Number())},
		{"Login method", named(string(r.EID.Method), methodNames[r.EID.Method])},
	}
	p := r.Person
	if p.NationalID == "" {
		f = append(f, [2]string{"National ID", "none (" + r.EID.Name + " logs in with mobile number and birth date)"})
	} else {
		kind := idKindNames[p.IDKind]
		if p.Synthetic != nil && *p.Synthetic {
			kind += ", synthetic test number"
		}
		f = append(f, [2]string{"National ID", p.NationalID + " (" + kind + ")"})
	}
	f = append(f, [2]string{"Birth date", p.BirthDate.Format(time.DateOnly)})
	c := r.ContactRegister
	f = append(f, [2]string{"Contact data", map[bool]string{true: "registered", false: "not registered"}[c.Registered]})
	if c.Mobile != "" {
		f = append(f, [2]string{"Mobile", model.FormatMobile(c.Mobile) + verified(c.MobileVerifiedAt)})
	}
	if c.Email != "" {
		f = append(f, [2]string{"E-mail", c.Email + verified(c.EmailVerifiedAt)})
	}
	return append(f, [2]string{"File", path})
}

// verified says when a mobile number or address was confirmed.
func verified(t *time.Time) string {
	if t == nil {
		return ""
	}
	return ", verified " + osloSecond(*t)
}
