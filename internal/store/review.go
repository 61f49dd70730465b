package store

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/trustwork/trustwork/internal/checkin"
)

// The check-in's bridge and the weekly review count what the other tools
// hold without knowing their types: they read the records generically, by
// table, kind and date, and take from data only the few fields below. A
// field that is missing or unreadable counts as nothing, never as an error,
// so a tool that stores less (or an older row) still gives a review.
//
// Fields relied on (all optional):
//
//	promises, kind "promise": At is the due date; data "status" is
//	  "open", "kept", "missed" or "renegotiated"; data "settled" (an
//	  RFC 3339 time) is when it was marked; data "owned" (bool) is a missed
//	  promise whose slip was owned. A settled promise counts in the week of
//	  "settled", or of its due date when "settled" is absent.
//	agreements, kind "agreement": read as agreements (agreements.go): the
//	  next review date, the reviews' days, ended or not.
//	space, kind "period": data "since" (RFC 3339, else the record's
//	  CreatedAt) is when space was asked for; data "ended" (RFC 3339) an
//	  early end; At is the date it was asked for until ('' until they reach
//	  out: open-ended).
//	wins, kind "win": CreatedAt is when it was written.
const (
	promisesTable   = "promises"
	promiseKind     = "promise"
	spacePeriodKind = periodKind // spaceTable and periodKind: see space.go
)

// toolFields is the part of a tool record's data the review reads.
type toolFields struct {
	Status  string `json:"status"`
	Settled string `json:"settled"`
	Owned   bool   `json:"owned"`
	Since   string `json:"since"`
	Ended   string `json:"ended"`
}

// fieldsOf reads the fields the review needs from a record's data. Each is
// read on its own, so one field of an unexpected type (a number where a
// time was expected) loses only itself.
func fieldsOf(data json.RawMessage) toolFields {
	var raw map[string]json.RawMessage
	var f toolFields
	if json.Unmarshal(data, &raw) != nil {
		return f
	}
	get := func(name string, into any) {
		if v, ok := raw[name]; ok {
			_ = json.Unmarshal(v, into) // a wrong type leaves the zero value
		}
	}
	get("status", &f.Status)
	get("settled", &f.Settled)
	get("owned", &f.Owned)
	get("since", &f.Since)
	get("ended", &f.Ended)
	return f
}

// toolTime reads a time from a data field; "" or an unreadable one is zero.
func toolTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func within(t, from, to time.Time) bool {
	return !t.IsZero() && !t.Before(from) && t.Before(to)
}

// DueSince counts what came due in [from, to) for a check-in's bridge: the
// promises whose due date falls in it, and the agreements whose review date
// does (an agreement already reviewed has moved on to its next date).
func (s *Store) DueSince(ctx context.Context, wb int64, from, to time.Time) (promises, reviews int, err error) {
	ps, err := s.Records(ctx, promisesTable, wb, RecordQuery{Kind: promiseKind, From: from, To: to, ByAt: true})
	if err != nil {
		return 0, 0, err
	}
	for _, r := range ps {
		if fieldsOf(r.Data).Status != "renegotiated" {
			promises++
		}
	}
	as, err := s.Records(ctx, agreementsTable, wb, RecordQuery{Kind: agreementKind, From: from, To: to, ByAt: true})
	if err != nil {
		return 0, 0, err
	}
	for _, r := range as {
		if !agreementOf(r).Ended() { // an ended agreement keeps its last date but is never due
			reviews++
		}
	}
	return promises, reviews, nil
}

