package server_test

// The hostile-client suite (issue 11, "Measured"): every limit on what a
// client controls, attacked with the Go SSH client against an in-process
// server, with the figures logged (run with -v to read them):
//
//	go test -count=1 -run 'Hostile' -v ./server
//
// Memory figures are the live heap of the whole test process (server and
// clients together, as a full collection marks it) while the attack holds,
// minus the same before it: an upper bound of what the server keeps.
// Clients' own terminals are made before the baseline, so they are not
// counted; floods pause between two requests for each sample (heapWatch).
//
// The TestHostileFinding tests are attacks the limits do not bound yet;
// they were the suite's findings and are bounded now.

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/idporten-wizard/idporten-wizard/internal/termtest"
	"github.com/idporten-wizard/idporten-wizard/server"
)

// memoryCeiling is what one attack may add to the heap, in MB.
const memoryCeiling = 50.0

// slack is the time allowed on top of a deadline for the server to act
// and the test to see it; more under the race detector.
func slack() time.Duration {
	if raceEnabled() {
		return 1500 * time.Millisecond
	}
	return 500 * time.Millisecond
}

// TestHostileWindowSize: a PTY of 3000×3000 or 65535×65535, or a window
// change to 65535×65535, costs the server what the clamped 500×200 costs;
// each session draws at 500×200 and says so; a shutdown still ends them.
func TestHostileWindowSize(t *testing.T) {
	lim := server.DefaultLimits
	ts := startServer(t, func(c *server.Config) { c.ShutdownGrace = 300 * time.Millisecond })
	var clients []*client
	for _, tc := range []struct {
		name   string
		w, h   int
		change bool // a normal start, then a window change
	}{
		{"pty 3000x3000", 3000, 3000, false},
		{"pty 65535x65535", 65535, 65535, false},
		{"window-change to 65535x65535", 65535, 65535, true},
	} {
		// The client's terminal is a little larger than the clamp, to see
		// that nothing is drawn beyond it; it is made before the baseline,
		// so its cells are not counted. The sessions before stay open: each
		// figure is one session's addition.
		scr := termtest.New(lim.MaxWidth+40, lim.MaxHeight+20)
		base := liveHeap()
		start := time.Now()
		var c *client
		if tc.change {
			c = openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24, screen: scr})
			c.waitFor("Trykk Enter for å byrje.")
			if err := c.sess.WindowChange(tc.h, tc.w); err != nil {
				t.Fatal(err)
			}
		} else {
			c = openPTY(t, ts.addr, ptyOpts{ptyW: tc.w, ptyH: tc.h, screen: scr})
		}
		c.waitFor(fmt.Sprintf("Vindauget ditt er %d×%d; vegvisaren teiknar berre %d×%d.",
			tc.w, tc.h, lim.MaxWidth, lim.MaxHeight))
		c.waitFor("Trykk Enter for å byrje.")
		first := time.Since(start)
		now := liveHeap()
		added := now.addedMB(base)
		widest, lastRow := drawnExtent(c.screen.Text())
		t.Logf("%s: +%.1f MB live (HeapInuse +%.1f MB) with the session open and drawn (first frame %s); drawn %d columns × %d rows",
			tc.name, added, now.inuseMB(base), ms(first), widest, lastRow)
		if added > memoryCeiling {
			t.Errorf("%s: the session added %.1f MB, over %.0f MB", tc.name, added, memoryCeiling)
		}
		// The header reaches the right edge, the help bar the bottom:
		// drawn at the clamped size, and not beyond it.
		if widest != lim.MaxWidth || lastRow > lim.MaxHeight || lastRow < lim.MaxHeight-2 {
			t.Errorf("%s: drawn %d×%d, want %d wide and %d high", tc.name, widest, lastRow, lim.MaxWidth, lim.MaxHeight)
		}
		c.press(termtest.Enter) // it still takes keys
		c.waitFor("Vel elektronisk ID")
		clients = append(clients, c)
	}

	// SIGTERM's path: Shutdown counts down and ends the sessions.
	stop := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	for _, c := range clients {
		c.waitFor("Tenaren stengjer no.")
		if err := c.waitEnd(); err != nil {
			t.Errorf("session exit: %v", err)
		}
	}
	t.Logf("Shutdown (grace 300ms) returned nil after %s; the %d sessions had ended", ms(time.Since(stop)), len(clients))
	if n := countLog(ts, "outcome=server_closed"); n != len(clients) {
		t.Errorf("%d sessions logged server_closed, want %d", n, len(clients))
	}
}

// envPayload is an "env" request's payload (RFC 4254, 6.4).
type envPayload struct{ Name, Value string }

