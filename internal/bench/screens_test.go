package bench

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/export"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/tui"
	"github.com/trustwork/trustwork/internal/workbook"
)

// sink keeps View's result alive so the compiler cannot drop the call.
var sink string

// BenchmarkScreenView measures one View() of each main screen on the L
// journal (10,000 entries), after the screen's data has arrived. Target:
// ≤ 2 ms each.
func BenchmarkScreenView(b *testing.B) {
	cases := []struct {
		name   string
		resume store.Resume
		marker string
	}{
		{"home", store.Resume{Screen: "home"}, "Journal"},
		{"step", store.Resume{Screen: "step", StepID: "reflect"}, "Step 2 of"},
		{"journal", store.Resume{Screen: "journal"}, "Journal"},
	}
	for _, c := range cases {
		b.Run("size=L/screen="+c.name, func(b *testing.B) {
			s := newSession(b, "L", resumeAt(c.resume))
			s.expect(c.marker)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				sink = s.m.View().Content
			}
		})
	}
}

// BenchmarkOpenJournal measures opening the journal from home (Enter on
// the Journal tool, the page query, one View) and going back. Its B/op on
// S and L should be close: the list loads a page of summaries, never the
// bodies, so a 15 MB journal costs what a 50-entry one does.
func BenchmarkOpenJournal(b *testing.B) {
	for _, size := range []string{"S", "L"} {
		b.Run("size="+size, func(b *testing.B) {
			s := newSession(b, size, homeOnFirstStep)
			s.key("up", "up", "up") // Export, Toolkit, Journal
			s.expect("› Journal")
			s.key("enter")
			s.expect("Journal")
			s.key("esc")
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				s.key("enter")
				sink = s.m.View().Content
				s.key("esc")
			}
		})
	}
}

// BenchmarkJournalFind is one jump through a filtered journal: G to the
// oldest match and g back to the newest, each a count and a page query,
// with the matches marked and previews cut around them (issue 12.11).
func BenchmarkJournalFind(b *testing.B) {
	for _, size := range []string{"S", "L"} {
		b.Run("size="+size, func(b *testing.B) {
			s := newSession(b, size, homeOnFirstStep)
			s.key("up", "up", "up", "enter", "/")
			for _, r := range "the" {
				s.key(string(r))
			}
			s.key("enter")
			s.expect("Filter: the")
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				s.key("G")
				sink = s.m.View().Content
				s.key("g")
				sink = s.m.View().Content
			}
		})
	}
}

// typingKeys is a paragraph typed as a person types it: letters, spaces
// and punctuation, then Enter. Typing one letter b.N times instead would
// grow a single word by b.N characters and measure the wrapping of an
// ever longer line rather than a keystroke.
func typingKeys() []tea.KeyPressMsg {
	para := strings.Repeat("I listened without defending myself, and it was hard. ", 6)
	var keys []tea.KeyPressMsg
	for _, r := range para {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return append(keys, tea.KeyPressMsg{Code: tea.KeyEnter})
}

// BenchmarkTUIKeystroke is one key typed in the TUI's editor screen:
// the root model's Update then View, with a draft of 1 KB, 50 KB or 1 MB on the
// L journal, the cursor at the end or in the middle. The Cmds Update
// returns (autosave timers) are not run: they are not part of the
// keystroke. internal/textedit's BenchmarkKeystroke measures the widget
// alone.
func BenchmarkTUIKeystroke(b *testing.B) {
	keys := typingKeys()
	for _, size := range []struct {
		name string
		n    int
	}{{"1KB", 1 << 10}, {"50KB", 50 << 10}, {"1MB", 1 << 20}} {
		body := text(size.n)
		for _, cur := range []string{"end", "middle"} {
			b.Run("draft="+size.name+"/cursor="+cur, func(b *testing.B) {
				cursor := len(body)
				if cur == "middle" {
					cursor = len(body) / 2
				}
				prep := func(ctx context.Context, st *store.Store, wb store.Workbook, book *workbook.Workbook) error {
					step := book.Steps[1]
					p := step.Prompts[0]
					if err := st.SaveDraft(ctx, store.Draft{WorkbookID: wb.ID, StepID: step.ID, PromptID: p.ID,
						PromptText: p.Text, Body: body, Cursor: cursor}); err != nil {
						return err
					}
					return st.SaveResume(ctx, wb.ID, store.Resume{Screen: "editor", StepID: step.ID, PromptID: p.ID})
				}
				s := newSession(b, "L", prep)
				s.expect("Writing")
				s.expect("Sam asked")
				m := s.m
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					m, _ = m.Update(keys[i%len(keys)])
					sink = m.View().Content
				}
			})
		}
	}
}

// BenchmarkStartup is the in-process part of the time to first frame:
// open the store, load the lessons, build the TUI and draw the first
// View, on S and L. The two should cost the same: start-up runs a few
// small queries whatever the size of the journal.
func BenchmarkStartup(b *testing.B) {
	for _, size := range []string{"S", "L"} {
		b.Run("size="+size, func(b *testing.B) {
			path := dbCopy(b, size)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				st, err := store.Open(path, store.Options{})
				if err != nil {
					b.Fatal(err)
				}
				book := content.Book()
				m, err := tui.New(tui.Config{Store: st, Book: book, DataDir: filepath.Dir(path), DBPath: path, Now: time.Now})
				if err != nil {
					b.Fatal(err)
				}
				m.Init()
				m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
				sink = m.View().Content
				if err := st.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExport is the export of the whole journal to io.Discard, in
// process, on M and L: the part of `trustwork export` that is ours.
func BenchmarkExport(b *testing.B) {
	for _, size := range []string{"M", "L"} {
		b.Run("size="+size, func(b *testing.B) {
			st, err := store.Open(dbCopy(b, size), store.Options{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			book := content.Book()
			ctx := context.Background()
			wbs, err := st.Workbooks(ctx)
			if err != nil {
				b.Fatal(err)
			}
			opts := export.Options{Now: time.Now(), Location: time.UTC}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if err := export.Markdown(ctx, io.Discard, st, book, wbs[0], opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
