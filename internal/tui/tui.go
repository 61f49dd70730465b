// Package tui is trustwork's terminal interface: a root model that owns
// navigation, size, theme, help and privacy, and one file per screen. Every
// store call runs in a tea.Cmd and comes back as a typed message, so Update
// never waits on the disk and View never renders markdown.
package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// Config is what the program hands the TUI.
type Config struct {
	// Store is the open database; the TUI never closes it.
	Store *store.Store
	// Book is the loaded lesson content.
	Book *workbook.Workbook
	// DataDir is where recovery files go when the database cannot be written.
	DataDir string
	// DBPath is shown on the first-run screen so the person knows where
	// their words live.
	DBPath string
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Editor is $VISUAL or $EDITOR, used by ctrl+e in the editor; empty
	// falls back to a friendly editor when one is installed (never vi).
	Editor string
	// Reopen, when set, opens the database for writing. It is given with
	// a locked Store opened read-only, so that a wrong passphrase writes
	// nothing, not even the writer lock; see unlock.go.
	Reopen func() (*store.Store, error)
}

// Minimum usable size; below it the screen asks for a larger window.
const (
	minWidth  = 60
	minHeight = 20
)

// Idle time after which a start greets the person with where they were.
const welcomeBackAfter = 8 * time.Hour

// greetingFor is how long the welcome-back line stays without a key.
const greetingFor = 20 * time.Second

// verifyAfter is when the integrity check of the data file starts: after
// the first frame, so reading the whole file does not delay it. Nobody
// types a word that soon, and every write waits for the verdict anyway.
const verifyAfter = 200 * time.Millisecond

// verifyNowMsg starts the integrity check (see verifyAfter).
type verifyNowMsg struct{}

type screenID int

const (
	scrWelcome screenID = iota
	scrSetup
	scrHome
	scrStep
	scrEditor
	scrJournal
	scrReader
	scrWorkbooks
	scrSettings
	// scrTool is the pushed screen on top of the stack (see nav.go).
	scrTool
)

// resumeNames are the screens as the store records them.
var resumeNames = map[screenID]string{
	scrHome: "home", scrStep: "step", scrEditor: "editor", scrJournal: "journal", scrReader: "entry",
}

// Model is the root model. It is a pointer so screens can navigate through
// it synchronously: a second Enter typed quickly lands on the new screen.
type Model struct {
	cfg    Config
	st     *store.Store
	book   *workbook.Workbook
	now    func() time.Time
	wb     store.Workbook
	hasWB  bool
	editor string // resolved external editor command, "" when none
	gated  bool   // run by a gate (unlock.go), which can lock it when idle

	styles Styles
	keys   keyMap
	help   help.Model

	width, height int
	// resizes counts window-size changes, so only the last of a burst
	// asks for the full repaint (see repaintMsg).
	resizes int
	screen  screenID

	first   *firstRunScreen
	home    *homeScreen
	step    *stepScreen
	edit    *editorScreen
	journal *journalScreen
	reader  *readerScreen
	// books lists the workbooks; settings changes one (workbooks.go,
	// settings.go).
	books    *workbooksScreen
	settings *settingsScreen
	// stack holds the pushed screens: the toolkit and its tools (nav.go);
	// below is the core screen under them, which "back" returns to.
	stack []pushed
	below screenID
	// toolNotes are home's lines from the tools (overdue promises, ...).
	toolNotes []string
	// hold is a tool's hold on exercises that contact the other person
	// (space being given), read with the notes.
	hold contactHold

	progress map[string]store.Status
	// answered marks prompts with at least one saved answer.
	answered map[workbook.PromptRef]bool
	// drafted marks prompts with a saved draft of a new answer, so the
	// step screen can show there is unfinished writing behind them.
	drafted map[workbook.PromptRef]bool
	lessons map[lessonKey]string

	// released are $EDITOR files whose text is durable, removed by a Cmd
	// and, in case the program ended first, by flushOnExit.
	released []recovery.Handoff

	drafts  *draftWriter
	resumes *resumeWriter
	session int // editor sessions opened so far

	// after schedules a message; tests replace it to control time.
	after func(time.Duration, tea.Msg) tea.Cmd

	private  bool
	notice   string
	noticeOK bool // calm confirmation rather than a problem
	// noticeInfo marks a neutral hint: neither a success (no ✓) nor a
	// problem (not in the warning colour).
	noticeInfo bool
	greeting   string
	startup    []tea.Cmd
	quitting   bool
	// helpSig and helpOut cache the laid-out help bar (see helpView).
	helpSig, helpOut string
	// fatal is why the app had to stop (the data file failed its
	// integrity check) or what it could not save on the way out. Err
	// reports it to main, which prints it and exits non-zero.
	fatal error
	// lost is what the editor could not put in the database on the way
	// out, and where the words are instead (see writing.exitError). It is
	// kept apart from fatal so neither hides the other.
	lost error
	// signal is the signal that stopped the app, if one did.
	signal os.Signal
	// quitAnyway is set when the person was just warned that quitting
	// now loses words no save could keep; any other key clears it.
	quitAnyway bool
}

