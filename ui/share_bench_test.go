package ui_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/nats-io/nats.go"

	"github.com/idporten-wizard/idporten-wizard/hub"
	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// What sharing with the help desk costs the caller's own key presses: the
// same wizard, with a real hub (an embedded node, in-process connections,
// hub.Caller as its HelpDesk), typing into the contact e-mail field's
// domain (the part a helper's masked view shows, so every key is a new
// view), once with F2 pressed and a helper watching, once not. As the
// other keystroke benchmarks, each counts the root model's Update and View
// in the benchmark's goroutine; the sharing's own work (masking, encoding,
// publishing, the node, the helper) runs on its goroutines, on the same
// cores, and is in the figure only as far as it takes the cores away.
//
// Run both in one invocation, interleaved:
//
//	go test -run='^$' -bench='KeystrokeContact(Not)?Shared$' -count=5 -benchmem ./ui
//
// (the goal: shared within 1.1× of not shared).

// BenchmarkKeystrokeContactNotShared types digits into the e-mail
// address's domain, the help key there but not pressed (emptied to
// "kari@", off the clock, after each 10).
func BenchmarkKeystrokeContactNotShared(b *testing.B) {
	d := newHelpDeskWizard(b)
	d.toEmail()
	d.measureTyping(b, 10)
}

// BenchmarkKeystrokeContactShared is BenchmarkKeystrokeContactNotShared
// with the journey shared (F2) and a helper watching it. published/update
// is the views the caller's connection sent per Update (below 1: the
// share's mailbox keeps only the latest, and the next key came before the
// last view was sent).
func BenchmarkKeystrokeContactShared(b *testing.B) {
	d := newHelpDeskWizard(b)
	d.toEmail()
	d.shareWatched()
	before := d.cnc.Stats().OutMsgs
	d.measureTyping(b, 10)
	b.StopTimer()
	time.Sleep(10 * time.Millisecond) // the last key's view goes out
	// Every Update publishes: the b.N digits and the backspaces between
	// them, off the clock.
	updates := b.N + 10*((b.N-1)/10)
	b.ReportMetric(float64(d.cnc.Stats().OutMsgs-before)/float64(updates), "published/update")
}

// TestKeystrokeSharedBenchSetup walks the shared benchmark's set-up, so a
// change that breaks it fails in ordinary tests; and checks the helper
// sees what is typed.
func TestKeystrokeSharedBenchSetup(t *testing.T) {
	d := newHelpDeskWizard(t)
	d.toEmail()
	d.shareWatched()
	d.typeText("12")
	want := model.MaskEmail("kari@12")
	deadline := time.After(10 * time.Second)
	for {
		if v := d.last.Load(); v != nil && v.Reg != nil && v.Reg.Draft == want {
			return
		}
		select {
		case <-deadline:
			t.Fatalf("the helper never saw %q", want)
		case <-time.After(time.Millisecond):
		}
	}
}

// helpDeskWizard is a benchWizard with a hub behind its help key.
type helpDeskWizard struct {
	*benchWizard
	cnc, hnc *nats.Conn
	w        *hub.Watch
	last     atomic.Pointer[ui.WatchView] // the helper's latest view
}

var f2Key = tea.KeyPressMsg{Code: tea.KeyF2}

func newHelpDeskWizard(tb testing.TB) *helpDeskWizard {
	tb.Helper()
	caller := hub.Cred{User: "kiosk-1", Password: "caller-secret", Role: hub.RoleCaller, Node: "kiosk-1"}
	helper := hub.Cred{User: "staff", Password: "helper-secret", Role: hub.RoleHelper}
	node, err := hub.StartNode(hub.NodeOptions{DontListen: true, Users: []hub.Cred{caller, helper}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(node.Shutdown)
	dial := func(c hub.Cred) *nats.Conn {
		nc, err := hub.Connect(hub.ConnectOptions{InProcess: node, User: c.User, Password: c.Password, Name: "bench-" + c.User})
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(nc.Close)
		if err := hub.WaitConnected(nc, 10*time.Second); err != nil {
			tb.Fatal(err)
		}
		return nc
	}
	d := &helpDeskWizard{cnc: dial(caller), hnc: dial(helper)}
	desk, err := hub.NewCaller(d.cnc, caller.Node)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(desk.Close)
	m := ui.New(ui.Options{
		Store: nopStore{}, NewID: func() string { return "bench" },
		Now:  func() time.Time { return fixedNow },
		Rand: rand.New(rand.NewPCG(7, 42)), HelpDesk: desk,
	})
	d.benchWizard = &benchWizard{tb: tb, m: m}
	d.send(m.Init())
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	d.want("Trykk Enter for å byrje.")
	return d
}

// toEmail logs in, registers a mobile number and types "kari@" into the
// e-mail field.
func (d *helpDeskWizard) toEmail() {
	d.tb.Helper()
	d.toContact()
	d.typeText("91234567")
	d.key(enterKey)
	d.want("E-postadresse")
	d.typeText("kari@")
}

var reHelpCode = regexp.MustCompile(`Hjelpekoden din: (\d{3}) (\d{3})`)

// shareWatched presses F2, has a helper join with the code on the
// screen, and waits for the wizard to say someone watches.
func (d *helpDeskWizard) shareWatched() {
	d.tb.Helper()
	_, cmd := d.m.Update(f2Key) // the wait for the share's events, kept for later
	code := d.wantMatch(reHelpCode)
	w, err := hub.Join(context.Background(), d.hnc, hub.NewHelperName(), code[1]+code[2])
	if err != nil {
		d.tb.Fatal(err)
	}
	d.tb.Cleanup(w.Leave)
	d.w = w
	go func() { // the helper reads every view
		for v := range w.Views() {
			d.last.Store(&v)
		}
	}()
	// The helper's arrival comes by the command F2 gave; its follow-up
	// (the wait for the next event) is left waiting.
	msgs := make(chan tea.Msg, 8)
	var start func(tea.Cmd)
	start = func(c tea.Cmd) {
		if c == nil {
			return
		}
		go func() {
			msg := c()
			if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
				for i := range v.Len() {
					start(v.Index(i).Interface().(tea.Cmd))
				}
				return
			}
			msgs <- msg
		}()
	}
	start(cmd)
	timeout := time.After(10 * time.Second)
	for !reWatching.MatchString(d.screen()) {
		select {
		case msg := <-msgs:
			d.m.Update(msg)
		case <-timeout:
			d.tb.Fatalf("the wizard never said a helper watches:\n%s", d.screen())
		}
	}
}

var reWatching = regexp.MustCompile(regexp.QuoteMeta("Brukarstøtta ser skjermen din"))
