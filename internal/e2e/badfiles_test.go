package e2e

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/bench"
	"github.com/trustwork/trustwork/internal/store"
)

// makeTrustworkDB creates a real trustwork database with one workbook, the
// way the app does, and closes it.
func makeTrustworkDB(t *testing.T, path string) {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateWorkbook(context.Background(), store.Workbook{PartnerName: "Sam", Relationship: "partner", Role: store.RoleRepairing}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

func execSQL(t *testing.T, path, query string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query); err != nil {
		t.Fatal(err)
	}
}

func listDir(t *testing.T, dir string) []string {
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

// TestBadFilesAreRefusedUntouched starts the real binary in a terminal on
// each kind of broken or foreign data file. Each must end with a one-line
// error that names the path, exit non-zero, leave the file byte-for-byte as
// it was, and leave no new file beside it.
func TestBadFilesAreRefusedUntouched(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, path string) (target string) // returns the path whose bytes must not change
		want string                                          // a word the error must contain
	}{
		{"not a database", func(t *testing.T, p string) string {
			os.WriteFile(p, []byte("Dear diary,\nthis is not SQLite.\n"), 0o600)
			return p
		}, "not a trustwork database"},
		{"zero bytes", func(t *testing.T, p string) string {
			os.WriteFile(p, nil, 0o600)
			return p
		}, "not a trustwork database"},
		{"truncated", func(t *testing.T, p string) string {
			makeTrustworkDB(t, p)
			execSQL(t, p, "PRAGMA journal_mode=DELETE; CREATE TABLE pad(x); INSERT INTO pad SELECT randomblob(4000) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<50) SELECT i FROM c);")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o600)
			return p
		}, "is damaged"},
		{"damaged inside", func(t *testing.T, p string) string {
			makeTrustworkDB(t, p)
			// Junk over page 2, the first table's root: the header still
			// describes a whole, cleanly closed file.
			f, _ := os.OpenFile(p, os.O_RDWR, 0)
			f.WriteAt([]byte(strings.Repeat("\xff\x13", 2048)), 4096)
			f.Close()
			return p
		}, "damaged"},
		{"damaged deep inside", func(t *testing.T, p string) string {
			// A journal of 300 entries damaged far from anything read at
			// start-up: only the background integrity check can notice,
			// after the first frame, and the app must stop unwritten.
			makeTrustworkDB(t, p)
			execSQL(t, p, "INSERT INTO entries (workbook_id, step_id, prompt_id, prompt_text, body, created_at, updated_at) "+
				"SELECT 1, 'reflect', 'why', 'Why?', hex(randomblob(1000)), '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z' "+
				"FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<300) SELECT i FROM c)")
			execSQL(t, p, "PRAGMA wal_checkpoint(TRUNCATE)")
			fi, _ := os.Stat(p)
			f, _ := os.OpenFile(p, os.O_RDWR, 0)
			f.WriteAt([]byte(strings.Repeat("\xff\x13", 2048)), (fi.Size()/4096-3)*4096)
			f.Close()
			return p
		}, "damaged"},
		{"stranger's sqlite", func(t *testing.T, p string) string {
			execSQL(t, p, "PRAGMA journal_mode=DELETE; CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES ('soup');")
			return p
		}, "not a trustwork database"},
		{"newer version", func(t *testing.T, p string) string {
			makeTrustworkDB(t, p)
			execSQL(t, p, "PRAGMA journal_mode=DELETE; PRAGMA user_version=999;")
			return p
		}, "newer"},
		{"foreign trigger", func(t *testing.T, p string) string {
			// A trigger someone else added would run on our first save.
			makeTrustworkDB(t, p)
			execSQL(t, p, "PRAGMA journal_mode=DELETE; CREATE TRIGGER wipe AFTER INSERT ON drafts BEGIN DELETE FROM entries; END;")
			return p
		}, "changed by another program"},
		{"hot journal beside it", func(t *testing.T, p string) string {
			makeTrustworkDB(t, p)
			os.WriteFile(p+"-journal", []byte("\xd9\xd5\x05\xf9\x20\xa1\x63\xd7 an unfinished change"), 0o600)
			return p
		}, "unfinished change"},
		{"foreign -wal beside it", func(t *testing.T, p string) string {
			// Another database's -wal, captured while its writer was open.
			makeTrustworkDB(t, p)
			other := filepath.Join(t.TempDir(), "other.db")
			db, err := sql.Open("sqlite3", "file:"+other)
			if err != nil {
				t.Fatal(err)
			}
			db.SetMaxOpenConns(1)
			for _, q := range []string{"PRAGMA journal_mode=WAL", "PRAGMA wal_autocheckpoint=0", "CREATE TABLE recipes(name TEXT)", "INSERT INTO recipes VALUES ('soup')"} {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(other + "-wal")
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			os.WriteFile(p+"-wal", b, 0o600)
			return p
		}, "belongs to another database"},
		{"directory", func(t *testing.T, p string) string {
			os.Mkdir(p, 0o700)
			return ""
		}, "directory"},
		{"symlink", func(t *testing.T, p string) string {
			real := p + ".real"
			makeTrustworkDB(t, real)
			os.Symlink(real, p)
			return real
		}, "link"},
		{"read-only file", func(t *testing.T, p string) string {
			makeTrustworkDB(t, p)
			execSQL(t, p, "PRAGMA journal_mode=DELETE;")
			os.Chmod(p, 0o400)
			return p
		}, "read-only"},
		{"read-only directory", func(t *testing.T, p string) string {
			makeTrustworkDB(t, p)
			execSQL(t, p, "PRAGMA journal_mode=DELETE;")
			os.Chmod(filepath.Dir(p), 0o500)
			t.Cleanup(func() { os.Chmod(filepath.Dir(p), 0o700) })
			return p
		}, "cannot be written"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			dir := filepath.Join(home, "files")
			os.Mkdir(dir, 0o700)
			path := filepath.Join(dir, "journal.db")
			target := tc.make(t, path)
			var before [32]byte
			if target != "" {
				before = fileHash(t, target)
			}
			files := listDir(t, dir)

			tm := startTerm(t, 400, 10, baseEnv(home), binary, "--db", path)
			code := tm.waitExit(10 * time.Second)
			screen := tm.transcript()
			if code == 0 {
				t.Fatalf("exit status 0 for %s; screen:\n%s", tc.name, screen)
			}
			var lines []string
			for _, l := range strings.Split(screen, "\n") {
				if strings.TrimSpace(l) != "" && !strings.HasPrefix(strings.TrimSpace(l), "Pane is dead") {
					lines = append(lines, l)
				}
			}
			if len(lines) != 1 {
				t.Fatalf("want a one-line error, got %d lines:\n%s", len(lines), screen)
			}
			if !strings.Contains(lines[0], path) || !strings.Contains(lines[0], tc.want) {
				t.Fatalf("error %q should name %s and say %q", lines[0], path, tc.want)
			}
			if target != "" && fileHash(t, target) != before {
				t.Fatalf("%s was modified", target)
			}
			if after := listDir(t, dir); strings.Join(after, ",") != strings.Join(files, ",") {
				t.Fatalf("files beside the database changed: before %v, after %v", files, after)
			}
		})
	}
}

