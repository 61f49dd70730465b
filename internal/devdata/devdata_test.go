package devdata

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

func book(t *testing.T) *workbook.Workbook {
	t.Helper()
	b, err := workbook.Load(content.FS)
	if err != nil {
		t.Fatalf("load content: %v", err)
	}
	return b
}

func open(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "gen.db"), store.Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// readAll reads back every entry and draft of wb, ids included.
func readAll(t *testing.T, st *store.Store, wb int64) ([]store.Entry, []store.Draft) {
	t.Helper()
	ctx := context.Background()
	var es []store.Entry
	if err := st.EachEntry(ctx, wb, "", "", func(e store.Entry) error {
		es = append(es, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ds, err := st.Drafts(ctx, wb)
	if err != nil {
		t.Fatal(err)
	}
	return es, ds
}

func TestSameSeedSameRows(t *testing.T) {
	b := book(t)
	spec := Spec{Entries: 300, Seed: 7, LongEvery: 50, LongBytes: 5000, HugeBytes: 20000}
	ctx := context.Background()
	st1, w1, st2, w2 := generateTwice(t, b, spec)
	if !reflect.DeepEqual(w1, w2) {
		t.Errorf("workbooks differ:\n%+v\n%+v", w1, w2)
	}
	e1, d1 := readAll(t, st1, w1.ID)
	e2, d2 := readAll(t, st2, w2.ID)
	if len(e1) != 300 {
		t.Fatalf("got %d entries, want 300", len(e1))
	}
	if !reflect.DeepEqual(e1, e2) {
		t.Error("same seed wrote different entries")
	}
	if !reflect.DeepEqual(d1, d2) || len(d1) == 0 {
		t.Errorf("drafts differ or are missing: %d vs %d", len(d1), len(d2))
	}
	p1, _ := st1.Progress(ctx, w1.ID)
	p2, _ := st2.Progress(ctx, w2.ID)
	if !reflect.DeepEqual(p1, p2) || len(p1) == 0 {
		t.Errorf("progress differs or is missing: %v vs %v", p1, p2)
	}
	if _, ok, _ := st1.Resume(ctx, w1.ID); !ok {
		t.Error("no resume point written")
	}
}

func TestDifferentSeedDifferentRows(t *testing.T) {
	b := book(t)
	x, err := Build(b, Spec{Entries: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	y, err := Build(b, Spec{Entries: 50, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for i := range x.Entries {
		if x.Entries[i].Body == y.Entries[i].Body {
			same++
		}
	}
	// The huge entry is at the same index in both, but its text differs.
	if same > 0 {
		t.Errorf("%d of 50 bodies identical across seeds", same)
	}
}

func TestShapeOfL(t *testing.T) {
	b := book(t)
	sp, err := Preset("L", 1)
	if err != nil {
		t.Fatal(err)
	}
	bulk, err := Build(b, sp)
	if err != nil {
		t.Fatal(err)
	}
	if len(bulk.Entries) != 10_000 {
		t.Fatalf("got %d entries", len(bulk.Entries))
	}
	valid := map[string]map[string]string{}
	for _, st := range b.Steps {
		valid[st.ID] = map[string]string{}
		for _, p := range st.Prompts {
			valid[st.ID][p.ID] = p.Text
		}
	}
	var huge, long, small, total int
	steps := map[string]bool{}
	prev := time.Time{}
	for i, e := range bulk.Entries {
		if txt, ok := valid[e.StepID][e.PromptID]; !ok || txt != e.PromptText {
			t.Fatalf("entry %d answers unknown prompt %s/%s", i, e.StepID, e.PromptID)
		}
		steps[e.StepID] = true
		n := len(e.Body)
		total += n
		switch {
		case n > 1<<20-200 && n <= 1<<20:
			huge++
		case n > 50<<10-200 && n <= 50<<10:
			long++
		case n >= 100 && n <= 750:
			small++
		default:
			t.Errorf("entry %d has unexpected size %d", i, n)
		}
		if e.CreatedAt.Before(prev) {
			t.Fatalf("entry %d goes back in time", i)
		}
		if e.UpdatedAt.Before(e.CreatedAt) {
			t.Fatalf("entry %d updated before it was created", i)
		}
		prev = e.CreatedAt
		if strings.ContainsAny(e.Body, "\x00\x1b\r") {
			t.Fatalf("entry %d has control characters", i)
		}
	}
	if huge != 1 {
		t.Errorf("%d entries of 1 MB, want exactly 1", huge)
	}
	if long < 90 || long > 110 {
		t.Errorf("%d entries of 50 KB, want about 1%%", long)
	}
	// The generated workbook is on the repairing side: every entry answers
	// a repair-track step, and every one of those steps has entries.
	repair := b.Track(workbook.TrackRepair)
	if len(steps) != len(repair) {
		t.Errorf("entries cover %d steps, want the %d of the repair track", len(steps), len(repair))
	}
	for _, st := range repair {
		if !steps[st.ID] {
			t.Errorf("no entries for repair step %q", st.ID)
		}
	}
	first, last := bulk.Entries[0].CreatedAt, bulk.Entries[len(bulk.Entries)-1].CreatedAt
	if span := last.Sub(first); span < 2*365*24*time.Hour || span > 4*365*24*time.Hour {
		t.Errorf("entries span %v, want about three years", span)
	}
	if avg := (total - (1 << 20) - long*(50<<10)) / small; avg < 380 || avg > 600 {
		t.Errorf("typical body averages %d bytes, want about 500", avg)
	}
	var done, inProgress int
	for _, s := range bulk.Progress {
		switch s {
		case store.Done:
			done++
		case store.InProgress:
			inProgress++
		}
	}
	if inProgress != 1 || done == 0 {
		t.Errorf("progress: %d done, %d in progress", done, inProgress)
	}
}

func TestProseReadsLikeText(t *testing.T) {
	b := book(t)
	bulk, err := Build(b, Spec{Entries: 20, Seed: 3, HugeBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range bulk.Entries {
		if !strings.HasSuffix(e.Body, ".") || strings.HasPrefix(e.Body, " ") {
			t.Errorf("body is not finished sentences: …%q", e.Body[max(len(e.Body)-20, 0):])
		}
		if len(strings.Fields(e.Body)) < 20 {
			t.Errorf("body of %d bytes has too few words", len(e.Body))
		}
	}
}

func TestPresetUnknown(t *testing.T) {
	if _, err := Preset("XL", 1); err == nil {
		t.Error("Preset(XL) succeeded")
	}
	for _, n := range []string{"S", "m", "L"} {
		if _, err := Preset(n, 1); err != nil {
			t.Errorf("Preset(%s): %v", n, err)
		}
	}
}

// The generated journal gives space and takes time-outs over its years,
// the same for the same seed.
func TestSpaceData(t *testing.T) {
	b := book(t)
	ctx := context.Background()
	spec := Spec{Entries: 20, Seed: 3, HugeBytes: -1}
	var counts [2][3]int
	for i, st := range []*store.Store{open(t), open(t)} {
		w, err := Generate(ctx, st, b, spec)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := st.SpacePeriods(ctx, w.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		ts, err := st.Timeouts(ctx, w.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		letters := 0
		for _, p := range ps {
			letters += len(p.Letters)
			if err := p.Validate(); err != nil {
				t.Errorf("period %+v: %v", p, err)
			}
		}
		counts[i] = [3]int{len(ps), letters, len(ts)}
		if len(ps) < 10 || letters == 0 || len(ts) < 30 {
			t.Errorf("three years hold %d periods, %d letters, %d breaks", len(ps), letters, len(ts))
		}
		first, last := ps[0].Since, ps[len(ps)-1].Since
		if last.Sub(first) < 2*365*24*time.Hour {
			t.Errorf("periods span %v to %v, want about three years", first, last)
		}
		if _, ok, err := st.TimeoutPlan(ctx, w.ID); !ok || err != nil {
			t.Errorf("no time-out plan: %v", err)
		}
	}
	if counts[0] != counts[1] {
		t.Errorf("same seed, different space data: %v", counts)
	}
}

// Generated agreements are all valid, reviewed over the years, some ended,
// the same for the same seed.
func TestAgreementsData(t *testing.T) {
	b := book(t)
	spec := Spec{Entries: 20, Seed: 3, HugeBytes: -1, LongEvery: -1}
	ctx := context.Background()
	st1, w1, st2, w2 := generateTwice(t, b, spec)
	a1, err := st1.Agreements(ctx, w1.ID)
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := st2.Agreements(ctx, w2.ID)
	if len(a1) < 5 || !reflect.DeepEqual(a1, a2) {
		t.Fatalf("agreements: %d, same seed same rows %v", len(a1), reflect.DeepEqual(a1, a2))
	}
	reviews, ended := 0, 0
	last := time.Time{}
	for _, a := range a1 {
		if err := a.Validate(); err != nil {
			t.Errorf("generated agreement not valid: %v", err)
		}
		reviews += len(a.Reviews)
		if a.Ended() {
			ended++
		}
		for _, r := range a.Reviews {
			if r.At.After(last) {
				last = r.At
			}
		}
	}
	if reviews < 20 || ended == 0 || last.Year() < 2025 {
		t.Errorf("reviews %d, ended %d, last review %v: want years of reviews, some ended", reviews, ended, last)
	}
}

// generateTwice generates spec into two new stores, for the same-seed checks.
func generateTwice(t *testing.T, b *workbook.Workbook, spec Spec) (*store.Store, store.Workbook, *store.Store, store.Workbook) {
	t.Helper()
	st1, st2 := open(t), open(t)
	w1, err := Generate(context.Background(), st1, b, spec)
	if err != nil {
		t.Fatal(err)
	}
	w2, err := Generate(context.Background(), st2, b, spec)
	if err != nil {
		t.Fatal(err)
	}
	return st1, w1, st2, w2
}
