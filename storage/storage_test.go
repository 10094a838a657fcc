package storage_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
)

// openStore opens a store in a fresh folder "store" under t.TempDir().
func openStore(t *testing.T) *storage.Store {
	t.Helper()
	s, err := storage.Open(filepath.Join(t.TempDir(), "store"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// jsonOf marshals r compactly, for comparing records (time.Time values of
// the same instant may differ in location after a round trip, their JSON
// does not).
func jsonOf(t *testing.T, r model.Record) string {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	return string(b)
}

// sameRecord fails the test unless got and want have the same JSON.
func sameRecord(t *testing.T, got, want model.Record) {
	t.Helper()
	if g, w := jsonOf(t, got), jsonOf(t, want); g != w {
		t.Fatalf("records differ:\n got: %s\nwant: %s", g, w)
	}
}

// permOf returns the permission bits of path.
func permOf(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("Stat(%s): %v", path, err)
	}
	return fi.Mode().Perm()
}

// wantEmptyDir fails the test if dir holds any entry at all.
func wantEmptyDir(t *testing.T, dir string) {
	t.Helper()
	if names := storage.DirNames(t, dir); len(names) != 0 {
		t.Fatalf("folder should be empty, holds %q", names)
	}
}

// ---- Open, Dir, DefaultDir ----

func TestOpenCreatesDir0700(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b", "store")
	s, err := storage.Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("Open did not create %s: %v", dir, err)
	}
	if !fi.IsDir() {
		t.Fatalf("%s is not a folder", dir)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("new folder mode = %#o, want 0700", got)
	}
	if !filepath.IsAbs(s.Dir()) {
		t.Errorf("Dir() = %q, not absolute", s.Dir())
	}
	if s.Dir() != dir {
		t.Errorf("Dir() = %q, want %q", s.Dir(), dir)
	}
}

func TestOpenTightensLooseDir(t *testing.T) {
	for _, mode := range []fs.FileMode{0o755, 0o750, 0o777, 0o701} {
		t.Run(mode.String(), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, mode); err != nil { // Chmod ignores the umask
				t.Fatal(err)
			}
			if got := permOf(t, dir); got != mode {
				t.Fatalf("setup: mode %#o, want %#o", got, mode)
			}
			if _, err := storage.Open(dir); err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got := permOf(t, dir); got != 0o700 {
				t.Errorf("after Open, folder mode = %#o, want 0700", got)
			}
		})
	}
}

func TestOpenKeepsExisting0700DirAndRecords(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	s1, err := storage.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 1)
	if _, err := s1.Save(r); err != nil {
		t.Fatal(err)
	}
	s2, err := storage.Open(dir)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	if got := permOf(t, dir); got != 0o700 {
		t.Errorf("folder mode = %#o, want 0700", got)
	}
	got, err := s2.Load(r.ID)
	if err != nil {
		t.Fatalf("Load after reopening: %v", err)
	}
	sameRecord(t, got, r)
}

func TestOpenRelativeDirIsAbsolute(t *testing.T) {
	base := t.TempDir()
	t.Chdir(base)
	s, err := storage.Open("data")
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if !filepath.IsAbs(s.Dir()) {
		t.Fatalf("Dir() = %q, not absolute", s.Dir())
	}
	// base may be reached through a symlink (e.g. /tmp on macOS); compare
	// what the paths name.
	want := filepath.Join(base, "data")
	fiGot, err1 := os.Stat(s.Dir())
	fiWant, err2 := os.Stat(want)
	if err1 != nil || err2 != nil || !os.SameFile(fiGot, fiWant) {
		t.Fatalf("Dir() = %q, want %q (%v, %v)", s.Dir(), want, err1, err2)
	}

	// Changing the working folder afterwards must not move the store.
	t.Chdir(t.TempDir())
	r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 2)
	path, err := s.Save(r)
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	if filepath.Dir(path) != s.Dir() {
		t.Errorf("Save wrote %q, not into Dir() %q", path, s.Dir())
	}
	if _, err := os.Stat(filepath.Join(want, r.ID+".json")); err != nil {
		t.Errorf("record not in %s: %v", want, err)
	}
}

