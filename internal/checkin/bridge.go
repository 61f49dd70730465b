package checkin

import (
	"fmt"
	"time"
)

// Bridge returns the lines a check-in opens with: when the last one was, and
// what came due since (promises, agreement reviews), so each check-in picks up
// where the last left off. last is zero before the first check-in.
func Bridge(last, now time.Time, promisesDue, reviewsDue int) []string {
	var lines []string
	if last.IsZero() {
		lines = append(lines, "This is your first check-in. There are no right answers.")
	} else {
		lines = append(lines, "Last check-in: "+DaysAgo(last, now)+".")
	}
	if promisesDue > 0 {
		lines = append(lines, fmt.Sprintf("%d %s came due since then.", promisesDue, plural(promisesDue, "promise", "promises")))
	}
	if reviewsDue > 0 {
		lines = append(lines, fmt.Sprintf("%d %s ready to review together.", reviewsDue, plural(reviewsDue, "agreement is", "agreements are")))
	}
	return lines
}

// DaysAgo says how many calendar days (in now's location) lie between t and
// now: "today", "yesterday", "3 days ago".
func DaysAgo(t, now time.Time) string {
	y1, m1, d1 := t.In(now.Location()).Date()
	y2, m2, d2 := now.Date()
	a := time.Date(y1, m1, d1, 12, 0, 0, 0, time.UTC)
	b := time.Date(y2, m2, d2, 12, 0, 0, 0, time.UTC)
	switch n := int(b.Sub(a).Hours() / 24); {
	case n <= 0:
		return "today"
	case n == 1:
		return "yesterday"
	default:
		return fmt.Sprintf("%d days ago", n)
	}
}
