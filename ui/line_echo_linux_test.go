package ui

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPty opens a pseudo-terminal pair the way posix_openpt, unlockpt
// and ptsname do, with x/sys alone, so the test needs no pty library in
// go.mod. The slave is what the line mode would have as os.Stdin.
func openPty(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	mfd, ok := rawFd(master)
	if !ok {
		t.Fatal("no descriptor behind the pty master")
	}
	if err := unix.IoctlSetPointerInt(mfd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlocking the pty: %v", err)
	}
	n, err := unix.IoctlGetInt(mfd, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("naming the pty: %v", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("opening the pty slave: %v", err)
	}
	t.Cleanup(func() { slave.Close() })
	return master, slave
}

// lflag reads the terminal's local modes back with the same ioctl
// hideEcho uses, so the test sees what the kernel holds, not what the
// code meant to set.
func lflag(t *testing.T, f *os.File) uint32 {
	t.Helper()
	fd, ok := rawFd(f)
	if !ok {
		t.Fatal("no descriptor behind the pty slave")
	}
	tio, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		t.Fatalf("TCGETS: %v", err)
	}
	return tio.Lflag
}

// TestHideEchoPtyModes checks the termios itself: ECHO off and ECHONL on
// while hidden, line editing (ICANON) untouched, and restore putting back
// exactly what was there, not merely ECHO.
func TestHideEchoPtyModes(t *testing.T) {
	_, slave := openPty(t)
	before := lflag(t, slave)
	if before&unix.ECHO == 0 || before&unix.ICANON == 0 {
		t.Fatalf("a fresh pty should echo and edit lines; lflag %#x", before)
	}
	restore := hideEcho(slave)
	if restore == nil {
		t.Fatal("hideEcho on a pty gave nil; want a restore func")
	}
	hidden := lflag(t, slave)
	if hidden&unix.ECHO != 0 {
		t.Errorf("ECHO still on while hidden; lflag %#x", hidden)
	}
	if hidden&unix.ECHONL == 0 {
		t.Errorf("ECHONL off while hidden, the Enter would not end the line; lflag %#x", hidden)
	}
	if hidden&unix.ICANON == 0 {
		t.Errorf("ICANON lost while hidden, the line editing went with the echo; lflag %#x", hidden)
	}
	restore()
	if after := lflag(t, slave); after != before {
		t.Errorf("after restore lflag %#x; want the original %#x", after, before)
	}
}

// TestHideEchoPtyTyped types at the pty as a person would and reads what
// the terminal shows: the digits of a PIN must not appear, the Enter must,
// and after restore the next answer is echoed again. The slave is already
// being read when the echo goes off, as line_io.go's goroutine reads ahead,
// so this also shows that a waiting Read does not keep the old echo.
func TestHideEchoPtyTyped(t *testing.T) {
	master, slave := openPty(t)
	lines := make(chan string, 2)
	go func() {
		br := bufio.NewReader(slave)
		for {
			s, err := br.ReadString('\n')
			if err != nil {
				return
			}
			lines <- s
		}
	}()
	// A first answer, echoed: the reader runs and reads ahead from here on.
	if shown := typeLine(t, master, lines, "1"); shown != "1\r\n" {
		t.Errorf("before hiding the terminal showed %q; want %q", shown, "1\r\n")
	}
	restore := hideEcho(slave)
	if restore == nil {
		t.Fatal("hideEcho on a pty gave nil; want a restore func")
	}
	if shown := typeLine(t, master, lines, "4711"); shown != "\r\n" {
		t.Errorf("while hidden the terminal showed %q; want only the Enter, %q", shown, "\r\n")
	}
	restore()
	if shown := typeLine(t, master, lines, "hei"); shown != "hei\r\n" {
		t.Errorf("after restore the terminal showed %q; want %q", shown, "hei\r\n")
	}
}

// typeLine types s and Enter at the master, checks the program got the
// line, and returns what the terminal echoed up to the end of the line.
func typeLine(t *testing.T, master *os.File, lines <-chan string, s string) string {
	t.Helper()
	if _, err := master.WriteString(s + "\n"); err != nil {
		t.Fatalf("typing %q: %v", s, err)
	}
	select {
	case got := <-lines:
		if got != s+"\n" {
			t.Errorf("the program read %q; want %q", got, s+"\n")
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("the program never got the line %q", s)
	}
	if err := master.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatalf("the pty master takes no deadline: %v", err)
	}
	var shown strings.Builder
	buf := make([]byte, 256)
	for !strings.HasSuffix(shown.String(), "\n") {
		n, err := master.Read(buf)
		shown.Write(buf[:n])
		if err != nil {
			t.Fatalf("reading the echo of %q (so far %q): %v", s, shown.String(), err)
		}
	}
	return shown.String()
}
