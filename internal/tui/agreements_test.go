package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/agreement"
)

// The agreements flow as two people meet it: from home by g, a new one
// (area, dates with the 90-day limit said gently, the wording in the
// editor), its review coming due on home when the time passes, a review
// that changes it (note, then new wording), its history, and an ending.
func TestAgreementsFlow(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("g")
	h.mustSee("Nothing agreed yet")
	h.mustSee("safety, not control")
	h.key("a")
	h.mustSee("both said yes to")
	h.key("5", "enter") // Phones
	h.mustSee("Starts                 21 Nov 2026")
	h.mustSee("Review together by     21 Dec 2026")
	h.mustSee("30 days after it starts")
	for range 9 { // nine weeks on: past 90 days, held at the 90th
		h.key("]")
	}
	h.mustSee("Review together by     19 Feb 2027")
	h.mustSee("90 days at most: openness is agreed for a time")
	h.key("[", "[", "[", "[") // 62 days
	h.mustSee("Review together by     22 Jan 2027")
	h.key("enter")
	if h.m.screen != scrEditor {
		t.Fatalf("enter did not open the editor:\n%s", h.screen())
	}
	h.mustSee("Phones: write the agreement as the two of you said yes to it")
	h.typeText("Phones stay face up at dinner")
	h.key("ctrl+s")
	if h.m.screen != scrTool {
		t.Fatalf("ctrl+s went to screen %d, want the agreements:\n%s", h.m.screen, h.screen())
	}
	h.mustSee("Review by 22 Jan 2027 · Phones · Phones stay face up at dinner")
	as, err := h.st.Agreements(bg(), h.workbook().ID)
	if err != nil || len(as) != 1 || as[0].Text != "Phones stay face up at dinner" ||
		as[0].Start.Format(agDate) != "2026-11-21" || as[0].Review.Format(agDate) != "2027-01-22" {
		t.Fatalf("stored: %+v %v", as, err)
	}
	h.key("esc")
	if strings.Contains(h.screen(), "review due") {
		t.Fatalf("a review shows as due before its day:\n%s", h.screen())
	}

	// Two months later the review has come due: home says so.
	h.now = time.Date(2027, 1, 23, 9, 0, 0, 0, time.UTC)
	h.key("g", "esc")
	h.mustSee("Agreements: 1 review due, to look at together (g)")
	h.key("g")
	h.mustSee("1 agreement · 1 review due")
	h.mustSee("Review due · Phones")
	h.key("r")
	h.mustSee("Look at it with each other")
	h.key("c")
	h.mustSee("Next review together   22 Feb 2027")
	h.key("enter")
	h.mustSee("You are changing it")
	h.typeText("We both want Sundays off")
	h.key("ctrl+s")
	if h.m.screen != scrEditor {
		t.Fatalf("after the note of a change, screen %d, want the wording:\n%s", h.m.screen, h.screen())
	}
	h.mustSee("the agreement in words you both say yes to")
	h.typeText(", except on Sundays")
	h.key("ctrl+s")
	h.mustSee("Review by 22 Feb 2027 · Phones · Phones stay face up at dinner, except on S")
	h.key("enter")
	h.mustSee("23 Jan 2027 · changed · next 22 Feb 2027")
	h.mustSee("We both want Sundays off")
	h.key("esc")
	h.key("esc")
	if strings.Contains(h.screen(), "review due") {
		t.Fatalf("home still shows the review as due after it:\n%s", h.screen())
	}

	h.key("g", "r", "x")
	h.mustSee("You are ending it together")
	h.typeText("It did its job")
	h.key("ctrl+s")
	h.mustSee("Ended 23 Jan 2027 · Phones")
	as, _ = h.st.Agreements(bg(), h.workbook().ID)
	if len(as) != 1 || !as[0].Ended() || len(as[0].Reviews) != 2 || as[0].Reviews[0].Outcome != agreement.Changed ||
		as[0].Reviews[0].Note != "We both want Sundays off" || as[0].Reviews[1].Note != "It did its job" {
		t.Fatalf("after the reviews: %+v", as)
	}
	if ds, _ := h.st.Drafts(bg(), h.workbook().ID); len(ds) != 0 {
		t.Errorf("a draft outlived the saves: %+v", ds)
	}
}

