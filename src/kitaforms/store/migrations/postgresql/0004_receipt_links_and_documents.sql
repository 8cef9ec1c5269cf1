-- Receipt links: the parent reopens the receipt with a secret link; only the secret's sha256 is kept.
-- Documents made from a submission (the application PDF for the parent and the case file, later fee
-- notices), one per kind and language. Both go with their submission when it is deleted.
CREATE TABLE receipt_links (
    token_sha256 text PRIMARY KEY,
    reference    text NOT NULL REFERENCES submissions (reference) ON DELETE CASCADE,
    created_at   text NOT NULL
);
CREATE INDEX receipt_links_by_reference ON receipt_links (reference);
CREATE TABLE documents (
    reference  text NOT NULL REFERENCES submissions (reference) ON DELETE CASCADE,
    kind       text NOT NULL,
    lang       text NOT NULL,
    media_type text NOT NULL,
    size       bigint NOT NULL,
    sha256     text NOT NULL,
    content    bytea NOT NULL,
    created_at text NOT NULL,
    PRIMARY KEY (reference, kind, lang)
);
