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

// filterWhere is the WHERE clause of CountFound; FindEntries uses its
// two parts apart. LIKE is case-insensitive for ASCII only, which is what
// the docs promise.
func filterWhere(wb int64, f EntryFilter) (string, []any) {
	where, args := rowWhere(wb, f)
	if text, targs := textWhere(f, entryBodySQL); text != "" {
		where += ` AND ` + text
		args = append(args, targs...)
	}
	return where, args
}

// rowWhere is the part of a filter on plain columns.
func rowWhere(wb int64, f EntryFilter) (string, []any) {
	where, args := `workbook_id = ?`, []any{wb}
	if f.StepID != "" {
		where += ` AND step_id = ?`
		args = append(args, f.StepID)
	}
	return where, args
}

// textWhere is the part of a filter on the text, empty without one. body
// names the opened body: entryBodySQL, or a column that already holds it.
func textWhere(f EntryFilter, body string) (string, []any) {
	if f.Text == "" {
		return "", nil
	}
	p := "%" + likeEscaper.Replace(f.Text) + "%"
	return `(` + body + ` LIKE ? ESCAPE '\' OR ` + entryPromptSQL + ` LIKE ? ESCAPE '\' OR step_id LIKE ? ESCAPE '\')`, []any{p, p, p}
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
// and octet_length gives the size in bytes. With a text filter the preview
// starts a little before the first match in the body, so the list can show
// the words that matched; PreviewFrom says where.
//
// The body is opened once per row: the inner query names it opened (b), in
// the order of the entries_by_time index, and everything after reads b.
// LIMIT -1 OFFSET 0 keeps SQLite from folding the inner query into the
// outer one, which would copy tw_open into each place b is used (five
// decryptions per listed row with the lock on), while the outer ORDER BY
// still walks the index and stops at the page's last row.
func (s *Store) FindEntries(ctx context.Context, wb int64, f EntryFilter, limit, offset int) ([]EntrySummary, error) {
	if limit <= 0 {
		limit = -1
	}
	if offset < 0 {
		offset = 0
	}
	inner, args := rowWhere(wb, f)
	from, text, targs := `0`, `1`, []any(nil)
	if f.Text != "" {
		// lower() folds ASCII only, like LIKE, so it finds the match LIKE found.
		from = fmt.Sprintf(`max(instr(lower(b), lower(?)) - 1 - %d, 0)`, snippetLead)
		text, targs = textWhere(f, "b")
		args = append([]any{f.Text}, args...)
	}
	args = append(append(args, targs...), limit, offset)
	// Private text is read through the codec (see codec.go).
	q := fmt.Sprintf(`SELECT id, step_id, prompt_id, %s, substr(b, 1 + pf, %d), pf, octet_length(b), created_at, updated_at
		FROM (SELECT *, %s AS pf FROM (SELECT *, %s AS b FROM entries WHERE %s
			ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET 0) WHERE %s)
		ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, entryPromptSQL, PreviewRunes, from, entryBodySQL, inner, text)
	rows, err := s.r.QueryContext(ctx, s.sql(q), args...)
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
