package apology_test

import (
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/apology"
)

// BenchmarkCheck measures a long draft (about 2,800 words), checked on every
// keystroke pause in the builder.
func BenchmarkCheck(b *testing.B) {
	var d apology.Draft
	for i, p := range apology.Parts() {
		d.Set(p.Component, strings.Repeat(goodLetters[i%len(goodLetters)]+"\n", 8))
	}
	b.ReportAllocs()
	for b.Loop() {
		apology.Check(d)
	}
}

// BenchmarkCheckLetter measures a letter of ordinary length (about 400 words).
func BenchmarkCheckLetter(b *testing.B) {
	text := strings.Join(goodLetters[:8], "\n\n")
	b.ReportAllocs()
	for b.Loop() {
		apology.CheckLetter(text)
	}
}

// BenchmarkCheckSection measures the editor's live check of one section
// of the long draft, run on each change while that section is written.
func BenchmarkCheckSection(b *testing.B) {
	texts := map[string]string{}
	for i, p := range apology.Sections(false) {
		texts[p.Slug] = strings.Repeat(goodLetters[i%len(goodLetters)]+"\n", 8)
	}
	b.ReportAllocs()
	for b.Loop() {
		apology.CheckSection(false, texts, int(apology.Regret))
	}
}
