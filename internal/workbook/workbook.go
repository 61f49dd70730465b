// Package workbook holds trustwork's domain: the tracks of lessons (one for
// the person who broke trust, one for the person who was hurt), their
// prompts, and the parsing and validation of the lesson files that define
// them. It does no I/O beyond reading an fs.FS, so content can come from the
// embedded files in production and from fixtures in tests.
package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// MinPrompts is the fewest prompts a step may have: a lesson with fewer
// questions leaves the person reading rather than writing.
const MinPrompts = 4

// Prompt is one question of a step that the person answers in the journal.
type Prompt struct {
	ID   string `yaml:"id"`
	Text string `yaml:"text"`
	Hint string `yaml:"hint"`
	// Contact marks a prompt whose exercise means contacting the other
	// person (saying something to them, agreeing something together).
	// While space is being given, the workbook steers away from these:
	// contact in that time is easily misread. Writing about them stays
	// possible; the app only suggests it can wait.
	Contact bool `yaml:"contact"`
}

// OnlyContact reports whether every prompt of the step contacts the
// other person, so there is nothing in it to do while space is given.
func (s Step) OnlyContact() bool {
	if len(s.Prompts) == 0 {
		return false
	}
	for _, p := range s.Prompts {
		if !p.Contact {
			return false
		}
	}
	return true
}

// Step is one lesson of the workbook: its front matter and markdown body.
type Step struct {
	ID      string `yaml:"id"`
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
	// Track names the track the lesson belongs to (see Tracks). Who a
	// lesson is for is decided here, in the content, never by its id.
	Track string `yaml:"track"`
	// Orientation marks the lesson read first in its track; each track has
	// exactly one, and it comes first in file order.
	Orientation bool `yaml:"orientation"`
	// Ending is what the workbook says once every step of the track is
	// done. Only an orientation carries it, and it must.
	Ending  string   `yaml:"ending"`
	Prompts []Prompt `yaml:"prompts"`
	// Body is the lesson text in markdown, without the front matter.
	Body string `yaml:"-"`
	// File is the name of the file the step came from, for error messages.
	File string `yaml:"-"`
}

// Prompt returns the prompt with the given id and whether it exists.
func (s Step) Prompt(id string) (Prompt, bool) {
	for _, p := range s.Prompts {
		if p.ID == id {
			return p, true
		}
	}
	return Prompt{}, false
}

// The tracks of the workbook. A person follows one, chosen by the side they
// take at setup: the one who broke trust follows the repair track, the one
// who was hurt follows the hurt track.
const (
	TrackRepair = "repair"
	TrackHurt   = "hurt"
)

// Tracks lists every track in the order they are offered.
var Tracks = []string{TrackRepair, TrackHurt}

// Workbook is every lesson of every track, in file order. Steps of
// different tracks are mixed in Steps; use Track for the ones a person
// works through. Step ids are unique across tracks, so an entry's step id
// finds its lesson whichever track the person now follows.
type Workbook struct {
	Steps []Step
}

// Track returns the steps of the named track in the order they are worked
// through, orientation first, or nil for an unknown track.
func (w *Workbook) Track(name string) []Step {
	var out []Step
	for _, s := range w.Steps {
		if s.Track == name {
			out = append(out, s)
		}
	}
	return out
}

// Orientation returns the orientation of the named track and whether the
// track has one. Load guarantees it for every track it returns.
func (w *Workbook) Orientation(track string) (Step, bool) {
	steps := w.Track(track)
	if len(steps) == 0 || !steps[0].Orientation {
		return Step{}, false
	}
	return steps[0], true
}

// Ending returns what the workbook says when every step of the track is
// done, or "" for an unknown track.
func (w *Workbook) Ending(track string) string {
	o, _ := w.Orientation(track)
	return strings.TrimSpace(o.Ending)
}

// Step returns the step with the given id and whether it exists.
func (w *Workbook) Step(id string) (Step, bool) {
	i := w.Index(id)
	if i < 0 {
		return Step{}, false
	}
	return w.Steps[i], true
}

// Index returns the position of the step with the given id, or -1.
func (w *Workbook) Index(id string) int {
	return slices.IndexFunc(w.Steps, func(s Step) bool { return s.ID == id })
}

