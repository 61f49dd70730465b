package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/trustwork/trustwork/internal/sanitize"
	"github.com/trustwork/trustwork/internal/store"
)

// workbookUsage is the help line of --workbook, shared by status and export.
const workbookUsage = "which workbook, by the other person's name"

// chooseWorkbook picks the workbook a read-only command works on: the one
// named (case does not matter), else the only one. With several and none
// named it refuses, naming them, rather than guess whose journal to print.
// ok is false when no workbook was ever set up.
func chooseWorkbook(ctx context.Context, st *store.Store, name string) (w store.Workbook, ok bool, err error) {
	wbs, err := st.Workbooks(ctx)
	if err != nil {
		return store.Workbook{}, false, err
	}
	if len(wbs) == 0 {
		if strings.TrimSpace(name) != "" {
			return store.Workbook{}, false, fmt.Errorf("there is no workbook named %q: none is set up yet; run trustwork to begin", sanitize.Text(name))
		}
		return store.Workbook{}, false, nil
	}
	if strings.TrimSpace(name) == "" {
		if len(wbs) == 1 {
			return wbs[0], true, nil
		}
		return store.Workbook{}, false, usageErr{fmt.Errorf("you have %d workbooks (%s); choose one with --workbook NAME", len(wbs), workbookNames(wbs))}
	}
	for _, w := range wbs {
		if store.SameName(w.PartnerName, name) {
			return w, true, nil
		}
	}
	return store.Workbook{}, false, usageErr{fmt.Errorf("there is no workbook named %q; yours are: %s", sanitize.Text(name), workbookNames(wbs))}
}

// workbookNames lists the workbooks' names for a one-line message.
func workbookNames(wbs []store.Workbook) string {
	names := make([]string, len(wbs))
	for i, w := range wbs {
		names[i] = sanitize.Text(w.PartnerName)
	}
	return strings.Join(names, ", ")
}
