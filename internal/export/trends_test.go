package export

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/store"
)

// status has one line for the trend: each score's direction over the last
// four weeks against the four before, in words; none before any check-in.
func TestTrendStatusLine(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	st, wb := samStore(t, func() time.Time { return now })
	ctx := context.Background()
	lines, err := ToolStatus(ctx, st, wb, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "Trend of check-ins") {
			t.Fatalf("a trend line with no check-ins: %q", l)
		}
	}
	for d := 1; d <= 50; d += 2 {
		trust, close := 8, 5
		if d > 28 {
			trust = 3 // the earlier four weeks were lower
		}
		if _, err := st.AddCheckin(ctx, wb.ID, store.Checkin{At: now.AddDate(0, 0, -d),
			Scores: map[string]int{"safe": 6, "close": close, "trust": trust}, Done: true}); err != nil {
			t.Fatal(err)
		}
	}
	if lines, err = ToolStatus(ctx, st, wb, now); err != nil {
		t.Fatal(err)
	}
	want := "Trend of check-ins (last 4 weeks against the 4 before): safe about the same, close about the same, trust steadier"
	for _, l := range lines {
		if l == want {
			return
		}
	}
	t.Fatalf("status lines %q; want %q", lines, want)
}
