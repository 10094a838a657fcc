package server_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/jonboulle/clockwork"

	"github.com/idporten-wizard/idporten-wizard/internal/termtest"
	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/server"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// TestRegistrationOverSSH completes a registration with a Go SSH client
// (PTY requested) and finds the record, channel ssh.
func TestRegistrationOverSSH(t *testing.T) {
	ts := startServer(t, nil)
	c := connect(t, ts.addr, clientOpts{lang: "nn_NO.UTF-8"})
	p := person{nationalID: "17889033371", mobile: "91234567", email: "kari@eksempel.no"}
	id := c.register(p)
	rec, err := ts.store.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Channel != model.ChannelSSH || rec.Language != "nn" || rec.Person.NationalID != p.nationalID ||
		rec.ContactRegister.Mobile != "+4791234567" || rec.ContactRegister.Email != p.email {
		t.Errorf("record %+v", rec)
	}
	c.press("q")
	if err := c.waitEnd(); err != nil {
		t.Errorf("session exit: %v", err)
	}
	waitLog(t, ts, `outcome=saved`)
}

// TestLanguageFromClientLANG: nb_NO and no_NO give Bokmål, nn_NO Nynorsk,
// anything else the server's language.
func TestLanguageFromClientLANG(t *testing.T) {
	ts := startServer(t, func(c *server.Config) { c.Lang = ui.English })
	for lang, want := range map[string]string{
		"nb_NO.UTF-8": "Registrer ny bruker i ID-porten",
		"no_NO":       "Registrer ny bruker i ID-porten",
		"nn_NO.UTF-8": "Registrer ny brukar i ID-porten",
		"de_DE.UTF-8": "Register a new user in ID-porten",
		"":            "Register a new user in ID-porten",
	} {
		t.Run(lang, func(t *testing.T) {
			c := connect(t, ts.addr, clientOpts{lang: lang})
			c.waitFor(want)
		})
	}
}

// TestResizeOverSSH: the client's window changes reach the wizard.
func TestResizeOverSSH(t *testing.T) {
	ts := startServer(t, nil)
	c := connect(t, ts.addr, clientOpts{w: 100, h: 30})
	c.waitFor("Trykk Enter for å byrje.")
	c.screen.Resize(40, 12)
	if err := c.sess.WindowChange(12, 40); err != nil {
		t.Fatal(err)
	}
	c.waitFor("Vindauget er for lite (40×12).")
	c.screen.Resize(80, 24)
	if err := c.sess.WindowChange(24, 80); err != nil {
		t.Fatal(err)
	}
	c.waitFor("Trykk Enter for å byrje.")
}

// refusedOutput runs a session that the server refuses and returns its
// output and exit status.
func refusedOutput(t *testing.T, run func(*gossh.Session) error, addr string) (string, int) {
	t.Helper()
	conn := dial(t, addr, clientOpts{})
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var out strings.Builder
	sess.Stdout, sess.Stderr = &out, &out
	err = run(sess)
	var exit *gossh.ExitError
	code := 0
	if errors.As(err, &exit) {
		code = exit.ExitStatus()
	} else if err != nil {
		t.Fatalf("session: %v", err)
	}
	return out.String(), code
}

func TestRefusals(t *testing.T) {
	ts := startServer(t, nil)
	t.Run("no PTY", func(t *testing.T) {
		out, code := refusedOutput(t, func(s *gossh.Session) error {
			if err := s.Shell(); err != nil {
				return err
			}
			return s.Wait()
		}, ts.addr)
		if code != 1 || !strings.Contains(out, "treng ein terminal") {
			t.Errorf("exit %d, output %q", code, out)
		}
	})
	t.Run("exec command", func(t *testing.T) {
		out, code := refusedOutput(t, func(s *gossh.Session) error { return s.Run("ls -la") }, ts.addr)
		if code != 1 || !strings.Contains(out, "køyrer ikkje kommandoar") {
			t.Errorf("exit %d, output %q", code, out)
		}
	})
	t.Run("port forwarding", func(t *testing.T) {
		conn := dial(t, ts.addr, clientOpts{})
		defer conn.Close()
		if c, err := conn.Dial("tcp", "127.0.0.1:22"); err == nil {
			c.Close()
			t.Error("local port forwarding was allowed")
		}
		if l, err := conn.Listen("tcp", "127.0.0.1:0"); err == nil {
			l.Close()
			t.Error("remote port forwarding was allowed")
		}
	})
	t.Run("agent forwarding", func(t *testing.T) {
		// The request is acknowledged by the SSH library, but forwarding
		// needs the server to open agent channels back to the client, and
		// it never does.
		conn := dial(t, ts.addr, clientOpts{})
		defer conn.Close()
		agentChans := conn.HandleChannelOpen("auth-agent@openssh.com")
		sess, err := conn.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		_, _ = sess.SendRequest("auth-agent-req@openssh.com", true, nil)
		if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		if err := sess.Shell(); err != nil {
			t.Fatal(err)
		}
		select {
		case ch := <-agentChans:
			_ = ch.Reject(gossh.Prohibited, "test")
			t.Error("the server opened an agent channel")
		case <-time.After(700 * time.Millisecond):
		}
	})
	waitLog(t, ts, `reason=no_pty`)
	waitLog(t, ts, `reason=exec`)
}

