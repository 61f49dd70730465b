package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/checkin"
	"github.com/trustwork/trustwork/internal/store"
)

// onlyCheckin is the workbook's one check-in, read with its text.
func onlyCheckin(t *testing.T, h *harness) store.Checkin {
	t.Helper()
	cs, err := h.st.Checkins(bg(), h.workbook().ID, time.Time{}, time.Time{}, true)
	if err != nil || len(cs) != 1 {
		t.Fatalf("want one check-in, have %d (%v):\n%s", len(cs), err, h.screen())
	}
	return cs[0]
}

// moveTo puts the check-in's cursor on the row whose words start with s.
func moveTo(t *testing.T, h *harness, s string) {
	t.Helper()
	for range 20 {
		for _, l := range strings.Split(h.screen(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "› "+s) {
				return
			}
		}
		h.key("down")
	}
	t.Fatalf("no row %q:\n%s", s, h.screen())
}

// A check-in as a person does it: from home by its key, the bridge, three
// scores saved as they are set, an answer, a note and the one thing
// written in the editor, and finished.
func TestCheckinFlow(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("c")
	h.mustSee("Check-in · Saturday 21 November")
	h.mustSee("This is your first check-in.")
	h.mustSee("How safe does our relationship feel today?")
	h.key("7")
	if c := onlyCheckin(t, h); c.Scores["safe"] != 7 || c.Done {
		t.Fatalf("a score is saved when set: %+v", c)
	}
	h.mustSee("███████··· 7")
	h.key("down", "right", "right", "left", "right") // from nothing to 5, then 6, 5, 6
	h.key("down", "0")
	if c := onlyCheckin(t, h); c.Scores["close"] != 6 || c.Scores["trust"] != 10 {
		t.Fatalf("scores: %+v", c.Scores)
	}

	h.key("down", "enter")
	if h.m.screen != scrEditor {
		t.Fatalf("enter on a question did not open the editor:\n%s", h.screen())
	}
	h.mustSee(checkin.Questions(checkin.Repair)[0])
	h.typeText("Calmer than last week")
	h.key("ctrl+s")
	if h.m.screen != scrTool {
		t.Fatalf("ctrl+s went to screen %d, want the check-in", h.m.screen)
	}
	h.mustSee("✓ written")
	moveTo(t, h, "A note for today")
	h.key("enter")
	h.typeText("We talked at dinner")
	h.key("ctrl+s")
	moveTo(t, h, "One thing I will do")
	h.key("enter")
	h.typeText("Be home by six")
	h.key("ctrl+s")
	moveTo(t, h, "Finish check-in")
	h.key("enter")
	if h.m.screen != scrHome {
		t.Fatalf("finishing went to screen %d, want home:\n%s", h.m.screen, h.screen())
	}
	h.mustSee("Check-in saved.")
	c := onlyCheckin(t, h)
	if !c.Done || c.Scores["safe"] != 7 || c.Text[store.CheckinAnswerField(0)] != "Calmer than last week" ||
		c.Text[store.CheckinNoteField] != "We talked at dinner" || c.Text[store.CheckinOneThingField] != "Be home by six" {
		t.Fatalf("the check-in as stored: %+v", c)
	}
	if ds, _ := h.st.Drafts(bg(), h.workbook().ID); len(ds) != 0 {
		t.Errorf("drafts outlived their saves: %+v", ds)
	}

	// The next check-in the same day is a new one, bridged from this one.
	h.key("c")
	h.mustSee("Last check-in: today.")
	if strings.Contains(h.screen(), "███████") {
		t.Errorf("a finished check-in was reopened:\n%s", h.screen())
	}
}

