package devdata

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/trustwork/trustwork/internal/agreement"
	"github.com/trustwork/trustwork/internal/store"
)

// agreementWords are agreements as two people might write them, by area.
var agreementWords = map[agreement.Area][]string{
	agreement.CheckIns: {
		"A talk on Sunday evening, twenty minutes, phones away: how are we doing, what helped, what hurt.",
		"A short check-in before bed on weekdays; either of us can say 'not tonight' and we try the next day.",
	},
	agreement.Openness: {
		"I share my plans for the day in the morning and say when they change.",
		"If something happens that could cause doubt, I say it first, before it is found out.",
	},
	agreement.ThirdPerson: {
		"No contact with them. If they write, I show the message and answer only with the words we agreed.",
		"At work I keep to email with others in copy, and I say so when we have to be in the same meeting.",
	},
	agreement.Money: {
		"We look at the joint account together on the first Sunday of the month.",
		"Any spending over 100 we mention the same day.",
	},
	agreement.Phones: {
		"Phones stay face up at home; no deleted messages.",
		"No phones at dinner, for both of us.",
	},
	agreement.Other: {
		"We see the counsellor together every other week and neither of us cancels alone.",
	},
}

// agreementsData gives the journal the agreements two people make and
// review over its span: most in the first months, when repair is new, a few
// later; each looked at again every two to nine weeks, mostly kept, now and
// then changed, and in time ended together as they are no longer needed.
// Whatever is still active at the end may be due for review.
func agreementsData(ctx context.Context, st *store.Store, wb store.Workbook, sp Spec) error {
	rng := rand.New(rand.NewPCG(sp.Seed, 0x6167726565)) // "agree"
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	begin, end := day(sp.Start), day(sp.Start.Add(sp.Span))
	areas := agreement.Areas()
	n := 5 + rng.IntN(5)
	for i := range n {
		offset := rng.IntN(60) // the first ones in the first two months
		if i >= 4 {
			offset = rng.IntN(max(int(end.Sub(begin).Hours()/24), 1))
		}
		start := begin.AddDate(0, 0, offset)
		if !start.Before(end) {
			continue
		}
		area := areas[i%len(areas)]
		words := agreementWords[area]
		a := agreement.Agreement{Area: area, Text: words[rng.IntN(len(words))], Start: start, Review: start.AddDate(0, 0, 14+rng.IntN(50))}
		id, err := st.SaveAgreement(ctx, wb.ID, a, store.DraftKey{WorkbookID: wb.ID})
		if err != nil {
			return err
		}
		review := a.Review
		for !review.After(end) {
			at := review.AddDate(0, 0, rng.IntN(4)) // looked at a few days late, now and then
			if at.After(end) {
				break
			}
			r := agreement.Review{At: at, Outcome: agreement.Kept, Next: at.AddDate(0, 0, 14+rng.IntN(50)), Note: prose(rng, 40+rng.IntN(160))}
			age := at.Sub(start).Hours() / 24
			switch x := rng.IntN(100); {
			case age > 200 && x < 20:
				r.Outcome, r.Next = agreement.EndedBy, time.Time{}
			case x > 85:
				r.Outcome = agreement.Changed
			}
			if _, err := st.ReviewAgreement(ctx, wb.ID, id, r, store.DraftKey{WorkbookID: wb.ID}); err != nil {
				return err
			}
			if r.Outcome == agreement.EndedBy {
				break
			}
			review = r.Next
		}
	}
	return nil
}
