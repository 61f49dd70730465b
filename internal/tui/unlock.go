package tui

import (
	"errors"
	"math"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/store"
)

// gate is the root model of a journal with a passphrase. While locked it
// shows a calm unlock screen and holds nothing personal; once unlocked it
// passes everything to the workbook (Model). After the chosen idle time
// (store.IdleLock) it saves, drops the workbook and the key, and locks
// again: the screen is cleared and the words are out of memory.
type gate struct {
	cfg    Config
	inner  *Model // nil while locked
	styles Styles

	width, height int
	pass          []byte // typed so far; never drawn, only counted
	busy          bool   // an unlock is being checked
	notice        string
	private       bool // ctrl+x on the unlock screen
	quitting      bool
	fatal         error

	idle      time.Duration
	lastInput time.Time
	// inEditor is set while $EDITOR has the text: the time there is not
	// idle, and locking then would drop the words it hands back.
	inEditor bool
	// after schedules a message; tests replace it to control time.
	after func(time.Duration, tea.Msg) tea.Cmd
}

func newGate(cfg Config) *gate {
	g := &gate{cfg: cfg, styles: NewStyles(true), width: 80, height: 24,
		after: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		}}
	return g
}

type unlockedMsg struct{ err error }

// idleCheckMsg asks the gate whether the idle time has passed.
type idleCheckMsg struct{}

// lockNowMsg arrives after the workbook's last saves, to lock the screen.
type lockNowMsg struct{}

func (g *gate) Init() tea.Cmd {
	if !g.cfg.Store.Locked() {
		return g.open()
	}
	return tea.RequestBackgroundColor
}

// Err reports why the app stopped on its own, as Model.Err does.
func (g *gate) Err() error {
	if g.inner != nil {
		return g.inner.Err()
	}
	return g.fatal
}

func (g *gate) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		g.width, g.height = msg.Width, msg.Height
		if g.width == 0 && g.height == 0 {
			g.width, g.height = 80, 24
		}
	case tea.BackgroundColorMsg:
		g.styles = NewStyles(msg.IsDark())
	case unlockedMsg:
		g.busy = false
		if msg.err != nil {
			g.notice = "That passphrase does not open this journal. Nothing was changed; try again."
			if !errors.Is(msg.err, store.ErrWrongPassphrase) {
				g.notice = oneLineNotice(msg.err.Error())
			}
			return g, nil
		}
		if err := g.reopen(); err != nil {
			g.notice = oneLineNotice(err.Error())
			return g, nil
		}
		return g, g.open()
	case idleCheckMsg:
		return g, g.checkIdle()
	case lockNowMsg:
		g.lock()
		return g, nil
	case signalMsg:
		if g.inner == nil {
			// Nothing is open to flush: stop at once (Run reports the
			// signal).
			g.quitting = true
			return g, tea.Quit
		}
	}
	if g.inner != nil {
		switch msg := msg.(type) {
		case tea.KeyPressMsg, tea.PasteMsg, tea.MouseMsg:
			g.lastInput = g.cfg.Now()
		case externalReadyMsg:
			g.inEditor = msg.err == nil
		case externalDoneMsg:
			g.inEditor, g.lastInput = false, g.cfg.Now()
		}
		_, cmd := g.inner.Update(msg)
		return g, tea.Batch(cmd, g.idleSettingChanged(msg))
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return g, g.key(k)
	}
	return g, nil
}

// reopen swaps the read-only store the passphrase was checked on for one
// that can write, carrying the key over, once the passphrase is known to
// be right.
func (g *gate) reopen() error {
	if g.cfg.Reopen == nil {
		return nil
	}
	ro := g.cfg.Store
	w, err := g.cfg.Reopen()
	if err != nil {
		ro.Forget()
		return err
	}
	if err := w.AdoptKey(ro); err != nil {
		w.Close()
		ro.Forget()
		return err
	}
	ro.Close()
	g.cfg.Store, g.cfg.Reopen = w, nil
	return nil
}

// Store is the store the app ended with, for main to close: after an
// unlock it is not the one main opened.
func (g *gate) Store() *store.Store { return g.cfg.Store }

// open builds the workbook on the unlocked store and starts it.
func (g *gate) open() tea.Cmd {
	clear(g.pass)
	g.pass, g.notice = nil, ""
	m, err := newModel(g.cfg)
	if err != nil {
		g.fatal, g.quitting = err, true
		return tea.Quit
	}
	m.after, m.gated = g.after, true
	g.inner = m
	g.idle = g.cfg.Store.IdleLock()
	g.lastInput = g.cfg.Now()
	_, size := m.Update(tea.WindowSizeMsg{Width: g.width, Height: g.height})
	cmds := []tea.Cmd{m.Init(), size}
	if g.idle > 0 {
		cmds = append(cmds, g.after(idleEvery(g.idle), idleCheckMsg{}))
	}
	return tea.Batch(cmds...)
}

// idleEvery is how often the idle time is checked: often enough that the
// lock comes at most a quarter late.
func idleEvery(d time.Duration) time.Duration { return max(d/4, time.Second) }

