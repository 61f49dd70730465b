// Package agreement holds the rules for the two people's new agreements
// (check-ins, openness, contact with the third person, money, phones): what
// makes one valid and when it comes due for review, and the hurt track's
// "what I need to see" list, which follows the same review rule. It does no
// I/O.
//
// Why every agreement has a review date: openness helps when both agree to it
// and it is about safety, not control. Open-ended openness (a shared phone
// password "for ever") turns into one-sided surveillance, and keeps both
// people in the rawest weeks. So an agreement is always time-limited: it must
// be looked at again together within MaxReview, and then kept, changed or
// ended by both.
package agreement

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Area is what an agreement is about.
type Area string

// The areas of agreement the workbook offers.
const (
	CheckIns    Area = "check-ins"
	Openness    Area = "openness"
	ThirdPerson Area = "third-person"
	Money       Area = "money"
	Phones      Area = "phones"
	Other       Area = "other"
)

// Areas lists the areas in the order the form offers them.
func Areas() []Area { return []Area{CheckIns, Openness, ThirdPerson, Money, Phones, Other} }

// Label is the area in words for a screen.
func (a Area) Label() string {
	switch a {
	case CheckIns:
		return "Check-ins"
	case Openness:
		return "Openness"
	case ThirdPerson:
		return "Contact with the third person"
	case Money:
		return "Money"
	case Phones:
		return "Phones"
	case Other:
		return "Other"
	}
	return string(a)
}

