package export

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// toUnnamedFile writes through an O_TMPFILE file. done is false (and
// nothing was written) when the file system does not support O_TMPFILE.
func toUnnamedFile(dir, path string, force bool, write func(io.Writer) error) (done bool, err error) {
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, 0o600)
	if err != nil {
		if errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.EISDIR) || errors.Is(err, unix.EINVAL) {
			return false, nil
		}
		return true, failed("cannot create a file in", dir, &fs.PathError{Op: "open", Path: dir, Err: err})
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	proc := "/proc/self/fd/" + strconv.Itoa(fd)
	if _, err := os.Stat(proc); err != nil {
		// Without /proc the file could not be given a name afterwards.
		return false, nil
	}
	// The journal is private: fchmod rather than trust the umask.
	if err := f.Chmod(0o600); err != nil {
		return true, fmt.Errorf("export: %w", err)
	}
	if err := writeAll(f, path, write); err != nil {
		return true, err
	}
	if err := f.Sync(); err != nil {
		return true, failed("cannot save", path, err)
	}
	if !force {
		// linkat fails with EEXIST rather than replace: the no-overwrite
		// rule, atomically.
		err := unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, path, unix.AT_SYMLINK_FOLLOW)
		if errors.Is(err, unix.EEXIST) {
			return true, &existsError{path}
		}
		if err != nil {
			return true, failed("cannot create", path, &fs.PathError{Op: "link", Path: path, Err: err})
		}
	} else {
		// Name it under a unique temporary name, then rename over path:
		// the old export stays whole until the new one replaces it.
		d, base := filepath.Split(path)
		var tmp string
		for i := 0; ; i++ {
			tmp = filepath.Join(d, "."+base+".tmp-"+strconv.Itoa(os.Getpid())+"-"+strconv.FormatUint(uint64(time.Now().UnixNano())+uint64(i), 36))
			err = unix.Linkat(unix.AT_FDCWD, proc, unix.AT_FDCWD, tmp, unix.AT_SYMLINK_FOLLOW)
			if errors.Is(err, unix.EEXIST) && i < 10 {
				continue
			}
			break
		}
		if err != nil {
			return true, failed("cannot create a file in", dir, &fs.PathError{Op: "link", Path: tmp, Err: err})
		}
		if err := os.Rename(tmp, path); err != nil {
			_ = os.Remove(tmp)
			return true, failed("cannot replace", path, err)
		}
	}
	syncDir(dir)
	return true, nil
}
