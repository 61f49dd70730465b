package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/trustwork/trustwork/internal/private"
	"github.com/trustwork/trustwork/migrations"
)

// Store is an open trustwork database. It is safe for concurrent use.
//
// Writes go through one connection (w), so saves from different goroutines
// queue in Go instead of failing with SQLITE_BUSY; reads use a small pool
// of read-only connections (r), which WAL lets run beside a write. Because
// they are separate pools, a callback of EachEntry may call other methods.
type Store struct {
	path     string // as given to Open
	abs      string
	w        *sql.DB
	r        *sql.DB
	lock     *writerLock
	now      func() time.Time
	readOnly bool
	fault    atomic.Pointer[func(op string) error]
	cdc      atomic.Pointer[codec] // nil means plain; see codec.go

	// verified is closed once the background integrity check has a
	// verdict, in verifyErr; nil when the file was checked before opening.
	verified    chan struct{}
	verifyErr   error
	startVerify func() // starts the deferred check, once

	// ident is the file opened, to notice it deleted or replaced.
	ident fileIdentity

	// raw is the connection below database/sql that EachEntryView reads
	// through.
	raw rawConn

	closeOnce sync.Once
	closeErr  error
}

// Open opens (creating if absent) the trustwork database at path.
//
// An existing file is examined before SQLite may write to it, and refused
// with a one-line error naming the path and what to do (see the Err*
// variables) when it is not a usable trustwork database; a refused file is
// left byte-for-byte as it was. A new file is built under a temporary name
// and linked into place only once its schema is complete, so a crash during
// the first run never leaves a half-made database at path. Writers hold
// "<path>.lock" for the Store's lifetime; an upgrade of an older schema is
// preceded by a backup in Options.BackupDir.
func Open(path string, opts Options) (*Store, error) {
	ctx := context.Background()
	if path == "" {
		return nil, &openError{msg: "no database path given; pass one with --db or TRUSTWORK_DB", kind: ErrUnusable}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, unusable(path, "cannot be resolved ("+err.Error()+"); pass an absolute path with --db", err)
	}
	src := opts.migrations
	if src == nil {
		src = migrations.FS
	}
	ms, err := loadMigrations(src)
	if err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	st, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if opts.ReadOnly {
			return nil, unusable(abs, "does not exist; run trustwork once to create it, or choose another file with --db", err)
		}
		s, err := create(ctx, abs, opts, ms)
		if s != nil {
			s.path = path
		}
		return s, err
	case err != nil:
		return nil, unusable(abs, "cannot be examined ("+errnoText(err)+"); check the path or choose another file with --db", err)
	}
	if err := checkKind(abs, st); err != nil {
		return nil, err
	}
	// The writer lock and SQLite's -wal file both go by the file's name, so
	// a second name for the same file would let a second window write
	// unseen beside the first, and one of them would lose.
	var lock *writerLock
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && sys.Nlink > 1 && !opts.ReadOnly {
		// A first run killed between linking the new file into place and
		// removing its temporary name leaves that name behind: ours to
		// remove, under the lock.
		if lock, err = removeLeftoverName(abs); err != nil {
			return nil, err
		}
		if lock == nil {
			return nil, unusable(abs, fmt.Sprintf("has %d names (hard links), so two trustworks could write to it unseen; keep one name (or copy the file) and pass it with --db", sys.Nlink), nil)
		}
	}
	s, err := openExisting(ctx, abs, opts, ms, lock)
	if s != nil {
		s.path = path
	}
	return s, err
}

// checkKind refuses anything but a regular file. A symlink is refused
// rather than followed: the lock, the -wal file and backups would land
// beside the link while the data lives elsewhere.
func checkKind(abs string, st fs.FileInfo) error {
	switch m := st.Mode(); {
	case m&fs.ModeSymlink != 0:
		return unusable(abs, "is a symbolic link; pass the real file with --db", nil)
	case m.IsDir():
		return unusable(abs, "is a directory; pass a file path (for example "+showPath(filepath.Join(abs, "trustwork.db"))+") with --db", nil)
	case !m.IsRegular():
		return unusable(abs, "is not a regular file; pass a file path with --db", nil)
	}
	return nil
}

