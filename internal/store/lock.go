package store

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// writerLock is held while a Store may write. It is two locks:
//
//   - a flock(2) on "<db>.lock", which serialises creating a new database
//     (there is no database file to lock yet) and records our pid so a
//     refused second window can say who holds it;
//   - an open-file-description lock on one byte of the database file
//     itself (see dbLockByte), the lock that really guards the journal.
//     It belongs to the file, not to a name, so deleting, renaming or
//     replacing the lock file, or reaching the database by another path
//     (a second hard link, a bind mount, "dir/../dir"), cannot let a second
//     writer in.
//
// Both rather than SQLite's own locking: SQLite would let two trustwork
// windows interleave saves, each with a stale picture of the other's work.
// The kernel drops both when their holder dies, so a killed process never
// leaves the database blocked.
type writerLock struct {
	f *os.File
	// db is the database file, open for the OFD lock; nil until guard.
	// It is closed only after every SQLite connection of the Store:
	// closing any descriptor of the file drops the POSIX locks SQLite
	// holds on it in this process.
	db *os.File
	// created is true when this process made the lock file, so a refusal
	// can take it away again and leave the folder as it found it.
	created bool
}

// dbLockByte is the byte of the database file the writer lock covers. It
// lies in the page that holds SQLite's own lock bytes (0x40000000 up to
// 0x40000200), which SQLite never uses for data, and past every byte
// SQLite locks, so it never conflicts with SQLite's locking.
const dbLockByte = 0x40000800

func lockPath(dbPath string) string { return dbPath + ".lock" }

// acquireLock takes the writer lock without waiting, and writes our pid
// into the lock file so a refused second process can say who holds it.
func acquireLock(dbPath string) (*writerLock, error) { return takeLock(dbPath, true) }

// probeLock takes the lock without writing our pid, for a reader that only
// checks nobody writes (tidyAfterReader): a read must leave the files as
// they were, the lock file included.
func probeLock(dbPath string) (*writerLock, error) { return takeLock(dbPath, false) }

func takeLock(dbPath string, notePid bool) (*writerLock, error) {
	lp := lockPath(dbPath)
	created := true
	f, err := os.OpenFile(lp, os.O_RDWR|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
	if errors.Is(err, os.ErrExist) {
		created = false
		f, err = os.OpenFile(lp, os.O_RDWR|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
	}
	if err != nil {
		return nil, unusable(dbPath, "cannot be locked: its lock file "+showPath(lp)+" cannot be opened ("+errnoText(err)+"); fix the permissions or choose another file with --db", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if created {
			os.Remove(lp)
		}
		if errors.Is(err, syscall.EWOULDBLOCK) {
			who := "another process"
			if b, rerr := os.ReadFile(lp); rerr == nil {
				if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil && pid > 0 {
					who = fmt.Sprintf("pid %d", pid)
				}
			}
			return nil, &openError{
				msg:  fmt.Sprintf("%s is open in another trustwork (%s); close that one first", showPath(dbPath), who),
				kind: ErrLocked,
			}
		}
		return nil, unusable(dbPath, "cannot be locked ("+errnoText(err)+"); choose a file on a local disk with --db", err)
	}
	l := &writerLock{f: f, created: created}
	if _, err := os.Lstat(dbPath); err == nil {
		if err := l.guard(dbPath, dbPath); err != nil {
			l.discard()
			return nil, err
		}
	}
	// Best effort: the pid only improves the message above.
	if !notePid {
		return l, nil
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return l, nil
}

// discard drops the lock after Open refused the file, removing the lock
// file if this process created it, so a refused file leaves nothing new
// beside it. The unlink happens while the lock is still held; a process
// that opened the old file in between fails its non-blocking flock, or
// takes a lock on a file that is about to be refused anyway.
func (l *writerLock) discard() {
	if l == nil || l.f == nil {
		return
	}
	if l.created {
		os.Remove(l.f.Name())
	}
	l.release()
}

// release drops the lock. The file stays: removing it would race with a
// process that has just opened it and is waiting to lock it.
func (l *writerLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	if l.db != nil {
		l.db.Close() // releases the OFD lock
		l.db = nil
	}
	err := l.f.Close() // closing the last descriptor releases the flock
	l.f = nil
	return err
}
