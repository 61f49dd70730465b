package store

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// Turning the lock on converts every tool table like the journal: no
// tool's text or data is left readable in the file, and everything reads
// back the same once unlocked. Turning it off is the mirror image.
func TestRecordsConvertWithTheLock(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "j.db")
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wb, err := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{"apologies": "apology", "promises": "promise", "agreements": "agreement",
		"wins": "win", "space": "period", "checkins": "checkin"}
	due := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, table := range ToolTables {
		_, err := s.AddRecord(ctx, table, Record{WorkbookID: wb.ID, Kind: kinds[table], At: due,
			Data: json.RawMessage(`{"secret":"data-` + table + `-plum"}`), Text: map[string]string{"f": "text-" + table + "-plum"}})
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
	}
	if !fileHolds(t, p, "-plum") {
		t.Fatal("the plain file does not hold the text: the test would prove nothing")
	}
	if err := s.SetPassphrase(ctx, []byte("a long passphrase")); err != nil {
		t.Fatal(err)
	}
	if fileHolds(t, p, "-plum") {
		t.Fatal("a tool's text or data is left plain after turning the lock on")
	}
	for _, table := range ToolTables {
		rs, err := s.Records(ctx, table, wb.ID, RecordQuery{WithText: true})
		if err != nil || len(rs) != 1 {
			t.Fatalf("%s: %v %v", table, rs, err)
		}
		if got := rs[0].Text["f"]; got != "text-"+table+"-plum" || !rs[0].At.Equal(due) || string(rs[0].Data) != `{"secret":"data-`+table+`-plum"}` {
			t.Errorf("%s reads back %+v", table, rs[0])
		}
	}
	if err := s.RemovePassphrase(ctx); err != nil {
		t.Fatal(err)
	}
	rs, err := s.Records(ctx, "checkins", wb.ID, RecordQuery{WithText: true})
	if err != nil || len(rs) != 1 || rs[0].Text["f"] != "text-checkins-plum" {
		t.Fatalf("after removing the lock: %v %v", rs, err)
	}
}

// A sealed value copied to another row fails to open rather than reading
// as someone else's words.
func TestRecordsMovedValueFailsToOpen(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "j.db")
	s, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wb, _ := s.CreateWorkbook(ctx, Workbook{PartnerName: "Sam", Relationship: "partner", Role: RoleRepairing})
	if err := s.SetPassphrase(ctx, []byte("a long passphrase")); err != nil {
		t.Fatal(err)
	}
	a, _ := s.AddRecord(ctx, "wins", Record{WorkbookID: wb.ID, Kind: "win", Text: map[string]string{"text": "mine"}})
	b, _ := s.AddRecord(ctx, "wins", Record{WorkbookID: wb.ID, Kind: "win", Text: map[string]string{"text": "other"}})
	if _, err := s.w.ExecContext(ctx, `UPDATE wins SET text = (SELECT text FROM wins WHERE id = ?) WHERE id = ?`, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(ctx, "wins", wb.ID, b.ID); err == nil {
		t.Error("a value moved to another row opened")
	}
	if _, err := s.Records(ctx, "nope; DROP TABLE wins", wb.ID, RecordQuery{}); !errors.Is(err, ErrUnknownTable) {
		t.Errorf("unknown table: %v", err)
	}
}
