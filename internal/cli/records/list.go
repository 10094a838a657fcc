package records

// idporten-wizard list.

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// listCmd is `idporten-wizard list`: the registrations as a table, newest first.
func listCmd(root Root) *cobra.Command {
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
			rs, err := loadRecords(root, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			shown := c.apply(rs.all)
			if asJSON {
				return writeJSON(cmd, shown)
			}
			out := newOutput(cmd, root.Environ())
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
