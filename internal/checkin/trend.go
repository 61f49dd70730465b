package checkin

import (
	"slices"
	"time"
)

// Week is the mean of the points in one calendar week (Monday to Sunday, in
// the location of the trend's now).
type Week struct {
	Start time.Time
	Mean  float64
	Count int
}

// Trend is dated values seen over weeks: weekly means, a moving average over
// them, and the direction in words.
type Trend struct {
	Weeks     []Week    // weeks that have points, oldest first
	Moving    []float64 // moving average of the weekly means, one per week
	Direction string    // see Direction
}

// The directions a trend can have in words. None scolds: a lower stretch is
// named as a stretch, not a failure.
const (
	Steadier  = "steadier"
	Same      = "about the same"
	Lower     = "lower lately"
	NotEnough = "not enough yet to say"
)

// movingWeeks is how many weekly means the moving average spans.
const movingWeeks = 3

// compareDays is the length of the recent and earlier stretches the
// direction compares; a month smooths out a bad day.
const compareDays = 28

// threshold is how far the recent mean must move (on the 1–10 scale) to be
// called a change rather than "about the same".
const threshold = 0.75

// minPoints is the fewest points each stretch needs for a direction.
const minPoints = 2

// TrendOf groups points into weeks and says which way they are going at now:
// the mean of the last 28 days against the 28 days before. Higher must mean
// better: for the self-assessment, chart Score.Balance, not the count of
// missing signs.
func TrendOf(points []Point, now time.Time) Trend {
	ps := slices.Clone(points)
	slices.SortStableFunc(ps, func(a, b Point) int { return a.At.Compare(b.At) })
	var t Trend
	for _, p := range ps {
		if p.At.After(now) {
			continue
		}
		ws := WeekStart(p.At.In(now.Location()))
		if n := len(t.Weeks); n > 0 && t.Weeks[n-1].Start.Equal(ws) {
			w := &t.Weeks[n-1]
			w.Mean = (w.Mean*float64(w.Count) + p.Value) / float64(w.Count+1)
			w.Count++
		} else {
			t.Weeks = append(t.Weeks, Week{Start: ws, Mean: p.Value, Count: 1})
		}
	}
	for i := range t.Weeks {
		lo := max(0, i-movingWeeks+1)
		sum := 0.0
		for _, w := range t.Weeks[lo : i+1] {
			sum += w.Mean
		}
		t.Moving = append(t.Moving, sum/float64(i+1-lo))
	}
	t.Direction = direction(ps, now)
	return t
}

func direction(ps []Point, now time.Time) string {
	split := now.Add(-compareDays * 24 * time.Hour)
	from := split.Add(-compareDays * 24 * time.Hour)
	var recent, earlier []float64
	for _, p := range ps {
		switch {
		case p.At.After(now) || p.At.Before(from):
		case p.At.After(split):
			recent = append(recent, p.Value)
		default:
			earlier = append(earlier, p.Value)
		}
	}
	if len(recent) < minPoints || len(earlier) < minPoints {
		return NotEnough
	}
	d := mean(recent) - mean(earlier)
	switch {
	case d >= threshold:
		return Steadier
	case d <= -threshold:
		return Lower
	}
	return Same
}

func mean(vs []float64) float64 {
	s := 0.0
	for _, v := range vs {
		s += v
	}
	return s / float64(len(vs))
}

// WeekStart is midnight on the Monday of t's week, in t's location.
func WeekStart(t time.Time) time.Time {
	d := (int(t.Weekday()) + 6) % 7 // Monday = 0
	y, m, day := t.Date()
	return time.Date(y, m, day-d, 0, 0, 0, 0, t.Location())
}

// Values returns the weekly means, for a sparkline.
func (t Trend) Values() []float64 {
	out := make([]float64, len(t.Weeks))
	for i, w := range t.Weeks {
		out[i] = w.Mean
	}
	return out
}
