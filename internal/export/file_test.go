package export

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
)

// withUmask runs the test under umask 022, the common default, so the test
// shows the file is private because ToFile makes it so, not by luck.
func withUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// onlyFiles lists dir, to show no temp file is left behind.
func onlyFiles(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range des {
		names = append(names, d.Name())
	}
	return names
}

func TestToFileCreatesPrivateFile(t *testing.T) {
	withUmask(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.md")
	if err := ToFile(path, false, writeString("hello\n")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "hello\n" {
		t.Fatalf("file = %q, %v", got, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("mode = %o, want 600", perm)
	}
	if names := onlyFiles(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want only journal.md", names)
	}
}

func TestToFileRefusesExisting(t *testing.T) {
	withUmask(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.md")
	old := []byte("the old export\n")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	called := false
	err := ToFile(path, false, func(w io.Writer) error { called = true; return nil })
	if err == nil {
		t.Fatal("ToFile replaced an existing file without force")
	}
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("error %v is not fs.ErrExist", err)
	}
	want := path + " already exists; use --force to replace it, or choose another file with -o"
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if called {
		t.Error("write was called for a refused export")
	}
	if got, _ := os.ReadFile(path); string(got) != string(old) {
		t.Errorf("existing file changed to %q", got)
	}
	if names := onlyFiles(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v", names)
	}
}

// A file that appears while the export is being written is not clobbered.
func TestToFileRefusesFileCreatedDuringWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.md")
	err := ToFile(path, false, func(w io.Writer) error {
		return os.WriteFile(path, []byte("raced"), 0o600)
	})
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("error = %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "raced" {
		t.Errorf("file = %q, want the racing writer's", got)
	}
	if names := onlyFiles(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v", names)
	}
}

func TestToFileForceReplaces(t *testing.T) {
	withUmask(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.md")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := ToFile(path, true, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("file = %q, want new", got)
	}
	fi, _ := os.Stat(path)
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("mode after replace = %o, want 600", perm)
	}
	if names := onlyFiles(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v", names)
	}
}

func TestToFileWriteErrorLeavesNothing(t *testing.T) {
	for _, force := range []bool{false, true} {
		dir := t.TempDir()
		path := filepath.Join(dir, "journal.md")
		boom := errors.New("boom")
		err := ToFile(path, force, func(w io.Writer) error {
			_, _ = io.WriteString(w, "half a jour")
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("force=%v: error = %v, want boom", force, err)
		}
		if names := onlyFiles(t, dir); len(names) != 0 {
			t.Errorf("force=%v: failed export left %v", force, names)
		}
	}
	// With force, a failed export keeps the old file as it was.
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.md")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := ToFile(path, true, func(w io.Writer) error { return errors.New("boom") }); err == nil {
		t.Fatal("want error")
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("old file became %q", got)
	}
	if names := onlyFiles(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v", names)
	}
}

func TestToFileCurrentDirectory(t *testing.T) {
	withUmask(t)
	dir := t.TempDir()
	t.Chdir(dir)
	if err := ToFile("journal.md", false, writeString("here")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "journal.md")); string(got) != "here" {
		t.Errorf("file = %q", got)
	}
	if names := onlyFiles(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v", names)
	}
}

func TestToFileBadDirectory(t *testing.T) {
	dir := t.TempDir()
	err := ToFile(filepath.Join(dir, "missing", "journal.md"), false, writeString("x"))
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("error = %v, want one naming the directory", err)
	}
	if err := ToFile("", false, writeString("x")); err == nil {
		t.Error("empty path accepted")
	}
}

// While the journal is being written no directory entry holds it, so a
// killed export leaves no plaintext copy behind (the kernel frees an
// unnamed file). With force, only the old export is there until the new
// one replaces it.
func TestToFileTempHasNoName(t *testing.T) {
	if noTmpfile {
		t.Fatal("fallback forced")
	}
	for _, force := range []bool{false, true} {
		withUmask(t)
		dir := t.TempDir()
		path := filepath.Join(dir, "journal.md")
		want := []string{}
		if force {
			if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			want = []string{"journal.md"}
		}
		var during []string
		err := ToFile(path, force, func(w io.Writer) error {
			if _, err := io.WriteString(w, "secret so far"); err != nil {
				return err
			}
			during = onlyFiles(t, dir)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(during, " ") != strings.Join(want, " ") {
			t.Errorf("force=%v: while writing the directory held %v, want %v", force, during, want)
		}
		if got, _ := os.ReadFile(path); string(got) != "secret so far" {
			t.Errorf("force=%v: file = %q", force, got)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("force=%v: mode %o, want 600", force, fi.Mode().Perm())
		}
		if names := onlyFiles(t, dir); len(names) != 1 {
			t.Errorf("force=%v: directory holds %v", force, names)
		}
	}
}

// forceFallback makes ToFile use its named-temp path, as on a file system
// without O_TMPFILE.
func forceFallback(t *testing.T) {
	noTmpfile = true
	t.Cleanup(func() { noTmpfile = false })
}

// The fallback sweeps temps that a killed export of the same file left
// (each a plaintext copy of the journal), and leaves other files alone.
func TestToFileFallbackRemovesStaleTemps(t *testing.T) {
	withUmask(t)
	forceFallback(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.md")
	stale := []string{".journal.md.tmp-123456", ".journal.md.tmp-999"}
	kept := []string{".other.md.tmp-123456", "journal.md.tmp-1", "notes.txt"}
	for _, n := range append(append([]string{}, stale...), kept...) {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("old journal"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var during []string
	err := ToFile(path, false, func(w io.Writer) error {
		during = onlyFiles(t, dir)
		_, err := io.WriteString(w, "new")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range during {
		for _, s := range stale {
			if n == s {
				t.Errorf("stale temp %s still there while writing", n)
			}
		}
	}
	want := append([]string{"journal.md"}, kept...)
	sort.Strings(want)
	got := onlyFiles(t, dir)
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("directory holds %v, want %v", got, want)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("file = %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 600", fi.Mode().Perm())
	}
}

// The fallback keeps the no-overwrite rule and the force replace.
func TestToFileFallbackRules(t *testing.T) {
	withUmask(t)
	forceFallback(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.md")
	if err := ToFile(path, false, writeString("one")); err != nil {
		t.Fatal(err)
	}
	if err := ToFile(path, false, writeString("two")); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second export without force: %v, want fs.ErrExist", err)
	}
	if err := ToFile(path, true, writeString("three")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "three" {
		t.Errorf("file = %q", b)
	}
	if names := onlyFiles(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v", names)
	}
}
