package cli

// idporten-wizard hub: a standalone node of the help desk's message hub.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"

	"charm.land/log/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/idporten-wizard/idporten-wizard/hub"
)

// hubNodeFlags are the flags of `idporten-wizard hub`. No password is ever a
// flag: they are in the users file.
type hubNodeFlags struct {
	listen, name, store, cluster, clusterListen, routes string
	config, tlsCert, tlsKey, tlsCA, users               string
	verbose                                             bool
}

// hubNodeFlagNames are hub's flags, each with its variable (hubNodeEnv).
var hubNodeFlagNames = []string{"listen", "name", "store", "cluster", "cluster-listen", "routes", "config",
	"tls-cert", "tls-key", "tls-ca", "users", "verbose"}

// hubNodeEnv is the variable of one of hub's flags: --tls-cert is
// IDPORTEN_WIZARD_HUB_TLS_CERT (not serve's IDPORTEN_WIZARD_LISTEN).
func hubNodeEnv(flag string) string { return envName("hub-" + flag) }

// newHubCmd is `idporten-wizard hub`: one node of the hub, until SIGINT or
// SIGTERM.
func newHubCmd() *cobra.Command {
	f := new(hubNodeFlags)
	cmd := &cobra.Command{
		Use:   "hub",
		Short: "Run a node of the help desk's hub (NATS), where callers share sessions with helpers",
		Long: "Runs one node of the help desk's message hub, an embedded NATS server with JetStream,\n" +
			"until SIGINT or SIGTERM. Kiosks and serve processes connect to it as callers and\n" +
			"publish their sessions' masked views; helpers connect to watch them and send hints.\n" +
			"\n" +
			"Users are in a file (--users), mode 0600, one a line:\n" +
			"  caller <user> <password> <node>    a kiosk or a serve process, publishing as <node>\n" +
			"  helper <user> <password>           sees every node\n" +
			"Lines starting with # are comments. Without --users anyone on this machine may connect.\n" +
			"\n" +
			"The hub listens on this machine only unless told otherwise; any other address needs\n" +
			"TLS (--tls-cert, --tls-key) and users. Nodes of a cluster each have their own --name\n" +
			"and --store, and route to the others (--routes); routes between machines use TLS both\n" +
			"ways, with --tls-ca the CA of the nodes' certificates. With --config (a NATS server\n" +
			"configuration file as it is) only the flags given override the file.",
		Example: "  idporten-wizard hub --users hub-users\n" +
			"  idporten-wizard hub --name hub-1 --listen 0.0.0.0:4222 --users hub-users \\\n" +
			"      --tls-cert hub-1.pem --tls-key hub-1.key --tls-ca ca.pem --cluster-listen 0.0.0.0:6222 \\\n" +
			"      --routes nats-route://hub-2.example:6222,nats-route://hub-3.example:6222",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runHub(cmd, *f)
		},
	}
	f.register(cmd.Flags())
	return cmd
}

// register adds hub's flags to fl, each bound to its variable.
func (f *hubNodeFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&f.listen, "listen", hub.DefaultListen,
		"address for callers and helpers, host:port (port 0: a free one); other machines only with TLS, e.g. 0.0.0.0:4222")
	fl.StringVar(&f.name, "name", "",
		"this node's name, the same at every start; a cluster's nodes each need their own (default hub-<random>)")
	fl.StringVar(&f.store, "store", "",
		"folder of this node's JetStream store, made 0700 (default "+displayPath(hubStoreDir("<name>"))+")")
	fl.StringVar(&f.cluster, "cluster", "", "the cluster's name, the same on every node (default "+hub.DefaultClusterName+" with a cluster)")
	fl.StringVar(&f.clusterListen, "cluster-listen", "",
		"address for the other nodes' routes, host:port (default "+hub.DefaultClusterListen+" with --routes or --cluster)")
	fl.StringVar(&f.routes, "routes", "", "the other nodes, comma-separated: nats-route://host:port,...")
	fl.StringVar(&f.config, "config", "", "a NATS server configuration file, as it is; the flags given override it")
	fl.StringVar(&f.tlsCert, "tls-cert", "", "this node's TLS certificate (PEM)")
	fl.StringVar(&f.tlsKey, "tls-key", "", "the key of --tls-cert (PEM)")
	fl.StringVar(&f.tlsCA, "tls-ca", "", "the CA of the other nodes' certificates (PEM), for routes between machines")
	fl.StringVar(&f.users, "users", "",
		`users file, mode 0600: lines "caller <user> <password> <node>" or "helper <user> <password>"`)
	fl.BoolVar(&f.verbose, "verbose", false, "log the NATS server's notices, not just its warnings and errors")
	for _, name := range hubNodeFlagNames {
		bindEnv(fl, name, hubNodeEnv(name))
	}
}

