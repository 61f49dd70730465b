package tui

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/checkin"
	"github.com/trustwork/trustwork/internal/store"
)

// trendsTool shows the check-in scores and the self-assessment over weeks
// and months.
var trendsTool = tool{
	id:   "trends",
	key:  "l",
	name: func(bool) string { return "Trends" },
	about: func(bool) string {
		return "Your check-ins over weeks and months, so a hard day can be seen against the whole."
	},
	open:  func(c toolCtx) pushed { return &trendsScreen{c: c, rng: 1} },
	notes: trendsNotes,
}

// sparkWeeks is how many weeks home's sparkline spans.
const sparkWeeks = 12

// sparkKey is the dimension home's sparkline follows: both tracks ask
// about trust, and it is what the whole workbook is about.
const sparkKey = "trust"

// trendsNotes is home's line: the trust score's last twelve weeks as a
// sparkline and its direction ("Trust ▂▃▅▆ steadier"). It reads only
// those weeks' scores, never the text.
func trendsNotes(c context.Context, st *store.Store, wb store.Workbook, now time.Time) ([]string, error) {
	from := checkin.WeekStart(now).AddDate(0, 0, -7*(sparkWeeks-1))
	cs, err := st.Checkins(c, wb.ID, from, time.Time{}, false)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	line, ok := sparkLine(cs, now, plainGlyphs())
	if !ok {
		return nil, nil
	}
	return []string{line}, nil
}

// sparkLine is home's trend line from check-ins: one cell per week of the
// last sparkWeeks, blank for a week without a check-in.
func sparkLine(cs []store.Checkin, now time.Time, ascii bool) (string, bool) {
	pts := scorePoints(cs, sparkKey)
	if len(pts) == 0 {
		return "", false
	}
	tr := checkin.TrendOf(pts, now)
	if len(tr.Weeks) < 2 {
		// One week is a dot, not a line: home waits for a second week
		// rather than show a lone cell beside "not enough yet to say".
		return "", false
	}
	first := checkin.WeekStart(now).AddDate(0, 0, -7*(sparkWeeks-1))
	vals := make([]float64, sparkWeeks)
	for i := range vals {
		vals[i] = math.NaN()
	}
	for _, w := range tr.Weeks {
		i := int(math.Round(w.Start.Sub(first).Hours() / (24 * 7)))
		if i >= 0 && i < sparkWeeks {
			vals[i] = w.Mean
		}
	}
	return fmt.Sprintf("Trust %s %s", checkin.Sparkline(vals, sparkWeeks, ascii), tr.Direction), true
}

// scorePoints are the check-ins' scores for one dimension.
func scorePoints(cs []store.Checkin, dim string) []checkin.Point {
	var pts []checkin.Point
	for _, c := range cs {
		if v, ok := c.Scores[dim]; ok && checkin.CheckScore(v) == nil {
			pts = append(pts, checkin.Point{At: c.At, Value: float64(v)})
		}
	}
	return pts
}

// chartRange is one span of the date axis.
type chartRange struct {
	key   string // shown in the switch
	words string // in the chart's one-line summary
	days  int    // 0: everything
}

var chartRanges = []chartRange{
	{"3 months", "last 3 months", 91},
	{"1 year", "last 12 months", 365},
	{"all", "all time", 0},
}

// trendSeries is one line the screen can show.
type trendSeries struct {
	key      string // the dimension's key; "" for the self-assessment
	name     string // "Trust", in the switch and the summary
	what     string // "weekly average" or what the value is
	unit     string // what one point is: "check-in"
	legend   string // what the line and its scale mean, in words, short
	long     string // the same at 100 columns and more
	question string // the check-in's question, when there is room
	trend    checkin.Trend
	lo, hi   float64
	label    func(float64) string
	none     string // said when there is nothing in the range
}

// trendsLoadedMsg carries the scores and the self-assessments, no text.
type trendsLoadedMsg struct {
	wb  int64
	cs  []store.Checkin
	as  []store.Assessment
	err error
}

