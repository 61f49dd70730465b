package export

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/checkin"
	"github.com/trustwork/trustwork/internal/store"
)

// trendsSection is the Trends tool's part of `trustwork status`: one line,
// each check-in score's direction over the last four weeks against the four
// before. It has no markdown of its own: the check-ins' section carries the
// scores. It reads eight weeks of scores, never a note.
var trendsSection = ToolSection{
	ID:       "trends",
	Markdown: func(context.Context, Doc, ToolSource, store.Workbook) error { return nil },
	Status: func(ctx context.Context, src ToolSource, wb store.Workbook, now time.Time) ([]string, error) {
		cs, err := src.Checkins(ctx, wb.ID, now.AddDate(0, 0, -56), time.Time{}, false)
		if err != nil || len(cs) == 0 {
			return nil, err
		}
		return []string{TrendLine(cs, wb.Hurt(), now)}, nil
	},
}

// TrendLine is the one-line trend of the check-in scores: "Trend of
// check-ins (last 4 weeks against the 4 before): safe steadier, close
// about the same, trust lower lately".
func TrendLine(cs []store.Checkin, hurt bool, now time.Time) string {
	track := checkin.Repair
	if hurt {
		track = checkin.Hurt
	}
	var parts []string
	same := true // every score has the same direction: say it once
	first := ""
	for i, d := range checkin.Dimensions(track) {
		var pts []checkin.Point
		for _, c := range cs {
			if v, ok := c.Scores[d.Key]; ok && checkin.CheckScore(v) == nil {
				pts = append(pts, checkin.Point{At: c.At, Value: float64(v)})
			}
		}
		dir := checkin.TrendOf(pts, now).Direction
		if i == 0 {
			first = dir
		}
		same = same && dir == first
		parts = append(parts, d.Label+" "+dir)
	}
	if same && first != "" {
		return "Trend of check-ins (last 4 weeks against the 4 before): " + first
	}
	return fmt.Sprintf("Trend of check-ins (last 4 weeks against the 4 before): %s", strings.Join(parts, ", "))
}
