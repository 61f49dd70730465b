package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unicode"

	sqlite3 "github.com/mattn/go-sqlite3" // also registers the "sqlite3" driver

	"github.com/trustwork/trustwork/internal/rawread"
)

// openError is the one line a person reads when Open refuses a path. It
// unwraps to one of the sentinel errors (and the OS error behind it, if any)
// so callers can still branch with errors.Is.
type openError struct {
	msg   string // complete sentence, path included
	kind  error
	cause error
}

func (e *openError) Error() string { return e.msg }

func (e *openError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

// showPath keeps error messages on one line even for a path holding a
// newline or other control character.
func showPath(p string) string {
	if strings.IndexFunc(p, unicode.IsControl) >= 0 {
		return strconv.Quote(p)
	}
	return p
}

func notTrustwork(path, why string) error {
	return &openError{
		msg:  fmt.Sprintf("%s is not a trustwork database (%s); choose another file with --db or TRUSTWORK_DB", showPath(path), why),
		kind: ErrNotTrustwork,
	}
}

func unusable(path, what string, cause error) error {
	return &openError{msg: showPath(path) + " " + what, kind: ErrUnusable, cause: cause}
}

func tooNew(path string, have, know int) error {
	return &openError{
		msg: fmt.Sprintf("%s was written by a newer trustwork (schema %d, this build knows %d); update trustwork, or use another --db",
			showPath(path), have, know),
		kind: ErrTooNew,
	}
}

// sqliteMagic starts every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// header is what Open needs from the 100-byte database header.
type header struct {
	appID       uint32
	userVersion uint32
	walMode     bool // read/write version bytes say WAL
}

// readHeader validates the raw bytes of an existing file without letting
// SQLite near it: SQLite may "repair" what it opens (roll back a journal,
// create -wal and -shm files), and a refused file must stay untouched.
func readHeader(path string) (header, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return header{}, unusable(path, "cannot be read (permission denied); fix its permissions or choose another file with --db", err)
		}
		return header{}, unusable(path, "cannot be opened; check the path or choose another file with --db", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return header{}, unusable(path, "cannot be examined; check the path or choose another file with --db", err)
	}
	size := st.Size()
	if size == 0 {
		return header{}, notTrustwork(path, "the file is empty")
	}
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return header{}, unusable(path, "cannot be read; check the disk or choose another file with --db", err)
	}
	if n < len(sqliteMagic) || !bytes.Equal(h[:len(sqliteMagic)], []byte(sqliteMagic)) {
		return header{}, notTrustwork(path, "not a SQLite file")
	}
	if n < len(h) {
		return header{}, notTrustwork(path, "the file is truncated")
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize > 65536 || pageSize&(pageSize-1) != 0 {
		return header{}, notTrustwork(path, "the SQLite header is damaged")
	}
	if size < pageSize {
		return header{}, notTrustwork(path, "the file is truncated")
	}
	// The in-header page count is trustworthy only when the "version valid
	// for" number matches the change counter (SQLite >= 3.7.0 keeps them in
	// step); then a shorter file lost its tail.
	changeCounter := binary.BigEndian.Uint32(h[24:28])
	validFor := binary.BigEndian.Uint32(h[92:96])
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	if validFor == changeCounter && pages > 0 && size < pages*pageSize {
		if binary.BigEndian.Uint32(h[68:72]) == ApplicationID {
			// Ours, cut short (a copy that stopped, a full disk): the
			// backups hold what it lost.
			return header{}, &openError{
				msg: fmt.Sprintf("%s is a trustwork journal that is damaged (the file is truncated), so trustwork changed nothing; restore your newest backup from %s, or choose another file with --db",
					showPath(path), showPath(filepath.Join(filepath.Dir(path), "backups"))),
				kind: ErrNotTrustwork,
			}
		}
		return header{}, notTrustwork(path, "the file is truncated")
	}
	return header{
		userVersion: binary.BigEndian.Uint32(h[60:64]),
		appID:       binary.BigEndian.Uint32(h[68:72]),
		walMode:     h[18] == 2 && h[19] == 2,
	}, nil
}

// classify refuses a file whose application id or schema version say it
// is not ours to touch.
func classify(path string, appID, userVersion uint32, known int) error {
	if appID != ApplicationID {
		return notTrustwork(path, "another program's SQLite file")
	}
	if int64(userVersion) > int64(known) {
		return tooNew(path, int(userVersion), known)
	}
	return nil
}

