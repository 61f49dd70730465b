package space_test

import (
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/internal/space"
)

var since = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

func day(n float64) time.Time { return since.Add(time.Duration(n * 24 * float64(time.Hour))) }

func TestGivePeriod(t *testing.T) {
	dated := space.GivePeriod{Since: since, Until: day(10)}
	open := space.GivePeriod{Since: since, UntilTheyReachOut: true}
	reached := space.GivePeriod{Since: since, UntilTheyReachOut: true, Ended: day(4.5)}
	endedEarly := space.GivePeriod{Since: since, Until: day(10), Ended: day(2)}
	tests := []struct {
		name   string
		g      space.GivePeriod
		now    time.Time
		active bool
		days   int
	}{
		{"before it starts", dated, day(-1), false, 0},
		{"at the start", dated, since, true, 0},
		{"a day and a bit", dated, day(1.5), true, 1},
		{"last moment", dated, day(10).Add(-time.Second), true, 9},
		{"at the end date", dated, day(10), false, 10},
		{"long after the end, days stop counting", dated, day(30), false, 10},
		{"until they reach out, still going", open, day(45), true, 45},
		{"they reached out", reached, day(20), false, 4},
		{"ended early", endedEarly, day(5), false, 2},
		{"marked ended after its date: the date counts", space.GivePeriod{Since: since, Until: day(10), Ended: day(15)}, day(20), false, 10},
		{"zero period", space.GivePeriod{}, day(1), false, 0},
	}
	for _, tc := range tests {
		if got := tc.g.Active(tc.now); got != tc.active {
			t.Errorf("%s: Active = %v, want %v", tc.name, got, tc.active)
		}
		if got := tc.g.DaysKept(tc.now); got != tc.days {
			t.Errorf("%s: DaysKept = %d, want %d", tc.name, got, tc.days)
		}
	}
	if open.Allows(true, day(3)) || !open.Allows(false, day(3)) || !reached.Allows(true, day(5)) {
		t.Error("while space is given, only exercises that do not contact the other person are offered")
	}
}

func TestGivePeriodValidate(t *testing.T) {
	for _, tc := range []struct {
		g       space.GivePeriod
		wantErr string
	}{
		{space.GivePeriod{Since: since, Until: day(3)}, ""},
		{space.GivePeriod{Since: since, UntilTheyReachOut: true}, ""},
		{space.GivePeriod{Until: day(3)}, "needs a start"},
		{space.GivePeriod{Since: since}, "choose one end"},
		{space.GivePeriod{Since: since, Until: day(3), UntilTheyReachOut: true}, "choose one end"},
		{space.GivePeriod{Since: since, Until: since}, "after its start"},
		{space.GivePeriod{Since: since, UntilTheyReachOut: true, Ended: day(-1)}, "before it began"},
	} {
		err := tc.g.Validate()
		if (tc.wantErr == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%+v: error %v, want %q", tc.g, err, tc.wantErr)
		}
	}
}

func TestTimeoutPlanValidate(t *testing.T) {
	ok := space.TimeoutPlan{Signal: "pause", Minutes: 30, MeanwhileMe: "walk round the block", ComeBack: "after dinner, same day"}
	for _, tc := range []struct {
		name    string
		edit    func(*space.TimeoutPlan)
		wantErr string
	}{
		{"valid", func(*space.TimeoutPlan) {}, ""},
		{"twenty minutes is enough", func(p *space.TimeoutPlan) { p.Minutes = 20 }, ""},
		{"a full day is the most", func(p *space.TimeoutPlan) { p.Minutes = 1440 }, ""},
		{"no signal", func(p *space.TimeoutPlan) { p.Signal = " " }, "signal"},
		{"too short", func(p *space.TimeoutPlan) { p.Minutes = 19 }, "at least 20 minutes"},
		{"too long", func(p *space.TimeoutPlan) { p.Minutes = 1441 }, "longer than a day"},
		{"nothing to do meanwhile", func(p *space.TimeoutPlan) { p.MeanwhileMe = "" }, "meanwhile"},
		{"no coming back", func(p *space.TimeoutPlan) { p.ComeBack = "" }, "come back"},
	} {
		p := ok
		tc.edit(&p)
		err := p.Validate()
		if (tc.wantErr == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.wantErr)
		}
	}
}

