package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/trustwork/trustwork/internal/apology"
)

// The apology builder and the hurt track's impact letter live in the
// apologies table (migration 0003), kind "apology" or "impact" by the
// workbook's side. Each side has one working draft, its sections in Text
// by slug and the flag IDs the person set aside in Data; and the versions
// kept of it, each a copy of the sections with {"version": n} (and
// "finished": true once marked) in Data.
const (
	apologiesTable = "apologies"
	apologyKind    = "apology"
	impactKind     = "impact"
)

// Errors of KeepLetterVersion.
var (
	// ErrLetterEmpty: there is nothing written to keep.
	ErrLetterEmpty = errors.New("nothing written yet")
	// ErrLetterUnchanged: the latest version already holds these words.
	ErrLetterUnchanged = errors.New("already kept as it is")
)

// Letter is the apology (or, on the hurt side, the impact letter): the
// working draft when Version is 0, else a kept version.
type Letter struct {
	ID     int64
	Impact bool
	// Sections holds the text of each section by its slug (see
	// apology.Sections); empty when read without text.
	Sections map[string]string
	// Dismissed are the IDs of the checker's flags the person set aside
	// (working draft only).
	Dismissed []string
	// Version is the number of a kept version, from 1; 0 for the draft.
	Version  int
	Finished bool
	// CreatedAt is when a version was kept.
	CreatedAt, UpdatedAt time.Time
}

// letterData is a letter record's Data. Empty fields are left out, so it
// never holds null.
type letterData struct {
	Version   int      `json:"version,omitempty"`
	Finished  bool     `json:"finished,omitempty"`
	Dismissed []string `json:"dismissed,omitempty"`
}

func letterKind(impact bool) string {
	if impact {
		return impactKind
	}
	return apologyKind
}

