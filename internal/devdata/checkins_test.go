package devdata

import (
	"context"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/checkin"
	"github.com/trustwork/trustwork/internal/store"
)

// The generated check-ins look like three years of a real person's: most
// days, real gaps, a slow upward drift with noise, some bad weeks, and a
// self-assessment most Sundays. Charts and their benchmark depend on it.
func TestCheckinsAreRealistic(t *testing.T) {
	b, err := Build(book(t), Spec{Entries: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cs, as := b.Checkins, b.Assessments
	if n := len(cs); n < 600 || n > 1000 {
		t.Fatalf("%d check-ins over three years; want most days (600–1000)", n)
	}
	if n := len(as); n < 100 || n > 157 {
		t.Errorf("%d self-assessments; want most weeks (100–157)", n)
	}
	longest := time.Duration(0)
	for i := 1; i < len(cs); i++ {
		if !cs[i].At.After(cs[i-1].At) {
			t.Fatalf("check-ins out of order at %d", i)
		}
		longest = max(longest, cs[i].At.Sub(cs[i-1].At))
	}
	if longest < 7*24*time.Hour {
		t.Errorf("longest gap %v; want at least one quiet week", longest)
	}
	var pts []checkin.Point
	for _, c := range cs {
		if len(c.Scores) != 3 || c.Text != nil || !c.Done {
			t.Fatalf("check-in %v: scores %v, text %v, done %v", c.At, c.Scores, c.Text, c.Done)
		}
		for k, v := range c.Scores {
			if checkin.CheckScore(v) != nil {
				t.Fatalf("score %s=%d out of range", k, v)
			}
		}
		pts = append(pts, checkin.Point{At: c.At, Value: float64(c.Scores["trust"])})
	}
	tr := checkin.TrendOf(pts, cs[len(cs)-1].At)
	ws := tr.Weeks
	first, last := mean(ws[:12]), mean(ws[len(ws)-12:])
	if last-first < 2 {
		t.Errorf("trust from %.1f (first 12 weeks) to %.1f (last 12); want a slow rise of 2 or more", first, last)
	}
	dips := 0
	for i := 4; i < len(ws); i++ {
		if mean(ws[i-4:i])-ws[i].Mean >= 1.5 {
			dips++
		}
	}
	if dips < 3 {
		t.Errorf("%d bad weeks (1.5 below the month before); want some", dips)
	}
	noisy := false
	for i := 1; i < len(ws); i++ {
		if ws[i].Mean < ws[i-1].Mean {
			noisy = true
		}
	}
	if !noisy {
		t.Error("weekly means only ever rise; want noise")
	}
}

func mean(ws []checkin.Week) float64 {
	s := 0.0
	for _, w := range ws {
		s += w.Mean
	}
	return s / float64(len(ws))
}

// Generate writes the check-ins through Import, the same on every run, and
// the store reads them back without text.
func TestGenerateWritesCheckins(t *testing.T) {
	ctx := context.Background()
	spec := Spec{Entries: 5, Seed: 3, HugeBytes: -1}
	read := func() ([]store.Checkin, []store.Assessment) {
		st := open(t)
		w, err := Generate(ctx, st, book(t), spec)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := st.Checkins(ctx, w.ID, time.Time{}, time.Time{}, false)
		if err != nil {
			t.Fatal(err)
		}
		as, err := st.Assessments(ctx, w.ID, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return cs, as
	}
	c1, a1 := read()
	c2, a2 := read()
	if len(c1) < 600 || len(a1) < 100 {
		t.Fatalf("read back %d check-ins, %d assessments", len(c1), len(a1))
	}
	if len(c1) != len(c2) || len(a1) != len(a2) {
		t.Fatalf("two runs differ: %d/%d check-ins, %d/%d assessments", len(c1), len(c2), len(a1), len(a2))
	}
	for i := range c1 {
		if !c1[i].At.Equal(c2[i].At) || c1[i].Scores["trust"] != c2[i].Scores["trust"] {
			t.Fatalf("check-in %d differs between runs", i)
		}
	}
}
