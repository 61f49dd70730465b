// Package checkin holds the rhythm of repair over time: the check-in's
// scores and questions, trends over weeks, sparklines, the repeatable
// self-assessment of the signs that trust is missing or returning, and the
// weekly summary. It does no I/O.
//
// Why: repair takes months, sometimes years, and a bad day feels like no
// progress at all. Asking the same questions again over weeks makes change
// visible. Everything here describes; nothing grades or scolds, because the
// person reading it is in one of the hardest stretches of their life.
package checkin

import (
	"fmt"
	"time"
)

// Track is the side of the repair the person is on, chosen at setup.
type Track string

// The two tracks.
const (
	Repair Track = "repair" // the person who broke trust
	Hurt   Track = "hurt"   // the person who was hurt
)

// TrackOf is the track of a workbook's side: Hurt for the hurt side.
func TrackOf(hurt bool) Track {
	if hurt {
		return Hurt
	}
	return Repair
}

// Dimension is one scored question of a check-in, 1 to 10.
type Dimension struct {
	Key      string // stable, for storage
	Label    string // short, for charts
	Question string
}

// Dimensions returns the scored questions for a track. The hurt track is
// asked about its own steadiness first: its repair starts with the self.
func Dimensions(t Track) []Dimension {
	if t == Hurt {
		return []Dimension{
			{"steady", "steady", "How steady do I feel in myself today?"},
			{"safe", "safe", "How safe do I feel with them right now?"},
			{"trust", "trust", "How much can I believe what they tell me?"},
		}
	}
	return []Dimension{
		{"safe", "safe", "How safe does our relationship feel today?"},
		{"close", "close", "How close do we feel?"},
		{"trust", "trust", "How much trust do I sense between us?"},
	}
}

// Questions returns the check-in's open questions for a track, asked the
// same way each time so answers can be compared.
func Questions(t Track) []string {
	if t == Hurt {
		return []string{
			"How am I, really, today?",
			"Has anything stirred up the hurt since last time?",
			"What did I see them do that helped, or did not?",
			"What do I need this week, from them or from myself?",
		}
	}
	return []string{
		"How do I think they are feeling about us today?",
		"What could I do this week to help rebuild their trust?",
		"Is there anything that still sets off the hurt, that I should know of?",
		"Did I keep what I said I would since last time?",
	}
}

// MinScore and MaxScore bound a check-in score.
const (
	MinScore = 1
	MaxScore = 10
)

// CheckScore returns a one-line error for a score out of range.
func CheckScore(n int) error {
	if n < MinScore || n > MaxScore {
		return fmt.Errorf("a score is from %d to %d; %d is outside it", MinScore, MaxScore, n)
	}
	return nil
}

// Point is one dated value: a check-in score, or a self-assessment count.
type Point struct {
	At    time.Time
	Value float64
}
