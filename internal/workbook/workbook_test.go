package workbook_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"github.com/trustwork/trustwork/internal/workbook"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		front    string
		body     string
		bodyLine int
		wantErr  string // substring of the error; empty means success
	}{
		{name: "plain", in: "---\nid: a\n---\nbody\n", front: "id: a\n", body: "body\n", bodyLine: 4},
		{name: "bom", in: "\uFEFF---\nid: a\n---\nbody\n", front: "id: a\n", body: "body\n", bodyLine: 4},
		{name: "crlf", in: "---\r\nid: a\r\nx: b\r\n---\r\nbody\r\nmore", front: "id: a\nx: b\n", body: "body\nmore", bodyLine: 5},
		{name: "bom and crlf", in: "\uFEFF---\r\nid: a\r\n---\r\nbody", front: "id: a\n", body: "body", bodyLine: 4},
		{name: "mixed endings", in: "---\nid: a\r\n---\r\nbody\n", front: "id: a\n", body: "body\n", bodyLine: 4},
		{name: "empty front", in: "---\n---\nbody", front: "", body: "body", bodyLine: 3},
		{name: "closing with trailing blanks", in: "---\nid: a\n--- \t\nbody", front: "id: a\n", body: "body", bodyLine: 4},
		{name: "closing at end of file", in: "---\nid: a\n---", front: "id: a\n", body: "", bodyLine: 4},
		{name: "empty body", in: "---\nid: a\n---\n", front: "id: a\n", body: "", bodyLine: 4},
		{name: "rule in body stays in body", in: "---\na: 1\n---\nx\n---\ny", front: "a: 1\n", body: "x\n---\ny", bodyLine: 4},
		{name: "blank lines before body", in: "---\na: 1\n\n---\n\n\nbody", front: "a: 1\n\n", body: "\n\nbody", bodyLine: 5},
		{name: "lone CR is not a line break", in: "---\ra: 1\n---\n", wantErr: "line 1"},

		{name: "empty file", in: "", wantErr: "line 1: file must start"},
		{name: "no front matter", in: "# Title\n\nbody\n", wantErr: "line 1: file must start"},
		{name: "blank line before opening", in: "\n---\nid: a\n---\n", wantErr: "line 1: file must start"},
		{name: "four dashes", in: "----\nid: a\n----\n", wantErr: "line 1: file must start"},
		{name: "opening without newline", in: "---", wantErr: "line 1: file must start"},
		{name: "only opening", in: "---\n", wantErr: "line 1: front matter is not closed"},
		{name: "unclosed", in: "---\nid: a\ntitle: b\n\nbody\n", wantErr: "line 1: front matter is not closed"},
		{name: "unclosed crlf", in: "---\r\nid: a\r\n", wantErr: "not closed"},
		{name: "indented closing", in: "---\nid: a\n ---\nbody", wantErr: "not closed"},
		{name: "invalid utf-8", in: "---\nid: \xff\n---\nbody", wantErr: "not valid UTF-8"},
		{name: "truncated rune", in: "---\nid: a\n---\nbody \xe2\x82", wantErr: "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front, body, line, err := workbook.SplitFrontMatter([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("got front %q body %q, want error containing %q", front, body, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %q does not contain %q", err, tt.wantErr)
				}
				if front != nil || body != nil || line != 0 {
					t.Errorf("on error got front %q body %q line %d, want zero values", front, body, line)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if string(front) != tt.front {
				t.Errorf("front = %q, want %q", front, tt.front)
			}
			if string(body) != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
			if line != tt.bodyLine {
				t.Errorf("bodyLine = %d, want %d", line, tt.bodyLine)
			}
		})
	}
}

// lesson builds a lesson file from front matter lines and a body, so each
// test case states only what differs from a valid lesson.
func lesson(front []string, body string) []byte {
	return []byte("---\n" + strings.Join(front, "\n") + "\n---\n" + body)
}

var validFront = []string{
	"id: reflect",
	"title: Reflect on why it happened",
	"summary: Understand your part first.",
	"track: repair",
	"prompts:",
	"  - id: what-happened",
	"    text: What happened?",
	"    hint: Plain facts.",
	"  - id: why",
	"    text: Why?",
	"    hint: Look underneath.",
	"  - id: patterns",
	`    text: "Patterns: when before?"`,
	"    hint: Triggers.",
	"  - id: next",
	"    text: What now?",
	"    hint: One action.",
}

