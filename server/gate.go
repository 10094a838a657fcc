package server

import (
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Why the gate refuses a connection or a session, as logged.
const (
	refusedClosing           = "closing"
	refusedMaxConnections    = "max_connections"
	refusedStartups          = "max_startups"
	refusedSourceStartups    = "per_source_startups"
	refusedSourceConnections = "per_source_connections"
	refusedSourceSessions    = "per_source_sessions"
	refusedRate              = "conn_rate"
	refusedSources           = "too_many_addresses"
)

// maxSources bounds the per-address table: a flood from many addresses
// cannot grow it without end (new addresses are refused while it is full,
// and idle entries are swept).
const maxSources = 1 << 16

// gate admits connections and sessions within the Limits, counting them per
// server and per source address. It is cheap on purpose: a refusal closes
// the socket before any SSH handshake, so a flood costs almost nothing.
type gate struct {
	lim Limits

	mu      sync.Mutex
	conns   int // open connections
	unauth  int // of them, not yet authenticated
	sources map[string]*source
	rand    *rand.Rand
}

// source is what one address holds now, and its connection rate.
type source struct {
	conns, unauth, sessions int
	limiter                 *rate.Limiter
	idleSince               time.Time
}

func newGate(lim Limits) *gate {
	return &gate{lim: lim, sources: map[string]*source{},
		rand: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
}

// admit lets a new connection from ip in, or says why not.
func (g *gate) admit(ip string, now time.Time) (*source, string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.conns >= g.lim.MaxConnections {
		return nil, refusedMaxConnections
	}
	if st := g.lim.Startups; g.unauth >= st.Start {
		if g.unauth >= st.Full {
			return nil, refusedStartups
		}
		// sshd's random early drop: Rate % at Start, rising to 100 % at Full.
		p := st.Rate + (100-st.Rate)*(g.unauth-st.Start)/max(st.Full-st.Start, 1)
		if g.rand.IntN(100) < p {
			return nil, refusedStartups
		}
	}
	src := g.sources[ip]
	if src == nil {
		if len(g.sources) >= maxSources {
			g.sweep(now)
			if len(g.sources) >= maxSources {
				return nil, refusedSources
			}
		}
		src = &source{limiter: rate.NewLimiter(rate.Limit(g.lim.ConnRate), g.lim.ConnBurst)}
		g.sources[ip] = src
	}
	switch {
	case src.unauth >= g.lim.PerSourceStartups:
		return nil, refusedSourceStartups
	case src.conns >= g.lim.PerSourceConnections:
		return nil, refusedSourceConnections
	case !src.limiter.AllowN(now, 1):
		return nil, refusedRate
	}
	g.conns++
	g.unauth++
	src.conns++
	src.unauth++
	return src, ""
}

// authenticated moves a connection from the unauthenticated count.
func (g *gate) authenticated(src *source) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.unauth--
	src.unauth--
}

// release ends a connection.
func (g *gate) release(src *source, authed bool, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.conns--
	src.conns--
	if !authed {
		g.unauth--
		src.unauth--
	}
	if src.conns == 0 && src.sessions == 0 {
		src.idleSince = now
	}
}

// openSession takes a session slot of the source, or reports false when it
// holds its share already.
func (g *gate) openSession(src *source) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if src.sessions >= g.lim.PerSourceSessions {
		return false
	}
	src.sessions++
	return true
}

func (g *gate) closeSession(src *source) {
	g.mu.Lock()
	defer g.mu.Unlock()
	src.sessions--
}

// sweep drops the entries of addresses that hold nothing and whose rate
// limiter has filled up again (forgetting them changes nothing).
func (g *gate) sweep(now time.Time) {
	refill := time.Duration(float64(g.lim.ConnBurst)/g.lim.ConnRate*float64(time.Second)) + time.Second
	for ip, src := range g.sources {
		if src.conns == 0 && src.sessions == 0 && now.Sub(src.idleSince) > refill {
			delete(g.sources, ip)
		}
	}
}

// counts returns the open and the unauthenticated connections, and the
// number of addresses known, for tests and the log.
func (g *gate) counts() (conns, unauth, sources int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.conns, g.unauth, len(g.sources)
}

// trackedConn is an admitted connection: it gives its place back once,
// when it closes, and closes itself when it has had no session for the
// NoSessionTimeout.
type trackedConn struct {
	net.Conn
	n      uint64
	ip     string
	opened time.Time
	src    *source
	g      *gate
	authed atomic.Bool
	closed atomic.Bool
	// why records the reason the server closed it, for the log.
	why atomic.Value

	mu sync.Mutex
	// channels are the session channels open, pending those of them that
	// have not asked for a shell yet, sessions those that have.
	channels, pending, sessions int
	keepAlive                   bool // started
	idle                        *time.Timer
	idleFor                     time.Duration
	onIdle                      func()
	// onClosed runs once the connection is closed (its log line).
	onClosed func()
}

// Close closes the connection and gives its place back, once.
func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	if c.closed.CompareAndSwap(false, true) {
		c.mu.Lock()
		if c.idle != nil {
			c.idle.Stop()
		}
		c.mu.Unlock()
		// The log line first: whoever sees the place given back sees the
		// line too.
		if c.onClosed != nil {
			c.onClosed()
		}
		c.g.release(c.src, c.authed.Load(), time.Now())
	}
	return err
}

// closeFor closes the connection, noting why.
func (c *trackedConn) closeFor(why string) {
	c.why.CompareAndSwap(nil, why)
	_ = c.Close()
}

// reason is why the server closed it, or "" when the client did.
func (c *trackedConn) reason() string {
	if s, ok := c.why.Load().(string); ok {
		return s
	}
	return ""
}

// markAuthenticated counts the connection as logged in, once, and starts
// the wait for its first session.
func (c *trackedConn) markAuthenticated() {
	if c.authed.CompareAndSwap(false, true) && !c.closed.Load() {
		c.g.authenticated(c.src)
		c.mu.Lock()
		c.armIdle()
		c.mu.Unlock()
	}
}

// armIdle starts the no-session timer; the caller holds c.mu.
func (c *trackedConn) armIdle() {
	if c.idleFor <= 0 {
		return
	}
	if c.idle == nil {
		c.idle = time.AfterFunc(c.idleFor, c.onIdle)
		return
	}
	c.idle.Reset(c.idleFor)
}

// channelOpened counts a session channel, or reports false when the
// connection has its SessionsPerConnection already, or maxPending channels
// that have not started a shell yet (each may hold a window of unread data).
func (c *trackedConn) channelOpened(max, maxPending int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.channels >= max || c.pending >= maxPending {
		return false
	}
	c.channels++
	c.pending++
	return true
}

// channelStarted counts a channel as a session once it asks for a shell
// (or a command, or a subsystem): only then does the connection stop
// waiting for a session.
func (c *trackedConn) channelStarted() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending--
	c.sessions++
	if c.idle != nil {
		c.idle.Stop()
	}
}

// channelClosed uncounts a channel; the last session starts the wait for
// another.
func (c *trackedConn) channelClosed(started bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.channels--
	if !started {
		c.pending--
		return
	}
	c.sessions--
	if c.sessions == 0 && !c.closed.Load() {
		c.armIdle()
	}
}
