package storage

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestOpenRemovesStaleTemps: a crashed save's hidden temp file (it holds
// personal data) is removed when the store is opened an hour or more later;
// a fresh one (a save in progress) and other files are left alone.
func TestOpenRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	id := NewID()
	old := filepath.Join(dir, "."+id+".json123456")
	fresh := filepath.Join(dir, "."+NewID()+".json654321")
	other := filepath.Join(dir, ".notes")
	record := filepath.Join(dir, id+".json.bak1")
	for _, p := range []string{old, fresh, other, record} {
		if err := os.WriteFile(p, []byte(`{"person":{"national_id":"17889033371"}}`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	twoHours := time.Now().Add(-2 * time.Hour)
	for _, p := range []string{old, other, record} {
		if err := os.Chtimes(p, twoHours, twoHours); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("the stale temp file is still there (%v)", err)
	}
	for _, p := range []string{fresh, other, record} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(p), err)
		}
	}
}
