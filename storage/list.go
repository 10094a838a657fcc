package storage

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// FileError reports a file in the store's folder that could not be read as
// a record: corrupt JSON, someone else's JSON, an invalid record, a record
// whose id is not its file name, or (Err is ErrUnfinishedSave) the hidden
// temp file of a save a crash cut short.
type FileError struct {
	Name string // the file's name in the folder, e.g. "<id>.json"
	Err  error  // why it is not a record
}

// ErrUnfinishedSave is the Err of the *FileError that List reports for a
// hidden temp file of a save ("." + id + ".json.tmp-" + digits, or an
// earlier version's "." + id + ".json" + digits) older than a save in
// progress: a crash cut the save short. It is no record, but it may hold
// one's personal data until Open or SweepTemps removes it (once
// StaleTempAge old) or Delete removes it with its record. Only the
// fallback for file systems without O_TMPFILE makes such files.
var ErrUnfinishedSave = errors.New("unfinished save: a hidden temp file left by a crash")

// Error names the file and says what is wrong with it.
func (e *FileError) Error() string { return e.Name + ": " + e.Err.Error() }

// Unwrap returns the reason, so errors.Is sees e.g. model.ErrRecordInvalid.
func (e *FileError) Unwrap() error { return e.Err }

// List returns every record, newest first (by CreatedAt, then by id), read
// concurrently, ignoring hidden files, other names, sub-folders and files
// deleted meanwhile. The problems are a *FileError for each .json file that
// is corrupt or not a record (skipped, the rest are still returned), one
// whose Err is ErrUnfinishedSave for each hidden temp file of a save that
// is older than a save in progress lasts (10 seconds: it was left by a
// crash; named, never read), or the folder's error if it cannot be read.
func (s *Store) List() ([]model.Record, []error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, []error{err}
	}
	var names []string
	var problems []error
	for _, e := range entries {
		n := e.Name()
		switch {
		case !e.Type().IsRegular():
		case reTemp.MatchString(n):
			if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) >= tempInProgress {
				problems = append(problems, &FileError{Name: n, Err: ErrUnfinishedSave})
			}
		case strings.HasSuffix(n, ".json") && !strings.HasPrefix(n, "."):
			names = append(names, n)
		}
	}

	recs := make([]model.Record, len(names))
	errs := make([]error, len(names))
	skip := make([]bool, len(names))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0)*2, max(len(names), 1)) {
		wg.Go(func() {
			for i := range next {
				r, err := readRecord(filepath.Join(s.dir, names[i]))
				switch {
				case errors.Is(err, fs.ErrNotExist):
					// Deleted since ReadDir: not a problem.
					skip[i] = true
				case err != nil:
					errs[i] = &FileError{Name: names[i], Err: err}
				default:
					recs[i] = r
				}
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()

	var out []model.Record
	for i := range names {
		switch {
		case errs[i] != nil:
			problems = append(problems, errs[i])
		case !skip[i]:
			out = append(out, recs[i])
		}
	}
	slices.SortFunc(out, func(a, b model.Record) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return out, problems
}

// Find returns the one record whose id starts with prefix (a whole id will
// do). No match gives ErrNotFound (which wraps fs.ErrNotExist), several an
// *AmbiguousError naming them (errors.Is ErrAmbiguous), and a prefix that is
// not a plain file name ErrBadID.
func (s *Store) Find(prefix string) (model.Record, error) {
	if r, err := s.Load(prefix); err == nil {
		return r, nil
	}
	if _, err := s.path(prefix); err != nil {
		return model.Record{}, err
	}
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return model.Record{}, err
	}
	var match []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, prefix) && strings.HasSuffix(n, ".json") {
			match = append(match, strings.TrimSuffix(n, ".json"))
		}
	}
	switch len(match) {
	case 0:
		return model.Record{}, fmt.Errorf("%w: %s", ErrNotFound, prefix)
	case 1:
		return s.Load(match[0])
	}
	slices.Sort(match)
	return model.Record{}, &AmbiguousError{Prefix: prefix, IDs: match}
}
