package server_test

// The help desk over SSH: helpdesk@host logs in only with a key listed in
// Config.HelpdeskKeys, asks for a caller's help code, counts wrong codes
// per key (over reconnects too) and shows the caller's journey, masked,
// from a real hub (an in-process NATS node) that the server's own demo
// sessions share on with F2.

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/idporten-wizard/idporten-wizard/hub"
	"github.com/idporten-wizard/idporten-wizard/internal/termtest"
	"github.com/idporten-wizard/idporten-wizard/server"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

func TestMain(m *testing.M) {
	// A wrong help code is an answer that never comes: it costs
	// hub.JoinTimeout (2 s). The hub is in-process here, so a right code's
	// answer comes in well under this even with -race.
	hub.JoinTimeout = 500 * time.Millisecond
	os.Exit(m.Run())
}

// f2 is the help key as an xterm sends it.
const f2 = "\x1bOQ"

// The help desk's words (Nynorsk) the tests look for.
const (
	codePrompt  = "Hjelpekoden frå innringjaren"
	wrongCode   = "Ingen innringjar har den koden no."
	tooMany     = "For mange feil kodar"
	stopLine    = "Innringjaren har slutta å dele skjermen."
	endedLine   = "Økta til innringjaren er avslutta."
	bannerLine  = "● Brukarstøtta ser skjermen din"
	guideTitle  = "Rettleiing for brukarstøtta"
	watchingFor = "Kode "
)

var reHelpCode = regexp.MustCompile(`Hjelpekoden din: (\d{3}) (\d{3})`)

// testDesk is a hub node in-process with the server's caller side and a
// helper connection for helpdesk@ sessions.
type testDesk struct {
	caller *hub.Caller
	join   func(code string) (ui.WatchFeed, error)
}

