package store

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// writerLock is the flock(2) held on "<db>.lock" while a Store may write.
// flock rather than SQLite's own locking: SQLite would let two trustwork
// windows interleave saves, each with a stale picture of the other's work.
// The kernel drops a flock when its holder dies, so a killed process never
// leaves the database blocked.
type writerLock struct {
	f *os.File
	// created is true when this process made the lock file, so a refusal
	// can take it away again and leave the folder as it found it.
	created bool
}

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
	// Best effort: the pid only improves the message above.
	if !notePid {
		return &writerLock{f: f, created: created}, nil
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &writerLock{f: f, created: created}, nil
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
	err := l.f.Close() // closing the last descriptor releases the flock
	l.f = nil
	return err
}
