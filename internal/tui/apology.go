package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/apology"
	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// apologyTool is the apology builder on the repair side and the impact
// letter on the hurt side: the same screen, the workbook's side choosing
// the sections and the checks (see apology.Sections).
var apologyTool = tool{
	id:  "apology",
	key: "a",
	name: func(hurt bool) string {
		if hurt {
			return "Impact letter"
		}
		return "Apology"
	},
	about: func(hurt bool) string {
		if hurt {
			return "What happened to you, what it meant, what you need."
		}
		return "An apology that holds, a part at a time, with gentle notes."
	},
	open: func(c toolCtx) pushed { return &apologyScreen{c: c, impact: c.hurt()} },
}

var (
	keyWriteSection = key.NewBinding(key.WithKeys("enter", "e"), key.WithHelp("enter", "write"))
	keySetAside     = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "set note aside/back"))
	keyUndoAside    = key.NewBinding(key.WithKeys("u", "ctrl+z"), key.WithHelp("u", "undo"))
	keyKeepVersion  = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "keep this version"))
	keyVersions     = key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "versions"))
	keyFinish       = key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "mark latest finished"))
	keyReadVersion  = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read"))
)

// letterLoadedMsg carries one side's draft, versions and unsaved drafts.
type letterLoadedMsg struct {
	wb       int64
	draft    store.Letter
	versions []store.Letter // oldest first, with text
	inDraft  map[string]bool
	err      error
}

// letterChangedMsg reports a change saved from the screen (a note set
// aside, a version kept, a version marked finished).
type letterChangedMsg struct {
	wb   int64
	done string // the confirmation, or what went wrong
	err  error
}

// asideChange is one note set aside or brought back, for undo.
type asideChange struct {
	id    string
	aside bool // what the change made it
}

// noteRow is one of the checker's notes on the screen.
type noteRow struct {
	f     apology.Flag
	aside bool
}

type apologyMode int

const (
	modeSections apologyMode = iota
	modeVersions
	modeReading
)

// apologyScreen lists the letter's sections with their guidance and
// state, the checker's notes on the draft (each can be set aside, and
// brought back), and the versions kept. Sections are written in the
// editor; everything else is a key here, saved at once.
type apologyScreen struct {
	c      toolCtx
	impact bool
	loaded bool

	draft    store.Letter
	versions []store.Letter
	inDraft  map[string]bool // sections with unsaved words in the editor's draft
	notes    []noteRow       // active first, then set aside
	undo     []asideChange

	mode    apologyMode
	cursor  int // over sections, then notes
	vcursor int // over versions, newest first
	scroll  int // reading a version
	w, h    int
}

func (s *apologyScreen) Name() string     { return apologyTool.id }
func (s *apologyScreen) typing() bool     { return false }
func (s *apologyScreen) SetSize(w, h int) { s.w, s.h = w, h }

func (s *apologyScreen) Title() string {
	name := apologyTool.name(s.impact)
	switch s.mode {
	case modeVersions:
		return name + " · versions"
	case modeReading:
		if v, ok := s.selectedVersion(); ok {
			return fmt.Sprintf("%s · version %d", name, v.Version)
		}
	}
	return name
}

func (s *apologyScreen) sections() []apology.Section { return apology.Sections(s.impact) }

func (s *apologyScreen) Init() tea.Cmd {
	st, wb, impact := s.c.store(), s.c.workbook().ID, s.impact
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		msg := letterLoadedMsg{wb: wb, inDraft: map[string]bool{}}
		if msg.draft, msg.err = st.LetterDraft(c, wb, impact); msg.err != nil {
			return msg
		}
		if msg.versions, msg.err = st.LetterVersions(c, wb, impact, true); msg.err != nil {
			return msg
		}
		ds, err := st.Drafts(c, wb)
		for _, d := range ds {
			if d.StepID == toolStep(apologyTool.id) && strings.TrimSpace(d.Body) != "" {
				msg.inDraft[d.PromptID] = true
			}
		}
		msg.err = err
		return msg
	}
}

