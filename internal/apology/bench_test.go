package apology_test

import (
	"strconv"
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
		apology.ForgetSentences() // read for the first time: opening the builder
		apology.Check(d)
	}
}

// BenchmarkCheckLetter measures a letter of ordinary length (about 400 words).
func BenchmarkCheckLetter(b *testing.B) {
	text := strings.Join(goodLetters[:8], "\n\n")
	b.ReportAllocs()
	for b.Loop() {
		apology.ForgetSentences()
		apology.CheckLetter(text)
	}
}

// BenchmarkCheckSectionTyping measures the editor's live check of one
// long section (about 400 words) at each key: one sentence, the one being
// typed, is new each time; the others were read at the key before.
func BenchmarkCheckSectionTyping(b *testing.B) {
	texts := map[string]string{}
	for i, p := range apology.Sections(false) {
		texts[p.Slug] = strings.Repeat(goodLetters[i%len(goodLetters)]+"\n", 8)
	}
	base := strings.Join(goodLetters[:8], " ")
	apology.ForgetSentences()
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n++
		texts["regret"] = base + " I am still writing this " + strconv.Itoa(n)
		apology.CheckSection(false, texts, int(apology.Regret))
	}
}
