package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/charmbracelet/x/ansi"
)

// BenchmarkSSHSessions measures the SSH server as a separate process (the
// built binary, `serve`), with Go SSH clients on loopback opening N
// sessions at 100×30 together:
//
//   - first-frame-p50/p95/max-ms: from dialling to the moment the start
//     screen's last line (the help bar) has arrived, per session. The
//     clients only scan the bytes (escape sequences stripped) rather than
//     emulate a terminal each, so that their own work, on the same two
//     cores, weighs as little as it can on the server's figures;
//   - server-CPU-ms/session: the server process's CPU time (user and
//     system) from the first dial to the last first frame, divided by N:
//     what each arrival costs, whatever else runs on the machine;
//   - MB/session: the server's resident memory with all N sessions open
//     minus its memory with one warm session open, divided by N.
//
// Run: go test -run='^$' -bench=SSHSessions -benchtime=1x .
// (BENCHMARKS.md has the figures.)
func BenchmarkSSHSessions(b *testing.B) {
	for _, n := range []int{10, 100, 300} {
		b.Run("sessions="+strconv.Itoa(n), func(b *testing.B) {
			for range b.N {
				benchSessions(b, n)
			}
		})
	}
}

// startServeBinary runs `idporten-wizard serve` on a free loopback port and
// returns its address and process.
func startServeBinary(tb testing.TB, extra ...string) (string, *exec.Cmd) {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	dir := tb.TempDir()
	// Every client comes from one address: a load test, not a room behind
	// a NAT, so the per-address and start-up limits are lifted.
	args := append([]string{"serve", "--listen", addr, "--max-sessions", "1000",
		"--host-key", filepath.Join(dir, "host_key"), "--shutdown-grace", "2s",
		"--conn-rate", "10000", "--conn-burst", "10000", "--max-connections", "2000",
		"--max-startups", "1000:30:2000", "--per-source-startups", "1000",
		"--per-source-connections", "1000", "--per-source-sessions", "1000"}, extra...)
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "IDPORTEN_WIZARD_DATA="+filepath.Join(dir, "data"))
	logs, err := cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() })
	started := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "server start") {
				close(started)
			}
		}
	}()
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		tb.Fatal("server did not start")
	}
	return addr, cmd
}

// rssKB is a process's resident set size in KiB.
func rssKB(tb testing.TB, pid int) int {
	tb.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.Fields(rest)[0])
			if err != nil {
				tb.Fatal(err)
			}
			return kb
		}
	}
	tb.Fatal("no VmRSS")
	return 0
}

// cpuMS is a process's CPU time (user + system) in milliseconds.
func cpuMS(tb testing.TB, pid int) float64 {
	tb.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		tb.Fatal(err)
	}
	// Fields after the command name (which is in parentheses): utime and
	// stime are the 12th and 13th of them, in clock ticks (100 per second).
	rest := string(data[strings.LastIndexByte(string(data), ')')+2:])
	f := strings.Fields(rest)
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return float64(ut+st) * 10
}

// benchSession is one client session waiting for its first frame.
type benchSession struct {
	conn  *gossh.Client
	sess  *gossh.Session
	in    io.Writer
	out   *countingWriter
	first time.Duration
}

// firstFrameText ends the last line of the start screen: the help bar's
// language key.
const firstFrameText = "språk/language"

// openBenchSession dials, asks for a 100×30 PTY and a shell, and returns
// once the start screen is complete on the client's terminal.
func openBenchSession(addr string) (*benchSession, error) {
	start := time.Now()
	cfg := &gossh.ClientConfig{User: "bench", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 60 * time.Second}
	conn, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		return nil, err
	}
	sess, err := conn.NewSession()
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		_ = conn.Close()
		return nil, err
	}
	seen := make(chan struct{})
	var once sync.Once
	out := &countingWriter{}
	out.onWrite = func(text string) {
		if strings.Contains(text, firstFrameText) {
			once.Do(func() { close(seen) })
		}
	}
	sess.Stdout = out
	in, err := sess.StdinPipe()
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	if err := sess.Shell(); err != nil {
		_ = conn.Close()
		return nil, err
	}
	select {
	case <-seen:
	case <-time.After(120 * time.Second):
		_ = conn.Close()
		return nil, fmt.Errorf("no first frame; output:\n%s", out.text())
	}
	return &benchSession{conn: conn, sess: sess, in: in, out: out, first: time.Since(start)}, nil
}