func TestOpenOnAFileFails(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := storage.Open(f); err == nil {
		t.Fatalf("Open(a regular file) = %v, nil; want an error", s.Dir())
	}
	if _, err := storage.Open(filepath.Join(f, "sub")); err == nil {
		t.Fatal("Open(below a regular file) succeeded; want an error")
	}
}

func TestDefaultDir(t *testing.T) {
	t.Run("XDG_DATA_HOME", func(t *testing.T) {
		t.Setenv("XDG_DATA_HOME", "/srv/xdg")
		got, err := storage.DefaultDir()
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join("/srv/xdg", "idporten-wizard"); got != want {
			t.Errorf("DefaultDir() = %q, want %q", got, want)
		}
	})
	for _, xdg := range []string{"", "relative/xdg"} {
		t.Run("HOME, XDG_DATA_HOME="+xdg, func(t *testing.T) {
			home := t.TempDir()
			t.Setenv("XDG_DATA_HOME", xdg)
			t.Setenv("HOME", home)
			got, err := storage.DefaultDir()
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(home, ".local", "share", "idporten-wizard"); got != want {
				t.Errorf("DefaultDir() = %q, want %q", got, want)
			}
		})
	}
}

// ---- NewID ----

func TestNewIDIsUUIDv7(t *testing.T) {
	const n = 2000
	ids := make([]string, n)
	seen := make(map[string]bool, n)
	for i := range ids {
		id := storage.NewID()
		u, err := uuid.Parse(id)
		if err != nil {
			t.Fatalf("NewID() = %q: uuid.Parse: %v", id, err)
		}
		if u.Version() != 7 {
			t.Fatalf("NewID() = %q: version %d, want 7", id, u.Version())
		}
		if u.Variant() != uuid.RFC4122 {
			t.Fatalf("NewID() = %q: variant %v, want RFC4122", id, u.Variant())
		}
		if u.String() != id {
			t.Fatalf("NewID() = %q, not in canonical form %q", id, u.String())
		}
		if seen[id] {
			t.Fatalf("NewID() returned %q twice", id)
		}
		seen[id] = true
		ids[i] = id
	}
	// Time-ordered: the strings sort in the order they were made.
	if !slices.IsSorted(ids) {
		for i := 1; i < n; i++ {
			if ids[i] <= ids[i-1] {
				t.Fatalf("ids not in time order: #%d %s then #%d %s", i-1, ids[i-1], i, ids[i])
			}
		}
	}
}

func TestNewIDSortsByTime(t *testing.T) {
	before := time.Now()
	a := storage.NewID()
	mid := time.Now()
	for time.Since(mid) < 5*time.Millisecond { // the clock moves 5 ms on
		runtime.Gosched()
	}
	b := storage.NewID()
	after := time.Now()
	if !(a < b) {
		t.Fatalf("later id %s does not sort after earlier id %s", b, a)
	}
	ua, ub := uuid.MustParse(a), uuid.MustParse(b)
	// The first 48 bits of a UUIDv7 are Unix milliseconds.
	ms := func(id uuid.UUID) int64 {
		var v int64
		for _, x := range id[:6] {
			v = v<<8 | int64(x)
		}
		return v
	}
	// The embedded time lies within the call window (with 2 ms of slack:
	// ids made in a burst just before may have pushed the generator's
	// clock a little ahead to stay monotonic).
	for _, u := range []uuid.UUID{ua, ub} {
		if m := ms(u); m < before.UnixMilli() || m > after.UnixMilli()+2 {
			t.Errorf("id %s holds ms %d, outside [%d, %d]", u, m, before.UnixMilli(), after.UnixMilli())
		}
	}
	if ms(ub)-ms(ua) < 5 {
		t.Errorf("ids 5 ms apart hold times %d and %d", ms(ua), ms(ub))
	}
}

// ---- Save and Load ----

func TestSaveLoadRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		rec  func(t *testing.T, id string) model.Record
	}{
		{"minid sms", func(t *testing.T, id string) model.Record {
			return storage.SampleRecord(t, id, storage.SampleCreated, 3)
		}},
		{"minid mobile and e-mail", func(t *testing.T, id string) model.Record { return storage.FullRecord(t, id) }},
		{"bankid på mobil", func(t *testing.T, id string) model.Record { return storage.BankIDMobileRecord(t, id) }},
		{"winter time, kiosk", func(t *testing.T, id string) model.Record {
			r := storage.SampleRecord(t, id, time.Date(2026, 1, 2, 3, 4, 5, 6, model.Oslo()), 4)
			r.Channel = model.ChannelKiosk
			r.Language = "se"
			return r
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t)
			r := tt.rec(t, storage.NewID())
			path, err := s.Save(r)
			if err != nil {
				t.Fatalf("Save: %v", err)
			}
			if want := filepath.Join(s.Dir(), r.ID+".json"); path != want {
				t.Errorf("Save returned path %q, want %q", path, want)
			}
			got, err := s.Load(r.ID)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			sameRecord(t, got, r)
			if !got.CreatedAt.Equal(r.CreatedAt) {
				t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, r.CreatedAt)
			}
			_, gotOff := got.CreatedAt.Zone()
			_, wantOff := r.CreatedAt.Zone()
			if gotOff != wantOff {
				t.Errorf("CreatedAt offset %d s, want %d s (Europe/Oslo)", gotOff, wantOff)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("loaded record invalid: %v", err)
			}
		})
	}
}

func TestSaveFileMode0600(t *testing.T) {
	s := openStore(t)
	r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 5)
	path, err := s.Save(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := permOf(t, path); got != 0o600 {
		t.Errorf("record file mode = %#o, want 0600", got)
	}
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("record file is not a regular file: %v, %v", fi, err)
	}
}

func TestSaveFileContent(t *testing.T) {
	s := openStore(t)
	r := storage.FullRecord(t, storage.NewID())
	path, err := s.Save(r)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(data) {
		t.Fatalf("file is not valid JSON:\n%s", data)
	}
	if !bytes.HasSuffix(data, []byte("}\n")) || bytes.HasSuffix(data, []byte("\n\n")) {
		t.Errorf("file should end in exactly one newline after }: %q", data[max(0, len(data)-10):])
	}
	wantStart := "{\n  \"schema_version\": 1,\n  \"id\": \"" + r.ID + "\",\n"
	if !strings.HasPrefix(string(data), wantStart) {
		t.Errorf("file starts %q, want %q", data[:min(len(data), len(wantStart))], wantStart)
	}
	// Indented with two spaces: re-indenting the compact form gives the file.
	var compact, indented bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	indented.WriteByte('\n')
	if indented.String() != string(data) {
		t.Errorf("file is not two-space indented JSON:\n got: %s\nwant: %s", data, indented.String())
	}
	if n := bytes.Count(data, []byte("\n")); n < 20 {
		t.Errorf("file has %d lines; want one key per line", n)
	}

	// Exact key names of the schema, at every level.
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, "top level", top, "schema_version", "id", "created_at", "language", "channel", "eid", "person", "contact_register")
	wantKeys(t, "eid", sub(t, top, "eid"), "kind", "name", "issuer", "level", "method")
	wantKeys(t, "person", sub(t, top, "person"), "national_id", "id_kind", "synthetic", "birth_date")
	wantKeys(t, "contact_register", sub(t, top, "contact_register"),
		"registered", "mobile", "mobile_verified_at", "email", "email_verified_at")

	// A few values, as written.
	wantValue(t, top, "schema_version", `1`)
	wantValue(t, top, "id", `"`+r.ID+`"`)
	wantValue(t, top, "created_at", `"2026-05-14T12:30:15.123456789+02:00"`)
	wantValue(t, top, "language", `"nb"`)
	wantValue(t, top, "channel", `"terminal"`)
	eid := sub(t, top, "eid")
	wantValue(t, eid, "kind", `"minid"`)
	wantValue(t, eid, "name", `"MinID"`)
	wantValue(t, eid, "method", `"sms"`)
	wantValue(t, eid, "level", `"substantial"`)
	person := sub(t, top, "person")
	wantValue(t, person, "national_id", `"`+r.Person.NationalID+`"`)
	wantValue(t, person, "id_kind", `"fnr"`)
	wantValue(t, person, "synthetic", `true`)
	wantValue(t, person, "birth_date", `"`+r.Person.BirthDate.Format(time.DateOnly)+`"`)
	cr := sub(t, top, "contact_register")
	wantValue(t, cr, "registered", `true`)
	wantValue(t, cr, "mobile", `"+4791234567"`)
	wantValue(t, cr, "email", `"kari.nordmann@example.no"`)
}

