package export

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func sum(t *testing.T, p string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestExportNeverReplacesJournalFiles: with --force, an export aimed at the
// journal's own files, by any name, is refused and the file is unchanged.
func TestExportNeverReplacesJournalFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "journal.db")
	for _, suf := range journalSuffixes {
		os.WriteFile(db+suf, []byte("SQLite format 3\x00 pretend"+suf), 0o600)
	}
	os.Symlink(dir, filepath.Join(dir, "again"))
	os.Link(db, filepath.Join(dir, "second-name.db"))
	os.Symlink(db, filepath.Join(dir, "link.md"))
	targets := []string{db, db + "-wal", db + "-shm", db + "-journal", db + ".lock",
		filepath.Join(dir, "again", "journal.db"), filepath.Join(dir, "second-name.db"),
		filepath.Join(dir, "link.md"), filepath.Join(dir, ".", "journal.db-wal")}
	for _, target := range targets {
		before := sum(t, target)
		err := CheckNotJournal(target, db)
		if !errors.Is(err, ErrJournalFile) || !strings.Contains(err.Error(), "choose another file name with -o") {
			t.Errorf("CheckNotJournal(%s) = %v, want a refusal", target, err)
		}
		if sum(t, target) != before {
			t.Errorf("%s changed", target)
		}
	}
	// Files of the journal that do not exist yet are refused by name.
	os.Remove(db + "-journal")
	if err := CheckNotJournal(db+"-journal", db); !errors.Is(err, ErrJournalFile) {
		t.Errorf("absent -journal: %v", err)
	}
	if err := CheckNotJournal(filepath.Join(dir, "journal.md"), db); err != nil {
		t.Errorf("an ordinary target refused: %v", err)
	}
}

// TestExportRefusesDatabasesAndFolders: --force does not let an export
// replace a SQLite file (a backup, a database) or a folder, and the
// message names the path as it is, not an internal temporary name.
func TestExportRefusesDatabasesAndFolders(t *testing.T) {
	dir := t.TempDir()
	bk := filepath.Join(dir, "journal-20260101T000000Z-v1.db")
	os.WriteFile(bk, []byte("SQLite format 3\x00 a backup"), 0o600)
	wal := filepath.Join(dir, "other.db-wal")
	os.WriteFile(wal, []byte{0x37, 0x7f, 0x06, 0x82, 0, 0}, 0o600)
	folder := filepath.Join(dir, "a folder")
	os.Mkdir(folder, 0o700)
	for _, target := range []string{bk, wal, folder} {
		var before [32]byte
		if target != folder {
			before = sum(t, target)
		}
		err := ToFile(target, true, writeString("# journal\n"))
		if err == nil || strings.Contains(err.Error(), ".tmp-") || !strings.Contains(err.Error(), "-o") || !strings.Contains(err.Error(), target) {
			t.Errorf("ToFile(%s, force) = %v, want a refusal naming it", target, err)
		}
		if target != folder && sum(t, target) != before {
			t.Errorf("%s changed", target)
		}
	}
	if st, err := os.Stat(folder); err != nil || !st.IsDir() {
		t.Errorf("folder replaced: %v %v", st, err)
	}
	if names := onlyFiles(t, folder); len(names) != 0 {
		t.Errorf("left %v in the folder", names)
	}
}

// TestExportWritesThroughDevices: /dev/null and a FIFO are written
// through, with or without --force, and stay what they were.
func TestExportWritesThroughDevices(t *testing.T) {
	// Only without --force: a regression must not be able to replace the
	// machine's /dev/null. The FIFO below takes --force.
	if err := ToFile("/dev/null", false, writeString("secret\n")); err != nil {
		t.Fatalf("ToFile(/dev/null): %v", err)
	}
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v %v", st, err)
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	got := make(chan string)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- string(b)
	}()
	if err := ToFile(fifo, true, writeString("through the pipe\n")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the pipe\n" {
		t.Fatalf("read %q from the FIFO", s)
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("FIFO replaced: %v %v", st, err)
	}
	if names := onlyFiles(t, dir); len(names) != 1 {
		t.Fatalf("left %v", names)
	}
}

