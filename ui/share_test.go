package ui_test

import (
	"context"
	"io"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/nats-io/nats.go"

	"github.com/idporten-wizard/idporten-wizard/hub"
	"github.com/idporten-wizard/idporten-wizard/internal/termtest"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// keyF2 is F2 as an xterm sends it: the help key.
const keyF2 = "\x1bOQ"

var (
	shareCaller = hub.Cred{User: "kiosk", Password: "caller-pw", Role: hub.RoleCaller, Node: "kiosk"}
	shareHelper = hub.Cred{User: "staff", Password: "helper-pw", Role: hub.RoleHelper}
)

// realHub is a hub node on loopback with a caller's and a helper's
// connection: the help desk as the wizard meets it, no stand-in.
type realHub struct {
	node   *hub.Node
	caller *hub.Caller
	helper *nats.Conn
}

func startRealHub(t *testing.T) *realHub {
	t.Helper()
	n, err := hub.StartNode(hub.NodeOptions{Listen: "127.0.0.1:0", Users: []hub.Cred{shareCaller, shareHelper}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Shutdown)
	cnc := hubConn(t, n.ClientURL(), shareCaller)
	c, err := hub.NewCaller(cnc, shareCaller.Node)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return &realHub{node: n, caller: c, helper: hubConn(t, n.ClientURL(), shareHelper)}
}

func hubConn(t *testing.T, url string, c hub.Cred) *nats.Conn {
	t.Helper()
	nc, err := hub.Connect(hub.ConnectOptions{URL: url, User: c.User, Password: c.Password})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	if err := hub.WaitConnected(nc, termtest.Timeout); err != nil {
		t.Fatal(err)
	}
	return nc
}

var reCode = regexp.MustCompile(`Hjelpekoden din: (\d{3}) (\d{3})`)

// shareCode presses F2 and reads the code off the screen.
func (tm *term) shareCode() string {
	tm.t.Helper()
	tm.press(keyF2)
	m := tm.waitMatch(reCode)
	return m[1] + m[2]
}

// nextView waits for a view ok accepts.
func nextView(t *testing.T, w ui.WatchFeed, ok func(ui.WatchView) bool) ui.WatchView {
	t.Helper()
	timeout := time.After(termtest.Timeout)
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

// TestShareFromTheWizard: F2 shows a code to read out; a helper who joins
// makes the banner show, sees the journey masked as the person types, and
// its hint appears marked as the help desk's; F2 again ends it for both.
func TestShareFromTheWizard(t *testing.T) {
	h := startRealHub(t)
	tm := startTerm(t, termOpts{seed: 3, opts: func(o *ui.Options) { o.HelpDesk = h.caller }})
	tm.waitFor("Trykk Enter for å byrje.")
	tm.waitFor("f2 få hjelp") // the help bar names the key
	code := tm.shareCode()
	tm.waitFor("Les han opp for brukarstøtta: «")

	w, err := hub.Join(context.Background(), h.helper, "h", code)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Leave()
	tm.waitFor("Brukarstøtta ser skjermen din")
	tm.waitGone("Hjelpekoden din")

	tm.press(keyEnter, "5")
	tm.waitFor("Fødselsnummer eller D-nummer")
	tm.press("1788903")
	v := nextView(t, w, func(v ui.WatchView) bool { return v.Reg != nil && v.Reg.Draft == "•••••••" })
	if v.Reg.Stage != "login" || v.Reg.EID != "commfides" {
		t.Errorf("the helper sees %s with %s", v.Reg.Stage, v.Reg.EID)
	}

	if err := w.Hint("Skriv dei elleve sifra i fødselsnummeret."); err != nil {
		t.Fatal(err)
	}
	tm.waitFor("✉ Frå brukarstøtta: Skriv dei elleve sifra i fødselsnummeret.")
	// The hint changes nothing the person typed.
	tm.emu.WaitInput(t, "1788903")

	tm.press(keyF2)
	tm.waitFor("Du deler ikkje skjermen lenger.")
	tm.waitGone("Brukarstøtta ser skjermen din")
	if v := nextView(t, w, func(v ui.WatchView) bool { return v.Stopped }); v.Reason != ui.StopByCaller {
		t.Errorf("reason %q", v.Reason)
	}
	if _, err := hub.Join(context.Background(), h.helper, "h2", code); err == nil {
		t.Error("the code still works after sharing stopped")
	}
}

// TestShareWithoutAHub: a hub that cannot be reached only changes the help
// key's message; the wizard goes on.
func TestShareWithoutAHub(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there
	nc, err := hub.Connect(hub.ConnectOptions{URL: "nats://" + addr, User: "kiosk", Password: "x"})
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	c, err := hub.NewCaller(nc, "kiosk")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tm := startTerm(t, termOpts{opts: func(o *ui.Options) { o.HelpDesk = c }})
	tm.waitFor("Trykk Enter for å byrje.")
	tm.press(keyF2)
	tm.waitFor("Brukarstøtta er ikkje tilgjengeleg no.")
	tm.press(keyEnter)
	tm.waitFor(chooseShown)
	tm.waitGone("ikkje tilgjengeleg")
}

// TestKioskResetEndsSharing: the next person at a kiosk is never watched:
// the reset ends sharing, and the helper is told why.
func TestKioskResetEndsSharing(t *testing.T) {
	h := startRealHub(t)
	tm := startTerm(t, termOpts{seed: 7, opts: func(o *ui.Options) {
		kiosk(0, 0, 0)(o)
		o.HelpDesk = h.caller
	}})
	tm.waitFor("Trykk Enter for å byrje.")
	tm.press(keyEnter)
	tm.waitFor(chooseShown)
	code := tm.shareCode()
	w, err := hub.Join(context.Background(), h.helper, "h", code)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Leave()
	tm.waitFor("Brukarstøtta ser skjermen din")
	tm.advance(ui.KioskIdle)
	tm.waitFor("Er du framleis der?")
	tm.advance(ui.IdleWarning)
	tm.waitFor("Trykk Enter for å byrje.")
	if v := nextView(t, w, func(v ui.WatchView) bool { return v.Stopped }); v.Reason != ui.StopReset {
		t.Errorf("reason %q, want reset", v.Reason)
	}
	if strings.Contains(tm.screen(), "Brukarstøtta ser") || strings.Contains(tm.screen(), "Hjelpekoden") {
		t.Errorf("the next person sees the last one's sharing:\n%s", tm.screen())
	}
	if _, err := hub.Join(context.Background(), h.helper, "h2", code); err == nil {
		t.Error("the last person's code works after the reset")
	}
}

// TestWatchShowsTheCallersStep: the helper's view, in its own window and
// language, draws the caller's step from the masked journey, with the
// guide, and sends the guide's «Sei» line as a hint.
func TestWatchShowsTheCallersStep(t *testing.T) {
	h := startRealHub(t)
	caller := startTerm(t, termOpts{seed: 5, opts: func(o *ui.Options) { o.HelpDesk = h.caller }})
	caller.waitFor("Trykk Enter for å byrje.")
	caller.press(keyEnter, "5")
	caller.waitFor("Fødselsnummer eller D-nummer")
	code := caller.shareCode()

	m := ui.NewWatch(ui.WatchOptions{Lang: ui.English, Code: code, Join: func(code string) (ui.WatchFeed, error) {
		return hub.Join(context.Background(), h.helper, "watcher", code)
	}})
	helper := startModel(t, m, 140, 36)
	helper.WaitFor(t, "Step 3 of 5")
	helper.WaitFor(t, "Guide for help-desk staff")
	caller.waitFor("Brukarstøtta ser skjermen din")
	caller.press("17889033371")
	helper.WaitFor(t, "> •••••••••••")
	if strings.Contains(helper.Text(), "17889033371") {
		t.Errorf("the helper sees the national ID:\n%s", helper.Text())
	}
	// Tab opens the hints, in the caller's language (it is their screen
	// the hint appears on); Enter sends the guide's line for this step.
	helper.press("\t")
	helper.WaitFor(t, "Send a hint to the caller's screen")
	helper.WaitFor(t, "Skriv fødselsnummeret ditt, 11 siffer.")
	helper.press("\r")
	caller.waitFor("✉ Frå brukarstøtta: Skriv fødselsnummeret ditt, 11 siffer.")
	helper.WaitFor(t, "Sent: Skriv fødselsnummeret ditt")
}

// program is a model running in a virtual terminal: its screen, and its keyboard.
type program struct {
	*termtest.Screen
	in io.Writer
}

func (m program) press(s string) { _, _ = io.WriteString(m.in, s) }

// startModel runs a model in a virtual terminal of w×h.
func startModel(t *testing.T, m tea.Model, w, h int) program {
	t.Helper()
	emu := termtest.New(w, h)
	inR, inW := io.Pipe()
	p := tea.NewProgram(m, tea.WithInput(inR), tea.WithOutput(emu), tea.WithWindowSize(w, h),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}))
	done := make(chan struct{})
	go func() { _, _ = io.Copy(inW, emu.Answers()) }()
	go func() { _, _ = p.Run(); close(done) }()
	t.Cleanup(func() { p.Kill(); <-done; _ = inW.Close() })
	return program{Screen: emu, in: inW}
}

// TestShareFromTheLineMode: «hjelp» at any question gives the code in
// words; a helper's arrival and hint are said as lines, between the
// questions, and «hjelp» again stops sharing.
func TestShareFromTheLineMode(t *testing.T) {
	h := startRealHub(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := startLive(t, ctx, ui.Nynorsk, func(o *ui.LineOptions) { o.HelpDesk = h.caller })
	l.wait(`Skriv «hjelp» for å få hjelp frå brukarstøtta`)
	l.wait(`Skriv talet \(1–` + nEIDs + `\)\.\n$`)
	l.send("hjelp\n")
	m := l.wait(`Hjelpekoden din: (\d{3}) (\d{3})\. Les han opp for brukarstøtta: «[a-zåø ]+ – [a-zåø ]+»\.\nKoden gjeld i 10 minutt\. Skriv «hjelp» igjen for å slutte å dele\.\n`)
	code := m[1] + m[2]
	w, err := hub.Join(context.Background(), h.helper, "h", code)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Leave()
	// The question is asked again after the code; the helper's arrival
	// is said while it waits.
	l.wait(`Koden gjeld i 10 minutt\. .*\nVel elektronisk ID\. Skriv talet \(1–` + nEIDs + `\)\.\nBrukarstøtta ser skjermen din`)
	nextView(t, w, func(v ui.WatchView) bool { return v.Reg != nil && v.Reg.Stage == "choose" })
	if err := w.Hint("Vel 5 for Commfides."); err != nil {
		t.Fatal(err)
	}
	l.wait(`Frå brukarstøtta: Vel 5 for Commfides\.\n`)
	l.send("hjelp\n")
	l.wait(`Du deler ikkje skjermen lenger\.\n`)
	if v := nextView(t, w, func(v ui.WatchView) bool { return v.Stopped }); v.Reason != ui.StopByCaller {
		t.Errorf("reason %q", v.Reason)
	}
}

// TestWatchWithoutAHub: the helper's code prompt says the hub cannot be
// reached, and keeps what was typed out of the way for the next try.
func TestWatchWithoutAHub(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	nc, err := hub.Connect(hub.ConnectOptions{URL: "nats://" + addr, User: "staff", Password: "x"})
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	m := ui.NewWatch(ui.WatchOptions{Join: func(code string) (ui.WatchFeed, error) {
		return hub.Join(context.Background(), nc, "h", code)
	}})
	p := startModel(t, m, 80, 24)
	p.WaitFor(t, "Hjelpekoden frå innringjaren")
	p.press("12a")
	p.WaitInput(t, "12a")
	p.press("\r")
	p.WaitFor(t, "✗ Ein hjelpekode er seks siffer – det du skreiv, har 3 teikn.") // at the field
	p.press("\x7f\x7f\x7f123 456\r")
	p.WaitFor(t, "Knutepunktet for brukarstøtta kan ikkje nåast no.")
}

// TestKioskUntouchedButSharedResets: a person who pressed F2 on the start
// screen and walked away is not "untouched": the kiosk resets, and the
// next person is not watched.
func TestKioskUntouchedButSharedResets(t *testing.T) {
	h := startRealHub(t)
	tm := startTerm(t, termOpts{seed: 7, opts: func(o *ui.Options) {
		kiosk(0, 0, 0)(o)
		o.HelpDesk = h.caller
	}})
	tm.waitFor("Trykk Enter for å byrje.")
	code := tm.shareCode()
	w, err := hub.Join(context.Background(), h.helper, "h", code)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Leave()
	tm.waitFor("Brukarstøtta ser skjermen din")
	tm.advance(ui.KioskIdle)
	tm.waitFor("Er du framleis der?")
	tm.advance(ui.IdleWarning)
	if v := nextView(t, w, func(v ui.WatchView) bool { return v.Stopped }); v.Reason != ui.StopReset {
		t.Errorf("reason %q, want reset", v.Reason)
	}
	tm.waitFor("Trykk Enter for å byrje.")
	tm.waitGone("Brukarstøtta ser")
}

// TestWatchAnotherCallerAfterAStop: once the caller stops, Enter asks for
// the next caller's code.
func TestWatchAnotherCallerAfterAStop(t *testing.T) {
	h := startRealHub(t)
	caller := startTerm(t, termOpts{seed: 5, opts: func(o *ui.Options) { o.HelpDesk = h.caller }})
	caller.waitFor("Trykk Enter for å byrje.")
	code := caller.shareCode()
	m := ui.NewWatch(ui.WatchOptions{Code: code, Join: func(code string) (ui.WatchFeed, error) {
		return hub.Join(context.Background(), h.helper, "watcher", code)
	}})
	helper := startModel(t, m, 100, 30)
	helper.WaitFor(t, "Steg 1 av 5")
	caller.press(keyF2)
	helper.WaitFor(t, "Innringjaren har slutta å dele skjermen.")
	helper.WaitFor(t, "enter ny kode")
	helper.press("\r")
	helper.WaitFor(t, "Hjelpekoden frå innringjaren")
	second := caller.shareCode()
	helper.press(second + "\r")
	helper.WaitFor(t, "Kode "+second[:3]+" "+second[3:]+": skjermen til innringjaren")
	caller.waitFor("Brukarstøtta ser skjermen din")
}
