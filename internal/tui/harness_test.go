package tui

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// harness drives the root model the way a Program would, but on the test
// goroutine: every Cmd runs to completion and its message is fed back, so
// the test sees the state after the store has answered. Timers do not run;
// they are recorded in ticks for the test to deliver when it wants.
type harness struct {
	t     *testing.T
	m     *Model
	root  tea.Model // when set (a locked journal's gate), it gets the messages
	st    *store.Store
	dir   string
	book  *workbook.Workbook
	ticks []tea.Msg
	quit  bool
	now   time.Time
	execs int
}

func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "t.db"), store.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	return st
}

func loadBook(t *testing.T) *workbook.Workbook {
	t.Helper()
	b, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatalf("load content: %v", err)
	}
	return b
}

// newHarness starts the TUI on a store in dir (a new temp dir if empty).
func newHarness(t *testing.T, dir string, st *store.Store, now ...time.Time) *harness {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	if st == nil {
		st = openStore(t, dir)
		t.Cleanup(func() { st.Close() })
	}
	h := &harness{t: t, st: st, dir: dir, book: loadBook(t), now: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}
	if len(now) > 0 {
		h.now = now[0]
	}
	tm, err := New(Config{Store: st, Book: h.book, DataDir: dir, DBPath: filepath.Join(dir, "t.db"),
		Now: func() time.Time { return h.now }, Editor: "true"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.m = tm.(*Model)
	h.m.after = func(_ time.Duration, msg tea.Msg) tea.Cmd {
		if _, ok := msg.(fileCheckMsg); ok {
			return nil // the periodic file check; tests send it themselves
		}
		if _, ok := msg.(repaintMsg); ok {
			return nil // the repaint after a resize only matters to a real terminal (e2e)
		}
		h.ticks = append(h.ticks, msg)
		return nil
	}
	h.run(h.m.Init())
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return h
}

// send delivers one message and runs what follows from it.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	var cmd tea.Cmd
	if h.root != nil {
		_, cmd = h.root.Update(msg)
	} else {
		_, cmd = h.m.Update(msg)
	}
	h.run(cmd)
}

// run executes cmd and feeds its messages back, depth first, like
// tea.Sequence; batches run in order, which a Program may not do, but every
// ordering the model relies on is expressed with Sequence.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
		return
	case tea.QuitMsg:
		h.quit = true
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		for i := 0; i < v.Len(); i++ {
			h.run(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	if strings.Contains(reflect.TypeOf(msg).String(), "exec") {
		h.execs++
		return
	}
	h.send(msg)
}

// key presses a key by its name ("enter", "ctrl+s", "esc", "a").
func (h *harness) key(names ...string) {
	h.t.Helper()
	for _, n := range names {
		h.send(keyPress(n))
	}
}

func keyPress(n string) tea.KeyPressMsg {
	switch n {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	if strings.HasPrefix(n, "ctrl+") {
		return tea.KeyPressMsg{Code: rune(n[len("ctrl+")]), Mod: tea.ModCtrl}
	}
	r := []rune(n)
	return tea.KeyPressMsg{Code: r[0], Text: n}
}

// typeText types s one key at a time.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		if r == ' ' {
			h.send(keyPress("space"))
			continue
		}
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// fire delivers the recorded timers, as if the time had passed.
func (h *harness) fire() {
	h.t.Helper()
	ticks := h.ticks
	h.ticks = nil
	for _, m := range ticks {
		h.send(m)
	}
}

// screen is the plain text on screen.
func (h *harness) screen() string {
	if h.root != nil {
		return ansi.Strip(h.root.View().Content)
	}
	return ansi.Strip(h.m.View().Content)
}

func (h *harness) mustSee(want string) {
	h.t.Helper()
	if s := h.screen(); !strings.Contains(s, want) {
		h.t.Fatalf("screen does not show %q; it shows:\n%s", want, s)
	}
}

func (h *harness) workbook() store.Workbook {
	h.t.Helper()
	wbs, err := h.st.Workbooks(bg())
	if err != nil || len(wbs) == 0 {
		h.t.Fatalf("workbooks: %v %v", wbs, err)
	}
	return wbs[0]
}
