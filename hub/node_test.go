package hub

// Tests of nodes, permissions and connections against real servers on
// loopback: no mocks, and no fixed sleeps (each wait is for an effect,
// with a deadline).

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// wait is the longest any test waits for an effect.
const wait = 10 * time.Second

// testUsers are the users of the test nodes: callers of nodes a and b, and
// two helpers.
var testUsers = []Cred{
	{User: "ca", Password: "pw-ca", Role: RoleCaller, Node: "a"},
	{User: "cb", Password: "pw-cb", Role: RoleCaller, Node: "b"},
	{User: "h1", Password: "pw-h1", Role: RoleHelper},
	{User: "h2", Password: "pw-h2", Role: RoleHelper},
}

// startNode starts a node, shut down at the test's end.
func startNode(t *testing.T, o NodeOptions) *Node {
	t.Helper()
	if o.Listen == "" && !o.DontListen {
		o.Listen = "127.0.0.1:0"
	}
	n, err := StartNode(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Shutdown)
	return n
}

// client is a connection with what it was told asynchronously.
type client struct {
	*nats.Conn
	errs   chan error
	status chan bool
}

// dial connects as user (a testUsers name, or "" for none) to url.
func dial(t *testing.T, o ConnectOptions, user string) *client {
	t.Helper()
	for _, c := range testUsers {
		if c.User == user {
			o.User, o.Password = c.User, c.Password
		}
	}
	c := &client{errs: make(chan error, 16), status: make(chan bool, 16)}
	o.OnError = func(err error) {
		select {
		case c.errs <- err:
		default:
		}
	}
	o.OnStatus = func(up bool) {
		select {
		case c.status <- up:
		default:
		}
	}
	nc, err := Connect(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	c.Conn = nc
	return c
}

// waitUp waits until c is connected.
func (c *client) waitUp(t *testing.T) {
	t.Helper()
	deadline := time.After(wait)
	for !c.IsConnected() {
		select {
		case <-c.status:
		case err := <-c.errs:
			t.Fatalf("connecting: %v", err)
		case <-deadline:
			t.Fatalf("not connected after %s (status %v)", wait, c.Status())
		}
	}
}

// wantViolation waits for the server's permissions violation about subject.
func (c *client) wantViolation(t *testing.T, kind, subject string) {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case err := <-c.errs:
			if errors.Is(err, nats.ErrPermissionViolation) && strings.Contains(strings.ToLower(err.Error()), kind) &&
				strings.Contains(err.Error(), strconv.Quote(subject)) {
				return
			}
			t.Logf("another error: %v", err)
		case <-deadline:
			t.Fatalf("no permissions violation for %s to %s after %s", kind, subject, wait)
		}
	}
}

// next is the next message on ch.
func next(t *testing.T, ch <-chan *nats.Msg) *nats.Msg {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(wait):
		t.Fatalf("no message after %s", wait)
		return nil
	}
}

// subscribe subscribes c to subject, confirmed by the server.
func (c *client) subscribe(t *testing.T, subject string) <-chan *nats.Msg {
	t.Helper()
	ch := make(chan *nats.Msg, 64)
	if _, err := c.ChanSubscribe(subject, ch); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	return ch
}

