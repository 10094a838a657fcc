package storage_test

// The crash test: a helper process (this test binary, run again with
// STORAGE_CRASH_HELPER=1) saves records in a loop, and the test kills it
// with SIGKILL at random moments, then checks what a crash may leave behind.
// SIGKILL stops a process between any two instructions, so this checks
// Save's ordering (temp file written, then linked to its name) against a
// process crash; it does not simulate a power cut, which would need the
// kernel to drop unsynced writes.

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
)

const (
	// crashPerRound spaces the record numbers (k) of the rounds: record i of
	// round n is k = n*crashPerRound + i. The helper stops saving before
	// crashMaxSaves, so a round never runs into the next one's numbers.
	crashPerRound = 1000
	crashMaxSaves = 900
	// crashAfterKill numbers the records the test itself saves after each
	// kill: k = crashAfterKill + round.
	crashAfterKill = 1_000_000
)

// crashRecord returns record number k with the given id: one of three
// shapes (MinID with mobile and e-mail, MinID with mobile, BankID på mobil
// without a national ID), created k milliseconds after SampleCreated, so
// that k, and so the whole expected record, can be told from a file's
// created_at.
func crashRecord(tb testing.TB, id string, k int) model.Record {
	tb.Helper()
	created := storage.SampleCreated.Add(time.Duration(k) * time.Millisecond)
	var r model.Record
	switch k % 3 {
	case 0:
		r = storage.FullRecord(tb, id)
	case 1:
		r = storage.SampleRecord(tb, id, created, k)
	default:
		r = storage.BankIDMobileRecord(tb, id)
	}
	r.CreatedAt = created.In(model.Oslo())
	v := r.CreatedAt.Add(-time.Minute)
	r.ContactRegister.MobileVerifiedAt = &v
	if r.ContactRegister.Email != "" {
		e := r.CreatedAt.Add(-30 * time.Second)
		r.ContactRegister.EmailVerifiedAt = &e
	}
	if err := r.Validate(); err != nil {
		tb.Fatalf("crashRecord(%d) is not valid: %v", k, err)
	}
	return r
}

// crashK returns the number k of a record made by crashRecord.
func crashK(r model.Record) int {
	return int(r.CreatedAt.Sub(storage.SampleCreated) / time.Millisecond)
}

