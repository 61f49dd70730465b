package e2e

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/trustwork/trustwork/internal/bench"
)

// TestStoppedExportClosesTheJournal: an export that is stopped half way,
// by a signal or by the program reading it going away (`| head`), still
// closes the journal as a finished one does, leaving no -wal or -shm file
// beside it, and says why it stopped in one line (nothing, when the reader
// went away: it has what it wanted, and other tools say nothing either,
// exiting as SIGPIPE would). Killed outright (the
// default action of SIGTERM and SIGPIPE), it left both behind.
func TestStoppedExportClosesTheJournal(t *testing.T) {
	db, err := bench.GenerateFile(context.Background(), t.TempDir(), "S")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		stop func(t *testing.T, cmd *exec.Cmd, r *os.File)
		code int
		says string
	}{
		{"SIGTERM", func(t *testing.T, cmd *exec.Cmd, r *os.File) {
			// Half way: the export has begun writing and waits for
			// this reader, which goes on reading after the signal.
			io.ReadFull(r, make([]byte, 100))
			cmd.Process.Signal(syscall.SIGTERM)
			io.Copy(io.Discard, r)
		}, 143, "export: stopped by SIGTERM"},
		{"SIGINT", func(t *testing.T, cmd *exec.Cmd, r *os.File) {
			// Half way: the export has begun writing and waits for
			// this reader, which goes on reading after the signal.
			io.ReadFull(r, make([]byte, 100))
			cmd.Process.Signal(syscall.SIGINT)
			io.Copy(io.Discard, r)
		}, 130, "export: stopped by SIGINT"},
		{"reader gone", func(t *testing.T, cmd *exec.Cmd, r *os.File) {
			io.ReadFull(r, make([]byte, 100))
			r.Close()
		}, 141, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var stderr strings.Builder
			cmd := exec.Command(binary, "export", "--db", db, "-o", "-")
			cmd.Env = baseEnv(t.TempDir())
			cmd.Stdout, cmd.Stderr = w, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			w.Close()
			tc.stop(t, cmd, r)
			cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != tc.code {
				t.Errorf("exit code %d (%s), want %d", code, cmd.ProcessState, tc.code)
			}
			if msg := stderr.String(); tc.says == "" && msg != "" || tc.says != "" && (strings.Count(msg, "\n") != 1 || !strings.Contains(msg, tc.says)) {
				t.Errorf("stderr %q, want one line saying %q", msg, tc.says)
			}
			for _, suffix := range []string{"-wal", "-shm"} {
				if _, err := os.Stat(db + suffix); err == nil {
					t.Errorf("%s left beside the journal", filepath.Base(db+suffix))
					os.Remove(db + suffix)
				}
			}
		})
	}
}
