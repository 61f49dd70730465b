package textedit

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// key builds the KeyPressMsg a terminal would deliver for a keystroke
// written the way msg.String() spells it ("a", "ctrl+w", "alt+left").
func key(t testing.TB, s string) tea.KeyPressMsg {
	t.Helper()
	var mod tea.KeyMod
	name := s
	for {
		switch {
		case strings.HasPrefix(name, "ctrl+") && len(name) > 5:
			mod |= tea.ModCtrl
			name = name[5:]
			continue
		case strings.HasPrefix(name, "alt+") && len(name) > 4:
			mod |= tea.ModAlt
			name = name[4:]
			continue
		case strings.HasPrefix(name, "shift+") && len(name) > 6:
			mod |= tea.ModShift
			name = name[6:]
			continue
		}
		break
	}
	codes := map[string]rune{
		"enter": tea.KeyEnter, "backspace": tea.KeyBackspace, "delete": tea.KeyDelete,
		"left": tea.KeyLeft, "right": tea.KeyRight, "up": tea.KeyUp, "down": tea.KeyDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"tab": tea.KeyTab, "esc": tea.KeyEscape,
	}
	var k tea.KeyPressMsg
	if c, ok := codes[name]; ok {
		k = tea.KeyPressMsg{Code: c, Mod: mod}
	} else if name == "space" {
		k = tea.KeyPressMsg{Code: tea.KeySpace, Text: " ", Mod: mod}
	} else {
		r, size := utf8.DecodeRuneInString(name)
		if size != len(name) {
			t.Fatalf("key %q: not a single rune", s)
		}
		k = tea.KeyPressMsg{Code: r, Mod: mod}
		if mod&^tea.ModShift == 0 {
			k.Text = name
		}
	}
	if got := k.String(); got != s {
		t.Fatalf("key %q builds a message whose String() is %q", s, got)
	}
	return k
}

// press sends keystrokes to m in order.
func press(t testing.TB, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		m, _ = m.Update(key(t, k))
	}
	return m
}

