package promise_test

import (
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/promise"
)

var now = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func daysAgo(d float64) time.Time { return now.Add(-time.Duration(d * 24 * float64(time.Hour))) }

func settled(st promise.Status, at time.Time) promise.Promise {
	return promise.Promise{What: "be home by seven", Status: st, Settled: at}
}

func TestReliabilityOver(t *testing.T) {
	tests := []struct {
		name          string
		ps            []promise.Promise
		days          int
		kept, decided int
	}{
		{"empty", nil, promise.Month, 0, 0},
		{"kept and missed", []promise.Promise{
			settled(promise.Kept, daysAgo(1)), settled(promise.Kept, daysAgo(2)), settled(promise.Missed, daysAgo(3)),
		}, promise.Month, 2, 3},
		{"renegotiated is not missed", []promise.Promise{
			settled(promise.Kept, daysAgo(1)), settled(promise.Renegotiated, daysAgo(2)), settled(promise.Renegotiated, daysAgo(3)),
		}, promise.Month, 1, 1},
		{"open and ongoing not counted", []promise.Promise{
			{What: "call nightly", Status: promise.Open}, {What: "text when late", Status: promise.Open, Due: daysAgo(1)},
		}, promise.Month, 0, 0},
		{"ongoing promise counts once marked", []promise.Promise{
			{What: "call nightly", Status: promise.Kept, Settled: daysAgo(4)},
		}, promise.Month, 1, 1},
		{"exactly 30 days ago is inside", []promise.Promise{settled(promise.Kept, daysAgo(30))}, promise.Month, 1, 1},
		{"a second past 30 days is outside", []promise.Promise{
			settled(promise.Kept, daysAgo(30).Add(-time.Second)),
		}, promise.Month, 0, 0},
		{"exactly 90 days ago is inside the quarter", []promise.Promise{
			settled(promise.Missed, daysAgo(90)), settled(promise.Kept, daysAgo(45)),
		}, promise.Quarter, 1, 2},
		{"91 days is outside the quarter", []promise.Promise{settled(promise.Missed, daysAgo(91))}, promise.Quarter, 0, 0},
		{"settled in the future is ignored", []promise.Promise{settled(promise.Kept, now.Add(time.Hour))}, promise.Month, 0, 0},
	}
	for _, tc := range tests {
		r := promise.ReliabilityOver(tc.ps, now, tc.days)
		if r.Kept != tc.kept || r.Decided != tc.decided || r.Days != tc.days {
			t.Errorf("%s: got %+v, want kept %d of %d", tc.name, r, tc.kept, tc.decided)
		}
	}
}

func TestWordsAndBar(t *testing.T) {
	tests := []struct {
		r             promise.Reliability
		words         string
		bar, asciiBar string
	}{
		{promise.Reliability{Days: 30}, "not enough yet to say", "··········", ".........."},
		{promise.Reliability{Days: 30, Kept: 2, Decided: 2}, "not enough yet to say", "··········", ".........."},
		{promise.Reliability{Days: 30, Kept: 3, Decided: 3}, "3 of 3 kept in 30 days: every one kept", "██████████", "##########"},
		{promise.Reliability{Days: 90, Kept: 9, Decided: 10}, "9 of 10 kept in 90 days: nearly all kept", "█████████░", "#########-"},
		{promise.Reliability{Days: 30, Kept: 7, Decided: 10}, "7 of 10 kept in 30 days: most kept", "███████░░░", "#######---"},
		{promise.Reliability{Days: 30, Kept: 2, Decided: 4}, "2 of 4 kept in 30 days: about half kept", "█████░░░░░", "#####-----"},
		{promise.Reliability{Days: 30, Kept: 0, Decided: 3}, "0 of 3 kept in 30 days: fewer kept than missed; small, sure promises help", "░░░░░░░░░░", "----------"},
	}
	for _, tc := range tests {
		if got := tc.r.Words(); got != tc.words {
			t.Errorf("%+v Words() = %q, want %q", tc.r, got, tc.words)
		}
		if got := tc.r.Bar(10, false); got != tc.bar {
			t.Errorf("%+v Bar = %q, want %q", tc.r, got, tc.bar)
		}
		if got := tc.r.Bar(10, true); got != tc.asciiBar {
			t.Errorf("%+v ascii Bar = %q, want %q", tc.r, got, tc.asciiBar)
		}
	}
	if got := (promise.Reliability{Kept: 1, Decided: 3}).Bar(0, false); got != "" {
		t.Errorf("zero width bar = %q", got)
	}
}

