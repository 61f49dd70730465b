package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/store"
)

// Starting returns a model for Run that builds the app with load while
// Bubble Tea starts, instead of before. Bubble Tea draws its first frame
// one frame interval (1/60 s) after it starts, whatever the model is ready
// with; load (the store's open and check, then New with its reads of the
// journal) runs in that interval, so the home screen comes with that first
// frame rather than an open's and a New's worth of work later. Until load
// returns the screen is blank, and says the journal is opening if that
// takes longer than a person would not notice (a check after a crash reads
// the whole file).
//
// Every message that arrives before (the window's size, keys typed
// early, a signal) is kept and handed to the app, in order, once it
// exists. If load fails (a foreign, damaged or newer file refused), the
// program quits and Run returns load's error; nothing of the journal was
// shown, and nothing is drawn if the refusal came before the first frame.
func Starting(load func() (tea.Model, error)) tea.Model { return &starting{load: load} }

// starting is the model Starting returns; see there.
type starting struct {
	load  func() (tea.Model, error)
	inner tea.Model // what load made (*Model or *gate), once it returned
	early []tea.Msg // messages that came before inner, oldest first
	err   error     // why load failed
	slow  bool      // load has taken longer than slowLoad
}

// slowLoad is how long the blank screen waits before it says the journal
// is opening: longer than a normal start (tens of milliseconds), short
// enough that a slow one never looks like a hang.
const slowLoad = 400 * time.Millisecond

// slowMsg says slowLoad has passed.
type slowMsg struct{}

// loadedMsg is load's result.
type loadedMsg struct {
	m   tea.Model
	err error
}

func (s *starting) Init() tea.Cmd {
	return tea.Batch(func() tea.Msg {
		m, err := s.load()
		return loadedMsg{m, err}
	}, tea.Tick(slowLoad, func(time.Time) tea.Msg { return slowMsg{} }))
}

func (s *starting) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s.inner != nil {
		if _, ok := msg.(slowMsg); ok {
			return s, nil // the app is not Starting's; it never asked
		}
		var cmd tea.Cmd
		s.inner, cmd = s.inner.Update(msg)
		return s, cmd
	}
	if _, ok := msg.(slowMsg); ok {
		s.slow = true
		return s, nil
	}
	l, ok := msg.(loadedMsg)
	if !ok {
		s.early = append(s.early, msg)
		return s, nil
	}
	if l.err != nil {
		s.err = l.err
		return s, tea.Quit
	}
	s.inner = l.m
	cmds := []tea.Cmd{s.inner.Init()}
	for _, m := range s.early {
		var cmd tea.Cmd
		s.inner, cmd = s.inner.Update(m)
		cmds = append(cmds, cmd)
	}
	s.early = nil
	return s, tea.Batch(cmds...)
}

func (s *starting) View() tea.View {
	if s.inner != nil {
		return s.inner.View()
	}
	if s.err != nil {
		// Refused: the error is printed once Bubble Tea has restored
		// the terminal; no screen is switched to for it.
		return tea.View{}
	}
	// Blank, in the alternate screen the app draws in, so the first
	// frame of the app is not a switch of screens.
	v := tea.View{AltScreen: true}
	if s.slow {
		v.Content = "\n  Opening your journal…"
	}
	return v
}

// Err reports why the app stopped on its own: load's error, or the app's.
func (s *starting) Err() error {
	if e, ok := s.inner.(interface{ Err() error }); ok {
		return e.Err()
	}
	return s.err
}

// Store is the store the app ended with (see gate.Store), or nil when
// load never returned a model.
func (s *starting) Store() *store.Store {
	switch m := s.inner.(type) {
	case *Model:
		return m.st
	case *gate:
		return m.Store()
	}
	return nil
}

// app is the workbook the model runs, for Run's flush on the way out.
func (s *starting) app() *Model {
	switch m := s.inner.(type) {
	case *Model:
		return m
	case *gate:
		return m.inner
	}
	return nil
}
