package export

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/export")

const goldenDir = "../../testdata/export"

// fakeSource is an in-memory Source: entries are kept in the order given,
// which the tests make oldest first, like the store.
type fakeSource struct {
	entries []store.Entry
	drafts  []store.Draft
	// calls counts EachEntry calls, to check the number of passes.
	calls int
	// failAfter, when > 0, makes EachEntry fail after that many entries.
	failAfter int
	progress  map[string]store.Status
}

func (f *fakeSource) EachEntry(ctx context.Context, wb int64, stepID, promptID string, fn func(store.Entry) error) error {
	f.calls++
	n := 0
	for _, e := range f.entries {
		if e.WorkbookID != wb || stepID != "" && (e.StepID != stepID || e.PromptID != promptID) {
			continue
		}
		if f.failAfter > 0 && n >= f.failAfter {
			return errors.New("disk on fire")
		}
		n++
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSource) PromptCountsBetween(ctx context.Context, wb int64, from, to time.Time) ([]store.PromptCount, error) {
	var out []store.PromptCount
	for _, e := range f.entries {
		if e.WorkbookID != wb || !from.IsZero() && e.CreatedAt.Before(from) || !to.IsZero() && !e.CreatedAt.Before(to) {
			continue
		}
		i := slices.IndexFunc(out, func(c store.PromptCount) bool { return c.StepID == e.StepID && c.PromptID == e.PromptID })
		if i < 0 {
			out = append(out, store.PromptCount{StepID: e.StepID, PromptID: e.PromptID})
			i = len(out) - 1
		}
		out[i].Count++
	}
	slices.SortFunc(out, func(a, b store.PromptCount) int {
		return strings.Compare(a.StepID+"\x00"+a.PromptID, b.StepID+"\x00"+b.PromptID)
	})
	return out, nil
}

func (f *fakeSource) Progress(ctx context.Context, wb int64) (map[string]store.Status, error) {
	return f.progress, nil
}

func (f *fakeSource) Drafts(ctx context.Context, wb int64) ([]store.Draft, error) {
	var out []store.Draft
	for _, d := range f.drafts {
		if d.WorkbookID == wb {
			out = append(out, d)
		}
	}
	return out, nil
}

// The store is the Source the app uses.
var _ Source = (*store.Store)(nil)

func testBook() *workbook.Workbook {
	return &workbook.Workbook{Steps: []workbook.Step{
		{ID: "reflect", Title: "Reflect on why it happened", Track: workbook.TrackRepair, Prompts: []workbook.Prompt{
			{ID: "what", Text: "What happened, in plain words?"},
			{ID: "why", Text: "What was going on for you when you did it?"},
			{ID: "pattern", Text: "Has this happened before?"},
		}},
		{ID: "admit", Title: "Admit it fully", Track: workbook.TrackRepair, Prompts: []workbook.Prompt{
			{ID: "hurt", Text: "How did it hurt them?"},
			{ID: "excuses", Text: "Which excuses do you notice yourself making?"},
		}},
		{ID: "space", Title: "Give them space", Track: workbook.TrackRepair, Prompts: []workbook.Prompt{
			{ID: "wait", Text: "What will you do while you wait?"},
		}},
	}}
}

var (
	testWorkbook = store.Workbook{ID: 7, PartnerName: "Sam", Relationship: "partner", Role: store.RoleRepairing}
	exportNow    = time.Date(2026, 11, 21, 18, 30, 0, 0, time.UTC)
	testOptions  = Options{Now: exportNow, Location: time.UTC}
)

// at returns a UTC time in November 2026.
func at(day, hour, min int) time.Time { return time.Date(2026, 11, day, hour, min, 0, 0, time.UTC) }

func entry(id int64, step, prompt, ptext, body string, created, updated time.Time) store.Entry {
	return store.Entry{ID: id, WorkbookID: 7, StepID: step, PromptID: prompt, PromptText: ptext, Body: body, CreatedAt: created, UpdatedAt: updated}
}

func smallSource() *fakeSource {
	return &fakeSource{
		entries: []store.Entry{
			entry(1, "reflect", "what", "What happened, in plain words?",
				"I told Sam I was at work when I was not.\nI did it three times in March.\n\nI kept telling myself it was small.",
				at(3, 21, 14), at(3, 21, 14)),
			entry(2, "reflect", "what", "What happened, in plain words?",
				"Looking back, the lying was worse than where I was.",
				at(5, 8, 2), at(9, 19, 40)), // edited
			entry(6, "reflect", "why", "What was going on for you when you did it?",
				"I was afraid of the argument.", at(6, 22, 0), at(6, 22, 0).Add(20*time.Second)), // saved twice at once: not "edited"
			entry(3, "admit", "hurt", "How did it hurt them?",
				"She stopped believing small things too:\n- where I was\n- who I was with", at(10, 7, 30), at(10, 7, 30)),
			// The lesson's wording changed between these two entries.
			entry(4, "admit", "hurt", "How did it hurt them, and how do you know?",
				"She told me.", at(12, 20, 0), at(12, 20, 0)),
			// An answer to a prompt since removed from the content.
			entry(5, "admit", "blame", "Who did you blame at first?",
				"Work. Then her. Then nobody.", at(11, 9, 15), at(11, 9, 15)),
			// Another workbook's entry must not appear.
			{ID: 99, WorkbookID: 8, StepID: "reflect", PromptID: "what", PromptText: "What happened?", Body: "not mine", CreatedAt: at(1, 1, 1), UpdatedAt: at(1, 1, 1)},
		},
		drafts: []store.Draft{
			{WorkbookID: 7, StepID: "space", PromptID: "wait", PromptText: "What will you do while you wait?",
				Body: "Walk every evening. Not text first.", UpdatedAt: at(20, 23, 5)},
			{WorkbookID: 7, StepID: "reflect", PromptID: "pattern", PromptText: "Has this happened before?",
				Body: "   \n\n", UpdatedAt: at(20, 23, 6)}, // empty: not exported
		},
		progress: map[string]store.Status{"reflect": store.Done, "admit": store.InProgress},
	}
}

// hostile is text written to break a terminal or a markdown document.
var hostile = []string{
	"\x1b[2J\x1b[Hcleared?",
	"\x1b]52;c;aGk=\x07clipboard",
	"\x1b]8;;http://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
	"csi\u009b31mred",
	"\u202eevil\u202c reversed \u2066iso\u2069",
	"nul\x00byte \x7fdel \x01\x02\x03\x1f",
	"bad utf8 \xff\xfe\xc3( end",
	"# Heading\n## Sub\n###### six\n#no space",
	"---\n***\n___\n- - -\n * * *",
	"para\n===\n\npara\n---",
	"```go\ncode\n```\n~~~\nmore\n~~~",
	"<script>alert(1)</script>\n<div>\n\n</div>\n<!-- comment -->",
	"[x](http://evil.example/) ![img](http://evil.example/i.png) <http://evil.example> [ref]\n\n[ref]: http://evil.example/",
	"> quote\n>> nested",
	"1. list\n2) other\n- bullet\n+ plus\n* star\n123456789. long",
	"trailing two spaces  \nnext line\\\nafter backslash\\",
	"    indented code?\n\n\tindented with tab",
	"&#27;[2J &amp; &lt;b&gt; &copy; & alone",
	"*emph* _under_ **strong** `code` ~~strike~~ | a | b |\n|---|---|",
	"{attr} \\* escaped already",
	"line\r\nwindows\rold mac",
	"<http://x.example> www.example.com https://example.com/a_b",
	"- [ ] task\n- [x] done",
	"Setext\n=",
	"\\",
	"#",
}

func hostileSource() *fakeSource {
	src := &fakeSource{}
	bodies := strings.Join(hostile, "\n\n")
	for i, h := range hostile {
		src.entries = append(src.entries, entry(int64(i+1), "reflect", "what", "What happened, in plain words?",
			h, at(1, 10, i), at(1, 10, i)))
	}
	src.entries = append(src.entries,
		entry(100, "admit", "hurt", "\x1b[31m# How did it hurt them? ###\n<b>[x](y)</b> #", bodies, at(2, 9, 0), at(2, 9, 0)),
		entry(101, "gone\x1b[2J", "<script>", "> orphan\r\n```\n1. prompt", "\x1b]52;c;aGk=\x07orphan body", at(2, 9, 5), at(2, 9, 5)),
	)
	src.drafts = []store.Draft{{WorkbookID: 7, StepID: "space", PromptID: "wait",
		PromptText: "---", Body: "\u009b2J<script>draft</script>\n# not a heading", UpdatedAt: at(3, 1, 0)}}
	return src
}

var hostileWorkbook = store.Workbook{ID: 7, PartnerName: "\x1b]0;title\x07Sam <b>#1</b> ###\n# [me](x)", Relationship: "\u202epartner\n\n## rel", Role: store.RoleRepairing}

func export(t testing.TB, src Source, book *workbook.Workbook, w store.Workbook) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(context.Background(), &buf, src, book, w, testOptions); err != nil {
		t.Fatalf("Markdown: %v", err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		src  *fakeSource
		w    store.Workbook
		want shape
	}{
		// small: 3 steps; reflect has 2 prompts answered, admit has 2
		// texts for "hurt"; space is empty (1 "Nothing written yet");
		// one orphan; one non-empty draft.
		{"small", smallSource(), testWorkbook, shape{h1: 1, h2: 3 + 2, h3: 2 + 2 + 1 + 1, emph: 6 + 1 + 1}},
		{"hostile", hostileSource(), hostileWorkbook, shape{h1: 1, h2: 3 + 2, h3: 1 + 1 + 1 + 1, emph: len(hostile) + 1 + 1 + 1 + 1}},
		{"empty", &fakeSource{}, store.Workbook{ID: 7, PartnerName: "Alex", Relationship: "friend"}, shape{h1: 1, h2: 3, emph: 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := export(t, c.src, testBook(), c.w)
			checkSafe(t, got)
			checkShape(t, got, c.want)
			path := filepath.Join(goldenDir, c.name+".md")
			if *update {
				if err := os.MkdirAll(goldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("export differs from %s (go test -update rewrites it):\n%s", path, lineDiff(string(want), string(got)))
			}
		})
	}
}

// lineDiff shows the first differing lines with a little context; enough to
// see what changed without a diff library.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 20; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w == g && i < len(wl) && i < len(gl) {
			continue
		}
		fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, w, g)
		shown++
	}
	if len(wl) != len(gl) {
		fmt.Fprintf(&b, "want %d lines, got %d\n", len(wl), len(gl))
	}
	return b.String()
}

