package records_test

// Tests of the help-desk commands (list, show, export, delete and stats)
// through the whole command line, run in this process (cli.Run), on a data
// directory of 30 varied registrations, a corrupt file and a foreign one
// (recordstest). The tests at a real terminal (tmux) are the root
// package's, on the built binary.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/internal/cli"
	"github.com/idporten-wizard/idporten-wizard/internal/cli/records/recordstest"
	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
)

const (
	emailCommaQuote = recordstest.EmailCommaQuote
	emailFormula    = recordstest.EmailFormula
)

// fixture is a data directory and the valid records in it, newest first.
type fixture struct{ recordstest.Fixture }

// newFixture is recordstest.New, for this file's helpers.
func newFixture(t *testing.T) fixture { return fixture{recordstest.New(t)} }

// result is one run of the command line.
type result struct {
	stdout, stderr string
	code           int
}

// runCLI runs the command line in this process with stdin (not a terminal)
// and an environment whose data directory must not be used, and returns
// what it wrote.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), cli.Process{
		Version: "test",
		Environ: []string{"IDPORTEN_WIZARD_DATA=/nonexistent/should-not-be-used"},
		Stdin:   strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
	}, args...)
	res := result{stdout: out.String(), stderr: errb.String(), code: code}
	if strings.Contains(res.stdout, "\x1b") || strings.Contains(res.stderr, "\x1b") {
		t.Errorf("%v not at a terminal wrote escape sequences:\n%q\n%q", args, res.stdout, res.stderr)
	}
	return res
}

// ok runs a command that must succeed with both bad files named on stderr.
func (f fixture) ok(t *testing.T, args ...string) result {
	t.Helper()
	res := runCLI(t, "", append(args, "--data-dir", f.Dir)...)
	if res.code != 0 {
		t.Fatalf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", args, res.code, res.stdout, res.stderr)
	}
	return res
}

// wantSkipped checks that the corrupt and the foreign file are named on
// stderr, once each, and the ignored notes.txt is not.
func wantSkipped(t *testing.T, stderr string) {
	t.Helper()
	for _, name := range []string{"broken.json", "foreign.json"} {
		if n := strings.Count(stderr, "skipped: "+name+": "); n != 1 {
			t.Errorf("stderr names %s %d times, want once:\n%s", name, n, stderr)
		}
	}
	if strings.Contains(stderr, "notes.txt") {
		t.Errorf("stderr names notes.txt, which is not a .json file:\n%s", stderr)
	}
}

// fails runs a command that must fail with exit 1 and a message on stderr.
func (f fixture) fails(t *testing.T, want []string, args ...string) result {
	t.Helper()
	res := runCLI(t, "", append(args, "--data-dir", f.Dir)...)
	if res.code != 1 {
		t.Fatalf("%v: exit %d, want 1\nstdout:\n%s\nstderr:\n%s", args, res.code, res.stdout, res.stderr)
	}
	for _, w := range want {
		if !saysSo(res.stderr, w) {
			t.Errorf("%v: stderr lacks %q:\n%s", args, w, res.stderr)
		}
	}
	return res
}

// saysSo reports whether an error message holds want. The error box wraps
// long lines (at spaces) and gives a message starting with a plain word a
// capital, so the comparison ignores case and all white space.
func saysSo(stderr, want string) bool {
	squash := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }
	return strings.Contains(squash(stderr), squash(want))
}

var osloMinuteOf = recordstest.OsloMinute

// lines splits output into lines, without the last empty one.
func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

// ---- list ----

