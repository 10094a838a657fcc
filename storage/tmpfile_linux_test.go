//go:build linux

package storage

// Tests of how a save writes its file on Linux: into an anonymous O_TMPFILE
// file given its name with linkat, or, where the file system has no
// O_TMPFILE, through a named hidden temp file. They change package-level
// hooks and the process's umask, so none of them runs in parallel.

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// setHook sets *hook to f until the end of the test.
func setHook[T any](t *testing.T, hook *T, f T) {
	t.Helper()
	prev := *hook
	*hook = f
	t.Cleanup(func() { *hook = prev })
}

// watchDir watches dir with inotify and returns a function that gives what
// happened to names in it since: "create NAME" (a new name, by open, link or
// mkdir), "delete NAME", "from NAME" and "to NAME" (a rename). An anonymous
// O_TMPFILE file has no name, so it shows up only when linked.
func watchDir(t *testing.T, dir string) func() []string {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		t.Skipf("no inotify: %v", err)
	}
	t.Cleanup(func() { _ = unix.Close(fd) })
	if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_CREATE|unix.IN_DELETE|unix.IN_MOVED_FROM|unix.IN_MOVED_TO); err != nil {
		t.Fatalf("inotify watch: %v", err)
	}
	return func() []string {
		t.Helper()
		var events []string
		buf := make([]byte, 64<<10)
		for {
			n, err := unix.Read(fd, buf)
			if errors.Is(err, unix.EAGAIN) {
				return events
			}
			if err != nil {
				t.Fatalf("inotify read: %v", err)
			}
			for off := 0; off+unix.SizeofInotifyEvent <= n; {
				ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
				name := string(bytes.TrimRight(buf[off+unix.SizeofInotifyEvent:off+unix.SizeofInotifyEvent+int(ev.Len)], "\x00"))
				off += unix.SizeofInotifyEvent + int(ev.Len)
				switch {
				case ev.Mask&unix.IN_CREATE != 0:
					events = append(events, "create "+name)
				case ev.Mask&unix.IN_DELETE != 0:
					events = append(events, "delete "+name)
				case ev.Mask&unix.IN_MOVED_FROM != 0:
					events = append(events, "from "+name)
				case ev.Mask&unix.IN_MOVED_TO != 0:
					events = append(events, "to "+name)
				}
			}
		}
	}
}

// tmpfileDirs are folders on the disk (t.TempDir()) and on a tmpfs
// (/dev/shm, where there is one), by name.
func tmpfileDirs(t *testing.T) map[string]string {
	t.Helper()
	dirs := map[string]string{"disk": t.TempDir()}
	if d, err := os.MkdirTemp("/dev/shm", "storage-test-"); err == nil {
		t.Cleanup(func() { _ = os.RemoveAll(d) })
		dirs["tmpfs"] = d
	}
	return dirs
}

// TestSaveMakesNoNamedTemp: where the file system has O_TMPFILE (ext4 and
// tmpfs do), a Save creates one name in the folder, the record's, and no
// other, ever: no hidden temp file exists at any moment, so none can be
// left by a crash. Seen with inotify, on the disk and on a tmpfs.
func TestSaveMakesNoNamedTemp(t *testing.T) {
	for name, dir := range tmpfileDirs(t) {
		t.Run(name, func(t *testing.T) {
			if !TmpfileWorks(dir) {
				t.Skipf("no O_TMPFILE in %s", dir)
			}
			s, err := Open(filepath.Join(dir, "store"))
			if err != nil {
				t.Fatal(err)
			}
			events := watchDir(t, s.Dir())
			r := fullRecord(t, NewID())
			p, err := s.Save(r)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := events(), []string{"create " + r.ID + ".json"}; !slices.Equal(got, want) {
				t.Errorf("Save made the names %q, want only %q", got, want)
			}
			if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 || !fi.Mode().IsRegular() {
				t.Errorf("record %v, %v; want a regular file with mode 0600", fi, err)
			}
			if st, err := os.Stat(p); err == nil && st.Sys().(*syscall.Stat_t).Nlink != 1 {
				t.Errorf("record has %d links, want 1", st.Sys().(*syscall.Stat_t).Nlink)
			}
		})
	}
}

