// Package devdata fills a trustwork database with a realistic journal for
// benchmarks and manual testing: entries spread over the real steps and
// prompts and over about three years, mostly short, a few long, one of a
// megabyte, some drafts and some progress. Everything follows from a seed,
// so two runs with the same Spec write the same rows.
//
// It is a developer tool (cmd/trustwork-gen, internal/bench); the app
// never imports it.
package devdata

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// Spec describes the journal to generate.
type Spec struct {
	// Entries is the number of journal entries.
	Entries int
	// Seed makes the output reproducible: same Spec, same rows.
	Seed uint64
	// Start is the time of the first entry; zero means 2023-01-01 UTC.
	Start time.Time
	// Span is the time the entries cover; zero means three years.
	Span time.Duration
	// TypicalBytes is the usual body size; zero means 500.
	TypicalBytes int
	// LongBytes is the size of the long entries; zero means 50 KB.
	LongBytes int
	// LongEvery makes every LongEvery-th entry long (about 1% by
	// default); a negative value means none.
	LongEvery int
	// HugeBytes is the size of the single huge entry; zero means 1 MB,
	// negative means no huge entry.
	HugeBytes int
	// Drafts is the number of unsaved drafts; negative means none, zero
	// means a default of three.
	Drafts int
}

// Presets are the journal sizes the benchmarks use.
var Presets = map[string]Spec{
	"S": {Entries: 50},
	"M": {Entries: 1_000},
	"L": {Entries: 10_000},
}

// Preset returns the Spec for "S", "M" or "L" with the given seed.
func Preset(name string, seed uint64) (Spec, error) {
	sp, ok := Presets[strings.ToUpper(name)]
	if !ok {
		return Spec{}, fmt.Errorf("unknown size %q: use S (50 entries), M (1,000) or L (10,000)", name)
	}
	sp.Seed = seed
	return sp, nil
}

func (sp Spec) withDefaults() Spec {
	if sp.Start.IsZero() {
		sp.Start = time.Date(2023, 1, 1, 8, 0, 0, 0, time.UTC)
	}
	if sp.Span == 0 {
		sp.Span = 3 * 365 * 24 * time.Hour
	}
	if sp.TypicalBytes == 0 {
		sp.TypicalBytes = 500
	}
	if sp.LongBytes == 0 {
		sp.LongBytes = 50 << 10
	}
	if sp.LongEvery == 0 {
		sp.LongEvery = 100
	}
	if sp.HugeBytes == 0 {
		sp.HugeBytes = 1 << 20
	}
	if sp.Drafts == 0 {
		sp.Drafts = 3
	}
	return sp
}

// Build returns the rows Generate would write, without touching a store.
// Tests use it to check determinism and shape cheaply.
func Build(book *workbook.Workbook, spec Spec) (store.Bulk, error) {
	// The generated workbook is on the repairing side, so its entries
	// answer the repair track's prompts.
	var steps []workbook.Step
	if book != nil {
		steps = book.Track(workbook.TrackRepair)
	}
	if len(steps) == 0 {
		return store.Bulk{}, errors.New("devdata: a workbook with repair-track steps is required")
	}
	if spec.Entries < 0 {
		return store.Bulk{}, fmt.Errorf("devdata: %d entries is negative", spec.Entries)
	}
	sp := spec.withDefaults()
	rng := rand.New(rand.NewPCG(sp.Seed, 0x7472757374776b)) // "trustwk"
	type ref struct {
		step   string
		prompt workbook.Prompt
	}
	var refs []ref
	for _, st := range steps {
		for _, p := range st.Prompts {
			refs = append(refs, ref{st.ID, p})
		}
	}

	b := store.Bulk{
		Workbook: store.Workbook{
			PartnerName:  "Sam",
			Relationship: "partner",
			Role:         store.RoleRepairing,
			CreatedAt:    sp.Start.Add(-time.Hour),
		},
		Progress: map[string]store.Status{},
	}
	n := sp.Entries
	huge := -1
	if sp.HugeBytes > 0 && n > 0 {
		huge = n / 2
	}
	// Times rise through the span with a random gap around the mean, so
	// entries come in bursts and lulls as a real journal does.
	mean := time.Duration(0)
	if n > 0 {
		mean = sp.Span / time.Duration(n)
	}
	t := sp.Start
	b.Entries = make([]store.Entry, 0, n)
	for i := range n {
		r := refs[pickRef(rng, i, n, len(refs))]
		size := jitter(rng, sp.TypicalBytes)
		switch {
		case i == huge:
			size = sp.HugeBytes
		case sp.LongEvery > 0 && i%sp.LongEvery == sp.LongEvery/2:
			size = sp.LongBytes
		}
		created := t
		updated := created
		if rng.IntN(10) == 0 { // one in ten was edited later
			updated = created.Add(time.Duration(rng.Int64N(int64(72 * time.Hour))))
		}
		b.Entries = append(b.Entries, store.Entry{
			StepID: r.step, PromptID: r.prompt.ID, PromptText: r.prompt.Text,
			Body: prose(rng, size), CreatedAt: created, UpdatedAt: updated,
		})
		t = t.Add(time.Duration(rng.Int64N(int64(2*mean) + 1)))
	}
	end := sp.Start.Add(sp.Span)
	b.Workbook.UpdatedAt = end

	// Progress follows the journal: steps written in the first part of
	// the history are done, the one being written now is in progress.
	for _, e := range b.Entries {
		b.Progress[e.StepID] = store.Done
	}
	if n > 0 {
		b.Progress[b.Entries[n-1].StepID] = store.InProgress
	}

	for i := range max(sp.Drafts, 0) {
		r := refs[rng.IntN(len(refs))]
		b.Drafts = append(b.Drafts, store.Draft{
			StepID: r.step, PromptID: r.prompt.ID, PromptText: r.prompt.Text,
			Body:      prose(rng, jitter(rng, sp.TypicalBytes)),
			UpdatedAt: end.Add(-time.Duration(i) * time.Hour),
		})
		// Drafts share a key space; keep only the first per prompt.
		for j := range len(b.Drafts) - 1 {
			if b.Drafts[j].StepID == r.step && b.Drafts[j].PromptID == r.prompt.ID {
				b.Drafts = b.Drafts[:len(b.Drafts)-1]
				break
			}
		}
	}
	last := steps[len(steps)-1].ID
	if n > 0 {
		last = b.Entries[n-1].StepID
	}
	b.Resume = &store.Resume{Screen: "home", StepID: last, UpdatedAt: end}
	b.Checkins, b.Assessments = checkins(sp.Seed, sp.Start, end)
	b.Records = map[string][]store.Record{"apologies": apologyRecords(sp)}
	return b, nil
}

