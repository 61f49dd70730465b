package export

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// existsError is returned by ToFile when path exists and force is false.
// errors.Is(err, fs.ErrExist) reports it.
type existsError struct{ path string }

func (e *existsError) Error() string {
	return e.path + " already exists; use --force to replace it, or choose another file with -o"
}

func (e *existsError) Unwrap() error { return fs.ErrExist }

// ToFile creates path (0600) and calls write with it. It refuses to replace
// an existing file unless force; that error satisfies errors.Is(err,
// fs.ErrExist). It writes to a temp file (0600) in the same directory,
// fsyncs, and renames, so a failed export never leaves a half file or
// clobbers the old one; the temp file is removed on any error. "-" is not
// handled here (the CLI writes to stdout itself).
func ToFile(path string, force bool, write func(io.Writer) error) (err error) {
	if path == "" {
		return errors.New("export: no file name given; choose a file with -o")
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
	// The journal is private: the temp file is created 0600 by CreateTemp,
	// whatever the umask, and it is the inode that ends up at path.
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("export: cannot create a file in %s: %w", dir, err)
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
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("export: save %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: save %s: %w", path, err)
	}
	if force {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("export: cannot replace %s: %w", path, err)
		}
	} else if err := noClobberRename(tmp, path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
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
		return fmt.Errorf("export: cannot create %s: %w", path, err)
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
