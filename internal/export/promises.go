package export

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/promise"
	"github.com/trustwork/trustwork/internal/store"
)

// promisesSection exports the promise ledger (what, to whom, by when, where
// it stands, every change with its note) and the hurt track's "what I need
// to see", each in its own part, and gives their status lines. A promise is
// in a --since/--until export when it was made or changed in the range.
var promisesSection = ToolSection{
	ID: "promises",
	Markdown: func(ctx context.Context, d Doc, src ToolSource, wb store.Workbook) error {
		ps, err := src.Promises(ctx, wb.ID)
		if err != nil {
			return err
		}
		first := true
		for _, p := range ps {
			if !promiseInRange(d, p) {
				continue
			}
			headOnce(d, &first, "Promises")
			d.Raw("- **" + d.Inline(p.What) + "**: " + promiseFacts(d, p) + "\n")
			for _, c := range p.History {
				line := "  - " + d.Date(c.At) + ", " + string(c.Status)
				if strings.TrimSpace(c.Note) != "" {
					line += ": " + d.Inline(c.Note)
				}
				d.Raw(line + "\n")
			}
		}
		ns, err := src.Needs(ctx, wb.ID, true)
		if err != nil {
			return err
		}
		first = true
		for _, n := range ns {
			if !d.InRange(n.Added) {
				continue
			}
			headOnce(d, &first, "What I need to see")
			d.Raw("- " + d.Inline(n.What) + " (look at it again on " + d.Date(n.Review) + ")\n")
		}
		return nil
	},
	Status: func(ctx context.Context, src ToolSource, wb store.Workbook, now time.Time) ([]string, error) {
		var out []string
		ps, err := src.PromisesBrief(ctx, wb.ID)
		if err != nil {
			return nil, err
		}
		if len(ps) > 0 {
			open, late := 0, 0
			plain := make([]promise.Promise, 0, len(ps))
			for _, p := range ps {
				plain = append(plain, p.Promise)
				if p.Status == promise.Open {
					open++
				}
				if p.Overdue(now) {
					late++
				}
			}
			out = append(out, fmt.Sprintf("Promises: %d open, %d overdue", open, late),
				"  last 30 days: "+promise.ReliabilityOver(plain, now, promise.Month).Words(),
				"  last 90 days: "+promise.ReliabilityOver(plain, now, promise.Quarter).Words())
		}
		ns, err := src.Needs(ctx, wb.ID, false)
		if err != nil || len(ns) == 0 {
			return out, err
		}
		due := 0
		for _, n := range ns {
			if n.DueForReview(now) {
				due++
			}
		}
		return append(out, fmt.Sprintf("What I need to see: %d, %d due for review", len(ns), due)), nil
	},
}

// promiseInRange reports whether a promise was made or changed inside the
// export's range.
func promiseInRange(d Doc, p store.PromiseRecord) bool {
	if d.InRange(p.Made) {
		return true
	}
	for _, c := range p.History {
		if d.InRange(c.At) {
			return true
		}
	}
	return false
}

// promiseFacts is a promise's line after its words: to whom, by when,
// where it stands.
func promiseFacts(d Doc, p store.PromiseRecord) string {
	var parts []string
	if p.ToWhom != "" {
		parts = append(parts, "to "+d.Inline(p.ToWhom))
	}
	parts = append(parts, "made "+d.Date(p.Made))
	if p.Ongoing() {
		parts = append(parts, "ongoing")
	} else {
		parts = append(parts, "due "+d.Date(p.Due))
	}
	state := string(p.Status)
	switch {
	case p.Overdue(d.Now()):
		state = "open, overdue"
	case p.Status == promise.Missed && p.Owned:
		state = "missed, owned " + d.Date(p.OwnedAt)
	case p.Status == promise.Missed:
		state = "missed, not yet owned"
	}
	return strings.Join(append(parts, state), " · ")
}

// headOnce writes a section's heading before its first line.
func headOnce(d Doc, first *bool, title string) {
	if *first {
		d.Raw("\n")
		d.Heading(2, title)
		d.Raw("\n")
		*first = false
	}
}