// TestSaveFallbackTempName: where O_TMPFILE fails (forced here), a Save
// creates a hidden temp file named "."+id+".json.tmp-"+digits (the pattern
// reTemp, isTempOf and SweepTemps know), links it to the record's name and
// removes it, in that order, leaving only the record.
func TestSaveFallbackTempName(t *testing.T) {
	ForceTempFallback(t)
	s := openInternal(t)
	events := watchDir(t, s.Dir())
	r := fullRecord(t, NewID())
	if _, err := s.Save(r); err != nil {
		t.Fatal(err)
	}
	got := events()
	if len(got) != 3 {
		t.Fatalf("Save made %q, want a temp file, the record, the temp file's removal", got)
	}
	tmp, ok := strings.CutPrefix(got[0], "create ")
	if !ok || !reTemp.MatchString(tmp) || !isTempOf(tmp, r.ID) || !strings.HasPrefix(tmp, "."+r.ID+".json.tmp-") {
		t.Errorf("first name made %q, want create .%s.json.tmp-<digits>", got[0], r.ID)
	}
	if want := []string{"create " + r.ID + ".json", "delete " + tmp}; !slices.Equal(got[1:], want) {
		t.Errorf("then %q, want %q", got[1:], want)
	}
	if names := dirNames(t, s.Dir()); !slices.Equal(names, []string{r.ID + ".json"}) {
		t.Errorf("folder holds %q", names)
	}
}

// TestWriteAtomicFallsBackWhereNoTmpfile: the errors open(O_TMPFILE) gives
// where the file system (EOPNOTSUPP) or the kernel (EISDIR, before 3.11;
// EINVAL) has no O_TMPFILE make writeAtomic use a named temp file instead,
// which keeps every promise: mode 0600, never replacing a file or
// following a symlink, nothing else left.
func TestWriteAtomicFallsBackWhereNoTmpfile(t *testing.T) {
	for _, errno := range []unix.Errno{unix.EOPNOTSUPP, unix.EISDIR, unix.EINVAL} {
		t.Run(unix.ErrnoName(errno), func(t *testing.T) {
			calls := 0
			setHook(t, &openTmpfile, func(string) (int, error) { calls++; return -1, errno })
			dir := t.TempDir()
			events := watchDir(t, dir)
			checkWriteAtomic(t, dir)
			if calls == 0 {
				t.Error("openTmpfile was not tried")
			}
			if !slices.ContainsFunc(events(), func(e string) bool { return strings.HasPrefix(e, "create .x.json.tmp-") }) {
				t.Error("no named temp file was made: the fallback was not taken")
			}
		})
	}
}

// TestWriteAtomicOpenErrorsAreReturned: any other error of the O_TMPFILE
// open (a full disk, a read-only file system, no permission) is the save's
// error, as an *os.PathError naming the folder, without a fallback that
// would only fail the same way, and nothing is left.
func TestWriteAtomicOpenErrorsAreReturned(t *testing.T) {
	for _, errno := range []unix.Errno{unix.ENOSPC, unix.EROFS, unix.EACCES, unix.EPERM, unix.EIO, unix.EDQUOT, unix.EMFILE} {
		t.Run(unix.ErrnoName(errno), func(t *testing.T) {
			setHook(t, &openTmpfile, func(string) (int, error) { return -1, errno })
			dir := t.TempDir()
			err := writeAtomic(filepath.Join(dir, "x.json"), []byte("x\n"), 0o600)
			var pe *os.PathError
			if !errors.Is(err, errno) || !errors.As(err, &pe) || pe.Path != dir {
				t.Errorf("writeAtomic = %v, want an *os.PathError on %s wrapping %s", err, dir, unix.ErrnoName(errno))
			}
			if names := dirNames(t, dir); len(names) != 0 {
				t.Errorf("folder holds %q", names)
			}
		})
	}
}

// TestWriteAtomicLinkatUnsupported: where linkat cannot give the anonymous
// file a name (EPERM, EOPNOTSUPP: no hard links there), writeAtomic falls
// back to the named temp file and keeps every promise; any other linkat
// error (EIO) is the save's, and nothing is left.
func TestWriteAtomicLinkatUnsupported(t *testing.T) {
	for _, errno := range []unix.Errno{unix.EPERM, unix.EOPNOTSUPP} {
		t.Run(unix.ErrnoName(errno), func(t *testing.T) {
			if !TmpfileWorks(t.TempDir()) {
				t.Skip("no O_TMPFILE here")
			}
			calls := 0
			setHook(t, &linkTmpfile, func(int, string) error { calls++; return errno })
			checkWriteAtomic(t, t.TempDir())
			if calls == 0 {
				t.Error("linkTmpfile was not tried")
			}
		})
	}
	t.Run("EIO", func(t *testing.T) {
		setHook(t, &linkTmpfile, func(int, string) error { return unix.EIO })
		dir := t.TempDir()
		if !TmpfileWorks(dir) {
			t.Skip("no O_TMPFILE here")
		}
		err := writeAtomic(filepath.Join(dir, "x.json"), []byte("x\n"), 0o600)
		var le *os.LinkError
		if !errors.Is(err, unix.EIO) || !errors.As(err, &le) || le.New != filepath.Join(dir, "x.json") {
			t.Errorf("writeAtomic = %v, want an *os.LinkError to x.json wrapping EIO", err)
		}
		if names := dirNames(t, dir); len(names) != 0 {
			t.Errorf("folder holds %q", names)
		}
	})
}

