package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// testHub is a real node on loopback with a caller (node "kiosk-1") and a
// helper user.
type testHub struct {
	t    *testing.T
	node *Node
	addr string
}

var (
	callerCred = Cred{User: "kiosk-1", Password: "caller-secret", Role: RoleCaller, Node: "kiosk-1"}
	helperCred = Cred{User: "staff", Password: "helper-secret", Role: RoleHelper}
)

func TestMain(m *testing.M) {
	// A wrong code is an answer that never comes; tests need not wait
	// the full two seconds for each.
	JoinTimeout = 300 * time.Millisecond
	m.Run()
}

func startHub(t *testing.T, listen string) *testHub {
	t.Helper()
	if listen == "" {
		listen = "127.0.0.1:0"
	}
	n, err := StartNode(NodeOptions{Listen: listen, Name: "test", Users: []Cred{callerCred, helperCred}})
	if err != nil {
		t.Fatal(err)
	}
	h := &testHub{t: t, node: n, addr: strings.TrimPrefix(n.ClientURL(), "nats://")}
	t.Cleanup(n.Shutdown)
	return h
}

// dial connects to the hub as c and waits until the connection is up.
func (h *testHub) dial(t *testing.T, c Cred) *nats.Conn {
	t.Helper()
	nc := connect(t, "nats://"+h.addr, c, nil)
	waitConnected(t, nc)
	return nc
}

