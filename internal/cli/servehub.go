package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/log/v2"
	"github.com/nats-io/nats.go"

	"github.com/idporten-wizard/idporten-wizard/hub"
	"github.com/idporten-wizard/idporten-wizard/server"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// startHub gives serve's sessions the help desk: an embedded hub on
// --hub-listen (loopback by default: one machine, no set-up), or the
// external --hub. It returns what closes it.
func (f serveFlags) startHub(g *globals, cfg *server.Config, logger *log.Logger) (func(), error) {
	cfg.HelpdeskKeys = f.helpdeskKeys
	if f.hub.url != "" {
		return f.externalHub(g, cfg, logger)
	}
	if strings.EqualFold(f.hubListen, "off") {
		if f.helpdeskKeys != "" {
			return nil, errors.New("--helpdesk-keys needs a hub: leave --hub-listen on, or give --hub")
		}
		return func() {}, nil
	}
	dir := hubDir()
	if dir == "" {
		return nil, errors.New("no folder for the hub's credentials: set --hub-listen off, or give --hub")
	}
	// The hub's users: this server's sessions (in-process), kiosks on this
	// machine, and the help desk. Their passwords are made once and kept
	// in files only the owner can read, so kiosks and watch can log in.
	kiosk, err := keptCreds(filepath.Join(dir, "caller.creds"), "kiosk")
	if err != nil {
		return nil, err
	}
	helper, err := keptCreds(filepath.Join(dir, "helper.creds"), "helpdesk")
	if err != nil {
		return nil, err
	}
	node := hub.NewNodeName()
	self := hub.Cred{User: node, Password: hub.NewPassword(), Role: hub.RoleCaller, Node: node}
	kiosk.Role, kiosk.Node = hub.RoleCaller, kiosk.User
	helper.Role = hub.RoleHelper
	// The hub's own notices (its version, its listener) stay out of the
	// server's log; its warnings and errors go in.
	hl := logger.WithPrefix("hub")
	hl.SetLevel(log.WarnLevel)
	n, err := hub.StartNode(hub.NodeOptions{Listen: f.hubListen, Name: "idporten-wizard-" + node,
		Users: []hub.Cred{self, kiosk, helper}, Logger: hl})
	if err != nil {
		return nil, fmt.Errorf("the help desk's hub (--hub-listen %s): %w", f.hubListen, err)
	}
	cnc, err := hub.Connect(hub.ConnectOptions{InProcess: n, User: self.User, Password: self.Password, Name: "serve " + node})
	if err != nil {
		n.Shutdown()
		return nil, err
	}
	caller, err := hub.NewCaller(cnc, node)
	if err != nil {
		cnc.Close()
		n.Shutdown()
		return nil, err
	}
	hnc, err := hub.Connect(hub.ConnectOptions{InProcess: n, User: helper.User, Password: helper.Password, Name: "serve helpdesk"})
	if err != nil {
		caller.Close()
		cnc.Close()
		n.Shutdown()
		return nil, err
	}
	cfg.HelpDesk = caller
	cfg.Join = joinOn(hnc)
	logger.Info("hub start", "listen", n.ClientURL(), "credentials", dir)
	return func() {
		caller.Close()
		_ = cnc.Drain()
		hnc.Close()
		n.Shutdown()
	}, nil
}

// externalHub joins --hub as a caller (and, for helpdesk@host, as a helper).
func (f serveFlags) externalHub(g *globals, cfg *server.Config, logger *log.Logger) (func(), error) {
	caller, closeCaller, err := f.hub.callerDesk(g.environ)
	if err != nil {
		return nil, err
	}
	cfg.HelpDesk = caller
	closeAll := closeCaller
	if f.helpdeskKeys != "" {
		if f.helperCreds == "" {
			closeCaller()
			return nil, errors.New("--helpdesk-keys with --hub needs --hub-helper-creds: the helper login helpdesk@host watches with")
		}
		user, password, err := hub.LoadCreds(f.helperCreds)
		if err != nil {
			closeCaller()
			return nil, err
		}
		hnc, err := hub.Connect(hub.ConnectOptions{URL: f.hub.url, User: user, Password: password, CAFile: f.hub.ca,
			Name: "serve helpdesk"})
		if err != nil {
			closeCaller()
			return nil, err
		}
		cfg.Join = joinOn(hnc)
		closeAll = func() { hnc.Close(); closeCaller() }
	}
	logger.Info("hub joined", "url", f.hub.url, "node", caller.Node())
	return closeAll, nil
}

// keptCreds reads the credentials at path, or makes them (user and a new
// password) and writes them there, readable by the owner only.
func keptCreds(path, user string) (hub.Cred, error) {
	if u, p, err := hub.LoadCreds(path); err == nil {
		return hub.Cred{User: u, Password: p}, nil
	} else if _, statErr := os.Stat(path); statErr == nil {
		return hub.Cred{}, err // there, but unreadable or open to others
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return hub.Cred{}, fmt.Errorf("hub credentials: %w", err)
	}
	c := hub.Cred{User: user, Password: hub.NewPassword()}
	if err := hub.WriteCreds(path, c.User, c.Password); err != nil {
		return hub.Cred{}, fmt.Errorf("hub credentials: %w", err)
	}
	return c, nil
}

// joinOn joins help codes over a helper's connection, each join as a
// helper instance of its own (helpdesk@host counts wrong codes per key).
func joinOn(hnc *nats.Conn) func(code string) (ui.WatchFeed, error) {
	return func(code string) (ui.WatchFeed, error) {
		w, err := hub.Join(context.Background(), hnc, hub.NewHelperName(), code)
		if err != nil {
			return nil, err // not a nil *hub.Watch in an interface
		}
		return w, nil
	}
}
