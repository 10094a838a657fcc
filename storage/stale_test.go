package storage

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// tempData is what a planted temp file holds: personal data, as a real one.
var tempData = []byte(`{"person":{"national_id":"17889033371"}}`)

// plant writes each name in dir with tempData, last modified age ago.
func plant(t *testing.T, dir string, age time.Duration, names ...string) {
	t.Helper()
	at := time.Now().Add(-age)
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, tempData, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
}

// missing returns those of names that are not in dir.
func missing(t *testing.T, dir string, names ...string) (gone []string) {
	t.Helper()
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dir, n)); errors.Is(err, fs.ErrNotExist) {
			gone = append(gone, n)
		} else if err != nil {
			t.Fatal(err)
		}
	}
	return gone
}

// notTemps are names SweepTemps must never remove, however old: records,
// other hidden files, names close to a temp file's but not one.
func notTemps(id string) []string {
	return []string{
		id + ".json",                        // a record
		".notes",                            // someone's hidden file
		id + ".json.bak1",                   // visible
		id + ".json.tmp-123",                // visible
		"." + id + ".json",                  // no suffix
		"." + id + ".json.tmp-",             // no digits
		"." + id + ".json.tmp-12a",          // not digits
		"." + id + ".jsonx123",              // not renameio's either
		"." + id[:8] + ".json.tmp-1",        // not a whole id
		".x" + id + ".json.tmp-1",           // not an id
		"." + id + ".json.tmp-1.json",       // more after the digits
		"." + id + ".JSON.tmp-1",            // another case
		"..." + id[1:] + ".json.tmp-1",      // dots
		"." + id + ".json.tmp-1 ",           // a space
		"." + id + ".json.tmp-\uff11\uff12", // not ASCII digits
	}
}

// TestOpenRemovesStaleTemps: a crashed save's hidden temp file (it holds
// personal data) is removed when the store is opened once it is
// StaleTempAge (2 minutes) old, in our pattern and in renameio's that
// earlier versions left; a fresh one (maybe a save in progress in another
// process) and other files are left alone.
func TestOpenRemovesStaleTemps(t *testing.T) {
	if StaleTempAge != 2*time.Minute {
		t.Errorf("StaleTempAge = %v, want 2m", StaleTempAge)
	}
	dir := t.TempDir()
	id, id2 := NewID(), NewID()
	old := []string{"." + id + ".json.tmp-123456", "." + id2 + ".json8412345"}
	fresh := []string{"." + NewID() + ".json.tmp-654321", "." + NewID() + ".json654321"}
	plant(t, dir, StaleTempAge+time.Second, old...)
	plant(t, dir, StaleTempAge-10*time.Second, fresh...)
	plant(t, dir, time.Hour, notTemps(id)...)
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	if gone := missing(t, dir, old...); !slices.Equal(gone, old) {
		t.Errorf("Open removed %q of the stale temp files %q", gone, old)
	}
	if gone := missing(t, dir, append(fresh, notTemps(id)...)...); len(gone) != 0 {
		t.Errorf("Open removed %q", gone)
	}
}

// TestOpenExistingRemovesNothing: OpenExisting (the read-only commands)
// leaves even a stale temp file alone.
func TestOpenExistingRemovesNothing(t *testing.T) {
	dir := t.TempDir()
	name := "." + NewID() + ".json.tmp-1"
	plant(t, dir, time.Hour, name)
	if _, err := OpenExisting(dir); err != nil {
		t.Fatal(err)
	}
	if gone := missing(t, dir, name); len(gone) != 0 {
		t.Errorf("OpenExisting removed %q", gone)
	}
}

