package export

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// existsError is returned by ToFile when path exists and force is false.
// errors.Is(err, fs.ErrExist) reports it.
type existsError struct{ path string }

func (e *existsError) Error() string {
	return showPath(e.path) + " already exists; use --force to replace it, or choose another file with -o"
}

func (e *existsError) Unwrap() error { return fs.ErrExist }

// ToFile creates path (0600) and calls write with it. It refuses to replace
// an existing file unless force; that error satisfies errors.Is(err,
// fs.ErrExist). The journal is written to a file that has no name until it
// is complete and fsynced, then named path in one step, so a failed or
// killed export never leaves a half file, a stray copy of the journal, or
// a clobbered old export. "-" is not handled here (the CLI writes to stdout
// itself).
//
// On Linux the file is made with O_TMPFILE: it has no directory entry
// while written, and if the process dies the kernel frees it. Where
// O_TMPFILE is unsupported, a hidden ".<name>.tmp-*" file is used instead,
// removed on any error; ones left by a killed export are swept first.
func ToFile(path string, force bool, write func(io.Writer) error) (err error) {
	if path == "" {
		return errors.New("export: no file name given; choose a file with -o")
	}
	through, err := checkTarget(path)
	if err != nil {
		return err
	}
	if through {
		return writeThrough(path, write)
	}
	if !force {
		// Checked first so a refused export costs nothing; the link below
		// closes the race with a file created while we write.
		if _, err := os.Lstat(path); err == nil {
			return &existsError{path}
		}
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	// Temps of a killed export (from the fallback, or from an older
	// trustwork) each hold a plaintext copy of the journal; sweep them.
	removeStaleTemps(dir, base)
	if !noTmpfile {
		done, err := toUnnamedFile(dir, path, force, write)
		if done {
			return err
		}
	}
	return toNamedTemp(dir, base, path, force, write)
}

// noTmpfile forces the named-temp fallback; tests set it.
var noTmpfile bool

// toNamedTemp is the fallback without O_TMPFILE: a hidden temp file,
// fsynced and renamed into place.
func toNamedTemp(dir, base, path string, force bool, write func(io.Writer) error) (err error) {
	// The journal is private: the temp file is created 0600 by CreateTemp,
	// whatever the umask, and it is the inode that ends up at path.
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return failed("cannot create a file in", dir, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err = writeAll(f, path, write); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return failed("cannot save", path, err)
	}
	if err := f.Close(); err != nil {
		return failed("cannot save", path, err)
	}
	if force {
		if err := os.Rename(tmp, path); err != nil {
			return failed("cannot replace", path, err)
		}
	} else if err := noClobberRename(tmp, path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// removeStaleTemps deletes ".<base>.tmp-*" files in dir: each is a plain
// text copy of the journal left by an export of the same file that was
// killed, and nothing else would ever remove it. An export running at the
// same moment to the same file loses its temp and fails cleanly at the
// rename; the person can run it again.
func removeStaleTemps(dir, base string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + ".tmp-"
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsRegular() {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// noClobberRename moves tmp to path unless path exists. A hard link fails
// atomically if path exists; on file systems without hard links it falls
// back to check-then-rename, which leaves only a tiny window.
func noClobberRename(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		_ = os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return &existsError{path}
	}
	if _, lerr := os.Lstat(path); lerr == nil {
		return &existsError{path}
	}
	if err := os.Rename(tmp, path); err != nil {
		return failed("cannot create", path, err)
	}
	return nil
}

// syncDir makes the rename durable. Failure is not reported: the file is
// complete and in place, and some systems cannot fsync a directory.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// DefaultFileName returns e.g. "trustwork-journal-2026-11-21.md", using
// now's own location for the date.
func DefaultFileName(now time.Time) string {
	return "trustwork-journal-" + now.Format("2006-01-02") + ".md"
}

// writeAll runs write on f through a writeBehind. A failed write to the
// file is the error then, whatever the formatter made of it (it saw the
// failure as its own writes failing, in the middle of reading entries):
// the disk is full, not the journal unreadable.
func writeAll(f *os.File, path string, write func(io.Writer) error) error {
	wb := newWriteBehind(f)
	err := write(wb)
	if werr := wb.Close(); werr != nil {
		return failed("cannot write", path, werr)
	}
	return err
}
