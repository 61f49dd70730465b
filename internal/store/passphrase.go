package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/seal"
)

// kdfParams is the Argon2id cost of new locks; tests lower it.
var kdfParams = seal.DefaultParams

// ErrWrongPassphrase is returned by Unlock and by SetPassphrase's check of
// the current passphrase. Nothing was written.
var ErrWrongPassphrase = seal.ErrWrongPassphrase

// hasLockRecord reports whether the file has a passphrase record, as
// loadLock reads it, for Open to decide before any pool is opened.
func hasLockRecord(ctx context.Context, db *sql.DB) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'lock'`).Scan(&n)
	if err != nil || n == 0 {
		return false, err
	}
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM lock WHERE id = 1`).Scan(&n)
	return n > 0, err
}

// loadLock reads whether the file has a passphrase. A file from before
// the lock table (opened read-only, so not migrated) has none.
func (s *Store) loadLock(ctx context.Context) error {
	var n int
	if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'lock'`).Scan(&n); err != nil {
		return s.readErr(ctx, "reading the lock", err)
	}
	if n == 0 {
		s.cdc.Store(plainCodec)
		return nil
	}
	var raw []byte
	var idle int64
	var scrubbed bool
	err := s.w.QueryRowContext(ctx, `SELECT record, idle_seconds, scrubbed FROM lock WHERE id = 1`).Scan(&raw, &idle, &scrubbed)
	if errors.Is(err, sql.ErrNoRows) {
		s.cdc.Store(plainCodec)
		return nil
	}
	if err != nil {
		return s.readErr(ctx, "reading the lock", err)
	}
	rec, err := seal.ParseRecord(raw)
	if err != nil {
		return notTrustwork(s.abs, "its passphrase record is damaged")
	}
	s.cdc.Store(&codec{sealed: true, rec: &rec, idle: time.Duration(idle) * time.Second})
	if !scrubbed && !s.readOnly {
		// The lock went on but the process died before the old plain
		// text was cleared; clearing needs no key.
		return s.scrub(ctx)
	}
	return nil
}

// Explain turns an error from reading the file into the line a person
// reads: damage (which a read-only open finds only on reading) is said as
// opening would say it, with where a good copy is; other errors pass.
func (s *Store) Explain(ctx context.Context, err error) error {
	if isDamage(err) {
		return damagedFile(ctx, s.abs)
	}
	return err
}

// readErr is an error reading what Open needs: damage, which a read-only
// open finds only here, is said as a check would say it.
func (s *Store) readErr(ctx context.Context, what string, err error) error {
	if isDamage(err) {
		return s.Explain(ctx, err)
	}
	return fmt.Errorf("%s: %s: %w", showPath(s.abs), what, err)
}

// HasPassphrase reports whether the journal is sealed with a passphrase.
func (s *Store) HasPassphrase() bool { return s.codec().sealed }

// Locked reports whether the journal has a passphrase that has not been
// given yet (or was dropped by Forget). While locked, private text cannot
// be read and nothing can be written.
func (s *Store) Locked() bool { return s.codec().ready() != nil }

// Unlock checks passphrase against the stored verifier and, if it is
// right, lets the Store read and write private text. It never writes: a
// wrong passphrase returns ErrWrongPassphrase and leaves every file as it
// was, and may be retried at once (there is no lock-out). Unlocking a
// journal without a passphrase does nothing.
func (s *Store) Unlock(passphrase []byte) error {
	c := s.codec()
	if !c.sealed {
		return nil
	}
	key, err := seal.Unlock(*c.rec, passphrase)
	if err != nil {
		return err
	}
	s.cdc.Store(&codec{sealed: true, key: key, rec: c.rec, idle: c.idle})
	return nil
}

// Forget drops the unlocked key (the idle lock): until Unlock is called
// again, private text cannot be read and nothing can be written.
func (s *Store) Forget() {
	if c := s.codec(); c.sealed {
		s.cdc.Store(&codec{sealed: true, rec: c.rec, idle: c.idle})
	}
}

// SetPassphrase turns the lock on, or changes the passphrase of an
// unlocked journal. Turning it on seals every private field of every row,
// and writes the lock record, in one transaction, so a crash leaves the
// journal all plain or all sealed; then scrub removes the plain text from
// the WAL and free pages. Changing it rewraps the one data key and
// rewrites nothing else.
func (s *Store) SetPassphrase(ctx context.Context, passphrase []byte) error {
	if err := s.injected("SetPassphrase"); err != nil {
		return err
	}
	c := s.codec()
	_, ts := s.nowText()
	if c.sealed {
		rec, err := c.key.Wrap(passphrase, kdfParams)
		if err != nil {
			return fmt.Errorf("change passphrase: %w", err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE lock SET record = ?, updated_at = ? WHERE id = 1`, rec.Marshal(), ts)
			return err
		})
		if err != nil {
			return fmt.Errorf("change passphrase: %w", err)
		}
		s.cdc.Store(&codec{sealed: true, key: c.key, rec: &rec, idle: c.idle})
		// The old record would still open with the old passphrase.
		return s.scrub(ctx)
	}
	key, rec, err := seal.New(passphrase, kdfParams)
	if err != nil {
		return fmt.Errorf("set passphrase: %w", err)
	}
	to := &codec{sealed: true, key: key, rec: &rec}
	err = s.convert(ctx, c, to, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO lock (id, record, updated_at, scrubbed) VALUES (1, ?, ?, 0)`, rec.Marshal(), ts)
		return err
	})
	if err != nil {
		return fmt.Errorf("set passphrase: %w", err)
	}
	return s.scrub(ctx)
}

// RemovePassphrase turns the lock off: the mirror image of turning it on.
// The journal must be unlocked.
func (s *Store) RemovePassphrase(ctx context.Context) error {
	if err := s.injected("RemovePassphrase"); err != nil {
		return err
	}
	c := s.codec()
	if !c.sealed {
		return nil
	}
	err := s.convert(ctx, c, plainCodec, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM lock`)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove passphrase: %w", err)
	}
	return s.scrub(ctx)
}

