package records

// idporten-wizard export.

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// exportCmd is `idporten-wizard export`: every registration as JSON lines or CSV.
func exportCmd(root Root) *cobra.Command {
	var (
		filter recordFilter
		format string
	)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write every saved registration to standard output (JSON lines or CSV)",
		Long: "Writes the registrations, newest first, to standard output:\n" +
			"  jsonl  one whole record per line (the default)\n" +
			"  csv    a header row, then one row per record with the fields flattened:\n" +
			"         " + strings.Join(csvHeader[:6], ", ") + ",\n" +
			"         " + strings.Join(csvHeader[6:13], ", ") + ",\n" +
			"         " + strings.Join(csvHeader[13:], ", ") + "\n" +
			"Times are RFC 3339 in Europe/Oslo. In CSV an e-mail address that a spreadsheet would\n" +
			"run as a formula (starting with =, +, - or @) gets a ' in front; jsonl is exact.\n" +
			"A file in the folder that is not a registration is named on standard error and skipped.",
		Example: "  idporten-wizard export > registrations.jsonl\n" +
			"  idporten-wizard export --format csv > registrations.csv\n" +
			"  idporten-wizard export --format csv --since 2026-11-01 --eid minid",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "jsonl" && format != "csv" {
				return fmt.Errorf("unknown format %q (--format): use jsonl or csv", format)
			}
			c, err := filter.compile(time.Now())
			if err != nil {
				return err
			}
			rs, err := loadRecords(root, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			recs := c.apply(rs.all)
			if len(recs) == 0 {
				// Standard output is data: the message goes to the person.
				fmt.Fprintln(cmd.ErrOrStderr(), rs.emptyMessage())
			}
			if format == "csv" {
				return writeCSV(cmd, recs)
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetEscapeHTML(false)
			for _, r := range recs {
				if err := enc.Encode(r); err != nil {
					return err
				}
			}
			return nil
		},
	}
	filter.addFlags(cmd)
	cmd.Flags().StringVar(&format, "format", "jsonl", "output format: jsonl (one JSON record a line) or csv")
	return cmd
}

// csvHeader names the CSV columns.
var csvHeader = []string{
	"id", "created_at", "channel", "language",
	"eid_kind", "eid_name", "eid_issuer", "eid_level", "eid_method",
	"national_id", "id_kind", "synthetic", "birth_date",
	"mobile", "mobile_verified_at", "email", "email_verified_at", "contact_registered",
}

// writeCSV writes the header and one row per record.
func writeCSV(cmd *cobra.Command, recs []model.Record) error {
	w := csv.NewWriter(cmd.OutOrStdout())
	_ = w.Write(csvHeader)
	for _, r := range recs {
		syn := ""
		if r.Person.Synthetic != nil {
			syn = strconv.FormatBool(*r.Person.Synthetic)
		}
		c := r.ContactRegister
		_ = w.Write([]string{
			r.ID, csvTime(&r.CreatedAt), string(r.Channel), r.Language,
			string(r.EID.Kind), r.EID.Name, r.EID.Issuer, string(r.EID.Level), string(r.EID.Method),
			r.Person.NationalID, string(r.Person.IDKind), syn, r.Person.BirthDate.Format(time.DateOnly),
			c.Mobile, csvTime(c.MobileVerifiedAt), spreadsheetText(c.Email), csvTime(c.EmailVerifiedAt),
			strconv.FormatBool(c.Registered),
		})
	}
	w.Flush()
	return w.Error()
}

// csvTime is a time as RFC 3339 in Europe/Oslo, or "" for none.
func csvTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(model.Oslo()).Format(time.RFC3339)
}

// spreadsheetText keeps a value typed by the public (an e-mail address can
// be "=HYPERLINK(…)@x.no") from running as a formula when the CSV is opened
// in a spreadsheet: one starting with = + - or @ gets a ' in front.
func spreadsheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
