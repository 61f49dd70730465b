package main

import "os"

// heldTerminal is the terminal as Bubble Tea is given it while the data
// file is opened beside Bubble Tea's start (see runTUI). Bubble Tea sees
// the terminal (its size, its colours, raw mode), but what it writes waits
// until the file is accepted, and is dropped if the file is refused. A
// refusal so leaves the terminal as it was: no screen switched, no modes
// set and reset, and no query sent whose answer would arrive in the
// person's shell after trustwork has gone. Bubble Tea writes nothing
// before its first frame, which comes after the open in all but a slow
// case (a check after a crash), where the frame waits for the verdict.
type heldTerminal struct {
	f       *os.File
	decided <-chan struct{} // closed once the file is accepted or refused
	refused *bool           // read only after decided is closed
}

// Write writes b once the file is accepted, or drops it if it was refused.
func (h heldTerminal) Write(b []byte) (int, error) {
	<-h.decided
	if *h.refused {
		return len(b), nil
	}
	return h.f.Write(b)
}

// Read reads the terminal: input is never held.
func (h heldTerminal) Read(b []byte) (int, error) { return h.f.Read(b) }

// Close closes the terminal. (Bubble Tea does not close its output.)
func (h heldTerminal) Close() error { return h.f.Close() }

// Fd is the terminal's descriptor, so Bubble Tea treats it as a terminal.
func (h heldTerminal) Fd() uintptr { return h.f.Fd() }