func TestListPlain(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.ok(t, "list")
	wantSkipped(t, res.stderr)
	ls := lines(res.stdout)
	if len(ls) != 1+len(f.Recs) {
		t.Fatalf("list: %d lines, want a header and %d rows:\n%s", len(ls), len(f.Recs), res.stdout)
	}
	for _, h := range []string{"Saved", "ID", "eID", "Channel", "Lang", "National ID", "Contact"} {
		if !strings.Contains(ls[0], h) {
			t.Errorf("header %q lacks %q", ls[0], h)
		}
	}
	// The two ids made 30 s apart share 8 characters: the listing shows as
	// many as tell every id apart, the same number on every row.
	if f.Recs[0].ID[:8] != f.Recs[1].ID[:8] {
		t.Fatalf("fixture: %s and %s should share 8 characters", f.Recs[0].ID, f.Recs[1].ID)
	}
	var shorts []string
	for i, r := range f.Recs {
		row := ls[i+1]
		cols := strings.Fields(row)
		short := cols[2] // date, time, id
		if !strings.HasPrefix(r.ID, short) || len(short) <= 8 {
			t.Errorf("row %d %q: id %q is not a prefix of %s longer than 8", i, row, short, r.ID)
		}
		if strings.HasSuffix(short, "-") {
			t.Errorf("row %d: the short id %q ends on a dash", i, short)
		}
		shorts = append(shorts, short)
		if !strings.HasPrefix(row, osloMinuteOf(r)+"  ") {
			t.Errorf("row %d %q: want it to start with %s (newest first, Europe/Oslo)", i, row, osloMinuteOf(r))
		}
		n, _ := model.ParseNationalID(r.Person.NationalID, r.CreatedAt)
		masked := "-"
		if !n.IsZero() {
			masked = n.Masked()
		}
		for _, want := range []string{"  " + r.EID.Name + "  ", "  " + string(r.Channel) + "  ", "  " + r.Language + "  ", "  " + masked + "  "} {
			if !strings.Contains(row, want) {
				t.Errorf("row %d %q lacks %q", i, row, want)
			}
		}
		if r.Person.NationalID != "" && strings.Contains(res.stdout, r.Person.NationalID) {
			t.Errorf("list shows the whole national ID %s", r.Person.NationalID)
		}
		contact := map[bool]string{true: "yes", false: "no"}[r.ContactRegister.Registered]
		if !strings.HasSuffix(row, "  "+contact) {
			t.Errorf("row %d %q: want contact %q at the end", i, row, contact)
		}
		if strings.HasSuffix(row, " ") {
			t.Errorf("row %d %q ends in spaces", i, row)
		}
	}
	for i, s := range shorts {
		if len(s) != len(shorts[0]) {
			t.Errorf("short ids of different lengths: %q", shorts)
		}
		for j, o := range f.Recs {
			if j != i && strings.HasPrefix(o.ID, s) {
				t.Errorf("short id %s of row %d is also the start of %s", s, i, o.ID)
			}
		}
	}
	// Each short id works with show.
	for _, i := range []int{0, 1, 29} {
		got := f.ok(t, "show", shorts[i])
		if !strings.Contains(got.stdout, f.Recs[i].ID) {
			t.Errorf("show %s: not record %s:\n%s", shorts[i], f.Recs[i].ID, got.stdout)
		}
	}
}

// idsOf are the ids in rows of the plain listing.
var idsOf = recordstest.ListedIDs

// wantIDs checks listed (short) ids against records, in order.
func wantIDs(t *testing.T, what string, got []string, want []model.Record) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows %q, want %d", what, len(got), got, len(want))
	}
	for i := range got {
		if !strings.HasPrefix(want[i].ID, got[i]) {
			t.Errorf("%s: row %d is %s, want %s", what, i, got[i], want[i].ID)
		}
	}
}

