package storage_test

// Tests of what the help-desk commands (list, show, delete) need from the
// store: a refusal that names the candidates, the raw bytes, opening a
// folder without creating it, and an erasure that leaves no copy behind.

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
)

func TestFindAmbiguousNamesCandidates(t *testing.T) {
	s := openStore(t)
	const (
		a = "01900000-0000-7000-8000-00000000000a"
		b = "01900000-0000-7000-8000-00000000000b"
		c = "01910000-0000-7000-8000-000000000001"
	)
	for i, id := range []string{b, c, a} {
		if _, err := s.Save(storage.SampleRecord(t, id, storage.SampleCreated, i)); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.Find("0190")
	var amb *storage.AmbiguousError
	if !errors.As(err, &amb) {
		t.Fatalf("Find(0190) = %v (%T), want *AmbiguousError", err, err)
	}
	if amb.Prefix != "0190" || !slices.Equal(amb.IDs, []string{a, b}) {
		t.Errorf("AmbiguousError = %+v, want prefix 0190 and ids [%s %s]", amb, a, b)
	}
	if !errors.Is(err, storage.ErrAmbiguous) || errors.Is(err, storage.ErrNotFound) {
		t.Errorf("errors.Is: ambiguous %v, not found %v", errors.Is(err, storage.ErrAmbiguous), errors.Is(err, storage.ErrNotFound))
	}
	for _, want := range []string{`"0190"`, a, b, "2 records"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), c) {
		t.Errorf("message %q names a record that does not match", err)
	}
}

func TestRawIsTheFileAsStored(t *testing.T) {
	s := openStore(t)
	r := storage.FullRecord(t, storage.NewID())
	path, err := s.Save(r)
	if err != nil {
		t.Fatal(err)
	}
	// Written by hand: other spacing and an unknown key, kept byte for byte.
	onDisk, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(onDisk, []byte("{\n"), []byte("{ \"later_key\": 1,\n"), 1)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	writeRaw(t, s, r.ID+".json", edited)
	got, err := s.Raw(r.ID)
	if err != nil {
		t.Fatalf("Raw: %v", err)
	}
	if !bytes.Equal(got, edited) {
		t.Errorf("Raw = %s\nwant the file's bytes %s", got, edited)
	}

	if _, err := s.Raw(storage.NewID()); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Raw(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := s.Raw("../x"); !errors.Is(err, storage.ErrBadID) {
		t.Errorf("Raw(../x) = %v, want ErrBadID", err)
	}
	writeRaw(t, s, "broken.json", []byte("{not json"))
	if b, err := s.Raw("broken"); err == nil {
		t.Errorf("Raw(broken) = %q, nil; want an error", b)
	}
	other := storage.NewID()
	writeRaw(t, s, other+".json", edited) // a valid record under another id
	if _, err := s.Raw(other); !errors.Is(err, model.ErrRecordInvalid) {
		t.Errorf("Raw(copy under another id) = %v, want ErrRecordInvalid", err)
	}
}

func TestOpenExistingCreatesNothing(t *testing.T) {
	base := t.TempDir()
	missing := filepath.Join(base, "missing", "store")
	if _, err := storage.OpenExisting(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenExisting(missing) = %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Join(base, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenExisting created a folder: %v", err)
	}
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.OpenExisting(file); err == nil {
		t.Error("OpenExisting(a file) = nil error")
	}

	// A loose folder is left as it is (reading changes nothing) and its
	// records are there.
	loose := filepath.Join(base, "loose")
	w, err := storage.Open(loose)
	if err != nil {
		t.Fatal(err)
	}
	r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 1)
	if _, err := w.Save(r); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(loose, 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := storage.OpenExisting(loose)
	if err != nil {
		t.Fatal(err)
	}
	if got := permOf(t, loose); got != 0o755 {
		t.Errorf("OpenExisting changed the folder's mode to %v", got)
	}
	recs, problems := s.List()
	if len(recs) != 1 || recs[0].ID != r.ID || len(problems) != 0 {
		t.Errorf("List = %q, %v; want [%s]", ids(recs), problems, r.ID)
	}
	if !filepath.IsAbs(s.Dir()) {
		t.Errorf("Dir() = %q, not absolute", s.Dir())
	}
}

// TestDeleteLeavesNoCopy: a temp file left by a save whose clean-up failed
// (or a crash) holds the same personal data under a hidden name; erasing
// the record erases it too, in the fallback's pattern and in renameio's
// (left by older versions), whatever its age, and nothing else.
func TestDeleteLeavesNoCopy(t *testing.T) {
	s := openStore(t)
	gone := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 1)
	keep := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 2)
	for _, r := range []model.Record{gone, keep} {
		if _, err := s.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	leftovers := []string{
		"." + gone.ID + ".json.tmp-8412345", // the fallback's temp file
		"." + gone.ID + ".json.tmp-1",
		"." + gone.ID + ".json8412345", // renameio's, left by an older version
		"." + gone.ID + ".json1",
	}
	untouched := []string{
		"." + keep.ID + ".json777",           // another record's temp files
		"." + keep.ID + ".json.tmp-777",      //
		"." + gone.ID + ".json.bak",          // not a temp file's name
		"." + gone.ID + ".json",              //
		"." + gone.ID + ".json.tmp-",         //
		"." + gone.ID + ".json.tmp-1x",       //
		gone.ID + ".json.bak",                // a visible file: not ours to erase
		gone.ID + ".json.tmp-1",              //
		"." + gone.ID[:8] + ".json1234",      // a prefix is not the id
		"." + gone.ID[:8] + ".json.tmp-1234", //
	}
	for _, n := range append(slices.Clone(leftovers), untouched...) {
		writeRaw(t, s, n, []byte("{}"))
	}
	if err := s.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	want := append([]string{keep.ID + ".json"}, untouched...)
	slices.Sort(want)
	got := storage.DirNames(t, s.Dir())
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("after Delete the folder holds\n%q\nwant\n%q", got, want)
	}
}
