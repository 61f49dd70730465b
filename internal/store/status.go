package store

// Words returns the status as a person reads it: "done", "in progress" or
// "not started" (also for a step with no status yet, the zero Status).
// The home screen, `trustwork status` and the export all say it this way.
func (s Status) Words() string {
	switch s {
	case Done:
		return "done"
	case InProgress:
		return "in progress"
	}
	return "not started"
}