// checkWritable refuses a file or directory the person made read-only, or
// that this user cannot write. Mode bits are checked as well as access(2)
// because root passes access(2) for any file, yet a read-only mode is still
// a clear "do not write here".
func checkWritable(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return unusable(path, "cannot be examined; check the path or choose another file with --db", err)
	}
	if st.Mode().Perm()&0o200 == 0 {
		return unusable(path, "is read-only; make it writable (chmod u+w) or choose another file with --db", nil)
	}
	f, err := os.OpenFile(path, os.O_RDWR|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	if err != nil {
		return unusable(path, "cannot be written ("+errnoText(err)+"); fix its permissions or choose another file with --db", err)
	}
	f.Close()
	dir := filepath.Dir(path)
	if err := checkDirWritable(dir); err != nil {
		return unusable(path, "is in a directory that cannot be written ("+errnoText(err)+"); SQLite needs to create files beside it, so fix the directory's permissions or choose another file with --db", err)
	}
	return nil
}

// checkDirWritable reports whether files can be created in dir.
func checkDirWritable(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&0o200 == 0 {
		return &os.PathError{Op: "write", Path: dir, Err: syscall.EACCES}
	}
	if err := syscall.Access(dir, 0x2|0x1); err != nil { // W_OK|X_OK
		return &os.PathError{Op: "access", Path: dir, Err: err}
	}
	return nil
}

// createAdvice says what to do when a new file cannot be made, by cause:
// only a full disk is helped by freeing space.
func createAdvice(err error) string {
	if e, ok := osErrno(err); ok {
		err = e
	}
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return "free some disk space or choose another file with --db"
	case errors.Is(err, syscall.ENAMETOOLONG):
		return "the name is too long for this disk (trustwork needs a few more characters for a file beside it); choose a shorter name with --db"
	case errors.Is(err, syscall.EROFS):
		return "the disk is read-only; choose a file on a writable disk with --db"
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return "fix the folder's permissions or choose another file with --db"
	case errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.ENOTDIR):
		return "its folder changed while trustwork was creating it; try again, or choose another file with --db"
	}
	return "choose another file with --db"
}

// errnoText gives the short reason behind an OS error, e.g. "permission
// denied", without repeating the path.
func errnoText(err error) string {
	if e, ok := osErrno(err); ok {
		return e.Error()
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Error() // SQLite's reason, without the file it was about
	}
	return err.Error()
}

// osErrno finds the OS error behind err, also where SQLite reported it as
// its own error (a full disk is SQLITE_FULL carrying ENOSPC, or none).
func osErrno(err error) (syscall.Errno, bool) {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno, true
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch {
		case se.SystemErrno != 0:
			return se.SystemErrno, true
		case se.Code == sqlite3.ErrFull:
			return syscall.ENOSPC, true
		}
	}
	return 0, false
}

// dsn builds the go-sqlite3 data source name. The path goes in a file: URI
// (escaped, so "?" or "%" in a path cannot smuggle in parameters); the
// underscore parameters are applied by the driver to every new connection.
func dsn(abs string, readOnly bool) string {
	u := "file:" + escapePath(abs)
	if readOnly {
		// No _txlock=immediate: BEGIN IMMEDIATE fails on a read-only
		// connection. No journal mode: that is a write.
		return u + "?mode=ro&_synchronous=NORMAL&_foreign_keys=on&_busy_timeout=5000"
	}
	return u + "?_journal_mode=WAL&_synchronous=NORMAL&_foreign_keys=on&_busy_timeout=5000&_txlock=immediate"
}

// escapePath percent-encodes a path for a file: URI.
func escapePath(abs string) string { return (&url.URL{Path: abs}).EscapedPath() }

