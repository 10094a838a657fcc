package main

// Tests of the help-desk commands (list, show, export, delete, stats): the
// built binary run on a data directory of 30 varied registrations, a corrupt
// file and a foreign one.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
)

// Addresses that model.ParseEmail accepts (no space, one @, a dotted domain)
// and that test the CSV: a comma and a quote, and a spreadsheet formula.
const (
	emailCommaQuote = `"o,la\"x"@eksempel.no`
	emailFormula    = `=1+2@eksempel.no`
)

// fixture is a data directory and the valid records in it, newest first.
type fixture struct {
	dir  string
	recs []model.Record
}

// idAt is a UUIDv7 for the moment t, as storage.NewID would have made it then.
func idAt(t *testing.T, at time.Time) string {
	t.Helper()
	u, err := uuid.NewV7()
	if err != nil {
		t.Fatal(err)
	}
	ms := at.UnixMilli()
	for i := range 6 {
		u[i] = byte(ms >> (8 * (5 - i)))
	}
	return u.String()
}

// newFixture saves 30 registrations: every eID and method, three channels
// and languages, spread over about three weeks back from now, some without
// contact data, and two made 30 s apart (their ids share the first 8
// characters). Beside them: broken.json (not JSON), foreign.json (someone
// else's JSON) and notes.txt (not a .json file: ignored without a word).
func newFixture(t *testing.T) fixture {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "registrations")
	st, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The first two records lie in one 65.536 s window of UUIDv7 time (the
	// first 8 hex digits), the one before the present window: in the past.
	window := (time.Now().UnixMilli()>>16 - 1) << 16
	first := time.UnixMilli(window + 40_000).In(model.Oslo())

	eids := model.EIDs()
	chans := []model.Channel{model.ChannelTerminal, model.ChannelSSH, model.ChannelKiosk}
	langs := []string{"nn", "nb", "en"}
	var recs []model.Record
	for i := range 30 {
		created := first.Add(-time.Duration(i) * (17*time.Hour + 7*time.Minute))
		if i == 1 {
			created = first.Add(-30 * time.Second)
		}
		e := eids[i%len(eids)]
		r := model.Record{
			SchemaVersion: model.SchemaVersion,
			ID:            idAt(t, created),
			CreatedAt:     created,
			Language:      langs[(i/5)%3],
			Channel:       chans[i%3],
			EID: model.RecordEID{Kind: e.Kind, Name: e.Name, Issuer: e.Issuer, Level: e.Level,
				Method: e.Methods[(i/5)%len(e.Methods)]},
		}
		if e.NeedsNationalID {
			birth := time.Date(1960+i, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
			n, err := model.SyntheticNationalID(birth, i*37)
			if err != nil {
				t.Fatal(err)
			}
			r.Person = model.PersonFromNationalID(n)
		} else {
			r.Person = model.Person{BirthDate: model.Date{Time: time.Date(1980+i%20, time.March, 2, 0, 0, 0, 0, time.UTC)}}
		}
		if e.ContactRequired() || i%4 != 0 {
			v := created.Add(-time.Minute)
			c := &r.ContactRegister
			c.Registered = true
			if i%3 != 1 {
				c.Mobile, c.MobileVerifiedAt = "+479"+strings.Repeat(string(rune('0'+i%10)), 7), &v
			}
			if i%3 != 0 {
				c.Email, c.EmailVerifiedAt = "person"+string(rune('a'+i))+"@eksempel.no", &v
			}
		}
		switch i {
		case 7:
			r.ContactRegister.Email = emailCommaQuote
		case 11:
			r.ContactRegister.Email = emailFormula
		}
		if _, err := st.Save(r); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		recs = append(recs, r)
	}
	for name, data := range map[string]string{
		"broken.json":  "{not json",
		"foreign.json": `{"name": "someone else's file", "version": 3}`,
		"notes.txt":    "not a record",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return fixture{dir: dir, recs: recs}
}

// result is one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

// runCLI runs the built binary with stdin (may be nil: /dev/null) and
// returns what it wrote, failing on a hang.
func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "IDPORTEN_WIZARD_DATA=/nonexistent/should-not-be-used")
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("%v did not end", args)
	}
	res := result{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		res.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.stdout, "\x1b") || strings.Contains(res.stderr, "\x1b") {
		t.Errorf("%v piped wrote escape sequences:\n%q\n%q", args, res.stdout, res.stderr)
	}
	return res
}