// TestSessionCap: over --max-sessions a newcomer gets the busy line;
// the open session is untouched.
func TestSessionCap(t *testing.T) {
	ts := startServer(t, func(c *server.Config) { c.MaxSessions = 1 })
	first := connect(t, ts.addr, clientOpts{lang: "nb_NO.UTF-8"})
	first.waitFor("Trykk Enter for å begynne.")
	// de_DE is not one of ours: the server's language (Nynorsk) answers.
	second := connect(t, ts.addr, clientOpts{lang: "de_DE.UTF-8"})
	second.waitFor("Tenaren er oppteken no. Prøv igjen om eit minutt.")
	if err := second.waitEnd(); err == nil {
		t.Error("the refused session ended with status 0")
	}
	first.press(termtest.Enter)
	first.waitFor("Velg elektronisk ID")
	waitLog(t, ts, `reason=max_sessions`)
}

// TestRateLimit: connections beyond the per-address burst are closed
// before the handshake (a flood costs nothing), and the log says why.
func TestRateLimit(t *testing.T) {
	ts := startServer(t, func(c *server.Config) { c.ConnRate, c.ConnBurst = 0.01, 2 })
	for i := 0; i < 2; i++ {
		c := connect(t, ts.addr, clientOpts{})
		c.waitFor("Trykk Enter for å byrje.")
	}
	if c, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "x", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second}); err == nil {
		c.Close()
		t.Fatal("a third connection within the burst got in")
	}
	waitLog(t, ts, `reason=conn_rate`)
}

// TestIdleWarningAndTimeout: key presses, not traffic, count; the warning
// counts down; any key continues; at the limit a goodbye ends the session.
func TestIdleWarningAndTimeout(t *testing.T) {
	// The server's defaults (10 minutes, the last 30 s a warning) on a
	// clock the test moves.
	clk := clockwork.NewFakeClock()
	ts := startServer(t, func(c *server.Config) { c.Clock = clk })
	c := connect(t, ts.addr, clientOpts{})
	c.waitFor("Trykk Enter for å byrje.")
	c.press(termtest.Enter)
	c.waitFor("Vel elektronisk ID")
	advance(t, clk, server.DefaultIdleTimeout-ui.IdleWarning)
	c.waitFor("Er du framleis der?")
	c.waitMatch(regexpMust(`avslutta om 30 sekund`))
	c.press("x") // any key continues where the person was
	c.waitFor("Vel elektronisk ID")
	if strings.Contains(c.screen.Text(), "Er du framleis der?") {
		t.Error("warning still shown after a key")
	}
	advance(t, clk, server.DefaultIdleTimeout-ui.IdleWarning)
	c.waitFor("Er du framleis der?")
	advance(t, clk, ui.IdleWarning)
	c.waitFor("Økta er avslutta fordi ingen tast er trykt på ei stund.")
	advance(t, clk, time.Minute) // the goodbye is read, then the session ends
	if err := c.waitEnd(); err != nil {
		t.Errorf("session exit: %v", err)
	}
	waitLog(t, ts, `outcome=timed_out`)
}

// TestPanicLeavesOthersWorking: a panicking session gets an apology line;
// another session goes on to save.
func TestPanicLeavesOthersWorking(t *testing.T) {
	ts := startServer(t, func(c *server.Config) {
		c.NewModel = func(o ui.Options) tea.Model { return panicky{ui.New(o)} }
	})
	other := connect(t, ts.addr, clientOpts{})
	other.waitFor("Trykk Enter for å byrje.")
	victim := connect(t, ts.addr, clientOpts{})
	victim.waitFor("Trykk Enter for å byrje.")
	victim.press("§")
	victim.waitFor("Orsak, noko gjekk gale i vegvisaren")
	victim.waitEnd()
	waitLog(t, ts, `outcome=crashed`)

	id := other.register(person{nationalID: "15850651229", mobile: "41234567", email: "ola@eksempel.no"})
	if _, err := ts.store.Load(id); err != nil {
		t.Fatal(err)
	}
}

