package server

import (
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
)

// sessionChannel is the "session" channel handler: the SSH library's own,
// behind a guard on the channel's requests (see guardedChannel).
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	tc, _ := ctx.Value(trackedKey{}).(*trackedConn)
	if tc != nil {
		if !tc.sessionOpened(s.lim.SessionsPerConnection) {
			_ = newChan.Reject(gossh.ResourceShortage, "too many sessions on one connection")
			s.logRefusal(tc.ip, "sessions_per_connection")
			return
		}
		defer tc.sessionClosed()
		s.startKeepAlive(tc, conn)
	}
	g := &guardedChannel{NewChannel: newChan, lim: s.lim, size: &clientSize{}, s: s, ctx: ctx}
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
}

// Accept accepts the channel and puts the guard between its requests and
// the library's session.
func (g *guardedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := g.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go g.filter(reqs, out)
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

// filter passes the allowed requests on, changed where needed, and answers
// the others itself. It ends when the channel's requests end.
func (g *guardedChannel) filter(in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	var (
		requests, envs, envBytes int
		warnedEnv, warnedReqs    bool
		windows                  = rate.NewLimiter(rate.Limit(g.lim.WindowChanges), 2*g.lim.WindowChanges)
	)
	refuse := func(r *gossh.Request) {
		if r.WantReply {
			_ = r.Reply(false, nil)
		}
	}
	for r := range in {
		switch r.Type {
		case "window-change":
			var w windowChange
			if gossh.Unmarshal(r.Payload, &w) != nil || !windows.Allow() {
				refuse(r)
				continue
			}
			w.Cols, w.Rows = g.clamp(w.Cols, w.Rows)
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
