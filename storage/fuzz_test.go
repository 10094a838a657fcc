package storage_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
)

// fuzzID is the id FuzzLoad's file is named by; the seeds in
// testdata/fuzz/FuzzLoad that hold a valid record carry it.
const fuzzID = "0196d5a0-7c3e-7d2a-9a57-3f0c2b1e4d5a"

var elevenDigits = regexp.MustCompile(`^[0-9]{11}$`)

// FuzzLoad writes any bytes as <id>.json into a store's folder and reads
// them back every way the store can. Load, Raw, List and Find must never
// panic and must agree: either the file is a valid record with that id, or
// every one of them reports it as a bad file. A record that loads must
// hold what the README's record table promises and survive a round trip:
// saved into another store, it loads back the same.
func FuzzLoad(f *testing.F) {
	for _, r := range []model.Record{storage.FullRecord(f, fuzzID), storage.BankIDMobileRecord(f, fuzzID)} {
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(append(b, '\n'))
	}
	// One folder for the file and one for the round trip, reused by every
	// input: a fuzzing worker calls the target one input at a time, and
	// two fresh folders per input would cost more than the input itself.
	// They are in memory where possible, since Save's fsyncs would
	// otherwise take most of the fuzzing time.
	s, err := storage.Open(filepath.Join(fastTempDir(f), "load"))
	if err != nil {
		f.Fatal(err)
	}
	again, err := storage.Open(filepath.Join(fastTempDir(f), "again"))
	if err != nil {
		f.Fatal(err)
	}
	name := fuzzID + ".json"
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(filepath.Join(s.Dir(), name), data, 0o600); err != nil {
			t.Fatal(err)
		}
		r, loadErr := s.Load(fuzzID)
		raw, rawErr := s.Raw(fuzzID)
		found, findErr := s.Find(fuzzID[:8])
		list, problems := s.List()

		if loadErr != nil {
			if errors.Is(loadErr, storage.ErrNotFound) {
				t.Fatalf("Load of a file that is there: %v", loadErr)
			}
			if rawErr == nil || findErr == nil {
				t.Fatalf("Load: %v, but Raw: %v, Find: %v", loadErr, rawErr, findErr)
			}
			var fe *storage.FileError
			if len(list) != 0 || len(problems) != 1 || !errors.As(problems[0], &fe) || fe.Name != name {
				t.Fatalf("Load: %v, but List = %d records, %v; want one *FileError for %s", loadErr, len(list), problems, name)
			}
			return
		}

		if err := r.Validate(); err != nil {
			t.Fatalf("Load gave an invalid record: %v", err)
		}
		if r.ID != fuzzID || r.SchemaVersion != model.SchemaVersion {
			t.Fatalf("Load gave id %q, schema %d", r.ID, r.SchemaVersion)
		}
		if n := r.Person.NationalID; n != "" && !elevenDigits.MatchString(n) {
			t.Fatalf("Load gave national_id %q, not 11 digits", n)
		}
		if rawErr != nil || !bytes.Equal(raw, data) {
			t.Fatalf("Load succeeded, Raw = %q, %v; want the file", raw, rawErr)
		}
		if findErr != nil {
			t.Fatalf("Load succeeded, Find: %v", findErr)
		}
		sameRecord(t, found, r)
		if len(list) != 1 || len(problems) != 0 {
			t.Fatalf("Load succeeded, List = %d records, %v", len(list), problems)
		}
		sameRecord(t, list[0], r)

		// The round trip: what loads can be saved, and loads back the same.
		path, err := again.Save(r)
		if err != nil {
			t.Fatalf("Save of a record that loaded: %v", err)
		}
		defer os.Remove(path)
		back, err := again.Load(fuzzID)
		if err != nil {
			t.Fatalf("Load of the record saved again: %v", err)
		}
		sameRecord(t, back, r)
		if !back.CreatedAt.Equal(r.CreatedAt) || !back.Person.BirthDate.Equal(r.Person.BirthDate.Time) {
			t.Fatalf("round trip changed times: %v, %v; was %v, %v", back.CreatedAt, back.Person.BirthDate, r.CreatedAt, r.Person.BirthDate)
		}
	})
}

// fastTempDir returns a new folder on /dev/shm (a tmpfs, where fsync costs
// nothing) if there is one, else under f.TempDir(); it is removed at the
// end.
func fastTempDir(f *testing.F) string {
	d, err := os.MkdirTemp("/dev/shm", "storage-fuzz-")
	if err != nil {
		return f.TempDir()
	}
	f.Cleanup(func() { _ = os.RemoveAll(d) })
	return d
}