var (
	keyTrendNext  = key.NewBinding(key.WithKeys("tab", "right", "l"), key.WithHelp("tab/→", "next chart"))
	keyTrendPrev  = key.NewBinding(key.WithKeys("shift+tab", "left", "h"), key.WithHelp("←", "previous"))
	keyTrendRange = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "3 months · 1 year · all"))
)

// trendsScreen charts one series at a time: each check-in score, then the
// self-assessment. One at a time because two lines in box glyphs cross and
// merge into one shape that only colour could tell apart, and the charts
// must read without colour.
type trendsScreen struct {
	c      toolCtx
	series []trendSeries
	loaded bool
	cur    int // the series shown
	rng    int // index in chartRanges
	w, h   int

	// The drawn chart and what it was drawn for: View only lays it out.
	drawn    string
	drawnFor string
	gen      int // bumped on every load
}

func (s *trendsScreen) Name() string     { return trendsTool.id }
func (s *trendsScreen) Title() string    { return "Trends" }
func (s *trendsScreen) typing() bool     { return false }
func (s *trendsScreen) SetSize(w, h int) { s.w, s.h = w, h; s.draw() }

// Init reads every check-in's scores and every self-assessment, without
// any text: three years of daily check-ins are about a thousand small rows.
func (s *trendsScreen) Init() tea.Cmd {
	st, wb := s.c.store(), s.c.workbook().ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		cs, err := st.Checkins(c, wb, time.Time{}, time.Time{}, false)
		if err != nil {
			return trendsLoadedMsg{wb: wb, err: err}
		}
		as, err := st.Assessments(c, wb, time.Time{}, time.Time{})
		return trendsLoadedMsg{wb: wb, cs: cs, as: as, err: err}
	}
}