func letterOf(r Record) Letter {
	var d letterData
	_ = json.Unmarshal(r.Data, &d) // a damaged row reads as a draft with nothing set aside
	return Letter{ID: r.ID, Impact: r.Kind == impactKind, Sections: r.Text, Dismissed: d.Dismissed,
		Version: max(d.Version, 0), Finished: d.Finished && d.Version > 0, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func (l Letter) data() (json.RawMessage, error) {
	d := letterData{Version: l.Version, Finished: l.Finished && l.Version > 0}
	if l.Version == 0 && len(l.Dismissed) > 0 {
		d.Dismissed = l.Dismissed
	}
	return json.Marshal(d)
}

// Letters reads one side's working draft (ID 0 when there is none) and
// its kept versions, oldest first, with their text when withText.
func (s *Store) Letters(ctx context.Context, wb int64, impact, withText bool) (draft Letter, versions []Letter, err error) {
	rs, err := s.Records(ctx, apologiesTable, wb, RecordQuery{Kind: letterKind(impact), WithText: withText})
	if err != nil {
		return Letter{}, nil, err
	}
	draft = Letter{Impact: impact, Sections: map[string]string{}}
	for _, r := range rs {
		l := letterOf(r)
		if l.Version == 0 {
			if draft.ID == 0 {
				draft = l // the first draft made; there is only ever one
			}
			continue
		}
		versions = append(versions, l)
	}
	return draft, versions, nil
}

// LetterDraft reads the working draft of the apology (impact false) or of
// the impact letter, with its text; ID 0 when nothing was written yet.
func (s *Store) LetterDraft(ctx context.Context, wb int64, impact bool) (Letter, error) {
	d, _, err := s.Letters(ctx, wb, impact, true)
	return d, err
}

// LetterVersions lists the kept versions, oldest first, with their text
// when withText.
func (s *Store) LetterVersions(ctx context.Context, wb int64, impact, withText bool) ([]Letter, error) {
	_, vs, err := s.Letters(ctx, wb, impact, withText)
	return vs, err
}

// draftID is the working draft's id when id is 0: the one the screen knew
// of may have been made since it loaded.
func (s *Store) draftID(ctx context.Context, wb int64, impact bool, id int64) (int64, error) {
	if id != 0 {
		return id, nil
	}
	d, _, err := s.Letters(ctx, wb, impact, false)
	return d.ID, err
}

// SaveLetterSection stores one section of the working draft (making the
// draft when there is none) and deletes the draft text it was written in,
// in one transaction. It returns the working draft's id.
func (s *Store) SaveLetterSection(ctx context.Context, wb int64, impact bool, id int64, slug, text string, draft DraftKey) (int64, error) {
	id, err := s.draftID(ctx, wb, impact, id)
	if err != nil {
		return 0, err
	}
	r, err := s.SaveRecordText(ctx, apologiesTable, Record{ID: id, WorkbookID: wb, Kind: letterKind(impact), Data: json.RawMessage("{}")}, slug, text, draft)
	return r.ID, err
}

// SetLetterDismissed saves the flag IDs set aside on the working draft
// (making the draft when there is none) and returns its id.
func (s *Store) SetLetterDismissed(ctx context.Context, wb int64, impact bool, id int64, dismissed []string) (int64, error) {
	id, err := s.draftID(ctx, wb, impact, id)
	if err != nil {
		return 0, err
	}
	l := Letter{Impact: impact, Dismissed: dismissed}
	data, err := l.data()
	if err != nil {
		return 0, err
	}
	if id == 0 {
		r, err := s.AddRecord(ctx, apologiesTable, Record{WorkbookID: wb, Kind: letterKind(impact), Data: data})
		return r.ID, err
	}
	r, err := s.Record(ctx, apologiesTable, wb, id)
	if err != nil {
		return 0, err
	}
	r.Data = data
	_, err = s.UpdateRecord(ctx, apologiesTable, r)
	return id, err
}

// KeepLetterVersion keeps the working draft's sections as a new version,
// numbered after the last. It returns ErrLetterEmpty when nothing is
// written and ErrLetterUnchanged when the latest version holds the same
// words.
func (s *Store) KeepLetterVersion(ctx context.Context, wb int64, impact bool) (Letter, error) {
	d, vs, err := s.Letters(ctx, wb, impact, true)
	if err != nil {
		return Letter{}, err
	}
	if apology.LetterText(impact, d.Sections) == "" {
		return Letter{}, ErrLetterEmpty
	}
	keep := map[string]string{}
	for _, sec := range apology.Sections(impact) {
		if t := d.Sections[sec.Slug]; apology.Written(t) {
			keep[sec.Slug] = t
		}
	}
	n := 1
	if len(vs) > 0 {
		last := vs[len(vs)-1]
		if maps.Equal(last.Sections, keep) {
			return last, ErrLetterUnchanged
		}
		n = last.Version + 1
	}
	v := Letter{Impact: impact, Sections: keep, Version: n}
	data, err := v.data()
	if err != nil {
		return Letter{}, err
	}
	r, err := s.AddRecord(ctx, apologiesTable, Record{WorkbookID: wb, Kind: letterKind(impact), Data: data, Text: keep})
	if err != nil {
		return Letter{}, err
	}
	return letterOf(r), nil
}

// FinishLetter marks the latest version finished (or, with finished
// false, not), and returns it. ErrNotFound when no version is kept.
func (s *Store) FinishLetter(ctx context.Context, wb int64, impact, finished bool) (Letter, error) {
	_, vs, err := s.Letters(ctx, wb, impact, false)
	if err != nil {
		return Letter{}, err
	}
	if len(vs) == 0 {
		return Letter{}, fmt.Errorf("no version kept: %w", ErrNotFound)
	}
	r, err := s.Record(ctx, apologiesTable, wb, vs[len(vs)-1].ID)
	if err != nil {
		return Letter{}, err
	}
	l := letterOf(r)
	l.Finished = finished
	if r.Data, err = l.data(); err != nil {
		return Letter{}, err
	}
	r, err = s.UpdateRecord(ctx, apologiesTable, r)
	if err != nil {
		return Letter{}, err
	}
	return letterOf(r), nil
}

// LetterToShare is the letter to export: the latest version marked
// finished (finished true), else the latest version kept. ErrNotFound
// when no version is kept.
func (s *Store) LetterToShare(ctx context.Context, wb int64, impact bool) (l Letter, finished bool, err error) {
	vs, err := s.LetterVersions(ctx, wb, impact, true)
	if err != nil {
		return Letter{}, false, err
	}
	if len(vs) == 0 {
		return Letter{}, false, fmt.Errorf("no version kept: %w", ErrNotFound)
	}
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].Finished {
			return vs[i], true, nil
		}
	}
	return vs[len(vs)-1], false, nil
}