// TestHostileEnvFlood: three connections send 8,000 environment requests
// of 32 KB each (after 100 small ones): past MaxEnv and MaxEnvBytes each is
// answered false, memory stays flat, the log says so once per session, and
// a normal client meanwhile gets its first frame.
func TestHostileEnvFlood(t *testing.T) {
	const (
		conns = 3
		small = 100
		flood = 8000
		size  = 32 << 10
	)
	lim := server.DefaultLimits
	// The flood comes before any shell: on a loaded machine (or under the
	// race detector) it may take longer than the no-session timeout, which
	// would close its channels and end the test early.
	ts := startServer(t, func(c *server.Config) { c.NoSessionTimeout = 5 * time.Minute })
	big := strings.Repeat("x", size-len("FLOOD_0000"))
	type result struct{ smallOK, smallNo, floodOK, floodNo int }
	results := make([]result, conns)
	var sent atomic.Int64
	errs := make(chan error, conns)
	sessions := make([]*gossh.Session, conns)
	var pause sync.RWMutex
	base := liveHeap()
	watch := watchHeap(100*time.Millisecond, &pause)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range conns {
		conn, err := dialFrom(ts.addr, "", clientConfig(""))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = conn.Close() })
		sess, err := conn.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		sessions[i] = sess
		wg.Go(func() {
			r := &results[i]
			for j := range small {
				ok, err := sess.SendRequest("env", true, gossh.Marshal(envPayload{fmt.Sprintf("SMALL_%d", j), "1"}))
				if err != nil {
					errs <- err
					return
				}
				if ok {
					r.smallOK++
				} else {
					r.smallNo++
				}
			}
			for j := range flood {
				pause.RLock()
				ok, err := sess.SendRequest("env", true, gossh.Marshal(envPayload{fmt.Sprintf("FLOOD_%04d", j), big}))
				pause.RUnlock()
				if err != nil {
					errs <- err
					return
				}
				if ok {
					r.floodOK++
				} else {
					r.floodNo++
				}
				sent.Add(1)
			}
		})
	}
	// A normal client arrives while the flood runs.
	waitUntil(t, 30*time.Second, "the flood starting", func() bool { return sent.Load() >= conns*500 })
	arrive := time.Now()
	normal := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24})
	normal.waitFor("Trykk Enter for å byrje.")
	normalFirst := time.Since(arrive)
	during := sent.Load()
	wg.Wait()
	took := time.Since(start)
	peak, samples := watch.stop()
	after := liveHeap()
	close(errs)
	for err := range errs {
		t.Fatalf("flood: %v", err)
	}

	var total result
	for _, r := range results {
		total.smallOK += r.smallOK
		total.smallNo += r.smallNo
		total.floodOK += r.floodOK
		total.floodNo += r.floodNo
	}
	mbSent := float64(conns*flood*size) / 1e6
	t.Logf("env flood: %d connections × (%d small + %d × 32 KB) = %.0f MB of env requests in %s",
		conns, small, flood, mbSent, ms(took))
	t.Logf("env flood: small ones answered true %d, false %d; 32 KB ones true %d, false %d",
		total.smallOK, total.smallNo, total.floodOK, total.floodNo)
	t.Logf("env flood: peak +%.1f MB live during (%d samples; HeapInuse peak +%.1f MB), +%.1f MB after",
		peak.addedMB(base), samples, peak.inuseMB(base), after.addedMB(base))
	t.Logf("env flood: a normal client's first frame %s after it arrived, with %d of %d 32 KB requests sent",
		ms(normalFirst), during, conns*flood)
	for i, r := range results {
		// The first MaxEnv small ones fit (their bytes are far below
		// MaxEnvBytes); every 32 KB one is over MaxEnvBytes on its own.
		if r.smallOK != lim.MaxEnv || r.smallNo != small-lim.MaxEnv || r.floodOK != 0 || r.floodNo != flood {
			t.Errorf("connection %d: %+v, want %d small accepted, the rest and all 32 KB ones refused", i, r, lim.MaxEnv)
		}
	}
	if a := peak.addedMB(base); a > memoryCeiling {
		t.Errorf("during the flood the heap grew %.1f MB, over %.0f MB", a, memoryCeiling)
	}
	if a := after.addedMB(base); a > memoryCeiling {
		t.Errorf("after the flood the heap is %.1f MB larger, over %.0f MB", a, memoryCeiling)
	}
	if during >= conns*flood {
		t.Logf("note: the flood had ended before the normal client's first frame")
	}
	if n := countLog(ts, "env requests over the limit"); n != conns {
		t.Errorf("the log says «env requests over the limit» %d times, want once per session (%d)", n, conns)
	}
	// The flooded sessions still start, with what fitted.
	for i, sess := range sessions {
		if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Errorf("connection %d: pty after the flood: %v", i, err)
		}
	}
}

// TestHostileLongLine: a 256 MiB line without a newline into a line-mode
// session costs little memory; the newline then gets «too long» and the
// same question again, and a normal answer after it is taken.
func TestHostileLongLine(t *testing.T) {
	total := 256 << 20
	if raceEnabled() {
		// The line mode reads byte by byte: 256 MiB take half a minute
		// under the race detector. 32 MiB are still 8,192 times MaxLine.
		total = 32 << 20
	}
	ts := startServer(t, nil)
	c := connectLine(t, ts.addr, lineClientOpts{env: map[string]string{"ACCESSIBLE": "1"}})
	question := `Skriv talet \(1–` + nEIDs + `\)\.\n`
	c.wait(question + `$`)
	before := len(c.out.String())

	chunk := bytes.Repeat([]byte("a"), 32<<10)
	var pause sync.RWMutex
	base := liveHeap()
	watch := watchHeap(100*time.Millisecond, &pause)
	start := time.Now()
	for sent := 0; sent < total; sent += len(chunk) {
		pause.RLock()
		_, err := c.in.Write(chunk)
		pause.RUnlock()
		if err != nil {
			t.Fatalf("after %d bytes: %v", sent, err)
		}
	}
	took := time.Since(start)
	peak, samples := watch.stop()
	after := liveHeap()
	t.Logf("long line: %d MiB without a newline sent in %s (%.0f MiB/s); peak +%.1f MB live during (%d samples; HeapInuse peak +%.1f MB), +%.1f MB after",
		total>>20, ms(took), float64(total>>20)/took.Seconds(), peak.addedMB(base), samples, peak.inuseMB(base), after.addedMB(base))
	if a := peak.addedMB(base); a > memoryCeiling {
		t.Errorf("the line's heap grew %.1f MB, over %.0f MB", a, memoryCeiling)
	}
	if a := after.addedMB(base); a > memoryCeiling {
		t.Errorf("after the line the heap is %.1f MB larger, over %.0f MB", a, memoryCeiling)
	}
	if _, err := io.WriteString(c.in, "\n"); err != nil {
		t.Fatal(err)
	}
	c.wait(`Svaret var for langt \(over 4096 teikn\)\. Skriv det på nytt\.\n(.|\n)*` + question + `$`)
	if rest := c.out.String()[before:]; strings.Count(rest, "Skriv talet (1–"+nEIDs+").") != 1 {
		t.Errorf("after the long line, want the question once again:\n%s", rest)
	}
	c.answer("5") // Commfides: the answer is taken
	c.wait(`Fødselsnummer eller D-nummer`)
}

