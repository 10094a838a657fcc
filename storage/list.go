package storage

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// FileError is a file in the data folder that is not a valid record.
type FileError struct {
	Name string
	Err  error
}

func (e *FileError) Error() string { return e.Name + ": " + e.Err.Error() }

// Unwrap returns the reason.
func (e *FileError) Unwrap() error { return e.Err }

// List returns every record, newest first, and a *FileError for each
// .json file that is corrupt or not a record (those are skipped). Hidden
// files (temp files of a save in progress) and other files are ignored.
func (s *Store) List() ([]model.Record, []error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, []error{err}
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasSuffix(n, ".json") && !strings.HasPrefix(n, ".") {
			names = append(names, n)
		}
	}

	recs := make([]model.Record, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0)*2, max(len(names), 1)) {
		wg.Go(func() {
			for i := range next {
				r, err := readRecord(filepath.Join(s.dir, names[i]))
				if err != nil {
					errs[i] = &FileError{Name: names[i], Err: err}
					continue
				}
				recs[i] = r
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()

	var out []model.Record
	var problems []error
	for i := range names {
		if errs[i] != nil {
			problems = append(problems, errs[i])
			continue
		}
		out = append(out, recs[i])
	}
	slices.SortFunc(out, func(a, b model.Record) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return out, problems
}

// Find returns the one record whose id starts with prefix.
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
	return model.Record{}, fmt.Errorf("%w: %s matches %d records", ErrAmbiguous, prefix, len(match))
}