// TestPermissions: callers publish their own node's views only and hear
// their own node's hints only; helpers watch every view and cannot
// publish one; a caller answers a join request without rights on _INBOX.
func TestPermissions(t *testing.T) {
	t.Parallel()
	n := startNode(t, NodeOptions{Users: testUsers})
	url := n.ClientURL()
	ca := dial(t, ConnectOptions{URL: url, Name: "caller-a"}, "ca")
	cb := dial(t, ConnectOptions{URL: url, Name: "caller-b"}, "cb")
	h1 := dial(t, ConnectOptions{URL: url, Name: "helper-1"}, "h1")
	h2 := dial(t, ConnectOptions{InProcess: n, Name: "helper-2"}, "h2")
	for _, c := range []*client{ca, cb, h1, h2} {
		c.waitUp(t)
	}
	views := h1.subscribe(t, "idpw.v.>")

	// A caller's own view reaches the helpers.
	if err := ca.Publish("idpw.v.a.s1", []byte("view 1")); err != nil {
		t.Fatal(err)
	}
	if m := next(t, views); m.Subject != "idpw.v.a.s1" || string(m.Data) != "view 1" {
		t.Fatalf("got %s %q", m.Subject, m.Data)
	}

	// Another node's views: neither watched nor published.
	if _, err := ca.Subscribe("idpw.v.>", func(*nats.Msg) {}); err != nil {
		t.Fatal(err)
	}
	ca.wantViolation(t, "subscription", "idpw.v.>")
	if _, err := ca.Subscribe("idpw.v.b.s1", func(*nats.Msg) {}); err != nil {
		t.Fatal(err)
	}
	ca.wantViolation(t, "subscription", "idpw.v.b.s1")
	if err := ca.Publish("idpw.v.b.s1", []byte("forged")); err != nil {
		t.Fatal(err)
	}
	ca.wantViolation(t, "publish", "idpw.v.b.s1")
	// The forged view never arrives: the sentinel after it comes first.
	if err := ca.Publish("idpw.v.a.sentinel", []byte("sentinel")); err != nil {
		t.Fatal(err)
	}
	if m := next(t, views); m.Subject != "idpw.v.a.sentinel" {
		t.Fatalf("after the forged view, got %s %q; want the sentinel", m.Subject, m.Data)
	}

	// Hints reach their own node's caller only.
	hintsA := ca.subscribe(t, "idpw.h.a.>")
	hintsB := cb.subscribe(t, "idpw.h.b.>")
	if _, err := ca.Subscribe("idpw.h.b.>", func(*nats.Msg) {}); err != nil {
		t.Fatal(err)
	}
	ca.wantViolation(t, "subscription", "idpw.h.b.>")
	if err := h1.Publish("idpw.h.a.s1.hint", []byte("to a")); err != nil {
		t.Fatal(err)
	}
	if err := h1.Publish("idpw.h.b.s1.hint", []byte("to b")); err != nil {
		t.Fatal(err)
	}
	if m := next(t, hintsA); string(m.Data) != "to a" {
		t.Fatalf("caller a got %q", m.Data)
	}
	if m := next(t, hintsB); string(m.Data) != "to b" {
		t.Fatalf("caller b got %q", m.Data)
	}

	// A helper asks for a code; a caller answers on the helper's inbox.
	if _, err := ca.Subscribe(SubjectJoin, func(m *nats.Msg) { _ = m.Respond([]byte("node a: " + string(m.Data))) }); err != nil {
		t.Fatal(err)
	}
	if err := ca.Flush(); err != nil {
		t.Fatal(err)
	}
	reply, err := h1.Request(SubjectJoin, []byte("code 123"), wait)
	if err != nil {
		t.Fatalf("join request: %v", err)
	}
	if string(reply.Data) != "node a: code 123" {
		t.Fatalf("reply %q", reply.Data)
	}
	// But a caller has no inbox of its own, nor the right to ask.
	if err := ca.Publish(SubjectJoin, []byte("code")); err != nil {
		t.Fatal(err)
	}
	ca.wantViolation(t, "publish", SubjectJoin)

	// A helper cannot publish a view: the other helper gets only the
	// caller's sentinel after it.
	views2 := h2.subscribe(t, "idpw.v.>")
	if err := h1.Publish("idpw.v.a.s1", []byte("forged by a helper")); err != nil {
		t.Fatal(err)
	}
	h1.wantViolation(t, "publish", "idpw.v.a.s1")
	if err := ca.Publish("idpw.v.a.sentinel", []byte("sentinel 2")); err != nil {
		t.Fatal(err)
	}
	if m := next(t, views2); string(m.Data) != "sentinel 2" {
		t.Fatalf("helper 2 got %s %q; want the sentinel", m.Subject, m.Data)
	}
}