// startDesk starts an in-process hub node, as serve's embedded one is.
func startDesk(t *testing.T) *testDesk {
	t.Helper()
	callerCred := hub.Cred{User: "serve", Password: "caller-secret", Role: hub.RoleCaller, Node: "n-test"}
	helperCred := hub.Cred{User: "helpdesk", Password: "helper-secret", Role: hub.RoleHelper}
	n, err := hub.StartNode(hub.NodeOptions{DontListen: true, Name: "test", Users: []hub.Cred{callerCred, helperCred}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Shutdown)
	cnc, err := hub.Connect(hub.ConnectOptions{InProcess: n, User: callerCred.User, Password: callerCred.Password, Name: "test caller"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cnc.Close)
	hnc, err := hub.Connect(hub.ConnectOptions{InProcess: n, User: helperCred.User, Password: helperCred.Password, Name: "test helper"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hnc.Close)
	waitUntil(t, termtest.Timeout, "the hub connections", func() bool { return cnc.IsConnected() && hnc.IsConnected() })
	caller, err := hub.NewCaller(cnc, callerCred.Node)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(caller.Close)
	return &testDesk{caller: caller, join: func(code string) (ui.WatchFeed, error) {
		w, err := hub.Join(context.Background(), hnc, hub.NewHelperName(), code)
		if err != nil {
			return nil, err // not a nil *hub.Watch in an interface
		}
		return w, nil
	}}
}

// staffKey is a help-desk staff member's key pair.
func staffKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// writeKeys writes an authorized_keys file of the signers' public keys.
func writeKeys(t *testing.T, signers ...gossh.Signer) string {
	t.Helper()
	var b []byte
	for _, s := range signers {
		b = append(b, gossh.MarshalAuthorizedKey(s.PublicKey())...)
	}
	path := filepath.Join(t.TempDir(), "helpdesk_keys")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// startHelpdeskServer is a demo server whose sessions share with desk, and
// whose helpdesk@ sessions join on it with the keys listed in keys ("":
// none).
func startHelpdeskServer(t *testing.T, desk *testDesk, keys string) *testServer {
	t.Helper()
	return startServer(t, func(c *server.Config) {
		c.HelpDesk, c.Join, c.HelpdeskKeys = desk.caller, desk.join, keys
	})
}

// tryDial opens an SSH connection as user with signer (nil: no key, so
// only the "none" method), returning the error instead of failing.
func tryDial(addr, user string, signer gossh.Signer) (*gossh.Client, error) {
	cfg := clientConfig(user)
	if signer != nil {
		cfg.Auth = []gossh.AuthMethod{gossh.PublicKeys(signer)}
	}
	return gossh.Dial("tcp", addr, cfg)
}

// wantRefused says the login is refused at authentication.
func wantRefused(t *testing.T, ts *testServer, user string, signer gossh.Signer, what string) {
	t.Helper()
	c, err := tryDial(ts.addr, user, signer)
	if err == nil {
		_ = c.Close()
		t.Fatalf("%s: logged in as %s", what, user)
	}
	if !strings.Contains(err.Error(), "unable to authenticate") {
		t.Errorf("%s: %v, want an authentication failure", what, err)
	}
}

// sharingCaller opens a demo session, walks to the national ID's step
// (Commfides) and presses F2; it returns the session and its help code.
func sharingCaller(t *testing.T, ts *testServer) (*client, string) {
	t.Helper()
	c := connect(t, ts.addr, clientOpts{w: 100, h: 30})
	c.waitFor("Trykk Enter for å byrje.")
	c.press(termtest.Enter)
	c.waitFor("Vel elektronisk ID")
	c.press("5")
	c.waitFor("Fødselsnummer eller D-nummer")
	c.press(f2)
	m := c.waitMatch(reHelpCode)
	return c, m[1] + m[2]
}

// helpdesk opens a helpdesk@ session with signer and waits for the code
// prompt.
func helpdesk(t *testing.T, ts *testServer, signer gossh.Signer) *client {
	t.Helper()
	c := connect(t, ts.addr, clientOpts{user: server.HelpdeskUser, signer: signer, w: 140, h: 32})
	c.waitFor(codePrompt)
	return c
}

// giveCode types a help code and Enter; the screen then shows the code
// prompt again or the caller's journey.
func (c *client) giveCode(code string) {
	c.t.Helper()
	c.press(code)
	c.screen.WaitInput(c.t, code)
	c.press(termtest.Enter)
}

// giveWrongCode gives a code no caller has and waits until the session has
// taken the answer: the log counts it, and the field is empty again.
func (c *client) giveWrongCode(ts *testServer, code string) {
	c.t.Helper()
	before := countLog(ts, "help code not found")
	c.giveCode(code)
	waitUntil(c.t, termtest.Timeout, "the wrong code's log line", func() bool {
		return countLog(ts, "help code not found") == before+1
	})
	c.screen.WaitFunc(c.t, func(scr string) bool {
		return strings.Contains(scr, wrongCode) && !termtest.HasInput(scr, code)
	})
}

// otherCode is a code that is not code.
func otherCode(code string, i int) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+byte(1+i%9))%10
	b[5] = '0' + byte(i%10)
	return string(b)
}

// TestHelpdeskRefusedWithoutKeys: with no HelpdeskKeys the helpdesk user
// is refused whatever key it has, and with none; a demo user gets in.
func TestHelpdeskRefusedWithoutKeys(t *testing.T) {
	desk := startDesk(t)
	ts := startHelpdeskServer(t, desk, "")
	wantRefused(t, ts, server.HelpdeskUser, staffKey(t), "a key")
	wantRefused(t, ts, server.HelpdeskUser, nil, "no key")
	c := connect(t, ts.addr, clientOpts{signer: staffKey(t)})
	c.waitFor("Trykk Enter for å byrje.")
	waitLog(t, ts, `msg="auth failed".*user=helpdesk method=publickey`)
}

// TestHelpdeskKeys: a listed key gets the code prompt; an unlisted key
// and no key are refused as helpdesk; a demo user with no key at all
// (auth "none") and one with any key still get the wizard.
func TestHelpdeskKeys(t *testing.T) {
	desk := startDesk(t)
	staff := staffKey(t)
	ts := startHelpdeskServer(t, desk, writeKeys(t, staff))

	h := helpdesk(t, ts, staff)
	if scr := h.screen.Text(); !strings.Contains(scr, "Seks siffer, slik innringjaren les dei opp.") {
		t.Errorf("the code prompt lacks its hint:\n%s", scr)
	}
	wantRefused(t, ts, server.HelpdeskUser, staffKey(t), "an unlisted key")
	wantRefused(t, ts, server.HelpdeskUser, nil, "no key")

	demo := connect(t, ts.addr, clientOpts{})
	demo.waitFor("Trykk Enter for å byrje.")
	keyed := connect(t, ts.addr, clientOpts{signer: staffKey(t)})
	keyed.waitFor("Trykk Enter for å byrje.")
	// The helpdesk user's own key is a demo user's key like any other.
	staffDemo := connect(t, ts.addr, clientOpts{signer: staff})
	staffDemo.waitFor("Trykk Enter for å byrje.")

	// Not a code: six digits or nothing.
	h.press("12a")
	h.press(termtest.Enter)
	h.waitFor("✗ Ein hjelpekode er seks siffer – det du skreiv, har 3 teikn.")
	if n := countLog(ts, "help code not found"); n != 0 {
		t.Errorf("a malformed code was tried on the hub (%d log lines)", n)
	}
}

// TestHelpdeskWrongCodes: five wrong codes from one key, over two
// connections, and the sixth try, even with the right code, says «For
// mange feil kodar», on a new connection too; another listed key still
// joins with the right code.
func TestHelpdeskWrongCodes(t *testing.T) {
	desk := startDesk(t)
	staff, colleague := staffKey(t), staffKey(t)
	ts := startHelpdeskServer(t, desk, writeKeys(t, staff, colleague))
	_, code := sharingCaller(t, ts)

	if server.HelpdeskWrongCodes != 5 {
		t.Fatalf("HelpdeskWrongCodes is %d; the test counts 5", server.HelpdeskWrongCodes)
	}
	first := helpdesk(t, ts, staff)
	for i := range 3 {
		first.giveWrongCode(ts, otherCode(code, i))
	}
	_ = first.sess.Close()
	_ = first.conn.Close()

	second := helpdesk(t, ts, staff)
	for i := 3; i < server.HelpdeskWrongCodes; i++ {
		second.giveWrongCode(ts, otherCode(code, i))
	}
	second.giveCode(code)
	second.waitFor(tooMany)
	if scr := second.screen.Text(); strings.Contains(scr, "Steg 3 av 5") {
		t.Errorf("the right code after five wrong ones showed the journey:\n%s", scr)
	}
	_ = second.sess.Close()
	_ = second.conn.Close()

	third := helpdesk(t, ts, staff)
	third.giveCode(code)
	third.waitFor(tooMany)

	// The budget is the key's: a colleague's key joins.
	other := helpdesk(t, ts, colleague)
	other.giveCode(code)
	other.waitFor("Steg 3 av 5")
	other.waitFor(watchingFor + code[:3] + " " + code[3:] + ": skjermen til innringjaren")
	if n := countLog(ts, "help code not found"); n != server.HelpdeskWrongCodes {
		t.Errorf("%d wrong codes logged, want %d", n, server.HelpdeskWrongCodes)
	}
	if logs := ts.logs.String(); strings.Contains(logs, code) {
		t.Errorf("the log holds the help code:\n%s", logs)
	}
}

// TestHelpdeskWatchesCaller: the right code shows the caller's screen
// (step, guide, what they type as dots); the caller sees the banner and the
// hint sent with Tab and Enter; when the caller's session ends, the helper
// is told.
func TestHelpdeskWatchesCaller(t *testing.T) {
	desk := startDesk(t)
	staff := staffKey(t)
	ts := startHelpdeskServer(t, desk, writeKeys(t, staff))
	caller, code := sharingCaller(t, ts)

	h := helpdesk(t, ts, staff)
	h.giveCode(code)
	h.waitFor("Steg 3 av 5")
	h.waitFor("Logg inn med Commfides")
	h.waitFor(guideTitle)
	h.waitFor(watchingFor + code[:3] + " " + code[3:] + ": skjermen til innringjaren")
	caller.waitFor(bannerLine)
	waitLog(t, ts, `msg="help desk watching"`)

	const nid = "17889033371"
	caller.press(nid)
	caller.screen.WaitInput(t, nid)
	h.screen.WaitInput(t, strings.Repeat("•", len(nid)))
	if scr := h.screen.Text(); strings.Contains(scr, nid) || strings.Contains(scr, nid[:6]) {
		t.Errorf("the helper sees the national ID:\n%s", scr)
	}

	h.press("\t")
	h.waitFor("Send eit tips til skjermen til innringjaren")
	h.press(termtest.Enter)
	h.waitFor("✓ Sendt:")
	caller.waitFor("✉ Frå brukarstøtta: Skriv fødselsnummeret ditt")

	// The caller's client goes: the session ends, and with it sharing.
	_ = caller.sess.Close()
	_ = caller.conn.Close()
	h.screen.WaitFunc(t, func(scr string) bool {
		return strings.Contains(scr, endedLine) || strings.Contains(scr, stopLine)
	})
	if logs := ts.logs.String(); strings.Contains(logs, nid) {
		t.Errorf("the log holds the national ID:\n%s", logs)
	}
	h.press("q")
	if err := h.waitEnd(); err != nil {
		var exit *gossh.ExitError
		if !errors.As(err, &exit) || exit.ExitStatus() != 0 {
			t.Errorf("helpdesk session exit: %v", err)
		}
	}
}

// TestHelpdeskStopLineStays: when the caller presses F2 again the helper
// is told the caller stopped sharing, and that stays so (the caller's
// session goes on: it did not end).
func TestHelpdeskStopLineStays(t *testing.T) {
	desk := startDesk(t)
	staff := staffKey(t)
	ts := startHelpdeskServer(t, desk, writeKeys(t, staff))
	caller, code := sharingCaller(t, ts)
	h := helpdesk(t, ts, staff)
	h.giveCode(code)
	h.waitFor("Steg 3 av 5")
	caller.waitFor(bannerLine)
	caller.press(f2)
	caller.waitFor("Du deler ikkje skjermen lenger.")
	h.waitFor(stopLine)
	// Two heartbeats later it still says so.
	deadline := time.Now().Add(2*hub.HeartbeatEvery + 500*time.Millisecond)
	for time.Now().Before(deadline) {
		if scr := h.screen.Text(); !strings.Contains(scr, stopLine) {
			t.Fatalf("the stop line went:\n%s", scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
