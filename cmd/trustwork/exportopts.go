package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/export"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// exportFlags are the options of `trustwork export` beyond -o and --force.
type exportFlags struct {
	format       string
	workbook     string
	noDrafts     bool
	step         string
	since, until string
	apology      bool
}

// exportFlagsOf reads the export options of a parsed call; the flags
// themselves are defined in the commands table.
func exportFlagsOf(c call) exportFlags {
	return exportFlags{format: c.str("format"), workbook: c.str("workbook"), noDrafts: c.flag("no-drafts"),
		step: c.str("step"), since: c.str("since"), until: c.str("until"), apology: c.flag("apology")}
}

// dateForm is how --since and --until are written.
const dateForm = "2006-01-02"

// check validates what can be checked before the journal is open, and
// returns the date range as instants: from the start of --since to the
// start of the day after --until, in loc. Mistakes are usage errors.
func (f *exportFlags) check(loc *time.Location) (from, to time.Time, err error) {
	if f.apology && (f.format != "markdown" || f.noDrafts || f.step != "" || f.since != "" || f.until != "") {
		return from, to, usageErr{fmt.Errorf("--apology writes the letter alone; leave out --format, --no-drafts, --step, --since and --until")}
	}
	switch f.format {
	case "markdown":
	case "json":
		if f.workbook != "" || f.noDrafts || f.step != "" || f.since != "" || f.until != "" {
			return from, to, usageErr{fmt.Errorf("--format json always holds the whole journal, every workbook (it is for trustwork import); --workbook, --no-drafts, --step, --since and --until are for markdown")}
		}
		return from, to, nil
	default:
		return from, to, usageErr{fmt.Errorf("--format %q is not known: use markdown or json", f.format)}
	}
	day := func(name, v string, next int) (time.Time, error) {
		if v == "" {
			return time.Time{}, nil
		}
		d, err := time.ParseInLocation(dateForm, v, loc)
		if err != nil {
			return time.Time{}, usageErr{fmt.Errorf("--%s %q is not a date: write it as YYYY-MM-DD, for example %s", name, v, time.Now().In(loc).Format(dateForm))}
		}
		// The start of that day, or of the next: AddDate and not 24 hours,
		// so a day with a daylight-saving change still ends at midnight.
		return time.Date(d.Year(), d.Month(), d.Day()+next, 0, 0, 0, 0, loc), nil
	}
	if from, err = day("since", f.since, 0); err != nil {
		return from, to, err
	}
	if to, err = day("until", f.until, 1); err != nil {
		return from, to, err
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return from, to, usageErr{fmt.Errorf("--since %s is after --until %s, so nothing would be exported: swap them", f.since, f.until)}
	}
	return from, to, nil
}

// stepID resolves --step against the steps in the person's order: a number
// as `trustwork status` shows it, or a step id.
func (f *exportFlags) stepID(book *workbook.Workbook, wb store.Workbook) (string, error) {
	if f.step == "" {
		return "", nil
	}
	steps := book.Track(workbook.TrackFor(wb.Hurt()))
	if n, err := strconv.Atoi(f.step); err == nil {
		if n >= 1 && n <= len(steps) {
			return steps[n-1].ID, nil
		}
		return "", usageErr{fmt.Errorf("--step %d is not a step: use a number from 1 to %d, as trustwork status shows them", n, len(steps))}
	}
	ids := make([]string, len(steps))
	for i, s := range steps {
		if s.ID == f.step {
			return s.ID, nil
		}
		ids[i] = s.ID
	}
	return "", usageErr{fmt.Errorf("--step %q is not a step: use a number from 1 to %d as trustwork status shows them, or one of %s", f.step, len(steps), strings.Join(ids, ", "))}
}

// options builds the markdown export's options.
func (f *exportFlags) options(book *workbook.Workbook, wb store.Workbook, from, to time.Time) (export.Options, error) {
	id, err := f.stepID(book, wb)
	if err != nil {
		return export.Options{}, err
	}
	return export.Options{Now: time.Now(), Location: time.Local, NoDrafts: f.noDrafts, StepID: id, From: from, To: to}, nil
}
