package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trustwork/trustwork/migrations"
)

func TestOpenCreatesPrivateFiles(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)

	root := t.TempDir()
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "a", "b", "trustwork.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// A write makes sure -wal and -shm exist.
	if _, err := s.CreateWorkbook(context.Background(), Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", path + ".lock"} {
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), m)
		}
	}
	for _, d := range []string{filepath.Join(root, "a"), filepath.Join(root, "a", "b")} {
		if m := mode(t, d); m != 0o700 {
			t.Errorf("%s: mode %v, want 0700", d, m)
		}
	}
	if m := mode(t, root); m != 0o755 {
		t.Errorf("pre-existing parent was changed to %v", m)
	}
	ents, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range ents {
		if strings.Contains(e.Name(), ".new-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
}

func TestPragmasReadBack(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	var journal string
	var sync, fk, busy int
	var appID, uv int64
	w := s.w
	if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal); err != nil {
		t.Fatal(err)
	}
	w.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync)
	w.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
	w.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
	w.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID)
	w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&uv)
	if journal != "wal" || sync != 1 || fk != 1 || busy != 5000 {
		t.Errorf("writer pragmas: journal_mode=%s synchronous=%d foreign_keys=%d busy_timeout=%d", journal, sync, fk, busy)
	}
	if appID != ApplicationID {
		t.Errorf("application_id = %#x, want %#x", appID, ApplicationID)
	}
	ms, _ := loadMigrations(migrations.FS)
	if int(uv) != len(ms) {
		t.Errorf("user_version = %d, want %d", uv, len(ms))
	}
	// The read pool gets the same settings.
	s.r.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
	s.r.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
	s.r.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal)
	if fk != 1 || busy != 5000 || journal != "wal" {
		t.Errorf("reader pragmas: foreign_keys=%d busy_timeout=%d journal_mode=%s", fk, busy, journal)
	}
	// Foreign keys really are enforced.
	_, err := s.AddEntry(ctx, Entry{WorkbookID: 999, StepID: "s", PromptID: "p", PromptText: "q", Body: "b"})
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("entry for a missing workbook: err = %v, want a foreign key failure", err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	ctx := context.Background()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Ana", Relationship: "friend", Role: RoleHurt})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "p1", PromptText: "Q?", Body: "text"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Errorf("%s left after Close", side)
		}
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.CountEntries(ctx, wb.ID, "")
	if err != nil || n != 1 {
		t.Fatalf("after reopen: %d entries, %v", n, err)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// makeTrustworkDB writes a real trustwork database with some entries and
// closes it, for tests that damage or reuse it.
func makeTrustworkDB(t *testing.T, path string, entries int) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Ana", Relationship: "friend", Role: RoleHurt})
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("a long reflection. ", 300)
	for i := 0; i < entries; i++ {
		if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: fmt.Sprint("p", i%4), PromptText: "Q?", Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefuses(t *testing.T) {
	type setup func(t *testing.T, dir string) string // returns the path to open
	file := func(content []byte) setup {
		return func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "x.db")
			if err := os.WriteFile(p, content, 0o600); err != nil {
				t.Fatal(err)
			}
			return p
		}
	}
	header := []byte("SQLite format 3\x00")
	cases := []struct {
		name  string
		setup setup
		opts  Options
		kind  error
		words string
	}{
		{name: "directory", kind: ErrUnusable, words: "is a directory",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "x.db")
				os.Mkdir(p, 0o700)
				return p
			}},
		{name: "symlink", kind: ErrUnusable, words: "is a symbolic link; pass the real file with --db",
			setup: func(t *testing.T, dir string) string {
				real := filepath.Join(dir, "real.db")
				makeTrustworkDB(t, real, 1)
				p := filepath.Join(dir, "x.db")
				if err := os.Symlink(real, p); err != nil {
					t.Fatal(err)
				}
				return p
			}},
		{name: "empty", setup: file(nil), kind: ErrNotTrustwork, words: "empty"},
		{name: "text file", setup: file([]byte("dear diary\n")), kind: ErrNotTrustwork, words: "not a SQLite file"},
		{name: "short header", setup: file(append(append([]byte{}, header...), make([]byte, 40)...)), kind: ErrNotTrustwork, words: "truncated"},
		{name: "stranger", kind: ErrNotTrustwork, words: "another program's SQLite file",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "x.db")
				db := rawDB(t, p)
				mustExec(t, db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
				mustExec(t, db, "INSERT INTO notes (body) VALUES ('hello')")
				db.Close()
				return p
			}},
		{name: "stranger with user_version", kind: ErrNotTrustwork, words: "another program's SQLite file",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "x.db")
				db := rawDB(t, p)
				mustExec(t, db, "PRAGMA journal_mode=WAL")
				mustExec(t, db, "CREATE TABLE t (x)")
				mustExec(t, db, "PRAGMA user_version = 1")
				db.Close()
				return p
			}},
		{name: "too new", kind: ErrTooNew, words: "was written by a newer trustwork (schema 99, this build knows",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "x.db")
				db := rawDB(t, p)
				mustExec(t, db, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID))
				mustExec(t, db, "CREATE TABLE future (x)")
				mustExec(t, db, "PRAGMA user_version = 99")
				db.Close()
				return p
			}},
		{name: "stranger, read-only if locked", opts: Options{ReadOnlyIfLocked: true}, kind: ErrNotTrustwork, words: "another program's SQLite file",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "x.db")
				db := rawDB(t, p)
				mustExec(t, db, "PRAGMA journal_mode=WAL")
				mustExec(t, db, "CREATE TABLE lock (id INTEGER PRIMARY KEY)")
				mustExec(t, db, "INSERT INTO lock (id) VALUES (1)")
				db.Close()
				return p
			}},
		{name: "too new, read-only if locked", opts: Options{ReadOnlyIfLocked: true}, kind: ErrTooNew, words: "was written by a newer trustwork (schema 99, this build knows",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "x.db")
				db := rawDB(t, p)
				mustExec(t, db, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID))
				mustExec(t, db, "CREATE TABLE lock (id INTEGER PRIMARY KEY)")
				mustExec(t, db, "PRAGMA user_version = 99")
				db.Close()
				return p
			}},
		{name: "too new read-only", opts: Options{ReadOnly: true}, kind: ErrTooNew, words: "update trustwork, or use another --db",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "x.db")
				db := rawDB(t, p)
				mustExec(t, db, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID))
				mustExec(t, db, "PRAGMA user_version = 99")
				db.Close()
				return p
			}},
		{name: "truncated", kind: ErrNotTrustwork, words: "truncated",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "x.db")
				makeTrustworkDB(t, p, 40)
				st, _ := os.Stat(p)
				if err := os.Truncate(p, st.Size()/2); err != nil {
					t.Fatal(err)
				}
				return p
			}},
		{name: "read-only file", kind: ErrUnusable, words: "is read-only",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "x.db")
				makeTrustworkDB(t, p, 1)
				os.Chmod(p, 0o400)
				return p
			}},
		// The workbook opens with ReadOnlyIfLocked: SQLite's look at a
		// read-only file must not leave its -wal and -shm beside it.
		{name: "read-only file, read-only if locked", opts: Options{ReadOnlyIfLocked: true}, kind: ErrUnusable, words: "is read-only",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "x.db")
				makeTrustworkDB(t, p, 1)
				os.Chmod(p, 0o400)
				return p
			}},
		{name: "read-only directory", kind: ErrUnusable, words: "directory that cannot be written",
			setup: func(t *testing.T, dir string) string {
				sub := filepath.Join(dir, "ro")
				os.Mkdir(sub, 0o700)
				p := filepath.Join(sub, "x.db")
				makeTrustworkDB(t, p, 1)
				os.Chmod(sub, 0o500)
				t.Cleanup(func() { os.Chmod(sub, 0o700) })
				return p
			}},
		{name: "read-only option on missing file", opts: Options{ReadOnly: true}, kind: ErrUnusable, words: "does not exist",
			setup: func(t *testing.T, dir string) string { return filepath.Join(dir, "x.db") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			p := c.setup(t, dir)
			// Nothing may be left behind, not even the lock file of a
			// file refused after locking.
			before := snapshot(t, dir, false)
			s, err := Open(p, c.opts)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded, want a refusal")
			}
			if !errors.Is(err, c.kind) {
				t.Errorf("error %q is not %v", err, c.kind)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\n\r") {
				t.Errorf("error is not one line: %q", msg)
			}
			if !strings.Contains(msg, p) {
				t.Errorf("error %q does not name the path", msg)
			}
			if !strings.Contains(msg, c.words) {
				t.Errorf("error %q does not say %q", msg, c.words)
			}
			after := snapshot(t, dir, false)
			if d := diffSnap(before, after); d != "" {
				t.Errorf("refused Open changed files:\n%s", d)
			}
		})
	}
}