func (s *trendsScreen) Help() helpKeys {
	k := s.c.keys()
	return helpKeys{
		short: []key.Binding{keyTrendNext, keyTrendRange, k.Back, k.Quit, k.Help},
		full:  [][]key.Binding{{keyTrendNext, keyTrendPrev, keyTrendRange}, {k.Back, k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

func (s *trendsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case trendsLoadedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't read your check-ins: %v", msg.err))
			return nil
		}
		s.series = buildSeries(msg.cs, msg.as, s.c.hurt(), s.c.now())
		if !s.loaded {
			s.cur = trustSeries(s.series) // the first chart is trust, as on home
		}
		s.loaded = true
		s.cur = min(s.cur, len(s.series)-1)
		s.gen++
		s.draw()
	case tea.KeyPressMsg:
		k := s.c.keys()
		switch {
		case key.Matches(msg, k.Back):
			return s.c.back()
		case key.Matches(msg, keyTrendNext):
			s.cur = (s.cur + 1) % max(len(s.series), 1)
		case key.Matches(msg, keyTrendPrev):
			s.cur = (s.cur + len(s.series) - 1) % max(len(s.series), 1)
		case key.Matches(msg, keyTrendRange):
			s.rng = (s.rng + 1) % len(chartRanges)
		default:
			return nil
		}
		s.draw()
	}
	return nil
}

// buildSeries makes one series per check-in dimension of the track, then
// the self-assessment's balance (returning signs minus missing signs).
func buildSeries(cs []store.Checkin, as []store.Assessment, hurt bool, now time.Time) []trendSeries {
	track := checkin.Repair
	if hurt {
		track = checkin.Hurt
	}
	var out []trendSeries
	for _, d := range checkin.Dimensions(track) {
		name := strings.ToUpper(d.Label[:1]) + d.Label[1:]
		out = append(out, trendSeries{
			key: d.Key, name: name, what: "weekly average", unit: "check-in",
			legend:   "─ weekly average, 1 low to 10 high; gaps: no check-ins",
			long:     "─ the week's average score, 1 (low) to 10 (high); a break in the line: no check-ins for a while.",
			question: d.Question,
			trend:    checkin.TrendOf(scorePoints(cs, d.Key), now),
			lo:       checkin.MinScore, hi: checkin.MaxScore, label: scoreLabel,
			none: "No check-ins in this stretch yet.",
		})
	}
	var pts []checkin.Point
	for _, a := range as {
		pts = append(pts, checkin.Point{At: a.At, Value: checkin.ScoreOf(checkin.Assessment(a.Checked)).Balance()})
	}
	n := 0
	for _, sg := range checkin.Signs() {
		if sg.Missing {
			n++
		}
	}
	m := len(checkin.Signs()) - n
	return append(out, trendSeries{
		name: "Signs", what: "self-assessment, weekly", unit: "self-assessment",
		legend: "─ signs returning minus signs missing; higher: more trust",
		long:   "─ signs of trust returning minus signs it is missing, each week you took the self-assessment. Higher is more trust.",
		trend:  checkin.TrendOf(pts, now),
		lo:     -float64(n), hi: float64(m), label: balanceLabel,
		none: "No self-assessments in this stretch yet.",
	})
}

// trustSeries is the index of the trust score's series.
func trustSeries(ss []trendSeries) int {
	for i, sr := range ss {
		if sr.key == sparkKey {
			return i
		}
	}
	return 0
}

// rangeFrom is where the current range's date axis starts.
func (s *trendsScreen) rangeFrom(sr trendSeries, now time.Time) time.Time {
	r := chartRanges[s.rng]
	if r.days > 0 {
		return now.AddDate(0, 0, -r.days)
	}
	if len(sr.trend.Weeks) > 0 {
		return sr.trend.Weeks[0].Start
	}
	return now.AddDate(0, 0, -7)
}

// summary says plainly what the chart shows: "Trust, weekly average, last
// 12 months: steadier". The direction is the range's own (see
// rangeDirection); the last four weeks' is in the lines under the chart.
func (s *trendsScreen) summary(sr trendSeries) string {
	in := weeksIn(sr.trend.Weeks, s.rangeFrom(sr, s.c.now()))
	if len(in) > 0 && in[0].Start.Before(checkin.WeekStart(s.rangeFrom(sr, s.c.now()))) {
		in = in[1:] // the week before the range, drawn only to enter the chart
	}
	return fmt.Sprintf("%s, %s, %s: %s", sr.name, sr.what, chartRanges[s.rng].words, rangeDirection(in, sr.hi-sr.lo))
}

// rangeDirection says which way a range went: the mean of its last third
// of weeks against its first third, in checkin's words. The threshold is
// checkin's 0.75 on the 1–10 scale, scaled to the series' span, so a year
// of small ups and downs is "about the same", not a verdict.
func rangeDirection(weeks []checkin.Week, span float64) string {
	n := len(weeks) / 3
	if n < 2 {
		return checkin.NotEnough
	}
	first, last := 0.0, 0.0
	for i := range n {
		first += weeks[i].Mean
		last += weeks[len(weeks)-n+i].Mean
	}
	d := (last - first) / float64(n)
	threshold := 0.75 * span / float64(checkin.MaxScore-checkin.MinScore)
	switch {
	case d >= threshold:
		return checkin.Steadier
	case d <= -threshold:
		return checkin.Lower
	}
	return checkin.Same
}

// switchLine shows which chart and which range are shown, marked with
// brackets so it reads without colour.
func (s *trendsScreen) switchLine() string {
	var names, ranges []string
	for i, sr := range s.series {
		if i == s.cur {
			names = append(names, "["+sr.name+"]")
		} else {
			names = append(names, sr.name)
		}
	}
	for i, r := range chartRanges {
		if i == s.rng {
			ranges = append(ranges, "["+r.key+"]")
		} else {
			ranges = append(ranges, r.key)
		}
	}
	return strings.Join(names, " ") + "  ·  " + strings.Join(ranges, " ")
}

// head and foot are the lines above and below the chart.
func (s *trendsScreen) head(sr trendSeries) []string {
	st := s.c.styles()
	var lines []string
	for _, l := range strings.Split(ansi.Wordwrap(s.summary(sr), max(s.w-1, 10), ""), "\n") {
		lines = append(lines, st.Heading.Render(l))
	}
	return append(lines, st.Subtle.Render(ansi.Truncate(s.switchLine(), max(s.w-1, 10), "…")))
}

// foot is the lines under the chart: the latest week and the last four
// weeks' direction in one line, and the legend in words. Narrow windows
// get the short wording, so the chart keeps its rows at 60×20.
func (s *trendsScreen) foot(sr trendSeries) []string {
	st := s.c.styles()
	wide := s.w >= 100
	var lines []string
	if last, ok := lastWeek(sr.trend); ok {
		when := "Week of " + last.Start.Format("2 Jan")
		if last.Start.Equal(checkin.WeekStart(s.c.now())) {
			when = "This week"
		}
		recent := "last 4 weeks"
		if wide {
			recent = "the last 4 weeks against the 4 before"
		}
		lines = append(lines, fmt.Sprintf("%s: %s (%s) · %s: %s", when, sr.label(last.Mean), plural(last.Count, sr.unit), recent, sr.trend.Direction))
	}
	legend := sr.legend
	if wide {
		legend = sr.long
		if sr.question != "" {
			legend += " The question: “" + sr.question + "”"
		}
	}
	lines = append(lines, legend)
	lines = strings.Split(ansi.Wordwrap(strings.Join(lines, "\n"), max(s.w-1, 10), ""), "\n")
	for i := range lines {
		lines[i] = st.Subtle.Render(lines[i])
	}
	return lines
}

func lastWeek(t checkin.Trend) (checkin.Week, bool) {
	if len(t.Weeks) == 0 {
		return checkin.Week{}, false
	}
	return t.Weeks[len(t.Weeks)-1], true
}

// draw computes the chart for the current data, size, range, series and
// background; it runs when one of them changes, never on every View.
func (s *trendsScreen) draw() {
	if !s.loaded || len(s.series) == 0 || s.w <= 0 || s.h <= 0 {
		return
	}
	st := s.c.styles()
	want := fmt.Sprintf("%d|%d|%d|%d|%d|%t", s.w, s.h, s.cur, s.rng, s.gen, st.IsDark)
	if want == s.drawnFor {
		return
	}
	s.drawnFor = want
	sr := s.series[s.cur]
	now := s.c.now()
	from := s.rangeFrom(sr, now)
	head, foot := s.head(sr), s.foot(sr)
	chart := sr.none
	if len(weeksIn(sr.trend.Weeks, from)) > 0 {
		chart = drawChart(chartSpec{
			weeks: sr.trend.Weeks, from: from, to: now, lo: sr.lo, hi: sr.hi,
			w: s.w - 1, h: max(s.h-len(head)-len(foot), 5), yLabel: sr.label,
			line: lipgloss.NewStyle().Foreground(st.Accent), axis: st.Subtle,
		})
	}
	s.drawn = strings.Join(append(append(head, chart), foot...), "\n")
}

func (s *trendsScreen) View() string {
	st := s.c.styles()
	if !s.loaded {
		return st.Subtle.Render("…")
	}
	if len(s.series) == 0 || !hasPoints(s.series) {
		return strings.Join([]string{
			st.Subtle.Render(ansi.Wordwrap("Your check-ins over weeks and months will show here, one line for each question, so a hard day can be seen against the whole.", max(s.w-2, 10), "")),
			"", ansi.Wordwrap("Nothing to chart yet. After a check-in or two, the line starts.", max(s.w-2, 10), ""),
		}, "\n")
	}
	s.draw() // a no-op unless the background changed since the last draw
	return s.drawn
}

func hasPoints(ss []trendSeries) bool {
	for _, sr := range ss {
		if len(sr.trend.Weeks) > 0 {
			return true
		}
	}
	return false
}
