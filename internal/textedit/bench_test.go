package textedit

import (
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// paragraphs returns about n bytes of journal-like text: paragraphs of
// 60–400 characters of words, one per line, from a fixed generator.
func paragraphs(rng *rand.Rand, n int) string {
	words := []string{
		"I", "trust", "felt", "when", "you", "said", "that", "it", "was", "hard",
		"to", "hear", "and", "I", "want", "understand", "why", "we", "keep",
		"coming", "back", "here", "sorry", "listen", "together", "time", "space",
		"honest", "a", "the", "of", "really", "today", "again", "promise",
	}
	var b strings.Builder
	b.Grow(n + 400)
	for b.Len() < n {
		target := 60 + rng.IntN(341)
		start := b.Len()
		for b.Len()-start < target {
			if b.Len() > start {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		b.WriteString(".\n")
	}
	return b.String()[:n]
}

var benchSizes = []struct {
	name string
	n    int
}{
	{"1KB", 1 << 10},
	{"50KB", 50 << 10},
	{"1MB", 1 << 20},
}

// typingKeys is what one line of typing sends: the letters and spaces of a
// sentence, then Enter.
func typingKeys() []tea.KeyPressMsg {
	var keys []tea.KeyPressMsg
	for _, r := range "I will keep my word today, even in the small things. " {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return append(keys, tea.KeyPressMsg{Code: tea.KeyEnter})
}

// sink keeps View's result alive so the compiler cannot drop the call.
var sink string

// BenchmarkKeystroke measures one letter through Update then View, the cost
// of a keypress as the person feels it, at several draft sizes, with the
// cursor at the end and in the middle. BenchmarkKeystrokeTextarea is the
// bubbles/v2 textarea baseline.
func BenchmarkKeystroke(b *testing.B) {
	// Type a sentence, with a new line now and then, rather than one
	// letter over and over: a single ever-growing word would make the cost
	// per key depend on b.N.
	typing := typingKeys()
	for _, size := range benchSizes {
		text := paragraphs(rand.New(rand.NewPCG(1, 1)), size.n)
		for _, cur := range []string{"end", "middle"} {
			b.Run("size="+size.name+"/cursor="+cur, func(b *testing.B) {
				m := New()
				m.SetSize(80, 24)
				m.SetValue(text)
				if cur == "middle" {
					m.SetCursor(len(text) / 2)
				}
				m.Focus()
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					m, _ = m.Update(typing[i%len(typing)])
					sink = m.View()
				}
			})
		}
	}
}