// TestPermissionsOfABadCred: a Cred that does not validate may do nothing.
func TestPermissionsOfABadCred(t *testing.T) {
	t.Parallel()
	for _, c := range []Cred{
		{User: "x", Password: "s3cret-pw", Role: RoleCaller, Node: "a.b"},
		{User: "x", Password: "s3cret-pw", Role: RoleCaller, Node: ">"},
		{User: "x", Password: "s3cret-pw", Role: RoleCaller},
		{User: "x", Password: "s3cret-pw", Role: RoleHelper, Node: "a"},
		{User: "x", Password: "s3cret-pw", Role: "admin"},
		{User: "", Password: "s3cret-pw", Role: RoleHelper},
		{User: "x", Password: "", Role: RoleHelper},
		{User: "x:y", Password: "s3cret-pw", Role: RoleHelper},
		{User: "x", Password: "s3cret pw", Role: RoleHelper},
	} {
		if c.Validate() == nil {
			t.Errorf("%+v validates", c)
		}
		p := Permissions(c)
		if len(p.Publish.Allow) != 0 || len(p.Subscribe.Allow) != 0 || p.Publish.Deny[0] != ">" || p.Subscribe.Deny[0] != ">" {
			t.Errorf("%+v: permissions %+v", c, p)
		}
		if err := c.Validate(); err != nil && c.Password != "" && strings.Contains(err.Error(), c.Password) {
			t.Errorf("the error names the password: %v", err)
		}
	}
	if err := (Cred{User: "x", Password: "s3cret-pw", Role: RoleCaller, Node: strings.Repeat("a", 32)}).Validate(); err != nil {
		t.Error(err)
	}
	if _, err := StartNode(NodeOptions{Listen: "127.0.0.1:0", Users: []Cred{testUsers[0], testUsers[0]}}); err == nil ||
		!strings.Contains(err.Error(), "twice") {
		t.Errorf("a user listed twice: %v", err)
	}
}

