package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/trustwork/trustwork/internal/recovery"
	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// The lock in settings: the Passphrase row sets, changes or removes the
// passphrase (the prompt is the first run's lockOffer), and the Lock when
// idle row chooses how long the open workbook may sit without a key.

// Rows of the settings screen after the workbook's own three.
const (
	rowPassphrase = 3
	rowIdle       = 4
)

// lockTimeout bounds turning the lock on or off: every row is rewritten,
// which takes longer than a save on a large journal.
const lockTimeout = 5 * time.Minute

// idleChoices are the idle times offered; 0 is off.
var idleChoices = []time.Duration{0, 5 * time.Minute, 10 * time.Minute, 30 * time.Minute}

// settingsAsk is a yes/no question open on the settings screen.
type settingsAsk int

const (
	askNothing settingsAsk = iota
	askRemove              // remove the passphrase?
	askBackups             // remove the backups that are still plain?
)

// settingsLock is the lock's part of the settings screen.
type settingsLock struct {
	lock   *lockOffer      // a passphrase prompt, open from the Passphrase row
	ask    settingsAsk     // a yes/no question about the lock
	plain  []string        // backups still in plain text (askBackups)
	action int             // index into lockActions
	idles  []time.Duration // idle lock times offered
	idle   int             // index into idles
}

// withIdle saves a changed idle time before the rest of the settings
// (save, which is nil when they cannot be saved).
func (s *settingsScreen) withIdle(save tea.Cmd) tea.Cmd {
	if save == nil || !s.idleChanged() {
		return save
	}
	st, d := s.m.st, s.idles[s.idle]
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		if err := st.SetIdleLock(c, d); err != nil {
			return workbookUpdatedMsg{err: err}
		}
		return save()
	}
}

// lockChangedMsg reports a passphrase set, changed or removed from
// settings; plain lists the backups still in plain text after the lock
// was turned on.
type lockChangedMsg struct {
	mode  lockMode
	err   error
	plain []string
}

// plainBackupsRemovedMsg reports the removal of plain backups.
type plainBackupsRemovedMsg struct{ err error }

// initLock reads the lock's state for the Passphrase and idle rows.
func (s *settingsScreen) initLock() {
	s.idles = slices.Clone(idleChoices)
	d := s.m.st.IdleLock()
	if s.idle = slices.Index(s.idles, d); s.idle < 0 {
		s.idles = append(s.idles, d)
		slices.Sort(s.idles)
		s.idle = slices.Index(s.idles, d)
	}
	s.action = 0
	s.focus = min(s.focus, s.rows()-1)
}

// rows is how many rows the screen has: the idle time only with a lock.
func (s *settingsScreen) rows() int {
	if s.m.st.HasPassphrase() {
		return 5
	}
	return 4
}

func (s *settingsScreen) lockActions() []string {
	if s.m.st.HasPassphrase() {
		return []string{"on · change it", "on · remove it"}
	}
	return []string{"off · set one"}
}