// WeekCounts counts what happened in [from, to) (a week, for the weekly
// review) as of now: entries written, check-ins, promises kept and missed,
// agreements due and reviewed, small wins, and days of space kept. Days
// after now are not counted as space kept.
func (s *Store) WeekCounts(ctx context.Context, wb int64, from, to, now time.Time) (checkin.WeekCounts, error) {
	var w checkin.WeekCounts
	pcs, err := s.PromptCountsBetween(ctx, wb, from, to)
	if err != nil {
		return w, err
	}
	for _, p := range pcs {
		w.Entries += p.Count
	}
	cs, err := s.Records(ctx, checkinsTable, wb, RecordQuery{Kind: checkinKind, From: from, To: to, ByAt: true})
	if err != nil {
		return w, err
	}
	w.CheckIns = len(cs)
	if err := s.countPromises(ctx, wb, from, to, &w); err != nil {
		return w, err
	}
	if err := s.countAgreements(ctx, wb, from, to, &w); err != nil {
		return w, err
	}
	ws, err := s.Records(ctx, winsTable, wb, RecordQuery{Kind: winKind, From: from, To: to})
	if err != nil {
		return w, err
	}
	w.SmallWins = len(ws)
	w.SpaceDays, err = s.spaceDays(ctx, wb, from, to, now)
	return w, err
}

// countPromises counts the promises settled (kept or missed) in the week.
// All promises are read: a promise settled this week may be due any time.
func (s *Store) countPromises(ctx context.Context, wb int64, from, to time.Time, w *checkin.WeekCounts) error {
	ps, err := s.Records(ctx, promisesTable, wb, RecordQuery{Kind: promiseKind})
	if err != nil {
		return err
	}
	for _, r := range ps {
		f := fieldsOf(r.Data)
		at := toolTime(f.Settled)
		if at.IsZero() {
			at = r.At
		}
		if !within(at, from, to) {
			continue
		}
		switch f.Status {
		case "kept":
			w.PromisesKept++
		case "missed":
			w.PromisesMissed++
			if f.Owned {
				w.MissedOwned++
			}
		}
	}
	return nil
}

// countAgreements counts the agreements reviewed in the week, and those
// due in it: still waiting on a review dated in the week, or reviewed in it.
func (s *Store) countAgreements(ctx context.Context, wb int64, from, to time.Time, w *checkin.WeekCounts) error {
	rs, err := s.Records(ctx, agreementsTable, wb, RecordQuery{Kind: agreementKind})
	if err != nil {
		return err
	}
	for _, r := range rs {
		a := agreementOf(r) // its data only: the wording is not read
		reviewed := false
		for _, rv := range a.Reviews {
			reviewed = reviewed || within(rv.At, from, to)
		}
		if reviewed {
			w.AgreementsReviewed++
			w.AgreementsDue++
		} else if !a.Ended() && within(a.Review, from, to) {
			w.AgreementsDue++
		}
	}
	return nil
}

// spaceDays is how many whole days of space were given in [from,
// min(to, now)): the time covered by any period, overlaps counted once,
// in whole days, as the space tool counts the days kept.
func (s *Store) spaceDays(ctx context.Context, wb int64, from, to, now time.Time) (int, error) {
	ps, err := s.Records(ctx, spaceTable, wb, RecordQuery{Kind: spacePeriodKind})
	if err != nil {
		return 0, err
	}
	if now.Before(to) {
		to = now
	}
	type span struct{ start, end time.Time }
	var spans []span
	for _, r := range ps {
		f := fieldsOf(r.Data)
		sp := span{start: toolTime(f.Since), end: r.At} // At zero: until they reach out
		if sp.start.IsZero() {
			sp.start = r.CreatedAt
		}
		if e := toolTime(f.Ended); !e.IsZero() && (sp.end.IsZero() || e.Before(sp.end)) {
			sp.end = e
		}
		if sp.end.IsZero() || sp.end.After(to) {
			sp.end = to
		}
		if sp.start.Before(from) {
			sp.start = from
		}
		if sp.end.After(sp.start) {
			spans = append(spans, sp)
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start.Compare(b.start) })
	var total time.Duration
	var cur span
	for i, sp := range spans {
		switch {
		case i == 0:
			cur = sp
		case !sp.start.After(cur.end): // overlaps or touches: one stretch
			if sp.end.After(cur.end) {
				cur.end = sp.end
			}
		default:
			total += cur.end.Sub(cur.start)
			cur = sp
		}
	}
	if len(spans) > 0 {
		total += cur.end.Sub(cur.start)
	}
	return int(total / (24 * time.Hour)), nil
}
