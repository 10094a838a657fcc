package storage

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func openBench(b *testing.B) *Store {
	b.Helper()
	s, err := Open(filepath.Join(b.TempDir(), "store"))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkSave is one Save of a new record: validate, marshal, temp file,
// write, fsync, rename. Compare with BenchmarkRawWriteFsync, which writes
// and fsyncs the same bytes with no atomic rename.
func BenchmarkSave(b *testing.B) {
	s := openBench(b)
	r := sampleRecord(b, NewID(), sampleCreated, 1)
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data) + 1))
	b.ReportAllocs()
	for b.Loop() {
		r.ID = NewID()
		if _, err := s.Save(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawWriteFsync writes the bytes of one record to a new file with
// os.OpenFile + Write + Sync + Close: the floor under BenchmarkSave.
func BenchmarkRawWriteFsync(b *testing.B) { benchRawWrite(b, false) }

// benchRawWrite writes one record's bytes to a new file and fsyncs it, and
// with syncFolder the folder too.
func benchRawWrite(b *testing.B, syncFolder bool) {
	s := openBench(b)
	r := sampleRecord(b, NewID(), sampleCreated, 1)
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		b.Fatal(err)
	}
	data = append(data, '\n')
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		f, err := os.OpenFile(filepath.Join(s.Dir(), strconv.Itoa(i)+".json"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.Write(data); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
		if syncFolder {
			syncDir(s.Dir())
		}
	}
}

// BenchmarkLoad reads, decodes and validates one record.
func BenchmarkLoad(b *testing.B) {
	s := openBench(b)
	r := sampleRecord(b, NewID(), sampleCreated, 1)
	if _, err := s.Save(r); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Load(r.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList10000 lists a store of 10,000 records. The records are
// created once, before the timed loop (b.Loop resets the timer), through
// Save with the fsync-free os.WriteFile so the setup stays quick.
func BenchmarkList10000(b *testing.B) {
	const n = 10000
	s := openBench(b)
	s.writeFile = os.WriteFile
	base := sampleRecord(b, NewID(), sampleCreated, 0)
	for i := range n {
		r := base
		r.ID = NewID()
		r.CreatedAt = sampleCreated.Add(time.Duration(i) * time.Second)
		if _, err := s.Save(r); err != nil {
			b.Fatal(err)
		}
	}
	s.writeFile = writeAtomic
	b.ReportAllocs()
	for b.Loop() {
		recs, problems := s.List()
		if len(recs) != n || len(problems) != 0 {
			b.Fatalf("List = %d records, %d problems; want %d, 0", len(recs), len(problems), n)
		}
	}
}

// BenchmarkRawWriteFsyncDir is BenchmarkRawWriteFsync plus the fsync of the
// folder that makes the new name itself survive a crash: the same
// durability Save gives, without its atomicity (a crash mid-write leaves a
// partial file under the record's name).
func BenchmarkRawWriteFsyncDir(b *testing.B) { benchRawWrite(b, true) }
