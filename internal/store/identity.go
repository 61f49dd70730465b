package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/trustwork/trustwork/internal/private"
)

// ErrFileGone is matched (errors.Is) by every write after the database
// file was deleted, moved away, replaced or overwritten in place while the
// Store had it open. SQLite would go on writing into the open file, which
// no longer has the name the next start opens, or whose pages another
// program has changed under it, so everything written from then on would
// be lost; trustwork refuses instead, and the editor keeps the text in a
// recovery file.
var ErrFileGone = errors.New("the journal file was moved, deleted or replaced while open")

// ErrFileOverwritten is matched, besides ErrFileGone, when the file still
// has its name but another program wrote over its contents (cp or cat onto
// it, dd conv=notrunc). There is nothing good to copy out then: the file
// mixes the other program's pages with ours.
var ErrFileOverwritten = errors.New("the journal file was overwritten by another program while open")

// goneError is the one line the person reads; it unwraps to ErrFileGone
// (and ErrFileOverwritten when overwritten).
type goneError struct {
	msg         string
	overwritten bool
}

func (e *goneError) Error() string { return e.msg }
func (e *goneError) Unwrap() []error {
	if e.overwritten {
		return []error{ErrFileGone, ErrFileOverwritten}
	}
	return []error{ErrFileGone}
}

// fileIdentity remembers which file the Store opened, to notice when its
// path stops naming that file, and what the file looked like when we last
// changed it, to notice another program changing it in place.
//
// Why a fingerprint, and why it has no false positives. In WAL mode SQLite
// changes the main database file only when it checkpoints the WAL into
// it; commits only append to the -wal file. So, between two checkpoints
// of ours, the main file's size and mtime (and bytes) stay exactly as we
// left them, and any change is another program's. trustwork makes every
// checkpoint its own, under mu, and records the fingerprint right after:
//
//   - the writer connection runs with wal_autocheckpoint=0 (see openDB),
//     so no commit checkpoints by itself; instead every checkpointEvery
//     writes, injected runs a PASSIVE checkpoint under mu, after checking;
//   - scrub (turning a passphrase on or off: checkpoint TRUNCATE, VACUUM)
//     holds mu throughout and records after;
//   - migrations run in Open before the first fingerprint is taken;
//   - readers (the pool, the deferred integrity check, backups through the
//     online backup API, rescue) are read-only connections, which SQLite
//     never lets checkpoint, not even when they close last; the writer
//     pool keeps its one connection open until Close;
//   - Close checks once more, then the writer's close checkpoints; no
//     check runs after that.
//
// Every check (before each write; the app's timer through CheckFile,
// which skips rather than waits) holds mu, so none ever sees a checkpoint
// of ours half done or not yet recorded. Size and mtime are compared
// first (one fstat); when they differ, the bytes are compared with the
// hash the app's timer check took after our last record, so a "touch" or
// a copy of the very same bytes is not taken for a loss (before that hash
// exists, any change counts). mu is always taken before the writer
// connection, never while holding it.
type fileIdentity struct {
	mu     sync.Mutex
	st     fs.FileInfo // the opened file; nil when unknown
	fp     fingerprint // the file as we last left it
	writes int         // writes since our last checkpoint
	closed bool        // set by Close: no more checks
	gone   error       // set once, then every check returns it
}

// fingerprint is the main database file as trustwork last left it.
type fingerprint struct {
	ok     bool // false when it could not be taken: no in-place check
	size   int64
	mtime  time.Time
	hashed bool // sum holds the bytes' hash (files up to hashLimit)
	sum    [sha256.Size]byte
}

// hashLimit bounds the file hashed: a journal is a few
// megabytes; far larger files fall back to size and mtime alone.
const hashLimit = 64 << 20

// fingerprintNow takes the fingerprint of the file the writer lock has
// open: the file SQLite writes, whatever its path names now.
func (s *Store) fingerprintNow(hash bool) fingerprint {
	if s.lock == nil || s.lock.db == nil {
		return fingerprint{}
	}
	st, err := s.lock.db.Stat()
	if err != nil {
		return fingerprint{}
	}
	fp := fingerprint{ok: true, size: st.Size(), mtime: st.ModTime()}
	if hash && fp.size <= hashLimit {
		h := sha256.New()
		if _, err := io.Copy(h, io.NewSectionReader(s.lock.db, 0, fp.size)); err == nil {
			h.Sum(fp.sum[:0])
			fp.hashed = true
		}
	}
	return fp
}

