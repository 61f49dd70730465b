package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/trustwork/trustwork/internal/sanitize"
)

// showPath shows a path faithfully on one line (see sanitize.Path).
func showPath(p string) string { return sanitize.Path(p) }

// targetError is a refused export target, as one line that says what to
// do.
type targetError struct {
	msg string
}

func (e *targetError) Error() string { return e.msg }

// ErrJournalFile is matched (errors.Is) by the refusal to write an export
// over the journal's own files.
var ErrJournalFile = errors.New("the journal's own file")

type journalFileError struct{ targetError }

func (e *journalFileError) Unwrap() error { return ErrJournalFile }

// journalSuffixes are the files that make up a journal at dbPath.
var journalSuffixes = []string{"", "-wal", "-shm", "-journal", ".lock"}

// CheckNotJournal refuses an export target that is one of the journal's
// own files (the database, its -wal, -shm, -journal or .lock), under any
// name: the same path, a symlink to it, another hard link, or the same
// folder reached another way. --force never overrides this: an export
// written there would replace the journal with markdown.
func CheckNotJournal(target, dbPath string) error {
	tabs, err := filepath.Abs(target)
	if err != nil {
		return nil
	}
	refuse := func() error {
		return &journalFileError{targetError{fmt.Sprintf(
			"%s is one of your journal's own files; choose another file name with -o", showPath(target))}}
	}
	tst, terr := os.Stat(tabs)
	tdir := resolveDir(tabs)
	for _, suf := range journalSuffixes {
		own := dbPath + suf
		if tdir == resolveDir(own) && filepath.Base(tabs) == filepath.Base(own) {
			return refuse()
		}
		if terr != nil {
			continue
		}
		if ost, err := os.Stat(own); err == nil && os.SameFile(tst, ost) {
			return refuse()
		}
	}
	return nil
}

// resolveDir is the real path of p's folder (symlinks followed), so two
// spellings of one folder compare equal.
func resolveDir(p string) string {
	d := filepath.Dir(p)
	if r, err := filepath.EvalSymlinks(d); err == nil {
		return r
	}
	return d
}

// sqliteMagic and the -wal magics start SQLite's database and log files.
var sqliteMagic = []byte("SQLite format 3\x00")

// checkTarget looks at what is already at path. It returns through=true
// for a character device or a FIFO (/dev/stdout, /dev/null, a pipe), which
// is written through and never replaced; a folder, a block device, a
// socket or a SQLite file (the journal, a backup, any database) is
// refused, with or without --force.
func checkTarget(path string) (through bool, err error) {
	st, err := os.Stat(path) // follows a symlink: /dev/stdout is one
	if err != nil {
		// A dangling symlink is not "absent": the rename would replace
		// the link itself with a regular file.
		if lst, lerr := os.Lstat(path); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			dest, _ := os.Readlink(path)
			return false, &targetError{fmt.Sprintf("%s is a symbolic link to %s, which does not exist; name that file itself with -o", showPath(path), showPath(dest))}
		}
		return false, nil // absent (or unreadable: creating it will say)
	}
	m := st.Mode()
	switch {
	case m.IsDir():
		return false, &targetError{fmt.Sprintf("%s is a folder; name a file inside it with -o (for example %s)",
			showPath(path), showPath(filepath.Join(path, "journal.md")))}
	case m&fs.ModeCharDevice != 0, m&fs.ModeNamedPipe != 0:
		return true, nil
	case !m.IsRegular():
		return false, &targetError{fmt.Sprintf("%s is not a regular file; choose a file name with -o", showPath(path))}
	}
	// A symlink to a file would be replaced by a regular file (the rename
	// goes to the link's name), silently cutting the link.
	if lst, err := os.Lstat(path); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
		real, _ := filepath.EvalSymlinks(path)
		return false, &targetError{fmt.Sprintf("%s is a symbolic link to %s; name that file itself with -o", showPath(path), showPath(real))}
	}
	if isSQLite(path) {
		return false, &targetError{fmt.Sprintf("%s is a database (your journal or a backup?), not an export; choose another file name with -o", showPath(path))}
	}
	return false, nil
}

