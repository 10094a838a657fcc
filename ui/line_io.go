package ui

// The line mode's input and output: one reader goroutine per run that turns
// keys or piped text into lines (echoing over SSH), and a writer of plain
// lines that never lets an escape sequence through.

import (
	"bufio"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// lineEvent is a typed line, or the end of the input (err: io.EOF, or
// errInterrupted for Ctrl+C in an echoing session), or errLineTooLong for a
// line longer than the run reads (its text is dropped).
type lineEvent struct {
	text string
	err  error
}

// lineInput is the one reader of a run: a goroutine turns the input's
// bytes into lines, so a whole answers file piped at once is read line by
// line and nothing is lost between prompts. With echo (a raw terminal) it
// also does what a line discipline would: echo, Backspace, Ctrl+U, CR as
// Enter. Escape sequences (arrow keys, bracketed paste marks) and control
// characters never reach a line, so they can never be printed back.
type lineInput struct {
	lines chan lineEvent
	done  chan struct{}
	echo  bool
	out   *lineWriter
	// max is the longest line kept, in bytes: the rest of a longer line is
	// read and dropped, so that one endless line costs no memory.
	max int
	// secret makes the echo show "*" (passwords and PINs).
	secret atomic.Bool
	// demand, when set, lets the reader read a terminal only when a line
	// is asked for (want): a console (Windows) decides whether to echo
	// when a read starts, so no read may be waiting while the echo is
	// turned off for a PIN and on again after it.
	demand chan struct{}
	// waiting, when set (tests), hears each time the reader waits for a
	// want.
	waiting chan struct{}
}

// newLineInput starts the reader. onDemand is for a local terminal: it is
// read only when a line is asked for.
func newLineInput(r io.Reader, echo bool, out *lineWriter, max int, onDemand bool) *lineInput {
	in := &lineInput{lines: make(chan lineEvent), done: make(chan struct{}), echo: echo, out: out, max: max}
	if onDemand {
		in.demand = make(chan struct{}, 1)
	}
	go in.run(bufio.NewReader(r))
	return in
}

// want asks the reader for the next line (on demand; else a no-op).
func (in *lineInput) want() {
	if in.demand == nil {
		return
	}
	select {
	case in.demand <- struct{}{}:
	default:
	}
}

// waitDemand waits, on demand, until a line is wanted before a read that
// would block; it reports false when the run is over.
func (in *lineInput) waitDemand(br *bufio.Reader, midLine bool) bool {
	if in.demand == nil || midLine || br.Buffered() > 0 {
		return true
	}
	if in.waiting != nil {
		in.waiting <- struct{}{}
	}
	select {
	case <-in.demand:
		return true
	case <-in.done:
		return false
	}
}

// stop lets the reader goroutine end once the run is over. It ends at its
// next line; one blocked in a Read ends when the input closes.
func (in *lineInput) stop() { close(in.done) }

func (in *lineInput) send(ev lineEvent) bool {
	select {
	case in.lines <- ev:
		return true
	case <-in.done:
		return false
	}
}

func (in *lineInput) run(br *bufio.Reader) {
	var line []byte
	afterCR, tooLong := false, false
	ended := func() lineEvent {
		if tooLong {
			return lineEvent{err: errLineTooLong}
		}
		return lineEvent{text: plain(string(line))}
	}
	for {
		if !in.waitDemand(br, len(line) > 0 || tooLong) {
			return
		}
		b, err := br.ReadByte()
		if err != nil {
			if (len(line) > 0 || tooLong) && !in.send(ended()) {
				return
			}
			in.send(lineEvent{err: io.EOF})
			return
		}
		if tooLong && b != '\r' && b != '\n' {
			continue // the rest of a line too long to keep
		}
		if afterCR {
			afterCR = false
			if b == '\n' {
				continue // CRLF is one line end
			}
		}
		switch {
		case b == '\r' || b == '\n':
			afterCR = b == '\r'
			in.echoRaw("\r\n")
			if !in.send(ended()) {
				return
			}
			line, tooLong = line[:0], false
		case b == 0x7f || b == 0x08:
			line = in.erase(line)
		case b == 0x1b:
			skipEscape(br)
		case in.echo && b == 0x03: // Ctrl+C
			in.send(lineEvent{err: errInterrupted})
			return
		case in.echo && b == 0x04: // Ctrl+D on an empty line
			if len(line) == 0 {
				in.send(lineEvent{err: io.EOF})
				return
			}
		case in.echo && b == 0x15: // Ctrl+U
			for len(line) > 0 {
				line = in.erase(line)
			}
		case b == '\t':
			line = append(line, ' ')
			in.echoRune(" ")
		case b < 0x20:
			// Other control characters mean nothing here.
		default:
			if len(line) >= in.max {
				tooLong = true
				line = line[:0]
				continue
			}
			line = in.add(line, b)
		}
	}
}

// add appends a byte; once it completes a character, that is echoed, or
// dropped when it is not valid UTF-8 or is a control character (C1).
func (in *lineInput) add(line []byte, b byte) []byte {
	line = append(line, b)
	if b < utf8.RuneSelf {
		in.echoRune(string(b))
		return line
	}
	start := len(line) - 1
	for start > 0 && len(line)-start < utf8.UTFMax && !utf8.RuneStart(line[start]) {
		start--
	}
	tail := line[start:]
	if !utf8.FullRune(tail) {
		return line // the rest of the character is still to come
	}
	r, size := utf8.DecodeRune(tail)
	switch {
	case r == utf8.RuneError || size != len(tail):
		return line[:len(line)-1] // a stray byte
	case unicode.IsControl(r):
		return line[:start]
	}
	in.echoRune(string(tail))
	return line
}

// erase removes the last character, on the screen too.
func (in *lineInput) erase(line []byte) []byte {
	if len(line) == 0 {
		return line
	}
	_, n := utf8.DecodeLastRune(line)
	in.echoRaw("\b \b")
	return line[:len(line)-n]
}

func (in *lineInput) echoRune(s string) {
	if in.secret.Load() {
		s = "*"
	}
	in.echoRaw(s)
}

func (in *lineInput) echoRaw(s string) {
	if in.echo {
		in.out.echo(s)
	}
}

// skipEscape drops an escape sequence a terminal sent (arrow keys, function
// keys, bracketed paste marks, answers to queries). ESC before an ordinary
// key (Alt+key, or Esc pressed before typing) drops only the ESC.
func skipEscape(br *bufio.Reader) {
	b, err := br.ReadByte()
	if err != nil {
		return
	}
	switch b {
	case '[': // CSI: parameters, then a final byte
		for {
			c, err := br.ReadByte()
			if err != nil || c >= 0x40 && c <= 0x7e {
				return
			}
			if c < 0x20 || c > 0x7e {
				_ = br.UnreadByte() // not a sequence after all
				return
			}
		}
	case 'O': // SS3: one final byte
		_, _ = br.ReadByte()
	case ']', 'P', '_', '^', 'X': // strings: up to BEL or ST (ESC \)
		for {
			c, err := br.ReadByte()
			if err != nil || c == 0x07 {
				return
			}
			if c == 0x1b {
				_, _ = br.ReadByte()
				return
			}
		}
	default:
		_ = br.UnreadByte()
	}
}

// isTerminal reports whether r is a terminal (a person typing), where a
// "> " marks the answer.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// lineWriter writes the line mode's text: lines of plain text, "\r\n" at
// their ends for a raw terminal. The input's echo goes through it too, under
// the same lock; after close nothing more is written.
type lineWriter struct {
	mu      sync.Mutex
	w       io.Writer
	crlf    bool
	closed  bool
	midLine bool // the last thing written did not end its line
}

// write writes s as it is but for line ends.
func (w *lineWriter) write(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed || s == "" {
		return
	}
	w.midLine = !strings.HasSuffix(s, "\n")
	if w.crlf {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	_, _ = io.WriteString(w.w, s)
}

// say writes text as a line. Control characters are dropped, so nothing
// (a path, an address typed) can move the cursor or change a colour.
func (w *lineWriter) say(s string) {
	var b strings.Builder
	for i, l := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(plain(l))
	}
	w.write(b.String() + "\n")
}

// blank writes an empty line between parts.
func (w *lineWriter) blank() { w.write("\n") }

// endLine ends a line left open (after "> "), before a message that is not
// an answer to it.
func (w *lineWriter) endLine() {
	w.mu.Lock()
	open := w.midLine
	w.mu.Unlock()
	if open {
		w.write("\n")
	}
}

// lineEnded notes that the person's Enter, echoed by their own terminal,
// ended the line.
func (w *lineWriter) lineEnded() {
	w.mu.Lock()
	w.midLine = false
	w.mu.Unlock()
}

// echo writes the echo of typed input, already free of control characters
// but for "\r\n" and "\b".
func (w *lineWriter) echo(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.midLine = s != "\r\n"
	_, _ = io.WriteString(w.w, s)
}

func (w *lineWriter) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
}

// plain drops control characters (tabs become spaces) and invalid UTF-8.
func plain(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}
