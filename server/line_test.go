package server_test

import (
	"context"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/jonboulle/clockwork"

	"github.com/idporten-wizard/idporten-wizard/internal/termtest"
	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/server"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// lineClient is an SSH session in the line mode: its output is kept as
// bytes (there is no screen to draw), its input written by the test.
type lineClient struct {
	t    *testing.T
	sess *gossh.Session
	in   io.WriteCloser
	out  *syncBuffer
	done chan error
}

type lineClientOpts struct {
	env  map[string]string
	pty  string // the PTY's terminal type; "" for no PTY
	feed io.Reader
}

// connectLine opens a session with a shell, with or without a PTY. With
// feed, the session's stdin is that reader (a piped answers file).
func connectLine(t *testing.T, addr string, o lineClientOpts) *lineClient {
	t.Helper()
	conn := dial(t, addr, clientOpts{})
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range o.env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if o.pty != "" {
		if err := sess.RequestPty(o.pty, 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
	}
	c := &lineClient{t: t, sess: sess, out: &syncBuffer{}, done: make(chan error, 1)}
	sess.Stdout, sess.Stderr = c.out, c.out
	if o.feed != nil {
		sess.Stdin = o.feed
	} else if c.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- sess.Wait() }()
	t.Cleanup(func() { _ = sess.Close(); _ = conn.Close() })
	return c
}

// wait waits until the output matches re and returns the submatches.
func (c *lineClient) wait(re string) []string {
	c.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(termtest.Timeout)
	for {
		if m := rx.FindStringSubmatch(c.out.String()); m != nil {
			return m
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("output never matched %q:\n%s", re, c.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// answer types a line as a raw terminal sends it: the characters, then CR.
func (c *lineClient) answer(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.in, s+"\r"); err != nil {
		c.t.Fatalf("type: %v", err)
	}
}

// exit waits for the session to end and returns its exit status.
func (c *lineClient) exit() int {
	c.t.Helper()
	select {
	case err := <-c.done:
		var ee *gossh.ExitError
		switch {
		case errors.As(err, &ee):
			return ee.ExitStatus()
		case err != nil:
			c.t.Fatalf("session: %v", err)
		}
		return 0
	case <-time.After(termtest.Timeout):
		c.t.Fatalf("session did not end:\n%s", c.out.String())
		return -1
	}
}

// noEscapes fails on any ESC byte in the output.
func noEscapes(t *testing.T, out string) {
	t.Helper()
	if i := strings.IndexByte(out, 0x1b); i >= 0 {
		t.Errorf("escape sequence at byte %d: %q", i, out[max(i-40, 0):min(i+20, len(out))])
	}
}

// prompt is the end of a question in a PTY session: its last line, then
// the "> " where the answer goes.
const prompt = `\r\n> $`

// TestLineOverSSHDumbPTY: a client whose PTY is TERM=dumb gets the line
// mode; a person types answers with CR, reading the codes off the
// simulated devices; the record is saved with channel ssh.
func TestLineOverSSHDumbPTY(t *testing.T) {
	ts := startServer(t, nil)
	c := connectLine(t, ts.addr, lineClientOpts{pty: "dumb", env: map[string]string{"LANG": "nn_NO.UTF-8"}})
	p := person{nationalID: "17889033371", mobile: "91234567", email: "kari@eksempel.no"}
	c.wait(`Steg 2 av 5: Vel eID(.|\r\n)*Skriv talet \(1–` + nEIDs + `\)\.` + prompt)
	// Resizing means nothing to lines, and must not stall the session's
	// requests: one wanting a reply still gets it (a refusal).
	for _, w := range []int{100, 60, 80} {
		if err := c.sess.WindowChange(24, w); err != nil {
			t.Fatal(err)
		}
	}
	replied := make(chan struct{})
	go func() { _, _ = c.sess.SendRequest("x-test-ping", true, nil); close(replied) }()
	select {
	case <-replied:
	case <-time.After(5 * time.Second):
		t.Fatal("the session's requests stalled after window changes")
	}
	c.answer("1")
	c.wait(`Skriv talet \(1–3\)\.` + prompt)
	c.answer("1")
	c.wait(`Fødselsnummer eller D-nummer.*\r\n.*` + prompt)
	c.answer(p.nationalID)
	c.wait(`Passord\r\n.*` + prompt)
	c.answer("Passord123")
	code := c.wait(`Den simulerte telefonen viser ein SMS frå MinID med koden (\d{5})\.(.|\r\n)*` + prompt)[1]
	c.answer(code)
	c.wait(`Mobilnummer\r\n.*` + prompt)
	c.answer(p.mobile)
	c.wait(`E-postadresse\r\n.*` + prompt)
	c.answer(p.email)
	code = c.wait(`Kontaktregisteret med koden (\d{6})\.(.|\r\n)*` + prompt)[1]
	c.answer(code)
	code = c.wait(`e-post frå Kontaktregisteret med koden (\d{6})\.(.|\r\n)*` + prompt)[1]
	c.answer(code)
	c.wait(`Skriv talet \(1–3\)\.` + prompt)
	c.answer("1")
	id := c.wait(`Referanse: ([0-9a-f-]{36})`)[1]
	if code := c.exit(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	out := c.out.String()
	noEscapes(t, out)
	if !strings.Contains(out, "> **********\r\n") || !strings.Contains(out, "> "+p.email+"\r\n") {
		t.Errorf("typing not echoed (stars for the password):\n%s", out)
	}
	rec, err := ts.store.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Channel != model.ChannelSSH || rec.Language != "nn" || rec.EID.Kind != model.MinID ||
		rec.Person.NationalID != p.nationalID || rec.ContactRegister.Mobile != "+4791234567" ||
		rec.ContactRegister.Email != p.email {
		t.Errorf("record %+v", rec)
	}
	waitLog(t, ts, `outcome=saved.*mode=line`)
	logs := ts.logs.String()
	for _, secret := range []string{p.nationalID, p.mobile, "+4791234567", p.email, "kari"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q:\n%s", secret, logs)
		}
	}
}

// TestLineOverSSHWithoutPTY: ACCESSIBLE=1 without a PTY (ssh -T) pipes a
// whole answers file; the session saves and exits 0.
func TestLineOverSSHWithoutPTY(t *testing.T) {
	ts := startServer(t, func(c *server.Config) { c.Lang = ui.English })
	answers := strings.Join([]string{"2", "1", "15850651229", "@code", "secret-password",
		"yes", "41234567", "ola@example.no", "@code", "@code", "1"}, "\n") + "\n"
	c := connectLine(t, ts.addr, lineClientOpts{env: map[string]string{"ACCESSIBLE": "1"}, feed: strings.NewReader(answers)})
	if code := c.exit(); code != 0 {
		t.Fatalf("exit status %d:\n%s", code, c.out.String())
	}
	out := c.out.String()
	noEscapes(t, out)
	if strings.Contains(out, "\r") || strings.Contains(out, "> ") {
		t.Errorf("a piped session gets plain lines, no CR and no prompt marks:\n%q", out)
	}
	id := regexp.MustCompile(`Reference: ([0-9a-f-]{36})`).FindStringSubmatch(out)
	if id == nil {
		t.Fatalf("no receipt:\n%s", out)
	}
	rec, err := ts.store.Load(id[1])
	if err != nil {
		t.Fatal(err)
	}
	if rec.Channel != model.ChannelSSH || rec.Language != "en" || rec.EID.Kind != model.BankID ||
		rec.ContactRegister.Mobile != "+4741234567" || rec.ContactRegister.Email != "ola@example.no" {
		t.Errorf("record %+v", rec)
	}
	waitLog(t, ts, `outcome=saved.*mode=line`)
}

// TestLineOverSSHInputEnds: a piped file that ends before the save gives
// the closing line and exit status 1, so a script sees it failed.
func TestLineOverSSHInputEnds(t *testing.T) {
	ts := startServer(t, nil)
	c := connectLine(t, ts.addr, lineClientOpts{env: map[string]string{"ACCESSIBLE": "1"}, feed: strings.NewReader("5\n17889033371\n")})
	if code := c.exit(); code != 1 {
		t.Errorf("exit status %d", code)
	}
	if !strings.HasSuffix(c.out.String(), "Svara tok slutt før registreringa vart lagra. Ingenting er lagra.\n") {
		t.Errorf("no closing line:\n%s", c.out.String())
	}
	waitLog(t, ts, `outcome=abandoned.*mode=line`)
	if recs, _ := ts.store.List(); len(recs) != 0 {
		t.Errorf("%d records", len(recs))
	}
}

// TestLineOverSSHChoice: which sessions get the line mode, and that a
// session without a PTY still needs ACCESSIBLE.
func TestLineOverSSHChoice(t *testing.T) {
	ts := startServer(t, nil)
	for name, tc := range map[string]struct {
		o    lineClientOpts
		want string
	}{
		"xterm PTY with ACCESSIBLE=1": {lineClientOpts{pty: "xterm-256color", env: map[string]string{"ACCESSIBLE": "1"}}, "Steg 2 av 5: Vel eID"},
		"no PTY with TERM=dumb":       {lineClientOpts{env: map[string]string{"TERM": "dumb"}}, "Steg 2 av 5: Vel eID"},
		"no PTY with ACCESSIBLE=0":    {lineClientOpts{env: map[string]string{"ACCESSIBLE": "0"}}, "Vegvisaren treng ein terminal"},
		"no PTY and nothing asked":    {lineClientOpts{}, "Vegvisaren treng ein terminal"},
	} {
		t.Run(name, func(t *testing.T) {
			c := connectLine(t, ts.addr, tc.o)
			c.wait(regexp.QuoteMeta(tc.want))
			noEscapes(t, c.out.String())
		})
	}
}

// TestLineOverSSHShutdown: a server shutdown says when it closes, then ends
// a line session with the closing line and exit status 75 (not saved, try
// later); the log says server_closed.
func TestLineOverSSHShutdown(t *testing.T) {
	clk := clockwork.NewFakeClock()
	ts := startServer(t, func(c *server.Config) { c.Clock = clk })
	c := connectLine(t, ts.addr, lineClientOpts{pty: "dumb"})
	c.wait(`Skriv talet \(1–` + nEIDs + `\)\.` + prompt)
	c.answer("5")
	c.wait(`Fødselsnummer eller D-nummer.*\r\n.*` + prompt)
	ctx, cancel := context.WithTimeout(context.Background(), termtest.Timeout)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- ts.Shutdown(ctx) }()
	c.wait(`> \r\nTenaren stengjer om 60 sekund – fullfør no\.\r\n> `)
	advance(t, clk, server.DefaultLimits.ShutdownGrace)
	c.wait(`\r\nTenaren stengjer no\. Det du ikkje har lagra, blir ikkje teke vare på\. Ha det bra!\r\n$`)
	if err := <-shut; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if code := c.exit(); code != 75 {
		t.Errorf("exit status %d, want 75 (not saved: the server closed)", code)
	}
	waitLog(t, ts, `outcome=server_closed.*mode=line`)
}

// TestLineOverSSHIdle: no answer for the idle timeout: a warning, then
// the goodbye; the log says timed_out.
func TestLineOverSSHIdle(t *testing.T) {
	clk := clockwork.NewFakeClock()
	ts := startServer(t, func(c *server.Config) { c.Clock = clk })
	c := connectLine(t, ts.addr, lineClientOpts{pty: "dumb"})
	c.wait(`Skriv talet \(1–` + nEIDs + `\)\.` + prompt)
	advance(t, clk, server.DefaultIdleTimeout-ui.IdleWarning)
	c.wait(`Er du framleis der\? .*om 30 sekund`)
	advance(t, clk, ui.IdleWarning)
	c.wait(`Økta er avslutta fordi ingen tast er trykt på ei stund\. Ha det bra!\r\n$`)
	if code := c.exit(); code != 124 {
		t.Errorf("exit status %d, want 124 (not saved: timed out)", code)
	}
	waitLog(t, ts, `outcome=timed_out.*mode=line`)
}
