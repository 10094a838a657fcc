package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
)

func openInternal(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "store"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestOpenSetsWriteFile(t *testing.T) {
	s := openInternal(t)
	if s.writeFile == nil {
		t.Fatal("Open left writeFile nil")
	}
}

// TestSaveInjectedFaults: when the write fails, Save's error wraps the
// operating system's error so callers can explain it, nothing is left in
// the folder, and a retry once the fault is gone succeeds.
func TestSaveInjectedFaults(t *testing.T) {
	tests := []struct {
		name  string
		errno syscall.Errno
		is    []error // what errors.Is must accept besides errno
	}{
		{"ENOSPC", syscall.ENOSPC, nil},
		{"EROFS", syscall.EROFS, nil},
		{"EACCES", syscall.EACCES, []error{fs.ErrPermission}},
		{"EPERM", syscall.EPERM, []error{fs.ErrPermission}},
		{"EIO", syscall.EIO, nil},
		{"EDQUOT", syscall.EDQUOT, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openInternal(t)
			r := sampleRecord(t, NewID(), sampleCreated, 1)
			calls := 0
			s.writeFile = func(path string, data []byte, perm os.FileMode) error {
				calls++
				return &os.PathError{Op: "write", Path: path, Err: tt.errno}
			}

			p, err := s.Save(r)
			if err == nil {
				t.Fatalf("Save with %s injected = %q, nil", tt.name, p)
			}
			if calls != 1 {
				t.Errorf("writeFile called %d times, want 1", calls)
			}
			if !errors.Is(err, tt.errno) {
				t.Errorf("Save error %v: errors.Is(err, %s) is false", err, tt.name)
			}
			for _, target := range tt.is {
				if !errors.Is(err, target) {
					t.Errorf("Save error %v: errors.Is(err, %v) is false", err, target)
				}
			}
			var pe *os.PathError
			if !errors.As(err, &pe) || pe.Err != tt.errno {
				t.Errorf("Save error %v does not carry the *os.PathError", err)
			}
			if !strings.Contains(err.Error(), r.ID) {
				t.Errorf("Save error %q does not name the record", err)
			}
			if errors.Is(err, ErrBadID) || errors.Is(err, model.ErrRecordInvalid) || errors.Is(err, fs.ErrExist) {
				t.Errorf("Save error %v is misclassified", err)
			}
			if p != "" {
				t.Errorf("Save returned path %q with the error", p)
			}
			if names := dirNames(t, s.Dir()); len(names) != 0 {
				t.Errorf("failed Save left %q", names)
			}
			if _, err := s.Load(r.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("Load after a failed Save: %v, want ErrNotFound", err)
			}

			s.writeFile = writeAtomic
			p, err = s.Save(r)
			if err != nil {
				t.Fatalf("retry after restoring writeFile: %v", err)
			}
			if want := filepath.Join(s.Dir(), r.ID+".json"); p != want {
				t.Errorf("retry path %q, want %q", p, want)
			}
			got, err := s.Load(r.ID)
			if err != nil {
				t.Fatalf("Load after retry: %v", err)
			}
			if g, w := mustJSON(t, got), mustJSON(t, r); g != w {
				t.Errorf("loaded after retry:\n got %s\nwant %s", g, w)
			}
		})
	}
}

// TestSaveFaultLeavesHiddenTemp: a write that dies after creating its
// hidden temp file (a crash, or a cleanup that also failed) leaves a
// partial file starting with a dot. Readers must not see it as a record
// (List names it as an unfinished save only once it is older than a save in
// progress), the retry must succeed, and Delete removes the leftover too.
func TestSaveFaultLeavesHiddenTemp(t *testing.T) {
	s := openInternal(t)
	r := sampleRecord(t, NewID(), sampleCreated, 2)
	s.writeFile = func(path string, data []byte, perm os.FileMode) error {
		tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-8412345")
		if err := os.WriteFile(tmp, data[:len(data)/2], perm); err != nil {
			return err
		}
		return &os.PathError{Op: "write", Path: tmp, Err: syscall.ENOSPC}
	}
	if _, err := s.Save(r); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Save: %v, want ENOSPC", err)
	}
	if _, err := os.Lstat(filepath.Join(s.Dir(), r.ID+".json")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("record file exists after a failed Save: %v", err)
	}
	if _, err := s.Load(r.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Load: %v, want ErrNotFound", err)
	}
	if list, problems := s.List(); len(list) != 0 || len(problems) != 0 {
		t.Errorf("List sees the temp file: %d records, %v", len(list), problems)
	}
	if _, err := s.Find(r.ID[:8]); !errors.Is(err, ErrNotFound) {
		t.Errorf("Find sees the temp file: %v", err)
	}

	s.writeFile = writeAtomic
	if _, err := s.Save(r); err != nil {
		t.Fatalf("retry: %v", err)
	}
	list, problems := s.List()
	if len(list) != 1 || len(problems) != 0 || list[0].ID != r.ID {
		t.Errorf("List after retry = %d records, %v", len(list), problems)
	}

	tmp := "." + r.ID + ".json.tmp-8412345"
	old := time.Now().Add(-tempInProgress - time.Second)
	if err := os.Chtimes(filepath.Join(s.Dir(), tmp), old, old); err != nil {
		t.Fatal(err)
	}
	list, problems = s.List()
	var fe *FileError
	if len(list) != 1 || len(problems) != 1 || !errors.As(problems[0], &fe) || fe.Name != tmp || !errors.Is(fe, ErrUnfinishedSave) {
		t.Errorf("List with the aged temp file = %d records, %v; want 1 and the unfinished save %s", len(list), problems, tmp)
	}
	if err := s.Delete(r.ID); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, s.Dir()); len(names) != 0 {
		t.Errorf("Delete left %q", names)
	}
}

