// Package storage keeps finished registrations as JSON files, one per
// registration, named <id>.json, with mode 0600 (whatever the umask), in a
// folder only its owner can read.
//
// A record is written whole or not at all, and never over another one.
// On Linux, Save writes it into an anonymous file in the folder (opened
// with O_TMPFILE: it has no name, and vanishes if the process dies),
// fsyncs it, and only then gives it the record's name with linkat through
// /proc/self/fd/N, which fails if the name exists, race-free, even between
// two sessions saving the same id at once; then it fsyncs the folder. A
// crash at any moment leaves nothing, or the whole record under its name.
//
// Where the file system (or kernel) has no O_TMPFILE, and on other
// systems, Save writes a hidden temp file instead, named "." + id +
// ".json.tmp-" + random digits, created with O_EXCL in the same folder,
// fsyncs it, hard-links it to the record's name (refused if the name
// exists), removes the temp name and fsyncs the folder; on a file system
// without hard links it renames the temp file, after checking the name is
// free. A crash there can leave the temp file, which may hold the record:
// Load and Find never take it for a record, List names it as an unfinished
// save (ErrUnfinishedSave), Delete removes it with its record, and Open and
// SweepTemps remove it once StaleTempAge (2 minutes) old. They also remove
// the temp files ("." + id + ".json" + digits) of earlier versions, which
// wrote through renameio.
//
// Errors wrap the operating system's, so the caller can tell a full disk
// (syscall.ENOSPC), a read-only file system (syscall.EROFS) or a folder it may
// not write (fs.ErrPermission) from one another.
package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/uuid"

	"github.com/idporten-wizard/idporten-wizard/model"
)

var (
	// ErrBadID is returned for an id that is not a plain file name (empty,
	// with a path separator or "..", or starting with a dot), and by Save for
	// an id that is not a UUID in canonical form.
	ErrBadID = errors.New("storage: not a record id")
	// ErrNotFound is returned when no record has the id or prefix asked for.
	// It wraps fs.ErrNotExist.
	ErrNotFound = fmt.Errorf("storage: no such record: %w", fs.ErrNotExist)
	// ErrAmbiguous is what Find's *AmbiguousError is (errors.Is): more than
	// one record starts with the prefix.
	ErrAmbiguous = errors.New("storage: more than one record matches")
)

// AmbiguousError is returned by Find when more than one record file starts
// with the prefix; it names them, so a person can type more of the one
// meant. errors.Is(err, ErrAmbiguous) holds.
type AmbiguousError struct {
	Prefix string
	IDs    []string // the matching ids (file names without .json), sorted
}

// Error names the prefix and the ids it matches.
func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s: %q matches %d records: %s", ErrAmbiguous, e.Prefix, len(e.IDs), strings.Join(e.IDs, ", "))
}

// Is makes errors.Is(err, ErrAmbiguous) true.
func (e *AmbiguousError) Is(target error) bool { return target == ErrAmbiguous }

// Store is a folder of records, one <id>.json file each. It is safe for
// concurrent use by many goroutines, and by several processes sharing the
// folder.
type Store struct {
	dir string
	// writeFile creates a file atomically, never replacing one: writeAtomic,
	// or a fault for the tests.
	writeFile func(path string, data []byte, perm os.FileMode) error
}

// Open returns the store in dir, creating the folder (and its parents) with
// mode 0700 if needed and tightening a looser existing folder to 0700. It
// removes the hidden temp files that crashed saves left, once StaleTempAge
// old (see SweepTemps).
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		_ = os.Chmod(dir, 0o700) // a refusal shows up when saving
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	s := &Store{dir: abs, writeFile: writeAtomic}
	_, _ = s.SweepTemps(StaleTempAge) // best effort: not the caller's problem
	return s, nil
}

// OpenExisting returns the store in dir without creating or changing the
// folder, for commands that only read or delete records. A folder that does
// not exist gives an error wrapping fs.ErrNotExist.
func OpenExisting(dir string) (*Store, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("storage: %s is not a folder", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return &Store{dir: abs, writeFile: writeAtomic}, nil
}

// DefaultDir returns $XDG_DATA_HOME/idporten-wizard, or
// ~/.local/share/idporten-wizard where XDG_DATA_HOME is unset or, against the
// XDG specification, not an absolute path.
func DefaultDir() (string, error) {
	if x := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "idporten-wizard"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "idporten-wizard"), nil
}

