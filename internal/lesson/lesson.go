// Package lesson renders a lesson's markdown as styled terminal text: it
// walks goldmark's syntax tree and styles the text with Lip Gloss.
//
// It replaces Glamour, whose code highlighter (chroma) registered every
// lexer and style in package initialisation, 20–45 ms of every start of
// every trustwork command (see BENCHMARKS.md). Lessons use a small part of
// markdown (headings, paragraphs, emphasis, lists, block quotes), and this
// renderer also handles links, code and rules so a future lesson still
// reads. Lines are kept at a readable measure and list items hang their
// wrapped lines under their text.
package lesson

import (
	"fmt"
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Measure is the widest a lesson line gets, however wide the window:
// prose much wider than this is hard to read (a 200-column line loses the
// eye on its way back), so a wide window gets margin, not longer lines.
const Measure = 76

// minWidth keeps a tiny window from wrapping one letter a line.
const minWidth = 10

// Render returns md as styled text at most min(width, Measure) cells wide,
// without a trailing newline. isDark chooses colours for a dark or light
// background.
func Render(md string, width int, isDark bool) string {
	w := max(min(width, Measure), minWidth)
	src := []byte(md)
	doc := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	).Parse(text.NewReader(src))
	r := renderer{src: src, st: newStyles(isDark)}
	return strings.Join(r.blocks(doc, w), "\n")
}

// styles are the few looks a lesson uses.
type styles struct {
	heading, subheading, bold, italic, code, link, faint, marker lipgloss.Style
}

func newStyles(isDark bool) styles {
	// The app's accent: soft green on dark, deep blue on white; both keep
	// a contrast of at least 4.5 against their background.
	accent, code, faint := lipgloss.Color("115"), lipgloss.Color("180"), lipgloss.Color("246")
	if !isDark {
		accent, code, faint = lipgloss.Color("24"), lipgloss.Color("94"), lipgloss.Color("242")
	}
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	return styles{
		heading:    fg(accent).Bold(true),
		subheading: lipgloss.NewStyle().Bold(true),
		bold:       lipgloss.NewStyle().Bold(true),
		italic:     lipgloss.NewStyle().Italic(true),
		code:       fg(code),
		// Not underlined: Lip Gloss underlines rune by rune, bloating
		// the output; the accent colour and the address beside it say
		// link well enough.
		link:   fg(accent),
		faint:  fg(faint),
		marker: fg(accent),
	}
}

type renderer struct {
	src []byte
	st  styles
}

// blocks renders the block children of n at width w, a blank line between
// blocks except inside a tight list item.
func (r renderer) blocks(n ast.Node, w int) []string {
	var out []string
	tight := false
	if li, ok := n.(*ast.ListItem); ok {
		if l, ok := li.Parent().(*ast.List); ok {
			tight = l.IsTight
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		lines := r.block(c, w)
		if len(lines) == 0 {
			continue
		}
		if len(out) > 0 && !tight {
			out = append(out, "")
		}
		out = append(out, lines...)
	}
	return out
}

func (r renderer) block(n ast.Node, w int) []string {
	switch n := n.(type) {
	case *ast.Heading:
		st := r.st.heading
		if n.Level > 2 {
			st = r.st.subheading
		}
		return r.wrap(r.inline(n, st), w)
	case *ast.Paragraph, *ast.TextBlock:
		return r.wrap(r.inline(n, lipgloss.Style{}), w)
	case *ast.List:
		return r.list(n, w)
	case *ast.Blockquote:
		bar := r.st.faint.Render("│")
		inner := r.blocks(n, w-2)
		for i, l := range inner {
			inner[i] = strings.TrimRight(bar+" "+l, " ")
		}
		return inner
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
		return r.verbatim(n, w)
	case *ast.ThematicBreak:
		return []string{r.st.faint.Render(strings.Repeat("─", min(w, 20)))}
	default:
		if n.Type() == ast.TypeBlock && n.HasChildren() {
			return r.blocks(n, w)
		}
		return r.wrap(r.inline(n, lipgloss.Style{}), w)
	}
}

// list renders each item with its marker, the item's further lines hung
// under its text rather than under the marker.
func (r renderer) list(l *ast.List, w int) []string {
	n := 0
	for c := l.FirstChild(); c != nil; c = c.NextSibling() {
		n++
	}
	markers := make([]string, 0, n)
	maxw := 0
	for i := 0; i < n; i++ {
		m := "•"
		if l.IsOrdered() {
			m = fmt.Sprintf("%d%c", l.Start+i, l.Marker)
		}
		markers = append(markers, m)
		maxw = max(maxw, ansi.StringWidth(m))
	}
	indent := maxw + 1
	hang := strings.Repeat(" ", indent)
	var out []string
	i := 0
	for c := l.FirstChild(); c != nil; c = c.NextSibling() {
		if i > 0 && !l.IsTight {
			out = append(out, "")
		}
		// Numbers are right-aligned so 9. and 10. line up their text.
		m := markers[i]
		m = strings.Repeat(" ", maxw-ansi.StringWidth(m)) + m + " "
		lines := r.blocks(c, w-indent)
		if len(lines) == 0 {
			lines = []string{""}
		}
		for j, line := range lines {
			switch {
			case j == 0:
				out = append(out, strings.TrimRight(r.st.marker.Render(m)+line, " "))
			case line == "":
				out = append(out, "")
			default:
				out = append(out, hang+line)
			}
		}
		i++
	}
	return out
}

// verbatim renders code and raw HTML as they are, indented, cut to fit
// rather than rewrapped (rewrapping code changes its meaning).
func (r renderer) verbatim(n ast.Node, w int) []string {
	var out []string
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		l := strings.TrimRight(strings.ReplaceAll(string(seg.Value(r.src)), "\t", "    "), " \n\r")
		l = ansi.Truncate(l, max(w-2, 1), "…")
		out = append(out, "  "+r.st.code.Render(l))
	}
	return out
}