// checkSafe fails if out holds anything a terminal would act on.
func checkSafe(t testing.TB, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatalf("output is not valid UTF-8")
	}
	for i, c := range out {
		if c < 0x20 && c != '\n' || c == 0x7f {
			t.Fatalf("control byte %#x at %d: %q", c, i, around(out, i))
		}
	}
	for i, r := range string(out) {
		if r != '\n' && sanitize.IsUnsafe(r) {
			t.Fatalf("unsafe rune %U at %d: %q", r, i, around(out, i))
		}
	}
}

func around(b []byte, i int) []byte { return b[max(0, i-20):min(len(b), i+20)] }

// shape is what the journal's structure should be.
type shape struct {
	h1, h2, h3 int
	emph       int // *Written …*, *Nothing written yet.*, *Draft …*, *(empty)*
}

var gm = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList, extension.Footnote))

// checkShape parses out as CommonMark (plus the GFM extensions renderers
// commonly enable) and compares its structure with want: user text may
// only ever be paragraph text.
func checkShape(t testing.TB, out []byte, want shape) {
	t.Helper()
	doc := gm.Parser().Parse(text.NewReader(out))
	var got shape
	var bad []string
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Document, *ast.Paragraph, *ast.Text, *ast.String:
		case *ast.Heading:
			if n.Parent().Kind() != ast.KindDocument {
				bad = append(bad, "nested heading")
			}
			switch n.Level {
			case 1:
				got.h1++
			case 2:
				got.h2++
			case 3:
				got.h3++
			default:
				bad = append(bad, fmt.Sprintf("heading level %d", n.Level))
			}
		case *ast.Emphasis:
			if n.Level != 1 || n.Parent().Kind() != ast.KindParagraph || n.Parent().ChildCount() != 1 {
				bad = append(bad, "emphasis inside user text")
			}
			got.emph++
		default:
			bad = append(bad, n.Kind().String())
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("unexpected nodes in export: %v\n%s", bad, out)
	}
	if got != want {
		t.Errorf("structure = %+v, want %+v\n%s", got, want, out)
	}
	_ = extast.KindTable // the extension kinds are among the "unexpected" above
}

