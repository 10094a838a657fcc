//go:build !aix && !darwin && !dragonfly && !freebsd && !linux && !netbsd && !openbsd && !solaris && !zos && !windows

package ui

import "io"

// hideEcho has nothing to turn off where golang.org/x/term has no terminal
// support either (plan9, js, wasip1): the input there echoes secrets as it
// echoes everything else, and the line mode carries on without hiding.
func hideEcho(io.Reader) func() { return nil }
