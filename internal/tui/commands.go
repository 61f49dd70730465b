package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/export"
	"github.com/trustwork/trustwork/internal/lesson"
	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// storeTimeout bounds every store call made from a Cmd, so a stuck disk
// shows up as an error message instead of a frozen screen.
const storeTimeout = 10 * time.Second

func ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), storeTimeout)
}

// draftWriter serialises draft writes. Saves run in Cmds on other
// goroutines, so without it an older autosave could land after a newer
// flush, or after ctrl+s had turned the draft into an entry, and bring the
// draft back. Each editor session has its own version counter.
type draftWriter struct {
	mu      sync.Mutex
	written map[int]uint64
	cursor  map[int]int // the cursor written with that version
	closed  map[int]bool
}

func newDraftWriter() *draftWriter {
	return &draftWriter{written: map[int]uint64{}, cursor: map[int]int{}, closed: map[int]bool{}}
}

// save writes d as version of session unless a newer version (or this
// version with this cursor) was already written or the session was
// committed. skipped reports which. The same version is written again
// when only the cursor moved, so a resume puts the cursor back where the
// person left it even if they typed nothing.
func (w *draftWriter) save(st *store.Store, session int, version uint64, d store.Draft) (skipped bool, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if last := w.written[session]; w.closed[session] || (last != 0 && (last > version || (last == version && w.cursor[session] == d.Cursor))) {
		return true, nil
	}
	c, cancel := ctx()
	defer cancel()
	if strings.TrimSpace(d.Body) == "" {
		err = st.DeleteDraft(c, d.WorkbookID, d.StepID, d.PromptID, d.EntryID)
	} else {
		err = st.SaveDraft(c, d)
	}
	if err == nil {
		w.written[session], w.cursor[session] = version, d.Cursor
	}
	return false, err
}

// commit turns the session's text into an entry and closes the session so
// no later autosave resurrects the draft.
func (w *draftWriter) commit(st *store.Store, session int, d store.Draft) (store.Entry, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	c, cancel := ctx()
	defer cancel()
	var e store.Entry
	var err error
	if d.EntryID != 0 {
		e, err = st.UpdateEntry(c, d.WorkbookID, d.EntryID, d.Body)
	} else {
		e, err = st.AddEntry(c, store.Entry{
			WorkbookID: d.WorkbookID, StepID: d.StepID, PromptID: d.PromptID,
			PromptText: d.PromptText, Body: d.Body,
		})
	}
	if err == nil {
		w.closed[session] = true
	}
	return e, err
}

// commitWith runs save, a tool's ctrl+s (which stores the text and
// deletes the draft), and closes the session like commit.
func (w *draftWriter) commitWith(session int, save func() (int64, error)) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	id, err := save()
	if err == nil {
		w.closed[session] = true
	}
	return id, err
}

// saveDraftCmd autosaves; on failure the text goes to a recovery file.
func saveDraftCmd(st *store.Store, w *draftWriter, dataDir string, session int, version uint64, d store.Draft) tea.Cmd {
	return func() tea.Msg {
		_, err := w.save(st, session, version, d)
		msg := draftSavedMsg{session: session, version: version, err: err}
		if err != nil {
			msg.recoveryPath, _ = writeRecovery(st, dataDir, d)
		}
		return msg
	}
}

func commitCmd(st *store.Store, w *draftWriter, dataDir string, session int, d store.Draft) tea.Cmd {
	return func() tea.Msg {
		e, err := w.commit(st, session, d)
		msg := entrySavedMsg{session: session, entry: e, err: err}
		if err != nil {
			msg.recoveryPath, _ = writeRecovery(st, dataDir, d)
		}
		return msg
	}
}

// loadDraftCmd reads the draft of one prompt or entry. A recovery file for
// it wins over the database: it exists only because a later save failed
// (a successful save removes it), so it holds the newer words.
func loadDraftCmd(st *store.Store, dataDir string, session int, wb int64, stepID, promptID string, entryID int64) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		d, ok, err := st.Draft(c, wb, stepID, promptID, entryID)
		r, rescued := rescuedDraft(st, dataDir, wb, stepID, promptID, entryID)
		if rescued {
			d, ok = r, true
		}
		return draftLoadedMsg{session: session, draft: d, found: ok, rescued: rescued, err: err}
	}
}

// resumeWriter keeps resume saves in order: each carries a sequence number
// and an older one never overwrites a newer one.
type resumeWriter struct {
	mu   sync.Mutex
	last int
	seq  int
}

func (w *resumeWriter) next() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seq++
	return w.seq
}

func saveResumeCmd(st *store.Store, w *resumeWriter, wb int64, r store.Resume) tea.Cmd {
	seq := w.next()
	return func() tea.Msg {
		w.mu.Lock()
		defer w.mu.Unlock()
		if seq <= w.last {
			return nil
		}
		c, cancel := ctx()
		defer cancel()
		if err := st.SaveResume(c, wb, r); err != nil {
			return errMsg{what: "remember where you are", err: err}
		}
		w.last = seq
		return nil
	}
}

