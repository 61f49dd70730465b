package checkin

import (
	"fmt"
	"strings"
)

// Sign is one item of the self-assessment checklist. Missing signs are the
// signs that trust is missing; the others are signs that it is returning.
type Sign struct {
	ID      string // stable, for storage and Diff
	Text    string
	Missing bool
}

// Signs is the self-assessment checklist, from the content brief, written as
// short first-person items so the same list serves both tracks.
func Signs() []Sign {
	return []Sign{
		{"expect-worst", "I expect to be let down, or suspect hidden motives", true},
		{"old-fights", "Old hurts come up in new arguments", true},
		{"hold-back", "We hold back from plans and commitments", true},
		{"no-closeness", "Closeness or being vulnerable feels unsafe", true},
		{"keep-inside", "Things are kept to ourselves", true},
		{"checking", "There is checking: phones, stories, proof", true},
		{"grudges", "Grudges stay with me", true},
		{"dwell-flaws", "I assume the worst and dwell on flaws", true},
		{"little-honesty", "Honest talk between us is rare", true},
		{"secrets", "Something is still being hidden", true},
		{"distance", "We feel far apart", true},
		{"broken-promises", "Promises are being broken", true},

		{"devoted", "I value us and want this to work", false},
		{"limits-respected", "My limits are respected", false},
		{"heard", "I feel heard when I speak of needs and feelings", false},
		{"nothing-hidden", "Nothing needs hiding", false},
		{"can-be-vulnerable", "I can let my guard down", false},
		{"help-each-other", "We help each other", false},
		{"emotionally-safe", "I feel emotionally safe", false},
		{"talk-easier", "Talking is getting easier", false},
		{"tension-fading", "Anxiety and tension are fading", false},
		{"laugh", "We laugh together more", false},
		{"less-resentment", "Resentment is giving way", false},
		{"closer", "We are growing closer", false},
	}
}

// Assessment is one taking of the checklist: the IDs of the signs ticked.
type Assessment map[string]bool

// Score counts the ticked signs of each kind.
type Score struct {
	Missing   int // signs that trust is missing, ticked
	Returning int // signs that trust is returning, ticked
}

// Balance is returning signs minus missing signs: one number where higher
// means more trust, for TrendOf and Sparkline.
func (s Score) Balance() float64 { return float64(s.Returning - s.Missing) }

// ScoreOf counts an assessment against the checklist; unknown IDs (from a
// list that has since changed) are ignored.
func ScoreOf(a Assessment) Score {
	var s Score
	for _, sg := range Signs() {
		if !a[sg.ID] {
			continue
		}
		if sg.Missing {
			s.Missing++
		} else {
			s.Returning++
		}
	}
	return s
}

// Change is what moved between two assessments.
type Change struct {
	Eased    int // missing signs ticked before, not now
	New      int // missing signs ticked now, not before
	Returned int // returning signs ticked now, not before
	Faded    int // returning signs ticked before, not now
}

// Diff compares the previous assessment with the current one.
func Diff(prev, cur Assessment) Change {
	var c Change
	for _, sg := range Signs() {
		was, is := prev[sg.ID], cur[sg.ID]
		switch {
		case was == is:
		case sg.Missing && was:
			c.Eased++
		case sg.Missing:
			c.New++
		case is:
			c.Returned++
		default:
			c.Faded++
		}
	}
	return c
}

// Words says the change plainly: "2 signs eased, 1 new; 3 signs of trust
// returning". Faded returning signs are not spelled out: the count is on the
// screen, and naming a loss adds nothing the person does not already feel.
func (c Change) Words() string {
	var parts []string
	if c.Eased > 0 {
		parts = append(parts, fmt.Sprintf("%d %s eased", c.Eased, plural(c.Eased, "sign", "signs")))
	}
	if c.New > 0 {
		if c.Eased > 0 {
			parts = append(parts, fmt.Sprintf("%d new", c.New))
		} else {
			parts = append(parts, fmt.Sprintf("%d new %s", c.New, plural(c.New, "sign", "signs")))
		}
	}
	s := strings.Join(parts, ", ")
	if c.Returned > 0 {
		r := fmt.Sprintf("%d %s of trust returning", c.Returned, plural(c.Returned, "sign", "signs"))
		if s != "" {
			s += "; " + r
		} else {
			s = r
		}
	}
	if s == "" {
		return "about the same as last time"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
