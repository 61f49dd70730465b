package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/devdata"
	"github.com/trustwork/trustwork/internal/portable"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// genJournal writes a small generated journal at a new path.
func genJournal(t *testing.T, dir string) string {
	t.Helper()
	book, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "journal.db")
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := devdata.Generate(context.Background(), st, book, devdata.Spec{Entries: 60, Seed: 3, HugeBytes: -1}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// exportedJSON makes a generated journal in a temp dir (also HOME) and
// exports it with --format json.
func exportedJSON(t *testing.T) (dir string, vars map[string]string, orig, jsonPath string) {
	t.Helper()
	dir = t.TempDir()
	vars = map[string]string{"HOME": dir}
	orig = genJournal(t, dir)
	jsonPath = filepath.Join(dir, "journal.json")
	if _, errOut, code := runArgs(t, vars, "--db", orig, "export", "--format", "json", "-o", jsonPath); code != 0 {
		t.Fatalf("export --format json: %d %q", code, errOut)
	}
	return dir, vars, orig, jsonPath
}

var exportedAt = regexp.MustCompile(`"exported_at":"[^"]*"`)

// TestImportRoundTrip: export --format json, then import into a new file;
// the new journal exports the same document.
func TestImportRoundTrip(t *testing.T) {
	dir, vars, orig, jsonPath := exportedJSON(t)
	imported := filepath.Join(dir, "new", "imported.db")
	_, errOut, code := runArgs(t, vars, "--db", imported, "import", jsonPath)
	if code != 0 || !strings.Contains(errOut, "Imported 60 entries and 3 drafts into "+imported) {
		t.Fatalf("import: %d %q", code, errOut)
	}
	a, _, _ := runArgs(t, vars, "--db", orig, "export", "--format", "json")
	b, _, _ := runArgs(t, vars, "--db", imported, "export", "--format", "json")
	a, b = exportedAt.ReplaceAllString(a, ""), exportedAt.ReplaceAllString(b, "")
	if a != b || len(a) < 1000 {
		t.Fatalf("the imported journal exports differently (%d and %d bytes)", len(a), len(b))
	}
	// "-" reads the document from standard input.
	in, err := os.Open(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var o, e strings.Builder
	fromStdin := filepath.Join(dir, "stdin.db")
	if code := run([]string{"--db", fromStdin, "import", "-"}, in, &o, &e, fakeEnv(vars)); code != 0 || !strings.Contains(e.String(), "Imported 60 entries") {
		t.Fatalf("import -: %d %q", code, e.String())
	}
	// The markdown default is unchanged by the format flag's arrival.
	md, _, code := runArgs(t, vars, "--db", imported, "export")
	if code != 0 || !strings.HasPrefix(md, "# Journal: repairing trust with Sam") {
		t.Fatalf("markdown export: %d %q", code, md[:min(len(md), 80)])
	}
}

func sum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestImportRefusals: a journal with anything in it is never written to,
// and a bad file is refused before any journal is made.
func TestImportRefusals(t *testing.T) {
	dir, vars, orig, jsonPath := exportedJSON(t)
	before := sum(t, orig)
	ents, _ := os.ReadDir(dir)
	_, errOut, code := runArgs(t, vars, "--db", orig, "import", jsonPath)
	if code != 1 || !strings.Contains(errOut, "already holds a journal") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("import onto a journal: %d %q", code, errOut)
	}
	if sum(t, orig) != before {
		t.Fatal("a refused import changed the journal")
	}
	if after, _ := os.ReadDir(dir); len(after) != len(ents) {
		t.Fatalf("a refused import left files: %v then %v", ents, after)
	}

	doc, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string]string{
		"truncated.json": string(doc[:len(doc)/2]),
		"newer.json":     strings.Replace(string(doc), fmt.Sprintf(`"version":%d`, portable.Version), `"version":99`, 1),
		"unknown.json":   strings.Replace(string(doc), `"role":`, `"colour":"blue","role":`, 1),
		"markdown.md":    "# Journal\n",
	}
	for name, text := range bad {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dir, "from-"+name+".db")
		_, errOut, code := runArgs(t, vars, "--db", target, "import", p)
		if code != 1 || !strings.Contains(errOut, "cannot be imported") || !strings.Contains(errOut, "nothing was changed") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("import %s: %d %q", name, code, errOut)
		}
		if _, err := os.Lstat(target); err == nil {
			t.Errorf("import %s made a journal", name)
		}
	}
	for _, args := range [][]string{{"import"}, {"import", "a", "b"}} {
		if _, errOut, code := runArgs(t, vars, args...); code != exitUsage || !strings.Contains(errOut, "import ") || !strings.Contains(errOut, "FILE") {
			t.Errorf("%q: %d %q", args, code, errOut)
		}
	}
	if _, errOut, code := runArgs(t, vars, "--db", filepath.Join(dir, "x.db"), "import", filepath.Join(dir, "missing.json")); code != 1 || !strings.Contains(errOut, "cannot read") {
		t.Errorf("missing file: %d %q", code, errOut)
	}
}

