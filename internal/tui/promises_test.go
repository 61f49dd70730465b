package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/promise"
)

// addPromise writes a promise from the ledger and answers "to whom" and
// "by when" with the given choice numbers.
func addPromise(t *testing.T, h *harness, what, whom, when string) {
	t.Helper()
	h.key("n")
	if h.m.screen != scrEditor {
		t.Fatalf("n did not open the editor:\n%s", h.screen())
	}
	h.mustSee("What do you promise?")
	h.typeText(what)
	h.key("ctrl+s")
	h.mustSee("To whom?")
	h.key(whom)
	h.mustSee("By when?")
	h.key(when)
	h.mustSee(what)
}

// markPromise selects the promise showing what and marks it with the
// choice number (1 kept, 2 missed, 3 renegotiated), writing note.
func markPromise(t *testing.T, h *harness, what, choice, note string) {
	t.Helper()
	s := h.m.stack[len(h.m.stack)-1].(*promisesScreen)
	s.cursor = -1
	for i, p := range s.list {
		if p.What == what {
			s.cursor = i
		}
	}
	if s.cursor < 0 {
		t.Fatalf("no promise %q on the ledger", what)
	}
	h.key("m")
	h.mustSee("How did it go?")
	h.key(choice)
	if h.m.screen != scrEditor {
		t.Fatalf("marking did not open the note:\n%s", h.screen())
	}
	if note == "" {
		h.key("esc") // no note: back to the ledger
		return
	}
	h.typeText(note)
	h.key("ctrl+s")
}

// The ledger as a person meets it: promises added with to whom and by
// when, two kept, one missed with a note and owned through the slip
// routine; the figure in words moves with each mark, and an overdue
// promise shows on the ledger in words and on home.
func TestPromisesFlow(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("p")
	h.mustSee("No promises yet")
	h.mustSee("not enough yet to say (0 kept or missed;")

	addPromise(t, h, "Home by seven on Friday", "1", "2")
	h.mustSee("due tomorrow")
	addPromise(t, h, "Call your mum back", "5", "1")
	addPromise(t, h, "Tell you before I see Dan", "1", "4")
	h.mustSee("ongoing")
	h.mustSee("3 open")

	markPromise(t, h, "Home by seven on Friday", "1", "Made it with time to spare")
	h.mustSee("Last 30 days")
	h.mustSee("1 kept or missed;")
	markPromise(t, h, "Call your mum back", "1", "")
	h.mustSee("2 kept or missed;")

	markPromise(t, h, "Tell you before I see Dan", "2", "Saw him at the shop and said nothing")
	h.mustSee("A slip, owned")
	h.mustSee("Own it, without excuses.")
	h.key("o")
	h.mustSee("Recorded: you owned it")
	h.mustSee("2 of 3 kept in 30 days: most kept")
	h.mustSee("missed, owned")

	// enter shows one promise with its history and notes.
	s := h.m.stack[len(h.m.stack)-1].(*promisesScreen)
	for i, p := range s.list {
		if p.What == "Tell you before I see Dan" {
			s.cursor = i
		}
	}
	h.key("enter")
	h.mustSee("Saw him at the shop and said nothing")
	h.mustSee("Owned today.")
	h.key("esc")
	h.mustSee("0 open")

	ps, err := h.st.Promises(bg(), h.workbook().ID)
	if err != nil || len(ps) != 3 {
		t.Fatalf("stored: %+v %v", ps, err)
	}
	for _, p := range ps {
		if p.What == "Tell you before I see Dan" {
			if p.Status != promise.Missed || !p.Owned || p.Note != "Saw him at the shop and said nothing" || p.ToWhom == "" || !p.Ongoing() {
				t.Errorf("the missed promise as stored: %+v", p)
			}
		}
	}
	if ds, _ := h.st.Drafts(bg(), h.workbook().ID); len(ds) != 0 {
		t.Errorf("drafts outlived the saves: %+v", ds)
	}

	// A promise for today, and two days pass.
	addPromise(t, h, "Fix the gate", "1", "1")
	h.now = h.now.Add(48 * time.Hour)
	h.key("esc")
	if h.m.screen != scrHome {
		t.Fatalf("esc from the ledger went to screen %d", h.m.screen)
	}
	h.mustSee("Overdue promise: Fix the gate")
	h.key("p")
	h.mustSee("OVERDUE")
	h.mustSee("was due")
	h.mustSee("1 overdue")

	// The date typed: a bad one is refused with what to type.
	h.key("c", "1", "5")
	h.typeText("next friday")
	h.key("enter")
	h.mustSee("Type a date as YYYY-MM-DD")
	for range len("next friday") {
		h.key("backspace")
	}
	h.typeText(h.now.AddDate(0, 0, 3).Format("2006-01-02"))
	h.key("enter")
	h.mustSee("Promise kept in your ledger")
	if strings.Contains(h.screen(), "OVERDUE") {
		t.Errorf("a new date left the promise overdue:\n%s", h.screen())
	}
}

