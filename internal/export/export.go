// Package export writes a workbook's journal as one CommonMark document. It
// streams entries from the store one at a time, so memory does not grow with
// the journal, and it never touches the terminal.
//
// Everything the person wrote is untrusted as far as the document is
// concerned: it passes through sanitize.Text (no control characters reach the
// file) and is then escaped so that it can only ever be paragraph text. A
// body that says "# Heading" or "```" reads as those characters; it cannot
// add a heading, a code block, a link or raw HTML to the journal.
package export

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// Source is what export reads; *store.Store satisfies it.
type Source interface {
	EachEntry(ctx context.Context, wb int64, stepID, promptID string, fn func(store.Entry) error) error
	PromptCountsBetween(ctx context.Context, wb int64, from, to time.Time) ([]store.PromptCount, error)
	Drafts(ctx context.Context, wb int64) ([]store.Draft, error)
	Progress(ctx context.Context, wb int64) (map[string]store.Status, error)
}

// Options tune an export. Now is the export's date; Location is where dates
// are shown (time.Local in the app, UTC in golden tests). A nil Location
// means time.Local; a zero Now means time.Now().
//
// The zero value exports everything. The other fields narrow it, and the
// document says under its title what was left out.
type Options struct {
	Now      time.Time
	Location *time.Location
	// NoDrafts leaves out the drafts not yet saved.
	NoDrafts bool
	// StepID keeps one step only: its entries, the answers to its
	// questions that are no longer in the workbook, and its drafts. The
	// step keeps its number from the whole workbook.
	StepID string
	// From and To keep the entries written, and the drafts last changed,
	// at From or later and before To. A zero time leaves that end open.
	// The command line turns its inclusive local dates into these.
	From, To time.Time
}

// inRange reports whether t is within [o.From, o.To).
func (o Options) inRange(t time.Time) bool {
	return (o.From.IsZero() || !t.Before(o.From)) && (o.To.IsZero() || t.Before(o.To))
}

// ErrNoStep is returned when Options.StepID names no step of the workbook.
var ErrNoStep = errors.New("no such step")

// editedAfter is how much later UpdatedAt must be than CreatedAt before an
// entry is marked as edited: saving twice within a minute of writing is
// still the first writing, and the store may touch UpdatedAt on create.
const editedAfter = time.Minute

