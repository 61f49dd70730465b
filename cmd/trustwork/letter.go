package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/trustwork/trustwork/internal/export"
	"github.com/trustwork/trustwork/internal/store"
)

// letter is `export --apology`: the finished apology (the impact letter
// on the hurt side) alone, or the latest version when none is marked
// finished, which stderr says. what names it for the line after -o.
func (e env) letter(ctx context.Context, j journal) (write func(io.Writer) error, what string, err error) {
	hurt := j.wb.Hurt()
	name, what := "apology", "Your apology"
	if hurt {
		name, what = "impact letter", "Your impact letter"
	}
	l, finished, err := j.st.LetterToShare(ctx, j.wb.ID, hurt)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", fmt.Errorf("there is no %s kept yet: in trustwork press a, write it, then s to keep a version", name)
	}
	if err != nil {
		return nil, "", j.st.Explain(ctx, err)
	}
	return func(w io.Writer) error {
		if err := export.WriteLetter(w, l); err != nil {
			return err
		}
		// Said once the letter is out, so a refused -o stays one line.
		if !finished {
			fmt.Fprintf(e.stderr, "No version of your %s is marked finished; this is the latest, version %d.\n", name, l.Version)
		}
		return nil
	}, what, nil
}
