package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

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
	dest, err := backupToFolder(ctx, src, dir, backupStem(dbPath), now, old)
	if err != nil {
		return "", fmt.Errorf("%s: backup before the schema upgrade failed, so nothing was changed (%w); free some disk space and try again", showPath(dbPath), err)
	}
	return dest, nil
}

// backupToFolder writes one backup of src into dir, named
// "<stem>-<UTC timestamp>-v<version>[-<n>].db" with the first free n, and
// prunes the folder to the newest keepUpgradeBackups. The copy is made
// once, under a temporary name, and only a complete file gets a final name.
func backupToFolder(ctx context.Context, src *sql.DB, dir, stem string, now time.Time, version int) (string, error) {
	removeStalePartials(dir, folderPartial(stem))
	stamp := now.UTC().Format(backupStamp)
	first := fmt.Sprintf("%s-%s-v%d.db", stem, stamp, version)
	tmp, err := writePartial(ctx, src, dir, first)
	if err != nil {
		return "", err
	}
	defer removePartial(tmp)
	// Only a copy that passes its integrity check counts as a backup: a
	// damaged one would push good backups out of the folder below.
	if err := checkCopy(ctx, tmp); err != nil {
		return "", err
	}
	for i := 1; i <= 100; i++ {
		name := first
		if i > 1 {
			name = fmt.Sprintf("%s-%s-v%d-%d.db", stem, stamp, version, i)
		}
		dest := filepath.Join(dir, name)
		err := linkNoClobber(tmp, dest)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		syncDir(dir)
		pruneBackups(dir, stem, name)
		return dest, nil
	}
	return "", fmt.Errorf("backup folder %s has too many backups from this second; try again: %w", showPath(dir), fs.ErrExist)
}