// TestHostileConnections: silent TCP connections and a byte-a-time client
// are closed by LoginGrace (an absolute deadline); authenticated
// connections that never open a session by NoSessionTimeout; a normal
// client meanwhile gets in.
func TestHostileConnections(t *testing.T) {
	const grace = time.Second
	// One address holds them all: lift the per-source and startup limits
	// so that only the timeouts are tested.
	many := func(n int) func(*server.Config) {
		return func(c *server.Config) {
			c.LoginGrace, c.NoSessionTimeout = grace, grace
			c.MaxConnections, c.PerSourceConnections, c.PerSourceStartups = 2*n, n+50, n+50
			c.Startups = server.Startups{Start: n + 50, Rate: 30, Full: 2 * n}
		}
	}

	t.Run("200 silent connections", func(t *testing.T) {
		const n = 200
		ts := startServer(t, many(n))
		conns := make([]*silentConn, n)
		for i := range conns {
			c, err := dialSilent(ts.addr, "")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = c.Close() })
			conns[i] = c
		}
		waitUntil(t, 5*time.Second, "the server holding them all", func() bool { o, _ := ts.Connections(); return o >= n })
		open, unauth := ts.Connections()
		normal := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24})
		normal.waitFor("Trykk Enter for å byrje.")
		var longest, shortest time.Duration = 0, time.Hour
		for _, c := range conns {
			select {
			case <-c.closed:
			case <-time.After(grace + 2*slack() + time.Second):
				t.Fatalf("a silent connection was still open after %s", grace+2*slack()+time.Second)
			}
			longest, shortest = max(longest, c.lived()), min(shortest, c.lived())
		}
		t.Logf("silent: %d held open (%d unauthenticated) at first; all closed, lived %s–%s (LoginGrace %s); a normal client got its first frame meanwhile",
			open, unauth, ms(shortest), ms(longest), grace)
		if open < n || unauth < n {
			t.Errorf("Connections() = %d, %d while the %d were open", open, unauth, n)
		}
		if longest > grace+time.Second || shortest < grace-100*time.Millisecond {
			t.Errorf("silent connections lived %s–%s, want about %s and none past %s", shortest, longest, grace, grace+time.Second)
		}
		waitUntil(t, 5*time.Second, "connections counted closed", func() bool { _, u := ts.Connections(); return u == 0 })
		if got := countLog(ts, "authenticated=false"); got < n {
			t.Errorf("%d connection close lines for unauthenticated connections, want %d", got, n)
		}
	})

	t.Run("one byte every 200ms", func(t *testing.T) {
		ts := startServer(t, many(10))
		c, err := dialSilent(ts.addr, "")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		banner := "SSH-2.0-trickle-trickle-trickle-trickle"
		sent := 0
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		limit := time.NewTimer(grace + 2*slack() + time.Second)
		defer limit.Stop()
	loop:
		for {
			select {
			case <-c.closed:
				break loop
			case <-tick.C:
				if _, err := c.Write([]byte{banner[sent%len(banner)]}); err != nil {
					break loop
				}
				sent++
			case <-limit.C:
				t.Fatal("the trickling connection is still open")
			}
		}
		lived := c.lived()
		t.Logf("trickle: %d bytes sent one every 200ms; closed after %s (LoginGrace %s)", sent, ms(lived), grace)
		if lived > grace+time.Second || lived < grace-100*time.Millisecond {
			t.Errorf("closed after %s, want at LoginGrace %s", lived, grace)
		}
	})

	t.Run("300 authenticated without a session", func(t *testing.T) {
		const n = 300
		ts := startServer(t, func(c *server.Config) {
			many(n)(c)
			c.LoginGrace = 10 * time.Second // the handshakes themselves may queue
		})
		lived := make([]time.Duration, n)
		errs := make(chan error, n)
		var wg sync.WaitGroup
		var dialled sync.WaitGroup
		dialled.Add(n)
		sem := make(chan struct{}, 50)
		for i := range n {
			wg.Go(func() {
				sem <- struct{}{}
				conn, err := dialFrom(ts.addr, "", clientConfig(""))
				<-sem
				dialled.Done()
				if err != nil {
					errs <- err
					return
				}
				defer conn.Close()
				at := time.Now()
				_ = conn.Wait() // until the server closes it
				lived[i] = time.Since(at)
			})
		}
		dialled.Wait()
		open, _ := ts.Connections()
		arrive := time.Now()
		normal := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24})
		normal.waitFor("Trykk Enter for å byrje.")
		normalFirst := time.Since(arrive)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("dial: %v", err)
		}
		longest := slices.Max(lived)
		shortest := slices.Min(lived)
		t.Logf("no session: %d authenticated connections (%d open once all had logged in) closed %s–%s after their handshake (NoSessionTimeout %s); a normal client's first frame %s meanwhile",
			n, open, ms(shortest), ms(longest), grace, ms(normalFirst))
		if longest > grace+time.Second {
			t.Errorf("a connection without a session lived %s, past %s", longest, grace+time.Second)
		}
		waitUntil(t, 5*time.Second, "an idle line and a close line per connection", func() bool {
			// The close line follows the idle one once the socket is shut.
			return countLog(ts, "connection without a session") >= n && countLog(ts, "connection close") >= n
		})
		if got := countLog(ts, "connection without a session"); got != n {
			t.Errorf("%d «connection without a session» lines, want %d", got, n)
		}
		if got := countLog(ts, "reason=no_session"); got != n {
			t.Errorf("%d connections closed with reason=no_session, want %d", got, n)
		}
		normal.press(termtest.Enter) // the normal client is still there
		normal.waitFor("Vel elektronisk ID")
	})
}

