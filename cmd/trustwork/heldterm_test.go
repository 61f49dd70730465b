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
		h := heldTerminal{f: w, decided: decided, refused: &verdict}
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
