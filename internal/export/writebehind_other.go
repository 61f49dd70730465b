//go:build !linux

package export

import "os"

// writeBehind is the export's file: starting writeback early
// (sync_file_range) from a writing goroutine is Linux's; elsewhere the
// writes go straight to the file and the final fsync does all of it.
type writeBehind struct{ *os.File }

func newWriteBehind(f *os.File) *writeBehind { return &writeBehind{f} }

// Close does nothing: the file is closed by its owner.
func (w *writeBehind) Close() error { return nil }