// TestShutdownLetsSavesFinish: on shutdown a save in flight completes, the
// session is told the server is closing, and no partial file is left.
func TestShutdownLetsSavesFinish(t *testing.T) {
	clk := clockwork.NewFakeClock()
	gate := &gatedStore{entered: make(chan struct{}), release: make(chan struct{})}
	ts := startServer(t, func(c *server.Config) {
		gate.Store = c.Store
		c.Store = gate
		c.Clock = clk
	})
	c := connect(t, ts.addr, clientOpts{})
	c.waitFor("Trykk Enter for å byrje.")
	c.press(termtest.Enter)
	c.waitFor("Vel elektronisk ID")
	c.press("5")
	c.waitFor("Fødselsnummer eller D-nummer")
	c.typeLine("17889033371")
	c.waitFor("Set inn USB-pinnen")
	c.press(termtest.Enter)
	c.typeSecret(c.waitMatch(reDevicePIN)[1])
	c.waitFor("Vil du registrere kontaktinformasjon no?")
	c.press(termtest.Down)
	c.waitFor("> Nei, hopp over")
	c.press(termtest.Enter)
	c.waitFor("Ingen kontaktinformasjon no")
	c.press(termtest.Enter)
	c.waitFor("Sjå over og stadfest")
	c.press(termtest.Enter)
	c.waitFor("Lagrar registreringa")
	<-gate.entered

	ctx, cancel := context.WithTimeout(context.Background(), termtest.Timeout)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- ts.Shutdown(ctx) }()
	c.waitFor("Tenaren stengjer om 60 sekund")
	// The whole grace passes with the save still going: it is waited for.
	advance(t, clk, server.DefaultLimits.ShutdownGrace)
	select {
	case err := <-shut:
		t.Fatalf("shutdown ended (%v) with a save in flight", err)
	default:
	}
	close(gate.release)
	c.waitFor("Tenaren stengjer no.")
	advance(t, clk, 2*time.Second) // the goodbye is read (well inside the save grace)
	c.waitEnd()
	if err := <-shut; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	recs, problems := ts.store.List()
	if len(recs) != 1 || len(problems) != 0 {
		t.Fatalf("after shutdown: %d records, problems %v", len(recs), problems)
	}
	entries, _ := os.ReadDir(ts.store.Dir())
	if len(entries) != 1 {
		t.Errorf("data dir holds %d entries, want the one record", len(entries))
	}
	// After shutdown nobody gets in.
	if _, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "x", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Second}); err == nil {
		t.Error("server still accepts connections after shutdown")
	}
}

// gatedStore holds each save until release is closed (entered is closed
// when the first one starts), so a shutdown can catch one in flight.
type gatedStore struct {
	ui.Store
	once             sync.Once
	entered, release chan struct{}
}

func (s *gatedStore) Save(r model.Record) (string, error) {
	s.once.Do(func() { close(s.entered) })
	<-s.release
	return s.Store.Save(r)
}

// TestLoad100 runs 100 sessions at once, each completing a registration:
// 100 distinct valid files, none lost.
func TestLoad100(t *testing.T) {
	const n = 100
	// One address opens all of them: a load test, not a room behind a NAT.
	ts := startServer(t, func(c *server.Config) {
		c.PerSourceConnections, c.PerSourceStartups, c.PerSourceSessions = n, n, n
		c.Startups = server.Startups{Start: n, Rate: 30, Full: 2 * n}
	})
	old := termtest.Timeout
	termtest.Timeout = 90 * time.Second
	defer func() { termtest.Timeout = old }()

	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			t := inGoroutine{t}
			c := connect(t, ts.addr, clientOpts{})
			ids[i] = c.register(syntheticPerson(t, i))
		})
	}
	wg.Wait()
	recs, problems := ts.store.List()
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	seen := map[string]bool{}
	for _, r := range recs {
		seen[r.ID] = true
	}
	for i, id := range ids {
		if !seen[id] {
			t.Errorf("session %d's record %s is missing", i, id)
		}
	}
	if len(recs) != n || len(seen) != n {
		t.Errorf("%d records (%d distinct), want %d", len(recs), len(seen), n)
	}
}

// TestNoPersonalDataInLogs runs whole sessions with known personal data and
// checks none of it, in any spelling, reaches the log.
func TestNoPersonalDataInLogs(t *testing.T) {
	ts := startServer(t, nil)
	people := []person{
		{nationalID: "17889033371", mobile: "98765432", email: "Kari.Nordmann@eksempel.no"},
		{nationalID: "55850651212", mobile: "41234567", email: "ola@eksempel.no"},
	}
	for _, p := range people {
		c := connect(t, ts.addr, clientOpts{})
		c.register(p)
		c.press("q")
		c.waitEnd()
	}
	waitLog(t, ts, `outcome=saved`)
	logs := ts.logs.String()
	for _, p := range people {
		e164, _ := model.ParseMobile(p.mobile)
		n, _ := model.ParseNationalID(p.nationalID, time.Now())
		for _, secret := range []string{p.nationalID, n.Formatted(), p.nationalID[6:], p.mobile, e164,
			model.FormatMobile(e164), p.email, strings.ToLower(p.email), strings.Split(p.email, "@")[0]} {
			if strings.Contains(logs, secret) {
				t.Errorf("the log holds %q:\n%s", secret, logs)
			}
		}
	}
	if !strings.Contains(logs, "session open") || !strings.Contains(logs, "session close") {
		t.Errorf("the log lacks the session lines:\n%s", logs)
	}
}