// TestWriteAtomicWithoutProc: without /proc (a chroot or a bare container)
// the /proc/self/fd link cannot be made; writeAtomic then tries linkat with
// AT_EMPTY_PATH (allowed to root, and by newer kernels), or else falls back
// to the named temp file. Either way the record is saved as promised.
func TestWriteAtomicWithoutProc(t *testing.T) {
	if !TmpfileWorks(t.TempDir()) {
		t.Skip("no O_TMPFILE here")
	}
	setHook(t, &procFD, "/nonexistent/proc/self/fd/")
	dir := t.TempDir()
	events := watchDir(t, dir)
	checkWriteAtomic(t, dir)
	if slices.ContainsFunc(events(), func(e string) bool { return strings.Contains(e, tempInfix) }) {
		t.Log("linkat with AT_EMPTY_PATH was refused: the fallback saved it")
	} else {
		t.Log("linked with AT_EMPTY_PATH")
	}
}

// TestWriteAtomicRenameWhereNoHardLinks: in the fallback, where the file
// system has no hard links (link fails with EPERM, as on FAT), the temp
// file is renamed to the record's name after checking the name is free;
// every promise of checkWriteAtomic still holds.
func TestWriteAtomicRenameWhereNoHardLinks(t *testing.T) {
	ForceTempFallback(t)
	for _, errno := range []error{syscall.EPERM, errors.ErrUnsupported} {
		t.Run(errno.Error(), func(t *testing.T) {
			calls := 0
			setHook(t, &link, func(old, new string) error {
				calls++
				return &os.LinkError{Op: "link", Old: old, New: new, Err: errno}
			})
			dir := t.TempDir()
			events := watchDir(t, dir)
			checkWriteAtomic(t, dir)
			if calls == 0 {
				t.Error("link was not tried")
			}
			if !slices.ContainsFunc(events(), func(e string) bool { return e == "to x.json" }) {
				t.Error("x.json was not made by a rename")
			}
		})
	}
}

// TestSaveMode0600WhateverTheUmask: a saved record has mode 0600 whatever
// the process's umask, also one that takes the owner's read or write bit
// (0277, 0777), in every path: O_TMPFILE, the named temp file, and the
// rename where there are no hard links.
func TestSaveMode0600WhateverTheUmask(t *testing.T) {
	paths := map[string]func(t *testing.T){
		"tmpfile": func(t *testing.T) {
			if !TmpfileWorks(t.TempDir()) {
				t.Skip("no O_TMPFILE here")
			}
		},
		"fallback": func(t *testing.T) { ForceTempFallback(t) },
		"rename": func(t *testing.T) {
			ForceTempFallback(t)
			setHook(t, &link, func(old, new string) error {
				return &os.LinkError{Op: "link", Old: old, New: new, Err: syscall.EPERM}
			})
		},
	}
	for name, setup := range paths {
		for _, mask := range []int{0, 0o022, 0o077, 0o277, 0o377, 0o777} {
			t.Run(name+"/umask"+octal(mask), func(t *testing.T) {
				setup(t)
				s := openInternal(t)
				old := syscall.Umask(mask)
				p, err := s.Save(sampleRecord(t, NewID(), sampleCreated, 1))
				syscall.Umask(old)
				if err != nil {
					t.Fatal(err)
				}
				fi, err := os.Stat(p)
				if err != nil || fi.Mode() != 0o600 {
					t.Errorf("umask %s: record mode %v (%v), want -rw-------", octal(mask), fi.Mode(), err)
				}
				if names := dirNames(t, s.Dir()); len(names) != 1 {
					t.Errorf("folder holds %q", names)
				}
			})
		}
	}
}

// octal writes a umask as 0022.
func octal(m int) string {
	return "0" + string([]byte{byte('0' + m>>6&7), byte('0' + m>>3&7), byte('0' + m&7)})
}

// TestSaveFallbackErrorsLeaveNothing: in the fallback, a failure after the
// temp file is made (here the link fails with EIO) removes the temp file:
// nothing is left, and the error is the operating system's.
func TestSaveFallbackErrorsLeaveNothing(t *testing.T) {
	ForceTempFallback(t)
	setHook(t, &link, func(old, new string) error {
		return &os.LinkError{Op: "link", Old: old, New: new, Err: syscall.EIO}
	})
	s := openInternal(t)
	r := sampleRecord(t, NewID(), sampleCreated, 1)
	if _, err := s.Save(r); !errors.Is(err, syscall.EIO) || errors.Is(err, fs.ErrExist) {
		t.Errorf("Save = %v, want EIO", err)
	}
	if names := dirNames(t, s.Dir()); len(names) != 0 {
		t.Errorf("failed Save left %q", names)
	}
}
