package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/store"
)

// homeRow is the home line naming step n (1-based), or "".
func homeRow(scr string, n int, title string) string {
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, title) && strings.Contains(l, fmt.Sprintf(" %d. ", n)) {
			return l
		}
	}
	return ""
}

// Issue 12.8: "continue here" is the first step not done in the person's
// order, not the step last opened; with every step done home says so.
func TestContinueHereIsFirstStepNotDone(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.key("esc", "esc")
	wb := h.workbook()
	steps := h.m.steps()
	if err := h.st.SetStatus(bg(), wb.ID, steps[0].ID, store.Done); err != nil {
		t.Fatal(err)
	}
	// The person last looked at step 8; steps 2–7 are untouched.
	if err := h.st.SaveResume(bg(), wb.ID, store.Resume{Screen: "home", StepID: steps[7].ID}); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, h.dir, h.st)
	h2.send(tea.WindowSizeMsg{Width: 100, Height: 32})
	scr := h2.screen()
	if row := homeRow(scr, 2, steps[1].Title); !strings.Contains(row, "continue here") || !strings.Contains(row, "›") {
		t.Fatalf("step 2 row = %q; want it selected with continue here:\n%s", row, scr)
	}
	if strings.Count(scr, "continue here") != 1 {
		t.Fatalf("continue here shown %d times:\n%s", strings.Count(scr, "continue here"), scr)
	}

	for _, st := range steps {
		if err := h.st.SetStatus(bg(), wb.ID, st.ID, store.Done); err != nil {
			t.Fatal(err)
		}
	}
	h3 := newHarness(t, h.dir, h.st)
	h3.send(tea.WindowSizeMsg{Width: 100, Height: 32})
	scr = h3.screen()
	if strings.Contains(scr, "continue here") {
		t.Fatalf("all done, yet home says continue here:\n%s", scr)
	}
	h3.mustSee("Every step is done")
	h3.mustSee("› Journal")
}