func idleLabel(d time.Duration) string {
	if d <= 0 {
		return "off"
	}
	if d%time.Minute == 0 {
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return d.String()
}

// idleChanged reports whether the idle row differs from what is stored.
func (s *settingsScreen) idleChanged() bool {
	return s.m.st.HasPassphrase() && s.idles[s.idle] != s.m.st.IdleLock()
}

// openLock starts the action chosen on the Passphrase row.
func (s *settingsScreen) openLock() tea.Cmd {
	switch {
	case !s.m.st.HasPassphrase():
		s.lock = newLockOffer(lockTurnOn)
	case s.action == 0:
		s.lock = newLockOffer(lockChange)
	default:
		s.ask = askRemove
	}
	return nil
}

// lockUpdate handles msg while a prompt or a question is open, or when it
// is the answer of one; handled is false when the screen should handle it.
func (s *settingsScreen) lockUpdate(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	switch msg := msg.(type) {
	case lockChangedMsg:
		return s.lockChanged(msg), true
	case plainBackupsRemovedMsg:
		s.busy, s.ask, s.plain = false, askNothing, nil
		if msg.err != nil {
			s.m.setNotice("Some backups could not be removed: "+oneLineNotice(msg.err.Error()), false)
		} else {
			s.m.setNotice("Removed. No backup holds your journal in plain text now.", true)
		}
		return nil, true
	}
	if s.lock != nil {
		switch s.lock.input(msg) {
		case offerClosed, offerSkipped:
			s.lock.wipe()
			s.lock = nil
			s.m.setInfo("The passphrase was left as it was.")
		case offerReady:
			return s.runLock(), true
		}
		return nil, true
	}
	kp, ok := msg.(tea.KeyPressMsg)
	if s.ask == askNothing || !ok || s.busy {
		return nil, s.ask != askNothing
	}
	yes := kp.String() == "y"
	if !yes && kp.String() != "n" && kp.String() != "esc" {
		return nil, true
	}
	switch s.ask {
	case askRemove:
		s.ask = askNothing
		if yes {
			s.lock = newLockOffer(lockTurnOff)
		} else {
			s.m.setInfo("The passphrase was kept.")
		}
	case askBackups:
		plain := s.plain
		if !yes {
			s.ask, s.plain = askNothing, nil
			s.m.setInfo("They were kept. Delete them yourself when you no longer need them.")
			return nil, true
		}
		s.busy = true
		return func() tea.Msg { return plainBackupsRemovedMsg{err: store.RemovePlainBackups(plain)} }, true
	}
	return nil, true
}

// runLock sets, changes or removes the passphrase in a Cmd: the current
// passphrase is checked first (a wrong one changes nothing), and the
// recovery files are sealed or opened with the rows (recovery.Reseal, as
// the CLI does). The typed passphrases are wiped once used.
func (s *settingsScreen) runLock() tea.Cmd {
	o := s.lock
	o.busy, o.notice = true, ""
	mode := o.mode
	current, next := o.take()
	st, dir := s.m.st, s.m.cfg.DataDir
	return func() tea.Msg {
		defer clear(current)
		defer clear(next)
		c, cancel := context.WithTimeout(context.Background(), lockTimeout)
		defer cancel()
		if mode != lockTurnOn {
			if err := st.Unlock(current); err != nil {
				return lockChangedMsg{mode: mode, err: err}
			}
		}
		err := recovery.Reseal(dir, st, func() error {
			if mode == lockTurnOff {
				return st.RemovePassphrase(c)
			}
			return st.SetPassphrase(c, next)
		})
		msg := lockChangedMsg{mode: mode, err: err}
		if err == nil && mode == lockTurnOn {
			msg.plain, _ = st.PlainBackups("")
		}
		return msg
	}
}

func (s *settingsScreen) lockChanged(msg lockChangedMsg) tea.Cmd {
	if s.lock == nil {
		return nil
	}
	s.lock.busy = false
	switch {
	case errors.Is(msg.err, store.ErrWrongPassphrase):
		s.lock.notice = "That is not the passphrase this journal has now. Nothing was changed; try again."
		return nil
	case msg.err != nil:
		s.lock.notice = "The lock could not be changed: " + oneLineNotice(msg.err.Error())
		return nil
	}
	s.lock = nil
	s.initLock()
	switch msg.mode {
	case lockTurnOn:
		s.m.setNotice("Your journal is locked. trustwork will ask for the passphrase when it starts.", true)
		if len(msg.plain) > 0 {
			s.plain, s.ask = msg.plain, askBackups
		}
	case lockChange:
		s.m.setNotice("The passphrase is changed. Use the new one from now on.", true)
	case lockTurnOff:
		s.m.setNotice("The passphrase is removed; your journal is plain text again.", true)
	}
	return nil
}

// lockView is the screen while a prompt or a question is open.
func (s *settingsScreen) lockView() string {
	st := s.m.styles
	wrap := lipgloss.NewStyle().Width(max(s.w, 10))
	var lines []string
	switch {
	case s.ask == askRemove:
		lines = []string{
			st.Heading.Render("Remove the passphrase"),
			"",
			wrap.Render("Your journal will be stored as plain text: anyone with this computer or a copy of the file can read what you wrote, the name you use for the other person and your relationship."),
			"",
			st.Subtle.Render("y removes it (you type it once more) · n keeps it"),
		}
	case s.ask == askBackups:
		lines = []string{
			st.Heading.Render("Backups made before the lock"),
			"",
			wrap.Render(fmt.Sprintf("%d backup(s) made before the lock still hold your journal in plain text:", len(s.plain))),
		}
		for _, p := range s.plain {
			lines = append(lines, "  "+sanitize.Display(p))
		}
		lines = append(lines, "", st.Subtle.Render("y removes them · n keeps them"))
		if s.busy {
			lines[len(lines)-1] = "Removing them…"
		}
	default:
		o := s.lock
		head, intro, busy := "Lock your journal with a passphrase", lockWhat, "Locking your journal…"
		switch o.mode {
		case lockChange:
			head, intro, busy = "Change the passphrase", "Type the passphrase you use now, then the new one twice.", "Changing the passphrase…"
		case lockTurnOff:
			head, intro, busy = "Remove the passphrase", "Type the passphrase you use now.", "Removing the lock…"
		}
		lines = []string{st.Heading.Render(head), "", wrap.Render(intro), ""}
		if o.mode != lockTurnOff {
			lines = append(lines, wrap.Render(lockTradeOff), "")
		}
		lines = append(lines, o.promptLine(busy), "", st.Subtle.Render(o.notice), st.Subtle.Render("esc leaves it as it was"))
	}
	return strings.Join(lines, "\n")
}

// lockRows are the Passphrase and idle rows of the settings screen.
func (s *settingsScreen) lockRows() []string {
	st := s.m.styles
	lines := []string{s.row(rowPassphrase, "Passphrase", choice(st, s.lockActions(), s.action, s.focus == rowPassphrase)), ""}
	if s.m.st.HasPassphrase() {
		labels := make([]string, len(s.idles))
		for i, d := range s.idles {
			labels[i] = idleLabel(d)
		}
		lines = append(lines, s.row(rowIdle, "Lock when idle", choice(st, labels, s.idle, s.focus == rowIdle)), "")
		if s.focus == rowIdle {
			note := "After this long without a key, the open workbook saves, clears the screen and asks for the passphrase again."
			if !s.m.gated {
				note += " It starts the next time trustwork opens."
			}
			lines = append(lines, st.Subtle.Render(lipgloss.NewStyle().Width(max(s.w, 10)).Render(note)), "")
		}
	}
	if s.focus == rowPassphrase {
		lines = append(lines, st.Subtle.Render("Enter to "+strings.TrimPrefix(strings.TrimPrefix(s.lockActions()[s.action], "off · "), "on · ")), "")
	}
	return lines
}

// idleSettingChanged picks up an idle time chosen in settings (or a lock
// turned on or off there), starting the idle check if it was not running.
func (g *gate) idleSettingChanged(msg tea.Msg) tea.Cmd {
	switch msg.(type) {
	case workbookUpdatedMsg, lockChangedMsg:
	default:
		return nil
	}
	was := g.idle
	g.idle = g.cfg.Store.IdleLock()
	if g.idle > 0 && was <= 0 {
		g.lastInput = g.cfg.Now()
		return g.after(idleEvery(g.idle), idleCheckMsg{})
	}
	return nil
}
