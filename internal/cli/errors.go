package cli

// How an error is told: in fang's box, without garbling the message.

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

// errorHandler is the fang error handler of a run whose standard error and
// output are stderr and stdout: drawError in a box as wide as their
// terminal (errorWidth).
func errorHandler(stderr, stdout io.Writer) fang.ErrorHandler {
	return func(w io.Writer, st fang.Styles, err error) {
		drawError(w, st, err, errorWidth(stderr, stdout))
	}
}

// drawError draws an error in fang's box, width columns wide, except where
// the line mode has already said so in the person's language (input that
// ended early): an accessible session gets no styled box in English, only
// the exit code 1.
//
// It is fang.DefaultErrorHandler but for two things that garble a message.
// fang's ErrorText style title-cases the first word with golang.org/x/text
// (every part between dashes: «--Admin-Exit», «".Zzz"») and wraps with
// lipgloss, which breaks at dashes and inside long words (a date, a UUID).
// Here only a plain lower-case first word gets a capital, and lines break
// at spaces only.
func drawError(w io.Writer, st fang.Styles, err error, width int) {
	var code exitStatus
	if errors.Is(err, ui.ErrInputEnded) || errors.As(err, &code) {
		return
	}
	text := st.ErrorText.UnsetWidth().UnsetTransform()
	msg := capitalise(err.Error())
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		msg += "."
	}
	_, _ = fmt.Fprintln(w, st.ErrorHeader.String())
	// As fang: the text is 4 columns narrower than the box, 2 of them margin.
	_, _ = fmt.Fprintln(w, text.Render(wrapAtSpaces(msg, width-4)))
	_, _ = fmt.Fprintln(w)
	if isUsageError(err) {
		_, _ = fmt.Fprintln(w, lipgloss.JoinHorizontal(lipgloss.Left,
			text.Render("Try"),
			st.Program.Flag.Render(" --help "),
			text.UnsetMargins().Render("for usage."),
		))
		_, _ = fmt.Fprintln(w)
	}
}

// errorWidth is the width of the error box: fang's (the terminal's, at
// most 120 columns), measured on the first of streams that is a terminal
// (standard error first, where the box goes); 120 when none is.
func errorWidth(streams ...io.Writer) int {
	for _, s := range streams {
		if f, ok := s.(interface{ Fd() uintptr }); ok {
			if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
				return min(w, 120)
			}
		}
	}
	return 120
}

// capitalise gives a message a capital first letter, as fang's box does,
// but only when its first word is a plain lower-case word ("unknown",
// "not:"): a flag (--admin-exit), an id, a date or a quoted value at the
// start stays as written.
func capitalise(msg string) string {
	word, _, _ := strings.Cut(msg, " ")
	word = strings.TrimRight(word, ":;,.")
	if word == "" {
		return msg
	}
	for _, r := range word {
		if !unicode.IsLower(r) {
			return msg
		}
	}
	r, size := utf8.DecodeRuneInString(msg)
	return string(unicode.ToUpper(r)) + msg[size:]
}

// wrapAtSpaces breaks s into lines of at most width columns, at spaces
// only, so that a flag name, an id or a date is never cut; a word wider
// than the line gets a line of its own. Line breaks in s stay.
func wrapAtSpaces(s string, width int) string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Split(para, " ") {
			switch {
			case word == "":
			case line == "":
				line = word
			case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
				line += " " + word
			default:
				out = append(out, line)
				line = word
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// isUsageError reports whether err is cobra's complaint about the command
// line itself, which fang follows with "Try --help for usage." (fang's own
// test, which it does not export; see spf13/cobra#2266).
func isUsageError(err error) bool {
	for _, prefix := range []string{
		"flag needs an argument:", "unknown flag:", "unknown shorthand flag:", "unknown command", "invalid argument",
	} {
		if strings.HasPrefix(err.Error(), prefix) {
			return true
		}
	}
	return false
}