// typeText sends each rune of s as its own key press (newlines as enter).
func typeText(t testing.TB, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		if r == '\n' {
			m = press(t, m, "enter")
			continue
		}
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func newEditor(w, h int) Model {
	m := New()
	m.SetSize(w, h)
	m.Focus()
	return m
}

func viewLines(m Model) []string { return strings.Split(m.View(), "\n") }

func TestTyping(t *testing.T) {
	m := newEditor(40, 5)
	m = typeText(t, m, "hello")
	m = press(t, m, "space", "W")
	if got := m.Value(); got != "hello W" {
		t.Fatalf("Value = %q, want %q", got, "hello W")
	}
	if m.Cursor() != 7 || m.Len() != 7 {
		t.Fatalf("Cursor, Len = %d, %d; want 7, 7", m.Cursor(), m.Len())
	}
	m = press(t, m, "left", "left", "X")
	if got := m.Value(); got != "helloX W" {
		t.Fatalf("insert mid-line: Value = %q", got)
	}
	if got := viewLines(m)[0]; got != "helloX W" {
		t.Fatalf("View first line = %q", got)
	}
}

func TestNewline(t *testing.T) {
	m := newEditor(40, 5)
	m = typeText(t, m, "ab")
	m = press(t, m, "left", "enter")
	if got := m.Value(); got != "a\nb" {
		t.Fatalf("Value = %q, want %q", got, "a\nb")
	}
	if m.Cursor() != 2 {
		t.Fatalf("Cursor = %d, want 2 (start of second line)", m.Cursor())
	}
	lines := viewLines(m)
	if lines[0] != "a" || lines[1] != "b" {
		t.Fatalf("View = %q", lines)
	}
	if x, y, ok := m.CursorPosition(); !ok || x != 0 || y != 1 {
		t.Fatalf("CursorPosition = %d,%d,%v; want 0,1,true", x, y, ok)
	}
}

func TestBackspaceJoinsLines(t *testing.T) {
	m := newEditor(40, 5)
	m.SetValue("ab\ncd\nef")
	m.SetCursor(3) // start of "cd"
	v := m.Version()
	m = press(t, m, "backspace")
	if got := m.Value(); got != "abcd\nef" {
		t.Fatalf("Value = %q, want %q", got, "abcd\nef")
	}
	if m.Cursor() != 2 || m.Len() != 7 || m.Version() != v+1 {
		t.Fatalf("Cursor, Len, Version = %d, %d, %d", m.Cursor(), m.Len(), m.Version())
	}
	m = press(t, m, "backspace", "backspace", "backspace")
	if got := m.Value(); got != "cd\nef" || m.Cursor() != 0 {
		t.Fatalf("Value, Cursor = %q, %d", got, m.Cursor())
	}
	v = m.Version()
	m = press(t, m, "backspace")
	if m.Value() != "cd\nef" || m.Version() != v {
		t.Fatalf("backspace at start changed the text or version: %q %d", m.Value(), m.Version())
	}
}

func TestDeleteJoinsLines(t *testing.T) {
	m := newEditor(40, 5)
	m.SetValue("ab\ncd")
	m.SetCursor(2) // end of "ab"
	m = press(t, m, "delete")
	if got := m.Value(); got != "abcd" || m.Cursor() != 2 || m.Len() != 4 {
		t.Fatalf("Value, Cursor, Len = %q, %d, %d", got, m.Cursor(), m.Len())
	}
	m = press(t, m, "delete")
	if got := m.Value(); got != "abd" {
		t.Fatalf("Value = %q", got)
	}
	m = press(t, m, "end")
	v := m.Version()
	m = press(t, m, "delete")
	if m.Value() != "abd" || m.Version() != v {
		t.Fatalf("delete at end changed text or version")
	}
}

func TestWordMotionsAndDeletes(t *testing.T) {
	m := newEditor(80, 5)
	m.SetValue("hello brave  new world")
	m = press(t, m, "ctrl+left")
	if m.Cursor() != 17 {
		t.Fatalf("ctrl+left: Cursor = %d, want 17", m.Cursor())
	}
	m = press(t, m, "alt+left")
	if m.Cursor() != 13 {
		t.Fatalf("alt+left: Cursor = %d, want 13", m.Cursor())
	}
	m = press(t, m, "ctrl+home", "alt+right")
	if m.Cursor() != 5 {
		t.Fatalf("alt+right: Cursor = %d, want 5", m.Cursor())
	}
	m = press(t, m, "ctrl+right")
	if m.Cursor() != 11 {
		t.Fatalf("ctrl+right: Cursor = %d, want 11", m.Cursor())
	}
	m = press(t, m, "ctrl+end", "alt+backspace")
	if got := m.Value(); got != "hello brave  new " {
		t.Fatalf("alt+backspace: Value = %q", got)
	}
	m = press(t, m, "ctrl+w")
	if got := m.Value(); got != "hello brave  " {
		t.Fatalf("ctrl+w: Value = %q", got)
	}
	m.SetCursor(6)
	m = press(t, m, "ctrl+k")
	if got := m.Value(); got != "hello " {
		t.Fatalf("ctrl+k: Value = %q", got)
	}
	m = press(t, m, "left", "ctrl+u")
	if got := m.Value(); got != " " || m.Cursor() != 0 {
		t.Fatalf("ctrl+u: Value, Cursor = %q, %d", got, m.Cursor())
	}

	// Across lines: ctrl+w at a line start joins with the line above,
	// ctrl+k at a line end joins with the line below.
	m.SetValue("one\ntwo")
	m.SetCursor(4)
	m = press(t, m, "ctrl+w")
	if got := m.Value(); got != "onetwo" {
		t.Fatalf("ctrl+w at line start: Value = %q", got)
	}
	m.SetValue("one\ntwo")
	m.SetCursor(3)
	m = press(t, m, "ctrl+k")
	if got := m.Value(); got != "onetwo" {
		t.Fatalf("ctrl+k at line end: Value = %q", got)
	}
	// Word motion crosses line breaks one at a time.
	m.SetValue("one\ntwo")
	m.SetCursor(4)
	m = press(t, m, "alt+left")
	if m.Cursor() != 3 {
		t.Fatalf("alt+left at line start: Cursor = %d, want 3", m.Cursor())
	}
	m = press(t, m, "alt+right")
	if m.Cursor() != 4 {
		t.Fatalf("alt+right at line end: Cursor = %d, want 4", m.Cursor())
	}
	// Accents stay part of their word.
	m.SetValue("voilà café")
	m = press(t, m, "ctrl+w")
	if got := m.Value(); got != "voilà " {
		t.Fatalf("ctrl+w over accented word: Value = %q", got)
	}
}

func TestHomeEndAndDocumentEnds(t *testing.T) {
	m := newEditor(80, 5)
	m.SetValue("first\nsecond line\nthird")
	m.SetCursor(9)
	m = press(t, m, "home")
	if m.Cursor() != 6 {
		t.Fatalf("home: Cursor = %d, want 6", m.Cursor())
	}
	m = press(t, m, "end")
	if m.Cursor() != 17 {
		t.Fatalf("end: Cursor = %d, want 17", m.Cursor())
	}
	m = press(t, m, "ctrl+a")
	if m.Cursor() != 6 {
		t.Fatalf("ctrl+a: Cursor = %d, want 6", m.Cursor())
	}
	m = press(t, m, "ctrl+home")
	if m.Cursor() != 0 {
		t.Fatalf("ctrl+home: Cursor = %d", m.Cursor())
	}
	m = press(t, m, "ctrl+end")
	if m.Cursor() != m.Len() {
		t.Fatalf("ctrl+end: Cursor = %d, want %d", m.Cursor(), m.Len())
	}
}

func TestUpDownWithWrap(t *testing.T) {
	m := newEditor(10, 5)
	m.SetValue("aaaa bbbb cccc dddd")
	lines := viewLines(m)
	if lines[0] != "aaaa bbbb " || lines[1] != "cccc dddd" {
		t.Fatalf("wrapped View = %q", lines)
	}
	if x, y, ok := m.CursorPosition(); !ok || x != 9 || y != 1 {
		t.Fatalf("CursorPosition = %d,%d,%v; want 9,1,true", x, y, ok)
	}
	m = press(t, m, "up")
	if m.Cursor() != 9 {
		t.Fatalf("up within a wrapped line: Cursor = %d, want 9", m.Cursor())
	}
	if x, y, _ := m.CursorPosition(); x != 9 || y != 0 {
		t.Fatalf("after up CursorPosition = %d,%d; want 9,0", x, y)
	}
	m = press(t, m, "up")
	if m.Cursor() != 0 {
		t.Fatalf("up on the first row: Cursor = %d, want 0", m.Cursor())
	}
	m = press(t, m, "down", "down")
	if m.Cursor() != m.Len() {
		t.Fatalf("down past the last row: Cursor = %d, want %d", m.Cursor(), m.Len())
	}

	// The goal column survives a short line in between.
	m = newEditor(80, 5)
	m.SetValue("abcdef\nab\nabcdef")
	m.SetCursor(6)
	m = press(t, m, "down")
	if m.Cursor() != 9 {
		t.Fatalf("down to a short line: Cursor = %d, want 9", m.Cursor())
	}
	m = press(t, m, "down")
	if m.Cursor() != 16 {
		t.Fatalf("down keeps the goal column: Cursor = %d, want 16", m.Cursor())
	}
	m = press(t, m, "left", "up")
	if m.Cursor() != 9 {
		t.Fatalf("left resets the goal: Cursor = %d, want 9", m.Cursor())
	}

	// Up/down by wrapped rows over wide characters: columns are cells.
	m = newEditor(6, 5)
	m.SetValue("日本語日本語")
	if lines := viewLines(m); lines[0] != "日本語" || lines[1] != "日本語" {
		t.Fatalf("wide wrap View = %q", lines)
	}
	m.SetCursor(len("日"))
	m = press(t, m, "down")
	if m.Cursor() != len("日本語日") {
		t.Fatalf("down over wide runes: Cursor = %d, want %d", m.Cursor(), len("日本語日"))
	}
}

func TestWrapBreaksLongWordsAndFullRows(t *testing.T) {
	m := newEditor(4, 6)
	m.SetValue("abcdefghij xy")
	lines := viewLines(m)
	want := []string{"abcd", "efgh", "ij ", "xy", "", ""}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Fatalf("View = %q, want %q", lines, want)
	}
	// A line exactly as wide as the editor leaves the cursor a cell on
	// the next row rather than past the edge.
	m.SetValue("abcd")
	if x, y, ok := m.CursorPosition(); !ok || x != 0 || y != 1 {
		t.Fatalf("CursorPosition after full row = %d,%d,%v; want 0,1,true", x, y, ok)
	}
}

