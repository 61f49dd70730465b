package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/trustwork/trustwork/internal/export"
	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
	"github.com/trustwork/trustwork/internal/workbook"
)

// writeStatus prints the progress report of `trustwork status`: plain text,
// no colour, so it reads the same in a pipe, a file or a terminal.
func writeStatus(ctx context.Context, w io.Writer, st *store.Store, book *workbook.Workbook, wb store.Workbook) error {
	track := workbook.TrackFor(wb.Hurt())
	all := book
	book = &workbook.Workbook{Steps: book.Track(track)}
	progress, err := st.Progress(ctx, wb.ID)
	if err != nil {
		return err
	}
	counts, err := st.PromptCounts(ctx, wb.ID)
	if err != nil {
		return err
	}
	total, err := st.CountEntries(ctx, wb.ID, "")
	if err != nil {
		return err
	}
	drafts, err := st.Drafts(ctx, wb.ID)
	if err != nil {
		return err
	}
	answered := map[workbook.PromptRef]bool{}
	other := 0 // entries written on the other track, before a change of side
	for _, c := range counts {
		if c.Count > 0 {
			answered[workbook.PromptRef{StepID: c.StepID, PromptID: c.PromptID}] = true
		}
		if s, ok := all.Step(c.StepID); ok && s.Track != track {
			other += c.Count
		}
	}
	done := 0
	for _, s := range book.Steps {
		if progress[s.ID] == store.Done {
			done++
		}
	}
	fmt.Fprintf(w, "%s%s (%s)\n", capitalise(workbook.Purpose(track)), sanitize.Text(wb.PartnerName), sanitize.Text(wb.Relationship))
	fmt.Fprintf(w, "%d of %d steps done · %s · %s\n\n", done, len(book.Steps),
		plural(total, "journal entry", "journal entries"), plural(len(drafts), "unsaved draft", "unsaved drafts"))
	if other > 0 {
		verb := "are"
		if other == 1 {
			verb = "is"
		}
		fmt.Fprintf(w, "%s on the other track, from before you changed side, %s kept in your journal and export.\n\n",
			plural(other, "entry", "entries"), verb)
	}
	for i, s := range book.Steps {
		n := 0
		for _, p := range s.Prompts {
			if answered[workbook.PromptRef{StepID: s.ID, PromptID: p.ID}] {
				n++
			}
		}
		fmt.Fprintf(w, "  %d. %-34s %-12s %d/%d prompts answered\n", i+1, s.Title, statusWord(progress[s.ID]), n, len(s.Prompts))
	}
	tools, err := export.ToolStatus(ctx, st, wb, time.Now())
	if err != nil {
		return err
	}
	if len(tools) > 0 {
		fmt.Fprintln(w, "\nToolkit")
		for _, l := range tools {
			// A line may quote the person's words: no control characters.
			fmt.Fprintf(w, "  %s\n", sanitize.Text(l))
		}
	}
	if r, ok, err := st.Resume(ctx, wb.ID); err != nil {
		return err
	} else if ok && !store.UnreadableTime(r.UpdatedAt) {
		fmt.Fprintf(w, "\nLast here %s.\n", r.UpdatedAt.Local().Format("Monday 2 January 2006 at 15:04"))
	}
	return nil
}

// plural says "1 journal entry" and "2 journal entries".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func statusWord(s store.Status) string { return s.Words() }

// capitalise upper-cases the first letter of an ASCII phrase.
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
