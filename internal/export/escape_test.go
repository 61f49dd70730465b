package export

import (
	"bufio"
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/fuzzseed"
	"github.com/trustwork/trustwork/internal/sanitize"
)

// typed is what a reader should see of a body once the export is
// rendered: the rule in escape.go's comment, restated independently.
// Lines are sanitized, trailing spaces and tabs dropped, leading ones made
// no-break spaces (four per tab), inner tabs four spaces; lines of only
// white space separate paragraphs, a run of them as one.
func typed(body string) string {
	var paras []string
	var cur []string
	for _, line := range strings.Split(sanitize.Text(body), "\n") {
		line = strings.TrimRight(line, " \t")
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				paras = append(paras, strings.Join(cur, "\n"))
				cur = nil
			}
			continue
		}
		lead := len(line) - len(strings.TrimLeft(line, " \t"))
		indent := strings.NewReplacer(" ", nbsp, "\t", nbsp+nbsp+nbsp+nbsp).Replace(line[:lead])
		cur = append(cur, indent+strings.ReplaceAll(line[lead:], "\t", "    "))
	}
	if len(cur) > 0 {
		paras = append(paras, strings.Join(cur, "\n"))
	}
	return strings.Join(paras, "\n\n")
}

var (
	paraTags = regexp.MustCompile(`</p>\n<p>`)
	anyTag   = regexp.MustCompile(`<[^>]*>`)
)

// rendered renders the markdown of one body with goldmark (and the GFM
// extensions) and returns its text: paragraphs separated by a blank line,
// hard breaks as newlines. Any other element (emphasis, a link, code, a
// heading, a list, raw HTML…) fails the test: the body must have been
// read as plain paragraphs.
func rendered(t *testing.T, md []byte) string {
	t.Helper()
	var h bytes.Buffer
	if err := gm.Convert(md, &h); err != nil {
		t.Fatal(err)
	}
	s := strings.TrimSuffix(h.String(), "\n")
	if !strings.HasPrefix(s, "<p>") || !strings.HasSuffix(s, "</p>") {
		t.Fatalf("not one run of paragraphs:\nmarkdown %q\nhtml     %q", md, h.String())
	}
	s = s[len("<p>") : len(s)-len("</p>")]
	s = paraTags.ReplaceAllString(s, "\x00")
	s = strings.ReplaceAll(s, "<br>\n", "\x01")
	if tag := anyTag.FindString(s); tag != "" {
		t.Fatalf("markdown formed %s:\nmarkdown %q\nhtml     %q", tag, md, h.String())
	}
	s = strings.NewReplacer("\x00", "\n\n", "\x01", "\n").Replace(s)
	return html.UnescapeString(s)
}

// bodyMarkdown is the markdown writeBody makes of body.
func bodyMarkdown(body string) []byte {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	writeBody(w, body, nil)
	w.Flush()
	return b.Bytes()
}

// checkRoundTrip: rendered, the body reads exactly as typed (modulo the
// documented rule).
func checkRoundTrip(t *testing.T, body string) {
	t.Helper()
	if blank(body) {
		return
	}
	md := bodyMarkdown(body)
	if got, want := rendered(t, md), typed(body); got != want {
		t.Fatalf("round trip changed the text:\nbody     %q\nmarkdown %q\nrendered %q\nwant     %q", body, md, got, want)
	}
}

// TestRoundTrip renders each hostile and ordinary body and compares.
func TestRoundTrip(t *testing.T) {
	bodies := append([]string{
		"I said *sorry* and meant it.\nA line\nand another",
		"5 * 3 = 15, snake_case_name, ~ 10 km, a*b, 2*3*4",
		"***\n___\n- - -\n* * *\n+ + +\n= = =",
		"**bold** __under__ ~~gone~~ ~x~ _a_ *a* _*x*_",
		"path\\to\\file C:\\ and \\* and \\\\ and ends with \\",
		"ends with backslash\\\nnext line\\",
		"| a | b |\n|---|---|\n| 1 | 2 |",
		"a\n:--\nb\n--|--\nc\n|",
		"x\n---\ny\n===\nz\n--\nw\n=",
		"#hashtag and # in the middle\n#\n####### seven\n###### six",
		"1. one\n2) two\n3.5 hours\n1234567890. ten digits\n10.\n7)",
		"- dash\n-5 degrees\n+1 for that\n+\n*star\n* star",
		"> quote\n>no space\n<3 you\n<b>bold</b> <!-- c --> <?php ?> <a@b.c>",
		"[link](http://x) [ref] ![img](y)\n[ref]: http://x\n[^1]: note",
		"``` code\n~~~\n`tick` ``double``",
		"&amp; &#27; &copy; & alone &",
		"  two spaces\n\tone tab\n    four spaces\n\t\ttwo tabs",
		"emoji 👩\u200d❤\ufe0f\u200d👨 *👍*\n\u00a0nbsp start",
		"trailing spaces   \nand tabs\t\t\nend",
		"a\n\n\n\nb\n \t \nc",
		"_ leading underscore_ and *closing* with punct *.*",
		"\"*quoted*\" (*paren*) [*brackets*] __init__ x__y__z",
		"foo*bar*baz foo_bar_baz foo~bar~baz",
		"* \n- \n+\t",
		"~~~~\n```\n````",
		"\\`not code\\`",
		"a  \nb",
		// Emphasis pairs across the lines of a paragraph, not across
		// paragraphs.
		"it *started\nhere* and _went\non_ and ~~on\nand~~",
		"*one\n\ntwo*",
		"*a* b* c *d",
		// A run escaped at the start of a line is escaped whole, so
		// that what is left of it cannot pair.
		"*0\n**", "_x\n___", "~x\n~~~", "*a\n* b*",
		// A line-final backslash before a line starting with a backtick.
		"\\\n`", "a\\\\\n`b`", "\\\n `", "\\\n\t`x`",
	}, hostile...)
	for _, b := range bodies {
		checkRoundTrip(t, b)
	}
}

