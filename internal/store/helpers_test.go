package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trustwork/trustwork/migrations"
)

// holdEnv makes the test binary, when re-executed, open the named database,
// report "ready" and wait to be killed: a real second process holding the
// writer lock.
const holdEnv = "TRUSTWORK_STORE_TEST_HOLD"

// backupEnv makes the re-executed test binary back up "src\ndest" with
// backupTo, printing each backup stage as it reaches it; at the stage named
// by a third line it stops and waits to be killed. It plays a `trustwork
// backup` killed part way.
const backupEnv = "TRUSTWORK_STORE_TEST_BACKUP"

func TestMain(m *testing.M) {
	if v := os.Getenv(backupEnv); v != "" {
		parts := strings.Split(v, "\n")
		src, dest, stop := parts[0], parts[1], parts[2]
		stage := "" // a fourth line: the private folder to stage the copy in
		if len(parts) > 3 {
			stage = parts[3]
		}
		backupHook = func(stage, _ string) {
			fmt.Println(stage)
			if stage == stop {
				select {} // until SIGKILL
			}
		}
		db, err := sql.Open("sqlite3", "file:"+escapePath(src)+"?mode=ro")
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(2)
		}
		if err := backupVia(context.Background(), db, stage, dest); err != nil {
			fmt.Println("error:", err)
			os.Exit(2)
		}
		fmt.Println("done")
		select {}
	}
	if p := os.Getenv(holdEnv); p != "" {
		s, err := Open(p, Options{})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(2)
		}
		_ = s
		fmt.Println("ready")
		select {} // until SIGKILL
	}
	if v := os.Getenv(convertEnv); v != "" {
		convertChild(v)
	}
	os.Exit(m.Run())
}

// fixedNow returns a clock that advances one second per call, so rows get
// distinct, predictable times. The Store calls it from many goroutines.
func fixedNow() func() time.Time {
	t := time.Date(2025, 3, 1, 9, 0, 0, 0, time.FixedZone("X", 3600))
	var mu sync.Mutex
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

func openTest(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trustwork.db")
	s, err := Open(path, Options{Now: fixedNow()})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// snapshot maps every file in dir (recursively) to a hash of its bytes,
// so a test can show that a refused Open changed nothing. Lock files are
// left out when skipLock is set: a lock is taken before SQLite reads a
// file, so refusals found by SQLite leave one.
func snapshot(t *testing.T, dir string, skipLock bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if skipLock && strings.HasSuffix(p, ".lock") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "link:" + target
		case d.IsDir():
			out[rel] = fmt.Sprintf("dir %v", info.Mode())
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			out[rel] = fmt.Sprintf("%v %s", info.Mode(), hex.EncodeToString(sum[:]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffSnap(a, b map[string]string) string {
	var d []string
	for k, v := range a {
		if b[k] != v {
			d = append(d, fmt.Sprintf("%s: %q -> %q", k, v, b[k]))
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok {
			d = append(d, fmt.Sprintf("%s: new %q", k, v))
		}
	}
	sort.Strings(d)
	return strings.Join(d, "\n")
}

func mode(t *testing.T, p string) fs.FileMode {
	t.Helper()
	st, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// migrationsWith returns the embedded migrations up to version n, plus any
// extra files, so tests can build an older or a newer schema.
func migrationsWith(t *testing.T, upTo int, extra map[string]string) fs.FS {
	t.Helper()
	ms, err := loadMigrations(migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for _, x := range ms {
		if x.version <= upTo {
			m[x.name] = &fstest.MapFile{Data: []byte(x.sql)}
		}
	}
	for k, v := range extra {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

// nextMigration names a migration file that would run after every real
// one, so tests of upgrades keep working as migrations are added.
func nextMigration(t *testing.T, what string) string {
	t.Helper()
	ms, err := loadMigrations(migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%04d_%s.sql", len(ms)+1, what)
}

// rawDB opens a file with plain database/sql, bypassing every check, to
// build fixtures and to read results.
func rawDB(t *testing.T, p string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+escapePath(p))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func syscallUmask(m int) int { return syscall.Umask(m) }

// withFileSizeLimit runs fn with RLIMIT_FSIZE set to n bytes, as a full
// disk would stop writes, and restores the limit before returning.
func withFileSizeLimit(t *testing.T, n uint64, fn func()) {
	t.Helper()
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	lim := old
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skip("cannot set a file size limit:", err)
	}
	defer func() {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
			t.Fatal(err)
		}
	}()
	fn()
}
