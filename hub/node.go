package hub

// A hub node (an embedded NATS server), the users it knows and what each
// may do, and connecting to one.

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"charm.land/log/v2"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"golang.org/x/crypto/bcrypt"
)

// Subjects. Nothing personal is ever in a subject: node and session names are random.
const (
	SubjectJoin    = "idpw.join" // a helper asks the callers for a help code (request/reply)
	viewPrefix     = "idpw.v"    // idpw.v.<node>.<session>: a caller's masked view
	toCallerPrefix = "idpw.h"    // idpw.h.<node>.<session>.<kind>: a helper's hints and heartbeats
)

// Role is what a hub user is: a caller (a kiosk or a serve process, which
// shares its sessions) or a helper (who watches them).
type Role string

// The roles.
const (
	RoleCaller Role = "caller"
	RoleHelper Role = "helper"
)

// Cred is one user of the hub.
type Cred struct {
	User, Password string
	Role           Role
	// Node is, for a caller, the node name it publishes as (one kiosk or
	// one serve process); a helper has none.
	Node string
}

// nodeNameRE is what a node name may be: one plain subject token.
var nodeNameRE = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)

// Validate says what is wrong with c, if anything. The password is never
// part of the message.
func (c Cred) Validate() error {
	if c.User == "" {
		return errors.New("hub: a user with no name")
	}
	if strings.ContainsFunc(c.User, isSpaceOrControl) || strings.Contains(c.User, ":") {
		return fmt.Errorf("hub: user %q: no spaces, control characters or colons in a user name", c.User)
	}
	if c.Password == "" {
		return fmt.Errorf("hub: user %s has no password", c.User)
	}
	if strings.ContainsFunc(c.Password, isSpaceOrControl) {
		return fmt.Errorf("hub: user %s: no spaces or control characters in a password", c.User)
	}
	switch c.Role {
	case RoleCaller:
		if !nodeNameRE.MatchString(c.Node) {
			return fmt.Errorf("hub: caller %s: node %q must be 1 to 32 of a-z, 0-9 and -", c.User, c.Node)
		}
	case RoleHelper:
		if c.Node != "" {
			return fmt.Errorf("hub: helper %s: a helper watches every node, so it has no node (%q)", c.User, c.Node)
		}
	default:
		return fmt.Errorf("hub: user %s: unknown role %q: use %s or %s", c.User, c.Role, RoleCaller, RoleHelper)
	}
	return nil
}

func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f || (r >= 0x80 && r <= 0x9f) }

// Permissions is what c may publish and subscribe to:
//   - a caller publishes its own node's views (idpw.v.<node>.>), hears join
//     requests (idpw.join) and its own node's hints and heartbeats
//     (idpw.h.<node>.>), and may answer a request it received once, within a
//     minute, without any right on _INBOX.>;
//   - a helper asks for help codes (idpw.join), sends hints and heartbeats
//     to any node (idpw.h.>), watches every view (idpw.v.>) and gets its
//     replies (_INBOX.>).
//
// A Cred that does not Validate may do nothing at all.
func Permissions(c Cred) *server.Permissions {
	if c.Validate() != nil {
		return &server.Permissions{
			Publish:   &server.SubjectPermission{Deny: []string{">"}},
			Subscribe: &server.SubjectPermission{Deny: []string{">"}},
		}
	}
	if c.Role == RoleCaller {
		return &server.Permissions{
			Publish:   &server.SubjectPermission{Allow: []string{viewPrefix + "." + c.Node + ".>"}},
			Subscribe: &server.SubjectPermission{Allow: []string{SubjectJoin, toCallerPrefix + "." + c.Node + ".>"}},
			Response:  &server.ResponsePermission{MaxMsgs: 1, Expires: time.Minute},
		}
	}
	return &server.Permissions{
		Publish:   &server.SubjectPermission{Allow: []string{SubjectJoin, toCallerPrefix + ".>"}},
		Subscribe: &server.SubjectPermission{Allow: []string{viewPrefix + ".>", "_INBOX.>"}},
	}
}

// DefaultListen is where a node listens unless told otherwise: this machine only.
const DefaultListen = "127.0.0.1:4222"

// DefaultClusterListen is a node's cluster listener when it has routes or a
// cluster name but no cluster listener of its own.
const DefaultClusterListen = "127.0.0.1:6222"