// TestShowPathQuotesNewlines: a newline in a file name is shown as \n in
// the message, not as a space that names another file.
func TestShowPathQuotesNewlines(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a\nb.md")
	os.WriteFile(p, []byte("x"), 0o600)
	err := ToFile(p, false, writeString("y"))
	if err == nil || !strings.Contains(err.Error(), `a\nb.md`) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("error = %q", err)
	}
}

// TestFailureNamesThePathFaithfully: a failed export names the folder or
// file the person gave, quoted when it holds a newline, never a temporary
// name, on one line.
func TestFailureNamesThePathFaithfully(t *testing.T) {
	dir := t.TempDir()
	for _, noTmp := range []bool{false, true} {
		noTmpfile = noTmp
		err := ToFile(filepath.Join(dir, "no\nsuch", "x.md"), true, writeString("y"))
		noTmpfile = false
		if err == nil || !strings.Contains(err.Error(), `no\nsuch`) || strings.Contains(err.Error(), "\n") ||
			strings.Contains(err.Error(), ".tmp-") || !strings.Contains(err.Error(), "-o") {
			t.Fatalf("noTmpfile=%v: error = %q", noTmp, err)
		}
	}
}

// TestSymlinkTargetNotReplaced: --force onto a symlink to a file refuses
// rather than replacing the link with a regular file.
func TestSymlinkTargetNotReplaced(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.md")
	os.WriteFile(real, []byte("old export"), 0o600)
	link := filepath.Join(dir, "link.md")
	os.Symlink(real, link)
	err := ToFile(link, true, writeString("new"))
	if err == nil || !strings.Contains(err.Error(), "symbolic link") || !strings.Contains(err.Error(), real) {
		t.Fatalf("ToFile(link, force) = %v", err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", st, err)
	}
	if b, _ := os.ReadFile(real); string(b) != "old export" {
		t.Fatalf("real file = %q", b)
	}
}

// TestExportThroughFailingDevice: a device that refuses the bytes
// (/dev/full) is named with the reason, not reported as a failure to read
// the journal, in one line.
func TestExportThroughFailingDevice(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here")
	}
	write := func(w io.Writer) error {
		if _, err := io.WriteString(w, "words\n"); err != nil {
			return fmt.Errorf("read entries: %w", err) // as Markdown wraps it
		}
		return nil
	}
	err := ToFile("/dev/full", false, write)
	if err == nil || err.Error() != "export: cannot write to /dev/full (no space left on device); choose another file with -o" {
		t.Fatalf("ToFile(/dev/full) = %v", err)
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("the error does not unwrap to ENOSPC: %v", err)
	}
}

// TestExportFIFOWithoutReader: a FIFO nobody reads is not waited on for
// ever: after fifoWait export gives up with one line saying to start the
// reader first, and the FIFO stays a FIFO.
func TestExportFIFOWithoutReader(t *testing.T) {
	defer func(d time.Duration) { fifoWait = d }(fifoWait)
	fifoWait = 300 * time.Millisecond
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error, 1)
	go func() { done <- ToFile(fifo, true, writeString("secret\n")) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "nothing is reading from "+fifo) || strings.Contains(err.Error(), "\n") {
			t.Fatalf("ToFile(FIFO with no reader) = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("export waited for a reader that never came")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("FIFO replaced: %v %v", st, err)
	}
}

// TestDanglingSymlinkNotReplaced: --force onto a symlink whose file does
// not exist yet refuses too; the link was once replaced by a regular file
// because following it found nothing.
func TestDanglingSymlinkNotReplaced(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "later", "real.md")
	link := filepath.Join(dir, "link.md")
	os.Symlink(real, link)
	err := ToFile(link, true, writeString("new"))
	if err == nil || !strings.Contains(err.Error(), "symbolic link") || !strings.Contains(err.Error(), real) {
		t.Fatalf("ToFile(dangling link, force) = %v", err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", st, err)
	}
}
