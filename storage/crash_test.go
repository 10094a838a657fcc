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
// killed.
func TestCrashHelperProcess(t *testing.T) {
	if os.Getenv("STORAGE_CRASH_HELPER") != "1" {
		t.Skip("the helper process of TestSaveCrash")
	}
	round, err := strconv.Atoi(os.Getenv("STORAGE_CRASH_ROUND"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "STORAGE_CRASH_ROUND:", err)
		os.Exit(2)
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

// tempName is the name renameio gives a temp file of a record's save.
var tempName = regexp.MustCompile(`^\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json[0-9]+$`)

// TestSaveCrash kills a process that is saving records, with SIGKILL, at
// random moments, many times over, into the same folder. After every kill:
// every record file holds the whole record it was saved with; every save
// the process reported as done is there; at most one more (the save in
// flight when it was killed, which had finished but not yet been reported)
// is there; records of earlier rounds are untouched; List reports no
// problem and does not see leftover temp files; and a new Save works.
func TestSaveCrash(t *testing.T) {
	if os.Getenv("STORAGE_CRASH_HELPER") != "" {
		t.Skip("inside the helper process")
	}
	rounds, budget := 50, 15*time.Second
	if testing.Short() {
		rounds = 10
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

	dir := filepath.Join(t.TempDir(), "store")
	s, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]int{} // id → k of every record seen so far
	start := time.Now()
	var totalSaves, tempsLeft, emptyRounds, extraRounds int
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
		reported := crashRound(t, dir, round, afterSaves, delay)
		totalSaves += len(reported)

		temps, extra := checkAfterCrash(t, s, round, reported, known)
		tempsLeft = temps
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
		"%d with a finished but unreported save, %d hidden temp files left, %d records in the folder",
		done, time.Since(start).Round(time.Millisecond), totalSaves, emptyRounds, extraRounds, tempsLeft, len(known))
	if done < 10 {
		t.Errorf("only %d rounds ran", done)
	}
}

// crashRound starts the helper process saving into dir and kills it with
// SIGKILL after delay: counted from the start when afterSaves is 0, or from
// its afterSaves-th report of a finished save. It returns the ids it
// reported as saved.
func crashRound(t *testing.T, dir string, round, afterSaves int, delay time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelperProcess$")
	cmd.Env = append(os.Environ(),
		"STORAGE_CRASH_HELPER=1",
		"STORAGE_CRASH_DIR="+dir,
		"STORAGE_CRASH_ROUND="+strconv.Itoa(round),
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
	var files []string
	for _, name := range storage.DirNames(t, s.Dir()) {
		switch {
		case tempName.MatchString(name):
			temps++
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

	// List sees exactly the record files, no temp file, and no problem.
	list, problems := s.List()
	for _, p := range problems {
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
