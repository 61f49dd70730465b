-- Give-space periods and the time-out plan.
-- Every tool table has the same shape (see internal/store/records.go):
-- plain ids, kind and times, and the private fields in two columns that
-- the codec seals when the journal is locked: data (small JSON of choices,
-- scores and flags, read for lists and charts) and text (JSON of the free
-- text fields, read only when a record is opened or exported).
CREATE TABLE space (
    id          INTEGER PRIMARY KEY,
    workbook_id INTEGER NOT NULL REFERENCES workbooks (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('period', 'timeout-plan', 'timeout')),
    -- The date that orders or schedules the record ('' when none): until when space was asked for ('' until they reach out).
    at          TEXT    NOT NULL DEFAULT '',
    data        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX space_by_workbook ON space (workbook_id, kind, created_at);