func TestSaveBankIDMobileOmitsNationalID(t *testing.T) {
	s := openStore(t)
	r := storage.BankIDMobileRecord(t, storage.NewID())
	path, err := s.Save(r)
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, "person", sub(t, top, "person"), "birth_date")
	wantValue(t, sub(t, top, "person"), "birth_date", `"1985-03-02"`)
	wantKeys(t, "contact_register", sub(t, top, "contact_register"), "registered", "mobile", "mobile_verified_at")
	wantValue(t, sub(t, top, "eid"), "kind", `"bankid_mobil"`)
	wantValue(t, sub(t, top, "eid"), "method", `"sim"`)
	for _, k := range []string{"national_id", "id_kind", "synthetic"} {
		if bytes.Contains(data, []byte(`"`+k+`"`)) {
			t.Errorf("file mentions %q:\n%s", k, data)
		}
	}
	got, err := s.Load(r.ID)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	sameRecord(t, got, r)
	if got.Person.NationalID != "" || got.Person.IDKind != "" || got.Person.Synthetic != nil {
		t.Errorf("loaded person has national-ID fields: %+v", got.Person)
	}
}

func TestSaveSchemaVersionZeroIsFilledIn(t *testing.T) {
	s := openStore(t)
	r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 6)
	r.SchemaVersion = 0
	if _, err := s.Save(r); err != nil {
		t.Fatalf("Save with schema_version 0: %v", err)
	}
	got, err := s.Load(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != model.SchemaVersion {
		t.Errorf("schema_version = %d, want %d", got.SchemaVersion, model.SchemaVersion)
	}
}

func TestSaveLeavesOnlyTheRecordFile(t *testing.T) {
	s := openStore(t)
	var want []string
	for i := range 5 {
		r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated.Add(time.Duration(i)*time.Second), i)
		if _, err := s.Save(r); err != nil {
			t.Fatal(err)
		}
		want = append(want, r.ID+".json")
		got := storage.DirNames(t, s.Dir()) // sorted by name
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("after %d saves the folder holds %q, want %q", i+1, got, want)
		}
	}
}

func TestSaveRefusesInvalidRecord(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *model.Record)
	}{
		{"schema version 2", func(r *model.Record) { r.SchemaVersion = 2 }},
		{"no created_at", func(r *model.Record) { r.CreatedAt = time.Time{} }},
		{"unknown channel", func(r *model.Record) { r.Channel = "fax" }},
		{"unknown language", func(r *model.Record) { r.Language = "de" }},
		{"unknown eid kind", func(r *model.Record) { r.EID.Kind = "passport" }},
		{"eid name of another kind", func(r *model.Record) { r.EID.Name = "BankID" }},
		{"method not of minid", func(r *model.Record) { r.EID.Method = model.MethodUSB }},
		{"minid without national id", func(r *model.Record) { r.Person = model.Person{BirthDate: r.Person.BirthDate} }},
		{"bad national id", func(r *model.Record) { r.Person.NationalID = "12345678901" }},
		{"birth date not matching", func(r *model.Record) { r.Person.BirthDate.Time = r.Person.BirthDate.AddDate(0, 0, 1) }},
		{"mobile not verified", func(r *model.Record) { r.ContactRegister.MobileVerifiedAt = nil }},
		{"mobile not E.164", func(r *model.Record) { r.ContactRegister.Mobile = "912 34 567" }},
		{"minid without contact", func(r *model.Record) { r.ContactRegister = model.ContactRegister{} }},
		{"registered but empty", func(r *model.Record) {
			r.ContactRegister = model.ContactRegister{Registered: true}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t)
			r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 8)
			tt.change(&r)
			if r.Validate() == nil {
				t.Fatal("setup: change left the record valid")
			}
			path, err := s.Save(r)
			if err == nil {
				t.Fatalf("Save(invalid) = %q, nil; want an error", path)
			}
			if !errors.Is(err, model.ErrRecordInvalid) {
				t.Errorf("Save error %v does not wrap model.ErrRecordInvalid", err)
			}
			if errors.Is(err, storage.ErrBadID) {
				t.Errorf("Save error %v wraps ErrBadID for a good id", err)
			}
			if path != "" {
				t.Errorf("Save returned path %q on error", path)
			}
			wantEmptyDir(t, s.Dir())
		})
	}
}

