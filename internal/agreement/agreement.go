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
// the last review). Ninety days is long enough to see a pattern and short
// enough that no rule outlives the weeks it was made for.
const MaxReview = 90 * 24 * time.Hour

// Agreement is one rule the two people have made together.
type Agreement struct {
	Area   Area
	Text   string
	Start  time.Time
	Review time.Time
}

// Validate returns a one-line error saying what to change, or nil. It refuses
// an agreement without a review date, with a review before its start, or with
// a review more than MaxReview after the start.
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
	return checkReview(a.Start, a.Review, "an agreement")
}

// checkReview holds the one rule both agreements and needs follow: a review
// date after the start and no more than MaxReview later.
func checkReview(start, review time.Time, what string) error {
	if review.IsZero() {
		return errors.New(what + " needs a review date: openness is agreed for a time, then looked at again together")
	}
	if !review.After(start) {
		return errors.New("the review date must come after the start date")
	}
	if review.Sub(start) > MaxReview {
		return errors.New("the review date is more than 90 days after the start: choose a sooner one and renew it then if it still helps")
	}
	return nil
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
	return !n.Review.IsZero() && !now.Before(n.Review)
}

// DueForReview reports whether the review date has come (on or after it).
func (a Agreement) DueForReview(now time.Time) bool {
	return !a.Review.IsZero() && !now.Before(a.Review)
}

// Renew records a review that kept the agreement: the review date moves to
// next, counted from the review that just happened (now). It returns the
// renewed agreement or the reason the new date is refused.
func (a Agreement) Renew(now, next time.Time) (Agreement, error) {
	b := a
	b.Start, b.Review = now, next
	if err := b.Validate(); err != nil {
		return a, err
	}
	b.Start = a.Start
	return b, nil
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
