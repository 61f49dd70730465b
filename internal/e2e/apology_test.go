package e2e

import (
	"strings"
	"testing"
)

// The apology in the real binary: reached from home by its key, a
// deflection flagged live as it is typed, a section saved with ctrl+s,
// another section's words found again after a SIGKILL mid-writing, a
// version kept, and `export --apology` writing the letter alone.
func TestApologyFlaggedKeptAndExported(t *testing.T) {
	home := t.TempDir()
	env := baseEnv(home)
	tm := startTerm(t, 80, 24, env, binary)
	firstRunToHome(t, tm)
	tm.keys("a")
	tm.waitFor("Request for forgiveness (optional)", waitLong)
	tm.keys("Enter")
	tm.waitFor("Regret: Say plainly", waitLong)
	tm.typeText("I'm sorry you feel that way, but it was just a kiss.")
	tm.waitFor("“I'm sorry you feel” — ", waitLong) // flagged live, under the text
	tm.waitFor("“it was just a kiss” — ", waitLong)
	tm.keys("C-s")
	tm.waitFor("written · 3 notes", waitLong)

	for range 5 {
		tm.keys("Down")
	}
	tm.keys("Enter")
	tm.waitFor("Offer of repair: Offer what you will do", waitLong)
	tm.typeText("I will answer every question, amber-falcon")
	tm.waitFor("amber-falcon", waitLong)
	tm.waitFor("draft kept", waitLong) // the autosave is done
	tm.kill()

	tm = startTerm(t, 80, 24, env, binary)
	tm.waitFor("amber-falcon", waitLong)
	tm.waitFor("Writing · Apology", waitLong)
	tm.keys("C-s")
	tm.waitFor("Notes: 4", waitLong) // the missing offer of repair is gone
	tm.keys("s")
	tm.waitFor("Kept as version 1.", waitLong)
	tm.keys("q")
	tm.waitExit(waitLong)

	out, errOut, code := runCLI(t, home, "export", "--apology")
	want := "I'm sorry you feel that way, but it was just a kiss.\n\nI will answer every question, amber-falcon\n"
	if code != 0 || out != want || !strings.Contains(errOut, "this is the latest, version 1") {
		t.Fatalf("export --apology: %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	out, errOut, code = runCLI(t, home, "status")
	if code != 0 || !strings.Contains(out, "Apology: 1 version kept") {
		t.Fatalf("status: %d %q %q", code, out, errOut)
	}
}

// On the hurt side the same key opens the impact letter, with its own
// gentle note, and `export --apology` writes it alone.
func TestImpactLetterExported(t *testing.T) {
	home := t.TempDir()
	env := baseEnv(home)
	tm := startTerm(t, 60, 20, env, binary)
	tm.waitFor("Press Enter to continue", waitLong)
	tm.keys("Enter")
	tm.waitFor("What to call them", waitLong)
	tm.keys("Enter", "Enter", "Right")
	tm.waitFor("My trust was broken", waitLong)
	tm.keys("Enter")
	tm.waitFor("continue here", waitLong)
	tm.keys("a")
	tm.waitFor("What happened to me", waitLong)
	tm.keys("Down", "Enter")
	tm.typeText("I keep thinking it was my fault.")
	tm.waitFor("Their choice was theirs", waitLong)
	tm.keys("C-s")
	tm.waitFor("written · 1 note", waitLong)
	tm.keys("s")
	tm.waitFor("Kept as version 1.", waitLong)
	tm.keys("v", "f")
	tm.waitFor("Version 1 is marked finished.", waitLong)
	tm.keys("q")
	tm.waitExit(waitLong)

	out, errOut, code := runCLI(t, home, "export", "--apology")
	if code != 0 || out != "I keep thinking it was my fault.\n" || errOut != "" {
		t.Fatalf("export --apology: %d %q %q", code, out, errOut)
	}
	out, _, _ = runCLI(t, home, "status")
	if !strings.Contains(out, "Impact letter: 1 version kept, version 1 finished") {
		t.Fatalf("status: %q", out)
	}
}
