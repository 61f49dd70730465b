package devdata

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/trustwork/trustwork/internal/space"
	"github.com/trustwork/trustwork/internal/store"
)

// spaceData gives the journal what giving space and time-outs leave over
// its span: a period of space every couple of months (more often in the
// first year, when things are raw), some with an end date and some "until
// they reach out", most ended early, a few with unsent letters; a time-out
// plan agreed early on; and a break taken every few weeks.
func spaceData(ctx context.Context, st *store.Store, wb store.Workbook, sp Spec) error {
	rng := rand.New(rand.NewPCG(sp.Seed, 0x7370616365)) // "space"
	end := sp.Start.Add(sp.Span)
	reasons := space.EndReasons(false)
	t := sp.Start.Add(time.Duration(rng.Int64N(int64(10 * 24 * time.Hour))))
	for t.Before(end) {
		g := space.GivePeriod{Since: t}
		days := 2 + rng.IntN(20)
		if rng.IntN(3) == 0 {
			g.UntilTheyReachOut = true
		} else {
			g.Until = t.AddDate(0, 0, days)
		}
		p, err := st.StartSpace(ctx, wb.ID, g)
		if err != nil {
			return err
		}
		for n := range rng.IntN(4) {
			at := t.Add(time.Duration(rng.Int64N(int64(days) * int64(24*time.Hour))))
			if err := st.SaveUnsentLetter(ctx, wb.ID, p.ID, n+1, prose(rng, jitter(rng, sp.TypicalBytes)), at, store.DraftKey{WorkbookID: wb.ID}); err != nil {
				return err
			}
		}
		// Most end early, when they reach out or both agree to talk; an
		// open-ended one always ends that way, unless it is the last.
		stop := t.AddDate(0, 0, 1+rng.IntN(days))
		if (g.UntilTheyReachOut || rng.IntN(3) > 0) && stop.Before(end) {
			if err := st.EndSpace(ctx, wb.ID, p.ID, stop, reasons[rng.IntN(len(reasons))]); err != nil {
				return err
			}
		}
		gap := 30 + rng.IntN(60)
		if t.Sub(sp.Start) < 365*24*time.Hour {
			gap = 14 + rng.IntN(30)
		}
		t = t.AddDate(0, 0, days+gap)
	}

	id, err := st.SetTimeoutMinutes(ctx, wb.ID, 0, 20+5*rng.IntN(5))
	if err != nil {
		return err
	}
	for _, f := range []string{store.PlanSignalField, store.PlanMeField, store.PlanThemField, store.PlanComeBackField} {
		if _, err := st.SavePlanText(ctx, wb.ID, id, f, prose(rng, 40+rng.IntN(80)), store.DraftKey{WorkbookID: wb.ID}); err != nil {
			return err
		}
	}
	plan, _, err := st.TimeoutPlan(ctx, wb.ID)
	if err != nil {
		return err
	}
	for t := sp.Start.Add(20 * 24 * time.Hour); t.Before(end); t = t.Add(time.Duration(7+rng.IntN(35)) * 24 * time.Hour) {
		at := time.Date(t.Year(), t.Month(), t.Day(), 18+rng.IntN(4), rng.IntN(60), 0, 0, time.UTC)
		to, err := st.StartTimeout(ctx, wb.ID, at, plan.Minutes)
		if err != nil {
			return err
		}
		if rng.IntN(6) == 0 { // now and then, a break ended early
			if err := st.StopTimeout(ctx, wb.ID, to, at.Add(time.Duration(5+rng.IntN(10))*time.Minute)); err != nil {
				return err
			}
		}
	}
	return nil
}