// TestRefusesClearTextOffThisMachine: a plain URL to another machine is
// refused before any connection; so is a listener or a route other
// machines reach without TLS.
func TestRefusesClearTextOffThisMachine(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"nats://10.0.0.5:4222", "10.0.0.5:4222", "nats://127.0.0.1:4222,nats://hub.example:4222", "ws://[2001:db8::1]:80"} {
		_, err := Connect(ConnectOptions{URL: u})
		if err == nil || !strings.Contains(err.Error(), "is not on this machine; use tls://") {
			t.Errorf("Connect(%s): %v", u, err)
		}
	}
	_, err := Connect(ConnectOptions{URL: "nats://ca:secret@10.0.0.5:4222"})
	if want := "hub: nats://10.0.0.5:4222 is not on this machine; use tls:// (and --hub-ca) so passwords and views are not sent in clear"; err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
	if _, err := Connect(ConnectOptions{URL: "http://127.0.0.1:4222"}); err == nil || !strings.Contains(err.Error(), "scheme") {
		t.Errorf("http://: %v", err)
	}
	for _, u := range []string{"nats://127.0.0.1:1", "nats://localhost:1", "nats://[::1]:1", "nats://127.8.9.10:1"} {
		if err := checkHubURL(u, false); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	for _, u := range []string{"tls://10.0.0.5:4222", "wss://hub.example:443"} {
		if err := checkHubURL(u, false); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	if err := checkHubURL("nats://10.0.0.5:4222", true); err != nil {
		t.Errorf("with a CA file: %v", err)
	}

	for _, tc := range []struct {
		o    NodeOptions
		want string
	}{
		{NodeOptions{Listen: "0.0.0.0:4222", Users: testUsers}, "hub: listening on 0.0.0.0:4222 needs TLS (--tls-cert, --tls-key): "},
		{NodeOptions{Listen: ":0", Users: testUsers}, "hub: listening on 0.0.0.0:0 needs TLS"},
		{NodeOptions{Listen: "10.0.0.5:4222"}, "hub: listening on 10.0.0.5:4222 needs TLS"},
		{NodeOptions{ClusterListen: "0.0.0.0:6222"}, "hub: the cluster listener on 0.0.0.0:6222 needs TLS"},
		{NodeOptions{Routes: []string{"nats-route://10.0.0.6:6222"}}, "hub: route nats-route://10.0.0.6:6222 is not on this machine"},
		{NodeOptions{Listen: "127.0.0.1:99999"}, "not a number from 0 to 65535"},
		{NodeOptions{Routes: []string{"10.0.0.6"}}, "want nats-route://host:port"},
		{NodeOptions{TLSCert: "cert.pem"}, "both a certificate and its key"},
		{NodeOptions{TLSCA: "ca.pem"}, "--tls-ca needs --tls-cert and --tls-key"},
	} {
		n, err := StartNode(tc.o)
		if err == nil {
			n.Shutdown()
		}
		if err == nil || !strings.HasPrefix(err.Error(), "hub: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("StartNode(%+v): %v\nwant %s", tc.o, err, tc.want)
		}
	}
}

// writeCert writes a self-signed certificate for 127.0.0.1 and its key
// into dir, good for servers and clients.
func writeCert(t *testing.T, dir string) (cert, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "idporten-wizard test hub"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// TestTLS: a node with a certificate takes tls:// connections from
// clients that trust its CA, and a listener on every interface is
// accepted once it has TLS and users.
func TestTLS(t *testing.T) {
	t.Parallel()
	cert, key := writeCert(t, t.TempDir())
	n := startNode(t, NodeOptions{Users: testUsers, TLSCert: cert, TLSKey: key})
	if !strings.HasPrefix(n.ClientURL(), "tls://127.0.0.1:") {
		t.Fatalf("client URL %s", n.ClientURL())
	}
	h := dial(t, ConnectOptions{URL: n.ClientURL(), CAFile: cert}, "h1")
	ca := dial(t, ConnectOptions{URL: n.ClientURL(), CAFile: cert}, "ca")
	h.waitUp(t)
	ca.waitUp(t)
	if !h.TLSRequired() {
		t.Error("the connection is not TLS")
	}
	views := h.subscribe(t, "idpw.v.>")
	if err := ca.Publish("idpw.v.a.s1", []byte("over TLS")); err != nil {
		t.Fatal(err)
	}
	if m := next(t, views); string(m.Data) != "over TLS" {
		t.Fatalf("got %q", m.Data)
	}

	// Every interface: with TLS but no users, refused; with both, it runs.
	if _, err := StartNode(NodeOptions{Listen: "0.0.0.0:0", TLSCert: cert, TLSKey: key}); err == nil || !strings.Contains(err.Error(), "needs users") {
		t.Errorf("all interfaces, TLS, no users: %v", err)
	}
	all := startNode(t, NodeOptions{Listen: "0.0.0.0:0", TLSCert: cert, TLSKey: key, Users: testUsers})
	port := all.Server().Addr().(*net.TCPAddr).Port
	c := dial(t, ConnectOptions{URL: fmt.Sprintf("tls://127.0.0.1:%d", port), CAFile: cert}, "h1")
	c.waitUp(t)
}

// freePort is a TCP port nothing listens on just now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// deliver publishes on pub until sub receives it: interest crosses routes
// a moment after a subscription is made.
func deliver(t *testing.T, pub *client, subject, data string, sub <-chan *nats.Msg) {
	t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(wait)
	for {
		if err := pub.Publish(subject, []byte(data)); err != nil {
			t.Fatal(err)
		}
		select {
		case m := <-sub:
			if string(m.Data) == data {
				return
			}
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%s %q did not arrive within %s", subject, data, wait)
		}
	}
}

// TestCluster: three nodes route to each other; a caller's view on node 1
// reaches a helper on node 3, also while node 2 is down, and node 2 comes
// back with its own store.
func TestCluster(t *testing.T) {
	t.Parallel()
	var cport [3]int
	var dirs [3]string
	for i := range cport {
		cport[i], dirs[i] = freePort(t), t.TempDir()
	}
	opts := func(i int) NodeOptions {
		var routes []string
		for j := range cport {
			if j != i {
				routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", cport[j]))
			}
		}
		return NodeOptions{
			Listen: "127.0.0.1:0", Name: fmt.Sprintf("n%d", i+1), StoreDir: dirs[i], Cluster: "test-hub",
			ClusterListen: fmt.Sprintf("127.0.0.1:%d", cport[i]), Routes: routes, Users: testUsers,
		}
	}
	var nodes [3]*Node
	for i := range nodes {
		n, err := StartNode(opts(i))
		if err != nil {
			t.Fatal(err)
		}
		nodes[i] = n
		t.Cleanup(func() { nodes[i].Shutdown() })
	}
	if want := fmt.Sprintf("nats-route://127.0.0.1:%d", cport[0]); nodes[0].ClusterURL() != want {
		t.Errorf("cluster URL %s, want %s", nodes[0].ClusterURL(), want)
	}
	if !nodes[0].Server().JetStreamEnabled() {
		t.Error("JetStream is off")
	}
	caller := dial(t, ConnectOptions{URL: nodes[0].ClientURL()}, "ca")
	helper := dial(t, ConnectOptions{URL: nodes[2].ClientURL()}, "h1")
	caller.waitUp(t)
	helper.waitUp(t)
	views := helper.subscribe(t, "idpw.v.>")
	deliver(t, caller, "idpw.v.a.s1", "from node 1", views)

	// Node 2 down: 1 and 3 still route.
	nodes[1].Shutdown()
	deliver(t, caller, "idpw.v.a.s1", "node 2 is down", views)

	// Node 2 back, same name and store; a caller on it reaches node 3.
	n2, err := StartNode(opts(1))
	if err != nil {
		t.Fatalf("restarting node 2: %v", err)
	}
	nodes[1] = n2
	caller2 := dial(t, ConnectOptions{URL: n2.ClientURL()}, "ca")
	caller2.waitUp(t)
	deliver(t, caller2, "idpw.v.a.s2", "node 2 is back", views)
	// JetStream's meta group has a leader among the three.
	deadline := time.Now().Add(wait)
	for !nodes[0].Server().JetStreamIsLeader() && !nodes[1].Server().JetStreamIsLeader() && !nodes[2].Server().JetStreamIsLeader() {
		if time.Now().After(deadline) {
			t.Fatalf("no JetStream meta leader after %s", wait)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestConnectBeforeTheHub: a hub that is down at start is not fatal; the
// connection comes up when a node starts on its port, and says so.
func TestConnectBeforeTheHub(t *testing.T) {
	t.Parallel()
	port := freePort(t)
	c := dial(t, ConnectOptions{URL: fmt.Sprintf("nats://127.0.0.1:%d", port), Name: "early"}, "")
	if c.IsConnected() {
		t.Fatal("connected with no hub")
	}
	startNode(t, NodeOptions{Listen: fmt.Sprintf("127.0.0.1:%d", port)})
	select {
	case up := <-c.status:
		if !up {
			t.Fatal("OnStatus(false) first")
		}
	case <-time.After(wait):
		t.Fatalf("OnStatus not told within %s", wait)
	}
	c.waitUp(t)
	ch := c.subscribe(t, "idpw.v.>")
	if err := c.Publish("idpw.v.a.s1", []byte("late")); err != nil {
		t.Fatal(err)
	}
	next(t, ch)
}

// TestInProcess: a node with no listener at all takes in-process
// connections.
func TestInProcess(t *testing.T) {
	t.Parallel()
	n := startNode(t, NodeOptions{DontListen: true, Users: testUsers})
	if n.ClusterURL() != "" {
		t.Errorf("cluster URL %q", n.ClusterURL())
	}
	h := dial(t, ConnectOptions{InProcess: n}, "h1")
	ca := dial(t, ConnectOptions{InProcess: n}, "ca")
	h.waitUp(t)
	ca.waitUp(t)
	views := h.subscribe(t, "idpw.v.>")
	if err := ca.Publish("idpw.v.a.s1", []byte("in process")); err != nil {
		t.Fatal(err)
	}
	next(t, views)
}

// TestConfigFile: a NATS configuration file as operators write it, with
// the options set here overriding it.
func TestConfigFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	conf := filepath.Join(dir, "hub.conf")
	// Port 4 is never a NATS port; --listen below overrides it.
	if err := os.WriteFile(conf, []byte("host: 127.0.0.1\nport: 4\nserver_name: from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	n := startNode(t, NodeOptions{ConfigFile: conf, Listen: "127.0.0.1:0", Users: testUsers})
	if n.Name() != "from-file" || strings.HasSuffix(n.ClientURL(), ":4") {
		t.Errorf("name %s, URL %s", n.Name(), n.ClientURL())
	}
	if _, err := StartNode(NodeOptions{ConfigFile: filepath.Join(dir, "missing.conf")}); err == nil || !strings.Contains(err.Error(), "missing.conf") {
		t.Errorf("a missing config file: %v", err)
	}
	// From the file alone: all interfaces (NATS's default host) and no TLS.
	open := filepath.Join(dir, "open.conf")
	if err := os.WriteFile(open, []byte("port: 4222\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := StartNode(NodeOptions{ConfigFile: open}); err == nil || !strings.Contains(err.Error(), "0.0.0.0:4222 needs TLS") {
		t.Errorf("a config file listening everywhere: %v", err)
	}
}

// TestStartFails: a port in use is told at once, not after the 10 s wait.
func TestStartFails(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	start := time.Now()
	n, err := StartNode(NodeOptions{Listen: l.Addr().String()})
	if err == nil {
		n.Shutdown()
		t.Fatal("started on a port in use")
	}
	if !strings.Contains(err.Error(), "did not start") || time.Since(start) > 5*time.Second {
		t.Errorf("after %s: %v", time.Since(start), err)
	}
}

// TestClusterTLS: a cluster listener other machines reach runs TLS both
// ways: two nodes with certificates from the same CA route to each other.
func TestClusterTLS(t *testing.T) {
	t.Parallel()
	cert, key := writeCert(t, t.TempDir())
	ports := [2]int{freePort(t), freePort(t)}
	var nodes [2]*Node
	for i := range nodes {
		nodes[i] = startNode(t, NodeOptions{
			Name: fmt.Sprintf("t%d", i+1), Users: testUsers, TLSCert: cert, TLSKey: key, TLSCA: cert,
			ClusterListen: fmt.Sprintf("0.0.0.0:%d", ports[i]), Routes: []string{fmt.Sprintf("nats-route://127.0.0.1:%d", ports[1-i])},
		})
	}
	// The route listener speaks TLS only, and wants a client certificate.
	caPEM, err := os.ReadFile(cert)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	pair, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		t.Fatal(err)
	}
	routeAddr := fmt.Sprintf("127.0.0.1:%d", ports[0])
	dialer := &net.Dialer{Timeout: wait}
	conn, err := tls.DialWithDialer(dialer, "tcp", routeAddr, &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair}})
	if err != nil {
		t.Fatalf("TLS to the route listener: %v", err)
	}
	_ = conn.Close()
	conn, err = tls.DialWithDialer(dialer, "tcp", routeAddr, &tls.Config{RootCAs: pool})
	if err == nil {
		// TLS 1.3: the server's refusal comes with the first read.
		_ = conn.SetReadDeadline(time.Now().Add(wait))
		_, err = conn.Read(make([]byte, 1))
		_ = conn.Close()
	}
	if err == nil {
		t.Error("the route listener took a connection without a client certificate")
	}
	caller := dial(t, ConnectOptions{URL: nodes[0].ClientURL(), CAFile: cert}, "ca")
	helper := dial(t, ConnectOptions{URL: nodes[1].ClientURL(), CAFile: cert}, "h1")
	caller.waitUp(t)
	helper.waitUp(t)
	deliver(t, caller, "idpw.v.a.s1", "over a TLS route", helper.subscribe(t, "idpw.v.>"))

	// Without a certificate, refused.
	if _, err := StartNode(NodeOptions{Listen: "127.0.0.1:0", ClusterListen: "0.0.0.0:0"}); err == nil || !strings.Contains(err.Error(), "needs TLS") {
		t.Errorf("a cluster listener on every interface without TLS: %v", err)
	}
}
