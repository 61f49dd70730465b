package devdata

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/trustwork/trustwork/internal/promise"
	"github.com/trustwork/trustwork/internal/store"
)

// Promises people make while repairing trust: small, concrete, checkable.
var promiseWords = []string{
	"Home by seven tonight", "Call when I leave work", "Tell you before I see him",
	"Show you the phone bill when it comes", "Book the counsellor for next week",
	"Cook dinner on Thursday", "Answer when you ask where I was, straight away",
	"Put my phone face up at dinner", "Pick the kids up on Friday", "Fix the gate this weekend",
	"No drinks after work this week", "Text when the meeting runs late", "Walk with you on Sunday",
	"Read the chapter you sent me", "Tell you if she contacts me", "Be honest about the money",
}

var promiseNotes = map[promise.Status][]string{
	promise.Kept:         {"Made it with time to spare.", "Easy this time.", "Did it, and said so.", "Harder than it sounds; done."},
	promise.Missed:       {"Stayed late and did not call. Told her as soon as I was home.", "Forgot. Said it before she asked.", "Got caught up and let it slide; owned it that evening."},
	promise.Renegotiated: {"Asked for another week, before the day came.", "We agreed Saturday instead.", "Said early that I could not; we changed it together."},
}

// promisesData gives the journal a promise ledger over its span: a promise
// every few days (more in the raw first months), most for today or the
// week, some ongoing; kept more often as time goes on, a missed one
// usually owned, a few renegotiated, the last few still open and one or
// two overdue.
func promisesData(ctx context.Context, st *store.Store, wb store.Workbook, sp Spec) error {
	rng := rand.New(rand.NewPCG(sp.Seed, 0x70726f6d)) // "prom"
	end := sp.Start.Add(sp.Span)
	var ps []store.PromiseRecord
	t := sp.Start.Add(time.Duration(rng.Int64N(int64(3 * 24 * time.Hour))))
	for t.Before(end) {
		progress := float64(t.Sub(sp.Start)) / float64(sp.Span) // 0 at the start, 1 at the end
		p := store.PromiseRecord{Set: true, Promise: promise.Promise{
			What: promiseWords[rng.IntN(len(promiseWords))], ToWhom: wb.PartnerName, Made: t, Status: promise.Open,
		}}
		switch rng.IntN(8) {
		case 0:
			p.ToWhom = "Myself"
		case 1:
			p.ToWhom = "Our children"
		}
		if rng.IntN(6) > 0 { // one in six is ongoing
			y, m, d := t.AddDate(0, 0, rng.IntN(8)).Date()
			p.Due = time.Date(y, m, d, 23, 59, 59, 0, t.Location())
		}
		settle := p.Due
		if p.Ongoing() {
			settle = t.AddDate(0, 0, 7+rng.IntN(60))
		}
		if settle.Before(end) {
			missChance := 0.35 - 0.27*progress // reliability grows
			st := promise.Kept
			switch r := rng.Float64(); {
			case r < 0.08:
				st = promise.Renegotiated
				settle = t.Add(time.Duration(rng.Int64N(int64(max(settle.Sub(t), time.Hour)))))
			case r < 0.08+missChance:
				st = promise.Missed
				settle = settle.Add(time.Duration(rng.IntN(20)) * time.Hour)
			default:
				settle = settle.Add(-time.Duration(rng.IntN(6)) * time.Hour)
			}
			note := ""
			if rng.IntN(2) == 0 || st != promise.Kept {
				note = promiseNotes[st][rng.IntN(len(promiseNotes[st]))]
			}
			p.Promise, _ = p.Settle(st, note, settle)
			if st == promise.Missed && rng.Float64() < 0.6+0.35*progress {
				p.Owned, p.OwnedAt = true, settle.Add(time.Duration(1+rng.IntN(12))*time.Hour)
			}
		}
		ps = append(ps, p)
		gap := 2 + rng.IntN(5)
		if t.Sub(sp.Start) < 120*24*time.Hour {
			gap = 1 + rng.IntN(3)
		}
		t = t.AddDate(0, 0, gap)
	}
	return st.ImportPromises(ctx, wb.ID, ps, nil)
}
