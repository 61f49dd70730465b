// Command peakrss runs a program and writes the program's own peak
// resident set size, for the memory figures of `make bench`.
//
// Usage: peakrss FILE PROGRAM [ARG...]
//
// It exists because getrusage cannot be read straight from benchreport.
// Go starts a child with vfork semantics (clone with CLONE_VM|CLONE_VFORK),
// so until exec the child runs in its parent's address space, and at exec
// Linux folds that address space's high-water mark into the child's
// ru_maxrss (exec_mmap calls setmax_mm_hiwater_rss; golang/go#32054). A
// child of benchreport therefore reports at least benchreport's own peak,
// which holds three generated journals and, after turning the lock on in
// process, Argon2id's 19 MiB. peakrss is a small, fresh process: the
// program it starts inherits only peakrss's own high-water mark, which it
// writes beside the figure so the reader can check the figure is above it.
//
// FILE gets one line: the program's ru_maxrss in bytes, then peakrss's
// own high-water mark (VmHWM) just before the start, in bytes. stdin,
// stdout, stderr and the controlling terminal pass through; peakrss exits
// with the program's status.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: peakrss FILE PROGRAM [ARG...]")
		return 2
	}
	floor, err := ownHWM()
	if err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		return 1
	}
	cmd := exec.Command(args[1], args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		return 1
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		fmt.Fprintln(os.Stderr, "peakrss: no resource usage for", args[1])
		return 1
	}
	line := fmt.Sprintf("%d %d\n", ru.Maxrss*1024, floor)
	if err := os.WriteFile(args[0], []byte(line), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		return 1
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		return max(code, 1) // -1 (a signal) is a failure too
	}
	return 0
}

// ownHWM is this process's peak resident set size since its exec, in
// bytes: VmHWM from /proc/self/status, in kB there.
func ownHWM() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("VmHWM in /proc/self/status: %w", err)
			}
			return kb * 1024, nil
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("no VmHWM in /proc/self/status")
}