func TestSaveRefusesBadID(t *testing.T) {
	ok := storage.NewID()
	for _, id := range []string{
		"",
		"not-a-uuid",
		"20260514-103015-abcd",
		ok[:len(ok)-1],
		ok + "0",
		"../" + ok,
		ok + "/x",
		"../../etc/passwd",
		".hidden",
		strings.Replace(ok, "-", "/", 1),
		"zzzzzzzz-zzzz-7zzz-8zzz-zzzzzzzzzzzz",
		strings.ToUpper(ok),             // not canonical
		"{" + ok + "}",                  // uuid.Parse accepts it
		"urn:uuid:" + ok,                // uuid.Parse accepts it
		strings.ReplaceAll(ok, "-", ""), // uuid.Parse accepts it
	} {
		t.Run(id, func(t *testing.T) {
			s := openStore(t)
			r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 9)
			r.ID = id
			path, err := s.Save(r)
			if err == nil {
				t.Fatalf("Save(id %q) = %q, nil; want ErrBadID", id, path)
			}
			if !errors.Is(err, storage.ErrBadID) {
				t.Errorf("Save(id %q) error %v, want ErrBadID", id, err)
			}
			wantEmptyDir(t, s.Dir())
			// Nothing written next to the store either.
			if names := storage.DirNames(t, filepath.Dir(s.Dir())); !slices.Equal(names, []string{"store"}) {
				t.Errorf("parent folder holds %q, want only store", names)
			}
		})
	}
	t.Run("bad id wins over invalid record", func(t *testing.T) {
		s := openStore(t)
		r := storage.SampleRecord(t, "nope", storage.SampleCreated, 9)
		r.Language = "de"
		if _, err := s.Save(r); !errors.Is(err, storage.ErrBadID) {
			t.Errorf("Save error %v, want ErrBadID", err)
		}
		wantEmptyDir(t, s.Dir())
	})
}

func TestSaveRefusesDuplicateID(t *testing.T) {
	s := openStore(t)
	id := storage.NewID()
	first := storage.SampleRecord(t, id, storage.SampleCreated, 10)
	path, err := s.Save(first)
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	second := storage.SampleRecord(t, id, storage.SampleCreated.Add(time.Hour), 11)
	second.Language = "en"
	p2, err := s.Save(second)
	if err == nil {
		t.Fatalf("second Save of id %s = %q, nil; want fs.ErrExist", id, p2)
	}
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("second Save error %v, want fs.ErrExist", err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("refused Save changed the file:\nbefore: %s\nafter: %s", before, after)
	}
	if names := storage.DirNames(t, s.Dir()); !slices.Equal(names, []string{id + ".json"}) {
		t.Errorf("folder holds %q, want only %s.json", names, id)
	}
	got, err := s.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	sameRecord(t, got, first)

	// Even the very same record is not written twice.
	if _, err := s.Save(first); !errors.Is(err, fs.ErrExist) {
		t.Errorf("re-Save of the same record: %v, want fs.ErrExist", err)
	}
}

func TestSaveRefusesIDTakenByNonRecord(t *testing.T) {
	s := openStore(t)
	id := storage.NewID()
	// A folder, and a dangling symlink, occupying the file name.
	if err := os.Mkdir(filepath.Join(s.Dir(), id+".json"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(storage.SampleRecord(t, id, storage.SampleCreated, 1)); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Save over a folder: %v, want fs.ErrExist", err)
	}
	id2 := storage.NewID()
	if err := os.Symlink(filepath.Join(t.TempDir(), "nowhere"), filepath.Join(s.Dir(), id2+".json")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Save(storage.SampleRecord(t, id2, storage.SampleCreated, 2)); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Save over a dangling symlink: %v, want fs.ErrExist", err)
	}
}

func TestLoadUnknownID(t *testing.T) {
	s := openStore(t)
	other := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 1)
	if _, err := s.Save(other); err != nil {
		t.Fatal(err)
	}
	id := storage.NewID()
	r, err := s.Load(id)
	if err == nil {
		t.Fatalf("Load(unknown) = %+v, nil; want an error", r)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(unknown) error %v does not wrap fs.ErrNotExist", err)
	}
	if !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Load(unknown) error %v does not wrap ErrNotFound", err)
	}
	if errors.Is(err, storage.ErrBadID) {
		t.Errorf("Load(unknown) error %v wraps ErrBadID", err)
	}
	if r.ID != "" {
		t.Errorf("Load(unknown) returned a record %q", r.ID)
	}
}

