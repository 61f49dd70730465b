-- The promise ledger, and the hurt track's "what I need to see" list.
-- Every tool table has the same shape (see internal/store/records.go):
-- plain ids, kind and times, and the private fields in two columns that
-- the codec seals when the journal is locked: data (small JSON of choices,
-- scores and flags, read for lists and charts) and text (JSON of the free
-- text fields, read only when a record is opened or exported).
CREATE TABLE promises (
    id          INTEGER PRIMARY KEY,
    workbook_id INTEGER NOT NULL REFERENCES workbooks (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('promise', 'need')),
    -- The date that orders or schedules the record ('' when none): a promise's due date, a need's review date.
    at          TEXT    NOT NULL DEFAULT '',
    data        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX promises_by_workbook ON promises (workbook_id, kind, created_at);
