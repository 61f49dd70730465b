package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// journalTables are the tables a JSON export carries; the lock table (the
// passphrase) is the one it leaves out on purpose.
var journalTables = map[string]string{
	"workbooks":     "id",
	"entries":       "id",
	"drafts":        "workbook_id, step_id, prompt_id, entry_id",
	"step_progress": "workbook_id, step_id",
	"resume_state":  "workbook_id",
}

// tableRows reads every row of each journal table, in key order, through
// a plain read-only connection, so the comparison does not trust the
// store's own reading code.
func tableRows(t *testing.T, path string) map[string][][]any {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	all := map[string][][]any{}
	for table, key := range journalTables {
		rows, err := db.Query(fmt.Sprintf("SELECT * FROM %s ORDER BY %s", table, key))
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
			}
			all[table] = append(all[table], vals)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return all
}

// rawJournal makes a generated journal in a temp dir (also HOME) and opens
// it with plain database/sql, to change it as no trustwork command would.
func rawJournal(t *testing.T) (dir string, vars map[string]string, path string, db *sql.DB) {
	t.Helper()
	dir = t.TempDir()
	vars = map[string]string{"HOME": dir}
	path = genJournal(t, dir)
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return dir, vars, path, db
}

// TestJSONRoundTripRows: a journal with two workbooks, drafts (a new one
// and one editing a saved entry), progress and where each was left off is
// exported as JSON with no --workbook (the JSON is always the whole
// journal), imported into a new file, and every row of every table comes
// back equal.
func TestJSONRoundTripRows(t *testing.T) {
	dir, vars, orig, db := rawJournal(t)
	for _, q := range []string{
		`INSERT INTO workbooks VALUES (2, 'Alex ''Al'' 🌻', 'friend', 'hurt', '2024-02-02T01:02:03.000000000Z', '2024-03-03T01:02:03.000000000Z')`,
		`INSERT INTO entries VALUES (9000, 2, 'space', 'why', 'Why?', char(13, 10) || 'a line' || char(10, 9) || '👍🏽 e' || char(769), '2024-02-03T01:00:00.000000000Z', '2024-02-04T01:00:00.000000000Z')`,
		`INSERT INTO entries VALUES (9001, 2, 'space', 'why', 'Why?', 'second', '2024-02-03T01:00:00.000000000Z', '2024-02-03T01:00:00.000000000Z')`,
		`INSERT INTO drafts VALUES (2, 'space', 'why', 9000, 'Why?', 'an edit of 9000', 5, '2024-02-05T00:00:00.000000000Z')`,
		`INSERT INTO drafts VALUES (2, 'space', 'how', 0, 'How?', 'a new draft', 0, '2024-02-05T00:00:00.000000000Z')`,
		`INSERT INTO step_progress VALUES (2, 'space', 'in-progress', '2024-02-05T00:00:00.000000000Z')`,
		`INSERT INTO resume_state VALUES (2, 'editor', 'space', 'why', 9000, 3, '2024-02-05T00:00:00.000000000Z')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	want := tableRows(t, orig)
	for table := range journalTables {
		if len(want[table]) < 2 {
			t.Fatalf("the generated journal has %d rows in %s; the test needs more", len(want[table]), table)
		}
	}

	jsonPath := filepath.Join(dir, "journal.json")
	if _, errOut, code := runArgs(t, vars, "--db", orig, "export", "--format", "json", "-o", jsonPath); code != 0 {
		t.Fatalf("export --format json of two workbooks: %d %q", code, errOut)
	}
	imported := filepath.Join(dir, "new", "imported.db")
	if _, errOut, code := runArgs(t, vars, "--db", imported, "import", jsonPath); code != 0 {
		t.Fatalf("import: %d %q", code, errOut)
	}
	got := tableRows(t, imported)
	for table := range journalTables {
		if !reflect.DeepEqual(got[table], want[table]) {
			t.Errorf("%s differs after the round trip:\n got %v\nwant %v", table, got[table], want[table])
		}
	}
	// --workbook would suggest a part of the journal; JSON is all of it.
	_, errOut, code := runArgs(t, vars, "--db", orig, "export", "--format", "json", "--workbook", "Sam")
	if code != exitUsage || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "--workbook") {
		t.Errorf("export --format json --workbook Sam: %d %q", code, errOut)
	}
}

// TestReadDamagedJournal: export of a journal whose entries
// pages are damaged say it is damaged and what to do, in one line, not
// SQLite's "database disk image is malformed".
func TestReadDamagedJournal(t *testing.T) {
	dir, vars, orig, db := rawJournal(t)
	var root, size int64
	if err := db.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'entries'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(orig, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(strings.Repeat("\xa5", int(size))), (root-1)*size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, args := range [][]string{{"export"}, {"export", "-o", filepath.Join(dir, "out.md")}, {"export", "--format", "json"}} {
		_, errOut, code := runArgs(t, vars, append([]string{"--db", orig}, args...)...)
		if code != 1 || !strings.Contains(errOut, orig+" is damaged (it failed SQLite's check)") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q of a damaged journal: %d %q", args, code, errOut)
		}
	}
}

// TestExportStdoutFull: export to a standard output that refuses the bytes
// (> /dev/full) says so in one line, not "read entries".
func TestExportStdoutFull(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here")
	}
	defer full.Close()
	dir := t.TempDir()
	vars := map[string]string{"HOME": dir}
	orig := genJournal(t, dir)
	for _, args := range [][]string{{"export"}, {"export", "--format", "json"}} {
		var e strings.Builder
		code := run(append([]string{"--db", orig}, args...), os.Stdin, full, &e, fakeEnv(vars))
		if code != 1 || e.String() != "trustwork: export: cannot write to standard output (no space left on device)\n" {
			t.Errorf("%q > /dev/full: %d %q", args, code, e.String())
		}
	}
}

// TestHelpReadsWell: in a command's help every flag's usage starts in one
// column; a mistake after a command points to that command's help; the
// export summary names both formats.
func TestHelpReadsWell(t *testing.T) {
	vars := map[string]string{"HOME": t.TempDir()}
	for _, c := range subcommands() {
		out, _, code := runArgs(t, vars, c.Name, "--help")
		if code != 0 {
			t.Fatalf("%s --help: %d", c.Name, code)
		}
		for _, line := range strings.Split(out, "\n") {
			if len(line) > 80 {
				t.Errorf("%s --help line wider than 80 columns: %q", c.Name, line)
			}
		}
		_, opts, _ := strings.Cut(out, "Options:\n")
		opts, _, _ = strings.Cut(opts, "\n\n")
		col := -1
		for _, f := range c.flagsOf() {
			for _, line := range strings.Split(opts, "\n") {
				if i := strings.Index(line, f.Usage); i > 0 {
					if col >= 0 && i != col {
						t.Errorf("%s --help: %s's usage starts at column %d, the others at %d:\n%s", c.Name, f.dashed(), i, col, opts)
					}
					col = i
				}
			}
		}
	}
	_, errOut, code := runArgs(t, vars, "export", "--bogus")
	if code != exitUsage || !strings.HasSuffix(errOut, "(see trustwork export --help)\n") || !strings.Contains(errOut, "--bogus") {
		t.Errorf("export --bogus: %d %q", code, errOut)
	}
	_, errOut, _ = runArgs(t, vars, "export", "--force=maybe")
	if !strings.Contains(errOut, `invalid boolean value "maybe" for --force`) {
		t.Errorf("export --force=maybe: %q", errOut)
	}
	_, errOut, _ = runArgs(t, vars, "--bogus")
	if !strings.HasSuffix(errOut, "(see trustwork --help)\n") {
		t.Errorf("--bogus: %q", errOut)
	}
	if out, _, _ := runArgs(t, vars, "--help"); !strings.Contains(out, "markdown or json") {
		t.Errorf("--help does not say export writes json too:\n%s", out)
	}
}

// TestImportRestoreShowOddPaths: a newline in a path is shown quoted, as
// export shows it, not as a space that reads as another file's name.
func TestImportRestoreShowOddPaths(t *testing.T) {
	dir, vars, orig, jsonPath := exportedJSON(t)
	odd := filepath.Join(dir, "new\nline.db")
	_, errOut, code := runArgs(t, vars, "--db", odd, "import", jsonPath)
	if code != 0 || !strings.Contains(errOut, `into "`+dir+`/new\nline.db"`) {
		t.Errorf("import into a name with a newline: %d %q", code, errOut)
	}
	bak := filepath.Join(dir, "b\nak.db")
	if _, errOut, code := runArgs(t, vars, "--db", orig, "backup", "-o", bak); code != 0 {
		t.Fatalf("backup: %d %q", code, errOut)
	}
	_, errOut, code = runArgs(t, vars, "--db", odd, "restore", "--replace", bak)
	if code != 0 || !strings.Contains(errOut, `Restored "`+dir+`/b\nak.db" into "`+dir+`/new\nline.db"`) ||
		!strings.Contains(errOut, `kept as "`+dir+`/new\nline.db.before-restore-`) {
		t.Errorf("restore with newlines in both names: %d %q", code, errOut)
	}
	_, errOut, _ = runArgs(t, vars, "--db", odd, "import", jsonPath)
	if !strings.Contains(errOut, `"`+dir+`/new\nline.db" already holds a journal`) {
		t.Errorf("import refused onto a name with a newline: %q", errOut)
	}
}

