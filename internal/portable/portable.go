// Package portable is the JSON form of a whole trustwork journal: what
// `trustwork export --format json` writes and `trustwork import` reads. It
// holds every row of every table (workbooks, entries, drafts, step
// progress, resume points) with its ids and timestamps, so an import gives
// back the journal exactly as it was.
//
// The document is one JSON object:
//
//	{
//	  "format": "trustwork-journal",
//	  "version": 1,
//	  "exported_at": "2026-11-22T02:00:00.000000000Z",
//	  "workbooks": [{
//	    "id": 1, "partner_name": "Sam", "relationship": "partner",
//	    "role": "repairing" | "hurt",
//	    "created_at": "…", "updated_at": "…",
//	    "progress": [{"step_id": "reflect", "status": "not-started" | "in-progress" | "done", "updated_at": "…"}],
//	    "resume": null | {"screen": "step", "step_id": "", "prompt_id": "", "entry_id": 0, "scroll": 0, "updated_at": "…"},
//	    "drafts": [{"step_id": "…", "prompt_id": "…", "entry_id": 0, "prompt_text": "…", "body": "…", "cursor": 0, "updated_at": "…"}],
//	    "entries": [{"id": 1, "step_id": "…", "prompt_id": "…", "prompt_text": "…", "body": "…", "created_at": "…", "updated_at": "…"}]
//	  }]
//	}
//
// Times are RFC 3339 in UTC. Text is exactly as stored, escape sequences
// and all (nothing is sanitized: this is a copy of the data, not a
// document to read), in UTF-8: bytes that are not UTF-8, which the editor
// never stores, would become U+FFFD.
//
// Versioning: "format" names the document and "version" its layout. A
// reader refuses another format, a version newer than it knows, and any
// field it does not know, so nothing in a file is ever silently dropped.
// When a later tool (an apology, a promise, a check-in) keeps its own data,
// it adds its own field to the workbook object and the version goes up by
// one; readers of the new version accept the older ones, where the field
// is simply absent.
package portable

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/trustwork/trustwork/internal/store"
)

// Format is the value of the document's "format" field.
const Format = "trustwork-journal"

// Version is the layout this package writes and the newest it reads.
const Version = 2

// timeFormat is the store's: RFC 3339 in UTC with nine fraction digits.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

type document struct {
	Format     string     `json:"format"`
	Version    int        `json:"version"`
	ExportedAt string     `json:"exported_at"`
	Workbooks  []workbook `json:"workbooks"`
}

type workbook struct {
	ID           int64      `json:"id"`
	PartnerName  string     `json:"partner_name"`
	Relationship string     `json:"relationship"`
	Role         string     `json:"role"`
	CreatedAt    string     `json:"created_at"`
	UpdatedAt    string     `json:"updated_at"`
	Progress     []progress `json:"progress"`
	Resume       *resume    `json:"resume"`
	Drafts       []draft    `json:"drafts"`
	// Tools holds the tools' records by table (version 2 on; see
	// store.Record). It comes before entries, which are streamed last.
	Tools   map[string][]record `json:"tools,omitempty"`
	Entries []entry             `json:"entries"`
}

// record is one row of a tool table. Data is the tool's own JSON object
// (choices, scores, flags) and Text its free text fields by name.
type record struct {
	ID        int64             `json:"id"`
	Kind      string            `json:"kind"`
	At        string            `json:"at"`
	Data      json.RawMessage   `json:"data"`
	Text      map[string]string `json:"text"`
	CreatedAt string            `json:"created_at"`
	UpdatedAt string            `json:"updated_at"`
}

type progress struct {
	StepID    string `json:"step_id"`
	Status    string `json:"status"`
	UpdatedAt string `json:"updated_at"`
}

type resume struct {
	Screen    string `json:"screen"`
	StepID    string `json:"step_id"`
	PromptID  string `json:"prompt_id"`
	EntryID   int64  `json:"entry_id"`
	Scroll    int    `json:"scroll"`
	UpdatedAt string `json:"updated_at"`
}

type draft struct {
	StepID     string `json:"step_id"`
	PromptID   string `json:"prompt_id"`
	EntryID    int64  `json:"entry_id"`
	PromptText string `json:"prompt_text"`
	Body       string `json:"body"`
	Cursor     int    `json:"cursor"`
	UpdatedAt  string `json:"updated_at"`
}