// ParseArea reads an area as stored or typed.
func ParseArea(s string) (Area, error) {
	a := Area(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Areas() {
		if a == known {
			return a, nil
		}
	}
	return "", fmt.Errorf("unknown agreement area %q: use one of check-ins, openness, third-person, money, phones, other", s)
}

// MaxReview is the furthest a review may be set after the start (or after
// the last review), as a duration; the rule itself counts calendar days
// (MaxReviewDays). Ninety days is long enough to see a pattern and short
// enough that no rule outlives the weeks it was made for.
const MaxReview = 90 * 24 * time.Hour

// MaxReviewDays is MaxReview in calendar days. Start and review are dates,
// not instants: the rule counts days on the calendar, so a summer-time
// change inside the 90 days neither refuses a 90th day nor allows a 91st.
const MaxReviewDays = 90

// Status is where an agreement stands.
type Status string

// An agreement is active until a review together ends it.
const (
	Active Status = "active"
	Ended  Status = "ended"
)

// Outcome is what a review decided.
type Outcome string

// The three outcomes of a review: kept as it is with a new review date,
// changed (new wording) with a new review date, or ended.
const (
	Kept    Outcome = "kept"
	Changed Outcome = "changed"
	EndedBy Outcome = "ended"
)

// ParseOutcome reads an outcome as stored.
func ParseOutcome(s string) (Outcome, error) {
	switch o := Outcome(s); o {
	case Kept, Changed, EndedBy:
		return o, nil
	}
	return "", fmt.Errorf("unknown review outcome %q: use kept, changed or ended", s)
}

// Review is one time the two looked at an agreement together.
type Review struct {
	At      time.Time // the day of the review
	Outcome Outcome
	Next    time.Time // the next review date; zero when ended
	Note    string
}

// Agreement is one rule the two people have made together.
type Agreement struct {
	ID     int64
	Area   Area
	Text   string
	Start  time.Time
	Review time.Time // the next review date (the last one set, once ended)
	// Status is Active unless a review ended it; empty reads as Active.
	Status  Status
	Reviews []Review // oldest first
}

// Ended reports whether a review together ended the agreement.
func (a Agreement) Ended() bool { return a.Status == Ended }

// LastLooked is the day the current review date is counted from: the last
// review, or the start when there has been none.
func (a Agreement) LastLooked() time.Time {
	if n := len(a.Reviews); n > 0 {
		return a.Reviews[n-1].At
	}
	return a.Start
}

// Validate returns a one-line error saying what to change, or nil. It refuses
// an agreement without a review date, with a review before its start (or last
// review), or with a review more than MaxReviewDays after it. An ended
// agreement needs no review date.
func (a Agreement) Validate() error {
	if _, err := ParseArea(string(a.Area)); err != nil {
		return err
	}
	if strings.TrimSpace(a.Text) == "" {
		return errors.New("an agreement needs words: write what the two of you agree")
	}
	if a.Start.IsZero() {
		return errors.New("an agreement needs a start date")
	}
	if a.Ended() {
		return nil
	}
	return checkReview(a.LastLooked(), a.Review, "an agreement")
}

// Day is t's calendar date (in t's own time zone) as midnight UTC, so two
// dates compare and count days without summer-time hours in between.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DaysBetween counts calendar days from a to b (negative when b is first).
func DaysBetween(a, b time.Time) int {
	return int(Day(b).Sub(Day(a)).Hours() / 24)
}

// LatestReview is the furthest review date allowed when counting from from.
func LatestReview(from time.Time) time.Time { return from.AddDate(0, 0, MaxReviewDays) }

// checkReview holds the one rule both agreements and needs follow: a review
// date after the start and no more than MaxReviewDays later, on the calendar.
func checkReview(start, review time.Time, what string) error {
	if review.IsZero() {
		return errors.New(what + " needs a review date: openness is agreed for a time, then looked at again together")
	}
	days := DaysBetween(start, review)
	if days < 1 {
		return errors.New("the review date must come after the start date")
	}
	if days > MaxReviewDays {
		return errors.New("the review date is more than 90 days after the start: choose a sooner one and renew it then if it still helps")
	}
	return nil
}

// Apply records a review the two made together and returns the agreement
// as it stands after it: kept or changed, it gets r.Next as its review date
// (after the review's day and at most MaxReviewDays later); ended, it is
// ended and never due again. It refuses a review of an ended agreement, one
// without a day, or one dated before the last.
func (a Agreement) Apply(r Review) (Agreement, error) {
	if a.Ended() {
		return a, errors.New("this agreement has ended; make a new one if you both want it back")
	}
	if r.At.IsZero() {
		return a, errors.New("a review needs the day it happened")
	}
	if DaysBetween(a.LastLooked(), r.At) < 0 {
		return a, errors.New("a review cannot come before the last one")
	}
	if _, err := ParseOutcome(string(r.Outcome)); err != nil {
		return a, err
	}
	b := a
	b.Reviews = append(append([]Review(nil), a.Reviews...), r)
	if r.Outcome == EndedBy {
		b.Reviews[len(b.Reviews)-1].Next = time.Time{}
		b.Status = Ended
		return b, nil
	}
	if err := checkReview(r.At, r.Next, "a kept or changed agreement"); err != nil {
		return a, err
	}
	b.Review = r.Next
	return b, nil
}

// Need is one line of the hurt track's "what I need to see": the mirror of
// the promise ledger, a list the person can share when ready. It has a
// review date for the same reason an agreement does: what helps in the first
// weeks is not what helps months later.
type Need struct {
	What   string
	Added  time.Time
	Review time.Time
	Shared bool // the person has chosen to share it
}

// Validate returns a one-line error saying what to change, or nil.
func (n Need) Validate() error {
	if strings.TrimSpace(n.What) == "" {
		return errors.New("write what you need to see")
	}
	if n.Added.IsZero() {
		return errors.New("a need needs the date it was added")
	}
	return checkReview(n.Added, n.Review, "a need")
}

// DueForReview reports whether the need's review date has come.
func (n Need) DueForReview(now time.Time) bool {
	return !n.Review.IsZero() && DaysBetween(n.Review, now) >= 0
}

// DueForReview reports whether the review date has come (on or after that
// day). An ended agreement is never due.
func (a Agreement) DueForReview(now time.Time) bool {
	return !a.Ended() && !a.Review.IsZero() && DaysBetween(a.Review, now) >= 0
}

// Renew records a review that kept the agreement: the review date moves to
// next, counted from the review that just happened (now). It returns the
// renewed agreement or the reason the new date is refused.
func (a Agreement) Renew(now, next time.Time) (Agreement, error) {
	return a.Apply(Review{At: now, Outcome: Kept, Next: next})
}

// Due returns the agreements whose review has come, in the order given.
func Due(as []Agreement, now time.Time) []Agreement {
	var out []Agreement
	for _, a := range as {
		if a.DueForReview(now) {
			out = append(out, a)
		}
	}
	return out
}
