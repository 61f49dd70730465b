// Command exportfloor is the second and third baselines of the export
// benchmark: the least a Go program does to export on one of trustwork's
// ways to read SQLite: run the export's queries on a data file opened
// read-only and write the columns, unformatted, to a file. No escaping,
// no headings, no fsync. By default it reads through database/sql and
// mattn/go-sqlite3 (what trustwork's other reads use); with -raw, through
// internal/rawread, SQLite's C API, as the export reads the entries.
// trustwork's export is measured against both and against the sqlite3
// shell in the same run, so the report shows how much of the gap to
// sqlite3 is the stack and how much is trustwork.
//
// Usage: exportfloor [-raw] DB OUT
package main

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"

	_ "github.com/mattn/go-sqlite3"

	"github.com/trustwork/trustwork/internal/rawread"
)

// queries are the export's selection: the entries, then every tool's rows
// (benchreport's entriesQuery, statement by statement). Each selects six
// text columns.
var queries = []string{
	`SELECT step_id, prompt_id, prompt_text, created_at, updated_at, body FROM entries WHERE workbook_id = 1 ORDER BY step_id, prompt_id, created_at, id`,
	`SELECT kind, at, data, text, created_at, updated_at FROM apologies WHERE workbook_id = 1 ORDER BY created_at, id`,
	`SELECT kind, at, data, text, created_at, updated_at FROM promises WHERE workbook_id = 1 ORDER BY created_at, id`,
	`SELECT kind, at, data, text, created_at, updated_at FROM agreements WHERE workbook_id = 1 ORDER BY created_at, id`,
	`SELECT kind, at, data, text, created_at, updated_at FROM wins WHERE workbook_id = 1 ORDER BY created_at, id`,
	`SELECT kind, at, data, text, created_at, updated_at FROM space WHERE workbook_id = 1 ORDER BY created_at, id`,
	`SELECT kind, at, data, text, created_at, updated_at FROM checkins WHERE workbook_id = 1 ORDER BY created_at, id`,
}

func main() {
	args := os.Args[1:]
	read := run
	if len(args) > 0 && args[0] == "-raw" {
		read, args = runRaw, args[1:]
	}
	if len(args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: exportfloor [-raw] DB OUT")
		os.Exit(2)
	}
	if err := read(args[0], args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "exportfloor:", err)
		os.Exit(1)
	}
}

func run(dbPath, out string) error {
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	return writeRows(out, func(q string, row func([]string) error) error {
		rows, err := db.Query(q)
		if err != nil {
			return err
		}
		defer rows.Close()
		var col [6]string
		for rows.Next() {
			if err := rows.Scan(&col[0], &col[1], &col[2], &col[3], &col[4], &col[5]); err != nil {
				return err
			}
			if err := row(col[:]); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// runRaw is run through internal/rawread.
func runRaw(dbPath, out string) error {
	db, err := rawread.Open("file:" + dbPath + "?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	return writeRows(out, func(q string, row func([]string) error) error {
		return db.Each(q, nil, func(r rawread.Row) error { return row(r.Text) })
	})
}

// writeRows writes the columns of every row of every query, as each reads
// them, to out: one line a row, the columns joined by "|".
func writeRows(out string, each func(q string, row func([]string) error) error) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 32<<10)
	for _, q := range queries {
		err := each(q, func(cols []string) error {
			for i, c := range cols {
				if i > 0 {
					w.WriteByte('|')
				}
				w.WriteString(c)
			}
			return w.WriteByte('\n')
		})
		if err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
