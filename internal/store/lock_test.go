package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestLockSurvivesLostLockFile: the writer lock guards the database file
// itself, so a second writer is refused however the lock file is lost
// (deleted, renamed, replaced by another file) and whatever path reaches
// the same database (another spelling, a bind-mount-like second route).
func TestLockSurvivesLostLockFile(t *testing.T) {
	lose := map[string]func(t *testing.T, lock string){
		"deleted": func(t *testing.T, lock string) { os.Remove(lock) },
		"renamed": func(t *testing.T, lock string) { os.Rename(lock, lock+".old") },
		"replaced": func(t *testing.T, lock string) {
			os.WriteFile(lock+".new", []byte("999999\n"), 0o600)
			os.Rename(lock+".new", lock)
		},
		"kept": func(t *testing.T, lock string) {},
	}
	for name, f := range lose {
		t.Run(name, func(t *testing.T) {
			s, path := openTest(t)
			f(t, lockPath(path))
			dir := filepath.Dir(path)
			os.Mkdir(filepath.Join(dir, "sub"), 0o700)
			for _, p := range []string{path, filepath.Join(dir, "sub", "..", filepath.Base(path))} {
				s2, err := Open(p, Options{})
				if err == nil {
					s2.Close()
					t.Fatalf("second writer at %s got in after the lock file was %s", p, name)
				}
				if !errors.Is(err, ErrLocked) {
					t.Fatalf("second Open: %v, want ErrLocked", err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s3, err := Open(path, Options{})
			if err != nil {
				t.Fatalf("Open after the first closed: %v", err)
			}
			s3.Close()
		})
	}
}

// TestLockSurvivesBindMountPath: the database reached by a path through a
// symlinked folder (the same file, another name for its folder) is the
// same file, so the lock holds.
func TestLockSurvivesSymlinkedFolder(t *testing.T) {
	s, path := openTest(t)
	defer s.Close()
	alias := filepath.Join(t.TempDir(), "alias")
	if err := os.Symlink(filepath.Dir(path), alias); err != nil {
		t.Skip(err)
	}
	os.Remove(lockPath(path))
	s2, err := Open(filepath.Join(alias, filepath.Base(path)), Options{})
	if err == nil {
		s2.Close()
		t.Fatal("a second writer through a symlinked folder got in")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("Open through the alias: %v, want ErrLocked", err)
	}
}
