// Package storage keeps finished registrations as JSON files, one per
// registration, named <id>.json, in a folder only its owner can read.
//
// Every write is atomic (temp file in the same folder, fsync, rename, via
// renameio), so a crash or a full disk never leaves a partial record; the
// temp files are hidden (they start with a dot) and List skips them.
package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/renameio/v2"
	"github.com/google/uuid"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// Errors of the store.
var (
	// ErrBadID: the id is not a plain file name (no path separators, no dots).
	ErrBadID = errors.New("storage: not a record id")
	// ErrNotFound: no record has that id or prefix.
	ErrNotFound = fmt.Errorf("storage: no such record: %w", fs.ErrNotExist)
	// ErrAmbiguous: more than one record starts with the prefix.
	ErrAmbiguous = errors.New("storage: more than one record matches")
)

// Store is a folder of records. It is safe for concurrent use.
type Store struct {
	dir string
	// writeFile writes a file atomically; a seam for fault tests.
	writeFile func(path string, data []byte, perm os.FileMode) error
}

// Open returns the store in dir, creating the folder (mode 0700) if needed
// and tightening a looser existing folder to 0700.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		_ = os.Chmod(dir, 0o700) // a refusal shows up when saving
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return &Store{dir: abs, writeFile: writeAtomic}, nil
}

// DefaultDir is $XDG_DATA_HOME/idporten-wizard, or
// ~/.local/share/idporten-wizard where XDG_DATA_HOME is unset.
func DefaultDir() (string, error) {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "idporten-wizard"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "idporten-wizard"), nil
}

// NewID returns a new record id, a UUIDv7 (time-ordered).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// Dir returns the folder of the store.
func (s *Store) Dir() string { return s.dir }

// path checks an id and returns its file's path.
func (s *Store) path(id string) (string, error) {
	if id == "" || strings.ContainsAny(id, `/\`) || strings.Contains(id, "..") || strings.HasPrefix(id, ".") {
		return "", fmt.Errorf("%w: %q", ErrBadID, id)
	}
	return filepath.Join(s.dir, id+".json"), nil
}

// Save writes r as <id>.json atomically with mode 0600 and returns the
// path. The record must be valid and carry a UUID id not used before.
// Errors wrap the operating system's (fs.ErrPermission, syscall.EROFS,
// syscall.ENOSPC), so callers can explain them.
func (s *Store) Save(r model.Record) (string, error) {
	if _, err := uuid.Parse(r.ID); err != nil {
		return "", fmt.Errorf("%w: %q", ErrBadID, r.ID)
	}
	if r.SchemaVersion == 0 {
		r.SchemaVersion = model.SchemaVersion
	}
	if err := r.Validate(); err != nil {
		return "", fmt.Errorf("storage: refusing to save: %w", err)
	}
	path, err := s.path(r.ID)
	if err != nil {
		return "", err
	}
	if _, err := os.Lstat(path); err == nil {
		return "", fmt.Errorf("storage: record %s: %w", r.ID, fs.ErrExist)
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", err
	}
	data = append(data, '\n')
	if err := s.writeFile(path, data, 0o600); err != nil {
		return "", fmt.Errorf("storage: saving %s: %w", filepath.Base(path), err)
	}
	return path, nil
}

// writeAtomic writes through a hidden temp file, fsyncs it and renames it
// into place, so readers see the old state or the whole new file.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	return renameio.WriteFile(path, data, perm)
}

// Load reads the record with the given id. An unknown id gives an error
// wrapping fs.ErrNotExist.
func (s *Store) Load(id string) (model.Record, error) {
	path, err := s.path(id)
	if err != nil {
		return model.Record{}, err
	}
	return readRecord(path)
}

// readRecord reads, decodes and checks one record file.
func readRecord(path string) (model.Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return model.Record{}, fmt.Errorf("%w: %s", ErrNotFound, filepath.Base(path))
		}
		return model.Record{}, err
	}
	return decode(data, strings.TrimSuffix(filepath.Base(path), ".json"))
}

// decode parses a record and checks it is valid and named by its id.
func decode(data []byte, id string) (model.Record, error) {
	var r model.Record
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&r); err != nil {
		return model.Record{}, fmt.Errorf("not a record: %w", err)
	}
	if err := r.Validate(); err != nil {
		return model.Record{}, err
	}
	if r.ID != id {
		return model.Record{}, fmt.Errorf("%w: file name %s.json holds id %s", model.ErrRecordInvalid, id, r.ID)
	}
	return r, nil
}

// Delete erases the record with the given id: the file is removed, not
// renamed. An unknown id gives an error wrapping fs.ErrNotExist.
func (s *Store) Delete(id string) error {
	path, err := s.path(id)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return err
	}
	return nil
}