// openExisting validates an existing file and opens it. lock is non-nil
// when create found the file appeared while it held the lock.
func openExisting(ctx context.Context, abs string, opts Options, ms []migration, lock *writerLock) (s *Store, err error) {
	defer func() {
		if err != nil {
			lock.discard()
		}
	}()
	if err := checkHotJournal(abs); err != nil {
		return nil, err
	}
	h, err := readHeader(abs)
	if err != nil {
		return nil, err
	}
	// A crash before a checkpoint can leave the newest page 1 (with our
	// application id and version) only in the -wal file; then the raw
	// header is stale and SQLite, in quickCheck, has the last word.
	if wst, werr := os.Stat(abs + "-wal"); werr != nil || wst.Size() == 0 || !h.walMode {
		if err := classify(abs, h.appID, h.userVersion, len(ms)); err != nil {
			return nil, err
		}
	}
	// A reader that finds no -wal or -shm removes the ones its
	// connections make, on refusal or Close, if nobody else uses them.
	_, werr := os.Lstat(abs + "-wal")
	_, serr := os.Lstat(abs + "-shm")
	tidy := errors.Is(werr, fs.ErrNotExist) && errors.Is(serr, fs.ErrNotExist)
	// ReadOnlyIfLocked: whether to write is known only once SQLite has
	// read the file, so its identity and schema are checked first,
	// without the writer lock, as for a reader (the same connection
	// tells whether it has a passphrase). One check instead of a whole
	// read-only open and close before the writer's: 4 ms of the time to
	// the first frame.
	checked := false
	if opts.ReadOnlyIfLocked && !opts.ReadOnly && lock == nil {
		// A file that cannot be written is refused before SQLite looks
		// at it: its read-only look makes a -wal and -shm that a
		// refusal would leave beside the file (a locked journal is
		// written, too, once it is unlocked).
		if err := checkWritable(abs); err != nil {
			return nil, err
		}
		var sealed bool
		if _, err := quickCheck(ctx, abs, ms, false, &sealed); err != nil {
			return nil, foreignWAL(abs, h, err)
		}
		opts.ReadOnly, checked = sealed, true
	}
	if !opts.ReadOnly {
		if !checked { // checked: it was, just above
			if err := checkWritable(abs); err != nil {
				return nil, err
			}
		}
		if lock == nil {
			if lock, err = acquireLock(abs); err != nil {
				return nil, err
			}
		} else if lock.db == nil {
			if err := lock.guard(abs, abs); err != nil {
				return nil, err
			}
		}
	}
	// PRAGMA quick_check reads the whole file, so its cost grows with the
	// journal. A read-only open skips it: reads cannot modify the file and
	// damage shows up as a read error. A writer whose file was closed
	// cleanly (WAL mode, no -wal left, schema current — so opening changes
	// nothing) runs it in the background, and every write waits for its
	// verdict (see Verify). Anything else, a crash left behind or an
	// upgrade to come, is checked before the file is opened for writing.
	tidy = tidy && opts.ReadOnly
	deferred := !opts.ReadOnly && h.walMode && walEmpty(abs) && int(h.userVersion) == len(ms)
	// The schema is always compared before any write (it is cheap: only
	// sqlite_schema is read); the page-by-page check may wait, see above.
	// Already compared above, it is not read again for a reader or a
	// deferred check: openPools reads the identity again under the lock
	// (migrate refuses a newer schema), and the deferred check compares
	// the schema again before any write.
	if !checked || !opts.ReadOnly && !deferred {
		if _, err := quickCheck(ctx, abs, ms, !opts.ReadOnly && !deferred, nil); err != nil {
			return nil, foreignWAL(abs, h, err)
		}
	}
	s, err = openPools(ctx, abs, opts, ms, lock)
	if err != nil {
		// A file a reader refuses here (damage found on reading) is left
		// as it was found, without the -wal and -shm opening made, when
		// nobody else uses them.
		if tidy {
			tidyAfterReader(abs)
		}
		return nil, err
	}
	if opts.ReadOnly {
		// A reader that found no -wal or -shm removes the ones its
		// connections make on Close, if nobody else uses them.
		addReader(abs, tidy)
	}
	if deferred {
		// The check starts at the first Verify, not here: read in
		// parallel with start-up, the whole file competed with the first
		// frame for the CPU and the disk (it doubled the time to first
		// frame on L on two busy cores). The app asks once its first
		// frame is out; every write asks first.
		s.verified = make(chan struct{})
		s.startVerify = sync.OnceFunc(func() {
			go func() {
				defer close(s.verified)
				if _, err := quickCheckConn(context.Background(), abs, ms, true, nil); err != nil {
					s.verifyErr = err
				}
			}()
		})
	}
	return s, nil
}

// walEmpty reports whether the database has no -wal file with frames in
// it, as after a clean close.
func walEmpty(abs string) bool {
	st, err := os.Stat(abs + "-wal")
	return err != nil || st.Size() == 0
}