func TestTabsDrawnAsSpaces(t *testing.T) {
	m := newEditor(20, 2)
	m.SetValue("a\tb\tc")
	if got := viewLines(m)[0]; got != "a   b   c" {
		t.Fatalf("View = %q, want %q", got, "a   b   c")
	}
	m.SetCursor(2) // after the first tab
	if x, _, _ := m.CursorPosition(); x != 4 {
		t.Fatalf("cursor after tab at x = %d, want 4", x)
	}
}

func TestValueRoundTrip(t *testing.T) {
	for _, s := range []string{
		"", "one", "one\ntwo", "one\n\n\nfour\n", "\n", "\n\n",
		"tabs\there\r\nand crlf\r\n", "bad \xff\xfe bytes\nok",
		"日本語\n👍🏽 e\u0301",
	} {
		m := newEditor(10, 3)
		m.SetValue(s)
		if got := m.Value(); got != s {
			t.Errorf("SetValue(%q).Value() = %q", s, got)
		}
		if m.Len() != len(s) || m.Cursor() != len(s) {
			t.Errorf("SetValue(%q): Len %d Cursor %d, want %d", s, m.Len(), m.Cursor(), len(s))
		}
	}
}

func TestUnicode(t *testing.T) {
	m := newEditor(40, 3)
	m = typeText(t, m, "é日本👍")
	if got := m.Value(); got != "é日本👍" {
		t.Fatalf("Value = %q", got)
	}
	if x, _, _ := m.CursorPosition(); x != 1+2+2+2 {
		t.Fatalf("cursor x = %d, want 7 (é=1, 日=2, 本=2, 👍=2)", x)
	}
	m = press(t, m, "backspace")
	if got := m.Value(); got != "é日本" {
		t.Fatalf("backspace after emoji: Value = %q", got)
	}
	m = press(t, m, "left", "backspace")
	if got := m.Value(); got != "é本" {
		t.Fatalf("backspace over 日: Value = %q", got)
	}

	// A combining mark and a skin-tone emoji are one grapheme each: one
	// arrow press steps over them and one backspace removes them.
	m.SetValue("e\u0301x👍🏽y")
	m.SetCursor(0)
	m = press(t, m, "right")
	if m.Cursor() != len("e\u0301") {
		t.Fatalf("right over e+combining: Cursor = %d, want %d", m.Cursor(), len("e\u0301"))
	}
	m = press(t, m, "right", "right")
	if m.Cursor() != len("e\u0301x👍🏽") {
		t.Fatalf("right over emoji with modifier: Cursor = %d", m.Cursor())
	}
	m = press(t, m, "backspace")
	if got := m.Value(); got != "e\u0301xy" {
		t.Fatalf("backspace over emoji with modifier: Value = %q", got)
	}
	m = press(t, m, "home", "delete")
	if got := m.Value(); got != "xy" {
		t.Fatalf("delete over e+combining: Value = %q", got)
	}
	if got := viewLines(m)[0]; got != "xy" {
		t.Fatalf("View = %q", got)
	}
	m.SetValue("e\u0301")
	if w := ansi.StringWidth(viewLines(m)[0]); w != 1 {
		t.Fatalf("e+combining drawn %d cells wide, want 1", w)
	}
}

