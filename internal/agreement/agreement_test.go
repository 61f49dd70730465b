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
		{"review past 90 days", func(a *agreement.Agreement) { a.Review = start.Add(days(90) + time.Minute) }, "more than 90 days"},
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
	due := agreement.Due([]agreement.Agreement{a, {Review: start.Add(days(60))}}, start.Add(days(20)))
	if len(due) != 1 || due[0].Text != "Sunday talk" {
		t.Errorf("Due = %+v", due)
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
