package portable

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/trustwork/trustwork/internal/store"
)

// Limits on what Read accepts. They are far beyond any real journal (ten
// thousand entries of a few hundred words are about 10 MB) and keep a
// hostile or mistaken file from exhausting memory.
const (
	// MaxFileBytes bounds the whole document.
	MaxFileBytes = 256 << 20
	// MaxTextBytes bounds one body or question.
	MaxTextBytes = 16 << 20
	// MaxNameBytes bounds a name, relationship, id or screen.
	MaxNameBytes = 256
)

// maxFileBytes is MaxFileBytes; a test lowers it.
var maxFileBytes = MaxFileBytes

// ErrMalformed marks every refusal of Read: the file is not a journal this
// trustwork can import.
var ErrMalformed = errors.New("not an importable journal")

// Read decodes and checks a document written by Write, and returns its
// rows for store.ImportRows. It refuses, with one line saying where and
// what: another format or a newer version, unknown or missing fields,
// anything after the document, bytes that are not UTF-8, a key given twice,
// null where a value belongs, a file over MaxFileBytes, bad ids, times,
// roles or statuses, repeated ids, and drafts or resume points that point
// at entries of another workbook.
func Read(r io.Reader) ([]store.WorkbookRows, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(maxFileBytes)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileBytes {
		return nil, malformed("it is larger than %d MB", maxFileBytes>>20)
	}
	// Some editors start a file they save with a byte order mark.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	// encoding/json would turn bytes that are not UTF-8 into U+FFFD, a
	// silent change to someone's words; Write never writes such bytes.
	if !utf8.Valid(data) {
		return nil, malformed("it is not UTF-8 (byte %d); it was changed since trustwork wrote it", invalidUTF8At(data))
	}
	// Two mistakes a person is likely to make get their own answer.
	switch {
	case bytes.HasPrefix(data, []byte("SQLite format 3\x00")):
		return nil, malformed("it is a database file, not a JSON export; to bring back a backup use trustwork restore BACKUP")
	case bytes.HasPrefix(data, []byte("# Journal")):
		return nil, malformed("it is a markdown export, which is for reading; import takes the file written by trustwork export --format json")
	}
	// The format and version are read first, loosely, so a newer file is
	// refused for its version rather than for the fields it added.
	var head struct {
		Format  *string `json:"format"`
		Version *int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, malformed("it is not JSON (%s)", jsonError(data, err))
	}
	switch {
	case head.Format == nil || *head.Format != Format:
		return nil, malformed(`it has no "format": %q field; it is not a trustwork journal export`, Format)
	case head.Version == nil || *head.Version < 1:
		return nil, malformed(`it has no valid "version"`)
	case *head.Version > Version:
		return nil, malformed("it was written by a newer trustwork (format version %d; this one reads up to %d); update trustwork and try again", *head.Version, Version)
	}
	if err := checkTokens(data); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc document
	if err := dec.Decode(&doc); err != nil {
		return nil, malformed("%s", jsonError(data, err))
	}
	if _, err := parseTime("exported_at", doc.ExportedAt); err != nil {
		return nil, err
	}
	return check(doc)
}

// malformedError says what is wrong in the person's words and matches
// ErrMalformed, whose text it leaves out so the line stays short.
type malformedError struct{ msg string }

func (e *malformedError) Error() string        { return e.msg }
func (e *malformedError) Is(target error) bool { return target == ErrMalformed }

func malformed(format string, args ...any) error {
	return &malformedError{msg: fmt.Sprintf(format, args...)}
}

// jsonError says where a decoding error is, as a byte offset a person can
// find with an editor, and what was wrong.
func jsonError(data []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("%s at byte %d", se.Error(), se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("%q should be a %s, not a %s (byte %d)", te.Field, te.Type, te.Value, te.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return "it ends too early (cut short?)"
	}
	return err.Error() // e.g. json: unknown field "x"
}

func parseTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, malformed("%s %q is not a time like 2026-03-01T09:00:00Z", field, s)
	}
	if y := t.UTC().Year(); y < 1970 || y > 9999 {
		return time.Time{}, malformed("%s %q is not a plausible date", field, s)
	}
	return t.UTC(), nil
}

// checkText refuses text that is not UTF-8 or longer than max bytes; with
// id set, also empty text and control characters (ids are names, not
// writing).
func checkText(field, s string, max int, id bool) error {
	switch {
	case len(s) > max:
		return malformed("%s is longer than %d bytes", field, max)
	case !utf8.ValidString(s):
		return malformed("%s is not UTF-8", field)
	case id && s == "":
		return malformed("%s is empty", field)
	}
	if id {
		for _, r := range s {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f {
				return malformed("%s %q holds a control character", field, s)
			}
		}
	}
	return nil
}

// checker collects the first error of a run of checks.
type checker struct{ err error }

