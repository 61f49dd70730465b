package export

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/checkin"
	"github.com/trustwork/trustwork/internal/store"
)

// checkinsSection exports the check-ins: a table of the scores, then a
// dated section per check-in with its scores, answers, note and one thing;
// and the takes of the self-assessment with what changed each time.
var checkinsSection = ToolSection{
	ID:       "checkin",
	Markdown: checkinsMarkdown,
	Status:   checkinsStatus,
}

func checkinsMarkdown(ctx context.Context, d Doc, src ToolSource, wb store.Workbook) error {
	all, err := src.Checkins(ctx, wb.ID, time.Time{}, time.Time{}, true)
	if err != nil {
		return err
	}
	var cs []store.Checkin
	for _, c := range all {
		if d.InRange(c.At) {
			cs = append(cs, c)
		}
	}
	tr := checkin.TrackOf(wb.Hurt())
	dims := checkin.Dimensions(tr)
	if len(cs) > 0 {
		d.Raw("\n")
		d.Heading(2, "Check-ins")
		d.Raw("\nScores from 1 (low) to 10 (high).\n\n| Date |")
		sep := "\n|---|"
		for _, dm := range dims {
			d.Raw(" " + dm.Label + " |")
			sep += "---:|"
		}
		d.Raw(sep + "\n")
		for _, c := range cs {
			d.Raw("| " + d.Date(c.At) + " |")
			for _, dm := range dims {
				d.Raw(" " + scoreCell(c.Scores, dm.Key) + " |")
			}
			d.Raw("\n")
		}
		for _, c := range cs {
			writeCheckin(d, c, tr, dims)
		}
	}
	return writeAssessments(ctx, d, src, wb)
}

// scoreCell is a score for the table: the number, or a dash when unset.
func scoreCell(scores map[string]int, key string) string {
	if v, ok := scores[key]; ok && checkin.CheckScore(v) == nil {
		return strconv.Itoa(v)
	}
	return "–"
}

// writeCheckin writes one check-in's section.
func writeCheckin(d Doc, c store.Checkin, tr checkin.Track, dims []checkin.Dimension) {
	d.Raw("\n")
	title := d.Date(c.At)
	if !c.Done {
		title += " (not finished)"
	}
	d.Heading(3, title)
	var parts []string
	for _, dm := range dims {
		if v, ok := c.Scores[dm.Key]; ok && checkin.CheckScore(v) == nil {
			parts = append(parts, fmt.Sprintf("%s %d", dm.Label, v))
		}
	}
	if len(parts) > 0 {
		d.Raw("\nScores: " + strings.Join(parts, ", ") + ".\n")
	}
	field := func(label, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		d.Raw("\n*" + label + "*\n\n")
		d.Body(text)
	}
	for i, q := range checkin.Questions(tr) {
		field(q, c.Text[store.CheckinAnswerField(i)])
	}
	field("Note", c.Text[store.CheckinNoteField])
	field("One thing for this week", c.Text[store.CheckinOneThingField])
}

// writeAssessments lists the finished takes of the self-assessment, each
// with its counts and what changed since the take before.
func writeAssessments(ctx context.Context, d Doc, src ToolSource, wb store.Workbook) error {
	as, err := src.Assessments(ctx, wb.ID, time.Time{}, time.Time{})
	if err != nil {
		return err
	}
	missing, returning := signCounts()
	var prev checkin.Assessment
	first := true
	for _, a := range as {
		if !a.Done {
			continue
		}
		cur := checkin.Assessment(a.Checked)
		change := ""
		if prev != nil {
			change = "; " + checkin.Diff(prev, cur).Words()
		}
		prev = cur
		if !d.InRange(a.At) {
			continue
		}
		if first {
			d.Raw("\n")
			d.Heading(2, "Self-assessment")
			d.Raw("\n")
			first = false
		}
		sc := checkin.ScoreOf(cur)
		d.Raw(fmt.Sprintf("- *%s*: %d of %d signs that trust is missing, %d of %d that it is returning%s\n",
			d.Date(a.At), sc.Missing, missing, sc.Returning, returning, change))
	}
	return nil
}

// signCounts is how many signs of each kind the checklist has.
func signCounts() (missing, returning int) {
	for _, s := range checkin.Signs() {
		if s.Missing {
			missing++
		} else {
			returning++
		}
	}
	return missing, returning
}

// checkinsStatus is status's line: how many check-ins, when the last was,
// and which way the scores are going.
func checkinsStatus(ctx context.Context, src ToolSource, wb store.Workbook, now time.Time) ([]string, error) {
	cs, err := src.Checkins(ctx, wb.ID, time.Time{}, time.Time{}, false)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	// The trend has its own line, per score (see trends.go).
	last := cs[len(cs)-1]
	return []string{fmt.Sprintf("Check-ins: %d, the last %s", len(cs), checkin.DaysAgo(last.At, now))}, nil
}