// TestSweepTemps: SweepTemps removes the temp files (both patterns) at
// least olderThan old and says how many; it keeps fresher ones, records,
// other files, folders and symlinks named like temp files, and the files a
// symlink points to; an age below tempInProgress is taken as
// tempInProgress, so a save in progress is never cut short.
func TestSweepTemps(t *testing.T) {
	s := openInternal(t)
	dir := s.Dir()
	id := NewID()
	old := []string{"." + id + ".json.tmp-1", "." + NewID() + ".json.tmp-18446744073709551615", "." + NewID() + ".json42"}
	middle := []string{"." + NewID() + ".json.tmp-77", "." + NewID() + ".json77"}
	fresh := []string{"." + NewID() + ".json.tmp-5", "." + NewID() + ".json5"}
	plant(t, dir, 10*time.Minute, old...)
	plant(t, dir, 3*time.Minute, middle...)
	plant(t, dir, 0, fresh...)
	plant(t, dir, 24*time.Hour, notTemps(id)...)
	// A folder and a symlink named as temp files, and the symlink's target.
	folder := "." + NewID() + ".json.tmp-9"
	if err := os.Mkdir(filepath.Join(dir, folder), 0o700); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "target")
	plant(t, filepath.Dir(target), time.Hour, "target")
	symlink := "." + NewID() + ".json.tmp-8"
	if err := os.Symlink(target, filepath.Join(dir, symlink)); err != nil {
		t.Fatal(err)
	}
	long := time.Now().Add(-time.Hour)
	for _, p := range []string{filepath.Join(dir, folder)} {
		if err := os.Chtimes(p, long, long); err != nil {
			t.Fatal(err)
		}
	}
	kept := append(append(slices.Clone(fresh), notTemps(id)...), folder, symlink)

	removed, err := s.SweepTemps(5 * time.Minute)
	if err != nil || removed != len(old) {
		t.Errorf("SweepTemps(5m) = %d, %v; want %d, nil", removed, err, len(old))
	}
	if gone := missing(t, dir, old...); !slices.Equal(gone, old) {
		t.Errorf("SweepTemps(5m) removed only %q of %q", gone, old)
	}
	if gone := missing(t, dir, append(slices.Clone(middle), kept...)...); len(gone) != 0 {
		t.Errorf("SweepTemps(5m) removed %q", gone)
	}

	removed, err = s.SweepTemps(StaleTempAge)
	if err != nil || removed != len(middle) {
		t.Errorf("SweepTemps(StaleTempAge) = %d, %v; want %d, nil", removed, err, len(middle))
	}
	if gone := missing(t, dir, middle...); !slices.Equal(gone, middle) {
		t.Errorf("SweepTemps(StaleTempAge) removed only %q of %q", gone, middle)
	}

	// A fresh temp file may be a save in progress: not even an age of 0
	// removes it.
	for _, age := range []time.Duration{0, -time.Hour, time.Millisecond} {
		if removed, err := s.SweepTemps(age); err != nil || removed != 0 {
			t.Errorf("SweepTemps(%v) = %d, %v; want 0, nil", age, removed, err)
		}
	}
	if gone := missing(t, dir, kept...); len(gone) != 0 {
		t.Errorf("SweepTemps removed %q", gone)
	}
	if _, err := os.Stat(target); err != nil {
		t.Errorf("the symlink's target: %v", err)
	}
	// Once older than a save in progress, it goes.
	plant(t, dir, tempInProgress+time.Second, fresh...)
	if removed, err := s.SweepTemps(0); err != nil || removed != len(fresh) {
		t.Errorf("SweepTemps(0) of temp files past tempInProgress = %d, %v; want %d", removed, err, len(fresh))
	}
	// And a second sweep finds nothing.
	if removed, err := s.SweepTemps(0); err != nil || removed != 0 {
		t.Errorf("second SweepTemps(0) = %d, %v; want 0, nil", removed, err)
	}
}

// TestSweepTempsMissingFolder: a folder that is gone is an error wrapping
// fs.ErrNotExist, with nothing removed.
func TestSweepTempsMissingFolder(t *testing.T) {
	s := openInternal(t)
	if err := os.Remove(s.Dir()); err != nil {
		t.Fatal(err)
	}
	if removed, err := s.SweepTemps(StaleTempAge); removed != 0 || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("SweepTemps on a missing folder = %d, %v; want 0, fs.ErrNotExist", removed, err)
	}
}
