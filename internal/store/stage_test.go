package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestKilledBackupLeavesNoCopyBesideDest: `backup -o` stages its copy in
// the private backups folder, so a backup killed after the copy is made
// leaves no hidden copy of the journal beside the chosen file; the next
// backup sweeps the staged one away.
func TestKilledBackupLeavesNoCopyBesideDest(t *testing.T) {
	s, p := openTest(t)
	ctx := context.Background()
	if _, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Ana", Relationship: "friend", Role: RoleHurt}); err != nil {
		t.Fatal(err)
	}
	stage := filepath.Join(filepath.Dir(p), "backups")
	os.MkdirAll(stage, 0o700)
	out := t.TempDir() // where the person asked for the backup
	dest := filepath.Join(out, "copy.db")
	for _, stop := range []string{"copying", "copied"} {
		cmd, r := runBackupChild(t, p, dest, stop, stage)
		if stop == "copied" {
			expectLine(t, r, "copying")
		}
		expectLine(t, r, stop)
		cmd.Process.Kill()
		cmd.Wait()
		if names := dirNames(t, out); len(names) != 0 {
			t.Fatalf("a backup killed at %q left %v beside the destination", stop, names)
		}
	}
	if err := s.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, out); len(names) != 1 || names[0] != "copy.db" {
		t.Fatalf("destination folder holds %v", names)
	}
	if names := dirNames(t, stage); len(names) != 0 {
		t.Fatalf("the staging folder still holds %v", names)
	}
}
