package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBackupToFolder: manual backups are private, hold the data, and only
// the newest five are kept, without touching other files in the folder.
func TestBackupToFolder(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	s, path := openTest(t)
	ctx := context.Background()
	wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "why", PromptText: "Why?", Body: "kept"}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(path), "backups")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "notes.txt")
	os.WriteFile(mine, []byte("mine"), 0o600)

	var last string
	for i := 0; i < 7; i++ {
		if last, err = s.BackupToFolder(ctx, ""); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(last)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup %s: %v %v", last, fi, err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 6 { // five backups and notes.txt
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Fatalf("backups folder holds %v, want the newest 5 backups and notes.txt", names)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Fatal("pruning removed a file it did not write")
	}
	b, err := Open(last, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n, err := b.CountEntries(ctx, wb.ID, ""); err != nil || n != 1 {
		t.Fatalf("backup holds %d entries (%v), want 1", n, err)
	}
}

// bigDB builds a plain SQLite file of about mb megabytes, quickly, so that
// copying it takes long enough to be interrupted.
func bigDB(t *testing.T, path string, mb int) {
	t.Helper()
	db := rawDB(t, path)
	mustExec(t, db, "CREATE TABLE t(b BLOB)")
	mustExec(t, db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < ?) INSERT INTO t SELECT randomblob(16000) FROM n", mb*64)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// checkBackupOf asserts p is a complete copy of a bigDB of mb megabytes.
func checkBackupOf(t *testing.T, p string, mb int) {
	t.Helper()
	db := rawDB(t, p)
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("backup %s: integrity %q, %v", p, ok, err)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != mb*64 {
		t.Fatalf("backup %s holds %d rows (%v), want %d", p, n, err, mb*64)
	}
	db.Close()
}

// runBackupChild starts the test binary backing up src to dest (see
// backupEnv) and returns it with its output; stop names the stage at which
// it waits to be killed.
func runBackupChild(t *testing.T, src, dest, stop string, stage ...string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), backupEnv+"="+strings.Join(append([]string{src, dest, stop}, stage...), "\n"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, bufio.NewReader(out)
}

func expectLine(t *testing.T, r *bufio.Reader, want string) {
	t.Helper()
	line, err := r.ReadString('\n')
	if err != nil || line != want+"\n" {
		t.Fatalf("child said %q, %v; want %q", line, err, want)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// TestBackupKilledAfterCopy: a backup killed when the copy is complete but
// not yet named leaves no file under the final name and no journal, and
// the next backup to the same name succeeds and sweeps the leftover.
func TestBackupKilledAfterCopy(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "big.db")
	bigDB(t, src, 2)
	kx := filepath.Join(dir, "kx")
	os.Mkdir(kx, 0o700)
	dest := filepath.Join(kx, "b.db")

	cmd, out := runBackupChild(t, src, dest, "copied")
	expectLine(t, out, "copying")
	expectLine(t, out, "copied")
	cmd.Process.Kill()
	cmd.Wait()

	names := dirNames(t, kx)
	if len(names) != 1 || !strings.HasPrefix(names[0], ".b.db.partial-"+strconv.Itoa(cmd.Process.Pid)+"-") {
		t.Fatalf("killed backup left %v, want only its hidden partial file", names)
	}
	if err := backupTo(context.Background(), rawDB(t, src), dest); err != nil {
		t.Fatalf("backup after a killed one: %v", err)
	}
	if names := dirNames(t, kx); len(names) != 1 || names[0] != "b.db" {
		t.Fatalf("folder holds %v after the second backup, want only b.db", names)
	}
	if m := mode(t, dest); m != 0o600 {
		t.Errorf("backup mode %o, want 600", m)
	}
	checkBackupOf(t, dest, 2)
	if err := backupTo(context.Background(), rawDB(t, src), dest); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("backup over an existing file: %v, want fs.ErrExist", err)
	}
	if names := dirNames(t, kx); len(names) != 1 {
		t.Fatalf("refused backup left %v", names)
	}
}

// TestBackupKilledMidCopy kills a real backup of a large database at
// several moments while SQLite is copying. Whenever it dies, the final
// name is either absent or a complete backup, no "-journal" exists (which
// would roll the copy back to empty), and a new backup then succeeds.
func TestBackupKilledMidCopy(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "big.db")
	const mb = 24
	bigDB(t, src, mb)
	for _, wait := range []time.Duration{0, 2 * time.Millisecond, 15 * time.Millisecond, 60 * time.Millisecond} {
		kx := filepath.Join(dir, "kx"+wait.String())
		os.Mkdir(kx, 0o700)
		dest := filepath.Join(kx, "b.db")
		cmd, out := runBackupChild(t, src, dest, "")
		expectLine(t, out, "copying")
		time.Sleep(wait)
		cmd.Process.Kill()
		cmd.Wait()
		for _, n := range dirNames(t, kx) {
			if strings.HasSuffix(n, "-journal") {
				t.Errorf("after a kill at %v the folder holds a journal %s", wait, n)
			}
			if n == "b.db" {
				checkBackupOf(t, dest, mb) // only ever complete under its name
				os.Remove(dest)
			}
		}
		if err := backupTo(context.Background(), rawDB(t, src), dest); err != nil {
			t.Fatalf("backup after a kill at %v: %v", wait, err)
		}
		if names := dirNames(t, kx); len(names) != 1 || names[0] != "b.db" {
			t.Fatalf("after a kill at %v and a new backup the folder holds %v", wait, names)
		}
		checkBackupOf(t, dest, mb)
	}
}

