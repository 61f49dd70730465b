package export

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/trustwork/trustwork/internal/apology"
	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// letterTitle is the section's name by side: the apology, or the hurt
// track's impact letter.
func letterTitle(hurt bool) string {
	if hurt {
		return "Impact letter"
	}
	return "Apology"
}

// apologySection exports the latest version of the apology (or impact
// letter) kept in the range, with how many versions there are. Earlier
// versions stay in the journal; the export is for reading the letter.
var apologySection = ToolSection{
	ID: "apology",
	Markdown: func(ctx context.Context, d Doc, src ToolSource, wb store.Workbook) error {
		draft, vs, err := src.Letters(ctx, wb.ID, wb.Hurt(), true)
		if err != nil {
			return err
		}
		var in []store.Letter
		for _, v := range vs {
			if d.InRange(v.CreatedAt) {
				in = append(in, v)
			}
		}
		if len(in) == 0 {
			if len(vs) == 0 && apology.LetterText(wb.Hurt(), draft.Sections) != "" && d.InRange(draft.UpdatedAt) {
				d.Raw("\n")
				d.Heading(2, letterTitle(wb.Hurt()))
				d.Raw("\n*Being written; no version kept yet.*\n")
			}
			return nil
		}
		v := in[len(in)-1]
		d.Raw("\n")
		d.Heading(2, letterTitle(wb.Hurt()))
		line := fmt.Sprintf("*Version %d of %d, kept %s", v.Version, len(vs), d.Date(v.CreatedAt))
		if v.Finished {
			line += ", finished"
		}
		d.Raw("\n" + line + "*\n\n")
		d.Body(apology.LetterText(wb.Hurt(), v.Sections))
		return nil
	},
	Status: func(ctx context.Context, src ToolSource, wb store.Workbook, now time.Time) ([]string, error) {
		draft, vs, err := src.Letters(ctx, wb.ID, wb.Hurt(), false)
		if err != nil {
			return nil, err
		}
		name := letterTitle(wb.Hurt())
		switch {
		case len(vs) > 0:
			line := fmt.Sprintf("%s: %s kept", name, countOf(len(vs), "version"))
			for i := len(vs) - 1; i >= 0; i-- {
				if vs[i].Finished {
					line += fmt.Sprintf(", version %d finished", vs[i].Version)
					break
				}
			}
			return []string{line}, nil
		case draft.ID != 0:
			return []string{name + ": being written, no version kept yet"}, nil
		}
		return nil, nil
	},
}

func countOf(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

// WriteLetter writes an apology or impact letter on its own, as the
// person would hand it over: their words only, made plain and printable,
// nothing of the app around them.
func WriteLetter(w io.Writer, l store.Letter) error {
	text := sanitize.Text(apology.LetterText(l.Impact, l.Sections))
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	_, err := io.WriteString(w, text)
	return err
}