// checkPragmas reads back the settings the DSN asked for: a driver that
// silently ignored one would leave us without WAL or foreign keys.
func checkPragmas(ctx context.Context, db *sql.DB, path string, readOnly bool) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return unusable(path, "cannot be opened by SQLite ("+err.Error()+"); choose another file with --db", err)
	}
	defer conn.Close()
	var journal string
	var sync, fk, busy int
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal); err != nil {
		return fmt.Errorf("%s: reading journal_mode: %w", showPath(path), err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return fmt.Errorf("%s: reading synchronous: %w", showPath(path), err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return fmt.Errorf("%s: reading foreign_keys: %w", showPath(path), err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
		return fmt.Errorf("%s: reading busy_timeout: %w", showPath(path), err)
	}
	var bad []string
	if !readOnly && !strings.EqualFold(journal, "wal") {
		bad = append(bad, "journal_mode="+journal)
	}
	if sync != 1 {
		bad = append(bad, "synchronous="+strconv.Itoa(sync))
	}
	if fk != 1 {
		bad = append(bad, "foreign_keys="+strconv.Itoa(fk))
	}
	if busy != 5000 {
		bad = append(bad, "busy_timeout="+strconv.Itoa(busy))
	}
	if len(bad) > 0 {
		return unusable(path, "did not accept trustwork's SQLite settings ("+strings.Join(bad, ", ")+"); the file system may not support them (WAL needs a local disk), so choose a file on a local disk with --db", nil)
	}
	return nil
}

// sidecars are the files SQLite may create beside a database.
var sidecars = []string{"-wal", "-shm", "-journal"}

// quickCheck opens an existing file read-only, reads its identity through
// SQLite (which sees committed pages still in the -wal file, unlike the raw
// header) and runs PRAGMA quick_check. On refusal it removes any sidecar
// file the check itself created, so a refused file is left as it was found.
func quickCheck(ctx context.Context, path string, ms []migration, full bool, sealed *bool) (userVersion int, err error) {
	existed := map[string]bool{}
	for _, s := range sidecars {
		if _, err := os.Lstat(path + s); err == nil {
			existed[s] = true
		}
	}
	userVersion, err = quickCheckConn(ctx, path, ms, full, sealed)
	if err != nil {
		for _, s := range sidecars {
			if !existed[s] {
				os.Remove(path + s)
			}
		}
	}
	return userVersion, err
}

// quickCheckConn reads the file's identity and schema through SQLite and,
// when full, runs PRAGMA quick_check. With sealed non-nil it also reports
// whether the journal has a passphrase.
func quickCheckConn(ctx context.Context, path string, ms []migration, full bool, sealed *bool) (int, error) {
	known := len(ms)
	db, err := sql.Open(driverName, dsn(path, true))
	if err != nil {
		return 0, notTrustwork(path, "SQLite cannot open it")
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var appID, uv int64
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return 0, notTrustwork(path, "SQLite cannot read it")
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&uv); err != nil {
		return 0, notTrustwork(path, "SQLite cannot read it")
	}
	if err := classify(path, uint32(appID), uint32(uv), known); err != nil {
		return 0, err
	}
	if err := checkSchema(ctx, db, path, ms, int(uv)); err != nil {
		return 0, err
	}
	if sealed != nil {
		var err error
		if *sealed, err = hasLockRecord(ctx, db); err != nil {
			return 0, notTrustwork(path, "SQLite cannot read it")
		}
	}
	if !full {
		return int(uv), nil
	}
	rows, err := db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return 0, notTrustwork(path, "the file is damaged")
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return 0, notTrustwork(path, "the file is damaged")
		}
		msgs = append(msgs, msg)
	}
	if rows.Err() != nil || len(msgs) != 1 || msgs[0] != "ok" {
		return 0, damagedFile(ctx, path)
	}
	return int(uv), nil
}

// damagedFile is the refusal of a file SQLite finds damaged, with where a
// good copy may be.
func damagedFile(ctx context.Context, path string) error {
	return &openError{
		msg:   fmt.Sprintf("%s is damaged (it failed SQLite's check) and was not changed; %s", showPath(path), restoreHint(ctx, path, filepath.Join(filepath.Dir(path), "backups"))),
		kind:  ErrNotTrustwork,
		cause: errDamaged,
	}
}

// errDamaged marks the errors of a file SQLite cannot read or that fails
// its integrity check, so restore can say it of a backup in its own words.
var errDamaged = errors.New("damaged")

// isDamage reports whether err is SQLite finding a page it cannot read.
// A read-only open skips the full check, so this is how damage shows.
func isDamage(err error) bool {
	var se sqlite3.Error
	var re *rawread.Error // the export's reads (EachEntryView)
	return errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) ||
		errors.As(err, &re) && (re.Code == rawread.Corrupt || re.Code == rawread.NotADB)
}

// checkHotJournal refuses a file with a rollback journal ("-journal")
// beside it. trustwork runs in WAL mode and never leaves one, so it is an
// unfinished change by another program; opening would make SQLite roll it
// into the file. The file is not ours to change, and not "not a trustwork
// database" either.
func checkHotJournal(abs string) error {
	st, err := os.Lstat(abs + "-journal")
	if err != nil || st.Size() == 0 {
		return nil
	}
	return unusable(abs, "has an unfinished change by another program beside it ("+showPath(abs+"-journal")+"), so trustwork changed nothing; finish it with that program, or copy both files somewhere safe and choose another file with --db", nil)
}

// foreignWAL explains a refusal caused by the -wal file rather than the
// database: the raw header is ours, but read through SQLite, which applies
// the -wal, it is not. A -wal from another database (copied in, or left
// from a different copy of the file) would replace our pages, so it is
// named as the cause; nothing was changed. Any other error is returned as
// it is.
func foreignWAL(abs string, h header, err error) error {
	if !errors.Is(err, ErrNotTrustwork) || h.appID != ApplicationID || walEmpty(abs) {
		return err
	}
	return unusable(abs, "has a "+showPath(abs+"-wal")+" beside it that belongs to another database, so trustwork changed nothing; move that -wal file somewhere safe (do not delete it) and open trustwork again", err)
}
