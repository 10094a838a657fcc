package server_test

// Helpers of the hostile-client suite (hostile_test.go): heap figures, raw
// PTY sessions whose PTY request and terminal differ, dialling from a chosen
// loopback address, waiting for an effect with a deadline, and a TCP proxy
// that can stop forwarding (a client that is gone without closing).

import (
	"fmt"
	"io"
	"net"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/idporten-wizard/idporten-wizard/internal/termtest"
)

// heap is the process's heap at a moment, after a full collection: live
// is what that collection marked live (runtime/metrics /gc/heap/live:bytes,
// which allocation after the collection does not change: under a flood
// HeapAlloc read a moment later already holds new garbage), inuse the
// bytes in spans in use (MemStats.HeapInuse), which does.
type heap struct{ live, inuse uint64 }

// liveHeap collects garbage and reads the heap.
func liveHeap() heap {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return heap{live: sample[0].Value.Uint64(), inuse: m.HeapInuse}
}

// addedMB is how much more the heap holds live than at base, in MB (10^6
// bytes).
func (h heap) addedMB(base heap) float64 { return float64(int64(h.live)-int64(base.live)) / 1e6 }

// inuseMB is the growth of HeapInuse over base, in MB.
func (h heap) inuseMB(base heap) float64 { return float64(int64(h.inuse)-int64(base.inuse)) / 1e6 }

// heapWatch samples the live heap every interval until stop, keeping the
// largest sample: the peak of what the process holds during an attack.
// With pause, each sample first takes it for writing, which the attack's
// goroutines take for reading around each step: the sample sees what the
// server holds between two steps, not the step's own packet in flight nor
// the garbage a concurrent collection counts live.
type heapWatch struct {
	stopc chan struct{}
	done  chan struct{}
	peak  heap
	n     int
}

func watchHeap(every time.Duration, pause *sync.RWMutex) *heapWatch {
	w := &heapWatch{stopc: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-w.stopc:
				return
			case <-t.C:
				if pause != nil {
					pause.Lock()
				}
				h := liveHeap()
				if pause != nil {
					pause.Unlock()
				}
				w.n++
				w.peak.live = max(w.peak.live, h.live)
				w.peak.inuse = max(w.peak.inuse, h.inuse)
			}
		}
	}()
	return w
}