// TestHostileStartups: sshd's MaxStartups 5:30:10 against 30 silent
// connections at once: at most 10 are held unauthenticated, the others are
// closed before the handshake.
func TestHostileStartups(t *testing.T) {
	const n = 30
	st := server.Startups{Start: 5, Rate: 30, Full: 10}
	ts := startServer(t, func(c *server.Config) {
		c.Startups = st
		c.LoginGrace = 1500 * time.Millisecond
	})
	conns := make([]*silentConn, n)
	start := time.Now()
	for i := range conns {
		c, err := dialSilent(ts.addr, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		conns[i] = c
	}
	// Each is either held (the server's banner came) or closed.
	waitUntil(t, 5*time.Second, "every connection held or closed", func() bool {
		for _, c := range conns {
			if !c.banner.Load() && !c.isClosed() {
				return false
			}
		}
		return true
	})
	sorted := time.Since(start)
	held, refused := 0, 0
	var refusedLongest time.Duration
	for _, c := range conns {
		if c.banner.Load() && !c.isClosed() {
			held++
		} else if !c.banner.Load() {
			refused++
			refusedLongest = max(refusedLongest, c.lived())
		}
	}
	open, unauth := ts.Connections()
	t.Logf("startups %s: %d silent connections: %d held, %d closed at once (the slowest after %s); Connections() = %d open, %d unauthenticated; sorted in %s",
		st, n, held, refused, refusedLongest.Round(time.Microsecond), open, unauth, ms(sorted))
	if held < st.Start || held > st.Full || held+refused != n {
		t.Errorf("%d held and %d refused, want %d–%d held and the rest refused", held, refused, st.Start, st.Full)
	}
	if open != held || unauth != held {
		t.Errorf("Connections() = %d, %d; want %d, %d", open, unauth, held, held)
	}
	waitLog(t, ts, `connection refused.*reason=max_startups`)
	// When the held ones have gone (LoginGrace), a client gets in again.
	waitUntil(t, 1500*time.Millisecond+time.Second+slack(), "the held connections closed", func() bool {
		open, _ := ts.Connections()
		return open == 0
	})
	c := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24})
	c.waitFor("Trykk Enter for å byrje.")
}

// holdSilent opens n silent connections from local and waits until each
// is held (the server's banner came) or refused (closed without one); it
// returns how many are held.
func holdSilent(t *testing.T, addr, local string, n int) (held int) {
	t.Helper()
	conns := make([]*silentConn, n)
	for i := range conns {
		c, err := dialSilent(addr, local)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		conns[i] = c
	}
	waitUntil(t, 5*time.Second, "every connection held or closed", func() bool {
		for _, c := range conns {
			if !c.banner.Load() && !c.isClosed() {
				return false
			}
		}
		return true
	})
	for _, c := range conns {
		if c.banner.Load() && !c.isClosed() {
			held++
		}
	}
	return held
}

// TestHostileAdmission: each of the gate's other ceilings, reached from
// one address, refuses the next connection before the handshake (or the
// next session with the busy line), names itself in the log, and leaves a
// second address alone.
func TestHostileAdmission(t *testing.T) {
	t.Run("max connections", func(t *testing.T) {
		ts := startServer(t, func(c *server.Config) { c.MaxConnections = 6 })
		a := holdSilent(t, ts.addr, "127.0.0.1", 4)
		b := holdSilent(t, ts.addr, "127.0.0.2", 3)
		t.Logf("MaxConnections 6: 4 silent from 127.0.0.1 held %d, then 3 from 127.0.0.2 held %d", a, b)
		if a != 4 || b != 2 {
			t.Errorf("held %d and %d, want 4 and 2", a, b)
		}
		waitLog(t, ts, `connection refused.*reason=max_connections`)
	})
	t.Run("per-source startups", func(t *testing.T) {
		ts := startServer(t, func(c *server.Config) { c.PerSourceStartups = 4 })
		a := holdSilent(t, ts.addr, "127.0.0.1", 6)
		b := holdSilent(t, ts.addr, "127.0.0.2", 1)
		t.Logf("PerSourceStartups 4: 6 silent from 127.0.0.1 held %d; 127.0.0.2 held %d", a, b)
		if a != 4 || b != 1 {
			t.Errorf("held %d and %d, want 4 and 1", a, b)
		}
		waitLog(t, ts, `connection refused.*reason=per_source_startups`)
	})
	t.Run("per-source connections", func(t *testing.T) {
		ts := startServer(t, func(c *server.Config) { c.PerSourceConnections = 3 })
		for i := range 4 {
			c, err := dialFrom(ts.addr, "127.0.0.1", clientConfig(""))
			if i < 3 && err != nil {
				t.Fatalf("connection %d: %v", i+1, err)
			}
			if i == 3 && err == nil {
				t.Error("a 4th connection from one address got in")
			}
			if err == nil {
				t.Cleanup(func() { _ = c.Close() })
			}
		}
		c, err := dialFrom(ts.addr, "127.0.0.2", clientConfig(""))
		if err != nil {
			t.Fatalf("127.0.0.2: %v", err)
		}
		c.Close()
		waitLog(t, ts, `connection refused.*reason=per_source_connections`)
	})
	t.Run("connection rate", func(t *testing.T) {
		ts := startServer(t, func(c *server.Config) { c.ConnRate, c.ConnBurst = 0.01, 5 })
		a := holdSilent(t, ts.addr, "127.0.0.1", 8)
		b := holdSilent(t, ts.addr, "127.0.0.2", 1)
		t.Logf("ConnBurst 5: 8 at once from 127.0.0.1 held %d; 127.0.0.2 held %d", a, b)
		if a != 5 || b != 1 {
			t.Errorf("held %d and %d, want 5 and 1", a, b)
		}
		waitLog(t, ts, `connection refused.*reason=conn_rate`)
	})
	t.Run("max sessions", func(t *testing.T) {
		ts := startServer(t, func(c *server.Config) { c.MaxSessions = 2 })
		for range 2 {
			openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24}).waitFor("Trykk Enter for å byrje.")
		}
		third := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24, local: "127.0.0.2"})
		third.waitFor("Tenaren er oppteken no. Prøv igjen om eit minutt.")
		waitLog(t, ts, `reason=max_sessions`)
	})
}

