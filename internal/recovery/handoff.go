package recovery

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/trustwork/trustwork/internal/private"
)

// HandoffDir is the folder, under the data directory, where text handed to
// an external editor ($EDITOR) lives while that editor runs. It is private
// (0700) like the rest of the data folder, never /tmp, and this package is
// the only place that knows it: anything that must guard or sweep these
// files (the lock helper, say) asks HandoffRoot.
const HandoffDir = "editing"

// handoffText and handoffTarget are the two files of one handoff: the text
// the editor edits, and where it belongs (the Record without its body).
const (
	handoffText   = "entry.md"
	handoffTarget = "target.json"
)

// HandoffRoot returns the folder that holds every handoff under dataDir.
func HandoffRoot(dataDir string) string { return filepath.Join(dataDir, HandoffDir) }

// Handoff is one text handed to an external editor: a private folder of its
// own (the editor's swap and backup files land beside the text, inside it)
// holding the text file and a note of where the text belongs.
type Handoff struct {
	// Dir is the handoff's own folder; Path the text file the editor opens.
	Dir, Path string
	// Record says where the text belongs. From Orphans, its Body is the
	// text the editor left, SavedAt the file's last change, and PromptText
	// empty (the note never holds it).
	Record Record
}

// StartHandoff writes r.Body to a new 0600 file in a new 0700 folder under
// HandoffRoot(dataDir), with a note of r's target, and returns it. The text
// stays there until Remove: if trustwork is killed or its terminal closed
// while the editor is open, the next start finds it with Orphans.
func StartHandoff(dataDir string, r Record) (Handoff, error) {
	root := HandoffRoot(dataDir)
	if err := private.MkdirAll(root); err != nil {
		return Handoff{}, fmt.Errorf("folder %s cannot be made: %w", root, err)
	}
	dir, err := os.MkdirTemp(root, "h-") // MkdirTemp uses 0700
	if err != nil {
		return Handoff{}, err
	}
	h := Handoff{Dir: dir, Path: filepath.Join(dir, handoffText), Record: r}
	// The note is plain even in a locked journal, so it holds ids and
	// times only: the prompt's text is sealed in the store like the body,
	// and the app finds it again from the ids (see Orphans).
	target := r
	target.Body, target.Path, target.PromptText = "", "", ""
	if target.SavedAt.IsZero() {
		target.SavedAt = time.Now()
	}
	note, err := json.Marshal(target)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, handoffTarget), note, 0o600)
	}
	if err == nil {
		err = os.WriteFile(h.Path, []byte(r.Body), 0o600)
	}
	if err != nil {
		os.RemoveAll(dir)
		return Handoff{}, err
	}
	return h, nil
}

// Read returns the text the editor left in the handoff.
func (h Handoff) Read() (string, error) {
	b, err := os.ReadFile(h.Path)
	return string(b), err
}

// Remove deletes the handoff's folder, text, note and whatever the editor
// left beside them. Call it only once the text is safely stored.
func (h Handoff) Remove() error {
	if h.Dir == "" {
		return nil
	}
	// Overwrite first: a locked journal's text sat here in plain form
	// while the editor had it (see the README's privacy section).
	zeroFiles(h.Dir)
	if err := os.RemoveAll(h.Dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing %s: %w", h.Dir, err)
	}
	return nil
}

// Orphans returns the handoffs a previous run left behind (it was killed or
// its terminal closed while the editor was open), with the text each holds,
// oldest first. Call it only while holding the data folder's lock, so no
// running trustwork still owns them. Handoffs whose text or note cannot be
// read are skipped, never deleted.
func Orphans(dataDir string) ([]Handoff, error) {
	root := HandoffRoot(dataDir)
	ents, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", root, err)
	}
	var out []Handoff
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		h := Handoff{Dir: filepath.Join(root, e.Name())}
		h.Path = filepath.Join(h.Dir, handoffText)
		note, err := os.ReadFile(filepath.Join(h.Dir, handoffTarget))
		if err != nil || json.Unmarshal(note, &h.Record) != nil {
			continue
		}
		fi, err := os.Stat(h.Path)
		if err != nil {
			continue
		}
		if h.Record.Body, err = h.Read(); err != nil {
			continue
		}
		h.Record.SavedAt = fi.ModTime().UTC()
		out = append(out, h)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Record.SavedAt.Before(out[j].Record.SavedAt) })
	return out, nil
}

// zeroFiles overwrites every regular file under dir with zeros (the temp
// file and any swap or backup files the editor left beside it) before the
// folder is removed, so the words are not left in freed blocks, as far as
// the file system allows.
func zeroFiles(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NOFOLLOW, 0)
		if err != nil {
			return nil
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			f.WriteAt(make([]byte, st.Size()), 0)
			f.Sync()
		}
		return nil
	})
}
