package checkin_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/checkin"
)

// now is a Sunday evening, so the current week runs from Monday 16 November.
var now = time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)

func at(daysAgo int, v float64) checkin.Point {
	return checkin.Point{At: now.Add(-time.Duration(daysAgo) * 24 * time.Hour), Value: v}
}

func TestDirection(t *testing.T) {
	tests := []struct {
		name   string
		points []checkin.Point
		want   string
	}{
		{"nothing", nil, checkin.NotEnough},
		{"only recent", []checkin.Point{at(1, 5), at(2, 6), at(3, 7)}, checkin.NotEnough},
		{"one earlier point", []checkin.Point{at(1, 5), at(2, 6), at(40, 2)}, checkin.NotEnough},
		{"rising", []checkin.Point{at(1, 7), at(8, 6), at(35, 4), at(42, 4)}, checkin.Steadier},
		{"falling", []checkin.Point{at(1, 3), at(8, 4), at(35, 6), at(42, 6)}, checkin.Lower},
		{"small wobble is the same", []checkin.Point{at(1, 5.5), at(8, 5), at(35, 5), at(42, 5)}, checkin.Same},
		{"older than 56 days ignored", []checkin.Point{at(1, 5), at(8, 5), at(35, 5), at(100, 1), at(110, 1)}, checkin.NotEnough},
		{"future ignored", []checkin.Point{at(1, 5), at(8, 5), at(35, 5), at(42, 5), at(-3, 10), at(-4, 10)}, checkin.Same},
	}
	for _, tc := range tests {
		if got := checkin.TrendOf(tc.points, now).Direction; got != tc.want {
			t.Errorf("%s: direction %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestWeeklyBucketsAndMovingAverage(t *testing.T) {
	points := []checkin.Point{
		at(0, 8), at(6, 6), // Sunday and Monday of this week: mean 7
		at(7, 4),  // last Sunday: previous week
		at(20, 1), // Monday two weeks back
	}
	tr := checkin.TrendOf(points, now)
	var starts []string
	for _, w := range tr.Weeks {
		starts = append(starts, w.Start.Format("01-02"))
	}
	if want := []string{"11-02", "11-09", "11-16"}; !slices.Equal(starts, want) {
		t.Fatalf("week starts %v, want %v", starts, want)
	}
	if got := tr.Values(); !slices.Equal(got, []float64{1, 4, 7}) {
		t.Fatalf("weekly means %v", got)
	}
	if tr.Weeks[2].Count != 2 {
		t.Fatalf("this week has %d points", tr.Weeks[2].Count)
	}
	if want := []float64{1, 2.5, 4}; !slices.Equal(tr.Moving, want) {
		t.Fatalf("moving %v, want %v", tr.Moving, want)
	}
	if ws := checkin.WeekStart(time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)); ws.Day() != 16 {
		t.Fatalf("a Monday starts its own week, got %v", ws)
	}
}

func TestSparkline(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		values []float64
		width  int
		ascii  bool
		want   string
	}{
		{nil, 5, false, ""},
		{[]float64{1, 2}, 0, false, ""},
		{[]float64{1, 10}, 5, false, "▁█"},
		{[]float64{1, 10}, 5, true, "_#"},
		{[]float64{5, 5, 5}, 5, false, "▄▄▄"},
		{[]float64{1, nan, 8}, 5, false, "▁ █"},
		{[]float64{9, 1, 5, 8}, 3, false, "▁▅█"}, // only the last width values
		{[]float64{0, 1, 2, 3, 4, 5, 6, 7}, 8, true, "_.-:=+*#"},
	}
	for _, tc := range tests {
		if got := checkin.Sparkline(tc.values, tc.width, tc.ascii); got != tc.want {
			t.Errorf("Sparkline(%v, %d, %v) = %q, want %q", tc.values, tc.width, tc.ascii, got, tc.want)
		}
	}
}

func TestAssessmentDiff(t *testing.T) {
	prev := checkin.Assessment{"checking": true, "grudges": true, "distance": true, "laugh": true}
	cur := checkin.Assessment{"distance": true, "secrets": true, "laugh": true, "talk-easier": true, "heard": true}
	if s := checkin.ScoreOf(cur); s != (checkin.Score{Missing: 2, Returning: 3}) {
		t.Fatalf("score %+v", s)
	}
	if b := checkin.ScoreOf(cur).Balance(); b != 1 {
		t.Fatalf("balance %v, want 3 returning - 2 missing = 1", b)
	}
	c := checkin.Diff(prev, cur)
	if c != (checkin.Change{Eased: 2, New: 1, Returned: 2}) {
		t.Fatalf("diff %+v", c)
	}
	tests := []struct {
		c    checkin.Change
		want string
	}{
		{c, "2 signs eased, 1 new; 2 signs of trust returning"},
		{checkin.Change{Eased: 2, New: 1}, "2 signs eased, 1 new"},
		{checkin.Change{Eased: 1}, "1 sign eased"},
		{checkin.Change{New: 2}, "2 new signs"},
		{checkin.Change{Returned: 1}, "1 sign of trust returning"},
		{checkin.Change{Faded: 3}, "about the same as last time"},
		{checkin.Change{}, "about the same as last time"},
	}
	for _, tc := range tests {
		if got := tc.c.Words(); got != tc.want {
			t.Errorf("%+v Words() = %q, want %q", tc.c, got, tc.want)
		}
	}
	if s := checkin.ScoreOf(checkin.Assessment{"retired-sign": true}); s != (checkin.Score{}) {
		t.Errorf("unknown sign counted: %+v", s)
	}
}

func TestSignsAreUniqueAndBothKinds(t *testing.T) {
	seen := map[string]bool{}
	missing := 0
	for _, s := range checkin.Signs() {
		if seen[s.ID] || s.Text == "" {
			t.Errorf("sign %q duplicated or empty", s.ID)
		}
		seen[s.ID] = true
		if s.Missing {
			missing++
		}
	}
	if missing == 0 || missing == len(seen) {
		t.Fatal("the checklist needs signs of both kinds")
	}
}

func TestDimensionsAndScores(t *testing.T) {
	for _, tr := range []checkin.Track{checkin.Repair, checkin.Hurt} {
		if len(checkin.Dimensions(tr)) != 3 || len(checkin.Questions(tr)) < 3 {
			t.Errorf("%s: want 3 dimensions and the brief's questions", tr)
		}
	}
	if checkin.Dimensions(checkin.Hurt)[0].Question == checkin.Dimensions(checkin.Repair)[0].Question {
		t.Error("the hurt track has its own wording")
	}
	if checkin.TrackOf(true) != checkin.Hurt || checkin.TrackOf(false) != checkin.Repair {
		t.Error("TrackOf mixes up the sides")
	}
	for n, ok := range map[int]bool{0: false, 1: true, 10: true, 11: false} {
		if err := checkin.CheckScore(n); (err == nil) != ok {
			t.Errorf("CheckScore(%d) = %v", n, err)
		}
	}
}

func TestWeeklySummaryNudgesNeverScolds(t *testing.T) {
	tests := []struct {
		name string
		w    checkin.WeekCounts
		want []string
	}{
		{"empty week", checkin.WeekCounts{}, []string{
			"A quiet week in the workbook. A two-minute check-in is a gentle way back in.",
			"Was there a moment that went well? It counts as a small win.",
		}},
		{"full week", checkin.WeekCounts{Entries: 3, CheckIns: 1, PromisesKept: 4, PromisesMissed: 1, MissedOwned: 1,
			AgreementsDue: 1, AgreementsReviewed: 1, SmallWins: 2, SpaceDays: 7}, []string{
			"3 entries written and 1 check-in.",
			"4 of 5 promises kept. Every slip owned.",
			"1 agreement reviewed together.",
			"2 small wins noticed.",
			"7 days of space kept.",
		}},
		{"promises all kept", checkin.WeekCounts{CheckIns: 2, PromisesKept: 2, SmallWins: 1}, []string{
			"0 entries written and 2 check-ins.",
			"2 of 2 promises kept.",
			"1 small win noticed.",
		}},
		{"a slip to own and a review due", checkin.WeekCounts{Entries: 1, PromisesMissed: 2, AgreementsDue: 2, SmallWins: 1}, []string{
			"1 entry written. A check-in next week would add a point to your line.",
			"0 of 2 promises kept. 2 missed ones are still to own: say it, own it, make amends.",
			"2 agreements are ready to look at together.",
			"1 small win noticed.",
		}},
	}
	for _, tc := range tests {
		got := checkin.WeeklySummary(tc.w)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
		for _, l := range got {
			for _, harsh := range []string{"failed", "should have", "only ", "you didn't", "bad"} {
				if strings.Contains(strings.ToLower(l), harsh) {
					t.Errorf("%s: line %q scolds (%q)", tc.name, l, harsh)
				}
			}
		}
	}
}
