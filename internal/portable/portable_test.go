package portable

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/devdata"
	"github.com/trustwork/trustwork/internal/store"
	wbook "github.com/trustwork/trustwork/internal/workbook"
)

// generated makes a journal like a real one: a generated workbook with
// drafts, progress and a resume point, plus a second workbook of the other
// role with text in many scripts, a draft editing a saved entry and every
// step status.
func generated(t *testing.T) (*store.Store, string) {
	t.Helper()
	ctx := context.Background()
	book, err := wbook.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "original.db")
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := devdata.Generate(ctx, st, book, devdata.Spec{Entries: 400, Seed: 7, HugeBytes: 200 << 10}); err != nil {
		t.Fatal(err)
	}
	b, err := devdata.Build(book, devdata.Spec{Entries: 30, Seed: 9, HugeBytes: -1, Drafts: 2})
	if err != nil {
		t.Fatal(err)
	}
	b.Workbook.Role, b.Workbook.PartnerName = store.RoleHurt, "Zoë \u202e\x1b[2J"
	b.Entries[0].Body = "👩\u200d❤\ufe0f\u200d👨 שלום 日本語 \x00nul \"quotes\" \\ <b>&amp;</b>\r\nline\u2028sep"
	b.Progress = map[string]store.Status{book.Steps[0].ID: store.Done, book.Steps[1].ID: store.InProgress, book.Steps[2].ID: store.NotStarted}
	w2, err := st.Import(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	var first store.Entry
	if err := st.EachEntry(ctx, w2.ID, "", "", func(e store.Entry) error { first = e; return errors.New("stop") }); err == nil {
		t.Fatal("no entries")
	}
	if err := st.SaveDraft(ctx, store.Draft{WorkbookID: w2.ID, StepID: first.StepID, PromptID: first.PromptID, EntryID: first.ID,
		PromptText: first.PromptText, Body: "an edit in progress", Cursor: 5}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveResume(ctx, w2.ID, store.Resume{Screen: "entry", StepID: first.StepID, EntryID: first.ID, Scroll: 3}); err != nil {
		t.Fatal(err)
	}
	// A tool text reopened and left as a draft (esc): its entry_id is the
	// tool record's id, not a journal entry's.
	win, err := st.AddRecord(ctx, "wins", store.Record{WorkbookID: w2.ID, Kind: "win", Data: []byte(`{}`), Text: map[string]string{"text": "a calm walk"}})
	if err != nil {
		t.Fatal(err)
	}
	if e, err := st.Entry(ctx, w2.ID, win.ID); err == nil {
		t.Fatalf("the win's id %d is also entry %d of the workbook: the draft below proves nothing", win.ID, e.ID)
	}
	if err := st.SaveDraft(ctx, store.Draft{WorkbookID: w2.ID, StepID: store.ToolStepPrefix + "wins", PromptID: "text", EntryID: win.ID,
		PromptText: "A small win", Body: "a calm walk by the river", Cursor: 4}); err != nil {
		t.Fatal(err)
	}
	return st, path
}

// TestRoundTrip: a generated journal written as JSON and imported into a
// new file gives back every row of every table, column for column.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, srcPath := generated(t)
	var buf bytes.Buffer
	if err := Write(ctx, &buf, src, time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	rows, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	dstPath := filepath.Join(t.TempDir(), "imported.db")
	dst, err := store.Open(dstPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := dst.ImportRows(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	want, got := dumpTables(t, srcPath), dumpTables(t, dstPath)
	if len(want) < 5 {
		t.Fatalf("only %d tables in the original", len(want))
	}
	for table, w := range want {
		g := got[table]
		if len(w) == 0 {
			t.Errorf("table %s is empty in the original: the test proves nothing for it", table)
		}
		if len(g) != len(w) {
			t.Errorf("table %s: %d rows imported, %d in the original", table, len(g), len(w))
			continue
		}
		for i := range w {
			if !reflect.DeepEqual(w[i], g[i]) {
				t.Errorf("table %s row %d:\n original %v\n imported %v", table, i, w[i], g[i])
				break
			}
		}
	}
	// And the JSON of the import is the JSON of the original.
	dst, err = store.Open(dstPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	var again bytes.Buffer
	if err := Write(ctx, &again, dst, time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Error("exporting the imported journal gives a different document")
	}
}

// dumpTables reads every row of every table of the file at path (as
// sqlite_master lists them, so a table added later is compared too), each
// row as its columns' values, in primary key order.
func dumpTables(t *testing.T, path string) map[string][][]any {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	names, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for names.Next() {
		var n string
		if err := names.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	names.Close()
	out := map[string][][]any{}
	for _, table := range tables {
		rows, err := db.Query(fmt.Sprintf(`SELECT * FROM %q ORDER BY 1, 2, 3, 4`, table))
		if err != nil {
			t.Fatal(err)
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
			out[table] = append(out[table], vals)
		}
		rows.Close()
	}
	return out
}

// small is a valid document with one of everything.
const small = `{"format":"trustwork-journal","version":1,"exported_at":"2026-11-22T02:00:00Z","workbooks":[
{"id":1,"partner_name":"Sam","relationship":"partner","role":"repairing","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z",
"progress":[{"step_id":"reflect","status":"done","updated_at":"2026-01-02T00:00:00Z"}],
"resume":{"screen":"home","step_id":"","prompt_id":"","entry_id":0,"scroll":0,"updated_at":"2026-01-03T00:00:00Z"},
"drafts":[{"step_id":"reflect","prompt_id":"what","entry_id":5,"prompt_text":"Q","body":"draft","cursor":2,"updated_at":"2026-01-04T00:00:00Z"}],
"entries":[{"id":5,"step_id":"reflect","prompt_id":"what","prompt_text":"Q","body":"text","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}]}]}`

func TestReadValid(t *testing.T) {
	rows, err := Read(strings.NewReader(small))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || len(rows[0].Entries) != 1 || rows[0].Entries[0].Body != "text" || rows[0].Drafts[0].EntryID != 5 ||
		rows[0].Resume == nil || rows[0].Progress[0].Status != store.Done {
		t.Fatalf("Read(small) = %+v", rows)
	}
}

// TestReadBOM: a byte order mark, which some editors put at the start of
// a file they save, is not a reason to refuse it.
func TestReadBOM(t *testing.T) {
	rows, err := Read(strings.NewReader("\ufeff" + small))
	if err != nil || len(rows) != 1 || rows[0].Entries[0].Body != "text" {
		t.Fatalf("Read(BOM + small) = %+v, %v", rows, err)
	}
}

// TestReadMalformed: every kind of bad file is refused with one line that
// says what is wrong, and nothing is returned to import.
func TestReadMalformed(t *testing.T) {
	cases := []struct{ name, doc, want string }{
		{"empty", ``, "not JSON"},
		{"not json", `hello`, "not JSON"},
		{"cut short", small[:len(small)/2], "not JSON"},
		{"another format", strings.Replace(small, `"trustwork-journal"`, `"something-else"`, 1), "not a trustwork journal export"},
		{"no format", strings.Replace(small, `"format":"trustwork-journal",`, ``, 1), "not a trustwork journal export"},
		{"newer version", strings.Replace(small, `"version":1`, fmt.Sprintf(`"version":%d`, Version+1), 1), fmt.Sprintf("newer trustwork (format version %d", Version+1)},
		{"version zero", strings.Replace(small, `"version":1`, `"version":0`, 1), `no valid "version"`},
		{"version a string", strings.Replace(small, `"version":1`, `"version":"1"`, 1), "not JSON"},
		{"unknown field", strings.Replace(small, `"role":"repairing"`, `"role":"repairing","mood":"ok"`, 1), `unknown field "mood"`},
		{"unknown top field", strings.Replace(small, `"version":1`, `"version":1,"extra":[]`, 1), `unknown field "extra"`},
		{"trailing data", small + `{}`, "after top-level value"},
		{"two documents", small + small, "after top-level value"},
		{"bad role", strings.Replace(small, `"repairing"`, `"villain"`, 1), `role "villain"`},
		{"bad status", strings.Replace(small, `"done"`, `"finished"`, 1), `status "finished"`},
		{"bad time", strings.Replace(small, `"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z",
"progress"`, `"created_at":"yesterday","updated_at":"2026-01-01T00:00:00Z",
"progress"`, 1), `created_at "yesterday" is not a time`},
		{"missing time", strings.Replace(small, `"updated_at":"2026-01-04T00:00:00Z"`, `"updated_at":""`, 1), `draft 1 updated_at "" is not a time`},
		{"absurd year", strings.Replace(small, `"exported_at":"2026-11-22T02:00:00Z"`, `"exported_at":"0001-01-01T00:00:00Z"`, 1), "not a plausible date"},
		{"zero entry id", strings.Replace(small, `"id":5`, `"id":0`, 1), "entry 1: id 0"},
		{"negative workbook id", strings.Replace(small, `"id":1,`, `"id":-1,`, 1), "workbook 1: id -1"},
		{"id too big", strings.Replace(small, `"id":5`, `"id":99999999999999999999`, 1), "should be a int64"},
		{"float id", strings.Replace(small, `"id":5`, `"id":5.5`, 1), "should be a int64"},
		{"empty step id", strings.Replace(small, `"step_id":"reflect","prompt_id":"what","prompt_text":"Q","body":"text"`, `"step_id":"","prompt_id":"what","prompt_text":"Q","body":"text"`, 1), "entry 1 step_id is empty"},
		{"control in id", strings.Replace(small, `"prompt_id":"what","prompt_text":"Q","body":"text"`, `"prompt_id":"wh\u001bat","prompt_text":"Q","body":"text"`, 1), "control character"},
		{"draft of another entry", strings.Replace(small, `"entry_id":5`, `"entry_id":6`, 1), "entry_id 6 is not an entry of this workbook"},
		{"tool draft of no record", strings.Replace(small, `"step_id":"reflect","prompt_id":"what","entry_id":5`, `"step_id":"tool.wins","prompt_id":"text","entry_id":5`, 1), "entry_id 5 is not a tool record of this workbook"},
		{"cursor outside", strings.Replace(small, `"cursor":2`, `"cursor":99`, 1), "cursor 99"},
		{"negative scroll", strings.Replace(small, `"scroll":0`, `"scroll":-1`, 1), "scroll -1"},
		{"duplicate progress", strings.Replace(small, `"progress":[{"step_id":"reflect","status":"done","updated_at":"2026-01-02T00:00:00Z"}]`,
			`"progress":[{"step_id":"reflect","status":"done","updated_at":"2026-01-02T00:00:00Z"},{"step_id":"reflect","status":"done","updated_at":"2026-01-02T00:00:00Z"}]`, 1), "appears twice"},
		{"no workbooks", `{"format":"trustwork-journal","version":1,"exported_at":"2026-11-22T02:00:00Z","workbooks":[]}`, "holds no workbook"},
		{"a database", "SQLite format 3\x00\x10\x00", "use trustwork restore"},
		{"a markdown export", "# Journal: repairing trust with Sam\n", "markdown export"},
		{"not UTF-8", strings.Replace(small, `"body":"text"`, "\"body\":\"te\xffxt\"", 1), "not UTF-8 (byte"},
		{"a key twice", strings.Replace(small, `"body":"text"`, `"body":"kept","body":"text"`, 1), `"body" appears twice`},
		{"null text", strings.Replace(small, `"body":"text"`, `"body":null`, 1), `"body" is null`},
		{"null list", strings.Replace(small, `"progress":[{"step_id":"reflect","status":"done","updated_at":"2026-01-02T00:00:00Z"}]`, `"progress":null`, 1), `"progress" is null`},
		{"null in a list", strings.Replace(small, `"entries":[`, `"entries":[null,`, 1), "an item of a list is null"},
		{"long name", strings.Replace(small, `"Sam"`, `"`+strings.Repeat("x", MaxNameBytes+1)+`"`, 1), "longer than"},
	}
	dupEntry := strings.Replace(small, `"entries":[`, `"entries":[{"id":5,"step_id":"a","prompt_id":"b","prompt_text":"","body":"","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"},`, 1)
	cases = append(cases, struct{ name, doc, want string }{"duplicate entry id", dupEntry, "entry 2: id 5"})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, err := Read(strings.NewReader(c.doc))
			if err == nil {
				t.Fatalf("Read accepted it: %+v", rows)
			}
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("Read = %q; want one line with %q", err, c.want)
			}
			if rows != nil {
				t.Fatal("rows returned with an error")
			}
		})
	}
}

func TestReadTooLarge(t *testing.T) {
	defer func(n int) { maxFileBytes = n }(maxFileBytes)
	maxFileBytes = 1 << 20
	if _, err := Read(strings.NewReader(small + strings.Repeat(" ", 1<<20))); err == nil || !strings.Contains(err.Error(), "larger than 1 MB") {
		t.Fatalf("Read of a too-large file = %v", err)
	}
}
