package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// driverName is the database/sql driver every trustwork connection uses:
// go-sqlite3 with trusted_schema turned off on each new connection, so a
// view or trigger that found its way into the file cannot call functions
// with side effects. (go-sqlite3 has no DSN parameter for it.)
const driverName = "sqlite3-trustwork"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("PRAGMA trusted_schema = OFF", nil)
			return err
		},
	})
}

// schemaObject is one row of sqlite_schema.
type schemaObject struct {
	typ, name, tbl, sql string
}

func (o schemaObject) key() string { return o.typ + "\x00" + o.name }

// expectedSchemas caches, per migration set and version, what sqlite_schema
// holds after running migrations 1..version in an empty database.
var expectedSchemas sync.Map // string -> *expected

// expected is one entry of expectedSchemas: built once, by whichever
// caller came first; the others wait for it.
type expected struct {
	done chan struct{}
	objs map[string]schemaObject
	err  error
}

// expectedSchema builds the schema our migrations make at version in a
// private in-memory database; that is the only schema a trustwork file of
// that version may have.
func expectedSchema(ctx context.Context, ms []migration, version int) (map[string]schemaObject, error) {
	var k strings.Builder
	for _, m := range ms[:version] {
		k.WriteString(m.name + "\x00" + m.sql + "\x00")
	}
	if schemaKey(k.String()) == knownSchemaKey {
		// The schema of this build's migrations, built when they were
		// written (schema_known.go): building it again in memory cost
		// 1-4 ms of every start, before the first frame.
		return knownSchema, nil
	}
	e := &expected{done: make(chan struct{})}
	if v, loaded := expectedSchemas.LoadOrStore(k.String(), e); loaded {
		e = v.(*expected)
		<-e.done
		return e.objs, e.err
	}
	defer close(e.done)
	e.objs, e.err = buildSchema(ctx, ms[:version])
	if e.err != nil {
		// Not cached: the next caller tries again.
		expectedSchemas.Delete(k.String())
	}
	return e.objs, e.err
}

// schemaKey names a set of migrations (their names and text, in order)
// for knownSchemaKey.
func schemaKey(k string) string {
	sum := sha256.Sum256([]byte(k))
	return hex.EncodeToString(sum[:])
}

// buildSchema runs ms in a new in-memory database and reads its schema.
func buildSchema(ctx context.Context, ms []migration) (map[string]schemaObject, error) {
	db, err := sql.Open(driverName, "file::memory:?_foreign_keys=on")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, m := range ms {
		if _, err := db.ExecContext(ctx, m.sql); err != nil {
			return nil, fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return readSchema(ctx, db)
}

// readSchema reads sqlite_schema (sqlite_master, for older SQLite).
func readSchema(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (map[string]schemaObject, error) {
	rows, err := db.QueryContext(ctx, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	objs := map[string]schemaObject{}
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.typ, &o.name, &o.tbl, &o.sql); err != nil {
			return nil, err
		}
		objs[o.key()] = o
	}
	return objs, rows.Err()
}

// schemaDiff names the first difference between a file's schema and the
// expected one, or "" when they are the same. Objects are compared by
// type, name, table and SQL text: SQLite keeps the text of each CREATE
// statement as it was run, so our migrations always leave the same text.
// (A later migration using ALTER TABLE, whose rewritten text may depend on
// the SQLite version, or running ANALYZE, which adds sqlite_stat tables,
// would need this comparison taught about it.)
func schemaDiff(have, want map[string]schemaObject) string {
	for _, k := range sortedKeys(have) {
		h := have[k]
		w, ok := want[k]
		switch {
		case !ok && isStatTable(h):
			continue
		case !ok:
			return "it has " + article(h.typ) + " " + h.typ + " " + strconv.Quote(h.name) + " that trustwork did not make"
		case w.tbl != h.tbl || w.sql != h.sql:
			return "its " + h.typ + " " + strconv.Quote(h.name) + " was changed by another program"
		}
	}
	for _, k := range sortedKeys(want) {
		if _, ok := have[k]; !ok {
			w := want[k]
			return "its " + w.typ + " " + strconv.Quote(w.name) + " is missing"
		}
	}
	return ""
}

// isStatTable reports whether o is one of the tables ANALYZE (or PRAGMA
// optimize) adds. They only steer the query planner, hold no text and
// cannot carry triggers, so a person who ran ANALYZE on their own journal
// is not locked out of it.
func isStatTable(o schemaObject) bool {
	if o.typ != "table" || o.tbl != o.name {
		return false
	}
	switch o.name {
	case "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4":
		return true
	}
	return false
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

func sortedKeys(m map[string]schemaObject) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	// Triggers and views first: they are what can act behind our back.
	rank := func(k string) string {
		switch {
		case strings.HasPrefix(k, "trigger\x00"):
			return "0" + k
		case strings.HasPrefix(k, "view\x00"):
			return "1" + k
		}
		return "2" + k
	}
	sort.Slice(ks, func(i, j int) bool { return rank(ks[i]) < rank(ks[j]) })
	return ks
}

// foreignSchema is the refusal for a file whose schema is not exactly what
// our migrations made: a trigger added by someone else would run on our
// saves (one deleted 49 of 50 entries while the screen said "saved").
func foreignSchema(path, why string) error {
	return &openError{
		msg: fmt.Sprintf("%s has been changed by another program (%s), so trustwork will not write to it; it was left as it is: restore a backup or choose another file with --db",
			showPath(path), why),
		kind: ErrNotTrustwork,
	}
}

// checkSchema compares the schema of the open database with what the
// migrations make at its version.
func checkSchema(ctx context.Context, db *sql.DB, path string, ms []migration, version int) error {
	if version < 0 || version > len(ms) {
		return nil // classify refuses these
	}
	want, err := expectedSchema(ctx, ms, version)
	if err != nil {
		return fmt.Errorf("building the expected schema: %w", err)
	}
	have, err := readSchema(ctx, db)
	if err != nil {
		return notTrustwork(path, "SQLite cannot read its schema")
	}
	if d := schemaDiff(have, want); d != "" {
		return foreignSchema(path, d)
	}
	return nil
}
