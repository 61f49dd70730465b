// Command trustwork-gen writes a generated journal for benchmarks and manual
// testing. It is a developer tool, not part of the trustwork binary:
//
//	go run ./cmd/trustwork-gen -size L -seed 1 -o /tmp/L.db
//
// The output file must not exist; it is created like any trustwork
// database, so `trustwork --db /tmp/L.db` opens it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/devdata"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "trustwork-gen: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fl := flag.NewFlagSet("trustwork-gen", flag.ContinueOnError)
	size := fl.String("size", "S", "journal size: S (50 entries), M (1,000) or L (10,000)")
	entries := fl.Int("entries", 0, "number of entries, overriding -size")
	seed := fl.Uint64("seed", 1, "seed; the same seed writes the same rows")
	out := fl.String("o", "", "database file to create (must not exist)")
	until := fl.String("until", "", "end the three years of history on this day (YYYY-MM-DD, or today); default the fixed 2023–2025 span, so a seed always writes the same rows")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("missing -o FILE: the database to create")
	}
	if _, err := os.Lstat(*out); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s already exists; remove it or choose another -o", *out)
	}
	spec, err := devdata.Preset(*size, *seed)
	if err != nil {
		return err
	}
	if *entries > 0 {
		spec.Entries = *entries
	}
	if *until != "" {
		// A history ending today lets the charts' recent ranges (the last 3
		// months) show the generated check-ins on a manual or tmux run.
		end := time.Now()
		if *until != "today" {
			if end, err = time.ParseInLocation("2006-01-02", *until, time.Local); err != nil {
				return fmt.Errorf("-until %q: use a day as YYYY-MM-DD, or today", *until)
			}
		}
		y, m, d := end.Date()
		spec.Start = time.Date(y-3, m, d, 8, 0, 0, 0, time.Local)
		spec.Span = time.Date(y, m, d, 23, 0, 0, 0, time.Local).Sub(spec.Start)
	}
	book, err := workbook.Load(content.FS)
	if err != nil {
		return err
	}
	start := time.Now()
	st, err := store.Open(*out, store.Options{})
	if err != nil {
		return err
	}
	if _, err := devdata.Generate(context.Background(), st, book, spec); err != nil {
		st.Close()
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %d entries to %s in %v\n", spec.Entries, *out, time.Since(start).Round(time.Millisecond))
	return nil
}