// Leaving the app while writing a missed promise's note keeps the words;
// the next start reopens the note, and saving it leads on to the slip
// routine.
func TestPromisesResumeMidNote(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("p")
	addPromise(t, h, "Home by seven", "1", "1")
	s := h.m.stack[len(h.m.stack)-1].(*promisesScreen)
	s.cursor = 0
	h.key("m", "2")
	h.mustSee("Missed. What happened, plainly?")
	h.typeText("I stayed for one more drink")
	h.fire() // autosave
	h.key("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}

	h2 := newHarness(t, h.dir, h.st)
	if h2.m.screen != scrEditor {
		t.Fatalf("restart is on screen %d, want the editor on the note:\n%s", h2.m.screen, h2.screen())
	}
	h2.mustSee("I stayed for one more drink")
	h2.mustSee("Missed. What happened, plainly?")
	h2.key("ctrl+s")
	h2.mustSee("A slip, owned")
	h2.key("o")
	h2.mustSee("missed, owned")
	ps, _ := h2.st.Promises(bg(), h2.workbook().ID)
	if len(ps) != 1 || ps[0].Note != "I stayed for one more drink" || !ps[0].Owned {
		t.Errorf("stored: %+v", ps)
	}
}

// The hurt side's mirror: what I need to see, with a review date chosen,
// a page with only the list, and a review come due on home.
func TestNeedsFlow(t *testing.T) {
	h := newHarness(t, "", nil)
	setupAsHurt(t, h)
	h.key("p")
	h.mustSee("Nothing here yet")
	h.key("n")
	h.mustSee("What do you need to see?")
	h.typeText("Answers when I ask where you were")
	h.key("ctrl+s")
	h.mustSee("When do you want to look at this again?")
	h.key("1")
	h.mustSee("Review on")
	h.mustSee("Answers when I ask where you were")
	h.key("s")
	h.mustSee("Only this list is on this page")
	h.key("esc")
	h.now = h.now.AddDate(0, 0, 15)
	h.key("esc")
	h.mustSee("What I need to see: 1 review to look at again")
	h.key("p")
	h.mustSee("REVIEW DUE")
	h.key("r", "2")
	if strings.Contains(h.screen(), "REVIEW DUE") {
		t.Errorf("reviewing left it due:\n%s", h.screen())
	}
}

// A renegotiated promise is changed openly: after its note, the ledger
// offers to make it again with a new date, and it never counts as missed.
func TestPromisesRenegotiate(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("p")
	addPromise(t, h, "Fix the gate", "1", "1")
	markPromise(t, h, "Fix the gate", "3", "Asked for another week")
	h.mustSee("Make it again, by when?")
	h.key("3")
	h.mustSee("Made again")
	h.mustSee("1 open")
	h.mustSee("renegotiated")
	h.mustSee("0 kept or missed")
	ps, _ := h.st.Promises(bg(), h.workbook().ID)
	if len(ps) != 2 || ps[0].Status != promise.Renegotiated || ps[0].Note != "Asked for another week" ||
		ps[1].Status != promise.Open || ps[1].What != "Fix the gate" || ps[1].ToWhom != ps[0].ToWhom || ps[1].Ongoing() || !ps[1].Set {
		t.Errorf("stored: %+v", ps)
	}

	// esc declines: nothing more is added.
	s := h.m.stack[len(h.m.stack)-1].(*promisesScreen)
	markPromise(t, h, s.list[0].What, "3", "Again")
	h.mustSee("Make it again, by when?")
	h.key("esc")
	if ps, _ := h.st.Promises(bg(), h.workbook().ID); len(ps) != 2 {
		t.Errorf("esc added a promise: %d", len(ps))
	}
}
