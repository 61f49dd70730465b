package main

import (
	"context"
	"fmt"
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
	res, err := store.Restore(context.Background(), backup, path, c.flag("replace"), time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Restored %s into %s\n", sanitize.Path(backup), sanitize.Path(path))
	if res.Kept != "" {
		fmt.Fprintf(e.stderr, "The journal it replaced is kept as %s\n", sanitize.Path(res.Kept))
	}
	return nil
}
