package tui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// homeScreen lists the steps with their status, the overall progress, and
// the tools. The step to continue is preselected so Enter moves forward.
type homeScreen struct {
	m      *Model
	cursor int // index into steps, then tools
	w, h   int
}

const (
	toolJournal = iota
	toolToolkit
	toolExport
	numTools
)

// keyToolkit opens the toolkit from home; each tool also has its own key
// there (see tools.go), so every tool is at most two keys from home.
var keyToolkit = key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "toolkit"))

// endingLine is what home says once every step is done, in place of a
// "continue here" that would point nowhere.
const endingLine = "Every step is done. That took courage. From here, keep up the practices that helped, and come back on a hard day: every step is still here, and your journal keeps all you wrote."

func newHomeScreen(m *Model) *homeScreen { return &homeScreen{m: m} }

func (s *homeScreen) SetSize(w, h int) { s.w, s.h = w, h }
func (s *homeScreen) typing() bool     { return false }

func (s *homeScreen) Title() string {
	name := sanitize.Display(s.m.wb.PartnerName)
	if name == "" {
		return "trustwork"
	}
	return "trustwork · " + workbook.Purpose(s.m.track()) + name
}

func (s *homeScreen) Help() helpKeys {
	k := s.m.keys
	return helpKeys{
		short: []key.Binding{k.Open, k.Up, k.Down, keyToolkit, keyWorkbooks, keySettings, k.Privacy, k.Quit, k.Help},
		full:  [][]key.Binding{{k.Open, k.Up, k.Down}, append([]key.Binding{keyToolkit}, s.toolKeys()...), {keyWorkbooks, keySettings}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

// continueStep is the step to continue, as an index into the listed order:
// the first step not done, so a step skipped on the way is never passed
// over, or -1 once every step is done (home then shows an ending instead).
// While space is being given, a step whose every exercise contacts the
// other person waits: the next one is offered, unless nothing else is left.
func (s *homeScreen) continueStep() int {
	waiting := -1
	for i, st := range s.m.steps() {
		if s.m.progress[st.ID] == store.Done {
			continue
		}
		if s.m.hold.line != "" && st.OnlyContact() {
			if waiting < 0 {
				waiting = i
			}
			continue
		}
		return i
	}
	return waiting
}

// allDone reports whether every step is marked done.
func (s *homeScreen) allDone() bool { return s.continueStep() < 0 }

// preselect puts the cursor on the step to continue; when every step is
// done, on the journal, where the work now lives.
func (s *homeScreen) preselect() {
	s.cursor = s.continueStep()
	if s.cursor < 0 {
		s.cursor = len(s.m.steps()) + toolJournal
	}
}

// back puts the cursor on the step the person leaves, so browsing the
// steps keeps its place; once that step is done, on the step to continue.
func (s *homeScreen) back(stepID string) {
	if i := stepIndex(s.m.steps(), stepID); i >= 0 && s.m.progress[stepID] != store.Done {
		s.cursor = i
		return
	}
	s.preselect()
}

func (s *homeScreen) selectedStep() (workbook.Step, bool) {
	if steps := s.m.steps(); s.cursor < len(steps) {
		return steps[s.cursor], true
	}
	return workbook.Step{}, false
}

func (s *homeScreen) Update(msg tea.Msg) tea.Cmd {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	n := len(s.m.steps()) + numTools
	k := s.m.keys
	switch {
	case key.Matches(kp, k.Up):
		s.cursor = (s.cursor + n - 1) % n
	case key.Matches(kp, k.Down):
		s.cursor = (s.cursor + 1) % n
	case key.Matches(kp, keyWorkbooks):
		return s.m.openWorkbooks()
	case key.Matches(kp, keySettings):
		return s.m.openSettings(s.m.wb, scrHome)
	case key.Matches(kp, keyToolkit):
		return s.m.push(newToolkitScreen(toolCtx{s.m}))
	case key.Matches(kp, k.Open):
		s.m.setNotice("", true)
		if st, ok := s.selectedStep(); ok {
			return s.m.openStep(st)
		}
		switch s.cursor - len(s.m.steps()) {
		case toolJournal:
			return s.m.openJournal()
		case toolToolkit:
			return s.m.push(newToolkitScreen(toolCtx{s.m}))
		case toolExport:
			s.m.setInfo("Exporting your journal…")
			return exportCmd(s.m.st, s.m.book, s.m.wb, s.m.now())
		}
	default:
		if t, ok := matchTool(kp); ok {
			return s.m.openTool(t)
		}
	}
	return nil
}

// toolKeys are the tools' own keys, for the full help.
func (s *homeScreen) toolKeys() []key.Binding {
	var out []key.Binding
	hurt := s.m.wb.Hurt()
	for _, t := range toolkit {
		if t.key != "" {
			out = append(out, key.NewBinding(key.WithKeys(t.key), key.WithHelp(t.key, lowerFirst(t.name(hurt)))))
		}
		if t.global != nil {
			out = append(out, *t.global)
		}
	}
	return out
}

// steps is the steps of this person's track, in the order they are worked
// through.
func (m *Model) steps() []workbook.Step {
	return m.book.Track(m.track())
}

// track is the track of the open workbook, chosen by its side.
func (m *Model) track() string { return workbook.TrackFor(m.wb.Hurt()) }

// stepIndex is the index of the step with id in steps, or -1.
func stepIndex(steps []workbook.Step, id string) int {
	for i, st := range steps {
		if st.ID == id {
			return i
		}
	}
	return -1
}

// stepNumber is the step's 1-based place in the person's order, so the
// home list and the step title agree.
func (m *Model) stepNumber(id string) int { return stepIndex(m.steps(), id) + 1 }

func statusWord(st store.Status) string {
	switch st {
	case store.Done:
		return "done"
	case store.InProgress:
		return "in progress"
	}
	return "not started"
}

func (s *homeScreen) View() string {
	st := s.m.styles
	steps := s.m.steps()
	done := 0
	for _, x := range steps {
		if s.m.progress[x.ID] == store.Done {
			done++
		}
	}
	label := fmt.Sprintf(" %d of %d steps done", done, len(steps))
	bar := st.progressBar(max(min(s.w-len(label), 40), 1), done, len(steps)) + st.Subtle.Render(label)

	cont := s.continueStep()
	var lines []string
	numW := len(fmt.Sprint(len(steps)))
	for i, x := range steps {
		status := s.m.progress[x.ID]
		answered := 0
		for _, p := range x.Prompts {
			if s.m.answered[workbook.PromptRef{StepID: x.ID, PromptID: p.ID}] {
				answered++
			}
		}
		mark := "  "
		if status == store.Done {
			mark = "✓ "
		}
		left := fmt.Sprintf("%s%*d. %s", mark, numW, i+1, x.Title)
		lines = append(lines, s.item(i, left, s.statusVariants(status, answered, len(x.Prompts), i == cont)...))
	}
	tools := []string{"Journal — read and search what you wrote", "Toolkit — apology, promises, agreements, space…", "Export — save your journal as a markdown file"}
	toolLines := []string{"", st.Heading.Render("Tools")}
	for i, t := range tools {
		toolLines = append(toolLines, s.item(len(steps)+i, t))
	}
	notes := s.m.toolNotes
	if len(notes) > maxToolNotes {
		notes = notes[:maxToolNotes]
	}
	for _, n := range notes {
		toolLines = append(toolLines, "  "+st.Subtle.Render(ansi.Truncate(n, max(s.w-4, 8), "…")))
	}
	head := []string{bar, "", st.Heading.Render("Steps")}
	if cont < 0 {
		head = []string{bar, "", st.Greeting.Render(ansi.Wordwrap(endingLine, max(s.w-2, 10), "")), "", st.Heading.Render("Steps")}
	}
	// Scroll the step list when the window is short, keeping the cursor in
	// view. The ending wraps, so head is counted in screen lines.
	room := s.h - lipgloss.Height(strings.Join(head, "\n")) - len(toolLines)
	if room < len(lines) && room > 0 {
		c := min(s.cursor, len(lines)-1)
		start := max(0, min(c-room/2, len(lines)-room))
		lines = lines[start : start+room]
	}
	return strings.Join(append(append(head, lines...), toolLines...), "\n")
}

// statusVariants is a step's right-hand status, longest first. A narrow
// window takes the first that leaves the title whole: "in progress" goes
// first (the count says as much), then the word "answered"; "continue here"
// stays to the end, since it is what the person looks for.
func (s *homeScreen) statusVariants(status store.Status, answered, prompts int, cont bool) []string {
	word := statusWord(status)
	tail := ""
	if cont {
		tail = " · continue here"
	}
	if answered == 0 {
		return []string{word + tail, strings.TrimPrefix(tail, " · ")}
	}
	count := fmt.Sprintf("%d/%d", answered, prompts)
	v := []string{word + " · " + count + " answered" + tail}
	if status != store.Done {
		v = append(v, count+" answered"+tail)
	}
	v = append(v, count+tail)
	if cont {
		v = append(v, "continue here")
	}
	return v
}

// item draws one selectable line: "›" and bold when selected, the status
// on the right, muted. rights are the status from longest to shortest; the
// first that leaves left whole is used, else the shortest.
func (s *homeScreen) item(i int, left string, rights ...string) string {
	st := s.m.styles
	prefix := "  "
	if i == s.cursor {
		prefix = "› "
	}
	right := ""
	for _, r := range rights {
		right = r
		if ansi.StringWidth(left)+ansi.StringWidth(r)+2 <= s.w-2 {
			break
		}
	}
	avail := s.w - 2
	if right != "" {
		avail -= ansi.StringWidth(right) + 2
	}
	left = ansi.Truncate(left, max(avail, 8), "…")
	pad := ""
	if right != "" {
		pad = strings.Repeat(" ", max(s.w-2-ansi.StringWidth(left)-ansi.StringWidth(right), 2))
	}
	if i == s.cursor {
		return st.Selected.Render(prefix+left) + pad + st.Subtle.Render(right)
	}
	return prefix + left + pad + st.Subtle.Render(right)
}

// lowerFirst lower-cases a name's first letter only, for the help bar:
// "What I need to see" reads "what I need to see", never "what i need".
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