// New builds the TUI. It runs a few small queries (workbooks, resume point,
// progress, a draft to reopen) and restores recovery files, but never
// renders content or waits on the terminal.
func New(cfg Config) (tea.Model, error) {
	if cfg.Store == nil || cfg.Book == nil || len(cfg.Book.Steps) == 0 {
		return nil, errors.New("tui: a store and a workbook with steps are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Store.HasPassphrase() {
		return newGate(cfg), nil // see unlock.go
	}
	return newModel(cfg)
}

// newModel builds the workbook on a store that can be read.
func newModel(cfg Config) (*Model, error) {
	m := &Model{
		cfg: cfg, st: cfg.Store, book: cfg.Book, now: cfg.Now,
		styles:   NewStyles(true),
		keys:     newKeyMap(),
		help:     help.New(),
		width:    80,
		height:   24,
		progress: map[string]store.Status{},
		answered: map[workbook.PromptRef]bool{},
		drafted:  map[workbook.PromptRef]bool{},
		lessons:  map[lessonKey]string{},
		drafts:   newDraftWriter(),
		resumes:  &resumeWriter{},
		after: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		},
	}
	m.help.Styles = m.styles.Help
	m.editor = resolveEditor(cfg.Editor)
	m.home = newHomeScreen(m)
	m.step = newStepScreen(m)
	m.edit = newEditorScreen(m)
	m.journal = newJournalScreen(m)
	m.reader = newReaderScreen(m)
	m.first = newFirstRunScreen(m)
	m.books = newWorkbooksScreen(m)
	m.settings = newSettingsScreen(m)

	c, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	wb, ok, err := m.st.LastUsedWorkbook(c)
	if err != nil {
		return nil, fmt.Errorf("reading your workbook: %w", err)
	}
	if !ok {
		m.screen = scrWelcome
		return m, nil
	}
	m.wb, m.hasWB = wb, true
	if err := m.loadProgress(c); err != nil {
		return nil, err
	}
	m.restoreRecovery(c)
	r, ok, err := m.st.Resume(c, m.wb.ID)
	if err != nil {
		return nil, fmt.Errorf("reading where you left off: %w", err)
	}
	m.screen = scrHome
	m.home.preselect()
	if ok {
		m.reopen(c, r)
		if m.now().Sub(r.UpdatedAt) > welcomeBackAfter {
			m.greeting = m.welcomeBack(r)
		}
	}
	return m, nil
}

// friendlyEditors are tried, in order, for ctrl+e when neither $VISUAL
// nor $EDITOR is set: editors that show their keys on screen. vi is
// deliberately not among them: dropped into it unwarned, many people
// cannot get out, and their words would seem stuck there.
var friendlyEditors = []string{"nano", "micro", "pico", "ne"}

// resolveEditor picks the command for ctrl+e: $VISUAL or $EDITOR (env),
// else the first friendly editor installed, else none (ctrl+e then says
// how to set one).
func resolveEditor(env string) string {
	if strings.TrimSpace(env) != "" {
		return env
	}
	for _, e := range friendlyEditors {
		if _, err := exec.LookPath(e); err == nil {
			return e
		}
	}
	return ""
}

func (m *Model) loadProgress(c context.Context) error {
	p, err := m.st.Progress(c, m.wb.ID)
	if err != nil {
		return fmt.Errorf("reading your progress: %w", err)
	}
	answered, err := m.st.Answered(c, m.wb.ID, m.book.PromptRefs())
	if err != nil {
		return fmt.Errorf("reading your progress: %w", err)
	}
	drafts, err := m.st.Drafts(c, m.wb.ID)
	if err != nil {
		return fmt.Errorf("reading your drafts: %w", err)
	}
	m.setProgress(p, answered, drafts)
	return nil
}

func (m *Model) setProgress(p map[string]store.Status, answered map[workbook.PromptRef]bool, drafts []store.Draft) {
	m.drafted = map[workbook.PromptRef]bool{}
	for _, d := range drafts {
		if d.EntryID == 0 && strings.TrimSpace(d.Body) != "" {
			m.drafted[workbook.PromptRef{StepID: d.StepID, PromptID: d.PromptID}] = true
		}
	}
	if p == nil {
		p = map[string]store.Status{}
	}
	m.progress = p
	if answered == nil {
		answered = map[workbook.PromptRef]bool{} // the editor marks a new answer in it
	}
	m.answered = answered
}

