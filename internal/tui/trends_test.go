package tui

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/trustwork/trustwork/internal/checkin"
	"github.com/trustwork/trustwork/internal/devdata"
	"github.com/trustwork/trustwork/internal/store"
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

// TestTrendsGolden: the chart at 60×20 and 200×50, on light and dark
// backgrounds (the colour codes differ) and under NO_COLOR (what is left
// without colour must still say what it shows). Update with -update.
func TestTrendsGolden(t *testing.T) {
	for _, sz := range [][2]int{{60, 20}, {200, 50}} {
		for _, look := range []string{"light", "dark", "nocolor"} {
			t.Run(fmt.Sprintf("%dx%d_%s", sz[0], sz[1], look), func(t *testing.T) {
				h := generated(t)
				h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				if look == "light" {
					h.send(tea.BackgroundColorMsg{Color: color.White})
				} else {
					h.send(tea.BackgroundColorMsg{Color: color.Black})
				}
				h.key("l") // the trust chart comes first
				h.mustSee("Trust, weekly average, last 12 months:")
				out := h.m.View().Content
				if look == "nocolor" {
					out = ansi.Strip(out)
					for _, want := range []string{"[Trust]", "[1 year]", "This week: 4 (2 check-ins)", "low", "high", "'26"} {
						if !strings.Contains(out, want) {
							t.Errorf("without colour the screen does not say %q:\n%s", want, out)
						}
					}
				}
				for i, l := range strings.Split(ansi.Strip(out), "\n") {
					if w := ansi.StringWidth(l); w > sz[0] {
						t.Errorf("line %d is %d cells wide, more than %d: %q", i, w, sz[0], l)
					}
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

// Light and dark terminals get different colours for the same chart: its
// axis and line take the app's light or dark styles.
func TestTrendsLightDarkDiffer(t *testing.T) {
	views := map[bool]string{}
	for _, dark := range []bool{false, true} {
		h := generated(t)
		c := color.Color(color.White)
		if dark {
			c = color.Black
		}
		h.send(tea.BackgroundColorMsg{Color: c})
		h.key("l")
		var chart []string // the chart's rows: the axis and the line
		for _, l := range strings.Split(h.m.View().Content, "\n") {
			if strings.Contains(l, "│") {
				chart = append(chart, l)
			}
		}
		views[dark] = strings.Join(chart, "\n")
	}
	if views[false] == views[true] {
		t.Fatal("the chart looks the same on light and dark backgrounds")
	}
	if ansi.Strip(views[false]) != ansi.Strip(views[true]) {
		t.Fatal("light and dark differ in their text, not only their colours")
	}
}

// A check-in done today moves the chart's line and home's sparkline.
func TestTrendsCheckinTodayMoves(t *testing.T) {
	h := generated(t)
	h.fire() // home's tool lines are read just after the first frame
	home := sparkOf(t, h.screen())
	h.key("l", "r") // trust, all time
	h.key("r")      // 3 months: one cell a day or so
	before := h.screen()
	if !strings.Contains(before, "Trust, weekly average, last 3 months") || !strings.Contains(before, "(2 check-ins)") {
		t.Fatalf("not on the trust chart over 3 months, this week's 2 check-ins:\n%s", before)
	}
	wb := h.workbook()
	if _, err := h.st.AddCheckin(bg(), wb.ID, store.Checkin{At: trendsNow,
		Scores: map[string]int{"safe": 10, "close": 10, "trust": 10}, Done: true}); err != nil {
		t.Fatal(err)
	}
	h.key("esc") // home, which reloads its notes
	if after := sparkOf(t, h.screen()); after == home {
		t.Errorf("home's sparkline did not move with today's check-in: %q", after)
	}
	h.key("l", "r", "r")
	after := h.screen()
	if after == before || !strings.Contains(after, "(3 check-ins)") {
		t.Fatalf("the trust chart did not move with today's check-in:\n%s", after)
	}
}

// sparkOf is home's trend line.
func sparkOf(t *testing.T, screen string) string {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if i := strings.Index(l, "Trust "); i >= 0 {
			return strings.TrimSpace(l[i:])
		}
	}
	t.Fatalf("home shows no trust sparkline:\n%s", screen)
	return ""
}

// Opening the chart reads scores only: a check-in's note is in the
// database, and the chart's load brings back none of it.
func TestTrendsLoadReadsNoText(t *testing.T) {
	h := generated(t)
	wb := h.workbook()
	id, err := h.st.SaveCheckinText(bg(), wb.ID, 0, trendsNow, store.CheckinNoteField, "a private note", store.DraftKey{})
	if err != nil {
		t.Fatal(err)
	}
	if c, err := h.st.CheckinByID(bg(), wb.ID, id); err != nil || c.Text[store.CheckinNoteField] != "a private note" {
		t.Fatalf("the note was not saved: %v %v", c.Text, err)
	}
	s := trendsTool.open(toolCtx{h.m}).(*trendsScreen)
	msg, ok := s.Init()().(trendsLoadedMsg)
	if !ok || msg.err != nil || len(msg.cs) < 600 {
		t.Fatalf("the chart's load: %T %v, %d check-ins", msg, msg.err, len(msg.cs))
	}
	for _, c := range msg.cs {
		if len(c.Text) != 0 {
			t.Fatalf("the chart's load read a check-in's text: %v", c.Text)
		}
	}
}

// A range's direction is its own: a slow rise over the year is steadier
// even when the last month is flat, and a few weeks are not enough.
func TestRangeDirection(t *testing.T) {
	weeks := func(means ...float64) []checkin.Week {
		var ws []checkin.Week
		for i, m := range means {
			ws = append(ws, checkin.Week{Start: trendsNow.AddDate(0, 0, 7*i), Mean: m, Count: 1})
		}
		return ws
	}
	for _, c := range []struct {
		ws   []checkin.Week
		span float64
		want string
	}{
		{weeks(4, 4, 5, 5, 6, 6, 7, 7, 7), 9, checkin.Steadier},
		{weeks(7, 7, 6, 6, 5, 5, 4, 4, 4), 9, checkin.Lower},
		{weeks(5, 6, 5, 6, 5, 6, 5, 6, 5), 9, checkin.Same},
		{weeks(4, 8, 9), 9, checkin.NotEnough},
		{weeks(-2, -2, 0, 0, 0, 0, -1, -1), 24, checkin.Same}, // 1 sign on a 24-sign scale
		{weeks(-6, -6, 0, 0, 0, 0, 1, 1), 24, checkin.Steadier},
	} {
		if got := rangeDirection(c.ws, c.span); got != c.want {
			t.Errorf("rangeDirection(%v) = %q, want %q", c.ws, got, c.want)
		}
	}
}

// Each track charts its own questions, then the self-assessment.
func TestTrendSeriesByTrack(t *testing.T) {
	for hurt, want := range map[bool]string{false: "Safe Close Trust Signs", true: "Steady Safe Trust Signs"} {
		var names []string
		for _, sr := range buildSeries(nil, nil, hurt, trendsNow) {
			names = append(names, sr.name)
		}
		if got := strings.Join(names, " "); got != want {
			t.Errorf("hurt=%v: charts %q, want %q", hurt, got, want)
		}
	}
}

// On the Linux console, whose font has no rounded corners, the line uses
// square ones.
func TestTrendsConsoleGlyphs(t *testing.T) {
	t.Setenv("TERM", "linux")
	h := generated(t)
	h.key("l")
	s := h.screen()
	if strings.ContainsAny(s, "╭╮╰╯") || !strings.ContainsAny(s, "┌┐└┘") {
		t.Fatalf("the console chart is not drawn in square corners:\n%s", s)
	}
}

// A lone check-in is a dot on the row nearest its score, not a line. At
// 60×20 the axis has a label every 3 points, two rows apart: 6 is the row
// under the 7, not the 7's own.
func TestTrendsLoneWeekIsADot(t *testing.T) {
	h := newHarness(t, "", nil, trendsNow)
	toHome(t, h)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	if _, err := h.st.AddCheckin(bg(), h.workbook().ID, store.Checkin{At: trendsNow,
		Scores: map[string]int{"trust": 6}, Done: true}); err != nil {
		t.Fatal(err)
	}
	h.key("l")
	rows := strings.Split(h.screen(), "\n")
	for i, l := range rows {
		if strings.HasPrefix(strings.TrimSpace(l), "7│") && i+2 < len(rows) {
			if strings.Contains(l, "•") || !strings.HasSuffix(strings.TrimRight(rows[i+1], " "), "•") ||
				!strings.HasPrefix(strings.TrimSpace(rows[i+2]), "4│") {
				t.Fatalf("a lone 6 is not one dot on the row under the 7, at today's end:\n%s", h.screen())
			}
			return
		}
	}
	t.Fatalf("no row labelled 7:\n%s", h.screen())
}
