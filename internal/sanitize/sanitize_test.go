package sanitize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/trustwork/trustwork/internal/fuzzseed"
)

func TestText(t *testing.T) {
	cases := []textCase{
		{"plain", "I am sorry.\nI will do better.\tTruly.", "I am sorry.\nI will do better.\tTruly."},
		{"unicode kept", "Ça va — 日本 🙂 \u00a0nbsp", "Ça va — 日本 🙂 \u00a0nbsp"},
		{"csi clear", "\x1b[2J\x1b[Hcleared", "cleared"},
		{"sgr colour", "\x1b[31mred\x1b[0m text", "red text"},
		{"osc 52 bel", "\x1b]52;c;aGk=\x07clip", "clip"},
		{"osc 52 st", "\x1b]52;c;aGk=\x1b\\clip", "clip"},
		{"osc 8 link", "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"osc title", "\x1b]0;pwned\x07Sam", "Sam"},
		{"c1 controls dropped", "a\u0085b\u009bc\u009d\u009cd", "abcd"},
		{"bidi overrides dropped", "\u202eevil\u202c \u2066x\u2069 \u202ay\u202b", "evil x y"},
		{"nul and del", "a\x00b\x7fc", "abc"},
		{"c0 dropped", "a\x01\x02\x07\x08\x0b\x0c\x1fb", "ab"},
		{"crlf", "a\r\nb", "a\nb"},
		{"lone cr", "a\rb", "a\nb"},
		{"invalid utf8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"lone esc", "end\x1b", "end"},
		{"unterminated osc ends at the line", "a\x1b]52;c;oops\nthe rest\n\nof the entry", "a\nthe rest\n\nof the entry"},
		{"unterminated dcs ends at the line", "\x1bPq\r\nkept", "\nkept"},
		{"old mac line end also ends it", "\x1b]0;x\rkept", "\nkept"},
		{"empty", "", ""},
		{"markdown untouched", "# h\n```\n<b>", "# h\n```\n<b>"},
	}
	checkTextCases(t, cases)
}

type textCase struct{ name, in, want string }

// checkTextCases runs Text on each case: the output is as wanted, Text is
// idempotent, and no invisible character the rule drops is left.
func checkTextCases(t *testing.T, cases []textCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Text(c.in)
			if got != c.want {
				t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
			}
			if again := Text(got); again != got {
				t.Errorf("Text not idempotent: %q then %q", got, again)
			}
			checkInvisible(t, c.in, got)
		})
	}
}