// TestHostKeyGeneratedAndReused: the key is made on first start and the
// same one is used on the next.
func TestHostKeyGeneratedAndReused(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "hk")
	fp := func() string {
		srv, err := server.New(server.Config{HostKeyPath: key, Listen: "127.0.0.1:0", Store: nopStore{}, NewID: func() string { return "" }})
		if err != nil {
			t.Fatal(err)
		}
		f, err := srv.Fingerprint()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	a, b := fp(), fp()
	if a != b || !strings.HasPrefix(a, "SHA256:") {
		t.Errorf("fingerprints %q then %q", a, b)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("host key %v mode %v", err, fi.Mode())
	}
}

// TestAuthorizedKeys: with an authorized_keys file only its keys get in.
func TestAuthorizedKeys(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string) gossh.Signer {
		path := filepath.Join(dir, name)
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v %s", err, out)
		}
		pem, _ := os.ReadFile(path)
		s, err := gossh.ParsePrivateKey(pem)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	allowed, other := mk("allowed"), mk("other")
	pub, _ := os.ReadFile(filepath.Join(dir, "allowed.pub"))
	ak := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(ak, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, func(c *server.Config) { c.AuthorizedKeys = ak })
	c := connect(t, ts.addr, clientOpts{signer: allowed})
	c.waitFor("Trykk Enter for å byrje.")
	cfg := &gossh.ClientConfig{User: "demo", HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Auth: []gossh.AuthMethod{gossh.PublicKeys(other)}, Timeout: 5 * time.Second}
	if conn, err := gossh.Dial("tcp", ts.addr, cfg); err == nil {
		conn.Close()
		t.Error("a key not in authorized_keys got in")
	}
	if conn, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "demo",
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second}); err == nil {
		conn.Close()
		t.Error("a client without a key got in")
	}
}

// waitLog waits until the server's log matches re.
func waitLog(t *testing.T, ts *testServer, re string) {
	t.Helper()
	rx := regexpMust(re)
	deadline := time.Now().Add(termtest.Timeout)
	for !rx.MatchString(ts.logs.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("log never matched %q:\n%s", re, ts.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// nopStore is a store for tests that never save.
type nopStore struct{}

func (nopStore) Save(model.Record) (string, error) { return "", errors.New("not saving") }
func (nopStore) Dir() string                       { return "" }

// TestNoColorFromClient: a client sending NO_COLOR=yes (any value, as
// no-color.org says) gets no colour; without it the same screen has colour.
func TestNoColorFromClient(t *testing.T) {
	ts := startServer(t, nil)
	for _, tc := range []struct {
		env  []string
		want bool
	}{{nil, true}, {[]string{"NO_COLOR=yes"}, false}} {
		c := connect(t, ts.addr, clientOpts{env: tc.env})
		c.waitFor("Trykk Enter for å byrje.")
		c.press(termtest.Enter)
		c.waitFor("Vel elektronisk ID")
		if got := c.screen.HasColour(); got != tc.want {
			t.Errorf("env %v: colour %v, want %v:\n%s", tc.env, got, tc.want, c.screen.Styles())
		}
	}
}

// TestGuideUser: ssh guide@host gets the help-desk guide beside the wizard;
// any other user does not.
func TestGuideUser(t *testing.T) {
	ts := startServer(t, nil)
	guide := connect(t, ts.addr, clientOpts{user: server.GuideUser, w: 120, h: 30})
	guide.waitFor("Trykk Enter for å byrje.")
	guide.waitFor("Rettleiing for brukarstøtta")
	guide.press(termtest.Enter)
	guide.waitFor("Innringjaren ser: Lista over dei fem")
	other := connect(t, ts.addr, clientOpts{w: 120, h: 30})
	other.waitFor("Trykk Enter for å byrje.")
	if strings.Contains(other.screen.Text(), "Rettleiing for brukarstøtta") {
		t.Error("the guide shows for an ordinary user")
	}
	// Ctrl+G shows it for anyone who is not on a kiosk.
	other.press("\x07")
	other.waitFor("Rettleiing for brukarstøtta")
}
