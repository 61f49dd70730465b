package agreement_test

import (
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/agreement"
)

var start = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

func TestValidate(t *testing.T) {
	ok := agreement.Agreement{Area: agreement.Phones, Text: "Phones stay unlocked at home", Start: start, Review: start.Add(days(30))}
	tests := []struct {
		name    string
		edit    func(*agreement.Agreement)
		wantErr string // "" for valid
	}{
		{"valid", func(*agreement.Agreement) {}, ""},
		{"exactly 90 days is allowed", func(a *agreement.Agreement) { a.Review = start.Add(days(90)) }, ""},
		{"no review date", func(a *agreement.Agreement) { a.Review = time.Time{} }, "needs a review date"},
		{"review past 90 days", func(a *agreement.Agreement) { a.Review = start.Add(days(91)) }, "more than 90 days"},
		{"later on the 90th day is still the 90th day", func(a *agreement.Agreement) { a.Review = start.Add(days(90) + 20*time.Hour) }, ""},
		{"review 90 days after the last review, not the start", func(a *agreement.Agreement) {
			a.Reviews = []agreement.Review{{At: start.Add(days(60)), Outcome: agreement.Kept, Next: start.Add(days(150))}}
			a.Review = start.Add(days(150))
		}, ""},
		{"review more than 90 days after the last review", func(a *agreement.Agreement) {
			a.Reviews = []agreement.Review{{At: start.Add(days(60)), Outcome: agreement.Kept}}
			a.Review = start.Add(days(151))
		}, "more than 90 days"},
		{"an ended agreement needs no review date", func(a *agreement.Agreement) { a.Status, a.Review = agreement.Ended, time.Time{} }, ""},
		{"review before start", func(a *agreement.Agreement) { a.Review = start.Add(-time.Hour) }, "after the start"},
		{"review on start", func(a *agreement.Agreement) { a.Review = start }, "after the start"},
		{"no start", func(a *agreement.Agreement) { a.Start = time.Time{} }, "start date"},
		{"no text", func(a *agreement.Agreement) { a.Text = " \n" }, "needs words"},
		{"unknown area", func(a *agreement.Agreement) { a.Area = "location" }, "unknown agreement area"},
	}
	for _, tc := range tests {
		a := ok
		tc.edit(&a)
		err := a.Validate()
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.wantErr)
		}
	}
}

func TestDueForReview(t *testing.T) {
	a := agreement.Agreement{Area: agreement.CheckIns, Text: "Sunday talk", Start: start, Review: start.Add(days(14))}
	for _, tc := range []struct {
		now  time.Time
		want bool
	}{
		{start, false},
		{a.Review.Add(-time.Second), false},
		{a.Review.Add(-days(1)), false},
		{a.Review, true},
		{a.Review.Add(days(3)), true},
	} {
		if got := a.DueForReview(tc.now); got != tc.want {
			t.Errorf("DueForReview(%v) = %v, want %v", tc.now, got, tc.want)
		}
	}
	if (agreement.Agreement{}).DueForReview(start) {
		t.Error("an agreement without a review date is never due (and never valid)")
	}
	// Due on the review day from its first hour, whatever hour the date was kept at.
	late := a
	late.Review = a.Review.Add(15 * time.Hour)
	if !late.DueForReview(a.Review.Add(time.Hour)) {
		t.Error("not due early on its review day")
	}
	ended := a
	ended.Status = agreement.Ended
	due := agreement.Due([]agreement.Agreement{a, {Review: start.Add(days(60))}, ended}, start.Add(days(20)))
	if len(due) != 1 || due[0].Text != "Sunday talk" {
		t.Errorf("Due = %+v", due)
	}
}

// Start and review are calendar dates: across a summer-time change, the
// 90th day is allowed and the 91st is not, whatever the hours in between.
func TestReviewCountsCalendarDays(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	for _, tc := range []struct {
		name          string
		start, review time.Time
		wantErr       bool
	}{
		// 90 days from 1 Oct is 30 Dec: 90×24h + 1h, as the clocks go back.
		{"90th day across the autumn change", time.Date(2026, 10, 1, 0, 0, 0, 0, london), time.Date(2026, 12, 30, 0, 0, 0, 0, london), false},
		// 91 days from 1 Mar is 31 May: 91×24h − 1h, as the clocks go forward.
		{"91st day across the spring change", time.Date(2026, 3, 1, 0, 0, 0, 0, london), time.Date(2026, 5, 31, 0, 0, 0, 0, london), true},
	} {
		a := agreement.Agreement{Area: agreement.Phones, Text: "x", Start: tc.start, Review: tc.review}
		if err := a.Validate(); (err != nil) != tc.wantErr {
			t.Errorf("%s: Validate = %v, want error %v", tc.name, err, tc.wantErr)
		}
	}
}

