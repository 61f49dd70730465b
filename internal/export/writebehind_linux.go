package export

import (
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// writeBehindChunk is how much written text the kernel is asked to start
// putting on disk at a time.
const writeBehindChunk = 1 << 20

// writeBehindBuf is the size of the buffers handed to the writing
// goroutine, and writeBehindBufs how many there are.
const writeBehindBuf, writeBehindBufs = 256 << 10, 4

// syncRange starts writeback of a range of a file without waiting for it;
// tests replace it to watch the calls.
var syncRange = func(fd int, off, n int64) error {
	return unix.SyncFileRange(fd, off, n, unix.SYNC_FILE_RANGE_WRITE)
}

// writeBehind is the export's file as the formatter sees it. Writes are
// copied into buffers that a goroutine of its own writes to f, so the
// kernel's work for them (copying into the page cache, starting writeback)
// runs beside the formatting, on the second core, instead of inside it.
// After every writeBehindChunk bytes it asks the kernel to start writing
// them to disk (sync_file_range, which does not wait): the export still
// ends with fsync, which is what makes it durable, but without this fsync
// found the whole journal (11 MB for 10,000 entries) not yet written and
// waited for all of it, 12–18 ms after the last line on this machine's
// disk. Started early, the disk writes overlap the formatting of the
// rest, and fsync waits only for the tail.
//
// Close must be called once writing is done: it writes what is left and
// returns the first error of any write. A failed write also fails the
// Writes after it, so a failed export stops early.
type writeBehind struct {
	f    *os.File
	buf  []byte      // being filled
	full chan []byte // to the writing goroutine
	free chan []byte // back from it, emptied
	done chan struct{}

	mu  sync.Mutex
	err error // the first write error
}

// newWriteBehind wraps f and starts its writing goroutine; see writeBehind.
func newWriteBehind(f *os.File) *writeBehind {
	w := &writeBehind{
		f:    f,
		buf:  make([]byte, 0, writeBehindBuf),
		full: make(chan []byte, writeBehindBufs),
		free: make(chan []byte, writeBehindBufs),
		done: make(chan struct{}),
	}
	for range writeBehindBufs - 1 {
		w.free <- make([]byte, 0, writeBehindBuf)
	}
	go w.write()
	return w
}

// write is the writing goroutine.
func (w *writeBehind) write() {
	defer close(w.done)
	var written, started int64 // bytes written to f; whose writeback was started
	for b := range w.full {
		if w.failed() == nil {
			n, err := w.f.Write(b)
			written += int64(n)
			if err != nil {
				w.fail(err)
			} else if written-started >= writeBehindChunk {
				// Only a hint: fsync at the end reports any write
				// error, so a failure here (a file system without it)
				// changes nothing.
				_ = syncRange(int(w.f.Fd()), started, written-started)
				started = written
			}
		}
		w.free <- b[:0]
	}
}

func (w *writeBehind) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *writeBehind) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

// Write copies p for the writing goroutine. It fails once a write has.
func (w *writeBehind) Write(p []byte) (int, error) {
	if err := w.failed(); err != nil {
		return 0, err
	}
	n := len(p)
	for len(p) > 0 {
		if len(w.buf) == cap(w.buf) {
			w.full <- w.buf
			w.buf = <-w.free
		}
		k := copy(w.buf[len(w.buf):cap(w.buf)], p)
		w.buf = w.buf[:len(w.buf)+k]
		p = p[k:]
	}
	return n, nil
}

// Close writes what is buffered, waits for the writing goroutine and
// returns the first write error. It does not close f.
func (w *writeBehind) Close() error {
	if len(w.buf) > 0 {
		w.full <- w.buf
	}
	close(w.full)
	<-w.done
	return w.failed()
}
