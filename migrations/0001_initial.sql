-- The first schema of trustwork. Timestamps are UTC, stored as text in
-- RFC 3339 with nanoseconds so they sort and read well in sqlite3.

-- 'TWRK' in ASCII: lets trustwork refuse a stranger's SQLite file.
PRAGMA application_id = 1415008843;

-- One workbook per relationship being repaired.
CREATE TABLE workbooks (
    id           INTEGER PRIMARY KEY,
    partner_name TEXT    NOT NULL,
    relationship TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('repairing', 'hurt')),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
) STRICT;

-- Journal entries. prompt_text is a copy of the question as it was when the
-- entry was written, so later content changes never orphan or garble it.
CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    workbook_id INTEGER NOT NULL REFERENCES workbooks (id) ON DELETE CASCADE,
    step_id     TEXT    NOT NULL,
    prompt_id   TEXT    NOT NULL,
    prompt_text TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX entries_by_time   ON entries (workbook_id, created_at DESC, id DESC);
CREATE INDEX entries_by_prompt ON entries (workbook_id, step_id, prompt_id, created_at);

-- Unsaved editor text, written by autosave. entry_id is 0 for a new entry
-- and the entry's id while an existing entry is being edited.
CREATE TABLE drafts (
    workbook_id INTEGER NOT NULL REFERENCES workbooks (id) ON DELETE CASCADE,
    step_id     TEXT    NOT NULL,
    prompt_id   TEXT    NOT NULL,
    entry_id    INTEGER NOT NULL DEFAULT 0,
    prompt_text TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    cursor      INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (workbook_id, step_id, prompt_id, entry_id)
) STRICT;

CREATE TABLE step_progress (
    workbook_id INTEGER NOT NULL REFERENCES workbooks (id) ON DELETE CASCADE,
    step_id     TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('not-started', 'in-progress', 'done')),
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (workbook_id, step_id)
) STRICT;

-- Where to reopen: one row per workbook.
CREATE TABLE resume_state (
    workbook_id INTEGER PRIMARY KEY REFERENCES workbooks (id) ON DELETE CASCADE,
    screen      TEXT    NOT NULL,
    step_id     TEXT    NOT NULL DEFAULT '',
    prompt_id   TEXT    NOT NULL DEFAULT '',
    entry_id    INTEGER NOT NULL DEFAULT 0,
    scroll      INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT    NOT NULL
) STRICT;
