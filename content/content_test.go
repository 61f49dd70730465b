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

// The shape of the lessons is part of the product: the home screen lists a
// track's steps in this order, and stored journal entries refer to steps by
// id, so a renamed id or a reordered file would orphan people's entries.
type wantStep struct{ file, id string }

var wantTracks = map[string][]wantStep{
	workbook.TrackRepair: {
		{"00-begin.md", "begin"},
		{"01-reflect.md", "reflect"},
		{"02-admit.md", "admit"},
		{"03-apologise.md", "apologise"},
		{"04-space.md", "space"},
		{"05-communicate.md", "communicate"},
		{"06-memories.md", "memories"},
	},
	workbook.TrackHurt: {
		{"hurt-00-begin.md", "hurt-begin"},
		{"hurt-01-steady.md", "steady"},
		{"hurt-02-know.md", "know"},
		{"hurt-03-need.md", "need"},
		{"hurt-04-triggers.md", "triggers"},
		{"hurt-05-decide.md", "decide"},
		{"hurt-06-rebuild.md", "rebuild"},
	},
}

const (
	minWords      = 400
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

func TestTracksInOrder(t *testing.T) {
	wb := load(t)
	total := 0
	for _, track := range workbook.Tracks {
		want := wantTracks[track]
		got := wb.Track(track)
		total += len(got)
		if len(got) != len(want) {
			var files []string
			for _, s := range got {
				files = append(files, s.File)
			}
			t.Errorf("track %s has %d steps %v, want %d", track, len(got), files, len(want))
			continue
		}
		for i, w := range want {
			st := got[i]
			if st.File != w.file || st.ID != w.id || st.Track != track {
				t.Errorf("track %s step %d = %s (id %q, track %q), want %s (id %q)", track, i, st.File, st.ID, st.Track, w.file, w.id)
			}
			if st.Orientation != (i == 0) {
				t.Errorf("%s: orientation = %v, want %v", st.File, st.Orientation, i == 0)
			}
		}
	}
	if len(wantTracks) != len(workbook.Tracks) || total != len(wb.Steps) {
		t.Errorf("the tracks hold %d of %d steps; every lesson belongs to exactly one track", total, len(wb.Steps))
	}
	if _, ok := wb.Step("other-side"); ok {
		t.Error(`the old "other-side" lesson is still there; the hurt track replaces it`)
	}
}

func TestLessonShape(t *testing.T) {
	wb := load(t)
	for _, st := range wb.Steps {
		t.Run(st.ID, func(t *testing.T) {
			if words(st.Ending) > 120 {
				t.Errorf("ending has %d words, want at most 120", words(st.Ending))
			}
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
		all := allText(st)
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

// TestOrientationSafetyFirst: in both tracks, the orientation opens with
// safety, and its first question is the safety check asked both ways.
func TestOrientationSafetyFirst(t *testing.T) {
	wb := load(t)
	// The check must ask about fear in both directions: the reader's fear
	// of the other person, and the other person's fear of the reader.
	fearOfThem := regexp.MustCompile(`(?i)\b(afraid|scared|frightened)\s+of\s+(this\s+person|them|the\s+other\s+person)\b`)
	fearOfYou := regexp.MustCompile(`(?i)\b(they|them|the\s+other\s+person)\b[^?]*\b(afraid|scared|frightened)\s+of\s+you\b`)
	for _, track := range workbook.Tracks {
		st, ok := wb.Orientation(track)
		if !ok {
			t.Errorf("track %s has no orientation", track)
			continue
		}
		first := st.Prompts[0]
		if first.ID != "safety-check" || !fearOfThem.MatchString(first.Text) || !fearOfYou.MatchString(first.Text) {
			t.Errorf("%s: first prompt %q %q is not the safety check asked both ways", st.File, first.ID, first.Text)
		}
		if h := regexp.MustCompile(`(?m)^## (.+)$`).FindStringSubmatch(st.Body); h == nil || !strings.Contains(strings.ToLower(h[1]), "safety") {
			t.Errorf("%s: the first section is %q, want the safety section", st.File, h)
		}
		safety := strings.ToLower(section(st.Body, 0))
		if !fearOfThem.MatchString(safety) || !fearOfYou.MatchString(safety) {
			t.Errorf("%s: the safety section does not ask about fear both ways", st.File)
		}
		// Each phrase stands for one thing the safety section must say.
		for _, want := range []string{
			// signs of coercive control, named plainly
			"checking", "tracking", "away from", "threats", "self-harm", "money", "sex", "putting", "rules about where",
			// where to turn
			"domestic abuse", "local emergency number", "911", "999", "112",
			"crisis line", "988", "116 123", "today",
			// privacy is a safety question
			"lock",
			// a route for a reader who recognises themselves as causing fear
			"programmes", "stop",
		} {
			if !strings.Contains(safety, want) {
				t.Errorf("%s: the safety section does not mention %q", st.File, want)
			}
		}
		body := strings.ToLower(st.Body)
		for _, want := range []string{"not therapy", "physical or emotional", "counsellor", "infidelity", "addiction", "trauma", "friend", "family", "couples only"} {
			if !strings.Contains(body, want) && !(want == "couples only" && strings.Contains(body, "for a couple")) {
				t.Errorf("%s: orientation does not mention %q", st.File, want)
			}
		}
	}
}

// section returns the text of the i-th '## ' section of a markdown body.
func section(body string, i int) string {
	parts := strings.Split("\n"+body, "\n## ")
	if i+1 >= len(parts) {
		return ""
	}
	return parts[i+1]
}

// TestEndings: each track says, in its own words, that the work is done
// and what comes next.
func TestEndings(t *testing.T) {
	wb := load(t)
	seen := map[string]string{}
	for _, track := range workbook.Tracks {
		end := wb.Ending(track)
		if n := words(end); n < 40 {
			t.Errorf("track %s ending has %d words, want at least 40: %q", track, n, end)
		}
		low := strings.ToLower(end)
		for _, want := range []string{"every step", "keep", "come back"} {
			if !strings.Contains(low, want) {
				t.Errorf("track %s ending does not say %q", track, want)
			}
		}
		if other, dup := seen[end]; dup {
			t.Errorf("tracks %s and %s share one ending", track, other)
		}
		seen[end] = track
	}
}

// TestEachTrackSpeaksToItsReader: no lesson, prompt or heading of one track
// addresses the other person. The phrases are the ways a lesson slips into
// speaking to the wrong reader.
func TestEachTrackSpeaksToItsReader(t *testing.T) {
	wrong := map[string][]string{
		workbook.TrackRepair: {"your trust was broken", "broke your trust", "you were hurt", "who was hurt", "hurt you", "if you are the one"},
		workbook.TrackHurt:   {"the person you hurt", "you broke", "what you did", "your apology", "you cheated", "if you are the one"},
	}
	wb := load(t)
	for track, phrases := range wrong {
		for _, st := range wb.Track(track) {
			text := strings.ToLower(allText(st))
			for _, p := range phrases {
				if strings.Contains(text, p) {
					t.Errorf("%s (track %s) speaks to the other reader: %q", st.File, track, p)
				}
			}
		}
	}
}

// allText is every word a reader of the step sees.
func allText(st workbook.Step) string {
	all := []string{st.Title, st.Summary, st.Body, st.Ending}
	for _, p := range st.Prompts {
		all = append(all, p.Text, p.Hint)
	}
	return strings.Join(all, "\n")
}

// TestNothingServesControl guards the advice that could be turned into a
// weapon, as the content brief asks: openness is agreed, time-limited and
// reviewed; the reader who broke trust never labels the other a judge; and
// forgiveness is never owed.
func TestNothingServesControl(t *testing.T) {
	wb := load(t)
	for _, st := range wb.Steps {
		low := strings.ToLower(allText(st))
		if strings.Contains(low, "password") || strings.Contains(low, "location") {
			for _, want := range []string{"review", "couple", "control"} {
				if !strings.Contains(low, want) {
					t.Errorf("%s mentions passwords or location without %q", st.File, want)
				}
			}
		}
		if st.Track == workbook.TrackRepair && regexp.MustCompile(`\bjudge\b`).MatchString(low) {
			t.Errorf("%s: the repair track must not frame the other person as a judge", st.File)
		}
		for _, bad := range []string{"you should forgive", "you need to forgive", "time to forgive", "should trust you"} {
			if strings.Contains(low, bad) {
				t.Errorf("%s presses for forgiveness or trust: %q", st.File, bad)
			}
		}
	}
}

// TestPromptsEachHaveTheirOwnJob: within a track no two prompts ask the
// same thing. A lexical check cannot judge meaning, so it catches repeats
// and near-repeats: the same text, or most of the same content words.
func TestPromptsEachHaveTheirOwnJob(t *testing.T) {
	const maxOverlap = 0.45
	wb := load(t)
	for _, track := range workbook.Tracks {
		type ref struct {
			where string
			words map[string]bool
		}
		var seen []ref
		worst := 0.0
		for _, st := range wb.Track(track) {
			for _, p := range st.Prompts {
				w := contentWords(p.Text)
				for _, o := range seen {
					j := jaccard(w, o.words)
					worst = max(worst, j)
					if j > maxOverlap {
						t.Errorf("track %s: %s/%s and %s ask much the same (overlap %.2f): %q", track, st.ID, p.ID, o.where, j, p.Text)
					}
				}
				seen = append(seen, ref{st.ID + "/" + p.ID, w})
			}
		}
		t.Logf("track %s: %d prompts, largest word overlap %.2f", track, len(seen), worst)
	}
}

func TestJaccard(t *testing.T) {
	a := contentWords("What would you need to see, in actions?")
	if j := jaccard(a, contentWords("What would you NEED to see in your actions?")); j != 1 {
		t.Errorf("near-identical prompts overlap %.2f, want 1", j)
	}
	if j := jaccard(a, contentWords("Who can you lean on?")); j != 0 {
		t.Errorf("unrelated prompts overlap %.2f, want 0", j)
	}
}

var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a about after an and any are as at be been before but by can could did do does
		for from had has have how if in into is it its me might more most my now of on one or so some than that
		the their them then there these they this those to too up was we were what when where which who whom why
		will with would you your yours yourself`) {
		stopWords[w] = true
	}
}

// contentWords is the set of a prompt's words that carry its meaning,
// lower-cased, with a plural s dropped.
func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		f = strings.Trim(f, "'")
		if stopWords[f] || len(f) < 3 {
			continue
		}
		if len(f) > 4 {
			f = strings.TrimSuffix(f, "s")
		}
		out[f] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// TestConditionalPrompts: a prompt about a situation that may not apply
// (a third person, children) says "if", so nobody is told they have one.
func TestConditionalPrompts(t *testing.T) {
	situational := regexp.MustCompile(`(?i)third person|someone else|children`)
	for _, st := range load(t).Steps {
		for _, p := range st.Prompts {
			if situational.MatchString(p.Text) && !regexp.MustCompile(`(?i)\bif\b`).MatchString(p.Text) {
				t.Errorf("%s/%s assumes its situation applies: %q", st.ID, p.ID, p.Text)
			}
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

// TestTopicsCovered: each lesson carries what the content brief asks of
// it. Each phrase stands for one idea; a rewrite that drops the idea fails.
func TestTopicsCovered(t *testing.T) {
	wb := load(t)
	for id, wants := range map[string][]string{
		"begin":       {"told the truth yourself", "leaving can be", "years"},
		"reflect":     {"patterns", "settle"},
		"admit":       {"one full account", "instalments", "timeline", "graphic", "counsellor"},
		"apologise":   {"forgiveness counted for the least", "lying or cheating", "names what it did to them"},
		"space":       {"same question", "every", "check-in", "giving up", "counsellor"},
		"communicate": {"listen", "twenty minutes", "time to return", "offer", "review", "third person", "wall", "window", "out loud", "promise", "untruth", "couples"},
		"memories":    {"after a slip", "before they find out", "amends", "own steadiness", "never proof", "friend or relative", "keep the practices"},
		"hurt-begin":  {"forgiveness", "any date", "stepping away", "normal"},
		"steady":      {"sleep", "sexual-health", "children", "doctor", "lean on", "not your choice"},
		"know":        {"one full account", "graphic", "ask again", "counsellor", "pause"},
		"need":        {"accountability", "time limit", "review", "third person", "control", "firm lines", "for couples"},
		"triggers":    {"anniversar", "reassurance", "twenty minutes", "breathe", "friend or a relative"},
		"decide":      {"no deadline", "forgiveness is optional", "acceptance", "leaving can be", "counsellor"},
		"rebuild":     {"small risks", "your pace", "for couples", "new memories", "watching"},
	} {
		st, ok := wb.Step(id)
		if !ok {
			t.Errorf("no %s step", id)
			continue
		}
		body := strings.ToLower(allText(st))
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

// Example lists each track's step ids in the order the home screen shows
// them.
func Example() {
	wb, err := workbook.Load(content.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, track := range workbook.Tracks {
		var ids []string
		for _, st := range wb.Track(track) {
			ids = append(ids, st.ID)
		}
		fmt.Println(track+":", strings.Join(ids, " "))
	}
	// Output:
	// repair: begin reflect admit apologise space communicate memories
	// hurt: hurt-begin steady know need triggers decide rebuild
}
