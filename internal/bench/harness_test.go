package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/tui"
	"github.com/trustwork/trustwork/internal/workbook"
)

// dataDir holds S.db, M.db and L.db for this process.
var dataDir string

func TestMain(m *testing.M) {
	dataDir = os.Getenv(DataEnv)
	cleanup := func() {}
	if dataDir == "" {
		d, err := os.MkdirTemp("", "trustwork-bench-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		dataDir, cleanup = d, func() { os.RemoveAll(d) }
	}
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// dbCopy returns a private copy of the journal of the given size, in a
// directory on the same disk as the original, removed after the test.
func dbCopy(tb testing.TB, size string) string {
	tb.Helper()
	src, err := GenerateFile(context.Background(), dataDir, size)
	if err != nil {
		tb.Fatal(err)
	}
	dir, err := os.MkdirTemp(dataDir, "copy-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	dst := filepath.Join(dir, "journal.db")
	if err := CopyDB(src, dst); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// session is the root model driven the way a Program drives it, on the
// benchmark's goroutine: every Cmd runs and its message is fed back.
type session struct {
	tb   testing.TB
	m    tea.Model
	st   *store.Store
	book *workbook.Workbook
	wb   store.Workbook
}

// prepare lets a benchmark shape the database (resume point, a draft)
// before the TUI starts.
type prepare func(ctx context.Context, st *store.Store, wb store.Workbook, book *workbook.Workbook) error

// newSession opens a copy of the journal of the given size, runs prep,
// starts the TUI at 80×24 and waits for everything it asked for.
func newSession(tb testing.TB, size string, prep prepare) *session {
	tb.Helper()
	path := dbCopy(tb, size)
	st, err := store.Open(path, store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	book := content.Book()
	ctx := context.Background()
	wbs, err := st.Workbooks(ctx)
	if err != nil || len(wbs) == 0 {
		tb.Fatalf("no workbook in %s: %v", size, err)
	}
	if prep != nil {
		if err := prep(ctx, st, wbs[0], book); err != nil {
			tb.Fatal(err)
		}
	}
	m, err := tui.New(tui.Config{Store: st, Book: book, DataDir: filepath.Dir(path), DBPath: path,
		Now: time.Now, Editor: "true"})
	if err != nil {
		tb.Fatal(err)
	}
	s := &session{tb: tb, m: m, st: st, book: book, wb: wbs[0]}
	s.run(m.Init())
	s.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return s
}

// send delivers one message and runs what follows from it.
func (s *session) send(msg tea.Msg) {
	var cmd tea.Cmd
	s.m, cmd = s.m.Update(msg)
	s.run(cmd)
}

// key presses keys by name ("enter", "up", "esc").
func (s *session) key(names ...string) {
	for _, n := range names {
		s.send(keyMsg(n))
	}
}

func keyMsg(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// cmdWait bounds one Cmd: timers (autosave pauses, the welcome-back
// greeting) sleep, and a benchmark must not; their messages are dropped.
const cmdWait = 2 * time.Second

// run executes cmd and feeds its messages back, depth first.
func (s *session) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(cmdWait):
		return
	}
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			s.run(c)
		}
		return
	case tea.QuitMsg:
		return
	}
	// tea.Sequence's message is an unexported slice of Cmds.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		for i := range v.Len() {
			s.run(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	if strings.Contains(reflect.TypeOf(msg).String(), "exec") {
		return
	}
	s.send(msg)
}

// view returns the screen as plain text.
func (s *session) view() string { return ansi.Strip(s.m.View().Content) }

// expect fails unless the screen shows want: a benchmark of the wrong
// screen would measure nothing useful.
func (s *session) expect(want string) {
	s.tb.Helper()
	if v := s.view(); !strings.Contains(v, want) {
		s.tb.Fatalf("screen does not show %q:\n%s", want, v)
	}
}

// resumeAt makes the TUI start on a screen.
func resumeAt(r store.Resume) prepare {
	return func(ctx context.Context, st *store.Store, wb store.Workbook, _ *workbook.Workbook) error {
		return st.SaveResume(ctx, wb.ID, r)
	}
}

// homeOnFirstStep starts at home with the cursor on the first step (the
// step to continue), so three "up" presses reach the Journal tool.
func homeOnFirstStep(ctx context.Context, st *store.Store, wb store.Workbook, book *workbook.Workbook) error {
	first := book.Steps[0].ID
	if err := st.SetStatus(ctx, wb.ID, first, store.InProgress); err != nil {
		return err
	}
	return st.SaveResume(ctx, wb.ID, store.Resume{Screen: "home", StepID: first})
}

// text returns about n bytes of journal prose for drafts.
func text(n int) string {
	const para = "Today I listened without defending myself, and it was hard. " +
		"I want to keep my word this week, even the small promises. " +
		"Sam asked why I hid it for so long and I answered honestly.\n"
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(para)
	}
	return b.String()[:n]
}
