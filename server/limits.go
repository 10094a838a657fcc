package server

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limits are the ceilings on everything a client controls: the demo server
// is open to anyone on the internet, so no size, count or time a client
// chooses is taken as it comes. The anchors are OpenSSH's sshd
// (LoginGraceTime, MaxStartups with random early drop, PerSourceMaxStartups,
// MaxSessions, ClientAliveInterval/CountMax) and soft-serve's idle and max
// timeouts. Zero values take the defaults (DefaultLimits); each has a flag
// of `idporten-wizard serve`, listed in the README.
type Limits struct {
	// MaxConnections caps open TCP connections, authenticated or not.
	MaxConnections int
	// Startups is sshd's MaxStartups start:rate:full for connections that
	// have not yet authenticated: from Start of them, a new one is dropped
	// with probability Rate %, rising linearly to 100 % at Full.
	Startups Startups
	// PerSourceStartups caps unauthenticated connections from one address
	// (sshd's PerSourceMaxStartups).
	PerSourceStartups int
	// PerSourceConnections and PerSourceSessions cap what one address holds
	// at once: high enough for a room behind one NAT, low enough that one
	// address never holds every slot.
	PerSourceConnections, PerSourceSessions int
	// SessionsPerConnection caps session channels on one connection (sshd's
	// MaxSessions).
	SessionsPerConnection int
	// ConnRate and ConnBurst limit new connections per address and second.
	ConnRate  float64
	ConnBurst int
	// LoginGrace is the time from the TCP connection to a finished
	// handshake and authentication (sshd's LoginGraceTime).
	LoginGrace time.Duration
	// NoSessionTimeout closes an authenticated connection that has no
	// session open for this long.
	NoSessionTimeout time.Duration
	// KeepAlive and KeepAliveMax: a keep-alive request every KeepAlive; a
	// client that leaves KeepAliveMax of them unanswered is gone.
	KeepAlive    time.Duration
	KeepAliveMax int
	// MaxWidth and MaxHeight clamp the window a client reports; the wizard
	// says so on screen when the client's is larger. A session costs about
	// 230 bytes a cell of its window: 240×80 is 4.4 MB, and still more than
	// the wizard uses (its text is at most 100 columns, 180 with the guide).
	MaxWidth, MaxHeight int
	// MaxEnv and MaxEnvBytes cap a session's environment requests: their
	// number, and the bytes of their names and values together.
	MaxEnv, MaxEnvBytes int
	// MaxRequests caps a session's requests other than window changes;
	// WindowChanges is how many window changes a second a session may send
	// (twice that at once).
	MaxRequests   int
	WindowChanges int
	// MaxLine is the longest line the line mode reads, in bytes.
	MaxLine int
	// ShutdownGrace is how long open sessions are given, with a countdown
	// on screen, when the server is told to stop; SaveGrace is how much
	// longer a save in flight at the end of it may take.
	ShutdownGrace, SaveGrace time.Duration
}

// Startups is sshd's MaxStartups: random early drop of unauthenticated
// connections from Start of them, with Rate % probability, rising to all
// of them at Full.
type Startups struct{ Start, Rate, Full int }

// String writes it as sshd does, "start:rate:full".
func (s Startups) String() string { return fmt.Sprintf("%d:%d:%d", s.Start, s.Rate, s.Full) }

// ParseStartups reads "start:rate:full" (or "full" alone: no early drop).
func ParseStartups(v string) (Startups, error) {
	parts := strings.Split(v, ":")
	var n []int
	for _, p := range parts {
		i, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || i < 0 {
			return Startups{}, fmt.Errorf("%q is not start:rate:full (three whole numbers, e.g. 64:30:256)", v)
		}
		n = append(n, i)
	}
	var s Startups
	switch len(n) {
	case 1:
		s = Startups{Start: n[0], Rate: 100, Full: n[0]}
	case 3:
		s = Startups{Start: n[0], Rate: n[1], Full: n[2]}
	default:
		return Startups{}, fmt.Errorf("%q is not start:rate:full (three whole numbers, e.g. 64:30:256)", v)
	}
	if s.Start < 1 || s.Rate > 100 || s.Full < s.Start {
		return Startups{}, fmt.Errorf("%q: start must be at least 1, rate at most 100 and full at least start", v)
	}
	return s, nil
}

