package devdata

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/trustwork/trustwork/internal/checkin"
	"github.com/trustwork/trustwork/internal/store"
)

// checkinStream keeps the check-ins' random numbers apart from the
// journal's, so adding them left every generated entry as it was.
const checkinStream = 0x636865636b696e // "checkin"

// checkins makes daily check-ins and weekly self-assessments over [start,
// end): most days have one, some are skipped, and a few stretches of one
// to three weeks have none (holidays, the weeks nobody opens the app).
// Scores drift slowly upward with day-to-day noise, and a handful of bad
// weeks dip, because repair is not a straight line and the charts must
// show that without flattering or scolding. Only scores are written: the
// charts never read text, and a benchmark of them must not depend on it.
func checkins(seed uint64, start, end time.Time) ([]store.Checkin, []store.Assessment) {
	rng := rand.New(rand.NewPCG(seed, checkinStream))
	days := int(end.Sub(start).Hours() / 24)
	if days <= 0 {
		return nil, nil
	}
	// Bad weeks: about one every four months.
	bad := map[int]bool{}
	for range max(days/120, 1) {
		w := rng.IntN(max(days/7, 1))
		bad[w] = true
	}
	dims := checkin.Dimensions(checkin.Repair)
	// Trust lags the other two: it is the slowest to come back.
	offset := map[string]float64{"safe": 0.4, "close": 0, "trust": -0.6}
	var cs []store.Checkin
	var as []store.Assessment
	gap := 0
	for d := range days {
		day := start.AddDate(0, 0, d)
		progress := float64(d) / float64(days) // 0 → 1 over the span
		week := d / 7
		if gap > 0 {
			gap--
			continue
		}
		if rng.IntN(200) == 0 { // a quiet stretch of one to three weeks
			gap = 7 + rng.IntN(15)
			continue
		}
		if day.Weekday() == time.Sunday && rng.IntN(7) != 0 {
			as = append(as, store.Assessment{At: day.Add(20 * time.Hour), Checked: assessment(rng, progress, bad[week]), Done: true})
		}
		if rng.IntN(4) == 0 { // about one day in four is skipped
			continue
		}
		base := 3.2 + 3.6*progress
		if bad[week] {
			base -= 2.2 + rng.Float64()
		}
		scores := map[string]int{}
		for _, dim := range dims {
			v := base + offset[dim.Key] + rng.NormFloat64()*1.1
			scores[dim.Key] = int(min(max(math.Round(v), checkin.MinScore), checkin.MaxScore))
		}
		at := day.Add(time.Duration(19*60+rng.IntN(240)) * time.Minute)
		cs = append(cs, store.Checkin{At: at, Scores: scores, Done: true})
	}
	return cs, as
}

// assessment ticks the signs as someone further along would: missing signs
// less often, returning signs more often, and the other way in a bad week.
func assessment(rng *rand.Rand, progress float64, bad bool) map[string]bool {
	pMissing, pReturning := 0.7-0.5*progress, 0.15+0.55*progress
	if bad {
		pMissing, pReturning = pMissing+0.25, pReturning-0.2
	}
	out := map[string]bool{}
	for _, s := range checkin.Signs() {
		p := pReturning
		if s.Missing {
			p = pMissing
		}
		if rng.Float64() < p {
			out[s.ID] = true
		}
	}
	return out
}
