//go:build !linux

package storage

import "os"

// writeTmpfile returns errNoTmpfile: O_TMPFILE is Linux's, so elsewhere
// every save writes a named hidden temp file (writeViaTemp).
func writeTmpfile(string, []byte, os.FileMode) error { return errNoTmpfile }
