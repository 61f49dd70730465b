package promise

import (
	"fmt"
	"strings"
	"time"
)

// The windows the ledger shows, in days.
const (
	Month   = 30
	Quarter = 90
)

// MinDecided is the fewest settled promises a figure is given for: two or
// three promises say nothing about a pattern, and a figure from them would
// swing wildly.
const MinDecided = 3

// Reliability is the share of promises kept among those decided (kept or
// missed) in a window. Renegotiated and open promises are not decided.
type Reliability struct {
	Days    int
	Kept    int
	Decided int
}

// ReliabilityOver counts the promises settled in the last days days: from
// exactly days×24h before now up to now, both ends included.
func ReliabilityOver(ps []Promise, now time.Time, days int) Reliability {
	r := Reliability{Days: days}
	from := now.Add(-time.Duration(days) * 24 * time.Hour)
	for _, p := range ps {
		if p.Settled.IsZero() || p.Settled.Before(from) || p.Settled.After(now) {
			continue
		}
		switch p.Status {
		case Kept:
			r.Kept++
			r.Decided++
		case Missed:
			r.Decided++
		}
	}
	return r
}

// Enough reports whether there are enough decided promises to say anything.
func (r Reliability) Enough() bool { return r.Decided >= MinDecided }

// Words says the figure in plain words, kindly: it describes, it does not
// grade.
func (r Reliability) Words() string {
	if !r.Enough() {
		return "not enough yet to say"
	}
	pct := r.Kept * 100 / r.Decided
	var how string
	switch {
	case r.Kept == r.Decided:
		how = "every one kept"
	case pct >= 80:
		how = "nearly all kept"
	case pct >= 60:
		how = "most kept"
	case pct >= 40:
		how = "about half kept"
	default:
		how = "fewer kept than missed; small, sure promises help"
	}
	return fmt.Sprintf("%d of %d kept in %d days: %s", r.Kept, r.Decided, r.Days, how)
}

// Bar draws the kept share as a bar width cells wide: full blocks for kept,
// light shade for the rest, or # and - when ascii is set (NO_COLOR or a
// terminal without the glyphs). With too few promises the bar is dots, not
// light shade: an empty bar would read as none kept.
func (r Reliability) Bar(width int, ascii bool) string {
	if width < 1 {
		return ""
	}
	full, rest := "█", "░"
	if ascii {
		full, rest = "#", "-"
	}
	n := 0
	if r.Enough() {
		n = (r.Kept*width + r.Decided/2) / r.Decided
	}
	if !r.Enough() {
		rest = "·"
		if ascii {
			rest = "."
		}
	}
	return strings.Repeat(full, n) + strings.Repeat(rest, width-n)
}
