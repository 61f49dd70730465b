// Package promise holds the promise ledger's rules: what a promise is, when
// it is overdue, the slip routine, and the reliability figure. It does no
// I/O.
//
// Why: trust comes back through small acts of reliability kept over time
// ("be home at the time you said"), not through one gesture. Nobody keeps
// every promise, so a renegotiated promise (changed openly, before it was
// broken) is never counted as missed, and a missed one offers the slip
// routine: say it before it is found, own it without excuses, make amends,
// adjust the plan. The figure is for the person's own consistency, never
// proof that the other person "should" trust now.
package promise

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Status is where a promise stands.
type Status string

// The statuses a promise can have.
const (
	Open         Status = "open"
	Kept         Status = "kept"
	Missed       Status = "missed"
	Renegotiated Status = "renegotiated"
)

// ParseStatus reads a status as stored or typed.
func ParseStatus(s string) (Status, error) {
	switch st := Status(strings.ToLower(strings.TrimSpace(s))); st {
	case Open, Kept, Missed, Renegotiated:
		return st, nil
	}
	return "", fmt.Errorf("unknown promise status %q: use open, kept, missed or renegotiated", s)
}

// Promise is one promise in the ledger. A zero Due means ongoing ("every
// evening", "from now on"). Settled is when it was marked kept, missed or
// renegotiated; the reliability figure counts a promise in the window that
// holds Settled.
type Promise struct {
	ID      int64 // the store's id; 0 before it is saved
	What    string
	ToWhom  string
	Made    time.Time
	Due     time.Time // zero: ongoing
	Status  Status
	Settled time.Time
	Note    string
	Owned   bool // the slip routine was done for this missed promise
	// History is every status change, oldest first, so a promise that was
	// renegotiated and then kept shows both.
	History []Change
}

// Change is one status change in a promise's history, with its note.
type Change struct {
	At     time.Time
	Status Status
	Note   string
}

// Ongoing reports whether the promise has no due date.
func (p Promise) Ongoing() bool { return p.Due.IsZero() }

// Overdue reports whether an open promise is past its due time. A promise
// due on a day should be given Due at the end of that day, so it is not
// overdue while the day lasts.
func (p Promise) Overdue(now time.Time) bool {
	return p.Status == Open && !p.Ongoing() && now.After(p.Due)
}

// Validate returns a one-line error saying what to fix.
func (p Promise) Validate() error {
	if strings.TrimSpace(p.What) == "" {
		return errors.New("a promise needs words: write what you promise")
	}
	if _, err := ParseStatus(string(p.Status)); err != nil {
		return err
	}
	if p.Owned && p.Status != Missed {
		return errors.New("only a missed promise can be marked owned")
	}
	if !p.Ongoing() && !p.Made.IsZero() && p.Due.Before(p.Made) {
		return errors.New("the due date is before the promise was made: choose a later date, or make it ongoing")
	}
	return nil
}

// Settle marks the promise kept, missed or renegotiated at the given time,
// with a note. Marking it open again clears the settlement. A renegotiated
// promise usually becomes a new promise; the caller adds that one.
func (p Promise) Settle(st Status, note string, at time.Time) (Promise, error) {
	if _, err := ParseStatus(string(st)); err != nil {
		return p, err
	}
	p.Status, p.Note = st, note
	p.History = append(slices.Clone(p.History), Change{At: at, Status: st, Note: note})
	if st == Open {
		p.Settled = time.Time{}
	} else {
		p.Settled = at
	}
	if st != Missed {
		p.Owned = false
	}
	return p, nil
}

// SlipSteps is the routine a missed promise offers, from the lesson.
func SlipSteps() []string {
	return []string{
		"Say it, before it is found.",
		"Own it, without excuses.",
		"Make amends.",
		"Adjust the plan so it holds next time.",
	}
}

// Overdue returns the open promises past due at now, the longest overdue
// first, for the home screen.
func Overdue(ps []Promise, now time.Time) []Promise {
	var out []Promise
	for _, p := range ps {
		if p.Overdue(now) {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b Promise) int { return a.Due.Compare(b.Due) })
	return out
}
