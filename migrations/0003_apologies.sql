-- The apology builder's versions and the hurt track's impact letters.
-- Every tool table has the same shape (see internal/store/records.go):
-- plain ids, kind and times, and the private fields in two columns that
-- the codec seals when the journal is locked: data (small JSON of choices,
-- scores and flags, read for lists and charts) and text (JSON of the free
-- text fields, read only when a record is opened or exported).
CREATE TABLE apologies (
    id          INTEGER PRIMARY KEY,
    workbook_id INTEGER NOT NULL REFERENCES workbooks (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('apology', 'impact')),
    -- The date that orders or schedules the record ('' when none): unused, versions are ordered by created_at.
    at          TEXT    NOT NULL DEFAULT '',
    data        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX apologies_by_workbook ON apologies (workbook_id, kind, created_at);
