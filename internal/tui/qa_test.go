package tui

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// setupAsHurt goes through first run choosing "My trust was broken".
func setupAsHurt(t *testing.T, h *harness) {
	t.Helper()
	h.key("enter")          // welcome → setup
	h.key("enter", "enter") // name, relationship
	h.key("right")          // role: My trust was broken
	h.mustSee("My trust was broken")
	h.key("enter")
	if h.m.screen != scrHome || h.workbook().Role != store.RoleHurt {
		t.Fatalf("setup as hurt: screen %d role %q", h.m.screen, h.workbook().Role)
	}
}

// TestHurtRoleFollowsHurtTrack: the person whose trust was broken works
// through the hurt track only, orientation first, and never sees a step of
// the repair track.
func TestHurtRoleFollowsHurtTrack(t *testing.T) {
	h := newHarness(t, "", nil)
	setupAsHurt(t, h)
	steps := h.m.steps()
	want := h.book.Track(workbook.TrackHurt)
	if len(steps) != len(want) || len(want) < 6 {
		t.Fatalf("hurt order has %d steps, want the %d of the hurt track", len(steps), len(want))
	}
	for i, s := range steps {
		if s.ID != want[i].ID || s.Track != workbook.TrackHurt {
			t.Fatalf("step %d is %q (track %q), want %q", i, s.ID, s.Track, want[i].ID)
		}
	}
	if !steps[0].Orientation {
		t.Fatalf("hurt track starts with %q, not its orientation", steps[0].ID)
	}
	h.mustSee("2. " + steps[1].Title)

	// Enter-only path reaches the safety check of the orientation.
	h.key("enter")
	if h.m.step.st.ID != steps[0].ID {
		t.Fatalf("Enter on home opened %q, want %q", h.m.step.st.ID, steps[0].ID)
	}
	h.mustSee(fmt.Sprintf("Step 1 of %d", len(steps)))
	h.key("enter")
	if h.m.screen != scrEditor || h.m.edit.target.promptID != steps[0].Prompts[0].ID {
		t.Fatalf("Enter on step: screen %d prompt %q", h.m.screen, h.m.edit.target.promptID)
	}
	// Mark the orientation done: continue goes to the second hurt step.
	h.key("esc", "d", "esc")
	if st, _ := h.m.home.selectedStep(); st.ID != steps[1].ID {
		t.Fatalf("after the orientation is done, home continues at %q, want %q", st.ID, steps[1].ID)
	}
	h.key("enter")
	if h.m.step.st.ID != steps[1].ID {
		t.Fatalf("Enter opened %q, want %q", h.m.step.st.ID, steps[1].ID)
	}
	h.mustSee(fmt.Sprintf("Step 2 of %d · %s", len(steps), steps[1].Title))
}

func TestRepairingRoleKeepsFileOrder(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	for i, st := range h.m.steps() {
		if st.ID != h.book.Steps[i].ID {
			t.Fatalf("step %d is %q, want %q", i, st.ID, h.book.Steps[i].ID)
		}
	}
	h.key("esc", "d", "esc")
	if st, _ := h.m.home.selectedStep(); st.ID != h.book.Steps[1].ID {
		t.Fatalf("continue at %q, want %q", st.ID, h.book.Steps[1].ID)
	}
}

func TestFullHelpWrapsAtSixtyColumns(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.key("esc")
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.mustSee("more keys")
	h.key("?")
	scr := h.screen()
	if strings.Contains(scr, "more keys") || !strings.Contains(scr, "fewer keys") {
		t.Fatalf("full help should offer fewer keys:\n%s", scr)
	}
	for _, col := range h.m.step.Help().FullHelp() {
		for _, b := range col {
			desc := b.Help().Desc
			if b.Help().Key == "?" {
				desc = "fewer keys"
			}
			if !helpShows(scr, b.Help().Key, desc) {
				t.Errorf("full help at 60 columns lacks %q %q:\n%s", b.Help().Key, desc, scr)
			}
		}
	}
	for _, l := range strings.Split(scr, "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Errorf("line wider than the window: %q", l)
		}
	}
	h.key("?")
	h.mustSee("more keys")
}

