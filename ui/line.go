package ui

import (
	stdcontext "context"
	"errors"
	"io"
)

// LineOptions configure the accessible line mode.
type LineOptions struct {
	// Options are the wizard's: language, store, ids, channel, clock,
	// randomness, idle timeout.
	Options
	// In is read line by line (a person typing, or a whole answers file
	// piped at once); Out gets plain text only, never an escape sequence.
	In  io.Reader
	Out io.Writer
	// Echo is for input from a raw terminal without a line discipline (an
	// SSH session's PTY): typed characters are echoed, Backspace edits, and
	// CR ends a line.
	Echo bool
}

// LineResult is how a line-mode journey ended.
type LineResult struct {
	// Saves is the number of registrations saved.
	Saves int
	// Ending says why it ended when it did not end with a receipt.
	Ending Ending
}

// ErrInputEnded is returned when the input ends before a registration is
// saved.
var ErrInputEnded = errors.New("input ended before the registration was saved")

// RunLine runs the whole journey as plain line prompts until a
// registration is saved, the input ends, or ctx is done.
func RunLine(ctx stdcontext.Context, o LineOptions) (LineResult, error) {
	return LineResult{}, errors.New("line mode: not built yet")
}