func TestPasteNormalisesLineEndings(t *testing.T) {
	m := newEditor(40, 5)
	m = typeText(t, m, "<>")
	m = press(t, m, "left")
	m, _ = m.Update(tea.PasteMsg{Content: "a\r\nb\rc\nd"})
	if got := m.Value(); got != "<a\nb\nc\nd>" {
		t.Fatalf("Value = %q", got)
	}
	if m.Cursor() != len("<a\nb\nc\nd") || m.Len() != len("<a\nb\nc\nd>") {
		t.Fatalf("Cursor, Len = %d, %d", m.Cursor(), m.Len())
	}
}

func TestVersion(t *testing.T) {
	m := newEditor(20, 3)
	v0 := m.Version()
	m = typeText(t, m, "abc")
	if m.Version() != v0+3 {
		t.Fatalf("3 letters: Version = %d, want %d", m.Version(), v0+3)
	}
	v := m.Version()
	m = press(t, m, "left", "right", "home", "end", "up", "down", "ctrl+home", "ctrl+end",
		"alt+left", "ctrl+right", "pgup", "pgdown")
	if m.Version() != v {
		t.Fatalf("cursor motion changed Version from %d to %d", v, m.Version())
	}
	m = press(t, m, "enter")
	if m.Version() != v+1 {
		t.Fatalf("enter: Version = %d, want %d", m.Version(), v+1)
	}
	v = m.Version()
	m = press(t, m, "ctrl+u") // at a line start: nothing to delete
	if m.Version() != v {
		t.Fatalf("no-op ctrl+u changed Version")
	}
	m, _ = m.Update(tea.PasteMsg{Content: ""})
	if m.Version() != v {
		t.Fatalf("empty paste changed Version")
	}
	m.SetValue("x")
	if m.Version() != v+1 {
		t.Fatalf("SetValue: Version = %d, want %d", m.Version(), v+1)
	}
	v = m.Version()
	m.SetCursor(0)
	m.SetSize(5, 5)
	if m.Version() != v {
		t.Fatalf("SetCursor/SetSize changed Version")
	}
}

