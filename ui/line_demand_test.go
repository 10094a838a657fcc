package ui

import (
	"bufio"
	"io"
	"sync/atomic"
	"testing"
)

// countingReader counts the reads started on it, and gives one line a read.
type countingReader struct {
	reads atomic.Int32
	lines chan string
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads.Add(1)
	s, ok := <-c.lines
	if !ok {
		return 0, io.EOF
	}
	return copy(p, s), nil
}

// TestLineInputOnDemand: a local terminal is read only when a line is
// asked for, so no read is waiting while the echo is turned off for a PIN
// (a Windows console takes its echo setting when a read starts).
func TestLineInputOnDemand(t *testing.T) {
	src := &countingReader{lines: make(chan string, 2)}
	in := &lineInput{lines: make(chan lineEvent), done: make(chan struct{}), out: &lineWriter{w: io.Discard},
		max: DefaultMaxLine, demand: make(chan struct{}, 1), waiting: make(chan struct{})}
	go in.run(bufio.NewReader(src))
	defer in.stop()
	src.lines <- "1\n"
	src.lines <- "2\n"
	for i, want := range []string{"1", "2"} {
		<-in.waiting // the reader waits for a want, with no read started
		if n := src.reads.Load(); n != int32(i) {
			t.Fatalf("%d reads started before line %d was asked for", n, i+1)
		}
		in.want()
		if ev := <-in.lines; ev.text != want {
			t.Fatalf("line %+v, want %s", ev, want)
		}
	}
}
