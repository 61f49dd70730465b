package checkin

import "fmt"

// WeekCounts is what happened in one week, counted by the store.
type WeekCounts struct {
	Entries            int
	CheckIns           int
	PromisesKept       int
	PromisesMissed     int
	MissedOwned        int // of the missed, how many had the slip routine done
	AgreementsDue      int
	AgreementsReviewed int
	SmallWins          int
	SpaceDays          int // days of asked-for space kept this week
}

// WeeklySummary returns short lines for the weekly review. Each line either
// notices something done or offers one small next step; none counts a
// shortfall against the person.
func WeeklySummary(w WeekCounts) []string {
	var lines []string
	switch {
	case w.Entries == 0 && w.CheckIns == 0:
		lines = append(lines, "A quiet week in the workbook. A two-minute check-in is a gentle way back in.")
	case w.CheckIns == 0:
		lines = append(lines, fmt.Sprintf("%d %s written. A check-in next week would add a point to your line.", w.Entries, plural(w.Entries, "entry", "entries")))
	default:
		lines = append(lines, fmt.Sprintf("%d %s written and %d %s.", w.Entries, plural(w.Entries, "entry", "entries"), w.CheckIns, plural(w.CheckIns, "check-in", "check-ins")))
	}
	if n := w.PromisesKept + w.PromisesMissed; n > 0 {
		line := fmt.Sprintf("%d of %d %s kept.", w.PromisesKept, n, plural(n, "promise", "promises"))
		if unowned := w.PromisesMissed - w.MissedOwned; unowned > 0 {
			line += fmt.Sprintf(" %d missed %s still to own: say it, own it, make amends.", unowned, plural(unowned, "one is", "ones are"))
		} else if w.PromisesMissed > 0 {
			line += " Every slip owned."
		}
		lines = append(lines, line)
	}
	if w.AgreementsDue > w.AgreementsReviewed {
		n := w.AgreementsDue - w.AgreementsReviewed
		lines = append(lines, fmt.Sprintf("%d %s ready to look at together.", n, plural(n, "agreement is", "agreements are")))
	} else if w.AgreementsReviewed > 0 {
		lines = append(lines, fmt.Sprintf("%d %s reviewed together.", w.AgreementsReviewed, plural(w.AgreementsReviewed, "agreement", "agreements")))
	}
	if w.SmallWins > 0 {
		lines = append(lines, fmt.Sprintf("%d small %s noticed.", w.SmallWins, plural(w.SmallWins, "win", "wins")))
	} else {
		lines = append(lines, "Was there a moment that went well? It counts as a small win.")
	}
	if w.SpaceDays > 0 {
		lines = append(lines, fmt.Sprintf("%d %s of space kept.", w.SpaceDays, plural(w.SpaceDays, "day", "days")))
	}
	return lines
}
