-- The passphrase lock. One row while the journal is locked, none while it
-- is plain. record holds the Argon2id parameters, the salt and the wrapped
-- data key (internal/seal); none of it is secret. Sealed and plain text are
-- never mixed: turning the lock on or off rewrites every private field and
-- this row in one transaction.
CREATE TABLE lock (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    record     BLOB    NOT NULL,
    -- Lock the screen after this many idle seconds in the app; 0 = never.
    idle_seconds INTEGER NOT NULL DEFAULT 0 CHECK (idle_seconds >= 0),
    -- 0 from the moment the lock goes on until the old plain text has been
    -- cleared from the WAL and free pages; a writer that finds 0 (after a
    -- crash in between) clears it on open.
    scrubbed     INTEGER NOT NULL DEFAULT 1 CHECK (scrubbed IN (0, 1)),
    updated_at TEXT    NOT NULL
) STRICT;