// TestCrashHelperProcess is the helper process of TestSaveCrash, not a test
// of its own: with STORAGE_CRASH_HELPER=1 it saves records numbered
// STORAGE_CRASH_ROUND*crashPerRound + 0, 1, 2, … into STORAGE_CRASH_DIR,
// writing "saved <id>" to stdout after each Save has returned, until it is
// killed. With STORAGE_CRASH_FALLBACK=1 it saves as where the file system
// has no O_TMPFILE (a named hidden temp file).
func TestCrashHelperProcess(t *testing.T) {
	if os.Getenv("STORAGE_CRASH_HELPER") != "1" {
		t.Skip("the helper process of TestSaveCrash")
	}
	round, err := strconv.Atoi(os.Getenv("STORAGE_CRASH_ROUND"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "STORAGE_CRASH_ROUND:", err)
		os.Exit(2)
	}
	if os.Getenv("STORAGE_CRASH_FALLBACK") == "1" {
		storage.ForceTempFallback(t)
	}
	s, err := storage.Open(os.Getenv("STORAGE_CRASH_DIR"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for i := range crashMaxSaves {
		r := crashRecord(t, storage.NewID(), round*crashPerRound+i)
		if _, err := s.Save(r); err != nil {
			fmt.Fprintln(os.Stderr, "Save:", err)
			os.Exit(2)
		}
		// One write per line, straight to the pipe: once the test has read
		// it, the Save before it had returned.
		if _, err := os.Stdout.WriteString("saved " + r.ID + "\n"); err != nil {
			os.Exit(2)
		}
	}
	select {} // wait for the kill
}

// savedLines collects the "saved <id>" lines of the helper process and
// tells when the n-th has come.
type savedLines struct {
	mu      sync.Mutex
	partial []byte
	ids     []string
	other   []string
	n       int
	reached chan struct{}
}

func (w *savedLines) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partial = append(w.partial, p...)
	for {
		line, rest, ok := bytes.Cut(w.partial, []byte("\n"))
		if !ok {
			break
		}
		w.partial = rest
		if id, ok := strings.CutPrefix(string(line), "saved "); ok {
			w.ids = append(w.ids, id)
			if len(w.ids) == w.n {
				close(w.reached)
			}
		} else {
			w.other = append(w.other, string(line))
		}
	}
	return len(p), nil
}

// tempName is the name of the hidden temp file of a record's save where
// there is no O_TMPFILE: "." + "<id>.json.tmp-" + random digits.
var tempName = regexp.MustCompile(`^\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json\.tmp-[0-9]+$`)

// TestSaveCrash kills a process that is saving records, with SIGKILL, at
// random moments, many times over, into the same folder on the disk
// (t.TempDir()). After every kill: every record file holds the whole record
// it was saved with; every save the process reported as done is there; at
// most one more (the save in flight when it was killed, which had finished
// but not yet been reported) is there; records of earlier rounds are
// untouched; List reports no problem; and a new Save works. Where the file
// system has O_TMPFILE (ext4, tmpfs, xfs, btrfs) no kill may leave any
// hidden file at all: the record is written into an anonymous file that
// gets its name only once whole.
func TestSaveCrash(t *testing.T) {
	if os.Getenv("STORAGE_CRASH_HELPER") != "" {
		t.Skip("inside the helper process")
	}
	crashTest(t, filepath.Join(t.TempDir(), "store"), false, 50)
}

// TestSaveCrashTmpfs is TestSaveCrash on a tmpfs (/dev/shm), which also has
// O_TMPFILE, with fewer rounds.
func TestSaveCrashTmpfs(t *testing.T) {
	if os.Getenv("STORAGE_CRASH_HELPER") != "" {
		t.Skip("inside the helper process")
	}
	base, err := os.MkdirTemp("/dev/shm", "storage-crash-")
	if err != nil {
		t.Skipf("no /dev/shm: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(base) })
	crashTest(t, filepath.Join(base, "store"), false, 20)
}

// TestSaveCrashFallback is TestSaveCrash with O_TMPFILE made to fail as on
// a file system without it, so Save writes a named hidden temp file first.
// A kill may then leave such temp files ("."+id+".json.tmp-"+digits, and
// nothing else); each holds no more than its record, List reports one only
// once it is no longer a save in progress, and SweepTemps removes them all
// once old, leaving every record as it was.
func TestSaveCrashFallback(t *testing.T) {
	if os.Getenv("STORAGE_CRASH_HELPER") != "" {
		t.Skip("inside the helper process")
	}
	storage.ForceTempFallback(t)
	dir := filepath.Join(t.TempDir(), "store")
	crashTest(t, dir, true, 50)

	// The leftovers, aged past StaleTempAge: List names each, SweepTemps
	// removes each, and the records stay as they were.
	s, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var temps []string
	for _, name := range storage.DirNames(t, dir) {
		if tempName.MatchString(name) {
			temps = append(temps, name)
			old := time.Now().Add(-storage.StaleTempAge - time.Minute)
			if err := os.Chtimes(filepath.Join(dir, name), old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	before, _ := s.List()
	_, problems := s.List()
	var reported []string
	for _, p := range problems {
		var fe *storage.FileError
		if !errors.As(p, &fe) || !errors.Is(p, storage.ErrUnfinishedSave) {
			t.Errorf("List problem %v is not an unfinished save", p)
			continue
		}
		reported = append(reported, fe.Name)
	}
	slices.Sort(reported)
	if !slices.Equal(reported, temps) {
		t.Errorf("List reports unfinished saves %q, the folder holds temp files %q", reported, temps)
	}
	removed, err := s.SweepTemps(storage.StaleTempAge)
	if err != nil || removed != len(temps) {
		t.Errorf("SweepTemps = %d, %v; want %d, nil", removed, err, len(temps))
	}
	for _, name := range storage.DirNames(t, dir) {
		if strings.HasPrefix(name, ".") {
			t.Errorf("%s is left after SweepTemps", name)
		}
	}
	after, problems := s.List()
	if len(problems) != 0 {
		t.Errorf("List after SweepTemps: %v", problems)
	}
	if g, w := ids(after), ids(before); !slices.Equal(g, w) {
		t.Errorf("SweepTemps changed the records: %d before, %d after", len(w), len(g))
	}
	t.Logf("%d temp files left by the kills, reported and swept", len(temps))
}

// crashTest runs up to rounds rounds of kills into dir (see TestSaveCrash);
// fallback says whether the helper saves without O_TMPFILE.
func crashTest(t *testing.T, dir string, fallback bool, rounds int) {
	budget := 15 * time.Second
	if testing.Short() {
		rounds = min(rounds, 10)
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("STORAGE_CRASH_SEED"); v != "" {
		var err error
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("STORAGE_CRASH_SEED: %v", err)
		}
	}
	t.Logf("seed %d (STORAGE_CRASH_SEED=%d repeats the kill timings)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 1))

	s, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Without the fallback forced, a folder with O_TMPFILE must never hold
	// a hidden file.
	noHidden := !fallback && storage.TmpfileWorks(dir)
	t.Logf("O_TMPFILE in %s: %v; fallback forced: %v", dir, storage.TmpfileWorks(dir), fallback)
	known := map[string]int{} // id → k of every record seen so far
	start := time.Now()
	var totalSaves, tempsLeft, tempRounds, emptyRounds, extraRounds int
	done := 0
	for round := range rounds {
		if round >= 10 && time.Since(start) > budget {
			t.Logf("stopping after %d rounds: the %v budget is spent (slow machine or -race)", round, budget)
			break
		}
		// Half the rounds kill 0–30 ms after the start, the others once
		// the helper has reported 1–20 saves, 0–2 ms later.
		afterSaves := 0
		if round%2 == 1 {
			afterSaves = 1 + rng.IntN(20)
		}
		delay := time.Duration(rng.Int64N(int64(30 * time.Millisecond)))
		if afterSaves > 0 {
			delay = time.Duration(rng.Int64N(int64(2 * time.Millisecond)))
		}
		reported := crashRound(t, dir, round, afterSaves, delay, fallback)
		totalSaves += len(reported)

		temps, extra := checkAfterCrash(t, s, round, reported, known)
		if temps > tempsLeft {
			tempRounds++
		}
		tempsLeft = temps
		if noHidden && temps > 0 {
			t.Errorf("round %d: %d hidden temp files in a folder with O_TMPFILE, want none", round, temps)
		}
		if len(reported) == 0 {
			emptyRounds++
		}
		if extra {
			extraRounds++
		}

		// A new Save in the same folder works, leftovers or not.
		id := storage.NewID()
		r := crashRecord(t, id, crashAfterKill+round)
		if _, err := s.Save(r); err != nil {
			t.Fatalf("round %d: Save after the kill: %v", round, err)
		}
		got, err := s.Load(id)
		if err != nil {
			t.Fatalf("round %d: Load after the Save after the kill: %v", round, err)
		}
		sameRecord(t, got, r)
		known[id] = crashAfterKill + round
		done++
		if t.Failed() {
			t.Fatalf("round %d (afterSaves %d, delay %v) failed; seed %d", round, afterSaves, delay, seed)
		}
	}
	t.Logf("%d rounds in %v: %d saves reported before the kills, %d rounds killed before any, "+
		"%d with a finished but unreported save, %d rounds left a hidden temp file (%d in all), %d records in the folder",
		done, time.Since(start).Round(time.Millisecond), totalSaves, emptyRounds, extraRounds, tempRounds, tempsLeft, len(known))
	if done < 10 {
		t.Errorf("only %d rounds ran", done)
	}
	if noHidden && tempRounds != 0 {
		t.Errorf("%d of %d rounds left a hidden temp file where O_TMPFILE works; want 0", tempRounds, done)
	}
}

// crashRound starts the helper process saving into dir and kills it with
// SIGKILL after delay: counted from the start when afterSaves is 0, or from
// its afterSaves-th report of a finished save. It returns the ids it
// reported as saved.
func crashRound(t *testing.T, dir string, round, afterSaves int, delay time.Duration, fallback bool) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelperProcess$")
	cmd.Env = append(os.Environ(),
		"STORAGE_CRASH_HELPER=1",
		"STORAGE_CRASH_DIR="+dir,
		"STORAGE_CRASH_ROUND="+strconv.Itoa(round),
		"STORAGE_CRASH_FALLBACK="+map[bool]string{true: "1", false: "0"}[fallback],
	)
	out := &savedLines{n: afterSaves, reached: make(chan struct{})}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = out, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	if afterSaves > 0 {
		select {
		case <-out.reached:
		case err := <-exited:
			t.Fatalf("round %d: helper ended (%v) before %d saves:\n%s%s", round, err, afterSaves, strings.Join(out.other, "\n"), stderr.String())
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatalf("round %d: no %d saves reported in 30 s:\n%s", round, afterSaves, stderr.String())
		}
	}
	time.Sleep(delay)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	err := <-exited // the pipe drained: every line written before the kill is in
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("round %d: helper ended with %v, not by SIGKILL:\n%s%s", round, err, strings.Join(out.other, "\n"), stderr.String())
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	return slices.Clone(out.ids)
}

// checkAfterCrash checks the folder after the kill of round and adds the
// records found to known. It returns the number of hidden temp files left
// and whether the folder holds a record of this round that was not
// reported (the save in flight had finished).
func checkAfterCrash(t *testing.T, s *storage.Store, round int, reported []string, known map[string]int) (temps int, extra bool) {
	t.Helper()
	var files, tempFiles []string
	for _, name := range storage.DirNames(t, s.Dir()) {
		switch {
		case tempName.MatchString(name):
			temps++
			tempFiles = append(tempFiles, name)
		case strings.HasSuffix(name, ".json") && !strings.HasPrefix(name, "."):
			files = append(files, name)
		default:
			t.Errorf("round %d: unexpected file %q in the folder", round, name)
		}
	}

	// Every record file holds exactly the record it was saved with.
	present := map[string]bool{}
	thisRound := 0
	for _, name := range files {
		id := strings.TrimSuffix(name, ".json")
		present[id] = true
		r, err := s.Load(id)
		if err != nil {
			data, _ := os.ReadFile(filepath.Join(s.Dir(), name))
			t.Errorf("round %d: %s after the kill: %v\n%d bytes: %q", round, name, err, len(data), data)
			continue
		}
		if err := r.Validate(); err != nil {
			t.Errorf("round %d: Load gave an invalid record: %v", round, err)
		}
		k := crashK(r)
		if k0, ok := known[id]; ok && k0 != k {
			t.Errorf("round %d: %s changed from record %d to %d", round, name, k0, k)
		}
		if k < crashAfterKill && k/crashPerRound > round {
			t.Errorf("round %d: %s holds record %d of a later round", round, name, k)
		}
		if k/crashPerRound == round && k < crashAfterKill {
			thisRound++
		}
		sameRecord(t, r, crashRecord(t, id, k))
		known[id] = k
	}
	for id, k := range known {
		if !present[id] {
			t.Errorf("round %d: record %s (number %d), there before, is gone", round, id, k)
		}
	}

	// Every reported save is there; at most the one in flight more.
	for _, id := range reported {
		if !present[id] {
			t.Errorf("round %d: %s was reported saved but is not in the folder", round, id)
		}
	}
	switch d := thisRound - len(reported); {
	case d < 0:
		t.Errorf("round %d: %d records reported saved, only %d of them in the folder", round, len(reported), thisRound)
	case d > 1:
		t.Errorf("round %d: %d records of this round in the folder, %d reported: more than the one in flight", round, thisRound, len(reported))
	case d == 1:
		extra = true
	}

	// A temp file whose record has its name (the kill came between the
	// link and the removal of the temp name) holds exactly that record;
	// any other is a save cut short, never seen as a record.
	for _, name := range tempFiles {
		id := strings.TrimPrefix(name[:strings.Index(name, ".json.tmp-")], ".")
		if !present[id] {
			continue
		}
		tmp, err1 := os.ReadFile(filepath.Join(s.Dir(), name))
		rec, err2 := os.ReadFile(filepath.Join(s.Dir(), id+".json"))
		if err1 != nil || err2 != nil || !bytes.Equal(tmp, rec) {
			t.Errorf("round %d: temp file %s differs from its record (%v, %v)", round, name, err1, err2)
		}
	}

	// List sees exactly the record files, no temp file, and no problem but
	// the temp files older than a save in progress, named as unfinished
	// saves.
	list, problems := s.List()
	for _, p := range problems {
		var fe *storage.FileError
		if errors.As(p, &fe) && errors.Is(p, storage.ErrUnfinishedSave) && slices.Contains(tempFiles, fe.Name) {
			continue
		}
		t.Errorf("round %d: List problem after the kill: %v", round, p)
	}
	got := ids(list)
	want := make([]string, 0, len(files))
	for _, name := range files {
		want = append(want, strings.TrimSuffix(name, ".json"))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("round %d: List gives %d records, the folder holds %d record files (and %d temp files)", round, len(got), len(want), temps)
	}
	return temps, extra
}