// ok runs a command that must succeed with both bad files named on stderr.
func (f fixture) ok(t *testing.T, args ...string) result {
	t.Helper()
	res := runCLI(t, "", append(args, "--data-dir", f.dir)...)
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
	res := runCLI(t, "", append(args, "--data-dir", f.dir)...)
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

func osloMinuteOf(r model.Record) string {
	return r.CreatedAt.In(model.Oslo()).Format("2006-01-02 15:04")
}

// lines splits output into lines, without the last empty one.
func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

// ---- list ----

func TestListPlain(t *testing.T) {
	f := newFixture(t)
	res := f.ok(t, "list")
	wantSkipped(t, res.stderr)
	ls := lines(res.stdout)
	if len(ls) != 1+len(f.recs) {
		t.Fatalf("list: %d lines, want a header and %d rows:\n%s", len(ls), len(f.recs), res.stdout)
	}
	for _, h := range []string{"Saved", "ID", "eID", "Channel", "Lang", "National ID", "Contact"} {
		if !strings.Contains(ls[0], h) {
			t.Errorf("header %q lacks %q", ls[0], h)
		}
	}
	// The two ids made 30 s apart share 8 characters: the listing shows as
	// many as tell every id apart, the same number on every row.
	if f.recs[0].ID[:8] != f.recs[1].ID[:8] {
		t.Fatalf("fixture: %s and %s should share 8 characters", f.recs[0].ID, f.recs[1].ID)
	}
	var shorts []string
	for i, r := range f.recs {
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
		for j, o := range f.recs {
			if j != i && strings.HasPrefix(o.ID, s) {
				t.Errorf("short id %s of row %d is also the start of %s", s, i, o.ID)
			}
		}
	}
	// Each short id works with show.
	for _, i := range []int{0, 1, 29} {
		got := f.ok(t, "show", shorts[i])
		if !strings.Contains(got.stdout, f.recs[i].ID) {
			t.Errorf("show %s: not record %s:\n%s", shorts[i], f.recs[i].ID, got.stdout)
		}
	}
}

// idsOf are the ids in rows of the plain listing.
func idsOf(t *testing.T, out string) []string {
	t.Helper()
	var ids []string
	for _, l := range lines(out)[1:] {
		ids = append(ids, strings.Fields(l)[2])
	}
	return ids
}

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
			want := filterRecs(f.recs, tc.keep)
			if len(want) == 0 || len(want) == len(f.recs) {
				t.Fatalf("the filter should keep some, not all: %d", len(want))
			}
			res := f.ok(t, append([]string{"list"}, tc.args...)...)
			wantSkipped(t, res.stderr)
			wantIDs(t, tc.name, idsOf(t, res.stdout), want)
		})
	}

	// A date: from midnight in Europe/Oslo.
	day := f.recs[10].CreatedAt.In(model.Oslo())
	midnight := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, model.Oslo())
	want := filterRecs(f.recs, func(r model.Record) bool { return !r.CreatedAt.Before(midnight) })
	res := f.ok(t, "list", "--since", midnight.Format(time.DateOnly))
	wantIDs(t, "since a date", idsOf(t, res.stdout), want)
	if len(want) < 11 {
		t.Errorf("since %s: %d records, want at least 11", midnight.Format(time.DateOnly), len(want))
	}

	// Nothing matches: one friendly line, exit 0.
	res = f.ok(t, "list", "--since", time.Now().AddDate(0, 0, 2).Format(time.DateOnly))
	if want := "No registrations match (30 in " + f.dir + ")."; strings.TrimSpace(res.stdout) != want {
		t.Errorf("no match: %q, want %q", res.stdout, want)
	}

	f.fails(t, []string{`unknown eID "mindid"`, "minid, bankid, bankid_mobil, buypass or commfides"}, "list", "--eid", "mindid")
	f.fails(t, []string{`invalid --since "yesterday"`, "2026-11-01", "7d"}, "list", "--since", "yesterday")
	f.fails(t, []string{`invalid --since "-3d"`, "above zero"}, "list", "--since", "-3d")
	f.fails(t, []string{`invalid --since "2026-02-30"`}, "list", "--since", "2026-02-30")
}