// TestTextInvisible pins the rule for invisible characters in Text's doc
// comment: direction changes and hidden characters go, emoji stay whole.
func TestTextInvisible(t *testing.T) {
	cases := []textCase{
		// Emoji sequences pass byte for byte.
		{"zwj couple", "👩\u200d❤\ufe0f\u200d👨", "👩\u200d❤\ufe0f\u200d👨"},
		{"zwj family", "👨\u200d👩\u200d👧\u200d👦 home", "👨\u200d👩\u200d👧\u200d👦 home"},
		{"rainbow flag", "🏳\ufe0f\u200d🌈", "🏳\ufe0f\u200d🌈"},
		{"skin tone", "👍🏽 ok", "👍🏽 ok"},
		{"skin tone in zwj", "🧑🏾\u200d🤝\u200d🧑🏻", "🧑🏾\u200d🤝\u200d🧑🏻"},
		{"regional flags", "🇳🇿🇯🇵", "🇳🇿🇯🇵"},
		{"keycap", "1\ufe0f\u20e3 #\ufe0f\u20e3", "1\ufe0f\u20e3 #\ufe0f\u20e3"},
		{"text and emoji presentation", "❤\ufe0e ❤\ufe0f", "❤\ufe0e ❤\ufe0f"},
		{"england flag", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f!", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f!"},
		{"zwj after a subdivision flag", "🏴\U000e0067\U000e007f\u200d🌈", "🏴\U000e0067\U000e007f\u200d🌈"},
		// Scripts that need joiners keep them.
		{"persian zwnj", "می\u200cخواهم", "می\u200cخواهم"},
		{"devanagari zwj", "क्\u200dष", "क्\u200dष"},
		{"arabic number sign", "\u0601١٢", "\u0601١٢"},
		// Hidden characters go.
		{"zero width space", "pro\u200bmise", "promise"},
		{"word joiner", "a\u2060b", "ab"},
		{"bom", "\ufeffstart \ufeffmid", "start mid"},
		{"soft hyphen", "co\u00adoperate", "cooperate"},
		{"invisible times", "a\u2062b", "ab"},
		{"mongolian vowel separator", "a\u180eb", "ab"},
		{"interlinear annotation", "\ufff9a\ufffab\ufffb", "ab"},
		{"language tag", "\U000e0001\U000e0065\U000e006ehi", "hi"},
		{"tags without a flag", "a\U000e0067\U000e007fb", "ab"},
		// Direction changes go.
		{"lrm rlm alm", "a\u200eb\u200fc\u061cd", "abcd"},
		{"trojan source", "if x \u202e} \u2066// ok\u2069 \u202c{", "if x } // ok {"},
		{"rtl text unmarked", "שלום \u200fworld", "שלום world"},
		// Joiners that join nothing go.
		{"zwj at edges", "\u200dhi\u200d\n\u200cthere", "hi\nthere"},
		{"zwj beside space", "a \u200d b\u200c c", "a  b c"},
		{"zwj beside hidden", "a\u200d\u200bb", "ab"},
		{"double zwj", "a\u200d\u200db", "a\u200db"},
		{"zwj before a lone tag", "a\u200d\U000e0067", "a"},
		// Unicode line breaks become newlines.
		{"line separator", "one\u2028two", "one\ntwo"},
		{"paragraph separator", "one\u2029two", "one\n\ntwo"},
	}
	checkTextCases(t, cases)
}

// checkInvisible fails if out, Text's output for in, holds a character the
// rule drops: a line or paragraph separator, or a format character (bidi
// marks among them) other than a joiner between visible characters, a tag
// in a flag, or a prepended concatenation mark. It restates the rule
// rather than calling Text's helpers, so a mistake in them shows.
func checkInvisible(t testing.TB, in, out string) {
	t.Helper()
	rs := []rune(out)
	seen := func(r rune) bool {
		return !unicode.IsSpace(r) && r >= 0x20 && (!unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Prepended_Concatenation_Mark, r))
	}
	tag := func(r rune) bool { return r >= 0xe0020 && r <= 0xe007f }
	for i, r := range rs {
		if r == 0x2028 || r == 0x2029 {
			t.Fatalf("Text(%q) = %q: holds %U", in, out, r)
		}
		if !unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Prepended_Concatenation_Mark, r) {
			continue
		}
		ok := false
		switch {
		case r == 0x200d || r == 0x200c:
			ok = i > 0 && i+1 < len(rs) && (seen(rs[i-1]) || tag(rs[i-1])) && seen(rs[i+1])
		case tag(r):
			ok = i > 0 && (rs[i-1] == 0x1f3f4 || tag(rs[i-1]))
		}
		if !ok {
			t.Fatalf("Text(%q) = %q: keeps invisible %U at rune %d", in, out, r, i)
		}
	}
}

