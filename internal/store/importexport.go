package store

import (
	"context"
	"fmt"
	"time"
)

// PromptCountsBetween is PromptCounts for the entries written in
// [from, to): zero from or to leaves that end open. It lets an export of a
// date range say how many entries it holds before it streams them.
func (s *Store) PromptCountsBetween(ctx context.Context, wb int64, from, to time.Time) ([]PromptCount, error) {
	q := `SELECT step_id, prompt_id, count(*) FROM entries WHERE workbook_id = ?`
	args := []any{wb}
	// created_at is stored in one fixed-width UTC format, so comparing the
	// text compares the times.
	if !from.IsZero() {
		q += ` AND created_at >= ?`
		args = append(args, formatTime(from))
	}
	if !to.IsZero() {
		q += ` AND created_at < ?`
		args = append(args, formatTime(to))
	}
	q += ` GROUP BY step_id, prompt_id ORDER BY step_id, prompt_id`
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("count answers: %w", err)
	}
	defer rows.Close()
	var out []PromptCount
	for rows.Next() {
		var p PromptCount
		if err := rows.Scan(&p.StepID, &p.PromptID, &p.Count); err != nil {
			return nil, fmt.Errorf("count answers: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count answers: %w", err)
	}
	return out, nil
}
