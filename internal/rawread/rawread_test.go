package rawread

import (
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// fixture makes a database with one row of each kind of value.
func fixture(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE t (k INTEGER PRIMARY KEY, a, b)`,
		`INSERT INTO t VALUES (1, 'plain', 'héllo “quoted” ✓')`,
		`INSERT INTO t VALUES (2, '', NULL)`,
		`INSERT INTO t VALUES (3, 42, 2.5)`,
		`INSERT INTO t VALUES (4, x'00ff41', ?)`,
		`INSERT INTO t VALUES (5, 'big', ?)`,
	} {
		args := []any{}
		switch {
		case strings.HasPrefix(q, "INSERT INTO t VALUES (4"):
			args = append(args, "nul\x00inside")
		case strings.Contains(q, "?"):
			args = append(args, strings.Repeat("long line of text\n", 60000)) // ~1 MB
		}
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// TestEachReadsWhatDatabaseSQLReads: every row, in order, with the text
// database/sql gives for each value, and NULL as not OK.
func TestEachReadsWhatDatabaseSQLReads(t *testing.T) {
	path := fixture(t)
	want := [][]string{}
	wantOK := [][]bool{}
	db, _ := sql.Open("sqlite3", path)
	rows, err := db.Query(`SELECT a, b FROM t WHERE k >= ? ORDER BY k`, 1)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a, b sql.NullString
		if err := rows.Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		want = append(want, []string{a.String, b.String})
		wantOK = append(wantOK, []bool{a.Valid, b.Valid})
	}
	rows.Close()
	db.Close()

	r, err := Open("file:" + path + "?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var got [][]string
	var gotOK [][]bool
	err = r.Each(`SELECT a, b FROM t WHERE k >= ? ORDER BY k`, []any{int64(1)}, func(row Row) error {
		// Copies: the row's strings are SQLite's memory, valid only now.
		got = append(got, []string{strings.Clone(row.Text[0]), strings.Clone(row.Text[1])})
		gotOK = append(gotOK, append([]bool(nil), row.OK...))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotOK, wantOK) {
		t.Fatalf("rawread gave\n%q %v\ndatabase/sql gave\n%q %v", got, gotOK, want, wantOK)
	}
}

// TestEachBindsAndStops: string arguments bind, fn's error comes back as
// is and stops the rows, SQL errors and unsupported arguments are errors.
func TestEachBindsAndStops(t *testing.T) {
	r, err := Open("file:" + fixture(t) + "?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := r.Each(`SELECT a FROM t WHERE a = ?`, []any{"plain"}, func(row Row) error { n++; return nil }); err != nil || n != 1 {
		t.Fatalf("bound string: %d rows, %v", n, err)
	}
	stop := errors.New("stop")
	n = 0
	if err := r.Each(`SELECT a FROM t`, nil, func(Row) error { n++; return stop }); err != stop || n != 1 {
		t.Fatalf("fn's error: got %v after %d rows, want it as is after 1", err, n)
	}
	if err := r.Each(`SELECT nope FROM t`, nil, func(Row) error { return nil }); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("bad SQL: %v", err)
	}
	if err := r.Each(`SELECT a FROM t WHERE k = ?`, []any{1}, func(Row) error { return nil }); err == nil {
		t.Fatal("an int argument (not int64) was accepted")
	}
	if err := r.Each(`INSERT INTO t VALUES (9, 'x', 'y')`, nil, func(Row) error { return nil }); err == nil {
		t.Fatal("a write through the read-only connection succeeded")
	}
	r.Close()
	if err := r.Each(`SELECT a FROM t`, nil, func(Row) error { return nil }); err == nil {
		t.Fatal("Each on a closed connection did not fail")
	}
	if err := r.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// TestOpenRefusesWhatIsNotThere: a missing file is not created.
func TestOpenRefusesWhatIsNotThere(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	if _, err := Open("file:" + path + "?mode=ro"); err == nil {
		t.Fatal("opened a file that does not exist")
	}
}

// BenchmarkEach is the row loop on a table of 10,000 rows of 500 bytes,
// against database/sql with mattn/go-sqlite3 on the same rows.
func BenchmarkEach(b *testing.B) {
	path := filepath.Join(b.TempDir(), "b.db")
	db, _ := sql.Open("sqlite3", path)
	db.Exec(`CREATE TABLE t (a TEXT, b TEXT)`)
	db.Exec(`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 10000) INSERT INTO t SELECT 'row ' || i, printf('%.500c', 'x') FROM c`)
	b.Run("rawread", func(b *testing.B) {
		r, _ := Open("file:" + path + "?mode=ro")
		defer r.Close()
		for b.Loop() {
			n := 0
			r.Each(`SELECT a, b FROM t`, nil, func(row Row) error { n += len(row.Text[1]); return nil })
		}
	})
	b.Run("database-sql", func(b *testing.B) {
		for b.Loop() {
			rows, _ := db.Query(`SELECT a, b FROM t`)
			n := 0
			for rows.Next() {
				var a, s string
				rows.Scan(&a, &s)
				n += len(s)
			}
			rows.Close()
		}
	})
	db.Close()
}
