package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// firstRunScreen is the welcome, the safety note and the setup form. Every
// field has a default, so pressing Enter alone reaches home.
type firstRunScreen struct {
	m     *Model
	vp    viewport.Model
	name  field
	rel   int // index into relationships
	role  int // index into roles
	focus int // 0 name, 1 relationship, 2 role
	busy  bool
	// pending holds keys typed while the workbook is being created; they
	// are replayed on home, so a quick Enter Enter still moves forward.
	pending []tea.KeyPressMsg
	w, h    int
	// offer is the passphrase offer, open after p on the welcome (see
	// lockoffer.go).
	offer *lockOffer
}

const defaultPartnerName = "my partner"

// nameLimit is the longest name the field takes; reaching it says so.
const nameLimit = 60

var relationships = []string{"partner", "friend", "family", "other"}

var roles = []struct {
	role  store.Role
	label string
}{
	{store.RoleRepairing, "I broke the trust"},
	{store.RoleHurt, "My trust was broken"},
}

func newFirstRunScreen(m *Model) *firstRunScreen {
	s := &firstRunScreen{m: m, vp: viewport.New(), name: newField("("+defaultPartnerName+")", nameLimit)}
	s.vp.KeyMap = viewport.DefaultKeyMap()
	return s
}

func (s *firstRunScreen) Title() string {
	if s.m.screen == scrSetup {
		return "trustwork · set up"
	}
	return "Welcome to trustwork"
}

func (s *firstRunScreen) welcomeText() string {
	w := max(s.w, 10)
	wrap := lipgloss.NewStyle().Width(w)
	st := s.m.styles
	parts := []string{
		wrap.Render("This is a private workbook for the time after trust is broken between two people, whichever side of it you are on. You choose your side next, and the steps are written for it, one at a time."),
		"",
		st.Heading.Render("Before you begin"),
		bullet("This is a guided journal, not therapy. A counsellor can help where a workbook cannot.", w),
		bullet("If there is abuse, violence or fear in the relationship, your safety comes first, before any repair. Please reach out to a local helpline, a doctor, or someone you trust.", w),
		// A mistyped --db starts an empty journal: say so before any
		// word is written, and how to reach the one they meant.
		bullet("This starts a new, empty journal at "+sanitize.Display(s.m.cfg.DBPath)+
			"; your words stay there, on this computer. Meant another one? Press q and use --db.", w),
	}
	return strings.Join(parts, "\n")
}

// bullet wraps text to w cells as a list item whose following lines hang
// under the text, not under the bullet.
func bullet(text string, w int) string {
	body := lipgloss.NewStyle().Width(max(w-2, 1)).Render(text)
	return "• " + strings.ReplaceAll(body, "\n", "\n  ")
}

func (s *firstRunScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.vp.SetWidth(w)
	// The way on stays in sight under the text, however short the window.
	s.vp.SetHeight(max(h-2, 1))
	s.vp.SetContent(s.welcomeText())
	s.name.SetWidth(max(w-24, 10))
}

func (s *firstRunScreen) typing() bool {
	return s.m.screen == scrSetup && s.focus == 0 || s.offer != nil
}

func (s *firstRunScreen) Help() helpKeys {
	k := s.m.keys
	if s.m.screen == scrWelcome {
		return helpKeys{
			short: []key.Binding{k.Continue, k.Up, k.Down, k.Privacy, k.Quit, k.Help},
			full:  [][]key.Binding{{k.Continue, k.Up, k.Down}, {k.Privacy, k.Quit, k.ForceQuit, k.Help}},
		}
	}
	next := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next"))
	if s.focus == 2 {
		next = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "begin"))
	}
	// tab and shift+tab move between fields; their generic labels would
	// read "enter next • tab next".
	tab := key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field"))
	prev := key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field"))
	if s.focus == 0 {
		return helpKeys{
			short: []key.Binding{next, tab, k.Back, k.Privacy, k.ForceQuit},
			full:  [][]key.Binding{{next, tab, prev}, {k.Back, k.Privacy, k.ForceQuit}},
		}
	}
	return helpKeys{
		short: []key.Binding{next, k.Left, tab, k.Back, k.Privacy, k.Quit, k.Help},
		full:  [][]key.Binding{{next, k.Left, tab, prev}, {k.Back, k.Privacy, k.Quit, k.ForceQuit, k.Help}},
	}
}

