package recovery

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/seal"
)

func TestWriteListRemove(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	data := filepath.Join(t.TempDir(), "data")
	if rs, err := List(data); err != nil || len(rs) != 0 {
		t.Fatalf("List of a missing folder: %v, %v", rs, err)
	}
	t2 := time.Date(2025, 5, 1, 12, 0, 0, 0, time.FixedZone("X", 3600))
	t1 := t2.Add(-time.Hour)
	second := Record{StepID: "admit", PromptID: "what/../x", PromptText: "What?", Body: "later text", Cursor: 3, SavedAt: t2}
	first := Record{StepID: "reflect", PromptID: "why", EntryID: 42, PromptText: "Why?", Body: "earlier\ntext ✓", Cursor: 1, SavedAt: t1}
	p2, err := Write(data, second)
	if err != nil {
		t.Fatal(err)
	}
	p1, err := Write(data, first)
	if err != nil {
		t.Fatal(err)
	}
	// A later failure for the same prompt replaces the record: it holds
	// everything typed so far, and one file per prompt keeps a full disk
	// from filling with copies.
	newer := first
	newer.Body, newer.SavedAt = "earlier\ntext ✓ and more", t1.Add(time.Minute)
	p3, err := Write(data, newer)
	if err != nil || p3 != p1 {
		t.Fatalf("a newer record for the same prompt went to %s (%v), want %s", p3, err, p1)
	}
	dir := filepath.Join(data, Dir)
	for _, d := range []string{data, dir} {
		if m := modeOf(t, d); m != 0o700 {
			t.Errorf("%s mode %v, want 0700", d, m)
		}
	}
	for _, p := range []string{p1, p2, p3} {
		if filepath.Dir(p) != dir {
			t.Errorf("%s is not in %s", p, dir)
		}
		if m := modeOf(t, p); m != 0o600 {
			t.Errorf("%s mode %v, want 0600", p, m)
		}
	}
	if filepath.Base(p2) != "admit-what_x-0.json" {
		t.Errorf("file name %s", filepath.Base(p2))
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	// An unreadable file is skipped and kept.
	junk := filepath.Join(dir, "20200101T000000Z-x-y.json")
	os.WriteFile(junk, []byte("{not json"), 0o600)

	rs, err := List(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 {
		t.Fatalf("List returned %d records, want 2", len(rs))
	}
	want := newer
	want.SavedAt = newer.SavedAt.UTC()
	want.Path = p1
	if rs[0] != want || rs[1].Path != p2 {
		t.Errorf("List order or content: %+v", rs)
	}
	if rs[0].SavedAt.Location() != time.UTC {
		t.Errorf("SavedAt not UTC")
	}
	if _, err := os.Stat(junk); err != nil {
		t.Errorf("unreadable file was removed: %v", err)
	}
	if err := Remove(rs[0].Path); err != nil {
		t.Fatal(err)
	}
	if err := Remove(rs[0].Path); err != nil {
		t.Errorf("removing twice: %v", err)
	}
	rs, _ = List(data)
	if len(rs) != 1 || rs[0].Path != p2 {
		t.Errorf("after Remove: %+v, want only %s", rs, p2)
	}
	// Stored JSON is plain and complete.
	b, _ := os.ReadFile(p2)
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil || back["body"] != "later text" || back["prompt_text"] != "What?" {
		t.Errorf("stored JSON: %s (%v)", b, err)
	}
}

func TestWriteSetsTime(t *testing.T) {
	data := t.TempDir()
	before := time.Now()
	p, err := Write(data, Record{StepID: "s", PromptID: "p", Body: "x"})
	if err != nil {
		t.Fatal(err)
	}
	rs, _ := List(data)
	if len(rs) != 1 || rs[0].Path != p || rs[0].SavedAt.Before(before.Add(-time.Second)) {
		t.Errorf("records: %+v", rs)
	}
}

func TestWriteFailsInReadOnlyFolder(t *testing.T) {
	data := t.TempDir()
	f := filepath.Join(data, Dir)
	// A file where the folder should be: Write must report, not panic.
	os.WriteFile(f, []byte("x"), 0o600)
	if _, err := Write(data, Record{StepID: "s", PromptID: "p", Body: "x"}); err == nil {
		t.Error("Write succeeded with a file in place of the folder")
	}
}

// TestStaleTempsRemoved: a temporary file a killed process left (it holds
// words in plain text) goes at the next write; a fresh one, possibly being
// written right now, stays.
func TestStaleTempsRemoved(t *testing.T) {
	data := t.TempDir()
	dir := filepath.Join(data, Dir)
	os.MkdirAll(dir, 0o700)
	stale := filepath.Join(dir, tempPrefix+"1.json")
	fresh := filepath.Join(dir, tempPrefix+"2.json")
	os.WriteFile(stale, []byte("old words"), 0o600)
	os.WriteFile(fresh, []byte("new words"), 0o600)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stale, old, old)
	if _, err := Write(data, Record{StepID: "s", PromptID: "p", Body: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temp file still there (%v)", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("a fresh temp file was removed: %v", err)
	}
}

func modeOf(t *testing.T, p string) os.FileMode {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// keyCodec seals with a seal.Key, as a locked store does.
type keyCodec struct{ k *seal.Key }

func (c keyCodec) SealBlob(where string, p []byte) ([]byte, bool, error) {
	return c.k.Seal(p, seal.AAD("file", where)), true, nil
}
func (c keyCodec) OpenBlob(where string, b []byte) ([]byte, error) {
	return c.k.Open(b, seal.AAD("file", where))
}

func TestSealedRecoveryFiles(t *testing.T) {
	dir := t.TempDir()
	k, _, err := seal.New([]byte("pw"), seal.Params{MemoryKiB: 7 * 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	c := keyCodec{k}
	plainPath, err := Write(dir, Record{StepID: "a", PromptID: "p", Body: "old plain Ibis-3310"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := WriteWith(dir, Record{StepID: "s", PromptID: "p", Body: "sealed Heron-5521", PromptText: "Q Heron-5521"}, c)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); strings.Contains(string(b), "Heron") {
		t.Fatalf("sealed recovery file holds plain text: %s", b)
	}
	got, err := ListWith(dir, c)
	if err != nil || len(got) != 2 {
		t.Fatalf("ListWith: %v %v", got, err)
	}
	// Without the key the sealed file is skipped, never deleted.
	if got, _ := List(dir); len(got) != 1 || got[0].Body != "old plain Ibis-3310" {
		t.Fatalf("List without key: %+v", got)
	}
	// Renamed to another prompt, it no longer opens.
	moved := filepath.Join(dir, Dir, "t-p-0.json")
	if err := os.Rename(p, moved); err != nil {
		t.Fatal(err)
	}
	if got, _ := ListWith(dir, c); len(got) != 1 {
		t.Fatalf("a renamed sealed file opened: %+v", got)
	}
	os.Rename(moved, p)

	// Turning the lock on rewrites the plain one sealed.
	recs, _ := ListWith(dir, c)
	if err := Rewrite(dir, recs, c); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(plainPath); strings.Contains(string(b), "Ibis") {
		t.Fatal("rewrite left the plain text")
	}
	if got, _ := ListWith(dir, c); len(got) != 2 {
		t.Fatalf("after rewrite: %+v", got)
	}
}