func TestErrorMessageExact(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.db")
	db := rawDB(t, p)
	mustExec(t, db, "CREATE TABLE t (x)")
	db.Close()
	_, err := Open(p, Options{})
	want := p + " is not a trustwork database (another program's SQLite file); choose another file with --db or TRUSTWORK_DB"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestLockInProcess(t *testing.T) {
	s, path := openTest(t)
	_, err := Open(path, Options{})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	want := fmt.Sprintf("%s is open in another trustwork (pid %d); close that one first", path, os.Getpid())
	if err.Error() != want {
		t.Errorf("got %q\nwant %q", err, want)
	}
	// A read-only view needs no lock and sees the writer's data.
	ctx := context.Background()
	wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Kim", Relationship: "family", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only Open beside a writer: %v", err)
	}
	wbs, err := ro.Workbooks(ctx)
	if err != nil || len(wbs) != 1 || wbs[0].ID != wb.ID {
		t.Errorf("read-only Workbooks = %v, %v", wbs, err)
	}
	if err := ro.SaveDraft(ctx, Draft{WorkbookID: wb.ID, StepID: "s", PromptID: "p"}); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("SaveDraft on a read-only store: %v", err)
	}
	ro.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	s2.Close()
}

func TestLockOfKilledProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "held.db")
	makeTrustworkDB(t, path, 2)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("child said %q, %v", line, err)
	}
	_, err = Open(path, Options{})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("Open while the child holds the lock: %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("(pid %d)", cmd.Process.Pid)) {
		t.Errorf("error %q does not name the child's pid %d", err, cmd.Process.Pid)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	killed = true
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open after the holder was killed: %v", err)
	}
	defer s.Close()
	wbs, err := s.Workbooks(context.Background())
	if err != nil || len(wbs) != 1 {
		t.Fatalf("workbooks after kill: %v, %v", wbs, err)
	}
	if n, _ := s.CountEntries(context.Background(), wbs[0].ID, ""); n != 2 {
		t.Errorf("entries after kill: %d, want 2", n)
	}
}

func TestMigrationBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "trustwork.db")
	ctx := context.Background()
	v1 := Options{migrations: migrationsWith(t, 1, nil)}
	s, err := Open(path, v1)
	if err != nil {
		t.Fatal(err)
	}
	wb, _ := s.CreateWorkbook(ctx, Workbook{PartnerName: "Lee", Relationship: "partner", Role: RoleRepairing})
	if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "p", PromptText: "Q?", Body: "before the upgrade"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, "backups")); err == nil {
		t.Fatal("a backup folder was made for a new database")
	}

	// A pre-existing set of old backups, and a stranger's file that must
	// survive pruning.
	bdir := filepath.Join(dir, "backups")
	os.Mkdir(bdir, 0o700)
	for i := 0; i < 6; i++ {
		name := fmt.Sprintf("trustwork-2020010%dT000000Z-v1.db", i+1)
		os.WriteFile(filepath.Join(bdir, name), []byte("old"), 0o600)
	}
	os.WriteFile(filepath.Join(bdir, "my-notes.db"), []byte("mine"), 0o600)

	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	v2 := Options{
		Now:        func() time.Time { return now },
		migrations: migrationsWith(t, 1, map[string]string{"0002_mood.sql": "ALTER TABLE entries ADD COLUMN mood TEXT NOT NULL DEFAULT '';"}),
	}
	s, err = Open(path, v2)
	if err != nil {
		t.Fatal(err)
	}
	var uv int
	s.w.QueryRow("PRAGMA user_version").Scan(&uv)
	if uv != 2 {
		t.Errorf("user_version after upgrade = %d, want 2", uv)
	}
	if _, err := s.w.Exec("UPDATE entries SET mood = 'calm'"); err != nil {
		t.Errorf("migration 0002 did not run: %v", err)
	}
	s.Close()

	bk := filepath.Join(bdir, "trustwork-20260102T030405Z-v1.db")
	if m := mode(t, bk); m != 0o600 {
		t.Errorf("backup mode %v, want 0600", m)
	}
	db := rawDB(t, bk)
	var body string
	var buv int
	if err := db.QueryRow("SELECT body FROM entries").Scan(&body); err != nil || body != "before the upgrade" {
		t.Errorf("backup holds %q, %v", body, err)
	}
	db.QueryRow("PRAGMA user_version").Scan(&buv)
	if buv != 1 {
		t.Errorf("backup user_version = %d, want 1", buv)
	}
	if _, err := db.Exec("SELECT mood FROM entries"); err == nil {
		t.Error("backup has the new column: it was taken after the migration")
	}
	db.Close()
	ents, _ := os.ReadDir(bdir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	want := []string{
		"my-notes.db",
		"trustwork-20200103T000000Z-v1.db",
		"trustwork-20200104T000000Z-v1.db",
		"trustwork-20200105T000000Z-v1.db",
		"trustwork-20200106T000000Z-v1.db",
		"trustwork-20260102T030405Z-v1.db",
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("backups after pruning:\n%v\nwant\n%v", names, want)
	}

	// The same file, opened by the older build, is now too new and is
	// left untouched.
	before := snapshot(t, dir, true)
	_, err = Open(path, v1)
	if !errors.Is(err, ErrTooNew) || !strings.Contains(err.Error(), "schema 2, this build knows 1") {
		t.Errorf("older build: %v", err)
	}
	if d := diffSnap(before, snapshot(t, dir, true)); d != "" {
		t.Errorf("too-new refusal changed files:\n%s", d)
	}
}

