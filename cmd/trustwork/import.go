package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/trustwork/trustwork/internal/portable"
	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// importJournal is `trustwork import FILE`: a journal exported with
// --format json goes into the journal file (--db), which must be new or
// empty. The whole FILE is checked before the journal is touched, and an
// existing journal with anything in it is never opened for writing.
func (e env) importJournal(c call) error {
	src := c.args[0]
	path, err := e.dbPath(c.db)
	if err != nil {
		return err
	}
	rows, err := readPortable(src, e.stdin)
	if err != nil {
		return err
	}
	if err := refuseNonEmpty(path); err != nil {
		return err
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.ImportRows(context.Background(), rows); err != nil {
		if errors.Is(err, store.ErrNotEmpty) {
			return notEmptyError(path)
		}
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	entries, drafts := 0, 0
	for _, w := range rows {
		entries += len(w.Entries)
		drafts += len(w.Drafts)
	}
	fmt.Fprintf(e.stderr, "Imported %s and %s into %s\n", plural(entries, "entry", "entries"), plural(drafts, "draft", "drafts"), sanitize.Path(path))
	return nil
}

// readPortable reads and checks the whole document at src ("-" is stdin).
func readPortable(src string, stdin io.Reader) ([]store.WorkbookRows, error) {
	r := stdin
	name := "standard input"
	if src != "-" {
		abs, err := filepath.Abs(src)
		if err != nil {
			return nil, err
		}
		name = abs
		f, err := os.Open(abs)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s (%s); check the file name", sanitize.Path(abs), errText(err))
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a regular file; give the .json file trustwork export --format json wrote, or pipe it in with trustwork import - < FILE", sanitize.Path(abs))
		}
		r = f
	}
	rows, err := portable.Read(r)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be imported: %v; nothing was changed", sanitize.Path(name), err)
	}
	return rows, nil
}

// refuseNonEmpty fails, without writing anything, when path is a journal
// that holds anything. It opens an existing file read-only, so the same
// refusals as opening it apply (not trustwork's, damaged, too new) and an
// older schema is not upgraded in place.
func refuseNonEmpty(path string) error {
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	empty, err := st.IsEmpty(context.Background())
	if err != nil {
		return err
	}
	if !empty {
		return notEmptyError(path)
	}
	return nil
}

func notEmptyError(path string) error {
	return fmt.Errorf("%s already holds a journal, and import only fills a new or empty one; nothing was changed: import into a new file with --db NEW.db", sanitize.Path(path))
}

// errText is an error's cause without the path it repeats.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