// isSQLite reports whether the file at path starts like a SQLite database
// or write-ahead log.
func isSQLite(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [16]byte
	n, _ := io.ReadFull(f, b[:])
	if n == len(b) && bytes.Equal(b[:], sqliteMagic) {
		return true
	}
	// WAL header magic, big- or little-endian checksum flavour.
	return n >= 4 && b[0] == 0x37 && b[1] == 0x7f && b[2] == 0x06 && (b[3] == 0x82 || b[3] == 0x83)
}

// writeThrough writes to an existing character device or FIFO in place:
// no temporary file, no rename, so the node stays what it was. If what is
// opened turns out to be a regular file after all (it was swapped), it is
// left alone.
func writeThrough(path string, write func(io.Writer) error) error {
	f, err := openThrough(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Mode()&(fs.ModeCharDevice|fs.ModeNamedPipe) == 0 {
		return &targetError{fmt.Sprintf("%s changed while export opened it; try again", showPath(path))}
	}
	return Through(f, showPath(path), "; choose another file with -o", write)
}

// Through runs write on w, which is already open (standard output, a
// device). When w refuses the bytes (/dev/full, a reader that left) the
// error says that, naming w as name, and advice follows, rather than the
// reading it interrupted.
func Through(w io.Writer, name, advice string, write func(io.Writer) error) error {
	rw := &recordingWriter{w: w}
	if err := write(rw); err != nil {
		if rw.err != nil {
			return &fileError{msg: fmt.Sprintf("export: cannot write to %s (%v)%s", name, errnoOf(rw.err), advice), cause: rw.err}
		}
		return err
	}
	return nil
}

// openThrough opens a device or FIFO for writing. Opening a FIFO blocks
// until a program opens it for reading, which may be never; so it is
// opened without blocking, tried again for fifoWait, then refused.
func openThrough(path string) (*os.File, error) {
	flags := os.O_WRONLY | syscall.O_CLOEXEC
	if st, err := os.Stat(path); err == nil && st.Mode()&fs.ModeNamedPipe != 0 {
		flags |= syscall.O_NONBLOCK
	}
	deadline := time.Now().Add(fifoWait)
	for {
		f, err := os.OpenFile(path, flags, 0)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, syscall.ENXIO) || flags&syscall.O_NONBLOCK == 0 {
			return nil, &fileError{msg: fmt.Sprintf("export: cannot write to %s (%v); choose another file with -o", showPath(path), errnoOf(err)), cause: err}
		}
		if time.Now().After(deadline) {
			return nil, &targetError{fmt.Sprintf("nothing is reading from %s, a named pipe; start the program that reads it first, or choose a file with -o", showPath(path))}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// recordingWriter keeps the first error of the writer under it, so a
// failure to write can be told from a failure to read what was written.
type recordingWriter struct {
	w   io.Writer
	err error
}

func (r *recordingWriter) Write(p []byte) (int, error) {
	n, err := r.w.Write(p)
	if err != nil && r.err == nil {
		r.err = err
	}
	return n, err
}

// errnoOf is the short reason behind an OS error, without the path (which
// may be an internal temporary name, or hold a newline).
func errnoOf(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// fileError is an export that failed on the file system, as one line:
// what failed, the path shown faithfully, the reason, what to do. It
// unwraps to the OS error for errors.Is.
type fileError struct {
	msg   string
	cause error
}

func (e *fileError) Error() string { return e.msg }
func (e *fileError) Unwrap() error { return e.cause }

// failed builds a fileError; never with a temporary's name, only the path
// the person gave or its folder.
func failed(what, path string, err error) error {
	advice := "choose another file with -o"
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		advice = "free some disk space or choose another file with -o"
	}
	return &fileError{
		msg:   fmt.Sprintf("export: %s %s (%v); %s", what, showPath(path), errnoOf(err), advice),
		cause: err,
	}
}

// fifoWait is how long export waits for a program to open a FIFO for
// reading before it gives up; a test shortens it.
var fifoWait = 5 * time.Second