// DefaultClusterName is the cluster's name when a node has a cluster
// listener but no name for its cluster.
const DefaultClusterName = "idpw-hub"

// NodeOptions configure a hub node.
type NodeOptions struct {
	// Listen is host:port for clients, DefaultListen when empty (and there
	// is no ConfigFile); port 0 is a free port. A host other than this
	// machine (127.0.0.0/8, ::1, localhost) needs TLSCert and TLSKey.
	Listen string
	// Name is the server's name; in a cluster each node needs its own,
	// the same across restarts.
	Name string
	// StoreDir is JetStream's folder (made 0700 if missing); "" is no JetStream.
	// In a cluster each node needs its own.
	StoreDir string
	// Cluster is the cluster's name (DefaultClusterName when there is a
	// cluster listener and no name).
	Cluster string
	// ClusterListen is host:port for the other nodes' routes; port 0 is a
	// free port. DefaultClusterListen when there are Routes or a Cluster
	// name but no cluster listener. A host other than this machine needs
	// TLS, as do routes to other machines: both ways, so each node's
	// certificate must be good for server and client authentication, signed
	// by TLSCA (or a CA the system trusts).
	ClusterListen string
	// Routes are the other nodes' cluster URLs, nats-route://host:port.
	Routes []string
	// ConfigFile is a NATS server configuration file as operators write it
	// (server.ProcessConfigFile); the fields above override it only where
	// they are set.
	ConfigFile string
	// Users are the hub's users, each with Permissions. None: anyone on
	// this machine may connect and do anything (refused on a listener
	// other machines reach).
	Users []Cred
	// TLSCert and TLSKey are the node's certificate and key (PEM files);
	// TLSCA is the CA of the other nodes' certificates, for routes.
	// Clients log in with a password, not a certificate.
	TLSCert, TLSKey, TLSCA string
	// DontListen: no TCP listener, only in-process connections.
	DontListen bool
	// Logger gets the server's notices, warnings and errors; nil: none.
	Logger *log.Logger
}

// Node is a running hub node.
type Node struct {
	ns *server.Server
}

