package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Hurt reports whether the person is the one whose trust was broken, which
// decides the track of lessons they follow.
func (w Workbook) Hurt() bool { return w.Role == RoleHurt }

// ErrNameTaken: another workbook already has that name. Names are what
// `--workbook NAME` and the workbooks screen tell workbooks apart by.
var ErrNameTaken = errors.New("name already used by another workbook")

// SameName reports whether two workbook names are the same to a person:
// case and surrounding spaces do not count.
func SameName(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// checkRole refuses a role the schema would refuse, with a readable error.
func checkRole(what string, r Role) error {
	if r != RoleRepairing && r != RoleHurt {
		return fmt.Errorf("%s: role %q is not %q or %q", what, r, RoleRepairing, RoleHurt)
	}
	return nil
}

// nameFree returns ErrNameTaken when a workbook other than id is named
// name. It compares in Go, not SQL, so it keeps working when names are
// stored sealed.
func (s *Store) nameFree(ctx context.Context, id int64, name string) error {
	wbs, err := s.Workbooks(ctx)
	if err != nil {
		return err
	}
	for _, w := range wbs {
		if w.ID != id && SameName(w.PartnerName, name) {
			return fmt.Errorf("%q: %w; choose another name", strings.TrimSpace(name), ErrNameTaken)
		}
	}
	return nil
}

// UpdateWorkbook changes a workbook's name, relationship and side. Nothing
// else changes: entries keep the prompt text they answered, and progress is
// kept per step, so a change of side moves the person to the other track
// with every word they wrote.
func (s *Store) UpdateWorkbook(ctx context.Context, w Workbook) (Workbook, error) {
	if err := s.injected("UpdateWorkbook"); err != nil {
		return Workbook{}, err
	}
	if err := checkRole("change workbook", w.Role); err != nil {
		return Workbook{}, err
	}
	if err := s.nameFree(ctx, w.ID, w.PartnerName); err != nil {
		return Workbook{}, err
	}
	t, ts := s.nowText()
	c := s.codec()
	name, err := c.seal(w.PartnerName, "workbooks", "partner_name", idText(w.ID))
	if err != nil {
		return Workbook{}, fmt.Errorf("change workbook: %w", err)
	}
	rel, err := c.seal(w.Relationship, "workbooks", "relationship", idText(w.ID))
	if err != nil {
		return Workbook{}, fmt.Errorf("change workbook: %w", err)
	}
	res, err := s.w.ExecContext(ctx, `UPDATE workbooks SET partner_name = ?, relationship = ?, role = ?, updated_at = ?
		WHERE id = ?`, name, rel, string(w.Role), ts, w.ID)
	if err != nil {
		return Workbook{}, fmt.Errorf("change workbook: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return Workbook{}, fmt.Errorf("change workbook %d: %w", w.ID, ErrNotFound)
	}
	w.UpdatedAt = t
	return w, nil
}

// DeleteWorkbook backs the whole database up into backupDir (see
// BackupToFolder; "" means the usual folder) and only then deletes the
// workbook with its entries, drafts, progress and resume point. It returns
// the backup's path. If the backup fails nothing is deleted.
func (s *Store) DeleteWorkbook(ctx context.Context, id int64, backupDir string) (string, error) {
	if err := s.injected("DeleteWorkbook"); err != nil {
		return "", err
	}
	if _, err := s.workbook(ctx, id); err != nil {
		return "", err
	}
	backup, err := s.BackupToFolder(ctx, backupDir)
	if err != nil {
		return "", fmt.Errorf("nothing was deleted: %w", err)
	}
	// Foreign keys cascade to entries, drafts, progress and resume point.
	if _, err := s.w.ExecContext(ctx, `DELETE FROM workbooks WHERE id = ?`, id); err != nil {
		return backup, fmt.Errorf("delete workbook: %w", err)
	}
	return backup, nil
}

// workbook returns one workbook by id.
func (s *Store) workbook(ctx context.Context, id int64) (Workbook, error) {
	wbs, err := s.Workbooks(ctx)
	if err != nil {
		return Workbook{}, err
	}
	for _, w := range wbs {
		if w.ID == id {
			return w, nil
		}
	}
	return Workbook{}, fmt.Errorf("workbook %d: %w", id, ErrNotFound)
}

// LastUsedWorkbook returns the workbook used most recently: the one whose
// resume point was saved last (every move saves it), else the newest. ok is
// false when there are no workbooks.
func (s *Store) LastUsedWorkbook(ctx context.Context) (w Workbook, ok bool, err error) {
	var id int64
	err = s.r.QueryRowContext(ctx, `SELECT w.id FROM workbooks w
		LEFT JOIN resume_state r ON r.workbook_id = w.id
		ORDER BY coalesce(r.updated_at, w.created_at) DESC, w.id DESC LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Workbook{}, false, nil
	}
	if err != nil {
		return Workbook{}, false, fmt.Errorf("finding your last workbook: %w", err)
	}
	w, err = s.workbook(ctx, id)
	return w, err == nil, err
}
