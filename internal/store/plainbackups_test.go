package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestRemovePlainBackupsKeepsSealedOnes: only copies that are still plain
// are removed; a listed file that has since been sealed (or replaced by a
// locked copy) is left alone.
func TestRemovePlainBackupsKeepsSealedOnes(t *testing.T) {
	_, plain, sealedCopy := plainThenSealedBackups(t)
	if err := RemovePlainBackups([]string{plain, sealedCopy}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(plain); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the plain backup is still there: %v", err)
	}
	if _, err := os.Stat(sealedCopy); err != nil {
		t.Errorf("the sealed backup was removed: %v", err)
	}
}

// plainThenSealedBackups makes a journal with a backup taken while it was
// plain, then locks it and takes a sealed backup beside the first.
func plainThenSealedBackups(t *testing.T) (s *Store, plain, sealedCopy string) {
	t.Helper()
	ctx := context.Background()
	s, path := openTest(t)
	fillJournal(t, s, 2)
	plain, err := s.BackupToFolder(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassphrase(ctx, []byte("pw")); err != nil {
		t.Fatal(err)
	}
	sealedCopy = filepath.Join(filepath.Dir(path), "backups", "sealed.db")
	if err := s.Backup(ctx, sealedCopy); err != nil {
		t.Fatal(err)
	}
	return s, plain, sealedCopy
}
