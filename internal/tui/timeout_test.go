package tui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// timeoutTicks counts the countdown's pending ticks.
func timeoutTicks(h *harness) int {
	n := 0
	for _, m := range h.ticks {
		if _, ok := m.(timeoutTickMsg); ok {
			n++
		}
	}
	return n
}

// The time-out plan as a person meets it: from home by its key, the signal
// written in the editor, the break lengthened with keys (never below
// twenty minutes), then the quiet timer: it counts with the clock, keeps
// counting through leaving the screen and restarting the app, ticks only
// while it is on screen, and ends with a gentle line about coming back.
func TestTimeoutPlanAndTimer(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("b")
	h.mustSee("The plan")
	h.mustSee("‹ 20 minutes ›")
	h.key("enter")
	h.mustSee("What is the signal")
	h.typeText("pause please")
	h.key("ctrl+s")
	h.mustSee("pause please")
	h.key("down", "left")
	h.mustSee("‹ 20 minutes ›")
	h.mustSee("Twenty minutes is the shortest break")
	h.key("right", "right")
	h.mustSee("‹ 30 minutes ›")
	h.key("down", "down", "down", "enter")
	h.mustSee("When and how will you come back")
	h.typeText("after dinner, same evening")
	h.key("ctrl+s")
	plan, ok, err := h.st.TimeoutPlan(bg(), h.workbook().ID)
	if err != nil || !ok || plan.Minutes != 30 || plan.Signal != "pause please" || plan.ComeBack != "after dinner, same evening" {
		t.Fatalf("stored plan: %+v %v %v", plan, ok, err)
	}

	h.key("s")
	h.mustSee("Break · 30:00 left")
	if timeoutTicks(h) != 1 {
		t.Fatalf("a started break has %d ticks pending, want 1", timeoutTicks(h))
	}
	h.now = h.now.Add(12*time.Minute + 30*time.Second)
	h.fire()
	h.mustSee("Break · 17:30 left")
	if timeoutTicks(h) != 1 {
		t.Errorf("after a tick, %d pending, want 1 (one chain)", timeoutTicks(h))
	}

	h.key("enter") // the editor, over the timer: the ticks stop
	if h.m.screen != scrEditor {
		t.Fatalf("enter did not open the editor:\n%s", h.screen())
	}
	h.fire()
	if n := timeoutTicks(h); n != 0 {
		t.Errorf("under the editor, the timer still ticks: %d pending", n)
	}
	h.key("esc") // back on the timer: it ticks again
	h.mustSee("Break · 17:30 left")
	if n := timeoutTicks(h); n != 1 {
		t.Errorf("back on screen, %d ticks pending, want 1", n)
	}
	h.key("esc") // home: the timer goes on, the ticks stop
	h.mustSee("Time-out: a break until " + time.Date(2026, 11, 21, 10, 30, 0, 0, time.UTC).Local().Format("15:04") + " (b)")
	h.fire()
	if n := timeoutTicks(h); n != 0 {
		t.Errorf("off screen, the timer still ticks: %d pending", n)
	}
	h.key("b")
	h.mustSee("Break · 17:30 left")
	h.key("ctrl+c")

	h2 := newHarness(t, h.dir, h.st, h.now.Add(7*time.Minute))
	h2.key("b")
	h2.mustSee("Break · 10:30 left")
	h2.now = h2.now.Add(11 * time.Minute)
	h2.fire()
	h2.mustSee("The break is over")
	h2.mustSee("agreed: after dinner, same evening")
	if n := timeoutTicks(h2); n != 0 {
		t.Errorf("a finished break still ticks: %d pending", n)
	}
	s := h2.screen()
	if strings.Contains(s, "\a") || strings.Contains(s, "\x1b[5m") {
		t.Error("the timer rings or blinks")
	}
}

// A break can be ended early, and then a new one started.
func TestTimeoutStopEarly(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("b", "s")
	h.mustSee("Break · 20:00 left")
	h.key("x")
	h.mustSee("Break ended.")
	h.mustSee("press s")
	ts, err := h.st.Timeouts(bg(), h.workbook().ID, false)
	if err != nil || len(ts) != 1 || ts[0].Stopped.IsZero() {
		t.Fatalf("stored breaks: %+v %v", ts, err)
	}
}

// ctrl+t opens the time-out from any screen. From the editor, the words
// being typed are kept as a draft first and found again afterwards.
func TestTimeoutGlobalKeyFromEditor(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("enter", "enter") // the step to continue, its first prompt
	if h.m.screen != scrEditor {
		t.Fatalf("not in the editor:\n%s", h.screen())
	}
	step := h.m.edit.target.stepID
	h.typeText("half a thought, unsaved")
	h.key("ctrl+t")
	top, ok := h.m.top()
	if h.m.screen != scrTool || !ok || top.Name() != "timeout" {
		t.Fatalf("ctrl+t from the editor went to screen %d:\n%s", h.m.screen, h.screen())
	}
	h.mustSee("The plan")
	ds, err := h.st.Drafts(bg(), h.workbook().ID)
	if err != nil || len(ds) != 1 || ds[0].Body != "half a thought, unsaved" || ds[0].StepID != step {
		t.Fatalf("drafts after ctrl+t: %+v %v", ds, err)
	}
	h.key("ctrl+t") // already there: nothing moves
	if top, _ := h.m.top(); len(h.m.stack) != 1 || top.Name() != "timeout" {
		t.Errorf("a second ctrl+t stacked another screen: %d", len(h.m.stack))
	}
	h.key("esc")
	if h.m.screen != scrStep || h.m.step.st.ID != step {
		t.Fatalf("esc from the time-out went to screen %d, want the step the editor was on", h.m.screen)
	}
	h.key("enter")
	h.mustSee("half a thought, unsaved")
	h.key("esc", "esc")

	h.key("esc", "esc", "t", "ctrl+t") // from the toolkit too
	if top, _ := h.m.top(); top.Name() != "timeout" {
		t.Errorf("ctrl+t from the toolkit opened %q", top.Name())
	}
}

// Leaving the app while writing the plan keeps the words: the next start
// reopens the editor on them.
func TestTimeoutResumeMidWriting(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("b", "down", "down", "enter")
	h.mustSee("What will you do meanwhile?")
	h.typeText("walk to the river")
	h.fire()
	h.key("ctrl+c")
	h2 := newHarness(t, h.dir, h.st)
	if h2.m.screen != scrEditor {
		t.Fatalf("restart is on screen %d, want the editor on the plan", h2.m.screen)
	}
	h2.mustSee("walk to the river")
	h2.key("ctrl+s")
	h2.mustSee("Meanwhile, I")
	h2.mustSee("walk to the river")
}

// Home's full help lists both tools' keys and the time-out's global key.
func TestSpaceKeysInHelp(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.send(tea.WindowSizeMsg{Width: 200, Height: 50})
	h.key("?")
	// Columns align to their widest key, so count any run of spaces.
	for _, want := range []string{`o +give space`, `b +time-out plan`, `ctrl\+t +time-out\b`} {
		if !regexp.MustCompile(want).MatchString(h.screen()) {
			t.Errorf("home's help has no %q:\n%s", want, h.screen())
		}
	}
}
