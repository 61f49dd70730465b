package tui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// samStore opens a store in a temp dir holding samWithEntry's workbook.
func samStore(t *testing.T) (string, *store.Store, *workbook.Workbook, store.Workbook) {
	t.Helper()
	dir := t.TempDir()
	st := openStore(t, dir)
	t.Cleanup(func() { st.Close() })
	book := loadBook(t)
	return dir, st, book, samWithEntry(t, st, book)
}

// samWithEntry sets up a repairing workbook for Sam with one entry on the
// first repair step and that step done.
func samWithEntry(t *testing.T, st *store.Store, book *workbook.Workbook) store.Workbook {
	t.Helper()
	w, err := st.CreateWorkbook(bg(), store.Workbook{PartnerName: "Sam", Relationship: "partner", Role: store.RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	first := book.Track(workbook.TrackRepair)[0]
	if _, err := st.AddEntry(bg(), store.Entry{WorkbookID: w.ID, StepID: first.ID, PromptID: first.Prompts[0].ID,
		PromptText: first.Prompts[0].Text, Body: "what I wrote as Sam's"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetStatus(bg(), w.ID, first.ID, store.Done); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestWorkbooksCreateAndSwitch(t *testing.T) {
	dir, st, book, _ := samStore(t)
	repair, hurt := book.Track(workbook.TrackRepair), book.Track(workbook.TrackHurt)

	h := newHarness(t, dir, st)
	h.mustSee("repairing trust with Sam")
	h.key("w")
	h.mustSee("your workbooks")
	h.mustSee("Sam — partner · I broke the trust")
	h.mustSee("open now")
	h.key("n")
	h.mustSee("What to call them")
	h.typeText("Jo")
	h.key("enter", "right", "enter", "right", "enter")
	h.mustSee("finding your footing with Jo")
	h.mustSee("0 of " + strconv.Itoa(len(hurt)) + " steps done")
	h.mustSee(hurt[1].Title)
	if strings.Contains(h.screen(), repair[1].Title) {
		t.Fatalf("Jo's hurt-track home lists a repair step:\n%s", h.screen())
	}

	// Back to Sam: his own progress and place.
	h.key("w")
	h.mustSee("Jo — friend · My trust was broken")
	h.key("up", "enter") // the cursor starts on Jo, the open one
	if !strings.Contains(h.screen(), "repairing trust with Sam") {
		h.t.Fatalf("did not switch to Sam:\n%s", h.screen())
	}
	h.mustSee("1 of " + strconv.Itoa(len(repair)) + " steps done")

	// The last used workbook opens at the next start.
	h2 := newHarness(t, dir, st)
	h2.mustSee("repairing trust with Sam")
	h2.key("w", "down", "enter") // from Sam to Jo
	h2.mustSee("finding your footing with Jo")
	h3 := newHarness(t, dir, st)
	h3.mustSee("finding your footing with Jo")
}

func TestSettingsChangeSideKeepsEntries(t *testing.T) {
	dir, st, book, w := samStore(t)
	hurt := book.Track(workbook.TrackHurt)

	h := newHarness(t, dir, st)
	h.key("s")
	h.mustSee("What to call them")
	h.key("backspace", "backspace", "backspace")
	h.typeText("Samira")
	h.key("tab", "right", "tab", "right") // friend; my trust was broken
	h.mustSee("Changing your side moves you to the other track")
	h.key("enter")
	h.mustSee("finding your footing with Samira")
	h.mustSee("other track")
	h.mustSee(hurt[1].Title)
	h.mustSee("0 of " + strconv.Itoa(len(hurt)) + " steps done")

	got := h.workbook()
	if got.PartnerName != "Samira" || got.Relationship != "friend" || got.Role != store.RoleHurt {
		t.Errorf("stored after settings: %+v", got)
	}
	if n, err := st.CountEntries(bg(), w.ID, ""); err != nil || n != 1 {
		t.Errorf("entries after the change of side: %d %v", n, err)
	}
	// esc leaves everything as it was.
	h.key("s", "tab", "tab", "left", "esc")
	h.mustSee("Nothing was changed")
	if h.workbook().Role != store.RoleHurt {
		t.Error("esc changed the side")
	}
}

func TestWorkbooksDeleteAsksAndBacksUp(t *testing.T) {
	dir, st, _, _ := samStore(t)
	if _, err := st.CreateWorkbook(bg(), store.Workbook{PartnerName: "Jo", Relationship: "friend", Role: store.RoleHurt}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, dir, st)
	// Jo, the newest, opens first (no resume points yet); the cursor
	// starts on the open workbook.
	h.mustSee("finding your footing with Jo")
	h.key("w", "d")
	h.mustSee("Delete the workbook for Jo?")
	h.mustSee("backup")
	h.key("n")
	h.mustSee("Nothing was deleted")
	if wbs, _ := st.Workbooks(bg()); len(wbs) != 2 {
		t.Fatalf("n deleted a workbook: %v", wbs)
	}
	h.key("d", "y")
	h.mustSee("Deleted the workbook for Jo")
	h.mustSee("repairing trust with Sam") // the open one went: Sam's opens
	wbs, _ := st.Workbooks(bg())
	if len(wbs) != 1 || wbs[0].PartnerName != "Sam" {
		t.Fatalf("after delete: %v", wbs)
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "backups", "*"))
	if len(backups) != 1 {
		t.Fatalf("backups: %v", backups)
	}
	if fi, err := os.Stat(backups[0]); err != nil || fi.Size() == 0 {
		t.Fatalf("backup file: %v %v", fi, err)
	}
}

// TestFlowSecondWorkbookAndSideChange runs the real program: a second
// relationship is started and switched to, then the first one's side is
// changed in settings, keeping its entry.
func TestFlowSecondWorkbookAndSideChange(t *testing.T) {
	dir, st, book, sam := samStore(t)
	hurt := book.Track(workbook.TrackHurt)

	tm := startProgram(t, dir, st)
	waitScreen(t, tm, "repairing trust with Sam")
	tm.Type("w")
	waitScreen(t, tm, "Start a workbook for someone else")
	tm.Type("n")
	waitScreen(t, tm, "What to call them")
	tm.Type("Jo")
	enter(tm)
	enter(tm)
	enter(tm)
	waitScreen(t, tm, "repairing trust with Jo")
	tm.Type("w")
	waitScreen(t, tm, "Jo — partner")
	tm.Send(keyPress("up"))
	enter(tm)
	waitScreen(t, tm, "repairing trust with Sam")
	waitScreen(t, tm, "1 of ")

	tm.Type("s")
	waitScreen(t, tm, "Your side")
	tm.Send(keyPress("tab"))
	tm.Send(keyPress("tab"))
	tm.Send(keyPress("right"))
	waitScreen(t, tm, "Changing your side")
	enter(tm)
	waitScreen(t, tm, "finding your footing with Sam")
	waitScreen(t, tm, hurt[1].Title)
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	if n, err := st.CountEntries(bg(), sam.ID, ""); err != nil || n != 1 {
		t.Fatalf("Sam's entries after the change of side: %d %v", n, err)
	}
	wbs, err := st.Workbooks(bg())
	if err != nil || len(wbs) != 2 || wbs[0].Role != store.RoleHurt || wbs[1].PartnerName != "Jo" {
		t.Fatalf("workbooks after the flow: %+v %v", wbs, err)
	}
}

// TestWelcomeSpeaksToBothSides: the welcome comes before the side is
// chosen, so it must read right for the person who was hurt as well.
func TestWelcomeSpeaksToBothSides(t *testing.T) {
	h := newHarness(t, "", nil)
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	s := h.screen()
	if !strings.Contains(s, "whichever side") {
		t.Errorf("the welcome does not offer both sides:\n%s", s)
	}
	for _, oneSided := range []string{"apologise", "repair alone", "admit"} {
		if strings.Contains(strings.ToLower(s), oneSided) {
			t.Errorf("the welcome speaks to one side (%q):\n%s", oneSided, s)
		}
	}
}

// TestRecoveryStaysWithItsWorkbook: text a failed save left for one
// workbook never lands in another's drafts; it comes back when its own
// workbook opens, and Sam's and Jo's records of the same prompt are two
// files, not one.
func TestRecoveryStaysWithItsWorkbook(t *testing.T) {
	dir, st, book, sam := samStore(t)
	jo, err := st.CreateWorkbook(bg(), store.Workbook{PartnerName: "Jo", Relationship: "friend", Role: store.RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	step := book.Track(workbook.TrackRepair)[1]
	p := step.Prompts[0]
	for _, w := range []store.Workbook{sam, jo} {
		if _, err := writeRecovery(st, dir, store.Draft{WorkbookID: w.ID, StepID: step.ID, PromptID: p.ID, PromptText: p.Text, Body: "rescued for " + w.PartnerName}); err != nil {
			t.Fatal(err)
		}
	}
	// Sam was used last, so Sam's opens.
	if err := st.SaveResume(bg(), sam.ID, store.Resume{Screen: "home"}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, dir, st)
	h.mustSee("repairing trust with Sam")
	draft := func(w store.Workbook) string {
		t.Helper()
		d, _, err := st.Draft(bg(), w.ID, step.ID, p.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		return d.Body
	}
	if got := draft(sam); got != "rescued for Sam" {
		t.Errorf("Sam's draft = %q", got)
	}
	if got := draft(jo); got != "" {
		t.Errorf("Jo's text was restored before Jo's workbook opened: %q", got)
	}
	h.key("w", "down", "enter")
	h.mustSee("repairing trust with Jo")
	h.mustSee("Recovered unsaved text")
	if got := draft(jo); got != "rescued for Jo" {
		t.Errorf("Jo's draft after opening Jo's workbook = %q", got)
	}
	if got := draft(sam); got != "rescued for Sam" {
		t.Errorf("Sam's draft after opening Jo's = %q", got)
	}
}

// TestDeleteLastWorkbook: esc leaves a started setup; deleting the only
// workbook (after y) leads to the welcome, and setup starts afresh.
func TestDeleteLastWorkbook(t *testing.T) {
	dir, st, _, _ := samStore(t)
	h := newHarness(t, dir, st)
	h.key("w", "n")
	h.mustSee("What to call them")
	h.key("esc")
	h.mustSee("your workbooks")
	h.key("d", "y")
	h.mustSee("Welcome to trustwork")
	if wbs, _ := st.Workbooks(bg()); len(wbs) != 0 {
		t.Fatalf("after deleting the only workbook: %v", wbs)
	}
	if b, _ := filepath.Glob(filepath.Join(dir, "backups", "*")); len(b) != 1 {
		t.Fatalf("backups: %v", b)
	}
	h.key("enter")
	h.typeText("Alex")
	h.key("enter", "enter", "enter")
	h.mustSee("repairing trust with Alex")
	h.mustSee("0 of ")
}

// A second workbook whose name differs from the first only in case is
// refused, and the refusal is read whole at 60 and 80 columns with what to
// do next, not cut off with "…" (found at 80×24: "…name already used by
// another w…").
func TestNameTakenIsReadWhole(t *testing.T) {
	for _, w := range []int{60, 80} {
		dir, st, _, _ := samStore(t)
		h := newHarness(t, dir, st)
		h.send(tea.WindowSizeMsg{Width: w, Height: 20})
		h.key("w", "n")
		h.mustSee("What to call them")
		h.typeText("SAM")
		h.key("enter", "enter", "enter")
		scr := h.screen()
		if strings.Contains(scr, "…") {
			t.Fatalf("at %d columns the refusal is cut:\n%s", w, scr)
		}
		if !screenHasWords(scr, "There is already a workbook called SAM (names match whatever their case). Choose another name, or open it from your workbooks.") {
			t.Fatalf("at %d columns the refusal does not say what to do:\n%s", w, scr)
		}
		h.mustSee("What to call them")

		// Renaming another workbook to Sam's name in settings: the same.
		if _, err := st.CreateWorkbook(bg(), store.Workbook{PartnerName: "Jo", Relationship: "friend", Role: store.RoleHurt}); err != nil {
			t.Fatal(err)
		}
		h2 := newHarness(t, dir, st)
		h2.send(tea.WindowSizeMsg{Width: w, Height: 20})
		h2.mustSee("with Jo") // the newest workbook opens
		h2.key("s", "backspace", "backspace")
		h2.typeText("sam")
		h2.key("enter", "enter", "enter")
		if scr := h2.screen(); !screenHasWords(scr, "There is already a workbook called sam (names match whatever their case).") {
			t.Fatalf("at %d columns the rename refusal does not say what to do:\n%s", w, scr)
		}
	}
}

// Deleting asks with the whole name: a 60-character name at 60 columns
// wraps instead of losing its end and the question mark (found at 80×24
// with a long name: "Delete the workbook for Alexandrina-… the very long na").
func TestDeleteQuestionNamesTheWholeWorkbook(t *testing.T) {
	h, _ := longNameAt60(t)
	h.key("w", "d")
	if scr := h.screen(); !screenHasWords(scr, "Delete the workbook for "+longName+"?") {
		t.Fatalf("the question does not name the whole workbook:\n%s", scr)
	}
	h.key("n")
}

// After deleting, the notice names the backup whole even after a long name
// at 60 columns (found at 80×24: "Deleted the workbook for Alexandrina-… the
// very lon…", the backup's path cut off).
func TestDeletedNoticeKeepsTheBackupPath(t *testing.T) {
	h, dir := longNameAt60(t)
	h.key("w", "d", "y")
	scr := h.screen()
	nospace := strings.Join(strings.Fields(scr), "")
	if !strings.Contains(nospace, "Abackupisin") || strings.Contains(scr, "…") {
		t.Fatalf("the notice does not name the backup whole:\n%s", scr)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "backups"))
	if err != nil || len(entries) != 1 {
		t.Fatalf("backups: %v %v", entries, err)
	}
	if !strings.Contains(nospace, entries[0].Name()) {
		t.Fatalf("the notice does not name %s:\n%s", entries[0].Name(), scr)
	}
}

// longName is a name of the 60 characters setup allows.
const longName = "Alexandrina Maximiliana Konstantinopoulou of the Seven Hills"

// longNameAt60 opens, at 60×20, a workbook with longName beside Sam's.
func longNameAt60(t *testing.T) (*harness, string) {
	t.Helper()
	dir, st, _, _ := samStore(t)
	if _, err := st.CreateWorkbook(bg(), store.Workbook{PartnerName: longName, Relationship: "family", Role: store.RoleHurt}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, dir, st)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	return h, dir
}
