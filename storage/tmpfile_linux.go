//go:build linux

package storage

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// openTmpfile opens a new anonymous file in dir for writing, with
// O_TMPFILE: it has no name until linkTmpfile gives it one, and it is gone
// when closed (or the process dies) without one. A variable so that the
// tests can make it fail as on a file system without O_TMPFILE.
var openTmpfile = func(dir string) (int, error) {
	return unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o600)
}

// procFD is where /proc shows the process's open files; a variable so
// that the tests can act as where /proc is not mounted.
var procFD = "/proc/self/fd/"

// linkTmpfile gives the anonymous file fd the name path, failing with
// EEXIST if path exists (even as a dangling symlink). It links the file
// through its /proc/self/fd/N link with AT_SYMLINK_FOLLOW, which needs no
// privilege (linkat(2)); without /proc it tries AT_EMPTY_PATH, which older
// kernels allow only with CAP_DAC_READ_SEARCH, and otherwise returns
// errNoTmpfile. A variable for the tests.
var linkTmpfile = func(fd int, path string) error {
	proc := procFD + strconv.Itoa(fd)
	err := unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, path, unix.AT_SYMLINK_FOLLOW)
	if !errors.Is(err, unix.ENOENT) {
		return err
	}
	if _, perr := os.Lstat(proc); perr == nil {
		return err // /proc is there: path's folder is gone
	}
	err = unix.Linkat(fd, "", unix.AT_FDCWD, path, unix.AT_EMPTY_PATH)
	if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.EPERM) {
		return errNoTmpfile // the fallback tells a missing folder
	}
	return err
}

// writeTmpfile is writeAtomic with O_TMPFILE: it writes data into an
// anonymous file in path's folder, gives it mode perm (whatever the umask
// took), fsyncs it, gives it its name with linkTmpfile (refused if path
// exists: a record is never replaced, race-free) and fsyncs the folder so
// that the name lasts. Nothing has a name before the file is whole, so a
// crash at any moment leaves nothing or the whole file. Where the kernel or
// the file system has no O_TMPFILE (open fails with EOPNOTSUPP, EISDIR or
// EINVAL) or cannot link such a file (EPERM, EOPNOTSUPP, no /proc), it
// returns errNoTmpfile, having made nothing; any other error is returned.
func writeTmpfile(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	fd, err := openTmpfile(dir)
	switch {
	case errors.Is(err, unix.EOPNOTSUPP), errors.Is(err, unix.EISDIR), errors.Is(err, unix.EINVAL):
		return errNoTmpfile
	case err != nil:
		return &os.PathError{Op: "open", Path: dir, Err: err}
	}
	f := os.NewFile(uintptr(fd), path) // named for its errors
	defer f.Close()                    // unnamed, the file is gone with it
	if err := writeSync(f, data, perm); err != nil {
		return err
	}
	if err := linkTmpfile(fd, path); err != nil {
		if errors.Is(err, errNoTmpfile) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EOPNOTSUPP) {
			return errNoTmpfile
		}
		return &os.LinkError{Op: "link", Old: procFD + strconv.Itoa(fd), New: path, Err: err}
	}
	syncDir(dir)
	return nil
}
