package storage

import (
	"testing"

	"golang.org/x/sys/unix"
)

// ForceTempFallback makes the O_TMPFILE open fail with EOPNOTSUPP, as on a
// file system without O_TMPFILE, until the end of the test, so that saves
// take the fallback (a named hidden temp file). Tests calling it must not
// run in parallel.
func ForceTempFallback(tb testing.TB) {
	prev := openTmpfile
	openTmpfile = func(string) (int, error) { return -1, unix.EOPNOTSUPP }
	tb.Cleanup(func() { openTmpfile = prev })
}

// TmpfileWorks reports whether dir's file system (and kernel) has
// O_TMPFILE, whatever ForceTempFallback says.
func TmpfileWorks(dir string) bool {
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return false
	}
	_ = unix.Close(fd)
	return true
}
