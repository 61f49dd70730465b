package store

import (
	"context"
	"database/sql"
	"encoding/json"
)

// importCheckins inserts a generator's check-ins and self-assessments in
// Import's transaction: one commit for three years of daily rows, where
// AddCheckin would commit each. Their created and updated times are their
// At, as if each was done on its day.
func importCheckins(ctx context.Context, tx *sql.Tx, c *codec, wb int64, cs []Checkin, as []Assessment) error {
	if len(cs)+len(as) == 0 {
		return nil
	}
	next, err := nextID(ctx, tx, checkinsTable)
	if err != nil {
		return err
	}
	insert := func(r Record) error {
		r.ID = next
		next++
		r.CreatedAt, r.UpdatedAt = r.At, r.At
		return insertRecord(ctx, tx, c, checkinsTable, r)
	}
	for _, ci := range cs {
		r, err := ci.record(wb)
		if err != nil {
			return err
		}
		if err := insert(r); err != nil {
			return err
		}
	}
	for _, a := range as {
		checked := a.Checked
		if checked == nil {
			checked = map[string]bool{}
		}
		data, err := json.Marshal(assessmentData{Checked: checked, Done: a.Done})
		if err != nil {
			return err
		}
		if err := insert(Record{WorkbookID: wb, Kind: assessmentKind, At: a.At, Data: data}); err != nil {
			return err
		}
	}
	return nil
}
