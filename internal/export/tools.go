package export

import (
	"bufio"
	"bytes"
	"context"
	"time"

	"github.com/trustwork/trustwork/internal/agreement"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/wins"
)

// ToolSource is what the tools' sections read: each tool's own reader in
// the store, one line per tool. *store.Store satisfies it.
type ToolSource interface {
	Wins(ctx context.Context, wb int64) ([]wins.Win, error)
	Checkins(ctx context.Context, wb int64, from, to time.Time, withText bool) ([]store.Checkin, error)
	Assessments(ctx context.Context, wb int64, from, to time.Time) ([]store.Assessment, error)
	SpacePeriods(ctx context.Context, wb int64, withText bool) ([]store.SpacePeriod, error)
	TimeoutPlan(ctx context.Context, wb int64) (store.SavedPlan, bool, error)
	Timeouts(ctx context.Context, wb int64, latest bool) ([]store.Timeout, error)
	Letters(ctx context.Context, wb int64, impact, withText bool) (store.Letter, []store.Letter, error)
	Agreements(ctx context.Context, wb int64) ([]agreement.Agreement, error)
	Promises(ctx context.Context, wb int64) ([]store.PromiseRecord, error)
	PromisesBrief(ctx context.Context, wb int64) ([]store.PromiseRecord, error)
	Needs(ctx context.Context, wb int64, withText bool) ([]store.NeedRecord, error)
}

// ToolSection is one tool's part of the markdown export and of
// `trustwork status`. Each tool has a file in this package that defines
// its section; toolSections lists them in the order they are exported.
type ToolSection struct {
	// ID is the tool's id (as in the TUI's toolkit).
	ID string
	// Markdown writes the tool's section through d, which escapes the
	// person's text so it can only ever be text. It writes nothing when
	// the tool holds nothing.
	Markdown func(ctx context.Context, d Doc, src ToolSource, wb store.Workbook) error
	// Status gives the tool's lines for `trustwork status` (none when the
	// tool holds nothing).
	Status func(ctx context.Context, src ToolSource, wb store.Workbook, now time.Time) ([]string, error)
}

// toolSections are the tools' sections, in export order. A new tool adds
// its section file and one line here.
var toolSections = []ToolSection{
	winsSection,
	checkinsSection,
	spaceSection,
	trendsSection,
	apologySection,
	agreementsSection,
	promisesSection,
}

// ToolStatus gives every tool's status lines for wb.
func ToolStatus(ctx context.Context, src ToolSource, wb store.Workbook, now time.Time) ([]string, error) {
	var out []string
	for _, t := range toolSections {
		if t.Status == nil {
			continue
		}
		lines, err := t.Status(ctx, src, wb, now)
		if err != nil {
			return nil, err
		}
		out = append(out, lines...)
	}
	return out, nil
}

// Doc is what a tool's section writes with. Markup and the app's own words
// go through Raw and Heading; the person's words only through Inline and
// Body, which sanitize and escape them.
type Doc struct{ e *exporter }

// Raw writes the export's own text as is: never the person's words.
func (d Doc) Raw(s string) { d.e.raw(s) }

// Heading writes a heading of the export's own words.
func (d Doc) Heading(level int, title string) { d.e.heading(level, title, "", "") }

// Inline returns the person's one-line text, sanitized, flattened and
// escaped, for use inside a line the section writes.
func (d Doc) Inline(user string) string { return inline(user) }

// Body writes the person's text as paragraphs, escaped.
func (d Doc) Body(user string) { writeBody(d.e.w, user, &d.e.para) }

// Date is t as the export shows dates ("2 January 2006"), in its time zone.
func (d Doc) Date(t time.Time) string { return dateString(t.In(d.e.loc)) }

// InRange reports whether t is inside the export's --since/--until range.
func (d Doc) InRange(t time.Time) bool { return d.e.opts.inRange(t) }

// Now is the export's time.
func (d Doc) Now() time.Time { return d.e.opts.Now }

// tools writes every tool's section: in a whole export, or one narrowed
// by dates (each section keeps what falls in the range); never in an
// export of one step.
func (e *exporter) tools(src ToolSource, w store.Workbook) error {
	for _, t := range toolSections {
		if err := t.Markdown(e.ctx, Doc{e}, src, w); err != nil {
			return err
		}
	}
	return nil
}

// renderTools formats the tools' sections in a goroutine of their own. The
// function it returns waits for them and gives them, or why not; it may be
// called again, and gives the same.
func renderTools(ctx context.Context, src ToolSource, w store.Workbook, opts Options) func() ([]byte, error) {
	var buf bytes.Buffer
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		bw := bufio.NewWriterSize(&buf, 32<<10)
		e := &exporter{ctx: ctx, w: bw, wb: w.ID, loc: opts.Location, opts: opts}
		if err = e.tools(src, w); err == nil {
			err = bw.Flush()
		}
	}()
	return func() ([]byte, error) {
		<-done
		return buf.Bytes(), err
	}
}