// StartNode checks o, starts a node and waits until it takes connections.
func StartNode(o NodeOptions) (*Node, error) {
	opts, err := o.serverOptions()
	if err != nil {
		return nil, err
	}
	if opts.JetStream && opts.StoreDir != "" {
		if err := os.MkdirAll(opts.StoreDir, 0o700); err != nil {
			return nil, fmt.Errorf("hub: JetStream folder: %w", err)
		}
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	lg := &nodeLogger{l: o.Logger, fatal: make(chan string, 1)}
	ns.SetLoggerV2(lg, false, false, false)
	// Start returns once the client listener is open, or has failed (a
	// failure the server tells its logger as fatal).
	ns.Start()
	deadline := time.Now().Add(10 * time.Second)
	for !ns.ReadyForConnections(50 * time.Millisecond) {
		select {
		case msg := <-lg.fatal:
			ns.Shutdown()
			ns.WaitForShutdown()
			return nil, fmt.Errorf("hub: the node did not start: %s", msg)
		default:
		}
		if time.Now().After(deadline) {
			ns.Shutdown()
			ns.WaitForShutdown()
			return nil, errors.New("hub: the node was not ready for connections within 10s")
		}
	}
	select {
	case msg := <-lg.fatal: // JetStream, say, after the listeners opened
		ns.Shutdown()
		ns.WaitForShutdown()
		return nil, fmt.Errorf("hub: the node did not start: %s", msg)
	default:
	}
	return &Node{ns: ns}, nil
}

// serverOptions turns o into the server's options, refusing what would
// put passwords or views on the network in clear.
func (o NodeOptions) serverOptions() (*server.Options, error) {
	opts := &server.Options{}
	if o.ConfigFile != "" {
		var err error
		if opts, err = server.ProcessConfigFile(o.ConfigFile); err != nil {
			return nil, fmt.Errorf("hub: config file %s: %w", o.ConfigFile, err)
		}
	} else if o.Listen == "" {
		o.Listen = DefaultListen
	}
	if o.Listen != "" {
		host, port, err := splitListen(o.Listen)
		if err != nil {
			return nil, fmt.Errorf("hub: listen address %q: %w", o.Listen, err)
		}
		opts.Host, opts.Port = host, port
	}
	if o.DontListen {
		opts.DontListen = true
	}
	if o.Name != "" {
		opts.ServerName = o.Name
	}
	if o.StoreDir != "" {
		opts.JetStream, opts.StoreDir = true, o.StoreDir
	}
	if o.Cluster != "" {
		opts.Cluster.Name = o.Cluster
	}
	if o.ClusterListen == "" && opts.Cluster.Port == 0 && (len(o.Routes) > 0 || o.Cluster != "") {
		o.ClusterListen = DefaultClusterListen
	}
	if o.ClusterListen != "" {
		host, port, err := splitListen(o.ClusterListen)
		if err != nil {
			return nil, fmt.Errorf("hub: cluster listen address %q: %w", o.ClusterListen, err)
		}
		opts.Cluster.Host, opts.Cluster.Port = host, port
	}
	if opts.Cluster.Port != 0 && opts.Cluster.Name == "" {
		opts.Cluster.Name = DefaultClusterName
	}
	if len(o.Routes) > 0 {
		opts.Routes = nil
		for _, r := range o.Routes {
			u, err := url.Parse(strings.TrimSpace(r))
			if err != nil || u.Hostname() == "" || u.Port() == "" {
				return nil, fmt.Errorf("hub: route %q: want nats-route://host:port", r)
			}
			opts.Routes = append(opts.Routes, u)
		}
	}

	if o.TLSCert != "" || o.TLSKey != "" {
		if o.TLSCert == "" || o.TLSKey == "" {
			return nil, errors.New("hub: TLS needs both a certificate and its key (--tls-cert, --tls-key)")
		}
		tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: o.TLSCert, KeyFile: o.TLSKey})
		if err != nil {
			return nil, fmt.Errorf("hub: TLS: %w", err)
		}
		opts.TLSConfig, opts.TLS = tc, true
		if opts.Cluster.Port != 0 && (!isLoopbackHost(opts.Cluster.Host) || routesLeave(opts)) {
			ctc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: o.TLSCert, KeyFile: o.TLSKey, CaFile: o.TLSCA})
			if err != nil {
				return nil, fmt.Errorf("hub: cluster TLS: %w", err)
			}
			// As a NATS config file's cluster tls block: both ways.
			ctc.ClientAuth = tls.RequireAndVerifyClientCert
			ctc.RootCAs = ctc.ClientCAs
			opts.Cluster.TLSConfig = ctc
		}
	} else if o.TLSCA != "" {
		return nil, errors.New("hub: --tls-ca needs --tls-cert and --tls-key")
	}

	if len(o.Users) > 0 {
		seen := map[string]bool{}
		opts.Users, opts.Username, opts.Password = nil, "", ""
		for _, c := range o.Users {
			if err := c.Validate(); err != nil {
				return nil, err
			}
			if seen[c.User] {
				return nil, fmt.Errorf("hub: user %s is listed twice", c.User)
			}
			seen[c.User] = true
			// The server keeps a bcrypt hash, never the password itself
			// (a password given as a bcrypt hash is kept as it is).
			pw := c.Password
			if !strings.HasPrefix(pw, "$2") {
				h, err := bcrypt.GenerateFromPassword([]byte(pw), passwordCost)
				if err != nil {
					return nil, fmt.Errorf("hub: user %s: %w", c.User, err)
				}
				pw = string(h)
			}
			opts.Users = append(opts.Users, &server.User{Username: c.User, Password: pw, Permissions: Permissions(c)})
		}
	}

	// What reaches other machines is encrypted, and needs a login.
	if !opts.DontListen && !isLoopbackHost(opts.Host) {
		hp := net.JoinHostPort(orAll(opts.Host), portText(opts.Port))
		if opts.TLSConfig == nil {
			return nil, fmt.Errorf("hub: listening on %s needs TLS (--tls-cert, --tls-key): passwords and views would cross the network in clear", hp)
		}
		if !hasAuth(opts) {
			return nil, fmt.Errorf("hub: listening on %s needs users (--users): anyone who reaches it could read every view", hp)
		}
	}
	if opts.Cluster.Port != 0 && opts.Cluster.TLSConfig == nil {
		if !isLoopbackHost(opts.Cluster.Host) {
			return nil, fmt.Errorf("hub: the cluster listener on %s needs TLS (--tls-cert, --tls-key, --tls-ca): routes carry every view in clear",
				net.JoinHostPort(orAll(opts.Cluster.Host), portText(opts.Cluster.Port)))
		}
		for _, r := range opts.Routes {
			if !isLoopbackHost(r.Hostname()) {
				return nil, fmt.Errorf("hub: route %s is not on this machine: it needs TLS (--tls-cert, --tls-key, --tls-ca), routes carry every view in clear", r.Redacted())
			}
		}
	}
	opts.NoSigs = true
	return opts, nil
}