func TestOverdue(t *testing.T) {
	ps := []promise.Promise{
		{What: "fix the tap", Status: promise.Open, Due: daysAgo(1)},
		{What: "book counselling", Status: promise.Open, Due: daysAgo(5)},
		{What: "call mum", Status: promise.Kept, Due: daysAgo(3), Settled: daysAgo(3)},
		{What: "be honest", Status: promise.Open},                              // ongoing
		{What: "dinner friday", Status: promise.Open, Due: now.Add(time.Hour)}, // not yet
		{What: "due this very moment", Status: promise.Open, Due: now},
	}
	got := promise.Overdue(ps, now)
	var names []string
	for _, p := range got {
		names = append(names, p.What)
	}
	if want := "book counselling,fix the tap"; strings.Join(names, ",") != want {
		t.Fatalf("Overdue = %v, want %s", names, want)
	}
}

func TestSettleAndValidate(t *testing.T) {
	p := promise.Promise{What: "home by seven", Status: promise.Open, Made: daysAgo(2), Due: daysAgo(1)}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	m, err := p.Settle(promise.Missed, "stayed late", now)
	if err != nil || m.Settled != now || m.Note != "stayed late" {
		t.Fatalf("Settle: %+v %v", m, err)
	}
	m.Owned = true
	if err := m.Validate(); err != nil {
		t.Fatalf("owned missed promise: %v", err)
	}
	k, _ := m.Settle(promise.Kept, "made it up", now)
	if k.Owned {
		t.Error("owning belongs to a missed promise; settling as kept should clear it")
	}
	o, _ := k.Settle(promise.Open, "", now)
	if !o.Settled.IsZero() {
		t.Error("reopening should clear Settled")
	}
	if _, err := p.Settle("broken", "", now); err == nil {
		t.Error("unknown status accepted")
	}
	for _, bad := range []promise.Promise{
		{What: "  ", Status: promise.Open},
		{What: "x", Status: "maybe"},
		{What: "x", Status: promise.Kept, Owned: true},
		{What: "x", Status: promise.Open, Made: now, Due: daysAgo(1)},
	} {
		if err := bad.Validate(); err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%+v: want a one-line error, got %v", bad, err)
		}
	}
	if len(promise.SlipSteps()) != 4 {
		t.Error("the slip routine has four steps")
	}
	if st, err := promise.ParseStatus(" Kept "); err != nil || st != promise.Kept {
		t.Errorf("ParseStatus: %v %v", st, err)
	}
}

// Settling keeps every change, so a promise renegotiated and then kept
// shows both, each with its note; and a renegotiation never counts as a
// miss even when it sits next to misses.
func TestHistoryAndRenegotiation(t *testing.T) {
	p := promise.Promise{What: "fix the gate", Status: promise.Open, Due: daysAgo(10)}
	p, _ = p.Settle(promise.Renegotiated, "asked for another week", daysAgo(9))
	p, _ = p.Settle(promise.Kept, "done on Saturday", daysAgo(2))
	if len(p.History) != 2 || p.History[0].Status != promise.Renegotiated || p.History[1].Note != "done on Saturday" {
		t.Fatalf("History = %+v", p.History)
	}
	ps := []promise.Promise{
		settled(promise.Renegotiated, daysAgo(1)), settled(promise.Renegotiated, daysAgo(2)),
		settled(promise.Renegotiated, daysAgo(3)), settled(promise.Kept, daysAgo(4)), settled(promise.Kept, daysAgo(5)),
	}
	r := promise.ReliabilityOver(ps, now, promise.Month)
	if r.Decided != 2 || r.Words() != "not enough yet to say" {
		t.Errorf("three renegotiated and two kept: %+v %q, want 2 decided and not enough yet", r, r.Words())
	}
	ps = append(ps, settled(promise.Missed, daysAgo(6)))
	if w := promise.ReliabilityOver(ps, now, promise.Month).Words(); w != "2 of 3 kept in 30 days: most kept" {
		t.Errorf("with one miss: %q", w)
	}
}
