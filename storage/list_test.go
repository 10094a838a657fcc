package storage_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
)

func ids(recs []model.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

// writeRaw puts data in the store folder under name, bypassing Save.
func writeRaw(t *testing.T, s *storage.Store, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(s.Dir(), name), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// ---- List ----

func TestListNewestFirst(t *testing.T) {
	s := openStore(t)
	base := storage.SampleCreated
	id := make([]string, 5)
	for i := range id {
		id[i] = storage.NewID() // ascending
	}
	created := []time.Time{
		base.Add(3 * time.Hour),
		base.Add(1 * time.Hour),
		base.Add(2 * time.Hour),
		base.Add(2 * time.Hour).UTC(), // same instant as id[2], other zone
		base,
	}
	for _, i := range []int{2, 4, 0, 3, 1} {
		r := storage.SampleRecord(t, id[i], created[i], i)
		r.CreatedAt = created[i] // keep the UTC one in UTC
		if _, err := s.Save(r); err != nil {
			t.Fatalf("Save #%d: %v", i, err)
		}
	}
	recs, problems := s.List()
	if len(problems) != 0 {
		t.Fatalf("List problems: %v", problems)
	}
	// Newest first; the tie between id[2] and id[3] goes to the larger id.
	want := []string{id[0], id[3], id[2], id[1], id[4]}
	if got := ids(recs); !slices.Equal(got, want) {
		t.Errorf("List order:\n got %q\nwant %q", got, want)
	}
	for i, r := range recs {
		if err := r.Validate(); err != nil {
			t.Errorf("List record #%d invalid: %v", i, err)
		}
	}
}

func TestListTieBreakByIDDesc(t *testing.T) {
	s := openStore(t)
	var saved []string
	for i := range 20 {
		r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, i)
		if _, err := s.Save(r); err != nil {
			t.Fatal(err)
		}
		saved = append(saved, r.ID)
	}
	recs, problems := s.List()
	if len(problems) != 0 {
		t.Fatalf("List problems: %v", problems)
	}
	want := slices.Clone(saved)
	slices.Sort(want)
	slices.Reverse(want)
	if got := ids(recs); !slices.Equal(got, want) {
		t.Errorf("equal created_at: order\n got %q\nwant %q (id descending)", got, want)
	}
}

func TestListReportsAndSkipsBadFiles(t *testing.T) {
	s := openStore(t)
	var good []string
	for i := range 3 {
		r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated.Add(time.Duration(-i)*time.Minute), i)
		if _, err := s.Save(r); err != nil {
			t.Fatal(err)
		}
		good = append(good, r.ID) // newest first already
	}
	valid := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 9)
	validJSON, _ := json.MarshalIndent(valid, "", "  ")
	mismatch := storage.NewID() + ".json"

	// Reported: .json files that are not records.
	writeRaw(t, s, "corrupt.json", []byte(`{"schema_version": 1, "id": `))
	writeRaw(t, s, "foreign.json", []byte(`{"foo":1}`))
	writeRaw(t, s, "empty.json", nil)
	writeRaw(t, s, mismatch, validJSON) // valid record, another id
	invalid := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 10)
	invalid.Language = "de"
	invalidJSON, _ := json.MarshalIndent(invalid, "", "  ")
	writeRaw(t, s, invalid.ID+".json", invalidJSON) // well named, not valid
	// Ignored: hidden files (temp files of saves) and other names.
	writeRaw(t, s, ".tmp123", []byte("garbage"))
	writeRaw(t, s, "."+valid.ID+".json4242", validJSON[:40])
	writeRaw(t, s, ".hidden.json", []byte("garbage"))
	writeRaw(t, s, ".json", []byte("garbage"))
	writeRaw(t, s, "notes.txt", []byte("garbage"))
	writeRaw(t, s, "README", []byte("garbage"))
	writeRaw(t, s, valid.ID+".json.bak", validJSON)
	writeRaw(t, s, valid.ID+".json~", []byte("garbage"))
	writeRaw(t, s, "UPPER.JSON", []byte("garbage"))
	if err := os.Mkdir(filepath.Join(s.Dir(), "folder.json"), 0o700); err != nil {
		t.Fatal(err)
	}

	recs, problems := s.List()
	if got := ids(recs); !slices.Equal(got, good) {
		t.Errorf("List records = %q, want %q", got, good)
	}
	wantNames := []string{"corrupt.json", "empty.json", "foreign.json", mismatch, invalid.ID + ".json"}
	var gotNames []string
	byName := map[string]*storage.FileError{}
	for _, err := range problems {
		var fe *storage.FileError
		if !errors.As(err, &fe) {
			t.Errorf("problem %v (%T) is not a *storage.FileError", err, err)
			continue
		}
		gotNames = append(gotNames, fe.Name)
		byName[fe.Name] = fe
		if !strings.HasPrefix(err.Error(), fe.Name+": ") {
			t.Errorf("problem %q does not start with its file name %q", err.Error(), fe.Name)
		}
		if fe.Err == nil || errors.Unwrap(fe) != fe.Err {
			t.Errorf("FileError %s: Unwrap = %v, Err = %v", fe.Name, errors.Unwrap(fe), fe.Err)
		}
	}
	slices.Sort(gotNames)
	slices.Sort(wantNames)
	if !slices.Equal(gotNames, wantNames) {
		t.Fatalf("problems name %q, want %q\n(problems: %v)", gotNames, wantNames, problems)
	}
	var syn *json.SyntaxError
	if !errors.As(byName["corrupt.json"], &syn) && !strings.Contains(byName["corrupt.json"].Error(), "EOF") {
		t.Errorf("corrupt.json: %v, want a JSON syntax error", byName["corrupt.json"])
	}
	for _, n := range []string{"foreign.json", mismatch, invalid.ID + ".json"} {
		if !errors.Is(byName[n], model.ErrRecordInvalid) {
			t.Errorf("%s: %v does not wrap model.ErrRecordInvalid", n, byName[n])
		}
	}
	if errors.Is(byName[mismatch], fs.ErrNotExist) {
		t.Errorf("%s: %v says not exist", mismatch, byName[mismatch])
	}
}

