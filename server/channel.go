package server

import (
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
)

// maxPendingChannels is how many session channels a connection may have
// open that have not asked for a shell yet: a client opens one and starts
// it at once; each such channel may hold a window (2 MB) of unread data.
const maxPendingChannels = 2

// sessionChannel is the "session" channel handler: the SSH library's own,
// behind a guard on the channel's requests (see guardedChannel).
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	tc, _ := ctx.Value(trackedKey{}).(*trackedConn)
	g := &guardedChannel{NewChannel: newChan, lim: s.lim, size: &clientSize{}, s: s, ctx: ctx, tc: tc}
	if tc != nil {
		if !tc.channelOpened(s.lim.SessionsPerConnection, maxPendingChannels) {
			_ = newChan.Reject(gossh.ResourceShortage, "too many sessions on one connection")
			s.logRefusal(tc.ip, "sessions_per_connection")
			return
		}
		defer func() { tc.channelClosed(g.started.Load()) }()
		s.startKeepAlive(tc, conn)
	}
	ctx.SetValue(sizeKey{}, g.size)
	ssh.DefaultSessionHandler(srv, conn, g, ctx)
}

// trackedKey and sizeKey are context keys: the connection's trackedConn,
// and the session's clientSize.
type (
	trackedKey struct{}
	sizeKey    struct{}
)

// clientSize is the window size a client last reported, when it was
// larger than the limit (and so clamped); zero when it was not.
type clientSize struct{ w, h atomic.Int64 }

func (c *clientSize) set(w, h int) { c.w.Store(int64(w)); c.h.Store(int64(h)) }

// get returns the size asked for, and whether it was clamped.
func (c *clientSize) get() (int, int, bool) {
	w, h := int(c.w.Load()), int(c.h.Load())
	return w, h, w != 0 || h != 0
}

// guardedChannel hands the SSH library a session channel whose requests
// have been through the limits first:
//   - window sizes (pty-req, window-change) are clamped to MaxWidth ×
//     MaxHeight, and the size asked for is kept for the wizard to mention;
//     window changes beyond WindowChanges a second are refused;
//   - environment requests beyond MaxEnv, or MaxEnvBytes in all, are refused;
//   - agent forwarding is refused with false (the library says true);
//   - a signal that wants a reply gets one (the library never answers);
//   - every other request counts against MaxRequests, then is refused.
type guardedChannel struct {
	gossh.NewChannel
	lim  Limits
	size *clientSize
	s    *Server
	ctx  ssh.Context
	tc   *trackedConn
	// started is set once the channel asks for a shell, a command or a
	// subsystem.
	started atomic.Bool
}

// Accept accepts the channel and puts the guard between its requests and
// the library's session.
func (g *guardedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := g.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go g.filter(ch, reqs, out)
	return ch, out, nil
}

// The request payloads the guard rewrites (RFC 4254, 6.2 and 6.7).
type (
	ptyRequest struct {
		Term                 string
		Cols, Rows, PxW, PxH uint32
		Modes                string
	}
	windowChange struct{ Cols, Rows, PxW, PxH uint32 }
	envRequest   struct{ Name, Value string }
)

// maxTermName bounds the TERM a pty request may carry.
const maxTermName = 64

// heldWindowRetry is how soon a window change held back by the rate is
// tried again.
const heldWindowRetry = 50 * time.Millisecond

