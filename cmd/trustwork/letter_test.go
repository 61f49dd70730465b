package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/store"
)

// `export --apology` writes the finished apology alone (the latest
// version when none is finished, saying so on stderr), to stdout or -o
// like any export; with none kept it says what to do in one line.
func TestExportApology(t *testing.T) {
	for _, hurt := range []bool{false, true} {
		dir := t.TempDir()
		db := filepath.Join(dir, "j.db")
		vars := map[string]string{"HOME": dir}
		st, err := store.Open(db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		role, name := store.RoleRepairing, "apology"
		if hurt {
			role, name = store.RoleHurt, "impact letter"
		}
		wb, err := st.CreateWorkbook(ctx, store.Workbook{PartnerName: "Robin", Relationship: "partner", Role: role})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddEntry(ctx, store.Entry{WorkbookID: wb.ID, StepID: "reflect", PromptID: "what-happened", PromptText: "What happened?", Body: "journal-only words"}); err != nil {
			t.Fatal(err)
		}
		first, second := "regret", "repair"
		if hurt {
			first, second = "happened", "need"
		}
		section := func(slug, text string) {
			t.Helper()
			if _, err := st.SaveLetterSection(ctx, wb.ID, hurt, 0, slug, text, store.DraftKey{WorkbookID: wb.ID, StepID: "tool.apology", PromptID: slug}); err != nil {
				t.Fatal(err)
			}
		}
		keep := func() {
			t.Helper()
			if _, err := st.KeepLetterVersion(ctx, wb.ID, hurt); err != nil {
				t.Fatal(err)
			}
		}
		st.Close()

		_, errOut, code := runArgs(t, vars, "--db", db, "export", "--apology")
		if code == 0 || !strings.Contains(errOut, "there is no "+name+" kept yet") || strings.Count(errOut, "\n") != 1 {
			t.Fatalf("%s: with none kept: %d %q", name, code, errOut)
		}

		if st, err = store.Open(db, store.Options{}); err != nil {
			t.Fatal(err)
		}
		section(first, "First words.")
		keep()
		st.Close()
		out, errOut, code := runArgs(t, vars, "--db", db, "export", "--apology")
		if code != 0 || out != "First words.\n" || !strings.Contains(errOut, "marked finished; this is the latest, version 1") {
			t.Fatalf("%s: latest unfinished: %d %q %q", name, code, out, errOut)
		}

		// A refused -o is one line, even with the note on an unfinished letter.
		taken := filepath.Join(dir, "taken.txt")
		if err := os.WriteFile(taken, []byte("mine"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, errOut, code := runArgs(t, vars, "--db", db, "export", "--apology", "-o", taken); code == 0 || strings.Count(errOut, "\n") != 1 {
			t.Fatalf("%s: refused -o: %d %q", name, code, errOut)
		}

		if st, err = store.Open(db, store.Options{}); err != nil {
			t.Fatal(err)
		}
		section(first, "Plain words.")
		section(second, "What comes next.")
		keep()
		if _, err := st.FinishLetter(ctx, wb.ID, hurt, true); err != nil {
			t.Fatal(err)
		}
		section(second, "A later draft, not kept.")
		st.Close()
		want := "Plain words.\n\nWhat comes next.\n"
		out, errOut, code = runArgs(t, vars, "--db", db, "export", "--apology")
		if code != 0 || out != want || errOut != "" {
			t.Fatalf("%s: finished: %d %q %q", name, code, out, errOut)
		}

		file := filepath.Join(dir, "letter.txt")
		if _, errOut, code := runArgs(t, vars, "--db", db, "export", "--apology", "-o", file); code != 0 || !strings.Contains(errOut, "is in "+file) {
			t.Fatalf("%s: -o: %d %q", name, code, errOut)
		}
		if b, _ := os.ReadFile(file); string(b) != want {
			t.Fatalf("%s: file holds %q", name, b)
		}
		if err := os.WriteFile(file, []byte("mine"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, code := runArgs(t, vars, "--db", db, "export", "--apology", "-o", file); code == 0 {
			t.Fatalf("%s: an existing file was replaced without --force", name)
		}
		if b, _ := os.ReadFile(file); string(b) != "mine" {
			t.Fatalf("%s: the refused export changed the file: %q", name, b)
		}
		if _, errOut, code := runArgs(t, vars, "--db", db, "export", "--apology", "-o", file, "--force"); code != 0 {
			t.Fatalf("%s: --force: %d %q", name, code, errOut)
		}
		if b, _ := os.ReadFile(file); string(b) != want {
			t.Fatalf("%s: after --force the file holds %q", name, b)
		}
		for _, args := range [][]string{{"--step", "2"}, {"--format", "json"}, {"--since", "2024-01-01"}} {
			_, errOut, code := runArgs(t, vars, append([]string{"--db", db, "export", "--apology"}, args...)...)
			if code != exitUsage || !strings.Contains(errOut, "--apology writes the letter alone") || strings.Count(errOut, "\n") != 1 {
				t.Errorf("%s: --apology %q: %d %q", name, args, code, errOut)
			}
		}
	}
}