var tag = regexp.MustCompile(`<[^>]*>`)

// visibleText renders out to HTML and returns what a reader would see,
// with all whitespace removed, for checking that user text survives.
func visibleText(t testing.TB, out []byte) string {
	t.Helper()
	var h bytes.Buffer
	if err := gm.Convert(out, &h); err != nil {
		t.Fatal(err)
	}
	return squashAll(html.UnescapeString(tag.ReplaceAllString(h.String(), "")))
}

func TestUserTextSurvives(t *testing.T) {
	src := hostileSource()
	out := export(t, src, testBook(), hostileWorkbook)
	vis := visibleText(t, out)
	for _, h := range hostile {
		// What the reader sees is the sanitized text, every character of it.
		want := squashAll(sanitize.Text(h))
		if !strings.Contains(vis, want) {
			t.Errorf("rendered export lost text of %q: want %q in\n%s", h, want, vis)
		}
	}
}

func TestSmallLayout(t *testing.T) {
	out := string(export(t, smallSource(), testBook(), testWorkbook))
	for _, want := range []string{
		"# Journal: repairing trust with Sam\n\nExported 21 November 2026 · Relationship: partner · 6 entries\n",
		"## 1. Reflect on why it happened\n\nStatus: done\n\n### What happened, in plain words?\n\n*Written 3 November 2026, 21:14*\n\n",
		"## 2. Admit it fully\n\nStatus: in progress\n\n### How did it hurt them?\n",
		"I told Sam I was at work when I was not.  \nI did it three times in March.\n\nI kept telling myself it was small.\n",
		"*Written 5 November 2026, 08:02 · edited 9 November 2026, 19:40*",
		"*Written 6 November 2026, 22:00*\n",
		"\\- where I was  \n\\- who I was with\n",
		"## 3. Give them space\n\nStatus: not started\n\n*Nothing written yet.*\n",
		"## Other entries\n",
		"### Who did you blame at first?\n",
		"## Drafts not yet saved\n\n### What will you do while you wait?\n\n*Draft, last changed 20 November 2026, 23:05*\n\nWalk every evening. Not text first.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	// Oldest first within a prompt; the newer wording gets its own heading
	// after the older one.
	order := []string{"I told Sam", "Looking back", "I was afraid", "She stopped", "### How did it hurt them, and how do you know?", "She told me", "## 3.", "## Other entries", "Work. Then her", "## Drafts"}
	last := -1
	for _, s := range order {
		i := strings.Index(out, s)
		if i <= last {
			t.Errorf("%q is out of order in:\n%s", s, out)
		}
		last = i
	}
	if strings.Contains(out, "not mine") {
		t.Error("export includes another workbook's entry")
	}
	if strings.Contains(out, "Has this happened before?") {
		t.Error("export includes a blank draft")
	}
}

func TestInterleavedPromptTexts(t *testing.T) {
	src := &fakeSource{entries: []store.Entry{
		entry(1, "reflect", "what", "Old", "a1", at(1, 1, 0), at(1, 1, 0)),
		entry(2, "reflect", "what", "New", "b1", at(2, 1, 0), at(2, 1, 0)),
		entry(3, "reflect", "what", "Old", "a2", at(3, 1, 0), at(3, 1, 0)),
		entry(4, "reflect", "what", "Newest", "c1", at(4, 1, 0), at(4, 1, 0)),
		entry(5, "reflect", "what", "New", "b2", at(5, 1, 0), at(5, 1, 0)),
	}}
	out := string(export(t, src, testBook(), testWorkbook))
	if n := strings.Count(out, "### "); n != 3 {
		t.Errorf("got %d prompt headings, want 3:\n%s", n, out)
	}
	order := []string{"### Old", "a1", "a2", "### New\n", "b1", "b2", "### Newest", "c1"}
	last := -1
	for _, s := range order {
		i := strings.Index(out, s)
		if i <= last {
			t.Fatalf("%q is out of order in:\n%s", s, out)
		}
		last = i
	}
	if src.calls != 3 {
		t.Errorf("EachEntry called %d times, want one pass per distinct text (3)", src.calls)
	}
}

func TestSinglePassWhenTextsAgree(t *testing.T) {
	src := smallSource()
	export(t, src, testBook(), testWorkbook)
	// reflect/what, reflect/why, admit/hurt (two texts: 2 passes),
	// admit/blame (orphan).
	if src.calls != 5 {
		t.Errorf("EachEntry called %d times, want 5", src.calls)
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	src := &fakeSource{failAfter: 1, entries: smallSource().entries}
	err := Markdown(ctx, &bytes.Buffer{}, src, testBook(), testWorkbook, testOptions)
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("source error = %v, want it wrapped", err)
	}
	// A failing writer stops the export and the error says so; entry text
	// never appears in errors.
	big := &fakeSource{}
	for i := range 2000 {
		big.entries = append(big.entries, entry(int64(i), "reflect", "what", "Q", strings.Repeat("secret ", 20), at(1, 1, 0), at(1, 1, 0)))
	}
	err = Markdown(ctx, &failWriter{n: 100}, big, testBook(), testWorkbook, testOptions)
	if err == nil || !strings.Contains(err.Error(), "disk full") || strings.Contains(err.Error(), "secret") {
		t.Errorf("write error = %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := Markdown(cctx, &bytes.Buffer{}, big, testBook(), testWorkbook, testOptions); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled export = %v, want context.Canceled", err)
	}
}

func TestDefaultFileName(t *testing.T) {
	if got := DefaultFileName(time.Date(2026, 11, 21, 23, 59, 0, 0, time.UTC)); got != "trustwork-journal-2026-11-21.md" {
		t.Errorf("DefaultFileName = %q", got)
	}
	if got := DefaultFileName(time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)); got != "trustwork-journal-2027-01-02.md" {
		t.Errorf("DefaultFileName = %q", got)
	}
}

