// Package fuzzseed loads the committed fuzz seed corpora. They live with the
// other fixtures in the repository's top-level testdata/fuzz/<FuzzName>/,
// where go test does not look by itself, so each fuzz test adds them here.
package fuzzseed

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Dir is testdata/fuzz as seen from a package directory under internal/.
var Dir = filepath.Join("..", "..", "testdata", "fuzz")

// Add adds every seed of the named fuzz target to f, failing the test when
// there are none or one cannot be read: a silently empty corpus would make
// the short fuzz run in make test prove little.
func Add(f *testing.F, name string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join(Dir, name, "*"))
	if err != nil {
		f.Fatal(err)
	}
	if len(files) == 0 {
		f.Fatalf("no seeds in %s", filepath.Join(Dir, name))
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		args, err := Parse(data)
		if err != nil {
			f.Fatalf("%s: %v", file, err)
		}
		f.Add(args...)
	}
}

// Parse decodes one file in Go's corpus format ("go test fuzz v1", then one
// string(...) or []byte(...) literal per line).
func Parse(data []byte) ([]any, error) {
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) < 2 || lines[0] != "go test fuzz v1" {
		return nil, fmt.Errorf("want a 'go test fuzz v1' header and at least one value")
	}
	var args []any
	for _, l := range lines[1:] {
		var asBytes bool
		q, ok := strings.CutPrefix(l, "string(")
		if !ok {
			q, ok = strings.CutPrefix(l, "[]byte(")
			asBytes = true
		}
		q, ok2 := strings.CutSuffix(q, ")")
		s, err := strconv.Unquote(q)
		if !ok || !ok2 || err != nil {
			return nil, fmt.Errorf("value %q is not a string(...) or []byte(...) literal", l)
		}
		if asBytes {
			args = append(args, []byte(s))
		} else {
			args = append(args, s)
		}
	}
	return args, nil
}
