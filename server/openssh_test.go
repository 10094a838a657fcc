package server_test

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// sshArgs are the OpenSSH client options for a throwaway test server.
func sshArgs(addr string) []string {
	host, port, _ := strings.Cut(addr, ":")
	return []string{"-p", port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "BatchMode=yes", host}
}

func needOpenSSH(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"ssh", "tmux"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed for the OpenSSH tests (.ci/run installs openssh-client and tmux)", tool)
		}
	}
}

// TestOpenSSHRefusals: exec commands and the sftp subsystem get one line
// and exit status 1 from the real ssh client's point of view.
func TestOpenSSHRefusals(t *testing.T) {
	needOpenSSH(t)
	ts := startServer(t, nil)
	for name, extra := range map[string][]string{
		"exec": {"ls", "-la"},
		"sftp": nil,
	} {
		t.Run(name, func(t *testing.T) {
			args := sshArgs(ts.addr)
			if name == "sftp" {
				args = append([]string{"-s"}, append(args, "sftp")...)
			} else {
				args = append(args, extra...)
			}
			cmd := exec.Command("ssh", args...)
			cmd.Env = append(os.Environ(), "LANG=nb_NO.UTF-8")
			out, err := cmd.CombinedOutput()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != 1 {
				t.Fatalf("ssh %v: %v\n%s", args, err, out)
			}
			want := map[string]string{"exec": "kjører ikke kommandoer", "sftp": "filoverføring"}[name]
			if !strings.Contains(string(out), want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		})
	}
}

// TestOpenSSHRegistration drives the OpenSSH client in tmux through a whole
// registration, reading the codes off the screen, and finds the file.
func TestOpenSSHRegistration(t *testing.T) {
	needOpenSSH(t)
	ts := startServer(t, nil)
	sock := fmt.Sprintf("idpw-ssh-%d-%d", os.Getpid(), time.Now().UnixNano())
	tmux := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-L", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	cmdline := "ssh -o SendEnv=LANG " + strings.Join(sshArgs(ts.addr), " ") + "; echo SSH-EXIT-$?; sleep 30"
	tmux("new-session", "-d", "-s", "w", "-x", "80", "-y", "24", "-e", "LANG=nn_NO.UTF-8", cmdline)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", sock, "kill-server").Run() })
	screen := func() string { return tmux("capture-pane", "-p", "-t", "w") }
	wait := func(re string) []string {
		t.Helper()
		rx := regexp.MustCompile(re)
		deadline := time.Now().Add(20 * time.Second)
		for {
			if m := rx.FindStringSubmatch(screen()); m != nil {
				return m
			}
			if time.Now().After(deadline) {
				t.Fatalf("screen never matched %q:\n%s", re, screen())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	keys := func(k ...string) { tmux(append([]string{"send-keys", "-t", "w"}, k...)...) }
	text := func(s string) { tmux("send-keys", "-t", "w", "-l", s) }

	wait(`Trykk Enter for å byrje\.`)
	keys("Enter")
	wait(`Vel elektronisk ID`)
	keys("4") // Buypass ID
	wait(`Korleis vil du logge inn\?`)
	keys("3") // Buypass ID i mobil, the app
	wait(`Fødselsnummer eller D-nummer`)
	text("08089409382")
	wait(`08089409382`)
	keys("Enter")
	wait(`Godkjenn innlogginga i appen`)
	keys("Enter")
	wait(`Vil du registrere kontaktinformasjon no\?`)
	keys("Enter")
	wait(`Norsk nummer, 8 siffer`)
	text("+47 412 34 567")
	wait(`412 34 567`)
	keys("Enter")
	wait(`E-postadresse`)
	keys("Enter")
	code := wait(`Koden din er (\d{6})`)[1]
	text(code)
	keys("Enter")
	wait(`Kontaktinformasjonen er stadfesta`)
	keys("Enter")
	wait(`Sjå over og stadfest`)
	keys("Enter")
	id := wait(`Referanse: ([0-9a-f-]{36})`)[1]
	keys("q")
	wait(`SSH-EXIT-0`)

	rec, err := ts.store.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Channel != model.ChannelSSH || rec.EID.Kind != model.Buypass || rec.EID.Method != model.MethodApp ||
		rec.ContactRegister.Mobile != "+4741234567" || rec.Language != "nn" {
		t.Errorf("record %+v", rec)
	}
}
