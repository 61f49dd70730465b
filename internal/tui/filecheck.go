package tui

import (
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/store"
)

// fileCheckEvery is how often the app makes sure the journal file is still
// where it was opened (see store.Store.CheckFile): a person who deletes or
// replaces it while reading, not writing, should hear about it too.
const fileCheckEvery = 5 * time.Second

type fileCheckMsg struct{}

// checkFile runs one check. On a loss it says so in the status line,
// short enough to fit, and keeps the store's full message (where the copy
// of everything saved is, what to do) for main to print on quit; it stops
// checking. Saves after that fail with the same error, and the editor
// keeps their text in recovery files.
func (m *Model) checkFile() tea.Cmd {
	if err := m.st.CheckFile(); err != nil {
		what, next := "moved, deleted or replaced", " Quit (ctrl+c) to see where a copy is."
		if errors.Is(err, store.ErrFileOverwritten) {
			// No copy is made of a file another program wrote over.
			what, next = "overwritten by another program", " Your words go to recovery files."
		}
		if m.screen == scrEditor && m.edit.unsafe() {
			// The words on screen are in no file at all: quitting is
			// the one thing not to suggest.
			m.setNotice("Your journal file was "+what+"; keep this window open.", false)
		} else {
			m.setNotice("Your journal file was "+what+"; nothing more is saved into it."+next, false)
		}
		if m.fatal == nil {
			m.fatal = err
		}
		return nil
	}
	return m.after(fileCheckEvery, fileCheckMsg{})
}