// Verify waits for the integrity check of the file and returns its
// verdict: nil, or an error matching ErrNotTrustwork for a damaged file.
// The first call starts the check. Writes call it first, so a damaged
// file is never written to; the app calls it just after start-up to tell
// the person at once.
func (s *Store) Verify() error {
	if s.verified == nil {
		return nil
	}
	s.startVerify()
	<-s.verified
	return s.verifyErr
}

// create makes a new database: schema built in a temporary file, then
// linked to abs (link fails rather than replace a file that appeared).
func create(ctx context.Context, abs string, opts Options, ms []migration) (s *Store, err error) {
	dir := filepath.Dir(abs)
	if err := private.MkdirAll(dir); err != nil {
		return nil, unusable(abs, "cannot be created: its folder cannot be made ("+errnoText(err)+"); choose another file with --db", err)
	}
	if err := checkDirWritable(dir); err != nil {
		return nil, unusable(abs, "cannot be created: its folder is read-only ("+errnoText(err)+"); fix the folder's permissions or choose another file with --db", err)
	}
	lock, err := acquireLock(abs)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			lock.discard() // a failed create leaves no lock file behind
		}
	}()
	if st, err := os.Lstat(abs); err == nil {
		if err := checkKind(abs, st); err != nil {
			return nil, err
		}
		return openExisting(ctx, abs, opts, ms, lock)
	}
	// A -wal with no database beside it was left by a journal deleted or
	// moved while open: SQLite would replay its pages into the new file.
	if _, err := os.Lstat(abs + "-wal"); err == nil {
		return nil, unusable(abs, "does not exist, but "+showPath(abs+"-wal")+" from an earlier journal is still beside it, so trustwork changed nothing; put the journal back there, or move that -wal file somewhere safe, and start again", nil)
	}
	if err := checkHotJournal(abs); err != nil {
		return nil, err
	}
	base := filepath.Base(abs)
	removeStaleTemps(dir, base)
	tmp := filepath.Join(dir, "."+base+".new-"+strconv.Itoa(os.Getpid()))
	if err := buildNew(ctx, tmp, ms); err != nil {
		return nil, unusable(abs, "cannot be created ("+errnoText(err)+"); "+createAdvice(err), err)
	}
	defer os.Remove(tmp)
	// Locked before it has its name, so no second writer can get in
	// between.
	if err := lock.guard(abs, tmp); err != nil {
		return nil, err
	}
	if err := os.Link(tmp, abs); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, unusable(abs, "appeared while trustwork was creating it; try again", err)
		}
		// Some file systems have no hard links. We hold the lock and
		// checked that abs is absent, so a rename is safe enough.
		if rerr := os.Rename(tmp, abs); rerr != nil {
			return nil, unusable(abs, "cannot be created ("+errnoText(rerr)+"); choose another file with --db", rerr)
		}
	}
	syncDir(dir)
	return openPools(ctx, abs, opts, ms, lock)
}

// buildNew creates tmp (0600, O_EXCL, so SQLite gives its -wal and -shm
// the same mode) and runs every migration in it.
func buildNew(ctx context.Context, tmp string, ms []migration) (err error) {
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	defer func() {
		if err != nil {
			for _, s := range append([]string{""}, sidecars...) {
				os.Remove(tmp + s)
			}
		}
	}()
	db, err := sql.Open(driverName, dsn(tmp, false))
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	if err := checkPragmas(ctx, db, tmp, false); err != nil {
		db.Close()
		return err
	}
	if err := migrate(ctx, db, tmp, ms, nil); err != nil {
		db.Close()
		return err
	}
	// Closing the only connection checkpoints the WAL into the file and
	// deletes -wal and -shm.
	if err := db.Close(); err != nil {
		return err
	}
	return syncFile(tmp)
}