// restoreRecovery moves text left in recovery files by a failed save back
// into drafts, unless a newer draft exists, then removes the files.
func (m *Model) restoreRecovery(c context.Context) {
	recs, err := listRecovery(m.st, m.cfg.DataDir, m.wb.ID)
	if err != nil {
		m.setNotice(fmt.Sprintf("Couldn't read recovery files in %s: %v", m.cfg.DataDir, err), false)
	}
	newest, superseded := newestRecovery(recs)
	var names []string
	for _, r := range newest {
		d := r.draft
		cur, ok, err := m.st.Draft(c, d.WorkbookID, d.StepID, d.PromptID, d.EntryID)
		if err != nil {
			continue // keep the files; the next start tries again
		}
		if inJournal(c, m.st, d) {
			// A retried save got these words into the journal after all;
			// only clearing the file was cut short (a signal, a crash).
			removeRecovery(r.path)
			for _, old := range superseded {
				if old.draft.StepID == d.StepID && old.draft.PromptID == d.PromptID && old.draft.EntryID == d.EntryID {
					removeRecovery(old.path)
				}
			}
			continue
		}
		// SaveDraft stamps the draft with the time of saving, so each
		// prompt is restored once, from its newest record, and the older
		// records go only after that has succeeded.
		restored := !ok || cur.UpdatedAt.Before(d.UpdatedAt)
		if restored {
			if err := m.st.SaveDraft(c, d); err != nil {
				continue
			}
		} else {
			d = cur // the draft is newer: nothing comes back from the file
		}
		if d.EntryID == 0 && strings.TrimSpace(d.Body) != "" {
			m.drafted[workbook.PromptRef{StepID: d.StepID, PromptID: d.PromptID}] = true
		}
		if removeRecovery(r.path) == nil && restored {
			names = append(names, m.stepTitle(d.StepID))
		}
		for _, old := range superseded {
			o := old.draft
			if o.StepID == d.StepID && o.PromptID == d.PromptID && o.EntryID == d.EntryID {
				removeRecovery(old.path)
			}
		}
	}
	names = append(names, m.restoreHandoffs(c)...)
	if len(names) > 0 {
		m.setNotice("Recovered unsaved text for "+strings.Join(uniq(names), ", ")+". It is back in your drafts.", true)
	}
}

// restoreHandoffs brings text left in $EDITOR files by a run that ended
// while the editor was open (a closed terminal, a kill) back into the
// drafts, then removes the files. It returns the titles of the steps it
// restored. A file whose text cannot be stored stays for the next start.
func (m *Model) restoreHandoffs(c context.Context) []string {
	orphans, err := recovery.Orphans(m.cfg.DataDir)
	if err != nil || len(orphans) == 0 {
		return nil
	}
	var names []string
	for _, h := range orphans {
		if !h.Record.BelongsTo(m.wb.ID) {
			continue // another workbook's: it comes back when that one opens
		}
		d := recordDraft(m.wb.ID, h.Record)
		cur, ok, err := m.st.Draft(c, d.WorkbookID, d.StepID, d.PromptID, d.EntryID)
		if err != nil {
			continue
		}
		// The editor's file started as the draft, and nothing autosaves
		// while the editor has the screen: it holds the newest text,
		// unless the draft was saved after the editor last wrote it (its
		// text was taken back, then more was written, and the file
		// outlived that; a failed removal, say).
		d.PromptText = m.handoffPrompt(c, cur, ok, d)
		newer := ok && !cur.UpdatedAt.Before(h.Record.SavedAt)
		changed := !newer && (!ok || cur.Body != d.Body)
		if changed {
			d.Cursor = len(d.Body)
			if err := m.st.SaveDraft(c, d); err != nil {
				continue
			}
		}
		if newer {
			d.Body = cur.Body
		}
		if d.EntryID == 0 && strings.TrimSpace(d.Body) != "" {
			m.drafted[workbook.PromptRef{StepID: d.StepID, PromptID: d.PromptID}] = true
		}
		if h.Remove() == nil && changed {
			names = append(names, m.stepTitle(d.StepID))
		}
	}
	return names
}

// handoffPrompt is the prompt text for an orphaned editor file's draft,
// which its note does not hold (see recovery.StartHandoff): the draft's
// own, else the entry's, else the workbook's.
func (m *Model) handoffPrompt(c context.Context, cur store.Draft, ok bool, d store.Draft) string {
	if d.PromptText != "" {
		return d.PromptText // a note written before notes left it out
	}
	if ok && cur.PromptText != "" {
		return cur.PromptText
	}
	if d.EntryID != 0 {
		if e, err := m.st.Entry(c, m.wb.ID, d.EntryID); err == nil {
			return e.PromptText
		}
	}
	if st, found := m.book.Step(d.StepID); found {
		if p, found := st.Prompt(d.PromptID); found {
			return p.Text
		}
	}
	return ""
}

