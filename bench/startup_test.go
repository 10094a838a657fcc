//go:build linux

// Package bench holds measurements of the wizard as a whole program: how
// long it takes from starting the process to its first complete frame in a
// terminal, side by side with a bare huh form (bench/bareform) and a bare
// Bubble Tea program (bench/baretea) started the same way. Nothing here
// asserts a time; the figures are for reading. The pseudo-terminal is
// opened with golang.org/x/sys/unix (already a dependency), so this file
// is for Linux only.
package bench

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/idporten-wizard/idporten-wizard/internal/termtest"
)

// The terminal the programs start in.
const cols, rows = 100, 30

// program is one of the programs timed: its package (from the module's
// root), the binary go build names after it, and what shows once its first
// frame is complete.
type program struct {
	name, pkg, binary, done string
}

// The programs: the wizard (its start screen's last line), the bare form
// (its last option) and the bare Bubble Tea program (its one line).
var (
	wizard   = program{"wizard", ".", "idporten-wizard", "Trykk Enter for å byrje."}
	bareform = program{"bareform", "./bench/bareform", "bareform", "Commfides"}
	baretea  = program{"baretea", "./bench/baretea", "baretea", "Commfides"}
	programs = []program{wizard, bareform, baretea}
)

// BenchmarkStartup starts the wizard, the bare huh form and a bare Bubble
// Tea program in turn, each in a new pseudo-terminal of 100×30 whose output
// goes into a virtual terminal (which answers the programs' terminal
// queries, as a terminal would), and times each from just before the
// process starts to the moment its first frame is complete on the virtual
// screen. One iteration is one run of each, in an order that rotates. It
// reports the medians, the wizard's ratio to the bare form, and the CPU
// time (user + system) each process had used when it was stopped right
// after its first frame.
//
// Run: go test -run='^$' -bench=Startup -benchtime=20x ./bench
func BenchmarkStartup(b *testing.B) {
	bins := buildBinaries(b)
	frame := map[string][]time.Duration{}
	cpu := map[string][]time.Duration{}
	for i := range b.N {
		for j := range programs {
			p := programs[(i+j)%len(programs)]
			r := bins.firstFrame(b, p)
			frame[p.name] = append(frame[p.name], r.frame)
			cpu[p.name] = append(cpu[p.name], r.cpu)
		}
	}
	for _, p := range programs {
		b.ReportMetric(ms(median(frame[p.name])), p.name+"-ms")
		b.ReportMetric(ms(median(cpu[p.name])), p.name+"-cpu-ms")
	}
	b.ReportMetric(float64(median(frame[wizard.name]))/float64(median(frame[bareform.name])), "ratio")
}

// TestStartupHarness starts each program once and checks that its first
// frame is seen, so the benchmark cannot rot unnoticed. It times nothing.
func TestStartupHarness(t *testing.T) {
	if testing.Short() {
		t.Skip("builds three programs")
	}
	bins := buildBinaries(t)
	for _, p := range programs {
		bins.firstFrame(t, p)
	}
}

// binaries are the built programs, by name, and the wizard's data folder.
type binaries struct {
	path    map[string]string
	dataDir string
}

var built struct {
	bins binaries
	err  error
	done bool
}

// buildDir holds the built programs; TestMain removes it.
var buildDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// buildBinaries builds the programs once per test binary.
func buildBinaries(tb testing.TB) binaries {
	tb.Helper()
	if !built.done {
		built.done = true
		built.bins, built.err = build()
	}
	if built.err != nil {
		tb.Fatal(built.err)
	}
	return built.bins
}

func build() (binaries, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return binaries{}, fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(out)))
	buildDir, err = os.MkdirTemp("", "idporten-wizard-bench-")
	if err != nil {
		return binaries{}, err
	}
	// One go command builds all three (linking in parallel) into buildDir,
	// each named after its package. No VCS stamp: it runs git, which can
	// take seconds, and the programs never read it before their first frame.
	args := []string{"build", "-buildvcs=false", "-o", buildDir + string(filepath.Separator)}
	bins := binaries{path: map[string]string{}, dataDir: filepath.Join(buildDir, "data")}
	for _, p := range programs {
		args = append(args, p.pkg)
		bins.path[p.name] = filepath.Join(buildDir, p.binary)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return binaries{}, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return bins, nil
}

// env is the programs' environment: this one's, less anything that would
// change how they draw, with a data folder for the wizard.
func (bins binaries) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "TERM", name == "COLORTERM", name == "NO_COLOR", name == "CLICOLOR_FORCE",
			name == "ACCESSIBLE", strings.HasPrefix(name, "IDPORTEN_WIZARD_"):
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TERM=xterm-256color", "IDPORTEN_WIZARD_DATA="+bins.dataDir)
}

// run is one start of a program: the time to its first complete frame,
// and the CPU time it had used when it was stopped just after.
type run struct {
	frame, cpu time.Duration
}

// firstFrame starts p in a new pseudo-terminal, waits until the virtual
// screen shows p.done, and kills it.
func (bins binaries) firstFrame(tb testing.TB, p program) run {
	tb.Helper()
	master, slave, err := openPTY(cols, rows)
	if err != nil {
		tb.Fatal(err)
	}
	defer master.Close()
	scr := termtest.New(cols, rows)
	// The terminal's answers to queries go back as the program's input.
	// This goroutine ends at the next answer after the PTY is closed (or
	// with the test binary: the emulator is not closed, as termtest says).
	go func() { _, _ = io.Copy(master, scr.Answers()) }()

	cmd := exec.Command(bins.path[p.name])
	cmd.Env = bins.env()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}

	seen := make(chan time.Duration, 1)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	_ = slave.Close()
	go func() {
		buf := make([]byte, 64<<10)
		found := false
		for {
			n, err := master.Read(buf)
			if n > 0 {
				_, _ = scr.Write(buf[:n])
				if !found && strings.Contains(scr.Text(), p.done) {
					seen <- time.Since(start)
					found = true
				}
			}
			if err != nil {
				return // EIO once the program has ended
			}
		}
	}()
	stop := func() time.Duration {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	select {
	case d := <-seen:
		return run{frame: d, cpu: stop()}
	case <-time.After(termtest.Timeout):
		stop()
		tb.Fatalf("%s: no %q on screen after %s; it shows:\n%s", p.name, p.done, termtest.Timeout, scr.Text())
		return run{}
	}
}

// openPTY opens a pseudo-terminal of the given size: the master for us,
// the slave for the program.
func openPTY(cols, rows int) (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*os.File, *os.File, error) {
		_ = master.Close()
		return nil, nil, fmt.Errorf("pty: %w", err)
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		return fail(err)
	}
	n, err := unix.IoctlGetUint32(fd, unix.TIOCGPTN)
	if err != nil {
		return fail(err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return fail(err)
	}
	ws := &unix.Winsize{Col: uint16(cols), Row: uint16(rows)}
	if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, ws); err != nil {
		_ = slave.Close()
		return fail(err)
	}
	return master, slave, nil
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
