package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// restore is `trustwork restore [--replace] BACKUP`: a copy of the backup
// becomes the journal (--db). The backup is checked as opening a journal
// would check it and never modified; a journal with anything in it is
// replaced only with --replace, and then kept beside the restored one.
func (e env) restore(c call) error {
	backup := c.args[0]
	path, err := e.dbPath(c.db)
	if err != nil {
		return err
	}
	wasLocked := hasPassphrase(path)
	res, err := store.Restore(context.Background(), backup, path, c.flag("replace"), time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Restored %s into %s\n", sanitize.Path(backup), sanitize.Path(path))
	if res.Kept != "" {
		fmt.Fprintf(e.stderr, "The journal it replaced is kept as %s\n", sanitize.Path(res.Kept))
	}
	if wasLocked && !hasPassphrase(path) {
		// A backup made before the lock: the journal is plain again, and
		// the person must not go on believing it is locked.
		fmt.Fprintln(e.stderr, "This backup has no passphrase, so your journal is no longer locked; run trustwork passphrase to lock it again.")
	}
	return nil
}

// hasPassphrase reports whether the journal at path exists and is locked;
// it is opened read-only, so nothing is written.
func hasPassphrase(path string) bool {
	if _, err := os.Lstat(path); err != nil {
		return false
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return false
	}
	defer st.Close()
	return st.HasPassphrase()
}
