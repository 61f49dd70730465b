package export

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/trustwork/trustwork/internal/agreement"
	"github.com/trustwork/trustwork/internal/store"
)

// agreementsSection exports the agreements, by start date: area, status,
// start and review dates, the wording, and every review with its note.
// An agreement is in a dated export when it started or was reviewed in the
// range.
var agreementsSection = ToolSection{
	ID: "agreements",
	Markdown: func(ctx context.Context, d Doc, src ToolSource, wb store.Workbook) error {
		as, err := src.Agreements(ctx, wb.ID)
		if err != nil {
			return err
		}
		slices.SortStableFunc(as, func(a, b agreement.Agreement) int { return a.Start.Compare(b.Start) })
		first := true
		for _, a := range as {
			if !agreementInRange(d, a) {
				continue
			}
			if first {
				d.Raw("\n")
				d.Heading(2, "Agreements")
				d.Raw("\nMade together, each with a day to look at it again.\n")
				first = false
			}
			d.Raw("\n")
			d.Heading(3, a.Area.Label()+" · "+agreementStatus(a, d.Now()))
			// Dates are calendar days, kept as such: written as they
			// were set, never moved into the export's time zone.
			line := "\n*From " + dateString(a.Start)
			if !a.Ended() {
				line += " · review together by " + dateString(a.Review)
			}
			d.Raw(line + "*\n\n")
			d.Body(a.Text)
			if len(a.Reviews) > 0 {
				d.Raw("\nReviews:\n\n")
			}
			for _, r := range a.Reviews {
				line := "- *" + dateString(r.At) + "*: " + string(r.Outcome)
				if !r.Next.IsZero() {
					line += ", next review " + dateString(r.Next)
				}
				if r.Note != "" {
					line += ". " + d.Inline(r.Note)
				}
				d.Raw(line + "\n")
			}
		}
		return nil
	},
	Status: func(ctx context.Context, src ToolSource, wb store.Workbook, now time.Time) ([]string, error) {
		as, err := src.Agreements(ctx, wb.ID)
		if err != nil || len(as) == 0 {
			return nil, err
		}
		ended := 0
		for _, a := range as {
			if a.Ended() {
				ended++
			}
		}
		line := fmt.Sprintf("Agreements: %d", len(as))
		if ended > 0 {
			line += fmt.Sprintf(" (%d ended)", ended)
		}
		switch due := len(agreement.Due(as, now)); due {
		case 0:
			line += ", no reviews due"
		case 1:
			line += ", 1 review due"
		default:
			line += fmt.Sprintf(", %d reviews due", due)
		}
		return []string{line}, nil
	},
}

// agreementStatus is where an agreement stands, in words.
func agreementStatus(a agreement.Agreement, now time.Time) string {
	switch {
	case a.Ended():
		return "ended " + dateString(a.LastLooked())
	case a.DueForReview(now):
		return "review due"
	}
	return "active"
}

func agreementInRange(d Doc, a agreement.Agreement) bool {
	if d.InRange(a.Start) {
		return true
	}
	for _, r := range a.Reviews {
		if d.InRange(r.At) {
			return true
		}
	}
	return false
}