// with returns validFront with line i (0-based, counted from the line after
// the opening ---) replaced; a negative i appends the lines instead, and an
// empty replacement removes the line.
func with(i int, repl ...string) []string {
	out := append([]string(nil), validFront[:max(i, 0)]...)
	if i < 0 {
		return append(append([]string(nil), validFront...), repl...)
	}
	out = append(out, repl...)
	return append(out, validFront[i+1:]...)
}

func TestParseValid(t *testing.T) {
	st, err := workbook.Parse("01-reflect.md", lesson(validFront, "\n\n## Heading\n\nBody text.\n\n"))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if st.ID != "reflect" || st.Title != "Reflect on why it happened" || st.Summary != "Understand your part first." {
		t.Errorf("got step %+v", st)
	}
	if st.File != "01-reflect.md" {
		t.Errorf("File = %q", st.File)
	}
	if st.Body != "## Heading\n\nBody text." {
		t.Errorf("Body = %q, want trimmed markdown", st.Body)
	}
	if len(st.Prompts) != 4 {
		t.Fatalf("got %d prompts, want 4", len(st.Prompts))
	}
	p, ok := st.Prompt("patterns")
	if !ok || p.Text != "Patterns: when before?" || p.Hint != "Triggers." {
		t.Errorf("Prompt(patterns) = %+v, %v", p, ok)
	}
	if _, ok := st.Prompt("missing"); ok {
		t.Error("Prompt(missing) found a prompt")
	}
	if err := st.Validate(); err != nil {
		t.Errorf("Validate on a parsed step: %v", err)
	}
}

func TestParseLineEndingsAgree(t *testing.T) {
	lf := lesson(validFront, "Body\nmore\n")
	want, err := workbook.Parse("lf.md", lf)
	if err != nil {
		t.Fatal(err)
	}
	crlf := append([]byte("\uFEFF"), []byte(strings.ReplaceAll(string(lf), "\n", "\r\n"))...)
	got, err := workbook.Parse("lf.md", crlf)
	if err != nil {
		t.Fatalf("BOM+CRLF file: %v", err)
	}
	if got.ID != want.ID || got.Title != want.Title || got.Body != want.Body || len(got.Prompts) != len(want.Prompts) {
		t.Errorf("BOM+CRLF parse = %+v, want %+v", got, want)
	}
	for i := range want.Prompts {
		if got.Prompts[i] != want.Prompts[i] {
			t.Errorf("prompt %d = %+v, want %+v", i, got.Prompts[i], want.Prompts[i])
		}
	}
}

