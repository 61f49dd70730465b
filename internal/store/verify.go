package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// ErrDamagedSource is matched (errors.Is) by a backup refused because the
// journal failed its integrity check: a damaged copy must never count as a
// backup, nor push a good one out of the folder.
var ErrDamagedSource = errors.New("the journal failed its integrity check")

type damagedSourceError struct{ msg string }

func (e *damagedSourceError) Error() string { return e.msg }
func (e *damagedSourceError) Unwrap() []error {
	return []error{ErrDamagedSource, ErrNotTrustwork}
}

// checkCopy runs PRAGMA integrity_check on a finished backup file (read
// only; backups have no -wal, so nothing is created beside it). A copy
// made by the online backup API has the source's pages, so a bad verdict
// means the journal itself is damaged.
func checkCopy(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	db, err := sql.Open(driverName, "file:"+escapePath(abs)+"?mode=ro&immutable=1")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return ErrDamagedSource
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return ErrDamagedSource
		}
		msgs = append(msgs, m)
	}
	if rows.Err() != nil || len(msgs) != 1 || msgs[0] != "ok" {
		return ErrDamagedSource
	}
	return nil
}

// backupPattern matches the backups of stem this package names, capturing
// the UTC stamp and the sequence number; rescued copies are included
// (they are good copies too) and sort with the rest by time.
func backupPattern(stem string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(stem) + `-(\d{8}T\d{6}Z)-(?:v\d+|rescued)(?:-(\d+))?\.db$`)
}

// newestGoodBackup returns the newest backup of stem in dir that passes
// its integrity check, or "".
func newestGoodBackup(ctx context.Context, dir, stem string) string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	re := backupPattern(stem)
	var names []string
	for _, e := range ents {
		if re.MatchString(e.Name()) && e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	// Newest first: the stamp is the first difference, then the sequence.
	sort.Slice(names, func(i, j int) bool {
		mi, mj := re.FindStringSubmatch(names[i]), re.FindStringSubmatch(names[j])
		if mi[1] != mj[1] {
			return mi[1] > mj[1]
		}
		return len(mi[2]) > len(mj[2]) || len(mi[2]) == len(mj[2]) && mi[2] > mj[2]
	})
	for _, n := range names {
		p := filepath.Join(dir, n)
		if brokenBackup(p) {
			continue
		}
		if checkCopy(ctx, p) == nil {
			return p
		}
	}
	return ""
}

// restoreHint says what to do with a damaged journal at dbPath: copy the
// newest good backup over it, or, with none, keep the file.
func restoreHint(ctx context.Context, dbPath, dir string) string {
	if good := newestGoodBackup(ctx, dir, backupStem(dbPath)); good != "" {
		return fmt.Sprintf("close trustwork and copy your newest good backup %s over %s, or choose another file with --db",
			showPath(good), showPath(dbPath))
	}
	return "no good backup was found in " + showPath(dir) + "; keep this file as it is (do not delete it) and choose another file with --db"
}

// damagedSource is the refusal of a backup of a damaged journal. dest is
// where the backup would have gone (a file, or "" for the folder dir).
func damagedSource(ctx context.Context, dbPath, dir, dest string) error {
	what := "the backups in " + showPath(dir) + " were left as they are"
	if dest != "" {
		what = "nothing was written to " + showPath(dest)
	}
	hint := restoreHint(ctx, dbPath, filepath.Join(filepath.Dir(dbPath), "backups"))
	return &damagedSourceError{msg: fmt.Sprintf("%s failed its integrity check, so no backup was made and %s; %s",
		showPath(dbPath), what, strings.TrimSpace(hint))}
}