// TestHostilePerSource: one address cannot hold every session slot: with
// MaxSessions 20 and PerSourceSessions 5, the sixth from 127.0.0.1 is
// refused while 127.0.0.2 still gets in.
func TestHostilePerSource(t *testing.T) {
	ts := startServer(t, func(c *server.Config) { c.MaxSessions, c.PerSourceSessions = 20, 5 })
	var first []*client
	for range 5 {
		c := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24, local: "127.0.0.1"})
		c.waitFor("Trykk Enter for å byrje.")
		first = append(first, c)
	}
	sixth := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24, local: "127.0.0.1"})
	sixth.waitFor("Tenaren er oppteken no. Prøv igjen om eit minutt.")
	if err := sixth.waitEnd(); err == nil {
		t.Error("the refused session exited 0")
	}
	other := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24, local: "127.0.0.2"})
	other.waitFor("Trykk Enter for å byrje.")
	waitLog(t, ts, `reason=per_source_sessions`)
	if !strings.Contains(ts.logs.String(), "remote=127.0.0.2") {
		t.Error("the second source is not in the log as 127.0.0.2")
	}
	active := ts.Active()
	// A slot given back is free for the same address again.
	_ = first[0].sess.Close()
	_ = first[0].conn.Close()
	waitUntil(t, 5*time.Second, "the slot freed", func() bool { return ts.Active() == active-1 })
	again := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24, local: "127.0.0.1"})
	again.waitFor("Trykk Enter for å byrje.")
	t.Logf("per source: 5 sessions from 127.0.0.1 in, the 6th refused (busy), 127.0.0.2 in; %d active of MaxSessions 20; a freed slot taken again", active)
}

// TestHostileDefaultsLetARoomIn is the opposite failure: with the default
// limits (none lifted), 50 people behind one address arriving within a
// minute all get in, whether they arrive over two seconds or all at once.
func TestHostileDefaultsLetARoomIn(t *testing.T) {
	const n = 50
	for _, tc := range []struct {
		name   string
		spread time.Duration
	}{{"over 2s", 2 * time.Second}, {"all at once", 0}} {
		t.Run(tc.name, func(t *testing.T) {
			// The harness lifts ConnRate and ConnBurst for its tests; here
			// every limit is the default.
			ts := startServer(t, func(c *server.Config) { c.Limits = server.Limits{} })
			clients := make([]*client, n)
			firsts := make([]time.Duration, n)
			errs := make(chan error, n)
			scrs := make([]*termtest.Screen, n)
			for i := range scrs {
				scrs[i] = termtest.New(80, 24)
			}
			var wg sync.WaitGroup
			start := time.Now()
			for i := range n {
				at := time.Duration(i) * tc.spread / n
				wg.Go(func() {
					time.Sleep(time.Until(start.Add(at)))
					began := time.Now()
					c, err := startPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24, screen: scrs[i]})
					if err != nil {
						errs <- fmt.Errorf("session %d: %w", i, err)
						return
					}
					clients[i] = c
					if !shows(scrs[i], "Trykk Enter for å byrje.", 30*time.Second) {
						errs <- fmt.Errorf("session %d: no first frame; it shows:\n%s", i, scrs[i].Text())
						return
					}
					firsts[i] = time.Since(began)
				})
			}
			wg.Wait()
			all := time.Since(start)
			close(errs)
			failed := 0
			for err := range errs {
				failed++
				t.Error(err)
			}
			sorted := slices.Clone(firsts)
			slices.Sort(sorted)
			t.Logf("defaults, %d sessions from one address %s: %d in, %d refused; first frame p50 %s, max %s; all in within %s",
				n, tc.name, n-failed, failed, ms(sorted[n/2]), ms(sorted[n-1]), ms(all))
			if ts.Active() != n {
				t.Errorf("%d sessions active, want %d", ts.Active(), n)
			}
			if strings.Contains(ts.logs.String(), "connection refused") {
				t.Errorf("refusals in the log:\n%s", grepLines(ts.logs.String(), "connection refused"))
			}
			// End them here: with the default 60 s shutdown grace a
			// session left open would hold the cleanup's Shutdown.
			for _, c := range clients {
				if c != nil {
					_ = c.sess.Close()
					_ = c.conn.Close()
				}
			}
			waitUntil(t, 10*time.Second, "the sessions ended", func() bool { return ts.Active() == 0 })
		})
	}
}

// grepLines returns the lines of s holding sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestHostileKeepAlive: a client that stops answering (its network gone,
// nothing closed) is closed after KeepAlive × KeepAliveMax, plus at most
// one interval, and its session slot is freed; a client that answers stays.
func TestHostileKeepAlive(t *testing.T) {
	const (
		every = 200 * time.Millisecond
		count = 3
	)
	ts := startServer(t, func(c *server.Config) { c.KeepAlive, c.KeepAliveMax = every, count })
	proxy := newFreezeProxy(t, ts.addr)
	gone := openPTY(t, proxy.addr(), ptyOpts{ptyW: 80, ptyH: 24})
	gone.waitFor("Trykk Enter for å byrje.")
	stays := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24})
	stays.waitFor("Trykk Enter for å byrje.")
	if ts.Active() != 2 {
		t.Fatalf("%d active, want 2", ts.Active())
	}
	proxy.freeze()
	frozen := time.Now()
	waitUntil(t, every*(count+1)+2*slack()+time.Second, "the silent client's session ended",
		func() bool { return ts.Active() == 1 })
	took := time.Since(frozen)
	open, _ := ts.Connections()
	t.Logf("keep-alive %s × %d: a client that stopped answering was closed %s after it stopped; its slot freed (active %d, connections %d)",
		every, count, ms(took), ts.Active(), open)
	if took > every*(count+1)+slack() {
		t.Errorf("closed after %s, want at most %s (+%s)", took, every*(count+1), slack())
	}
	if took < every*(count-1)-50*time.Millisecond {
		t.Errorf("closed after %s, before %d keep-alives could go unanswered", took, count)
	}
	waitLog(t, ts, `keep-alive timeout`)
	waitLog(t, ts, `reason=keepalive_timeout`)
	stays.press(termtest.Enter) // answered its keep-alives all along
	stays.waitFor("Vel elektronisk ID")
	if open != 1 {
		t.Errorf("%d connections open, want the one that answers", open)
	}
}

