package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/store"
)

// tool is one entry of the toolkit: how home and the toolkit screen show
// it, its key, and how to open it.
type tool struct {
	// id names the tool in resume points and draft step ids; never shown.
	id string
	// key opens the tool from home and from the toolkit screen.
	key string
	// name and about are shown in the toolkit; hurt is the side of the
	// workbook (the hurt track's tools have their own names).
	name  func(hurt bool) string
	about func(hurt bool) string
	// open makes the tool's screen.
	open func(c toolCtx) pushed
	// notes, when set, gives home's lines for this tool (a promise
	// overdue, a review due, the latest small win), read in a Cmd.
	notes func(c context.Context, st *store.Store, wb store.Workbook, now time.Time) ([]string, error)
	// global, when set, opens the tool from any screen (the time-out).
	global *key.Binding
	// hold, when set, says whether the workbook should steer away from
	// exercises that contact the other person (space is being given): the
	// gentle line a contact prompt then shows, or "" when nothing holds.
	// The step screen's o key opens this tool.
	hold func(c context.Context, st *store.Store, wb store.Workbook, now time.Time) (string, error)
}

// contactHold is a tool's hold on contact exercises, as home and the step
// screen read it: the line to show, and the tool that holds.
type contactHold struct{ line, tool string }

// toolkit lists the tools in the order home and the toolkit show them.
// A new tool adds its screen file and one line here.
var toolkit = []tool{
	apologyTool,
	promisesTool,
	agreementsTool,
	winsTool,
	spaceTool,
	timeoutTool,
	checkinTool,
	signsTool,
	trendsTool,
	weeklyTool,
}

// toolByID finds a tool.
func toolByID(id string) (tool, bool) {
	for _, t := range toolkit {
		if t.id == id {
			return t, true
		}
	}
	return tool{}, false
}

// toolTitle is a tool's name for a draft step id ("tool.promises"), for
// titles and recovery notices.
func (m *Model) toolTitle(stepID string) (string, bool) {
	if !store.IsToolStep(stepID) {
		return "", false
	}
	if t, ok := toolByID(strings.TrimPrefix(stepID, toolStepPrefix)); ok {
		return t.name(m.wb.Hurt()), true
	}
	return "", false
}

// openTool pushes a tool's screen.
func (m *Model) openTool(t tool) tea.Cmd {
	return m.push(t.open(toolCtx{m}))
}

// matchTool finds the tool whose key is msg, for home and the toolkit.
func matchTool(msg tea.KeyPressMsg) (tool, bool) {
	for _, t := range toolkit {
		if t.key != "" && msg.String() == t.key {
			return t, true
		}
	}
	return tool{}, false
}

// notesAfter is when, after start, the tools' lines for home are read:
// after the first frame, since reading every tool's table cost about a
// third of the time to it (10 ms of 38 on L, measured with benchreport
// -process), and the lines only add to a screen already there.
const notesAfter = 60 * time.Millisecond

// toolNotesNowMsg starts reading home's lines (see notesAfter).
type toolNotesNowMsg struct{}

// toolNotesMsg carries home's lines from every tool.
type toolNotesMsg struct {
	wb    int64
	lines []string
	hold  contactHold
	err   error
}

// maxToolNotes is how many lines home gives the tools' notes, so home
// still fits a 60×20 window.
const maxToolNotes = 3

// homeNotesFirst are the tools whose home lines ask for something now (a
// break running, a promise overdue, a review due, space being given), in
// that order; home has room for few lines, so they come before the lines
// that only show how things go (the trend, the latest wins).
var homeNotesFirst = []string{"timeout", "promises", "agreements", "space"}

// notesOrder is the toolkit in the order home shows the tools' lines.
func notesOrder() []tool {
	out := make([]tool, 0, len(toolkit))
	for _, id := range homeNotesFirst {
		if t, ok := toolByID(id); ok {
			out = append(out, t)
		}
	}
	for _, t := range toolkit {
		if !slices.Contains(homeNotesFirst, t.id) {
			out = append(out, t)
		}
	}
	return out
}