func uniq(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// reopen restores the recorded screen. Anything that no longer exists (a
// step removed from the content, a deleted entry) falls back to home.
func (m *Model) reopen(c context.Context, r store.Resume) {
	if m.reopenTool(c, r) {
		return
	}
	st, ok := m.book.Step(r.StepID)
	switch r.Screen {
	case "step":
		if ok {
			m.step.open(st)
			m.step.scroll = r.Scroll
			m.step.selectPrompt(r.PromptID)
			m.screen = scrStep
		}
	case "editor":
		if !ok {
			return
		}
		p, pok := st.Prompt(r.PromptID)
		if !pok && r.EntryID == 0 {
			return
		}
		m.step.open(st)
		m.step.selectPrompt(r.PromptID)
		d, found, err := m.st.Draft(c, m.wb.ID, r.StepID, r.PromptID, r.EntryID)
		if err != nil {
			return
		}
		ret := scrStep
		promptText := p.Text
		var body string
		if r.EntryID != 0 {
			e, err := m.st.Entry(c, m.wb.ID, r.EntryID)
			if err != nil {
				return
			}
			promptText, body, ret = e.PromptText, e.Body, scrReader
			m.reader.entry, m.reader.loaded = e, true
		}
		m.edit.start(editorTarget{stepID: r.StepID, promptID: r.PromptID, entryID: r.EntryID,
			promptText: promptText, hint: p.Hint, body: body, returnTo: ret})
		m.resumeDraft(r, d, found)
	case "journal":
		m.screen = scrJournal
		m.journal.restore(r)
		m.startup = append(m.startup, m.journal.reload())
	case "entry":
		if r.EntryID != 0 {
			m.screen = scrReader
			m.startup = append(m.startup, m.reader.open(r.EntryID))
		}
	}
}

// resumeDraft fills the editor, just started on r's place, with its draft
// d and shows it. restoreRecovery may not have stored a recovery file's
// text (the disk still failing): that newer text is shown instead, as
// opening the editor does, and counted unsaved so it is saved, never
// saved over.
func (m *Model) resumeDraft(r store.Resume, d store.Draft, found bool) {
	rd, rescued := rescuedDraft(m.st, m.cfg.DataDir, m.wb.ID, r.StepID, r.PromptID, r.EntryID)
	if rescued {
		d, found = rd, true
	}
	m.edit.applyDraft(d, found)
	if rescued {
		m.edit.saved = 0 // Init schedules its save
	}
	m.screen = scrEditor
}

func (m *Model) welcomeBack(r store.Resume) string {
	ago := humanAgo(m.now().Sub(r.UpdatedAt))
	title := m.stepTitle(r.StepID)
	switch r.Screen {
	case "editor":
		return fmt.Sprintf("Welcome back. You were writing in %s, %s.", title, ago)
	case "step":
		return fmt.Sprintf("Welcome back. You were reading %s, %s.", title, ago)
	case "journal", "entry":
		return fmt.Sprintf("Welcome back. You were reading your journal, %s.", ago)
	}
	return fmt.Sprintf("Welcome back. Your last visit was %s.", ago)
}

func humanAgo(d time.Duration) string {
	switch {
	case d < 2*time.Hour:
		return "an hour ago"
	case d < 24*time.Hour:
		return fmt.Sprintf("%d hours ago", int(d.Hours()))
	case d < 48*time.Hour:
		return "yesterday"
	case d < 14*24*time.Hour:
		return fmt.Sprintf("%d days ago", int(d.Hours()/24))
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%d weeks ago", int(d.Hours()/24/7))
	}
	return fmt.Sprintf("%d months ago", int(d.Hours()/24/30))
}

func (m *Model) stepTitle(id string) string {
	if st, ok := m.book.Step(id); ok {
		return st.Title
	}
	if name, ok := m.toolTitle(id); ok {
		return name
	}
	// An id from the database or a recovery file is untrusted text.
	return oneLine(sanitize.Display(id))
}

// Init asks for the background colour (never waiting on the answer) and
// starts whatever the restored screen needs.
func (m *Model) Init() tea.Cmd {
	cmds := append([]tea.Cmd{tea.RequestBackgroundColor, m.after(verifyAfter, verifyNowMsg{}), m.after(fileCheckEvery, fileCheckMsg{}), m.after(notesAfter, toolNotesNowMsg{})}, m.startup...)
	m.startup = nil
	if m.greeting != "" {
		cmds = append(cmds, m.after(greetingFor, greetingDoneMsg{}))
	}
	if m.screen == scrStep || (m.screen == scrEditor && m.edit.target.returnTo == scrStep) {
		cmds = append(cmds, m.step.render())
	}
	if m.screen == scrEditor && m.edit.unsafe() {
		cmds = append(cmds, m.edit.changed()) // reopened with rescued text
	}
	return tea.Batch(cmds...)
}

// Err returns why the app stopped on its own, or nil after a normal quit.
func (m *Model) Err() error { return errors.Join(m.fatal, m.lost) }

func (m *Model) setNotice(s string, ok bool) { m.notice, m.noticeOK, m.noticeInfo = s, ok, false }

// setInfo shows a neutral hint in the status line.
func (m *Model) setInfo(s string) { m.notice, m.noticeOK, m.noticeInfo = s, true, true }

// Update routes messages: global keys first, then data messages to whoever
// waits for them, then keys to the current screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		if m.width == 0 && m.height == 0 {
			// Some terminals (serial lines, a pty nobody sized) report no
			// size at all; the classic 80×24 beats a blank screen.
			m.width, m.height = 80, 24
		}
		m.resizes++
		gen := m.resizes
		return m, tea.Batch(m.resize(), m.after(repaintDelay, repaintMsg(gen)))
	case repaintMsg:
		if int(msg) != m.resizes {
			return m, nil // a later resize has its own repaint coming
		}
		return m, tea.ClearScreen
	case tea.BackgroundColorMsg:
		m.styles = NewStyles(msg.IsDark())
		m.help.Styles = m.styles.Help
		if m.screen == scrStep || m.step.st.ID != "" {
			return m, m.step.render()
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case signalMsg:
		return m, m.stopBySignal(msg.sig)
	case fileCheckMsg:
		return m, m.checkFile()
	case tea.PasteMsg:
		if m.private {
			return m, nil
		}
		return m, m.current().Update(msg)
	case verifyNowMsg:
		return m, verifyCmd(m.st)
	case verifiedMsg:
		if msg.err != nil {
			// Nothing can be saved to a damaged file (the store refuses
			// every write), so stop at once and let main say why.
			m.fatal, m.quitting = msg.err, true
			return m, tea.Quit
		}
		return m, nil
	case greetingDoneMsg:
		m.greeting = ""
		return m, nil
	case errMsg:
		m.setNotice(fmt.Sprintf("Couldn't %s: %v", msg.what, msg.err), false)
		return m, nil
	case homeDataMsg:
		if msg.err != nil {
			m.setNotice(fmt.Sprintf("Couldn't read your progress: %v", msg.err), false)
			return m, nil
		}
		m.setProgress(msg.progress, msg.answered, msg.drafts)
		return m, nil
	case lessonRenderedMsg:
		m.lessons[msg.key] = msg.text
		m.step.lessonReady(msg.key)
		return m, nil
	case statusSetMsg:
		return m, m.step.statusSet(msg)
	case workbookCreatedMsg:
		if m.hasWB && msg.err == nil {
			m.resetWorkbookState() // another relationship's workbook
		}
		return m, m.first.created(msg)
	case workbooksLoadedMsg, workbookDeletedMsg:
		return m, m.books.Update(msg)
	case workbookOpenedMsg:
		return m, m.opened(msg)
	case workbookUpdatedMsg, lockChangedMsg, plainBackupsRemovedMsg:
		return m, m.settings.Update(msg)
	case lockSetMsg:
		return m, m.first.lockSet(msg)
	case exportedMsg:
		if msg.err != nil {
			m.setNotice(fmt.Sprintf("Couldn't export your journal: %v", msg.err), false)
		} else {
			m.setNotice(exportNotice(msg.path, msg.again, max(m.width-4, 1)), true)
		}
		return m, nil
	case draftLoadedMsg, draftSavedMsg, entrySavedMsg, autosaveTickMsg, maxWaitTickMsg, externalReadyMsg, externalDoneMsg:
		return m, m.edit.Update(msg)
	case entriesLoadedMsg:
		return m, m.journal.Update(msg)
	case entryLoadedMsg:
		return m, m.reader.Update(msg)
	case answersLoadedMsg, draftTakenMsg, draftRestoredMsg, entryTakenMsg, entryRestoredMsg, editDraftMsg:
		return m, m.routeRemoval(msg)
	case toolNotesNowMsg:
		return m, m.loadToolNotes()
	case toolNotesMsg:
		if msg.wb == m.wb.ID {
			if msg.err != nil {
				m.setNotice(fmt.Sprintf("Couldn't read your tools: %v", msg.err), false)
			} else {
				m.toolNotes, m.hold = msg.lines, msg.hold
			}
		}
		return m, nil
	case leaveAfterSaveMsg:
		if m.screen == scrEditor && m.edit.session == msg.session && !m.edit.busy() {
			return m, m.edit.leave()
		}
		return m, nil
	}
	return m, m.routePushed(msg)
}

