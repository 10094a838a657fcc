package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

// ErrWrongCode is a join no caller answered: the code is wrong, expired,
// or its sharing has ended.
var ErrWrongCode = ui.ErrWrongCode

// JoinTimeout is how long a join waits for the caller's answer: a wrong
// code gets none (no node owns it), so it is also what a wrong code costs.
var JoinTimeout = 2 * time.Second

// Watch is a helper watching one caller's session: its views come on
// Views, hints go with Hint, and Leave ends it. A helper that drops joins
// again with the same code while the caller shares.
type Watch struct {
	nc      *nats.Conn
	helper  string
	node    string
	session string
	sub     *nats.Subscription
	views   chan ui.WatchView
	done    chan struct{}
	once    sync.Once

	mu      sync.Mutex
	last    uint64
	stopped bool // the caller has stopped sharing
}

// NewHelperName is a helper instance's random name, sent with its joins,
// heartbeats and hints (no staff member's name goes on the hub).
func NewHelperName() string { return "h" + randomHex(6) }

// Join asks the callers for code and, when one answers, watches its
// session. Views come on Views from the first, the one the caller gave
// with its answer.
func Join(ctx context.Context, nc *nats.Conn, helper, code string) (*Watch, error) {
	if !nc.IsConnected() {
		return nil, ui.ErrNoHub
	}
	ctx, cancel := context.WithTimeout(ctx, JoinTimeout)
	defer cancel()
	msg, err := nc.RequestWithContext(ctx, SubjectJoin, encode(joinRequest{Code: code, Helper: helper}))
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, nats.ErrTimeout), errors.Is(err, nats.ErrNoResponders):
		return nil, ErrWrongCode
	case err != nil:
		return nil, fmt.Errorf("hub: join: %w", err)
	}
	var rep joinReply
	if err := json.Unmarshal(msg.Data, &rep); err != nil || rep.Node == "" || rep.Session == "" {
		return nil, fmt.Errorf("hub: join: a reply that is not one")
	}
	w := &Watch{nc: nc, helper: helper, node: rep.Node, session: rep.Session,
		views: make(chan ui.WatchView, 64), done: make(chan struct{})}
	w.sub, err = nc.Subscribe(viewSubject(rep.Node, rep.Session), w.onView)
	if err != nil {
		return nil, fmt.Errorf("hub: watch: %w", err)
	}
	// The hub has the subscription before anything else is said: no view
	// (nor the stop) falls between the answer and it.
	_ = nc.FlushTimeout(JoinTimeout)
	w.deliver(rep.View)
	w.beat(false)
	go w.heartbeats()
	return w, nil
}

// Views brings the caller's views, latest last; closed by Leave.
func (w *Watch) Views() <-chan ui.WatchView { return w.views }

// Status tells the watch its connection to the hub went or came back (the
// helper's view says so; the subscription comes back by itself).
func (w *Watch) Status(connected bool) {
	select {
	case <-w.done: // left: a heartbeat now would count it in again
		return
	default:
	}
	w.send(ui.WatchView{Lost: !connected, Back: connected})
	w.mu.Lock()
	stopped := w.stopped
	w.mu.Unlock()
	if connected && !stopped {
		w.beat(false)
	}
}

// Hint sends a hint for the caller's screen (cut at MaxHint characters;
// control characters are removed on both sides).
func (w *Watch) Hint(text string) error {
	text = cleanHint(text)
	if text == "" {
		return nil
	}
	return w.nc.Publish(toCallerSubject(w.node, w.session, kindHint), encode(hintMsg{Helper: w.helper, Text: text}))
}

// Leave stops watching; the caller's banner counts one helper less.
func (w *Watch) Leave() {
	w.once.Do(func() {
		close(w.done)
		_ = w.sub.Unsubscribe()
		w.beat(true)
		_ = w.nc.Flush()
		w.mu.Lock()
		close(w.views)
		w.mu.Unlock()
	})
}

func (w *Watch) onView(m *nats.Msg) {
	var v View
	if json.Unmarshal(m.Data, &v) != nil {
		return
	}
	w.deliver(v)
}

// deliver passes a view on unless a later one came first; a helper too
// slow to read loses the oldest views, never the newest.
func (w *Watch) deliver(v View) {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case <-w.done:
		return
	default:
	}
	if v.Seq != 0 && v.Seq < w.last {
		return
	}
	w.last = v.Seq
	if v.Stopped {
		w.stopped = true // no more heartbeats: there is nobody to tell
	}
	w.sendLocked(ui.WatchView{Reg: v.Reg, Watchers: v.Watchers, Stopped: v.Stopped, Reason: string(v.Reason)})
}

func (w *Watch) send(v ui.WatchView) {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case <-w.done:
		return
	default:
	}
	w.sendLocked(v)
}

// sendLocked queues a view; a helper too slow to read loses the oldest.
func (w *Watch) sendLocked(v ui.WatchView) {
	for {
		select {
		case w.views <- v:
			return
		default:
			select {
			case <-w.views:
			default:
			}
		}
	}
}

// heartbeats tells the caller every HeartbeatEvery that this helper still
// watches.
func (w *Watch) heartbeats() {
	t := time.NewTicker(HeartbeatEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			w.mu.Lock()
			stopped := w.stopped
			w.mu.Unlock()
			if stopped {
				return
			}
			w.beat(false)
		case <-w.done:
			return
		}
	}
}

func (w *Watch) beat(bye bool) {
	w.mu.Lock()
	seen := w.last
	w.mu.Unlock()
	_ = w.nc.Publish(toCallerSubject(w.node, w.session, kindWatch), encode(watchMsg{Helper: w.helper, Bye: bye, Seen: seen}))
}
