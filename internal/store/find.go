package store

import (
	"context"
	"fmt"
	"strings"
)

// EntryFilter narrows the journal list. The zero value keeps every entry.
type EntryFilter struct {
	// Text keeps entries whose body, prompt text or step id contains it,
	// case-insensitive for ASCII.
	Text string
	// StepID keeps the entries of one step; empty means every step.
	StepID string
}

// snippetLead is how many characters of context a match-centred preview
// keeps before the match.
const snippetLead = 40

// likeEscaper makes %, _ and the escape character itself literal in a
// LIKE pattern, so a filter of "50%" finds "50%" and not "500".
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// filterWhere is the WHERE clause shared by FindEntries and CountFound.
// LIKE is case-insensitive for ASCII only, which is what the docs promise.
func filterWhere(wb int64, f EntryFilter) (string, []any) {
	where, args := `workbook_id = ?`, []any{wb}
	if f.StepID != "" {
		where += ` AND step_id = ?`
		args = append(args, f.StepID)
	}
	if f.Text != "" {
		p := "%" + likeEscaper.Replace(f.Text) + "%"
		where += ` AND (` + entryBodySQL + ` LIKE ? ESCAPE '\' OR ` + entryPromptSQL + ` LIKE ? ESCAPE '\' OR step_id LIKE ? ESCAPE '\')`
		args = append(args, p, p, p)
	}
	return where, args
}

// ListEntries returns a page of entry summaries, newest first, whose body,
// prompt text or step id contains filter (see FindEntries).
func (s *Store) ListEntries(ctx context.Context, wb int64, filter string, limit, offset int) ([]EntrySummary, error) {
	return s.FindEntries(ctx, wb, EntryFilter{Text: filter}, limit, offset)
}

// CountEntries counts the entries ListEntries would return without paging.
func (s *Store) CountEntries(ctx context.Context, wb int64, filter string) (int, error) {
	return s.CountFound(ctx, wb, EntryFilter{Text: filter})
}

// FindEntries returns a page of entry summaries, newest first, kept by f.
// A limit of 0 or less means no limit.
//
// Only a preview of each body reaches Go: substr counts characters on TEXT,
// and octet_length reads the stored length without loading the body. With
// a text filter the preview starts a little before the first match in the
// body, so the list can show the words that matched; PreviewFrom says
// where.
func (s *Store) FindEntries(ctx context.Context, wb int64, f EntryFilter, limit, offset int) ([]EntrySummary, error) {
	where, args := filterWhere(wb, f)
	if limit <= 0 {
		limit = -1
	}
	if offset < 0 {
		offset = 0
	}
	from := `0`
	var fromArgs []any
	if f.Text != "" {
		// lower() folds ASCII only, like LIKE, so it finds the match LIKE found.
		from = fmt.Sprintf(`max(instr(lower(%s), lower(?)) - 1 - %d, 0)`, entryBodySQL, snippetLead)
		fromArgs = []any{f.Text}
	}
	args = append(append(fromArgs, args...), limit, offset)
	// Private text is read through the codec (see codec.go).
	rows, err := s.r.QueryContext(ctx, s.sql(fmt.Sprintf(`SELECT id, step_id, prompt_id, %s,
		substr(%[2]s, 1 + pf, %[3]d), pf, octet_length(%[2]s), created_at, updated_at
		FROM (SELECT *, %[4]s AS pf FROM entries WHERE %[5]s)
		ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, entryPromptSQL, entryBodySQL, PreviewRunes, from, where)), args...)
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	defer rows.Close()
	var out []EntrySummary
	for rows.Next() {
		var e EntrySummary
		var c, u string
		if err := rows.Scan(&e.ID, &e.StepID, &e.PromptID, &e.PromptText, &e.Preview, &e.PreviewFrom, &e.Size, &c, &u); err != nil {
			return nil, fmt.Errorf("list entries: %w", err)
		}
		if e.CreatedAt, err = parseTime(c); err != nil {
			return nil, err
		}
		if e.UpdatedAt, err = parseTime(u); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	return out, nil
}

// CountFound counts the entries FindEntries would return without paging.
func (s *Store) CountFound(ctx context.Context, wb int64, f EntryFilter) (int, error) {
	where, args := filterWhere(wb, f)
	var n int
	if err := s.r.QueryRowContext(ctx, s.sql(`SELECT count(*) FROM entries WHERE `+where), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count entries: %w", err)
	}
	return n, nil
}