// stop ends the sampling and returns the peak and the number of samples.
func (w *heapWatch) stop() (heap, int) {
	close(w.stopc)
	<-w.done
	return w.peak, w.n
}

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// waitUntil polls cond until it holds, failing the test after timeout.
func waitUntil(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %s", what, timeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// clientConfig is a Go SSH client's configuration for the test servers.
func clientConfig(user string) *gossh.ClientConfig {
	if user == "" {
		user = "demo"
	}
	return &gossh.ClientConfig{User: user, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
}

// dialFrom opens an SSH connection from the loopback address local
// ("" for the system's choice).
func dialFrom(addr, local string, cfg *gossh.ClientConfig) (*gossh.Client, error) {
	d := net.Dialer{Timeout: cfg.Timeout}
	if local != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(local)}
	}
	nc, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	_ = nc.SetDeadline(time.Now().Add(cfg.Timeout))
	c, chans, reqs, err := gossh.NewClientConn(nc, addr, cfg)
	if err != nil {
		_ = nc.Close()
		return nil, err
	}
	_ = nc.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

// ptyOpts describe a hostile PTY session: the size the PTY request claims
// can differ from the client's own terminal (a 3000×3000 request drawn into
// a terminal of the clamped size: emulating 9 million cells in the test's
// own process would swamp the server's figures).
type ptyOpts struct {
	ptyW, ptyH int              // the PTY request's columns and rows
	screen     *termtest.Screen // the client's terminal; ptyW×ptyH if nil
	local      string           // the loopback address to dial from
	conn       *gossh.Client    // an open connection to use instead of dialling
	env        []string
	term       string
	// out, when set, receives the session's output instead of the screen
	// (a byte record, to be fed to the screen after a measurement).
	out io.Writer
}

// openPTY opens a session with a PTY request of exactly the size asked for
// (0×0 and 1×1 included) and a shell.
func openPTY(t testing.TB, addr string, o ptyOpts) *client {
	t.Helper()
	c, err := startPTY(t, addr, o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// startPTY is openPTY for any goroutine: it returns its error.
func startPTY(t testing.TB, addr string, o ptyOpts) (*client, error) {
	conn := o.conn
	if conn == nil {
		var err error
		if conn, err = dialFrom(addr, o.local, clientConfig("")); err != nil {
			return nil, fmt.Errorf("dial: %w", err)
		}
	}
	fail := func(what string, err error) (*client, error) {
		_ = conn.Close()
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	sess, err := conn.NewSession()
	if err != nil {
		return fail("session", err)
	}
	for _, kv := range o.env {
		name, value, _ := strings.Cut(kv, "=")
		if err := sess.Setenv(name, value); err != nil {
			return fail("env", err)
		}
	}
	if o.term == "" {
		o.term = "xterm-256color"
	}
	if err := sess.RequestPty(o.term, o.ptyH, o.ptyW, gossh.TerminalModes{}); err != nil {
		return fail("pty", err)
	}
	scr := o.screen
	if scr == nil {
		scr = termtest.New(max(o.ptyW, 1), max(o.ptyH, 1))
	}
	c := &client{t: t, screen: scr, sess: sess, conn: conn, done: make(chan error, 1)}
	sess.Stdout, sess.Stderr = scr, scr
	if o.out != nil {
		sess.Stdout, sess.Stderr = o.out, o.out
	}
	if c.in, err = sess.StdinPipe(); err != nil {
		return fail("stdin", err)
	}
	if err := sess.Shell(); err != nil {
		return fail("shell", err)
	}
	go func() { c.done <- sess.Wait() }()
	answered := make(chan struct{})
	go func() { _, _ = io.Copy(c.in, scr.Answers()); close(answered) }()
	t.Cleanup(func() {
		_ = sess.Close()
		_ = conn.Close()
		// The copy of the terminal's answers waits for the next one,
		// holding the terminal (megabytes of cells) for ever: ask the
		// terminal something, so that the copy fails on the closed
		// session and ends.
		select {
		case <-answered:
		default:
			go func() { _, _ = scr.Write([]byte("\x1b[?2026$p")) }()
			select {
			case <-answered:
			case <-time.After(time.Second):
			}
		}
	})
	return c, nil
}

// shows waits up to timeout for the screen to show text, from any
// goroutine.
func shows(scr *termtest.Screen, text string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for !strings.Contains(scr.Text(), text) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// drawnExtent returns the widest row of the screen in cells (trailing spaces
// not counted) and the lowest row with text on it (1-based).
func drawnExtent(screen string) (widest, lastRow int) {
	for i, row := range strings.Split(screen, "\n") {
		row = strings.TrimRight(row, " ")
		if row == "" {
			continue
		}
		lastRow = i + 1
		widest = max(widest, len([]rune(row)))
	}
	return widest, lastRow
}

// silentConn is a TCP connection that never sends the SSH banner; it
// reports when the server closed it and whether the server had sent its
// own banner first (an admitted connection) or nothing (refused at once).
type silentConn struct {
	net.Conn
	opened time.Time
	closed chan struct{}
	// banner is set once the server's version line arrived.
	banner atomic.Bool
	// at is when the read side ended (EOF or reset).
	at time.Time
}

// dialSilent opens a TCP connection from local and reads, never writing,
// until the server closes it.
func dialSilent(addr, local string) (*silentConn, error) {
	d := net.Dialer{Timeout: 5 * time.Second}
	if local != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(local)}
	}
	nc, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c := &silentConn{Conn: nc, opened: time.Now(), closed: make(chan struct{})}
	go func() {
		buf := make([]byte, 512)
		for {
			n, err := nc.Read(buf)
			if n > 0 && strings.HasPrefix(string(buf[:n]), "SSH-") {
				c.banner.Store(true)
			}
			if err != nil {
				c.at = time.Now()
				close(c.closed)
				return
			}
		}
	}()
	return c, nil
}

// isClosed reports whether the server has closed the connection.
func (c *silentConn) isClosed() bool {
	select {
	case <-c.closed:
		return true
	default:
		return false
	}
}

// lived is how long the connection lived, once closed.
func (c *silentConn) lived() time.Duration { <-c.closed; return c.at.Sub(c.opened) }

// freezeProxy forwards TCP connections to a target until frozen; from then
// on nothing more passes either way, and nothing is closed: a client whose
// laptop was shut, whose cable was pulled.
type freezeProxy struct {
	ln      net.Listener
	target  string
	frozen  atomic.Bool
	release chan struct{}
	mu      sync.Mutex
	conns   []net.Conn
	wg      sync.WaitGroup
}

func newFreezeProxy(t testing.TB, target string) *freezeProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &freezeProxy{ln: ln, target: target, release: make(chan struct{})}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *freezeProxy) addr() string { return p.ln.Addr().String() }

func (p *freezeProxy) accept() {
	defer p.wg.Done()
	for {
		down, err := p.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = down.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, down, up)
		p.mu.Unlock()
		p.wg.Add(2)
		go p.pipe(up, down)
		go p.pipe(down, up)
	}
}

// pipe copies src to dst until frozen; a frozen pipe holds what it read
// and waits for the test's end.
func (p *freezeProxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if p.frozen.Load() {
			<-p.release
			return
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			if tc, ok := dst.(*net.TCPConn); ok {
				_ = tc.CloseWrite()
			}
			return
		}
	}
}

// freeze stops all forwarding.
func (p *freezeProxy) freeze() { p.frozen.Store(true) }

func (p *freezeProxy) close() {
	_ = p.ln.Close()
	close(p.release)
	p.mu.Lock()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// countLog counts the log lines holding s.
func countLog(ts *testServer, s string) int { return strings.Count(ts.logs.String(), s) }

// ms formats a duration in milliseconds for the figures.
func ms(d time.Duration) string { return d.Round(time.Millisecond).String() }