// checkIdle locks once the idle time has passed, after the workbook has
// saved its draft and place. Words no save could keep (a failing disk)
// hold the lock back: losing them would be worse than a late lock.
func (g *gate) checkIdle() tea.Cmd {
	m := g.inner
	if m == nil || g.idle <= 0 {
		return nil
	}
	left := g.idle - g.cfg.Now().Sub(g.lastInput)
	again := g.after(min(idleEvery(g.idle), max(left, time.Second)), idleCheckMsg{})
	if left <= 0 && !m.quitting && !g.inEditor && m.screen == scrEditor && m.edit.unsafe() {
		// A failed save said the next change tries again, but nobody is
		// typing: try now, so the lock comes once the disk takes the words.
		return tea.Batch(m.edit.startSave(), again)
	}
	if left > 0 || m.quitting || g.inEditor {
		return again
	}
	var cmds []tea.Cmd
	if m.screen == scrEditor {
		cmds = append(cmds, m.edit.flush())
	}
	cmds = append(cmds, m.saveResume(), func() tea.Msg { return lockNowMsg{} })
	return tea.Sequence(cmds...)
}

// lock drops the workbook (and with it every opened word this process
// holds) and the key.
func (g *gate) lock() {
	if g.inner == nil {
		return
	}
	g.inner = nil
	g.cfg.Store.Forget()
	g.notice = "Locked after a quiet while. Type your passphrase to come back."
}

// key handles a key on the unlock screen.
func (g *gate) key(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, key.NewBinding(key.WithKeys("ctrl+c"))) {
		g.quitting = true
		return tea.Quit
	}
	if g.private {
		g.private = false
		return nil
	}
	if k.String() == PrivacyKey {
		g.private = true
		return nil
	}
	if g.busy {
		return nil
	}
	switch k.String() {
	case "enter":
		if len(g.pass) == 0 {
			return nil
		}
		g.busy, g.notice = true, ""
		p := g.pass
		g.pass = nil
		st := g.cfg.Store
		return func() tea.Msg {
			defer clear(p)
			// Argon2id needs 19 MiB for a moment. Returning start-up's
			// garbage to the OS first, and the 19 MiB after, keeps the
			// peak inside the app's memory target. In between the soft
			// memory limit is lifted: the block is live, so collecting
			// frees nothing, and under the limit the collector ran a
			// dozen times while Argon2id filled it (about a fifth of
			// the unlock, with the same peak).
			debug.FreeOSMemory()
			limit := debug.SetMemoryLimit(math.MaxInt64)
			err := st.Unlock(p)
			debug.SetMemoryLimit(limit)
			debug.FreeOSMemory()
			return unlockedMsg{err: err}
		}
	case "backspace":
		if len(g.pass) > 0 {
			_, n := utf8.DecodeLastRune(g.pass)
			clear(g.pass[len(g.pass)-n:])
			g.pass = g.pass[:len(g.pass)-n]
		}
	case "esc", "ctrl+u":
		clear(g.pass)
		g.pass = g.pass[:0]
	default:
		if k.Text != "" {
			g.pass = append(g.pass, k.Text...)
		}
	}
	return nil
}

func (g *gate) View() tea.View {
	if g.inner != nil {
		return g.inner.View()
	}
	var v tea.View
	v.AltScreen = true
	switch {
	case g.quitting:
		v.SetContent("")
	case g.private:
		v.SetContent(fit(" "+g.styles.Privacy.Render("Notes")+"\n\n "+g.styles.Subtle.Render("Nothing here yet."), g.width, g.height))
	default:
		dots := strings.Repeat("•", min(utf8.RuneCount(g.pass), 32))
		if g.busy {
			dots = "Opening…"
		}
		lines := []string{
			g.styles.Title.Render("Your journal is locked"),
			"",
			"Type your passphrase and press Enter.",
			"",
			"> " + dots,
			"",
			g.styles.Subtle.Render(g.notice),
			"",
			g.styles.Subtle.Render("ctrl+c quit · ctrl+x hide"),
		}
		v.SetContent(fit(centre(g.width, g.height, strings.Join(lines, "\n")), g.width, g.height))
	}
	return v
}

// oneLineNotice keeps an error to one line for the status area.
func oneLineNotice(s string) string { return strings.Join(strings.Fields(s), " ") }

// welcomeContinue is the welcome's last line. It offers the lock (p opens
// the offer, which explains the trade-off) in the one line the welcome has
// room for at 60×20.
func welcomeContinue(locked bool) string {
	if locked {
		return "Press Enter to continue."
	}
	return "Press Enter to continue · p to lock it with a passphrase"
}

// plainEditorWarning is said the first time ctrl+e is pressed in an
// editor session of a locked journal. An external editor can only read a
// plain file, so while it is open the text is on disk unsealed (in a 0700
// folder, as a 0600 file); we say so and let the person choose, rather
// than refuse the editor they rely on.
const plainEditorWarning = "With the lock on, your editor gets this text as a plain file until you close it. ctrl+e again to go ahead."
