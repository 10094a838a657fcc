package hub

import (
	"context"
	"fmt"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

// TestShareAcrossACluster: a kiosk on node 1 of a three-node hub, the
// helper on node 3. The code, the views, the hint and the stop all cross
// the cluster; with node 1 gone the kiosk fails over to another node and
// the helper still sees what it types.
func TestShareAcrossACluster(t *testing.T) {
	var cport [3]int
	for i := range cport {
		cport[i] = freePort(t)
	}
	var nodes [3]*Node
	for i := range nodes {
		var routes []string
		for j := range cport {
			if j != i {
				routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", cport[j]))
			}
		}
		nodes[i] = startNode(t, NodeOptions{Name: fmt.Sprintf("n%d", i+1), Cluster: "test-hub",
			ClusterListen: fmt.Sprintf("127.0.0.1:%d", cport[i]), Routes: routes,
			Users: []Cred{callerCred, helperCred}})
	}
	// The kiosk knows nodes 1 and 2 (as an operator configures it: a
	// list); the helper is on node 3.
	all := nodes[0].ClientURL() + "," + nodes[1].ClientURL()
	cnc := connect(t, all, callerCred, nil)
	hnc := connect(t, nodes[2].ClientURL(), helperCred, nil)
	waitConnected(t, cnc)
	waitConnected(t, hnc)
	caller := newCaller(t, cnc, callerCred.Node)
	share, err := caller.Share()
	if err != nil {
		t.Fatal(err)
	}
	j := journeyAt(t)
	share.Publish(j.Registration())

	// The caller's interest in join requests takes a moment to reach node
	// 3: ask again until it has.
	var w *Watch
	for range 50 {
		if w, err = Join(context.Background(), hnc, "h", share.Code()); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("join across the cluster: %v", err)
	}
	defer w.Leave()
	view(t, w, func(v ui.WatchView) bool { return v.Reg != nil && v.Reg.Draft == "k•••@eksem" })
	if err := w.Hint("Skriv resten av adressa"); err != nil {
		t.Fatal(err)
	}
	for {
		ev, ok := event(t, share)
		if !ok {
			t.Fatal("sharing ended")
		}
		if ev.Hint != "" {
			break
		}
	}

	// The kiosk's node goes; the kiosk reconnects to another and types on.
	connected := cnc.ConnectedUrl()
	for i, n := range nodes {
		if n.ClientURL() == connected {
			n.Shutdown()
			t.Logf("node %d (the kiosk's) shut down", i+1)
		}
	}
	j.Type("kari@eksempel.no")
	share.Publish(j.Registration())
	view(t, w, func(v ui.WatchView) bool { return v.Reg != nil && v.Reg.Draft == "k•••@eksempel.no" })

	share.Stop(string(StopByCaller))
	if v := view(t, w, func(v ui.WatchView) bool { return v.Stopped }); v.Reason != string(StopByCaller) {
		t.Errorf("reason %q", v.Reason)
	}
}