// piece is a run of text in one style.
type piece struct {
	text  string
	style lipgloss.Style
}

// newline stands for a hard line break among pieces.
const newline = "\n"

// inline flattens n's inline children into styled pieces, base being the
// style of the block (a heading's, or none).
func (r renderer) inline(n ast.Node, base lipgloss.Style) []piece {
	var out []piece
	var walk func(n ast.Node, st lipgloss.Style)
	walk = func(n ast.Node, st lipgloss.Style) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				out = append(out, piece{string(c.Segment.Value(r.src)), st})
				switch {
				case c.HardLineBreak():
					out = append(out, piece{text: newline})
				case c.SoftLineBreak():
					out = append(out, piece{" ", st})
				}
			case *ast.String:
				out = append(out, piece{string(c.Value), st})
			case *ast.Emphasis:
				s := st.Inherit(r.st.italic)
				if c.Level >= 2 {
					s = st.Inherit(r.st.bold)
				}
				walk(c, s)
			case *ast.CodeSpan:
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if tx, ok := t.(*ast.Text); ok {
						out = append(out, piece{string(tx.Segment.Value(r.src)), st.Inherit(r.st.code)})
					}
				}
			case *ast.Link:
				before := len(out)
				walk(c, st.Inherit(r.st.link))
				label := ""
				for _, p := range out[before:] {
					label += p.text
				}
				if dest := string(c.Destination); dest != "" && dest != label {
					out = append(out, piece{" (" + dest + ")", st.Inherit(r.st.faint)})
				}
			case *ast.AutoLink:
				out = append(out, piece{string(c.URL(r.src)), st.Inherit(r.st.link)})
			case *ast.Image:
				walk(c, st) // its alt text
			case *ast.RawHTML:
				for i := 0; i < c.Segments.Len(); i++ {
					seg := c.Segments.At(i)
					out = append(out, piece{string(seg.Value(r.src)), st})
				}
			default:
				walk(c, st)
			}
		}
	}
	walk(n, base)
	return out
}

// word is a run of pieces between spaces.
type word struct {
	pieces []piece
	width  int
}

// wrap fills lines of at most w cells with the pieces' words, breaking at
// spaces; a word wider than a line is cut.
func (r renderer) wrap(ps []piece, w int) []string {
	var lines [][]word
	var line []word
	lineW := 0
	var cur word
	flushWord := func() {
		if len(cur.pieces) == 0 {
			return
		}
		for cur.width > w { // a word longer than a line: cut it
			head, tail := splitWord(cur, w)
			if lineW > 0 {
				lines, line, lineW = append(lines, line), nil, 0
			}
			lines = append(lines, []word{head})
			cur = tail
		}
		if lineW > 0 && lineW+1+cur.width > w {
			lines, line, lineW = append(lines, line), nil, 0
		}
		if lineW > 0 {
			lineW++
		}
		line = append(line, cur)
		lineW += cur.width
		cur = word{}
	}
	for _, p := range ps {
		if p.text == newline {
			flushWord()
			lines, line, lineW = append(lines, line), nil, 0
			continue
		}
		for i, part := range strings.Split(p.text, " ") {
			if i > 0 {
				flushWord()
			}
			if part != "" {
				cur.pieces = append(cur.pieces, piece{part, p.style})
				cur.width += ansi.StringWidth(part)
			}
		}
	}
	flushWord()
	if len(line) > 0 {
		lines = append(lines, line)
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, renderLine(l))
	}
	return out
}

// splitWord cuts the first w cells off a word.
func splitWord(wd word, w int) (head, tail word) {
	for _, p := range wd.pieces {
		if head.width >= w {
			tail.pieces = append(tail.pieces, p)
			tail.width += ansi.StringWidth(p.text)
			continue
		}
		room := w - head.width
		if pw := ansi.StringWidth(p.text); pw <= room {
			head.pieces = append(head.pieces, p)
			head.width += pw
			continue
		}
		h := ansi.Truncate(p.text, room, "")
		t := p.text[len(h):]
		head.pieces = append(head.pieces, piece{h, p.style})
		head.width += ansi.StringWidth(h)
		tail.pieces = append(tail.pieces, piece{t, p.style})
		tail.width += ansi.StringWidth(t)
	}
	return head, tail
}

// renderLine styles a line's words, merging neighbouring pieces of one
// style (with the space between them) into one styled run.
func renderLine(words []word) string {
	var runs []piece
	add := func(p piece) {
		if n := len(runs); n > 0 && sameStyle(runs[n-1].style, p.style) {
			runs[n-1].text += p.text
			return
		}
		runs = append(runs, p)
	}
	for i, wd := range words {
		if i > 0 {
			// The space takes the style both sides share, so an underlined
			// link stays one line, and plain text gets a plain space.
			sp := lipgloss.Style{}
			if last := runs[len(runs)-1]; sameStyle(last.style, wd.pieces[0].style) {
				sp = last.style
			}
			add(piece{" ", sp})
		}
		for _, p := range wd.pieces {
			add(p)
		}
	}
	var b strings.Builder
	for _, p := range runs {
		b.WriteString(p.style.Render(p.text))
	}
	return b.String()
}

func sameStyle(a, b lipgloss.Style) bool {
	return a.GetBold() == b.GetBold() && a.GetItalic() == b.GetItalic() &&
		a.GetUnderline() == b.GetUnderline() && a.GetForeground() == b.GetForeground()
}