func TestLocation(t *testing.T) {
	loc := time.FixedZone("X", -5*3600)
	src := &fakeSource{entries: []store.Entry{entry(1, "reflect", "what", "Q", "b", at(3, 2, 30), at(3, 2, 30))}}
	var buf bytes.Buffer
	if err := Markdown(context.Background(), &buf, src, testBook(), testWorkbook, Options{Now: at(21, 3, 0), Location: loc}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"Exported 20 November 2026", "*Written 2 November 2026, 21:30*"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
}

// TestHurtPartnerOrder: for the person whose trust was broken, the export
// follows their own track, and lists none of the repair track's steps.
func TestHurtPartnerOrder(t *testing.T) {
	book := &workbook.Workbook{Steps: []workbook.Step{
		{ID: "begin", Track: workbook.TrackRepair, Orientation: true, Title: "Before you begin", Prompts: []workbook.Prompt{{ID: "p", Text: "Why now?"}}},
		{ID: "reflect", Track: workbook.TrackRepair, Title: "Reflect", Prompts: []workbook.Prompt{{ID: "p", Text: "Why?"}}},
		{ID: "hurt-begin", Track: workbook.TrackHurt, Orientation: true, Title: "Where you stand", Prompts: []workbook.Prompt{{ID: "p", Text: "Are you safe?"}}},
		{ID: "steady", Track: workbook.TrackHurt, Title: "Steady yourself", Prompts: []workbook.Prompt{{ID: "p", Text: "What do you need?"}}},
	}}
	hurt := testWorkbook
	hurt.Role = store.RoleHurt
	var buf bytes.Buffer
	if err := Markdown(context.Background(), &buf, &fakeSource{}, book, hurt, testOptions); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"## 1. Where you stand", "## 2. Steady yourself"} {
		if !strings.Contains(out, want) {
			t.Fatalf("export lacks %q:\n%s", want, out)
		}
	}
	for _, unwanted := range []string{"Before you begin", "Reflect"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("hurt export lists the repair step %q:\n%s", unwanted, out)
		}
	}
}