func TestListJSON(t *testing.T) {
	f := newFixture(t)
	res := f.ok(t, "list", "--json")
	wantSkipped(t, res.stderr)
	var got []model.Record
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil {
		t.Fatalf("list --json: %v\n%s", err, res.stdout)
	}
	if len(got) != len(f.recs) {
		t.Fatalf("list --json: %d records, want %d", len(got), len(f.recs))
	}
	for i := range got {
		if err := got[i].Validate(); err != nil {
			t.Errorf("record %d: %v", i, err)
		}
		gb, _ := json.Marshal(got[i])
		wb, _ := json.Marshal(f.recs[i])
		if !bytes.Equal(gb, wb) {
			t.Errorf("record %d:\n got %s\nwant %s", i, gb, wb)
		}
	}

	res = f.ok(t, "list", "--json", "--eid", "commfides")
	got = nil
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if want := filterRecs(f.recs, func(r model.Record) bool { return r.EID.Kind == model.Commfides }); len(got) != len(want) {
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
	f := newFixture(t)
	const secretID, secretMail = "17889033371", "hemmeleg@eksempel.no"
	content := []byte(`{"schema_version": 1, "person": {"national_id": "` + secretID +
		`"}, "contact_register": {"email": "` + secretMail + `"`)
	left := "." + storage.NewID() + ".json.tmp-8412345"
	fresh := "." + storage.NewID() + ".json.tmp-55"
	for _, n := range []string{left, fresh} {
		if err := os.WriteFile(filepath.Join(f.dir, n), content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	minuteAgo := time.Now().Add(-time.Minute)
	if err := os.Chtimes(filepath.Join(f.dir, left), minuteAgo, minuteAgo); err != nil {
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
	if res := f.ok(t, "list"); len(lines(res.stdout)) != 1+len(f.recs) {
		t.Errorf("list: %d lines, want a header and %d rows:\n%s", len(lines(res.stdout)), len(f.recs), res.stdout)
	}
	for _, n := range []string{left, fresh} {
		if _, err := os.Stat(filepath.Join(f.dir, n)); err != nil {
			t.Errorf("a read-only command removed %s: %v", n, err)
		}
	}
}

func TestRecordsEmptyDataDir(t *testing.T) {
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
	f := newFixture(t)
	r := f.recs[7] // BankID på mobil, with the comma-and-quote address
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
		"File", filepath.Join(f.dir, r.ID+".json"),
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, res.stdout)
		}
	}

	// show is the record itself: the whole national ID.
	r = f.recs[0]
	res = f.ok(t, "show", strings.ToUpper(r.ID)+".json") // a pasted file name, in capitals
	for _, want := range []string{r.Person.NationalID + " (fødselsnummer, synthetic test number)", "MinID (minid)",
		"Level", "substantial (old level 3)", "Contact data", "registered", model.FormatMobile(r.ContactRegister.Mobile)} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, res.stdout)
		}
	}
	if r := f.recs[4]; !strings.Contains(f.ok(t, "show", r.ID).stdout, "Contact data  not registered") {
		t.Errorf("show %s (no contact data) does not say so", r.ID)
	}

	// --json: the file's bytes exactly.
	res = f.ok(t, "show", r.ID[:13], "--json")
	raw, err := os.ReadFile(filepath.Join(f.dir, r.ID+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if res.stdout != string(raw) {
		t.Errorf("show --json:\n%s\nwant the file:\n%s", res.stdout, raw)
	}
}

func TestShowErrors(t *testing.T) {
	f := newFixture(t)
	a, b := f.recs[0].ID, f.recs[1].ID
	res := f.fails(t, []string{"ambiguous", "2 registrations", a, b, "type more"}, "show", a[:8])
	if res.stdout != "" {
		t.Errorf("ambiguous show wrote %q", res.stdout)
	}
	f.fails(t, []string{`no registration with id "ffffffff"`, f.dir}, "show", "ffffffff")
	f.fails(t, []string{`"../x" is not a registration id`}, "show", "../x")
	f.fails(t, []string{"broken", "not a record"}, "show", "broken")
	f.fails(t, []string{"accepts 1 arg"}, "show")
}

// ---- export ----

func TestExportJSONL(t *testing.T) {
	f := newFixture(t)
	res := f.ok(t, "export")
	wantSkipped(t, res.stderr)
	ls := lines(res.stdout)
	if len(ls) != len(f.recs) {
		t.Fatalf("export: %d lines, want %d", len(ls), len(f.recs))
	}
	for i, l := range ls {
		var r model.Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %d: %v: %s", i, err, l)
		}
		gb, _ := json.Marshal(r)
		wb, _ := json.Marshal(f.recs[i])
		if !bytes.Equal(gb, wb) {
			t.Errorf("line %d:\n got %s\nwant %s", i, gb, wb)
		}
	}
	quoted, _ := json.Marshal(emailCommaQuote)
	if !strings.Contains(res.stdout, `"email":`+string(quoted)+`,`) || !strings.Contains(res.stdout, `"email":"`+emailFormula+`"`) {
		t.Errorf("jsonl does not hold the addresses exactly:\n%s", res.stdout)
	}
	res = f.ok(t, "export", "--format", "jsonl", "--eid", "minid", "--since", "1w")
	want := filterRecs(f.recs, func(r model.Record) bool {
		return r.EID.Kind == model.MinID && time.Since(r.CreatedAt) < 7*24*time.Hour
	})
	if got := lines(res.stdout); len(got) != len(want) || len(want) == 0 {
		t.Errorf("export --eid minid --since 1w: %d lines, want %d", len(got), len(want))
	}
	f.fails(t, []string{`unknown format "xml" (--format): use jsonl or csv`}, "export", "--format", "xml")
}

