//go:build !linux

package ui

import "io"

// hideEcho is only done on Linux; elsewhere the terminal echoes secrets
// as it does everything else.
func hideEcho(io.Reader) func() { return nil }