// TestInvisibleCharacters: the export keeps emoji sequences byte for byte
// and holds none of the invisible or direction-changing characters that
// sanitize.Text drops; a Unicode line separator is a line break.
func TestInvisibleCharacters(t *testing.T) {
	emoji := []string{"👩\u200d❤\ufe0f\u200d👨", "🏳\ufe0f\u200d🌈", "👍🏽", "🇳🇿", "1\ufe0f\u20e3", "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"}
	body := "\ufeffI\u200b am\u2060 sorry \u202e" + strings.Join(emoji, " ") + "\u2028\u200e- still here\u2029\u200fnext"
	src := &fakeSource{entries: []store.Entry{entry(1, "reflect", "what", "Q\u200b?", body, at(1, 1, 0), at(1, 1, 0))}}
	w := testWorkbook
	w.PartnerName = "\u202eSam\u200b"
	out := string(export(t, src, testBook(), w))
	for _, e := range emoji {
		if !strings.Contains(out, e) {
			t.Errorf("export lost emoji %q:\n%q", e, out)
		}
	}
	for _, r := range []rune{0xfeff, 0x200b, 0x2060, 0x202e, 0x2028, 0x2029, 0x200e, 0x200f} {
		if strings.ContainsRune(out, r) {
			t.Errorf("export holds %U:\n%q", r, out)
		}
	}
	for _, want := range []string{"with Sam\n", "### Q?\n", "I am sorry 👩", "  \n\\- still here\n\nnext\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
}

// TestOptions: each option narrows the export as documented, and the
// document says under its title what it leaves out.
func TestOptions(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		name      string
		opts      Options
		has, lack []string
	}{
		{"no drafts", Options{NoDrafts: true},
			[]string{"This export holds part of the journal: drafts left out.\n", "## 1. Reflect", "I told Sam", "## Other entries"},
			[]string{"## Drafts not yet saved", "Walk every evening"}},
		{"one step", Options{StepID: "admit"},
			[]string{"· 3 entries\n\nThis export holds part of the journal: step 2 only.\n", "## 2. Admit it fully\n\nStatus: in progress\n", "She stopped", "She told me", "## Other entries", "Work. Then her"},
			[]string{"## 1.", "## 3.", "I told Sam", "I was afraid", "## Drafts", "Walk every evening"}},
		{"one step with its draft", Options{StepID: "space"},
			[]string{"## 3. Give them space\n\nStatus: not started\n\n*Nothing written yet.*\n", "## Drafts not yet saved", "Walk every evening", "· 0 entries"},
			[]string{"## 1.", "## 2.", "## Other entries", "I told Sam"}},
		// Entries on 5, 6 and 10 November; the range is [5, 11), so the
		// orphan of the 11th is out.
		{"date range", Options{From: day(5), To: day(11)},
			[]string{"· 3 entries\n\nThis export holds part of the journal: written 5 November 2026 to 10 November 2026.\n",
				"Looking back", "I was afraid", "She stopped", "## 1. Reflect"},
			[]string{"I told Sam", "Work. Then her", "## Other entries", "She told me", "How did it hurt them, and how do you know?", "## Drafts", "Walk every evening"}},
		{"since", Options{From: day(12)},
			[]string{"· 1 entry\n\nThis export holds part of the journal: written 12 November 2026 or later.\n", "She told me", "## Drafts not yet saved", "Walk every evening",
				"## 1. Reflect on why it happened\n\nStatus: done\n\n*Nothing written yet.*\n"},
			[]string{"I told Sam", "She stopped", "## Other entries"}},
		{"until", Options{To: day(4)},
			[]string{"· 1 entry\n\nThis export holds part of the journal: written up to 3 November 2026.\n", "I told Sam"},
			[]string{"Looking back", "## Drafts", "## Other entries"}},
		{"everything combined", Options{StepID: "reflect", From: day(4), To: day(7), NoDrafts: true},
			[]string{"This export holds part of the journal: step 1 only, written 4 November 2026 to 6 November 2026, drafts left out.\n", "Looking back", "I was afraid"},
			[]string{"I told Sam", "## 2.", "She stopped"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.opts.Now, c.opts.Location = exportNow, time.UTC
			var buf bytes.Buffer
			if err := Markdown(context.Background(), &buf, smallSource(), testBook(), testWorkbook, c.opts); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			checkSafe(t, buf.Bytes())
			for _, want := range c.has {
				if !strings.Contains(out, want) {
					t.Errorf("export lacks %q:\n%s", want, out)
				}
			}
			for _, bad := range c.lack {
				if strings.Contains(out, bad) {
					t.Errorf("export holds %q:\n%s", bad, out)
				}
			}
		})
	}
	var buf bytes.Buffer
	err := Markdown(context.Background(), &buf, smallSource(), testBook(), testWorkbook, Options{StepID: "nope"})
	if !errors.Is(err, ErrNoStep) || buf.Len() != 0 {
		t.Errorf("unknown step: err %v, wrote %d bytes; want ErrNoStep and nothing", err, buf.Len())
	}
}
