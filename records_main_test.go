package main

// The help-desk commands (list, delete) in a real terminal (tmux) and
// piped, on the built binary; every other test of them is
// internal/cli/records', in-process.

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/internal/cli/records/recordstest"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// TestRecordsPiped: list piped writes plain columns, newest first, and
// names the files it skipped on standard error; show of an unknown id is
// exit 1 with the message on standard error.
func TestRecordsPiped(t *testing.T) {
	t.Parallel()
	f := recordstest.New(t)
	cmd := exec.Command(binary, "list", "--data-dir", f.Dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("list: %v\n%s", err, stderr.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), "\x1b") {
		t.Errorf("list piped wrote escape sequences:\n%q", stdout.String())
	}
	ids := recordstest.ListedIDs(t, stdout.String())
	if len(ids) != len(f.Recs) || !strings.HasPrefix(f.Recs[0].ID, ids[0]) {
		t.Errorf("list piped: ids %q, want %d newest first:\n%s", ids, len(f.Recs), stdout.String())
	}
	for _, name := range []string{"broken.json", "foreign.json"} {
		if !strings.Contains(stderr.String(), "skipped: "+name+": ") {
			t.Errorf("stderr does not name %s:\n%s", name, stderr.String())
		}
	}
	cmd = exec.Command(binary, "show", "ffffffff", "--data-dir", f.Dir)
	stdout.Reset()
	stderr.Reset()
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || stdout.Len() != 0 ||
		!strings.Contains(strings.Join(strings.Fields(stderr.String()), " "), `No registration with id "ffffffff"`) {
		t.Errorf("show ffffffff: %v, stdout %q, stderr:\n%s", err, stdout.String(), stderr.String())
	}
}

// TestDeleteAsksAtTerminal answers the question in a real terminal: "n"
// keeps the record, "y" erases it.
func TestDeleteAsksAtTerminal(t *testing.T) {
	t.Parallel()
	f := recordstest.New(t)
	r := f.Recs[4] // Commfides
	path := filepath.Join(f.Dir, r.ID+".json")
	n, _ := model.ParseNationalID(r.Person.NationalID, r.CreatedAt)
	listed := listed(t, f.Dir)[4]
	question := "Delete record " + listed + " (Commfides, " + recordstest.OsloMinute(r) + ", " + n.Masked() + ")? [y/N]"

	tt := startTmux(t, 120, 20, nil, "delete", r.ID[:13], "--data-dir", f.Dir)
	tt.waitFor(question)
	tt.literal("n")
	tt.keys("Enter")
	tt.waitFor("EXITED-0")
	tt.waitFor("Not deleted.")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("answering n removed the record: %v", err)
	}

	tt = startTmux(t, 120, 20, nil, "delete", r.ID[:13], "--data-dir", f.Dir)
	tt.waitFor(question)
	tt.literal("y")
	tt.keys("Enter")
	tt.waitFor("EXITED-0")
	tt.waitFor("Deleted record " + r.ID)
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after y, Stat = %v, want not exist", err)
	}
}

// ---- terminal ----

// TestListAtTerminal: at a terminal the list is a table with a rounded
// border and a bold header; NO_COLOR (any value) leaves no colour, and the
// bold stays.
func TestListAtTerminal(t *testing.T) {
	t.Parallel()
	f := recordstest.New(t)
	for _, env := range [][]string{nil, {"NO_COLOR=yes"}, {"COLORTERM=truecolor", "NO_COLOR=1"}} {
		tt := startTmux(t, 120, 45, env, "list", "--data-dir", f.Dir)
		tt.waitFor("EXITED-0")
		scr := tt.screen()
		for _, want := range []string{"╭", "╮", "╰", "╯", "│ Saved", "│ eID", "│ National ID", f.Recs[0].EID.Name,
			"30 registrations in " + f.Dir + ", newest first", "skipped: broken.json", "skipped: foreign.json"} {
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
	t.Parallel()
	f := recordstest.New(t)
	tt := startTmux(t, 120, 45, []string{"ACCESSIBLE=1"}, "list", "--data-dir", f.Dir)
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

// listed are the ids list shows for the records in dir.
func listed(t *testing.T, dir string) []string {
	t.Helper()
	out, err := exec.Command(binary, "list", "--data-dir", dir).Output()
	if err != nil {
		t.Fatal(err)
	}
	return recordstest.ListedIDs(t, string(out))
}
