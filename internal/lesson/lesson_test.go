package lesson

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/workbook"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// doc is one markdown document to render: every lesson in content/, and
// testdata/sample.md, which has what lessons may use one day (links, code,
// ordered and nested lists, quotes, rules, a hard break, a long word).
type doc struct{ name, md string }

func docs(t *testing.T) []doc {
	t.Helper()
	book, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	var ds []doc
	for _, s := range book.Steps {
		ds = append(ds, doc{s.ID, s.Body})
	}
	b, err := os.ReadFile(filepath.Join("testdata", "sample.md"))
	if err != nil {
		t.Fatal(err)
	}
	return append(ds, doc{"sample", string(b)})
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/lesson -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test ./internal/lesson -update, then review the diff):\n%s", name, path, got)
	}
}

// TestGolden: the text and layout of every lesson at the measure and at
// a narrow 40 columns, escape sequences stripped so the files read as the
// screen does; and the sample with its escape sequences, for the styles.
func TestGolden(t *testing.T) {
	for _, d := range docs(t) {
		for _, w := range []int{200, 40} {
			golden(t, d.name+"."+strconv.Itoa(w), ansi.Strip(Render(d.md, w, true)))
		}
	}
	b, _ := os.ReadFile(filepath.Join("testdata", "sample.md"))
	golden(t, "sample.styled-dark", Render(string(b), 40, true))
	golden(t, "sample.styled-light", Render(string(b), 40, false))
}

// TestMeasure: however wide the window, no line passes Measure; in a
// narrow one, no line passes the width.
func TestMeasure(t *testing.T) {
	for _, d := range docs(t) {
		for _, w := range []int{200, 100, Measure, 60, 40, 24} {
			limit := min(w, Measure)
			longest := 0
			for i, l := range strings.Split(Render(d.md, w, true), "\n") {
				lw := ansi.StringWidth(l)
				longest = max(longest, lw)
				if lw > limit {
					t.Errorf("%s at %d columns: line %d is %d wide, want ≤ %d: %q", d.name, w, i+1, lw, limit, ansi.Strip(l))
				}
			}
			// The measure is used, not just respected: a wrap far
			// narrower than asked would also pass the check above.
			if d.name != "sample" && longest < limit-12 {
				t.Errorf("%s at %d columns: longest line %d, want close to %d", d.name, w, longest, limit)
			}
		}
	}
}

var (
	bulletLine = regexp.MustCompile(`^( *)(•|\d+\.) `)
	wordChars  = regexp.MustCompile(`[\pL\pN]`)
)

// TestHangingIndent: a list item's wrapped lines start under its text,
// not under its bullet or at the margin.
func TestHangingIndent(t *testing.T) {
	wrapped := 0
	for _, d := range docs(t) {
		for _, w := range []int{Measure, 40} {
			lines := strings.Split(ansi.Strip(Render(d.md, w, true)), "\n")
			hang := -1 // the text column of the current item, -1 outside a list
			for i, l := range lines {
				if m := bulletLine.FindStringSubmatch(l); m != nil {
					hang = len(m[0]) - len(m[2]) + ansi.StringWidth(m[2])
					continue
				}
				if strings.TrimSpace(l) == "" {
					hang = -1
					continue
				}
				if hang < 0 {
					continue
				}
				wrapped++
				if indent := len(l) - len(strings.TrimLeft(l, " ")); indent != hang {
					t.Errorf("%s at %d: line %d is indented %d under an item whose text starts at %d:\n%s\n%s",
						d.name, w, i+1, indent, hang, lines[i-1], l)
				}
			}
		}
	}
	if wrapped < 10 {
		t.Fatalf("only %d wrapped item lines seen; the test is not testing", wrapped)
	}
}

// TestNoWordLost: the words of the markdown come out in order: rendering
// drops markup, never text.
func TestNoWordLost(t *testing.T) {
	blockMarks := regexp.MustCompile(`(?m)^ *(#+ |>|[-*+] )`)
	inlineMarks := regexp.MustCompile(`\*|` + "`")
	for _, d := range docs(t) {
		if d.name == "sample" {
			continue // its long word is cut and its link shown beside its text
		}
		src := strings.Fields(inlineMarks.ReplaceAllString(blockMarks.ReplaceAllString(d.md, " "), ""))
		out := strings.Fields(strings.NewReplacer("•", " ", "│", " ").Replace(ansi.Strip(Render(d.md, 40, false))))
		if strings.Join(src, " ") != strings.Join(out, " ") {
			for i := range min(len(src), len(out)) {
				if src[i] != out[i] {
					t.Fatalf("%s: word %d is %q in the markdown, %q rendered", d.name, i, src[i], out[i])
				}
			}
			t.Fatalf("%s: %d words in the markdown, %d rendered", d.name, len(src), len(out))
		}
		if !wordChars.MatchString(strings.Join(out, "")) {
			t.Fatalf("%s rendered no words", d.name)
		}
	}
}

// TestStyles: headings, strong and emphasised text carry their styles,
// and the accent differs between dark and light backgrounds.
func TestStyles(t *testing.T) {
	md := "## Heading\n\nplain **strong** and *soft* and `code`\n"
	dark, light := Render(md, 60, true), Render(md, 60, false)
	for _, c := range []struct{ name, want string }{
		{"heading bold and accent", "\x1b[1;38;5;115mHeading"},
		{"strong is bold", "\x1b[1mstrong"},
		{"emphasis is italic", "\x1b[3msoft"},
		{"code is coloured", "\x1b[38;5;180mcode"},
	} {
		if !strings.Contains(dark, c.want) {
			t.Errorf("%s: want %q in %q", c.name, c.want, dark)
		}
	}
	if !strings.Contains(light, "\x1b[1;38;5;24mHeading") {
		t.Errorf("light heading: %q", light)
	}
	if strings.HasPrefix(ansi.Strip(dark), "plain") || strings.Contains(ansi.Strip(dark), "#") {
		t.Errorf("heading markup shown or heading lost: %q", ansi.Strip(dark))
	}
}

// TestTinyWidth: a window narrower than anything sensible still renders
// every word, wrapped at minWidth.
func TestTinyWidth(t *testing.T) {
	out := ansi.Strip(Render("- one two three four five six seven", 3, true))
	if !strings.Contains(out, "seven") || strings.Count(out, "\n") < 2 {
		t.Fatalf("tiny width: %q", out)
	}
}

// BenchmarkRender renders the longest lesson at 80 columns: the work done
// once per lesson, width and theme when the step screen opens.
func BenchmarkRender(b *testing.B) {
	book, err := workbook.Load(content.FS)
	if err != nil {
		b.Fatal(err)
	}
	longest := ""
	for _, s := range book.Steps {
		if len(s.Body) > len(longest) {
			longest = s.Body
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		Render(longest, 80, true)
	}
}
