package server_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"github.com/jonboulle/clockwork"
	gossh "golang.org/x/crypto/ssh"

	"github.com/idporten-wizard/idporten-wizard/internal/termtest"
	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/server"
	"github.com/idporten-wizard/idporten-wizard/storage"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testServer is a running server on a loopback port with its store and log.
type testServer struct {
	*server.Server
	addr  string
	store *storage.Store
	logs  *syncBuffer
	dir   string
}

// startServer runs a server on 127.0.0.1 with a free port; change adjusts
// the configuration before it starts.
func startServer(t *testing.T, change func(*server.Config)) *testServer {
	t.Helper()
	dir := t.TempDir()
	st, err := storage.Open(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	logger := log.NewWithOptions(logs, log.Options{Formatter: log.LogfmtFormatter})
	cfg := server.Config{
		Listen:      "127.0.0.1:0",
		HostKeyPath: filepath.Join(dir, "ssh_host_ed25519"),
		Store:       st, NewID: storage.NewID, Logger: logger,
		Limits: server.Limits{ConnRate: 1000, ConnBurst: 1000},
	}
	if change != nil {
		change(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = srv.Serve(ln); close(done) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	})
	return &testServer{Server: srv, addr: ln.Addr().String(), store: st, logs: logs, dir: dir}
}

// client is one SSH session with a PTY whose output feeds a virtual terminal.
type client struct {
	t      testing.TB
	screen *termtest.Screen
	sess   *gossh.Session
	conn   *gossh.Client
	in     io.WriteCloser
	done   chan error
}

type clientOpts struct {
	lang   string   // LANG sent to the server
	env    []string // more environment sent to the server, NAME=value
	user   string   // the SSH user; "demo" when empty
	w, h   int
	signer gossh.Signer
}

func dial(t testing.TB, addr string, o clientOpts) *gossh.Client {
	t.Helper()
	user := "demo"
	if o.user != "" {
		user = o.user
	}
	cfg := &gossh.ClientConfig{User: user, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
	if o.signer != nil {
		cfg.Auth = []gossh.AuthMethod{gossh.PublicKeys(o.signer)}
	}
	c, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	return c
}

// connect opens a session with a PTY and a shell, like `ssh -p PORT host`.
func connect(t testing.TB, addr string, o clientOpts) *client {
	t.Helper()
	if o.w == 0 {
		o.w, o.h = 80, 24
	}
	conn := dial(t, addr, o)
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if o.lang != "" {
		if err := sess.Setenv("LANG", o.lang); err != nil {
			t.Fatal(err)
		}
	}
	for _, kv := range o.env {
		name, value, _ := strings.Cut(kv, "=")
		if err := sess.Setenv(name, value); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.RequestPty("xterm-256color", o.h, o.w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, screen: termtest.New(o.w, o.h), sess: sess, conn: conn, done: make(chan error, 1)}
	sess.Stdout = c.screen
	sess.Stderr = c.screen
	c.in, err = sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- sess.Wait() }()
	go func() { _, _ = io.Copy(c.in, c.screen.Answers()) }()
	t.Cleanup(func() { _ = sess.Close(); _ = conn.Close() })
	return c
}

func (c *client) press(keys ...string) {
	c.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(c.in, k); err != nil {
			c.t.Fatalf("send key: %v", err)
		}
	}
}

func (c *client) waitFor(s string) { c.t.Helper(); c.screen.WaitFor(c.t, s) }

func (c *client) waitMatch(re *regexp.Regexp) []string {
	c.t.Helper()
	return c.screen.WaitMatch(c.t, re)
}

// typeLine types visible text, waits for it on screen, then Enter.
func (c *client) typeLine(s string) {
	c.t.Helper()
	c.press(s)
	// The input's line with all of it: a hint may hold the same text.
	c.screen.WaitInput(c.t, s)
	c.press(termtest.Enter)
}

// typeSecret types hidden text, waits for the bullets, then Enter.
func (c *client) typeSecret(s string) {
	c.t.Helper()
	c.press(s)
	c.waitFor(strings.Repeat("•", len(s)))
	c.press(termtest.Enter)
}

// waitEnd waits for the session to end.
func (c *client) waitEnd() error {
	c.t.Helper()
	select {
	case err := <-c.done:
		return err
	case <-time.After(termtest.Timeout):
		c.t.Fatalf("session did not end; screen:\n%s", c.screen.Text())
		return nil
	}
}

var (
	reDevicePIN  = regexp.MustCompile(`PIN-koden din: (\d{4,8})`)
	reVerifyCode = regexp.MustCompile(`Koden din er (\d{6})`)
	reReceiptID  = regexp.MustCompile(`Referanse: ([0-9a-f-]{36})`)
)

// person is the personal data one test session types.
type person struct {
	nationalID, mobile, email string
}

// register walks a whole Commfides registration with contact data and
// returns the record id shown on the receipt.
func (c *client) register(p person) string {
	c.t.Helper()
	c.waitFor("Trykk Enter for å byrje.")
	c.press(termtest.Enter)
	c.waitFor("Vel elektronisk ID")
	c.press("5")
	c.waitFor("Fødselsnummer eller D-nummer")
	c.typeLine(p.nationalID)
	c.waitFor("Set inn USB-pinnen")
	c.press(termtest.Enter)
	c.typeSecret(c.waitMatch(reDevicePIN)[1])
	c.waitFor("Vil du registrere kontaktinformasjon no?")
	c.press(termtest.Enter)
	// A contact form is focused as it is drawn: typing can start at once.
	c.waitFor("Norsk nummer, 8 siffer")
	c.typeLine(p.mobile)
	c.waitFor("E-postadresse")
	c.typeLine(p.email)
	c.waitFor("Stadfest mobilnummeret")
	c.typeLine(c.waitMatch(reVerifyCode)[1])
	c.waitFor("Stadfest e-postadressa")
	c.typeLine(c.waitMatch(reVerifyCode)[1])
	c.waitFor("Kontaktinformasjonen er stadfesta")
	c.press(termtest.Enter)
	c.waitFor("Sjå over og stadfest")
	c.press(termtest.Enter)
	return c.waitMatch(reReceiptID)[1]
}

// syntheticPerson makes distinct synthetic personal data for session i.
// advance moves a server's clock on by d once a session has a timer armed
// (a session arms its timer in the update that draws its cause, or before
// the line mode prints its question, so a test that has seen that is never
// early).
func advance(t testing.TB, clk *clockwork.FakeClock, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), termtest.Timeout)
	defer cancel()
	if err := clk.BlockUntilContext(ctx, 1); err != nil {
		t.Fatalf("no timer armed to move %s on", d)
	}
	clk.Advance(d)
}

