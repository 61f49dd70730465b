package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBackupOfDamagedJournalRefused: a journal that fails its integrity
// check is not backed up, however often backup runs: good backups are
// never pushed out by damaged copies, and the message points at the newest
// good backup by name.
func TestBackupOfDamagedJournalRefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.db")
	makeTrustworkDB(t, p, 40)
	ctx := context.Background()
	s, err := Open(p, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	good, err := s.BackupToFolder(ctx, "")
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(p, os.O_RDWR, 0)
	f.WriteAt([]byte(strings.Repeat("\xff\x13", 2048)), 4096)
	f.Close()
	before := snapshot(t, dir, true)
	for i := 0; i < keepUpgradeBackups+2; i++ {
		s, err := Open(p, Options{ReadOnly: true, Now: func() time.Time { return time.Now().Add(time.Duration(i) * time.Hour) }})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.BackupToFolder(ctx, "")
		if !errors.Is(err, ErrDamagedSource) || !strings.Contains(err.Error(), good) || strings.Contains(err.Error(), "\n") {
			s.Close()
			t.Fatalf("backup %d of a damaged journal: %v; want a refusal naming %s", i, err, good)
		}
		dest := filepath.Join(dir, fmt.Sprintf("copy-%d.db", i))
		err = s.Backup(ctx, dest)
		if !errors.Is(err, ErrDamagedSource) || !strings.Contains(err.Error(), "nothing was written to "+dest) {
			s.Close()
			t.Fatalf("backup -o of a damaged journal: %v", err)
		}
		s.Close()
	}
	if d := diffSnap(before, snapshot(t, dir, true)); d != "" {
		t.Fatalf("refused backups changed files:\n%s", d)
	}
}

// TestPruneKeepsTheNewBackup: a backup just made and verified is kept
// even when (after a clock change) older backups carry later names.
func TestPruneKeepsTheNewBackup(t *testing.T) {
	s, p := openTest(t)
	dir := filepath.Join(filepath.Dir(p), "backups")
	os.MkdirAll(dir, 0o700)
	for i := 0; i < keepUpgradeBackups; i++ {
		copyFile(t, p, filepath.Join(dir, fmt.Sprintf("trustwork-2099010%dT000000Z-v1.db", i+1)))
	}
	got, err := s.BackupToFolder(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(got); err != nil {
		t.Fatalf("the new backup was pruned: %v", err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "trustwork-*.db"))
	if len(names) != keepUpgradeBackups {
		t.Fatalf("backups = %v, want %d", names, keepUpgradeBackups)
	}
}

// TestDamagedMessageNamesGoodBackup: the refusal of a damaged journal
// names the newest backup that passes its check, skipping damaged ones.
func TestDamagedMessageNamesGoodBackup(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.db")
	makeTrustworkDB(t, p, 40)
	bdir := filepath.Join(dir, "backups")
	os.MkdirAll(bdir, 0o700)
	good := filepath.Join(bdir, "x-20250101T000000Z-v1.db")
	copyFile(t, p, good)
	bad := filepath.Join(bdir, "x-20250202T000000Z-v1.db")
	copyFile(t, p, bad)
	for _, f := range []string{p, bad} {
		fh, _ := os.OpenFile(f, os.O_RDWR, 0)
		fh.WriteAt([]byte(strings.Repeat("\xff\x13", 2048)), 4096)
		fh.Close()
	}
	s, err := Open(p, Options{})
	if err == nil {
		err = s.Verify() // the background check of a cleanly closed file
		s.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "copy your newest good backup "+good+" over "+p) {
		t.Fatalf("Open of a damaged journal: %v; want it to name %s", err, good)
	}
}
