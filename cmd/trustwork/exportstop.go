package main

import (
	"context"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// exportStopSignals are the signals that stop an export: it then ends as a
// failed one does, with its file not written and the journal closed (the
// writer the last connection, so no -wal or -shm is left beside it).
// Killed outright, it left them.
var exportStopSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// stoppable returns a context cancelled by the first of exportStopSignals,
// which signal that was (nil until one came), and a function that puts
// the signals' default actions back. A second signal kills at once.
//
// SIGPIPE is caught too, and never acted on: a write to a reader that
// went away (export -o - | head) then fails with EPIPE, and the export
// stops as on any failed write instead of being killed by it.
func stoppable() (ctx context.Context, got func() os.Signal, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var sig atomic.Value
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, exportStopSignals...)
	pipe := make(chan os.Signal, 1)
	signal.Notify(pipe, syscall.SIGPIPE)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			sig.Store(s)
			signal.Reset(exportStopSignals...) // the next one kills
			cancel()
		case <-done:
		}
	}()
	got = func() os.Signal {
		s, _ := sig.Load().(os.Signal)
		return s
	}
	stop = func() {
		close(done)
		signal.Stop(ch)
		signal.Stop(pipe)
		cancel()
	}
	return ctx, got, stop
}
