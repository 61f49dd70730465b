package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupLongNames: a backup to a name as long as the disk allows is
// made (its temporary name is not longer than the name itself may be), and
// one to a name too long says so, with what to do, without naming the
// temporary file or asking to free disk space.
func TestBackupLongNames(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	dir := t.TempDir()
	ok := filepath.Join(dir, strings.Repeat("b", 240)+".db")
	if err := s.Backup(ctx, ok); err != nil {
		t.Fatalf("backup to a 243-byte name: %v", err)
	}
	if _, err := os.Stat(ok); err != nil {
		t.Fatal(err)
	}
	long := filepath.Join(dir, strings.Repeat("c", 300)+".db")
	err := s.Backup(ctx, long)
	if err == nil || strings.Contains(err.Error(), partialInfix) || strings.Contains(err.Error(), "free") ||
		!strings.Contains(err.Error(), "file name too long") || !strings.Contains(err.Error(), "shorter name") {
		t.Fatalf("backup to a 303-byte name: %v", err)
	}
}
