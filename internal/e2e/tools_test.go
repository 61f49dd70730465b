package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// firstRunToHome walks first run with Enter only and stops on home.
func firstRunToHome(t *testing.T, tm *term) {
	t.Helper()
	tm.waitFor("Press Enter to continue", waitLong)
	tm.keys("Enter")
	tm.waitFor("What to call them", waitLong)
	for range 3 {
		tm.keys("Enter")
	}
	tm.waitFor("continue here", waitLong)
}

// A small win written in the real binary survives a SIGKILL mid-writing:
// the next start reopens the editor on it, ctrl+s saves it, and status and
// export carry it.
func TestSmallWinSurvivesKill(t *testing.T) {
	home := t.TempDir()
	env := baseEnv(home)
	tm := startTerm(t, 80, 24, env, binary)
	firstRunToHome(t, tm)
	tm.keys("t")
	tm.waitFor("Toolkit", waitLong)
	tm.keys("n")
	tm.waitFor("Nothing here yet", waitLong)
	tm.keys("n")
	tm.waitFor("What went well?", waitLong)
	tm.typeText("We walked by the river, quince-lantern")
	tm.waitFor("quince-lantern", waitLong)
	tm.waitFor("draft kept", waitLong) // the autosave is done
	tm.kill()

	tm = startTerm(t, 80, 24, env, binary)
	tm.waitFor("quince-lantern", waitLong)
	tm.waitFor("Writing · Small wins", waitLong)
	tm.keys("C-s")
	tm.waitFor("1 small win", waitLong)
	tm.keys("Escape")
	tm.waitFor("Small wins: We walked by the river", waitLong)
	tm.keys("q")
	tm.waitExit(waitLong)

	out, errOut, code := runCLI(t, home, "status")
	if code != 0 || !strings.Contains(out, "Small wins: 1, 1 in the last 7 days") {
		t.Fatalf("status: %d %q %q", code, out, errOut)
	}
	md := filepath.Join(home, "out.md")
	if _, errOut, code := runCLI(t, home, "export", "-o", md); code != 0 {
		t.Fatalf("export: %d %q", code, errOut)
	}
	if b := readFile(t, md); !strings.Contains(b, "## Small wins") || !strings.Contains(b, "quince-lantern") {
		t.Fatalf("export has no small win:\n%s", b)
	}
}

// readFile returns a file's text, failing the test if it cannot be read.
func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// With the lock on, a tool's words, as a draft and once saved, are in no
// file under the data folder or /tmp, and are in an export made with the
// passphrase.
func TestLockedToolLeavesNoPlainText(t *testing.T) {
	home := t.TempDir()
	pass := lockJournal(t, home)
	tm := startTerm(t, 80, 24, baseEnv(home), binary)
	unlockTUI(t, tm)
	tm.waitFor("Writing", waitLong) // lockJournal's first run ended in the editor
	tm.keys("Escape")
	tm.waitFor("Prompts", waitLong)
	tm.keys("Escape")
	tm.waitFor("continue here", waitLong)
	tm.keys("n")
	tm.waitFor("Nothing here yet", waitLong)
	tm.keys("n")
	tm.waitFor("What went well?", waitLong)
	// Made at run time, so the test binary itself does not hold them.
	n := time.Now().UnixNano()
	draft, saved := fmt.Sprintf("mulberry%ddrafted", n), fmt.Sprintf("walnut%dsaved", n)
	tm.typeText(saved)
	tm.waitFor("draft kept", waitLong)
	tm.keys("C-s")
	tm.waitFor("1 small win", waitLong)
	tm.keys("n")
	tm.waitFor("What went well?", waitLong)
	tm.typeText(draft)
	tm.waitFor("draft kept", waitLong)
	tm.kill()
	for _, s := range []string{draft, saved} {
		if hits := filesHolding(t, s, home, os.TempDir()); len(hits) > 0 {
			t.Errorf("%q is in plain text in %v", s, hits)
		}
	}
	md := filepath.Join(home, "out.md")
	if _, errOut, code := runCLI(t, home, "export", "--passphrase-file", pass, "-o", md); code != 0 {
		t.Fatalf("export: %d %q", code, errOut)
	}
	if b := readFile(t, md); !strings.Contains(b, saved) {
		t.Errorf("the export with the passphrase lacks the saved win:\n%s", b)
	}
}