// Generate writes a journal described by spec into st as a new workbook
// and returns it. It uses one transaction, so L (10,000 entries) takes
// seconds.
func Generate(ctx context.Context, st *store.Store, book *workbook.Workbook, spec Spec) (store.Workbook, error) {
	b, err := Build(book, spec)
	if err != nil {
		return store.Workbook{}, err
	}
	w, err := st.Import(ctx, b)
	if err != nil {
		return w, err
	}
	for _, gen := range toolData {
		if err := gen(ctx, st, w, spec.withDefaults()); err != nil {
			return w, err
		}
	}
	return w, nil
}

// toolData writes each tool's records over the journal's span, after the
// journal itself. A tool adds its generator file and one line here.
var toolData = []func(ctx context.Context, st *store.Store, wb store.Workbook, sp Spec) error{
	spaceData,
	agreementsData,
	promisesData,
}

// pickRef walks through the steps in order over the history (people work
// through a workbook, then return to earlier steps), with one entry in four
// anywhere at all.
func pickRef(rng *rand.Rand, i, n, refs int) int {
	if rng.IntN(4) == 0 || n == 0 {
		return rng.IntN(refs)
	}
	centre := i * refs / n
	j := centre + rng.IntN(5) - 2
	return min(max(j, 0), refs-1)
}

// jitter returns a size around typical: between half and one and a half.
func jitter(rng *rand.Rand, typical int) int {
	if typical <= 1 {
		return typical
	}
	return typical/2 + rng.IntN(typical+1)
}

// Words are plain first-person journal vocabulary; sentences are made of
// openings, middles and endings so the text reads like prose, not a list.
var (
	openings = []string{
		"Today I", "This morning I", "Last night I", "When we talked I", "I think I",
		"Honestly, I", "For the first time I", "Again I", "After dinner I", "I noticed I",
		"Walking home I", "I keep thinking that I", "Sam said that I", "Before bed I",
	}
	verbs = []string{
		"felt", "wanted", "tried", "remembered", "admitted", "realised", "listened",
		"waited", "promised", "apologised", "explained", "noticed", "wrote", "asked",
	}
	middles = []string{
		"how much the lie hurt", "that I was afraid of losing us", "to stay with the discomfort",
		"what trust means to Sam", "that I had been defensive", "the small things we used to do",
		"how tired we both are", "that being sorry is not enough", "to keep my word this week",
		"what happened without excuses", "that space is not the same as distance",
		"why I hid it for so long", "the look on Sam's face", "that I cannot rush this",
		"how good the walk by the river was", "to answer every question honestly",
		"that the old pattern came back", "to be transparent about my phone",
	}
	endings = []string{
		"and it was hard", "but I stayed", "and that felt honest", "even when it stung",
		"without making it about me", "and I want to do better", "and we both laughed a little",
		"so I wrote it down", "and I did not argue", "which surprised me", "and I kept quiet",
		"for a long time", "before we went to sleep", "and it mattered",
	}
)

// prose returns paragraphs of journal sentences: at most n bytes, ending
// on a whole sentence, so within one sentence (about 100 bytes) of n.
func prose(rng *rand.Rand, n int) string {
	if n <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(n + 200)
	for b.Len() <= n {
		if b.Len() > 0 {
			if rng.IntN(5) == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(openings[rng.IntN(len(openings))])
		b.WriteByte(' ')
		b.WriteString(verbs[rng.IntN(len(verbs))])
		b.WriteByte(' ')
		b.WriteString(middles[rng.IntN(len(middles))])
		if rng.IntN(2) == 0 {
			b.WriteString(", ")
			b.WriteString(endings[rng.IntN(len(endings))])
		}
		b.WriteByte('.')
	}
	s := b.String()[:n]
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[:i+1]
	}
	// Shorter than one sentence: stop at a word.
	if i := strings.LastIndexByte(s[:n-1], ' '); i > 0 {
		s = s[:i]
	} else {
		s = s[:n-1]
	}
	return strings.TrimRight(s, ",") + "."
}
