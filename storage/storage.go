// Package storage keeps finished registrations as JSON files, one per
// registration, named <id>.json, in a folder only its owner can read.
//
// A record is written whole or not at all: Save writes a hidden temp file
// (its name starts with a dot) in the same folder through renameio, fsyncs
// it, and only then gives it the record's name, so a crash or a full disk
// never leaves a partial record, and List, Load and Find skip the temp files.
// The name is given with a hard link rather than a rename, so that a record
// is never overwritten, not even by two sessions saving the same id at once.
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
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/google/renameio/v2"
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
// mode 0700 if needed and tightening a looser existing folder to 0700.
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
	removeStaleTemps(abs, time.Now().Add(-staleTemp))
	return &Store{dir: abs, writeFile: writeAtomic}, nil
}

// staleTemp is the age after which a hidden temp file is a crashed save's
// leftover (a save in progress lasts milliseconds).
const staleTemp = time.Hour

// reTemp matches the hidden temp file of a save: "." + "<id>.json" + digits.
var reTemp = regexp.MustCompile(`^\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json[0-9]+$`)

// removeStaleTemps removes the temp files of saves that a crash cut short,
// when they were last written before cutoff. They are hidden and never seen
// as records, but they hold personal data, so they should not stay. Best
// effort: a failure here is not the caller's problem.
func removeStaleTemps(dir string, cutoff time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !reTemp.MatchString(e.Name()) {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.ModTime().Before(cutoff) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
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

// writeAtomic creates path holding data, whole or not at all: it writes a
// hidden temp file in path's folder (renameio names it "."+base+random),
// fsyncs it, hard-links it to path, which fails with EEXIST if path exists,
// removes the temp name and fsyncs the folder so that the new name lasts.
// On a file system without hard links it falls back to renaming, after
// checking that path does not exist (not race-free there).
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	t, err := renameio.NewPendingFile(path, renameio.WithTempDir(dir), renameio.WithPermissions(perm))
	if err != nil {
		return err
	}
	defer t.Cleanup() // closes and removes the temp file, unless renamed
	if _, err := t.Write(data); err != nil {
		return err
	}
	if err := t.Sync(); err != nil {
		return err
	}
	switch err := os.Link(t.Name(), path); {
	case err == nil:
		// The record has its own name now; losing the temp name is all
		// that is left, and a leftover would be hidden and harmless.
		_ = t.Cleanup()
	case !errors.Is(err, errors.ErrUnsupported) && !errors.Is(err, syscall.EPERM):
		return err
	default: // no hard links here (e.g. FAT): rename instead
		if _, err := os.Lstat(path); err == nil {
			return &os.PathError{Op: "create", Path: path, Err: fs.ErrExist}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := t.CloseAtomicallyReplace(); err != nil {
			return err
		}
	}
	syncDir(dir)
	return nil
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
// the file is removed, not renamed, and so is any hidden temp file a failed
// clean-up of its save left behind with the same data ("."+id+".json"+digits);
// then the folder is fsynced so that the removal survives a crash. An
// unknown id gives ErrNotFound (which wraps fs.ErrNotExist).
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

// isTempOf reports whether name is a temp file of a save of id: renameio
// names it "."+id+".json" followed by a random number.
func isTempOf(name, id string) bool {
	rest, ok := strings.CutPrefix(name, "."+id+".json")
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