// helpShows reports whether some line shows key followed by desc.
func helpShows(scr, k, desc string) bool {
	for _, l := range strings.Split(scr, "\n") {
		if i := strings.Index(l, k+" "); i >= 0 && strings.HasPrefix(strings.TrimLeft(l[i+len(k):], " "), desc) {
			return true
		}
	}
	return false
}

func TestHomeKeepsTitleWholeWhenNarrow(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.key("esc", "esc")
	wb := h.workbook()
	st := h.book.Steps[1]
	for _, p := range st.Prompts[:2] {
		if _, err := h.st.AddEntry(bg(), store.Entry{WorkbookID: wb.ID, StepID: st.ID, PromptID: p.ID, PromptText: p.Text, Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	// Step 1 done: step 2 is the one to continue.
	if err := h.st.SetStatus(bg(), wb.ID, h.book.Steps[0].ID, store.Done); err != nil {
		t.Fatal(err)
	}
	h.run(loadHomeDataCmd(h.st, wb.ID, h.m.book.PromptRefs()))
	h.m.home.preselect()
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.mustSee(fmt.Sprintf("in progress · 2/%d answered · continue here", len(st.Prompts)))
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	var row string
	for _, l := range strings.Split(h.screen(), "\n") {
		if strings.Contains(l, "› ") && strings.Contains(l, "2. ") {
			row = l
		}
	}
	if !strings.Contains(row, "2. "+st.Title) || !strings.Contains(row, "continue here") || strings.Contains(row, "…") {
		t.Fatalf("highlighted row at 60 columns = %q; want the whole title and continue here", row)
	}
}

func TestExportNoticeKeepsFileName(t *testing.T) {
	long := "/" + strings.Repeat("deep/", 20) + "trustwork-journal-2026-11-21.md"
	got := exportNotice(long, false, 58)
	if !strings.HasSuffix(got, "trustwork-journal-2026-11-21.md") || ansi.StringWidth(got) > 58 {
		t.Fatalf("exportNotice(long) = %q", got)
	}
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, bl, _ := c.RGBA()
		ch := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(bl)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func TestHelpAndSelectionContrast(t *testing.T) {
	for _, dark := range []bool{false, true} {
		bgc := color.Color(color.White)
		if dark {
			bgc = color.Black
		}
		s := NewStyles(dark)
		for name, st := range map[string]lipgloss.Style{
			"help key": s.Help.ShortKey, "help desc": s.Help.ShortDesc,
			"full key": s.Help.FullKey, "full desc": s.Help.FullDesc,
		} {
			if c := contrast(st.GetForeground(), bgc); c < 4.5 {
				t.Errorf("dark=%v %s contrast %.1f, want ≥ 4.5", dark, name, c)
			}
		}
		if c := contrast(s.Selected.GetForeground(), bgc); c < 6 || !s.Selected.GetBold() {
			t.Errorf("dark=%v selected row contrast %.1f bold %v; want a strong bold colour", dark, c, s.Selected.GetBold())
		}
	}
}

func TestLessonHeadingsHaveNoHashes(t *testing.T) {
	book := loadBook(t)
	var st workbook.Step
	for _, s := range book.Steps {
		if strings.Contains(s.Body, "\n## ") {
			st = s
			break
		}
	}
	if st.ID == "" {
		t.Fatal("no lesson with a ## heading to test")
	}
	for _, dark := range []bool{true, false} {
		msg := renderLessonCmd(lessonKey{stepID: st.ID, width: 70, isDark: dark}, st.Body)().(lessonRenderedMsg)
		plain := ansi.Strip(msg.text)
		if strings.Contains(plain, "#") {
			t.Errorf("dark=%v: rendered lesson shows a literal #:\n%s", dark, plain)
		}
		if strings.HasPrefix(plain, "\n") || strings.HasPrefix(plain, " ") {
			t.Errorf("dark=%v: rendered lesson starts with blank space: %q", dark, plain[:min(len(plain), 40)])
		}
		for _, l := range strings.Split(st.Body, "\n") {
			if h, ok := strings.CutPrefix(l, "## "); ok && !strings.Contains(plain, h) {
				t.Errorf("dark=%v: heading %q missing", dark, h)
			}
		}
	}
}

func TestWideWindowCapsBodyWidth(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText(strings.Repeat("word ", 60))
	h.send(tea.WindowSizeMsg{Width: 200, Height: 40})
	check := func(where string) {
		t.Helper()
		lines := strings.Split(h.screen(), "\n")
		// Body lines only: the title, the status line and the help bar
		// may use the whole width.
		body := lines[headerLines : len(lines)-1-h.m.helpHeight()]
		for _, l := range body {
			if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > maxBodyWidth+1 {
				t.Fatalf("%s: body line %d cells wide at 200 columns: %q", where, w, l)
			}
		}
	}
	check("editor")
	h.key("esc")
	check("step")
	if h.m.step.shown.width > maxBodyWidth {
		t.Fatalf("lesson rendered %d wide", h.m.step.shown.width)
	}
	h.key("esc")
	check("home")
}

func TestUndoDoneRestoresWhatTheWorkSays(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	wb := h.workbook()
	step := h.book.Steps[0]
	status := func() store.Status {
		t.Helper()
		p, err := h.st.Progress(bg(), wb.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p[step.ID] == "" {
			return store.NotStarted
		}
		return p[step.ID]
	}
	h.key("esc") // nothing written
	h.key("d")
	if status() != store.Done {
		t.Fatalf("d: status %q", status())
	}
	h.key("d")
	if status() != store.NotStarted || h.m.progress[step.ID] != store.NotStarted {
		t.Fatalf("undo with nothing written: store %q, screen %q; want not started", status(), h.m.progress[step.ID])
	}
	h.mustSee("no longer marked done")

	// A draft counts as work.
	h.key("enter")
	h.typeText("half a thought")
	h.key("esc", "d", "d")
	if status() != store.InProgress {
		t.Fatalf("undo with a draft: %q, want in progress", status())
	}

	// So does an answer.
	h.key("enter", "ctrl+s")
	if err := h.st.DeleteDraft(bg(), wb.ID, step.ID, step.Prompts[0].ID, 0); err != nil {
		t.Fatal(err)
	}
	h.key("d", "d")
	if status() != store.InProgress {
		t.Fatalf("undo with an answer: %q, want in progress", status())
	}
}

// promptRow is the step screen's line for prompt i (1-based).
func promptRow(h *harness, i int) string {
	for _, l := range strings.Split(h.screen(), "\n") {
		if strings.Contains(l, fmt.Sprintf("%d. ", i)) && strings.Contains(l, h.m.step.st.Prompts[i-1].Text[:15]) {
			return l
		}
	}
	return ""
}

func TestDraftsMarkedOnStepScreen(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	h := newHarness(t, dir, st)
	firstRunToEditor(t, h)
	h.typeText("not finished")
	h.key("esc")
	if row := promptRow(h, 1); !strings.Contains(row, "✎") {
		t.Fatalf("prompt with a draft not marked: %q\n%s", row, h.screen())
	}
	h.mustSee("✎ draft waiting")
	if row := promptRow(h, 2); strings.Contains(row, "✎") {
		t.Fatalf("prompt without a draft marked: %q", row)
	}

	// A new start reads the drafts from the store.
	h2 := newHarness(t, dir, st)
	if h2.m.screen != scrStep {
		t.Fatalf("resumed on screen %d, want step", h2.m.screen)
	}
	if row := promptRow(h2, 1); !strings.Contains(row, "✎") {
		t.Fatalf("draft not marked after restart: %q\n%s", row, h2.screen())
	}

	// Saving turns the draft into an answer: ✓, no ✎.
	h2.key("enter", "ctrl+s", "esc")
	if row := promptRow(h2, 1); !strings.Contains(row, "✓") || strings.Contains(row, "✎") {
		t.Fatalf("saved prompt row: %q", row)
	}
	// Emptying a draft removes the mark.
	h2.key("enter") // the next unanswered prompt, 2
	h2.typeText("x")
	h2.key("esc")
	if row := promptRow(h2, 2); !strings.Contains(row, "✎") {
		t.Fatalf("second draft not marked: %q", row)
	}
	h2.key("enter", "backspace", "esc")
	if row := promptRow(h2, 2); strings.Contains(row, "✎") {
		t.Fatalf("empty draft still marked: %q", row)
	}
}

func TestJournalEscClearsFilterFirst(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("apple pie")
	h.key("ctrl+s", "esc", "enter")
	h.typeText("banana split")
	h.key("ctrl+s", "esc", "esc")
	h.m.home.cursor = len(h.m.steps()) + toolJournal
	h.key("enter")
	h.mustSee("2 entries")
	h.key("/")
	h.typeText("apple")
	h.key("enter") // filter applied, field left
	h.mustSee("1 of 2 entries")
	h.mustSee("esc clear filter")
	h.send(tea.KeyPressMsg{Code: tea.KeyEscape, Mod: tea.ModAlt}) // two Escs in one read
	if h.m.screen != scrJournal || h.m.journal.filter.Value() != "" {
		t.Fatalf("esc with a filter: screen %d filter %q; want the journal, unfiltered", h.m.screen, h.m.journal.filter.Value())
	}
	h.mustSee("2 entries")
	if strings.Contains(h.screen(), "of 2 entries") {
		t.Fatalf("count still filtered:\n%s", h.screen())
	}
	h.key("esc")
	if h.m.screen != scrHome {
		t.Fatalf("second esc: screen %d, want home", h.m.screen)
	}
	// Full help lists paging.
	h.key("enter")
	if h.m.screen != scrJournal {
		t.Fatalf("journal not reopened: %d", h.m.screen)
	}
	h.key("?")
	for _, want := range []string{"pgup", "pgdn/space"} {
		h.mustSee(want)
	}
}

func TestAltEscIsBack(t *testing.T) {
	h := newHarness(t, "", nil)
	firstRunToEditor(t, h)
	h.typeText("kept")
	h.send(tea.KeyPressMsg{Code: tea.KeyEscape, Mod: tea.ModAlt})
	if h.m.screen != scrStep {
		t.Fatalf("alt+esc in the editor: screen %d, want step", h.m.screen)
	}
	if strings.Contains(h.m.edit.ed.Value(), "[") {
		t.Fatalf("alt+esc typed text: %q", h.m.edit.ed.Value())
	}
}

func TestSmallWordingFixes(t *testing.T) {
	h := newHarness(t, "", nil)
	h.key("enter")
	scr := h.screen()
	if !strings.Contains(scr, "tab next field") || strings.Contains(scr, "tab next •") {
		t.Fatalf("setup help should say tab next field:\n%s", scr)
	}
	h.key("enter", "enter", "enter", "enter", "enter")

	// ctrl+s on empty text: a neutral hint, not a success or a problem.
	h.key("ctrl+s")
	if h.m.screen != scrEditor {
		t.Fatalf("ctrl+s on empty text left the editor")
	}
	scr = h.screen()
	if !strings.Contains(scr, "Nothing to save yet") || strings.Contains(scr, "✓ Nothing") || strings.Contains(scr, "! Nothing") {
		t.Fatalf("empty ctrl+s notice:\n%s", scr)
	}
	if !h.m.noticeInfo {
		t.Fatal("empty ctrl+s notice not neutral")
	}

	// The placeholder does not repeat any hint.
	h.mustSee(editorPlaceholder[:20])
	for _, st := range h.book.Steps {
		for _, p := range st.Prompts {
			if p.Hint == "" {
				continue
			}
			if run, ok := sharedWords(editorPlaceholder, p.Hint, 3); ok {
				t.Errorf("placeholder repeats %q from the hint of %s/%s", run, st.ID, p.ID)
			}
		}
	}

	// At the end of the lesson the note drops "space reads on".
	h.key("esc")
	h.mustSee("space reads on")
	for range 500 {
		h.key("space")
	}
	scr = h.screen()
	if !strings.Contains(scr, ", the end)") || strings.Contains(scr, "space reads on") {
		t.Fatalf("lesson read to the end:\n%s", scr)
	}
}

// sharedWords finds a run of n words that a and b share, ignoring case and
// punctuation.
func sharedWords(a, b string, n int) (string, bool) {
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r == '\'' || r == '+')
		})
	}
	wa, wb := words(a), " "+strings.Join(words(b), " ")+" "
	for i := 0; i+n <= len(wa); i++ {
		run := strings.Join(wa[i:i+n], " ")
		if strings.Contains(wb, " "+run+" ") {
			return run, true
		}
	}
	return "", false
}
