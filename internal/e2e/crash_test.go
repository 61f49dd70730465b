package e2e

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// lossWindow is how much of the most recent typing a SIGKILL may take: the
// app promises an autosave at most one second after a change, and the keys
// need a moment to travel from tmux through the pty to the program.
const lossWindow = 1000*time.Millisecond + 300*time.Millisecond

var words = strings.Fields(`I am sorry that I kept the truth from you for so long and I want to
show you with what I do not only with what I say that you can lean on me again
today I noticed that I wanted to defend myself and I stayed quiet and listened`)

type typed struct {
	at   time.Time // when the keys were handed to the terminal
	upto int       // length of the pending text once these keys arrive
}

// TestCrashLoop starts the real binary in a terminal again and again, types,
// sometimes saves, and SIGKILLs it at a random moment. After every kill the
// database must pass integrity_check, hold every entry whose save was
// acknowledged on screen, and hold a draft that lost at most the last second
// of typing; the next start must resume where the last one was.
// TRUSTWORK_CRASH_KILLS sets the number of kills (make soak uses 200).
func TestCrashLoop(t *testing.T) { crashLoop(t, 20, false) }

// TestCrashLoopLocked is the crash loop on a journal with a passphrase:
// every start unlocks first, and the rows are read through the store.
// Short by default; TRUSTWORK_CRASH_KILLS sets it as for TestCrashLoop.
func TestCrashLoopLocked(t *testing.T) { crashLoop(t, 5, true) }

func crashLoop(t *testing.T, kills int, locked bool) {
	if v := os.Getenv("TRUSTWORK_CRASH_KILLS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("TRUSTWORK_CRASH_KILLS=%q is not a positive number", v)
		}
		kills = n
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("TRUSTWORK_CRASH_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	t.Logf("seed %d (set TRUSTWORK_CRASH_SEED to replay)", seed)
	rng := rand.New(rand.NewPCG(seed, 0x7457))

	book := loadBook(t)
	home := t.TempDir()
	db := filepath.Join(home, "data", "trustwork", "journal.db")
	env := baseEnv(home)

	if locked {
		lockJournal(t, home)
	}
	readRows := func() ([]entryRow, []draftRow) {
		if locked {
			return lockedRows(t, db)
		}
		return entries(t, db), drafts(t, db)
	}

	var acked []string // bodies whose save the screen confirmed
	pending := ""      // what the open draft should hold
	for i := 0; i < kills; i++ {
		tm := startTerm(t, 100, 30, env, binary)
		if locked {
			unlockTUI(t, tm)
		}
		if i == 0 && !locked {
			firstRunToEditor(t, tm, book)
		} else {
			openEditor(t, tm)
			if pending != "" {
				// The draft is back on screen before we type into it.
				tm.waitFor(lastWords(pending, 3), waitLong)
			}
		}

		var history []typed
		unacked := "" // a body saved with ctrl+s whose "Saved" we did not see
		actions := 1 + rng.IntN(12)
		for a := 0; a < actions; a++ {
			if rng.IntN(10) < 2 && pending != "" {
				tm.keys("C-s")
				if rng.IntN(3) == 0 {
					// Kill before the acknowledgement can be seen.
					unacked = pending
					break
				}
				tm.waitFor("Saved to your journal", waitLong)
				acked = append(acked, pending)
				pending, history = "", nil
				tm.keys("Escape") // ctrl+s stays in the editor; esc goes on
				tm.waitFor("Prompts", waitLong)
				openEditor(t, tm)
				continue
			}
			chunk := words[rng.IntN(len(words))] + " "
			tm.typeText(chunk)
			pending += chunk
			history = append(history, typed{at: time.Now(), upto: len(pending)})
			time.Sleep(time.Duration(20+rng.IntN(150)) * time.Millisecond)
		}
		if rng.IntN(3) == 0 {
			// Sometimes the kill comes after typing has rested a while.
			time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond)
		}
		killedAt := time.Now()
		tm.kill()

		integrityOK(t, db)
		es, ds := readRows()
		have := map[string]int{}
		for _, e := range es {
			have[e.body]++
		}
		for _, body := range acked {
			if have[body] == 0 {
				t.Fatalf("kill %d: an acknowledged entry is missing: %q", i, body)
			}
			have[body]--
		}
		if unacked != "" && have[unacked] > 0 {
			// The save went through before the kill; it is acknowledged now.
			acked = append(acked, unacked)
			pending, history = "", nil
		}
		if len(es) != len(acked) {
			t.Fatalf("kill %d: %d entries in the database, %d saved", i, len(es), len(acked))
		}

		if len(ds) > 1 {
			t.Fatalf("kill %d: %d drafts, want at most one: %+v", i, len(ds), ds)
		}
		got := ""
		if len(ds) == 1 {
			got = ds[0].body
		}
		if !strings.HasPrefix(pending, got) {
			t.Fatalf("kill %d: draft %q is not what was typed (%q)", i, got, pending)
		}
		// Everything typed more than lossWindow before the kill is saved.
		must := 0
		for _, h := range history {
			if killedAt.Sub(h.at) > lossWindow {
				must = h.upto
			}
		}
		if len(got) < must {
			t.Fatalf("kill %d: draft lost more than the last second: have %d bytes, typed %d more than %v before the kill (%q)",
				i, len(got), must, lossWindow, pending)
		}
		pending = got
	}
	t.Logf("%d kills, %d entries saved", kills, len(acked))
}

// openEditor gets from wherever the app resumed to an open editor on a new
// answer: the editor itself, or the step screen, where Enter opens the next
// prompt. A start that resumes editing a just-saved entry (ctrl+s stays in
// the editor) backs out with esc through the entry and the journal to home,
// where Enter continues.
func openEditor(t *testing.T, tm *term) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		s := tm.screen()
		switch {
		case strings.Contains(s, "Writing ·"):
			return
		case strings.Contains(s, "a  Write another answer"):
			// Every prompt has an answer: the step asks before adding one.
			tm.keys("a")
			tm.waitFor("Writing ·", waitLong)
			return
		case strings.Contains(s, "Editing an entry ·"):
			tm.keys("Escape")
			time.Sleep(200 * time.Millisecond)
		case strings.Contains(s, "Prompts"):
			tm.keys("Enter")
			// The editor, or the question for an answered prompt: wait for
			// one of them rather than press Enter again.
			for s = tm.screen(); !strings.Contains(s, "Writing ·") && !strings.Contains(s, "a  Write another answer"); s = tm.screen() {
				if time.Now().After(deadline) {
					t.Fatalf("Enter on a step opened neither the editor nor the question:\n%s", s)
				}
				time.Sleep(30 * time.Millisecond)
			}
			continue
		case strings.Contains(s, "continue here"):
			tm.keys("Enter")
			time.Sleep(200 * time.Millisecond)
		case strings.Contains(s, "Journal"):
			tm.keys("Escape")
			time.Sleep(200 * time.Millisecond)
		}
		if time.Now().After(deadline) {
			t.Fatalf("neither the editor nor a step showed:\n%s", s)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

func lastWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[len(f)-n:]
	}
	return strings.Join(f, " ")
}