// inGoroutine is a test's t for use in a goroutine of its own: a Fatal
// there reports the failure and ends that goroutine only (FailNow belongs
// to the test's goroutine), and the test goes on to collect the others.
type inGoroutine struct{ testing.TB }

func (g inGoroutine) Fatal(args ...any) { g.Helper(); g.Error(args...); runtime.Goexit() }

func (g inGoroutine) Fatalf(format string, args ...any) {
	g.Helper()
	g.Errorf(format, args...)
	runtime.Goexit()
}

func (g inGoroutine) FailNow() { g.Fail(); runtime.Goexit() }

func syntheticPerson(t testing.TB, i int) person {
	t.Helper()
	birth := time.Date(1960+i%40, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
	n, err := model.SyntheticNationalID(birth, i%500)
	if err != nil {
		t.Fatal(err)
	}
	return person{
		nationalID: n.String(),
		mobile:     "9" + strings.Repeat("0", 7-len(itoa(i))) + itoa(i),
		email:      "person" + itoa(i) + "@eksempel.no",
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// panicky is a wizard that panics when "§" is pressed (a key no
// registration types), for the panic test.
type panicky struct{ *ui.Model }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.Text == "§" {
		panic("test panic")
	}
	_, cmd := p.Model.Update(msg)
	return p, cmd
}

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// nEIDs is how many eIDs the choice offers, as the line mode's "(1–5)" says.
var nEIDs = strconv.Itoa(len(model.EIDs()))
