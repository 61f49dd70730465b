// Package sanitize makes text typed or pasted by a person safe to show in a
// terminal and to write to an export. Entries are stored exactly as typed;
// these functions are applied where text leaves the database, so that an
// escape sequence in an entry can never clear a screen, set a title, write
// the clipboard (OSC 52) or hide a link (OSC 8).
package sanitize

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Text returns s as plain, printable UTF-8 for an export file: escape
// sequences are removed whole (but never past the end of their line), line
// endings become "\n", invalid bytes become U+FFFD, and every other control
// character (C0 but tab and newline, DEL, C1) is dropped, as are the
// invisible characters of the rule below. Text is idempotent.
//
// The rule for invisible characters: what a reader of the export sees is
// what the file holds, in the order it holds it, and every emoji the
// person typed still shows as they typed it.
//
//   - U+2028 LINE SEPARATOR becomes a newline and U+2029 PARAGRAPH
//     SEPARATOR a blank line: they are line breaks a paste brought in.
//   - Every bidirectional formatting character is dropped: LRM, RLM, ALM,
//     the embeddings and overrides U+202A–U+202E and the isolates
//     U+2066–U+2069. They make text read in another order than it is
//     stored (a "Trojan Source" line), and a right-to-left script is laid
//     out correctly without them.
//   - Every other format character (Unicode category Cf) is dropped too:
//     zero-width space, word joiner, U+FEFF (byte order mark), soft hyphen,
//     the invisible maths operators and the rest. They are invisible, so
//     they only ever hide something (a word split so a search misses it).
//     Three kinds are kept because text needs them:
//   - ZERO WIDTH JOINER and NON-JOINER between two visible characters.
//     ZWJ builds emoji sequences (👩‍❤️‍👨, 🏳️‍🌈) and both shape Arabic,
//     Persian and Indic words. At a line's edge, beside white space or
//     beside another invisible character they join nothing, so they go.
//   - Tag characters (U+E0020–U+E007F) straight after U+1F3F4 WAVING
//     BLACK FLAG: they spell the flags of England, Scotland and Wales.
//   - The prepended concatenation marks (U+0600–U+0605, U+06DD, …), which
//     are visible signs written over the digits that follow.
//
// Variation selectors (U+FE0F), skin tones, regional-indicator flags and
// the keycap mark U+20E3 are not format characters and are never touched.
func Text(s string) string {
	if isPlain(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = stripLines(s)
	var b strings.Builder
	b.Grow(len(s))
	last := '\n' // the last rune written; a line start is an edge
	for i, r := range s {
		switch {
		case r == '\r' || r == '\u2028':
			r = '\n'
		case r == '\u2029':
			b.WriteByte('\n')
			r = '\n'
		case r == '\n' || r == '\t':
		case IsUnsafe(r):
			continue
		case r == zwj || r == zwnj:
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if !(visible(last) || isTag(last)) || !visible(next) {
				continue
			}
		case isTag(r):
			if last != blackFlag && !isTag(last) {
				continue
			}
		case unicode.Is(unicode.Cf, r) && !unicode.Is(unicode.Prepended_Concatenation_Mark, r):
			continue
		}
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

const (
	zwj       = '\u200d'
	zwnj      = '\u200c'
	blackFlag = '\U0001F3F4'
)

// isTag reports whether r is one of the tag characters that spell a
// subdivision flag after U+1F3F4 (U+E0020–U+E007F; U+E0001, the old
// language tag, is not among them).
func isTag(r rune) bool { return r >= 0xE0020 && r <= 0xE007F }

// visible reports whether r is something a joiner beside it can join: not
// white space, a control or a format character. Before a joiner, a tag
// character that was kept (it ends a flag) counts too; after one it does
// not, since it is kept only after a flag.
func visible(r rune) bool {
	if r == utf8.RuneError || unicode.IsSpace(r) || IsUnsafe(r) {
		return false
	}
	return !unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Prepended_Concatenation_Mark, r)
}

// stripLines removes escape sequences line by line. ansi.Strip on its own
// lets an unterminated OSC or DCS string ("\x1b]" pasted by accident) run
// to the end of the text and silently drops the rest of the entry; a real
// sequence never spans a line, so ending it at the newline bounds the loss
// to the line it is on.
func stripLines(s string) string {
	if !strings.Contains(s, "\n") {
		return ansi.Strip(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		line, rest, more := strings.Cut(s, "\n")
		b.WriteString(ansi.Strip(line))
		if !more {
			return b.String()
		}
		b.WriteByte('\n')
		s = rest
	}
}

// Display returns s with every unsafe rune replaced by a visible stand-in
// (see Rune), for showing in the terminal: what was typed stays visible as
// inert text instead of being acted on or silently hidden.
func Display(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune('\uFFFD')
		} else if r == '\n' || r == '\t' {
			b.WriteRune(r)
		} else {
			b.WriteString(Rune(r))
		}
		i += size
	}
	return b.String()
}

// Rune returns the text to draw for r: r itself when it is safe, otherwise a
// Unicode control picture (␛ for ESC, ␀ for NUL, …) or U+FFFD.
func Rune(r rune) string {
	if !IsUnsafe(r) {
		return string(r)
	}
	switch {
	case r < 0x20:
		return string(rune(0x2400 + r))
	case r == 0x7f:
		return "\u2421"
	default:
		return "\uFFFD"
	}
}

// IsUnsafe reports whether r must not reach a terminal or an export as is:
// C0 controls (including tab and newline, which callers handle), DEL, C1
// controls, and the bidirectional embedding, override and isolate marks that
// can make text read differently from how it is stored.
func IsUnsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == utf8.RuneError:
		return false
	}
	return false
}

// isPlain is the fast path: printable ASCII plus newline and tab, which is
// almost every entry.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			continue
		}
		return false
	}
	return true
}

// Path returns a file path as it should appear in a one-line message:
// unchanged when it is all safe, printable text, otherwise quoted Go-style
// ("a\nb.db"), so a newline, an escape or a direction mark in a name is
// shown as what it is instead of acting on the terminal or reading as a
// space that names another file.
func Path(p string) string {
	if isPlain(p) && !strings.ContainsAny(p, "\n\t") {
		return p
	}
	if !utf8.ValidString(p) {
		return strconv.Quote(p)
	}
	for _, r := range p {
		if IsUnsafe(r) || !strconv.IsPrint(r) {
			return strconv.Quote(p)
		}
	}
	return p
}
