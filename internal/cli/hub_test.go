package cli

// Tests of `idporten-wizard hub`: its flags and variables, and a node run
// by the command itself.

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/spf13/pflag"

	"github.com/idporten-wizard/idporten-wizard/hub"
)

// hubNodeFlagSet is hub's flags, as the command registers them.
func hubNodeFlagSet() (*pflag.FlagSet, *hubNodeFlags) {
	fl := pflag.NewFlagSet("hub", pflag.ContinueOnError)
	f := new(hubNodeFlags)
	f.register(fl)
	return fl, f
}

// hubNodeOptions parses args and environ as hub does and returns the node's options.
func hubNodeOptions(t *testing.T, environ []string, args ...string) (hub.NodeOptions, error) {
	t.Helper()
	fl, f := hubNodeFlagSet()
	if err := parse(fl, environ, args...); err != nil {
		return hub.NodeOptions{}, err
	}
	return f.nodeOptions(fl)
}

// writeUsers writes a users file with a caller of node "k1" and a helper.
func writeUsers(t *testing.T, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "hub-users")
	if err := os.WriteFile(p, []byte("caller kiosk-1 pw-kiosk-1 k1\nhelper anne pw-anne\n"), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHubFlags: every flag has its IDPORTEN_WIZARD_HUB_* variable, named in
// its help; the defaults; a variable sets its flag; no password flag.
func TestHubFlags(t *testing.T) {
	t.Parallel()
	fl, _ := hubNodeFlagSet()
	vars := boundVars(fl)
	fl.VisitAll(func(f *pflag.Flag) {
		env := "IDPORTEN_WIZARD_HUB_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if vars[f.Name] != env || !strings.HasSuffix(f.Usage, " (env "+env+")") {
			t.Errorf("--%s: variable %q, help %q; want %s", f.Name, vars[f.Name], f.Usage, env)
		}
		if strings.Contains(f.Name, "password") {
			t.Errorf("--%s: a password flag", f.Name)
		}
	})
	if len(vars) != len(hubNodeFlagNames) {
		t.Errorf("variables %v", vars)
	}

	o, err := hubNodeOptions(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.Listen != "127.0.0.1:4222" || !strings.HasPrefix(o.Name, "hub-") || len(o.Name) != len("hub-")+6 ||
		o.StoreDir != hubStoreDir(o.Name) || o.Cluster != "" || o.ClusterListen != "" || o.Routes != nil ||
		o.Users != nil || o.ConfigFile != "" {
		t.Errorf("defaults %+v", o)
	}
	if dir, err := os.UserConfigDir(); err == nil && o.StoreDir != filepath.Join(dir, "idporten-wizard", "hub", o.Name) {
		t.Errorf("store %s", o.StoreDir)
	}

	users := writeUsers(t, 0o600)
	args := []string{"--listen", "127.0.0.1:5000", "--name", "hub-1", "--store", "/var/lib/hub-1", "--cluster", "desk",
		"--cluster-listen", "127.0.0.1:6000", "--routes", " nats-route://127.0.0.1:6001, nats-route://127.0.0.1:6002,",
		"--tls-cert", "c.pem", "--tls-key", "k.pem", "--tls-ca", "ca.pem", "--users", users}
	var environ []string
	for i := 0; i < len(args); i += 2 {
		environ = append(environ, hubNodeEnv(strings.TrimPrefix(args[i], "--"))+"="+args[i+1])
	}
	for how, run := range map[string]func() (hub.NodeOptions, error){
		"flags":     func() (hub.NodeOptions, error) { return hubNodeOptions(t, nil, args...) },
		"variables": func() (hub.NodeOptions, error) { return hubNodeOptions(t, environ) },
	} {
		o, err := run()
		if err != nil {
			t.Fatalf("%s: %v", how, err)
		}
		if o.Listen != "127.0.0.1:5000" || o.Name != "hub-1" || o.StoreDir != "/var/lib/hub-1" || o.Cluster != "desk" ||
			o.ClusterListen != "127.0.0.1:6000" || strings.Join(o.Routes, " ") != "nats-route://127.0.0.1:6001 nats-route://127.0.0.1:6002" ||
			o.TLSCert != "c.pem" || o.TLSKey != "k.pem" || o.TLSCA != "ca.pem" || len(o.Users) != 2 ||
			o.Users[0] != (hub.Cred{User: "kiosk-1", Password: "pw-kiosk-1", Role: hub.RoleCaller, Node: "k1"}) {
			t.Errorf("%s: %+v", how, o)
		}
	}

	// With a config file, only the flags given apply.
	o, err = hubNodeOptions(t, nil, "--config", "hub.conf")
	if err != nil || o.Listen != "" || o.Name != "" || o.StoreDir != "" || o.ConfigFile != "hub.conf" {
		t.Errorf("--config alone: %+v %v", o, err)
	}
	o, err = hubNodeOptions(t, []string{hubNodeEnv("listen") + "=127.0.0.1:7000"}, "--config", "hub.conf")
	if err != nil || o.Listen != "127.0.0.1:7000" {
		t.Errorf("--config and IDPORTEN_WIZARD_HUB_LISTEN: %+v %v", o, err)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--routes", "nats-route://127.0.0.1:6001"}, "needs a --name of its own"},
		{[]string{"--cluster", "desk"}, "needs a --name of its own"},
		{[]string{"--users", writeUsers(t, 0o644)}, "chmod 600"},
		{[]string{"--users", filepath.Join(t.TempDir(), "none")}, "does not exist"},
		{[]string{"--listen", ""}, "--listen is empty"},
		{[]string{"--name", "../../etc"}, `--name "../../etc": use 1 to 64 of`},
		{[]string{"--name", ".hidden"}, "--name"},
	} {
		if _, err := hubNodeOptions(t, nil, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}
	fl, _ = hubNodeFlagSet()
	if err := parse(fl, []string{hubNodeEnv("verbose") + "=maybe"}); err == nil || !strings.Contains(err.Error(), "IDPORTEN_WIZARD_HUB_VERBOSE") {
		t.Errorf("a bad variable: %v", err)
	}
}

// TestHubRuns: the command starts a node on a free port, says where in
// one line, takes a caller and a helper, and stops when its context ends.
func TestHubRuns(t *testing.T) {
	t.Parallel()
	cmd := newHubCmd()
	if err := cmd.Flags().Parse([]string{"--listen", "127.0.0.1:0", "--name", "hub-test", "--store", t.TempDir(),
		"--users", writeUsers(t, 0o600)}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd.SetContext(ctx)
	out, w := io.Pipe()
	cmd.SetOut(w)
	cmd.SetErr(io.Discard)
	done := make(chan error, 1)
	go func() {
		err := cmd.RunE(cmd, nil)
		_ = w.Close()
		done <- err
	}()

	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, out)
	}()
	var line string
	select {
	case line = <-lines:
	case err := <-done:
		t.Fatalf("the hub ended: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no start line after 10s")
	}
	if !strings.HasPrefix(line, "hub hub-test: clients nats://127.0.0.1:") || !strings.Contains(line, ", cluster none, store ") {
		t.Fatalf("start line %q", line)
	}
	url := strings.TrimSuffix(strings.Fields(line)[3], ",")

	status := func(ch chan bool) func(bool) {
		return func(up bool) {
			select {
			case ch <- up:
			default:
			}
		}
	}
	hUp, cUp := make(chan bool, 4), make(chan bool, 4)
	helper, err := hub.Connect(hub.ConnectOptions{URL: url, User: "anne", Password: "pw-anne", OnStatus: status(hUp)})
	if err != nil {
		t.Fatal(err)
	}
	defer helper.Close()
	caller, err := hub.Connect(hub.ConnectOptions{URL: url, User: "kiosk-1", Password: "pw-kiosk-1", OnStatus: status(cUp)})
	if err != nil {
		t.Fatal(err)
	}
	defer caller.Close()
	for _, ch := range []chan bool{hUp, cUp} {
		select {
		case <-ch:
		case <-time.After(10 * time.Second):
			t.Fatal("not connected after 10s")
		}
	}
	views := make(chan *nats.Msg, 4)
	if _, err := helper.ChanSubscribe("idpw.v.>", views); err != nil {
		t.Fatal(err)
	}
	if err := helper.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := caller.Publish("idpw.v.k1.s1", []byte("a view")); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-views:
		if string(m.Data) != "a view" {
			t.Errorf("got %q", m.Data)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no view after 10s")
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the hub ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the hub did not stop within 10s")
	}
}

// TestHubRefusesToStart: a listener other machines reach, without TLS, is
// refused before anything listens.
func TestHubRefusesToStart(t *testing.T) {
	t.Parallel()
	cmd := newHubCmd()
	if err := cmd.Flags().Parse([]string{"--listen", "0.0.0.0:0", "--store", t.TempDir(), "--users", writeUsers(t, 0o600)}); err != nil {
		t.Fatal(err)
	}
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.RunE(cmd, nil); err == nil || !strings.Contains(err.Error(), "needs TLS (--tls-cert, --tls-key)") {
		t.Errorf("error %v", err)
	}
}
