package export

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// writeBehindChunk is how much written text the kernel is asked to start
// putting on disk at a time.
const writeBehindChunk = 1 << 20

// syncRange starts writeback of a range of a file without waiting for it;
// tests replace it to watch the calls.
var syncRange = func(fd int, off, n int64) error {
	return unix.SyncFileRange(fd, off, n, unix.SYNC_FILE_RANGE_WRITE)
}

// writeBehind passes writes to f and, after every writeBehindChunk bytes,
// asks the kernel to start writing them to disk (sync_file_range, which
// does not wait). The export still ends with fsync, which is what makes
// it durable; without this, fsync found the whole journal (11 MB for
// 10,000 entries) not yet written and waited for all of it, 12–18 ms
// after the last line on this machine's disk. Started early, the disk
// writes overlap the formatting of the rest, and fsync waits only for
// the tail.
type writeBehind struct {
	f       *os.File
	written int64 // bytes written to f so far
	started int64 // bytes whose writeback has been started
}

// newWriteBehind wraps f; see writeBehind.
func newWriteBehind(f *os.File) io.Writer { return &writeBehind{f: f} }

func (w *writeBehind) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.written += int64(n)
	if w.written-w.started >= writeBehindChunk {
		// Only a hint: fsync at the end reports any write error, so a
		// failure here (a file system without it) changes nothing.
		_ = syncRange(int(w.f.Fd()), w.started, w.written-w.started)
		w.started = w.written
	}
	return n, err
}
