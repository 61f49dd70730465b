// Package rawread runs read-only queries on a SQLite file straight through
// SQLite's C interface, below database/sql, and hands each row's columns
// to the caller as strings that point into SQLite's own memory.
//
// It exists for the export, which reads the whole journal once and
// writes it out at once: through database/sql and mattn/go-sqlite3 every
// column of every row is a few calls into C, a copy into a new Go string
// and an interface value, so 11 MB of entries became 11 MB of garbage and
// a third of the export's time. Here a row is one call into C and no
// copy; the price is that a row's strings are valid only until the next
// row is read, which the callback's contract says.
//
// It uses the SQLite that mattn/go-sqlite3 compiles into the program (the
// functions are declared here and resolved against it at link time), so
// there is one SQLite in the binary, built one way.
package rawread

/*
#include <stdlib.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef long long sqlite3_int64;

int sqlite3_open_v2(const char *filename, sqlite3 **ppDb, int flags, const char *zVfs);
int sqlite3_close_v2(sqlite3 *db);
int sqlite3_busy_timeout(sqlite3 *db, int ms);
const char *sqlite3_errmsg(sqlite3 *db);
int sqlite3_errcode(sqlite3 *db);
int sqlite3_prepare_v2(sqlite3 *db, const char *zSql, int nByte, sqlite3_stmt **ppStmt, const char **pzTail);
int sqlite3_bind_int64(sqlite3_stmt *stmt, int i, sqlite3_int64 v);
int sqlite3_bind_text(sqlite3_stmt *stmt, int i, const char *v, int n, void (*destructor)(void *));
int sqlite3_step(sqlite3_stmt *stmt);
int sqlite3_finalize(sqlite3_stmt *stmt);
int sqlite3_column_count(sqlite3_stmt *stmt);
int sqlite3_column_type(sqlite3_stmt *stmt, int i);
const unsigned char *sqlite3_column_text(sqlite3_stmt *stmt, int i);
int sqlite3_column_bytes(sqlite3_stmt *stmt, int i);
double sqlite3_column_double(sqlite3_stmt *stmt, int i);

// SQLITE_TRANSIENT: SQLite copies a bound text before the call returns,
// so Go's memory is not kept past it.
#define TW_TRANSIENT ((void (*)(void *))-1)

static int tw_bind_text(sqlite3_stmt *s, int i, _GoString_ v) {
	return sqlite3_bind_text(s, i, _GoStringPtr(v), (int)_GoStringLen(v), TW_TRANSIENT);
}

// tw_row steps s and, on a row, stores each of its n columns' type, text
// and length: one call from Go per row instead of three per column.
static int tw_row(sqlite3_stmt *s, int n, int *type, const unsigned char **text, int *len) {
	int rc = sqlite3_step(s);
	if (rc != 100) {
		return rc;
	}
	for (int i = 0; i < n; i++) {
		type[i] = sqlite3_column_type(s, i);
		// text before bytes: the text conversion may change the length.
		text[i] = sqlite3_column_text(s, i);
		len[i] = sqlite3_column_bytes(s, i);
	}
	return rc;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"unsafe"

	// The SQLite library this package calls is the one mattn/go-sqlite3
	// links into the program.
	_ "github.com/mattn/go-sqlite3"
)

// SQLite's result codes and flags used here (sqlite3.h).
const (
	sqliteRow           = 100
	sqliteDone          = 101
	sqliteNull          = 5
	sqliteFloat         = 2
	sqliteOpenReadOnly  = 0x00000001
	sqliteOpenURI       = 0x00000040
	sqliteOpenNoMutex   = 0x00008000
	sqliteOpenNoFollow  = 0x01000000
	maxColumns          = 16
	busyTimeoutMillisec = 5000
)

// Error is an error SQLite reported, with its result code, so a caller
// can tell damage (Corrupt, NotADB) from other failures.
type Error struct {
	Code int    // SQLite's primary result code
	Msg  string // SQLite's message
}

// SQLite's result codes that mean the file cannot be read as a database.
const (
	Corrupt = 11 // SQLITE_CORRUPT
	NotADB  = 26 // SQLITE_NOTADB
)

func (e *Error) Error() string { return "rawread: " + e.Msg }

// lastError is the connection's last error.
func lastError(db *C.sqlite3) error {
	return &Error{Code: int(C.sqlite3_errcode(db)) & 0xff, Msg: C.GoString(C.sqlite3_errmsg(db))}
}

// DB is one read-only connection. Its methods may be called from one
// goroutine at a time (they lock).
type DB struct {
	mu sync.Mutex
	db *C.sqlite3
}

// Open opens uri (a "file:" URI, as the store's readers use) read-only.
func Open(uri string) (*DB, error) {
	curi := C.CString(uri)
	defer C.free(unsafe.Pointer(curi))
	var db *C.sqlite3
	rc := C.sqlite3_open_v2(curi, &db, sqliteOpenReadOnly|sqliteOpenURI|sqliteOpenNoMutex|sqliteOpenNoFollow, nil)
	if rc != 0 {
		err := error(&Error{Code: int(rc) & 0xff, Msg: "cannot open the file"})
		if db != nil {
			err = lastError(db)
			C.sqlite3_close_v2(db)
		}
		return nil, err
	}
	C.sqlite3_busy_timeout(db, busyTimeoutMillisec)
	return &DB{db: db}, nil
}

// Close closes the connection. Closing twice is harmless.
func (d *DB) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.db == nil {
		return nil
	}
	rc := C.sqlite3_close_v2(d.db)
	d.db = nil
	if rc != 0 {
		return fmt.Errorf("rawread: close: SQLite code %d", int(rc))
	}
	return nil
}

// Row is one row's columns as text, NULL as !OK. Text points into
// SQLite's memory: it is valid only until the callback that received the
// row returns. Keep a copy (strings.Clone) of anything needed later.
type Row struct {
	Text []string
	OK   []bool
}

// Each runs query with args (int64 or string values) and calls fn with
// every row, in order, until the rows end or fn returns an error, which
// Each returns as is. Integer and real columns come as SQLite's text for
// them, except that a real is formatted as Go's strconv does, as
// database/sql would have.
func (d *DB) Each(query string, args []any, fn func(Row) error) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.db == nil {
		return errors.New("rawread: the connection is closed")
	}
	cq := C.CString(query)
	defer C.free(unsafe.Pointer(cq))
	var stmt *C.sqlite3_stmt
	if rc := C.sqlite3_prepare_v2(d.db, cq, -1, &stmt, nil); rc != 0 {
		return lastError(d.db)
	}
	defer C.sqlite3_finalize(stmt)
	for i, a := range args {
		var rc C.int
		switch v := a.(type) {
		case int64:
			rc = C.sqlite3_bind_int64(stmt, C.int(i+1), C.sqlite3_int64(v))
		case string:
			rc = C.tw_bind_text(stmt, C.int(i+1), v)
		default:
			return fmt.Errorf("rawread: argument %d is a %T; only int64 and string are bound", i+1, a)
		}
		if rc != 0 {
			return fmt.Errorf("rawread: bind argument %d: %w", i+1, lastError(d.db))
		}
	}
	n := int(C.sqlite3_column_count(stmt))
	if n > maxColumns {
		return fmt.Errorf("rawread: %d columns; at most %d are read", n, maxColumns)
	}
	// The arrays C fills hold no Go pointers, so they may be passed.
	var types, lens [maxColumns]C.int
	var texts [maxColumns]*C.uchar
	row := Row{Text: make([]string, n), OK: make([]bool, n)}
	for {
		rc := C.tw_row(stmt, C.int(n), &types[0], &texts[0], &lens[0])
		switch rc {
		case sqliteRow:
		case sqliteDone:
			return nil
		default:
			return lastError(d.db)
		}
		for i := range n {
			switch types[i] {
			case sqliteNull:
				row.Text[i], row.OK[i] = "", false
				continue
			case sqliteFloat:
				row.Text[i] = strconv.FormatFloat(float64(C.sqlite3_column_double(stmt, C.int(i))), 'g', -1, 64)
			default:
				row.Text[i] = unsafe.String((*byte)(unsafe.Pointer(texts[i])), int(lens[i]))
			}
			row.OK[i] = true
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}
