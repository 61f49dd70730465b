package textedit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
)

// tabStop is the column multiple a tab advances to when drawn.
const tabStop = 4

// tooWide is drawn in place of a grapheme that is wider than the whole
// editor (a wide character when the width is 1), so that no row ever
// exceeds the width.
const tooWide = "…"

// clusterAt returns the byte length of the grapheme cluster that starts at
// s[i] and the number of cells it takes when drawn. Tabs report width 0: their
// width depends on the column and is decided by the caller.
//
// Printable ASCII followed by ASCII (or the end) is its own cluster of width
// 1; that fast path is what keeps wrapping cheap, since journal text is
// mostly ASCII.
func clusterAt(s string, i int) (n, width int) {
	c := s[i]
	if c < utf8.RuneSelf && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
		if c == '\t' {
			return 1, 0
		}
		if c == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			// Lines never hold '\n', but keep the grapheme rule exact.
			return 2, 2
		}
		// Control characters are drawn as one-cell control pictures.
		return 1, 1
	}
	cluster, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
	if len(cluster) == 0 {
		return 1, 1
	}
	if needsStandIn(cluster) {
		return len(cluster), ansi.StringWidth(displayCluster(cluster))
	}
	return len(cluster), w
}

// needsStandIn reports whether a cluster holds a rune that must not reach
// the terminal as is, or bytes that are not valid UTF-8.
func needsStandIn(cluster string) bool {
	for i := 0; i < len(cluster); {
		r, size := utf8.DecodeRuneInString(cluster[i:])
		if (r == utf8.RuneError && size == 1) || sanitize.IsUnsafe(r) {
			return true
		}
		i += size
	}
	return false
}

// displayCluster returns the inert text drawn for cluster: unsafe runes
// become their visible stand-ins (sanitize.Rune), invalid bytes U+FFFD.
func displayCluster(cluster string) string {
	if !needsStandIn(cluster) {
		return cluster
	}
	var b strings.Builder
	for i := 0; i < len(cluster); {
		r, size := utf8.DecodeRuneInString(cluster[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(sanitize.Rune(r))
		}
		i += size
	}
	return b.String()
}

// isBreakSpace reports whether the byte is whitespace after which a row may
// be wrapped. Only ASCII space and tab count: other spaces are rare in prose
// and keeping the set small keeps wrapping predictable.
func isBreakSpace(c byte) bool { return c == ' ' || c == '\t' }

// tabWidth is the number of cells a tab takes at column x in a row of width w:
// up to the next multiple of tabStop, cut short at the right edge (0 when the
// row is already full, in which case the tab hangs past the edge undrawn).
func tabWidth(x, w int) int {
	tw := tabStop - x%tabStop
	if x+tw > w {
		tw = max(w-x, 0)
	}
	return tw
}

// layout soft-wraps one logical line to width w (w ≥ 1) and returns the
// byte offsets where its visual rows start; the first is always 0. It
// appends to dst so callers can reuse a buffer.
//
// Rows break after the last space or tab that fits, or hard before a
// grapheme when a word is longer than the width. A single space (or tab)
// that meets the right edge hangs past it undrawn rather than starting the
// next row, as in word processors. When the last row is exactly full, an
// empty row follows so a cursor at the end of the line has a cell to sit in;
// a cursor at a row's start offset always belongs to that row.
func layout(s string, w int, dst []int) []int {
	dst = append(dst[:0], 0)
	col := 0
	rowStart := 0
	brk, brkCol := -1, 0
	newRow := func(at int) {
		dst = append(dst, at)
		rowStart = at
		brk = -1
		col = 0
	}
	for i := 0; i < len(s); {
		n, gw := clusterAt(s, i)
		space := n == 1 && isBreakSpace(s[i])
		if s[i] == '\t' && n == 1 {
			gw = tabWidth(col, w)
			if gw == 0 {
				gw = w + 1 // full row: treat as overflow so it hangs
			}
		}
		if col+gw <= w {
			col += gw
			i += n
			if space {
				brk, brkCol = i, col
			}
			continue
		}
		switch {
		case space && col == w:
			// Hang the space past the edge and start the next row after it.
			i += n
			newRow(i)
		case brk > rowStart:
			// Move the word being built to the next row, then retry this
			// grapheme there.
			w2 := col - brkCol
			newRow(brk)
			col = w2
		case col == 0:
			// A grapheme wider than the whole row: it gets a row to itself
			// and is drawn as a one-cell stand-in.
			i += n
			col = w
		default:
			newRow(i)
		}
	}
	if col >= w && dst[len(dst)-1] != len(s) {
		dst = append(dst, len(s))
	}
	return dst
}

// rowOf returns the index of the row that holds byte offset off.
func rowOf(starts []int, off int) int {
	r := 0
	for r+1 < len(starts) && starts[r+1] <= off {
		r++
	}
	return r
}

// rowEnd returns the byte offset where row r of a line ends.
func rowEnd(s string, starts []int, r int) int {
	if r+1 < len(starts) {
		return starts[r+1]
	}
	return len(s)
}

// drawRow appends row [start, end) of s, as drawn in width w, to b: every
// grapheme through sanitize, tabs as spaces, and nothing past the edge.
func drawRow(b *strings.Builder, s string, start, end, w int) {
	x := 0
	for i := start; i < end; {
		c := s[i]
		if c >= 0x20 && c < 0x7f && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
			if x < w {
				b.WriteByte(c)
				x++
			}
			i++
			continue
		}
		if c == '\t' {
			tw := tabWidth(x, w)
			for range tw {
				b.WriteByte(' ')
			}
			x += tw
			i++
			continue
		}
		n, gw := clusterAt(s, i)
		if x+gw > w {
			if x == 0 {
				b.WriteString(tooWide)
				x = w
			}
			// Otherwise a hanging grapheme: not drawn.
			i += n
			continue
		}
		b.WriteString(displayCluster(s[i : i+n]))
		x += gw
		i += n
	}
}

