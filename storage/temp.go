package storage

// How a record file is written (see the package comment), and the hidden
// temp files of the fallback: their names, and their removal.

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// StaleTempAge is the age (by its modification time) at which a hidden temp
// file of a save is taken for a crashed save's leftover: Open removes such
// files, and it is the age the SSH server passes to SweepTemps, which it
// calls every minute while it runs. A save lasts milliseconds.
const StaleTempAge = 2 * time.Minute

// tempInProgress is how long a temp file may belong to a save in progress
// (in this process or another sharing the folder): List reports only older
// ones, and SweepTemps never removes a younger one, whatever age it is
// given. A save lasts milliseconds, even on a slow disk well under a second.
const tempInProgress = 10 * time.Second

// tempInfix comes between the record's file name and the random digits in
// the name of the fallback's temp file: "." + "<id>.json" + ".tmp-" + digits.
const tempInfix = ".tmp-"

// reTemp matches the name of a hidden temp file of a save: the fallback's,
// "." + "<id>.json.tmp-" + digits, and renameio's, "." + "<id>.json" +
// digits, which versions that saved through github.com/google/renameio
// left (they are still recognised, so they get removed).
var reTemp = regexp.MustCompile(`^\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json(\.tmp-)?[0-9]+$`)

// isTempOf reports whether name is a hidden temp file of a save of id, in
// either pattern of reTemp.
func isTempOf(name, id string) bool {
	rest, ok := strings.CutPrefix(name, "."+id+".json")
	if !ok {
		return false
	}
	rest = strings.TrimPrefix(rest, tempInfix)
	if rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// errNoTmpfile says that a file cannot be written through O_TMPFILE here
// (not Linux, or a file system or kernel without it), so writeAtomic falls
// back to a named temp file.
var errNoTmpfile = errors.New("storage: no O_TMPFILE here")

// writeAtomic creates path holding data with mode perm, whole or not at
// all, never replacing an existing file (the error then wraps fs.ErrExist):
// through an anonymous O_TMPFILE file where Linux and the file system have
// it (writeTmpfile), else through a named hidden temp file (writeViaTemp).
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	if err := writeTmpfile(path, data, perm); !errors.Is(err, errNoTmpfile) {
		return err
	}
	return writeViaTemp(path, data, perm)
}

// link makes a hard link; a variable so that the tests can act as a file
// system without hard links.
var link = os.Link

// writeViaTemp is writeAtomic without O_TMPFILE: it writes data into a new
// hidden temp file in path's folder ("." + base + ".tmp-" + random digits,
// created with O_EXCL and mode perm), fsyncs it, hard-links it to path,
// which fails with EEXIST if path exists, removes the temp name and fsyncs
// the folder so that the new name lasts. On a failure it removes the temp
// file; only a crash can leave it (see SweepTemps). On a file system
// without hard links it renames the temp file instead, after checking that
// path does not exist (not race-free there).
func writeViaTemp(path string, data []byte, perm os.FileMode) (err error) {
	f, err := createTemp(path, perm)
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if f != nil {
			_ = f.Close()
		}
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if err := writeSync(f, data, perm); err != nil {
		return err
	}
	closeErr := f.Close()
	f = nil
	if closeErr != nil {
		return closeErr
	}
	switch err := link(tmp, path); {
	case err == nil:
		// The record has its own name now; the temp name is a second name
		// of the same file, and a leftover would be hidden and swept.
		_ = os.Remove(tmp)
	case errors.Is(err, errors.ErrUnsupported) || errors.Is(err, syscall.EPERM):
		// No hard links here (e.g. FAT): rename instead.
		if _, err := os.Lstat(path); err == nil {
			return &os.PathError{Op: "create", Path: path, Err: fs.ErrExist}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
	default:
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// createTemp creates a new hidden temp file for path in its folder, named
// "." + base + ".tmp-" + random digits, with O_EXCL, so that it is never a
// file that was there, and mode perm (less the umask; writeSync restores it).
func createTemp(path string, perm os.FileMode) (*os.File, error) {
	prefix := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+tempInfix)
	for range 10 {
		f, err := os.OpenFile(prefix+strconv.FormatUint(rand.Uint64(), 10), os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	// Ten 64-bit random names taken: not a record that exists, so no ErrExist.
	return nil, fmt.Errorf("storage: no free temp file name for %s in %s", filepath.Base(path), filepath.Dir(path))
}

// writeSync gives the new file f the mode perm where the umask took bits
// from it, writes data and fsyncs it. A file system that keeps no modes of
// its own (FAT) refuses the chmod; where the owner can read and write the
// file anyway, that is not an error (the folder's 0700 protects it there).
func writeSync(f *os.File, data []byte, perm os.FileMode) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if m := fi.Mode().Perm(); m != perm {
		if err := f.Chmod(perm); err != nil && m&perm != perm {
			return err
		}
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Sync()
}

// SweepTemps removes the hidden temp files in the store's folder that
// saves cut short by a crash left behind (only the fallback for file
// systems without O_TMPFILE makes any; they hold personal data), once
// their modification time is at least olderThan ago, and returns how many
// it removed. It knows the fallback's names ("." + id + ".json.tmp-" +
// digits) and the renameio names older versions left ("." + id + ".json" +
// digits), and touches nothing else: not records, other files, folders or
// symlinks. An age below 10 seconds is taken as 10 seconds, so that a save
// in progress, in this process or another, is never cut short.
//
// Open sweeps with StaleTempAge; a long-running server should call
// SweepTemps(StaleTempAge) every minute or so. It is safe to call
// concurrently with saves and with other sweeps. The error is the folder's
// (nothing is removed), or else that of each temp file that could not be
// removed (the others still are), wrapping the operating system's.
func (s *Store) SweepTemps(olderThan time.Duration) (removed int, err error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return 0, fmt.Errorf("storage: sweeping temp files: %w", err)
	}
	cutoff := time.Now().Add(-max(olderThan, tempInProgress))
	var errs []error
	for _, e := range entries {
		if !e.Type().IsRegular() || !reTemp.MatchString(e.Name()) {
			continue
		}
		fi, err := e.Info()
		if err != nil || fi.ModTime().After(cutoff) {
			continue // gone meanwhile, or maybe a save in progress
		}
		switch err := os.Remove(filepath.Join(s.dir, e.Name())); {
		case err == nil:
			removed++
		case !errors.Is(err, fs.ErrNotExist): // not swept by another meanwhile
			errs = append(errs, err)
		}
	}
	if removed > 0 {
		syncDir(s.dir)
	}
	if len(errs) > 0 {
		return removed, fmt.Errorf("storage: sweeping temp files: %w", errors.Join(errs...))
	}
	return removed, nil
}
