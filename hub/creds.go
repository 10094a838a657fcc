package hub

// Passwords on disk: a client's credentials file (user:password) and a
// node's users file, both readable by their owner only.

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Environment variables with a client's credentials, in place of a file.
const (
	EnvUser     = "IDPORTEN_WIZARD_HUB_USER"
	EnvPassword = "IDPORTEN_WIZARD_HUB_PASSWORD"
)

// maxSecretFile is the largest credentials or users file read.
const maxSecretFile = 1 << 20

// LoadCreds reads a credentials file: one line, user:password (a trailing
// newline is fine). A file that group or others may read or write is
// refused, as ssh refuses such a key.
func LoadCreds(path string) (user, password string, err error) {
	b, err := readPrivate(path, "credentials file")
	if err != nil {
		return "", "", err
	}
	line := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if strings.ContainsAny(line, "\r\n") {
		return "", "", fmt.Errorf("hub: credentials file %s: want one line, user:password", path)
	}
	user, password, ok := strings.Cut(line, ":")
	switch {
	case !ok:
		return "", "", fmt.Errorf("hub: credentials file %s: no colon; want one line, user:password", path)
	case user == "":
		return "", "", fmt.Errorf("hub: credentials file %s: no user before the colon", path)
	case password == "":
		return "", "", fmt.Errorf("hub: credentials file %s: no password after the colon", path)
	case strings.ContainsFunc(user, isSpaceOrControl) || strings.ContainsFunc(password, isSpaceOrControl):
		return "", "", fmt.Errorf("hub: credentials file %s: spaces or control characters in the user or the password", path)
	}
	return user, password, nil
}

// WriteCreds writes a credentials file, mode 0600, atomically: a
// temporary file in the same folder, renamed over path.
func WriteCreds(path, user, password string) error {
	if err := (Cred{User: user, Password: password, Role: RoleHelper}).Validate(); err != nil {
		return err
	}
	return writePrivate(path, []byte(user+":"+password+"\n"))
}

// NewPassword is a new random password: 24 bytes from crypto/rand,
// base64url (32 characters).
func NewPassword() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (it crashes the program first)
	return base64.RawURLEncoding.EncodeToString(b)
}

// CredsFromEnv is the user and password in IDPORTEN_WIZARD_HUB_USER and
// IDPORTEN_WIZARD_HUB_PASSWORD of environ (as os.Environ lists it; where a
// name is listed twice the last one counts); ok only when both are set and
// not empty.
func CredsFromEnv(environ []string) (user, password string, ok bool) {
	for _, kv := range environ {
		name, value, found := strings.Cut(kv, "=")
		if !found {
			continue
		}
		switch name {
		case EnvUser:
			user = value
		case EnvPassword:
			password = value
		}
	}
	return user, password, user != "" && password != ""
}

// LoadUsers reads a node's users file, mode 0600 (refused otherwise, as
// LoadCreds): one user a line,
//
//	caller <user> <password> <node>
//	helper <user> <password>
//
// Blank lines and lines starting with # are skipped. Every user is
// checked (Cred.Validate); no password is ever in an error.
func LoadUsers(path string) ([]Cred, error) {
	b, err := readPrivate(path, "users file")
	if err != nil {
		return nil, err
	}
	var users []Cred
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), maxSecretFile)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		c := Cred{Role: Role(f[0])}
		switch {
		case c.Role == RoleCaller && len(f) == 4:
			c.User, c.Password, c.Node = f[1], f[2], f[3]
		case c.Role == RoleHelper && len(f) == 3:
			c.User, c.Password = f[1], f[2]
		case c.Role == RoleCaller || c.Role == RoleHelper:
			return nil, fmt.Errorf("hub: users file %s line %d: want \"caller <user> <password> <node>\" or \"helper <user> <password>\"", path, n)
		default:
			return nil, fmt.Errorf("hub: users file %s line %d: unknown role %q: use caller or helper", path, n, f[0])
		}
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("hub: users file %s line %d: %s", path, n, strings.TrimPrefix(err.Error(), "hub: "))
		}
		if first, ok := seen[c.User]; ok {
			return nil, fmt.Errorf("hub: users file %s line %d: user %s is on line %d already", path, n, c.User, first)
		}
		seen[c.User] = n
		users = append(users, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("hub: users file %s: %w", path, err)
	}
	if len(users) == 0 {
		return nil, fmt.Errorf("hub: users file %s has no users", path)
	}
	return users, nil
}

// readPrivate reads a file only its owner may read or write (what, e.g.
// "credentials file", names it in errors).
func readPrivate(path, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("hub: %s %s does not exist", what, path)
		}
		return nil, fmt.Errorf("hub: %s: %w", what, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("hub: %s: %w", what, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("hub: %s %s is not a regular file", what, path)
	}
	// Windows has no such mode bits; its ACLs are another matter.
	if perm := fi.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return nil, fmt.Errorf("hub: %s %s has mode %04o, so group or others may read it: it holds passwords; chmod 600 %s", what, path, perm, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	if err != nil {
		return nil, fmt.Errorf("hub: %s: %w", what, err)
	}
	if len(b) > maxSecretFile {
		return nil, fmt.Errorf("hub: %s %s is larger than %d bytes", what, path, maxSecretFile)
	}
	return b, nil
}

// writePrivate writes b to path, mode 0600, through a temporary file in
// the same folder renamed over it.
func writePrivate(path string, b []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("hub: credentials file: %w", err)
	}
	name := tmp.Name()
	fail := func(err error) error {
		_ = tmp.Close()
		_ = os.Remove(name)
		return fmt.Errorf("hub: credentials file %s: %w", path, err)
	}
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return fail(err)
	}
	if _, err := tmp.Write(b); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(name, path); err != nil {
		_ = os.Remove(name)
		return fmt.Errorf("hub: credentials file %s: %w", path, err)
	}
	return nil
}
