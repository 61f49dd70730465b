package export

import (
	"bufio"
	"strings"

	"github.com/trustwork/trustwork/internal/sanitize"
)

// The encoding of user text. CommonMark gives structure to a line by its
// first characters (#, >, -, +, *, =, digits then . or ), four spaces of
// indent, ``` and ~~~, <tag>) and to inline text by a few characters
// anywhere (\ ` * _ [ ] < > & and, in GFM, ~ |). A backslash before any
// ASCII punctuation makes it a literal character, so escaping exactly those
// keeps the text readable as plain text and inert as markdown:
//
//   - escapeAlways are escaped wherever they appear;
//   - a line's first visible character is escaped when it could open a
//     block, and an ordered-list marker ("12." or "3)") has its . or )
//     escaped;
//   - "&" is escaped only before a letter or "#", where it could start an
//     entity such as "&#27;";
//   - leading spaces and tabs become no-break spaces (four for a tab),
//     which keep the person's indentation without CommonMark reading it as
//     a code block; tabs later in a line become four spaces, so the file
//     holds no control character but the newline;
//   - a backslash that ends a line is written "&#92;" (see writeLine);
//   - trailing spaces are dropped (two would be a hard break), and every
//     line break inside a paragraph becomes an explicit hard break "\" so
//     lines the person typed (lists, poems) stay lines.
const escapeAlways = "\\`*_[]<>{}|~"

// mustEscape marks the bytes of escapeAlways, plus '&' and '#' as
// candidates checked further in escapeInto. A table rather than a search of
// escapeAlways per byte: this loop sees every byte of every entry, and the
// search was the largest single cost of exporting a large journal.
var mustEscape = func() (t [256]bool) {
	for i := 0; i < len(escapeAlways); i++ {
		t[escapeAlways[i]] = true
	}
	return t
}()

// escapeAtStart are the characters that open a block at the start of a line.
const escapeAtStart = "#>-+="

// nbsp stands in for leading whitespace.
const nbsp = "\u00a0"

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
	escapeInto(&b, s, true)
	return b.String()
}

// stringWriter is what escapeInto writes to: a strings.Builder for inline
// text, the export's bufio.Writer for bodies.
type stringWriter interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
}

// escapeInto writes s with escapeAlways (and, if hash, "#") escaped, and
// "&" escaped where it could begin an entity reference.
func escapeInto(w stringWriter, s string, hash bool) {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !mustEscape[c] && c != '#' && c != '&' {
			continue
		}
		esc := mustEscape[c] ||
			hash && c == '#' ||
			c == '&' && i+1 < len(s) && (isASCIILetter(s[i+1]) || s[i+1] == '#')
		if !esc {
			continue
		}
		_, _ = w.WriteString(s[start:i])
		_ = w.WriteByte('\\')
		start = i // the character itself goes out with the next chunk
	}
	_, _ = w.WriteString(s[start:])
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// blank reports whether s has nothing visible to export.
func blank(s string) bool { return strings.TrimSpace(sanitize.Text(s)) == "" }

// writeBody writes a body as paragraphs: blank lines separate paragraphs (a
// run of them counts as one), other line breaks are kept as hard breaks.
// It works on one entry at a time and writes straight to w.
func writeBody(w *bufio.Writer, body string) {
	body = sanitize.Text(body)
	inPara, gap, wrote := false, false, false
	for rest := body; ; {
		line, tail, more := strings.Cut(rest, "\n")
		line = strings.TrimRight(line, " \t")
		// A line of only white space (Unicode's too, such as U+2000) is a
		// paragraph break, as blank() and a reader see it.
		if strings.TrimSpace(line) == "" {
			gap = gap || inPara
		} else {
			if inPara {
				if gap {
					_, _ = w.WriteString("\n\n")
				} else {
					_, _ = w.WriteString("\\\n")
				}
			}
			writeLine(w, line)
			inPara, gap, wrote = true, false, true
		}
		if !more {
			break
		}
		rest = tail
	}
	if !wrote {
		_, _ = w.WriteString("*(empty)*")
	}
	_ = w.WriteByte('\n')
}

// writeLine writes one non-blank line of a body, escaped so that it can only
// be paragraph text.
func writeLine(w *bufio.Writer, line string) {
	i := 0
	for ; i < len(line) && (line[i] == ' ' || line[i] == '\t'); i++ {
		if line[i] == '\t' {
			_, _ = w.WriteString(nbsp + nbsp + nbsp + nbsp)
		} else {
			_, _ = w.WriteString(nbsp)
		}
	}
	line = line[i:]
	// Tabs inside a line become spaces: the file holds no control
	// characters but the newline, and a tab means nothing in a paragraph.
	line = strings.ReplaceAll(line, "\t", "    ")
	// A line-final backslash is written as a character reference: escaped
	// as "\\" and followed by the hard-break "\", some parsers (goldmark
	// 1.7) read the three backslashes wrongly and show two.
	last := ""
	if strings.HasSuffix(line, "\\") {
		line, last = line[:len(line)-1], "&#92;"
	}
	if line == "" {
		_, _ = w.WriteString(last)
		return
	}
	if strings.IndexByte(escapeAtStart, line[0]) >= 0 {
		_ = w.WriteByte('\\')
		_ = w.WriteByte(line[0])
		line = line[1:]
	} else if d := digitRun(line); d > 0 && d < len(line) && (line[d] == '.' || line[d] == ')') {
		_, _ = w.WriteString(line[:d])
		_ = w.WriteByte('\\')
		_ = w.WriteByte(line[d])
		line = line[d+1:]
	}
	escapeInto(w, line, false)
	_, _ = w.WriteString(last)
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}