func TestLoadBadID(t *testing.T) {
	base := t.TempDir()
	s, err := storage.Open(filepath.Join(base, "store"))
	if err != nil {
		t.Fatal(err)
	}
	// A valid record just outside the store, named "escape": a Load that
	// followed ".." would find it.
	out := storage.SampleRecord(t, "escape", storage.SampleCreated, 1)
	data, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(base, "escape.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	// And a hidden file inside it that is a valid record.
	hidden := storage.SampleRecord(t, ".hidden", storage.SampleCreated, 1)
	data, _ = json.Marshal(hidden)
	if err := os.WriteFile(filepath.Join(s.Dir(), ".hidden.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}

	for _, id := range []string{
		"", "/", "a/b", "../escape", "..", "x/../../escape", "..escape", "escape..",
		".", ".hidden", ".tmp123", `a\b`, `..\escape`, "/etc/passwd", filepath.Join(base, "escape"),
	} {
		t.Run(id, func(t *testing.T) {
			r, err := s.Load(id)
			if err == nil {
				t.Fatalf("Load(%q) = %q, nil; want ErrBadID", id, r.ID)
			}
			if !errors.Is(err, storage.ErrBadID) {
				t.Errorf("Load(%q) error %v, want ErrBadID", id, err)
			}
			if errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Load(%q) error %v also says not found", id, err)
			}
		})
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	good := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 1)
	goodJSON, err := json.MarshalIndent(good, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	otherID := storage.NewID()
	invalid := good
	invalid.ContactRegister.MobileVerifiedAt = nil
	invalidJSON, _ := json.Marshal(invalid)

	// Each bad file is stored under the id of good (so only its content is
	// wrong) unless the case gives another file name.
	tests := []struct {
		name        string
		data        []byte
		id          string // file name without .json; good.ID if empty
		wantInvalid bool   // errors.Is(err, model.ErrRecordInvalid)
	}{
		{"empty file", nil, "", false},
		{"not json", []byte("this is not json\n"), "", false},
		{"truncated", goodJSON[:len(goodJSON)/2], "", false},
		{"only an opening brace", []byte("{"), "", false},
		{"foreign json", []byte(`{"foo":1}`), "", true},
		{"foreign json with our id", []byte(`{"foo":1,"id":"` + good.ID + `"}`), "", true},
		{"json null", []byte("null"), "", true},
		{"json array", []byte("[1,2,3]"), "", false},
		{"json string", []byte(`"hello"`), "", false},
		{"wrong type for id", bytes.Replace(goodJSON, []byte(`"id": "`+good.ID+`"`), []byte(`"id": 42`), 1), "", false},
		{"bad birth_date", bytes.Replace(goodJSON, []byte(good.Person.BirthDate.Format(time.DateOnly)), []byte("1990-13-45"), 1), "", false},
		{"valid json, invalid record", invalidJSON, "", true},
		{"valid record under another file name", goodJSON, otherID, true},
		{"trailing garbage", append(slices.Clone(goodJSON), []byte("\n}garbage")...), "", false},
		{"two records", append(slices.Clone(goodJSON), goodJSON...), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t)
			id := cmp.Or(tt.id, good.ID)
			if err := os.WriteFile(filepath.Join(s.Dir(), id+".json"), tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			r, err := s.Load(id)
			if err == nil {
				t.Fatalf("Load = %+v, nil; want an error", r)
			}
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, storage.ErrBadID) {
				t.Errorf("Load error %v: says not found / bad id for a bad file", err)
			}
			if tt.wantInvalid && !errors.Is(err, model.ErrRecordInvalid) {
				t.Errorf("Load error %v does not wrap model.ErrRecordInvalid", err)
			}
			if r.ID != "" {
				t.Errorf("Load returned a record %q with the error", r.ID)
			}
		})
	}
}

// TestLoadAcceptsUnknownKeys: a record written by a later version, with
// keys this one does not know, still loads (forward compatible).
func TestLoadAcceptsUnknownKeys(t *testing.T) {
	s := openStore(t)
	r := storage.FullRecord(t, storage.NewID())
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["reviewed_by"] = "someone"
	m["person"].(map[string]any)["nickname"] = "Kari"
	data, err = json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Dir(), r.ID+".json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(r.ID)
	if err != nil {
		t.Fatalf("Load of a record with unknown keys: %v", err)
	}
	sameRecord(t, got, r)
	if list, problems := s.List(); len(list) != 1 || len(problems) != 0 {
		t.Errorf("List = %d records, %v; want 1, none", len(list), problems)
	}
}

func TestLoadSavedRecordBySameNameOnly(t *testing.T) {
	// A record saved properly, then copied under another id's name, loads
	// under its own id and is refused under the other.
	s := openStore(t)
	r := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 1)
	path, err := s.Save(r)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	other := storage.NewID()
	if err := os.WriteFile(filepath.Join(s.Dir(), other+".json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(r.ID); err != nil {
		t.Errorf("Load(own id): %v", err)
	}
	if _, err := s.Load(other); err == nil || !errors.Is(err, model.ErrRecordInvalid) {
		t.Errorf("Load(copy under %s): %v, want an error wrapping ErrRecordInvalid", other, err)
	}
}

// ---- Delete ----

func TestDelete(t *testing.T) {
	s := openStore(t)
	keep := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 1)
	gone := storage.SampleRecord(t, storage.NewID(), storage.SampleCreated, 2)
	keepPath, err := s.Save(keep)
	if err != nil {
		t.Fatal(err)
	}
	gonePath, err := s.Save(gone)
	if err != nil {
		t.Fatal(err)
	}

	if err := s.Delete(gone.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := os.Stat(gonePath); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after Delete, Stat(%s) = %v, want not exist", gonePath, err)
	}
	if names := storage.DirNames(t, s.Dir()); !slices.Equal(names, []string{keep.ID + ".json"}) {
		t.Errorf("after Delete the folder holds %q, want only %s.json (removed, not renamed)", names, keep.ID)
	}
	if _, err := s.Load(gone.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Load(deleted) = %v, want ErrNotFound", err)
	}
	if _, err := os.Stat(keepPath); err != nil {
		t.Errorf("Delete touched another record: %v", err)
	}

	err = s.Delete(gone.ID)
	if !errors.Is(err, storage.ErrNotFound) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("second Delete = %v, want ErrNotFound wrapping fs.ErrNotExist", err)
	}
	if err := s.Delete(storage.NewID()); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Delete(unknown) = %v, want ErrNotFound", err)
	}

	// The id can be used again after Delete.
	if _, err := s.Save(gone); err != nil {
		t.Errorf("Save after Delete: %v", err)
	}
}