func TestParseErrors(t *testing.T) {
	fiveOf := func(id string) []string {
		return []string{"  - id: " + id, "    text: Again?", "    hint: Again."}
	}
	tests := []struct {
		name string
		data []byte
		want []string // every substring must appear in the error
	}{
		{"unknown field", lesson(with(2, "summry: typo"), "Body"),
			[]string{"field summry not found", "line 4"}},
		{"unknown prompt field", lesson(with(7, "    hnt: Plain facts."), "Body"),
			[]string{"field hnt not found", "line 9"}},
		{"yaml syntax", lesson(with(1, "title: [unclosed"), "Body"),
			[]string{"front matter", "line "}},
		{"wrong type", lesson(append(validFront[:4:4], "prompts: yes"), "Body"),
			[]string{"front matter", "line 6"}},
		{"empty front matter", []byte("---\n---\nBody"),
			[]string{"line 2: front matter is empty"}},
		{"missing title", lesson(with(1), "Body"),
			[]string{"title is empty", "body starts at line 19"}},
		{"blank title", lesson(with(1, `title: "  "`), "Body"),
			[]string{"title is empty"}},
		{"missing summary", lesson(with(2), "Body"),
			[]string{"summary is empty"}},
		{"missing id", lesson(with(0), "Body"),
			[]string{`step id ""`}},
		{"upper-case id", lesson(with(0, "id: Reflect"), "Body"),
			[]string{`step id "Reflect"`, "lower-case"}},
		{"id with space", lesson(with(0, "id: re flect"), "Body"),
			[]string{`step id "re flect"`}},
		{"id too long", lesson(with(0, "id: "+strings.Repeat("a", 65)), "Body"),
			[]string{"step id", "lower-case"}},
		{"empty body", lesson(validFront, " \n\n\t\n"),
			[]string{"lesson body is empty"}},
		{"missing prompt text", lesson(with(6), "Body"),
			[]string{`prompt "what-happened": text is empty`}},
		{"missing hint", lesson(with(7), "Body"),
			[]string{`prompt "what-happened": hint is empty`}},
		{"missing prompt id", lesson(with(5, "  -"), "Body"),
			[]string{`prompt 1: id ""`}},
		{"bad prompt id", lesson(with(5, "  - id: What_Happened"), "Body"),
			[]string{`prompt 1: id "What_Happened"`}},
		{"duplicate prompt ids", lesson(with(-1, fiveOf("why")...), "Body"),
			[]string{`prompt 5: id "why" is used twice`}},
		{"three prompts", lesson(validFront[:14], "Body"),
			[]string{"has 3 prompts, needs at least 4"}},
		{"no prompts", lesson(validFront[:4], "Body"),
			[]string{"has 0 prompts"}},
		{"every problem reported", lesson(append(with(1), "  - id: why", "    text: Dup?"), ""),
			[]string{"title is empty", "lesson body is empty", `"why" is used twice`, `prompt "why": hint is empty`}},
		{"unclosed", []byte("---\nid: a\ntitle: b\n"),
			[]string{"line 1", "not closed"}},
		{"no front matter", []byte("# Just markdown\n"),
			[]string{"line 1", "must start"}},
		{"invalid utf-8", lesson(with(1, "title: caf\xe9"), "Body"),
			[]string{"not valid UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := workbook.Parse("05-broken.md", tt.data)
			if err == nil {
				t.Fatalf("Parse succeeded with %+v, want an error", st)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "content 05-broken.md: ") {
				t.Errorf("error %q does not start with the file name", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}
}

// TestParseYAMLErrorUnwraps checks that moving yaml's line numbers to file
// lines keeps the original error reachable for callers that inspect it.
func TestParseYAMLErrorUnwraps(t *testing.T) {
	_, err := workbook.Parse("x.md", lesson(with(2, "summry: typo"), "Body"))
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		t.Fatalf("error %v does not unwrap to *yaml.TypeError", err)
	}
	if len(te.Errors) != 1 || !strings.Contains(te.Errors[0], "line 3") {
		t.Errorf("yaml's own error changed: %q", te.Errors)
	}
}

// TestBrokenFixtures parses the broken lesson files kept under testdata, the
// way a person would meet them: the error must say which file and which line
// to open.
func TestBrokenFixtures(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "content")
	tests := []struct {
		file string
		want []string
	}{
		{"unknown-field.md", []string{"field summery not found", "line 4"}},
		{"bad-yaml.md", []string{"front matter", "line 4", "mapping values"}},
		{"unclosed.md", []string{"line 1", "not closed"}},
		{"three-prompts.md", []string{"has 3 prompts", `prompt "three": hint is empty`, "body starts at line 15"}},
		{"crlf-duplicate.md", []string{`prompt 2: id "one" is used twice`, "body starts at line 13"}},
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(tests) {
		t.Errorf("testdata/content holds %d fixtures, the table covers %d", len(names), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = workbook.Parse(tt.file, data)
			if err == nil {
				t.Fatal("Parse succeeded on a broken fixture")
			}
			msg := err.Error()
			for _, w := range append([]string{"content " + tt.file + ": "}, tt.want...) {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}

	// Load stops at the first broken file in name order and names it.
	_, err = workbook.Load(os.DirFS(dir))
	if err == nil || !strings.HasPrefix(err.Error(), "content bad-yaml.md: ") {
		t.Errorf("Load(testdata/content) error = %v, want it to name bad-yaml.md", err)
	}
}

// stepFile is a valid repair-track lesson with the given id and a body
// naming it.
func stepFile(id string) *fstest.MapFile { return trackFile(id, "repair", false) }

// trackFile is a valid lesson of the given track; an orientation carries
// the ending it must have.
func trackFile(id, track string, orientation bool) *fstest.MapFile {
	front := with(3, "track: "+track)
	front[0] = "id: " + id
	if orientation {
		front = append(front[:4:4], append([]string{"orientation: true", "ending: Done with " + id + "."}, front[4:]...)...)
	}
	return &fstest.MapFile{Data: lesson(front, "Lesson "+id+".")}
}

// twoTracks is the smallest valid book: an orientation and a step per track.
func twoTracks() fstest.MapFS {
	return fstest.MapFS{
		"00-begin.md":       trackFile("begin", "repair", true),
		"01-reflect.md":     trackFile("reflect", "repair", false),
		"hurt-00-begin.md":  trackFile("hurt-begin", "hurt", true),
		"hurt-01-steady.md": trackFile("steady", "hurt", false),
	}
}

func TestLoadOrderByFileName(t *testing.T) {
	fsys := fstest.MapFS{
		"00-begin.md":     trackFile("begin", "repair", true),
		"10-last.md":      stepFile("alpha"),
		"02-second.md":    stepFile("zulu"),
		"01-first.md":     stepFile("mike"),
		"hurt-0.md":       trackFile("hurt-begin", "hurt", true),
		"README.txt":      {Data: []byte("not a lesson")},
		"notes.md.bak":    {Data: []byte("not a lesson")},
		"drafts/99-x.md":  {Data: []byte("lessons live at the root only")},
		"02-second.md.sw": {Data: []byte("editor swap file")},
	}
	wb, err := workbook.Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var got []string
	for _, st := range wb.Steps {
		got = append(got, st.File+"="+st.ID)
	}
	want := "00-begin.md=begin 01-first.md=mike 02-second.md=zulu 10-last.md=alpha hurt-0.md=hurt-begin"
	if strings.Join(got, " ") != want {
		t.Errorf("steps = %v, want %s", got, want)
	}
	for i, id := range []string{"begin", "mike", "zulu", "alpha", "hurt-begin"} {
		if wb.Index(id) != i {
			t.Errorf("Index(%q) = %d, want %d", id, wb.Index(id), i)
		}
		st, ok := wb.Step(id)
		if !ok || st.Body != "Lesson "+id+"." {
			t.Errorf("Step(%q) = %q, %v", id, st.Body, ok)
		}
	}
	if wb.Index("nope") != -1 {
		t.Errorf("Index(nope) = %d, want -1", wb.Index("nope"))
	}
	if _, ok := wb.Step("nope"); ok {
		t.Error("Step(nope) found a step")
	}
}

func ids(steps []workbook.Step) string {
	var s []string
	for _, st := range steps {
		s = append(s, st.ID)
	}
	return strings.Join(s, ",")
}

func TestTracks(t *testing.T) {
	fsys := twoTracks()
	// Files of the two tracks interleave by name; each track keeps its own
	// file order.
	fsys["02-admit.md"] = stepFile("admit")
	fsys["hurt-02-know.md"] = trackFile("know", "hurt", false)
	wb, err := workbook.Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := ids(wb.Track(workbook.TrackRepair)); got != "begin,reflect,admit" {
		t.Errorf("Track(repair) = %s", got)
	}
	if got := ids(wb.Track(workbook.TrackHurt)); got != "hurt-begin,steady,know" {
		t.Errorf("Track(hurt) = %s", got)
	}
	if got := wb.Track("other"); got != nil {
		t.Errorf("Track(other) = %v, want nil", ids(got))
	}
	if workbook.TrackFor(true) != workbook.TrackHurt || workbook.TrackFor(false) != workbook.TrackRepair {
		t.Error("TrackFor maps the sides to the wrong tracks")
	}
	for track, want := range map[string]string{"repair": "Done with begin.", "hurt": "Done with hurt-begin."} {
		if got := wb.Ending(track); got != want {
			t.Errorf("Ending(%s) = %q, want %q", track, got, want)
		}
		o, ok := wb.Orientation(track)
		if !ok || !o.Orientation || o.Track != track {
			t.Errorf("Orientation(%s) = %s %v", track, o.ID, ok)
		}
	}
	if wb.Ending("other") != "" {
		t.Error("Ending of an unknown track is not empty")
	}
	if _, ok := wb.Orientation("other"); ok {
		t.Error("Orientation of an unknown track was found")
	}
}

func TestParseTrackErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"unknown track", lesson(with(3, "track: partner"), "Body"),
			[]string{"content 07-x.md: line 5: unknown track \"partner\"; use repair or hurt"}},
		{"missing track", lesson(with(3), "Body"),
			[]string{"content 07-x.md: line 2: track is missing; add 'track: repair' or 'track: hurt'"}},
		{"upper-case track", lesson(with(3, "track: Hurt"), "Body"),
			[]string{"line 5", `unknown track "Hurt"`}},
		{"track and other problems together", lesson(with(3, "track: nope"), ""),
			[]string{"line 5: unknown track", "lesson body is empty"}},
		{"orientation without ending", lesson(with(3, "track: hurt", "orientation: true"), "Body"),
			[]string{"an orientation needs an ending"}},
		{"ending without orientation", lesson(with(3, "track: hurt", "ending: All done."), "Body"),
			[]string{"only an orientation may have an ending"}},
		{"orientation not a bool", lesson(with(3, "track: hurt", "orientation: first"), "Body"),
			[]string{"front matter", "line 6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := workbook.Parse("07-x.md", tt.data)
			if err == nil {
				t.Fatalf("Parse succeeded with %+v, want an error", st)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	// Validate, for steps built in code, refuses the same.
	if err := (workbook.Step{ID: "x", Track: "both"}).Validate(); err == nil || !strings.Contains(err.Error(), `unknown track "both"`) {
		t.Errorf("Validate of an unknown track = %v", err)
	}
}

func TestLoadTrackErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   []string
	}{
		{"hurt track empty", func(m fstest.MapFS) {
			delete(m, "hurt-00-begin.md")
			delete(m, "hurt-01-steady.md")
		}, []string{`track "hurt" has no lessons`}},
		{"repair track empty", func(m fstest.MapFS) {
			delete(m, "00-begin.md")
			delete(m, "01-reflect.md")
		}, []string{`track "repair" has no lessons`}},
		{"no orientation", func(m fstest.MapFS) {
			delete(m, "hurt-00-begin.md")
		}, []string{"content hurt-01-steady.md", `first lesson of track "hurt" must be its orientation`}},
		{"orientation not first", func(m fstest.MapFS) {
			m["0-early.md"] = stepFile("early")
		}, []string{"content 0-early.md", `first lesson of track "repair" must be its orientation`}},
		{"two orientations", func(m fstest.MapFS) {
			m["hurt-09-again.md"] = trackFile("again", "hurt", true)
		}, []string{"content hurt-09-again.md", `track "hurt" already has its orientation in hurt-00-begin.md`}},
		{"bad track names its file and line", func(m fstest.MapFS) {
			m["hurt-05-x.md"] = &fstest.MapFile{Data: lesson(with(3, "track: hurting"), "Body")}
		}, []string{"content hurt-05-x.md: line 5: unknown track"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := twoTracks()
			tt.change(fsys)
			wb, err := workbook.Load(fsys)
			if err == nil {
				t.Fatalf("Load succeeded with %d steps, want an error", len(wb.Steps))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	if _, err := workbook.Load(twoTracks()); err != nil {
		t.Fatalf("the valid two-track book does not load: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{
		{"duplicate step ids", fstest.MapFS{
			"01-a.md": stepFile("same"),
			"02-b.md": stepFile("other"),
			"03-c.md": stepFile("same"),
		}, []string{"content 03-c.md", `step id "same"`, "already used by 01-a.md"}},
		{"no lessons", fstest.MapFS{"README.txt": {Data: []byte("x")}},
			[]string{"no lesson files"}},
		{"empty fs", fstest.MapFS{}, []string{"no lesson files"}},
		{"broken file named", fstest.MapFS{
			"01-a.md": stepFile("a"),
			"02-b.md": {Data: []byte("---\nid: b\n")},
		}, []string{"content 02-b.md", "line 1", "not closed"}},
		{"unreadable file named", fstest.MapFS{
			"01-a.md": {Mode: fs.ModeDir},
		}, []string{"content 01-a.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := workbook.Load(tt.fsys)
			if err == nil {
				t.Fatalf("Load succeeded with %d steps, want an error", len(wb.Steps))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadReadErrorWraps(t *testing.T) {
	_, err := workbook.Load(fstest.MapFS{"01-a.md": {Mode: fs.ModeDir}})
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		t.Errorf("error %v does not wrap the *fs.PathError from reading", err)
	}
}

func TestPromptRefString(t *testing.T) {
	r := workbook.PromptRef{StepID: "apologise", PromptID: "regret"}
	if got := r.String(); got != "apologise/regret" {
		t.Errorf("String() = %q", got)
	}
}

// A prompt whose exercise contacts the other person says so in its front
// matter; a step is "only contact" when every prompt does.
func TestContactFlag(t *testing.T) {
	st, err := workbook.Parse("01-reflect.md", lesson(with(10, "    hint: Look underneath.", "    contact: true"), "Body\n"))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	for _, p := range st.Prompts {
		if want := p.ID == "why"; p.Contact != want {
			t.Errorf("prompt %s: Contact = %v, want %v", p.ID, p.Contact, want)
		}
	}
	if st.OnlyContact() {
		t.Error("a step with one contact prompt is not only contact")
	}
	for i := range st.Prompts {
		st.Prompts[i].Contact = true
	}
	if !st.OnlyContact() {
		t.Error("every prompt contacts the other person: the step is only contact")
	}
	if (workbook.Step{}).OnlyContact() {
		t.Error("a step without prompts is not only contact")
	}
	if _, err := workbook.Parse("01-reflect.md", lesson(with(10, "    hint: Look underneath.", "    contact: maybe"), "Body\n")); err == nil {
		t.Error("contact: maybe parsed; it must be true or false")
	}
}