func TestListOnlyBadFiles(t *testing.T) {
	s := openStore(t)
	for i := range 10 {
		writeRaw(t, s, fmt.Sprintf("bad%02d.json", i), []byte("{"))
	}
	recs, problems := s.List()
	if len(recs) != 0 {
		t.Errorf("List records = %q, want none", ids(recs))
	}
	if len(problems) != 10 {
		t.Errorf("List problems = %d, want 10: %v", len(problems), problems)
	}
}

func TestListEmpty(t *testing.T) {
	s := openStore(t)
	recs, problems := s.List()
	if len(recs) != 0 || len(problems) != 0 {
		t.Errorf("List of empty store = %v, %v; want nothing", recs, problems)
	}
	// Only ignorable files: still nothing.
	writeRaw(t, s, ".tmp123", []byte("x"))
	writeRaw(t, s, "notes.txt", []byte("x"))
	recs, problems = s.List()
	if len(recs) != 0 || len(problems) != 0 {
		t.Errorf("List with only hidden/other files = %v, %v; want nothing", recs, problems)
	}
}

// TestListReportsUnfinishedSaves: a hidden temp file an unfinished save
// left (the fallback's pattern, or renameio's from older versions) is
// reported as a problem once it is older than a save in progress: a
// *FileError naming the file, errors.Is ErrUnfinishedSave, and never its
// contents. A fresh one (a save in progress, maybe in another process) and
// other hidden files are not reported, and the records are all returned.
func TestListReportsUnfinishedSaves(t *testing.T) {
	s := openStore(t)
	r := storage.FullRecord(t, storage.NewID())
	if _, err := s.Save(r); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(s.Dir(), r.ID+".json"))
	if err != nil {
		t.Fatal(err)
	}
	id1, id2 := storage.NewID(), storage.NewID()
	left := []string{"." + id1 + ".json.tmp-123", "." + id2 + ".json4242", "." + r.ID + ".json.tmp-9"}
	fresh := []string{"." + storage.NewID() + ".json.tmp-5", "." + storage.NewID() + ".json5"}
	other := []string{".notes", "." + id1 + ".json.tmp-x", ".tmp123"}
	old := time.Now().Add(-storage.TempInProgress - time.Second)
	for _, n := range left {
		writeRaw(t, s, n, data[:len(data)/2])
		if err := os.Chtimes(filepath.Join(s.Dir(), n), old, old); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range other {
		writeRaw(t, s, n, data)
		if err := os.Chtimes(filepath.Join(s.Dir(), n), old, old); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range fresh {
		writeRaw(t, s, n, data)
	}

	recs, problems := s.List()
	if got := ids(recs); !slices.Equal(got, []string{r.ID}) {
		t.Errorf("List records = %q, want %q", got, r.ID)
	}
	var names []string
	for _, p := range problems {
		var fe *storage.FileError
		if !errors.As(p, &fe) || !errors.Is(p, storage.ErrUnfinishedSave) {
			t.Errorf("problem %v is not an unfinished save", p)
			continue
		}
		names = append(names, fe.Name)
		msg := p.Error()
		if !strings.HasPrefix(msg, fe.Name+": ") || !strings.Contains(msg, "unfinished save") {
			t.Errorf("problem %q does not name %s as an unfinished save", msg, fe.Name)
		}
		for _, secret := range []string{r.Person.NationalID, r.ContactRegister.Email, r.ContactRegister.Mobile} {
			if strings.Contains(msg, secret) {
				t.Errorf("problem %q shows the file's contents", msg)
			}
		}
	}
	slices.Sort(names)
	want := slices.Sorted(slices.Values(left))
	if !slices.Equal(names, want) {
		t.Errorf("unfinished saves reported: %q, want %q", names, want)
	}
}

func TestListMissingDir(t *testing.T) {
	s := openStore(t)
	if _, err := s.Save(storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 1)); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(s.Dir()); err != nil {
		t.Fatal(err)
	}
	recs, problems := s.List()
	if len(recs) != 0 {
		t.Errorf("List of a missing folder returned records %q", ids(recs))
	}
	if len(problems) == 0 {
		t.Fatal("List of a missing folder reported no error")
	}
	if !errors.Is(problems[0], fs.ErrNotExist) {
		t.Errorf("List error %v, want fs.ErrNotExist", problems[0])
	}
	var fe *storage.FileError
	if errors.As(problems[0], &fe) {
		t.Errorf("a missing folder is reported as a bad file %q", fe.Name)
	}
}

