// Package sanitize makes text typed or pasted by a person safe to show in a
// terminal and to write to an export. Entries are stored exactly as typed;
// these functions are applied where text leaves the database, so that an
// escape sequence in an entry can never clear a screen, set a title, write
// the clipboard (OSC 52) or hide a link (OSC 8).
package sanitize

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Text returns s as plain, printable UTF-8 for an export file: escape
// sequences are removed whole (but never past the end of their line), line
// endings become "\n", invalid bytes become U+FFFD, and every other control
// character (C0 but tab and newline, DEL, C1) and bidirectional override is
// dropped. Text is idempotent.
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
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case IsUnsafe(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
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
