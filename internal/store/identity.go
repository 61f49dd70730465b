package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/trustwork/trustwork/internal/private"
)

// ErrFileGone is matched (errors.Is) by every write after the database
// file was deleted, moved away or replaced while the Store had it open.
// SQLite would go on writing into the open file, which no longer has the
// name the next start opens, so everything written from then on would be
// lost; trustwork refuses instead, and the editor keeps the text in a
// recovery file.
var ErrFileGone = errors.New("the journal file was moved, deleted or replaced while open")

// goneError is the one line the person reads; it unwraps to ErrFileGone.
type goneError struct{ msg string }

func (e *goneError) Error() string { return e.msg }
func (e *goneError) Unwrap() error { return ErrFileGone }

// fileIdentity remembers which file the Store opened, to notice when its
// path stops naming that file.
type fileIdentity struct {
	mu   sync.Mutex
	st   fs.FileInfo // the opened file; nil when unknown
	gone error       // set once, then every check returns it
}

// remember records the file now at abs as the one opened. A writer has
// the database file open for its lock; its fstat is the truth even if the
// path changed during Open.
func (s *Store) remember() {
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
// Store has open. Every write calls it first; the app may call it at any
// time (a timer) to tell the person early. When the file was deleted,
// moved away or replaced, it copies everything saved so far out of the
// still-open file into the backups folder, once, and returns an error
// matching ErrFileGone that says where that copy is and what to do.
func (s *Store) CheckFile() error {
	if s.readOnly {
		return nil
	}
	s.ident.mu.Lock()
	defer s.ident.mu.Unlock()
	if s.ident.gone != nil || s.ident.st == nil {
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
