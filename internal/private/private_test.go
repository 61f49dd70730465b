package private

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestMkdirAll(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	base := t.TempDir()
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "a", "b")
	if err := MkdirAll(dir); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Join(base, "a"), dir} {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm() != 0o700 {
			t.Fatalf("%s: mode %v, err %v; want 0700", d, fi.Mode().Perm(), err)
		}
	}
	if fi, _ := os.Stat(base); fi.Mode().Perm() != 0o755 {
		t.Fatalf("an existing parent was changed to %v", fi.Mode().Perm())
	}
	if err := MkdirAll(dir); err != nil {
		t.Fatalf("second call: %v", err)
	}
	file := filepath.Join(base, "file")
	os.WriteFile(file, nil, 0o600)
	if err := MkdirAll(file); err == nil {
		t.Fatal("a file in the way should be an error")
	}
	if err := MkdirAll(filepath.Join(file, "x")); err == nil {
		t.Fatal("a file as a parent should be an error")
	}
}
