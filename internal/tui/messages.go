package tui

import (
	"time"

	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// Typed messages: every store call runs in a tea.Cmd and reports back with
// one of these, so Update never waits on the disk.

// homeDataMsg carries step statuses and which prompts have answers, for
// home and step.
type homeDataMsg struct {
	progress map[string]store.Status
	answered map[workbook.PromptRef]bool
	drafts   []store.Draft
	err      error
}

// lessonKey identifies one rendering of a lesson: the rendering depends on
// the width and the background, so the cache is keyed by both.
type lessonKey struct {
	stepID string
	width  int
	isDark bool
}

// lessonRenderedMsg is a lesson rendered off the Update goroutine.
type lessonRenderedMsg struct {
	key  lessonKey
	text string
}

// draftLoadedMsg answers the draft lookup done when a prompt is opened.
type draftLoadedMsg struct {
	session int
	draft   store.Draft
	found   bool
	rescued bool // the draft came from a recovery file, not the database
	err     error
}

// draftSavedMsg reports one autosave (or flush) of the editor.
type draftSavedMsg struct {
	session      int
	version      uint64
	err          error
	recoveryPath string // where the text went when err != nil
}

// entrySavedMsg reports ctrl+s: the text became (or updated) a journal entry.
type entrySavedMsg struct {
	session      int
	entry        store.Entry
	err          error
	recoveryPath string
}

// autosaveTickMsg fires 500 ms after a change; it saves only if nothing was
// typed since (seq unchanged): the person paused.
type autosaveTickMsg struct {
	session int
	seq     int
}

// maxWaitTickMsg fires 1 s after the first unsaved change, so steady typing
// is still saved at least once a second.
type maxWaitTickMsg struct {
	session int
	epoch   int
}

// entriesLoadedMsg is one page of the journal list.
type entriesLoadedMsg struct {
	seq    int
	offset int
	items  []store.EntrySummary
	total  int // entries matching the filter
	all    int // entries in the journal
	err    error
}

// entryLoadedMsg is one whole entry for the reader.
type entryLoadedMsg struct {
	entry store.Entry
	err   error
}

// statusSetMsg reports a step marked done or not done.
type statusSetMsg struct {
	stepID string
	status store.Status
	err    error
}

// exportedMsg reports an export to a file.
type exportedMsg struct {
	path string
	// again is set when today's name was taken by an earlier export,
	// which is kept: the new file has a -2, -3… suffix.
	again bool
	err   error
}

// workbookCreatedMsg reports the end of the first-run setup.
type workbookCreatedMsg struct {
	wb  store.Workbook
	err error
}

// externalReadyMsg says the file for $EDITOR is written.
type externalReadyMsg struct {
	session int
	handoff recovery.Handoff
	err     error
}

// externalDoneMsg says $EDITOR exited: text is what it left in the file
// (unless readErr), exitErr why it failed, if it did.
type externalDoneMsg struct {
	session          int
	handoff          recovery.Handoff
	text             string
	exitErr, readErr error
}

// greetingDoneMsg hides the welcome-back line after a while.
type greetingDoneMsg struct{}

// errMsg is a store failure that is not tied to a screen's own message.
type errMsg struct {
	what string
	err  error
}

// repaintMsg asks for one full repaint a moment after the window changed
// size. Bubble Tea v2.0.10's renderer keeps its picture of the screen at
// the old width through the first frame after a resize, so what that frame
// draws beyond the old width is forgotten and the next screen can leave it
// behind (issue 12.10). A clear once the new size is in place makes the
// picture and the terminal agree again. It carries the resize it follows.
type repaintMsg int

// repaintDelay is long enough for the renderer (60 frames a second) to
// have drawn the first frame at the new size.
const repaintDelay = 100 * time.Millisecond
