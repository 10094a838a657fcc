package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// runAccessible runs the built binary with stdin from an answers file and
// returns its output, exit code and the data directory.
func runAccessible(t *testing.T, answers string, env []string, args ...string) (string, int, string) {
	t.Helper()
	dir := t.TempDir()
	data := filepath.Join(dir, "registrations")
	file := filepath.Join(dir, "answers.txt")
	if err := os.WriteFile(file, []byte(answers), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	cmd := exec.Command(binary, append([]string{"--data-dir", data}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = in
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("the binary did not end:\n%s", out.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), code, data
}

// savedRecords reads the records in a data directory.
func savedRecords(t *testing.T, data string) []model.Record {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(data, "*.json"))
	var recs []model.Record
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r model.Record
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		recs = append(recs, r)
	}
	return recs
}

// TestAccessibleBinary runs `idporten-wizard --accessible` (and the
// ACCESSIBLE and TERM=dumb environments) with a whole answers file on
// stdin: exit 0, a record saved, not one escape sequence in the output.
func TestAccessibleBinary(t *testing.T) {
	t.Parallel()
	minid := strings.Join([]string{"1", "1", "17889033371", "Passord123", "@code",
		"91234567", "kari@eksempel.no", "@code", "@code", "1"}, "\n") + "\n"
	for name, tc := range map[string]struct {
		env  []string
		args []string
		lang string
	}{
		"--accessible":         {nil, []string{"--accessible"}, "nn"},
		"ACCESSIBLE=1, --lang": {[]string{"ACCESSIBLE=1"}, []string{"--lang", "en"}, "en"},
		"TERM=dumb":            {[]string{"TERM=dumb", "IDPORTEN_WIZARD_LANG=nb"}, nil, "nb"},
	} {
		t.Run(name, func(t *testing.T) {
			out, code, data := runAccessible(t, minid, tc.env, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, out)
			}
			if i := strings.IndexByte(out, 0x1b); i >= 0 {
				t.Errorf("escape sequence in the output at byte %d: %q", i, out[max(i-30, 0):min(i+10, len(out))])
			}
			recs := savedRecords(t, data)
			if len(recs) != 1 {
				t.Fatalf("%d records:\n%s", len(recs), out)
			}
			r := recs[0]
			if r.EID.Kind != model.MinID || r.Person.NationalID != "17889033371" || r.Channel != model.ChannelTerminal ||
				r.Language != tc.lang || r.ContactRegister.Mobile != "+4791234567" || r.ContactRegister.Email != "kari@eksempel.no" {
				t.Errorf("record %+v", r)
			}
			if !strings.Contains(out, r.ID) {
				t.Errorf("the receipt does not name %s:\n%s", r.ID, out)
			}
		})
	}
}

// TestAccessibleBinaryInputEnds: an answers file that stops short makes
// the binary say so and exit 1, with nothing saved.
func TestAccessibleBinaryInputEnds(t *testing.T) {
	t.Parallel()
	out, code, data := runAccessible(t, "5\n17889033371\n", nil, "--accessible")
	if code != 1 {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if !strings.Contains(out, "Svara tok slutt før registreringa vart lagra.") {
		t.Errorf("no closing line:\n%s", out)
	}
	// The translated line is all: no styled error box in English after it.
	if strings.Contains(out, "\x1b") || strings.Contains(out, "ERROR") || strings.Contains(out, "input ended") {
		t.Errorf("an error box after the line mode's own message:\n%q", out)
	}
	if recs := savedRecords(t, data); len(recs) != 0 {
		t.Errorf("%d records saved", len(recs))
	}
}