// Leaving mid-note keeps the note and the scores: the next start reopens
// the editor on the note, and the check-in it belongs to is picked up again
// rather than a second one started.
func TestCheckinResumeMidNote(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("c", "6")
	moveTo(t, h, "A note for today")
	h.key("enter")
	h.typeText("half a thought")
	h.fire() // autosave
	h.key("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}

	h2 := newHarness(t, h.dir, h.st)
	if h2.m.screen != scrEditor {
		t.Fatalf("restart is on screen %d, want the editor on the note:\n%s", h2.m.screen, h2.screen())
	}
	h2.mustSee("half a thought")
	h2.mustSee("Writing · Check-in")
	h2.typeText(", and the rest")
	h2.key("ctrl+s")
	if h2.m.screen != scrTool {
		t.Fatalf("after saving, screen %d, want the check-in", h2.m.screen)
	}
	h2.mustSee("██████···· 6")
	h2.mustSee("✓ written")
	c := onlyCheckin(t, h2)
	if c.Scores["safe"] != 6 || c.Text[store.CheckinNoteField] != "half a thought, and the rest" || c.Done {
		t.Fatalf("after the restart: %+v", c)
	}
	h2.key("esc")
	h2.key("c")
	h2.mustSee("Picking up today's check-in where you left off.")
	h2.mustSee("██████···· 6")
	h2.key("down", "3")
	if c := onlyCheckin(t, h2); c.Scores["close"] != 3 || c.Scores["safe"] != 6 {
		t.Fatalf("the resumed check-in: %+v", c.Scores)
	}

	// The next day it is not picked up: a new one starts, bridged from it.
	h3 := newHarness(t, h.dir, h.st, h.now.Add(24*time.Hour))
	h3.key("esc")
	if h3.m.screen != scrHome {
		h3.key("esc")
	}
	h3.key("c")
	h3.mustSee("Last check-in: yesterday.")
	if strings.Contains(h3.screen(), "Picking up") {
		t.Errorf("yesterday's check-in was picked up:\n%s", h3.screen())
	}
}

// The check-in reads right at 60×20: every row on one line, the cursor row
// in view, and the hurt track's own questions.
func TestCheckinSmallAndHurt(t *testing.T) {
	h := newHarness(t, "", nil)
	h.key("enter", "enter", "enter", "right", "enter") // welcome, name, relationship, the hurt side
	if !h.workbook().Hurt() {
		t.Fatalf("setup did not make a hurt-side workbook:\n%s", h.screen())
	}
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.key("c")
	h.mustSee("How steady do I feel in myself today?")
	moveTo(t, h, "Finish check-in")
	h.mustSee("Enter finishes this check-in.")
	for _, l := range strings.Split(h.screen(), "\n") {
		if w := len([]rune(l)); w > 60 {
			t.Errorf("line wider than 60: %q", l)
		}
	}
}

// The self-assessment: ticks saved as they are made, a score, and what
// changed since the last finished take ("2 signs eased, 1 new"); an
// unfinished take of the same day is picked up again.
func TestSelfAssessmentDiff(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("v")
	h.mustSee("This is your first take")
	h.mustSee("[ ] I expect to be let down")
	// The first take: "expect-worst", "old-fights", and "devoted".
	h.key("space", "down", "space")
	takes, _ := h.st.Assessments(bg(), h.workbook().ID, time.Time{}, time.Time{})
	if len(takes) != 1 || !takes[0].Checked["expect-worst"] || !takes[0].Checked["old-fights"] || takes[0].Done {
		t.Fatalf("ticks are saved as made: %+v", takes)
	}
	moveTo(t, h, "[ ] I value us")
	h.key("space")
	h.mustSee("Trust missing: 2 of 12 · returning: 1 of 12")
	moveTo(t, h, "Finish this take")
	h.key("enter")
	if h.m.screen != scrHome {
		t.Fatalf("finishing went to screen %d, want home", h.m.screen)
	}

	// A week later the take starts as the last one ended: two signs have
	// eased and one is new; the take is left half-way and picked up again.
	h.now = h.now.Add(7 * 24 * time.Hour)
	h.key("v")
	h.mustSee("Since last time (7 days ago): about the same as last time.")
	moveTo(t, h, "[x] I expect to be let down")
	h.key("space", "down", "space")
	h.mustSee("Since last time (7 days ago): 2 signs eased.")
	h.key("esc", "v")
	h.mustSee("[ ] Old hurts come up")
	moveTo(t, h, "[ ] Grudges stay with me")
	h.key("space")
	h.mustSee("Trust missing: 1 of 12 · returning: 1 of 12")
	moveTo(t, h, "Finish this take")
	h.key("enter")
	h.mustSee("Saved. Since last time (7 days ago): 2 signs eased, 1 new.")
	takes, _ = h.st.Assessments(bg(), h.workbook().ID, time.Time{}, time.Time{})
	if len(takes) != 2 || !takes[1].Done || len(takes[1].Checked) != 2 {
		t.Fatalf("two takes, the second finished with two ticks: %+v", takes)
	}
}

// The weekly review of a chosen week shows what the database holds for it:
// rows inserted in that week and around it, the screen moved two weeks
// back, and every number checked against the rows and store.WeekCounts.
func TestWeeklyReviewOfAChosenWeek(t *testing.T) {
	dir := t.TempDir()
	clock := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	st, err := store.Open(dir+"/t.db", store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := newHarness(t, dir, st) // now: Saturday 21 November
	toHome(t, h)
	wb := h.workbook().ID
	day := func(d, hr int) time.Time { return time.Date(2026, 11, d, hr, 0, 0, 0, time.UTC) }
	// Two weeks back is Sunday 1 – Saturday 7 November.
	for _, at := range []time.Time{day(1, 0), day(3, 12), day(7, 23), day(8, 0)} {
		clock = at
		if _, err := st.AddEntry(bg(), store.Entry{WorkbookID: wb, StepID: "s", PromptID: "p", Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []store.Checkin{
		{At: day(2, 20), Scores: map[string]int{"safe": 4, "close": 5, "trust": 3}, Done: true},
		{At: day(5, 20), Scores: map[string]int{"safe": 7, "trust": 4}, Done: true},
		{At: day(9, 20), Scores: map[string]int{"safe": 10}, Done: true},
	} {
		if _, err := st.AddCheckin(bg(), wb, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, at := range []time.Time{day(4, 12), day(6, 12), day(10, 12)} {
		clock = at
		if _, err := st.SaveWin(bg(), wb, 0, "a calm evening", store.DraftKey{WorkbookID: wb, StepID: "tool.wins", PromptID: store.WinField}); err != nil {
			t.Fatal(err)
		}
	}
	promise := func(due time.Time, data string) {
		if _, err := st.AddRecord(bg(), "promises", store.Record{WorkbookID: wb, Kind: "promise", At: due, Data: []byte(data)}); err != nil {
			t.Fatal(err)
		}
	}
	promise(day(3, 23), `{"status":"kept"}`)
	promise(day(4, 23), `{"status":"kept"}`)
	promise(day(5, 23), `{"status":"missed","owned":false}`)
	promise(day(12, 23), `{"status":"kept"}`)

	h.key("r")
	h.mustSee("Sun 15 Nov – Sat 21 Nov · the last seven days")
	h.key("left", "left")
	h.mustSee("Sun 1 Nov – Sat 7 Nov")
	want, err := st.WeekCounts(bg(), wb, day(1, 0), day(8, 0), h.now)
	if err != nil {
		t.Fatal(err)
	}
	if want != (checkin.WeekCounts{Entries: 3, CheckIns: 2, PromisesKept: 2, PromisesMissed: 1, SmallWins: 2}) {
		t.Fatalf("the rows count as %+v", want)
	}
	for _, line := range []string{
		"Entries written      3",
		"Check-ins            2 · safe 5.5 · close 5 · trust 3.5",
		"Promises kept        2 of 3",
		"Agreements reviewed  none due",
		"Small wins           2",
		"Days of space kept   0",
	} {
		h.mustSee(line)
	}
	for _, l := range checkin.WeeklySummary(want) {
		h.mustSee(l[:min(len(l), 40)])
	}
	h.key("right")
	h.mustSee("Sun 8 Nov – Sat 14 Nov")
	h.mustSee("Entries written      1")
	h.mustSee("Check-ins            1 · safe 10")
	h.mustSee("Small wins           1")
}
