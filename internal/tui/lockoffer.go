package tui

import (
	"bytes"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// lockOffer is the first run's offer of a passphrase, opened with p on the
// welcome screen: type it, type it again, and the journal is locked before
// anything is written in it. Esc goes back; Enter on an empty field skips.
type lockOffer struct {
	first, again []byte
	confirming   bool
	busy         bool
	notice       string
}

// lockSetMsg says whether the first run's passphrase was set.
type lockSetMsg struct{ err error }

func (o *lockOffer) field() *[]byte {
	if o.confirming {
		return &o.again
	}
	return &o.first
}

// offerUpdate handles a message while the offer is open. Esc, or Enter
// on an empty field, closes it and leaves the journal plain.
func (s *firstRunScreen) offerUpdate(msg tea.Msg) tea.Cmd {
	o := s.offer
	if o.busy {
		return nil
	}
	f := o.field()
	switch msg := msg.(type) {
	case tea.PasteMsg:
		*f = append(*f, msg.Content...)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			o.wipe()
			s.offer = nil
		case "backspace":
			if len(*f) > 0 {
				_, n := utf8.DecodeLastRune(*f)
				clear((*f)[len(*f)-n:])
				*f = (*f)[:len(*f)-n]
			}
		case "enter":
			switch {
			case !o.confirming && len(o.first) == 0:
				s.offer = nil // skipped: no lock
			case !o.confirming:
				o.confirming, o.notice = true, ""
			case !bytes.Equal(o.first, o.again):
				o.wipe()
				o.notice = "The two did not match. Type it once more."
			default:
				o.busy = true
				p, st := bytes.Clone(o.first), s.m.st
				o.wipe()
				return func() tea.Msg {
					defer clear(p)
					c, cancel := ctx()
					defer cancel()
					return lockSetMsg{err: st.SetPassphrase(c, p)}
				}
			}
		default:
			if msg.Text != "" {
				*f = append(*f, msg.Text...)
			}
		}
	}
	return nil
}

func (o *lockOffer) wipe() {
	clear(o.first)
	clear(o.again)
	o.first, o.again, o.confirming = nil, nil, false
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
	w := max(s.w, 10)
	wrap := lipgloss.NewStyle().Width(w)
	prompt := "Passphrase:"
	if o.confirming {
		prompt = "The same again:"
	}
	dots := strings.Repeat("•", min(utf8.RuneCount(*o.field()), 32))
	if o.busy {
		dots = "Locking…"
	}
	lines := []string{
		st.Heading.Render("Lock your journal with a passphrase"),
		"",
		wrap.Render("With a passphrase, what you write, the name you use for the other person and your relationship are encrypted on this computer. Nobody can read them from the file without it."),
		"",
		wrap.Render("If you forget it, the journal cannot be opened. There is no back door and no reset. Write it down somewhere only you can reach."),
		"",
		prompt + " " + dots,
		"",
		st.Subtle.Render(o.notice),
		st.Subtle.Render("Enter on an empty field skips · esc back"),
	}
	return strings.Join(lines, "\n")
}