func filterRecs(recs []model.Record, keep func(model.Record) bool) []model.Record {
	var out []model.Record
	for _, r := range recs {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	byKind := func(kinds ...model.EIDKind) func(model.Record) bool {
		return func(r model.Record) bool { return slices.Contains(kinds, r.EID.Kind) }
	}
	for _, tc := range []struct {
		name string
		args []string
		keep func(model.Record) bool
	}{
		{"minid", []string{"--eid", "minid"}, byKind(model.MinID)},
		{"bankid-mobil with a dash", []string{"--eid", "bankid-mobil"}, byKind(model.BankIDMobile)},
		{"two by comma", []string{"--eid", "bankid,COMMFIDES"}, byKind(model.BankID, model.Commfides)},
		{"two by repeat", []string{"--eid", "buypass", "--eid", "bankid_mobil"}, byKind(model.Buypass, model.BankIDMobile)},
		// The fixture's records are 17 h 7 min apart: the 3-day line falls
		// hours from any of them.
		{"last 3 days", []string{"--since", "3d"}, func(r model.Record) bool { return time.Since(r.CreatedAt) < 72*time.Hour }},
		{"last 100 hours", []string{"--since", "100h"}, func(r model.Record) bool { return time.Since(r.CreatedAt) < 100*time.Hour }},
		{"last 2 weeks and minid", []string{"--since", "2w", "--eid", "minid"}, func(r model.Record) bool {
			return r.EID.Kind == model.MinID && time.Since(r.CreatedAt) < 14*24*time.Hour
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := filterRecs(f.Recs, tc.keep)
			if len(want) == 0 || len(want) == len(f.Recs) {
				t.Fatalf("the filter should keep some, not all: %d", len(want))
			}
			res := f.ok(t, append([]string{"list"}, tc.args...)...)
			wantSkipped(t, res.stderr)
			wantIDs(t, tc.name, idsOf(t, res.stdout), want)
		})
	}

	// A date: from midnight in Europe/Oslo.
	day := f.Recs[10].CreatedAt.In(model.Oslo())
	midnight := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, model.Oslo())
	want := filterRecs(f.Recs, func(r model.Record) bool { return !r.CreatedAt.Before(midnight) })
	res := f.ok(t, "list", "--since", midnight.Format(time.DateOnly))
	wantIDs(t, "since a date", idsOf(t, res.stdout), want)
	if len(want) < 11 {
		t.Errorf("since %s: %d records, want at least 11", midnight.Format(time.DateOnly), len(want))
	}

	// Nothing matches: one friendly line, exit 0.
	res = f.ok(t, "list", "--since", time.Now().AddDate(0, 0, 2).Format(time.DateOnly))
	if want := "No registrations match (30 in " + f.Dir + ")."; strings.TrimSpace(res.stdout) != want {
		t.Errorf("no match: %q, want %q", res.stdout, want)
	}

	var kinds []string // "minid, bankid, bankid_mobil, buypass or commfides"
	for _, e := range model.EIDs() {
		kinds = append(kinds, string(e.Kind))
	}
	use := strings.Join(kinds[:len(kinds)-1], ", ") + " or " + kinds[len(kinds)-1]
	f.fails(t, []string{`unknown eID "mindid"`, use}, "list", "--eid", "mindid")
	f.fails(t, []string{`invalid --since "yesterday"`, "2026-11-01", "7d"}, "list", "--since", "yesterday")
	f.fails(t, []string{`invalid --since "-3d"`, "above zero"}, "list", "--since", "-3d")
	f.fails(t, []string{`invalid --since "2026-02-30"`}, "list", "--since", "2026-02-30")
}

func TestListJSON(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.ok(t, "list", "--json")
	wantSkipped(t, res.stderr)
	var got []model.Record
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil {
		t.Fatalf("list --json: %v\n%s", err, res.stdout)
	}
	if len(got) != len(f.Recs) {
		t.Fatalf("list --json: %d records, want %d", len(got), len(f.Recs))
	}
	for i := range got {
		if err := got[i].Validate(); err != nil {
			t.Errorf("record %d: %v", i, err)
		}
		gb, _ := json.Marshal(got[i])
		wb, _ := json.Marshal(f.Recs[i])
		if !bytes.Equal(gb, wb) {
			t.Errorf("record %d:\n got %s\nwant %s", i, gb, wb)
		}
	}

	res = f.ok(t, "list", "--json", "--eid", "commfides")
	got = nil
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if want := filterRecs(f.Recs, func(r model.Record) bool { return r.EID.Kind == model.Commfides }); len(got) != len(want) {
		t.Errorf("--json --eid commfides: %d, want %d", len(got), len(want))
	}
	res = f.ok(t, "list", "--json", "--since", "2099-01-01")
	if strings.TrimSpace(res.stdout) != "[]" {
		t.Errorf("--json with no match = %q, want []", res.stdout)
	}
}

