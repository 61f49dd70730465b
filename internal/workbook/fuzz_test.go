package workbook_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trustwork/trustwork/internal/workbook"
)

// seedDir holds the committed seed corpus. It lives in the repository's
// top-level testdata, which go test does not load for this package by
// itself, so the fuzz test reads and adds the seeds explicitly.
var seedDir = filepath.Join("..", "..", "testdata", "fuzz", "FuzzSplitFrontMatter")

// readCorpusFile decodes a file in Go's fuzz corpus format holding a single
// []byte value ("go test fuzz v1" then `[]byte("...")`).
func readCorpusFile(data []byte) ([]byte, error) {
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) != 2 || lines[0] != "go test fuzz v1" {
		return nil, fmt.Errorf("want a 'go test fuzz v1' header and one value, got %d lines", len(lines))
	}
	v, ok := strings.CutPrefix(lines[1], "[]byte(")
	if !ok || !strings.HasSuffix(v, ")") {
		return nil, fmt.Errorf("value %q is not a []byte(...) literal", lines[1])
	}
	s, err := strconv.Unquote(strings.TrimSuffix(v, ")"))
	if err != nil {
		return nil, fmt.Errorf("value %q: %w", lines[1], err)
	}
	return []byte(s), nil
}

func TestReadCorpusFile(t *testing.T) {
	got, err := readCorpusFile([]byte("go test fuzz v1\n[]byte(\"---\\r\\n\\xef\")\n"))
	if err != nil || string(got) != "---\r\n\xef" {
		t.Errorf("got %q, %v", got, err)
	}
	for _, bad := range []string{"", "go test fuzz v1\n", "go test fuzz v2\n[]byte(\"x\")", "go test fuzz v1\nstring(\"x\")", "go test fuzz v1\n[]byte(\"x)"} {
		if _, err := readCorpusFile([]byte(bad)); err == nil {
			t.Errorf("readCorpusFile(%q) succeeded", bad)
		}
	}
}

func addSeeds(f *testing.F) {
	names, err := filepath.Glob(filepath.Join(seedDir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	if len(names) == 0 {
		f.Fatalf("no seeds in %s", seedDir)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		seed, err := readCorpusFile(data)
		if err != nil {
			f.Fatalf("%s: %v", name, err)
		}
		f.Add(seed)
	}
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