// TestBackupFolderSweepsLeftovers: BackupToFolder removes the partial files
// of killed backups (dead writers, or this process's own from an earlier
// life under a reused pid) and final-named backups an older trustwork left
// broken, keeps a partial whose writer is alive, and never touches files
// it did not write.
func TestBackupFolderSweepsLeftovers(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	dir := filepath.Join(filepath.Dir(path), "backups")
	os.MkdirAll(dir, 0o700)
	dead := strconv.Itoa(1 << 30) // above any pid_max
	self := strconv.Itoa(os.Getpid())
	live := strconv.Itoa(os.Getppid())
	write := func(name string, size int) {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	stale := []string{
		".trustwork-20250101T000000Z-v1.db.partial-" + dead + "-ab12",
		".trustwork-20250101T000000Z-v1.db.partial-" + dead + "-ab12-journal",
		".trustwork-20250102T000000Z-v1-2.db.partial-" + self + "-cd34",
		"trustwork-20250103T000000Z-v1.db",         // empty: killed old-style
		"trustwork-20250104T000000Z-v1.db",         // with a hot journal
		"trustwork-20250104T000000Z-v1.db-journal", //
	}
	kept := []string{
		".trustwork-20250105T000000Z-v1.db.partial-" + live + "-ef56", // in progress elsewhere
		".other-20250101T000000Z-v1.db.partial-" + dead + "-ab12",     // another database's
		".notes.partial-" + dead + "-ab",                              // not ours
		"trustwork.db.partial-" + dead + "-ab",                        // not ours
		"notes.txt",
	}
	for _, n := range stale {
		size := 4096
		if n == "trustwork-20250103T000000Z-v1.db" {
			size = 0
		}
		write(n, size)
	}
	for _, n := range kept {
		write(n, 10)
	}
	got, err := s.BackupToFolder(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string{filepath.Base(got)}, kept...)
	sort.Strings(want)
	if names := dirNames(t, dir); strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("backups folder holds\n%v\nwant\n%v", names, want)
	}
}

