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

	"github.com/idporten-wizard/idporten-wizard/internal/termtest"
)

// BenchmarkSSHSessions measures the SSH server as a separate process (the
// built binary, `serve`), with Go SSH clients on loopback opening N
// sessions at 100×30 together:
//
//   - first-frame-p50/p95/max-ms: from dialling to the start screen's
//     complete text on the client's (virtual) terminal, per session;
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
	args := append([]string{"serve", "--listen", addr, "--max-sessions", "1000",
		"--conn-rate", "10000", "--conn-burst", "10000"}, extra...)
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

// benchSession is one client session waiting for its first frame.
type benchSession struct {
	conn  *gossh.Client
	sess  *gossh.Session
	first time.Duration
}

// firstFrameText is the last line of the start screen to be drawn.
const firstFrameText = "Trykk Enter for å byrje."

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
	screen := termtest.New(100, 30)
	seen := make(chan struct{})
	var once sync.Once
	sess.Stdout = writerFunc(func(p []byte) (int, error) {
		n, err := screen.Write(p)
		if strings.Contains(screen.Text(), firstFrameText) {
			once.Do(func() { close(seen) })
		}
		return n, err
	})
	in, err := sess.StdinPipe()
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	go func() { _, _ = io.Copy(in, screen.Answers()) }()
	if err := sess.Shell(); err != nil {
		_ = conn.Close()
		return nil, err
	}
	select {
	case <-seen:
	case <-time.After(120 * time.Second):
		_ = conn.Close()
		return nil, fmt.Errorf("no first frame; screen:\n%s", screen.Text())
	}
	return &benchSession{conn: conn, sess: sess, first: time.Since(start)}, nil
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func benchSessions(b *testing.B, n int) {
	b.StopTimer()
	addr, cmd := startServeBinary(b)
	warm, err := openBenchSession(addr)
	if err != nil {
		b.Fatal(err)
	}
	time.Sleep(time.Second)
	base := rssKB(b, cmd.Process.Pid)

	b.StartTimer()
	sessions := make([]*benchSession, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { sessions[i], errs[i] = openBenchSession(addr) })
	}
	wg.Wait()
	b.StopTimer()
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

	for _, s := range append(sessions, warm) {
		_ = s.sess.Close()
		_ = s.conn.Close()
	}
}
