package devdata

import (
	"context"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/promise"
	"github.com/trustwork/trustwork/internal/store"
)

// The generated ledger looks like three years of a real person's: a few
// hundred promises with dates spread over the span, all four outcomes,
// reliability that grows from the first months to the last, missed ones
// mostly owned, and the newest still open; the same on every run.
func TestGenerateWritesPromises(t *testing.T) {
	ctx := context.Background()
	spec := Spec{Entries: 5, Seed: 3, HugeBytes: -1}
	read := func() []store.PromiseRecord {
		st := open(t)
		w, err := Generate(ctx, st, book(t), spec)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := st.Promises(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	ps := read()
	if n := len(ps); n < 200 || n > 700 {
		t.Fatalf("%d promises over three years; want a few a week (200–700)", n)
	}
	sp := spec.withDefaults()
	first, last := ps[0].Made, ps[len(ps)-1].Made
	if first.Before(sp.Start) || last.Sub(first) < 2*365*24*time.Hour {
		t.Errorf("promises from %v to %v; want them spread over the span", first, last)
	}
	count := map[promise.Status]int{}
	owned := 0
	plain := make([]promise.Promise, len(ps))
	for i, p := range ps {
		count[p.Status]++
		if p.Owned {
			owned++
		}
		if p.What == "" || !p.Set || p.Validate() != nil {
			t.Fatalf("promise %d: %+v (%v)", i, p, p.Validate())
		}
		plain[i] = p.Promise
	}
	for _, st := range []promise.Status{promise.Open, promise.Kept, promise.Missed, promise.Renegotiated} {
		if count[st] == 0 {
			t.Errorf("no %s promise in %v", st, count)
		}
	}
	if owned*2 < count[promise.Missed] {
		t.Errorf("%d of %d missed promises owned; want most", owned, count[promise.Missed])
	}
	early := promise.ReliabilityOver(plain, sp.Start.AddDate(0, 0, 120), promise.Quarter)
	late := promise.ReliabilityOver(plain, sp.Start.Add(sp.Span), promise.Quarter)
	if !early.Enough() || !late.Enough() || late.Kept*early.Decided <= early.Kept*late.Decided {
		t.Errorf("reliability early %+v, late %+v; want it to grow", early, late)
	}
	again := read()
	if len(again) != len(ps) || again[len(ps)/2].What != ps[len(ps)/2].What || !again[len(ps)/2].Settled.Equal(ps[len(ps)/2].Settled) {
		t.Error("two runs with the same seed differ")
	}
}
