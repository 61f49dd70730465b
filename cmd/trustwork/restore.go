package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/trustwork/trustwork/internal/store"
)

// restore is `trustwork restore [--replace] BACKUP`: a copy of the backup
// becomes the journal (--db). The backup is checked as opening a journal
// would check it and never modified; a journal with anything in it is
// replaced only with --replace, and then kept beside the restored one.
func (e env) restore(dbFlag string, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&dbFlag, "db", dbFlag, "data file")
	replace := fs.Bool("replace", false, "replace a journal that already holds entries (it is kept beside the restored one)")
	if err := fs.Parse(args); err != nil {
		return usageErr{err}
	}
	e.noteDBFlag(fs)
	if fs.NArg() != 1 {
		return usageErr{errors.New("restore takes one backup file: trustwork restore [--replace] BACKUP (backups are in the backups folder beside your journal)")}
	}
	path, err := e.dbPath(dbFlag)
	if err != nil {
		return err
	}
	res, err := store.Restore(context.Background(), fs.Arg(0), path, *replace, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Restored %s into %s\n", oneLine(fs.Arg(0)), oneLine(path))
	if res.Kept != "" {
		fmt.Fprintf(e.stderr, "The journal it replaced is kept as %s\n", oneLine(res.Kept))
	}
	return nil
}