// TestSaveWriteFileArguments: Save hands writeFile the record's path in the
// store, mode 0600 and the indented JSON with a trailing newline.
func TestSaveWriteFileArguments(t *testing.T) {
	s := openInternal(t)
	r := fullRecord(t, NewID())
	var gotPath string
	var gotData []byte
	var gotPerm os.FileMode
	s.writeFile = func(path string, data []byte, perm os.FileMode) error {
		gotPath, gotData, gotPerm = path, slices.Clone(data), perm
		return writeAtomic(path, data, perm)
	}
	p, err := s.Save(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(s.Dir(), r.ID+".json"); gotPath != want || p != want {
		t.Errorf("writeFile path %q, Save path %q; want %q", gotPath, p, want)
	}
	if gotPerm != 0o600 {
		t.Errorf("writeFile perm %#o, want 0600", gotPerm)
	}
	onDisk, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(onDisk, gotData) {
		t.Errorf("file differs from the data handed to writeFile")
	}
	if !bytes.HasSuffix(gotData, []byte("\n}\n")) || !bytes.HasPrefix(gotData, []byte("{\n  \"")) {
		t.Errorf("data is not indented JSON with a trailing newline: %q", gotData)
	}
	var back model.Record
	if err := json.Unmarshal(gotData, &back); err != nil {
		t.Fatal(err)
	}
	if g, w := mustJSON(t, back), mustJSON(t, r); g != w {
		t.Errorf("data decodes to\n%s\nwant\n%s", g, w)
	}
}

// TestSaveRefusalsDoNotWrite: refused Saves never reach writeFile.
func TestSaveRefusalsDoNotWrite(t *testing.T) {
	s := openInternal(t)
	dup := sampleRecord(t, NewID(), sampleCreated, 3)
	if _, err := s.Save(dup); err != nil {
		t.Fatal(err)
	}
	calls := 0
	s.writeFile = func(string, []byte, os.FileMode) error { calls++; return nil }

	invalid := sampleRecord(t, NewID(), sampleCreated, 4)
	invalid.Language = "xx"
	badID := sampleRecord(t, "../x", sampleCreated, 5)
	for _, r := range []model.Record{dup, invalid, badID} {
		if _, err := s.Save(r); err == nil {
			t.Errorf("Save(%q) succeeded", r.ID)
		}
	}
	if calls != 0 {
		t.Errorf("writeFile called %d times for refused Saves", calls)
	}
}

func mustJSON(t *testing.T, r model.Record) string {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWriteAtomicNeverReplaces: writeAtomic itself (not only Save's early
// check) refuses an existing name with an error wrapping fs.ErrExist, keeps
// the existing file as it was and leaves no temp file. (The Linux tests run
// the same checks on each fallback.)
func TestWriteAtomicNeverReplaces(t *testing.T) {
	checkWriteAtomic(t, t.TempDir())
}

// checkWriteAtomic checks writeAtomic in dir, as it is set up (O_TMPFILE
// or a fallback): a new file gets mode 0600 and its data, an existing one
// is refused with fs.ErrExist and kept as it was, a dangling symlink is
// refused and not followed, and no other file is left in dir.
func checkWriteAtomic(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, "x.json")
	if err := writeAtomic(path, []byte("first\n"), 0o600); err != nil {
		t.Fatalf("first write: %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || !fi.Mode().IsRegular() {
		t.Errorf("mode %v, want a regular file with 0600", fi.Mode())
	}
	if got, _ := os.ReadFile(path); string(got) != "first\n" {
		t.Errorf("file holds %q, want %q", got, "first\n")
	}
	err = writeAtomic(path, []byte("second\n"), 0o600)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second write: %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "first\n" {
		t.Errorf("file holds %q after a refused write", got)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"x.json"}) {
		t.Errorf("folder holds %q, want only x.json", names)
	}
	// Nor does it write through a dangling symlink.
	link := filepath.Join(dir, "y.json")
	target := filepath.Join(t.TempDir(), "target")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := writeAtomic(link, []byte("z\n"), 0o600); !errors.Is(err, fs.ErrExist) {
		t.Errorf("write over a dangling symlink: %v, want fs.ErrExist", err)
	}
	if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("write followed the symlink: %v", err)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"x.json", "y.json"}) {
		t.Errorf("folder holds %q, want only x.json and the symlink y.json", names)
	}
}
