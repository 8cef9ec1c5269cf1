-- Receipt links: the parent reopens the receipt with a secret link; only the secret's sha256 is kept.
-- Documents made from a submission (the application PDF for the parent and the case file, later fee
-- notices), one per kind and language. Both go with their submission when it is deleted.
CREATE TABLE receipt_links (
    token_sha256 TEXT PRIMARY KEY,
    reference    TEXT NOT NULL REFERENCES submissions (reference) ON DELETE CASCADE,
    created_at   TEXT NOT NULL
);
CREATE INDEX receipt_links_by_reference ON receipt_links (reference);
CREATE TABLE documents (
    reference  TEXT NOT NULL REFERENCES submissions (reference) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    lang       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    content    BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (reference, kind, lang)
);