// exportNotice names the exported file with ~ for the home directory. If
// that is still too long for w cells, the folder is shortened, never the
// file name: the name is what the person goes looking for.
//
// A second export the same day gets a new name rather than replacing the
// first (which the person may have edited or sent); again says so.
func exportNotice(path string, again bool, w int) string {
	short := "…" + string(filepath.Separator) + filepath.Base(path)
	var tries []string
	for _, p := range []string{tildePath(path), short} {
		if again {
			tries = append(tries, "Exported to "+p+" (a new file; the earlier export is kept)")
		} else {
			tries = append(tries, "Exported to "+p)
		}
	}
	if again {
		tries = append(tries, "Exported again to "+tildePath(path), "Exported again to "+short)
	}
	for _, msg := range tries {
		if ansi.StringWidth(msg) <= w {
			return msg
		}
	}
	return "Exported to " + short
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if plain, ok := splitEscKey(msg); ok {
		// Delivered in order: a leave that waits for its flush holds the
		// second key and replays it on the next screen.
		return tea.Sequence(m.handleKey(tea.KeyPressMsg{Code: tea.KeyEscape}), m.handleKey(plain))
	}
	if key.Matches(msg, m.keys.ForceQuit) {
		return m.quit()
	}
	if m.private {
		// The key that brings the screen back is swallowed, never typed.
		m.private = false
		return nil
	}
	if key.Matches(msg, m.keys.Privacy) {
		m.private = true
		return nil
	}
	if cmd, ok := m.globalTool(msg); ok {
		return cmd
	}
	return m.routeKey(msg)
}