func (s *firstRunScreen) Update(msg tea.Msg) tea.Cmd {
	k := s.m.keys
	if s.m.screen == scrWelcome {
		if s.offer != nil {
			return s.offerUpdate(msg)
		}
		if kp, ok := msg.(tea.KeyPressMsg); ok && kp.String() == "p" && !s.m.st.HasPassphrase() {
			s.offer = &lockOffer{}
			return nil
		}
		if kp, ok := msg.(tea.KeyPressMsg); ok && key.Matches(kp, k.Continue) {
			s.m.screen = scrSetup
			s.setFocus(0)
			return s.m.resize()
		}
		var cmd tea.Cmd
		s.vp, cmd = s.vp.Update(msg)
		return cmd
	}
	if s.busy {
		if kp, ok := msg.(tea.KeyPressMsg); ok {
			s.pending = append(s.pending, kp)
		}
		return nil
	}
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if s.focus == 0 {
			s.name.Update(msg)
		}
		return nil
	}
	switch {
	case key.Matches(kp, k.Back):
		if s.focus > 0 {
			s.setFocus(s.focus - 1)
			return nil
		}
		if s.m.hasWB { // starting another workbook: esc goes back
			return s.m.openWorkbooks()
		}
		s.m.screen = scrWelcome
		return s.m.resize()
	case key.Matches(kp, k.Continue):
		if s.focus < 2 {
			s.setFocus(s.focus + 1)
			return nil
		}
		return s.submit()
	case key.Matches(kp, k.Next), kp.String() == "down":
		s.setFocus((s.focus + 1) % 3)
		return nil
	case key.Matches(kp, k.Prev), kp.String() == "up":
		s.setFocus((s.focus + 2) % 3)
		return nil
	}
	switch s.focus {
	case 0:
		s.name.Update(kp)
	case 1:
		s.rel = cycle(s.rel, len(relationships), kp, k)
	case 2:
		s.role = cycle(s.role, len(roles), kp, k)
	}
	return nil
}

func cycle(i, n int, kp tea.KeyPressMsg, k keyMap) int {
	switch {
	case key.Matches(kp, k.Left):
		return (i + n - 1) % n
	case key.Matches(kp, k.Right), kp.String() == "space":
		return (i + 1) % n
	}
	return i
}

func (s *firstRunScreen) setFocus(i int) {
	s.focus = i
	if i == 0 {
		s.name.Focus()
	} else {
		s.name.Blur()
	}
}

func (s *firstRunScreen) submit() tea.Cmd {
	name := strings.TrimSpace(s.name.Value())
	if name == "" {
		name = defaultPartnerName
	}
	s.busy = true
	return createWorkbookCmd(s.m.st, store.Workbook{
		PartnerName: name, Relationship: relationships[s.rel], Role: roles[s.role].role,
	})
}

// created finishes setup: home, with the first step preselected.
func (s *firstRunScreen) created(msg workbookCreatedMsg) tea.Cmd {
	s.busy = false
	if msg.err != nil {
		s.pending = nil
		if errors.Is(msg.err, store.ErrNameTaken) {
			s.m.setNotice(nameTakenNotice(msg.wb.PartnerName), false)
			return nil
		}
		s.m.setNotice(fmt.Sprintf("Couldn't create your workbook: %v", msg.err), false)
		return nil
	}
	s.m.wb, s.m.hasWB = msg.wb, true
	s.m.setNotice("", true)
	s.m.home.preselect()
	cmds := []tea.Cmd{s.m.navigate(scrHome)}
	for _, kp := range s.pending {
		cmds = append(cmds, s.m.handleKey(kp))
	}
	s.pending = nil
	return tea.Batch(cmds...)
}

// layout of the form: label column then value.
const labelWidth = 22

func (s *firstRunScreen) row(i int, label, value string) string {
	st := s.m.styles
	marker := "  "
	l := st.FieldName.Render(fmt.Sprintf("%-*s", labelWidth-2, label))
	if i == s.focus {
		marker = st.Selected.Render("› ")
	}
	return marker + l + value
}

func choice(st Styles, opts []string, sel int, focused bool) string {
	v := "‹ " + opts[sel] + " ›"
	if focused {
		return st.Selected.Render(v)
	}
	return v
}

func (s *firstRunScreen) View() string {
	if s.m.screen == scrWelcome {
		if s.offer != nil {
			return s.offerView()
		}
		// The hint stays below the viewport, so it shows at any height.
		return s.vp.View() + "\n\n" + s.m.styles.Subtle.Render(welcomeContinue(s.m.st.HasPassphrase()))
	}
	st := s.m.styles
	roleLabels := make([]string, len(roles))
	for i, r := range roles {
		roleLabels[i] = r.label
	}
	lines := []string{
		ansi.Wordwrap("A few details so the workbook can speak to you. Every answer has a default: Enter moves on.", s.w, ""),
		"",
		s.row(0, "What to call them", s.name.View(st)),
		s.nameNote(),
		s.row(1, "Relationship", choice(st, relationships, s.rel, s.focus == 1)),
		"",
		s.row(2, "Your side", choice(st, roleLabels, s.role, s.focus == 2)),
		"",
		st.Subtle.Render(ansi.Wordwrap("Names stay on this computer. Press Enter on the last line to begin.", s.w, "")),
	}
	return strings.Join(lines, "\n")
}

// nameNote is the line under the name: empty, or the limit once the name
// reaches it, so letters are never dropped without a word.
func (s *firstRunScreen) nameNote() string {
	if len([]rune(s.name.Value())) < nameLimit {
		return ""
	}
	return strings.Repeat(" ", labelWidth) + s.m.styles.Subtle.Render(fmt.Sprintf("Names stop at %d characters.", nameLimit))
}

// cursor places the terminal cursor in the name field while it is focused.
func (s *firstRunScreen) cursor() (int, int, bool) {
	if s.m.screen != scrSetup || s.focus != 0 {
		return 0, 0, false
	}
	intro := lipgloss.Height(ansi.Wordwrap("A few details so the workbook can speak to you. Every answer has a default: Enter moves on.", s.w, ""))
	return labelWidth + s.name.CursorX(), intro + 1, true
}