// privateTable names a table's private columns and the columns that give
// a row its identity in associated data.
type privateTable struct {
	name string
	keys []string
	cols []string
}

var privateTables = []privateTable{
	{"workbooks", []string{"id"}, []string{"partner_name", "relationship"}},
	{"entries", []string{"id"}, []string{"prompt_text", "body"}},
	{"drafts", []string{"workbook_id", "step_id", "prompt_id", "entry_id"}, []string{"prompt_text", "body"}},
}

func init() {
	// Every tool table keeps its private fields in data and text (see
	// records.go), so the lock converts them all the same way.
	for _, t := range ToolTables {
		privateTables = append(privateTables, privateTable{t, []string{"id"}, []string{"data", "text"}})
	}
}

// convertHook, when set (by tests), runs after each batch of rows is
// converted and once more just before the commit.
var convertHook func()

// convertBatch is how many rows convert holds in memory at once.
const convertBatch = 256

// convert rewrites every private field from one codec to the other, and
// runs mark (which adds or removes the lock row), in one transaction; the
// Store uses the new codec only once it has committed.
func (s *Store) convert(ctx context.Context, from, to *codec, mark func(*sql.Tx) error) error {
	if err := from.ready(); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, t := range privateTables {
			if err := convertTable(ctx, tx, t, from, to); err != nil {
				return err
			}
		}
		if err := mark(tx); err != nil {
			return err
		}
		if convertHook != nil {
			convertHook()
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.cdc.Store(to)
	if convertHook != nil {
		convertHook() // committed, not yet scrubbed
	}
	return nil
}

// convertTable walks t by rowid in batches (rows are read, then updated,
// so no statement reads a table while it is being written).
func convertTable(ctx context.Context, tx *sql.Tx, t privateTable, from, to *codec) error {
	sel := fmt.Sprintf(`SELECT rowid, %s, %s FROM %s WHERE rowid > ? ORDER BY rowid LIMIT %d`,
		strings.Join(t.keys, ", "), strings.Join(t.cols, ", "), t.name, convertBatch)
	sets := make([]string, len(t.cols))
	for i, c := range t.cols {
		sets[i] = c + " = ?"
	}
	upd := fmt.Sprintf(`UPDATE %s SET %s WHERE rowid = ?`, t.name, strings.Join(sets, ", "))
	type row struct {
		rowid int64
		keys  []string
		vals  []string
	}
	var last int64
	for {
		rows, err := tx.QueryContext(ctx, sel, last)
		if err != nil {
			return err
		}
		var batch []row
		for rows.Next() {
			r := row{keys: make([]string, len(t.keys)), vals: make([]string, len(t.cols))}
			dest := []any{&r.rowid}
			for i := range r.keys {
				dest = append(dest, &r.keys[i])
			}
			for i := range r.vals {
				dest = append(dest, &r.vals[i])
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		for _, r := range batch {
			args := make([]any, 0, len(r.vals)+1)
			for i, v := range r.vals {
				where := append([]string{t.name, t.cols[i]}, r.keys...)
				plain, err := from.open(v, where...)
				if err != nil {
					return err
				}
				stored, err := to.seal(plain, where...)
				if err != nil {
					return err
				}
				args = append(args, stored)
			}
			if _, err := tx.ExecContext(ctx, upd, append(args, r.rowid)...); err != nil {
				return err
			}
			last = r.rowid
		}
		if convertHook != nil {
			convertHook()
		}
	}
}

// scrub leaves no old text behind in the file: secure_delete (set on
// every connection) zeroes freed cells, the checkpoint copies the WAL into
// the database and truncates it, VACUUM rebuilds the file without free
// pages, and a last checkpoint empties the WAL again.
func (s *Store) scrub(ctx context.Context) error {
	// The checkpoints and VACUUM rewrite the main file: under ident.mu,
	// recorded after, so no check takes them for another program's.
	s.ident.mu.Lock()
	defer s.ident.mu.Unlock()
	defer s.recordLocked()
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Marked done first: the mark is in the WAL, which the checkpoints
	// below copy and empty like everything else. A crash before them
	// leaves a WAL that a later clean close checkpoints.
	if _, err := conn.ExecContext(ctx, `UPDATE lock SET scrubbed = 1 WHERE scrubbed = 0`); err != nil && !strings.Contains(err.Error(), "no such table") {
		return fmt.Errorf("%s: clearing old text: %w", showPath(s.abs), err)
	}
	for _, q := range []string{"PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		// A TRUNCATE checkpoint answers busy while a reader (the journal
		// list, an export) still holds an older snapshot. Readers here are
		// short, so wait for them a while before giving up.
		for try := 0; ; try++ {
			busy, err := scrubStep(ctx, conn, q)
			if err != nil {
				return fmt.Errorf("%s: clearing old text (%s): %w", showPath(s.abs), q, err)
			}
			if !busy {
				break
			}
			if try == scrubTries {
				return fmt.Errorf("%s: clearing old text: the file is busy; close other trustwork windows and try again", showPath(s.abs))
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(scrubWait):
			}
		}
	}
	return nil
}

// How long scrub waits for readers: scrubTries times scrubWait, 5 s.
const (
	scrubTries = 100
	scrubWait  = 50 * time.Millisecond
)

// scrubStep runs one statement of scrub and reports whether a checkpoint
// said it was busy.
func scrubStep(ctx context.Context, conn *sql.Conn, q string) (busy bool, err error) {
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	var b, logFrames, done int
	for rows.Next() {
		if err := rows.Scan(&b, &logFrames, &done); err == nil && b != 0 {
			busy = true
		}
	}
	return busy, rows.Err()
}

// PlainBackups lists the backups (in dir, default "backups" beside the
// database) that were written while the journal had no passphrase, so
// still hold its words in plain text. The app offers to remove them when
// the lock is turned on.
func (s *Store) PlainBackups(dir string) ([]string, error) {
	if dir == "" {
		dir = filepath.Join(filepath.Dir(s.abs), "backups")
	}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") || !strings.HasSuffix(e.Name(), ".db") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if sealed, err := fileHasLock(p); err == nil && !sealed {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out, nil
}

// fileHasLock reports whether the trustwork file at p has a lock row. It
// opens p read-only and immutable, so nothing is written beside it.
func fileHasLock(p string) (bool, error) {
	db, err := sql.Open("sqlite3", "file:"+escapePath(p)+"?mode=ro&immutable=1")
	if err != nil {
		return false, err
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'lock'`).Scan(&n); err != nil {
		return false, err
	}
	if n == 0 {
		return false, nil
	}
	if err := db.QueryRow(`SELECT count(*) FROM lock`).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}

// IdleLock is how long the app may sit without a key before it locks
// itself; 0 means never. Only a journal with a passphrase has one.
func (s *Store) IdleLock() time.Duration { return s.codec().idle }

// SetIdleLock records the idle time (rounded to seconds; 0 turns it off).
// The journal must have a passphrase and be unlocked.
func (s *Store) SetIdleLock(ctx context.Context, d time.Duration) error {
	if err := s.injected("SetIdleLock"); err != nil {
		return err
	}
	c := s.codec()
	if !c.sealed {
		return errors.New("set an idle lock: the journal has no passphrase; set one first")
	}
	secs := max(int64(d/time.Second), 0)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE lock SET idle_seconds = ? WHERE id = 1`, secs)
		return err
	})
	if err != nil {
		return fmt.Errorf("set an idle lock: %w", err)
	}
	s.cdc.Store(&codec{sealed: true, key: c.key, rec: c.rec, idle: time.Duration(secs) * time.Second})
	return nil
}

// SealBlob seals a file's contents (a recovery file) for the journal's
// key, bound to where (the file's name); ok is false when the journal has
// no passphrase and the contents should be stored as they are.
func (s *Store) SealBlob(where string, plain []byte) (sealed []byte, ok bool, err error) {
	c := s.codec()
	if !c.sealed {
		return nil, false, nil
	}
	if c.key == nil {
		return nil, false, ErrJournalLocked
	}
	return c.key.Seal(plain, seal.AAD("file", where)), true, nil
}

// OpenBlob opens what SealBlob sealed for the same where.
func (s *Store) OpenBlob(where string, sealed []byte) ([]byte, error) {
	c := s.codec()
	if c.key == nil {
		return nil, ErrJournalLocked
	}
	return c.key.Open(sealed, seal.AAD("file", where))
}

// AdoptKey unlocks s with the key another Store of the same journal was
// unlocked with (the app checks the passphrase on a read-only Store, then
// opens one that writes). The lock records must be the same.
func (s *Store) AdoptKey(from *Store) error {
	c, f := s.codec(), from.codec()
	if !c.sealed {
		return nil
	}
	if f.key == nil || f.rec == nil || !bytes.Equal(f.rec.Marshal(), c.rec.Marshal()) {
		return fmt.Errorf("%s: the passphrase changed while it was being checked; start again", showPath(s.abs))
	}
	s.cdc.Store(&codec{sealed: true, key: f.key, rec: c.rec, idle: c.idle})
	return nil
}
