package export

import (
	"bufio"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustwork/trustwork/internal/sanitize"
)

// The encoding of user text. The file is read two ways: raw, as plain text
// in any editor, and rendered, as CommonMark (with the GFM extensions
// renderers commonly enable: tables, strikethrough, task lists,
// footnotes). Both must show what the person typed. So user text can only
// ever be paragraph text, and a backslash is written only where the
// character after it would otherwise change the meaning, in its context:
//
//   - at the start of a line (after any indentation), what would open a
//     block: a heading "#" (1–6 of them then a space or the end), ">",
//     a list marker "-", "+" or "*" followed by a space or the end, the
//     "." or ")" of "12. ", a line of only "-", "*", "_", "=" or "+"
//     (a rule or a heading underline), a fence "```" or "~~~", a "[" (it
//     could start a link or footnote definition), and a line of only "-",
//     "|" and ":" (a table's delimiter row);
//   - anywhere: "*", "_" and "~" only in a run that could open or close
//     emphasis or strikethrough by CommonMark's flanking rules and has a
//     run to pair with in its paragraph ("5 * 3", "snake_case", "~ 10 km",
//     "I'm *sure" and "^_^" stay as typed; "*really*" does not);
//     every backtick (a code span); "<" before a letter, "/", "!" or "?"
//     (an HTML tag or autolink); "]" before "(" (a link); "&" before a
//     letter or "#" (an entity); and "\" before ASCII punctuation;
//   - in headings export composes from user text, also every "#".
//
// Line breaks the person typed are kept as CommonMark hard breaks written
// as two trailing spaces, which read as nothing raw; blank lines separate
// paragraphs (a run of them, or of lines of only white space, counts as
// one). Leading spaces and tabs become no-break spaces (four for a tab),
// which keep the indentation without CommonMark reading a code block;
// tabs later in a line become four spaces; the person's own trailing
// spaces and tabs are dropped. So, once rendered, an entry reads exactly
// as typed, modulo sanitize.Text and these white-space rules; the
// round-trip test in escape_test.go checks that property with goldmark.

// nbsp stands in for leading whitespace.
const nbsp = "\u00a0"

// hardBreak ends a line that the next line of the same paragraph follows.
const hardBreak = "  \n"

// inline returns user text for use inside a line export composes (a
// heading, the "Exported" line): sanitized, all whitespace runs (newlines
// included) folded to one space, and escaped. "#" is always escaped here so
// that a trailing "#" cannot close an ATX heading early.
func inline(s string) string {
	s = strings.Join(strings.Fields(sanitize.Text(s)), " ")
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	var pr pairs
	pr.reset()
	pr.scan(s, 0)
	escapeInto(&b, s, true, -1, &pr, 0, 0)
	return b.String()
}

// stringWriter is what escapeInto writes to: a strings.Builder for inline
// text, the export's bufio.Writer for bodies.
type stringWriter interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
}

// special marks the bytes escapeInto looks at more closely; every other
// byte is copied as is. A table: this loop sees every byte of every entry.
var special = func() (t [256]bool) {
	for _, c := range []byte("\\`*_~<]&#") {
		t[c] = true
	}
	return t
}()

