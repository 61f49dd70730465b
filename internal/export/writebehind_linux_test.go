package export

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestToFileStartsWritebackAsItGoes checks that a long export asks the
// kernel to start writing each MiB as soon as it is written, in order and
// without gaps, on both ways ToFile makes its file, and that the file
// still holds exactly what was written.
func TestToFileStartsWritebackAsItGoes(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		name := "tmpfile"
		if fallback {
			name = "named temp"
		}
		t.Run(name, func(t *testing.T) {
			noTmpfile = fallback
			t.Cleanup(func() { noTmpfile = false })
			type call struct{ off, n int64 }
			var calls []call
			old := syncRange
			syncRange = func(fd int, off, n int64) error {
				calls = append(calls, call{off, n})
				return old(fd, off, n)
			}
			t.Cleanup(func() { syncRange = old })

			// 3.5 MiB in the 32 KiB pieces export's bufio.Writer hands on.
			want := bytes.Repeat([]byte("I am sorry, and I mean it.\n"), 3<<20/27+(1<<19)/27)
			path := filepath.Join(t.TempDir(), "journal.md")
			err := ToFile(path, false, func(w io.Writer) error {
				for rest := want; len(rest) > 0; {
					n := min(len(rest), 32<<10)
					if _, err := w.Write(rest[:n]); err != nil {
						return err
					}
					rest = rest[n:]
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("file holds %d bytes, want the %d written", len(got), len(want))
			}
			if len(calls) != len(want)/writeBehindChunk {
				t.Fatalf("writeback started %d times for %d bytes, want once per whole MiB (%d): %v", len(calls), len(want), len(want)/writeBehindChunk, calls)
			}
			var next int64
			for _, c := range calls {
				if c.off != next || c.n < writeBehindChunk {
					t.Fatalf("writeback ranges %v: want contiguous ranges of at least %d bytes from 0", calls, writeBehindChunk)
				}
				next = c.off + c.n
			}
		})
	}
}

// TestFailedWriteIsTheError: when the file refuses the bytes (a full disk;
// here a descriptor open only for reading), the export's error names the
// file and the reason, whatever the formatter made of its failed writes
// (it had said "read entries" on a full disk).
func TestFailedWriteIsTheError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.md")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path) // read-only: every write fails
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	err = writeAll(f, path, func(w io.Writer) error {
		chunk := bytes.Repeat([]byte("I am sorry.\n"), 4096)
		for range 200 { // past the write-behind buffers
			if _, err := w.Write(chunk); err != nil {
				return fmt.Errorf("export: read entries: %w", err)
			}
		}
		return nil
	})
	want := "export: cannot write " + path + " ("
	if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "read entries") {
		t.Fatalf("writeAll = %v, want an error starting %q", err, want)
	}
}
