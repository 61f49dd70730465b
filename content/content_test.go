package content_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/lesson"
	"github.com/trustwork/trustwork/internal/workbook"
)

// The shape of the lessons is part of the product: the home screen lists the
// steps in this order, and stored journal entries refer to steps by id, so a
// renamed id or a reordered file would orphan people's entries.
var wantSteps = []struct {
	file, id string
}{
	{"00-begin.md", "begin"},
	{"01-reflect.md", "reflect"},
	{"02-admit.md", "admit"},
	{"03-apologise.md", "apologise"},
	{"04-space.md", "space"},
	{"05-communicate.md", "communicate"},
	{"06-memories.md", "memories"},
	{"07-other-side.md", "other-side"},
}

const (
	minWords      = 300
	maxWords      = 700
	maxSummary    = 70
	maxHint       = 90
	maxPromptText = 120
)

func load(t *testing.T) *workbook.Workbook {
	t.Helper()
	wb, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatalf("loading embedded content: %v", err)
	}
	return wb
}

// words counts the words of a markdown body, ignoring bare markup tokens
// such as "-", "##" or ">" that strings.Fields would otherwise count.
func words(body string) int {
	n := 0
	for _, f := range strings.Fields(body) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

func TestWords(t *testing.T) {
	cases := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"## A heading\n\n- one item\n- two\n\n> quoted words", 7},
		{"**Bold** and *emphasis*, 2016.", 4},
		{"- \n## \n> \n1. 2.", 2},
	}
	for _, c := range cases {
		if got := words(c.in); got != c.want {
			t.Errorf("words(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestStepsInOrder(t *testing.T) {
	wb := load(t)
	if len(wb.Steps) != len(wantSteps) {
		var got []string
		for _, s := range wb.Steps {
			got = append(got, s.File)
		}
		t.Fatalf("got %d steps %v, want %d", len(wb.Steps), got, len(wantSteps))
	}
	for i, want := range wantSteps {
		st := wb.Steps[i]
		if st.File != want.file || st.ID != want.id {
			t.Errorf("step %d = %s (id %q), want %s (id %q)", i, st.File, st.ID, want.file, want.id)
		}
		if wb.Index(want.id) != i {
			t.Errorf("Index(%q) = %d, want %d", want.id, wb.Index(want.id), i)
		}
	}
	if st, ok := wb.Step("other-side"); !ok || st.Title != "The other side" {
		t.Errorf(`Step("other-side") title = %q, %v; want "The other side"`, st.Title, ok)
	}
}

func TestLessonShape(t *testing.T) {
	wb := load(t)
	for _, st := range wb.Steps {
		t.Run(st.ID, func(t *testing.T) {
			n := words(st.Body)
			t.Logf("%s: %d words, %d prompts", st.File, n, len(st.Prompts))
			if n < minWords || n > maxWords {
				t.Errorf("body has %d words, want %d-%d", n, minWords, maxWords)
			}
			if utf8.RuneCountInString(st.Summary) > maxSummary {
				t.Errorf("summary is %d characters, want at most %d: %q", utf8.RuneCountInString(st.Summary), maxSummary, st.Summary)
			}
			if strings.Contains(st.Summary, "\n") {
				t.Errorf("summary must be one line: %q", st.Summary)
			}
			if len(st.Prompts) < 4 || len(st.Prompts) > 6 {
				t.Errorf("has %d prompts, want 4-6", len(st.Prompts))
			}
			for _, p := range st.Prompts {
				if strings.TrimSpace(p.Hint) == "" {
					t.Errorf("prompt %q has no hint", p.ID)
				}
				if utf8.RuneCountInString(p.Hint) > maxHint || strings.Contains(p.Hint, "\n") {
					t.Errorf("prompt %q hint must be one line under %d characters: %q", p.ID, maxHint, p.Hint)
				}
				if !strings.HasSuffix(p.Text, "?") {
					t.Errorf("prompt %q text should be a question: %q", p.ID, p.Text)
				}
				if utf8.RuneCountInString(p.Text) > maxPromptText {
					t.Errorf("prompt %q text is %d characters, want at most %d", p.ID, utf8.RuneCountInString(p.Text), maxPromptText)
				}
			}
			if c := strings.Count(st.Body, "\n## "); c < 2 {
				t.Errorf("body has %d '##' sections, want at least 2", c)
			}
		})
	}
}

// Lessons are rendered in a terminal (internal/lesson), so they stay in the small
// subset of markdown that reads well there, and free of emoji, which many
// terminals draw at the wrong width.
var (
	linkOrImage = regexp.MustCompile(`\]\(`)
	htmlTag     = regexp.MustCompile(`<[A-Za-z/!]`)
	tableRow    = regexp.MustCompile(`(?m)^\s*\|`)
)

func TestPlainMarkdown(t *testing.T) {
	wb := load(t)
	for _, st := range wb.Steps {
		for _, bad := range []struct {
			what string
			re   *regexp.Regexp
		}{
			{"link or image", linkOrImage},
			{"HTML", htmlTag},
			{"table", tableRow},
		} {
			if loc := bad.re.FindStringIndex(st.Body); loc != nil {
				t.Errorf("%s: body contains %s near %q", st.File, bad.what, excerpt(st.Body, loc[0]))
			}
		}
		if strings.Contains(st.Body, "```") || strings.Contains(st.Body, "\n    ") {
			t.Errorf("%s: body contains a code block", st.File)
		}
		all := st.Title + st.Summary + st.Body
		for _, p := range st.Prompts {
			all += p.Text + p.Hint
		}
		for i, r := range all {
			if isEmoji(r) {
				t.Errorf("%s: emoji %U near %q", st.File, r, excerpt(all, i))
				break
			}
		}
	}
}

// TestListItemsOnOneLine keeps list items on one source line each, as the
// lessons were written for Glamour, which kept a soft line break inside a
// list item as a hard one; the renderer now rewraps them, but one line per
// item also keeps the lessons' diffs readable.
func TestListItemsOnOneLine(t *testing.T) {
	listItem := regexp.MustCompile(`^(\s*[-*+]|\s*\d+\.) `)
	for _, st := range load(t).Steps {
		lines := strings.Split(st.Body, "\n")
		for i := 1; i < len(lines); i++ {
			cont := strings.TrimSpace(lines[i]) != "" && !listItem.MatchString(lines[i]) &&
				(strings.HasPrefix(lines[i], " ") || strings.HasPrefix(lines[i], "\t"))
			if cont && listItem.MatchString(lines[i-1]) {
				t.Errorf("%s: list item continues on the next line: %q", st.File, lines[i])
			}
		}
	}
}

func isEmoji(r rune) bool {
	return r >= 0x1F000 || (r >= 0x2600 && r <= 0x27BF) || r == 0xFE0F || r == 0x200D
}

func excerpt(s string, i int) string {
	lo, hi := max(0, i-20), min(len(s), i+20)
	return s[lo:hi]
}

func TestOrientationSafetyNote(t *testing.T) {
	st, ok := load(t).Step("begin")
	if !ok {
		t.Fatal("no begin step")
	}
	body := strings.ToLower(st.Body)
	if !regexp.MustCompile(`(?m)^## .*safety`).MatchString(body) {
		t.Error("orientation has no '## ... safety' heading")
	}
	// Each phrase stands for one thing the safety note must tell the reader.
	for _, want := range []string{
		"not therapy",
		"physical or emotional abuse",
		"helpline",
		"doctor",
		"counsellor",
		"infidelity",
		"addiction",
		"trauma",
		"leaving",
		"forgive",
		"friend",
		"family",
		"years",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("orientation does not mention %q", want)
		}
	}
}

func TestApologyComponents(t *testing.T) {
	st, ok := load(t).Step("apologise")
	if !ok {
		t.Fatal("no apologise step")
	}
	if !strings.Contains(st.Body, "Lewicki, Polin and Lount (2016)") {
		t.Error("apologise does not cite Lewicki, Polin and Lount (2016)")
	}
	items := regexp.MustCompile(`(?m)^[1-6]\. `).FindAllString(st.Body, -1)
	if len(items) != 6 {
		t.Errorf("apologise lists %d numbered components, want 6", len(items))
	}
	body := strings.ToLower(st.Body)
	for _, want := range []string{"regret", "explain", "acknowledging responsibility", "repentance", "offering repair", "forgiveness", "valued most"} {
		if !strings.Contains(body, want) {
			t.Errorf("apologise does not mention %q", want)
		}
	}
}

func TestTopicsCovered(t *testing.T) {
	wb := load(t)
	for id, wants := range map[string][]string{
		"communicate": {"listen", "check-in", "offer", "agree", "promise", "lie"},
		"memories":    {"small wins", "trust is returning"},
		"other-side":  {"no deadline", "judge", "leave", "abuse"},
		"space":       {"counsellor", "giving up", "pace"},
	} {
		st, ok := wb.Step(id)
		if !ok {
			t.Errorf("no %s step", id)
			continue
		}
		body := strings.ToLower(st.Body)
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s does not mention %q", id, w)
			}
		}
	}
}

func TestBodiesRender(t *testing.T) {
	wb := load(t)
	for _, dark := range []bool{true, false} {
		for _, st := range wb.Steps {
			out := ansi.Strip(lesson.Render(st.Body, 60, dark))
			// Every heading must survive rendering; a lost heading means the
			// markdown was not what it looked like.
			for _, h := range regexp.MustCompile(`(?m)^## (.+)$`).FindAllStringSubmatch(st.Body, -1) {
				if !strings.Contains(out, h[1]) {
					t.Errorf("%s (dark %v): heading %q missing from output", st.File, dark, h[1])
				}
			}
			for i, line := range strings.Split(out, "\n") {
				if w := utf8.RuneCountInString(line); w > 60 {
					t.Errorf("%s: rendered line %d is %d wide at width 60", st.File, i+1, w)
					break
				}
			}
		}
	}
}

// Example lists the step ids in the order the home screen shows them.
func Example() {
	wb, err := workbook.Load(content.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, st := range wb.Steps {
		fmt.Println(st.ID)
	}
	// Output:
	// begin
	// reflect
	// admit
	// apologise
	// space
	// communicate
	// memories
	// other-side
}
