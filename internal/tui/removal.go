package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/store"
)

// Removing words always goes through a question first and can be undone
// while the screen is open: these commands take an entry or a draft out of
// the store and put it back, and report with the messages below.

// answersLoadedMsg carries every entry answering one prompt, newest first.
type answersLoadedMsg struct {
	ref     promptKey
	entries []store.Entry
	err     error
}

// promptKey names one prompt of one step.
type promptKey struct{ stepID, promptID string }

// entryTakenMsg reports a deleted entry (with what undo needs).
type entryTakenMsg struct {
	removed store.Removed
	err     error
}

// entryRestoredMsg reports an undone deletion.
type entryRestoredMsg struct {
	entry store.Entry
	err   error
}

// draftTakenMsg reports a discarded draft; entryID is 0 for the draft
// of a new answer.
type draftTakenMsg struct {
	entryID int64
	draft   store.Draft
	found   bool
	err     error
}

// draftRestoredMsg reports an undone discard.
type draftRestoredMsg struct {
	draft store.Draft
	err   error
}

// editDraftMsg carries the draft of changes to one entry, if any.
type editDraftMsg struct {
	entryID int64
	draft   store.Draft
	found   bool
	err     error
}

// routeRemoval hands these messages to the screen that asked: drafts of
// new answers belong to the step, drafts of changes to an entry and
// deleted entries to the reader and the journal.
func (m *Model) routeRemoval(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case draftTakenMsg:
		if msg.entryID != 0 {
			return m.reader.Update(msg)
		}
	case draftRestoredMsg:
		if msg.draft.EntryID != 0 {
			return m.reader.Update(msg)
		}
	case editDraftMsg:
		return m.reader.Update(msg)
	case entryTakenMsg, entryRestoredMsg:
		return m.journal.Update(msg)
	}
	return m.step.Update(msg)
}

func loadEditDraftCmd(st *store.Store, wb int64, e store.Entry) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		d, found, err := st.Draft(c, wb, e.StepID, e.PromptID, e.ID)
		return editDraftMsg{entryID: e.ID, draft: d, found: found, err: err}
	}
}

func loadAnswersCmd(st *store.Store, wb int64, ref promptKey) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		var es []store.Entry
		err := st.EachEntry(c, wb, ref.stepID, ref.promptID, func(e store.Entry) error {
			es = append([]store.Entry{e}, es...) // oldest first in, newest first out
			return nil
		})
		return answersLoadedMsg{ref: ref, entries: es, err: err}
	}
}

func takeEntryCmd(st *store.Store, wb, id int64) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		r, err := st.TakeEntry(c, wb, id)
		return entryTakenMsg{removed: r, err: err}
	}
}

func restoreEntryCmd(st *store.Store, r store.Removed) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		return entryRestoredMsg{entry: r.Entry, err: st.RestoreEntry(c, r)}
	}
}

func takeDraftCmd(st *store.Store, wb int64, stepID, promptID string, entryID int64) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		d, found, err := st.TakeDraft(c, wb, stepID, promptID, entryID)
		return draftTakenMsg{entryID: entryID, draft: d, found: found, err: err}
	}
}

func restoreDraftCmd(st *store.Store, d store.Draft) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		return draftRestoredMsg{draft: d, err: st.RestoreDraft(c, d)}
	}
}