func TestUnboundKeysAndBlurPassThrough(t *testing.T) {
	m := newEditor(20, 3)
	m.SetValue("text")
	for _, k := range []string{"ctrl+e", "ctrl+s", "tab", "esc", "alt+x", "ctrl+c"} {
		got, cmd := m.Update(key(t, k))
		if cmd != nil || got.Value() != "text" || got.Version() != m.Version() || got.Cursor() != m.Cursor() {
			t.Errorf("%s changed the editor (value %q)", k, got.Value())
		}
	}
	m.Blur()
	got, _ := m.Update(key(t, "x"))
	got, _ = got.Update(tea.PasteMsg{Content: "pasted"})
	if got.Value() != "text" || got.Version() != m.Version() {
		t.Fatalf("blurred editor took input: %q", got.Value())
	}
	if _, _, ok := got.CursorPosition(); ok {
		t.Fatalf("CursorPosition ok while blurred")
	}
}

func TestSetCursorRoundTrip(t *testing.T) {
	text := "plain é 日本 👍🏽\n\xff\xfe bad \xe6\x97 cut\n\nlast e\u0301"
	var boundaries []int
	for i := range text {
		boundaries = append(boundaries, i)
	}
	boundaries = append(boundaries, len(text))
	isBoundary := map[int]bool{}
	for _, b := range boundaries {
		isBoundary[b] = true
	}
	m := newEditor(7, 3)
	m.SetValue(text)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		off := rng.IntN(len(text)+20) - 10
		m.SetCursor(off)
		got := m.Cursor()
		clamped := min(max(off, 0), len(text))
		want := clamped
		for !isBoundary[want] {
			want--
		}
		if got != want {
			t.Fatalf("SetCursor(%d): Cursor = %d, want %d", off, got, want)
		}
		if _, _, ok := m.CursorPosition(); !ok {
			t.Fatalf("SetCursor(%d): cursor not visible", off)
		}
	}
	for _, b := range boundaries {
		m.SetCursor(b)
		if m.Cursor() != b {
			t.Fatalf("SetCursor(%d) on a boundary: Cursor = %d", b, m.Cursor())
		}
	}
}

// randomText builds text from a pool that stresses wrapping: long words,
// wide and zero-width graphemes, tabs, controls, hostile sequences and
// runs of spaces.
func randomText(rng *rand.Rand, n int) string {
	pool := []string{
		"a", "word", "longerwordthanmostwidths", " ", " ", "  ", "\t", "\n", "\n\n",
		"é", "e\u0301", "日本", "👍", "👍🏽", "👨‍👩‍👧", "\x1b[2J", "\u009b", "\u202e",
		"\x00", "\xff", "\r", "x", "the", "of", ".", ",", "🇯🇵", "\u200b",
	}
	var b strings.Builder
	for range n {
		b.WriteString(pool[rng.IntN(len(pool))])
	}
	return b.String()
}