// removeLeftoverName handles a database with more than one name when
// every other name is a temporary ".<name>.new-<pid>" of a create that
// was killed after linking: it takes the writer lock (which fails while
// that create is still running), removes those names, and returns the
// lock. It returns nil, nil when some other name remains: not ours.
func removeLeftoverName(abs string) (*writerLock, error) {
	dir, base := filepath.Dir(abs), filepath.Base(abs)
	leftovers := func() ([]string, bool) {
		st, err := os.Lstat(abs)
		sys, ok := st.Sys().(*syscall.Stat_t)
		if err != nil || !ok {
			return nil, false
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			return nil, false
		}
		var names []string
		for _, e := range ents {
			if !strings.HasPrefix(e.Name(), "."+base+".new-") || !e.Type().IsRegular() {
				continue
			}
			p := filepath.Join(dir, e.Name())
			if tst, err := os.Lstat(p); err == nil && os.SameFile(st, tst) {
				names = append(names, p)
			}
		}
		return names, len(names) > 0 && uint64(len(names)+1) == uint64(sys.Nlink)
	}
	if _, ok := leftovers(); !ok {
		return nil, nil
	}
	lock, err := acquireLock(abs)
	if err != nil {
		return nil, err
	}
	names, ok := leftovers() // again, now that no create can be running
	if !ok {
		lock.release()
		return nil, nil
	}
	for _, p := range names {
		if err := os.Remove(p); err != nil {
			lock.release()
			return nil, unusable(abs, "has a leftover second name "+showPath(p)+" that cannot be removed ("+errnoText(err)+"); remove it and try again", err)
		}
	}
	syncDir(dir)
	return lock, nil
}

// removeStaleTemps deletes temporary databases left by a create that
// crashed. Temporaries are only made under the writer lock, which the
// caller holds, so any that exist are abandoned.
func removeStaleTemps(dir, base string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + ".new-"
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// openPools opens the connections of a validated file, migrates it and
// checks the result. On error it closes what it opened (not the lock; the
// caller releases that).
func openPools(ctx context.Context, abs string, opts Options, ms []migration, lock *writerLock) (*Store, error) {
	s := &Store{abs: abs, lock: lock, now: opts.Now, readOnly: opts.ReadOnly}
	w := s.openDB(dsn(abs, opts.ReadOnly))
	fail := func(err error) (*Store, error) {
		w.Close()
		return nil, err
	}
	if opts.ReadOnly {
		w.SetMaxOpenConns(4)
	} else {
		w.SetMaxOpenConns(1)
	}
	w.SetMaxIdleConns(1)
	if err := checkPragmas(ctx, w, abs, opts.ReadOnly); err != nil {
		return fail(err)
	}
	if !opts.ReadOnly {
		dir := opts.BackupDir
		if dir == "" {
			dir = filepath.Join(filepath.Dir(abs), "backups")
		}
		before := func(old int) error {
			_, err := upgradeBackup(ctx, w, abs, dir, opts.Now(), old)
			return err
		}
		if err := migrate(ctx, w, abs, ms, before); err != nil {
			return fail(err)
		}
	}
	var appID int64
	if err := w.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return fail(fmt.Errorf("%s: reading application id: %w", showPath(abs), err))
	}
	if uint32(appID) != ApplicationID {
		return fail(notTrustwork(abs, "another program's SQLite file"))
	}
	s.w, s.r = w, w
	s.remember()
	if err := s.loadLock(ctx); err != nil {
		return fail(err)
	}
	if !opts.ReadOnly {
		r := s.openDB(dsn(abs, true))
		r.SetMaxOpenConns(4)
		r.SetMaxIdleConns(2)
		if err := checkPragmas(ctx, r, abs, true); err != nil {
			r.Close()
			return fail(err)
		}
		s.r = r
	}
	return s, nil
}

