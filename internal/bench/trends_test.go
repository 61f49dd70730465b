package bench

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/store"
)

// BenchmarkScreenViewTrends is one View() of the Trends screen on L, with
// its three years of daily check-ins charted over all time, at 80×24 and
// 200×50. Target: the screens' ≤ 2 ms. The chart is drawn when the data,
// size, range or series change, so View only returns it.
func BenchmarkScreenViewTrends(b *testing.B) {
	for _, sz := range [][2]int{{80, 24}, {200, 50}} {
		b.Run(fmt.Sprintf("size=L/screen=trends/term=%dx%d", sz[0], sz[1]), func(b *testing.B) {
			s := trendsSession(b, sz)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				sink = s.m.View().Content
			}
		})
	}
}

// BenchmarkTrendsRedraw is what a change costs: the range key (the chart
// of three years is drawn again) and the View after it, at 200×50.
func BenchmarkTrendsRedraw(b *testing.B) {
	s := trendsSession(b, [2]int{200, 50})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.key("r")
		sink = s.m.View().Content
	}
}

func trendsSession(b *testing.B, sz [2]int) *session {
	s := newSession(b, "L", resumeAt(store.Resume{Screen: "tool:trends"}))
	s.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
	s.key("r") // from a year to all time: every week of three years
	s.expect("Trust, weekly average, all time")
	s.expect("'24")
	return s
}