// recordLocked notes the file as we leave it; ident.mu is held. The
// bytes' hash is added later, by the app's timer check (see
// changedLocked): hashing a large journal here would slow the save that
// ran the checkpoint, or Open.
func (s *Store) recordLocked() { s.ident.fp = s.fingerprintNow(false) }

// changedLocked reports whether another program changed the file's
// contents since recordLocked; ident.mu is held. With addHash, it also
// adds the bytes' hash to a fingerprint that has none.
func (s *Store) changedLocked(addHash bool) bool {
	old := s.ident.fp
	if !old.ok {
		return false
	}
	cur := s.fingerprintNow(false)
	if !cur.ok {
		return false
	}
	if cur.size == old.size && cur.mtime.Equal(old.mtime) {
		if !old.hashed && addHash {
			if cur = s.fingerprintNow(true); cur.size == old.size && cur.mtime.Equal(old.mtime) {
				s.ident.fp = cur
			}
		}
		return false
	}
	if !old.hashed {
		return true
	}
	if cur = s.fingerprintNow(true); cur.hashed && cur.size == old.size && cur.sum == old.sum {
		s.ident.fp = cur // touched, or the same bytes written back
		return false
	}
	return true
}

// remember records the file now at abs as the one opened. A writer has
// the database file open for its lock; its fstat is the truth even if the
// path changed during Open.
func (s *Store) remember() {
	s.ident.mu.Lock()
	defer s.ident.mu.Unlock()
	s.recordLocked()
	if s.lock != nil && s.lock.db != nil {
		if st, err := s.lock.db.Stat(); err == nil {
			s.ident.st = st
			return
		}
	}
	if st, err := os.Stat(s.abs); err == nil {
		s.ident.st = st
	}
}

// CheckFile reports whether the database path still names the file this
// Store has open, with the contents it left there. Every write makes the
// same check first (waiting for any checkpoint of ours); the app may call
// it at any time (a timer) to tell the person early, and it returns nil at
// once while a checkpoint of ours runs. When the file was deleted, moved away or replaced, it copies
// everything saved so far out of the still-open file into the backups
// folder, once, and returns an error matching ErrFileGone that says where
// that copy is and what to do. When another program wrote over it in
// place, it returns an error matching ErrFileGone and ErrFileOverwritten,
// copies nothing, and moves the -wal into the backups folder (see
// checkLocked).
func (s *Store) CheckFile() error {
	if s.readOnly {
		return nil
	}
	// The app calls this from its event loop: it must not wait for a
	// checkpoint or a passphrase's VACUUM of ours (seconds on a large
	// journal). Those are ours, and the next write checks, waiting.
	if !s.ident.mu.TryLock() {
		return nil
	}
	defer s.ident.mu.Unlock()
	return s.checkLocked(true)
}

// checkFileWait is CheckFile waiting for ident.mu, for Close.
func (s *Store) checkFileWait() error {
	if s.readOnly {
		return nil
	}
	s.ident.mu.Lock()
	defer s.ident.mu.Unlock()
	return s.checkLocked(false)
}

// checkLocked is CheckFile with ident.mu held; addHash as for
// changedLocked.
func (s *Store) checkLocked(addHash bool) error {
	if s.ident.gone != nil || s.ident.st == nil || s.ident.closed {
		return s.ident.gone
	}
	cur, err := os.Stat(s.abs)
	var what string
	switch {
	case errors.Is(err, fs.ErrNotExist):
		what = "was deleted or moved away"
	case err != nil:
		return nil // cannot tell (a folder made unreadable); writes will say
	case !os.SameFile(cur, s.ident.st):
		what = "was replaced by another file"
	case s.changedLocked(addHash):
		// No rescue: the file now mixes another program's pages with
		// ours, and a copy of it would pass for a good backup. What we
		// saved since our last checkpoint is in the -wal file: it is
		// moved into the backups folder, so the next start neither
		// mixes it into the file now there (which is left exactly as
		// the other program wrote it) nor loses it, and Close leaves
		// the writer unclosed so no checkpoint touches either. What is
		// on screen goes to the editor's recovery files.
		msg := fmt.Sprintf("%s was overwritten by another program while trustwork had it open, so nothing more is saved into it; what you write now goes to recovery files, and trustwork leaves that file as it is", showPath(s.abs))
		if kept, err := s.walAside(); err == nil {
			msg += fmt.Sprintf("; what it had saved since its last checkpoint is kept in %s for someone who knows SQLite", showPath(kept))
		}
		s.ident.gone = &goneError{overwritten: true, msg: msg}
		return s.ident.gone
	default:
		return nil
	}
	msg := fmt.Sprintf("%s %s while trustwork had it open, so nothing more is saved into it", showPath(s.abs), what)
	if copyPath, err := s.rescue(); err == nil {
		msg += fmt.Sprintf("; everything saved before is in %s; quit trustwork and put that copy back as %s",
			showPath(copyPath), showPath(s.abs))
	} else {
		msg += "; keep this window open, copy out your words, and check the folder " + showPath(filepath.Dir(s.abs))
	}
	s.ident.gone = &goneError{msg: msg}
	return s.ident.gone
}

