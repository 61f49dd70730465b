package export

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwork/trustwork/internal/space"
	"github.com/trustwork/trustwork/internal/store"
)

// spaceUntil is how long a period was asked for, in the export's words;
// hurt is the side that asked for it.
func spaceUntil(d Doc, p store.SpacePeriod, hurt bool) string {
	if p.UntilTheyReachOut && hurt {
		return "until I am ready"
	}
	if p.UntilTheyReachOut {
		return "until they reach out"
	}
	return "until " + d.Date(p.Until)
}

// spaceTitle names the periods: space given, or the space the hurt side
// asked for.
func spaceTitle(hurt bool) string {
	if hurt {
		return "Space I asked for"
	}
	return "Giving space"
}

// count is n with its noun, "1 day" or "3 days".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// spaceSection exports the periods of giving space (oldest first, each
// with its days kept and its unsent letters) and the time-out plan.
var spaceSection = ToolSection{
	ID: "space",
	Markdown: func(ctx context.Context, d Doc, src ToolSource, wb store.Workbook) error {
		ps, err := src.SpacePeriods(ctx, wb.ID, true)
		if err != nil {
			return err
		}
		first := true
		for _, p := range ps {
			if !d.InRange(p.Since) {
				continue
			}
			if first {
				d.Raw("\n")
				d.Heading(2, spaceTitle(wb.Hurt()))
				first = false
			}
			d.Raw("\n")
			d.Heading(3, "From "+d.Date(p.Since)+", "+spaceUntil(d, p, wb.Hurt()))
			d.Raw("\n")
			if !p.Ended.IsZero() {
				d.Raw("- Ended " + d.Date(p.Ended) + ": " + d.Inline(p.EndedWhy) + "\n")
			} else if p.Active(d.Now()) {
				d.Raw("- Still being given\n")
			}
			d.Raw(fmt.Sprintf("- Days kept: %d\n", p.DaysKept(d.Now())))
			for _, l := range p.Letters {
				if l.Text == "" {
					continue
				}
				d.Raw("\n")
				when := "date unknown"
				if !store.UnreadableTime(l.At) {
					when = d.Date(l.At)
				}
				d.Heading(4, "Unsent letter, "+when)
				d.Raw("\n")
				d.Body(l.Text)
			}
		}
		plan, ok, err := src.TimeoutPlan(ctx, wb.ID)
		if err != nil {
			return err
		}
		ts, err := src.Timeouts(ctx, wb.ID, false)
		if err != nil {
			return err
		}
		n := 0
		for _, t := range ts {
			if d.InRange(t.Start) {
				n++
			}
		}
		// A break taken before any plan was written is still in the
		// export, as status counts it.
		if !ok && n == 0 {
			return nil
		}
		d.Raw("\n")
		d.Heading(2, "Time-out plan")
		d.Raw("\n")
		if !ok {
			d.Raw("*No plan written yet.*\n\n")
		}
		for _, row := range []struct{ label, text string }{
			{"Signal", plan.Signal},
			{"Break", fmt.Sprintf("%d minutes", plan.Minutes)},
			{"Meanwhile, I", plan.MeanwhileMe},
			{"Meanwhile, they", plan.MeanwhileThem},
			{"Coming back", plan.ComeBack},
		} {
			if !ok {
				break
			}
			text := row.text
			if row.label != "Break" {
				text = d.Inline(text)
			}
			if text == "" {
				text = "*not written yet*"
			}
			d.Raw("- " + row.label + ": " + text + "\n")
		}
		if n > 0 {
			d.Raw(fmt.Sprintf("- Breaks taken: %d\n", n))
		}
		return nil
	},
	Status: func(ctx context.Context, src ToolSource, wb store.Workbook, now time.Time) ([]string, error) {
		ps, err := src.SpacePeriods(ctx, wb.ID, false)
		if err != nil {
			return nil, err
		}
		var out []string
		if len(ps) > 0 {
			days := 0
			gs := make([]space.GivePeriod, len(ps))
			for i, p := range ps {
				days += p.DaysKept(now)
				gs[i] = p.GivePeriod
			}
			line := fmt.Sprintf("%s: %s, %s kept", spaceTitle(wb.Hurt()), count(len(ps), "time"), count(days, "day"))
			if i := space.Current(gs, now); i >= 0 {
				line += fmt.Sprintf("; now on day %d", ps[i].DaysKept(now)+1)
			}
			out = append(out, line)
		}
		plan, ok, err := src.TimeoutPlan(ctx, wb.ID)
		if err != nil {
			return nil, err
		}
		ts, err := src.Timeouts(ctx, wb.ID, false)
		if err != nil {
			return nil, err
		}
		if ok || len(ts) > 0 {
			line := fmt.Sprintf("Time-out plan: a %d-minute break, %d taken", plan.Minutes, len(ts))
			if len(ts) > 0 && ts[len(ts)-1].Running(now) {
				line += "; one running now"
			}
			out = append(out, line)
		}
		return out, nil
	},
}