// TestHostileProtocol: the session guard's answers (agent forwarding
// false, a signal answered, requests past MaxRequests false, an oversized
// TERM refused), the key exchanges (no SHA-1), and failed logins logged by
// user name with no key material or password.
func TestHostileProtocol(t *testing.T) {
	const maxRequests = 8
	ts := startServer(t, func(c *server.Config) { c.MaxRequests = maxRequests })
	newSession := func(t *testing.T) *gossh.Session {
		t.Helper()
		conn := dial(t, ts.addr, clientOpts{})
		t.Cleanup(func() { _ = conn.Close() })
		sess, err := conn.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		return sess
	}
	// request sends a request, failing the test when no answer comes.
	request := func(t *testing.T, sess *gossh.Session, typ string, payload []byte) bool {
		t.Helper()
		type answer struct {
			ok  bool
			err error
		}
		got := make(chan answer, 1)
		go func() { ok, err := sess.SendRequest(typ, true, payload); got <- answer{ok, err} }()
		select {
		case a := <-got:
			if a.err != nil {
				t.Fatalf("%s: %v", typ, a.err)
			}
			return a.ok
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no answer in 5 s", typ)
			return false
		}
	}

	t.Run("agent forwarding refused", func(t *testing.T) {
		if request(t, newSession(t), "auth-agent-req@openssh.com", nil) {
			t.Error("auth-agent-req@openssh.com answered true")
		}
	})
	t.Run("signal answered", func(t *testing.T) {
		sess := newSession(t)
		sig := gossh.Marshal(struct{ Signal string }{"INT"})
		start := time.Now()
		ok := request(t, sess, "signal", sig)
		before := time.Since(start)
		// And in a running wizard.
		if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		if err := sess.Shell(); err != nil {
			t.Fatal(err)
		}
		start = time.Now()
		ok2 := request(t, sess, "signal", gossh.Marshal(struct{ Signal string }{"TERM"}))
		t.Logf("signal: answered %v in %s before the shell, %v in %s in a running session",
			ok, before.Round(time.Microsecond), ok2, time.Since(start).Round(time.Microsecond))
	})
	t.Run("requests past MaxRequests", func(t *testing.T) {
		sess := newSession(t)
		var answers []bool
		for i := range maxRequests + 2 {
			answers = append(answers, request(t, sess, "env", gossh.Marshal(envPayload{fmt.Sprintf("V%d", i), "1"})))
		}
		unknown := request(t, sess, "x-hostile@example.com", nil)
		t.Logf("MaxRequests %d: env answers %v; an unknown type after them %v", maxRequests, answers, unknown)
		for i, ok := range answers {
			if want := i < maxRequests; ok != want {
				t.Errorf("env request %d answered %v, want %v", i+1, ok, want)
			}
		}
		if unknown {
			t.Error("a request past the limit answered true")
		}
		waitLog(t, ts, `session requests over the limit`)
		if n := countLog(ts, "session requests over the limit"); n != 1 {
			t.Errorf("«session requests over the limit» logged %d times, want once", n)
		}
	})
	t.Run("TERM too long", func(t *testing.T) {
		sess := newSession(t)
		if err := sess.RequestPty(strings.Repeat("x", 100_000), 24, 80, gossh.TerminalModes{}); err == nil {
			t.Error("a PTY request with a 100,000-byte TERM was accepted")
		}
	})
	t.Run("sessions per connection", func(t *testing.T) {
		conn := dial(t, ts.addr, clientOpts{})
		defer conn.Close()
		lim := server.DefaultLimits.SessionsPerConnection
		opened := 0
		var err error
		for range lim + 1 {
			var s *gossh.Session
			if s, err = conn.NewSession(); err != nil {
				break
			}
			defer s.Close()
			opened++
			// A started session (a wizard runs in it), so that the
			// connection's few channels without a shell are not the limit;
			// its input stays open (at its end the session would end).
			if err := s.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.StdinPipe(); err != nil {
				t.Fatal(err)
			}
			if err := s.Shell(); err != nil {
				t.Fatal(err)
			}
		}
		var oce *gossh.OpenChannelError
		if opened != lim || !errors.As(err, &oce) || oce.Reason != gossh.ResourceShortage {
			t.Errorf("opened %d session channels (then %v), want %d and a resource shortage", opened, err, lim)
		}
	})
	t.Run("channels without a shell", func(t *testing.T) {
		conn := dial(t, ts.addr, clientOpts{})
		defer conn.Close()
		opened := 0
		var err error
		for range 3 {
			var s *gossh.Session
			if s, err = conn.NewSession(); err != nil {
				break
			}
			defer s.Close()
			opened++
		}
		var oce *gossh.OpenChannelError
		if opened != 2 || !errors.As(err, &oce) || oce.Reason != gossh.ResourceShortage {
			t.Errorf("opened %d channels without a shell (then %v), want 2 and a resource shortage", opened, err)
		}
	})
	t.Run("key exchange", func(t *testing.T) {
		for _, kex := range server.KeyExchanges {
			if strings.Contains(strings.ToLower(kex), "sha1") {
				t.Errorf("the server offers %s", kex)
			}
		}
		try := func(cfg gossh.Config) error {
			cc := clientConfig("")
			cc.Config = cfg
			c, err := gossh.Dial("tcp", ts.addr, cc)
			if err == nil {
				c.Close()
			}
			return err
		}
		for _, kex := range []string{gossh.InsecureKeyExchangeDH14SHA1, gossh.InsecureKeyExchangeDH1SHA1} {
			err := try(gossh.Config{KeyExchanges: []string{kex}})
			if err == nil || !strings.Contains(err.Error(), "key exchange") {
				t.Errorf("%s: connected, or failed otherwise (%v)", kex, err)
			}
		}
		if err := try(gossh.Config{MACs: []string{gossh.HMACSHA1}, Ciphers: []string{gossh.CipherAES128CTR}}); err == nil {
			t.Error("hmac-sha1: connected")
		}
		if err := try(gossh.Config{KeyExchanges: []string{gossh.KeyExchangeCurve25519}}); err != nil {
			t.Errorf("curve25519-sha256: %v", err)
		}
	})
	t.Run("failed logins logged without secrets", func(t *testing.T) {
		dir := t.TempDir()
		newKey := func() (gossh.Signer, gossh.PublicKey) {
			_, priv, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			s, err := gossh.NewSignerFromKey(priv)
			if err != nil {
				t.Fatal(err)
			}
			return s, s.PublicKey()
		}
		_, allowedPub := newKey()
		wrong, wrongPub := newKey()
		ak := filepath.Join(dir, "authorized_keys")
		if err := os.WriteFile(ak, gossh.MarshalAuthorizedKey(allowedPub), 0o600); err != nil {
			t.Fatal(err)
		}
		ks := startServer(t, func(c *server.Config) { c.AuthorizedKeys = ak })
		// With authorized keys only public keys are offered: a client never
		// gets to send a password (the Go client tries only what is offered).
		const password = "hunter2-must-not-be-logged"
		users := []string{"mallory", "evil\x1b[31m\nfake", strings.Repeat("long", 100)}
		for _, user := range users {
			cc := clientConfig(user)
			cc.Auth = []gossh.AuthMethod{gossh.PublicKeys(wrong), gossh.Password(password)}
			c, err := gossh.Dial("tcp", ks.addr, cc)
			if err == nil {
				c.Close()
				t.Fatalf("%q got in", user)
			}
			if user == "mallory" {
				t.Logf("the client's error: %v", err)
			}
		}
		waitLog(t, ks, `auth failed.*user=mallory method=publickey`)
		waitLog(t, ks, `auth failed.*user="?evil\?\[31m\?fake"? method=publickey`)
		waitLog(t, ks, `auth failed.*user="?(long){16}…"? method=publickey`)
		logs := ks.logs.String()
		md5sum := md5.Sum(wrongPub.Marshal())
		for name, secret := range map[string]string{
			"password":           password,
			"key (base64)":       base64.StdEncoding.EncodeToString(wrongPub.Marshal()),
			"key (base64, part)": base64.StdEncoding.EncodeToString(wrongPub.Marshal())[20:40],
			"SHA256 fingerprint": strings.TrimPrefix(gossh.FingerprintSHA256(wrongPub), "SHA256:"),
			"MD5 fingerprint":    fmt.Sprintf("%x", md5sum[:4]),
			"escape":             "\x1b",
			"the long name":      strings.Repeat("long", 17),
		} {
			if strings.Contains(logs, secret) {
				t.Errorf("the log holds the %s", name)
			}
		}
		t.Logf("auth failed lines:\n%s", grepLines(logs, "auth failed"))
	})
}