// ParseSize reads a window size "500x200" (columns by rows).
func ParseSize(v string) (w, h int, err error) {
	a, b, _ := strings.Cut(strings.ToLower(v), "x")
	w, err1 := strconv.Atoi(a)
	h, err2 := strconv.Atoi(b)
	if err1 == nil && err2 == nil && w >= 20 && h >= 10 && w <= 10_000 && h <= 10_000 {
		return w, h, nil
	}
	return 0, 0, fmt.Errorf("%q is not a window size COLUMNSxROWS between 20x10 and 10000x10000 (e.g. 500x200)", v)
}

// DefaultLimits are the limits a server has unless told otherwise. A room of
// 50 people behind one NAT address, arriving within a minute, all get in;
// one address cannot take more than a third of the session slots.
var DefaultLimits = Limits{
	MaxConnections:        512,
	Startups:              Startups{Start: 64, Rate: 30, Full: 256},
	PerSourceStartups:     64,
	PerSourceConnections:  64,
	PerSourceSessions:     64,
	SessionsPerConnection: 10,
	ConnRate:              1,
	ConnBurst:             64,
	LoginGrace:            20 * time.Second,
	NoSessionTimeout:      20 * time.Second,
	KeepAlive:             15 * time.Second,
	KeepAliveMax:          3,
	MaxWidth:              240,
	MaxHeight:             80,
	MaxEnv:                64,
	MaxEnvBytes:           16 << 10,
	MaxRequests:           256,
	WindowChanges:         20,
	MaxLine:               4 << 10,
	ShutdownGrace:         60 * time.Second,
	SaveGrace:             10 * time.Second,
}

// withDefaults fills in the zero limits from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	pick := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	pickD := func(v *time.Duration, def time.Duration) {
		if *v == 0 {
			*v = def
		}
	}
	pick(&l.MaxConnections, d.MaxConnections)
	if l.Startups == (Startups{}) {
		l.Startups = d.Startups
	}
	pick(&l.PerSourceStartups, d.PerSourceStartups)
	pick(&l.PerSourceConnections, d.PerSourceConnections)
	pick(&l.PerSourceSessions, d.PerSourceSessions)
	pick(&l.SessionsPerConnection, d.SessionsPerConnection)
	if l.ConnRate == 0 {
		l.ConnRate = d.ConnRate
	}
	pick(&l.ConnBurst, d.ConnBurst)
	pickD(&l.LoginGrace, d.LoginGrace)
	pickD(&l.NoSessionTimeout, d.NoSessionTimeout)
	pickD(&l.KeepAlive, d.KeepAlive)
	pick(&l.KeepAliveMax, d.KeepAliveMax)
	pick(&l.MaxWidth, d.MaxWidth)
	pick(&l.MaxHeight, d.MaxHeight)
	pick(&l.MaxEnv, d.MaxEnv)
	pick(&l.MaxEnvBytes, d.MaxEnvBytes)
	pick(&l.MaxRequests, d.MaxRequests)
	pick(&l.WindowChanges, d.WindowChanges)
	pick(&l.MaxLine, d.MaxLine)
	pickD(&l.ShutdownGrace, d.ShutdownGrace)
	pickD(&l.SaveGrace, d.SaveGrace)
	return l
}

// check refuses limits that cannot work.
func (l Limits) check() error {
	var errs []error
	if l.LoginGrace > 120*time.Second {
		errs = append(errs, fmt.Errorf("login grace %s: at most 2m0s (OpenSSH's LoginGraceTime)", l.LoginGrace))
	}
	for name, v := range map[string]int{
		"max connections": l.MaxConnections, "per-source startups": l.PerSourceStartups,
		"per-source connections": l.PerSourceConnections, "per-source sessions": l.PerSourceSessions,
		"sessions per connection": l.SessionsPerConnection, "connection burst": l.ConnBurst,
		"keep-alive count": l.KeepAliveMax, "env requests": l.MaxEnv, "env bytes": l.MaxEnvBytes,
		"requests": l.MaxRequests, "window changes": l.WindowChanges, "line length": l.MaxLine,
	} {
		if v < 1 {
			errs = append(errs, fmt.Errorf("%s %d: must be at least 1", name, v))
		}
	}
	if l.ConnRate <= 0 {
		errs = append(errs, fmt.Errorf("connection rate %g: must be above zero", l.ConnRate))
	}
	if l.MaxLine < 256 {
		errs = append(errs, fmt.Errorf("line length %d: at least 256 bytes, or an e-mail address may not fit", l.MaxLine))
	}
	return errors.Join(errs...)
}
