package cli

// Tests of the error box.

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"charm.land/fang/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

// TestErrorShowsFlagsAsWritten: the error box keeps flag names, ids and
// words as the message writes them; only a plain first word gets a capital.
func TestErrorShowsFlagsAsWritten(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--admin-exit", "q"}, "--admin-exit is for kiosk mode: add --kiosk.\n"},
		{[]string{"--lang", "de"}, `Unknown language "de" (--lang): use nn, nb or en.` + "\n"},
		{[]string{"--kiosk", "--guide"}, "The help-desk guide (--guide) is never shown on a kiosk (--kiosk).\n"},
		{[]string{"--bogus"}, "Unknown flag: --bogus.\n\n  Try --help for usage."},
		{[]string{"show", ".zzz"}, `".zzz" is not a registration id`},
	} {
		res := run(t, dataEnv(t), "", tc.args...)
		if res.code != 1 {
			t.Errorf("%v: exit %d", tc.args, res.code)
		}
		if !strings.Contains(res.stderr, tc.want) {
			t.Errorf("%v: the error box lacks %q:\n%s", tc.args, tc.want, res.stderr)
		}
	}
}

// TestErrorBoxWrapsAtSpaces: a long error is wrapped between words, never
// inside an id or a date, wherever the line happens to end.
func TestErrorBoxWrapsAtSpaces(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	const width = 120 // not at a terminal
	tokens := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\d`)
	for n := 1; n <= 130; n++ {
		word := strings.Repeat("z", n)
		for _, tc := range []struct {
			args  []string
			start string
		}{
			{[]string{"show", "." + word}, `".` + word + `" is not a registration id: an id is like 019ab8a1-7c3e-7d2a-9a57-3f0c2b1e4d5a`},
			{[]string{"list", "--since", word}, `Invalid --since "` + word + `": use a date (2026-11-01) or a duration`},
		} {
			res := run(t, nil, "", append(tc.args, "--data-dir", data)...)
			if res.code != 1 {
				t.Fatalf("%v: exit %d", tc.args, res.code)
			}
			if !strings.Contains(squash(res.stderr), squash(tc.start)) {
				t.Fatalf("%v: the box lacks %q:\n%s", tc.args, tc.start, res.stderr)
			}
			for _, tok := range tokens.FindAllString(tc.start, -1) {
				if !strings.Contains(res.stderr, tok) {
					t.Fatalf("%v: the box breaks %s:\n%s", tc.args, tok, res.stderr)
				}
			}
			// Still wrapped: no line wider than the box but a single word.
			for _, l := range strings.Split(res.stderr, "\n") {
				l = strings.TrimRight(l, " ")
				if w := ansi.StringWidth(l); w > width-2 && len(strings.Fields(l)) > 1 {
					t.Fatalf("%v: a line of %d columns in a box of %d:\n%s", tc.args, w, width, res.stderr)
				}
			}
		}
	}
}

// TestWrapAtSpaces: lines of at most the width, broken at spaces only; a
// longer word gets its own line; line breaks stay.
func TestWrapAtSpaces(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"a bb ccc dddd", 6, "a bb\nccc\ndddd"},
		{"a bb ccc", 8, "a bb ccc"},
		{"see 019ab8a1-7c3e-7d2a-9a57-3f0c2b1e4d5a now", 10, "see\n019ab8a1-7c3e-7d2a-9a57-3f0c2b1e4d5a\nnow"},
		{"one two\nthree  four", 9, "one two\nthree\nfour"},
		{"å ø æ", 3, "å ø\næ"},
		{"", 10, ""},
	} {
		if got := wrapAtSpaces(tc.in, tc.width); got != tc.want {
			t.Errorf("wrapAtSpaces(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

// TestCapitalise: only a plain lower-case first word gets a capital.
func TestCapitalise(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"unknown flag: --x":                  "Unknown flag: --x",
		"not: deleted":                       "Not: deleted",
		"--admin-exit is for kiosk mode":     "--admin-exit is for kiosk mode",
		`".zzz" is not a registration id`:    `".zzz" is not a registration id`,
		"2026-11-01 is a date":               "2026-11-01 is a date",
		"IDPORTEN_WIZARD_KIOSK=\"x\" is not": "IDPORTEN_WIZARD_KIOSK=\"x\" is not",
		"ærlig talt":                         "Ærlig talt",
		"":                                   "",
	} {
		if got := capitalise(in); got != want {
			t.Errorf("capitalise(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIsUsageError: cobra's complaints about the command line, and only
// those, get "Try --help".
func TestIsUsageError(t *testing.T) {
	t.Parallel()
	for msg, want := range map[string]bool{
		"unknown flag: --x": true, "unknown shorthand flag: 'x' in -x": true, "flag needs an argument: --lang": true,
		`unknown command "x" for "idporten-wizard"`: true, `invalid argument "x" for "--idle" flag`: true,
		"--admin-exit is for kiosk mode: add --kiosk": false, `unknown language "de" (--lang)`: false,
	} {
		if got := isUsageError(errors.New(msg)); got != want {
			t.Errorf("isUsageError(%q) = %v, want %v", msg, got, want)
		}
	}
}

// TestNoBoxAfterTheLineMode: an error the line mode has told in the
// person's language (an exit status, the input ending) draws nothing.
func TestNoBoxAfterTheLineMode(t *testing.T) {
	t.Parallel()
	for _, err := range []error{exitStatus(124), fmt.Errorf("run: %w", exitStatus(1)), ui.ErrInputEnded} {
		var b strings.Builder
		errorHandler(&b, &b)(&b, fang.Styles{}, err)
		if b.Len() != 0 {
			t.Errorf("%v: the handler drew %q", err, b.String())
		}
	}
}

// TestErrorWidth: away from a terminal the box is fang's 120 columns.
func TestErrorWidth(t *testing.T) {
	t.Parallel()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	var b strings.Builder
	if got := errorWidth(&b, w); got != 120 {
		t.Errorf("errorWidth(a buffer, a pipe) = %d, want 120", got)
	}
	if got := errorWidth(); got != 120 {
		t.Errorf("errorWidth() = %d, want 120", got)
	}
}
