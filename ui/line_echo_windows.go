//go:build windows

package ui

import (
	"io"
	"os"

	"golang.org/x/sys/windows"
)

// hideEcho turns the console's echo off while a password or PIN is typed,
// as sudo and ssh do on a Unix terminal, and returns what turns it back on;
// nil when r is not a console (piped answers, an SSH session that echoes
// itself).
//
// Only ENABLE_ECHO_INPUT goes; ENABLE_LINE_INPUT stays, so the console
// still edits the line and hands it over whole at Enter, which is what the
// input's goroutine reads. (golang.org/x/term's ReadPassword drops line
// input too, because it reads the keys itself; this reader does not.)
//
// The console fixes the echo of a ReadConsole when the read begins, not
// as keys arrive: a read already waiting when this is called still echoes
// its line, and one begun before restore still hides its line. The echo
// follows the mode exactly only when no read is outstanding at either
// call (see the report on line_io.go's read-ahead).
func hideEcho(r io.Reader) (restore func()) {
	h, ok := consoleHandle(r)
	if !ok {
		return nil
	}
	var old uint32
	if windows.GetConsoleMode(h, &old) != nil {
		return nil
	}
	if windows.SetConsoleMode(h, old&^windows.ENABLE_ECHO_INPUT) != nil {
		return nil
	}
	return func() {
		_ = windows.SetConsoleMode(h, old) // first: the next read may begin any moment
		endHiddenLine()
	}
}

// consoleHandle finds the handle behind r through SyscallConn, which
// leaves the file as it is, so the input goroutine's Read is not
// disturbed.
func consoleHandle(r io.Reader) (windows.Handle, bool) {
	f, ok := r.(*os.File)
	if !ok {
		return 0, false
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, false
	}
	var h windows.Handle
	if rc.Control(func(u uintptr) { h = windows.Handle(u) }) != nil {
		return 0, false
	}
	return h, true
}

// endHiddenLine does what ECHONL does on a Unix terminal: with echo off
// the console does not echo the Enter either, and the line mode, taking
// the line as ended by the terminal (line.go's lineEnded), would go on
// writing after the prompt. It writes to CONOUT$, the screen the echo
// would have gone to, and only when the cursor is not already at a line's
// start, so a line the console did echo (or output sent elsewhere) gets
// no blank line.
func endHiddenLine() {
	name, err := windows.UTF16PtrFromString("CONOUT$")
	if err != nil {
		return
	}
	out, err := windows.CreateFile(name, windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		return
	}
	defer windows.CloseHandle(out)
	var info windows.ConsoleScreenBufferInfo
	if windows.GetConsoleScreenBufferInfo(out, &info) != nil || info.CursorPosition.X == 0 {
		return
	}
	crlf := []uint16{'\r', '\n'}
	var n uint32
	_ = windows.WriteConsole(out, &crlf[0], uint32(len(crlf)), &n, nil)
}