func TestApply(t *testing.T) {
	a := agreement.Agreement{ID: 7, Area: agreement.Openness, Text: "Share the day's plans", Start: start, Review: start.Add(days(30))}
	at := start.Add(days(30))
	tests := []struct {
		name       string
		base       agreement.Agreement
		r          agreement.Review
		wantErr    string
		wantReview time.Time
		wantEnded  bool
	}{
		{"kept moves the review on", a, agreement.Review{At: at, Outcome: agreement.Kept, Next: at.Add(days(30)), Note: "still helps"}, "", at.Add(days(30)), false},
		{"changed moves the review on", a, agreement.Review{At: at, Outcome: agreement.Changed, Next: at.Add(days(90))}, "", at.Add(days(90)), false},
		{"ended ends it", a, agreement.Review{At: at, Outcome: agreement.EndedBy, Next: at.Add(days(9))}, "", a.Review, true},
		{"kept without a next date", a, agreement.Review{At: at, Outcome: agreement.Kept}, "needs a review date", time.Time{}, false},
		{"kept past 90 days from the review", a, agreement.Review{At: at, Outcome: agreement.Kept, Next: at.Add(days(91))}, "more than 90 days", time.Time{}, false},
		{"next on the review day", a, agreement.Review{At: at, Outcome: agreement.Changed, Next: at}, "after the start", time.Time{}, false},
		{"no day", a, agreement.Review{Outcome: agreement.Kept, Next: at}, "the day it happened", time.Time{}, false},
		{"before the start", a, agreement.Review{At: start.Add(-days(1)), Outcome: agreement.Kept, Next: at}, "before the last", time.Time{}, false},
		{"unknown outcome", a, agreement.Review{At: at, Outcome: "paused", Next: at.Add(days(3))}, "unknown review outcome", time.Time{}, false},
		{"an ended agreement", agreement.Agreement{Area: a.Area, Text: a.Text, Start: start, Status: agreement.Ended}, agreement.Review{At: at, Outcome: agreement.Kept, Next: at.Add(days(3))}, "has ended", time.Time{}, false},
	}
	for _, tc := range tests {
		b, err := tc.base.Apply(tc.r)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.wantErr)
			}
			if len(b.Reviews) != len(tc.base.Reviews) {
				t.Errorf("%s: a refused review was recorded", tc.name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(b.Reviews) != 1 || b.Reviews[0].Outcome != tc.r.Outcome || b.Reviews[0].Note != tc.r.Note {
			t.Errorf("%s: history %+v", tc.name, b.Reviews)
		}
		if b.Ended() != tc.wantEnded || !b.Review.Equal(tc.wantReview) {
			t.Errorf("%s: ended %v review %v, want %v %v", tc.name, b.Ended(), b.Review, tc.wantEnded, tc.wantReview)
		}
		if tc.wantEnded && (b.DueForReview(at.Add(days(365))) || !b.Reviews[0].Next.IsZero()) {
			t.Errorf("%s: an ended agreement still comes due or has a next date", tc.name)
		}
		if err := b.Validate(); err != nil {
			t.Errorf("%s: the reviewed agreement is not valid: %v", tc.name, err)
		}
		if len(a.Reviews) != 0 {
			t.Fatal("Apply changed the agreement it was given")
		}
	}
}

func TestRenew(t *testing.T) {
	a := agreement.Agreement{Area: agreement.Openness, Text: "Share the day's plans", Start: start, Review: start.Add(days(30))}
	now := a.Review
	b, err := a.Renew(now, now.Add(days(60)))
	if err != nil || !b.Review.Equal(now.Add(days(60))) || !b.Start.Equal(start) {
		t.Fatalf("Renew: %+v %v", b, err)
	}
	// Renewing cannot stretch openness past 90 days from the review.
	if c, err := a.Renew(now, now.Add(days(120))); err == nil || !c.Review.Equal(a.Review) {
		t.Fatalf("renewal past 90 days accepted: %+v", c)
	}
}

func TestAreas(t *testing.T) {
	for _, a := range agreement.Areas() {
		if got, err := agreement.ParseArea(" " + strings.ToUpper(string(a))); err != nil || got != a {
			t.Errorf("ParseArea(%s) = %v %v", a, got, err)
		}
		if a.Label() == "" || a.Label() == string(a) {
			t.Errorf("%s has no label in words", a)
		}
	}
}

func TestNeed(t *testing.T) {
	n := agreement.Need{What: "Her number deleted, in front of me", Added: start, Review: start.Add(days(21))}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	if n.DueForReview(start.Add(days(20))) || !n.DueForReview(start.Add(days(21))) {
		t.Error("a need comes due on its review date")
	}
	for want, bad := range map[string]agreement.Need{
		"write what":        {What: " ", Added: start, Review: start.Add(days(1))},
		"date it was added": {What: "x", Review: start},
		"needs a review":    {What: "x", Added: start},
		"more than 90 days": {What: "x", Added: start, Review: start.Add(days(91))},
		"after the start":   {What: "x", Added: start, Review: start.Add(-days(1))},
	} {
		if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: error %v, want %q", bad, err, want)
		}
	}
}
