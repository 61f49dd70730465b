package bench

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/store"
)

// BenchmarkAutosave is one autosave commit (store.SaveDraft of a 2 KB
// draft, an upsert in its own transaction) on a copy of the L journal,
// with synchronous=NORMAL (what the app uses, with WAL) and FULL. Besides
// ns/op it reports the p50 and p99 of the individual saves; run it with
// -benchtime=2000x for a stable p99. Target: p99 ≤ 10 ms.
func BenchmarkAutosave(b *testing.B) {
	for _, mode := range []string{"NORMAL", "FULL"} {
		b.Run("size=L/sync="+mode, func(b *testing.B) {
			st, err := store.Open(dbCopy(b, "L"), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			ctx := context.Background()
			if err := st.SetSynchronousForBenchmark(ctx, mode); err != nil {
				b.Fatal(err)
			}
			reportTimes(b, saveTimes(b, draftSaver(b, st)))
		})
	}
}

// draftSaver returns a save of a 2 KB draft on st's workbook; each save
// carries new text, as a typing pause would.
func draftSaver(b *testing.B, st *store.Store) func(i int) error {
	ctx := context.Background()
	wbs, err := st.Workbooks(ctx)
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(text(2 << 10))
	d := store.Draft{WorkbookID: wbs[0].ID, StepID: "admit", PromptID: "name-it", PromptText: "Name it."}
	return func(i int) error {
		body[i%len(body)] = 'a' + byte(i%26)
		d.Body, d.Cursor = string(body), i%len(body)
		return st.SaveDraft(ctx, d)
	}
}

// saveTimes runs save b.N times and returns each call's duration.
func saveTimes(b *testing.B, save func(i int) error) []time.Duration {
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		t0 := time.Now()
		if err := save(i); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	return times
}

// reportTimes reports the p50, p99 and max of the saves.
func reportTimes(b *testing.B, times []time.Duration) {
	slices.Sort(times)
	b.ReportMetric(ms(percentile(times, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(times, 99)), "p99-ms")
	b.ReportMetric(ms(times[len(times)-1]), "max-ms")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}
