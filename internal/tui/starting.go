package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/internal/store"
)

// Starting returns a model for Run that builds the app with load (New,
// with its reads of the journal) while Bubble Tea starts, instead of
// before. Bubble Tea draws its first frame one frame interval (1/60 s)
// after it starts, whatever the model is ready with; load runs in that
// interval, so the home screen comes with that first frame rather than a
// New's worth of queries later. Until load returns the screen is blank.
//
// Every message that arrives before (the window's size, keys typed
// early, a signal) is kept and handed to the app, in order, once it
// exists. If load fails, the program quits and Run returns load's error;
// nothing of the journal was shown. The store should be open, and its
// file checked, before Starting: a file that is not the person's journal
// is refused before anything appears on the screen.
func Starting(load func() (tea.Model, error)) tea.Model { return &starting{load: load} }

// starting is the model Starting returns; see there.
type starting struct {
	load  func() (tea.Model, error)
	inner tea.Model // what load made (*Model or *gate), once it returned
	early []tea.Msg // messages that came before inner, oldest first
	err   error     // why load failed
}

// loadedMsg is load's result.
type loadedMsg struct {
	m   tea.Model
	err error
}

func (s *starting) Init() tea.Cmd {
	return func() tea.Msg {
		m, err := s.load()
		return loadedMsg{m, err}
	}
}

func (s *starting) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s.inner != nil {
		var cmd tea.Cmd
		s.inner, cmd = s.inner.Update(msg)
		return s, cmd
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
	// Blank, in the alternate screen the app draws in, so the first
	// frame of the app is not a switch of screens.
	return tea.View{AltScreen: true}
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
