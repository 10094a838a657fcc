package records

// idporten-wizard delete.

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// deleteCmd is `idporten-wizard delete ID`: erase one registration, after asking.
func deleteCmd(root Root) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete ID",
		Short: "Erase one saved registration (a person's right to erasure)",
		Long: "Erases one registration, as a person's right to erasure asks: its file is removed\n" +
			"from the data directory, not renamed or moved, and the removal is synced to disk.\n" +
			"The start of an id is enough when only one registration starts with it.\n" +
			"It asks for confirmation at the terminal; without a terminal (a script, a pipe)\n" +
			"it refuses unless --yes is given.",
		Example: "  idporten-wizard delete 019ab8a1\n" +
			"  idporten-wizard delete 019ab8a1-7c3e-7d2a-9a57-3f0c2b1e4d5a --yes",
		Args:         cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			// Every record is read so that the question can name this one
			// as list does; files that are not records are list's to report.
			rs, err := loadRecords(root, io.Discard)
			if err != nil {
				return err
			}
			r, err := rs.find(args[0])
			if err != nil {
				return err
			}
			what := describe(r, rs.listedID(r))
			if !yes {
				in, ok := cmd.InOrStdin().(*os.File)
				if !ok || !term.IsTerminal(in.Fd()) {
					return fmt.Errorf("not deleted: confirming needs a terminal, and standard input is not one; "+
						"to delete record %s, add --yes", what)
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "Delete record %s? [y/N] ", what)
				line, _ := bufio.NewReader(in).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
					if line == "" || !strings.HasSuffix(line, "\n") {
						fmt.Fprintln(cmd.ErrOrStderr()) // Ctrl+D: end the prompt's line
					}
					fmt.Fprintln(cmd.OutOrStdout(), "Not deleted.")
					return nil
				}
			}
			if err := rs.store.Delete(r.ID); err != nil {
				return fmt.Errorf("record %s not deleted: %w", r.ID, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Deleted record %s (%s, %s): the file is gone.\n",
				r.ID, r.EID.Name, osloMinute(r.CreatedAt))
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking (for scripts)")
	return cmd
}

// describe names a record for a confirmation by id, the id as list shows
// it: "019ab8a1 (Commfides, 2026-11-25 14:03, 178890 *****)".
func describe(r model.Record, id string) string {
	parts := []string{r.EID.Name, osloMinute(r.CreatedAt)}
	if r.Person.NationalID != "" {
		parts = append(parts, maskedNationalID(r))
	}
	return id + " (" + strings.Join(parts, ", ") + ")"
}
