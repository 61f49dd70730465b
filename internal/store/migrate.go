package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/trustwork/trustwork/internal/private"
)

// migration is one embedded NNNN_*.sql file.
type migration struct {
	version int
	name    string
	sql     string
}

var migrationName = regexp.MustCompile(`^(\d{4})_[A-Za-z0-9_.-]+\.sql$`)

// loadMigrations reads the migration files in version order and insists the
// versions run 1, 2, 3... with no gap, since user_version counts files.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading migrations: %w", err)
	}
	var ms []migration
	for _, e := range ents {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil || e.IsDir() {
			continue
		}
		v, _ := strconv.Atoi(m[1])
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("reading migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %04d; migrations must be numbered 0001, 0002, ... without gaps", m.name, i+1)
		}
	}
	return ms, nil
}

// migrate brings db up to the last migration, one BEGIN IMMEDIATE
// transaction per file. The version is re-read inside each transaction so
// that two processes racing to migrate never run a file twice. beforeUpgrade
// runs once, before the first file, when an existing schema is upgraded.
func migrate(ctx context.Context, db *sql.DB, path string, ms []migration, beforeUpgrade func(old int) error) error {
	var uv int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&uv); err != nil {
		return fmt.Errorf("%s: reading schema version: %w", showPath(path), err)
	}
	if uv > len(ms) {
		return tooNew(path, uv, len(ms))
	}
	if uv == len(ms) {
		return nil
	}
	if uv > 0 && beforeUpgrade != nil {
		if err := beforeUpgrade(uv); err != nil {
			return err
		}
	}
	for _, m := range ms {
		if m.version <= uv {
			continue
		}
		if err := applyMigration(ctx, db, path, m); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, path string, m migration) error {
	tx, err := db.BeginTx(ctx, nil) // BEGIN IMMEDIATE through _txlock
	if err != nil {
		return fmt.Errorf("%s: starting migration %s: %w", showPath(path), m.name, err)
	}
	defer tx.Rollback()
	var uv int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&uv); err != nil {
		return fmt.Errorf("%s: reading schema version: %w", showPath(path), err)
	}
	if uv >= m.version {
		return nil // another process got here first
	}
	if uv != m.version-1 {
		return fmt.Errorf("%s: schema version %d cannot take migration %s", showPath(path), uv, m.name)
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("%s: migration %s failed: %w", showPath(path), m.name, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return fmt.Errorf("%s: recording schema version %d: %w", showPath(path), m.version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: committing migration %s: %w", showPath(path), m.name, err)
	}
	return nil
}

// keepUpgradeBackups is how many pre-upgrade backups Open keeps per
// database; older ones are deleted so upgrades cannot fill the disk.
const keepUpgradeBackups = 5

const backupStamp = "20060102T150405Z"

func backupStem(dbPath string) string {
	base := filepath.Base(dbPath)
	if ext := filepath.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// DefaultBackupName returns where a backup of dbPath taken at now goes by
// default: "backups/<name>-<UTC timestamp>.db" beside the database.
func DefaultBackupName(dbPath string, now time.Time) string {
	return filepath.Join(filepath.Dir(dbPath), "backups",
		backupStem(dbPath)+"-"+now.UTC().Format(backupStamp)+".db")
}

// upgradeBackup copies the database, before it is migrated from schema
// old, into dir as "<name>-<UTC timestamp>-v<old>.db", then prunes all
// but the newest keepUpgradeBackups such files.
func upgradeBackup(ctx context.Context, src *sql.DB, dbPath, dir string, now time.Time, old int) (string, error) {
	if err := private.MkdirAll(dir); err != nil {
		return "", fmt.Errorf("%s needs a backup before its schema is upgraded, but the backup folder %s cannot be made (%s); free the path or set another backup folder: %w",
			showPath(dbPath), showPath(dir), errnoText(err), err)
	}
	stem := backupStem(dbPath)
	stamp := now.UTC().Format(backupStamp)
	var dest string
	for i := 1; ; i++ {
		name := fmt.Sprintf("%s-%s-v%d.db", stem, stamp, old)
		if i > 1 {
			name = fmt.Sprintf("%s-%s-v%d-%d.db", stem, stamp, old, i)
		}
		dest = filepath.Join(dir, name)
		err := backupTo(ctx, src, dest)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i >= 100 {
			return "", fmt.Errorf("%s: backup before the schema upgrade failed, so nothing was changed (%w); free some disk space and try again", showPath(dbPath), err)
		}
	}
	pruneBackups(dir, stem)
	return dest, nil
}

// pruneBackups deletes all but the newest upgrade backups of stem. Only
// names this package writes are considered, so a person's own files in the
// folder are never touched.
func pruneBackups(dir, stem string) {
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(stem) + `-(\d{8}T\d{6}Z)-v\d+(?:-(\d+))?\.db$`)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type bk struct {
		name, stamp string
		seq         int
	}
	var bs []bk
	for _, e := range ents {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		seq := 1
		if m[2] != "" {
			seq, _ = strconv.Atoi(m[2])
		}
		bs = append(bs, bk{e.Name(), m[1], seq})
	}
	sort.Slice(bs, func(i, j int) bool {
		if bs[i].stamp != bs[j].stamp {
			return bs[i].stamp > bs[j].stamp
		}
		return bs[i].seq > bs[j].seq
	})
	for i := keepUpgradeBackups; i < len(bs); i++ {
		os.Remove(filepath.Join(dir, bs[i].name))
	}
}

// backupTo writes a consistent copy of src into dest, a new 0600 file,
// through SQLite's online backup API: a file copy of a live WAL database
// can miss committed pages or catch a half-written one. On failure dest is
// removed. An existing dest gives an error wrapping fs.ErrExist.
func backupTo(ctx context.Context, src *sql.DB, dest string) (err error) {
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	defer func() {
		if err != nil {
			for _, s := range append([]string{""}, sidecars...) {
				os.Remove(dest + s)
			}
		}
	}()
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if err := backupInto(ctx, src, abs); err != nil {
		return err
	}
	return syncFile(dest)
}

// backupInto runs the online backup into the empty file at abs and closes
// every handle before returning, so the copy is complete on disk.
func backupInto(ctx context.Context, src *sql.DB, abs string) (err error) {
	ddb, err := sql.Open("sqlite3", "file:"+escapePath(abs)+"?_synchronous=FULL&_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer func() {
		if cerr := ddb.Close(); err == nil {
			err = cerr
		}
	}()
	dconn, err := ddb.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := dconn.Close(); err == nil {
			err = cerr
		}
	}()
	sconn, err := src.Conn(ctx)
	if err != nil {
		return err
	}
	defer sconn.Close()
	return dconn.Raw(func(d any) error {
		return sconn.Raw(func(s any) error {
			dc, ok1 := d.(*sqlite3.SQLiteConn)
			sc, ok2 := s.(*sqlite3.SQLiteConn)
			if !ok1 || !ok2 {
				return errors.New("backup needs go-sqlite3 connections")
			}
			b, err := dc.Backup("main", sc, "main")
			if err != nil {
				return err
			}
			for {
				if err := ctx.Err(); err != nil {
					b.Close()
					return err
				}
				// -1 copies every page in one step, inside one read
				// transaction on the source: a consistent snapshot.
				done, err := b.Step(-1)
				if err != nil {
					b.Close()
					return err
				}
				if done {
					return b.Finish()
				}
				time.Sleep(10 * time.Millisecond) // source busy or locked
			}
		})
	})
}

// syncFile flushes a finished file to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir makes a new directory entry (a rename or link) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
