package store

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// guard takes the lock on the database file at file (the database itself,
// or the temporary a new one is built in before it is linked to dbPath).
func (l *writerLock) guard(dbPath, file string) error {
	f, err := os.OpenFile(file, os.O_RDWR|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	if errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EROFS) {
		// A file nobody can write (a writer refuses it before this) can
		// take no write lock; the lock file alone guards a reader's tidy.
		return nil
	}
	if err != nil {
		return unusable(dbPath, "cannot be locked ("+errnoText(err)+"); fix its permissions or choose another file with --db", err)
	}
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: dbLockByte, Len: 1}
	err = unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lk)
	switch {
	case err == nil:
		l.db = f
		return nil
	case errors.Is(err, unix.EAGAIN), errors.Is(err, unix.EACCES):
		f.Close() // no SQLite connection of ours is open on it yet
		who := "another process"
		if b, rerr := os.ReadFile(lockPath(dbPath)); rerr == nil {
			if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil && pid > 0 && pidAlive(pid) {
				who = fmt.Sprintf("pid %d", pid)
			}
		}
		return &openError{
			msg:  fmt.Sprintf("%s is open in another trustwork (%s); close that one first", showPath(dbPath), who),
			kind: ErrLocked,
		}
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOLCK), errors.Is(err, unix.EOPNOTSUPP):
		// A file system or kernel without OFD locks: the lock file alone
		// must do, as before.
		f.Close()
		return nil
	default:
		f.Close()
		return unusable(dbPath, "cannot be locked ("+errnoText(err)+"); choose a file on a local disk with --db", err)
	}
}