// TestHostileSmallTerminals: a 0×0 PTY draws at 80×24; a 1×1 PTY draws
// something and stays up until it ends cleanly; the end of a full-screen
// session's input ends it and frees its slot.
func TestHostileSmallTerminals(t *testing.T) {
	ts := startServer(t, nil)
	t.Run("0x0", func(t *testing.T) {
		c := openPTY(t, ts.addr, ptyOpts{ptyW: 0, ptyH: 0, screen: termtest.New(120, 40)})
		c.waitFor("Trykk Enter for å byrje.")
		widest, lastRow := drawnExtent(c.screen.Text())
		t.Logf("0×0: drawn %d columns × %d rows", widest, lastRow)
		if widest != 80 || lastRow > 24 || lastRow < 22 {
			t.Errorf("drawn %d×%d, want 80×24", widest, lastRow)
		}
		c.press("q")
	})
	t.Run("1x1", func(t *testing.T) {
		c := openPTY(t, ts.addr, ptyOpts{ptyW: 1, ptyH: 1, screen: termtest.New(10, 4)})
		c.screen.WaitFunc(t, func(s string) bool { return strings.TrimSpace(s) != "" })
		t.Logf("1×1: the screen shows %q", strings.TrimSpace(c.screen.Text()))
		if ts.Active() != 1 {
			t.Errorf("%d active, want the 1×1 session", ts.Active())
		}
		// A window large enough again draws the wizard.
		c.screen.Resize(80, 24)
		if err := c.sess.WindowChange(24, 80); err != nil {
			t.Fatal(err)
		}
		c.waitFor("Trykk Enter for å byrje.")
		_ = c.in.Close()
		if err := c.waitEnd(); err != nil {
			t.Errorf("session exit: %v", err)
		}
		waitUntil(t, 5*time.Second, "the slot freed", func() bool { return ts.Active() == 0 })
	})
	t.Run("stdin closed", func(t *testing.T) {
		c := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24})
		c.waitFor("Trykk Enter for å byrje.")
		closed := time.Now()
		_ = c.in.Close()
		if err := c.waitEnd(); err != nil {
			t.Errorf("session exit: %v", err)
		}
		waitUntil(t, 5*time.Second, "the slot freed", func() bool { return ts.Active() == 0 })
		t.Logf("EOF: the session ended and its slot was free %s after the client closed its input", ms(time.Since(closed)))
	})
	if strings.Contains(ts.logs.String(), "panic") {
		t.Errorf("a panic in the log:\n%s", grepLines(ts.logs.String(), "panic"))
	}
}

