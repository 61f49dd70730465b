package main

import (
	"io"
	"os"
	"testing"
	"time"
)

// TestHeldTerminal: writes wait for the verdict on the data file, pass
// once it is accepted, and vanish if it is refused.
func TestHeldTerminal(t *testing.T) {
	for _, refused := range []bool{false, true} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		decided := make(chan struct{})
		verdict := false
		h := &heldTerminal{f: w, decided: decided, refused: &verdict}
		wrote := make(chan struct{})
		go func() {
			h.Write([]byte("\x1b[?1049h frame"))
			close(wrote)
		}()
		select {
		case <-wrote:
			t.Fatal("a write went through before the file was accepted or refused")
		case <-time.After(50 * time.Millisecond):
		}
		verdict = refused
		close(decided)
		<-wrote
		h.Write([]byte(" more"))
		w.Close()
		got, _ := io.ReadAll(r)
		want := "\x1b[?1049h frame more"
		if refused {
			want = ""
		}
		if string(got) != want {
			t.Fatalf("refused=%v: the terminal got %q, want %q", refused, got, want)
		}
		if h.Fd() != w.Fd() {
			t.Fatal("Fd is not the terminal's, so Bubble Tea would not see a terminal")
		}
	}
}

// TestHeldTerminalLetsASlowOpenShow: a verdict that takes longer than
// holdAtMost (a check of the whole file after a crash, seconds on a large
// journal) no longer holds the output, so the terminal shows "Opening
// your journal…" instead of nothing at all until the check is done.
func TestHeldTerminalLetsASlowOpenShow(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	decided := make(chan struct{}) // never closed: the check goes on
	verdict := false
	h := &heldTerminal{f: w, decided: decided, refused: &verdict}
	wrote := make(chan struct{})
	go func() {
		h.Write([]byte("Opening your journal…"))
		close(wrote)
	}()
	select {
	case <-wrote:
	case <-time.After(holdAtMost + 2*time.Second):
		t.Fatal("the output was still held long after holdAtMost, the verdict still to come")
	}
	w.Close()
	if got, _ := io.ReadAll(r); string(got) != "Opening your journal…" {
		t.Fatalf("the terminal got %q", got)
	}
}
