-- The tables of the first release. Times are text in one form, UTC with milliseconds and Z
-- (2026-02-02T09:30:00.000Z), as in SQLite: they sort and compare as text, and read back unchanged.
CREATE TABLE submissions (
    reference   text PRIMARY KEY,
    kommune     text NOT NULL,
    form        text NOT NULL,
    version     text NOT NULL,
    received_at text NOT NULL,
    lang        text NOT NULL,
    data        text NOT NULL
);
CREATE INDEX submissions_by_form ON submissions (kommune, form, received_at);
CREATE TABLE uploads (
    sha256      text PRIMARY KEY,
    name        text NOT NULL,
    type        text NOT NULL,
    size        bigint NOT NULL,
    content     bytea NOT NULL,
    received_at text NOT NULL
);
CREATE TABLE health (
    id         integer PRIMARY KEY CHECK (id = 1),
    checked_at text NOT NULL
);
CREATE TABLE idempotency (
    key            text NOT NULL,
    scope          text NOT NULL,
    request_sha256 text NOT NULL,
    reference      text NOT NULL,
    response       text NOT NULL,
    created_at     text NOT NULL,
    PRIMARY KEY (scope, key)
);