func TestReadOnlyDoesNotMigrate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trustwork.db")
	s, err := Open(path, Options{migrations: migrationsWith(t, 1, nil)})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true, migrations: migrationsWith(t, 1, map[string]string{"0002_x.sql": "CREATE TABLE x (y);"})})
	if err != nil {
		t.Fatal(err)
	}
	var uv int
	ro.w.QueryRow("PRAGMA user_version").Scan(&uv)
	ro.Close()
	if uv != 1 {
		t.Errorf("read-only open migrated to %d", uv)
	}
	if _, err := os.Stat(path + ".lock"); err != nil {
		t.Errorf("lock file of the first writer expected: %v", err)
	}
}

func TestMigrationsMustBeContiguous(t *testing.T) {
	_, err := loadMigrations(migrationsWith(t, 1, map[string]string{"0003_gap.sql": "SELECT 1;"}))
	if err == nil {
		t.Fatal("a gap in migration numbers was accepted")
	}
}

// copyFile copies src to dst with mode 0600.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A process killed before a checkpoint leaves its newest page 1 (with the
// application id and schema version) only in the -wal file. Open must read
// through the WAL instead of trusting the stale raw header.
func TestOpenAfterCrashBeforeCheckpoint(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db := rawDB(t, live)
	mustExec(t, db, "PRAGMA journal_mode=WAL")
	mustExec(t, db, "PRAGMA wal_autocheckpoint=0")
	mustExec(t, db, "CREATE TABLE placeholder (x)") // page 1 reaches the main file now
	mustExec(t, db, "PRAGMA wal_checkpoint(TRUNCATE)")
	mustExec(t, db, "DROP TABLE placeholder") // only our schema, in the -wal
	ms, err := loadMigrations(migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		mustExec(t, db, m.sql)
		mustExec(t, db, fmt.Sprintf("PRAGMA user_version = %d", m.version))
	}
	mustExec(t, db, `INSERT INTO workbooks (partner_name, relationship, role, created_at, updated_at)
		VALUES ('Ana', 'friend', 'hurt', '2025-01-01T00:00:00.000000000Z', '2025-01-01T00:00:00.000000000Z')`)
	// Snapshot the files as a crash would leave them, while db is open.
	crashed := filepath.Join(dir, "crashed.db")
	copyFile(t, live, crashed)
	copyFile(t, live+"-wal", crashed+"-wal")
	db.Close()

	if h, err := readHeader(crashed); err != nil || h.appID == ApplicationID {
		t.Fatalf("fixture is wrong: the raw header already has our id (%+v, %v)", h, err)
	}
	s, err := Open(crashed, Options{})
	if err != nil {
		t.Fatalf("Open of a crashed database: %v", err)
	}
	defer s.Close()
	wbs, err := s.Workbooks(context.Background())
	if err != nil || len(wbs) != 1 || wbs[0].PartnerName != "Ana" {
		t.Errorf("workbooks after crash recovery: %v, %v", wbs, err)
	}
}

func TestOddPathCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my journal?x=1#frag")
	path := filepath.Join(dir, "50% trust&_txlock=deferred.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	wb := newWorkbook(t, s)
	if _, err := s.AddEntry(ctx, Entry{WorkbookID: wb.ID, StepID: "s", PromptID: "p", PromptText: "Q", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the database is not at the path given: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), "50% trust&_txlock=deferred.db") {
			t.Errorf("unexpected file %q beside the database", e.Name())
		}
	}
	s, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.CountEntries(ctx, wb.ID, ""); n != 1 {
		t.Errorf("%d entries after reopen", n)
	}
}

func TestUpgradeWithoutBackupChangesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "trustwork.db")
	makeTrustworkDB(t, path, 1)
	blocker := filepath.Join(dir, "not-a-dir")
	os.WriteFile(blocker, []byte("x"), 0o600)
	before := snapshot(t, dir, true)
	_, err := Open(path, Options{
		BackupDir:  filepath.Join(blocker, "backups"),
		migrations: migrationsWith(t, 99, map[string]string{nextMigration(t, "x"): "CREATE TABLE x (y);"}),
	})
	if err == nil {
		t.Fatal("upgrade went ahead without a backup")
	}
	if strings.ContainsAny(err.Error(), "\n") || !strings.Contains(err.Error(), "backup") {
		t.Errorf("error: %q", err)
	}
	if d := diffSnap(before, snapshot(t, dir, true)); d != "" {
		t.Errorf("failed upgrade changed files:\n%s", d)
	}
}

// damagePage overwrites page 2 (the first table's root) of a trustwork file
// with junk; the header still describes a whole, cleanly closed file.
func damagePage(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "x.db")
	makeTrustworkDB(t, p, 40)
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	junk := []byte(strings.Repeat("\xff\x13", 2048))
	if _, err := f.WriteAt(junk, 4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

// TestDamagedFileIsNeverWritten: damage inside a cleanly closed file is
// found by the integrity check, which a writer runs in the background so
// start-up does not grow with the journal. Until its verdict every write
// waits; after a bad verdict every write fails, and the file and its folder
// are left exactly as they were. A read-only open skips the check, and its
// reads fail instead.
func TestDamagedFileIsNeverWritten(t *testing.T) {
	dir := t.TempDir()
	p := damagePage(t, dir)
	before := snapshot(t, dir, false)
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatalf("a cleanly closed file is checked in the background, so Open succeeds: %v", err)
	}
	verr := s.Verify()
	if !errors.Is(verr, ErrNotTrustwork) || !strings.Contains(verr.Error(), "damaged") || !strings.Contains(verr.Error(), p) {
		t.Fatalf("Verify = %v, want a damaged-file error naming the path", verr)
	}
	ctx := context.Background()
	if _, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "x", Relationship: "partner", Role: RoleRepairing}); !errors.Is(err, ErrNotTrustwork) {
		t.Fatalf("write to a damaged file: %v, want ErrNotTrustwork", err)
	}
	if err := s.SaveDraft(ctx, Draft{WorkbookID: 1, StepID: "a", PromptID: "b", Body: "text"}); !errors.Is(err, ErrNotTrustwork) {
		t.Fatalf("SaveDraft on a damaged file: %v, want ErrNotTrustwork", err)
	}
	s.Close()
	if d := diffSnap(before, snapshot(t, dir, false)); d != "" {
		t.Fatalf("a damaged file or its folder changed:\n%s", d)
	}
}

// TestHardLinkRefused: a database with two names could have a writer on
// each (the lock and the -wal go by name); a writer open is refused with a
// clear message, a read-only one is fine.
func TestHardLinkRefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.db")
	makeTrustworkDB(t, p, 1)
	other := filepath.Join(dir, "other.db")
	if err := os.Link(p, other); err != nil {
		t.Fatalf("making a hard link: %v", err)
	}
	before := snapshot(t, dir, false)
	for _, path := range []string{p, other} {
		s, err := Open(path, Options{})
		if err == nil {
			s.Close()
			t.Fatalf("Open(%s) with two names succeeded", path)
		}
		if !errors.Is(err, ErrUnusable) || !strings.Contains(err.Error(), "hard links") || !strings.Contains(err.Error(), path) {
			t.Fatalf("Open(%s): %v", path, err)
		}
	}
	if d := diffSnap(before, snapshot(t, dir, false)); d != "" {
		t.Fatalf("refused open changed files:\n%s", d)
	}
	r, err := Open(other, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of a linked file: %v", err)
	}
	r.Close()
}

// TestVerifyStartsWhenAsked: the integrity check of a cleanly closed file
// does not run during start-up (reading the whole file slowed the first
// frame); the first Verify starts it, and it still finds the damage.
func TestVerifyStartsWhenAsked(t *testing.T) {
	p := damagePage(t, t.TempDir())
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.verified == nil {
		t.Fatal("a cleanly closed file should be checked after Open, not before")
	}
	time.Sleep(300 * time.Millisecond) // far longer than the check takes here
	select {
	case <-s.verified:
		t.Fatal("the integrity check ran before anyone asked for it")
	default:
	}
	if err := s.Verify(); !errors.Is(err, ErrNotTrustwork) {
		t.Fatalf("Verify = %v, want the damage found", err)
	}
}
