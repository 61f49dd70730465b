package export

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/wins"
)

// winsSection exports the small wins, oldest first, one line each.
var winsSection = ToolSection{
	ID: "wins",
	Markdown: func(ctx context.Context, d Doc, src ToolSource, wb store.Workbook) error {
		ws, err := src.Wins(ctx, wb.ID)
		if err != nil {
			return err
		}
		first := true
		for _, w := range ws {
			if !d.InRange(w.At) {
				continue
			}
			if first {
				d.Raw("\n")
				d.Heading(2, "Small wins")
				d.Raw("\n")
				first = false
			}
			d.Raw("- *" + d.Date(w.At) + "*: " + d.Inline(w.Text) + "\n")
		}
		return nil
	},
	Status: func(ctx context.Context, src ToolSource, wb store.Workbook, now time.Time) ([]string, error) {
		ws, err := src.Wins(ctx, wb.ID)
		if err != nil || len(ws) == 0 {
			return nil, err
		}
		return []string{fmt.Sprintf("Small wins: %d, %d in the last 7 days", len(ws), wins.Since(ws, now.AddDate(0, 0, -7)))}, nil
	},
}