// Close releases the database and the writer lock.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.Verify() // the check has its own connection; let it finish first
		// The raw reader first: the writer must be the last connection.
		errs := []error{s.closeRaw()}
		if s.r != s.w {
			errs = append(errs, s.r.Close())
		}
		// The writer closes last: as the last connection it checkpoints
		// the WAL and removes -wal and -shm. Not into a file another
		// program overwrote: that would mix our pages into it and empty
		// the WAL that still holds them. That writer is left open until
		// the process exits, which closes it without a checkpoint.
		gone := s.checkFileWait()
		s.ident.mu.Lock()
		s.ident.closed = true // the timer may still call CheckFile
		s.ident.mu.Unlock()
		if errors.Is(gone, ErrFileOverwritten) {
			abandoned.Lock()
			abandoned.dbs = append(abandoned.dbs, s.w)
			abandoned.Unlock()
			errs = append(errs, gone)
		} else {
			errs = append(errs, s.w.Close())
		}
		if s.readOnly && dropReader(s.abs) {
			tidyAfterReader(s.abs)
		}
		if s.verifyErr != nil {
			s.lock.discard() // a refused file keeps nothing new beside it
		} else {
			errs = append(errs, s.lock.release())
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// ReadOnly reports whether the Store was opened read-only (see
// Options.ReadOnlyIfLocked).
func (s *Store) ReadOnly() bool { return s.readOnly }

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// SetFault is a test seam for failed saves. While f is non-nil, every
// writing method first calls f with its own name ("CreateWorkbook",
// "AddEntry", "UpdateEntry", "DeleteEntry", "SaveDraft", "DeleteDraft",
// "SetStatus", "SaveResume"); if f returns an error the method returns it,
// wrapped, without touching the database. It lets tests of callers play a
// full disk, a read-only file or a lock held past the timeout. nil removes
// the hook.
func (s *Store) SetFault(f func(op string) error) {
	if f == nil {
		s.fault.Store(nil)
		return
	}
	s.fault.Store(&f)
}

// injected returns the fault hook's error for op, if any; every write
// starts here, so it also refuses writes to a read-only Store early.
func (s *Store) injected(op string) error {
	if s.readOnly {
		return fmt.Errorf("%s: %s was opened read-only; close other views and open it normally to make changes", op, showPath(s.abs))
	}
	if err := s.Verify(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := s.checkBeforeWrite(context.Background()); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := s.codec().ready(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if f := s.fault.Load(); f != nil {
		if err := (*f)(op); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check, the thorough one; nil means
// SQLite answered "ok".
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.r.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return s.readErr(ctx, "integrity check could not run", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return s.readErr(ctx, "integrity check", err)
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return s.readErr(ctx, "integrity check", err)
	}
	if len(msgs) == 1 && msgs[0] == "ok" {
		return nil
	}
	first := "no answer"
	if len(msgs) > 0 {
		first = strings.ReplaceAll(msgs[0], "\n", " ")
	}
	return fmt.Errorf("%s failed its integrity check (%d problems, first: %s); %s: %w",
		showPath(s.abs), len(msgs), first, restoreHint(ctx, s.abs, filepath.Join(filepath.Dir(s.abs), "backups")), errors.Join(ErrNotTrustwork, errDamaged))
}

// Backup writes a consistent copy of the live database to dest through the
// SQLite online backup API (never a file copy), created 0600. dest must not
// exist.
func (s *Store) Backup(ctx context.Context, dest string) error {
	// Staged in the private backups folder beside the journal, so a kill
	// leaves no hidden copy beside dest (see backupVia).
	stage := filepath.Join(filepath.Dir(s.abs), "backups")
	if private.MkdirAll(stage) != nil || checkDirWritable(stage) != nil {
		stage = ""
	}
	if err := backupVia(ctx, s.r, stage, dest); err != nil {
		if errors.Is(err, ErrDamagedSource) {
			return damagedSource(ctx, s.abs, filepath.Dir(dest), dest)
		}
		if errors.Is(err, fs.ErrExist) {
			return &openError{msg: fmt.Sprintf("%s already exists; choose a new file name for the backup", showPath(dest)), kind: fs.ErrExist}
		}
		return backupFailed("backup to "+showPath(dest), err)
	}
	return nil
}

// backupFailed is a failed backup as one line: what failed, the reason and
// what to do for it, without the temporary file's name (which the cause
// holds, for errors.Is).
func backupFailed(what string, err error) error {
	advice := "check the folder and free space"
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		advice = "free some disk space, or choose another disk with -o"
	case errors.Is(err, syscall.ENAMETOOLONG):
		advice = "choose a shorter name with -o"
	case errors.Is(err, syscall.EROFS):
		advice = "the disk is read-only; choose a file on a writable disk with -o"
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		advice = "fix the folder's permissions, or choose another folder with -o"
	case errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.ENOTDIR):
		advice = "its folder does not exist; make it, or choose another with -o"
	}
	return &openError{msg: fmt.Sprintf("%s failed (%s); %s", what, errnoText(err), advice), kind: err}
}

// BackupToFolder writes a backup into dir (default: "backups" beside the
// database), named like the backups taken before an upgrade, and keeps only
// the newest five of them. It returns the new file's path.
func (s *Store) BackupToFolder(ctx context.Context, dir string) (string, error) {
	if dir == "" {
		dir = filepath.Join(filepath.Dir(s.abs), "backups")
	}
	var version int
	if err := s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return "", fmt.Errorf("backup of %s: %w", showPath(s.abs), err)
	}
	if err := private.MkdirAll(dir); err != nil {
		return "", fmt.Errorf("backup folder %s cannot be made (%s); choose a file with -o: %w", showPath(dir), errnoText(err), err)
	}
	dest, err := backupToFolder(ctx, s.r, dir, backupStem(s.abs), s.now(), version)
	if err != nil {
		if errors.Is(err, ErrDamagedSource) {
			return "", damagedSource(ctx, s.abs, dir, "")
		}
		if errors.Is(err, fs.ErrExist) {
			return "", err
		}
		return "", backupFailed("backup into "+showPath(dir), err)
	}
	return dest, nil
}
