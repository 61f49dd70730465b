package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/trustwork/trustwork/internal/private"
)

// ErrJournalExists is returned by Restore when the journal holds something
// and replacing it was not asked for.
var ErrJournalExists = errors.New("journal already exists")

// RestoreResult says what Restore did.
type RestoreResult struct {
	// Kept is where the journal that was replaced now is, beside the new
	// one; empty when there was no journal.
	Kept string
}

// Restore puts a copy of the backup at backupPath in place as the journal
// at dbPath.
//
// The backup is never modified: it is copied byte for byte into the
// journal's folder under a temporary name, and only the copy is opened.
// The copy must pass what opening a file checks (SQLite, trustwork's
// application id, a schema this build knows) and a full integrity check;
// otherwise Restore fails and nothing is changed. A journal that exists
// and holds anything (or cannot be read) is replaced only when replace is
// set, and even then it is kept, with its -wal and -shm, under the name
// "<journal>.before-restore-<UTC time>". The copy takes the journal's name
// in one rename, so the journal is at every moment either the old file or
// the whole restored one. The writer lock is held throughout, so a
// trustwork that has the journal open makes Restore fail (ErrLocked).
func Restore(ctx context.Context, backupPath, dbPath string, replace bool, now time.Time) (res RestoreResult, err error) {
	bak, err := filepath.Abs(backupPath)
	if err != nil {
		return res, err
	}
	db, err := filepath.Abs(dbPath)
	if err != nil {
		return res, err
	}
	bst, err := os.Lstat(bak)
	if err != nil {
		return res, unusable(bak, "cannot be read ("+errnoText(err)+"); check the backup's name", err)
	}
	if err := checkKind(bak, bst); err != nil {
		return res, err
	}
	if dst, err := os.Stat(db); err == nil && os.SameFile(bst, dst) {
		return res, unusable(bak, "is the journal itself; choose a backup from the backups folder", nil)
	}
	// A copy of the file alone would lose what its -wal holds, or undo
	// half of what a hot -journal would roll back.
	for _, s := range []string{"-wal", "-journal"} {
		if st, err := os.Stat(bak + s); err == nil && st.Size() > 0 {
			return res, unusable(bak, "has changes not yet written into it in "+showPath(bak+s)+"; open it once with trustwork --db, or choose another backup", nil)
		}
	}
	dir := filepath.Dir(db)
	if err := private.MkdirAll(dir); err != nil {
		return res, unusable(db, "cannot be restored: its folder cannot be made ("+errnoText(err)+"); choose another file with --db", err)
	}
	lock, err := acquireLock(db)
	if err != nil {
		return res, err
	}
	defer func() {
		if err != nil {
			lock.discard() // a refused restore leaves nothing new behind
		} else {
			lock.release()
		}
	}()

	tmp := filepath.Join(dir, "."+filepath.Base(db)+".restore-"+strconv.Itoa(os.Getpid()))
	defer func() {
		for _, s := range append([]string{"", ".lock"}, sidecars...) {
			os.Remove(tmp + s)
		}
	}()
	if err := copyNew(bak, tmp); err != nil {
		return res, &openError{msg: fmt.Sprintf("copying %s failed (%s); free some disk space and try again", showPath(bak), errnoText(err)), kind: err}
	}
	if err := checkBackup(ctx, tmp, bak); err != nil {
		return res, err
	}

	dst, err := os.Lstat(db)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		for _, s := range sidecars {
			if _, err := os.Lstat(db + s); err == nil {
				return res, unusable(db, "has no database but a leftover "+showPath(db+s)+" beside it; move that file away and try again", nil)
			}
		}
		if err := os.Link(tmp, db); err != nil {
			return res, unusable(db, "cannot be created ("+errnoText(err)+"); choose another file with --db", err)
		}
		syncDir(dir)
		return res, nil
	case err != nil:
		return res, unusable(db, "cannot be examined ("+errnoText(err)+")", err)
	}
	if err := checkKind(db, dst); err != nil {
		return res, err
	}
	if !replace && !journalEmpty(ctx, db) {
		return res, &openError{
			msg:  fmt.Sprintf("%s already holds a journal, so nothing was changed; to replace it with the backup add --replace (the current journal is then kept beside it), or restore into a new file with --db", showPath(db)),
			kind: ErrJournalExists,
		}
	}
	kept := db + ".before-restore-" + now.UTC().Format(backupStamp)
	if err := os.Link(db, kept); err != nil {
		return res, unusable(db, "cannot be set aside as "+showPath(kept)+" ("+errnoText(err)+"); nothing was changed", err)
	}
	// The old -wal holds the old journal's latest saves: it goes with it.
	for _, s := range sidecars {
		if err := os.Rename(db+s, kept+s); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return res, unusable(db, "cannot be set aside ("+errnoText(err)+"); it is still in place and also kept as "+showPath(kept), err)
		}
	}
	if err := os.Rename(tmp, db); err != nil {
		return res, unusable(db, "cannot be replaced ("+errnoText(err)+"); your journal is kept as "+showPath(kept), err)
	}
	syncDir(dir)
	res.Kept = kept
	return res, nil
}

// copyNew copies src to a new file dst (0600), synced to disk. src is
// opened read-only and never followed through a symlink.
func copyNew(src, dst string) error {
	in, err := os.OpenFile(src, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// checkBackup opens the copy at tmp as opening a journal would (read-only,
// so it is not migrated here; the first normal open upgrades it with a
// backup as usual) and runs a full integrity check. Errors name the
// backup, not the temporary copy.
func checkBackup(ctx context.Context, tmp, bak string) error {
	name := func(err error) error {
		if errors.Is(err, errDamaged) {
			// The journal's advice (keep the file, choose another with
			// --db) is not what to do with a backup.
			return &openError{msg: "the backup cannot be restored: " + showPath(bak) + " is damaged (it failed SQLite's check); choose another backup; nothing was changed", kind: ErrNotTrustwork, cause: errDamaged}
		}
		msg := strings.ReplaceAll(err.Error(), showPath(tmp), showPath(bak))
		msg = strings.ReplaceAll(msg, "choose another file with --db or TRUSTWORK_DB", "choose another backup")
		msg = strings.ReplaceAll(msg, "restore a copy from the backups folder", "choose another backup")
		kind := ErrNotTrustwork
		if errors.Is(err, ErrTooNew) {
			kind = ErrTooNew
		}
		return &openError{msg: "the backup cannot be restored: " + msg + "; nothing was changed", kind: kind}
	}
	st, err := Open(tmp, Options{ReadOnly: true})
	if err != nil {
		return name(err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		return name(err)
	}
	if _, err := st.IsEmpty(ctx); err != nil {
		return name(notTrustwork(tmp, "its tables cannot be read"))
	}
	return st.Close()
}

// journalEmpty reports whether the journal at path opens and holds no row.
// A file that cannot be opened counts as not empty: it may still hold
// words someone can rescue, so it is only replaced when asked.
func journalEmpty(ctx context.Context, path string) bool {
	st, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		return false
	}
	defer st.Close()
	empty, err := st.IsEmpty(ctx)
	return err == nil && empty
}