// countingWriter keeps what a session receives: its byte count and its
// text with the escape sequences stripped.
type countingWriter struct {
	mu      sync.Mutex
	n       int
	raw     []byte
	onWrite func(text string)
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.n += len(p)
	w.raw = append(w.raw, p...)
	text := ansi.Strip(string(w.raw))
	w.mu.Unlock()
	if w.onWrite != nil {
		w.onWrite(text)
	}
	return len(p), nil
}

func (w *countingWriter) text() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return ansi.Strip(string(w.raw))
}

// count returns how many bytes have arrived since the last reset.
func (w *countingWriter) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

// reset returns how many bytes have arrived, and forgets them.
func (w *countingWriter) reset() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := w.n
	w.n, w.raw = 0, nil
	return n
}

func benchSessions(b *testing.B, n int) {
	b.StopTimer()
	addr, cmd := startServeBinary(b)
	warm, err := openBenchSession(addr)
	if err != nil {
		b.Fatal(err)
	}
	time.Sleep(time.Second)
	base := rssKB(b, cmd.Process.Pid)
	cpu0 := cpuMS(b, cmd.Process.Pid)

	b.StartTimer()
	sessions := make([]*benchSession, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { sessions[i], errs[i] = openBenchSession(addr) })
	}
	wg.Wait()
	b.StopTimer()
	cpu := cpuMS(b, cmd.Process.Pid) - cpu0
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	time.Sleep(time.Second)
	open := rssKB(b, cmd.Process.Pid)

	firsts := make([]time.Duration, n)
	for i, s := range sessions {
		firsts[i] = s.first
	}
	slices.Sort(firsts)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(firsts[n/2]), "first-frame-p50-ms")
	b.ReportMetric(ms(firsts[(n*95+99)/100-1]), "first-frame-p95-ms")
	b.ReportMetric(ms(firsts[n-1]), "first-frame-max-ms")
	b.ReportMetric(float64(open-base)/1024/float64(n), "MB/session")
	b.ReportMetric(float64(open)/1024, "server-RSS-MB")
	b.ReportMetric(cpu/float64(n), "server-CPU-ms/session")

	for _, s := range append(sessions, warm) {
		_ = s.sess.Close()
		_ = s.conn.Close()
	}
}

// BenchmarkSSHKeystrokeBytes is the bytes the server sends for one
// keystroke on the eID list (Down, then Up, alternately) at 100×30: the
// renderer sends only what changed.
//
// Run: go test -run='^$' -bench=SSHKeystrokeBytes .
func BenchmarkSSHKeystrokeBytes(b *testing.B) {
	addr, _ := startServeBinary(b)
	s, err := openBenchSession(addr)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = s.sess.Close(); _ = s.conn.Close() }()
	wait := func(text string) {
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(s.out.text(), text) {
			if time.Now().After(deadline) {
				b.Fatalf("never saw %q:\n%s", text, s.out.text())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	if _, err := io.WriteString(s.in, "\r"); err != nil {
		b.Fatal(err)
	}
	wait("Vel elektronisk ID")
	time.Sleep(200 * time.Millisecond)
	s.out.reset()
	keys := []string{"\x1b[B", "\x1b[A"}
	total := 0
	b.ResetTimer()
	for i := range b.N {
		if _, err := io.WriteString(s.in, keys[i%2]); err != nil {
			b.Fatal(err)
		}
		// The frame has arrived when bytes came and then 100 ms of quiet.
		last, quiet := 0, time.Now()
		for deadline := time.Now().Add(10 * time.Second); ; {
			if n := s.out.count(); n != last {
				last, quiet = n, time.Now()
			} else if n > 0 && time.Since(quiet) > 100*time.Millisecond {
				break
			}
			if time.Now().After(deadline) {
				b.Fatal("no frame after a keystroke")
			}
			time.Sleep(5 * time.Millisecond)
		}
		total += s.out.reset()
	}
	b.ReportMetric(float64(total)/float64(b.N), "bytes/keystroke")
}