// filter passes the allowed requests on, changed where needed, and answers
// the others itself. A channel that has not asked for a shell within the
// NoSessionTimeout is closed. Window changes beyond the rate are not lost:
// the last one is kept and passed on when the rate allows, so the wizard
// always ends at the client's final size. It ends when the channel's
// requests end.
func (g *guardedChannel) filter(ch gossh.Channel, in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	var (
		requests, envs, envBytes int
		warnedEnv, warnedReqs    bool
		windows                  = rate.NewLimiter(rate.Limit(g.lim.WindowChanges), 2*g.lim.WindowChanges)
		// latest is a window change held back by the rate; its timer
		// passes it on.
		latest  *windowChange
		release <-chan time.Time
	)
	noShell := time.NewTimer(g.lim.NoSessionTimeout)
	defer noShell.Stop()
	refuse := func(r *gossh.Request) {
		if r.WantReply {
			_ = r.Reply(false, nil)
		}
	}
	for {
		var r *gossh.Request
		select {
		case <-noShell.C:
			if !g.started.Load() {
				g.s.log.Info("session channel without a shell closed", "conn", connNumber(g.tc),
					"remote", remoteOf(g.ctx), "after", g.lim.NoSessionTimeout.String())
				_ = ch.Close()
			}
			continue
		case <-release:
			release = nil
			switch {
			case latest == nil:
			case windows.Allow():
				out <- &gossh.Request{Type: "window-change", Payload: gossh.Marshal(*latest)}
				latest = nil
			default:
				release = time.After(heldWindowRetry)
			}
			continue
		case req, ok := <-in:
			if !ok {
				return
			}
			r = req
		}
		switch r.Type {
		case "window-change":
			var w windowChange
			if gossh.Unmarshal(r.Payload, &w) != nil {
				refuse(r)
				continue
			}
			w.Cols, w.Rows = g.clamp(w.Cols, w.Rows)
			if !windows.Allow() {
				// Held back, not refused: the newest size wins.
				if r.WantReply {
					_ = r.Reply(true, nil)
				}
				latest = &w
				if release == nil {
					release = time.After(heldWindowRetry)
				}
				continue
			}
			latest = nil
			r.Payload = gossh.Marshal(w)
		case "pty-req":
			var p ptyRequest
			if gossh.Unmarshal(r.Payload, &p) != nil || len(p.Term) > maxTermName {
				refuse(r)
				continue
			}
			p.Cols, p.Rows = g.clamp(p.Cols, p.Rows)
			r.Payload = gossh.Marshal(p)
		case "env":
			var e envRequest
			bad := gossh.Unmarshal(r.Payload, &e) != nil
			envs++
			envBytes += len(e.Name) + len(e.Value)
			if bad || envs > g.lim.MaxEnv || envBytes > g.lim.MaxEnvBytes {
				if !warnedEnv {
					warnedEnv = true
					g.s.log.Warn("env requests over the limit", "remote", remoteOf(g.ctx),
						"max_env", g.lim.MaxEnv, "max_env_bytes", g.lim.MaxEnvBytes)
				}
				refuse(r)
				continue
			}
		case "auth-agent-req@openssh.com":
			refuse(r) // no agent forwarding, as the README says
			continue
		case "signal":
			if r.WantReply {
				_ = r.Reply(true, nil)
				r.WantReply = false
			}
		case "shell", "exec", "subsystem":
			if g.started.CompareAndSwap(false, true) && g.tc != nil {
				g.tc.channelStarted()
			}
		}
		if r.Type != "window-change" {
			requests++
			if requests > g.lim.MaxRequests {
				if !warnedReqs {
					warnedReqs = true
					g.s.log.Warn("session requests over the limit", "remote", remoteOf(g.ctx), "max_requests", g.lim.MaxRequests)
				}
				refuse(r)
				continue
			}
		}
		out <- r
	}
}

// clamp limits a window size to the maximum, noting what was asked for. A
// window of 0×0 (what ssh -tt sends when its input is not a terminal)
// stays 0×0: the session treats it as unknown.
func (g *guardedChannel) clamp(cols, rows uint32) (uint32, uint32) {
	w, h := min(cols, uint32(g.lim.MaxWidth)), min(rows, uint32(g.lim.MaxHeight))
	if w != cols || h != rows {
		g.size.set(int(cols), int(rows))
	} else {
		g.size.set(0, 0)
	}
	return w, h
}

// remoteOf is the client's address from a connection's context.
func remoteOf(ctx ssh.Context) string {
	if tc, ok := ctx.Value(trackedKey{}).(*trackedConn); ok {
		return tc.ip
	}
	return ""
}

// startKeepAlive sends a keep-alive request every KeepAlive once the
// connection has a session, and closes a connection whose client left
// KeepAliveMax of them unanswered (it is gone: a cable pulled, a laptop
// shut). Any answer counts: OpenSSH answers "failure" to a request it does
// not know, which says it is there.
func (s *Server) startKeepAlive(tc *trackedConn, conn *gossh.ServerConn) {
	tc.mu.Lock()
	started := tc.keepAlive
	tc.keepAlive = true
	tc.mu.Unlock()
	if started {
		return
	}
	go func() {
		t := time.NewTicker(s.lim.KeepAlive)
		defer t.Stop()
		var pending chan error
		missed := 0
		for range t.C {
			if tc.closed.Load() {
				return
			}
			if pending != nil {
				select {
				case err := <-pending:
					if err != nil {
						return // the connection is closed
					}
					pending, missed = nil, 0
				default:
					if missed++; missed >= s.lim.KeepAliveMax {
						s.log.Info("keep-alive timeout", "conn", tc.n, "remote", tc.ip, "missed", missed)
						tc.closeFor("keepalive_timeout")
						return
					}
					continue // one request in flight at a time
				}
			}
			pending = make(chan error, 1)
			go func(p chan error) {
				_, _, err := conn.SendRequest("keepalive@openssh.com", true, nil)
				p <- err
			}(pending)
		}
	}()
}

// refusalLog keeps refusals from flooding the log: at most refusalBurst at
// once and refusalRate a second, the rest counted and named with the next.
type refusalLog struct {
	mu         sync.Mutex
	limiter    *rate.Limiter
	suppressed int
}

const (
	refusalRate  = 10
	refusalBurst = 50
)