// splitEscKey undoes a merge by the terminal decoder: esc and a printable
// key that arrive in one read (typed quickly while the app was busy with a
// big paste or a slow save) are reported as alt+key. No key of this app
// is alt with a printable character, so such a key is the two keys the
// person pressed, never one to drop.
func splitEscKey(msg tea.KeyPressMsg) (tea.KeyPressMsg, bool) {
	if msg.Mod&^tea.ModShift != tea.ModAlt || msg.Code == tea.KeyEscape || !unicode.IsPrint(msg.Code) {
		return tea.KeyPressMsg{}, false
	}
	plain := tea.KeyPressMsg{Code: msg.Code, ShiftedCode: msg.ShiftedCode, BaseCode: msg.BaseCode, Mod: msg.Mod &^ tea.ModAlt}
	switch {
	case msg.Code == ' ':
		plain.Code = tea.KeySpace
		plain.Text = " "
	case plain.Mod&tea.ModShift != 0 && msg.ShiftedCode != 0:
		plain.Text = string(msg.ShiftedCode)
	case plain.Mod&tea.ModShift != 0:
		plain.Text = string(unicode.ToUpper(msg.Code))
	default:
		plain.Text = string(msg.Code)
	}
	return plain, true
}

// routeKey delivers a key that is not one of the global ones (ctrl+c, the
// privacy key): to the app's own keys or the current screen. Keys a
// writing surface held while saving are replayed through here, so the
// privacy key pressed meanwhile cannot swallow one of them.
func (m *Model) routeKey(msg tea.KeyPressMsg) tea.Cmd {
	m.greeting = "" // any key dismisses the welcome-back line
	// A warning that ctrl+c again quits without unsaved words holds only
	// for the very next key.
	m.quitAnyway = false
	// Text still goes to the screen while the window is too small to draw
	// it: sizes arrive asynchronously, so during a burst of resizes the app
	// may briefly believe the window is tiny while the person is still
	// typing, and a dropped key is a lost word. Commands do not: nothing
	// navigates or changes state where the person cannot see it.
	scr := m.current()
	if m.tooSmall() && !m.textKey(msg) {
		return nil
	}
	if !scr.typing() {
		switch {
		case key.Matches(msg, m.keys.Quit):
			return m.quit()
		case key.Matches(msg, m.keys.Help):
			m.help.ShowAll = !m.help.ShowAll
			return m.resize()
		}
	}
	return scr.Update(msg)
}

// textKey reports whether msg edits text on the current screen rather
// than commanding it: in the editor, every key but its commands (esc,
// ctrl+s, ctrl+e; Enter is a new line); in a text field, typed characters
// and the keys that edit them.
func (m *Model) textKey(msg tea.KeyPressMsg) bool {
	if !m.current().typing() {
		return false
	}
	if m.screen == scrEditor {
		k := m.keys
		return !key.Matches(msg, k.Back, k.Save, k.ExternalEditor)
	}
	switch msg.String() {
	case "backspace", "delete", "left", "right", "home", "end":
		return true
	}
	return msg.Text != "" && msg.Mod&^tea.ModShift == 0
}

// screen is what every screen implements: pug-style, Update returns only a
// Cmd and the root keeps the model.
type screen interface {
	Update(tea.Msg) tea.Cmd
	// View draws the body in exactly the size last given to SetSize.
	View() string
	SetSize(w, h int)
	Title() string
	Help() helpKeys
	// typing reports whether keys are text (so q and ? are not commands).
	typing() bool
}

func (m *Model) current() screen {
	switch m.screen {
	case scrWelcome, scrSetup:
		return m.first
	case scrHome:
		return m.home
	case scrStep:
		return m.step
	case scrEditor:
		return m.edit
	case scrJournal:
		return m.journal
	case scrReader:
		return m.reader
	case scrWorkbooks:
		return m.books
	case scrSettings:
		return m.settings
	case scrTool:
		if top, ok := m.top(); ok {
			return top
		}
	}
	return m.home
}

// navigate switches screens and records the new place for resume.
func (m *Model) navigate(to screenID) tea.Cmd {
	m.screen = to
	m.help.ShowAll = false
	var fresh tea.Cmd
	if to == scrReader {
		fresh = m.reader.checkDraft() // the editor may have left changes behind
	}
	return tea.Batch(m.resize(), m.saveResume(), fresh)
}

// resumeState describes the current place for the store.
func (m *Model) resumeState() store.Resume {
	r := store.Resume{Screen: resumeNames[m.screen]}
	switch m.screen {
	case scrHome:
		if st, ok := m.home.selectedStep(); ok {
			r.StepID = st.ID
		}
	case scrStep:
		r.StepID, r.Scroll = m.step.st.ID, m.step.vp.YOffset()
		if p, ok := m.step.selectedPrompt(); ok {
			r.PromptID = p.ID
		}
	case scrEditor:
		r.StepID, r.PromptID, r.EntryID = m.edit.target.stepID, m.edit.target.promptID, m.edit.target.entryID
	case scrJournal:
		q := m.journal.query()
		r.Filter, r.StepID, r.Scroll = q.Text, q.StepID, m.journal.cursor
		if e, ok := m.journal.selected(); ok {
			r.EntryID = e.ID
		}
	case scrReader:
		r.EntryID, r.StepID, r.PromptID = m.reader.entry.ID, m.reader.entry.StepID, m.reader.entry.PromptID
	case scrTool:
		if top, ok := m.top(); ok {
			r.Screen = toolResumePrefix + top.Name()
		}
	}
	if r.Screen == "" {
		r.Screen = "home"
	}
	return r
}

