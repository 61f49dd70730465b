// Package bench holds trustwork's benchmarks that need several packages
// (screens of the TUI on a large journal, the editor inside the TUI,
// autosave, opening the journal) and the helpers of the whole-process
// measurements run by cmd/benchreport (`make bench`): generated journals,
// a pseudo-terminal to run the real binary in, and medians.
//
// Nothing here is part of the trustwork binary.
package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/devdata"
	"github.com/trustwork/trustwork/internal/store"
)

// DataEnv names the directory holding pre-generated S.db, M.db and L.db;
// when unset, the benchmarks generate their own (which takes a second).
const DataEnv = "TRUSTWORK_BENCH_DATA"

// Seed is the generator seed every benchmark uses, so runs compare.
const Seed = 1

// GenerateFile writes the preset journal size ("S", "M", "L") to
// dir/<size>.db unless it is already there, and returns its path.
func GenerateFile(ctx context.Context, dir, size string) (string, error) {
	path := filepath.Join(dir, size+".db")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	book := content.Book()
	spec, err := devdata.Preset(size, Seed)
	if err != nil {
		return "", err
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		return "", err
	}
	if _, err := devdata.Generate(ctx, st, book, spec); err != nil {
		st.Close()
		return "", fmt.Errorf("generate %s: %w", size, err)
	}
	if err := st.Close(); err != nil {
		return "", err
	}
	return path, nil
}

// CopyDB copies a closed database (one file: Close checkpoints the WAL)
// to dst, so a benchmark can write to it without changing the original.
func CopyDB(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
