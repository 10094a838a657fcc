// Package records holds the help desk's commands over saved registrations:
// list, show, export, delete and stats. Their output is for staff, in
// English. Every one reads the data directory as it is (a missing folder is
// not created, nothing is removed but by delete), reports a file that is
// not a record, and a crashed save's hidden temp file, on standard error by
// name and goes on with the rest, and shows times in Europe/Oslo.
package records

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
)

// Root is what the records commands need of the root command, read when
// one runs (its flags and variables applied by then).
type Root interface {
	// DataDir is the data directory (--data-dir), or an error that says
	// how to set one.
	DataDir() (string, error)
	// Environ is the environment, as os.Environ lists it: ACCESSIBLE,
	// TERM and NO_COLOR decide how a table is drawn at a terminal.
	Environ() []string
}

// Commands are the help-desk commands over saved registrations, for the
// root command to add: list, show, export, delete and stats.
func Commands(root Root) []*cobra.Command {
	return []*cobra.Command{listCmd(root), showCmd(root), exportCmd(root), deleteCmd(root), statsCmd(root)}
}

// recordSet is what a records command reads from the data directory.
type recordSet struct {
	dir   string         // the data directory, absolute
	store *storage.Store // nil when the folder does not exist
	all   []model.Record // every valid record, newest first
	// names are the ids of every record file, valid or not, which is what
	// a prefix given to show or delete is matched against.
	names []string
}

// openRecords opens the data directory as it is: a folder that does not
// exist is not created (it just holds nothing yet).
func openRecords(root Root) (*recordSet, error) {
	dir, err := root.DataDir()
	if err != nil {
		return nil, err
	}
	rs := &recordSet{dir: dir}
	if abs, err := filepath.Abs(dir); err == nil {
		rs.dir = abs
	}
	st, err := storage.OpenExisting(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return rs, nil
	} else if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	rs.store = st
	return rs, nil
}

// loadRecords opens the data directory and reads every record in it,
// reporting each file that is not a record on stderr ("skipped: NAME: why"),
// and each hidden temp file a crashed save left ("unfinished save: NAME
// (…)"), by name only: it may hold a person's data.
func loadRecords(root Root, stderr io.Writer) (*recordSet, error) {
	rs, err := openRecords(root)
	if err != nil || rs.store == nil {
		return rs, err
	}
	recs, problems := rs.store.List()
	for _, p := range problems {
		var fe *storage.FileError
		if !errors.As(p, &fe) {
			return nil, fmt.Errorf("data directory: %w", p)
		}
		if errors.Is(fe, storage.ErrUnfinishedSave) {
			// Not a record, nor a name show or delete take.
			fmt.Fprintf(stderr, "unfinished save: %s (left by a crash; the wizard removes it once %s old)\n",
				fe.Name, minutes(storage.StaleTempAge))
			continue
		}
		fmt.Fprintf(stderr, "skipped: %s\n", fe)
		rs.names = append(rs.names, strings.TrimSuffix(fe.Name, ".json"))
	}
	rs.all = recs
	for _, r := range recs {
		rs.names = append(rs.names, r.ID)
	}
	return rs, nil
}

// emptyMessage is the one line said when there is nothing to show.
func (rs *recordSet) emptyMessage() string {
	if len(rs.all) == 0 {
		return fmt.Sprintf("No registrations in %s yet.", rs.dir)
	}
	return fmt.Sprintf("No registrations match (%d in %s).", len(rs.all), rs.dir)
}

// find returns the one record whose id starts with prefix, with errors a
// person at the help desk can act on.
func (rs *recordSet) find(prefix string) (model.Record, error) {
	// A pasted file name or an id typed in capitals still finds it.
	p := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(prefix), ".json"))
	if rs.store == nil {
		return model.Record{}, fmt.Errorf("no registration with id %q: nothing is saved in %s", prefix, rs.dir)
	}
	r, err := rs.store.Find(p)
	var amb *storage.AmbiguousError
	switch {
	case err == nil:
		return r, nil
	case errors.As(err, &amb):
		const most = 5
		names := amb.IDs
		more := ""
		if len(names) > most {
			more = fmt.Sprintf(" and %d more", len(names)-most)
			names = names[:most]
		}
		return model.Record{}, fmt.Errorf("ambiguous id %q: it matches %d registrations: %s%s; type more of the id",
			prefix, len(amb.IDs), strings.Join(names, ", "), more)
	case errors.Is(err, storage.ErrNotFound):
		return model.Record{}, fmt.Errorf("no registration with id %q in %s (see: idporten-wizard list)", prefix, rs.dir)
	case errors.Is(err, storage.ErrBadID):
		return model.Record{}, fmt.Errorf("%q is not a registration id: an id is like 019ab8a1-7c3e-7d2a-9a57-3f0c2b1e4d5a (a unique start is enough)", prefix)
	}
	return model.Record{}, fmt.Errorf("registration %q cannot be read: %w", prefix, err)
}

// shortIDLen is how many characters of an id the listing shows: 8, or more
// where needed to tell every one of these records from every other file in
// the folder, so that what is shown also works with show and delete.
// (UUIDv7 ids made within about a minute share their first 8 characters.)
func (rs *recordSet) shortIDLen(shown []model.Record) int {
	names := slices.Clone(rs.names)
	slices.Sort(names)
	names = slices.Compact(names)
	n := 8
	for _, r := range shown {
		i, _ := slices.BinarySearch(names, r.ID)
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(names) {
				n = max(n, commonPrefix(r.ID, names[j])+1)
			}
		}
	}
	// Never end on a dash of the UUID: take the next character too.
	for _, r := range shown {
		if n < len(r.ID) && r.ID[n-1] == '-' {
			n++
			break
		}
	}
	return n
}