// cellX returns the column at which byte offset off (inside row
// [start, end)) is drawn in width w.
func cellX(s string, start, off, w int) int {
	x := 0
	for i := start; i < off && i < len(s); {
		n, gw := clusterAt(s, i)
		if s[i] == '\t' {
			gw = tabWidth(x, w)
		} else if x+gw > w {
			if x == 0 {
				gw = w
			} else {
				gw = 0
			}
		}
		x += gw
		i += n
	}
	return x
}

// offsetAtX returns the offset of the grapheme drawn at column x in row
// [start, end) of s, or the row's end when x is past the text. On a row that
// is not the line's last, the result stays before end so the cursor stays
// on that row.
func offsetAtX(s string, start, end, x, w int, lastRow bool) int {
	cx := 0
	last := start
	for i := start; i < end; {
		n, gw := clusterAt(s, i)
		if s[i] == '\t' {
			gw = tabWidth(cx, w)
		} else if cx+gw > w {
			if cx == 0 {
				gw = w
			} else {
				gw = 0
			}
		}
		if x < cx+gw {
			return i
		}
		last = i
		cx += gw
		i += n
	}
	if lastRow {
		return end
	}
	return last
}

// prevCluster returns the offset of the grapheme cluster before offset i.
// It starts segmenting from the nearest earlier point that is certainly a
// cluster boundary (between two ASCII bytes), so it stays cheap on long
// lines.
func prevCluster(s string, i int) int {
	if i <= 0 {
		return 0
	}
	p := 0
	for j := i - 1; j > 0 && j >= i-256; j-- {
		if s[j-1] < utf8.RuneSelf && s[j] < utf8.RuneSelf && !(s[j-1] == '\r' && s[j] == '\n') {
			p = j
			break
		}
	}
	for {
		n, _ := clusterAt(s, p)
		if p+n >= i {
			return p
		}
		p += n
	}
}

// snapRune moves offset col of s back to the start of the rune it falls in,
// where runes are as a for-range loop over s decodes them (so each invalid
// byte is a rune of its own).
func snapRune(s string, col int) int {
	if col <= 0 {
		return 0
	}
	if col >= len(s) {
		return len(s)
	}
	for p := col - 1; p >= 0 && p >= col-(utf8.UTFMax-1); p-- {
		if !utf8.RuneStart(s[p]) {
			continue
		}
		if _, size := utf8.DecodeRuneInString(s[p:]); p+size > col {
			return p
		}
		break
	}
	return col
}

// unicodeIsWord reports whether r is a letter, digit or combining mark.
func unicodeIsWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// lastRune decodes the last rune of s; an invalid byte is a rune of size 1.
func lastRune(s string) (rune, int) { return utf8.DecodeLastRuneInString(s) }

// firstRune decodes the first rune of s; an invalid byte is a rune of size 1.
func firstRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }
