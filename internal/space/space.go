// Package space holds the rules for giving space and for time-outs. It does
// no I/O.
//
// Why: when space is asked for, respecting it is part of the repair, and
// contact during that time is easily misread; space is not giving up. A
// GivePeriod records that it was asked for and until when, so the workbook can
// steer away from exercises that contact the other person and show the days
// kept. When a talk floods, stopping it by agreement helps more than pushing
// through: a TimeoutPlan holds the signal, a break of at least twenty minutes
// doing something calming (not rehearsing the argument), and a promise to come
// back within a day.
package space

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// GivePeriod is a stretch of space that was asked for. It ends at Until, or,
// when UntilTheyReachOut is set, when the person records that the other
// reached out (Ended). Ended also records an early end for any reason.
type GivePeriod struct {
	Since             time.Time
	Until             time.Time
	UntilTheyReachOut bool
	Ended             time.Time
}

// Validate returns a one-line error saying what to fix, or nil.
func (g GivePeriod) Validate() error {
	if g.Since.IsZero() {
		return errors.New("space needs a start: when was it asked for?")
	}
	if g.UntilTheyReachOut == !g.Until.IsZero() {
		return errors.New("choose one end for the space: a date, or until they reach out")
	}
	if !g.UntilTheyReachOut && !g.Until.After(g.Since) {
		return errors.New("the end of the space must come after its start")
	}
	if !g.Ended.IsZero() && g.Ended.Before(g.Since) {
		return errors.New("the space cannot end before it began")
	}
	return nil
}

// end is when the period stops counting, or the zero time if it is still
// open-ended at now.
func (g GivePeriod) end() time.Time {
	e := g.Ended
	if !g.UntilTheyReachOut && (e.IsZero() || g.Until.Before(e)) {
		e = g.Until
	}
	return e
}

// Active reports whether space is being given at now.
func (g GivePeriod) Active(now time.Time) bool {
	if g.Since.IsZero() || now.Before(g.Since) {
		return false
	}
	e := g.end()
	return e.IsZero() || now.Before(e)
}

// DaysKept is the number of whole days of space given by now: counted from
// Since to now, or to the end if the period is over.
func (g GivePeriod) DaysKept(now time.Time) int {
	if g.Since.IsZero() || now.Before(g.Since) {
		return 0
	}
	stop := now
	if e := g.end(); !e.IsZero() && e.Before(stop) {
		stop = e
	}
	return int(stop.Sub(g.Since) / (24 * time.Hour))
}

// Allows reports whether an exercise may be offered at now: while space is
// being given, exercises that contact the other person are steered away from.
func (g GivePeriod) Allows(contactsOther bool, now time.Time) bool {
	return !contactsOther || !g.Active(now)
}

// Current returns the index of the period being given at now (the latest
// started, if records overlap), or -1 when space is not being given.
func Current(ps []GivePeriod, now time.Time) int {
	at := -1
	for i, g := range ps {
		if g.Active(now) && (at < 0 || !g.Since.Before(ps[at].Since)) {
			at = i
		}
	}
	return at
}

// EndReasons are the words offered for ending a period early, for the side
// that gives space and for the side that asked for it (hurt).
func EndReasons(hurt bool) []string {
	if hurt {
		return []string{"I reached out", "we agreed to talk", "I no longer need it"}
	}
	return []string{"they reached out", "we agreed to talk"}
}

// The bounds of a time-out, from the lesson: long enough for the body to
// calm (at least twenty minutes), short enough that coming back within a day
// is still a promise.
const (
	MinBreak = 20 * time.Minute
	MaxBreak = 24 * time.Hour
)

// TimeoutPlan is the plan both can agree on for when a talk floods.
type TimeoutPlan struct {
	Signal        string // the word or gesture that calls the time-out
	Minutes       int    // how long the break lasts
	MeanwhileMe   string // what I do meanwhile: something calming
	MeanwhileThem string // what they do meanwhile, if they say
	ComeBack      string // when and how we come back to the talk
}

// Break is the plan's break as a duration.
func (p TimeoutPlan) Break() time.Duration { return time.Duration(p.Minutes) * time.Minute }

// Validate returns a one-line error saying what to fix, or nil.
func (p TimeoutPlan) Validate() error {
	switch {
	case strings.TrimSpace(p.Signal) == "":
		return errors.New("a time-out needs a signal both will recognise, like a word or a hand sign")
	case CheckMinutes(p.Minutes) != nil:
		return CheckMinutes(p.Minutes)
	case strings.TrimSpace(p.MeanwhileMe) == "":
		return errors.New("write what you will do meanwhile: something calming, not rehearsing the argument")
	case strings.TrimSpace(p.ComeBack) == "":
		return errors.New("write when you will come back to the talk, within a day")
	}
	return nil
}

// CheckMinutes returns a one-line error when a break of minutes is
// shorter than MinBreak or longer than MaxBreak, or nil.
func CheckMinutes(minutes int) error {
	switch d := time.Duration(minutes) * time.Minute; {
	case d < MinBreak:
		return errors.New("a break of at least 20 minutes gives the body time to calm: choose 20 or more")
	case d > MaxBreak:
		return errors.New("a break longer than a day reads as leaving: choose at most 1440 minutes")
	}
	return nil
}

// Phase is where a running time-out stands.
type Phase int

// The phases of a time-out timer.
const (
	NotStarted Phase = iota // no start recorded, or a start in the future
	Resting                 // the break is running
	ComeBack                // the break is over: time to come back
)

// String names the phase for a screen.
func (ph Phase) String() string {
	switch ph {
	case Resting:
		return "break"
	case ComeBack:
		return "time to come back"
	}
	return "not started"
}

// PhaseAt returns the timer's phase for a break that started at start.
func (p TimeoutPlan) PhaseAt(start, now time.Time) Phase {
	switch {
	case start.IsZero() || now.Before(start):
		return NotStarted
	case p.Remaining(start, now) > 0:
		return Resting
	}
	return ComeBack
}

// Remaining is the time left in a break that started at start, never
// negative, and the whole break when the start is unknown or ahead of now (a
// clock moved back must not show more than the break).
func (p TimeoutPlan) Remaining(start, now time.Time) time.Duration {
	if start.IsZero() || now.Before(start) {
		return p.Break()
	}
	return max(0, p.Break()-now.Sub(start))
}

// Clock shows a duration as a quiet "m:ss" (or "h:mm:ss"), rounded up so the
// timer reads 0:00 only when the break is really over.
func Clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int((d + time.Second - 1) / time.Second)
	h, m, sec := s/3600, s/60%60, s%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}
