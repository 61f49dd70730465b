package checkin_test

import (
	"slices"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/checkin"
)

func TestBridge(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no tz data:", err)
	}
	evening := time.Date(2026, 11, 22, 23, 30, 0, 0, london)
	tests := []struct {
		name         string
		last         time.Time
		promises, ag int
		want         []string
	}{
		{"first", time.Time{}, 0, 0, []string{"This is your first check-in. There are no right answers."}},
		{"earlier today", evening.Add(-20 * time.Hour), 0, 0, []string{"Last check-in: today."}},
		{"late last night counts as yesterday", time.Date(2026, 11, 21, 23, 59, 0, 0, london), 1, 0,
			[]string{"Last check-in: yesterday.", "1 promise came due since then."}},
		{"a week, in another zone", time.Date(2026, 11, 15, 1, 0, 0, 0, time.FixedZone("UTC+3", 3*3600)), 2, 1,
			[]string{"Last check-in: 8 days ago.", "2 promises came due since then.", "1 agreement is ready to review together."}},
	}
	for _, tc := range tests {
		if got := checkin.Bridge(tc.last, evening, tc.promises, tc.ag); !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