// pruneBackups deletes all but the newest upgrade backups of stem. Only
// names this package writes are considered, so a person's own files in the
// folder are never touched; temporary ".<name>.partial-*" files cannot
// match. A final-named file that is empty or has a "-journal" beside it
// was left by an interrupted backup of an older trustwork (which wrote
// under the final name); it holds nothing usable (the journal rolls it
// back to empty), so it is deleted and never counted as one of the kept.
//
// keep, the backup just made and verified, is never removed, even when
// clock changes gave older files later names.
func pruneBackups(dir, stem, keep string) {
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
		if m == nil || !e.Type().IsRegular() || e.Name() == keep {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if brokenBackup(p) {
			os.Remove(p)
			os.Remove(p + "-journal")
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
	for i := keepUpgradeBackups - 1; i < len(bs); i++ { // keep is one of the kept
		p := filepath.Join(dir, bs[i].name)
		os.Remove(p)
		os.Remove(p + "-journal")
	}
}

// brokenBackup reports whether a final-named backup was interrupted: empty,
// or beside a rollback journal (trustwork never leaves one since backups
// are written with journal_mode=OFF under a temporary name).
func brokenBackup(p string) bool {
	st, err := os.Lstat(p)
	if err != nil || st.Size() == 0 {
		return true
	}
	_, err = os.Lstat(p + "-journal")
	return err == nil
}

// backupTo writes a consistent copy of src into dest, a new 0600 file,
// through SQLite's online backup API: a file copy of a live WAL database
// can miss committed pages or catch a half-written one. The copy is built
// under a temporary name in dest's folder and linked into place only when
// complete and flushed, so dest never exists half-written, even if the
// process is killed. An existing dest gives an error wrapping fs.ErrExist.
func backupTo(ctx context.Context, src *sql.DB, dest string) error {
	return backupVia(ctx, src, "", dest)
}

// backupVia is backupTo with the temporary copy made in stage, a private
// folder (the backups folder beside the journal), when stage is not "":
// a backup killed part way then leaves no hidden copy of the journal
// beside dest, wherever that is, and the next backup sweeps the one in
// stage. When stage is on another disk than dest (link fails with EXDEV)
// the copy is made again beside dest, as without stage.
func backupVia(ctx context.Context, src *sql.DB, stage, dest string) error {
	if _, err := os.Lstat(dest); err == nil {
		return &fs.PathError{Op: "backup", Path: dest, Err: fs.ErrExist}
	}
	dir, base := filepath.Split(dest)
	if dir == "" {
		dir = "."
	}
	if stage != "" {
		removeStalePartials(stage, anyPartial)
		err := backupFrom(ctx, src, stage, base, dest)
		if !errors.Is(err, syscall.EXDEV) {
			if err == nil {
				syncDir(dir)
			}
			return err
		}
	}
	removeStalePartials(dir, targetPartial(base))
	if err := backupFrom(ctx, src, dir, base, dest); err != nil {
		return err
	}
	// Best effort: the file is complete and in place; some systems cannot
	// fsync a directory, and an error now would misreport a good backup.
	syncDir(dir)
	return nil
}

// backupFrom writes a verified copy of src under a temporary name in dir
// and links it to dest, never replacing a file.
func backupFrom(ctx context.Context, src *sql.DB, dir, base, dest string) error {
	tmp, err := writePartial(ctx, src, dir, base)
	if err != nil {
		return err
	}
	defer removePartial(tmp)
	if err := checkCopy(ctx, tmp); err != nil {
		return err
	}
	return linkNoClobber(tmp, dest)
}

// anyPartial matches every backup temporary, whatever its final name: in
// the private staging folder they are all ours.
var anyPartial = regexp.MustCompile(`^\..+` + regexp.QuoteMeta(partialInfix) + `(\d+)-[0-9a-f]+(?:-journal|-wal|-shm)?$`)

// partialInfix marks the temporary name a backup is written under:
// ".<final name>.partial-<pid>-<random hex>". The leading dot and the
// suffix keep it out of pruning's pattern and out of a person's way.
const partialInfix = ".partial-"

// maxPartialStem is how much of the final name a temporary name keeps: a
// name component is at most 255 bytes, and the temporary adds a dot,
// ".partial-", a pid, a dash, 12 hex digits and SQLite's "-journal".
const maxPartialStem = 255 - len(".") - len(partialInfix) - len("4194304") - len("-") - 12 - len("-journal")

// partialStem is the part of final a temporary name starts with: all of
// it, or for a name near the limit its first bytes (whole characters), so a
// backup to any name the disk takes can be written.
func partialStem(final string) string {
	if len(final) <= maxPartialStem {
		return final
	}
	n := maxPartialStem
	for n > 0 && !utf8.RuneStart(final[n]) {
		n--
	}
	return final[:n]
}

// activePartials holds the temporaries this process is writing now, so a
// stale-file sweep (which cannot ask a live pid whether a name is still in
// use) never removes one of our own in-flight backups.
var activePartials sync.Map

// backupHook, when set by a test, is called at named points of a backup
// ("copying" once the temporary file is open, "copied" once it is complete
// but before it has its final name).
var backupHook func(stage, tmp string)

// writePartial creates a new 0600 temporary file in dir for a backup to be
// named final, and fills it through the online backup API with no rollback
// journal; the file is closed and fsynced on return. On error nothing is
// left behind.
func writePartial(ctx context.Context, src *sql.DB, dir, final string) (tmp string, err error) {
	var rnd [6]byte
	for i := 0; ; i++ {
		if _, err := rand.Read(rnd[:]); err != nil {
			return "", err
		}
		tmp = filepath.Join(dir, "."+partialStem(final)+partialInfix+strconv.Itoa(os.Getpid())+"-"+hex.EncodeToString(rnd[:]))
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
		if errors.Is(err, fs.ErrExist) && i < 10 {
			continue
		}
		if err != nil {
			return "", err
		}
		f.Close()
		break
	}
	activePartials.Store(filepath.Base(tmp), true)
	// A failing return sets the named tmp to "", so the cleanup keeps its
	// own copy of the name.
	made := tmp
	defer func() {
		if err != nil {
			removePartial(made)
		}
	}()
	abs, err := filepath.Abs(tmp)
	if err != nil {
		return "", err
	}
	if err := backupInto(ctx, src, abs); err != nil {
		return "", err
	}
	if err := syncFile(tmp); err != nil {
		return "", err
	}
	if backupHook != nil {
		backupHook("copied", tmp)
	}
	return tmp, nil
}

// removePartial deletes a temporary backup and any sidecar SQLite made.
func removePartial(tmp string) {
	for _, s := range append([]string{""}, sidecars...) {
		os.Remove(tmp + s)
	}
	activePartials.Delete(filepath.Base(tmp))
}

// linkNoClobber gives the finished temporary file its final name without
// ever replacing a file: link(2) fails with EEXIST atomically. On a file
// system without hard links it falls back to a checked rename. An existing
// dest gives an error wrapping fs.ErrExist.
func linkNoClobber(tmp, dest string) error {
	err := os.Link(tmp, dest)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if errors.Is(err, syscall.EXDEV) {
		return err // another disk: the caller copies beside dest instead
	}
	if _, lerr := os.Lstat(dest); lerr == nil {
		return &fs.PathError{Op: "backup", Path: dest, Err: fs.ErrExist}
	}
	return os.Rename(tmp, dest)
}

// targetPartial matches the temporaries of a backup to one named file.
func targetPartial(base string) *regexp.Regexp {
	return regexp.MustCompile(`^\.` + regexp.QuoteMeta(partialStem(base)) + regexp.QuoteMeta(partialInfix) + `(\d+)-[0-9a-f]+(?:-journal|-wal|-shm)?$`)
}

// folderPartial matches the temporaries of backups of stem into a backups
// folder, whatever their timestamp.
func folderPartial(stem string) *regexp.Regexp {
	return regexp.MustCompile(`^\.` + regexp.QuoteMeta(stem) + `-\d{8}T\d{6}Z-v\d+(?:-\d+)?\.db` + regexp.QuoteMeta(partialInfix) + `(\d+)-[0-9a-f]+(?:-journal|-wal|-shm)?$`)
}

// removeStalePartials deletes temporaries in dir matching re that were
// left by a backup that was killed: a killed process cannot clean up after
// itself. A temporary whose writer is still alive (another process, or one
// of our own in flight) is left alone; the pid in the name says whose it is.
func removeStalePartials(dir string, re *regexp.Regexp) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	self := os.Getpid()
	for _, e := range ents {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil {
			continue
		}
		main := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(e.Name(), "-journal"), "-wal"), "-shm")
		if pid == self {
			if _, busy := activePartials.Load(main); busy {
				continue
			}
		} else if pidAlive(pid) {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// pidAlive reports whether a process with this pid exists (signal 0 checks
// without sending anything; EPERM means it exists but is not ours).
func pidAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// backupInto runs the online backup into the empty file at abs and closes
// every handle before returning, so the copy is complete on disk.
func backupInto(ctx context.Context, src *sql.DB, abs string) (err error) {
	ddb, err := sql.Open(driverName, "file:"+escapePath(abs)+"?_synchronous=FULL&_busy_timeout=5000")
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
	// No rollback journal: a killed backup would otherwise leave a hot
	// "-journal" that rolls the file back to empty when opened. The file
	// is a temporary until complete, so a journal protects nothing.
	var jm string
	if err := dconn.QueryRowContext(ctx, "PRAGMA journal_mode=OFF").Scan(&jm); err != nil {
		return err
	}
	if !strings.EqualFold(jm, "off") {
		return fmt.Errorf("backup file refused journal_mode=OFF (got %s)", jm)
	}
	if backupHook != nil {
		backupHook("copying", abs)
	}
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
