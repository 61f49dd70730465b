package bench

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/sys/unix"
)

// Step is one stage of a scripted terminal session: type Send (may be
// empty), then wait until every string of WaitFor has appeared on the
// screen since Send was typed (escape sequences removed).
type Step struct {
	Send    string
	WaitFor []string
}

// PtyResult is what one scripted run measured.
type PtyResult struct {
	// Steps holds, per step, the time from the process start (for the
	// first step) or from typing Send (for the others) to its markers.
	Steps []time.Duration
	// No peak memory here: getrusage of a child started from a large
	// parent reports the parent's peak (see cmd/peakrss, which measures
	// it through a small launcher).
}

// openPty opens a pseudo-terminal pair of the given size with
// /dev/ptmx, without any third-party package.
func openPty(cols, rows int) (master, slave *os.File, err error) {
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open /dev/ptmx: %w", err)
	}
	master = os.NewFile(uintptr(fd), "/dev/ptmx")
	fail := func(err error) (*os.File, *os.File, error) {
		master.Close()
		return nil, nil, err
	}
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		return fail(fmt.Errorf("unlock pty: %w", err))
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		return fail(fmt.Errorf("pty number: %w", err))
	}
	slave, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return fail(err)
	}
	ws := &unix.Winsize{Row: uint16(rows), Col: uint16(cols)}
	if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, ws); err != nil {
		slave.Close()
		return fail(fmt.Errorf("set window size: %w", err))
	}
	return master, slave, nil
}

// screenLog collects a process's output and lets a caller wait for text.
type screenLog struct {
	mu   sync.Mutex
	cond *sync.Cond
	raw  bytes.Buffer
	done bool
}

func (l *screenLog) read(f *os.File) {
	buf := make([]byte, 64<<10)
	for {
		n, err := f.Read(buf)
		l.mu.Lock()
		l.raw.Write(buf[:n])
		if err != nil {
			l.done = true
		}
		l.cond.Broadcast()
		l.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// mark is the current length of the output.
func (l *screenLog) mark() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.raw.Len()
}

// waitFor blocks until every string in want appears in the output after
// offset from, or the deadline passes.
func (l *screenLog) waitFor(from int, want []string, deadline time.Time) error {
	t := time.AfterFunc(time.Until(deadline), func() {
		l.mu.Lock()
		l.cond.Broadcast()
		l.mu.Unlock()
	})
	defer t.Stop()
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		text := ansi.Strip(string(l.raw.Bytes()[from:]))
		missing := ""
		for _, w := range want {
			if !strings.Contains(text, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return nil
		}
		if l.done || time.Now().After(deadline) {
			tail := text[max(len(text)-2000, 0):]
			return fmt.Errorf("%q never appeared on the screen; last output:\n%s", missing, tail)
		}
		l.cond.Wait()
	}
}

// RunInPty runs bin in a new 80×24 pseudo-terminal with env, plays the
// script, then types quit (e.g. "\x03" for ctrl+c) and waits for the
// process to end. The terminal answers no queries, as a slow or dumb
// terminal would not: a program that waits for answers shows it here.
func RunInPty(bin string, args, env []string, script []Step, quit string, timeout time.Duration) (PtyResult, error) {
	var res PtyResult
	deadline := time.Now().Add(timeout)
	start := time.Now()
	cmd, master, log, exited, err := startInPty(bin, args, env)
	if err != nil {
		return res, err
	}
	defer master.Close()

	var runErr error
	for i, st := range script {
		from := log.mark()
		t0 := time.Now()
		if i == 0 {
			from, t0 = 0, start
		}
		if st.Send != "" {
			if _, err := master.WriteString(st.Send); err != nil {
				runErr = err
				break
			}
		}
		if err := log.waitFor(from, st.WaitFor, deadline); err != nil {
			runErr = fmt.Errorf("step %d: %w", i+1, err)
			break
		}
		res.Steps = append(res.Steps, time.Since(t0))
	}
	if quit != "" {
		master.WriteString(quit)
	}
	select {
	case err := <-exited:
		if err != nil && runErr == nil {
			runErr = fmt.Errorf("%s exited: %w", bin, err)
		}
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-exited
		if runErr == nil {
			runErr = errors.New(bin + " did not quit within 5s")
		}
	}
	return res, runErr
}

// RunToExit runs bin in a new 80×24 pseudo-terminal with env until it
// exits, and returns every byte it wrote there, escape sequences
// included, and its exit status. Tests use it to see what a program does
// to the terminal, which a screen capture hides: a mode set and reset, or
// a query whose answer would land in the shell after the program exits.
func RunToExit(bin string, args, env []string, timeout time.Duration) (out []byte, code int, err error) {
	cmd, master, log, exited, err := startInPty(bin, args, env)
	if err != nil {
		return nil, 0, err
	}
	defer master.Close()
	select {
	case err = <-exited:
	case <-time.After(timeout):
		cmd.Process.Kill()
		<-exited
		return nil, 0, fmt.Errorf("%s did not exit within %s", bin, timeout)
	}
	// The rest of the output is read until the pty reports its end.
	log.mu.Lock()
	for !log.done {
		log.cond.Wait()
	}
	out = bytes.Clone(log.raw.Bytes())
	log.mu.Unlock()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out, 0, nil
	case errors.As(err, &exit):
		return out, exit.ExitCode(), nil
	}
	return out, 0, err
}

// startInPty starts bin in a new 80×24 pseudo-terminal as the leader of
// its own session, with the terminal's output collected in log and the
// exit status sent on exited. The caller closes master.
func startInPty(bin string, args, env []string) (cmd *exec.Cmd, master *os.File, log *screenLog, exited chan error, err error) {
	master, slave, err := openPty(80, 24)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	cmd = exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	log = &screenLog{}
	log.cond = sync.NewCond(&log.mu)
	if err := cmd.Start(); err != nil {
		slave.Close()
		master.Close()
		return nil, nil, nil, nil, err
	}
	slave.Close() // the child has it; EOF on master once the child exits
	go log.read(master)
	exited = make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	return cmd, master, log, exited, nil
}
