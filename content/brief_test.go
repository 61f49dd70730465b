//go:build briefcheck

package content_test

// This check needs the content brief, which lives beside the repository
// (../shared/content-brief.md) and is not part of it, so it only builds
// with the briefcheck tag and never skips:
//
//	TRUSTWORK_BRIEF=../shared/content-brief.md go test -tags briefcheck -run Brief ./content/

import (
	"os"
	"strings"
	"testing"
	"unicode"
)

// runLen is the length of a run of words a lesson may not share with the
// brief: every sentence of the lessons is written fresh.
const runLen = 8

// normWords lower-cases s, drops apostrophes so "don't" matches "dont",
// and splits on everything that is not a letter or digit.
func normWords(s string) []string {
	s = strings.NewReplacer("'", "", "\u2019", "").Replace(strings.ToLower(s))
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func runs(words []string) map[string]bool {
	out := map[string]bool{}
	for i := 0; i+runLen <= len(words); i++ {
		out[strings.Join(words[i:i+runLen], " ")] = true
	}
	return out
}

func TestNoRunsFromBrief(t *testing.T) {
	path := os.Getenv("TRUSTWORK_BRIEF")
	if path == "" {
		t.Fatal("set TRUSTWORK_BRIEF to the path of content-brief.md")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	brief := runs(normWords(string(data)))
	if len(brief) < 1000 {
		t.Fatalf("%s yields only %d runs; is it the brief?", path, len(brief))
	}
	shared := 0
	for _, st := range load(t).Steps {
		// Every word the reader sees, titles, prompts and hints included.
		w := normWords(allText(st))
		for i := 0; i+runLen <= len(w); i++ {
			if r := strings.Join(w[i:i+runLen], " "); brief[r] {
				t.Errorf("%s shares %q with the brief", st.File, r)
				shared++
			}
		}
	}
	t.Logf("%d lessons checked, %d runs of %d words shared with the brief", len(load(t).Steps), shared, runLen)
}
