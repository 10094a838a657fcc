package hub_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/hub"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// BenchmarkLiveView is the help desk's live view under load: N callers,
// each sharing its journey and each watched by its own helper (one Watch
// per caller), all through one embedded node on loopback TCP.
//
// Each iteration every caller types one more character of the e-mail
// address's domain (the part the masked view shows, so every key is a new
// view), and the benchmark times, per caller, from its Publish to its
// helper's Watch handing over the view with that exact masked draft. The
// callers type in one burst (each Publish right after the other's), which
// is the worst case of N people typing at once; an iteration ends when
// every helper has its view, so ns/op is the time of a whole round.
//
// Connections: the callers are grouped 50 to a node (one hub.Caller and
// one connection each, as one serve process holds many sessions), and the
// helpers 50 Watches to a connection. Everything (the node, the callers'
// and the helpers' connections) runs in this process on the same cores.
//
// Metrics: p50-ms, p95-ms and max-ms of the Publish→view latency over all
// callers and iterations; B/update, the view message's payload (the
// callers' connections' published bytes, nats.Conn.Stats, divided by the
// messages), and wire-B/update with the PUB line's framing added;
// views/update, the view messages sent per typed character (above 1 when
// a caller resends).
//
// Run: go test -run='^$' -bench=LiveView -benchtime=20x ./hub
// (the goal: p95 < 50 ms at 100 watched callers on 2 cores).
func BenchmarkLiveView(b *testing.B) {
	for _, n := range []int{1, 100, 300} {
		b.Run(fmt.Sprintf("callers=%d", n), func(b *testing.B) {
			lb := newLiveBench(b, n)
			// Warm up, and let the views the joins caused (a join's
			// first heartbeat may ask for the view again) go by.
			lb.round(b, -1)
			time.Sleep(100 * time.Millisecond)
			lb.round(b, -2)
			before := lb.published()
			lb.lat = lb.lat[:0]
			b.ResetTimer()
			for i := range b.N {
				lb.round(b, i)
			}
			b.StopTimer()
			after := lb.published()
			lb.report(b, before, after, b.N)
		})
	}
}

// TestLiveViewBenchSetup walks BenchmarkLiveView's set-up and a few rounds
// with a few callers, so a change that breaks it fails in ordinary tests
// (nothing here is timed).
func TestLiveViewBenchSetup(t *testing.T) {
	lb := newLiveBench(t, 3)
	for i := range 3 {
		lb.round(t, i)
	}
	if len(lb.lat) != 9 {
		t.Errorf("%d latencies, want 9", len(lb.lat))
	}
}

// Per connection: callers (one node each) and helpers' Watches.
const (
	callersPerNode   = 50
	watchesPerHelper = 50
)

// The e-mail address typed: the part before the domain is typed at the
// start, then the domain one character a round (round and round it).
const (
	emailLocal  = "kari.nordmann@"
	emailDomain = "eksempel.kommune.no"
)

// draftAt is what a caller has typed in round i (-1, -2: the warm-up
// rounds).
func draftAt(i int) string {
	if i < 0 {
		return emailLocal + string(rune('v'-i))
	}
	return emailLocal + emailDomain[:1+i%len(emailDomain)]
}

type liveBench struct {
	node    *hub.Node
	nodes   []string // the callers' node names
	cconns  []*nats.Conn
	callers []*liveCaller

	wg  sync.WaitGroup
	mu  sync.Mutex
	lat []time.Duration
}

// liveCaller is one shared session and the helper watching it.
type liveCaller struct {
	lb    *liveBench
	j     *flows.Journey
	share interface {
		Code() string
		Publish(flows.Registration)
	}
	w   *hub.Watch
	cur atomic.Pointer[expected]
}

// expected is the view a caller's helper waits for, and when it was
// published.
type expected struct {
	draft string // masked
	t0    time.Time
	got   atomic.Bool
}

