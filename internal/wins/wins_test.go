package wins

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		text string
		want error
	}{
		{"We laughed at dinner", nil},
		{"  \n\t ", ErrEmpty},
		{"", ErrEmpty},
		{strings.Repeat("é", MaxLen), nil},
		{strings.Repeat("é", MaxLen+1), ErrTooLong},
		{"two\nlines", nil},
	} {
		if err := Check(c.text); !errors.Is(err, c.want) {
			t.Errorf("Check(%q) = %v, want %v", c.text, err, c.want)
		}
	}
}

func TestClean(t *testing.T) {
	if got := Clean("  kept\n my word \t today "); got != "kept my word today" {
		t.Errorf("Clean = %q", got)
	}
}

func TestSince(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	ws := []Win{{1, "a", day(1)}, {2, "b", day(10)}, {3, "c", day(5)}, {4, "d", day(10)}}
	if n := Since(ws, day(5)); n != 3 {
		t.Errorf("Since = %d, want 3", n)
	}
}
