package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/store"
)

// This file is the TUI's only contact with recovery files: text that could
// not be saved to the database is written beside it so nothing typed is
// lost, and put back into drafts on the next start.

// recoveredDraft is one recovery file and the draft it holds.
type recoveredDraft struct {
	path  string
	draft store.Draft
}

// writeRecovery writes d to a new 0600 file under dataDir and returns its path.
// Through the store's codec, it is sealed when the journal has a passphrase.
func writeRecovery(st *store.Store, dataDir string, d store.Draft) (string, error) {
	return recovery.WriteWith(dataDir, recoveryRecord(d), st)
}

// recoveryRecord is d as the recovery package stores it.
func recoveryRecord(d store.Draft) recovery.Record {
	return recovery.Record{
		WorkbookID: d.WorkbookID, StepID: d.StepID, PromptID: d.PromptID, EntryID: d.EntryID,
		PromptText: d.PromptText, Body: d.Body, Cursor: d.Cursor, SavedAt: d.UpdatedAt,
	}
}

// recordDraft is a recovery record of workbook wb as a draft.
func recordDraft(wb int64, r recovery.Record) store.Draft {
	return store.Draft{
		WorkbookID: wb, StepID: r.StepID, PromptID: r.PromptID, EntryID: r.EntryID,
		PromptText: r.PromptText, Body: r.Body, Cursor: r.Cursor, UpdatedAt: r.SavedAt,
	}
}

// listRecovery returns the recovery records of workbook wb as drafts,
// oldest first: its own, and those written before records named their
// workbook.
func listRecovery(st *store.Store, dataDir string, wb int64) ([]recoveredDraft, error) {
	if dataDir == "" {
		return nil, nil
	}
	recs, err := recovery.ListWith(dataDir, st)
	out := make([]recoveredDraft, 0, len(recs))
	for _, r := range recs {
		if !r.BelongsTo(wb) {
			continue
		}
		out = append(out, recoveredDraft{path: r.Path, draft: recordDraft(wb, r)})
	}
	return out, err
}

// inJournal reports whether d's text is already in the journal: as the
// entry it edits, or, for a new answer, as an entry of its prompt. A
// recovery file holding such text has nothing left to recover.
func inJournal(c context.Context, st *store.Store, d store.Draft) bool {
	if d.EntryID != 0 {
		e, err := st.Entry(c, d.WorkbookID, d.EntryID)
		return err == nil && e.Body == d.Body
	}
	found := false
	st.EachEntry(c, d.WorkbookID, d.StepID, d.PromptID, func(e store.Entry) error {
		if e.Body == d.Body {
			found = true
		}
		return nil
	})
	return found
}

// rescuedDraft returns the newest recovery record of one prompt, if any:
// text a failed save left that the start could not put back in the
// database either (the disk still failing), and newer than the draft there.
func rescuedDraft(st *store.Store, dataDir string, wb int64, stepID, promptID string, entryID int64) (store.Draft, bool) {
	recs, _ := listRecovery(st, dataDir, wb)
	var d store.Draft
	found := false
	for _, r := range recs { // oldest first: the last match is the newest
		if r.draft.StepID == stepID && r.draft.PromptID == promptID && r.draft.EntryID == entryID {
			d, found = r.draft, true
		}
	}
	return d, found
}

// removeRecovery deletes one recovery file once its text is safely stored.
func removeRecovery(path string) error { return recovery.Remove(path) }

// clearRecoveryCmd removes the recovery files of one prompt after its text
// was saved to the database: they hold older text, and left behind they
// would come back as a stale draft on the next start. Only records older
// than cutoff go: a save failing again right after this one writes a newer
// record that must stay.
func clearRecoveryCmd(st *store.Store, dataDir string, wb int64, stepID, promptID string, entryID int64, cutoff time.Time) tea.Cmd {
	return func() tea.Msg {
		recs, _ := recovery.ListWith(dataDir, st)
		for _, r := range recs {
			if r.BelongsTo(wb) && r.StepID == stepID && r.PromptID == promptID && r.EntryID == entryID && r.SavedAt.Before(cutoff) {
				recovery.Remove(r.Path)
			}
		}
		return nil
	}
}

// newestRecovery keeps, for each prompt, only the newest of its recovery
// records, and returns the older ones separately. A failing session writes
// one record per attempted save; only the last holds everything typed.
func newestRecovery(recs []recoveredDraft) (newest, superseded []recoveredDraft) {
	type key struct {
		step, prompt string
		entry        int64
	}
	at := map[key]int{}
	for _, r := range recs {
		k := key{r.draft.StepID, r.draft.PromptID, r.draft.EntryID}
		i, ok := at[k]
		switch {
		case !ok:
			at[k] = len(newest)
			newest = append(newest, r)
		case !r.draft.UpdatedAt.Before(newest[i].draft.UpdatedAt):
			superseded = append(superseded, newest[i])
			newest[i] = r
		default:
			superseded = append(superseded, r)
		}
	}
	return newest, superseded
}
