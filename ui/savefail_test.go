package ui_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// makeReadOnly makes dir truly unwritable and returns a function that
// makes it writable again. As root (where chmod stops nothing) it
// bind-mounts the folder read-only; otherwise it takes the write bit away.
func makeReadOnly(t *testing.T, dir string) (restore func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		return func() { _ = os.Chmod(dir, 0o700) }
	}
	run := func(args ...string) error {
		out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		if err != nil {
			return errors.New(strings.TrimSpace(string(out)))
		}
		return nil
	}
	if err := run("mount", "--bind", dir, dir); err != nil {
		t.Skipf("cannot make a read-only folder here (bind mount: %v); TestSaveFailsOnFullDisk covers the retry", err)
	}
	if err := run("mount", "-o", "remount,bind,ro", dir); err != nil {
		_ = run("umount", dir)
		t.Skipf("cannot remount read-only: %v", err)
	}
	undone := false
	restore = func() {
		if !undone {
			undone = true
			if err := run("umount", dir); err != nil {
				t.Errorf("umount %s: %v", dir, err)
			}
		}
	}
	t.Cleanup(restore)
	return restore
}

// walkToSummary registers with Commfides and no contact data, up to the
// summary.
func (tm *term) walkToSummary() {
	tm.t.Helper()
	tm.loginCommfides()
	tm.press(keyDown)
	tm.waitFor("> Nei, hopp over")
	tm.press(keyEnter)
	tm.waitFor("Ingen kontaktinformasjon no")
	tm.press(keyEnter)
	tm.waitFor("Sjå over og stadfest")
}

// TestSaveFailsReadOnlyThenRetry: saving into a read-only folder shows the
// reason and keeps the answers; once the folder is writable, r saves.
func TestSaveFailsReadOnlyThenRetry(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	tm := startTerm(t, termOpts{seed: 21, dir: dir})
	tm.walkToSummary()
	restore := makeReadOnly(t, tm.store.Dir())

	tm.press(keyEnter)
	tm.waitFor("Klarte ikkje å lagre registreringa")
	tm.waitFor("Svara dine er tekne vare på")
	if !strings.Contains(tm.screen(), "skriveverna") && !strings.Contains(tm.screen(), "har ikkje løyve") {
		t.Errorf("no reason given:\n%s", tm.screen())
	}
	if files := tm.savedFiles(); len(files) != 0 {
		t.Fatalf("files after a failed save: %v", files)
	}
	// Esc goes back to the summary with everything kept; Enter tries again.
	tm.press(keyEsc)
	tm.waitFor("Sjå over og stadfest")
	tm.waitFor("178890 *****")
	tm.press(keyEnter)
	tm.waitFor("Klarte ikkje å lagre registreringa")

	restore()
	tm.press("r")
	tm.waitFor("Registreringa er fullført")
	rec, path, ok := tm.model.Saved()
	if !ok || rec.EID.Kind != model.Commfides || rec.Person.NationalID != "17889033371" {
		t.Fatalf("saved %+v ok=%v", rec, ok)
	}
	if files := tm.savedFiles(); len(files) != 1 || files[0] != filepath.Base(path) {
		t.Errorf("data dir holds %v, want only %s", files, filepath.Base(path))
	}
}

// TestSaveFailsOnFullDisk: a full disk is named as such, nothing partial is
// left, and Retry works after space returns.
func TestSaveFailsOnFullDisk(t *testing.T) {
	tm := startTermWithStore(t, termOpts{seed: 22}, func(real storeFunc) storeFunc {
		var calls atomic.Int32
		return func(r model.Record) (string, error) {
			if calls.Add(1) <= 2 {
				return "", &os.PathError{Op: "write", Path: "x.json", Err: syscall.ENOSPC}
			}
			return real(r)
		}
	})
	tm.walkToSummary()
	tm.press(keyEnter)
	tm.waitFor("er full.")
	tm.waitFor("Svara dine er tekne vare på")
	if files := tm.savedFiles(); len(files) != 0 {
		t.Fatalf("files after a failed save: %v", files)
	}
	// The answers are kept: the summary still shows them; a second try
	// fails the same way, and r saves them once the disk has room.
	tm.press(keyEsc)
	tm.waitFor("Sjå over og stadfest")
	tm.waitFor("178890 *****")
	tm.press(keyEnter)
	tm.waitFor("er full.")
	tm.press("r")
	tm.waitFor("Registreringa er fullført")
	wantSavedCommfides(tm)
}

// wantSavedCommfides checks that the wizard saved walkToSummary's answers,
// and that the data folder holds that record file only.
func wantSavedCommfides(tm *term) {
	tm.t.Helper()
	rec, path, ok := tm.model.Saved()
	if !ok {
		tm.t.Fatal("not saved after retry")
	}
	if rec.EID.Kind != model.Commfides || rec.Person.NationalID != "17889033371" || rec.ContactRegister.Registered {
		tm.t.Errorf("saved %+v, not the answers given before the failure", rec)
	}
	var records []string
	for _, name := range tm.savedFiles() {
		if strings.HasSuffix(name, ".json") {
			records = append(records, name)
		}
	}
	if len(records) != 1 || records[0] != filepath.Base(path) {
		tm.t.Errorf("data dir holds records %v, want only %s", records, filepath.Base(path))
	}
}

// TestSaveFailsOnRealFullDisk: the whole way from a real full file system
// (a tiny tmpfs, root only) through the store's error to the screen: the
// reason is named, nothing is left, the answers are kept through a second
// failed try, and r saves them once space returns.
func TestSaveFailsOnRealFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root; TestSaveFailsOnFullDisk injects ENOSPC instead")
	}
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	tm := startTerm(t, termOpts{seed: 23, dir: dir})
	tm.walkToSummary()

	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{4096, 1} {
		chunk := make([]byte, size)
		for {
			if _, err := f.Write(chunk); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatalf("filling the tmpfs: %v", err)
				}
				break
			}
		}
	}
	_ = f.Close()

	tm.press(keyEnter)
	tm.waitFor("er full.")
	tm.waitFor("Svara dine er tekne vare på")
	if files := tm.savedFiles(); len(files) != 1 || files[0] != "filler" {
		t.Fatalf("files after a failed save: %v", files)
	}
	// Still full: back to the summary, which keeps the answers, and again.
	tm.press(keyEsc)
	tm.waitFor("Sjå over og stadfest")
	tm.waitFor("178890 *****")
	tm.press(keyEnter)
	tm.waitFor("er full.")
	if files := tm.savedFiles(); len(files) != 1 {
		t.Fatalf("files after a second failed save: %v", files)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	tm.press("r")
	tm.waitFor("Registreringa er fullført")
	wantSavedCommfides(tm)
}
