-- The tables of the first release. IF NOT EXISTS: a database written before migrations were
-- versioned has exactly these tables, and is adopted as version 1 as it is.
CREATE TABLE IF NOT EXISTS submissions (
    reference   TEXT PRIMARY KEY,
    kommune     TEXT NOT NULL,
    form        TEXT NOT NULL,
    version     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    lang        TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_by_form ON submissions (kommune, form, received_at);
CREATE TABLE IF NOT EXISTS uploads (
    sha256      TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    content     BLOB NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS health (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    key            TEXT NOT NULL,
    scope          TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    reference      TEXT NOT NULL,
    response       TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
