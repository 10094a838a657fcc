package ui

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHideEchoNotTerminal guards the piped and scripted runs: hiding must
// touch nothing that is not a terminal, and say so with nil, or line.go
// would count on an echo change that never happened. /dev/null matters
// most: it is a character device, which line_io.go's isTerminal takes
// for a terminal, yet it has no echo to turn off.
func TestHideEchoNotTerminal(t *testing.T) {
	closed, err := os.Create(filepath.Join(t.TempDir(), "closed"))
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	regular, err := os.Create(filepath.Join(t.TempDir(), "answers"))
	if err != nil {
		t.Fatal(err)
	}
	defer regular.Close()
	cases := map[string]io.Reader{
		"strings.Reader": strings.NewReader("1234\n"),
		"bytes.Buffer":   bytes.NewBufferString("1234\n"),
		"nil reader":     nil,
		"nil *os.File":   (*os.File)(nil),
		"closed file":    closed,
		"regular file":   regular,
	}
	if null, err := os.Open(os.DevNull); err == nil {
		defer null.Close()
		cases[os.DevNull] = null
	}
	if pr, pw, err := os.Pipe(); err == nil { // no pipes on js, wasip1
		defer pr.Close()
		defer pw.Close()
		cases["pipe"] = pr
	}
	for name, r := range cases {
		if restore := hideEcho(r); restore != nil {
			restore()
			t.Errorf("hideEcho(%s) gave a restore func; want nil for a non-terminal", name)
		}
	}
}
