package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSettingsLocksTheJournal writes a unique phrase in a plain journal,
// then sets a passphrase from settings (s on home), quits and starts
// again: the unlock screen must come first, and no file in the data folder
// may hold the phrase in plain text any more.
func TestSettingsLocksTheJournal(t *testing.T) {
	home := t.TempDir()
	data := filepath.Join(home, "data", "trustwork")
	phrase := fmt.Sprintf("Lantern-Otter-%d", time.Now().UnixNano()%1e9)
	env := baseEnv(home)

	tm := startTerm(t, 100, 30, env, binary)
	firstRunToEditor(t, tm, loadBook(t))
	tm.typeText("kept " + phrase)
	tm.waitFor("kept "+phrase, waitLong)
	tm.keys("C-s")
	tm.waitFor("Saved to your journal", waitLong)
	tm.keys("Escape")
	tm.waitFor("Step 1 of", waitLong)
	tm.keys("Escape")
	tm.waitFor("repairing trust with my partner", waitLong)
	if len(filesHolding(t, phrase, data)) == 0 {
		t.Fatal("the phrase is not in the plain journal: the check below would prove nothing")
	}

	tm.keys("s")
	tm.waitFor("Your side", waitLong)
	tm.keys("Tab", "Tab", "Tab")
	tm.waitFor("Enter to set one", waitLong)
	tm.keys("Enter")
	tm.waitFor("There is no back door", waitLong)
	tm.typeText(e2ePassphrase)
	tm.keys("Enter")
	tm.waitFor("The same again:", waitLong)
	tm.typeText(e2ePassphrase)
	tm.keys("Enter")
	s := tm.waitFor("trustwork will ask for the passphrase", waitLong)
	if strings.Contains(tm.transcript(), "quiet river") {
		t.Fatalf("the passphrase was shown:\n%s", s)
	}
	tm.keys("Escape")
	tm.waitFor("repairing trust with my partner", waitLong)
	tm.keys("q")
	tm.waitExit(waitLong)

	if hits := filesHolding(t, phrase, data); len(hits) > 0 {
		t.Fatalf("the phrase is in plain text in %v", hits)
	}
	tm = startTerm(t, 100, 30, env, binary)
	tm.waitFor("Type your passphrase and press Enter", waitLong)
	unlockTUI(t, tm)
	tm.waitFor("repairing trust with my partner", waitLong)
	tm.keys("q")
	tm.waitExit(waitLong)
}
