package export

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/store"
)

// genSource yields n entries for one prompt from a generator, never holding
// them, and samples the live heap as the export goes.
type genSource struct {
	n    int
	body string
	// live[i] is the heap in use after a GC when entry sampleAt[i] was
	// handed to export.
	sampleAt []int
	live     []uint64
}

func (g *genSource) EachEntry(ctx context.Context, wb int64, stepID, promptID string, fn func(store.Entry) error) error {
	if stepID != "reflect" || promptID != "what" {
		return nil
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range g.n {
		for _, s := range g.sampleAt {
			if s == i {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				g.live = append(g.live, ms.HeapAlloc)
			}
		}
		t := t0.Add(time.Duration(i) * time.Minute)
		e := store.Entry{ID: int64(i + 1), WorkbookID: wb, StepID: stepID, PromptID: promptID,
			PromptText: "What happened, in plain words?", Body: g.body, CreatedAt: t, UpdatedAt: t}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (g *genSource) PromptCountsBetween(ctx context.Context, wb int64, from, to time.Time) ([]store.PromptCount, error) {
	return []store.PromptCount{{StepID: "reflect", PromptID: "what", Count: g.n}}, nil
}

func (g *genSource) Drafts(ctx context.Context, wb int64) ([]store.Draft, error) { return nil, nil }

func (g *genSource) Progress(ctx context.Context, wb int64) (map[string]store.Status, error) {
	return nil, nil
}

// countingWriter discards what it is given but counts it, so the test knows
// the whole journal went out.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)

// allocPerEntry exports n generated entries and returns the bytes allocated
// per entry.
func allocPerEntry(t *testing.T, n int, body string) float64 {
	t.Helper()
	g := &genSource{n: n, body: body}
	var w countingWriter
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if err := Markdown(context.Background(), &w, g, testBook(), testWorkbook, testOptions); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if w.n < int64(n*len(body)) {
		t.Fatalf("wrote %d bytes for %d entries of %d bytes", w.n, n, len(body))
	}
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(n)
}

func TestStreaming(t *testing.T) {
	body := strings.Repeat("I said I would be home at six and I was not. ", 40) // ~1.8 KB
	small := allocPerEntry(t, 1000, body)
	large := allocPerEntry(t, 10000, body)
	t.Logf("allocated per entry: %.0f B (1k entries), %.0f B (10k entries)", small, large)
	// Per-entry cost must be flat; a journal kept in memory would also
	// show up as a per-entry cost above the body's size once it is copied.
	if large > small*1.5+64 {
		t.Errorf("allocation per entry grows with the journal: %.0f B at 1k, %.0f B at 10k", small, large)
	}
	if large > float64(len(body)) {
		t.Errorf("allocating %.0f B per entry of %d B: the body is being copied or kept", large, len(body))
	}

	// Live heap while exporting: sampled at entry 1,000 and at entry
	// 10,000. Holding the entries would add about 18 MB between the two.
	g := &genSource{n: 10000, body: body, sampleAt: []int{1000, 9999}}
	if err := Markdown(context.Background(), io.Discard, g, testBook(), testWorkbook, testOptions); err != nil {
		t.Fatal(err)
	}
	if len(g.live) != 2 {
		t.Fatalf("got %d heap samples", len(g.live))
	}
	grow := int64(g.live[1]) - int64(g.live[0])
	t.Logf("live heap at entry 1000: %d B, at 10000: %d B", g.live[0], g.live[1])
	if grow > 512<<10 {
		t.Errorf("live heap grew by %d B between entry 1,000 and 10,000", grow)
	}
}

// A 1 MB hostile body goes through whole and safe.
func TestHugeHostileBody(t *testing.T) {
	unit := "# x\x1b[2J\u202e<b>[a](b)</b>\n\n"
	body := strings.Repeat(unit, (1<<20)/len(unit))
	src := &fakeSource{entries: []store.Entry{entry(1, "reflect", "what", "Q", body, at(1, 1, 1), at(1, 1, 1))}}
	out := export(t, src, testBook(), testWorkbook)
	checkSafe(t, out)
	checkShape(t, out, shape{h1: 1, h2: 3, h3: 1, emph: 1 + 2})
	if n := bytes.Count(out, []byte(`\<b>[a\](b)\</b>`)); n != strings.Count(body, "<b>") {
		t.Errorf("found %d escaped copies of the unit, want %d", n, strings.Count(body, "<b>"))
	}
}
