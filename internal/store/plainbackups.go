package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// RemovePlainBackups removes backups that PlainBackups listed, once the
// person has agreed. Each is checked again first: a file that now has a
// lock (or cannot be read as a trustwork file) is left alone, because
// only plain copies of the words are what the person agreed to remove.
func RemovePlainBackups(paths []string) error {
	var errs []error
	for _, p := range paths {
		if sealed, err := fileHasLock(p); err != nil || sealed {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("removing %s: %w", showPath(p), err))
		}
	}
	return errors.Join(errs...)
}
