package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// readerScreen shows one whole entry in a viewport. Changes to it that
// were never saved (a draft left by the editor) are shown under it, so
// what the export calls a draft is never a surprise.
type readerScreen struct {
	m      *Model
	entry  store.Entry
	loaded bool
	// edit is the draft of changes to this entry, when edited is true.
	edit   store.Draft
	edited bool
	vp     viewport.Model
	w, h   int

	ask  confirm
	back undo
}

var (
	deleteKey   = key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete entry"))
	discardEdit = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "discard changes"))
)

func newReaderScreen(m *Model) *readerScreen {
	return &readerScreen{m: m, vp: viewport.New()}
}

func (s *readerScreen) Title() string {
	if !s.loaded {
		return "Journal entry"
	}
	return "Journal entry · " + s.m.stepTitle(s.entry.StepID)
}

// typing is true while a question is open, so q and ? cannot act behind it.
func (s *readerScreen) typing() bool { return s.ask.open() }

func (s *readerScreen) Help() helpKeys {
	k := s.m.keys
	if s.ask.open() {
		return s.ask.help(k)
	}
	edit := k.Edit
	if s.edited {
		edit = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "go on editing"))
	}
	scroll := key.NewBinding(key.WithKeys("up", "down", "j", "k"), key.WithHelp("↑↓/jk", "scroll"))
	var extra []key.Binding
	if s.edited {
		extra = append(extra, discardEdit)
	}
	if s.back.ready() {
		extra = append(extra, undoKey)
	}
	short := append(append([]key.Binding{edit, scroll}, extra...), deleteKey, k.Back, k.Privacy, k.Quit, k.Help)
	return helpKeys{
		short: short,
		full: [][]key.Binding{append([]key.Binding{edit, scroll, k.PageUp, k.PageDown}, extra...),
			{deleteKey, k.Back, k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

func (s *readerScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.vp.SetWidth(w)
	s.setBody()
}

func (s *readerScreen) head() string {
	st := s.m.styles
	if !s.loaded {
		return ""
	}
	q := st.Heading.Render(ansi.Wordwrap(sanitize.Display(s.entry.PromptText), max(s.w, 10), ""))
	date := "Written " + s.entry.CreatedAt.In(time.Local).Format("Monday 2 January 2006, 15:04")
	if store.UnreadableTime(s.entry.CreatedAt) {
		date = "⚠ The date of this entry could not be read; the words are as written"
	} else if s.entry.UpdatedAt.Sub(s.entry.CreatedAt) > time.Minute {
		date += " · edited " + s.entry.UpdatedAt.In(time.Local).Format("2 Jan 2006 15:04")
	}
	out := q + "\n" + st.Subtle.Render(date)
	if s.edited {
		note := "✎ Unsaved changes from " + s.edit.UpdatedAt.In(time.Local).Format("2 Jan 15:04") +
			" are kept as a draft, shown below the entry. e goes on with them."
		out += "\n" + st.Error.Render(ansi.Wordwrap(note, max(s.w, 10), ""))
	}
	if s.ask.open() {
		out += "\n" + s.ask.view(st, s.w)
	}
	return out + "\n"
}

func (s *readerScreen) headHeight() int {
	if !s.loaded {
		return 0
	}
	return min(strings.Count(s.head(), "\n")+1, max(s.h/2, 1))
}

// setBody wraps the body, and the unsaved changes if any, to the width.
// It runs on open, resize and when the draft changes, never in View.
func (s *readerScreen) setBody() {
	if !s.loaded {
		s.vp.SetContent("")
		return
	}
	s.vp.SetHeight(max(s.h-s.headHeight(), 1))
	w := max(s.w-1, 1)
	body := ansi.Wrap(sanitize.Display(s.entry.Body), w, "")
	if s.edited {
		rule := s.m.styles.Subtle.Render("── unsaved changes (draft) " + strings.Repeat("─", max(w-27, 3)))
		body += "\n\n" + rule + "\n" + ansi.Wrap(sanitize.Display(s.edit.Body), w, "")
	}
	s.vp.SetContent(body)
}

// openEntry shows one entry; its body is loaded in a Cmd.
func (m *Model) openEntry(id int64) tea.Cmd {
	nav := m.navigate(scrReader)
	return tea.Batch(m.reader.open(id), nav)
}

func (s *readerScreen) open(id int64) tea.Cmd {
	s.loaded, s.edited = false, false
	s.entry = store.Entry{ID: id}
	s.ask.cancel()
	s.back.clear()
	s.vp.SetContent("")
	return loadEntryCmd(s.m.st, s.m.wb.ID, id)
}

// checkDraft looks again for unsaved changes to the entry shown: the
// editor may have just left some, or saved them away.
func (s *readerScreen) checkDraft() tea.Cmd {
	if !s.loaded {
		return nil
	}
	return loadEditDraftCmd(s.m.st, s.m.wb.ID, s.entry)
}

func (s *readerScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case entryLoadedMsg:
		if msg.entry.ID != s.entry.ID && s.entry.ID != 0 && msg.err == nil {
			return nil
		}
		if msg.err != nil {
			s.m.setNotice(fmt.Sprintf("Couldn't open that entry: %v", msg.err), false)
			if s.m.screen == scrReader {
				return s.m.openJournal()
			}
			return nil
		}
		s.entry, s.loaded = msg.entry, true
		s.setBody()
		// now the resume point knows the step and prompt
		return tea.Batch(s.m.saveResume(), s.checkDraft())
	case editDraftMsg:
		if msg.entryID != s.entry.ID {
			return nil
		}
		if msg.err != nil {
			s.m.setNotice(fmt.Sprintf("Couldn't look for unsaved changes: %v", msg.err), false)
		}
		s.edit, s.edited = msg.draft, msg.found
		s.setBody()
		return nil
	case draftTakenMsg:
		return s.editDiscarded(msg)
	case draftRestoredMsg:
		if msg.err != nil {
			s.m.setNotice(fmt.Sprintf("Couldn't bring the changes back: %v", msg.err), false)
			return nil
		}
		s.m.setNotice("Your unsaved changes are back.", true)
		return s.checkDraft()
	case tea.KeyPressMsg:
		if s.ask.open() {
			cmd := s.ask.handle(msg)
			s.setBody()
			return cmd
		}
		k := s.m.keys
		switch {
		case key.Matches(msg, k.Back):
			return tea.Batch(s.m.navigate(scrJournal), s.m.journal.reload())
		case key.Matches(msg, k.Edit):
			if !s.loaded {
				return nil
			}
			e := s.entry
			hint := ""
			if st, ok := s.m.book.Step(e.StepID); ok {
				if p, ok := st.Prompt(e.PromptID); ok {
					hint = p.Hint
				}
			}
			s.back.clear()
			return s.m.openEditor(editorTarget{stepID: e.StepID, promptID: e.PromptID, entryID: e.ID,
				promptText: e.PromptText, hint: hint, body: e.Body, returnTo: scrReader})
		case key.Matches(msg, deleteKey) && s.loaded:
			id := s.entry.ID
			s.ask.ask("Delete this entry from your journal?", func() tea.Cmd {
				return takeEntryCmd(s.m.st, s.m.wb.ID, id)
			})
			s.setBody()
		case key.Matches(msg, discardEdit) && s.edited:
			e := s.entry
			s.ask.ask("Discard the unsaved changes to this entry?", func() tea.Cmd {
				return takeDraftCmd(s.m.st, s.m.wb.ID, e.StepID, e.PromptID, e.ID)
			})
			s.setBody()
		case key.Matches(msg, undoKey) && s.back.ready():
			return s.back.take()
		case key.Matches(msg, k.Up):
			s.vp.ScrollUp(1)
		case key.Matches(msg, k.Down):
			s.vp.ScrollDown(1)
		case key.Matches(msg, k.PageUp):
			s.vp.PageUp()
		case key.Matches(msg, k.PageDown):
			s.vp.PageDown()
		}
	}
	return nil
}

func (s *readerScreen) editDiscarded(msg draftTakenMsg) tea.Cmd {
	if msg.err != nil {
		s.m.setNotice(fmt.Sprintf("Couldn't discard the changes: %v", msg.err), false)
		return nil
	}
	if msg.entryID == s.entry.ID {
		s.edited = false
		s.setBody()
	}
	if msg.found {
		d := msg.draft
		s.back.set("changes discarded", func() tea.Cmd { return restoreDraftCmd(s.m.st, d) })
		s.m.setInfo("Unsaved changes discarded. Press u to bring them back.")
	}
	return nil
}

func (s *readerScreen) View() string {
	if !s.loaded {
		return s.m.styles.Subtle.Render("…")
	}
	return fit(s.head(), s.w, s.headHeight()) + "\n" + s.vp.View()
}
