package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/agreement"
)

// The two people's agreements live in the agreements table (migration
// 0005), one record per agreement. At is the next review date, so due
// reviews sort first. Data holds the area, the start and review dates, the
// status and the review history (day, outcome, next date); the wording is
// the text field AgreementField and the note of review n is
// AgreementReviewField(n), both written in the editor.
const (
	agreementsTable = "agreements"
	agreementKind   = "agreement"
	// AgreementField is the text field of an agreement's wording.
	AgreementField = "text"
	// dateLayout keeps dates as dates: a review date is a day on the
	// calendar, not an instant, so it reads back as the same day in any
	// time zone the journal is opened in.
	dateLayout = "2006-01-02"
)

// AgreementReviewField names the text field of the note of review n
// (1-based, in the order the reviews happened).
func AgreementReviewField(n int) string { return fmt.Sprintf("review-%d", n) }

type agreementData struct {
	Area    string       `json:"area"`
	Start   string       `json:"start"`
	Review  string       `json:"review,omitempty"`
	Status  string       `json:"status"`
	Reviews []reviewData `json:"reviews"`
}

type reviewData struct {
	At      string `json:"at"`
	Outcome string `json:"outcome"`
	Next    string `json:"next,omitempty"`
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

// dateOf reads a stored date as midnight local time; a damaged one reads
// as zero.
func dateOf(s string) time.Time {
	t, err := time.ParseInLocation(dateLayout, s, time.Local)
	if err != nil {
		return time.Time{}
	}
	return t
}

func agreementOf(r Record) agreement.Agreement {
	var d agreementData
	_ = json.Unmarshal(r.Data, &d) // damaged data reads as an agreement without dates
	a := agreement.Agreement{ID: r.ID, Area: agreement.Area(d.Area), Text: r.Text[AgreementField],
		Start: dateOf(d.Start), Review: dateOf(d.Review), Status: agreement.Status(d.Status)}
	if a.Status == "" {
		a.Status = agreement.Active
	}
	for i, rv := range d.Reviews {
		a.Reviews = append(a.Reviews, agreement.Review{At: dateOf(rv.At), Outcome: agreement.Outcome(rv.Outcome),
			Next: dateOf(rv.Next), Note: r.Text[AgreementReviewField(i+1)]})
	}
	return a
}

// agreementRecord is a's record without its text.
func agreementRecord(wb int64, a agreement.Agreement) (Record, error) {
	d := agreementData{Area: string(a.Area), Start: dateText(a.Start), Review: dateText(a.Review),
		Status: string(a.Status), Reviews: []reviewData{}}
	if d.Status == "" {
		d.Status = string(agreement.Active)
	}
	for _, rv := range a.Reviews {
		d.Reviews = append(d.Reviews, reviewData{At: dateText(rv.At), Outcome: string(rv.Outcome), Next: dateText(rv.Next)})
	}
	data, err := json.Marshal(d)
	return Record{ID: a.ID, WorkbookID: wb, Kind: agreementKind, At: a.Review, Data: data}, err
}

// Agreements lists a workbook's agreements with their wording and review
// notes, by review date (ended ones too; the screen and export sort them).
func (s *Store) Agreements(ctx context.Context, wb int64) ([]agreement.Agreement, error) {
	rs, err := s.Records(ctx, agreementsTable, wb, RecordQuery{Kind: agreementKind, ByAt: true, WithText: true})
	if err != nil {
		return nil, err
	}
	out := make([]agreement.Agreement, len(rs))
	for i, r := range rs {
		out[i] = agreementOf(r)
	}
	return out, nil
}

// AgreementByID reads one agreement.
func (s *Store) AgreementByID(ctx context.Context, wb, id int64) (agreement.Agreement, error) {
	r, err := s.Record(ctx, agreementsTable, wb, id)
	if err != nil {
		return agreement.Agreement{}, err
	}
	return agreementOf(r), nil
}

// SaveAgreement stores an agreement's wording and deletes the draft it was
// written in, in one transaction, and returns its id. A new agreement (ID
// 0) is made with a's area and dates, which must be valid: every agreement
// has a review date at most 90 days away. An existing one keeps its dates
// and history; only its wording changes.
func (s *Store) SaveAgreement(ctx context.Context, wb int64, a agreement.Agreement, draft DraftKey) (int64, error) {
	a.Text = strings.TrimSpace(a.Text)
	if a.ID == 0 {
		if err := a.Validate(); err != nil {
			return 0, err
		}
	} else if a.Text == "" {
		return 0, errors.New("an agreement needs words: write what the two of you agree")
	}
	r, err := agreementRecord(wb, a)
	if err != nil {
		return 0, err
	}
	r, err = s.SaveRecordText(ctx, agreementsTable, r, AgreementField, a.Text, draft)
	return r.ID, err
}

// ReviewAgreement records a review of agreement id made together (its
// outcome, next date and note) and deletes the note's draft, in one
// transaction. It returns the agreement as it now stands, or the reason
// the review is refused (agreement.Apply), with nothing changed.
func (s *Store) ReviewAgreement(ctx context.Context, wb, id int64, rv agreement.Review, draft DraftKey) (agreement.Agreement, error) {
	var out agreement.Agreement
	var refused error
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.recordTx(ctx, tx, agreementsTable, wb, id)
		if err != nil {
			return err
		}
		a, err := agreementOf(cur).Apply(rv)
		if err != nil {
			refused = err
			return err
		}
		r, err := agreementRecord(wb, a)
		if err != nil {
			return err
		}
		r.Text = cloneText(cur.Text)
		r.Text[AgreementReviewField(len(a.Reviews))] = strings.TrimSpace(rv.Note)
		if _, err := s.updateRecordTx(ctx, tx, agreementsTable, r); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM drafts
			WHERE workbook_id = ? AND step_id = ? AND prompt_id = ? AND entry_id = ?`,
			draft.WorkbookID, draft.StepID, draft.PromptID, draft.EntryID); err != nil {
			return err
		}
		out = a
		out.Reviews[len(out.Reviews)-1].Note = strings.TrimSpace(rv.Note)
		return nil
	})
	if refused != nil {
		return agreement.Agreement{}, refused
	}
	if err != nil {
		return agreement.Agreement{}, fmt.Errorf("save %s: %w", agreementsTable, err)
	}
	return out, nil
}

// DeleteAgreement removes an agreement and any drafts of its text.
func (s *Store) DeleteAgreement(ctx context.Context, wb, id int64, stepID string) error {
	return s.DeleteRecord(ctx, agreementsTable, wb, id, stepID)
}
