package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/trustwork/trustwork/internal/seal"
)

// ErrJournalLocked is returned by reads of private text and by every write
// while a journal with a passphrase has not been unlocked (see Unlock).
var ErrJournalLocked = errors.New("the journal is locked; unlock it with your passphrase first")

// codec is the one path private fields take between Go and the file. It is
// plain (the identity) when the journal has no passphrase and sealed when
// it has one; queries are the same either way, because reads decrypt in
// SQL through the tw_open function (see openFunc) and writes seal their
// arguments in Go through seal. Nothing above the store knows which.
//
// A codec is immutable; a Store swaps the whole value when the lock is
// turned on or off, unlocked or dropped.
type codec struct {
	sealed bool          // the file has a lock row
	key    *seal.Key     // nil while a sealed journal is locked
	rec    *seal.Record  // the stored lock record, when sealed
	idle   time.Duration // the lock's idle time (see IdleLock)
}

var plainCodec = &codec{}

// opened counts the values tw_open has opened in this process, so tests
// can hold a query to one decryption per field and row.
var opened atomic.Int64

// ready says whether private fields can be read and written.
func (c *codec) ready() error {
	if c.sealed && c.key == nil {
		return ErrJournalLocked
	}
	return nil
}

// seal turns a private value into what is stored at the place named by
// where (table, column, then the row's identity).
func (c *codec) seal(plain string, where ...string) (string, error) {
	if !c.sealed {
		return plain, nil
	}
	if c.key == nil {
		return "", ErrJournalLocked
	}
	return c.key.SealText(plain, seal.AAD(where...)), nil
}

// open is the inverse of seal for the same place.
func (c *codec) open(stored string, where ...string) (string, error) {
	if !c.sealed {
		return stored, nil
	}
	if c.key == nil {
		return "", ErrJournalLocked
	}
	p, err := c.key.OpenText(stored, seal.AAD(where...))
	if err != nil {
		return "", fmt.Errorf("%s.%s of row %v: %w", where[0], where[1], where[2:], err)
	}
	return p, nil
}

// idText is the text form of an integer id in associated data.
func idText(n int64) string { return strconv.FormatInt(n, 10) }

// Where each private field lives. The SQL expressions read a field through
// tw_open with the same place its writer sealed it for; the row identity
// is the table's primary key, so a value copied to another row, column or
// table fails to open.
const (
	wbNameSQL      = `tw_open(partner_name, 'workbooks', 'partner_name', id)`
	wbRelationSQL  = `tw_open(relationship, 'workbooks', 'relationship', id)`
	entryPromptSQL = `tw_open(prompt_text, 'entries', 'prompt_text', id)`
	entryBodySQL   = `tw_open(body, 'entries', 'body', id)`
	draftPromptSQL = `tw_open(prompt_text, 'drafts', 'prompt_text', workbook_id, step_id, prompt_id, entry_id)`
	draftBodySQL   = `tw_open(body, 'drafts', 'body', workbook_id, step_id, prompt_id, entry_id)`
)

// plainSQL turns the tw_open expressions back into bare columns. A journal
// without a passphrase reads its columns directly: a call into Go per row
// would make filtering a large plain journal several times slower, for
// nothing.
var plainSQL = strings.NewReplacer(
	wbNameSQL, "partner_name", wbRelationSQL, "relationship",
	entryPromptSQL, "prompt_text", entryBodySQL, "body",
	draftPromptSQL, "prompt_text", draftBodySQL, "body")

// sql returns query as the current codec reads it.
func (s *Store) sql(query string) string {
	if s.codec().sealed {
		return query
	}
	return plainSQL.Replace(query)
}

func draftWhere(col string, d Draft) []string {
	return []string{"drafts", col, idText(d.WorkbookID), d.StepID, d.PromptID, idText(d.EntryID)}
}

// codec returns the current codec.
func (s *Store) codec() *codec {
	if c := s.cdc.Load(); c != nil {
		return c
	}
	return plainCodec
}