func (m *Model) saveResume() tea.Cmd {
	if !m.hasWB {
		return nil
	}
	return saveResumeCmd(m.st, m.resumes, m.wb.ID, m.resumeState())
}

// quit flushes the draft and the resume point, in order, before quitting.
// In the editor it waits until the text is durable (see settle): if it can
// be put nowhere, the person is told, and only a second ctrl+c with nothing
// typed in between quits without it, with an error status.
func (m *Model) quit() tea.Cmd {
	if m.quitting {
		return nil
	}
	if m.screen == scrEditor {
		if m.quitAnyway && m.edit.unsafe() {
			return m.finishQuit()
		}
		return m.edit.settle(m.finishQuit, true)
	}
	return m.finishQuit()
}

// finishQuit saves the resume point and quits. If the editor's text is
// not in the database, the app ends with an error that says where it is.
func (m *Model) finishQuit() tea.Cmd {
	m.quitting = true
	if m.screen == scrEditor {
		m.lost = m.edit.exitError()
	}
	return tea.Sequence(m.saveResume(), tea.Quit)
}

// Layout: a title line and a blank line, the body, a status line and the
// help bar.
const headerLines = 2

func (m *Model) helpHeight() int {
	return lipgloss.Height(m.helpView())
}

// helpView is the help bar. The short help wraps onto a second line rather
// than cutting keys off with "…", so at 60 columns every key it lists, "?"
// and quit included, is still visible.
//
// Laying it out renders the bar several times over, which was more than
// half the cost of a frame (and Bubble Tea draws a frame after every key),
// so the result is kept until the keys, their labels, the width, the
// full/short mode or the styles change.
func (m *Model) helpView() string {
	keys := m.current().Help()
	w := max(m.width-2, 1)
	sig := helpSignature(keys, w, m.help.ShowAll, m.styles.IsDark)
	if sig == m.helpSig {
		return m.helpOut
	}
	m.helpSig, m.helpOut = sig, m.layoutHelp(keys, w)
	return m.helpOut
}

// helpSignature names everything the help bar's look depends on, without
// rendering anything.
func helpSignature(keys help.KeyMap, w int, all, dark bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%t|%t", w, all, dark)
	add := func(bs []key.Binding) {
		for _, k := range bs {
			h := k.Help()
			fmt.Fprintf(&b, "|%t\x00%s\x00%s", k.Enabled(), h.Key, h.Desc)
		}
	}
	add(keys.ShortHelp())
	for _, col := range keys.FullHelp() {
		b.WriteString("|col")
		add(col)
	}
	return b.String()
}

func (m *Model) layoutHelp(keys help.KeyMap, w int) string {
	if m.help.ShowAll {
		return m.fullHelp(keys.FullHelp(), w)
	}
	var rows []string
	var row []key.Binding
	for _, b := range keys.ShortHelp() {
		if !b.Enabled() {
			continue
		}
		try := append(append([]key.Binding{}, row...), b)
		if len(row) > 0 && lipgloss.Width(m.plainHelp(try)) > w {
			rows = append(rows, m.plainHelp(row))
			row = []key.Binding{b}
			continue
		}
		row = try
	}
	if len(row) > 0 {
		rows = append(rows, m.plainHelp(row))
	}
	return strings.Join(rows, "\n")
}

// fullHelp lays out every key of the full help in as many columns as fit
// in w (the screen's own grouping, read column by column, keeps its
// order), so no key is ever cut to "…" on a narrow window and the help
// takes as few lines as the width allows. In this mode "?" offers fewer
// keys.
func (m *Model) fullHelp(cols [][]key.Binding, w int) string {
	var all []key.Binding
	for _, col := range cols {
		for _, b := range lessHelp(col) {
			if b.Enabled() {
				all = append(all, b)
			}
		}
	}
	if len(all) == 0 {
		return ""
	}
	h := m.help
	h.SetWidth(0)
	var out string
	for n := min(len(all), 6); n >= 1; n-- {
		rows := (len(all) + n - 1) / n
		var grid [][]key.Binding
		for i := 0; i < len(all); i += rows {
			grid = append(grid, all[i:min(i+rows, len(all))])
		}
		out = h.FullHelpView(grid)
		if lipgloss.Width(out) <= w {
			break
		}
	}
	return out
}

// lessHelp returns col with the "?" binding relabelled "fewer keys".
func lessHelp(col []key.Binding) []key.Binding {
	out := make([]key.Binding, len(col))
	for i, b := range col {
		if b.Help().Key == "?" {
			b.SetHelp("?", "fewer keys")
		}
		out[i] = b
	}
	return out
}

// plainHelp renders one row of short help without the width cut-off.
func (m *Model) plainHelp(bs []key.Binding) string {
	h := m.help
	h.SetWidth(0)
	return h.ShortHelpView(bs)
}

// maxBodyWidth caps the body (lessons, editor, lists): lines much longer
// than this are hard to read, so a wide window leaves space on the right
// rather than running text to 200 columns.
const maxBodyWidth = 100