func (c *checker) text(field, s string, max int, id bool) {
	if c.err == nil {
		c.err = checkText(field, s, max, id)
	}
}

func (c *checker) time(field, s string) time.Time {
	if c.err != nil {
		return time.Time{}
	}
	t, err := parseTime(field, s)
	c.err = err
	return t
}

func (c *checker) fail(format string, args ...any) {
	if c.err == nil {
		c.err = malformed(format, args...)
	}
}

// check validates doc and converts it to store rows.
func check(doc document) ([]store.WorkbookRows, error) {
	if len(doc.Workbooks) == 0 {
		return nil, malformed("it holds no workbook, so there is nothing to import")
	}
	var out []store.WorkbookRows
	wbIDs := map[int64]bool{}
	entryIDs := map[int64]int64{} // entry id → workbook id
	toolIDs := map[string]map[int64]bool{}
	toolRecs := map[[2]int64]bool{} // {workbook id, record id} of every tool record
	c := &checker{}
	for i, w := range doc.Workbooks {
		at := fmt.Sprintf("workbook %d", i+1)
		if w.ID <= 0 || wbIDs[w.ID] {
			c.fail("%s: id %d is not positive or is used twice", at, w.ID)
		}
		wbIDs[w.ID] = true
		c.text(at+" partner_name", w.PartnerName, MaxNameBytes, false)
		c.text(at+" relationship", w.Relationship, MaxNameBytes, false)
		role := store.Role(w.Role)
		if role != store.RoleRepairing && role != store.RoleHurt {
			c.fail("%s: role %q is not %q or %q", at, w.Role, store.RoleRepairing, store.RoleHurt)
		}
		rows := store.WorkbookRows{Workbook: store.Workbook{ID: w.ID, PartnerName: w.PartnerName, Relationship: w.Relationship, Role: role,
			CreatedAt: c.time(at+" created_at", w.CreatedAt), UpdatedAt: c.time(at+" updated_at", w.UpdatedAt)}}
		for j, e := range w.Entries {
			at := fmt.Sprintf("%s, entry %d", at, j+1)
			if _, dup := entryIDs[e.ID]; e.ID <= 0 || dup {
				c.fail("%s: id %d is not positive or is used twice", at, e.ID)
			}
			entryIDs[e.ID] = w.ID
			c.text(at+" step_id", e.StepID, MaxNameBytes, true)
			c.text(at+" prompt_id", e.PromptID, MaxNameBytes, true)
			c.text(at+" prompt_text", e.PromptText, MaxTextBytes, false)
			c.text(at+" body", e.Body, MaxTextBytes, false)
			rows.Entries = append(rows.Entries, store.Entry{ID: e.ID, WorkbookID: w.ID, StepID: e.StepID, PromptID: e.PromptID,
				PromptText: e.PromptText, Body: e.Body,
				CreatedAt: c.time(at+" created_at", e.CreatedAt), UpdatedAt: c.time(at+" updated_at", e.UpdatedAt)})
		}
		for table, rs := range w.Tools {
			if !slices.Contains(store.ToolTables, table) {
				c.fail("%s: tools has an unknown table %q", at, table)
				continue
			}
			ids := toolIDs[table]
			if ids == nil {
				ids = map[int64]bool{} // ids are unique in a table, across workbooks
				toolIDs[table] = ids
			}
			for j, r := range rs {
				at := fmt.Sprintf("%s, %s %d", at, table, j+1)
				if r.ID <= 0 || ids[r.ID] {
					c.fail("%s: id %d is not positive or is used twice", at, r.ID)
				}
				ids[r.ID] = true
				toolRecs[[2]int64{w.ID, r.ID}] = true
				c.text(at+" kind", r.Kind, MaxNameBytes, true)
				if len(r.Data) > MaxTextBytes || len(bytes.TrimSpace(r.Data)) == 0 || bytes.TrimSpace(r.Data)[0] != '{' {
					c.fail("%s: data is not a JSON object", at)
				}
				for k, v := range r.Text {
					c.text(at+" text "+strconv.Quote(k), v, MaxTextBytes, false)
				}
				rec := store.Record{ID: r.ID, WorkbookID: w.ID, Kind: r.Kind, Data: r.Data, Text: r.Text,
					CreatedAt: c.time(at+" created_at", r.CreatedAt), UpdatedAt: c.time(at+" updated_at", r.UpdatedAt)}
				if r.At != "" {
					rec.At = c.time(at+" at", r.At)
				}
				if rows.Records == nil {
					rows.Records = map[string][]store.Record{}
				}
				rows.Records[table] = append(rows.Records[table], rec)
			}
		}
		steps := map[string]bool{}
		for j, p := range w.Progress {
			at := fmt.Sprintf("%s, progress %d", at, j+1)
			c.text(at+" step_id", p.StepID, MaxNameBytes, true)
			if steps[p.StepID] {
				c.fail("%s: step %q appears twice", at, p.StepID)
			}
			steps[p.StepID] = true
			st := store.Status(p.Status)
			if st != store.NotStarted && st != store.InProgress && st != store.Done {
				c.fail("%s: status %q is not %q, %q or %q", at, p.Status, store.NotStarted, store.InProgress, store.Done)
			}
			rows.Progress = append(rows.Progress, store.StepProgress{StepID: p.StepID, Status: st, UpdatedAt: c.time(at+" updated_at", p.UpdatedAt)})
		}
		out = append(out, rows)
		if c.err != nil {
			return nil, c.err
		}
	}
	// Drafts and resume points may name an entry; it must be one of the
	// same workbook, which is only known once every entry is read.
	for i, w := range doc.Workbooks {
		at := fmt.Sprintf("workbook %d", i+1)
		rows := &out[i]
		keys := map[[3]string]bool{}
		for j, d := range w.Drafts {
			at := fmt.Sprintf("%s, draft %d", at, j+1)
			c.text(at+" step_id", d.StepID, MaxNameBytes, true)
			c.text(at+" prompt_id", d.PromptID, MaxNameBytes, true)
			c.text(at+" prompt_text", d.PromptText, MaxTextBytes, false)
			c.text(at+" body", d.Body, MaxTextBytes, false)
			// A tool's draft names the tool record it edits, not an entry.
			switch {
			case d.EntryID < 0:
				c.fail("%s: entry_id %d is negative", at, d.EntryID)
			case d.EntryID > 0 && store.IsToolStep(d.StepID):
				if !toolRecs[[2]int64{w.ID, d.EntryID}] {
					c.fail("%s: entry_id %d is not a tool record of this workbook", at, d.EntryID)
				}
			case d.EntryID > 0 && entryIDs[d.EntryID] != w.ID:
				c.fail("%s: entry_id %d is not an entry of this workbook", at, d.EntryID)
			}
			if d.Cursor < 0 || d.Cursor > len(d.Body) {
				c.fail("%s: cursor %d is outside its text", at, d.Cursor)
			}
			k := [3]string{d.StepID, d.PromptID, fmt.Sprint(d.EntryID)}
			if keys[k] {
				c.fail("%s: a second draft for the same question and entry", at)
			}
			keys[k] = true
			rows.Drafts = append(rows.Drafts, store.Draft{WorkbookID: w.ID, StepID: d.StepID, PromptID: d.PromptID, EntryID: d.EntryID,
				PromptText: d.PromptText, Body: d.Body, Cursor: d.Cursor, UpdatedAt: c.time(at+" updated_at", d.UpdatedAt)})
		}
		if r := w.Resume; r != nil {
			at := at + ", resume"
			c.text(at+" screen", r.Screen, MaxNameBytes, true)
			c.text(at+" step_id", r.StepID, MaxNameBytes, false)
			c.text(at+" prompt_id", r.PromptID, MaxNameBytes, false)
			if r.Scroll < 0 {
				c.fail("%s: scroll %d is negative", at, r.Scroll)
			}
			if r.EntryID < 0 {
				c.fail("%s: entry_id %d is negative", at, r.EntryID)
			}
			rows.Resume = &store.Resume{Screen: r.Screen, StepID: r.StepID, PromptID: r.PromptID, EntryID: r.EntryID,
				Scroll: r.Scroll, UpdatedAt: c.time(at+" updated_at", r.UpdatedAt)}
		}
		if c.err != nil {
			return nil, c.err
		}
	}
	return out, nil
}

