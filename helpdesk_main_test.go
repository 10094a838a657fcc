package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestHelpdeskInRealTerminals is the help desk end to end, with the built
// binary in real terminals: `serve` with its embedded hub, a caller over
// the OpenSSH client who presses F2 and reads out the code, a helper with
// `watch CODE` and another with ssh helpdesk@host. The helpers see the
// caller's step and guide, and what the caller types only as dots; the
// caller sees the banner and the hint the helper sends; F2 again ends it
// for both helpers. Over SSH the helpdesk user needs a key listed in
// --helpdesk-keys: any other key, or none, is refused.
func TestHelpdeskInRealTerminals(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"ssh", "ssh-keygen", "tmux"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed for the help-desk test (.ci/run installs openssh-client and tmux)", tool)
		}
	}
	dir := t.TempDir()
	// serve writes the hub's credentials under XDG_CONFIG_HOME, and
	// watch reads them from there: never the real one.
	cfgHome := filepath.Join(dir, "config")
	staff := sshKeygen(t, dir, "staff")
	stranger := sshKeygen(t, dir, "stranger")
	pub, err := os.ReadFile(staff + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(dir, "helpdesk_keys")
	if err := os.WriteFile(keys, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startHelpdeskServe(t, dir, cfgHome, keys)

	// The caller: Commfides, then F2 on the national ID's step.
	caller := startTmuxCommand(t, 100, 30, nil, sshCommand(srv.sshAddr, "demo"))
	caller.waitFor("Trykk Enter for å byrje.")
	caller.keys("Enter")
	caller.waitFor("Vel elektronisk ID")
	caller.keys("5")
	caller.waitFor("Fødselsnummer eller D-nummer")
	caller.keys("F2")
	m := caller.waitMatch(`Hjelpekoden din: (\d{3}) (\d{3})`)
	code := m[1] + m[2]
	caller.waitFor("F2 stoppar delinga.")

	// A helper with watch: the caller's step, rebuilt, and the guide.
	watcher := startTmux(t, 140, 32, []string{"XDG_CONFIG_HOME=" + cfgHome},
		"watch", "--lang", "nn", "--hub", srv.hubURL, code)
	watcher.waitFor("Steg 3 av 5")
	watcher.waitFor("Logg inn med Commfides")
	watcher.waitFor("Rettleiing for brukarstøtta")
	watcher.waitFor("Kode " + m[1] + " " + m[2] + ": skjermen til innringjaren")
	caller.waitFor("● Brukarstøtta ser skjermen din")
	if scr := caller.screen(); strings.Contains(scr, "Hjelpekoden din:") {
		t.Errorf("the code is still shown once a helper watches:\n%s", scr)
	}

	// A helper over SSH with a listed key: the code prompt, then the
	// same journey.
	desk := startTmuxCommand(t, 140, 32, nil, sshCommand(srv.sshAddr, "helpdesk", "-i", staff))
	desk.waitFor("Hjelpekoden frå innringjaren")
	desk.literal(code)
	desk.waitFor(code)
	desk.keys("Enter")
	desk.waitFor("Steg 3 av 5")
	desk.waitFor("Logg inn med Commfides")
	desk.waitFor("Rettleiing for brukarstøtta")
	caller.waitFor("2 frå brukarstøtta ser skjermen din")

	// The caller types a synthetic national ID: the caller sees it, the
	// helpers only dots, digit for digit.
	const nid = "17889033371"
	helpers := map[string]*tmuxTerm{"watch": watcher, "helpdesk@": desk}
	typed := ""
	for _, part := range []string{nid[:6], nid[6:]} {
		caller.literal(part)
		typed += part
		caller.waitFor("> " + typed)
		for name, h := range helpers {
			// The whole mask, not a prefix of a longer one.
			h.waitMatch(`> ` + strings.Repeat("•", len(typed)) + `(\s|$)`)
			if s := h.screen(); strings.Contains(s, typed) {
				t.Errorf("%s shows the digits %s the caller typed:\n%s", name, typed, s)
			}
		}
	}
	for name, h := range helpers {
		all := h.run("capture-pane", "-p", "-t", "w", "-S", "-", "-E", "-")
		if strings.Contains(all, nid) || strings.Contains(all, nid[:6]) {
			t.Errorf("%s's terminal holds the national ID:\n%s", name, all)
		}
	}

	// A hint: Tab, the guide's «Sei» line, Enter.
	watcher.keys("Tab")
	watcher.waitFor("Send eit tips til skjermen til innringjaren")
	watcher.waitFor("Skriv fødselsnummeret ditt, 11 siffer.")
	watcher.keys("Enter")
	watcher.waitFor("✓ Sendt: Skriv fødselsnummeret ditt")
	caller.waitFor("✉ Frå brukarstøtta: Skriv fødselsnummeret ditt, 11 siffer.")

	// F2 again: sharing ends, for both helpers.
	caller.keys("F2")
	caller.waitFor("Du deler ikkje skjermen lenger.")
	for name, h := range helpers {
		waitStopLine(t, name, h)
	}
	if scr := caller.screen(); strings.Contains(scr, "Brukarstøtta ser skjermen din") {
		t.Errorf("the banner stays after sharing stopped:\n%s", scr)
	}

	// helpdesk@ without the listed key: refused, whatever else it offers.
	for name, args := range map[string][]string{
		"no key":       {"-o", "PubkeyAuthentication=no"},
		"unlisted key": {"-i", stranger},
	} {
		out, code := runSSH(t, srv.sshAddr, "helpdesk", args...)
		if code != 255 || !strings.Contains(out, "Permission denied") {
			t.Errorf("helpdesk@ with %s: exit %d, want 255 and «Permission denied»:\n%s", name, code, out)
		}
	}
	// The unlisted key's refusal is logged (the server may write it
	// after the client has gone).
	srv.waitLog(t, `msg="auth failed".* user=helpdesk method=publickey`)
	if logs := srv.logs.String(); strings.Contains(logs, nid) {
		t.Errorf("the server's log holds the national ID:\n%s", logs)
	}
}

// waitStopLine waits for a helper's view to say the caller stopped
// sharing. It looks often: a helper that saw the stop still sends
// heartbeats, hub.Caller.onHelper answers one for the forgotten session
// with StopEnded, and ui.Watch then shows that reason instead, within
// hub.HeartbeatEvery.
func waitStopLine(t *testing.T, name string, h *tmuxTerm) {
	t.Helper()
	const stopped, ended = "Innringjaren har slutta å dele skjermen.", "Økta til innringjaren er avslutta."
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := h.screen()
		switch {
		case strings.Contains(scr, stopped):
			return
		case strings.Contains(scr, ended):
			t.Fatalf("%s says the caller's session ended, where the caller only stopped sharing:\n%s", name, scr)
		case time.Now().After(deadline):
			t.Fatalf("%s never showed that sharing stopped:\n%s", name, scr)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// helpdeskServe is a running `serve` with its embedded hub.
type helpdeskServe struct {
	sshAddr string // host:port of the SSH server
	hubURL  string // nats://host:port of the hub
	logs    *lockedBuffer
}

var (
	reServeStart = regexp.MustCompile(`msg="server start" listen=(\S+)`)
	reHubStart   = regexp.MustCompile(`msg="hub start" listen=(nats://\S+)`)
)

// waitLog waits for a line of serve's log matching re.
func (s *helpdeskServe) waitLog(t *testing.T, re string) {
	t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(15 * time.Second)
	for !rx.MatchString(s.logs.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("serve's log never matched %q:\n%s", re, s.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startHelpdeskServe runs `serve` on free loopback ports (the SSH server's
// and the hub's, as the log names them), with its host key and data in dir
// and the hub's credentials under cfgHome.
func startHelpdeskServe(t *testing.T, dir, cfgHome, helpdeskKeys string) *helpdeskServe {
	t.Helper()
	cmd := exec.Command(binary, "serve", "--data-dir", filepath.Join(dir, "data"), "--lang", "nn",
		"--listen", "127.0.0.1:0", "--hub-listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "host_key"),
		"--helpdesk-keys", helpdeskKeys, "--shutdown-grace", "2s", "--log-format", "logfmt")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+cfgHome)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &helpdeskServe{logs: &lockedBuffer{}}
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			fmt.Fprintln(s.logs, sc.Text())
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { <-read; _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-done
			t.Errorf("serve did not stop on SIGINT; log:\n%s", s.logs.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		logs := s.logs.String()
		srv, hub := reServeStart.FindStringSubmatch(logs), reHubStart.FindStringSubmatch(logs)
		if srv != nil && hub != nil {
			s.sshAddr, s.hubURL = srv[1], hub[1]
			break
		}
		select {
		case <-read:
			t.Fatalf("serve ended before it started:\n%s", logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, f := range []string{"caller.creds", "helper.creds"} {
		fi, err := os.Stat(filepath.Join(cfgHome, "idporten-wizard", "hub", f))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("the hub's %s: %v, mode %v", f, err, fi)
		}
	}
	return s
}

// sshKeygen makes an ed25519 key without a passphrase and returns its path.
func sshKeygen(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return path
}

// sshOptions are the OpenSSH client's options for the throwaway server:
// no host key kept, no agent, no keys but those given, no questions.
func sshOptions(addr string) []string {
	_, port, _ := strings.Cut(addr, ":")
	return []string{"-p", port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none"}
}

// sshCommand is a shell command line running ssh to user@host of addr in
// Nynorsk (the system's ssh_config may send the locale's variables).
func sshCommand(addr, user string, extra ...string) string {
	host, _, _ := strings.Cut(addr, ":")
	args := append(sshOptions(addr), extra...)
	for i, a := range args {
		args[i] = "'" + a + "'"
	}
	return "env -u LC_ALL -u LC_MESSAGES LANG=nn_NO.UTF-8 ssh " + strings.Join(args, " ") + " " + user + "@" + host
}

// runSSH runs ssh user@host without a terminal and returns its output and
// exit code.
func runSSH(t *testing.T, addr, user string, extra ...string) (string, int) {
	t.Helper()
	host, _, _ := strings.Cut(addr, ":")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := append(append(sshOptions(addr), extra...), "-T", user+"@"+host)
	cmd := exec.CommandContext(ctx, "ssh", args...)
	cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK=")
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("ssh %v: %v", args, err)
	}
	return string(out), code
}

// startTmuxCommand runs a shell command line (not the binary) in a tmux
// session of w×h, as startTmux runs the binary.
func startTmuxCommand(t *testing.T, w, h int, env []string, cmdline string) *tmuxTerm {
	t.Helper()
	tt := &tmuxTerm{t: t, socket: fmt.Sprintf("idpw-help-%d-%d", os.Getpid(), time.Now().UnixNano())}
	args := []string{"new-session", "-d", "-s", "w", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h)}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	tt.run(append(args, cmdline+"; echo EXITED-$?; sleep 30")...)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", tt.socket, "kill-server").Run() })
	return tt
}
