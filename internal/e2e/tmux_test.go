package e2e

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// binary is the trustwork executable built once by TestMain, so every test
// drives the same real program a person would run.
var binary string

func TestMain(m *testing.M) {
	if _, err := exec.LookPath("tmux"); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: tmux is not installed; install it (apt-get install -y tmux) — make test and .ci/run do")
		os.Exit(1)
	}
	dir, err := os.MkdirTemp("", "trustwork-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "trustwork")
	build := exec.Command("go", "build", "-o", binary, "github.com/trustwork/trustwork/cmd/trustwork")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building trustwork failed:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var sessionSeq atomic.Int64

// term is one tmux server with one window running one command: a real
// terminal that a test types into and reads from.
type term struct {
	t      *testing.T
	socket string
}

// startTerm runs argv in a new tmux server of the given size. The pane stays
// after the program exits so its last words can still be read.
func startTerm(t *testing.T, width, height int, env []string, argv ...string) *term {
	t.Helper()
	tm := &term{t: t, socket: fmt.Sprintf("tw-%d-%d", os.Getpid(), sessionSeq.Add(1))}
	cmdline := "exec env " + shellJoin(env) + " " + shellJoin(argv)
	// remain-on-exit comes from the config, so it is on before the program
	// starts: one that exits at once (a refused file) keeps its pane, and
	// the server, for the test to read.
	conf := filepath.Join(t.TempDir(), "tmux.conf")
	if err := os.WriteFile(conf, []byte("set-option -g remain-on-exit on\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm.tmux("-f", conf, "new-session", "-d", "-s", "main",
		"-x", strconv.Itoa(width), "-y", strconv.Itoa(height), cmdline)
	pid := 0
	if out, err := exec.Command("tmux", "-L", tm.socket, "display-message", "-p", "-t", "main", "#{pane_pid}").Output(); err == nil {
		pid, _ = strconv.Atoi(strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		_ = tm.run("kill-server")
		// The server's SIGHUP makes trustwork save and exit; wait for it,
		// so its last writes do not race the removal of the test's folders.
		for i := 0; pid > 0 && i < 100; i++ {
			if err := syscall.Kill(pid, 0); err != nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	return tm
}

func (tm *term) run(args ...string) error {
	cmd := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...)
	cmd.Env = append(os.Environ(), "TMUX=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return nil
}

func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...)
	cmd.Env = append(os.Environ(), "TMUX=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// keys sends tmux key names ("Enter", "Escape", "C-s", …).
func (tm *term) keys(keys ...string) {
	tm.t.Helper()
	tm.tmux(append([]string{"send-keys", "-t", "main"}, keys...)...)
}

// typeText sends text literally, as if typed.
func (tm *term) typeText(s string) {
	tm.t.Helper()
	tm.tmux("send-keys", "-t", "main", "-l", s)
}

// screen returns what the terminal shows now.
func (tm *term) screen() string {
	tm.t.Helper()
	return tm.tmux("capture-pane", "-p", "-t", "main")
}

// transcript returns the screen and its scrollback. tmux moves a dead
// pane's last screen into the scrollback, so words printed just before an
// exit are read from here.
func (tm *term) transcript() string {
	tm.t.Helper()
	return tm.tmux("capture-pane", "-p", "-S", "-1000", "-t", "main")
}

// waitFor waits until the screen contains want, and returns the screen.
func (tm *term) waitFor(want string, timeout time.Duration) string {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	var s string
	for {
		s = tm.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("screen never showed %q within %v; it shows:\n%s", want, timeout, s)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// pid is the process running in the pane (the command is exec'd, so it is
// trustwork itself).
func (tm *term) pid() int {
	tm.t.Helper()
	out := strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "main", "#{pane_pid}"))
	pid, err := strconv.Atoi(out)
	if err != nil {
		tm.t.Fatalf("pane pid %q: %v", out, err)
	}
	return pid
}

// dead reports whether the pane's program has exited, and its status.
// tmux's own #{pane_dead_status} is not reliable here: the pane can read as
// dead (its pty closed) long before tmux reaps the process, so the process
// itself is asked, through /proc, while it is a zombie.
func (tm *term) dead() (bool, int) {
	tm.t.Helper()
	pid := tm.pid()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err == nil {
		// Fields after the command name, which is in parentheses and may
		// hold spaces: state is the first, exit_code the 50th.
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) == 0 || f[0] != "Z" {
			return false, 0
		}
		if len(f) >= 50 {
			if w, err := strconv.Atoi(f[49]); err == nil {
				ws := syscall.WaitStatus(w)
				if ws.Signaled() {
					return true, 128 + int(ws.Signal())
				}
				return true, ws.ExitStatus()
			}
		}
		return true, -1
	}
	// Reaped: tmux knows how it ended.
	out := strings.Split(strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "main", "#{pane_dead_status}:#{pane_dead_signal}")), ":")
	if len(out) == 2 && out[1] != "" {
		sig, _ := strconv.Atoi(out[1])
		return true, 128 + sig
	}
	if len(out) == 2 {
		if code, err := strconv.Atoi(out[0]); err == nil {
			return true, code
		}
	}
	return true, -1
}

// waitExit waits for the program to exit and returns its exit status.
func (tm *term) waitExit(timeout time.Duration) int {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if d, code := tm.dead(); d {
			return code
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("program did not exit within %v; screen:\n%s", timeout, tm.screen())
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// kill sends SIGKILL to the program and waits until tmux sees it gone.
func (tm *term) kill() {
	tm.t.Helper()
	if err := syscall.Kill(tm.pid(), syscall.SIGKILL); err != nil {
		tm.t.Fatalf("kill: %v", err)
	}
	tm.waitExit(5 * time.Second)
}

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// baseEnv is a clean environment for the program under test: its own HOME
// and XDG dirs, a capable TERM, and no editor.
func baseEnv(home string) []string {
	return []string{
		"HOME=" + home,
		"XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"TERM=xterm-256color",
		"LANG=C.UTF-8",
		"EDITOR=",
		"VISUAL=",
		"PATH=" + os.Getenv("PATH"),
	}
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// openDB opens a trustwork file for checking, read-only, with the same
// driver the app uses.
func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func integrityOK(t *testing.T, path string) {
	t.Helper()
	db := openDB(t, path)
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	if res != "ok" {
		t.Fatalf("integrity_check says %q", res)
	}
}