// TestRecordsReportUnfinishedSave: a hidden temp file a crashed save left
// (where the file system has no O_TMPFILE) is named on stderr by list,
// stats and export, once each, as an unfinished save that will be removed,
// never with its contents and never as a record; a fresh one (a save in
// progress) is not named; the file is left alone (the commands only read);
// and the bad files are still reported as before.
func TestRecordsReportUnfinishedSave(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const secretID, secretMail = "17889033371", "hemmeleg@eksempel.no"
	content := []byte(`{"schema_version": 1, "person": {"national_id": "` + secretID +
		`"}, "contact_register": {"email": "` + secretMail + `"`)
	left := "." + storage.NewID() + ".json.tmp-8412345"
	fresh := "." + storage.NewID() + ".json.tmp-55"
	for _, n := range []string{left, fresh} {
		if err := os.WriteFile(filepath.Join(f.Dir, n), content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	minuteAgo := time.Now().Add(-time.Minute)
	if err := os.Chtimes(filepath.Join(f.Dir, left), minuteAgo, minuteAgo); err != nil {
		t.Fatal(err)
	}
	want := "unfinished save: " + left + " (left by a crash; the wizard removes it once 2 minutes old)\n"
	for _, args := range [][]string{{"list"}, {"list", "--json"}, {"stats"}, {"export"}} {
		res := f.ok(t, args...)
		wantSkipped(t, res.stderr)
		if n := strings.Count(res.stderr, want); n != 1 {
			t.Errorf("%v: stderr has %d times %q, want once:\n%s", args, n, want, res.stderr)
		}
		if strings.Count(res.stderr, "unfinished save") != 1 || strings.Contains(res.stderr, fresh) {
			t.Errorf("%v: stderr names more than the one left by a crash:\n%s", args, res.stderr)
		}
		if out := res.stdout + res.stderr; strings.Contains(out, secretID) || strings.Contains(out, secretMail) {
			t.Errorf("%v shows the temp file's contents:\n%s\n%s", args, res.stdout, res.stderr)
		}
		if strings.Contains(res.stdout, left[1:9]) { // the start of its id
			t.Errorf("%v: stdout names the temp file or takes it for a record:\n%s", args, res.stdout)
		}
	}
	if res := f.ok(t, "list"); len(lines(res.stdout)) != 1+len(f.Recs) {
		t.Errorf("list: %d lines, want a header and %d rows:\n%s", len(lines(res.stdout)), len(f.Recs), res.stdout)
	}
	for _, n := range []string{left, fresh} {
		if _, err := os.Stat(filepath.Join(f.Dir, n)); err != nil {
			t.Errorf("a read-only command removed %s: %v", n, err)
		}
	}
}

func TestRecordsEmptyDataDir(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	missing := filepath.Join(t.TempDir(), "not", "yet")
	for _, dir := range []string{empty, missing} {
		for _, args := range [][]string{{"list"}, {"stats"}} {
			res := runCLI(t, "", append(args, "--data-dir", dir)...)
			want := "No registrations in " + dir + " yet.\n"
			if res.code != 0 || res.stdout != want || res.stderr != "" {
				t.Errorf("%v in %s: exit %d, %q, %q; want 0 and %q", args, dir, res.code, res.stdout, res.stderr, want)
			}
		}
		res := runCLI(t, "", "export", "--format", "csv", "--data-dir", dir)
		if res.code != 0 || len(lines(res.stdout)) != 1 || !strings.Contains(res.stderr, "No registrations in") {
			t.Errorf("export csv in %s: exit %d, stdout %q, stderr %q; want only the header", dir, res.code, res.stdout, res.stderr)
		}
		res = runCLI(t, "", "list", "--json", "--data-dir", dir)
		if res.code != 0 || strings.TrimSpace(res.stdout) != "[]" {
			t.Errorf("list --json in %s: %d %q", dir, res.code, res.stdout)
		}
		res = runCLI(t, "", "show", "019a", "--data-dir", dir)
		if res.code != 1 || !saysSo(res.stderr, `no registration with id "019a"`) || !saysSo(res.stderr, dir) {
			t.Errorf("show in %s: exit %d, %q", dir, res.code, res.stderr)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("reading a missing data directory created it: %v", err)
	}
}

// ---- show ----

func TestShow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.Recs[7] // BankID på mobil, with the comma-and-quote address
	res := f.ok(t, "show", r.ID[:13])
	if res.stderr != "" {
		t.Errorf("show wrote to stderr: %q", res.stderr)
	}
	for _, want := range []string{
		"Registration  " + r.ID,
		"Saved", r.CreatedAt.In(model.Oslo()).Format(time.DateTime) + " (Europe/Oslo)",
		"eID", r.EID.Name + " (bankid_mobil)",
		"Login method", "SIM card (sim)",
		"National ID", "none (BankID på mobil logs in with mobile number and birth date)",
		"Birth date", r.Person.BirthDate.Format(time.DateOnly),
		"E-mail", emailCommaQuote + ", verified ",
		"File", filepath.Join(f.Dir, r.ID+".json"),
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, res.stdout)
		}
	}

	// show is the record itself: the whole national ID.
	r = f.Recs[0]
	res = f.ok(t, "show", strings.ToUpper(r.ID)+".json") // a pasted file name, in capitals
	for _, want := range []string{r.Person.NationalID + " (fødselsnummer, synthetic test number)", "MinID (minid)",
		"Level", "substantial (old level 3)", "Contact data", "registered", model.FormatMobile(r.ContactRegister.Mobile)} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, res.stdout)
		}
	}
	if r := f.Recs[4]; !strings.Contains(f.ok(t, "show", r.ID).stdout, "Contact data  not registered") {
		t.Errorf("show %s (no contact data) does not say so", r.ID)
	}

	// --json: the file's bytes exactly.
	res = f.ok(t, "show", r.ID[:13], "--json")
	raw, err := os.ReadFile(filepath.Join(f.Dir, r.ID+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if res.stdout != string(raw) {
		t.Errorf("show --json:\n%s\nwant the file:\n%s", res.stdout, raw)
	}
}

func TestShowErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, b := f.Recs[0].ID, f.Recs[1].ID
	res := f.fails(t, []string{"ambiguous", "2 registrations", a, b, "type more"}, "show", a[:8])
	if res.stdout != "" {
		t.Errorf("ambiguous show wrote %q", res.stdout)
	}
	f.fails(t, []string{`no registration with id "ffffffff"`, f.Dir}, "show", "ffffffff")
	f.fails(t, []string{`"../x" is not a registration id`}, "show", "../x")
	f.fails(t, []string{"broken", "not a record"}, "show", "broken")
	f.fails(t, []string{"accepts 1 arg"}, "show")
}

