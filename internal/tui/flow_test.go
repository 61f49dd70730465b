package tui

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/trustwork/trustwork/internal/store"
)

// These flows run the real Bubble Tea program (teatest) with real timers.

func startProgram(t *testing.T, dir string, st *store.Store) *flow {
	t.Helper()
	m, err := New(Config{Store: st, Book: loadBook(t), DataDir: dir, DBPath: filepath.Join(dir, "t.db"), Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	return newFlow(t, m)
}

// flow is a teatest program plus a view of what it shows now. teatest's
// output is the renderer's diff stream, in which text already on screen is
// not written again — and a fast machine skips intermediate frames — so
// searching the stream for a string is timing-dependent. Instead a message
// filter, which runs in the program's event loop, keeps the latest View.
type flow struct {
	*teatest.TestModel
	mu     sync.Mutex
	screen string
}

// pingMsg makes the filter take a fresh snapshot; the model ignores it.
type pingMsg struct{}

func newFlow(t *testing.T, m tea.Model) *flow {
	t.Helper()
	f := &flow{}
	snapshot := tea.WithFilter(func(m tea.Model, msg tea.Msg) tea.Msg {
		// The filter sees the model before msg: after a ping it shows
		// every earlier message's effect.
		s := ansi.Strip(m.View().Content)
		f.mu.Lock()
		f.screen = s
		f.mu.Unlock()
		return msg
	})
	f.TestModel = teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24), teatest.WithProgramOptions(snapshot))
	return f
}

// waitScreen waits until the screen shows want.
func waitScreen(t *testing.T, f *flow, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		f.Send(pingMsg{})
		time.Sleep(20 * time.Millisecond)
		f.mu.Lock()
		s := f.screen
		f.mu.Unlock()
		if strings.Contains(s, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q; it shows:\n%s", want, s)
		}
	}
}

func enter(tm *flow) { tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) }

func TestFlowFirstRunWriteSaveQuitResume(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()

	tm := startProgram(t, dir, st)
	waitScreen(t, tm, "not therapy")
	enter(tm)
	waitScreen(t, tm, "What to call them")
	enter(tm)
	enter(tm)
	enter(tm)
	waitScreen(t, tm, "continue here")
	enter(tm)
	waitScreen(t, tm, "Prompts")
	enter(tm)
	waitScreen(t, tm, "Writing")
	tm.Type("first answer")
	waitScreen(t, tm, "draft kept ✓") // the autosave timer ran
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	waitScreen(t, tm, "Saved to your journal")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitScreen(t, tm, "Prompts")
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	wb := mustWorkbook(t, st)
	n, err := st.CountEntries(bg(), wb.ID, "")
	if err != nil || n != 1 {
		t.Fatalf("entries after the flow: %d %v", n, err)
	}
	r, ok, err := st.Resume(bg(), wb.ID)
	if err != nil || !ok || r.Screen != "step" {
		t.Fatalf("resume after quit: %+v %v %v", r, ok, err)
	}

	// A second program on the same store reopens the step, and Enter goes
	// to the next unanswered prompt.
	tm2 := startProgram(t, dir, st)
	waitScreen(t, tm2, "Step 1 of")
	enter(tm2)
	waitScreen(t, tm2, "Writing")
	tm2.Type("second")
	tm2.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}) // quit flushes the draft
	fm := tm2.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	p := fm.book.Steps[0].Prompts[1]
	d, ok, err := st.Draft(bg(), wb.ID, fm.book.Steps[0].ID, p.ID, 0)
	if err != nil || !ok || d.Body != "second" {
		t.Fatalf("draft after ctrl+c: %+v %v %v", d, ok, err)
	}

	// The third start lands in the editor with that draft.
	tm3 := startProgram(t, dir, st)
	waitScreen(t, tm3, "second")
	tm3.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	fm3 := tm3.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if fm3.screen != scrEditor || fm3.edit.target.promptID != p.ID {
		t.Fatalf("third start on screen %d prompt %q", fm3.screen, fm3.edit.target.promptID)
	}
}

func mustWorkbook(t *testing.T, st *store.Store) store.Workbook {
	t.Helper()
	wbs, err := st.Workbooks(bg())
	if err != nil || len(wbs) != 1 {
		t.Fatalf("workbooks %v %v", wbs, err)
	}
	return wbs[0]
}

// TestFlowExternalEditor runs ctrl+e with a stand-in $EDITOR script that
// appends a line and records the file it was given, then checks the text
// came back and the private temp directory is gone.
func TestFlowExternalEditor(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	seen := filepath.Join(dir, "seen")
	script := filepath.Join(dir, "ed.sh")
	body := "#!/bin/sh\necho \"$1\" > " + seen + "\nstat -c %a \"$1\" \"$(dirname \"$1\")\" >> " + seen + "\nprintf ' and more' >> \"$1\"\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	m, err := New(Config{Store: st, Book: loadBook(t), DataDir: dir, DBPath: filepath.Join(dir, "t.db"), Now: time.Now, Editor: script})
	if err != nil {
		t.Fatal(err)
	}
	tm := newFlow(t, m)
	waitScreen(t, tm, "not therapy")
	for range 6 {
		enter(tm)
	}
	waitScreen(t, tm, "Writing")
	tm.Type("start")
	tm.Send(tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl})
	waitScreen(t, tm, "start and more")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	fm.flushOnExit() // as Run does once the program has ended
	if got := fm.edit.ed.Value(); got != "start and more" {
		t.Fatalf("editor holds %q", got)
	}
	b, err := os.ReadFile(seen)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(string(b))
	if len(lines) != 3 || lines[1] != "600" || lines[2] != "700" {
		t.Fatalf("temp file path and modes: %q", b)
	}
	if _, err := os.Stat(filepath.Dir(lines[0])); !os.IsNotExist(err) {
		t.Fatalf("temp dir still there: %v", err)
	}
}