// invalidUTF8At is the offset of the first byte of data that is not UTF-8.
func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// checkTokens refuses what encoding/json would accept by dropping a value
// without a word: a key given twice in one object (the last one wins) and
// null where text, a number or a list belongs (it becomes "", 0 or
// nothing). Write writes neither; "resume" is the one field that may be
// null. data has already been decoded once, so it is valid JSON.
func checkTokens(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	type object struct {
		keys   map[string]bool
		expect bool // the next string is a key
		key    string
	}
	var stack []*object
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return malformed("it is not JSON (%s)", jsonError(data, err))
		}
		var top *object
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.expect {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				continue
			}
			key, _ := tok.(string)
			if top.keys[key] {
				return malformed("%q appears twice in one object (byte %d); each field may be given once", key, dec.InputOffset())
			}
			top.keys[key], top.key, top.expect = true, key, false
			continue
		}
		if tok == nil && (top == nil || top.key != "resume") {
			what := "an item of a list"
			if top != nil {
				what = strconv.Quote(top.key)
			}
			return malformed("%s is null (byte %d); trustwork export never writes null there", what, dec.InputOffset())
		}
		if top != nil {
			top.expect = true // after this value, a key or the end
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &object{keys: map[string]bool{}, expect: true})
		case json.Delim('['):
			stack = append(stack, nil)
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
	}
}