// ---- export ----

func TestExportJSONL(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.ok(t, "export")
	wantSkipped(t, res.stderr)
	ls := lines(res.stdout)
	if len(ls) != len(f.Recs) {
		t.Fatalf("export: %d lines, want %d", len(ls), len(f.Recs))
	}
	for i, l := range ls {
		var r model.Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %d: %v: %s", i, err, l)
		}
		gb, _ := json.Marshal(r)
		wb, _ := json.Marshal(f.Recs[i])
		if !bytes.Equal(gb, wb) {
			t.Errorf("line %d:\n got %s\nwant %s", i, gb, wb)
		}
	}
	quoted, _ := json.Marshal(emailCommaQuote)
	if !strings.Contains(res.stdout, `"email":`+string(quoted)+`,`) || !strings.Contains(res.stdout, `"email":"`+emailFormula+`"`) {
		t.Errorf("jsonl does not hold the addresses exactly:\n%s", res.stdout)
	}
	res = f.ok(t, "export", "--format", "jsonl", "--eid", "minid", "--since", "1w")
	want := filterRecs(f.Recs, func(r model.Record) bool {
		return r.EID.Kind == model.MinID && time.Since(r.CreatedAt) < 7*24*time.Hour
	})
	if got := lines(res.stdout); len(got) != len(want) || len(want) == 0 {
		t.Errorf("export --eid minid --since 1w: %d lines, want %d", len(got), len(want))
	}
	f.fails(t, []string{`unknown format "xml" (--format): use jsonl or csv`}, "export", "--format", "xml")
}

func TestExportCSV(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.ok(t, "export", "--format", "csv")
	wantSkipped(t, res.stderr)
	rows, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, res.stdout)
	}
	header := []string{"id", "created_at", "channel", "language", "eid_kind", "eid_name", "eid_issuer", "eid_level",
		"eid_method", "national_id", "id_kind", "synthetic", "birth_date", "mobile", "mobile_verified_at", "email",
		"email_verified_at", "contact_registered"}
	if !slices.Equal(rows[0], header) {
		t.Fatalf("header %q, want %q", rows[0], header)
	}
	if len(rows) != 1+len(f.Recs) {
		t.Fatalf("%d rows, want a header and %d", len(rows), len(f.Recs))
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	ts := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(model.Oslo()).Format(time.RFC3339)
	}
	for i, r := range f.Recs {
		row := rows[i+1]
		syn := ""
		if r.Person.Synthetic != nil {
			syn = map[bool]string{true: "true", false: "false"}[*r.Person.Synthetic]
		}
		email := r.ContactRegister.Email
		if email == emailFormula {
			email = "'" + email // kept from running as a spreadsheet formula
		}
		c := r.ContactRegister
		want := []string{r.ID, ts(&r.CreatedAt), string(r.Channel), r.Language, string(r.EID.Kind), r.EID.Name,
			r.EID.Issuer, string(r.EID.Level), string(r.EID.Method), r.Person.NationalID, string(r.Person.IDKind), syn,
			r.Person.BirthDate.Format(time.DateOnly), c.Mobile, ts(c.MobileVerifiedAt), email, ts(c.EmailVerifiedAt),
			map[bool]string{true: "true", false: "false"}[c.Registered]}
		if !slices.Equal(row, want) {
			t.Errorf("row %d:\n got %q\nwant %q", i, row, want)
		}
	}
	// The comma and the quotes came through encoding/csv's quoting.
	if got := rows[1+7][col["email"]]; got != emailCommaQuote {
		t.Errorf("email with a comma and quotes = %q, want %q", got, emailCommaQuote)
	}
	if !strings.Contains(res.stdout, `"""o,la\""x""@eksempel.no"`) {
		t.Errorf("the raw CSV does not quote the address as RFC 4180 says:\n%s", res.stdout)
	}
	if got := rows[1+7][col["eid_name"]]; got != "BankID på mobil" {
		t.Errorf("eid_name = %q", got)
	}

	res = f.ok(t, "export", "--format", "csv", "--eid", "bankid_mobil")
	rows, err = csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := filterRecs(f.Recs, func(r model.Record) bool { return r.EID.Kind == model.BankIDMobile }); len(rows) != 1+len(want) {
		t.Errorf("csv --eid bankid_mobil: %d rows, want 1+%d", len(rows), len(want))
	}
	for _, row := range rows[1:] {
		if row[col["eid_kind"]] != "bankid_mobil" || row[col["national_id"]] != "" || row[col["id_kind"]] != "" {
			t.Errorf("csv --eid bankid_mobil row %q", row)
		}
	}
}