// NewID returns a new record id: a UUIDv7 in canonical form, so ids made
// later sort after earlier ones.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// Dir returns the absolute path of the store's folder.
func (s *Store) Dir() string { return s.dir }

// path checks an id and returns its file's path.
func (s *Store) path(id string) (string, error) {
	if id == "" || strings.ContainsAny(id, `/\`) || strings.Contains(id, "..") || strings.HasPrefix(id, ".") {
		return "", fmt.Errorf("%w: %q", ErrBadID, id)
	}
	return filepath.Join(s.dir, id+".json"), nil
}

// Save writes r as <id>.json (mode 0600) and returns its path; r.ID must be
// a canonical UUID not used before (see NewID), a zero SchemaVersion becomes
// model.SchemaVersion, and an invalid record is refused. An existing record
// is never overwritten (the error wraps fs.ErrExist), and write errors wrap
// the operating system's (fs.ErrPermission, syscall.EROFS, syscall.ENOSPC)
// so callers can explain them and retry.
func (s *Store) Save(r model.Record) (string, error) {
	if u, err := uuid.Parse(r.ID); err != nil || u.String() != r.ID {
		return "", fmt.Errorf("%w: %q is not a UUID in canonical form", ErrBadID, r.ID)
	}
	if r.SchemaVersion == 0 {
		r.SchemaVersion = model.SchemaVersion
	}
	if err := r.Validate(); err != nil {
		return "", fmt.Errorf("storage: refusing to save %s: %w", r.ID, err)
	}
	path, err := s.path(r.ID)
	if err != nil {
		return "", err
	}
	// A cheap early refusal; writeAtomic refuses again, race-free.
	if _, err := os.Lstat(path); err == nil {
		return "", fmt.Errorf("storage: record %s already exists: %w", r.ID, fs.ErrExist)
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", fmt.Errorf("storage: encoding %s: %w", r.ID, err)
	}
	data = append(data, '\n')
	if err := s.writeFile(path, data, 0o600); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("storage: record %s already exists: %w", r.ID, err)
		}
		return "", fmt.Errorf("storage: saving %s: %w", filepath.Base(path), err)
	}
	return path, nil
}

// syncDir fsyncs a folder so that a name just made in it survives a crash.
// It is best effort: the record is already in place, and some file systems
// cannot sync a folder.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// Load reads the record with the given id and checks it: it must be valid
// and hold the id of its file name. An unknown id gives ErrNotFound (which
// wraps fs.ErrNotExist), an id that is not a plain file name ErrBadID.
func (s *Store) Load(id string) (model.Record, error) {
	path, err := s.path(id)
	if err != nil {
		return model.Record{}, err
	}
	return readRecord(path)
}

// Raw returns the bytes of the record file with the given id exactly as
// stored, after checking, as Load does, that they hold a valid record with
// that id.
func (s *Store) Raw(id string) ([]byte, error) {
	path, err := s.path(id)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s", ErrNotFound, filepath.Base(path))
		}
		return nil, err
	}
	if _, err := decode(data, id); err != nil {
		return nil, err
	}
	return data, nil
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
// Unknown keys are allowed (a later version may add some); anything after
// the JSON object is not.
func decode(data []byte, id string) (model.Record, error) {
	var r model.Record
	if err := json.Unmarshal(data, &r); err != nil {
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

// Delete erases the record with the given id (a person's right to erasure):
// the file is removed, not renamed, and so is any hidden temp file of its
// save that a crash left behind with the same data, whatever its age ("." +
// id + ".json.tmp-" + digits, or renameio's "." + id + ".json" + digits from
// earlier versions); then the folder is fsynced so that the removal
// survives a crash. An unknown id gives ErrNotFound (which wraps
// fs.ErrNotExist).
func (s *Store) Delete(id string) error {
	path, err := s.path(id)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return fmt.Errorf("storage: deleting %s: %w", filepath.Base(path), err)
	}
	if entries, err := os.ReadDir(s.dir); err == nil {
		for _, e := range entries {
			if isTempOf(e.Name(), id) {
				_ = os.Remove(filepath.Join(s.dir, e.Name()))
			}
		}
	}
	syncDir(s.dir)
	return nil
}
