package ui

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// hideEcho turns the local terminal's echo off while a password or PIN is
// typed, as sudo and ssh do, and returns what turns it back on; nil when r
// is not a terminal (piped answers, an SSH session that echoes itself).
func hideEcho(r io.Reader) (restore func()) {
	f, ok := r.(*os.File)
	if !ok {
		return nil
	}
	fd := int(f.Fd())
	old, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return nil
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ECHONL // the Enter still ends the line on screen
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &quiet); err != nil {
		return nil
	}
	return func() { _ = unix.IoctlSetTermios(fd, unix.TCSETS, old) }
}