// TrackFor returns the track for a person's side: hurt for the person
// whose trust was broken, repair otherwise.
func TrackFor(hurt bool) string {
	if hurt {
		return TrackHurt
	}
	return TrackRepair
}

// Load reads every *.md file at the root of fsys, in file-name order, parses
// and validates each, and checks that step ids are unique across files.
func Load(fsys fs.FS) (*Workbook, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var wb Workbook
	seen := map[string]string{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("content %s: %w", name, err)
		}
		st, err := Parse(name, data)
		if err != nil {
			return nil, err
		}
		if other, dup := seen[st.ID]; dup {
			return nil, fmt.Errorf("content %s: step id %q is already used by %s", name, st.ID, other)
		}
		seen[st.ID] = name
		wb.Steps = append(wb.Steps, st)
	}
	if len(wb.Steps) == 0 {
		return nil, errors.New("content: no lesson files found")
	}
	if err := wb.checkTracks(); err != nil {
		return nil, err
	}
	return &wb, nil
}

// checkTracks makes sure every track has lessons, and that each opens with
// its one orientation: the safety check and the ending live there.
func (w *Workbook) checkTracks() error {
	for _, name := range Tracks {
		steps := w.Track(name)
		if len(steps) == 0 {
			return fmt.Errorf("content: track %q has no lessons; add files with 'track: %s'", name, name)
		}
		if !steps[0].Orientation {
			return fmt.Errorf("content %s: the first lesson of track %q must be its orientation; add 'orientation: true' or rename the files so the orientation sorts first", steps[0].File, name)
		}
		for _, s := range steps[1:] {
			if s.Orientation {
				return fmt.Errorf("content %s: track %q already has its orientation in %s; a track has exactly one", s.File, name, steps[0].File)
			}
		}
	}
	return nil
}

