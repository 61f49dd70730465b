package tui

import (
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
func writeRecovery(dataDir string, d store.Draft) (string, error) {
	return recovery.Write(dataDir, recovery.Record{
		StepID: d.StepID, PromptID: d.PromptID, EntryID: d.EntryID,
		PromptText: d.PromptText, Body: d.Body, Cursor: d.Cursor, SavedAt: d.UpdatedAt,
	})
}

// listRecovery returns the recovery records of workbook wb as drafts,
// oldest first. Records carry no workbook id: the app keeps one workbook.
func listRecovery(dataDir string, wb int64) ([]recoveredDraft, error) {
	if dataDir == "" {
		return nil, nil
	}
	recs, err := recovery.List(dataDir)
	out := make([]recoveredDraft, 0, len(recs))
	for _, r := range recs {
		out = append(out, recoveredDraft{path: r.Path, draft: store.Draft{
			WorkbookID: wb, StepID: r.StepID, PromptID: r.PromptID, EntryID: r.EntryID,
			PromptText: r.PromptText, Body: r.Body, Cursor: r.Cursor, UpdatedAt: r.SavedAt,
		}})
	}
	return out, err
}

// removeRecovery deletes one recovery file once its text is safely stored.
func removeRecovery(path string) error { return recovery.Remove(path) }
