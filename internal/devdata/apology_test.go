package devdata

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/trustwork/trustwork/internal/apology"
)

// A generated journal holds an apology as the app writes one: a working
// draft with a note set aside, and versions kept over time, the last
// finished and owning more than the first.
func TestGeneratedApology(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	sp, _ := Preset("S", 7)
	wb, err := Generate(ctx, st, book(t), sp)
	if err != nil {
		t.Fatal(err)
	}
	draft, vs, err := st.Letters(ctx, wb.ID, false, true)
	if err != nil {
		t.Fatal(err)
	}
	if draft.ID == 0 || !slices.Equal(draft.Dismissed, []string{"balance/explanation"}) {
		t.Fatalf("draft: %+v", draft)
	}
	if len(vs) != 3 || vs[0].Finished || !vs[2].Finished || vs[2].Version != 3 || !vs[0].CreatedAt.Before(vs[2].CreatedAt) {
		t.Fatalf("versions: %+v", vs)
	}
	first := apology.CheckTexts(false, vs[0].Sections)
	last := apology.CheckTexts(false, vs[2].Sections)
	if len(first) == 0 || len(last) != 0 {
		t.Errorf("the first version should draw notes and the last none: %d, %d", len(first), len(last))
	}
	if l, fin, err := st.LetterToShare(ctx, wb.ID, false); err != nil || !fin || !strings.Contains(apology.LetterText(false, l.Sections), "eight months") {
		t.Errorf("letter to share: %+v %v %v", l, fin, err)
	}
}