// openFunc is tw_open(value, table, column, id...): the stored value
// opened by the Store's current codec. An error (locked, damaged, moved)
// fails the whole statement, so damaged text is never shown as if it were
// the person's words.
func (s *Store) openFunc(stored string, table, column string, ids ...any) (string, error) {
	c := s.codec()
	if !c.sealed {
		return stored, nil
	}
	opened.Add(1)
	where := make([]string, 0, 2+len(ids))
	where = append(where, table, column)
	for _, v := range ids {
		switch v := v.(type) {
		case int64:
			where = append(where, idText(v))
		case string:
			where = append(where, v)
		case []byte:
			where = append(where, string(v))
		default:
			return "", fmt.Errorf("tw_open: row id of type %T", v)
		}
	}
	return c.open(stored, where...)
}

// connector opens go-sqlite3 connections that know tw_open and keep
// private text off the disk outside the database file.
type connector struct {
	dsn string
	drv *sqlite3.SQLiteDriver
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.drv }

// openDB is sql.Open for the Store's pools.
func (s *Store) openDB(dsn string) *sql.DB {
	drv := &sqlite3.SQLiteDriver{ConnectHook: func(conn *sqlite3.SQLiteConn) error {
		// temp_store=MEMORY: sorts and temporary tables may hold opened
		// text, which must not land in a temporary file. secure_delete:
		// freed pages are zeroed, so deleted or replaced words do not
		// linger in the file's free space.
		// trusted_schema=OFF as for every connection (see driverName).
		if _, err := conn.Exec("PRAGMA trusted_schema = OFF; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON", nil); err != nil {
			return err
		}
		// No commit checkpoints by itself: trustwork runs every
		// checkpoint under the file check's lock (see fileIdentity).
		// (Read-only connections cannot checkpoint at all.)
		if _, err := conn.Exec("PRAGMA wal_autocheckpoint = 0", nil); err != nil {
			return err
		}
		// Not pure: its answer depends on whether the journal is unlocked.
		return conn.RegisterFunc("tw_open", s.openFunc, false)
	}}
	return sql.OpenDB(connector{dsn: dsn, drv: drv})
}

// nextID chooses the id of a row about to be inserted into table, inside
// the write transaction. The id is part of the associated data its private
// fields are sealed with, so it must be known before they are sealed:
// choosing max(id)+1 (what SQLite itself picks for an INTEGER PRIMARY KEY)
// under BEGIN IMMEDIATE, with one writer, gives the same ids as before and
// writes each text once, where insert-then-update would write it twice.
func nextID(ctx context.Context, tx *sql.Tx, table string) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM `+table).Scan(&n)
	return n, err
}

// insertWorkbook inserts w (with its id set) through the codec.
func insertWorkbook(ctx context.Context, tx *sql.Tx, c *codec, w Workbook, created, updated string) error {
	name, err := c.seal(w.PartnerName, "workbooks", "partner_name", idText(w.ID))
	if err != nil {
		return err
	}
	rel, err := c.seal(w.Relationship, "workbooks", "relationship", idText(w.ID))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO workbooks (id, partner_name, relationship, role, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, w.ID, name, rel, string(w.Role), created, updated)
	return err
}

// insertEntry inserts e (with its id set) through the codec.
func insertEntry(ctx context.Context, tx *sql.Tx, c *codec, e Entry, created, updated string) error {
	prompt, err := c.seal(e.PromptText, "entries", "prompt_text", idText(e.ID))
	if err != nil {
		return err
	}
	body, err := c.seal(e.Body, "entries", "body", idText(e.ID))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO entries
		(id, workbook_id, step_id, prompt_id, prompt_text, body, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.WorkbookID, e.StepID, e.PromptID, prompt, body, created, updated)
	return err
}

// sealDraft returns d's prompt text and body as stored.
func sealDraft(c *codec, d Draft) (prompt, body string, err error) {
	if prompt, err = c.seal(d.PromptText, draftWhere("prompt_text", d)...); err != nil {
		return "", "", err
	}
	body, err = c.seal(d.Body, draftWhere("body", d)...)
	return prompt, body, err
}