// Parse splits a lesson file into front matter and body, decodes the front
// matter strictly (unknown fields are errors, so a typo cannot silently drop
// a prompt) and validates the result. Errors name the file and, where known,
// the line.
func Parse(name string, data []byte) (Step, error) {
	front, body, bodyLine, err := SplitFrontMatter(data)
	if err != nil {
		return Step{}, fmt.Errorf("content %s: %w", name, err)
	}
	var st Step
	dec := yaml.NewDecoder(bytes.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(&st); err != nil {
		if errors.Is(err, io.EOF) {
			return Step{}, fmt.Errorf("content %s: line 2: front matter is empty; add id, title, summary and prompts", name)
		}
		// yaml counts lines from the start of the front matter, which is
		// line 2 of the file; shift them so the message points at the file.
		return Step{}, fmt.Errorf("content %s: front matter: %w", name, shiftLines(err, 1))
	}
	st.Body = strings.TrimSpace(string(body))
	st.File = name
	// A bad track is reported with its line, alongside any other problem,
	// so one run shows everything to fix in the file.
	var errs []error
	if err := st.trackError(); err != nil {
		errs = append(errs, fmt.Errorf("line %d: %w", keyLine(front, "track"), err))
	}
	errs = append(errs, st.validate())
	if err := errors.Join(errs...); err != nil {
		return Step{}, fmt.Errorf("content %s: %w (body starts at line %d)", name, err, bodyLine)
	}
	return st, nil
}

// trackError says what is wrong with the step's track, if anything.
func (s Step) trackError() error {
	if s.Track == "" {
		return fmt.Errorf("track is missing; add 'track: %s'", strings.Join(Tracks, "' or 'track: "))
	}
	if !slices.Contains(Tracks, s.Track) {
		return fmt.Errorf("unknown track %q; use %s", s.Track, strings.Join(Tracks, " or "))
	}
	return nil
}

// Validate checks the rules every step must follow.
func (s Step) Validate() error {
	return errors.Join(s.trackError(), s.validate())
}

// validate checks every rule but the track, which Parse reports with its
// line.
func (s Step) validate() error {
	var errs []error
	if !validID(s.ID) {
		errs = append(errs, fmt.Errorf("step id %q must be lower-case letters, digits and dashes", s.ID))
	}
	if strings.TrimSpace(s.Title) == "" {
		errs = append(errs, errors.New("title is empty"))
	}
	if strings.TrimSpace(s.Summary) == "" {
		errs = append(errs, errors.New("summary is empty"))
	}
	if strings.TrimSpace(s.Body) == "" {
		errs = append(errs, errors.New("lesson body is empty"))
	}
	if s.Orientation && strings.TrimSpace(s.Ending) == "" {
		errs = append(errs, errors.New("an orientation needs an ending: what the workbook says when the track is done"))
	}
	if !s.Orientation && s.Ending != "" {
		errs = append(errs, errors.New("only an orientation may have an ending; add 'orientation: true' or move the ending"))
	}
	if len(s.Prompts) < MinPrompts {
		errs = append(errs, fmt.Errorf("has %d prompts, needs at least %d", len(s.Prompts), MinPrompts))
	}
	ids := map[string]bool{}
	for i, p := range s.Prompts {
		if !validID(p.ID) {
			errs = append(errs, fmt.Errorf("prompt %d: id %q must be lower-case letters, digits and dashes", i+1, p.ID))
		}
		if ids[p.ID] {
			errs = append(errs, fmt.Errorf("prompt %d: id %q is used twice", i+1, p.ID))
		}
		ids[p.ID] = true
		if strings.TrimSpace(p.Text) == "" {
			errs = append(errs, fmt.Errorf("prompt %q: text is empty", p.ID))
		}
		if strings.TrimSpace(p.Hint) == "" {
			errs = append(errs, fmt.Errorf("prompt %q: hint is empty", p.ID))
		}
	}
	return errors.Join(errs...)
}

func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// keyLine returns the file line of a top-level key in the front matter, or
// the first front matter line (2) when the key is absent.
func keyLine(front []byte, key string) int {
	for i, l := range strings.Split(string(front), "\n") {
		if strings.HasPrefix(l, key+":") {
			return i + 2
		}
	}
	return 2
}

// SplitFrontMatter separates a "---" delimited front matter block from the
// body. It strips a UTF-8 byte order mark and normalises CRLF line endings,
// because lesson files are edited on every kind of machine. bodyLine is the
// 1-based line on which the body starts in the original file.
func SplitFrontMatter(data []byte) (front, body []byte, bodyLine int, err error) {
	if !utf8.Valid(data) {
		return nil, nil, 0, errors.New("file is not valid UTF-8")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, nil, 0, errors.New("line 1: file must start with a '---' front matter line")
	}
	rest := data[len("---\n"):]
	line := 2
	for len(rest) > 0 || line == 2 {
		i := bytes.IndexByte(rest, '\n')
		var cur []byte
		if i < 0 {
			cur = rest
		} else {
			cur = rest[:i]
		}
		if string(bytes.TrimRight(cur, " \t")) == "---" {
			front = data[len("---\n") : len(data)-len(rest)]
			if i < 0 {
				return front, nil, line + 1, nil
			}
			return front, rest[i+1:], line + 1, nil
		}
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		line++
	}
	return nil, nil, 0, fmt.Errorf("line 1: front matter is not closed by a '---' line")
}

// yamlLine matches the "line N" positions in yaml's error messages.
var yamlLine = regexp.MustCompile(`\bline (\d+)\b`)

// lineShiftError is a yaml error whose line numbers count from the top of
// the file rather than from the top of the front matter. It unwraps to the
// original error so callers can still inspect it.
type lineShiftError struct {
	msg string
	err error
}

func (e *lineShiftError) Error() string { return e.msg }
func (e *lineShiftError) Unwrap() error { return e.err }

// shiftLines adds offset to every "line N" in err's message.
func shiftLines(err error, offset int) error {
	msg := yamlLine.ReplaceAllStringFunc(err.Error(), func(m string) string {
		n, convErr := strconv.Atoi(strings.TrimPrefix(m, "line "))
		if convErr != nil {
			return m
		}
		return "line " + strconv.Itoa(n+offset)
	})
	return &lineShiftError{msg: msg, err: err}
}

// PromptRef names one prompt of one step.
type PromptRef struct {
	StepID   string
	PromptID string
}

// String returns "step/prompt", the form used in logs and the resume record.
func (r PromptRef) String() string { return path.Join(r.StepID, r.PromptID) }

// PromptRefs lists every prompt of every step, in order.
func (w *Workbook) PromptRefs() []PromptRef {
	var out []PromptRef
	for _, st := range w.Steps {
		for _, p := range st.Prompts {
			out = append(out, PromptRef{StepID: st.ID, PromptID: p.ID})
		}
	}
	return out
}
