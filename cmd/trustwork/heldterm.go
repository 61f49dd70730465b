package main

import (
	"os"
	"sync"
	"time"
)

// heldTerminal is the terminal as Bubble Tea is given it while the data
// file is opened beside Bubble Tea's start (see runTUI). Bubble Tea sees
// the terminal (its size, its colours, raw mode), but what it writes waits
// until the file is accepted, and is dropped if the file is refused. A
// refusal so leaves the terminal as it was: no screen switched, no modes
// set and reset, and no query sent whose answer would arrive in the
// person's shell after trustwork has gone. Bubble Tea writes nothing
// before its first frame, which comes after the open in all but a slow
// case (a check after a crash).
//
// That slow case is not held past holdAtMost: a check of the whole file
// takes seconds on a large journal, and a terminal that shows nothing for
// that long looks hung. The output then goes through, so Starting's
// "Opening your journal…" is seen; if the file is refused after all,
// Bubble Tea restores the terminal before the error is printed.
type heldTerminal struct {
	f       *os.File
	decided <-chan struct{} // closed once the file is accepted or refused
	refused *bool           // read only after decided is closed

	once sync.Once
	drop bool // the file was refused while the output was held
}

// holdAtMost is how long output waits for the verdict: under Starting's
// 400 ms before it says the journal is opening, so the terminal is ready
// for that message when it comes.
const holdAtMost = 300 * time.Millisecond

// Write writes b once the file is accepted or holdAtMost has passed, or
// drops it if the file was refused before then.
func (h *heldTerminal) Write(b []byte) (int, error) {
	h.once.Do(func() {
		t := time.NewTimer(holdAtMost)
		defer t.Stop()
		select {
		case <-h.decided:
			h.drop = *h.refused
		case <-t.C:
		}
	})
	if h.drop {
		return len(b), nil
	}
	return h.f.Write(b)
}

// Read reads the terminal: input is never held.
func (h *heldTerminal) Read(b []byte) (int, error) { return h.f.Read(b) }

// Close closes the terminal. (Bubble Tea does not close its output.)
func (h *heldTerminal) Close() error { return h.f.Close() }

// Fd is the terminal's descriptor, so Bubble Tea treats it as a terminal.
func (h *heldTerminal) Fd() uintptr { return h.f.Fd() }
