package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trustwork/trustwork/internal/fuzzseed"
)

func TestText(t *testing.T) {
	cases := []struct{ name, in, want string }{
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
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Text(c.in)
			if got != c.want {
				t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
			}
			if again := Text(got); again != got {
				t.Errorf("Text not idempotent: %q then %q", got, again)
			}
		})
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

// FuzzText: Text is idempotent, its output is valid UTF-8 and holds no
// unsafe rune but newline and tab.
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
