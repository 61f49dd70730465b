package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestCreateNameTooLong: a name that leaves no room for the temporary file
// beside it is refused with the real reason (not "free some disk space"),
// and the failed create leaves nothing behind, not even the lock file.
func TestCreateNameTooLong(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, strings.Repeat("n", 245)+".db") // .lock fits, the temporary does not
	_, err := Open(p, Options{})
	if err == nil || !errors.Is(err, syscall.ENAMETOOLONG) {
		t.Fatalf("Open = %v, want ENAMETOOLONG", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "disk space") || !strings.Contains(msg, "choose a shorter name with --db") {
		t.Fatalf("message %q", msg)
	}
	if names := listNames(t, dir); len(names) != 0 {
		t.Fatalf("a failed create left %v", names)
	}
}

func listNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}
