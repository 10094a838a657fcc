package storage_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/storage"
)

// run runs a command and returns its error with its output.
func run(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return errors.New(strings.TrimSpace(name + " " + strings.Join(args, " ") + ": " + err.Error() + ": " + string(out)))
	}
	return nil
}

// mountReadOnly bind-mounts dir read-only onto itself (root only), skipping
// the test where mounting is not allowed. It returns a function that undoes
// the mount; the mount is also undone at cleanup if still in place.
func mountReadOnly(t *testing.T, dir string) (umount func()) {
	t.Helper()
	dir, err := filepath.EvalSymlinks(dir) // as /proc/self/mountinfo names it
	if err != nil {
		t.Fatal(err)
	}
	umount = func() {
		// Unmount until dir is no mount point any more: with shared mount
		// propagation a bind mount can appear more than once.
		for i := 0; mountPoint(t, dir); i++ {
			if err := run("umount", dir); err != nil || i == 10 {
				t.Errorf("cleanup: %s still mounted: %v", dir, err)
				return
			}
		}
	}
	t.Cleanup(umount)
	if err := run("mount", "--bind", dir, dir); err != nil {
		t.Skipf("cannot bind-mount (needs CAP_SYS_ADMIN): %v", err)
	}
	if err := run("mount", "-o", "remount,bind,ro", dir); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	return umount
}

// mountPoint reports whether something is mounted on dir.
func mountPoint(t *testing.T, dir string) bool {
	t.Helper()
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatalf("reading mounts: %v", err)
	}
	for line := range strings.Lines(string(data)) {
		if f := strings.Fields(line); len(f) > 4 && f[4] == dir {
			return true
		}
	}
	return false
}

// bothWays runs f as a save is made here (O_TMPFILE on Linux where the
// file system has it), and again with the O_TMPFILE open made to fail, so
// that the save takes the fallback (a named hidden temp file).
func bothWays(t *testing.T, f func(t *testing.T)) {
	t.Run("tmpfile", f)
	t.Run("fallback", func(t *testing.T) {
		storage.ForceTempFallback(t)
		f(t)
	})
}

// TestSaveReadOnlyDirChmod: a folder made read-only with chmod 0500 makes
// Save fail with fs.ErrPermission, leaves nothing behind, and the same Save
// succeeds after chmod 0700; with O_TMPFILE and with the fallback.
func TestSaveReadOnlyDirChmod(t *testing.T) { bothWays(t, testSaveReadOnlyDirChmod) }

func testSaveReadOnlyDirChmod(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which writes into a chmod 0500 folder anyway; " +
			"TestSaveReadOnlyMount (read-only bind mount) and TestSaveInjectedFaults cover this as root")
	}
	readOnlyThenRetry(t, func(t *testing.T, dir string) (func(), error) {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
		return func() {
			if err := os.Chmod(dir, 0o700); err != nil {
				t.Fatal(err)
			}
		}, fs.ErrPermission
	})
}

// TestSaveReadOnlyMount: as root, the folder is bind-mounted read-only onto
// itself, so Save meets a real syscall.EROFS; remounting it writable lets the
// same Save succeed; with O_TMPFILE and with the fallback. Skipped where
// mounting is not allowed.
func TestSaveReadOnlyMount(t *testing.T) { bothWays(t, testSaveReadOnlyMount) }

func testSaveReadOnlyMount(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting needs root; TestSaveReadOnlyDirChmod covers a read-only folder")
	}
	readOnlyThenRetry(t, func(t *testing.T, dir string) (func(), error) {
		return mountReadOnly(t, dir), syscall.EROFS
	})
}

// readOnlyThenRetry saves one record, makes the folder read-only with
// makeRO (which returns the error Save must then wrap and a function that
// makes the folder writable again), and checks that Save fails with that
// error leaving nothing behind, that reading still works, and that the
// same Save succeeds once the folder is writable.
func readOnlyThenRetry(t *testing.T, makeRO func(t *testing.T, dir string) (restore func(), want error)) {
	s := openStore(t)
	existing := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 1)
	if _, err := s.Save(existing); err != nil {
		t.Fatal(err)
	}
	r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated.Add(1), 2)
	path := filepath.Join(s.Dir(), r.ID+".json")
	restore, want := makeRO(t, s.Dir())

	p, err := s.Save(r)
	if err == nil {
		t.Fatalf("Save into a read-only folder = %q, nil; want %v", p, want)
	}
	if !errors.Is(err, want) {
		t.Fatalf("Save into a read-only folder: %v; want errors.Is(err, %v)", err, want)
	}
	if errors.Is(err, storage.ErrBadID) || errors.Is(err, fs.ErrExist) {
		t.Errorf("Save error %v is misclassified", err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("failed Save left %s: %v", path, err)
	}
	if names := storage.DirNames(t, s.Dir()); !slices.Equal(names, []string{existing.ID + ".json"}) {
		t.Errorf("failed Save left files: %q", names)
	}
	// Reading still works.
	if list, problems := s.List(); len(list) != 1 || len(problems) != 0 {
		t.Errorf("List on a read-only folder = %d records, %v", len(list), problems)
	}
	if _, err := s.Load(existing.ID); err != nil {
		t.Errorf("Load on a read-only folder: %v", err)
	}
	// Deleting fails the same way.
	if err := s.Delete(existing.ID); !errors.Is(err, want) {
		t.Errorf("Delete on a read-only folder: %v; want %v", err, want)
	}

	restore()
	p, err = s.Save(r)
	if err != nil {
		t.Fatalf("Save after making the folder writable again: %v", err)
	}
	if p != path {
		t.Errorf("Save path %q, want %q", p, path)
	}
	got, err := s.Load(r.ID)
	if err != nil {
		t.Fatalf("Load after the retry: %v", err)
	}
	sameRecord(t, got, r)
	if list, problems := s.List(); len(list) != 2 || len(problems) != 0 {
		t.Errorf("List after the retry = %d records, %v; want 2", len(list), problems)
	}
}

// TestSaveDiskFull fills a tiny tmpfs (root only) so that Save meets a real
// ENOSPC: the error says so, no record or temp file is left, and the Save
// succeeds once there is room; with O_TMPFILE (tmpfs has it) and with the
// fallback.
func TestSaveDiskFull(t *testing.T) { bothWays(t, testSaveDiskFull) }

func testSaveDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root; TestSaveInjectedFaults covers ENOSPC")
	}
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := run("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", dir); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	t.Cleanup(func() {
		if err := run("umount", dir); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	s, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}

	// Fill the file system.
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("x"), 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling: %v", err)
			}
			break
		}
	}
	// Use up any partial space.
	for {
		if _, err := f.Write([]byte("x")); err != nil {
			break
		}
	}
	if err := f.Close(); err != nil && !errors.Is(err, syscall.ENOSPC) {
		t.Fatal(err)
	}

	r := storage.FullRecord(t, storage.NewID())
	if _, err := s.Save(r); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Save on a full disk: %v; want ENOSPC", err)
	}
	if names := storage.DirNames(t, dir); !slices.Equal(names, []string{"filler"}) {
		t.Errorf("failed Save left files: %q", names)
	}
	if list, problems := s.List(); len(list) != 0 || len(problems) != 0 {
		t.Errorf("List after a failed Save = %d records, %v", len(list), problems)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(r); err != nil {
		t.Fatalf("Save after freeing space: %v", err)
	}
	got, err := s.Load(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameRecord(t, got, r)
}