// TestRawReadsClean: ordinary writing gets no backslash at all, and line
// breaks are not marked by visible characters.
func TestRawReadsClean(t *testing.T) {
	for _, body := range []string{
		"I told Sam I was at work when I was not.\nI did it three times in March.",
		"5 * 3 hours, snake_case, ~ 10 km, 3.5 hours, #1 priority, -5 degrees, +1, C:\\Users\\me, I <3 you, a | b, {ok}, x = y",
		"Things I noticed:\nwe laughed (a little) — it was 10:30pm & late!\n:) ;-) :-D",
		"it was 50% my fault; e-mail me @ home",
		// Runs that could open or close emphasis but have nothing to
		// pair with stay as typed.
		"I'm *sure it was fine\n^_^ and later~ maybe",
		"2*3 is 6",
	} {
		md := bodyMarkdown(body)
		if bytes.Contains(md, []byte(`\`)) && !strings.Contains(body, `\`) {
			t.Errorf("backslash in the raw export of %q:\n%s", body, md)
		}
		if want := strings.ReplaceAll(body, "\n", hardBreak) + "\n"; string(md) != want {
			t.Errorf("raw export of %q = %q, want %q", body, md, want)
		}
		checkRoundTrip(t, body)
	}
}

// FuzzRoundTrip: any body renders back to exactly what was typed, modulo
// the documented rule, and only as paragraphs.
func FuzzRoundTrip(f *testing.F) {
	fuzzseed.Add(f, "FuzzMarkdown")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		checkRoundTrip(t, a)
		checkRoundTrip(t, b+"\n"+c)
	})
}

// bodyMarkdownEveryPass is bodyMarkdown without the shortcut of classOf.
func bodyMarkdownEveryPass(body string) []byte {
	everyPass = true
	defer func() { everyPass = false }()
	return bodyMarkdown(body)
}

// checkShortcut fails when skipping the passes classOf says are not
// needed changes a byte of what writeBody writes.
func checkShortcut(t *testing.T, body string) {
	t.Helper()
	if got, want := bodyMarkdown(body), bodyMarkdownEveryPass(body); !bytes.Equal(got, want) {
		t.Fatalf("shortcut changed the markdown of %q:\nwith    %q\nwithout %q", body, got, want)
	}
}

// TestShortcutSameBytes: plain prose, and prose with one character of
// each kind the escaping looks at, in each position that matters.
func TestShortcutSameBytes(t *testing.T) {
	prose := "We talked for an hour tonight and I listened more than I spoke."
	bodies := []string{"", prose, prose + "\n\n" + prose, "  " + prose + "\n\t" + prose}
	for _, c := range []string{"*", "_", "~", "`", "\\", "<a", "](", "&amp;", "#", "# ", "- ", "12. ", "---", "\x1b[2J", "é", "\u200b", "\r"} {
		bodies = append(bodies, c+prose, prose+c, prose+"\n"+c+prose+"\n"+prose, prose+" "+c+"\n\n"+prose+c+"\n"+prose)
	}
	for _, b := range bodies {
		checkShortcut(t, b)
	}
}

// TestByteClassPlain: a byte is classed as plain only if sanitize.Text
// leaves it as it is, which is what lets writeBody skip sanitize.Text.
func TestByteClassPlain(t *testing.T) {
	for c := 0; c < 256; c++ {
		s := string([]byte{byte(c)})
		if byteClass[c]&clsUnplain == 0 && sanitize.Text(s) != s {
			t.Errorf("byte %#x is classed plain but sanitize.Text changes it to %q", c, sanitize.Text(s))
		}
		if byteClass[c]&clsSpecial == 0 && special[c] || byteClass[c]&clsDelim == 0 && delimIndex(byte(c)) >= 0 {
			t.Errorf("byte %q is not classed as escapeInto or pairs.scan sees it", rune(c))
		}
	}
}

// FuzzShortcut: for any body, the shortcut writes the same bytes as
// every pass run in full.
func FuzzShortcut(f *testing.F) {
	fuzzseed.Add(f, "FuzzMarkdown")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		checkShortcut(t, a)
		checkShortcut(t, b+"\n"+c)
	})
}

// BenchmarkClassOf: the one pass every body pays, on plain prose.
func BenchmarkClassOf(b *testing.B) {
	s := strings.Repeat("We talked for an hour tonight and I listened more than I spoke.\n", 1000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if classOf(s) != 0 {
			b.Fatal("plain prose classed as needing work")
		}
	}
}