// loadToolNotes reads home's lines from every tool.
func (m *Model) loadToolNotes() tea.Cmd {
	if !m.hasWB || len(toolkit) == 0 {
		return nil
	}
	st, wb, now := m.st, m.wb, m.now()
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		var lines []string
		var hold contactHold
		for _, t := range notesOrder() {
			if t.hold != nil && hold.line == "" {
				line, err := t.hold(c, st, wb, now)
				if err != nil {
					return toolNotesMsg{wb: wb.ID, err: err}
				}
				hold = contactHold{line: line, tool: t.id}
			}
			if t.notes == nil {
				continue
			}
			ls, err := t.notes(c, st, wb, now)
			if err != nil {
				return toolNotesMsg{wb: wb.ID, err: err}
			}
			lines = append(lines, ls...)
		}
		return toolNotesMsg{wb: wb.ID, lines: lines, hold: hold}
	}
}

// toolkitScreen lists every tool with its key and a line about it.
type toolkitScreen struct {
	c      toolCtx
	cursor int
	w, h   int
}

func newToolkitScreen(c toolCtx) *toolkitScreen { return &toolkitScreen{c: c} }

func (s *toolkitScreen) Name() string     { return "toolkit" }
func (s *toolkitScreen) Init() tea.Cmd    { return nil }
func (s *toolkitScreen) Title() string    { return "Toolkit" }
func (s *toolkitScreen) typing() bool     { return false }
func (s *toolkitScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *toolkitScreen) Help() helpKeys {
	k := s.c.keys()
	pick := key.NewBinding(key.WithKeys("a"), key.WithHelp("letter", "open that tool"))
	return helpKeys{
		short: []key.Binding{k.Open, k.Up, k.Down, pick, k.Back, k.Privacy, k.Quit, k.Help},
		full:  [][]key.Binding{{k.Open, k.Up, k.Down, pick}, {k.Back, k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

func (s *toolkitScreen) Update(msg tea.Msg) tea.Cmd {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok || len(toolkit) == 0 {
		return nil
	}
	k := s.c.keys()
	switch {
	case key.Matches(kp, k.Back):
		return s.c.back()
	case key.Matches(kp, k.Up):
		s.cursor = (s.cursor + len(toolkit) - 1) % len(toolkit)
	case key.Matches(kp, k.Down):
		s.cursor = (s.cursor + 1) % len(toolkit)
	case key.Matches(kp, k.Open):
		return s.c.m.openTool(toolkit[s.cursor])
	default:
		if t, ok := matchTool(kp); ok {
			return s.c.m.openTool(t)
		}
	}
	return nil
}

func (s *toolkitScreen) View() string {
	st := s.c.styles()
	hurt := s.c.hurt()
	lines := strings.Split(st.Subtle.Render(ansi.Wordwrap("What repair is made of between sessions. Each tool keeps what you write here, in this workbook only.", max(s.w-2, 10), "")), "\n")
	lines = append(lines, "")
	// Two lines a tool (its name, then what it is for) when they fit;
	// else one, the line about it after a dash, so a small window still
	// shows every tool, scrolling only when even that does not fit.
	room := s.h - len(lines)
	two := 2*len(toolkit) <= room
	var items []string
	for i, t := range toolkit {
		prefix, name := "  ", fmt.Sprintf("%s  %s", t.key, t.name(hurt))
		if i == s.cursor {
			prefix, name = "› ", st.Selected.Render(name)
		}
		if two {
			items = append(items, prefix+name, "     "+st.Subtle.Render(ansi.Truncate(t.about(hurt), max(s.w-7, 8), "…")))
			continue
		}
		rest := max(s.w-2-ansi.StringWidth(prefix+name)-3, 0)
		about := ""
		if rest > 8 {
			about = st.Subtle.Render(" — " + ansi.Truncate(t.about(hurt), rest, "…"))
		}
		items = append(items, prefix+name+about)
	}
	if !two && len(items) > room && room > 0 {
		start := max(0, min(s.cursor-room/2, len(items)-room))
		items = items[start : start+room]
	}
	return strings.Join(append(lines, items...), "\n")
}
