-- The back-office API v1: tokens scoped to one Kommune (and optionally one form), of which only a
-- hash is kept; the access log (who read, listed, changed or deleted what, when); keyset paging.
CREATE TABLE api_tokens (
    id           text PRIMARY KEY,
    token_sha256 text NOT NULL UNIQUE,
    kommune      text NOT NULL,
    form         text,
    label        text NOT NULL DEFAULT '',
    created_at   text NOT NULL,
    revoked_at   text
);
CREATE TABLE access_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        text NOT NULL,
    token_id  text NOT NULL,
    action    text NOT NULL,
    reference text,
    kommune   text,
    detail    text NOT NULL DEFAULT ''
);
CREATE INDEX access_log_by_reference ON access_log (reference);
CREATE INDEX access_log_by_token ON access_log (token_id, id);
CREATE INDEX submissions_by_time ON submissions (received_at, reference);
