package tui

import "context"

// bg is the context for store calls made directly by tests.
func bg() context.Context { return context.Background() }
