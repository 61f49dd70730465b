package portable

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/fuzzseed"
	"github.com/trustwork/trustwork/internal/store"
)

// FuzzRead: whatever the file holds, Read either refuses it with one line
// matching ErrMalformed, or returns rows that an empty store takes whole
// and that are written back as the same rows.
func FuzzRead(f *testing.F) {
	fuzzseed.Add(f, "FuzzRead")
	f.Fuzz(func(t *testing.T, doc string) {
		rows, err := Read(strings.NewReader(doc))
		if err != nil {
			if !errors.Is(err, ErrMalformed) || strings.Contains(err.Error(), "\n") || rows != nil {
				t.Fatalf("Read refused with %q (rows %v)", err, rows)
			}
			return
		}
		ctx := context.Background()
		st, err := store.Open(filepath.Join(t.TempDir(), "j.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if err := st.ImportRows(ctx, rows); err != nil {
			t.Fatalf("Read accepted rows the store refuses: %v\n%s", err, doc)
		}
		var out bytes.Buffer
		if err := Write(ctx, &out, st, time.Now()); err != nil {
			t.Fatal(err)
		}
		again, err := Read(&out)
		if err != nil {
			t.Fatalf("re-reading the written document: %v\n%s", err, out.String())
		}
		if len(again) != len(rows) {
			t.Fatalf("%d workbooks written back, %d read", len(again), len(rows))
		}
		// The store lists workbooks oldest first, not in file order.
		byID := map[int64]store.WorkbookRows{}
		for _, w := range again {
			byID[w.Workbook.ID] = w
		}
		for _, w := range rows {
			a, ok := byID[w.Workbook.ID]
			if !ok || len(a.Entries) != len(w.Entries) || len(a.Drafts) != len(w.Drafts) ||
				len(a.Progress) != len(w.Progress) || (a.Resume == nil) != (w.Resume == nil) {
				t.Fatalf("workbook %d changed on the way through the store", w.Workbook.ID)
			}
		}
	})
}