func TestTimer(t *testing.T) {
	p := space.TimeoutPlan{Minutes: 20}
	start := since
	for _, tc := range []struct {
		name  string
		start time.Time
		now   time.Time
		left  time.Duration
		phase space.Phase
		clock string
	}{
		{"not started", time.Time{}, since, 20 * time.Minute, space.NotStarted, "20:00"},
		{"clock moved back", start, start.Add(-time.Hour), 20 * time.Minute, space.NotStarted, "20:00"},
		{"just started", start, start, 20 * time.Minute, space.Resting, "20:00"},
		{"half a second in rounds up", start, start.Add(500 * time.Millisecond), 20*time.Minute - 500*time.Millisecond, space.Resting, "20:00"},
		{"midway", start, start.Add(12*time.Minute + 30*time.Second), 7*time.Minute + 30*time.Second, space.Resting, "7:30"},
		{"exactly over", start, start.Add(20 * time.Minute), 0, space.ComeBack, "0:00"},
		{"long over", start, start.Add(3 * time.Hour), 0, space.ComeBack, "0:00"},
	} {
		if got := p.Remaining(tc.start, tc.now); got != tc.left {
			t.Errorf("%s: Remaining = %v, want %v", tc.name, got, tc.left)
		}
		if got := p.PhaseAt(tc.start, tc.now); got != tc.phase {
			t.Errorf("%s: phase %v, want %v", tc.name, got, tc.phase)
		}
		if got := space.Clock(p.Remaining(tc.start, tc.now)); got != tc.clock {
			t.Errorf("%s: Clock = %q, want %q", tc.name, got, tc.clock)
		}
	}
	if got := space.Clock(90 * time.Minute); got != "1:30:00" {
		t.Errorf("Clock(90m) = %q", got)
	}
	if space.ComeBack.String() != "time to come back" {
		t.Error("phase names are for the screen")
	}
}

func TestCurrent(t *testing.T) {
	old := space.GivePeriod{Since: day(-20), Until: day(-10)}
	open := space.GivePeriod{Since: day(-5), UntilTheyReachOut: true}
	newer := space.GivePeriod{Since: day(-1), Until: day(3)}
	for _, tc := range []struct {
		name string
		ps   []space.GivePeriod
		now  time.Time
		want int
	}{
		{"none", nil, since, -1},
		{"only an old one", []space.GivePeriod{old}, since, -1},
		{"an open one", []space.GivePeriod{old, open}, since, 1},
		{"overlapping: the latest started", []space.GivePeriod{newer, old, open}, since, 0},
		{"after the dated one ends, the open one still runs", []space.GivePeriod{newer, old, open}, day(4), 2},
	} {
		if got := space.Current(tc.ps, tc.now); got != tc.want {
			t.Errorf("%s: Current = %d, want %d", tc.name, got, tc.want)
		}
	}
	if got := space.EndReasons(false); len(got) != 2 || got[0] != "they reached out" {
		t.Errorf("EndReasons(giving) = %q", got)
	}
	if got := space.EndReasons(true); got[0] != "I reached out" {
		t.Errorf("EndReasons(asked) = %q", got)
	}
}

func TestCheckMinutes(t *testing.T) {
	for m, ok := range map[int]bool{0: false, 19: false, 20: true, 45: true, 1440: true, 1441: false, -5: false} {
		if got := space.CheckMinutes(m) == nil; got != ok {
			t.Errorf("CheckMinutes(%d) ok = %v, want %v", m, got, ok)
		}
	}
}
