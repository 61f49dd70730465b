package tui

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// recorder is an app that records what it is given.
type recorder struct {
	inited bool
	got    []tea.Msg
	err    error
}

type recorderInitMsg struct{}

func (r *recorder) Init() tea.Cmd {
	r.inited = true
	return func() tea.Msg { return recorderInitMsg{} }
}

func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if !r.inited {
		panic("Update before Init")
	}
	r.got = append(r.got, msg)
	return r, nil
}

func (r *recorder) View() tea.View { return tea.NewView("the app") }

func (r *recorder) Err() error { return r.err }

// TestStartingHandsEverythingToTheApp: what arrives before the app exists
// (the window's size, keys typed early) reaches it, in order, after its
// Init; what comes after goes straight to it; the screen is blank until
// then, in the alternate screen.
func TestStartingHandsEverythingToTheApp(t *testing.T) {
	app := &recorder{}
	loads := 0
	m := Starting(func() (tea.Model, error) { loads++; return app, nil })
	load, slow := startingCmds(t, m)
	if loads != 0 {
		t.Fatal("load ran in Init, on the event loop: it must run as a command")
	}
	early := []tea.Msg{
		tea.WindowSizeMsg{Width: 100, Height: 30},
		tea.KeyPressMsg{Code: 'j', Text: "j"},
		tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl},
	}
	for _, msg := range early {
		if _, cmd := m.Update(msg); cmd != nil {
			t.Fatalf("Update(%v) before the app exists returned a command", msg)
		}
	}
	if v := m.View(); v.Content != "" || !v.AltScreen {
		t.Fatalf("View before the app = %q (alt screen %v), want blank in the alternate screen", v.Content, v.AltScreen)
	}
	if len(app.got) != 0 || app.inited {
		t.Fatal("the app was used before load returned it")
	}
	// A load that takes long says so, still in the alternate screen.
	m.Update(slow())
	if v := m.View(); !strings.Contains(v.Content, "Opening your journal") || !v.AltScreen {
		t.Fatalf("View of a slow load = %q (alt screen %v), want it to say the journal is opening", v.Content, v.AltScreen)
	}

	_, cmd := m.Update(load())
	if loads != 1 || !app.inited {
		t.Fatalf("load ran %d times, app inited %v", loads, app.inited)
	}
	if !reflect.DeepEqual(app.got, early) {
		t.Fatalf("the app got %v, want the early messages in order %v", app.got, early)
	}
	if cmd == nil {
		t.Fatal("the app's Init command was dropped")
	}
	if _, cmd := m.Update(slow()); cmd != nil || len(app.got) != len(early) {
		t.Fatal("Starting's own timer reached the app")
	}
	later := tea.KeyPressMsg{Code: 'k', Text: "k"}
	m.Update(later)
	if got := app.got[len(app.got)-1]; !reflect.DeepEqual(got, tea.Msg(later)) {
		t.Fatalf("a later key went to %v, want the app", got)
	}
	if v := m.View(); v.Content != "the app" {
		t.Fatalf("View after load = %q, want the app's", v.Content)
	}
	app.err = errors.New("stopped")
	if err := m.(interface{ Err() error }).Err(); err != app.err {
		t.Fatalf("Err = %v, want the app's", err)
	}
}

// TestStartingLoadFails: a failed load quits and Err says why.
func TestStartingLoadFails(t *testing.T) {
	why := errors.New("reading your workbook: disk I/O error")
	m := Starting(func() (tea.Model, error) { return nil, why })
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	load, _ := startingCmds(t, m)
	_, cmd := m.Update(load())
	if cmd == nil {
		t.Fatal("a failed load did not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("a failed load did not quit")
	}
	if err := m.(interface{ Err() error }).Err(); err != why {
		t.Fatalf("Err = %v, want load's error", err)
	}
	if s := m.(*starting).Store(); s != nil {
		t.Fatalf("Store = %v without an app, want nil", s)
	}
	// The refusal is printed after Bubble Tea ends: no screen is
	// switched to for it.
	if v := m.View(); v.Content != "" || v.AltScreen {
		t.Fatalf("View after a refusal = %q (alt screen %v), want nothing drawn", v.Content, v.AltScreen)
	}
}

// startingCmds splits Starting's Init into the load and the slow-load
// timer. The timer's command waits slowLoad; its message is made directly.
func startingCmds(t *testing.T, m tea.Model) (load, slow func() tea.Msg) {
	t.Helper()
	batch, ok := m.Init()().(tea.BatchMsg)
	if !ok || len(batch) != 2 {
		t.Fatalf("Init = %v, want a batch of the load and the slow-load timer", batch)
	}
	return batch[0], func() tea.Msg { return slowMsg{} }
}
