package recovery

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHandoffIsPrivateAndOrphansComeBack(t *testing.T) {
	data := t.TempDir()
	h, err := StartHandoff(data, Record{StepID: "s", PromptID: "p", EntryID: 7, PromptText: "Q?", Body: "draft"})
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(h.Dir) != HandoffRoot(data) {
		t.Fatalf("handoff in %s, want under %s", h.Dir, HandoffRoot(data))
	}
	for path, want := range map[string]os.FileMode{HandoffRoot(data): 0o700, h.Dir: 0o700, h.Path: 0o600, filepath.Join(h.Dir, handoffTarget): 0o600} {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != want {
			t.Fatalf("%s: %v %v, want %v", path, fi.Mode(), err, want)
		}
	}
	note, _ := os.ReadFile(filepath.Join(h.Dir, handoffTarget))
	if string(note) == "" || strings.Contains(string(note), "draft") {
		t.Fatalf("the note holds the text: %s", note)
	}
	// A locked journal seals prompt texts too; the note stays plain, so it
	// keeps only ids and times, and the app finds the prompt again.
	if strings.Contains(string(note), "Q?") {
		t.Fatalf("the note holds the prompt text: %s", note)
	}
	// The editor writes; the app is killed before reading it back.
	if err := os.WriteFile(h.Path, []byte("draft and more"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(h.Dir, ".entry.md.swp"), []byte("swap"), 0o600)
	orphans, err := Orphans(data)
	if err != nil || len(orphans) != 1 {
		t.Fatalf("orphans %+v %v", orphans, err)
	}
	o := orphans[0]
	if o.Record.Body != "draft and more" || o.Record.StepID != "s" || o.Record.PromptID != "p" || o.Record.EntryID != 7 {
		t.Fatalf("orphan %+v", o.Record)
	}
	if err := o.Remove(); err != nil {
		t.Fatal(err)
	}
	if orphans, _ := Orphans(data); len(orphans) != 0 {
		t.Fatalf("left after Remove: %+v", orphans)
	}
	if _, err := os.Stat(h.Dir); !os.IsNotExist(err) {
		t.Fatalf("handoff folder (and the editor's swap file) still there: %v", err)
	}
}
