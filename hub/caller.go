package hub

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// CodeTTL is how long a help code waits for a helper before it expires.
const CodeTTL = 10 * time.Minute

// WatcherTimeout is how long a helper stays counted without a heartbeat;
// a watching helper sends one every HeartbeatEvery.
const (
	HeartbeatEvery = 2 * time.Second
	WatcherTimeout = 3 * HeartbeatEvery
)

// Join-request budgets of a node: per helper instance, and per helper
// connection (a guesser that changes its name to guess faster).
const (
	JoinsPerHelper     = 10  // a minute
	JoinsPerConnection = 120 // a minute (serve's help desk shares one)
)

// ErrUnavailable is a Share asked for while the hub cannot be reached.
var ErrUnavailable = ui.ErrNoHub

// Caller is one node's side of sharing (one kiosk, one local wizard or one
// serve process): it hands out help codes, answers helpers' join requests
// for them and publishes each shared session's masked view. It implements
// ui.HelpDesk. Nothing it does waits on the hub: publishing goes through a
// one-slot mailbox per session, drained by the session's own goroutine.
type Caller struct {
	nc   *nats.Conn
	node string
	now  func() time.Time

	mu     sync.Mutex
	shares map[string]*Share // by session
	byCode map[string]*Share
	joins  map[string][]time.Time // join requests per helper and per connection, this minute
	subs   []*nats.Subscription
	closed bool
	// ended are the sessions this caller stopped lately: a helper still
	// beating for one is told it ended (other callers on the same node
	// name stay silent: the session is not theirs).
	ended map[string]time.Time
	// connected mirrors the connection's state (status).
	connected atomic.Bool
	status    chan nats.Status
}

// NewCaller starts the node's side on a connection. node names the node
// in subjects: random, never personal (NewNodeName).
func NewCaller(nc *nats.Conn, node string) (*Caller, error) {
	c := &Caller{nc: nc, node: node, now: time.Now, shares: map[string]*Share{}, byCode: map[string]*Share{},
		joins: map[string][]time.Time{}, ended: map[string]time.Time{}}
	// Whether the hub is there, kept here: asking the connection takes
	// its lock, which a reconnect holds for seconds, and the help key
	// must answer at once.
	c.status = nc.StatusChanged(nats.CONNECTED, nats.RECONNECTING, nats.DISCONNECTED, nats.CLOSED)
	c.connected.Store(nc.IsConnected())
	go func() {
		for st := range c.status {
			c.connected.Store(st == nats.CONNECTED)
		}
	}()
	sj, err := nc.Subscribe(SubjectJoin, c.onJoin)
	if err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	sh, err := nc.Subscribe(toCallerPrefix+"."+node+".>", c.onHelper)
	if err != nil {
		_ = sj.Unsubscribe()
		return nil, fmt.Errorf("hub: %w", err)
	}
	c.subs = []*nats.Subscription{sj, sh}
	if nc.IsConnected() {
		// The hub has the subscriptions before the first code is read
		// out (a hub that is away gets them when it is back).
		_ = nc.FlushTimeout(2 * time.Second)
	}
	return c, nil
}

// NewNodeName is a random node name ("n" and 10 hex digits).
func NewNodeName() string { return "n" + randomHex(5) }

// Node returns the node's name.
func (c *Caller) Node() string { return c.node }

// Close stops every share (their helpers are told the session ended) and
// the node's subscriptions.
func (c *Caller) Close() {
	c.mu.Lock()
	shares := make([]*Share, 0, len(c.shares))
	for _, s := range c.shares {
		shares = append(shares, s)
	}
	c.closed = true
	subs := c.subs
	c.mu.Unlock()
	for _, s := range shares {
		s.Stop(string(StopEnded))
		<-s.finished // its helpers have been told
	}
	for _, s := range subs {
		_ = s.Unsubscribe()
	}
	c.nc.RemoveStatusListener(c.status)
}

// Share starts sharing one session: a new help code. It never waits on
// the network; with the hub unreachable it returns ErrUnavailable.
func (c *Caller) Share() (ui.Share, error) {
	if !c.connected.Load() {
		return nil, ErrUnavailable
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, ErrUnavailable
	}
	code := newCode()
	for c.byCode[code] != nil {
		code = newCode()
	}
	now := c.now()
	s := &Share{c: c, session: randomHex(8), code: code, expires: now.Add(CodeTTL),
		events: make(chan ui.ShareEvent, 16), kick: make(chan struct{}, 1), done: make(chan struct{}),
		finished: make(chan struct{}),
		watchers: map[string]time.Time{}, beatSeq: map[string]uint64{}, admitted: map[string]bool{}}
	c.shares[s.session] = s
	c.byCode[code] = s
	go s.run()
	return s, nil
}

