package hub

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestCredsRoundTrip: WriteCreds writes 0600, atomically (no temporary
// file is left), and LoadCreds reads it back.
func TestCredsRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "hub.creds")
	pw := NewPassword()
	if err := WriteCreds(path, "kiosk-1", pw); err != nil {
		t.Fatal(err)
	}
	// Over an existing file, too.
	if err := WriteCreds(path, "kiosk-1", pw); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %04o", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
	user, got, err := LoadCreds(path)
	if err != nil || user != "kiosk-1" || got != pw {
		t.Errorf("LoadCreds: %q %q %v", user, got, err)
	}
	for _, bad := range [][2]string{{"", "pw"}, {"u", ""}, {"a:b", "pw"}, {"u", "p w"}, {"u", "p\nw"}} {
		if err := WriteCreds(filepath.Join(dir, "bad"), bad[0], bad[1]); err == nil {
			t.Errorf("WriteCreds(%q, %q) wrote", bad[0], bad[1])
		}
	}
	if err := WriteCreds(filepath.Join(dir, "no-such-folder", "x"), "u", "pw"); err == nil {
		t.Error("wrote into a missing folder")
	}
}

// TestLoadCreds: a file others may read is refused, naming it and the
// fix; so are malformed lines; none of the errors names the password.
func TestLoadCreds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // past the umask
			t.Fatal(err)
		}
		return p
	}
	for name, content := range map[string]string{"plain": "u1:s3cret", "newline": "u1:s3cret\n", "crlf": "u1:s3cret\r\n"} {
		u, p, err := LoadCreds(write(name, content, 0o600))
		if err != nil || u != "u1" || p != "s3cret" {
			t.Errorf("%s: %q %q %v", name, u, p, err)
		}
	}
	// A colon in the password is the password's.
	if _, p, err := LoadCreds(write("colon", "u1:s3:cret\n", 0o600)); err != nil || p != "s3:cret" {
		t.Errorf("a colon in the password: %q %v", p, err)
	}
	if runtime.GOOS != "windows" {
		for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o620} {
			p := write("open", "u1:s3cret\n", mode)
			_, _, err := LoadCreds(p)
			if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "chmod 600") ||
				!strings.Contains(err.Error(), "group or others") {
				t.Errorf("mode %04o: %v", mode, err)
			}
		}
	}
	for name, content := range map[string]string{
		"empty":      "",
		"no-colon":   "u1s3cret\n",
		"no-user":    ":s3cret\n",
		"no-pw":      "u1:\n",
		"two-lines":  "u1:s3cret\nu2:s3cret\n",
		"space":      "u1: s3cret\n",
		"blank-line": "\nu1:s3cret\n",
	} {
		_, _, err := LoadCreds(write(name, content, 0o600))
		if err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: the error names the password: %v", name, err)
		} else if !strings.Contains(err.Error(), name) {
			t.Errorf("%s: the error does not name the file: %v", name, err)
		}
	}
	if _, _, err := LoadCreds(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("a missing file: %v", err)
	}
	if _, _, err := LoadCreds(dir); err == nil {
		t.Error("a folder: accepted")
	}
}

// TestNewPassword: 32 characters of base64url, a new one every time.
func TestNewPassword(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		p := NewPassword()
		if len(p) != 32 || strings.Trim(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
			t.Fatalf("password %q", p)
		}
		if seen[p] {
			t.Fatalf("password %q twice", p)
		}
		seen[p] = true
	}
}

// TestCredsFromEnv: both variables, or nothing; the last of a name counts.
func TestCredsFromEnv(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env      []string
		user, pw string
		ok       bool
	}{
		{[]string{EnvUser + "=u1", EnvPassword + "=pw", "HOME=/root"}, "u1", "pw", true},
		{[]string{EnvUser + "=u1"}, "u1", "", false},
		{[]string{EnvPassword + "=pw"}, "", "pw", false},
		{[]string{EnvUser + "=", EnvPassword + "=pw"}, "", "pw", false},
		{[]string{EnvUser + "=u1", EnvPassword + "=old", EnvPassword + "=new=ish"}, "u1", "new=ish", true},
		{nil, "", "", false},
	} {
		u, p, ok := CredsFromEnv(tc.env)
		if u != tc.user || p != tc.pw || ok != tc.ok {
			t.Errorf("%v: %q %q %v", tc.env, u, p, ok)
		}
	}
}

// TestLoadUsers: a users file as the hub command reads it; refused when
// others may read it, or with a bad line (named by number, never the
// password).
func TestLoadUsers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(content string, mode os.FileMode) string {
		p := filepath.Join(dir, "users")
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := "# the help desk\ncaller kiosk-1 pw-k1 n4f2a\n\n  helper anne pw-anne  \nhelper bo pw-bo\n"
	users, err := LoadUsers(write(good, 0o600))
	if err != nil {
		t.Fatal(err)
	}
	want := []Cred{
		{User: "kiosk-1", Password: "pw-k1", Role: RoleCaller, Node: "n4f2a"},
		{User: "anne", Password: "pw-anne", Role: RoleHelper},
		{User: "bo", Password: "pw-bo", Role: RoleHelper},
	}
	if len(users) != len(want) {
		t.Fatalf("users %+v", users)
	}
	for i := range want {
		if users[i] != want[i] {
			t.Errorf("user %d: %+v, want %+v", i, users[i], want[i])
		}
	}
	if runtime.GOOS != "windows" {
		if _, err := LoadUsers(write(good, 0o644)); err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("mode 0644: %v", err)
		}
	}
	for content, wantErr := range map[string]string{
		"":                                      "no users",
		"# nobody\n":                            "no users",
		"admin root s3cret\n":                   `line 1: unknown role "admin"`,
		"helper anne s3cret\ncaller k s3cret\n": "line 2: want",
		"helper anne s3cret node-a\n":           "line 1: want",
		"caller k s3cret N.A\n":                 "line 1: caller k: node",
		"helper anne s3cret\n\nhelper anne s3cret-2\n": "line 3: user anne is on line 1 already",
	} {
		_, err := LoadUsers(write(content, 0o600))
		if err == nil || !strings.Contains(err.Error(), wantErr) || strings.Contains(err.Error(), "s3cret") ||
			!strings.HasPrefix(err.Error(), "hub: users file ") {
			t.Errorf("%q: %v, want %q", content, err, wantErr)
		}
	}
}