// checkView asserts the View contract: height lines, each at most width
// cells, no escape or control bytes, valid UTF-8, cursor inside.
func checkView(t *testing.T, m Model, width, height int, label string) {
	t.Helper()
	v := m.View()
	lines := strings.Split(v, "\n")
	if len(lines) != height {
		t.Fatalf("%s: View has %d lines, want %d", label, len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Fatalf("%s: line %d is %d cells wide (> %d): %q", label, i, w, width, l)
		}
	}
	checkInert(t, v, label)
	x, y, ok := m.CursorPosition()
	if !ok {
		t.Fatalf("%s: cursor not visible", label)
	}
	if x < 0 || x >= width || y < 0 || y >= height {
		t.Fatalf("%s: CursorPosition %d,%d outside %dx%d", label, x, y, width, height)
	}
}

// checkInert asserts s holds nothing a terminal would act on.
func checkInert(t *testing.T, s, label string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s: View is not valid UTF-8: %q", label, s)
	}
	for _, r := range s {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("%s: View contains control rune %U: %q", label, r, s)
		}
	}
}

func TestViewDimensionsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 7))
	for width := 1; width <= 80; width++ {
		for range 6 {
			height := 1 + rng.IntN(8)
			m := newEditor(width, height)
			m.SetValue(randomText(rng, rng.IntN(120)))
			label := func(what string) string {
				return what + " w=" + itoa(width) + " h=" + itoa(height)
			}
			checkView(t, m, width, height, label("end"))
			for range 5 {
				m.SetCursor(rng.IntN(m.Len() + 1))
				checkView(t, m, width, height, label("SetCursor"))
			}
			for range 10 {
				k := []string{"up", "down", "left", "right", "pgup", "pgdown", "backspace",
					"delete", "enter", "x", "ctrl+w", "ctrl+k", "alt+right", "space"}[rng.IntN(14)]
				m = press(t, m, k)
				checkView(t, m, width, height, label("after "+k))
			}
			// Resizing keeps the contract too.
			nw, nh := 1+rng.IntN(80), 1+rng.IntN(8)
			m.SetSize(nw, nh)
			checkView(t, m, nw, nh, label("resized"))
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestHostileTextIsInert(t *testing.T) {
	hostile := []string{
		"clear\x1b[2Jscreen",
		"osc52 \x1b]52;c;aGk=\x07 done",
		"link \x1b]8;;https://example.com\x1b\\click\x1b]8;;\x1b\\",
		"c1 \u009b31m red",
		"bidi \u202eevil\u202c",
		"nul \x00 here",
		"bad \xff utf8",
		"bell \a del \x7f cr \r",
	}
	for _, s := range hostile {
		m := newEditor(20, 4)
		m.SetValue(s)
		v := m.View()
		if strings.IndexByte(v, 0x1b) >= 0 {
			t.Errorf("View(%q) contains ESC: %q", s, v)
		}
		checkInert(t, v, s)
		// Typing and pasting the same text is just as inert.
		m = newEditor(20, 4)
		m, _ = m.Update(tea.PasteMsg{Content: s})
		checkInert(t, m.View(), "pasted "+s)
	}
	m := newEditor(40, 2)
	m.SetValue("\x1b[2J\x00\xff\u202e")
	if got := viewLines(m)[0]; got != "␛[2J␀\uFFFD\uFFFD" {
		t.Fatalf("stand-ins = %q, want %q", got, "␛[2J␀\uFFFD\uFFFD")
	}
	if m.Value() != "\x1b[2J\x00\xff\u202e" {
		t.Fatalf("stored value changed")
	}
}

func TestOneMegabytePaste(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString(randomText(rng, 50))
		b.WriteString("\r\n")
	}
	paste := b.String()
	m := newEditor(60, 20)
	m, _ = m.Update(tea.PasteMsg{Content: paste})
	want := strings.ReplaceAll(strings.ReplaceAll(paste, "\r\n", "\n"), "\r", "\n")
	if m.Len() != len(want) || m.Cursor() != len(want) {
		t.Fatalf("Len, Cursor = %d, %d; want %d", m.Len(), m.Cursor(), len(want))
	}
	if m.Value() != want {
		t.Fatalf("Value differs from normalised paste")
	}
	checkView(t, m, 60, 20, "1MB paste")
	m = press(t, m, "ctrl+home")
	checkView(t, m, 60, 20, "1MB ctrl+home")
	m = press(t, m, "pgdown", "pgdown", "x")
	checkView(t, m, 60, 20, "1MB pgdown")
}

func TestCursorStaysVisibleAfterManyDowns(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	m := newEditor(20, 5)
	m.SetValue(paragraphs(rng, 20_000))
	m = press(t, m, "ctrl+home")
	prev := -1
	for i := range 400 {
		m = press(t, m, "down")
		_, y, ok := m.CursorPosition()
		if !ok || y >= 5 {
			t.Fatalf("after %d downs the cursor is not visible (y=%d ok=%v)", i+1, y, ok)
		}
		if c := m.Cursor(); c <= prev && c != m.Len() {
			t.Fatalf("down %d did not move forward: %d -> %d", i+1, prev, c)
		}
		prev = m.Cursor()
	}
	for i := range 400 {
		m = press(t, m, "up")
		if _, _, ok := m.CursorPosition(); !ok {
			t.Fatalf("after %d ups the cursor is not visible", i+1)
		}
	}
}

func TestSizesAndPlaceholder(t *testing.T) {
	m := New()
	for _, sz := range [][2]int{{0, 0}, {-3, 5}, {5, -1}, {0, 3}, {1, 1}} {
		m.SetSize(sz[0], sz[1])
		m.SetValue("some text\nmore 日本")
		m.Focus()
		m = press(t, m, "up", "x", "enter", "backspace", "pgdown")
		v := m.View()
		if sz[1] < 1 && v != "" {
			t.Errorf("size %v: View = %q, want empty", sz, v)
		}
		if sz[1] >= 1 {
			if n := strings.Count(v, "\n") + 1; n != sz[1] {
				t.Errorf("size %v: View has %d lines", sz, n)
			}
			if sz[0] < 1 && strings.TrimSpace(v) != "" {
				t.Errorf("size %v: View = %q, want blank", sz, v)
			}
		}
		m.CursorPosition()
	}

	var zero Model // not from New: must still not panic
	zero.SetSize(10, 2)
	_ = zero.View()
	zero.Focus()
	zero = press(t, zero, "a")
	if zero.Value() != "a" {
		t.Fatalf("zero Model after typing: %q", zero.Value())
	}

	m = newEditor(10, 3)
	m.SetPlaceholder("Write \x1b[1mhere, freely")
	lines := viewLines(m)
	if lines[0] != "Write " || lines[1] != "␛[1mhere, " || lines[2] != "freely" {
		t.Fatalf("placeholder View = %q", lines)
	}
	if x, y, ok := m.CursorPosition(); !ok || x != 0 || y != 0 {
		t.Fatalf("placeholder cursor = %d,%d,%v", x, y, ok)
	}
	m = press(t, m, "a")
	if viewLines(m)[0] != "a" {
		t.Fatalf("placeholder still shown after typing: %q", viewLines(m))
	}
}

func TestScrollFollowsEdits(t *testing.T) {
	m := newEditor(10, 3)
	m.SetValue("1\n2\n3\n4\n5\n6")
	if got := m.View(); got != "4\n5\n6" {
		t.Fatalf("View at end = %q", got)
	}
	m = press(t, m, "ctrl+home")
	if got := m.View(); got != "1\n2\n3" {
		t.Fatalf("View at start = %q", got)
	}
	m = press(t, m, "down", "down", "down")
	if got := m.View(); got != "2\n3\n4" {
		t.Fatalf("View after scrolling one row = %q", got)
	}
	// Deleting at the end pulls the window back so it stays full.
	m = press(t, m, "ctrl+end", "backspace", "backspace", "backspace", "backspace")
	if got := m.View(); got != "2\n3\n4" {
		t.Fatalf("View after deleting = %q", got)
	}
	_, y, _ := m.CursorPosition()
	if y != 2 {
		t.Fatalf("cursor y = %d, want 2", y)
	}
}

// TestCountsAsAPersonCounts: characters are what a person sees (é typed
// as one or two code points is one, an emoji family is one), words are
// runs of non-space, and the counts follow every kind of edit.
func TestCountsAsAPersonCounts(t *testing.T) {
	m := New()
	m.Focus()
	for _, r := range "ééééé" {
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if w, c := m.Counts(); w != 1 || c != 5 {
		t.Fatalf("ééééé: %d words, %d characters; want 1, 5", w, c)
	}
	m.SetValue("e\u0301 👨‍👩‍👧 two\nthree  four\n")
	if w, c := m.Counts(); w != 5 || c != 18 {
		t.Fatalf("mixed: %d words, %d characters; want 5, 18", w, c)
	}
	m, _ = m.Update(tea.PasteMsg{Content: "five six\nseven"})
	if w, c := m.Counts(); w != 8 || c != 31 {
		t.Fatalf("after paste: %d words, %d characters; want 8, 31", w, c)
	}
	// Deleting across lines joins them: "four" and "five" become one word.
	m.SetCursor(len("e\u0301 👨‍👩‍👧 two\nthree  four\n"))
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	if w, c := m.Counts(); w != 7 || c != 31 {
		t.Fatalf("after joining lines: %d words, %d characters; want 7, 31", w, c)
	}
	m.SetValue("")
	if w, c := m.Counts(); w != 0 || c != 0 {
		t.Fatalf("empty: %d, %d", w, c)
	}
}

func typeInto(m Model, s string) Model {
	for _, r := range s {
		if r == '\n' {
			m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
			continue
		}
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func ctrl(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }

// TestUndoRedo: ctrl+z takes back a word at a time (typing, deleting,
// pasting, a new line), ctrl+y makes it again, the counts and the version
// follow, and a new edit after undo drops the redo.
func TestUndoRedo(t *testing.T) {
	m := New()
	m.Focus()
	m = typeInto(m, "I was wrong")
	m, _ = m.Update(ctrl('z'))
	if m.Value() != "I was " {
		t.Fatalf("undo once: %q", m.Value())
	}
	m, _ = m.Update(ctrl('z'))
	m, _ = m.Update(ctrl('z'))
	if m.Value() != "" {
		t.Fatalf("undo three times: %q", m.Value())
	}
	m, _ = m.Update(ctrl('y'))
	m, _ = m.Update(ctrl('y'))
	m, _ = m.Update(ctrl('y'))
	if m.Value() != "I was wrong" || m.Cursor() != len("I was wrong") {
		t.Fatalf("redo: %q cursor %d", m.Value(), m.Cursor())
	}
	if w, c := m.Counts(); w != 3 || c != 11 {
		t.Fatalf("counts after redo: %d %d", w, c)
	}
	// Deleting letter by letter is one step.
	for range 5 {
		m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	m, _ = m.Update(tea.PasteMsg{Content: "sorry.\nTruly"})
	if m.Value() != "I was sorry.\nTruly" {
		t.Fatalf("after delete and paste: %q", m.Value())
	}
	v := m.Version()
	m, _ = m.Update(ctrl('z'))
	if m.Value() != "I was " || m.Version() == v {
		t.Fatalf("undo paste: %q (version %d→%d)", m.Value(), v, m.Version())
	}
	m, _ = m.Update(ctrl('z'))
	if m.Value() != "I was wrong" {
		t.Fatalf("undo the deletion: %q", m.Value())
	}
	// A move ends a step; a new edit forgets what could be redone.
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyHome})
	m = typeInto(m, "Yes, ")
	m, _ = m.Update(ctrl('y'))
	if m.Value() != "Yes, I was wrong" {
		t.Fatalf("redo after a new edit changed the text: %q", m.Value())
	}
	m, _ = m.Update(ctrl('z'))
	if m.Value() != "I was wrong" {
		t.Fatalf("undo the words typed at the start: %q", m.Value())
	}
	// Nothing to undo past the text that was loaded.
	m.SetValue("loaded draft")
	m, _ = m.Update(ctrl('z'))
	if m.Value() != "loaded draft" {
		t.Fatalf("undo went past the loaded text: %q", m.Value())
	}
}