// TestHostileShutdown: with ShutdownGrace 2s, a session on the summary
// sees the countdown, saves within the grace and gets its receipt, then
// the goodbye; a session doing nothing ends at the deadline; Shutdown
// returns nil.
func TestHostileShutdown(t *testing.T) {
	const grace = 2 * time.Second
	ts := startServer(t, func(c *server.Config) { c.ShutdownGrace, c.SaveGrace = grace, 5*time.Second })
	busy := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24})
	idle := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24})
	idle.waitFor("Trykk Enter for å byrje.")
	busy.waitFor("Trykk Enter for å byrje.")
	busy.press(termtest.Enter)
	busy.waitFor("Vel elektronisk ID")
	busy.press("5")
	busy.waitFor("Fødselsnummer eller D-nummer")
	busy.typeLine("17889033371")
	busy.waitFor("Set inn USB-pinnen")
	busy.press(termtest.Enter)
	busy.typeSecret(busy.waitMatch(reDevicePIN)[1])
	busy.waitFor("Vil du registrere kontaktinformasjon no?")
	busy.press(termtest.Down)
	busy.waitFor("> Nei, hopp over")
	busy.press(termtest.Enter)
	busy.waitFor("Ingen kontaktinformasjon no")
	busy.press(termtest.Enter)
	busy.waitFor("Sjå over og stadfest")

	start := time.Now()
	deadline := start.Add(grace)
	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		shut <- ts.Shutdown(ctx)
	}()
	countdown := busy.waitMatch(regexp.MustCompile(`Tenaren stengjer om (2 sekund|eitt sekund) – fullfør no\.`))[1]
	idle.waitMatch(regexp.MustCompile(`Tenaren stengjer om (2 sekund|eitt sekund) – fullfør no\.`))
	busy.press(termtest.Enter) // save
	id := busy.waitMatch(reReceiptID)[1]
	receipt := time.Since(start)
	if _, err := ts.store.Load(id); err != nil {
		t.Fatalf("the record saved in the grace: %v", err)
	}
	var idleEnd, busyEnd time.Duration
	for _, c := range []*client{idle, busy} {
		c.waitFor("Tenaren stengjer no.")
		if err := c.waitEnd(); err != nil {
			t.Errorf("session exit: %v", err)
		}
		if c == idle {
			idleEnd = time.Since(start)
		} else {
			busyEnd = time.Since(start)
		}
	}
	err := <-shut
	returned := time.Since(start)
	t.Logf("shutdown, grace %s: countdown «%s»; receipt %s after the signal; sessions ended at %s (idle) and %s (saved); Shutdown returned %v after %s",
		grace, countdown, ms(receipt), ms(idleEnd), ms(busyEnd), err, ms(returned))
	if err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if receipt > grace {
		t.Errorf("the receipt came after the deadline (%s)", receipt)
	}
	if time.Now().Before(deadline) || idleEnd < grace {
		t.Errorf("the idle session ended at %s, before the %s deadline", idleEnd, grace)
	}
	waitLog(t, ts, `outcome=saved`)
	waitLog(t, ts, `outcome=server_closed`)
}

// TestHostileChannelWithoutShell: a session channel opened but never given
// a shell is not a session: NoSessionTimeout closes the connection (the
// keep-alives it answers would otherwise hold it until MaxSession).
func TestHostileChannelWithoutShell(t *testing.T) {
	const wait = time.Second
	ts := startServer(t, func(c *server.Config) {
		c.NoSessionTimeout, c.KeepAlive = wait, 200*time.Millisecond
	})
	conn := dial(t, ts.addr, clientOpts{})
	defer conn.Close()
	if _, err := conn.NewSession(); err != nil { // and nothing more
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() { _ = conn.Wait(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(wait + 3*time.Second):
		open, _ := ts.Connections()
		t.Errorf("a connection with a session channel but no shell is still open %s after NoSessionTimeout %s (%d connections open)",
			wait+3*time.Second, wait, open)
	}
}

// TestHostileChannelData: data sent into session channels that have no
// shell yet is buffered by the SSH library up to the channel's window
// (2 MB); a connection may have only two such channels (not
// SessionsPerConnection), for at most NoSessionTimeout.
func TestHostileChannelData(t *testing.T) {
	const conns, perConn = 5, 2
	ts := startServer(t, nil)
	chunk := bytes.Repeat([]byte("a"), 32<<10)
	base := liveHeap()
	var wrote atomic.Int64
	for range conns {
		conn := dial(t, ts.addr, clientOpts{})
		t.Cleanup(func() { _ = conn.Close() })
		for range perConn {
			ch, reqs, err := conn.OpenChannel("session", nil)
			if err != nil {
				t.Fatal(err)
			}
			go gossh.DiscardRequests(reqs)
			go func() {
				for range 64 { // the window: 2 MB
					if _, err := ch.Write(chunk); err != nil {
						return
					}
					wrote.Add(int64(len(chunk)))
				}
			}()
		}
	}
	want := int64(conns * perConn * 64 * len(chunk))
	waitUntil(t, 20*time.Second, "the windows filled", func() bool { return wrote.Load() >= want })
	added := liveHeap().addedMB(base)
	t.Logf("channel data: %d connections × %d channels without a shell, %.0f MB written: +%.1f MB held (%.2f MB a channel)",
		conns, perConn, float64(wrote.Load())/1e6, added, added/(conns*perConn))
	if added > memoryCeiling {
		d := server.DefaultLimits
		per := added / (conns * perConn)
		t.Errorf("the server holds +%.1f MB of channel data nobody reads, over %.0f MB; with the defaults one address may hold %d × %d channels × %.1f MB = %.1f GB, and %d connections %.1f GB",
			added, memoryCeiling, d.PerSourceConnections, d.SessionsPerConnection, per,
			float64(d.PerSourceConnections*d.SessionsPerConnection)*per/1e3,
			d.MaxConnections, float64(d.MaxConnections*d.SessionsPerConnection)*per/1e3)
	}
}

// TestHostileWindowChangeBurst: window changes past the rate are held
// back, not lost: the wizard ends at the size the client ends at.
func TestHostileWindowChangeBurst(t *testing.T) {
	ts := startServer(t, nil)
	c := openPTY(t, ts.addr, ptyOpts{ptyW: 80, ptyH: 24, screen: termtest.New(120, 40)})
	c.waitFor("Trykk Enter for å byrje.")
	refused, lastOK := 0, false
	for i := range 100 { // a window dragged: 100 sizes in a moment
		w := 80 + i%40
		if i == 99 {
			w = 120
		}
		ok, err := c.sess.SendRequest("window-change", true, gossh.Marshal(struct{ Cols, Rows, PxW, PxH uint32 }{uint32(w), 40, 0, 0}))
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			refused++
		}
		lastOK = ok
	}
	t.Logf("window changes: %d of 100 refused, the last one (120×40) among them: %v", refused, !lastOK)
	deadline := time.Now().Add(3 * time.Second)
	for {
		w, _ := drawnExtent(c.screen.Text())
		if w == 120 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the client's window is 120×40 but the wizard draws %d columns:\n%s", w, c.screen.Text())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
