package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/trustwork/trustwork/migrations"
)

// TestForeignSchemaRefused: a file whose schema is not exactly what our
// migrations made is refused before any write, for a writer and a reader,
// with one line that says what to do, and is left byte for byte as it was.
// The trigger case is the one that deleted 49 of 50 entries on save.
func TestForeignSchemaRefused(t *testing.T) {
	cases := map[string]struct{ sql, want string }{
		"trigger":      {`CREATE TRIGGER wipe AFTER INSERT ON drafts BEGIN DELETE FROM entries WHERE id > 1; END`, `trigger "wipe"`},
		"view":         {`CREATE VIEW v AS SELECT * FROM entries`, `view "v"`},
		"extra index":  {`CREATE INDEX spy ON entries (body)`, `index "spy"`},
		"extra table":  {`CREATE TABLE notes (x TEXT)`, `table "notes"`},
		"missing idx":  {`DROP INDEX entries_by_prompt`, `index "entries_by_prompt" is missing`},
		"changed tbl":  {`ALTER TABLE entries ADD COLUMN mood TEXT`, `table "entries" was changed`},
		"escape names": {"CREATE VIEW \"v\x1b[31m\" AS SELECT 1", `view "v\x1b[31m"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "x.db")
			makeTrustworkDB(t, p, 50)
			db := rawDB(t, p)
			mustExec(t, db, c.sql)
			db.Close()
			before := snapshot(t, dir, false)
			for _, opts := range []Options{{}, {ReadOnly: true}, {ReadOnlyIfLocked: true}} {
				ro := fmt.Sprintf("%+v", opts)
				s, err := Open(p, opts)
				if err == nil {
					ctx := context.Background()
					s.SaveDraft(ctx, Draft{WorkbookID: 1, StepID: "a", PromptID: "b", Body: "x"})
					s.Close()
					t.Fatalf("Open(%s) of a file with a foreign %s succeeded", ro, name)
				}
				msg := err.Error()
				if !errors.Is(err, ErrNotTrustwork) || !strings.Contains(msg, c.want) || !strings.Contains(msg, "restore a backup or choose another file with --db") {
					t.Fatalf("Open(%s): %q, want it to name %s and say what to do", ro, msg, c.want)
				}
				if strings.ContainsAny(msg, "\n\x1b") {
					t.Fatalf("message is not one safe line: %q", msg)
				}
			}
			if d := diffSnap(before, snapshot(t, dir, false)); d != "" {
				t.Fatalf("a refused file or its folder changed:\n%s", d)
			}
			var n int
			if err := rawDB(t, p).QueryRow("SELECT count(*) FROM entries").Scan(&n); err != nil || n != 50 {
				t.Fatalf("entries after refusal: %d, %v; want 50", n, err)
			}
		})
	}
}

// TestTrustedSchemaOff: every connection runs with trusted_schema off.
func TestTrustedSchemaOff(t *testing.T) {
	s, _ := openTest(t)
	for name, db := range map[string]*Store{"w": s} {
		var w, r int
		if err := db.w.QueryRow("PRAGMA trusted_schema").Scan(&w); err != nil {
			t.Fatal(err)
		}
		if err := db.r.QueryRow("PRAGMA trusted_schema").Scan(&r); err != nil {
			t.Fatal(err)
		}
		if w != 0 || r != 0 {
			t.Fatalf("%s: trusted_schema writer=%d reader=%d, want 0", name, w, r)
		}
	}
}

// TestStatisticsTablesAccepted: ANALYZE (run by a person looking at their
// own file with the sqlite3 shell, or by PRAGMA optimize on a large one)
// adds sqlite_stat1 and sqlite_stat4. Those only steer the query planner,
// cannot act on a write and hold no text, so they must not make the
// journal refused for ever as "changed by another program".
func TestStatisticsTablesAccepted(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.db")
	makeTrustworkDB(t, p, 50)
	db := rawDB(t, p)
	mustExec(t, db, `ANALYZE`)
	db.Close()
	for _, ro := range []bool{true, false} {
		s, err := Open(p, Options{ReadOnly: ro})
		if err != nil {
			t.Fatalf("Open(readOnly=%v) after ANALYZE: %v", ro, err)
		}
		if !ro {
			if err := s.SaveDraft(context.Background(), Draft{WorkbookID: 1, StepID: "a", PromptID: "b", Body: "x"}); err != nil {
				t.Fatalf("save after ANALYZE: %v", err)
			}
		}
		s.Close()
	}
}

// TestForeignSchemaMessageGrammar: the refusal reads as English ("an
// index", not "a index").
func TestForeignSchemaMessageGrammar(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.db")
	makeTrustworkDB(t, p, 1)
	db := rawDB(t, p)
	mustExec(t, db, `CREATE INDEX spy ON entries (body)`)
	db.Close()
	_, err := Open(p, Options{ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), `it has an index "spy"`) {
		t.Fatalf("Open: %v", err)
	}
}

// TestExpectedSchemaBuiltOnce: Open starts building the expected schema
// in the background while it reads the file; a caller that comes while it
// is being built waits for it and gets the same one, not a second build.
func TestExpectedSchemaBuiltOnce(t *testing.T) {
	ms, err := loadMigrations(migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	// A set of migrations no other test uses, so nothing is cached yet.
	ms = append(ms, migration{version: len(ms) + 1, name: "9999_once.sql", sql: "CREATE TABLE once_" + strings.ReplaceAll(t.Name(), "/", "_") + " (x INTEGER) STRICT;"})
	got := make([]map[string]schemaObject, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			objs, err := expectedSchema(context.Background(), ms, len(ms))
			if err != nil {
				t.Error(err)
			}
			got[i] = objs
		}()
	}
	wg.Wait()
	for i := range got {
		if reflect.ValueOf(got[i]).Pointer() != reflect.ValueOf(got[0]).Pointer() {
			t.Fatalf("caller %d got a schema built again, not the one being built", i)
		}
	}
	if _, ok := got[0]["table\x00once_TestExpectedSchemaBuiltOnce"]; !ok {
		t.Fatalf("the schema lacks the last migration's table: %v", got[0])
	}
}