// ---- delete ----

func TestDeleteYes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.Recs[5]
	path := filepath.Join(f.Dir, r.ID+".json")
	res := f.ok(t, "delete", r.ID[:13], "--yes")
	if want := "Deleted record " + r.ID + " (" + r.EID.Name + ", " + osloMinuteOf(r) + "): the file is gone.\n"; res.stdout != want {
		t.Errorf("delete --yes said %q, want %q", res.stdout, want)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after delete, Stat(%s) = %v, want not exist", path, err)
	}
	entries, err := os.ReadDir(f.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != len(f.Recs)-1+3 {
		t.Errorf("after delete the folder holds %d names, want %d: %q", len(names), len(f.Recs)+2, names)
	}
	for _, n := range names {
		if strings.Contains(n, r.ID) {
			t.Errorf("a file named for the deleted record is left: %s", n)
		}
	}
	if got := idsOf(t, f.ok(t, "list").stdout); len(got) != len(f.Recs)-1 {
		t.Errorf("list after delete: %d rows", len(got))
	}
	f.fails(t, []string{"no registration with id"}, "delete", r.ID, "-y")
}

func TestDeleteRefusals(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.Recs[2]
	listed := idsOf(t, f.ok(t, "list").stdout)[2]
	path := filepath.Join(f.Dir, r.ID+".json")
	// Standard input is not a terminal and there is no --yes: refused, even
	// with a "y" piped in.
	for _, stdin := range []string{"", "y\n"} {
		res := runCLI(t, stdin, "delete", r.ID[:13], "--data-dir", f.Dir)
		if res.code != 1 || !saysSo(res.stderr, "not deleted") || !saysSo(res.stderr, "add --yes") ||
			!saysSo(res.stderr, "standard input is not one") || !saysSo(res.stderr, listed+" ("+r.EID.Name+", "+osloMinuteOf(r)) {
			t.Errorf("delete with stdin %q: exit %d, stderr %q; want a refusal naming --yes and the record", stdin, res.code, res.stderr)
		}
	}
	f.fails(t, []string{`no registration with id "ffff0000"`}, "delete", "ffff0000", "--yes")
	a, b := f.Recs[0].ID, f.Recs[1].ID
	f.fails(t, []string{"ambiguous id", a, b}, "delete", a[:8], "--yes")
	f.fails(t, []string{"is not a registration id"}, "delete", "../"+a, "--yes")
	for _, rec := range f.Recs {
		if _, err := os.Stat(filepath.Join(f.Dir, rec.ID+".json")); err != nil {
			t.Errorf("a refused delete removed %s: %v", rec.ID, err)
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Error(err)
	}
}

// ---- stats ----

// statsJSON is what stats --json writes, field by field: a tool reads
// these names.
type statsJSON struct {
	DataDir                  string         `json:"data_dir"`
	Since                    *time.Time     `json:"since"`
	Total                    int            `json:"total"`
	ContactRegistered        int            `json:"contact_registered"`
	ContactRegisteredPercent float64        `json:"contact_registered_percent"`
	PerEID                   map[string]int `json:"per_eid"`
	PerChannel               map[string]int `json:"per_channel"`
	PerDay                   []struct {
		Date  string `json:"date"`
		Count int    `json:"count"`
	} `json:"per_day"`
	DaysLimited bool `json:"days_limited"`
}

// share is a percentage as stats prints it: "70.0%".
func share(part, whole int) string {
	return strconv.FormatFloat(float64(part)*100/float64(whole), 'f', 1, 64) + "%"
}

func TestStats(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.ok(t, "stats", "--json")
	wantSkipped(t, res.stderr)
	var s statsJSON
	dec := json.NewDecoder(strings.NewReader(res.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("stats --json: %v\n%s", err, res.stdout)
	}
	perEID, perChan, perDay := map[string]int{}, map[string]int{}, map[string]int{}
	contact := 0
	for _, r := range f.Recs {
		perEID[string(r.EID.Kind)]++
		perChan[string(r.Channel)]++
		perDay[r.CreatedAt.In(model.Oslo()).Format(time.DateOnly)]++
		if r.ContactRegister.Registered {
			contact++
		}
	}
	if s.Total != 30 || s.ContactRegistered != contact || contact != 24 || s.ContactRegisteredPercent != 80 {
		t.Errorf("total %d, contact %d (%v%%); want 30, %d (80%%)", s.Total, s.ContactRegistered, s.ContactRegisteredPercent, contact)
	}
	if len(s.PerEID) != len(model.EIDs()) || len(s.PerChannel) != 3 {
		t.Errorf("per eID %v, per channel %v: want every eID and channel", s.PerEID, s.PerChannel)
	}
	for k, n := range perEID {
		if s.PerEID[k] != n {
			t.Errorf("per_eid[%s] = %d, want %d", k, s.PerEID[k], n)
		}
	}
	for k, n := range perChan {
		if s.PerChannel[k] != n {
			t.Errorf("per_channel[%s] = %d, want %d", k, s.PerChannel[k], n)
		}
	}
	days := slices.Sorted(maps.Keys(perDay))
	slices.Reverse(days)
	if len(days) <= 14 {
		t.Fatalf("fixture: %d days, want more than 14", len(days))
	}
	if len(s.PerDay) != 14 || !s.DaysLimited {
		t.Fatalf("per_day has %d days (limited %v), want the 14 latest", len(s.PerDay), s.DaysLimited)
	}
	for i, d := range s.PerDay {
		if d.Date != days[i] || d.Count != perDay[days[i]] {
			t.Errorf("per_day[%d] = %+v, want %s: %d", i, d, days[i], perDay[days[i]])
		}
	}

	// --since: every day since, counts of those records only.
	since := days[17]
	res = f.ok(t, "stats", "--json", "--since", since)
	s = statsJSON{}
	if err := json.Unmarshal([]byte(res.stdout), &s); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, d := range days[:18] {
		want += perDay[d]
	}
	if s.Total != want || len(s.PerDay) != 18 || s.DaysLimited || s.PerDay[17].Date != since || s.Since == nil {
		t.Errorf("stats --since %s: total %d (want %d), %d days (want 18), limited %v, since %v",
			since, s.Total, want, len(s.PerDay), s.DaysLimited, s.Since)
	}

	// The text: the same numbers.
	res = f.ok(t, "stats")
	wantSkipped(t, res.stderr)
	text := res.stdout
	for _, want := range []string{
		"Total: 30 registrations in " + f.Dir,
		"Contact data: 24 of 30 registered a mobile number or an e-mail address (80.0%)",
		"Per day, the 14 latest days with registrations (Europe/Oslo):",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("stats lacks %q:\n%s", want, text)
		}
	}
	for _, e := range model.EIDs() {
		n := perEID[string(e.Kind)]
		if !strings.Contains(text, "\n"+e.Name+"  ") || !containsFields(text, e.Name, n, share(n, 30)) {
			t.Errorf("stats lacks %s: %d (%s):\n%s", e.Name, n, share(n, 30), text)
		}
	}
	for k, n := range perChan {
		if !containsFields(text, k, n, share(n, 30)) {
			t.Errorf("stats lacks channel %s: %d:\n%s", k, n, text)
		}
	}
	for _, d := range days[:14] {
		if !containsFields(text, d, perDay[d], "") {
			t.Errorf("stats lacks day %s: %d", d, perDay[d])
		}
	}
	if strings.Contains(text, days[14]) {
		t.Errorf("stats shows a 15th day %s", days[14])
	}
	res = f.ok(t, "stats", "--eid", "minid")
	if !strings.Contains(res.stdout, "Total: 6 registrations") ||
		!strings.Contains(res.stdout, "6 of 6 registered a mobile number or an e-mail address (100.0%)") {
		t.Errorf("stats --eid minid:\n%s", res.stdout)
	}
	f.fails(t, []string{"unknown eID"}, "stats", "--eid", "idporten")
}

// containsFields reports whether some line of text is the fields label,
// n and share (if not ""), separated by spaces.
func containsFields(text, label string, n int, share string) bool {
	want := append(strings.Fields(label), strconv.Itoa(n))
	if share != "" {
		want = append(want, share)
	}
	for _, l := range lines(text) {
		if slices.Equal(strings.Fields(l), want) {
			return true
		}
	}
	return false
}

// TestRecordsHelp: every command explains itself with examples.
func TestRecordsHelp(t *testing.T) {
	t.Parallel()
	for cmd, want := range map[string][]string{
		"list":   {"--since", "--eid", "--json", "idporten-wizard list --since 7d --eid minid"},
		"show":   {"--json", "idporten-wizard show 019ab8a1"},
		"export": {"--format", "--since", "--eid", "idporten-wizard export --format csv > registrations.csv"},
		"delete": {"--yes", "right to erasure", "idporten-wizard delete 019ab8a1"},
		"stats":  {"--since", "--json", "idporten-wizard stats --since 2026-11-01"},
	} {
		res := runCLI(t, "", cmd, "--help")
		if res.code != 0 {
			t.Errorf("%s --help: exit %d", cmd, res.code)
		}
		for _, w := range append(want, "--data-dir") {
			if !strings.Contains(res.stdout, w) {
				t.Errorf("%s --help lacks %q:\n%s", cmd, w, res.stdout)
			}
		}
	}
	res := runCLI(t, "", "--help")
	for _, c := range []string{"list", "show", "export", "delete", "stats"} {
		if !strings.Contains(res.stdout, c) {
			t.Errorf("--help does not name %s", c)
		}
	}
}

// TestDeleteNamesIDAsListShows: delete's question and its refusal name the
// record by the id as list shows it (here longer than 8 characters: two
// records share their first 8), not by another cut.
func TestDeleteNamesIDAsListShows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	listed := idsOf(t, f.ok(t, "list").stdout)
	const i = 4 // Commfides, with a national ID
	r := f.Recs[i]
	if len(listed[i]) <= 8 || !strings.HasPrefix(r.ID, listed[i]) {
		t.Fatalf("fixture: list shows %q for %s, want a prefix longer than 8", listed[i], r.ID)
	}
	n, _ := model.ParseNationalID(r.Person.NationalID, r.CreatedAt)
	want := "to delete record " + listed[i] + " (" + r.EID.Name + ", " + osloMinuteOf(r) + ", " + n.Masked() + "), add --yes"
	for _, arg := range []string{r.ID, listed[i], r.ID[:8] + strings.ToUpper(r.ID[8:13])} {
		res := runCLI(t, "", "delete", arg, "--data-dir", f.Dir)
		if res.code != 1 || !strings.Contains(strings.Join(strings.Fields(res.stderr), " "), want) {
			t.Errorf("delete %s without a terminal: exit %d, stderr:\n%s\nwant it to name the record as %q", arg, res.code, res.stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(f.Dir, r.ID+".json")); err != nil {
		t.Errorf("a refused delete removed the record: %v", err)
	}
}

// TestStatsJSONTimesInSeconds: stats --json writes its time as every other
// --json output does: RFC 3339 in Europe/Oslo, to the second.
func TestStatsJSONTimesInSeconds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// As the wizard saves created_at and export writes every time (the
	// fixture's records have milliseconds, which the wizard never writes).
	rfc3339Seconds := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$`)
	for _, since := range []string{"24h", "90m", "2w", "2026-11-24T12:00:00.25+01:00", "2026-11-24"} {
		stdout := f.ok(t, "stats", "--json", "--since", since).stdout
		var s map[string]any
		if err := json.Unmarshal([]byte(stdout), &s); err != nil {
			t.Fatalf("stats --json: %v\n%s", err, stdout)
		}
		if got, _ := s["since"].(string); !rfc3339Seconds.MatchString(got) {
			t.Errorf("stats --json --since %s: since is %q, want RFC 3339 in Europe/Oslo to the second", since, got)
		}
	}
}