// routesLeave reports whether a route goes to another machine.
func routesLeave(opts *server.Options) bool {
	for _, r := range opts.Routes {
		if !isLoopbackHost(r.Hostname()) {
			return true
		}
	}
	return false
}

// hasAuth reports whether opts ask clients to log in.
func hasAuth(opts *server.Options) bool {
	return len(opts.Users) > 0 || len(opts.Nkeys) > 0 || opts.Username != "" || opts.Authorization != "" ||
		len(opts.TrustedOperators) > 0 || len(opts.TrustedKeys) > 0 || opts.AuthCallout != nil || opts.CustomClientAuthentication != nil
}

// splitListen splits host:port; port 0 is a free port (the server's -1).
func splitListen(hp string) (string, int, error) {
	host, p, err := net.SplitHostPort(hp)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("port %q is not a number from 0 to 65535", p)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	return host, port, nil
}

func orAll(host string) string {
	if host == "" {
		return "0.0.0.0"
	}
	return host
}

func portText(port int) string {
	if port == server.RANDOM_PORT {
		return "0"
	}
	return strconv.Itoa(port)
}

// isLoopbackHost reports whether host is this machine only: localhost,
// 127.0.0.0/8 or ::1. "" (all interfaces) is not.
func isLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ClientURL is where clients connect, e.g. nats://127.0.0.1:4222.
func (n *Node) ClientURL() string { return n.ns.ClientURL() }

// ClusterURL is where other nodes route to, nats-route://host:port; ""
// when the node has no cluster listener.
func (n *Node) ClusterURL() string {
	a := n.ns.ClusterAddr()
	if a == nil {
		return ""
	}
	return "nats-route://" + net.JoinHostPort(a.IP.String(), strconv.Itoa(a.Port))
}

// Name is the server's name.
func (n *Node) Name() string { return n.ns.Name() }

// Server is the NATS server itself.
func (n *Node) Server() *server.Server { return n.ns }

// Shutdown stops the node and waits until it has.
func (n *Node) Shutdown() {
	n.ns.Shutdown()
	n.ns.WaitForShutdown()
}

// nodeLogger gives the server's notices, warnings and errors to a
// charm logger; a fatal error is an error there (never an exit), and is
// told to StartNode.
type nodeLogger struct {
	l     *log.Logger
	fatal chan string
}

func (g *nodeLogger) Noticef(format string, v ...any) {
	if g.l != nil {
		g.l.Info(fmt.Sprintf(format, v...), "from", "nats")
	}
}

func (g *nodeLogger) Warnf(format string, v ...any) {
	if g.l != nil {
		g.l.Warn(fmt.Sprintf(format, v...), "from", "nats")
	}
}

func (g *nodeLogger) Errorf(format string, v ...any) {
	if g.l != nil {
		g.l.Error(fmt.Sprintf(format, v...), "from", "nats")
	}
}

func (g *nodeLogger) Fatalf(format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	if g.l != nil {
		g.l.Error(msg, "from", "nats")
	}
	select {
	case g.fatal <- msg:
	default:
	}
}

func (g *nodeLogger) Debugf(format string, v ...any) {
	if g.l != nil {
		g.l.Debug(fmt.Sprintf(format, v...), "from", "nats")
	}
}

func (g *nodeLogger) Tracef(string, ...any) {}

// ConnectOptions configure a connection to the hub.
type ConnectOptions struct {
	// URL is the hub, e.g. nats://127.0.0.1:4222 or tls://hub.example:4222
	// (several: comma-separated). A host other than this machine must use
	// TLS: tls://, or CAFile.
	URL            string
	User, Password string
	// CAFile is the CA of the hub's certificate (PEM); it turns TLS on.
	CAFile string
	// Name is the connection's name, seen in the hub's monitoring: no
	// personal data.
	Name string
	// InProcess connects to an embedded node in-process, without TCP
	// (URL may then be empty).
	InProcess *Node
	// OnStatus is told when the connection is up (true) or down (false).
	OnStatus func(connected bool)
	// OnError is told what the hub refused (a permissions violation, a
	// failed login) and other asynchronous errors; nil: they are dropped
	// (nats.go's default would print them on standard error, under a
	// full-screen program).
	OnError func(err error)
}