func TestExportCSV(t *testing.T) {
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
	if len(rows) != 1+len(f.recs) {
		t.Fatalf("%d rows, want a header and %d", len(rows), len(f.recs))
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
	for i, r := range f.recs {
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
	if want := filterRecs(f.recs, func(r model.Record) bool { return r.EID.Kind == model.BankIDMobile }); len(rows) != 1+len(want) {
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
	f := newFixture(t)
	r := f.recs[5]
	path := filepath.Join(f.dir, r.ID+".json")
	res := f.ok(t, "delete", r.ID[:13], "--yes")
	if want := "Deleted record " + r.ID + " (" + r.EID.Name + ", " + osloMinuteOf(r) + "): the file is gone.\n"; res.stdout != want {
		t.Errorf("delete --yes said %q, want %q", res.stdout, want)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after delete, Stat(%s) = %v, want not exist", path, err)
	}
	entries, err := os.ReadDir(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != len(f.recs)-1+3 {
		t.Errorf("after delete the folder holds %d names, want %d: %q", len(names), len(f.recs)+2, names)
	}
	for _, n := range names {
		if strings.Contains(n, r.ID) {
			t.Errorf("a file named for the deleted record is left: %s", n)
		}
	}
	if got := idsOf(t, f.ok(t, "list").stdout); len(got) != len(f.recs)-1 {
		t.Errorf("list after delete: %d rows", len(got))
	}
	f.fails(t, []string{"no registration with id"}, "delete", r.ID, "-y")
}

func TestDeleteRefusals(t *testing.T) {
	f := newFixture(t)
	r := f.recs[2]
	listed := idsOf(t, f.ok(t, "list").stdout)[2]
	path := filepath.Join(f.dir, r.ID+".json")
	// Standard input is not a terminal and there is no --yes: refused, even
	// with a "y" piped in.
	for _, stdin := range []string{"", "y\n"} {
		res := runCLI(t, stdin, "delete", r.ID[:13], "--data-dir", f.dir)
		if res.code != 1 || !saysSo(res.stderr, "not deleted") || !saysSo(res.stderr, "add --yes") ||
			!saysSo(res.stderr, "standard input is not one") || !saysSo(res.stderr, listed+" ("+r.EID.Name+", "+osloMinuteOf(r)) {
			t.Errorf("delete with stdin %q: exit %d, stderr %q; want a refusal naming --yes and the record", stdin, res.code, res.stderr)
		}
	}
	f.fails(t, []string{`no registration with id "ffff0000"`}, "delete", "ffff0000", "--yes")
	a, b := f.recs[0].ID, f.recs[1].ID
	f.fails(t, []string{"ambiguous id", a, b}, "delete", a[:8], "--yes")
	f.fails(t, []string{"is not a registration id"}, "delete", "../"+a, "--yes")
	for _, rec := range f.recs {
		if _, err := os.Stat(filepath.Join(f.dir, rec.ID+".json")); err != nil {
			t.Errorf("a refused delete removed %s: %v", rec.ID, err)
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Error(err)
	}
}

// TestDeleteAsksAtTerminal answers the question in a real terminal: "n"
// keeps the record, "y" erases it.
func TestDeleteAsksAtTerminal(t *testing.T) {
	f := newFixture(t)
	r := f.recs[4] // Commfides
	path := filepath.Join(f.dir, r.ID+".json")
	n, _ := model.ParseNationalID(r.Person.NationalID, r.CreatedAt)
	listed := idsOf(t, f.ok(t, "list").stdout)[4]
	question := "Delete record " + listed + " (Commfides, " + osloMinuteOf(r) + ", " + n.Masked() + ")? [y/N]"

	tt := startTmux(t, 120, 20, nil, "delete", r.ID[:13], "--data-dir", f.dir)
	tt.waitFor(question)
	tt.literal("n")
	tt.keys("Enter")
	tt.waitFor("EXITED-0")
	tt.waitFor("Not deleted.")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("answering n removed the record: %v", err)
	}

	tt = startTmux(t, 120, 20, nil, "delete", r.ID[:13], "--data-dir", f.dir)
	tt.waitFor(question)
	tt.literal("y")
	tt.keys("Enter")
	tt.waitFor("EXITED-0")
	tt.waitFor("Deleted record " + r.ID)
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after y, Stat = %v, want not exist", err)
	}
}

// ---- stats ----

func TestStats(t *testing.T) {
	f := newFixture(t)
	res := f.ok(t, "stats", "--json")
	wantSkipped(t, res.stderr)
	var s recordStats
	if err := json.Unmarshal([]byte(res.stdout), &s); err != nil {
		t.Fatalf("stats --json: %v\n%s", err, res.stdout)
	}
	perEID, perChan, perDay := map[string]int{}, map[string]int{}, map[string]int{}
	contact := 0
	for _, r := range f.recs {
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
	if len(s.PerEID) != 5 || len(s.PerChannel) != 3 {
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
	s = recordStats{}
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
		"Total: 30 registrations in " + f.dir,
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

// ---- terminal ----

// TestListAtTerminal: at a terminal the list is a table with a rounded
// border and a bold header; NO_COLOR (any value) leaves no colour, and the
// bold stays.
func TestListAtTerminal(t *testing.T) {
	f := newFixture(t)
	for _, env := range [][]string{nil, {"NO_COLOR=yes"}, {"COLORTERM=truecolor", "NO_COLOR=1"}} {
		tt := startTmux(t, 120, 45, env, "list", "--data-dir", f.dir)
		tt.waitFor("EXITED-0")
		scr := tt.screen()
		for _, want := range []string{"╭", "╮", "╰", "╯", "│ Saved", "│ eID", "│ National ID", f.recs[0].EID.Name,
			"30 registrations in " + f.dir + ", newest first", "skipped: broken.json", "skipped: foreign.json"} {
			if !strings.Contains(scr, want) {
				t.Errorf("env %v: the screen lacks %q:\n%s", env, want, scr)
			}
		}
		styled := tt.run("capture-pane", "-p", "-e", "-t", "w")
		if !strings.Contains(styled, "\x1b[1m") {
			t.Errorf("env %v: no bold header:\n%q", env, styled)
		}
		if c := colourSGR(styled); c != "" {
			t.Errorf("env %v: colour in the listing (%q):\n%q", env, c, styled)
		}
	}
}

// TestListAtTerminalAccessible: a screen reader's terminal (ACCESSIBLE, or
// TERM=dumb, which tmux does not let a test set) gets the plain columns,
// not box drawing.
func TestListAtTerminalAccessible(t *testing.T) {
	f := newFixture(t)
	tt := startTmux(t, 120, 45, []string{"ACCESSIBLE=1"}, "list", "--data-dir", f.dir)
	tt.waitFor("EXITED-0")
	scr := tt.screen()
	if strings.ContainsAny(scr, "╭│╰") || !strings.Contains(scr, "Saved             ID") {
		t.Errorf("want plain columns:\n%s", scr)
	}
	if styled := tt.run("capture-pane", "-p", "-e", "-t", "w"); strings.Contains(styled, "\x1b[1m") {
		t.Errorf("bold in the plain listing:\n%q", styled)
	}
}

// colourSGR returns the first SGR sequence in s that sets a colour
// (30–38, 40–48, 90–97, 100–107; 39 and 49, the defaults, are no colour).
func colourSGR(s string) string {
	for _, m := range regexp.MustCompile("\x1b\\[([0-9;:]*)m").FindAllStringSubmatch(s, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			n, _ := strconv.Atoi(p)
			if (n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107) {
				return m[0]
			}
		}
	}
	return ""
}

// TestRecordsHelp: every command explains itself with examples.
func TestRecordsHelp(t *testing.T) {
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

// ---- the pieces ----

// TestMinutes: the age in the "unfinished save" line, in words.
func TestMinutes(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Minute: "1 minute", 2 * time.Minute: "2 minutes", time.Hour: "60 minutes",
		90 * time.Second: "1m30s", 10 * time.Second: "10s", 0: "0s",
	} {
		if got := minutes(d); got != want {
			t.Errorf("minutes(%v) = %q, want %q", d, got, want)
		}
	}
	if got := minutes(storage.StaleTempAge); got != "2 minutes" {
		t.Errorf("minutes(storage.StaleTempAge) = %q, want 2 minutes (the line the tests expect)", got)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 11, 25, 14, 3, 0, 0, model.Oslo())
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2026-11-01", time.Date(2026, 11, 1, 0, 0, 0, 0, model.Oslo())},
		{"2026-07-01", time.Date(2026, 6, 30, 22, 0, 0, 0, time.UTC)}, // summer time: UTC+2
		{"24h", now.Add(-24 * time.Hour)},
		{"90m", now.Add(-90 * time.Minute)},
		{"1h30m", now.Add(-90 * time.Minute)},
		{"7d", now.Add(-7 * 24 * time.Hour)},
		{"2w", now.Add(-14 * 24 * time.Hour)},
		{"2026-11-24T12:00:00+01:00", time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC)},
	} {
		got, err := parseSince(tc.in, now)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("parseSince(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	// Whole seconds, as a record's times are: now has a fraction.
	frac := now.Add(1500 * time.Millisecond)
	for in, want := range map[string]time.Time{
		"24h":                          now.Add(-24*time.Hour + time.Second),
		"2026-11-24T12:00:00.75+01:00": time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC),
	} {
		if got, err := parseSince(in, frac); err != nil || !got.Equal(want) {
			t.Errorf("parseSince(%q) at %v = %v, %v; want %v", in, frac, got, err, want)
		}
	}
	for _, in := range []string{"d", "w", "7", "7x", "-1h", "0d", "0s", "yesterday", "2026-13-01", "2026-02-29", "1d12h", "7 d"} {
		if got, err := parseSince(in, now); err == nil {
			t.Errorf("parseSince(%q) = %v, want an error", in, got)
		}
	}
}

func TestParseEIDKind(t *testing.T) {
	for in, want := range map[string]model.EIDKind{
		"minid": model.MinID, "MinID": model.MinID, "bankid": model.BankID, "bankid_mobil": model.BankIDMobile,
		"bankid-mobil": model.BankIDMobile, " Buypass ": model.Buypass, "commfides": model.Commfides,
	} {
		if got, ok := parseEIDKind(in); !ok || got != want {
			t.Errorf("parseEIDKind(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "bank", "bankidmobil", "buypass id", "idporten"} {
		if got, ok := parseEIDKind(in); ok {
			t.Errorf("parseEIDKind(%q) = %q, want unknown", in, got)
		}
	}
}

func TestShortIDLen(t *testing.T) {
	rec := func(id string) model.Record { return model.Record{ID: id} }
	for _, tc := range []struct {
		name  string
		names []string // every id in the folder
		shown []string
		want  int
	}{
		{"distinct at 8", []string{"01a2123e-0000", "01a2123f-0000"}, []string{"01a2123e-0000", "01a2123f-0000"}, 8},
		// 9 would end on the dash: 10.
		{"same 8", []string{"01a2123e-1000", "01a2123e-2000"}, []string{"01a2123e-1000"}, 10},
		{"same 10", []string{"01a2123e-1100", "01a2123e-1200", "ffffffff-0000"}, []string{"ffffffff-0000", "01a2123e-1100"}, 11},
		// A record not shown (filtered out) still counts: show must find it.
		{"hidden neighbour", []string{"01a2123e-1100", "01a2123e-1200"}, []string{"01a2123e-1200"}, 11},
		// So does a file that is not a record: show matches file names.
		{"bad file", []string{"01a2123e-1100", "01a2123e-11"}, []string{"01a2123e-1100"}, 12},
	} {
		rs := &recordSet{names: tc.names}
		var shown []model.Record
		for _, id := range tc.shown {
			shown = append(shown, rec(id))
		}
		if got := rs.shortIDLen(shown); got != tc.want {
			t.Errorf("%s: shortIDLen = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestSpreadsheetText(t *testing.T) {
	for in, want := range map[string]string{
		"kari@eksempel.no": "kari@eksempel.no", "=1+2@eksempel.no": "'=1+2@eksempel.no",
		"+a@b.no": "'+a@b.no", "-a@b.no": "'-a@b.no", "a=b@c.no": "a=b@c.no", "": "",
	} {
		if got := spreadsheetText(in); got != want {
			t.Errorf("spreadsheetText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDeleteNamesIDAsListShows: delete's question and its refusal name the
// record by the id as list shows it (here longer than 8 characters: two
// records share their first 8), not by another cut.
func TestDeleteNamesIDAsListShows(t *testing.T) {
	f := newFixture(t)
	stdout, _, err := runInProcess(t, "", "list", "--data-dir", f.dir)
	if err != nil {
		t.Fatal(err)
	}
	listed := idsOf(t, stdout)
	const i = 4 // Commfides, with a national ID
	r := f.recs[i]
	if len(listed[i]) <= 8 || !strings.HasPrefix(r.ID, listed[i]) {
		t.Fatalf("fixture: list shows %q for %s, want a prefix longer than 8", listed[i], r.ID)
	}
	n, _ := model.ParseNationalID(r.Person.NationalID, r.CreatedAt)
	want := "to delete record " + listed[i] + " (" + r.EID.Name + ", " + osloMinuteOf(r) + ", " + n.Masked() + "), add --yes"
	for _, arg := range []string{r.ID, listed[i], r.ID[:8] + strings.ToUpper(r.ID[8:13])} {
		_, stderr, err := runInProcess(t, "", "delete", arg, "--data-dir", f.dir)
		if err == nil || !strings.Contains(strings.Join(strings.Fields(stderr), " "), want) {
			t.Errorf("delete %s without a terminal: %v, stderr:\n%s\nwant it to name the record as %q", arg, err, stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(f.dir, r.ID+".json")); err != nil {
		t.Errorf("a refused delete removed the record: %v", err)
	}
}

// TestStatsJSONTimesInSeconds: stats --json writes its time as every other
// --json output does: RFC 3339 in Europe/Oslo, to the second.
func TestStatsJSONTimesInSeconds(t *testing.T) {
	f := newFixture(t)
	// As the wizard saves created_at and export writes every time (the
	// fixture's records have milliseconds, which the wizard never writes).
	rfc3339Seconds := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$`)
	for _, since := range []string{"24h", "90m", "2w", "2026-11-24T12:00:00.25+01:00", "2026-11-24"} {
		stdout, _, err := runInProcess(t, "", "stats", "--json", "--since", since, "--data-dir", f.dir)
		if err != nil {
			t.Fatal(err)
		}
		var s map[string]any
		if err := json.Unmarshal([]byte(stdout), &s); err != nil {
			t.Fatalf("stats --json: %v\n%s", err, stdout)
		}
		if got, _ := s["since"].(string); !rfc3339Seconds.MatchString(got) {
			t.Errorf("stats --json --since %s: since is %q, want RFC 3339 in Europe/Oslo to the second", since, got)
		}
	}
}
