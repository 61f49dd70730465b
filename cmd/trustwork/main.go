// Command trustwork is a terminal workbook for repairing trust in a
// relationship. Run it with no arguments to open the workbook; see --help
// for the other commands.
package main

import (
	"os"
	"runtime/debug"
)

// memoryLimit is a soft limit on the Go heap. trustwork's live data is small
// (a page of journal summaries, one entry, one rendered lesson), but package
// initialisation and rendering leave garbage that the default GC pacing lets
// grow the process past what a journal app should hold; the limit makes the
// collector run before that. It is soft: a large paste may exceed it.
const memoryLimit = 24 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
