-- Check-ins (scores, answers, a note, one thing for this week) and self-assessments.
-- Every tool table has the same shape (see internal/store/records.go):
-- plain ids, kind and times, and the private fields in two columns that
-- the codec seals when the journal is locked: data (small JSON of choices,
-- scores and flags, read for lists and charts) and text (JSON of the free
-- text fields, read only when a record is opened or exported).
CREATE TABLE checkins (
    id          INTEGER PRIMARY KEY,
    workbook_id INTEGER NOT NULL REFERENCES workbooks (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('checkin', 'assessment')),
    -- The date that orders or schedules the record ('' when none): the day of the check-in or assessment.
    at          TEXT    NOT NULL DEFAULT '',
    data        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX checkins_by_workbook ON checkins (workbook_id, kind, created_at);
