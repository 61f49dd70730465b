// Package recovery keeps text that could not be saved. When a save to the
// database fails (disk full, file read-only, database locked), the TUI
// writes what was typed to a small JSON file beside the database, so
// nothing the person wrote is lost, and offers it back on the next start.
package recovery

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/private"
)

// Dir is the folder under the data directory that holds recovery files.
const Dir = "recovery"

// Record is one piece of unsaved text and where it belongs.
type Record struct {
	// WorkbookID is the workbook the text belongs to; 0 in records written
	// before there could be several, which belong to whichever opens.
	WorkbookID int64     `json:"workbook_id,omitempty"`
	StepID     string    `json:"step_id"`
	PromptID   string    `json:"prompt_id"`
	EntryID    int64     `json:"entry_id,omitempty"` // 0 for a new entry
	PromptText string    `json:"prompt_text"`
	Body       string    `json:"body"`
	Cursor     int       `json:"cursor"`
	SavedAt    time.Time `json:"saved_at"` // UTC
	// Path is the file the record was read from; set by List, not stored.
	Path string `json:"-"`
}

// unsafeName keeps ids to characters that are harmless in a file name.
// BelongsTo reports whether the record holds text of workbook wb.
func (r Record) BelongsTo(wb int64) bool { return r.WorkbookID == 0 || r.WorkbookID == wb }

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

func namePart(s string) string {
	s = unsafeName.ReplaceAllString(s, "_")
	if len(s) > 40 {
		s = s[:40]
	}
	if s == "" {
		s = "none"
	}
	return s
}

// Write stores r as <dataDir>/recovery/<step>-<prompt>-<entry>.json,
// replacing the record an earlier failed save left for the same prompt: a
// failing session saves again and again, and each attempt holds everything
// typed so far, so one file per prompt keeps the newest words without
// filling a disk that may already be full. The file appears complete or not
// at all: it is written to a 0600 temporary file in the same folder, synced,
// then renamed into place. The folder is created 0700. A zero SavedAt is set
// to the current time.
func Write(dataDir string, r Record) (string, error) { return WriteWith(dataDir, r, nil) }

// Codec seals recovery files for a journal with a passphrase; a
// *store.Store is one. SealBlob reports ok=false when the journal has no
// passphrase, and the file is then written as plain JSON.
type Codec interface {
	SealBlob(where string, plain []byte) (sealed []byte, ok bool, err error)
	OpenBlob(where string, sealed []byte) ([]byte, error)
}

// sealedFile is the JSON of a sealed recovery file: the whole record,
// sealed for its file name, so a file renamed to another prompt fails to
// open.
type sealedFile struct {
	Sealed []byte `json:"sealed"`
}

// WriteWith is Write through c (nil means plain).
func WriteWith(dataDir string, r Record, c Codec) (string, error) {
	dir := filepath.Join(dataDir, Dir)
	if err := private.MkdirAll(dir); err != nil {
		return "", fmt.Errorf("recovery folder %s cannot be made: %w", dir, err)
	}
	removeStaleTemps(dir)
	if r.SavedAt.IsZero() {
		r.SavedAt = time.Now()
	}
	r.SavedAt = r.SavedAt.UTC()
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encoding recovery record: %w", err)
	}
	name := fmt.Sprintf("%s-%s-%d.json", namePart(r.StepID), namePart(r.PromptID), r.EntryID)
	if r.WorkbookID != 0 {
		// Two workbooks have the same steps: without the id, one's
		// record would replace the other's.
		name = fmt.Sprintf("wb%d-%s", r.WorkbookID, name)
	}
	if c != nil {
		sealed, ok, err := c.SealBlob("recovery/"+name, data)
		clear(data)
		if err != nil {
			return "", fmt.Errorf("sealing recovery record: %w", err)
		}
		if ok {
			data, _ = json.Marshal(sealedFile{Sealed: sealed})
		} else if data, err = json.MarshalIndent(r, "", "  "); err != nil {
			return "", err
		}
	}
	data = append(data, '\n')
	dest := filepath.Join(dir, name)
	tmp, err := os.CreateTemp(dir, tempPrefix+"*.json") // CreateTemp uses 0600
	if err != nil {
		return "", fmt.Errorf("recovery file in %s cannot be created: %w", dir, err)
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return "", fmt.Errorf("recovery file %s: %w", tmpName, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return "", fmt.Errorf("recovery file %s cannot be written: %w", tmpName, err)
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("recovery file %s cannot be synced: %w", tmpName, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("recovery file %s: %w", tmpName, err)
	}
	if err := os.Rename(tmpName, dest); err != nil {
		return "", fmt.Errorf("recovery file %s cannot be put in place: %w", dest, err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return dest, nil
}

// tempPrefix names files being written; List never reads them.
const tempPrefix = ".tmp-"

// removeStaleTemps deletes temporary files that a killed process left
// behind (they hold someone's words in plain text). Only files older than
// a minute go, so a write in progress elsewhere is never disturbed.
func removeStaleTemps(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), tempPrefix) {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > time.Minute {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// List returns every readable recovery record under dataDir, oldest first.
// Files that cannot be read or decoded are skipped, never deleted: they may
// still hold someone's words, and a person can open them by hand. A missing
// folder means no records.
func List(dataDir string) ([]Record, error) { return ListWith(dataDir, nil) }

// ListWith is List through c: sealed files are opened with it (and
// skipped, never deleted, without it or when they do not open).
func ListWith(dataDir string, c Codec) ([]Record, error) {
	dir := filepath.Join(dataDir, Dir)
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading recovery folder %s: %w", dir, err)
	}
	var out []Record
	for _, e := range ents {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var sf sealedFile
		if json.Unmarshal(b, &sf) == nil && sf.Sealed != nil {
			if c == nil {
				continue
			}
			if b, err = c.OpenBlob("recovery/"+name, sf.Sealed); err != nil {
				continue
			}
		}
		var r Record
		if err := json.Unmarshal(b, &r); err != nil {
			continue
		}
		r.SavedAt = r.SavedAt.UTC()
		r.Path = p
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].SavedAt.Equal(out[j].SavedAt) {
			return out[i].SavedAt.Before(out[j].SavedAt)
		}
		return out[i].Path < out[j].Path
	})
	return out, nil
}

// Remove deletes a recovery file once its text is safely back in the
// database. Removing a file that is already gone is not an error.
func Remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing recovery file: %w", err)
	}
	return nil
}

// Rewrite writes recs (read with ListWith) again through c, after the
// lock was turned on (sealing them) or off (opening them). Each old file
// is overwritten with zeros before the new one replaces it, so its words
// are not left in the old blocks (as far as the file system allows).
func Rewrite(dataDir string, recs []Record, c Codec) error {
	var errs []error
	for _, r := range recs {
		zeroFile(r.Path)
		if _, err := WriteWith(dataDir, r, c); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// zeroFile overwrites a file's bytes in place and syncs it.
func zeroFile(path string) {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		f.WriteAt(make([]byte, st.Size()), 0)
		f.Sync()
	}
}