// TestImportFromPipeSaysDash: a pipe given as FILE (/dev/stdin, <(…)) is
// refused, since a named pipe with no writer would wait for ever, with the
// way that works: - reads standard input.
func TestImportFromPipeSaysDash(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	dir := t.TempDir()
	target := filepath.Join(dir, "j.db")
	name := "/proc/self/fd/" + fmt.Sprint(r.Fd())
	_, errOut, code := runArgs(t, map[string]string{"HOME": dir}, "--db", target, "import", name)
	if code != 1 || !strings.Contains(errOut, "is not a regular file") || !strings.Contains(errOut, "trustwork import - < FILE") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("import from a pipe: %d %q", code, errOut)
	}
	if _, err := os.Lstat(target); err == nil {
		t.Error("a refused import made a journal")
	}
}

// TestExportEmptyO: -o "" (an unset variable in a script) is a mistake,
// not a request to print the journal on the screen.
func TestExportEmptyO(t *testing.T) {
	dir := t.TempDir()
	orig := genJournal(t, dir)
	out, errOut, code := runArgs(t, map[string]string{"HOME": dir}, "--db", orig, "export", "-o", "")
	if code != exitUsage || out != "" || !strings.Contains(errOut, "-o needs a file name") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("export -o '': %d, %d bytes out, %q", code, len(out), errOut)
	}
}