func newLiveBench(tb testing.TB, n int) *liveBench {
	tb.Helper()
	nodes := (n + callersPerNode - 1) / callersPerNode
	helpers := (n + watchesPerHelper - 1) / watchesPerHelper
	creds := []hub.Cred{{User: "staff", Password: "helper-secret", Role: hub.RoleHelper}}
	lb := &liveBench{}
	for k := range nodes {
		name := fmt.Sprintf("kiosk-%d", k)
		lb.nodes = append(lb.nodes, name)
		creds = append(creds, hub.Cred{User: name, Password: "caller-secret", Role: hub.RoleCaller, Node: name})
	}
	node, err := hub.StartNode(hub.NodeOptions{Listen: "127.0.0.1:0", Name: "bench", Users: creds})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(node.Shutdown)
	lb.node = node
	dial := func(user, password string) *nats.Conn {
		nc, err := hub.Connect(hub.ConnectOptions{URL: node.ClientURL(), User: user, Password: password, Name: "bench-" + user})
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(nc.Close)
		if err := hub.WaitConnected(nc, 10*time.Second); err != nil {
			tb.Fatal(err)
		}
		return nc
	}
	var hconns []*nats.Conn
	for range helpers {
		hconns = append(hconns, dial("staff", "helper-secret"))
	}

	// One node at a time: its callers share, then their helpers join. (A
	// join request reaches every node, and a node counts one for a code
	// it does not have as a miss: with all nodes up first, the 61st join
	// in a minute would find every node refusing. See BENCHMARKS.md.)
	for k, name := range lb.nodes {
		nc := dial(name, "caller-secret")
		lb.cconns = append(lb.cconns, nc)
		caller, err := hub.NewCaller(nc, name)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(caller.Close)
		for i := k * callersPerNode; i < min(n, (k+1)*callersPerNode); i++ {
			share, err := caller.Share()
			if err != nil {
				tb.Fatal(err)
			}
			c := &liveCaller{lb: lb, j: emailJourney(tb), share: share}
			c.j.Type(emailLocal)
			share.Publish(c.j.Registration())
			hnc := hconns[i/watchesPerHelper]
			c.w, err = hub.Join(context.Background(), hnc, hub.NewHelperName(), share.Code())
			if err != nil {
				tb.Fatalf("caller %d: join: %v", i, err)
			}
			tb.Cleanup(c.w.Leave)
			go c.watch()
			lb.callers = append(lb.callers, c)
		}
	}
	return lb
}

// watch is the helper: it reads its Watch's views and times the one it
// waits for.
func (c *liveCaller) watch() {
	for v := range c.w.Views() {
		e := c.cur.Load()
		if e == nil || v.Reg == nil || v.Reg.Draft != e.draft || !e.got.CompareAndSwap(false, true) {
			continue
		}
		d := time.Since(e.t0)
		c.lb.mu.Lock()
		c.lb.lat = append(c.lb.lat, d)
		c.lb.mu.Unlock()
		c.lb.wg.Done()
	}
}

// round has every caller type the next character, and waits until every
// helper has seen it.
func (lb *liveBench) round(tb testing.TB, i int) {
	tb.Helper()
	draft := draftAt(i)
	lb.wg.Add(len(lb.callers))
	for _, c := range lb.callers {
		c.j.Type(draft)
		reg := c.j.Registration()
		e := &expected{draft: model.MaskEmail(draft)} // as Masked masks an e-mail draft
		e.t0 = time.Now()
		c.cur.Store(e)
		c.share.Publish(reg)
	}
	done := make(chan struct{})
	go func() { lb.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		tb.Fatalf("round %d: not every helper saw %q within 30 s", i, draft)
	}
}

// sent are the view messages the callers' connections have published.
type sent struct{ msgs, bytes uint64 }

func (lb *liveBench) published() sent {
	var s sent
	for _, nc := range lb.cconns {
		st := nc.Stats()
		s.msgs += st.OutMsgs
		s.bytes += st.OutBytes
	}
	return s
}

func (lb *liveBench) report(b *testing.B, before, after sent, rounds int) {
	lb.mu.Lock()
	lat := slices.Clone(lb.lat)
	lb.mu.Unlock()
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(percentile(lat, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 95)), "p95-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
	msgs, bytes := after.msgs-before.msgs, after.bytes-before.bytes
	updates := uint64(rounds * len(lb.callers))
	if msgs == 0 {
		return
	}
	payload := float64(bytes) / float64(msgs)
	b.ReportMetric(payload, "B/update")
	// The PUB line around each payload: "PUB idpw.v.<node>.<session> <size>\r\n"
	// and "\r\n" after it; a session name is 16 hex digits.
	subject := len("idpw.v.") + len(lb.nodes[0]) + len(".") + 16
	framing := len("PUB ") + subject + len(" ") + len(fmt.Sprint(int(math.Round(payload)))) + 2*len("\r\n")
	b.ReportMetric(payload+float64(framing), "wire-B/update")
	b.ReportMetric(float64(msgs)/float64(updates), "views/update")
}

// percentile is the p-th percentile of sorted d (nearest rank).
func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := (len(d)*p + 99) / 100
	return d[max(i-1, 0)]
}

// emailJourney is a journey a person has walked to the e-mail field
// (MinID with a password and an SMS code, a mobile number on the way).
func emailJourney(tb testing.TB) *flows.Journey {
	tb.Helper()
	j := flows.NewJourney(flows.JourneyOptions{NewID: func() string { return "id" }, Lang: "nn"})
	submit := func(a string) {
		tb.Helper()
		if err := j.Submit(a); err != nil {
			tb.Fatalf("%s %q: %v", j.Stage(), a, err)
		}
	}
	submit("")      // start
	submit("minid") // the eID
	submit("sms")   // password and SMS code
	submit("17889033371")
	submit("Passord123")
	submit(j.Step().Device.Code)
	if j.Stage() == flows.StageContactAsk {
		submit(flows.AnswerYes)
	}
	submit("98765432")
	if j.Stage() != flows.StageContactEmail {
		tb.Fatalf("at %s, want the e-mail field", j.Stage())
	}
	return j
}