// escapeInto writes s, one line's worth of text, with the inline escapes
// described above (and, if hash, every "#"). The character at index extra
// (if not -1) is escaped too: it is one writeLine found would open a
// block. It is done here, not by the caller, so that the characters
// around it are still seen as they are for the flanking rules.
//
// pr says where, in the paragraph s belongs to, emphasis delimiters could
// open and close; base is the offset of s in that paragraph. A run is
// escaped only if it could pair with one in the paragraph. tail is the
// byte taken to follow s (0 for none), for the backslash rule at its end.
func escapeInto(w stringWriter, s string, hash bool, extra int, pr *pairs, base int, tail byte) {
	start := 0
	// esc writes s up to i, then a backslash; s[i] goes out with the next
	// chunk.
	esc := func(i int) {
		_, _ = w.WriteString(s[start:i])
		_ = w.WriteByte('\\')
		start = i
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !special[c] {
			if i == extra {
				esc(i)
			}
			continue
		}
		next := tail
		if i+1 < len(s) {
			next = s[i+1]
		}
		e := false
		switch c {
		case '\\':
			// A backslash that ends a line is always doubled: goldmark
			// reads it together with the escapes that start the next
			// line (a "\[" there lost its backslash's meaning).
			e = isASCIIPunct(next) || i+1 == len(s)
		case '`':
			e = true
		case '<':
			e = isASCIILetter(next) || next == '/' || next == '!' || next == '?'
		case ']':
			e = next == '('
		case '&':
			e = isASCIILetter(next) || next == '#'
		case '#':
			e = hash
		case '*', '_', '~':
			j := i
			for j < len(s) && s[j] == c {
				j++
			}
			// A run is escaped whole or not at all: escaping only part of
			// it (the "*" that would start a list) would leave the rest a
			// shorter run with other neighbours, which could then pair.
			d := pr.forms(s, i, j, base) || i <= extra && extra < j
			for k := i; k < j && d; k++ {
				esc(k)
			}
			i = j - 1
			continue
		}
		if e || i == extra {
			esc(i)
		}
	}
	_, _ = w.WriteString(s[start:])
}

// pairs records, for one paragraph, the first run of each of "*", "_" and
// "~" that could open emphasis (or strikethrough) and the last that could
// close it. Emphasis forms only between an opener and a later closer of
// the same character, so a run that could open with no closer after it,
// or close with no opener before it, is left as typed: "I'm *sure" and
// "^_^" need no backslash. Leaving such a run does not make any other run
// pair, so this never lets emphasis form.
type pairs struct {
	firstOpen [3]int
	lastClose [3]int
}

// delimIndex is 0, 1 or 2 for "*", "_" and "~" and -1 for every other
// byte: a table, as scan sees every byte of every entry.
func delimIndex(c byte) int { return int(delimTable[c]) }

var delimTable = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	t['*'], t['_'], t['~'] = 0, 1, 2
	return t
}()

func (p *pairs) reset() {
	for k := range p.firstOpen {
		p.firstOpen[k], p.lastClose[k] = int(^uint(0)>>1), -1
	}
}

// scan records the runs of s, which starts at offset base of the
// paragraph.
func (p *pairs) scan(s string, base int) {
	for i := 0; i < len(s); i++ {
		k := delimIndex(s[i])
		if k < 0 {
			continue
		}
		j := i
		for j < len(s) && s[j] == s[i] {
			j++
		}
		open, close := flanking(s, i, j)
		if open && base+i < p.firstOpen[k] {
			p.firstOpen[k] = base + i
		}
		if close && base+i > p.lastClose[k] {
			p.lastClose[k] = base + i
		}
		i = j - 1
	}
}

// forms reports whether the run s[i:j] could be part of emphasis.
func (p *pairs) forms(s string, i, j, base int) bool {
	k := delimIndex(s[i])
	open, close := flanking(s, i, j)
	return open && p.lastClose[k] > base+i || close && p.firstOpen[k] < base+i
}