func (s *apologyScreen) Help() helpKeys {
	k := s.c.keys()
	switch s.mode {
	case modeVersions:
		return helpKeys{
			short: []key.Binding{keyReadVersion, keyFinish, k.Up, k.Down, k.Back, k.Quit, k.Help},
			full:  [][]key.Binding{{keyReadVersion, keyFinish}, {k.Up, k.Down, k.Back}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
		}
	case modeReading:
		return helpKeys{
			short: []key.Binding{k.Up, k.Down, k.Back, k.Quit, k.Help},
			full:  [][]key.Binding{{k.Up, k.Down, k.Back}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
		}
	}
	return helpKeys{
		short: []key.Binding{keyWriteSection, keySetAside, keyKeepVersion, keyVersions, k.Back, k.Help},
		full: [][]key.Binding{{keyWriteSection, k.Up, k.Down}, {keySetAside, keyUndoAside},
			{keyKeepVersion, keyVersions, keyFinish}, {k.Back, k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

// sectionText is the toolText for one section of the working draft.
func (s *apologyScreen) sectionText(i int, id int64, body string) toolText {
	sec := s.sections()[i]
	impact := s.impact
	texts := map[string]string{}
	for k, v := range s.draft.Sections {
		texts[k] = v
	}
	dismissed := s.dismissed()
	hint := "A few plain sentences are enough."
	if impact {
		hint = "As much or as little as you want. It is yours until you choose to share it."
	}
	if sec.Optional {
		hint = "This part is optional; leave it out if it does not feel right."
	}
	return toolText{
		Tool: apologyTool.id, Field: sec.Slug, RecordID: id, Body: body,
		Prompt: sec.Title + ": " + sec.Prompt, Hint: hint,
		Save: func(c context.Context, st *store.Store, text string, d store.DraftKey) (int64, error) {
			return st.SaveLetterSection(c, d.WorkbookID, impact, id, sec.Slug, text, d)
		},
		Clearable: true,
		// The notes on this section as it is written, read with the rest
		// of the draft as saved, so "no offer of repair" goes as soon as
		// one is written here.
		Check: func(text string) []string {
			texts[sec.Slug] = text
			var out []string
			for _, f := range apology.Without(apology.CheckSection(impact, texts, i), dismissed) {
				out = append(out, noteLine(f))
			}
			return out
		},
	}
}

// noteLine is a note in one line: the words it is about, then why.
func noteLine(f apology.Flag) string {
	if f.Quote == "" {
		return f.Reason
	}
	return fmt.Sprintf("“%s” — %s", oneLine(sanitize.Display(f.Quote)), f.Reason)
}

func (s *apologyScreen) reopenText(c context.Context, field string, id int64) (toolText, bool) {
	i := slices.IndexFunc(s.sections(), func(sec apology.Section) bool { return sec.Slug == field })
	if i < 0 {
		return toolText{}, false
	}
	d, err := s.c.store().LetterDraft(c, s.c.workbook().ID, s.impact)
	if err != nil {
		return toolText{}, false
	}
	s.draft = d
	return s.sectionText(i, id, d.Sections[field]), true
}

func (s *apologyScreen) dismissed() map[string]bool {
	out := make(map[string]bool, len(s.draft.Dismissed))
	for _, id := range s.draft.Dismissed {
		out[id] = true
	}
	return out
}

// recheck reads the saved draft again with the checker: every note that
// applies now, the ones set aside after the others.
func (s *apologyScreen) recheck() {
	aside := s.dismissed()
	var active, set []noteRow
	for _, f := range apology.CheckTexts(s.impact, s.draft.Sections) {
		if aside[f.ID] {
			set = append(set, noteRow{f, true})
		} else {
			active = append(active, noteRow{f, false})
		}
	}
	s.notes = append(active, set...)
	s.cursor = min(s.cursor, s.rows()-1)
}

func (s *apologyScreen) rows() int { return len(s.sections()) + len(s.notes) }

func (s *apologyScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case letterLoadedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(fmt.Sprintf("Couldn't read your %s: %v", strings.ToLower(apologyTool.name(s.impact)), shortCause(msg.err)))
			return nil
		}
		s.draft, s.versions, s.inDraft, s.loaded = msg.draft, msg.versions, msg.inDraft, true
		s.recheck()
		s.vcursor = min(s.vcursor, max(len(s.versions)-1, 0))
		return nil
	case letterChangedMsg:
		if msg.wb != s.c.workbook().ID {
			return nil
		}
		if msg.err != nil {
			s.c.problem(msg.done)
		} else if msg.done != "" {
			s.c.done(msg.done)
		}
		return s.Init()
	case tea.KeyPressMsg:
		if !s.loaded {
			return nil
		}
		switch s.mode {
		case modeVersions:
			return s.versionsKey(msg)
		case modeReading:
			return s.readingKey(msg)
		}
		return s.sectionsKey(msg)
	}
	return nil
}

func (s *apologyScreen) sectionsKey(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	n := len(s.sections())
	switch {
	case key.Matches(kp, k.Back):
		return s.c.back()
	case key.Matches(kp, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(kp, k.Down):
		s.cursor = min(s.cursor+1, s.rows()-1)
	case key.Matches(kp, keyWriteSection):
		i := s.cursor
		if i >= n {
			i = int(s.notes[i-n].f.Section) // a note opens the section it is about
		}
		if i < 0 || i >= n {
			return nil
		}
		return s.c.write(s.sectionText(i, s.draft.ID, s.draft.Sections[s.sections()[i].Slug]))
	case key.Matches(kp, keySetAside):
		if s.cursor < n {
			s.c.info("Move down to a note to set it aside.")
			return nil
		}
		row := s.notes[s.cursor-n]
		return s.setAside(asideChange{id: row.f.ID, aside: !row.aside}, true)
	case key.Matches(kp, keyUndoAside):
		if len(s.undo) == 0 {
			s.c.info("Nothing to undo.")
			return nil
		}
		last := s.undo[len(s.undo)-1]
		s.undo = s.undo[:len(s.undo)-1]
		return s.setAside(asideChange{id: last.id, aside: !last.aside}, false)
	case key.Matches(kp, keyKeepVersion):
		return s.keepVersion()
	case key.Matches(kp, keyVersions):
		s.mode, s.vcursor = modeVersions, 0
	case key.Matches(kp, keyFinish):
		return s.finish()
	}
	return nil
}

// setAside sets a note aside or brings it back, on screen at once and
// saved at once; record says whether undo can take it back.
func (s *apologyScreen) setAside(ch asideChange, record bool) tea.Cmd {
	ids := slices.DeleteFunc(slices.Clone(s.draft.Dismissed), func(id string) bool { return id == ch.id })
	if ch.aside {
		ids = append(ids, ch.id)
	}
	s.draft.Dismissed = ids
	if record {
		s.undo = append(s.undo, ch)
	}
	s.recheck()
	done := "Brought back."
	if ch.aside {
		done = "Set aside; u brings it back."
	}
	st, wb, impact, id := s.c.store(), s.c.workbook().ID, s.impact, s.draft.ID
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		if _, err := st.SetLetterDismissed(c, wb, impact, id, ids); err != nil {
			return letterChangedMsg{wb: wb, done: "Couldn't save that: " + shortCause(err), err: err}
		}
		return letterChangedMsg{wb: wb, done: done}
	}
}

func (s *apologyScreen) keepVersion() tea.Cmd {
	st, wb, impact := s.c.store(), s.c.workbook().ID, s.impact
	unsaved := len(s.inDraft) > 0
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		v, err := st.KeepLetterVersion(c, wb, impact)
		switch {
		case errors.Is(err, store.ErrLetterEmpty):
			return letterChangedMsg{wb: wb, done: "Nothing saved to keep yet: write a part first."}
		case errors.Is(err, store.ErrLetterUnchanged):
			return letterChangedMsg{wb: wb, done: fmt.Sprintf("Version %d already holds these words.", v.Version)}
		case err != nil:
			return letterChangedMsg{wb: wb, done: "Couldn't keep this version: " + shortCause(err), err: err}
		}
		done := fmt.Sprintf("Kept as version %d.", v.Version)
		if unsaved {
			done += " Unsaved drafts are not in it."
		}
		return letterChangedMsg{wb: wb, done: done}
	}
}

// finish marks the latest version finished, or not any more.
func (s *apologyScreen) finish() tea.Cmd {
	if len(s.versions) == 0 {
		s.c.info("Keep a version first (s); then it can be marked finished.")
		return nil
	}
	latest := s.versions[len(s.versions)-1]
	st, wb, impact, fin := s.c.store(), s.c.workbook().ID, s.impact, !latest.Finished
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		v, err := st.FinishLetter(c, wb, impact, fin)
		if err != nil {
			return letterChangedMsg{wb: wb, done: "Couldn't mark it: " + shortCause(err), err: err}
		}
		if v.Finished {
			return letterChangedMsg{wb: wb, done: fmt.Sprintf("Version %d is marked finished.", v.Version)}
		}
		return letterChangedMsg{wb: wb, done: fmt.Sprintf("Version %d is no longer marked finished.", v.Version)}
	}
}

func (s *apologyScreen) versionsKey(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	switch {
	case key.Matches(kp, k.Back):
		s.mode = modeSections
	case key.Matches(kp, k.Up):
		s.vcursor = max(s.vcursor-1, 0)
	case key.Matches(kp, k.Down):
		s.vcursor = min(s.vcursor+1, max(len(s.versions)-1, 0))
	case key.Matches(kp, keyReadVersion):
		if _, ok := s.selectedVersion(); ok {
			s.mode, s.scroll = modeReading, 0
		}
	case key.Matches(kp, keyFinish):
		return s.finish()
	}
	return nil
}

func (s *apologyScreen) readingKey(kp tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys()
	switch {
	case key.Matches(kp, k.Back):
		s.mode = modeVersions
	case key.Matches(kp, k.Up):
		s.scroll = max(s.scroll-1, 0)
	case key.Matches(kp, k.Down, k.PageDown):
		s.scroll++
	}
	return nil
}

// selectedVersion is the version under the cursor; the list is newest
// first.
func (s *apologyScreen) selectedVersion() (store.Letter, bool) {
	i := len(s.versions) - 1 - s.vcursor
	if i < 0 || i >= len(s.versions) {
		return store.Letter{}, false
	}
	return s.versions[i], true
}

func (s *apologyScreen) View() string {
	st := s.c.styles()
	if !s.loaded {
		return st.Subtle.Render("…")
	}
	switch s.mode {
	case modeVersions:
		return s.versionsView()
	case modeReading:
		return s.readingView()
	}
	w := max(s.w-2, 10)
	intro := "A part at a time. It stays here until you share it."
	if s.impact {
		intro = "For you first. Share it only if and when you want to."
	}
	top := []string{st.Subtle.Render(ansi.Truncate(intro, w, "…"))}

	secs := s.sections()
	var rows []string
	perSection := make([]int, len(secs))
	for _, n := range s.notes {
		if !n.aside && int(n.f.Section) >= 0 && int(n.f.Section) < len(secs) {
			perSection[n.f.Section]++
		}
	}
	titles := make([]string, len(secs))
	pad := 0
	for i, sec := range secs {
		titles[i] = sec.Title
		if sec.Optional {
			titles[i] += " (optional)"
		}
		pad = max(pad, len(titles[i]))
	}
	for i, sec := range secs {
		state := "empty"
		switch {
		case apology.Written(s.draft.Sections[sec.Slug]) && s.inDraft[sec.Slug]:
			state = "written, draft"
		case apology.Written(s.draft.Sections[sec.Slug]):
			state = "written"
		case s.inDraft[sec.Slug]:
			state = "draft"
		}
		if perSection[i] > 0 {
			state += " · " + plural(perSection[i], "note")
		}
		line := fmt.Sprintf("%-*s  %-*s", pad, titles[i], stateWidth, state)
		if room := w - 2 - ansi.StringWidth(line) - 2; room >= 30 {
			// A wide window has room for every section's guidance.
			line += "  " + ansi.Truncate(sec.Prompt, room, "…")
		}
		rows = append(rows, s.row(i, strings.TrimRight(line, " "), w))
	}
	active := 0
	for _, n := range s.notes {
		if !n.aside {
			active++
		}
	}
	head := "Notes: none just now"
	if len(s.notes) > 0 {
		head = fmt.Sprintf("Notes: %d", active)
		if aside := len(s.notes) - active; aside > 0 {
			head += fmt.Sprintf(", %d set aside", aside)
		}
	}
	rows = append(rows, "", st.Heading.Render(head))
	noteStart := len(rows)
	for j, n := range s.notes {
		line := secs[min(max(int(n.f.Section), 0), len(secs)-1)].Title + ": " + noteLine(n.f)
		if n.aside {
			line = "set aside · " + line
		}
		rows = append(rows, s.row(len(secs)+j, line, w))
	}

	// Under the list: what the row under the cursor asks, or its note in
	// full, and where the versions stand.
	var detail string
	if s.cursor < len(secs) {
		detail = secs[s.cursor].Prompt
	} else if j := s.cursor - len(secs); j < len(s.notes) {
		detail = s.notes[j].f.Reason
	}
	bottom := []string{""}
	wrapped := strings.Split(ansi.Wordwrap(detail, w, ""), "\n")
	if len(wrapped) > 2 {
		wrapped[1] = ansi.Truncate(wrapped[1]+" "+strings.Join(wrapped[2:], " "), w, "…")
		wrapped = wrapped[:2]
	}
	for _, l := range wrapped {
		bottom = append(bottom, st.Subtle.Render(l))
	}
	bottom = append(bottom, s.versionsLine())

	room := max(s.h-len(top)-1-len(bottom), 1)
	at := s.cursor // the row index in rows
	if s.cursor >= len(secs) {
		at = noteStart + s.cursor - len(secs)
	}
	start := max(0, min(at-room/2, len(rows)-room))
	end := min(start+room, len(rows))
	out := append(append(top, ""), rows[start:end]...)
	for len(out) < len(top)+1+room {
		out = append(out, "")
	}
	return strings.Join(append(out, bottom...), "\n")
}

// stateWidth is the room for a section's state ("written · 2 notes").
const stateWidth = 17

// row draws one selectable line, marked when it is under the cursor.
func (s *apologyScreen) row(i int, line string, w int) string {
	line = ansi.Truncate(line, w, "…")
	if i == s.cursor {
		return s.c.styles().Selected.Render("› " + line)
	}
	return "  " + line
}

// versionsLine says how many versions are kept and which is finished.
func (s *apologyScreen) versionsLine() string {
	st := s.c.styles()
	if len(s.versions) == 0 {
		return st.Subtle.Render("No version kept yet: s keeps one.")
	}
	line := "Versions: " + fmt.Sprint(len(s.versions)) + " kept"
	for i := len(s.versions) - 1; i >= 0; i-- {
		if s.versions[i].Finished {
			line += fmt.Sprintf(" · version %d finished", s.versions[i].Version)
			break
		}
	}
	return st.Subtle.Render(ansi.Truncate(line+" · v to see them", max(s.w-2, 10), "…"))
}

func (s *apologyScreen) versionsView() string {
	st := s.c.styles()
	w := max(s.w-2, 10)
	lines := []string{st.Subtle.Render(ansi.Wordwrap("Each version is kept as it was. The finished one (else the latest) is what trustwork export --apology writes.", w, "")), ""}
	if len(s.versions) == 0 {
		return strings.Join(append(lines, "No version kept yet. On the list, s keeps one."), "\n")
	}
	room := max(s.h-len(lines), 1)
	start := max(0, min(s.vcursor-room/2, len(s.versions)-room))
	for j := start; j < len(s.versions) && j < start+room; j++ {
		v := s.versions[len(s.versions)-1-j]
		words := len(strings.Fields(apology.LetterText(s.impact, v.Sections)))
		line := fmt.Sprintf("Version %d · %s · %s", v.Version, v.CreatedAt.Local().Format("Mon 2 Jan 2006"), plural(words, "word"))
		if v.Finished {
			line += " · finished"
		}
		line = ansi.Truncate(line, w, "…")
		if j == s.vcursor {
			lines = append(lines, st.Selected.Render("› "+line))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return strings.Join(lines, "\n")
}

func (s *apologyScreen) readingView() string {
	v, ok := s.selectedVersion()
	if !ok {
		return ""
	}
	text := ansi.Wordwrap(sanitize.Display(apology.LetterText(s.impact, v.Sections)), max(s.w-2, 10), "")
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	s.scroll = min(s.scroll, max(len(lines)-s.h, 0))
	return strings.Join(lines[s.scroll:min(s.scroll+s.h, len(lines))], "\n")
}
