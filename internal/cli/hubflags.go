package cli

// The help desk's hub, as the wizard, serve and watch reach it: one set of
// flags, and the connections made from them.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/idporten-wizard/idporten-wizard/hub"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// hubFlags say which hub to use and as whom. Passwords never come from the
// command line: a credentials file (user:password, mode 0600) or
// IDPORTEN_WIZARD_HUB_USER and IDPORTEN_WIZARD_HUB_PASSWORD.
type hubFlags struct {
	url, creds, ca, node string
}

// register adds the hub flags; role says whose credentials are meant.
func (h *hubFlags) register(fl *pflag.FlagSet, role string, withNode bool) {
	fl.StringVar(&h.url, "hub", "", "the help desk's hub, nats://127.0.0.1:4222 or tls://host:4222 (a hub on another machine needs TLS)")
	fl.StringVar(&h.creds, "hub-creds", "", "the "+role+"'s hub credentials: a file with one line user:password, readable by its owner only")
	fl.StringVar(&h.ca, "hub-ca", "", "the CA certificate (PEM) of a hub with TLS, when the system does not trust it")
	bindEnv(fl, "hub", "IDPORTEN_WIZARD_HUB")
	bindEnv(fl, "hub-creds", "IDPORTEN_WIZARD_HUB_CREDS")
	bindEnv(fl, "hub-ca", "IDPORTEN_WIZARD_HUB_CA")
	if withNode {
		fl.StringVar(&h.node, "hub-node", "", "this node's name on the hub (a kiosk's own, as the hub's users file gives it); default the hub user's name")
		bindEnv(fl, "hub-node", "IDPORTEN_WIZARD_HUB_NODE")
	}
}

// hubDir is where serve's embedded hub keeps the credentials it makes, for
// kiosks and watch on the same machine.
func hubDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "idporten-wizard", "hub")
}

// credentials are the user and password: the file, else the environment,
// else fallback (a file serve's embedded hub wrote) when it exists.
func (h hubFlags) credentials(environ []string, fallback string) (user, password string, err error) {
	if h.creds != "" {
		return hub.LoadCreds(h.creds)
	}
	if u, p, ok := hub.CredsFromEnv(environ); ok {
		return u, p, nil
	}
	if fallback != "" {
		if _, err := os.Stat(fallback); err == nil {
			return hub.LoadCreds(fallback)
		}
	}
	return "", "", errors.New("no hub credentials: give --hub-creds FILE (user:password, mode 0600) or IDPORTEN_WIZARD_HUB_USER and IDPORTEN_WIZARD_HUB_PASSWORD")
}

// callerDesk connects to the hub as a caller and returns the wizard's help
// desk. The hub may be down: the connection keeps trying, and the help key
// says the desk is not available meanwhile.
func (h hubFlags) callerDesk(environ []string) (*hub.Caller, func(), error) {
	user, password, err := h.credentials(environ, filepath.Join(hubDir(), "caller.creds"))
	if err != nil {
		return nil, nil, err
	}
	node := h.node
	if node == "" {
		node = user
	}
	if err := (hub.Cred{User: user, Password: password, Role: hub.RoleCaller, Node: node}).Validate(); err != nil {
		return nil, nil, fmt.Errorf("--hub-node: %w", err)
	}
	nc, err := hub.Connect(hub.ConnectOptions{URL: h.url, User: user, Password: password, CAFile: h.ca,
		Name: "idporten-wizard " + node})
	if err != nil {
		return nil, nil, err
	}
	c, err := hub.NewCaller(nc, node)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	return c, func() { c.Close(); _ = nc.Drain() }, nil
}

// joiner joins help codes as one helper instance, counting its wrong codes:
// after MaxWrongCodes in WrongCodeWindow it refuses until the window has
// passed (the callers' nodes bound guessing too, see hub.JoinsPerHelper).
type joiner struct {
	join   func(code string) (*hub.Watch, error)
	mu     sync.Mutex
	wrongs []time.Time
}

// The helper's own budget of wrong codes.
const (
	MaxWrongCodes   = 5
	WrongCodeWindow = 10 * time.Minute
)

func (j *joiner) Join(code string) (ui.WatchFeed, error) {
	j.mu.Lock()
	now := time.Now()
	kept := j.wrongs[:0]
	for _, t := range j.wrongs {
		if now.Sub(t) < WrongCodeWindow {
			kept = append(kept, t)
		}
	}
	j.wrongs = kept
	if len(kept) >= MaxWrongCodes {
		j.mu.Unlock()
		return nil, ui.ErrTooManyCodes
	}
	j.mu.Unlock()
	w, err := j.join(code)
	if errors.Is(err, ui.ErrWrongCode) {
		j.mu.Lock()
		j.wrongs = append(j.wrongs, now)
		j.mu.Unlock()
	}
	if err != nil {
		return nil, err
	}
	return w, nil
}

// validCode reports whether s is a help code as a person types it (six
// digits, spaces allowed).
func validCode(s string) (string, bool) {
	s = strings.ReplaceAll(s, " ", "")
	return s, len(s) == 6 && strings.Trim(s, "0123456789") == ""
}