func (m *Model) bodySize() (int, int) {
	return max(min(m.width-2, maxBodyWidth), 1), max(m.height-headerLines-1-m.helpHeight(), 1)
}

// resize gives the current screen its size. Only the current one: the
// others are sized when navigated to, so a resize costs one screen's layout.
func (m *Model) resize() tea.Cmd {
	m.help.SetWidth(max(m.width-2, 1))
	w, h := m.bodySize()
	m.current().SetSize(w, h)
	if m.screen == scrStep && !m.tooSmall() {
		return m.step.render()
	}
	return nil
}

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// View draws the whole screen. It only lays out strings already prepared.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	switch {
	case m.quitting:
		v.SetContent("")
	case m.private:
		v.SetContent(m.privacyView())
	case m.tooSmall():
		v.SetContent(fit(centre(m.width, m.height,
			"Please make the window a little larger (at least 60×20). Nothing is lost."), m.width, m.height))
	default:
		v.SetContent(m.frame(&v))
	}
	return v
}

// privacyView is deliberately dull: a plain title and nothing personal.
func (m *Model) privacyView() string {
	return fit(" "+m.styles.Privacy.Render("Notes")+"\n\n "+m.styles.Subtle.Render("Nothing here yet."), m.width, m.height)
}

func (m *Model) frame(v *tea.View) string {
	scr := m.current()
	bw, bh := m.bodySize()
	title := " " + m.styles.Title.Render(ansi.Truncate(scr.Title(), m.width-2, "…"))
	status := m.statusLine()
	// A notice may take up to maxNoticeLines lines; the body gives them up
	// for as long as it is shown.
	extra := strings.Count(status, "\n")
	bh = max(bh-extra, 1)
	body := fit(scr.View(), bw, bh)
	helpView := m.helpView()
	out := title + "\n\n" + indent(body) + "\n" + indent(status) + "\n" + indent(helpView)
	if m.screen == scrEditor {
		if x, y, ok := m.edit.cursor(); ok && y < bh {
			v.Cursor = tea.NewCursor(1+x, headerLines+y)
		}
	} else if x, y, ok := m.fieldCursor(); ok && y < bh {
		v.Cursor = tea.NewCursor(1+x, headerLines+y)
	}
	return fit(out, m.width, m.height)
}

func (m *Model) fieldCursor() (int, int, bool) {
	switch m.screen {
	case scrSetup:
		return m.first.cursor()
	case scrJournal:
		return m.journal.cursorPos()
	case scrSettings:
		return m.settings.cursor()
	case scrTool:
		if c, ok := m.current().(cursorer); ok {
			return c.cursor()
		}
	}
	return 0, 0, false
}

// statusLine shows, in order of importance: a problem, the welcome back,
// a confirmation, the screen's own status.
func (m *Model) statusLine() string {
	w := max(m.width-2, 1)
	switch {
	case m.notice != "" && !m.noticeOK:
		// A problem says what to do, so it is shown whole, wrapped.
		return m.styles.Error.Render(wrapLines("! "+m.notice, w, maxNoticeLines))
	case m.greeting != "":
		return m.styles.Greeting.Render(ansi.Truncate(m.greeting, w, "…"))
	case m.notice != "" && m.noticeInfo:
		return m.styles.Status.Render(wrapLines(m.notice, w, maxNoticeLines))
	case m.notice != "":
		// Wrapped too: a confirmation may name a backup's path.
		return m.styles.Done.Render(wrapLines("✓ "+m.notice, w, maxNoticeLines))
	}
	if m.screen == scrEditor {
		return m.edit.statusText(w)
	}
	return ""
}

// maxNoticeLines is how many lines a notice in the status line may take.
const maxNoticeLines = 4

// wrapLines wraps s to width w, keeping at most n lines; only a text longer
// than that is cut, with "…".
func wrapLines(s string, w, n int) string {
	lines := strings.Split(ansi.Wrap(s, w, ""), "\n")
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = ansi.Truncate(lines[n-1], max(w-1, 1), "") + "…"
	}
	return strings.Join(lines, "\n")
}

// nameTakenNotice says what to do when a workbook name is already used:
// names are matched whatever their case.
func nameTakenNotice(name string) string {
	return fmt.Sprintf("There is already a workbook called %s (names match whatever their case). Choose another name, or open it from your workbooks.", sanitize.Display(name))
}

func indent(s string) string {
	return " " + strings.ReplaceAll(s, "\n", "\n ")
}

// fit pads or cuts s to exactly h lines of at most w cells.
func fit(s string, w, h int) string {
	if w < 1 || h < 1 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		// A cell is never narrower than a byte, so a line of at most w
		// bytes fits; measuring grapheme widths is the costly part of a
		// frame, and most lines are short.
		if len(l) > w && ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// centre wraps msg to the width and places it in the middle.
func centre(w, h int, msg string) string {
	if w < 1 || h < 1 {
		return ""
	}
	wrapped := lipgloss.NewStyle().Width(w).Align(lipgloss.Center).Render(msg)
	lines := strings.Split(wrapped, "\n")
	top := max((h-len(lines))/2, 0)
	return strings.Repeat("\n", top) + wrapped
}