func TestDisplay(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "I am sorry.\n\tTruly.", "I am sorry.\n\tTruly."},
		{"unicode kept", "Ça va 日本 🙂", "Ça va 日本 🙂"},
		{"esc visible", "\x1b[2J", "\u241b[2J"},
		{"osc 52", "\x1b]52;c;aGk=\x07", "\u241b]52;c;aGk=\u2407"},
		{"nul", "a\x00b", "a\u2400b"},
		{"del", "a\x7fb", "a\u2421b"},
		{"cr", "a\r\nb", "a\u240d\nb"},
		{"c1", "a\u009bb", "a\uFFFDb"},
		{"bidi", "a\u202eb\u2066c", "a\uFFFDb\uFFFDc"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Display(c.in); got != c.want {
				t.Errorf("Display(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestRuneAndIsUnsafe(t *testing.T) {
	unsafe := []rune{0, 0x1b, '\n', '\t', 0x1f, 0x7f, 0x80, 0x9b, 0x9f, 0x202a, 0x202e, 0x2066, 0x2069}
	for _, r := range unsafe {
		if !IsUnsafe(r) {
			t.Errorf("IsUnsafe(%U) = false", r)
		}
		if s := Rune(r); s == string(r) || !utf8.ValidString(s) || strings.ContainsFunc(s, IsUnsafe) {
			t.Errorf("Rune(%U) = %q, want a safe stand-in", r, s)
		}
	}
	safe := []rune{' ', 'a', '~', 0xa0, 0xe9, 0x2029, 0x202f, 0x2065, 0x206a, 0xfffd, 0x1f642}
	for _, r := range safe {
		if IsUnsafe(r) {
			t.Errorf("IsUnsafe(%U) = true", r)
		}
		if s := Rune(r); s != string(r) {
			t.Errorf("Rune(%U) = %q, want itself", r, s)
		}
	}
	if got := Rune(0x1b); got != "\u241b" {
		t.Errorf("Rune(ESC) = %q, want ␛", got)
	}
}

// FuzzText: Text is idempotent, its output is valid UTF-8, holds no
// unsafe rune but newline and tab, and no invisible character the rule in
// Text's doc comment drops.
func FuzzText(f *testing.F) {
	fuzzseed.Add(f, "FuzzText")
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Text(%q) = %q: invalid UTF-8", s, out)
		}
		for _, r := range out {
			if r != '\n' && r != '\t' && IsUnsafe(r) {
				t.Fatalf("Text(%q) = %q: holds %U", s, out, r)
			}
		}
		if again := Text(out); again != out {
			t.Fatalf("Text not idempotent on %q: %q then %q", s, out, again)
		}
		checkInvisible(t, s, out)
		if len(out) > len(s)*3 {
			t.Fatalf("Text(%q) grew to %d bytes", s, len(out))
		}
	})
}

// FuzzDisplay: Display's output is valid UTF-8, holds no ESC and no C0
// control but newline and tab, and nothing is silently lost: every rune
// of the input is drawn as one rune.
func FuzzDisplay(f *testing.F) {
	fuzzseed.Add(f, "FuzzDisplay")
	f.Fuzz(func(t *testing.T, s string) {
		out := Display(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Display(%q) = %q: invalid UTF-8", s, out)
		}
		for i := 0; i < len(out); i++ {
			if c := out[i]; c == 0x1b || c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				t.Fatalf("Display(%q) = %q: holds byte %#x", s, out, c)
			}
		}
		for _, r := range out {
			if r != '\n' && r != '\t' && IsUnsafe(r) {
				t.Fatalf("Display(%q) = %q: holds %U", s, out, r)
			}
		}
		if utf8.RuneCountInString(out) != utf8.RuneCountInString(s) {
			t.Fatalf("Display(%q) = %q: %d runes drawn for %d", s, out, utf8.RuneCountInString(out), utf8.RuneCountInString(s))
		}
	})
}

func TestPath(t *testing.T) {
	for in, want := range map[string]string{
		"/home/a/journal.db":      "/home/a/journal.db",
		"/home/a/café ☕.md":       "/home/a/café ☕.md",
		"/tmp/a\nb.md":            `"/tmp/a\nb.md"`,
		"/tmp/\x1b[31mred":        `"/tmp/\x1b[31mred"`,
		"/tmp/\u202egnp.md":       `"/tmp/\u202egnp.md"`,
		"/tmp/bad\xffbyte":        `"/tmp/bad\xffbyte"`,
		"/tmp/tab\there":          `"/tmp/tab\there"`,
		"/tmp/zero\u200bwidth.md": `"/tmp/zero\u200bwidth.md"`,
	} {
		if got := Path(in); got != want {
			t.Errorf("Path(%q) = %s, want %s", in, got, want)
		}
	}
}
