package e2e

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/store"
)

// generateThreeYears writes a generated S workbook whose three years of
// daily check-ins end today (trustwork-gen -until today).
func generateThreeYears(t *testing.T, dir string) string {
	t.Helper()
	db := filepath.Join(dir, "gen.db")
	out, err := exec.Command("go", "run", "github.com/trustwork/trustwork/cmd/trustwork-gen",
		"-size", "S", "-until", "today", "-o", db).CombinedOutput()
	if err != nil {
		t.Fatalf("trustwork-gen: %v\n%s", err, out)
	}
	return db
}

// trustChart opens Trends from home and shows the trust chart over the
// last 3 months, and returns home's sparkline and the chart's screen.
func trustChart(t *testing.T, tm *term) (spark, chart string) {
	t.Helper()
	// The app reopens where it was left: home, or the last run's chart.
	var home string
	for end := time.Now().Add(waitLong); ; time.Sleep(50 * time.Millisecond) {
		home = tm.screen()
		if strings.Contains(home, "weekly average") {
			tm.keys("Escape")
			home = tm.waitFor("continue here", waitLong)
		}
		if strings.Contains(home, "continue here") && strings.Contains(home, "Trust ") {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("neither home with its trust line nor the chart:\n%s", home)
		}
	}
	for _, l := range strings.Split(home, "\n") {
		if i := strings.Index(l, "Trust "); i >= 0 {
			spark = strings.TrimSpace(l[i:])
		}
	}
	tm.keys("l")
	tm.waitFor("Trust, weekly average, last 12 months", waitLong) // trust comes first
	// One key at a time, each waited for: keys typed ahead of a load can
	// land before the screen has its data.
	for _, k := range [][2]string{{"Tab", "[Signs]"}, {"Tab", "[Safe]"}, {"Tab", "[Close]"}, {"Tab", "[Trust]"}, {"r", "[all]"}, {"r", "[3 months]"}} {
		tm.keys(k[0])
		tm.waitFor(k[1], waitLong)
	}
	return spark, tm.waitFor("Trust, weekly average, last 3 months", waitLong)
}

// The Trends chart in the real binary on three generated years: it reads
// at 60×20 and 200×50 (axis, dates, legend in words, nothing past the
// edge), without colour under NO_COLOR, and a check-in done today moves
// both the line and home's sparkline.
func TestTrendsOnThreeYears(t *testing.T) {
	home := t.TempDir()
	db := generateThreeYears(t, home)
	env := baseEnv(home)
	for _, sz := range [][2]int{{60, 20}, {200, 50}} {
		tm := startTerm(t, sz[0], sz[1], env, binary, "--db", db)
		_, chart := trustChart(t, tm)
		for _, want := range []string{"[Trust]", "[3 months]", "low", "high", "last 4 weeks", "10│", "└──"} {
			if !strings.Contains(chart, want) {
				t.Errorf("%dx%d: the chart does not show %q:\n%s", sz[0], sz[1], want, chart)
			}
		}
		for i, l := range strings.Split(chart, "\n") {
			if w := ansi.StringWidth(l); w > sz[0] {
				t.Errorf("%dx%d: line %d is %d wide: %q", sz[0], sz[1], i, w, l)
			}
		}
		tm.keys("r") // 1 year
		tm.waitFor("[1 year]", waitLong)
		tm.keys("r") // all three years
		all := tm.waitFor("Trust, weekly average, all time", waitLong)
		year := time.Now().AddDate(-2, 0, 0).Format("'06")
		if !strings.Contains(all, year) {
			t.Errorf("%dx%d: all time has no date label of %s:\n%s", sz[0], sz[1], year, all)
		}
		tm.keys("q")
		tm.waitExit(waitLong)
	}

	t.Run("NO_COLOR", func(t *testing.T) {
		tm := startTerm(t, 60, 20, append(baseEnv(home), "NO_COLOR=1"), binary, "--db", db)
		spark, _ := trustChart(t, tm)
		if strings.ContainsAny(spark, "▁▂▃▄▅▆▇█") {
			t.Errorf("NO_COLOR sparkline has block glyphs: %q", spark)
		}
		out := tm.tmux("capture-pane", "-p", "-e", "-t", "main")
		if m := colourSGR.FindString(out); m != "" {
			t.Fatalf("NO_COLOR chart has colour code %q", m)
		}
		tm.keys("q")
		tm.waitExit(waitLong)
	})

	tm := startTerm(t, 80, 24, env, binary, "--db", db)
	spark, before := trustChart(t, tm)
	tm.keys("q")
	tm.waitExit(waitLong)
	addCheckinToday(t, db, 10)
	tm = startTerm(t, 80, 24, env, binary, "--db", db)
	spark2, after := trustChart(t, tm)
	if spark2 == spark {
		t.Errorf("home's sparkline did not move with today's check-in: %q", spark)
	}
	if chartPart(after) == chartPart(before) {
		t.Errorf("the chart did not move with today's check-in:\n%s", after)
	}
	tm.keys("q")
	tm.waitExit(waitLong)

	out, errOut, code := runCLI(t, home, "--db", db, "status")
	if code != 0 || !strings.Contains(out, "Trend of check-ins (last 4 weeks against the 4 before): ") {
		t.Fatalf("status: %d %q %q", code, out, errOut)
	}
}

// chartPart is the chart and the latest week's line, up to the last four
// weeks' direction: not the status line (a clock or notice).
func chartPart(screen string) string {
	i := strings.Index(screen, "last 4 weeks")
	if i < 0 {
		return screen
	}
	return screen[:i]
}

// addCheckinToday stores a check-in for now, all scores v, as the
// check-in screen would, while the app is closed.
func addCheckinToday(t *testing.T, db string, v int) {
	t.Helper()
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	wbs, err := st.Workbooks(ctx)
	if err != nil || len(wbs) == 0 {
		t.Fatalf("workbooks: %v %v", wbs, err)
	}
	if _, err := st.AddCheckin(ctx, wbs[0].ID, store.Checkin{At: time.Now(),
		Scores: map[string]int{"safe": v, "close": v, "trust": v}, Done: true}); err != nil {
		t.Fatal(err)
	}
}
