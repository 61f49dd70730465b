package tui

import (
	"bytes"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// lockMode is what a passphrase prompt is for.
type lockMode int

const (
	lockTurnOn  lockMode = iota // a new passphrase, typed twice
	lockChange                  // the current one, then a new one twice
	lockTurnOff                 // the current one
)

// lockOffer takes a passphrase from the keyboard: the first run's offer
// (p on the welcome) and the lock in settings. What is typed is only
// counted on screen, as dots, and wiped once it has been used or dropped.
type lockOffer struct {
	mode                  lockMode
	current, first, again []byte
	askingCurrent         bool
	confirming            bool
	busy                  bool
	notice                string
}

// lockSetMsg says whether the first run's passphrase was set.
type lockSetMsg struct{ err error }

// offerStep is what a key did to a lockOffer.
type offerStep int

const (
	offerTyping  offerStep = iota // still typing
	offerClosed                   // esc: dropped, nothing typed is kept
	offerSkipped                  // Enter on an empty new passphrase
	offerReady                    // everything asked for is typed (see take)
)

func newLockOffer(mode lockMode) *lockOffer {
	return &lockOffer{mode: mode, askingCurrent: mode != lockTurnOn}
}

func (o *lockOffer) field() *[]byte {
	switch {
	case o.askingCurrent:
		return &o.current
	case o.confirming:
		return &o.again
	}
	return &o.first
}

// input takes a key or a paste and says what it did.
func (o *lockOffer) input(msg tea.Msg) offerStep {
	if o.busy {
		return offerTyping
	}
	f := o.field()
	switch msg := msg.(type) {
	case tea.PasteMsg:
		*f = append(*f, msg.Content...)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			o.wipe()
			return offerClosed
		case "backspace":
			if len(*f) > 0 {
				_, n := utf8.DecodeLastRune(*f)
				clear((*f)[len(*f)-n:])
				*f = (*f)[:len(*f)-n]
			}
		case "enter":
			return o.enter()
		default:
			if msg.Text != "" {
				*f = append(*f, msg.Text...)
			}
		}
	}
	return offerTyping
}

func (o *lockOffer) enter() offerStep {
	switch {
	case o.askingCurrent && len(o.current) == 0:
		o.notice = "Type the passphrase you use now first."
	case o.askingCurrent && o.mode == lockTurnOff:
		return offerReady
	case o.askingCurrent:
		o.askingCurrent, o.notice = false, ""
	case !o.confirming && len(o.first) == 0:
		return offerSkipped
	case !o.confirming:
		o.confirming, o.notice = true, ""
	case !bytes.Equal(o.first, o.again):
		o.wipeNew()
		o.notice = "The two did not match. Type it once more."
	default:
		return offerReady
	}
	return offerTyping
}

// take hands over what was typed (the caller clears both slices once
// they are used) and wipes the offer's own copies.
func (o *lockOffer) take() (current, next []byte) {
	current, next = bytes.Clone(o.current), bytes.Clone(o.first)
	o.wipe()
	return current, next
}

func (o *lockOffer) wipeNew() {
	clear(o.first)
	clear(o.again)
	o.first, o.again, o.confirming = nil, nil, false
}

func (o *lockOffer) wipe() {
	o.wipeNew()
	clear(o.current)
	o.current = nil
	o.askingCurrent = o.mode != lockTurnOn
}

// promptLine is the line being typed, as dots, or busy while the lock
// is being changed.
func (o *lockOffer) promptLine(busy string) string {
	if o.busy {
		return busy
	}
	prompt := "Passphrase:"
	switch {
	case o.askingCurrent:
		prompt = "Your passphrase now:"
	case o.confirming:
		prompt = "The same again:"
	case o.mode == lockChange:
		prompt = "New passphrase:"
	}
	return prompt + " " + strings.Repeat("•", min(utf8.RuneCount(*o.field()), 32))
}

// lockTradeOff is said wherever a passphrase is set.
const (
	lockWhat     = "With a passphrase, what you write, the name you use for the other person and your relationship are encrypted on this computer. Nobody can read them from the file without it."
	lockTradeOff = "If you forget it, the journal cannot be opened. There is no back door and no reset. Write it down somewhere only you can reach."
)

// offerUpdate handles a message while the first run's offer is open. Esc,
// or Enter on an empty field, closes it and leaves the journal plain.
func (s *firstRunScreen) offerUpdate(msg tea.Msg) tea.Cmd {
	switch s.offer.input(msg) {
	case offerClosed, offerSkipped:
		s.offer = nil
	case offerReady:
		s.offer.busy = true
		_, p := s.offer.take()
		st := s.m.st
		return func() tea.Msg {
			defer clear(p)
			c, cancel := ctx()
			defer cancel()
			return lockSetMsg{err: st.SetPassphrase(c, p)}
		}
	}
	return nil
}

// lockSet ends the offer: on to setup with the lock on, or the reason it
// could not be set.
func (s *firstRunScreen) lockSet(msg lockSetMsg) tea.Cmd {
	if s.offer == nil {
		return nil
	}
	s.offer.busy = false
	if msg.err != nil {
		s.offer.notice = "The lock could not be set: " + oneLineNotice(msg.err.Error())
		return nil
	}
	s.offer = nil
	s.m.setNotice("Your journal is locked. trustwork will ask for the passphrase when it starts.", true)
	s.m.screen = scrSetup
	s.setFocus(0)
	return s.m.resize()
}

func (s *firstRunScreen) offerView() string {
	o := s.offer
	st := s.m.styles
	wrap := lipgloss.NewStyle().Width(max(s.w, 10))
	lines := []string{
		st.Heading.Render("Lock your journal with a passphrase"),
		"",
		wrap.Render(lockWhat),
		"",
		wrap.Render(lockTradeOff),
		"",
		o.promptLine("Locking…"),
		"",
		st.Subtle.Render(o.notice),
		st.Subtle.Render("Enter on an empty field skips · esc back"),
	}
	return strings.Join(lines, "\n")
}
