package store

import (
	"os"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// readers counts the read-only Stores open in this process per database,
// so that only the last one to close tidies up: opening and closing the
// -shm file here would drop the POSIX locks another connection of this
// process holds on it. tidy remembers whether the first of them found no
// -wal or -shm: later ones see files this process made.
var readers = struct {
	sync.Mutex
	m map[string]*readerCount
}{m: map[string]*readerCount{}}

type readerCount struct {
	n    int
	tidy bool
}

// addReader records a read-only Store on abs; tidy says it found no -wal
// or -shm beside the file.
func addReader(abs string, tidy bool) {
	readers.Lock()
	defer readers.Unlock()
	c := readers.m[abs]
	if c == nil {
		c = &readerCount{tidy: tidy}
		readers.m[abs] = c
	}
	c.n++
}

// dropReader forgets one reader and reports whether the -wal and -shm
// should now be tidied: it was the last, and the first found none.
func dropReader(abs string) bool {
	readers.Lock()
	defer readers.Unlock()
	c := readers.m[abs]
	if c == nil {
		return false
	}
	c.n--
	if c.n > 0 {
		return false
	}
	delete(readers.m, abs)
	return c.tidy
}

// shmLockStart and shmLockLen cover SQLite's lock bytes in the -shm file
// (the WAL locks from byte 120 and the "dead man switch" at 128, which
// every connection using the -shm holds a read lock on while it is open).
const shmLockStart, shmLockLen = 120, 16

// tidyAfterReader removes the empty -wal and the -shm that a read-only
// SQLite connection made beside a cleanly closed database but cannot
// remove itself. It does nothing unless it can show nobody uses them: no
// trustwork writer (the writer lock is free), no other SQLite connection
// in any process (an exclusive open-file-description lock on the -shm
// lock bytes is granted), and no frames in the -wal.
func tidyAfterReader(abs string) {
	if !walEmpty(abs) {
		return
	}
	lock, err := probeLock(abs)
	if err != nil {
		return // a writer is there; its files are its own
	}
	defer lock.discard() // removes the lock file only if we made it
	shm, err := os.OpenFile(abs+"-shm", os.O_RDWR|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	defer shm.Close()
	// OFD locks conflict with SQLite's POSIX locks even within this
	// process, and closing shm releases only ours.
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: shmLockStart, Len: shmLockLen}
	if err := unix.FcntlFlock(shm.Fd(), unix.F_OFD_SETLK, &lk); err != nil {
		return
	}
	st, err := os.Lstat(abs + "-wal")
	if err != nil || !st.Mode().IsRegular() || st.Size() != 0 {
		return
	}
	os.Remove(abs + "-wal")
	os.Remove(abs + "-shm")
}
