// Package wins holds the small-wins log: one line for a moment that went
// well. It does no I/O.
//
// Why: in the weeks after trust was broken, the bad moments are loud and
// the good ones slip by unnoticed. Writing down a moment that went well
// (a kept promise, a calm evening, a talk that did not flood) makes the
// slow direction of repair visible to the person doing it. The count is
// for their own consistency, never a score the other person owes them.
package wins

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxLen is how long one win may be, in characters: a line, not a page.
const MaxLen = 280

// Win is one moment that went well.
type Win struct {
	ID   int64
	Text string
	// At is when it was written down.
	At time.Time
}

// ErrEmpty and ErrTooLong are what Check says about a win's text.
var (
	ErrEmpty   = errors.New("a small win needs a few words")
	ErrTooLong = errors.New("a small win is one line; keep it under 280 characters, or write the rest in your journal")
)

// Check reports whether text can be a win: not blank, one line, at most
// MaxLen characters. Line breaks are flattened by Clean, not refused.
func Check(text string) error {
	t := Clean(text)
	switch {
	case t == "":
		return ErrEmpty
	case utf8.RuneCountInString(t) > MaxLen:
		return ErrTooLong
	}
	return nil
}

// Clean is text as one line: runs of white space, line breaks included,
// become one space, and the ends are trimmed.
func Clean(text string) string { return strings.Join(strings.Fields(text), " ") }

// Since counts the wins written on or after from.
func Since(ws []Win, from time.Time) int {
	n := 0
	for _, w := range ws {
		if !w.At.Before(from) {
			n++
		}
	}
	return n
}
