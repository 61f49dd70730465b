package tui

import (
	"context"
	"errors"

	"github.com/trustwork/trustwork/internal/store"
)

// bg is the context for store calls made directly by tests.
func bg() context.Context { return context.Background() }

// failDraftSaves makes every draft save of st fail, as on a full disk,
// until st.SetFault(nil).
func failDraftSaves(st *store.Store) {
	st.SetFault(func(op string) error {
		if op == "SaveDraft" {
			return errors.New("disk full")
		}
		return nil
	})
}