// loadHomeDataCmd reads what home and a step show of the work: step
// statuses, which of prompts have answers, and drafts.
func loadHomeDataCmd(st *store.Store, wb int64, prompts []workbook.PromptRef) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		p, err := st.Progress(c, wb)
		if err != nil {
			return homeDataMsg{err: err}
		}
		answered, err := st.Answered(c, wb, prompts)
		if err != nil {
			return homeDataMsg{err: err}
		}
		drafts, err := st.Drafts(c, wb)
		return homeDataMsg{progress: p, answered: answered, drafts: drafts, err: err}
	}
}

func setStatusCmd(st *store.Store, wb int64, stepID string, s store.Status) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		return statusSetMsg{stepID: stepID, status: s, err: st.SetStatus(c, wb, stepID, s)}
	}
}

// undoDoneCmd takes a step back from done to what its work says it is:
// in progress if any prompt has an answer or a draft, else not started.
// It asks the store rather than the screen's counts, which may lag.
func undoDoneCmd(st *store.Store, wb int64, stepID string) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		next, err := workStatus(c, st, wb, stepID)
		if err == nil {
			err = st.SetStatus(c, wb, stepID, next)
		}
		return statusSetMsg{stepID: stepID, status: next, err: err}
	}
}

func workStatus(c context.Context, st *store.Store, wb int64, stepID string) (store.Status, error) {
	counts, err := st.PromptCounts(c, wb)
	if err != nil {
		return "", err
	}
	for _, pc := range counts {
		if pc.StepID == stepID && pc.Count > 0 {
			return store.InProgress, nil
		}
	}
	drafts, err := st.Drafts(c, wb)
	if err != nil {
		return "", err
	}
	for _, d := range drafts {
		if d.StepID == stepID && strings.TrimSpace(d.Body) != "" {
			return store.InProgress, nil
		}
	}
	return store.NotStarted, nil
}

func loadEntriesCmd(st *store.Store, wb int64, seq int, filter store.EntryFilter, limit, offset int) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		total, err := st.CountFound(c, wb, filter)
		if err != nil {
			return entriesLoadedMsg{seq: seq, err: err}
		}
		all := total
		if filter != (store.EntryFilter{}) {
			if all, err = st.CountEntries(c, wb, ""); err != nil {
				return entriesLoadedMsg{seq: seq, err: err}
			}
		}
		items, err := st.FindEntries(c, wb, filter, limit, offset)
		return entriesLoadedMsg{seq: seq, offset: offset, items: items, total: total, all: all, err: err}
	}
}

func loadEntryCmd(st *store.Store, wb, id int64) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		e, err := st.Entry(c, wb, id)
		return entryLoadedMsg{entry: e, err: err}
	}
}

func createWorkbookCmd(st *store.Store, w store.Workbook) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		wb, err := st.CreateWorkbook(c, w)
		if err != nil {
			wb = w // what was asked for, so the refusal can name it
		}
		return workbookCreatedMsg{wb: wb, err: err}
	}
}

// renderLessonCmd renders a lesson off the Update goroutine, at most
// lesson.Measure columns wide whatever key.width allows.
func renderLessonCmd(key lessonKey, body string) tea.Cmd {
	return func() tea.Msg {
		return lessonRenderedMsg{key: key, text: lesson.Render(body, key.width, key.isDark)}
	}
}

// exportCmd writes the journal to a new file in the home directory, adding
// -2, -3… to the name rather than ever overwriting a file.
func exportCmd(st *store.Store, book *workbook.Workbook, wb store.Workbook, now time.Time) tea.Cmd {
	return func() tea.Msg {
		home, err := os.UserHomeDir()
		if err != nil {
			return exportedMsg{err: fmt.Errorf("finding your home directory: %w", err)}
		}
		base := export.DefaultFileName(now)
		ext := filepath.Ext(base)
		stem := strings.TrimSuffix(base, ext)
		c, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for n := 1; n < 1000; n++ {
			name := base
			if n > 1 {
				name = fmt.Sprintf("%s-%d%s", stem, n, ext)
			}
			path := filepath.Join(home, name)
			if _, err := os.Lstat(path); err == nil {
				continue
			}
			err := export.ToFile(path, false, func(w io.Writer) error {
				return export.Markdown(c, w, st, book, wb, export.Options{Now: now, Location: time.Local})
			})
			if errors.Is(err, fs.ErrExist) {
				continue // someone made it between the check and the write
			}
			return exportedMsg{path: path, again: n > 1, err: err}
		}
		return exportedMsg{err: errors.New("too many exports with today's date in your home directory; move some away and try again")}
	}
}

// writeTempCmd hands the editor's text to $EDITOR through a private file
// in the data folder (see recovery.StartHandoff), which stays until the
// text is back and durable, so a closed terminal cannot lose it.
func writeTempCmd(dataDir string, session int, d store.Draft) tea.Cmd {
	return func() tea.Msg {
		h, err := recovery.StartHandoff(dataDir, recoveryRecord(d))
		return externalReadyMsg{session: session, handoff: h, err: err}
	}
}

// removeHandoffCmd deletes a handoff whose text is safely stored.
func removeHandoffCmd(h recovery.Handoff) tea.Cmd {
	return func() tea.Msg {
		h.Remove()
		return nil
	}
}

// verifiedMsg carries the verdict of the store's integrity check.
type verifiedMsg struct{ err error }

// verifyCmd starts the store's integrity check of a large file and waits,
// off the update loop, for its verdict. Init sends it after verifyAfter,
// so the first frame never waits for it.
func verifyCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg { return verifiedMsg{err: st.Verify()} }
}
