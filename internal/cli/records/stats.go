package records

// idporten-wizard stats.

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// channels are the channels a record can name, in the order stats shows them.
var channels = []model.Channel{model.ChannelTerminal, model.ChannelSSH, model.ChannelKiosk}

// statsDays is how many days (with registrations) stats shows without --since.
const statsDays = 14

// recordStats are the counts stats prints; the JSON is what --json gives.
type recordStats struct {
	DataDir string `json:"data_dir"`
	// Since is --since in Europe/Oslo, to the whole second like every time
	// in a record (RFC 3339 in the JSON, as list --json and export write).
	Since                    *time.Time     `json:"since,omitempty"`
	Total                    int            `json:"total"`
	ContactRegistered        int            `json:"contact_registered"`
	ContactRegisteredPercent float64        `json:"contact_registered_percent"`
	PerEID                   map[string]int `json:"per_eid"`
	PerChannel               map[string]int `json:"per_channel"`
	PerDay                   []dayCount     `json:"per_day"`
	// DaysLimited says PerDay holds only the latest statsDays days with
	// registrations (no --since given).
	DaysLimited bool `json:"days_limited"`
}

// dayCount is the number of registrations on one day in Europe/Oslo.
type dayCount struct {
	Date  string `json:"date"`
	Count int    `json:"count"`
}

// statsCmd is `idporten-wizard stats`: counts per eID, channel and day.
func statsCmd(root Root) *cobra.Command {
	var (
		filter recordFilter
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Count saved registrations per eID, channel and day",
		Long: "Counts the registrations per eID, per channel and per day (Europe/Oslo; the 14 latest\n" +
			"days with registrations, or every day since --since), and the share that registered\n" +
			"contact data (a mobile number or an e-mail address).",
		Example: "  idporten-wizard stats\n" +
			"  idporten-wizard stats --since 2026-11-01\n" +
			"  idporten-wizard stats --since 30d --json",
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
			s := countRecords(c.apply(rs.all), c.since)
			s.DataDir = rs.dir
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(s)
			}
			out := newOutput(cmd, root.Environ())
			if s.Total == 0 {
				fmt.Fprintln(out.w, rs.emptyMessage())
				return nil
			}
			printStats(out, s)
			return nil
		},
	}
	filter.addFlags(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the counts as JSON, for tools")
	return cmd
}

// countRecords counts recs (newest first); since is --since, zero if none.
func countRecords(recs []model.Record, since time.Time) recordStats {
	s := recordStats{Total: len(recs), PerEID: map[string]int{}, PerChannel: map[string]int{}, PerDay: []dayCount{}}
	if !since.IsZero() {
		t := since.In(model.Oslo())
		s.Since = &t
	}
	for _, e := range model.EIDs() {
		s.PerEID[string(e.Kind)] = 0
	}
	for _, ch := range channels {
		s.PerChannel[string(ch)] = 0
	}
	days := map[string]int{}
	for _, r := range recs {
		s.PerEID[string(r.EID.Kind)]++
		s.PerChannel[string(r.Channel)]++
		days[r.CreatedAt.In(model.Oslo()).Format(time.DateOnly)]++
		if r.ContactRegister.Registered {
			s.ContactRegistered++
		}
	}
	for _, d := range slices.Sorted(maps.Keys(days)) {
		s.PerDay = append(s.PerDay, dayCount{Date: d, Count: days[d]})
	}
	slices.Reverse(s.PerDay) // newest first
	if since.IsZero() && len(s.PerDay) > statsDays {
		s.PerDay, s.DaysLimited = s.PerDay[:statsDays], true
	}
	s.ContactRegisteredPercent = percent(s.ContactRegistered, s.Total)
	return s
}

// percent is part of whole in percent, to one decimal.
func percent(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return math.Round(float64(part)*1000/float64(whole)) / 10
}

// share is a percentage as printed: "70.0%".
func share(part, whole int) string {
	return strconv.FormatFloat(percent(part, whole), 'f', 1, 64) + "%"
}

// printStats writes the counts as text: a summary, then a table each.
func printStats(out output, s recordStats) {
	since := ""
	if s.Since != nil {
		since = " since " + osloMinute(*s.Since)
	}
	fmt.Fprintf(out.w, "%s %d registrations%s in %s\n", out.bold("Total:"), s.Total, since, s.DataDir)
	fmt.Fprintf(out.w, "%s %d of %d registered a mobile number or an e-mail address (%s)\n\n",
		out.bold("Contact data:"), s.ContactRegistered, s.Total, share(s.ContactRegistered, s.Total))

	var rows [][]string
	for _, e := range model.EIDs() {
		n := s.PerEID[string(e.Kind)]
		rows = append(rows, []string{e.Name, strconv.Itoa(n), share(n, s.Total)})
	}
	out.table([]string{"eID", "Registrations", "Share"}, rows, 1, 2)
	fmt.Fprintln(out.w)

	rows = nil
	for _, ch := range channels {
		n := s.PerChannel[string(ch)]
		rows = append(rows, []string{string(ch), strconv.Itoa(n), share(n, s.Total)})
	}
	out.table([]string{"Channel", "Registrations", "Share"}, rows, 1, 2)
	fmt.Fprintln(out.w)

	switch {
	case s.DaysLimited:
		fmt.Fprintf(out.w, "Per day, the %d latest days with registrations (Europe/Oslo):\n", statsDays)
	default:
		fmt.Fprintln(out.w, "Per day with registrations (Europe/Oslo):")
	}
	rows = nil
	for _, d := range s.PerDay {
		rows = append(rows, []string{d.Date, strconv.Itoa(d.Count)})
	}
	out.table([]string{"Day", "Registrations"}, rows, 1)
}