// hubStoreDir is the default JetStream folder of the node called name: in
// the user's configuration folder, beside the SSH host key; "" when there
// is none.
func hubStoreDir(name string) string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "idporten-wizard", "hub", name)
}

// isSet reports whether a flag was given, on the command line or by its
// variable (which sets the value, not Changed).
func isSet(fl *pflag.FlagSet, name string) bool {
	f := fl.Lookup(name)
	return f != nil && (f.Changed || f.Value.String() != f.DefValue)
}

// nodeOptions checks the flags (fl, parsed into f) and turns them into
// the node's options. With --config, only the flags given apply.
func (f hubNodeFlags) nodeOptions(fl *pflag.FlagSet) (hub.NodeOptions, error) {
	withConfig := f.config != ""
	o := hub.NodeOptions{
		ConfigFile: f.config, Name: f.name, StoreDir: f.store, Cluster: f.cluster, ClusterListen: f.clusterListen,
		TLSCert: f.tlsCert, TLSKey: f.tlsKey, TLSCA: f.tlsCA,
	}
	if !withConfig || isSet(fl, "listen") {
		if f.listen == "" {
			return hub.NodeOptions{}, errors.New("--listen is empty: give host:port, e.g. " + hub.DefaultListen)
		}
		o.Listen = f.listen
	}
	for _, r := range strings.Split(f.routes, ",") {
		if r = strings.TrimSpace(r); r != "" {
			o.Routes = append(o.Routes, r)
		}
	}
	if o.Name != "" && !hubNodeNameRE.MatchString(o.Name) {
		return hub.NodeOptions{}, fmt.Errorf("--name %q: use 1 to 64 of A-Z, a-z, 0-9, - and _, starting with a letter or digit (it names the store's folder)", o.Name)
	}
	clustered := len(o.Routes) > 0 || o.Cluster != "" || o.ClusterListen != ""
	if o.Name == "" && !withConfig {
		if clustered {
			return hub.NodeOptions{}, errors.New("a cluster's node needs a --name of its own, the same at every start: it is the node's JetStream identity")
		}
		o.Name = "hub-" + shortRandom()
	}
	if o.StoreDir == "" && !withConfig {
		if o.StoreDir = hubStoreDir(o.Name); o.StoreDir == "" {
			return hub.NodeOptions{}, errors.New("no folder for the hub's JetStream store: set --store")
		}
	}
	if f.users != "" {
		users, err := hub.LoadUsers(f.users)
		if err != nil {
			return hub.NodeOptions{}, err
		}
		o.Users = users
	}
	return o, nil
}

// hubNodeNameRE is what a node's name may be: it names a folder.
var hubNodeNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// shortRandom is 6 random hex digits.
func shortRandom() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// runHub starts the node and runs it until SIGINT, SIGTERM or the end of
// cmd's context.
func runHub(cmd *cobra.Command, f hubNodeFlags) error {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	o, err := f.nodeOptions(cmd.Flags())
	if err != nil {
		return err
	}
	logger := log.NewWithOptions(cmd.ErrOrStderr(), log.Options{ReportTimestamp: true, Prefix: "idporten-wizard hub"})
	if !f.verbose {
		logger.SetLevel(log.WarnLevel)
	}
	o.Logger = logger
	if len(o.Users) == 0 && f.config == "" {
		logger.Warn("no --users: anyone on this machine may connect, publish and watch every shared session")
	}
	// Signals are caught before the node starts, so one that comes while
	// it starts still stops it cleanly.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	n, err := hub.StartNode(o)
	if err != nil {
		return err
	}
	defer n.Shutdown()
	cluster := n.ClusterURL()
	if cluster == "" {
		cluster = "none"
	}
	store := o.StoreDir
	if store == "" {
		store = "as the config file says"
	}
	_, _ = fmt.Fprintf(cmd.OutOrStdout(), "hub %s: clients %s, cluster %s, store %s\n", n.Name(), n.ClientURL(), cluster, store)
	select {
	case sig := <-sigs:
		logger.Info("hub stopping", "signal", sig.String())
	case <-ctx.Done():
		logger.Info("hub stopping")
	}
	return nil
}