// Connect connects to the hub. A hub that is down is not fatal: the
// connection keeps trying, and OnStatus says when it is up. A plain URL to
// another machine is refused before anything is sent.
func Connect(o ConnectOptions) (*nats.Conn, error) {
	u := o.URL
	if o.InProcess != nil {
		if u == "" {
			u = o.InProcess.ClientURL()
		}
	} else {
		if strings.TrimSpace(u) == "" {
			return nil, errors.New("hub: no hub URL")
		}
		if err := checkHubURL(u, o.CAFile != ""); err != nil {
			return nil, err
		}
	}
	status := func(bool) {}
	if o.OnStatus != nil {
		status = o.OnStatus
	}
	onErr := func(error) {}
	if o.OnError != nil {
		onErr = o.OnError
	}
	opts := []nats.Option{
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.ReconnectBufSize(256 << 10),
		nats.RetryOnFailedConnect(true),
		nats.Timeout(2 * time.Second),
		// A hub that vanished without closing (a cable, a sleeping
		// laptop) is noticed within half a minute, not four.
		nats.PingInterval(10 * time.Second),
		nats.MaxPingsOutstanding(2),
		nats.ConnectHandler(func(*nats.Conn) { status(true) }),
		nats.ReconnectHandler(func(*nats.Conn) { status(true) }),
		nats.DisconnectErrHandler(func(*nats.Conn, error) { status(false) }),
		nats.ClosedHandler(func(*nats.Conn) { status(false) }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { onErr(err) }),
	}
	if o.Name != "" {
		opts = append(opts, nats.Name(o.Name))
	}
	if o.User != "" || o.Password != "" {
		opts = append(opts, nats.UserInfo(o.User, o.Password))
	}
	if o.CAFile != "" {
		opts = append(opts, nats.RootCAs(o.CAFile))
	}
	if o.InProcess != nil {
		opts = append(opts, nats.InProcessServer(o.InProcess.Server()))
	}
	nc, err := nats.Connect(u, opts...)
	if err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	return nc, nil
}

// checkHubURL refuses a URL (of a comma-separated list) that would send
// passwords and views in clear to another machine.
func checkHubURL(list string, caFile bool) error {
	for _, raw := range strings.Split(list, ",") {
		raw = strings.TrimSpace(raw)
		if !strings.Contains(raw, "://") {
			raw = "nats://" + raw
		}
		u, err := url.Parse(raw)
		if err != nil || u.Hostname() == "" {
			return fmt.Errorf("hub: %q is not a hub URL such as nats://127.0.0.1:4222 or tls://hub.example:4222", raw)
		}
		scheme := strings.ToLower(u.Scheme)
		switch scheme {
		case "nats", "tls", "ws", "wss":
		default:
			return fmt.Errorf("hub: %s://%s: unknown scheme %q, use nats:// (this machine) or tls://", u.Scheme, u.Host, u.Scheme)
		}
		if isLoopbackHost(u.Hostname()) || scheme == "tls" || scheme == "wss" || caFile {
			continue
		}
		return fmt.Errorf("hub: %s://%s is not on this machine; use tls:// (and --hub-ca) so passwords and views are not sent in clear", u.Scheme, u.Host)
	}
	return nil
}

// passwordCost is the bcrypt cost of the passwords the node keeps: each
// login (and every reconnect after the hub restarts, all at once) checks
// one, so it stays cheap (about 2 ms); the passwords are long and random.
const passwordCost = 6

// WaitConnected waits until nc is connected to the hub, or timeout passes
// (a connection made with RetryOnFailedConnect may still be trying).
func WaitConnected(nc *nats.Conn, timeout time.Duration) error {
	ch := nc.StatusChanged(nats.CONNECTED)
	defer nc.RemoveStatusListener(ch)
	if nc.IsConnected() {
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("hub: not connected after %s", timeout)
	}
}