// TestExportFlags: the options narrow the export, and each bad value is
// one line saying what to write instead, with exit code 2.
func TestExportFlags(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"HOME": dir}
	orig := genJournal(t, dir)
	out, errOut, code := runArgs(t, vars, "--db", orig, "export", "--no-drafts", "--step", "2", "--since", "2023-01-01", "--until", "2024-12-31")
	if code != 0 || !strings.Contains(out, "This export holds part of the journal: step 2 only, written 1 January 2023 to 31 December 2024, drafts left out.") ||
		strings.Count(out, "\n## ") != 1 || !strings.Contains(out, "\nStatus: ") {
		t.Fatalf("narrowed export: %d %q\n%s", code, errOut, out)
	}
	full, _, _ := runArgs(t, vars, "--db", orig, "export")
	if len(out) >= len(full) || !strings.Contains(full, "## Drafts not yet saved") {
		t.Fatalf("the narrowed export (%d bytes) is not smaller than the full one (%d)", len(out), len(full))
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--since", "2024-13-01"}, `--since "2024-13-01" is not a date: write it as YYYY-MM-DD`},
		{[]string{"--until", "yesterday"}, `--until "yesterday" is not a date`},
		{[]string{"--since", "2024-03-02", "--until", "2024-03-01"}, "--since 2024-03-02 is after --until 2024-03-01"},
		{[]string{"--step", "99"}, "--step 99 is not a step: use a number from 1 to"},
		{[]string{"--step", "nope"}, `--step "nope" is not a step`},
		{[]string{"--format", "xml"}, `--format: unknown "xml", choose one of markdown, json`},
		{[]string{"--format", "json", "--no-drafts"}, "--format json always holds the whole journal"},
	} {
		_, errOut, code := runArgs(t, vars, append([]string{"--db", orig, "export"}, c.args...)...)
		if code != exitUsage || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("export %q: %d %q, want %q", c.args, code, errOut, c.want)
		}
	}
	// A single day is its own range: --since and --until the same day.
	if _, errOut, code := runArgs(t, vars, "--db", orig, "export", "--since", "2024-03-01", "--until", "2024-03-01"); code != 0 {
		t.Errorf("one-day range: %d %q", code, errOut)
	}
}

// TestRestoreCommand: backup, write more, restore refused without
// --replace (journal unchanged), then restored with it, the replaced
// journal kept; a non-backup is refused in one line.
func TestRestoreCommand(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"HOME": dir}
	orig := genJournal(t, dir)
	bak := filepath.Join(dir, "b.db")
	if _, errOut, code := runArgs(t, vars, "--db", orig, "backup", "-o", bak); code != 0 {
		t.Fatalf("backup: %d %q", code, errOut)
	}
	before := sum(t, orig)
	_, errOut, code := runArgs(t, vars, "--db", orig, "restore", bak)
	if code != 1 || !strings.Contains(errOut, "already holds a journal") || !strings.Contains(errOut, "--replace") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("restore without --replace: %d %q", code, errOut)
	}
	if sum(t, orig) != before {
		t.Fatal("a refused restore changed the journal")
	}
	_, errOut, code = runArgs(t, vars, "--db", orig, "restore", "--replace", bak)
	if code != 0 || !strings.Contains(errOut, "Restored "+bak) || !strings.Contains(errOut, "kept as "+orig+".before-restore-") {
		t.Fatalf("restore --replace: %d %q", code, errOut)
	}
	fresh := filepath.Join(dir, "fresh", "j.db")
	if _, errOut, code := runArgs(t, vars, "--db", fresh, "restore", bak); code != 0 {
		t.Fatalf("restore into a new file: %d %q", code, errOut)
	}
	a, _, _ := runArgs(t, vars, "--db", orig, "export", "--format", "json")
	b, _, _ := runArgs(t, vars, "--db", fresh, "export", "--format", "json")
	if exportedAt.ReplaceAllString(a, "") != exportedAt.ReplaceAllString(b, "") {
		t.Fatal("the restored journals differ")
	}
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = runArgs(t, vars, "--db", filepath.Join(dir, "other.db"), "restore", notes)
	if code != 1 || !strings.Contains(errOut, "the backup cannot be restored: "+notes+" is not a trustwork database") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("restore of a text file: %d %q", code, errOut)
	}
	if _, errOut, code := runArgs(t, vars, "restore"); code != exitUsage || !strings.Contains(errOut, "restore needs BACKUP") {
		t.Fatalf("restore without a file: %d %q", code, errOut)
	}
}