// Leaving the app mid-wording keeps the words and the choices made before
// them: the next start reopens the editor on them, and saving makes the
// agreement with its area and dates.
func TestAgreementsResumeMidWording(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("g", "a", "enter") // Check-ins
	h.key("]")               // review in 37 days
	h.key("enter")
	h.typeText("A Sunday evening talk")
	h.fire() // autosave
	h.key("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}

	h2 := newHarness(t, h.dir, h.st)
	if h2.m.screen != scrEditor {
		t.Fatalf("restart is on screen %d, want the editor", h2.m.screen)
	}
	h2.mustSee("A Sunday evening talk")
	h2.mustSee("Check-ins: write the agreement")
	h2.key("ctrl+s")
	h2.mustSee("Review by 28 Dec 2026 · Check-ins · A Sunday evening talk")
	as, err := h2.st.Agreements(bg(), h2.workbook().ID)
	if err != nil || len(as) != 1 || as[0].Area != agreement.CheckIns || as[0].Review.Format(agDate) != "2026-12-28" {
		t.Fatalf("stored: %+v %v", as, err)
	}
}

// Leaving mid-way through a review's note keeps the note and the decision:
// the next start reopens it, and saving records the review.
func TestAgreementsResumeMidReview(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("g", "a", "2", "enter", "enter")
	h.typeText("Share the day's plans")
	h.key("ctrl+s")
	h.now = h.now.AddDate(0, 0, 31)
	h.key("esc", "g", "r", "k", "]", "enter") // keep, next in 37 days
	h.typeText("Calmer evenings")
	h.fire()
	h.key("ctrl+c")

	h2 := newHarness(t, h.dir, h.st, h.now)
	h2.mustSee("Calmer evenings")
	h2.mustSee("You are keeping it")
	h2.key("ctrl+s")
	h2.mustSee("Review by 28 Jan 2027 · Openness")
	as, _ := h2.st.Agreements(bg(), h2.workbook().ID)
	if len(as) != 1 || len(as[0].Reviews) != 1 || as[0].Reviews[0].Outcome != agreement.Kept || as[0].Reviews[0].Note != "Calmer evenings" {
		t.Fatalf("stored: %+v", as)
	}
}

// At 60×20 every agreements screen fits: no line wider than the window,
// and what the person must read (the 90-day line, the choices) is there.
func TestAgreementsFitSmallWindow(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	fits := func(want string) {
		t.Helper()
		h.mustSee(want)
		for _, l := range strings.Split(h.screen(), "\n") {
			if w := ansi.StringWidth(l); w > 60 {
				t.Fatalf("a line is %d wide at 60 columns: %q", w, l)
			}
		}
	}
	h.key("g")
	fits("Nothing agreed yet")
	h.key("a")
	fits("Contact with the third person")
	h.key("3", "enter")
	for range 14 {
		h.key("]")
	}
	fits("90 days at most")
	h.key("enter")
	h.typeText("No contact; if they write, I show the message")
	h.key("ctrl+s")
	fits("Review by 19 Feb 2027 · Contact with the third person")
	h.key("r")
	fits("x  end it")
	h.key("k")
	fits("Next review together")
	h.key("esc", "esc", "enter")
	fits("Not reviewed yet.")
}

// Words left with esc are not out of reach: an unsaved new agreement and
// an unsaved review note head the list, and open again where they were.
func TestAgreementsDraftsStayInReach(t *testing.T) {
	h := newHarness(t, "", nil)
	toHome(t, h)
	h.key("g", "a", "4", "enter", "enter") // Money
	h.typeText("We look at the account together")
	h.key("esc")
	h.mustSee("Not saved yet (enter) · Money · We look at the account together")
	h.key("enter")
	h.mustSee("Money: write the agreement")
	h.mustSee("We look at the account together")
	h.key("ctrl+s")
	h.mustSee("Review by 21 Dec 2026 · Money · We look at the account together")
	if strings.Contains(h.screen(), "Not saved yet") {
		t.Fatalf("the saved draft still shows:\n%s", h.screen())
	}

	h.key("r", "k", "enter")
	h.typeText("It helps")
	h.key("esc")
	h.mustSee("Review not saved yet (enter) · Money · It helps")
	h.key("down", "r") // on the agreement: r goes on with the review begun
	h.mustSee("You are keeping it")
	h.mustSee("It helps")
	h.key("ctrl+s")
	as, _ := h.st.Agreements(bg(), h.workbook().ID)
	if len(as) != 1 || len(as[0].Reviews) != 1 || as[0].Reviews[0].Note != "It helps" {
		t.Fatalf("stored: %+v", as)
	}
	if strings.Contains(h.screen(), "not saved yet") {
		t.Fatalf("the saved note still shows as a draft:\n%s", h.screen())
	}
}
