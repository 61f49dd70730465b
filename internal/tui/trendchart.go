package tui

import (
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/NimbleMarkets/ntcharts/v2/canvas"
	"github.com/NimbleMarkets/ntcharts/v2/canvas/runes"
	"github.com/NimbleMarkets/ntcharts/v2/linechart"

	"github.com/trustwork/trustwork/internal/checkin"
)

// The Trends charts are drawn with ntcharts (v2.0.0 builds with the pinned
// Bubble Tea). Its plain linechart is used, not the time-series one: the
// time-series chart fills every column, so before the first check-in and
// across a quiet month it draws a line along the axis that reads as a score
// of 1. Here only the weeks that have check-ins are joined, a gap of more
// than maxJoin is left open, and a lone week is a dot. The line is drawn in
// box-drawing glyphs, one series at a time, so it reads the same without
// colour (NO_COLOR): colour only tints it. It is drawn once per data, size,
// range or background change and kept as a string, never in View.

// maxJoin is the widest gap between two weeks with check-ins that the line
// still joins; a longer quiet stretch shows as a break.
const maxJoin = 21 * 24 * time.Hour

// chartSpec is one chart to draw.
type chartSpec struct {
	weeks    []checkin.Week // oldest first
	from, to time.Time      // the date axis
	lo, hi   float64        // the value axis
	w, h     int
	yLabel   func(v float64) string
	line     lipgloss.Style
	axis     lipgloss.Style
}

// drawChart draws weeks as a line over a date axis, w×h cells.
func drawChart(cs chartSpec) string {
	if cs.w < 10 || cs.h < 4 {
		return ""
	}
	span := cs.to.Sub(cs.from)
	if span <= 0 {
		cs.from = cs.to.Add(-7 * 24 * time.Hour)
		span = cs.to.Sub(cs.from)
	}
	loc := cs.to.Location()
	short := span <= 120*24*time.Hour
	xLabel := func(_ int, v float64) string {
		t := time.Unix(int64(v), 0).In(loc)
		if short {
			return t.Format("2 Jan")
		}
		return t.Format("Jan '06")
	}
	// The value axis gets whole rows per tick so its labels sit on whole
	// numbers: the chart is as tall as the ticks that fit, not a row more.
	rows, step := yTicks(cs.hi-cs.lo, cs.h-2)
	lc := linechart.New(cs.w, rows+2, float64(cs.from.Unix()), float64(cs.to.Unix()), cs.lo, cs.hi,
		linechart.WithXYSteps(10, step),
		linechart.WithXLabelFormatter(xLabel),
		linechart.WithYLabelFormatter(func(_ int, v float64) string { return cs.yLabel(v) }),
		linechart.WithStyles(cs.axis, cs.axis, cs.line))
	lc.DrawXYAxisAndLabel()
	point := func(w checkin.Week) canvas.Float64Point {
		mid := w.Start.Add(84 * time.Hour) // the middle of the week
		if mid.After(cs.to) {
			mid = cs.to
		}
		if mid.Before(cs.from) {
			mid = cs.from
		}
		return canvas.Float64Point{X: float64(mid.Unix()), Y: min(max(w.Mean, cs.lo), cs.hi)}
	}
	// Rounded corners read calmer; the Linux console's font has only the
	// square ones.
	ls, dot := runes.ArcLineStyle, '•'
	if os.Getenv("TERM") == "linux" {
		ls, dot = runes.ThinLineStyle, '+'
	}
	in := weeksIn(cs.weeks, cs.from)
	for i, w := range in {
		joinedBefore := i > 0 && w.Start.Sub(in[i-1].Start) <= maxJoin
		joinedAfter := i+1 < len(in) && in[i+1].Start.Sub(w.Start) <= maxJoin
		if joinedBefore {
			lc.DrawLineWithStyle(point(in[i-1]), point(w), ls, cs.line)
		}
		if !joinedBefore && !joinedAfter {
			// Placed as the line's points are (DrawRune scales to one row
			// fewer, so a lone week would sit half a row off its value),
			// and kept off the axes.
			o := lc.Origin()
			p := canvas.CanvasPointFromFloat64Point(o, lc.ScaleFloat64PointForLine(point(w)))
			p.X, p.Y = max(p.X, o.X+1), min(p.Y, o.Y-1)
			lc.Canvas.SetCell(p, canvas.NewCellWithStyle(dot, cs.line))
		}
	}
	return cellsView(&lc.Canvas)
}

// cellsView lays the canvas out as canvas.Model.View does, but styles runs
// of cells that share a colour at once: View renders every cell through
// lipgloss on its own, 10,000 renders at 200×50 (12 ms a range key);
// a run a time is a few per row.
func cellsView(c *canvas.Model) string {
	var b, run strings.Builder
	for y := range c.Height() {
		if y > 0 {
			b.WriteByte('\n')
		}
		var style lipgloss.Style
		var fg any
		flush := func() {
			if run.Len() > 0 {
				b.WriteString(style.Render(run.String()))
				run.Reset()
			}
		}
		for x := range c.Width() {
			cell := c.Cell(canvas.Point{X: x, Y: y})
			r := cell.Rune
			if r == 0 {
				r = ' '
			}
			if f := cell.Style.GetForeground(); f != fg {
				flush()
				style, fg = cell.Style, f
			}
			run.WriteRune(r)
		}
		flush()
	}
	return b.String()
}

// yTicks picks the graph's height (at most room rows) and the rows between
// labels so that each label is a whole number of units: 1 unit a tick when
// there is room, else 2, 3, 4 or 6.
func yTicks(span float64, room int) (rows, step int) {
	n := int(math.Round(span))
	for _, u := range []int{1, 2, 3, 4, 6, 8, 12} {
		if n%u != 0 {
			continue
		}
		if ticks := n / u; ticks <= room {
			per := room / ticks
			return ticks * per, per
		}
	}
	return max(room, 2), 1
}

// weeksIn is the weeks from the one holding from onwards, with the week
// before it when the line enters from the left edge.
func weeksIn(weeks []checkin.Week, from time.Time) []checkin.Week {
	first := checkin.WeekStart(from.In(from.Location()))
	for i, w := range weeks {
		if !w.Start.Before(first) {
			if i > 0 && w.Start.Sub(weeks[i-1].Start) <= maxJoin {
				return weeks[i-1:]
			}
			return weeks[i:]
		}
	}
	return nil
}

// scoreLabel labels the 1–10 axis.
func scoreLabel(v float64) string { return fmt.Sprintf("%.0f", v) }

// balanceLabel labels the signs axis: returning minus missing, with a sign.
func balanceLabel(v float64) string {
	n := int(math.Round(v))
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprintf("%d", n)
}

// plainGlyphs reports whether the sparkline should use ASCII: NO_COLOR
// asks for the plainest output (checkin.Sparkline's contract), and the
// Linux console and dumb terminals have no block glyphs.
func plainGlyphs() bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return true
	}
	switch os.Getenv("TERM") {
	case "linux", "dumb", "vt100", "vt220":
		return true
	}
	for _, v := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if l := os.Getenv(v); l != "" {
			l = strings.ToLower(l)
			return !strings.Contains(l, "utf-8") && !strings.Contains(l, "utf8")
		}
	}
	return false
}
