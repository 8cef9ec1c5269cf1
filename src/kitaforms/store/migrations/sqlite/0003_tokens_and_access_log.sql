-- The back-office API v1: tokens scoped to one Kommune (and optionally one form), of which only a
-- hash is kept; the access log (who read, listed, changed or deleted what, when); keyset paging.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    token_sha256 TEXT NOT NULL UNIQUE,
    kommune      TEXT NOT NULL,
    form         TEXT,
    label        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE TABLE access_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    token_id  TEXT NOT NULL,
    action    TEXT NOT NULL,
    reference TEXT,
    kommune   TEXT,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_log_by_reference ON access_log (reference);
CREATE INDEX access_log_by_token ON access_log (token_id, id);
CREATE INDEX submissions_by_time ON submissions (received_at, reference);
