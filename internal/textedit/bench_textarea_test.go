package textedit

import (
	"math/rand/v2"
	"testing"

	"charm.land/bubbles/v2/textarea"
)

// BenchmarkKeystrokeTextarea is BenchmarkKeystroke for bubbles/v2 textarea,
// the widget this package replaces, so the two can be compared.
func BenchmarkKeystrokeTextarea(b *testing.B) {
	typing := typingKeys()
	// The 1MB case is left out: textarea's keystroke cost grows with the
	// text (about 40 ms at 50KB on the 2-core dev machine), so 1MB would take
	// close to a second per iteration. That growth is why this package exists.
	for _, size := range benchSizes[:2] {
		text := paragraphs(rand.New(rand.NewPCG(1, 1)), size.n)
		for _, cur := range []string{"end", "middle"} {
			b.Run("size="+size.name+"/cursor="+cur, func(b *testing.B) {
				ta := textarea.New()
				ta.MaxHeight = 0
				ta.CharLimit = 0
				ta.ShowLineNumbers = false
				ta.SetWidth(80)
				ta.SetHeight(24)
				ta.SetValue(text)
				if cur == "middle" {
					ta.MoveToBegin()
					for range ta.LineCount() / 2 {
						ta.CursorDown()
					}
				}
				ta.Focus()
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					ta, _ = ta.Update(typing[i%len(typing)])
					sink = ta.View()
				}
			})
		}
	}
}