// TestBackupPruneIgnoresBroken: broken final-named backups (from killed
// backups of an older trustwork) newer than every good one do not count
// towards the five kept, so they cannot rotate the good backups away.
func TestBackupPruneIgnoresBroken(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	dir := filepath.Join(filepath.Dir(path), "backups")
	var good []string
	for i := 0; i < 3; i++ {
		p, err := s.BackupToFolder(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		good = append(good, p)
	}
	for i := 0; i < 6; i++ {
		name := filepath.Join(dir, fmt.Sprintf("trustwork-2099010%dT000000Z-v1.db", i))
		if i%2 == 0 {
			os.WriteFile(name, nil, 0o600)
		} else {
			os.WriteFile(name, make([]byte, 4096), 0o600)
			os.WriteFile(name+"-journal", make([]byte, 512), 0o600)
		}
	}
	p, err := s.BackupToFolder(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	good = append(good, p)
	var want []string
	for _, g := range good {
		want = append(want, filepath.Base(g))
	}
	sort.Strings(want)
	if names := dirNames(t, dir); strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("backups folder holds %v, want the good backups %v", names, want)
	}
}

// TestBackupWritesNoJournal: while a backup is being written, neither its
// final name nor a "-journal" exists in the folder (TestBackupKilledMidCopy
// covers the moments inside SQLite's copy).
func TestBackupWritesNoJournal(t *testing.T) {
	s, path := openTest(t)
	dest := filepath.Join(filepath.Dir(path), "copy.db")
	var seen []string
	backupHook = func(stage, tmp string) {
		for _, n := range dirNames(t, filepath.Dir(path)) {
			seen = append(seen, stage+":"+n)
		}
	}
	defer func() { backupHook = nil }()
	if err := s.Backup(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	for _, n := range seen {
		if strings.HasSuffix(n, "-journal") || strings.HasSuffix(n, ":copy.db") {
			t.Errorf("while backing up the folder held %s", n)
		}
	}
	if len(seen) == 0 {
		t.Fatal("backup hook never ran")
	}
}

// TestBackupFailureLeavesNoPartial: a backup that fails while copying (a
// full disk, here a file size limit) removes its temporary copy at once.
// It used to stay: the cleanup looked at the named result, which the
// failing return had already set to "", so every failed backup left a
// plaintext copy of the journal in the folder, on a disk already full.
func TestBackupFailureLeavesNoPartial(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	bigDB(t, src, 1)
	db := rawDB(t, src)
	defer db.Close()
	stage := filepath.Join(dir, "stage")
	if err := os.Mkdir(stage, 0o700); err != nil {
		t.Fatal(err)
	}
	var errVia, errFolder error
	withFileSizeLimit(t, 256<<10, func() {
		errVia = backupVia(context.Background(), db, stage, filepath.Join(dir, "out.db"))
		_, errFolder = backupToFolder(context.Background(), db, stage, "src", time.Now(), 1)
	})
	if errVia == nil || errFolder == nil {
		t.Fatalf("backups past the size limit succeeded: %v, %v", errVia, errFolder)
	}
	if names := dirNames(t, stage); len(names) != 0 {
		t.Fatalf("a failed backup left %v", names)
	}
}

// unwrapAll returns what err wraps when it wraps several errors.
func unwrapAll(err error) []error {
	if u, ok := err.(interface{ Unwrap() []error }); ok {
		return u.Unwrap()
	}
	return nil
}

// TestBackupFailureSaysItOnce: a failed backup is one plain line that
// names the cause once. It used to read "failed (file too large); check
// the folder and free space: …: file too large".
func TestBackupFailureSaysItOnce(t *testing.T) {
	s, p := openTest(t)
	ctx := context.Background()
	wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Ana", Relationship: "friend", Role: RoleHurt})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 40; i++ {
		if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "s", PromptID: "p", PromptText: "Q", Body: strings.Repeat(fmt.Sprint(i, " words "), 2000)}); err != nil {
			t.Fatal(err)
		}
	}
	var errTo, errFolder error
	withFileSizeLimit(t, 256<<10, func() {
		errTo = s.Backup(ctx, filepath.Join(filepath.Dir(p), "out.db"))
		_, errFolder = s.BackupToFolder(ctx, "")
	})
	for _, err := range []error{errTo, errFolder} {
		if err == nil {
			t.Fatal("a backup past the size limit succeeded")
		}
		msg := err.Error()
		_, cause, _ := strings.Cut(msg, "failed (")
		cause, _, _ = strings.Cut(cause, ")")
		if strings.Contains(msg, "\n") || cause == "" || strings.Count(msg, cause) != 1 || !strings.Contains(msg, "check the folder and free space") {
			t.Fatalf("message %q should be one line naming the cause once", msg)
		}
		if errors.Unwrap(err) == nil && len(unwrapAll(err)) == 0 {
			t.Fatalf("%v should still unwrap to the cause", err)
		}
	}
}
