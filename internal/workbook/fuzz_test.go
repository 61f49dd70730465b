package workbook_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/trustwork/trustwork/internal/fuzzseed"
	"github.com/trustwork/trustwork/internal/workbook"
)

func addSeeds(f *testing.F) {
	fuzzseed.Add(f, "FuzzSplitFrontMatter")
	// The real lessons are the inputs that matter most.
	lessons, _ := filepath.Glob(filepath.Join("..", "..", "content", "*.md"))
	for _, name := range lessons {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
}

func FuzzSplitFrontMatter(f *testing.F) {
	addSeeds(f)
	bom, crlf, lf := []byte("\uFEFF"), []byte("\r\n"), []byte("\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		front, body, bodyLine, err := workbook.SplitFrontMatter(data)
		// Parse must never panic either, whatever the YAML looks like.
		_, _ = workbook.Parse("fuzz.md", data)
		if err != nil {
			if front != nil || body != nil || bodyLine != 0 {
				t.Fatalf("error %v came with front %q body %q line %d", err, front, body, bodyLine)
			}
			return
		}
		if !utf8.Valid(data) {
			t.Fatal("accepted invalid UTF-8")
		}
		norm := bytes.ReplaceAll(bytes.TrimPrefix(data, bom), crlf, lf)
		if !bytes.Contains(norm, front) || !bytes.Contains(norm, body) {
			t.Fatalf("front %q or body %q is not part of the input", front, body)
		}
		if !bytes.HasPrefix(norm, append([]byte("---\n"), front...)) {
			t.Fatalf("front %q does not follow the opening line", front)
		}
		if !bytes.HasSuffix(norm, body) {
			t.Fatalf("body %q is not the end of the input", body)
		}
		if len(front) > 0 && front[len(front)-1] != '\n' {
			t.Fatalf("front %q does not end with a whole line", front)
		}
		for l := range bytes.Lines(front) {
			if string(bytes.TrimRight(bytes.TrimSuffix(l, lf), " \t")) == "---" {
				t.Fatalf("front %q contains a closing line", front)
			}
		}
		// What lies between front and body is exactly the closing line.
		closing := norm[len("---\n")+len(front) : len(norm)-len(body)]
		ended := bytes.HasSuffix(closing, lf)
		if string(bytes.TrimRight(bytes.TrimSuffix(closing, lf), " \t")) != "---" {
			t.Fatalf("closing line is %q", closing)
		}
		if bodyLine < 3 {
			t.Fatalf("bodyLine = %d, want >= 3", bodyLine)
		}
		want := bytes.Count(norm[:len(norm)-len(body)], lf) + 1
		if !ended {
			want++ // the body would start on the line after the closing one
		}
		if bodyLine != want {
			t.Fatalf("bodyLine = %d, want %d", bodyLine, want)
		}
	})
}