func TestDeleteBadID(t *testing.T) {
	base := t.TempDir()
	s, err := storage.Open(filepath.Join(base, "store"))
	if err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(base, "victim.json")
	if err := os.WriteFile(victim, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	hidden := filepath.Join(s.Dir(), ".tmp.json")
	if err := os.WriteFile(hidden, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"", "../victim", "..", "a/b", ".tmp", `..\victim`, filepath.Join(base, "victim")} {
		if err := s.Delete(id); !errors.Is(err, storage.ErrBadID) {
			t.Errorf("Delete(%q) = %v, want ErrBadID", id, err)
		}
	}
	for _, p := range []string{victim, hidden} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("a refused Delete removed %s: %v", p, err)
		}
	}
	if _, err := os.Stat(s.Dir()); err != nil {
		t.Errorf("store folder gone: %v", err)
	}
}

// ---- helpers for JSON checks ----

func sub(t *testing.T, m map[string]json.RawMessage, key string) map[string]json.RawMessage {
	t.Helper()
	raw, ok := m[key]
	if !ok {
		t.Fatalf("key %q missing", key)
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("key %q is not an object: %v", key, err)
	}
	return out
}

func wantKeys(t *testing.T, where string, m map[string]json.RawMessage, keys ...string) {
	t.Helper()
	got := slices.Sorted(maps.Keys(m))
	want := slices.Clone(keys)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s keys = %q, want %q", where, got, want)
	}
}

func wantValue(t *testing.T, m map[string]json.RawMessage, key, want string) {
	t.Helper()
	if got := string(m[key]); got != want {
		t.Errorf("%s = %s, want %s", key, got, want)
	}
}
