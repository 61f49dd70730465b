package tui

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"

	tea "charm.land/bubbletea/v2"
)

// signalMsg is a signal that asks the app to stop (SIGTERM, SIGHUP when
// the terminal closes, SIGINT and SIGQUIT sent from outside).
type signalMsg struct{ sig os.Signal }

// stopSignals are the signals that end the app. Bubble Tea's own handler
// turns SIGTERM into a quit the model never sees and leaves SIGHUP to kill
// the process, so either lost the last moment of typing; Run catches all
// of them and quits through the model, which flushes the draft first.
var stopSignals = []os.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT}

// SignalError is what Run returns when a signal ended the app. Its exit
// code is the shell's convention for a process ended by a signal, 128+n,
// so scripts and supervisors see that it was stopped, not that it finished;
// the draft was flushed first (Err says if that failed).
type SignalError struct {
	Signal os.Signal
	// Err is what could not be saved on the way out, if anything.
	Err error
}

func (e *SignalError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("stopped by %s: %v", signalName(e.Signal), e.Err)
	}
	return fmt.Sprintf("stopped by %s; everything you wrote is saved", signalName(e.Signal))
}

func (e *SignalError) Unwrap() error { return e.Err }

// ExitCode is 128 plus the signal's number.
func (e *SignalError) ExitCode() int {
	if s, ok := e.Signal.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

func signalName(s os.Signal) string {
	switch s {
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP (the terminal closed)"
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGQUIT:
		return "SIGQUIT"
	}
	return s.String()
}

// Run runs the workbook until the person quits, a signal stops it, or the
// terminal goes away. However it ends, the text in the editor is flushed
// (to the database, else to a recovery file) before Run returns. It
// returns nil after a normal quit, a *SignalError after a signal, or why
// the app stopped (see Model.Err).
func Run(model tea.Model, opts ...tea.ProgramOption) error {
	// New returns the workbook, or for a locked journal the gate in front
	// of it; the workbook to flush is whichever one is open at the end.
	var open func() *Model
	switch m := model.(type) {
	case *Model:
		open = func() *Model { return m }
	case *gate:
		open = func() *Model { return m.inner }
	case *starting:
		open = m.app
	default:
		return errors.New("tui: Run needs a model made by New")
	}
	p := tea.NewProgram(model, append(opts, tea.WithoutSignalHandler())...)
	sigs := make(chan os.Signal, len(stopSignals))
	signal.Notify(sigs, stopSignals...)
	defer signal.Stop(sigs)
	done := make(chan struct{})
	defer close(done)
	var received atomic.Value // the first signal, for when the model never saw it
	go func() {
		first := true
		for {
			select {
			case s := <-sigs:
				if first {
					first = false
					received.Store(s)
					p.Send(signalMsg{sig: s})
					continue
				}
				// A second signal: stop now; the flush below still runs.
				p.Kill()
			case <-done:
				return
			}
		}
	}()
	_, err := p.Run()
	// The event loop has stopped, so the model is ours to read: whatever
	// ended the program (a closed terminal fails its input first, or a
	// second signal killed it), the editor's text is made durable here.
	var sig os.Signal
	if m := open(); m != nil {
		m.flushOnExit()
		sig = m.signal
	}
	if s, ok := received.Load().(os.Signal); ok && sig == nil {
		// A closed terminal can fail the input before the model sees the
		// SIGHUP that came with it; on the unlock screen there is no
		// workbook to see it at all.
		sig = s
	}
	appErr := model.(interface{ Err() error }).Err()
	switch {
	case sig != nil:
		return &SignalError{Signal: sig, Err: appErr}
	case appErr != nil:
		return appErr
	case err != nil && !errors.Is(err, tea.ErrInterrupted):
		return fmt.Errorf("the screen stopped unexpectedly: %w", err)
	}
	return nil
}

// stopBySignal quits at once, flushing the draft first: there is no one to
// ask, so unlike quit it never waits for an answer.
// errSetupUnfinished is why a signal during the set-up form kept nothing.
var errSetupUnfinished = errors.New("the set-up was not finished, so the name typed there was not kept; start trustwork again to set up")

func (m *Model) stopBySignal(sig os.Signal) tea.Cmd {
	if m.signal == nil {
		m.signal = sig
	}
	if m.quitting {
		return nil
	}
	m.quitting = true
	m.edit.then, m.edit.pending = nil, nil
	var flush tea.Cmd
	if m.screen == scrEditor {
		flush = m.edit.flush()
	}
	if m.screen == scrSetup && !m.hasWB && m.fatal == nil && strings.TrimSpace(m.first.name.Value()) != "" {
		// The form is stored only when finished: say so rather than
		// "everything you wrote is saved".
		m.fatal = errSetupUnfinished
	}
	return tea.Sequence(flush, m.saveResume(), tea.Quit)
}

// flushOnExit writes the editor's text synchronously if it is not yet in
// the database, through the same serialised writer as every autosave (so
// it can never be overtaken by, or overtake, an older save). A failure goes
// to a recovery file and into Err.
func (m *Model) flushOnExit() {
	for _, h := range m.released {
		h.Remove() // a no-op once its Cmd has run
	}
	m.released = nil
	s := m.edit
	defer func() {
		if s.handoff.Dir != "" && s.saved >= s.handoffVer {
			s.handoff.Remove() // its text is in the database: no orphan left
		}
	}()
	if s.loading || s.closed || s.target.stepID == "" || !s.needsSave() {
		return
	}
	v := s.ed.Version()
	if _, err := m.drafts.save(m.st, s.session, v, s.draft()); err != nil {
		if !s.dirty() {
			return // only the cursor's place was lost; the words are saved
		}
		path, _ := writeRecovery(m.st, m.cfg.DataDir, s.draft())
		s.saveFailed(err, path, v)
		m.lost = s.exitError()
		return
	}
	s.saved = v
	m.lost = nil // the words reached the database after all
}