// Markdown writes the whole journal of workbook w as one CommonMark document
// to out, streaming: memory must not grow with the journal.
//
// Shape: a title, one "##" section per step in content order (each prompt's
// entries under a "###" heading with the question as it was asked, oldest
// first), then "Written on the other track" for answers written before the
// person changed side, "Other entries" for answers to questions no longer in
// the workbook, and "Drafts not yet saved". Steps without entries say "Nothing
// written yet." so the reader sees the whole path.
func Markdown(ctx context.Context, out io.Writer, src Source, book *workbook.Workbook, w store.Workbook, opts Options) error {
	if book == nil {
		book = &workbook.Workbook{}
	}
	// Every lesson, to tell answers written on the other track (before a
	// change of side) from answers to questions no longer in the workbook.
	all := book
	// Steps of this person's track, in the order they work through them.
	track := workbook.TrackFor(w.Hurt())
	book = &workbook.Workbook{Steps: book.Track(track)}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	first := 0 // the number of the first step shown, less one
	if opts.StepID != "" {
		first = book.Index(opts.StepID)
		if first < 0 {
			return fmt.Errorf("export: step %q: %w", opts.StepID, ErrNoStep)
		}
		book = &workbook.Workbook{Steps: book.Steps[first : first+1]}
	}
	counts, err := src.PromptCountsBetween(ctx, w.ID, opts.From, opts.To)
	if err != nil {
		return fmt.Errorf("export: count entries: %w", err)
	}
	if opts.StepID != "" {
		counts = slices.DeleteFunc(counts, func(c store.PromptCount) bool { return c.StepID != opts.StepID })
	}
	var drafts []store.Draft
	if !opts.NoDrafts {
		if drafts, err = src.Drafts(ctx, w.ID); err != nil {
			return fmt.Errorf("export: read drafts: %w", err)
		}
		drafts = slices.DeleteFunc(drafts, func(d store.Draft) bool {
			// A tool's unsaved text belongs to its own section.
			return store.IsToolStep(d.StepID) || opts.StepID != "" && d.StepID != opts.StepID || !opts.inRange(d.UpdatedAt)
		})
	}
	progress, err := src.Progress(ctx, w.ID)
	if err != nil {
		return fmt.Errorf("export: read progress: %w", err)
	}

	// Which (step, prompt) pairs have entries, and which of those are no
	// longer in the content. Both are bounded by the number of prompts, not
	// by the number of entries.
	type pair struct{ step, prompt string }
	has := make(map[pair]bool, len(counts))
	total := 0
	for _, c := range counts {
		if c.Count <= 0 {
			continue
		}
		has[pair{c.StepID, c.PromptID}] = true
		total += c.Count
	}
	var orphans, otherTrack []pair
	for _, c := range counts {
		if c.Count <= 0 {
			continue
		}
		if st, ok := book.Step(c.StepID); ok {
			if _, ok := st.Prompt(c.PromptID); ok {
				continue
			}
		}
		if st, ok := all.Step(c.StepID); ok && st.Track != track {
			otherTrack = append(otherTrack, pair{c.StepID, c.PromptID})
			continue
		}
		orphans = append(orphans, pair{c.StepID, c.PromptID})
	}

	// The other track reads in its own step and question order; counts
	// come in the order of the steps' internal names.
	slices.SortStableFunc(otherTrack, func(a, b pair) int {
		if c := all.Index(a.step) - all.Index(b.step); c != 0 {
			return c
		}
		st, _ := all.Step(a.step)
		return promptIndex(st, a.prompt) - promptIndex(st, b.prompt)
	})

	// The tools' sections are read and formatted beside the entries (on
	// the second core, from their own connection) into memory, and written
	// after them: they are small (150 KB for three years of daily
	// check-ins) but their rows are many and decoded one by one, a quarter
	// of the export's time when it followed the entries.
	var tools func() ([]byte, error)
	if ts, ok := src.(ToolSource); ok && opts.StepID == "" {
		tctx, cancel := context.WithCancel(ctx)
		tools = renderTools(tctx, ts, w, opts)
		// An export that fails early stops them too, and waits for them:
		// the caller closes the journal next, and a read still running
		// would keep a connection open past that close (leaving -wal and
		// -shm beside the journal).
		defer func() {
			cancel()
			tools()
		}()
	}

	bw := bufio.NewWriterSize(out, 32<<10)
	e := &exporter{ctx: ctx, w: bw, src: src, wb: w.ID, loc: opts.Location, opts: opts}

	e.heading(1, "Journal: "+workbook.Purpose(track), w.PartnerName, "them")
	e.raw("\nExported ")
	e.raw(dateString(opts.Now.In(opts.Location)))
	if rel := inline(w.Relationship); rel != "" {
		e.raw(" · Relationship: ")
		e.raw(rel)
	}
	e.raw(" · ")
	e.raw(strconv.Itoa(total))
	if total == 1 {
		e.raw(" entry\n")
	} else {
		e.raw(" entries\n")
	}
	e.scope(first)

	for i, st := range book.Steps {
		e.raw("\n")
		e.heading(2, strconv.Itoa(first+i+1)+". ", st.Title, "Untitled step")
		e.raw("\nStatus: ")
		e.raw(progress[st.ID].Words())
		e.raw("\n")
		wrote := false
		for _, p := range st.Prompts {
			if !has[pair{st.ID, p.ID}] {
				continue
			}
			if err := e.prompt(st.ID, p.ID, p.Text); err != nil {
				return err
			}
			wrote = true
		}
		if !wrote {
			e.raw("\n*Nothing written yet.*\n")
		}
	}

	if len(otherTrack) > 0 {
		e.raw("\n## Written on the other track\n\n")
		e.raw("You wrote these while this workbook was set to the other side. They are kept as you wrote them.\n")
		for _, o := range otherTrack {
			if err := e.prompt(o.step, o.prompt, ""); err != nil {
				return err
			}
		}
	}

	if len(orphans) > 0 {
		e.raw("\n## Other entries\n\n")
		e.raw("These answer questions that are no longer in the workbook.\n")
		for _, o := range orphans {
			if err := e.prompt(o.step, o.prompt, ""); err != nil {
				return err
			}
		}
	}

	if err := e.drafts(book, drafts); err != nil {
		return err
	}
	if tools != nil {
		text, err := tools()
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		e.w.Write(text)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}

// exporter holds what every part of one export shares.
type exporter struct {
	ctx  context.Context
	w    *bufio.Writer
	src  Source
	wb   int64
	loc  *time.Location
	opts Options
	buf  []byte     // scratch for formatting, reused
	para []bodyLine // scratch for writeBody, reused
}

// scope writes, under the title, what a narrowed export left out, so the
// document never passes for the whole journal. first is the index of the
// step kept by Options.StepID.
func (e *exporter) scope(first int) {
	var parts []string
	if e.opts.StepID != "" {
		parts = append(parts, "step "+strconv.Itoa(first+1)+" only")
	}
	from, to := e.opts.From, e.opts.To
	switch {
	case !from.IsZero() && !to.IsZero():
		parts = append(parts, "written "+dateString(from.In(e.loc))+" to "+dateString(to.Add(-time.Nanosecond).In(e.loc)))
	case !from.IsZero():
		parts = append(parts, "written "+dateString(from.In(e.loc))+" or later")
	case !to.IsZero():
		parts = append(parts, "written up to "+dateString(to.Add(-time.Nanosecond).In(e.loc)))
	}
	if e.opts.NoDrafts {
		parts = append(parts, "drafts left out")
	}
	if len(parts) == 0 {
		return
	}
	e.raw("\nThis export holds part of the journal: ")
	e.raw(strings.Join(parts, ", "))
	e.raw(".\n")
}

// raw writes markdown that export itself composed (never user text). Write
// errors are sticky in bufio.Writer and surface at the next callback return
// or at Flush, so they are not checked here.
func (e *exporter) raw(s string) { _, _ = e.w.WriteString(s) }

// heading writes a heading line: prefix is export's own text, user is
// sanitized, flattened to one line and escaped; fallback stands in when the
// user text is empty, so a heading never reads as a bare "###".
func (e *exporter) heading(level int, prefix, user, fallback string) {
	e.raw("######"[:level])
	e.raw(" ")
	e.raw(prefix)
	t := inline(user)
	if t == "" {
		t = fallback
	}
	e.raw(t)
	e.raw("\n")
}

// prompt writes every entry answering stepID/promptID, one "###" section per
// distinct stored question text, in order of each text's oldest entry.
//
// Almost always all entries share one text and this takes one pass over
// them. When the lesson's wording changed between entries, each further
// text takes one more pass: that keeps memory to the set of texts, never the
// entries themselves.
func (e *exporter) prompt(stepID, promptID, current string) error {
	done := map[string]bool{}
	for {
		target, started, more := "", false, false
		err := e.eachEntry(stepID, promptID, func(en store.Entry) error {
			if err := e.ctx.Err(); err != nil {
				return err
			}
			if !e.opts.inRange(en.CreatedAt) || done[en.PromptText] {
				return nil
			}
			if !started {
				// Cloned: the entry's texts may be lent (see eachEntry).
				target, started = strings.Clone(en.PromptText), true
				e.raw("\n")
				e.heading(3, "", en.PromptText, fallbackQuestion(current))
			} else if en.PromptText != target {
				more = true
				return nil
			}
			e.entry(en)
			// Returning the sticky write error stops a failed export early
			// instead of reading the rest of the journal for nothing.
			_, err := e.w.Write(nil)
			return err
		})
		if err != nil {
			return fmt.Errorf("export: read entries: %w", err)
		}
		if !started || !more {
			return nil
		}
		done[target] = true
	}
}

// viewSource is a Source that can lend a prompt's entries for the length
// of the callback, without copying their texts (store.Store.EachEntryView).
type viewSource interface {
	EachEntryView(ctx context.Context, wb int64, stepID, promptID string, fn func(store.Entry) error) error
}

// eachEntry calls fn with every entry answering stepID/promptID, lent
// where the source can: fn writes each entry out before it returns and
// clones anything it keeps.
func (e *exporter) eachEntry(stepID, promptID string, fn func(store.Entry) error) error {
	if v, ok := e.src.(viewSource); ok {
		return v.EachEntryView(e.ctx, e.wb, stepID, promptID, fn)
	}
	return e.src.EachEntry(e.ctx, e.wb, stepID, promptID, fn)
}

func fallbackQuestion(current string) string {
	if t := inline(current); t != "" {
		return t
	}
	return "A question no longer in the workbook"
}

// entry writes one entry's date line and body.
func (e *exporter) entry(en store.Entry) {
	e.raw("\n*Written ")
	e.stamp(en.CreatedAt)
	if en.UpdatedAt.Sub(en.CreatedAt) >= editedAfter {
		e.raw(" · edited ")
		e.stamp(en.UpdatedAt)
	}
	e.raw("*\n\n")
	writeBody(e.w, en.Body, &e.para)
}

// drafts writes the unsaved drafts that have any text, in content order, so
// nothing the person typed is missing from the export.
func (e *exporter) drafts(book *workbook.Workbook, drafts []store.Draft) error {
	var keep []store.Draft
	for _, d := range drafts {
		if !blank(d.Body) {
			keep = append(keep, d)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	// Content order; drafts for questions no longer in the workbook last.
	pos := func(d store.Draft) (int, int) {
		si := book.Index(d.StepID)
		if si < 0 {
			return len(book.Steps), 0
		}
		pi := slices.IndexFunc(book.Steps[si].Prompts, func(p workbook.Prompt) bool { return p.ID == d.PromptID })
		if pi < 0 {
			pi = len(book.Steps[si].Prompts)
		}
		return si, pi
	}
	slices.SortStableFunc(keep, func(a, b store.Draft) int {
		as, ap := pos(a)
		bs, bp := pos(b)
		return cmp.Or(cmp.Compare(as, bs), cmp.Compare(ap, bp), a.UpdatedAt.Compare(b.UpdatedAt))
	})
	e.raw("\n## Drafts not yet saved\n")
	for _, d := range keep {
		if err := e.ctx.Err(); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		current := ""
		if st, ok := book.Step(d.StepID); ok {
			if p, ok := st.Prompt(d.PromptID); ok {
				current = p.Text
			}
		}
		e.raw("\n")
		e.heading(3, "", d.PromptText, fallbackQuestion(current))
		e.raw("\n*Draft")
		if d.EntryID != 0 {
			e.raw(" of a change to a saved entry")
		}
		e.raw(", last changed ")
		e.raw(stamp(d.UpdatedAt.In(e.loc)))
		e.raw("*\n\n")
		writeBody(e.w, d.Body, &e.para)
	}
	return nil
}

// dateString is the long, unambiguous date a reader expects in a journal.
func dateString(t time.Time) string { return t.Format("2 January 2006") }

// stampLayout is a date with the time of day.
const stampLayout = "2 January 2006, 15:04"

// stamp is t as a date with the time of day.
func stamp(t time.Time) string {
	if store.UnreadableTime(t) {
		return "(date unreadable)"
	}
	return t.Format(stampLayout)
}

// stamp writes what stamp(t.In(e.loc)) returns, without a string per
// entry: it is formatted into e.buf.
func (e *exporter) stamp(t time.Time) {
	if store.UnreadableTime(t) {
		e.raw(stamp(t))
		return
	}
	e.buf = t.In(e.loc).AppendFormat(e.buf[:0], stampLayout)
	_, _ = e.w.Write(e.buf)
}

// promptIndex is the place of prompt id in step st, or -1.
func promptIndex(st workbook.Step, id string) int {
	return slices.IndexFunc(st.Prompts, func(p workbook.Prompt) bool { return p.ID == id })
}