func TestListMany(t *testing.T) {
	// More files than List has workers.
	s := openStore(t)
	const n = 300
	for i := range n {
		r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated.Add(time.Duration(i)*time.Second), i)
		if _, err := s.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	writeRaw(t, s, "bad.json", []byte("nope"))
	recs, problems := s.List()
	if len(recs) != n || len(problems) != 1 {
		t.Fatalf("List = %d records, %d problems; want %d, 1", len(recs), len(problems), n)
	}
	seen := map[string]bool{}
	for i, r := range recs {
		if seen[r.ID] {
			t.Fatalf("List returned %s twice", r.ID)
		}
		seen[r.ID] = true
		if i > 0 && r.CreatedAt.After(recs[i-1].CreatedAt) {
			t.Fatalf("List not newest first at #%d", i)
		}
	}
}

// ---- Find ----

func TestFind(t *testing.T) {
	s := openStore(t)
	const (
		a = "01900000-0000-7000-8000-00000000000a"
		b = "01900000-0000-7000-8000-00000000000b"
		c = "01910000-0000-7000-8000-000000000001"
	)
	for i, id := range []string{a, b, c} {
		if _, err := s.Save(storage.SampleRecord(t, id, storage.SampleCreated, i)); err != nil {
			t.Fatalf("Save %s: %v", id, err)
		}
	}
	// Files that must not count as matches.
	writeRaw(t, s, "0192-notes.txt", []byte("x"))
	writeRaw(t, s, "0192.json.bak", []byte("x"))

	found := []struct{ prefix, want string }{
		{a, a},
		{b, b},
		{c, c},
		{"0191", c},
		{"01910000-0000-7000-8000-00000000000", c},
		{"01900000-0000-7000-8000-00000000000a", a},
		{"01900000-0000-7000-8000-00000000000b", b},
	}
	for _, tt := range found {
		r, err := s.Find(tt.prefix)
		if err != nil {
			t.Errorf("Find(%q): %v", tt.prefix, err)
			continue
		}
		if r.ID != tt.want {
			t.Errorf("Find(%q) = %s, want %s", tt.prefix, r.ID, tt.want)
		}
	}

	for _, p := range []string{"0", "01", "0190", "01900000-0000-7000-8000-00000000000"} {
		r, err := s.Find(p)
		if !errors.Is(err, storage.ErrAmbiguous) {
			t.Errorf("Find(%q) = %q, %v; want ErrAmbiguous", p, r.ID, err)
		}
		if errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Find(%q): ambiguous error %v also says not found", p, err)
		}
	}

	for _, p := range []string{"ffff", "0192", "1", "01900000-0000-7000-8000-00000000000c", "A"} {
		r, err := s.Find(p)
		if !errors.Is(err, storage.ErrNotFound) || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Find(%q) = %q, %v; want ErrNotFound", p, r.ID, err)
		}
	}

	for _, p := range []string{"", ".", ".019", "../", "../0190", "0190/x", `01\9`} {
		r, err := s.Find(p)
		if !errors.Is(err, storage.ErrBadID) {
			t.Errorf("Find(%q) = %q, %v; want ErrBadID", p, r.ID, err)
		}
	}

	// After a Delete the prefix becomes unique.
	if err := s.Delete(b); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Find("0190"); err != nil || r.ID != a {
		t.Errorf("Find(0190) after deleting b = %q, %v; want %s", r.ID, err, a)
	}
	if _, err := s.Find(b); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Find(deleted id) = %v, want ErrNotFound", err)
	}
}

