//go:build aix || linux || solaris || zos

package ui

import "golang.org/x/sys/unix"

// Linux and the System V descendants name the termios ioctls
// TCGETS/TCSETS; these are the ones golang.org/x/term uses there
// (term_unix_other.go).
const (
	ioctlGetTermios = unix.TCGETS
	ioctlSetTermios = unix.TCSETS
)
