package main

// idporten-wizard list and idporten-wizard show.

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// listCmd is `idporten-wizard list`: the registrations as a table, newest first.
func listCmd(g *globalFlags) *cobra.Command {
	var (
		filter recordFilter
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List saved registrations, newest first",
		Long: "Lists the registrations saved in the data directory, newest first: when (Europe/Oslo),\n" +
			"the id (as much of it as tells it apart; show and delete take it), the eID, the channel,\n" +
			"the language, the national ID masked, and whether contact data was registered.\n" +
			"A file in the folder that is not a registration is named on standard error and skipped,\n" +
			"and so is a hidden temp file a crash left during a save (an unfinished save).\n" +
			"At a terminal the list is a table; piped it is plain columns (use --json for tools).",
		Example: "  idporten-wizard list\n" +
			"  idporten-wizard list --since 7d --eid minid\n" +
			"  idporten-wizard list --since 2026-11-01 --eid bankid,buypass\n" +
			"  idporten-wizard list --json | jq '.[].contact_register.email'",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := filter.compile(time.Now())
			if err != nil {
				return err
			}
			rs, err := loadRecords(g, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			shown := c.apply(rs.all)
			if asJSON {
				return writeJSON(cmd, shown)
			}
			out := newOutput(cmd)
			if len(shown) == 0 {
				fmt.Fprintln(out.w, rs.emptyMessage())
				return nil
			}
			n := rs.shortIDLen(shown)
			rows := make([][]string, len(shown))
			for i, r := range shown {
				rows[i] = []string{osloMinute(r.CreatedAt), short(r.ID, n), r.EID.Name, string(r.Channel),
					r.Language, maskedNationalID(r), yesNo(r.ContactRegister.Registered)}
			}
			out.table([]string{"Saved", "ID", "eID", "Channel", "Lang", "National ID", "Contact"}, rows)
			if out.styled {
				of := ""
				if len(shown) < len(rs.all) {
					of = fmt.Sprintf(" of %d", len(rs.all))
				}
				fmt.Fprintf(out.w, "%d%s registrations in %s, newest first; times in Europe/Oslo.\n", len(shown), of, rs.dir)
			}
			return nil
		},
	}
	filter.addFlags(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of the whole records, newest first, for tools")
	return cmd
}

// writeJSON prints v as indented JSON; no records is an empty array.
func writeJSON(cmd *cobra.Command, recs []model.Record) error {
	if recs == nil {
		recs = []model.Record{}
	}
	enc := json.NewEncoder(cmd.OutOrStdout())
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(recs)
}

// showCmd is `idporten-wizard show ID`: one registration in full.
func showCmd(g *globalFlags) *cobra.Command {
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
			rs, err := openRecords(g)
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
			out := newOutput(cmd)
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