type entry struct {
	ID         int64  `json:"id"`
	StepID     string `json:"step_id"`
	PromptID   string `json:"prompt_id"`
	PromptText string `json:"prompt_text"`
	Body       string `json:"body"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
}

// Source is what Write reads; *store.Store satisfies it. These are the
// store's own read functions, so whatever the store does to stored text
// (such as decrypting it) happens before it reaches the file.
type Source interface {
	Workbooks(ctx context.Context) ([]store.Workbook, error)
	EachEntry(ctx context.Context, wb int64, stepID, promptID string, fn func(store.Entry) error) error
	Drafts(ctx context.Context, wb int64) ([]store.Draft, error)
	StepProgressRows(ctx context.Context, wb int64) ([]store.StepProgress, error)
	Resume(ctx context.Context, wb int64) (store.Resume, bool, error)
	Records(ctx context.Context, table string, wb int64, q store.RecordQuery) ([]store.Record, error)
}

// Write writes the whole journal in src to out as one JSON document,
// streaming the entries one at a time so memory does not grow with the
// journal. now is the export's time.
func Write(ctx context.Context, out io.Writer, src Source, now time.Time) error {
	wbs, err := src.Workbooks(ctx)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bw := bufio.NewWriterSize(out, 32<<10)
	put := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err) // only strings and numbers: cannot fail
		}
		bw.Write(b)
	}
	fmt.Fprintf(bw, "{\"format\":%q,\"version\":%d,\"exported_at\":%q,\"workbooks\":[", Format, Version, formatTime(now))
	for i, w := range wbs {
		if i > 0 {
			bw.WriteString(",")
		}
		head, err := workbookHead(ctx, src, w)
		if err != nil {
			return err
		}
		// The head is marshalled with an empty entries list whose closing
		// "]}" is cut off, and the entries are streamed in its place.
		b, err := json.Marshal(head)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		bw.Write(b[:len(b)-len("[]}")])
		bw.WriteString("\n[")
		n := 0
		err = src.EachEntry(ctx, w.ID, "", "", func(e store.Entry) error {
			if n > 0 {
				bw.WriteString(",\n")
			}
			n++
			put(entry{ID: e.ID, StepID: e.StepID, PromptID: e.PromptID, PromptText: e.PromptText, Body: e.Body,
				CreatedAt: formatTime(e.CreatedAt), UpdatedAt: formatTime(e.UpdatedAt)})
			_, err := bw.Write(nil) // a sticky write error stops the walk
			return err
		})
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		bw.WriteString("]}")
	}
	bw.WriteString("]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}

// workbookHead is a workbook with everything but its entries.
func workbookHead(ctx context.Context, src Source, w store.Workbook) (workbook, error) {
	head := workbook{ID: w.ID, PartnerName: w.PartnerName, Relationship: w.Relationship, Role: string(w.Role),
		CreatedAt: formatTime(w.CreatedAt), UpdatedAt: formatTime(w.UpdatedAt),
		Progress: []progress{}, Drafts: []draft{}, Entries: []entry{}}
	ps, err := src.StepProgressRows(ctx, w.ID)
	if err != nil {
		return head, fmt.Errorf("export: %w", err)
	}
	for _, p := range ps {
		head.Progress = append(head.Progress, progress{StepID: p.StepID, Status: string(p.Status), UpdatedAt: formatTime(p.UpdatedAt)})
	}
	ds, err := src.Drafts(ctx, w.ID)
	if err != nil {
		return head, fmt.Errorf("export: %w", err)
	}
	for _, d := range ds {
		head.Drafts = append(head.Drafts, draft{StepID: d.StepID, PromptID: d.PromptID, EntryID: d.EntryID,
			PromptText: d.PromptText, Body: d.Body, Cursor: d.Cursor, UpdatedAt: formatTime(d.UpdatedAt)})
	}
	for _, table := range store.ToolTables {
		rs, err := src.Records(ctx, table, w.ID, store.RecordQuery{WithText: true})
		if err != nil {
			return head, fmt.Errorf("export: %w", err)
		}
		for _, r := range rs {
			if head.Tools == nil {
				head.Tools = map[string][]record{}
			}
			at := ""
			if !r.At.IsZero() {
				at = formatTime(r.At)
			}
			head.Tools[table] = append(head.Tools[table], record{ID: r.ID, Kind: r.Kind, At: at, Data: r.Data, Text: r.Text,
				CreatedAt: formatTime(r.CreatedAt), UpdatedAt: formatTime(r.UpdatedAt)})
		}
	}
	r, ok, err := src.Resume(ctx, w.ID)
	if err != nil {
		return head, fmt.Errorf("export: %w", err)
	}
	if ok {
		head.Resume = &resume{Screen: r.Screen, StepID: r.StepID, PromptID: r.PromptID, EntryID: r.EntryID,
			Scroll: r.Scroll, UpdatedAt: formatTime(r.UpdatedAt)}
	}
	return head, nil
}