func TestFindCorruptMatchIsAnError(t *testing.T) {
	s := openStore(t)
	writeRaw(t, s, "01930000-0000-7000-8000-000000000001.json", []byte("{"))
	r, err := s.Find("0193")
	if err == nil {
		t.Fatalf("Find(prefix of a corrupt file) = %+v, nil; want an error", r)
	}
	if errors.Is(err, storage.ErrAmbiguous) || errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Find(prefix of a corrupt file) = %v; want the file's error", err)
	}
}

// ---- Concurrency ----

func TestConcurrentSave200(t *testing.T) {
	s := openStore(t)
	const n = 200
	recs := make([]model.Record, n)
	for i := range recs {
		recs[i] = storage.SampleRecord(t, storage.NewID(), storage.SampleCreated.Add(time.Duration(i)*time.Millisecond), i)
	}
	errs := make([]error, n)
	paths := make([]string, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range recs {
		wg.Go(func() {
			<-start
			paths[i], errs[i] = s.Save(recs[i])
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Save #%d: %v", i, err)
		}
	}

	names := storage.DirNames(t, s.Dir())
	want := make([]string, n)
	for i, r := range recs {
		want[i] = r.ID + ".json"
		if paths[i] != filepath.Join(s.Dir(), want[i]) {
			t.Errorf("Save #%d path %q", i, paths[i])
		}
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("folder holds %d entries, want the %d record files only (e.g. extra: %q)",
			len(names), n, firstNotIn(names, want))
	}

	for _, r := range recs {
		got, err := s.Load(r.ID)
		if err != nil {
			t.Errorf("Load %s: %v", r.ID, err)
			continue
		}
		sameRecord(t, got, r)
	}

	list, problems := s.List()
	if len(problems) != 0 {
		t.Errorf("List problems: %v", problems)
	}
	if len(list) != n {
		t.Fatalf("List returned %d records, want %d", len(list), n)
	}
	// Newest first: the records were made 1 ms apart in index order.
	for i, r := range list {
		if want := recs[n-1-i].ID; r.ID != want {
			t.Fatalf("List #%d = %s, want %s", i, r.ID, want)
		}
	}
}

func firstNotIn(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// TestConcurrentReadersSeeWholeRecords: while records are being saved, List,
// Load and Find never see a partial file: every write is atomic.
func TestConcurrentReadersSeeWholeRecords(t *testing.T) {
	s := openStore(t)
	const writers, each = 4, 40
	recs := make([][]model.Record, writers)
	for w := range recs {
		for i := range each {
			recs[w] = append(recs[w], storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, w*each+i))
		}
	}
	var done atomic.Bool
	var saved sync.Map // id → true once Save returned
	var wg, readers sync.WaitGroup
	var mu sync.Mutex
	var readErrs []string
	report := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(readErrs) < 10 {
			readErrs = append(readErrs, fmt.Sprintf(format, a...))
		}
	}
	for range 2 {
		readers.Go(func() {
			last := 0
			for !done.Load() {
				list, problems := s.List()
				for _, p := range problems {
					report("List problem during saves: %v", p)
				}
				if len(list) < last {
					report("List shrank from %d to %d", last, len(list))
				}
				last = len(list)
				saved.Range(func(k, _ any) bool {
					if _, err := s.Load(k.(string)); err != nil {
						report("Load(%s) after its Save: %v", k, err)
					}
					return false // one per round is enough
				})
			}
		})
	}
	for w := range writers {
		wg.Go(func() {
			for _, r := range recs[w] {
				if _, err := s.Save(r); err != nil {
					report("Save: %v", err)
					continue
				}
				saved.Store(r.ID, true)
			}
		})
	}
	wg.Wait()
	done.Store(true)
	readers.Wait()
	for _, e := range readErrs {
		t.Error(e)
	}
	list, problems := s.List()
	if len(list) != writers*each || len(problems) != 0 {
		t.Errorf("final List = %d records, %v; want %d, none", len(list), problems, writers*each)
	}
}

func TestConcurrentSaveDeleteDistinctIDs(t *testing.T) {
	s := openStore(t)
	const n = 50
	recs := make([]model.Record, n)
	for i := range recs {
		recs[i] = storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, i)
		if _, err := s.Save(recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	fresh := make([]model.Record, n)
	for i := range fresh {
		fresh[i] = storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, n+i)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2*n)
	for i := range n {
		wg.Go(func() { errs[i] = s.Delete(recs[i].ID) })
		wg.Go(func() { _, errs[n+i] = s.Save(fresh[i]) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("op #%d: %v", i, err)
		}
	}
	list, problems := s.List()
	if len(problems) != 0 || len(list) != n {
		t.Fatalf("List = %d records, %v; want %d", len(list), problems, n)
	}
	want := ids(fresh)
	got := ids(list)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("after concurrent Save/Delete, ids = %q, want %q", got, want)
	}
}

// TestConcurrentSaveSameID: many sessions saving the same id at once never
// overwrite one another: exactly one Save succeeds, the others are refused
// with fs.ErrExist, and the file holds the winner's record.
func TestConcurrentSaveSameID(t *testing.T) {
	s := openStore(t)
	const n = 50
	id := storage.NewID()
	recs := make([]model.Record, n)
	for i := range recs {
		recs[i] = storage.SampleRecord(t, id, storage.SampleCreated.Add(time.Duration(i)*time.Second), i)
	}
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range recs {
		wg.Go(func() {
			<-start
			_, errs[i] = s.Save(recs[i])
		})
	}
	close(start)
	wg.Wait()

	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("Saves #%d and #%d of the same id both succeeded", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, fs.ErrExist):
			t.Errorf("Save #%d: %v, want fs.ErrExist", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no Save succeeded")
	}
	got, err := s.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	sameRecord(t, got, recs[winner])
	if names := storage.DirNames(t, s.Dir()); !slices.Equal(names, []string{id + ".json"}) {
		t.Errorf("folder holds %q, want only %s.json", names, id)
	}
}

// TestListDuringDeletes: a record deleted while List reads the folder is
// simply gone, not a problem.
func TestListDuringDeletes(t *testing.T) {
	s := openStore(t)
	const n = 200
	recs := make([]model.Record, n)
	for i := range recs {
		recs[i] = storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, i)
		if _, err := s.Save(recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Go(func() {
		defer done.Store(true)
		for _, r := range recs {
			if err := s.Delete(r.ID); err != nil {
				t.Errorf("Delete: %v", err)
			}
		}
	})
	rounds := 0
	var bad []error
	for len(bad) == 0 && (!done.Load() || rounds == 0) {
		rounds++
		list, problems := s.List()
		bad = append(bad, problems...)
		for _, r := range list {
			if err := r.Validate(); err != nil {
				bad = append(bad, err)
			}
		}
	}
	wg.Wait()
	for _, err := range bad {
		t.Errorf("List during deletes (round %d): %v", rounds, err)
	}
	if list, problems := s.List(); len(list) != 0 || len(problems) != 0 {
		t.Errorf("after deleting all: List = %d records, %v", len(list), problems)
	}
}