// TestRefusalLeavesTheTerminalAlone: the data file is opened while Bubble
// Tea starts (for the first frame's sake), but a refusal must still leave
// the terminal as it was: the error line and nothing else, byte for byte.
// A mode set and reset is invisible on a screen capture, and a query sent
// on the way out (Bubble Tea asks about synchronised output) is answered
// by a real terminal into the person's shell after trustwork has gone.
func TestRefusalLeavesTheTerminalAlone(t *testing.T) {
	home := t.TempDir()
	env := baseEnv(home)
	foreign := filepath.Join(home, "recipes.db")
	os.WriteFile(foreign, []byte("Dear diary,\nthis is not SQLite.\n"), 0o600)
	newer := filepath.Join(home, "newer.db")
	makeTrustworkDB(t, newer)
	execSQL(t, newer, "PRAGMA journal_mode=DELETE; PRAGMA user_version=999;")
	// The commonest refusal: the journal is already open in another
	// window.
	first := startTerm(t, 100, 30, env, binary)
	first.waitFor("Press Enter to continue", waitLong)

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"foreign file", []string{"--db", foreign}, "not a trustwork database"},
		{"newer file", []string{"--db", newer}, "newer"},
		{"open in another window", nil, "another trustwork"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, code, err := bench.RunToExit(binary, tc.args, env, waitLong)
			if err != nil {
				t.Fatal(err)
			}
			if code == 0 {
				t.Fatalf("exit status 0; output %q", out)
			}
			if i := strings.IndexByte(string(out), '\x1b'); i >= 0 {
				t.Fatalf("a refusal wrote escape sequences to the terminal (first at byte %d): %q", i, out)
			}
			lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(string(out), "\r\n", "\n")), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], tc.want) {
				t.Fatalf("want one line saying %q, got %q", tc.want, out)
			}
		})
	}
}
