//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package ui

import "golang.org/x/sys/unix"

// The BSD-derived kernels (macOS among them) name the termios ioctls
// TIOCGETA/TIOCSETA; these are the ones golang.org/x/term uses there
// (term_unix_bsd.go).
const (
	ioctlGetTermios = unix.TIOCGETA
	ioctlSetTermios = unix.TIOCSETA
)
