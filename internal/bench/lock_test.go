package bench

import (
	"context"
	"testing"

	"github.com/trustwork/trustwork/internal/store"
)

// benchPassphrase locks the journals of the lock benchmarks.
const benchPassphrase = "a benchmark passphrase"

// lockedCopy is a copy of the journal of the given size with the lock on
// (and unlocked), or off when lock is false.
func lockedCopy(tb testing.TB, size string, lock bool) *store.Store {
	tb.Helper()
	st, err := store.Open(dbCopy(tb, size), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if lock {
		if err := st.SetPassphrase(context.Background(), []byte(benchPassphrase)); err != nil {
			tb.Fatal(err)
		}
	}
	return st
}

// BenchmarkUnlock is one unlock of a locked journal: Argon2id with the
// parameters new locks use, then unwrapping the data key. Target: well
// under a second.
func BenchmarkUnlock(b *testing.B) {
	st := lockedCopy(b, "S", true)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		st.Forget()
		if err := st.Unlock([]byte(benchPassphrase)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilter is what the journal screen runs for one filter on L,
// with the lock off and on: the two counts and the first page, as
// loadEntriesCmd does. With the lock on every body is decrypted as the
// query streams past it.
func BenchmarkFilter(b *testing.B) {
	for _, lock := range []bool{false, true} {
		name := "size=L/lock=off"
		if lock {
			name = "size=L/lock=on"
		}
		b.Run(name, func(b *testing.B) {
			st := lockedCopy(b, "L", lock)
			ctx := context.Background()
			wbs, err := st.Workbooks(ctx)
			if err != nil {
				b.Fatal(err)
			}
			wb := wbs[0].ID
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := st.CountEntries(ctx, wb, "listened"); err != nil {
					b.Fatal(err)
				}
				if _, err := st.CountEntries(ctx, wb, ""); err != nil {
					b.Fatal(err)
				}
				if _, err := st.ListEntries(ctx, wb, "listened", 50, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAutosaveLocked is BenchmarkAutosave's NORMAL case with the lock
// on: the draft is sealed before the upsert. Target as there: p99 ≤ 10 ms.
func BenchmarkAutosaveLocked(b *testing.B) {
	st := lockedCopy(b, "L", true)
	reportTimes(b, saveTimes(b, draftSaver(b, st)))
}