// listedID is r's id as the whole listing (list without filters) shows
// it, for the commands that name a record to a person.
func (rs *recordSet) listedID(r model.Record) string {
	return short(r.ID, rs.shortIDLen(rs.all))
}

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// short cuts an id to n characters.
func short(id string, n int) string {
	if len(id) <= n {
		return id
	}
	return id[:n]
}

// recordFilter holds the --since and --eid flags shared by list, export
// and stats.
type recordFilter struct {
	since string
	eids  []string
}

// addFlags adds --since and --eid to cmd.
func (f *recordFilter) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.since, "since", "",
		`only registrations from this date (2026-11-01, Europe/Oslo) or within this long before now (24h, 7d, 2w, 90m)`)
	cmd.Flags().StringSliceVar(&f.eids, "eid", nil,
		"only registrations with this eID: "+eidKindList("or")+" (repeat or separate with commas for several)")
}

// eidKindList names the eID kinds a record can hold.
func eidKindList(last string) string {
	var kinds []string
	for _, e := range model.EIDs() {
		kinds = append(kinds, string(e.Kind))
	}
	return strings.Join(kinds[:len(kinds)-1], ", ") + " " + last + " " + kinds[len(kinds)-1]
}

// compiledFilter is a recordFilter checked and ready to apply.
type compiledFilter struct {
	since time.Time // zero: no limit
	kinds map[model.EIDKind]bool
}

// compile checks the flags; now is the moment "the last 7d" counts back from.
func (f recordFilter) compile(now time.Time) (compiledFilter, error) {
	var c compiledFilter
	if f.since != "" {
		t, err := parseSince(f.since, now)
		if err != nil {
			return c, err
		}
		c.since = t
	}
	for _, s := range f.eids {
		k, ok := parseEIDKind(s)
		if !ok {
			return c, fmt.Errorf("unknown eID %q (--eid): use %s", s, eidKindList("or"))
		}
		if c.kinds == nil {
			c.kinds = map[model.EIDKind]bool{}
		}
		c.kinds[k] = true
	}
	return c, nil
}

// parseEIDKind accepts an eID kind as stored (bankid_mobil), in any case,
// and with a dash for the underscore (bankid-mobil).
func parseEIDKind(s string) (model.EIDKind, bool) {
	k := model.EIDKind(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_"))
	if _, ok := model.LookupEID(k); !ok {
		return "", false
	}
	return k, true
}

// parseSince reads --since: a date (midnight in Europe/Oslo), a date and
// time (RFC 3339), or a duration back from now: Go's (90m, 24h, 1h30m) or
// whole days and weeks (7d, 2w). The time is cut to the whole second, as
// every time a record holds is (and as stats --json prints it).
func parseSince(s string, now time.Time) (time.Time, error) {
	bad := func(why string) error {
		return fmt.Errorf("invalid --since %q: %suse a date (2026-11-01) or a duration such as 24h, 7d or 2w", s, why)
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, model.Oslo()); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Truncate(time.Second), nil
	}
	var d time.Duration
	if n, unit := s[:len(s)-1], s[len(s)-1]; unit == 'd' || unit == 'w' {
		v, err := strconv.Atoi(n)
		if err != nil {
			return time.Time{}, bad("")
		}
		d = time.Duration(v) * 24 * time.Hour
		if unit == 'w' {
			d *= 7
		}
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return time.Time{}, bad("")
		}
	}
	if d <= 0 {
		return time.Time{}, bad("the duration must be above zero; ")
	}
	return now.Add(-d).Truncate(time.Second), nil
}

// keep reports whether r passes the filter.
func (c compiledFilter) keep(r model.Record) bool {
	if !c.since.IsZero() && r.CreatedAt.Before(c.since) {
		return false
	}
	return c.kinds == nil || c.kinds[r.EID.Kind]
}

// apply returns the records that pass, in the same order.
func (c compiledFilter) apply(recs []model.Record) []model.Record {
	var out []model.Record
	for _, r := range recs {
		if c.keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// Formatting shared by the commands.

// osloMinute is a time as the listing shows it: 2026-11-25 14:03.
func osloMinute(t time.Time) string { return t.In(model.Oslo()).Format("2006-01-02 15:04") }

// osloSecond is a time to the second: 2026-11-25 14:03:07.
func osloSecond(t time.Time) string { return t.In(model.Oslo()).Format(time.DateTime) }

// maskedNationalID is the record's national ID with the personal number
// hidden (178890 *****), or "-" where there is none (BankID på mobil).
func maskedNationalID(r model.Record) string {
	if r.Person.NationalID == "" {
		return "-"
	}
	if n, err := model.ParseNationalID(r.Person.NationalID, r.CreatedAt); err == nil {
		return n.Masked()
	}
	return "*****" // not reached: records are checked when read
}

// minutes is a duration of whole minutes in words: "2 minutes".
func minutes(d time.Duration) string {
	switch {
	case d == time.Minute:
		return "1 minute"
	case d > 0 && d%time.Minute == 0:
		return strconv.Itoa(int(d/time.Minute)) + " minutes"
	}
	return d.String()
}

// yesNo is "yes" or "no".
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