// onJoin answers a helper's join request when the code is one of this
// node's: the session's names and its view now. A wrong code gets no
// answer here (another node may own it). Budgets bound guessing: so many
// requests a minute from one helper name, and from one connection (its
// reply inbox), so a guesser that changes its name gains nothing. Every
// node sees every request, so they count requests, right or wrong: a
// node cannot tell a code that is wrong from one another node owns.
func (c *Caller) onJoin(m *nats.Msg) {
	var req joinRequest
	if json.Unmarshal(m.Data, &req) != nil || len(req.Helper) > 64 {
		return
	}
	now := c.now()
	conn := "conn:" + inboxOf(m.Reply)
	c.mu.Lock()
	over := !c.spend(req.Helper, JoinsPerHelper, now)
	over = !c.spend(conn, JoinsPerConnection, now) || over
	s := c.byCode[req.Code]
	c.mu.Unlock()
	if over || s == nil || s.isExpired(now) || !strings.HasPrefix(m.Reply, "_INBOX.") {
		return
	}
	s.admit(req.Helper)
	s.joined(req.Helper, now)
	_ = m.Respond(encode(joinReply{Node: c.node, Session: s.session, View: s.view()}))
}

// spend counts a request against key's budget of limit a minute and
// reports whether it was within it; c.mu is held.
func (c *Caller) spend(key string, limit int, now time.Time) bool {
	recent := prune(c.joins[key], now)
	if len(recent) >= limit {
		c.joins[key] = recent
		return false
	}
	c.joins[key] = append(recent, now)
	if len(c.joins) > 1000 { // forget who was not seen this minute
		for k, ts := range c.joins {
			if len(prune(ts, now)) == 0 {
				delete(c.joins, k)
			}
		}
	}
	return true
}

// inboxOf is the connection part of a reply subject: nats.go's replies
// are _INBOX.<connection>.<request>.
func inboxOf(reply string) string {
	if i := strings.LastIndexByte(reply, '.'); i > 0 {
		return reply[:i]
	}
	return reply
}

// onHelper takes a helper's heartbeat or hint for a session.
func (c *Caller) onHelper(m *nats.Msg) {
	// idpw.h.<node>.<session>.<kind>
	parts := splitSubject(m.Subject)
	if len(parts) != 5 {
		return
	}
	c.mu.Lock()
	s := c.shares[parts[3]]
	_, ended := c.ended[parts[3]]
	c.mu.Unlock()
	if s == nil {
		if parts[4] == kindWatch && ended {
			// A helper still watching a session this caller ended (it
			// missed the stop while the hub was away): tell it.
			_ = c.nc.Publish(viewSubject(c.node, parts[3]), encode(View{Stopped: true, Reason: StopEnded}))
		}
		return
	}
	switch parts[4] {
	case kindWatch:
		var w watchMsg
		if json.Unmarshal(m.Data, &w) == nil && w.Helper != "" && len(w.Helper) <= 64 {
			switch {
			case !s.admittedHelper(w.Helper):
				// Only a helper who gave the code is counted (or heard).
			case w.Bye:
				s.left(w.Helper)
			default:
				s.joined(w.Helper, c.now())
				s.resendIfBehind(w.Helper, w.Seen)
			}
		}
	case kindHint:
		var h hintMsg
		if json.Unmarshal(m.Data, &h) == nil {
			if text := cleanHint(h.Text); text != "" && s.admittedHelper(h.Helper) && s.watchedBy(h.Helper) {
				s.send(ui.ShareEvent{Watchers: s.watcherCount(), Hint: text})
			}
		}
	}
}

func (c *Caller) forget(s *Share) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	for id, at := range c.ended {
		if now.Sub(at) > CodeTTL {
			delete(c.ended, id)
		}
	}
	c.ended[s.session] = now
	delete(c.shares, s.session)
	if c.byCode[s.code] == s {
		delete(c.byCode, s.code)
	}
}

// Share is one shared session: its code, its helpers and its mailbox of
// views. It implements ui.Share.
type Share struct {
	c       *Caller
	session string
	code    string
	expires time.Time
	events  chan ui.ShareEvent
	kick    chan struct{}
	done    chan struct{}
	// finished is closed once run has published the stop.
	finished chan struct{}

	mu       sync.Mutex
	latest   *flows.Registration
	seq      uint64
	sent     []byte
	watchers map[string]time.Time
	// beatSeq is the Seq sent when each helper's last heartbeat came.
	beatSeq map[string]uint64
	// admitted are the helpers who gave the code: only their heartbeats
	// and hints count.
	admitted map[string]bool
	used     bool
	stopped  bool
	reason   StopReason
}

// Code is the help code to read out: 6 digits.
func (s *Share) Code() string { return s.code }

// Valid is how long the code waits for a helper (CodeTTL).
func (s *Share) Valid() time.Duration { return CodeTTL }

// Events brings the helpers' arrivals and departures and their hints; it
// is closed when sharing ends.
func (s *Share) Events() <-chan ui.ShareEvent { return s.events }

// Publish hands the session's registration (a copy the caller no longer
// changes) to the hub. The session's goroutine masks it, here on the
// caller's machine, before anything is sent; only the latest is kept, and
// Publish never blocks.
func (s *Share) Publish(reg flows.Registration) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	s.latest = &reg
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default: // a publish is already due: it will take the latest
	}
}

// Stop ends sharing at once: the code is forgotten and the helpers are
// told why.
func (s *Share) Stop(reason string) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	s.stopped, s.reason = true, StopReason(reason)
	s.mu.Unlock()
	close(s.done) // run tells the helpers why, then forgets the share
}

