package tui

import (
	"context"
	"testing"
	"time"


	"github.com/trustwork/trustwork/internal/devdata"
)


// trendsNow is the harness's clock for the Trends tests.
var trendsNow = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// generated opens a store holding a generated workbook whose three years
// of daily check-ins end the day before trendsNow, and the harness on it.
func generated(t *testing.T) *harness {
	t.Helper()
	dir := t.TempDir()
	st := openStore(t, dir)
	t.Cleanup(func() { st.Close() })
	end := trendsNow.AddDate(0, 0, -1)
	spec := devdata.Spec{Entries: 20, Seed: 1, HugeBytes: -1, LongEvery: -1,
		Start: end.AddDate(-3, 0, 0), Span: end.Sub(end.AddDate(-3, 0, 0))}
	if _, err := devdata.Generate(context.Background(), st, loadBook(t), spec); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, dir, st, trendsNow)
	if h.m.screen != scrHome {
		t.Fatalf("the generated workbook opens on screen %d, want home:\n%s", h.m.screen, h.screen())
	}
	return h
}

func TestTrendsLook(t *testing.T) {
	h := generated(t)
	h.key("l")
	h.mustSee("Trends")
	t.Log("\n" + h.screen())
}