// flanking reports whether the run s[i:j] of "*", "_" or "~" can open and
// can close emphasis (or strikethrough), by CommonMark's flanking rules
// with goldmark's notion of white space and punctuation (Unicode P and S).
// The start and end of the text count as white space.
func flanking(s string, i, j int) (open, close bool) {
	before, after := ' ', ' '
	if i > 0 {
		before, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	if j < len(s) {
		after, _ = utf8.DecodeRuneInString(s[j:])
	}
	ws := func(r rune) bool { return unicode.IsSpace(r) }
	punct := func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }
	left := !ws(after) && (!punct(after) || ws(before) || punct(before))
	right := !ws(before) && (!punct(before) || ws(after) || punct(after))
	if s[i] == '_' {
		return left && (!right || punct(before)), right && (!left || punct(after))
	}
	return left, right
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// blank reports whether s has nothing visible to export.
func blank(s string) bool { return strings.TrimSpace(sanitize.Text(s)) == "" }

// writeBody writes a body as paragraphs: blank lines separate paragraphs (a
// run of them counts as one), other line breaks are kept as hard breaks.
// It works on one entry at a time and writes straight to w.
//
// Most bodies are printable ASCII prose with none of the characters the
// escaping rules look at, so one pass over the body first classifies its
// bytes (see classOf) and the passes that could not change anything are
// skipped: sanitize.Text for a plain body, the emphasis scan and the
// per-byte escaping for a line without those characters. The output is
// the same as without the shortcut, byte for byte.
//
// scratch, if not nil, holds the lines of a paragraph between calls, so
// an export does not allocate them again for every entry.
func writeBody(w *bufio.Writer, body string, scratch *[]bodyLine) {
	m := classOf(body)
	if m&clsUnplain != 0 {
		body = sanitize.Text(body)
		m = classOf(body)
	}
	if everyPass {
		m = clsAll
	}
	var para []bodyLine
	if scratch != nil {
		para = (*scratch)[:0]
		defer func() { *scratch = para }()
	}
	wrote := false
	flush := func() {
		if len(para) == 0 {
			return
		}
		if wrote {
			_, _ = w.WriteString("\n\n")
		}
		writePara(w, para)
		para, wrote = para[:0], true
	}
	for rest := body; ; {
		line, tail, more := strings.Cut(rest, "\n")
		line = strings.TrimRight(line, " \t")
		// A line of only white space (Unicode's too, such as U+2000) is a
		// paragraph break, as blank() and a reader see it.
		if strings.TrimSpace(line) == "" {
			flush()
		} else {
			l := bodyLine{}
			l.indent, l.text = splitIndent(line)
			// Only a body with such characters pays for classifying
			// each of its lines.
			if m&(clsDelim|clsSpecial) != 0 {
				l.class = classOf(l.text)
			}
			if everyPass {
				l.class = clsAll
			}
			para = append(para, l)
		}
		if !more {
			break
		}
		rest = tail
	}
	flush()
	if !wrote {
		_, _ = w.WriteString("*(empty)*")
	}
	_ = w.WriteByte('\n')
}

// bodyLine is one non-blank line of a paragraph: its indentation, the
// rest (tabs made spaces) and the classes of the rest's bytes.
type bodyLine struct {
	indent, text string
	class        uint8
}

// Byte classes: which later pass a byte needs. See classOf.
const (
	// clsUnplain marks every byte but printable ASCII, newline and tab:
	// the bytes sanitize.Text may change. A text without them is
	// returned by sanitize.Text as it is.
	clsUnplain uint8 = 1 << iota
	// clsDelim marks "*", "_" and "~", the only bytes pairs.scan records.
	clsDelim
	// clsSpecial marks the bytes escapeInto looks at (special).
	clsSpecial

	clsAll = clsUnplain | clsDelim | clsSpecial
)

// everyPass makes writeBody run every pass on every line, as if each
// held every class of byte; tests set it to check that the shortcut
// changes nothing.
var everyPass bool

var byteClass = func() (t [256]uint8) {
	for c := range t {
		if !(c >= 0x20 && c < 0x7f || c == '\n' || c == '\t') {
			t[c] |= clsUnplain
		}
		if delimIndex(byte(c)) >= 0 {
			t[c] |= clsDelim
		}
		if special[c] {
			t[c] |= clsSpecial
		}
	}
	return t
}()

// classOf returns the union of the classes of the bytes of s: one tight
// pass without branches, cheaper than any of the passes it can save.
func classOf(s string) uint8 {
	// Four accumulators, so the loads do not wait on one another.
	var m0, m1, m2, m3 uint8
	for len(s) >= 8 {
		m0 |= byteClass[s[0]] | byteClass[s[4]]
		m1 |= byteClass[s[1]] | byteClass[s[5]]
		m2 |= byteClass[s[2]] | byteClass[s[6]]
		m3 |= byteClass[s[3]] | byteClass[s[7]]
		s = s[8:]
	}
	for i := 0; i < len(s); i++ {
		m0 |= byteClass[s[i]]
	}
	return m0 | m1 | m2 | m3
}

// writePara writes the non-blank lines of one paragraph, joined by hard
// breaks, escaped so that they can only be paragraph text. Leading spaces
// and tabs become no-break spaces; tabs inside a line become spaces: the
// file holds no control characters but the newline, and a tab means
// nothing in a paragraph.
func writePara(w *bufio.Writer, lines []bodyLine) {
	// Emphasis can pair across the lines of a paragraph (a hard break
	// does not end it), so the runs of all of them are recorded first.
	// A line without "*", "_" or "~" has no run to record.
	var pr pairs
	pr.reset()
	base := 0
	for _, l := range lines {
		if l.class&clsDelim != 0 {
			pr.scan(l.text, base)
		}
		base += len(l.text) + 1
	}
	base = 0
	for n, l := range lines {
		if n > 0 {
			_, _ = w.WriteString(hardBreak)
		}
		for i := 0; i < len(l.indent); i++ {
			if l.indent[i] == '\t' {
				_, _ = w.WriteString(nbsp + nbsp + nbsp + nbsp)
			} else {
				_, _ = w.WriteString(nbsp)
			}
		}
		// goldmark 1.7 takes a backslash that ends a line as escaping the
		// backslash of a "\\`" that starts the next one, so that one is
		// escaped itself, as if the backtick followed it directly.
		tail := byte(0)
		if n+1 < len(lines) && lines[n+1].indent == "" && strings.HasPrefix(lines[n+1].text, "`") {
			tail = '`'
		}
		writeLine(w, l, &pr, base, tail)
		base += len(l.text) + 1
	}
}

// splitIndent splits a line into its leading spaces and tabs and the rest,
// in which tabs become four spaces (no copy when it has none).
func splitIndent(line string) (indent, text string) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return line[:i], strings.ReplaceAll(line[i:], "\t", "    ")
}