// run publishes the session's views until it stops: each new view once,
// a stop to the helpers, and the code's expiry and silent helpers noticed
// every second.
func (s *Share) run() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-s.kick:
			s.publish(false)
		case <-tick.C:
			if s.sweep() {
				s.Stop(string(StopExpired))
			}
		case <-s.done:
			s.publish(true)
			s.c.forget(s)
			close(s.events)
			close(s.finished)
			return
		}
	}
}

// publish sends the latest view if it differs from the last one sent (or
// the stop).
func (s *Share) publish(stop bool) {
	s.mu.Lock()
	if !stop && len(s.watchers) == 0 {
		// Nobody who gave the code watches: nothing leaves the machine
		// (a helper who joins gets the view in the answer, then these).
		s.mu.Unlock()
		return
	}
	v := s.viewLocked()
	if stop {
		v = View{Stopped: true, Reason: s.reason}
	}
	v.Seq = 0
	data := encode(v) // {"seq":0,...}: Seq is the first field
	if !stop && string(data) == string(s.sent) {
		s.mu.Unlock()
		return
	}
	s.sent = data
	s.seq++
	// Encoded once: the Seq is written into the bytes.
	msg := append([]byte(`{"seq":`+strconv.FormatUint(s.seq, 10)), data[len(`{"seq":0`):]...)
	s.mu.Unlock()
	// A publish while the hub is away is buffered by the client, then
	// dropped; the caller never waits for it.
	_ = s.c.nc.Publish(viewSubject(s.c.node, s.session), msg)
}

func (s *Share) view() View {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.viewLocked()
	v.Seq = s.seq
	return v
}

// viewLocked is the view now, masked; s.mu is held.
func (s *Share) viewLocked() View {
	v := View{Watchers: len(s.watchers)}
	if s.latest != nil {
		m := s.latest.Masked()
		v.Reg = &m
	}
	return v
}

// sweep drops helpers whose heartbeats stopped, and reports whether the
// code has expired unused.
func (s *Share) sweep() (expired bool) {
	now := s.c.now()
	s.mu.Lock()
	gone := false
	for h, at := range s.watchers {
		if now.Sub(at) > WatcherTimeout {
			delete(s.watchers, h)
			delete(s.beatSeq, h)
			gone = true
		}
	}
	n := len(s.watchers)
	expired = !s.used && !now.Before(s.expires)
	s.mu.Unlock()
	if gone {
		s.send(ui.ShareEvent{Watchers: n})
		s.kickNow()
	}
	return expired
}

func (s *Share) isExpired(now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopped || (!s.used && !now.Before(s.expires))
}

// joined counts a helper in (a join or a heartbeat).
func (s *Share) joined(helper string, now time.Time) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	_, had := s.watchers[helper]
	if !had && len(s.watchers) >= 8 {
		s.mu.Unlock()
		return
	}
	s.watchers[helper] = now
	s.used = true
	n := len(s.watchers)
	s.mu.Unlock()
	if !had {
		s.send(ui.ShareEvent{Watchers: n})
		s.mu.Lock()
		s.sent = nil // a new helper: the view again, whole
		s.mu.Unlock()
		s.kickNow()
	}
}

func (s *Share) left(helper string) {
	s.mu.Lock()
	_, had := s.watchers[helper]
	delete(s.watchers, helper)
	delete(s.beatSeq, helper)
	n := len(s.watchers)
	s.mu.Unlock()
	if had {
		s.send(ui.ShareEvent{Watchers: n})
		s.kickNow()
	}
}

// admit lets a helper who gave the code in.
func (s *Share) admit(helper string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.admitted) < 64 {
		s.admitted[helper] = true
	}
}

func (s *Share) admittedHelper(helper string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.admitted[helper]
}

func (s *Share) watchedBy(helper string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.watchers[helper]
	return ok
}

func (s *Share) watcherCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.watchers)
}

// resendIfBehind sends the view again when a helper has not seen even the
// views sent before its last heartbeat (they were lost while the hub was
// away): a view merely on its way as the heartbeat crosses it is not.
func (s *Share) resendIfBehind(helper string, seen uint64) {
	s.mu.Lock()
	behind := seen < s.beatSeq[helper]
	s.beatSeq[helper] = s.seq
	if behind {
		s.sent = nil
	}
	s.mu.Unlock()
	if behind {
		s.kickNow()
	}
}

// kickNow asks for a publish (the watchers count changed).
func (s *Share) kickNow() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// send passes an event to the caller's wizard without waiting: a wizard
// that is behind loses a count, never its own pace.
func (s *Share) send(ev ui.ShareEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	select {
	case s.events <- ev:
	default:
	}
}

// newCode is 6 random digits.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return fmt.Sprintf("%06d", n.Int64())
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// prune returns the times of the last minute, in a new slice (ts is left
// as it was).
func prune(ts []time.Time, now time.Time) []time.Time {
	var out []time.Time
	for _, t := range ts {
		if now.Sub(t) < time.Minute {
			out = append(out, t)
		}
	}
	return out
}

func splitSubject(s string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}
