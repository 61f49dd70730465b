package store

import (
	"context"
	"time"

	"github.com/trustwork/trustwork/internal/wins"
)

// The small wins live in the wins table (migration 0006), one record per
// win, its line in Text["text"].
const (
	winsTable = "wins"
	winKind   = "win"
	// WinField is the name of a win's one text field.
	WinField = "text"
)

// Wins lists a workbook's small wins, oldest first.
func (s *Store) Wins(ctx context.Context, wb int64) ([]wins.Win, error) {
	return s.winsWhere(ctx, wb, RecordQuery{Kind: winKind, WithText: true})
}

// LatestWins lists the n newest wins (every one when n is 0), newest
// first: home shows a few, and reads no more than those.
func (s *Store) LatestWins(ctx context.Context, wb int64, n int) ([]wins.Win, error) {
	return s.winsWhere(ctx, wb, RecordQuery{Kind: winKind, WithText: true, Newest: true, Limit: n})
}

// CountWinsSince counts the wins noted at from or later, opening no text.
func (s *Store) CountWinsSince(ctx context.Context, wb int64, from time.Time) (int, error) {
	rs, err := s.Records(ctx, winsTable, wb, RecordQuery{Kind: winKind, From: from})
	return len(rs), err
}

func (s *Store) winsWhere(ctx context.Context, wb int64, q RecordQuery) ([]wins.Win, error) {
	rs, err := s.Records(ctx, winsTable, wb, q)
	if err != nil {
		return nil, err
	}
	out := make([]wins.Win, 0, len(rs))
	for _, r := range rs {
		out = append(out, wins.Win{ID: r.ID, Text: r.Text[WinField], At: r.CreatedAt})
	}
	return out, nil
}

// SaveWin stores a win's line (a new win when id is 0) and deletes the
// draft it was written in, in one transaction. It returns the win's id.
func (s *Store) SaveWin(ctx context.Context, wb, id int64, text string, draft DraftKey) (int64, error) {
	r, err := s.SaveRecordText(ctx, winsTable, Record{ID: id, WorkbookID: wb, Kind: winKind}, WinField, wins.Clean(text), draft)
	return r.ID, err
}

// DeleteWin removes a win and any draft of it; stepID is the step id its
// drafts are kept under.
func (s *Store) DeleteWin(ctx context.Context, wb, id int64, stepID string) error {
	return s.DeleteRecord(ctx, winsTable, wb, id, stepID)
}