// overwritten reports whether the file was found overwritten in place.
func (s *Store) overwritten() bool {
	s.ident.mu.Lock()
	defer s.ident.mu.Unlock()
	return errors.Is(s.ident.gone, ErrFileOverwritten)
}

// checkpointEvery is how many writes go by between the checkpoints
// trustwork runs itself (see fileIdentity). At a few pages per save, the
// WAL stays near SQLite's default of 1000 pages, and fewer than 1 % of
// saves pay for a checkpoint (the autosave p99 stays a plain commit).
const checkpointEvery = 250

// checkBeforeWrite checks the file and, every checkpointEvery writes,
// checkpoints the WAL into it and records the result, all under one hold
// of ident.mu, before the caller takes the writer connection.
func (s *Store) checkBeforeWrite(ctx context.Context) error {
	s.ident.mu.Lock()
	defer s.ident.mu.Unlock()
	if err := s.checkLocked(false); err != nil {
		return err
	}
	if s.ident.writes++; s.ident.writes < checkpointEvery {
		return nil
	}
	s.ident.writes = 0
	var busy, logFrames, done int
	// PASSIVE never waits: frames a reader still uses wait for the next.
	// A failed checkpoint is not a failed save; the WAL keeps the data.
	_ = s.w.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logFrames, &done)
	s.recordLocked()
	return nil
}

// abandoned holds writer pools deliberately never closed (see Close), so
// the garbage collector does not close their connections either.
var abandoned struct {
	sync.Mutex
	dbs []*sql.DB
}

// walAside moves the -wal file into the backups folder as
// "<name>-<UTC time>-overwritten.db-wal" (a name backups pruning and
// restore never take for a backup). SQLite keeps its open descriptor of
// the file; no write follows.
func (s *Store) walAside() (string, error) {
	wal := s.abs + "-wal"
	if st, err := os.Lstat(wal); err != nil || st.Size() == 0 {
		return "", fs.ErrNotExist
	}
	dir := filepath.Join(filepath.Dir(s.abs), "backups")
	if err := private.MkdirAll(dir); err != nil {
		return "", err
	}
	dest := filepath.Join(dir, backupStem(s.abs)+"-"+s.now().UTC().Format(backupStamp)+"-overwritten.db-wal")
	if err := linkNoClobber(wal, dest); err != nil {
		return "", err
	}
	// (Where hard links are missing, linkNoClobber renamed it.)
	if err := os.Remove(wal); err != nil && !errors.Is(err, fs.ErrNotExist) {
		os.Remove(dest)
		return "", err
	}
	// The -shm indexes the WAL just moved away: left beside the file, the
	// next reader looks for that WAL and fails with a disk I/O error. Our
	// own connections keep their mapping of it; no write follows.
	os.Remove(s.abs + "-shm")
	syncDir(dir)
	syncDir(filepath.Dir(s.abs))
	return dest, nil
}

// rescue copies the open (now nameless or renamed) database into the
// backups folder beside its old path as "<name>-<UTC time>-rescued.db",
// through the online backup API, so what was saved before is not lost.
// The name does not match the backups pruning ever removes.
func (s *Store) rescue() (string, error) {
	dir := filepath.Join(filepath.Dir(s.abs), "backups")
	if err := private.MkdirAll(dir); err != nil {
		return "", err
	}
	ctx := context.Background()
	name := backupStem(s.abs) + "-" + s.now().UTC().Format(backupStamp) + "-rescued.db"
	tmp, err := writePartial(ctx, s.r, dir, name)
	if err != nil {
		return "", err
	}
	defer removePartial(tmp)
	dest := filepath.Join(dir, name)
	if err := linkNoClobber(tmp, dest); err != nil {
		return "", err
	}
	syncDir(dir)
	return dest, nil
}