// newCaller is the caller side of node on nc, closed at the test's end.
func newCaller(t *testing.T, nc *nats.Conn, node string) *Caller {
	t.Helper()
	c, err := NewCaller(nc, node)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// connect dials the hub as c; status gets every change of the connection.
func connect(t *testing.T, url string, c Cred, status chan<- bool) *nats.Conn {
	t.Helper()
	nc, err := Connect(ConnectOptions{URL: url, User: c.User, Password: c.Password, Name: "test-" + string(c.Role),
		OnStatus: func(up bool) {
			if status != nil {
				select {
				case status <- up:
				default:
				}
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func waitConnected(t *testing.T, nc *nats.Conn) {
	t.Helper()
	if err := WaitConnected(nc, 10*time.Second); err != nil {
		t.Fatal(err)
	}
}

// event waits for the share's next event.
func event(t *testing.T, s ui.Share) (ui.ShareEvent, bool) {
	t.Helper()
	select {
	case ev, ok := <-s.Events():
		return ev, ok
	case <-time.After(10 * time.Second):
		t.Fatal("no share event")
	}
	return ui.ShareEvent{}, false
}

// view waits for a view that ok accepts.
func view(t *testing.T, w *Watch, ok func(ui.WatchView) bool) ui.WatchView {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case v, open := <-w.Views():
			if !open {
				t.Fatal("the views ended")
			}
			if ok(v) {
				return v
			}
		case <-timeout:
			t.Fatal("no such view")
		}
	}
}

// journeyAt is a journey a person has walked to the e-mail field with
// personal data typed on the way.
func journeyAt(t *testing.T) *flows.Journey {
	t.Helper()
	j := flows.NewJourney(flows.JourneyOptions{NewID: func() string { return "id" }, Lang: "nn"})
	for _, a := range []string{"", "commfides", "17889033371", "", ""} {
		if a == "" && j.Stage() == flows.StageLogin {
			st := j.Step()
			if st.Input == flows.InputSecret {
				a = st.Device.PIN
			}
		}
		if err := j.Submit(a); err != nil {
			t.Fatalf("%s: %v", j.Stage(), err)
		}
	}
	for j.Stage() == flows.StageLogin {
		st := j.Step()
		a := ""
		if st.Input == flows.InputSecret && st.Device != nil {
			a = st.Device.PIN
		}
		if err := j.Submit(a); err != nil {
			t.Fatalf("login %s: %v", st.Field, err)
		}
	}
	if j.Stage() == flows.StageContactAsk {
		_ = j.Submit(flows.AnswerYes)
	}
	_ = j.Submit("98765432")
	j.Type("kari.nordmann@eksem")
	return j
}

func TestShareWatchHintStop(t *testing.T) {
	h := startHub(t, "")
	cnc, hnc := h.dial(t, callerCred), h.dial(t, helperCred)
	caller := newCaller(t, cnc, callerCred.Node)
	share, err := caller.Share()
	if err != nil {
		t.Fatal(err)
	}
	if c := share.Code(); len(c) != 6 || strings.Trim(c, "0123456789") != "" {
		t.Fatalf("code %q", c)
	}
	j := journeyAt(t)
	share.Publish(j.Registration())
	_ = cnc.Flush()

	w, err := Join(context.Background(), hnc, "h1", share.Code())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Leave()
	v := view(t, w, func(v ui.WatchView) bool { return v.Reg != nil })
	if v.Reg.Stage != flows.StageContactEmail || v.Reg.EID != model.Commfides {
		t.Errorf("the helper sees %s with %s", v.Reg.Stage, v.Reg.EID)
	}
	if v.Reg.Draft != "k•••@eksem" || v.Reg.Contact.Mobile != "+47 9•• •• 432" {
		t.Errorf("draft %q, mobile %q", v.Reg.Draft, v.Reg.Contact.Mobile)
	}
	if ev, _ := event(t, share); ev.Watchers != 1 {
		t.Errorf("the caller sees %d watchers, want 1", ev.Watchers)
	}

	// The caller types on; the helper sees it.
	j.Type("kari.nordmann@eksempel.no")
	share.Publish(j.Registration())
	view(t, w, func(v ui.WatchView) bool { return v.Reg != nil && v.Reg.Draft == "k•••@eksempel.no" })

	// A hint arrives cleaned of control characters.
	if err := w.Hint("Skriv \x1b[31me-postadressa\u202e di"); err != nil {
		t.Fatal(err)
	}
	if ev, _ := event(t, share); ev.Hint != "Skriv [31me-postadressa di" {
		t.Errorf("hint %q", ev.Hint)
	}

	// A second helper on the same code: both are counted.
	w2, err := Join(context.Background(), hnc, "h2", share.Code())
	if err != nil {
		t.Fatal(err)
	}
	if ev, _ := event(t, share); ev.Watchers != 2 {
		t.Errorf("watchers %d, want 2", ev.Watchers)
	}
	w2.Leave()
	if ev, _ := event(t, share); ev.Watchers != 1 {
		t.Errorf("after one left: watchers %d, want 1", ev.Watchers)
	}

	// A helper who dropped rejoins with the same code.
	w.Leave()
	event(t, share)
	w, err = Join(context.Background(), hnc, "h1", share.Code())
	if err != nil {
		t.Fatalf("rejoin: %v", err)
	}
	view(t, w, func(v ui.WatchView) bool { return v.Reg != nil && v.Reg.Draft == "k•••@eksempel.no" })

	// The caller stops: the helper is told, and the code is gone.
	share.Stop(string(StopByCaller))
	if v := view(t, w, func(v ui.WatchView) bool { return v.Stopped }); v.Reason != "caller" {
		t.Errorf("reason %q", v.Reason)
	}
	if _, err := Join(context.Background(), hnc, "h1", share.Code()); !errors.Is(err, ErrWrongCode) {
		t.Errorf("join after stop: %v, want ErrWrongCode", err)
	}
	for range share.Events() { // what was queued, then closed
	}
}

func TestWrongCodesAreLimited(t *testing.T) {
	h := startHub(t, "")
	cnc, hnc := h.dial(t, callerCred), h.dial(t, helperCred)
	caller := newCaller(t, cnc, callerCred.Node)
	share, _ := caller.Share()
	wrong := fmt.Sprintf("%06d", (atoi(share.Code())+1)%1_000_000)
	if _, err := Join(context.Background(), hnc, "guesser", wrong); !errors.Is(err, ErrWrongCode) {
		t.Fatalf("wrong code: %v", err)
	}
	for range JoinsPerHelper - 1 {
		_, _ = Join(context.Background(), hnc, "guesser", wrong)
	}
	// The guesser's budget is spent: even the right code is not answered
	// this minute, while another helper gets in.
	if _, err := Join(context.Background(), hnc, "guesser", share.Code()); !errors.Is(err, ErrWrongCode) {
		t.Errorf("right code past the budget: %v, want no answer", err)
	}
	w, err := Join(context.Background(), hnc, "other", share.Code())
	if err != nil {
		t.Fatalf("another helper: %v", err)
	}
	w.Leave()
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func TestCodeExpiresUnused(t *testing.T) {
	h := startHub(t, "")
	cnc, hnc := h.dial(t, callerCred), h.dial(t, helperCred)
	caller := newCaller(t, cnc, callerCred.Node)
	var mu sync.Mutex
	now := time.Now()
	caller.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	share, _ := caller.Share()
	mu.Lock()
	now = now.Add(CodeTTL)
	mu.Unlock()
	// The share's sweep notices within a second and ends it.
	if _, ok := event(t, share); ok {
		t.Fatal("the share goes on after its code expired")
	}
	if _, err := Join(context.Background(), hnc, "h", share.Code()); !errors.Is(err, ErrWrongCode) {
		t.Errorf("expired code: %v", err)
	}
}

func TestHubDownAndBack(t *testing.T) {
	// A free port for a hub that is not there yet.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	status := make(chan bool, 16)
	cnc := connect(t, "nats://"+addr, callerCred, status)
	caller := newCaller(t, cnc, callerCred.Node)
	// Before the hub: no code, at once.
	if _, err := caller.Share(); !errors.Is(err, ui.ErrNoHub) {
		t.Fatalf("share without a hub: %v", err)
	}

	h := startHub(t, addr)
	waitConnected(t, cnc)
	hnc := connect(t, "nats://"+addr, helperCred, nil)
	waitConnected(t, hnc)
	share, err := caller.Share()
	if err != nil {
		t.Fatal(err)
	}
	j := journeyAt(t)
	share.Publish(j.Registration())
	w, err := Join(context.Background(), hnc, "h", share.Code())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Leave()
	view(t, w, func(v ui.WatchView) bool { return v.Reg != nil })

	// The hub goes while the helper watches: the caller's publishes do
	// not wait for it.
	h.node.Shutdown()
	for i := range 2000 {
		j.Type(strings.Repeat("x", i%50) + "@eksempel.no")
		share.Publish(j.Registration()) // returns at once, or the test times out
	}
	j.Type("ola@eksempel.no")
	share.Publish(j.Registration())

	// The hub comes back on the same address: both sides reconnect and
	// the helper gets the latest view (its heartbeat says it is behind).
	h2 := startHub(t, addr)
	_ = h2
	view(t, w, func(v ui.WatchView) bool { return v.Reg != nil && v.Reg.Draft == "o•••@eksempel.no" })
}

// TestPublishedViewsHoldNoPersonalData records every message on the hub
// while a journey with known personal data is shared, and looks for the
// data in them.
func TestPublishedViewsHoldNoPersonalData(t *testing.T) {
	h := startHub(t, "")
	cnc, hnc := h.dial(t, callerCred), h.dial(t, helperCred)
	var mu sync.Mutex
	var seen []string
	// Everything a helper can read: the views, and the join replies.
	for _, subj := range []string{"idpw.v.>", "_INBOX.>"} {
		sub, err := hnc.Subscribe(subj, func(m *nats.Msg) {
			mu.Lock()
			seen = append(seen, m.Subject+" "+string(m.Data))
			mu.Unlock()
		})
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Unsubscribe()
	}
	caller := newCaller(t, cnc, callerCred.Node)
	share, err := caller.Share()
	if err != nil {
		t.Fatal(err)
	}
	j := flows.NewJourney(flows.JourneyOptions{NewID: func() string { return "id" }, Lang: "nn"})
	secrets := []string{"17889033371", "178890", "Passord123", "98765432", "765432", "kari.nordmann", "ari.nordmann"}
	var w *Watch
	last := ""
	// Each state is published and seen by the helper before the next, so
	// every one of them is in a message (Publish keeps only the latest,
	// and sends nothing when the masked view has not changed).
	publish := func() {
		share.Publish(j.Registration())
		want := string(encode(j.Registration().Masked()))
		if want == last {
			return
		}
		view(t, w, func(v ui.WatchView) bool { return v.Reg != nil && string(encode(v.Reg)) == want })
		last = want
	}
	submit := func(a string) {
		for i := 1; i <= len(a); i++ {
			j.Type(a[:i])
			publish()
		}
		if err := j.Submit(a); err != nil {
			t.Fatalf("%s %q: %v", j.Stage(), a, err)
		}
		publish()
	}
	w, err = Join(context.Background(), hnc, "h", share.Code())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Leave()
	submit("")
	submit("minid")
	submit("sms")
	submit("17889033371")
	submit("Passord123")
	code := j.Step().Device.Code
	secrets = append(secrets, code)
	submit(code)
	submit("98765432")
	submit("kari.nordmann@eksempel.no")
	for j.Stage() == flows.StageVerifyMobile || j.Stage() == flows.StageVerifyEmail {
		c := j.Step().Device.Code
		secrets = append(secrets, c)
		submit(c)
	}
	if j.Stage() != flows.StageContactDone {
		t.Fatalf("at %s", j.Stage())
	}
	if !strings.Contains(last, `"stage":"contact.done"`) {
		t.Fatalf("the helper's last view: %.200s", last)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) < 20 {
		t.Fatalf("only %d messages seen", len(seen))
	}
	for _, m := range seen {
		for _, s := range secrets {
			if strings.Contains(m, s) {
				t.Errorf("%q is in a published message: %.300s", s, m)
			}
		}
	}
}

// TestNothingLeavesBeforeAHelperJoins: a code shown but not yet given to
// anyone sends no view of the journey; the first goes to the helper who
// gave it.
func TestNothingLeavesBeforeAHelperJoins(t *testing.T) {
	h := startHub(t, "")
	cnc, hnc := h.dial(t, callerCred), h.dial(t, helperCred)
	var mu sync.Mutex
	n := 0
	sub, err := hnc.Subscribe("idpw.v.>", func(*nats.Msg) { mu.Lock(); n++; mu.Unlock() })
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	_ = hnc.Flush()
	caller := newCaller(t, cnc, callerCred.Node)
	share, err := caller.Share()
	if err != nil {
		t.Fatal(err)
	}
	j := journeyAt(t)
	for i := range 20 {
		j.Type(strings.Repeat("k", i+1))
		share.Publish(j.Registration())
	}
	// Whatever the caller sent has reached the server (its PONG) and then
	// the helper (the helper's own PONG comes after it).
	_ = cnc.Flush()
	_ = hnc.Flush()
	mu.Lock()
	before := n
	mu.Unlock()
	if before != 0 {
		t.Fatalf("%d views published before anyone joined", before)
	}
	w, err := Join(context.Background(), hnc, "h", share.Code())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Leave()
	view(t, w, func(v ui.WatchView) bool { return v.Reg != nil && v.Reg.Draft == "k•••" }) // the e-mail field
}

// TestManyJoinsAcrossNodes: every node sees every join request, so one
// node's codes must not count against another's: 150 joins in a minute,
// alternating between two nodes' codes, all get in.
func TestManyJoinsAcrossNodes(t *testing.T) {
	other := Cred{User: "kiosk-2", Password: "caller-secret-2", Role: RoleCaller, Node: "kiosk-2"}
	n, err := StartNode(NodeOptions{Listen: "127.0.0.1:0", Name: "test", Users: []Cred{callerCred, other, helperCred}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Shutdown)
	var shares []interface{ Code() string }
	for _, c := range []Cred{callerCred, other} {
		nc := connect(t, n.ClientURL(), c, nil)
		waitConnected(t, nc)
		caller, err := NewCaller(nc, c.Node)
		if err != nil {
			t.Fatal(err)
		}
		defer caller.Close()
		s, err := caller.Share()
		if err != nil {
			t.Fatal(err)
		}
		shares = append(shares, s)
	}
	for h := range 3 { // three helper connections, 50 joins each
		hnc := connect(t, n.ClientURL(), helperCred, nil)
		waitConnected(t, hnc)
		for i := range 50 {
			w, err := Join(context.Background(), hnc, fmt.Sprintf("h%d-%d", h, i), shares[i%2].Code())
			if err != nil {
				t.Fatalf("join %d on connection %d: %v", i+1, h+1, err)
			}
			w.Leave()
		}
	}
}

// TestOnlyAdmittedHelpersCount: a helper login that never gave the code
// (it saw the session's name on the hub) is neither counted as watching
// nor heard; and a caller on the same node name never answers for a
// session that is not its own.
func TestOnlyAdmittedHelpersCount(t *testing.T) {
	h := startHub(t, "")
	cnc := connect(t, "nats://"+h.addr, callerCred, nil)
	cnc2 := connect(t, "nats://"+h.addr, callerCred, nil) // a second kiosk, same node name
	hnc := connect(t, "nats://"+h.addr, helperCred, nil)
	for _, nc := range []*nats.Conn{cnc, cnc2, hnc} {
		waitConnected(t, nc)
	}
	a := newCaller(t, cnc, callerCred.Node)
	newCaller(t, cnc2, callerCred.Node)
	share, err := a.Share()
	if err != nil {
		t.Fatal(err)
	}
	w, err := Join(context.Background(), hnc, "staff-1", share.Code())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Leave()
	if ev, _ := event(t, share); ev.Watchers != 1 {
		t.Fatalf("watchers %d", ev.Watchers)
	}
	var stops []View
	var mu sync.Mutex
	sub, _ := hnc.Subscribe(viewSubject(callerCred.Node, w.session), func(m *nats.Msg) {
		var v View
		if json.Unmarshal(m.Data, &v) == nil && v.Stopped {
			mu.Lock()
			stops = append(stops, v)
			mu.Unlock()
		}
	})
	defer sub.Unsubscribe()
	_ = hnc.Flush()
	// A rogue login's heartbeat and hint, then the real helper's hint, all
	// from one connection, so they arrive in this order.
	_ = hnc.Publish(toCallerSubject(callerCred.Node, w.session, kindWatch), encode(watchMsg{Helper: "rogue"}))
	_ = hnc.Publish(toCallerSubject(callerCred.Node, w.session, kindHint), encode(hintMsg{Helper: "rogue", Text: "Ring 815 00 000"}))
	if err := w.Hint("Skriv e-postadressa di"); err != nil {
		t.Fatal(err)
	}
	ev, _ := event(t, share)
	if ev.Hint != "Skriv e-postadressa di" || ev.Watchers != 1 {
		t.Errorf("event %+v: want the real helper's hint, 1 watching", ev)
	}
	// The heartbeats reached both kiosks (the same node name): the other
	// one, which has no such session, said nothing.
	w.beat(false)
	_ = hnc.Flush()
	_ = cnc2.Flush()
	_ = cnc.Flush()
	_ = hnc.Flush()
	mu.Lock()
	defer mu.Unlock()
	if len(stops) != 0 {
		t.Errorf("the helper was told %+v by a kiosk the session is not on", stops)
	}
}