// writeLine writes one line of a paragraph, its indentation already
// written, escaped so that it can only be paragraph text. base is its
// offset in the paragraph that pr describes.
func writeLine(w *bufio.Writer, l bodyLine, pr *pairs, base int, tail byte) {
	line := l.text
	extra := -1
	if d := digitRun(line); d > 0 && d <= 9 && d < len(line) && (line[d] == '.' || line[d] == ')') && spaceOrEnd(line, d+1) {
		extra = d // "12\. " is not a list item
	} else if opensBlock(line) {
		extra = 0
	}
	if l.class&clsSpecial == 0 {
		// Nothing for escapeInto to look at but extra, which it would
		// escape the same way.
		if extra >= 0 {
			_, _ = w.WriteString(line[:extra])
			_ = w.WriteByte('\\')
			line = line[extra:]
		}
		_, _ = w.WriteString(line)
		return
	}
	escapeInto(w, line, false, extra, pr, base, tail)
}

// opensBlock reports whether line, its indentation removed, starts with
// something CommonMark (with GFM tables) would read as a block, which a
// backslash before its first character prevents.
func opensBlock(line string) bool {
	c := line[0]
	switch c {
	case '>', '[':
		return true
	case '#':
		n := 1
		for n < len(line) && line[n] == '#' {
			n++
		}
		return n <= 6 && spaceOrEnd(line, n)
	case '-', '+', '*':
		if spaceOrEnd(line, 1) {
			return true // a list item
		}
	case '`', '~':
		if strings.HasPrefix(line, strings.Repeat(string(c), 3)) {
			return true // a code fence
		}
	}
	if strings.IndexByte("-*_=+", c) >= 0 && onlyOf(line, string(c)+" \t") {
		return true // a thematic break or a setext heading's underline
	}
	if strings.IndexByte("-|:", c) >= 0 && onlyOf(line, "-|: \t") {
		return true // a table's delimiter row
	}
	return false
}

// onlyOf reports whether every byte of s is in set.
func onlyOf(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// spaceOrEnd reports whether s has a space or tab at i, or ends there.
func spaceOrEnd(s string, i int) bool { return i >= len(s) || s[i] == ' ' || s[i] == '\t' }

func digitRun(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}
