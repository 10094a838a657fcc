//go:build aix || darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || zos

package ui

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// hideEcho turns the local terminal's echo off while a password or PIN is
// typed, as sudo and ssh do, and returns what turns it back on; nil when r
// is not a terminal (piped answers, an SSH session that echoes itself).
//
// Only ECHO goes: the terminal keeps its line editing (Backspace, Ctrl+U)
// and ECHONL still shows the Enter, so the line ends on screen as line.go
// expects. The change applies at once (TCSETS/TIOCSETA, not the draining
// variants): the line discipline echoes as keys arrive, so a Read the
// input's goroutine already has waiting is covered too.
func hideEcho(r io.Reader) (restore func()) {
	fd, ok := rawFd(r)
	if !ok {
		return nil
	}
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ECHONL // the Enter still ends the line on screen
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &quiet); err != nil {
		return nil
	}
	return func() { _ = unix.IoctlSetTermios(fd, ioctlSetTermios, old) }
}

// rawFd finds the descriptor behind r through SyscallConn rather than Fd:
// Fd would put the file into blocking mode, after which closing it no
// longer wakes the input goroutine's Read (line_io.go relies on that).
func rawFd(r io.Reader) (int, bool) {
	f, ok := r.(*os.File)
	if !ok {
		return 0, false
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, false
	}
	fd := -1
	if rc.Control(func(u uintptr) { fd = int(u) }) != nil || fd < 0 {
		return 0, false
	}
	return fd, true
}
